"""A chunk function for the Dask tests: a chunk holding `crash.txt` kills the Dask worker
process that runs it (as an out-of-memory kill would); other chunks run normally."""
from __future__ import annotations

import os

from pipeline.dask_engine import run_chunk
from pipeline.watchdog import Task


def killing_chunk(index: int, tasks: list[Task], parts_dir: str, timeout: float, cwd: str) -> str:
    if any(os.path.basename(t.path) == "crash.txt" for t in tasks):
        os._exit(1)
    return run_chunk(index, tasks, parts_dir, timeout, cwd)
