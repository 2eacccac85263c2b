"""Exit statuses of every `vnextract` command, and the error that carries one.

One place, so `--help`, the README and scripts checking `$?` agree:

  0    done
  1    `run`: some inputs failed (see errors.jsonl); the others were processed
  2    usage: a bad option value or a missing input path
  3    not found: the unit, person or path asked about is not in the database
  4    environment: the database, an output path or a server cannot be used
  130  interrupted (Ctrl-C)
"""
from __future__ import annotations

OK = 0
INPUTS_FAILED = 1
USAGE = 2
NOT_FOUND = 3
ENVIRONMENT = 4
INTERRUPTED = 130

EPILOG = ("exit status: 0 done; 1 run: some inputs failed; 2 usage error; 3 not found in the "
          "database; 4 environment (database, output path or server unusable); 130 interrupted")


class UserError(Exception):
    """A failure the user can act on: one line naming the thing and what to do."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
