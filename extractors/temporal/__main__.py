"""`python -m extractors.temporal --write-tet` recomputes `lang/vi/temporal_tet.tsv`."""
from __future__ import annotations

import sys

from extractors.lang import LANG_DIR
from extractors.temporal.lunar import write_tet_table

if "--write-tet" in sys.argv:
    write_tet_table(LANG_DIR / "temporal_tet.tsv")
