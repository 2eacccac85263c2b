"""Exit statuses of `vnextract run`, one meaning each, so scripts can tell what to do.

| code | meaning | what to do |
|---|---|---|
| 0 | every input processed | — |
| 1 | some inputs failed (each one is in errors.jsonl) | look at errors.jsonl |
| 2 | usage error: missing input path, bad option, outputs locked by another run, not resumable | fix the command |
| 3 | environment failure: disk full, output not writable, store unusable or locked, workers or scheduler unavailable; outputs left as they were | fix the machine, then `--resume` |
| 130 | interrupted (Ctrl-C, SIGTERM); work kept | `--resume` |
"""
OK = 0
SOME_FAILED = 1
USAGE = 2
ENVIRONMENT = 3
INTERRUPTED = 130
