"""`vnextract run` with the wall time of each phase, for bench_real.py.

    python -m benchmarks.timed_run TIMINGS.json -- <vnextract run arguments>

Runs the real command in this process, unchanged, and wraps its phases from the
outside: start-up (interpreter, imports, worker start, until the first result),
documents (first to last result), merge (`finalize`), tables (`write_tables`) and
store (`_load_db`).  The figures go to TIMINGS.json so the command's own output
is left as it is.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

STARTED = time.monotonic()  # as early as this process can note it

from vnextract import run_command  # noqa: E402
from vnextract.cli import main  # noqa: E402

phases: dict[str, float] = {"import": time.monotonic() - STARTED}


def _timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        try:
            return fn(*args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0.0) + time.monotonic() - started
    return wrapper


def _results(original: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        called = time.monotonic()
        first = last = None
        for result in original(*args, **kwargs):
            last = time.monotonic()
            first = first or last
            yield result
        phases["first_result"] = (first or called) - STARTED
        phases["last_result"] = (last or called) - STARTED
        phases["pool_closed"] = time.monotonic() - STARTED
    return wrapper


def run(timings: Path, argv: list[str]) -> int:
    run_command._results = _results(run_command._results)
    run_command.finalize = _timed("merge", run_command.finalize)
    run_command.write_tables = _timed("tables", run_command.write_tables)
    run_command._load_db = _timed("store", run_command._load_db)
    status = main(["run", *argv])
    phases["total"] = time.monotonic() - STARTED
    timings.write_text(json.dumps(phases), encoding="utf-8")
    return status


if __name__ == "__main__":
    sep = sys.argv.index("--")
    raise SystemExit(run(Path(sys.argv[1]), sys.argv[sep + 1:]))
