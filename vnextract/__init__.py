"""The applications: the `vnextract` command and its subcommands (run, tasks, audit, report,
forget, serve), built on the engine (`pipeline`) and the extractors below it."""
