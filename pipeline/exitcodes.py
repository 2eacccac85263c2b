"""Exit statuses of every `vnextract` command, and the error that carries one.

One place, so `--help`, the README and scripts checking `$?` agree:

| code | meaning | what to do |
|---|---|---|
| 0 | done: every input processed | — |
| 1 | `run`: some inputs failed (each one is in errors.jsonl); the others were processed | look at errors.jsonl |
| 2 | usage: a bad option value, a missing input path, outputs locked by another run, not resumable | fix the command |
| 3 | not found: the unit, person or path asked about is not in the database | check the spelling (close matches are suggested) |
| 4 | environment: disk full, output not writable, database unusable or locked, workers or a server unavailable; outputs left as they were | fix the machine, then `--resume` |
| 130 | interrupted (Ctrl-C, SIGTERM); work kept | `--resume` |
"""
from __future__ import annotations

OK = 0
SOME_FAILED = 1
USAGE = 2
NOT_FOUND = 3
ENVIRONMENT = 4
INTERRUPTED = 130

EPILOG = ("exit status: 0 done; 1 run: some inputs failed; 2 usage error; 3 not found in the "
          "database; 4 environment (disk, output path, database or server unusable); 130 interrupted")


class UserError(Exception):
    """A failure the user can act on: one line naming the thing and what to do."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
