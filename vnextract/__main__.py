from vnextract.cli import main

raise SystemExit(main())
