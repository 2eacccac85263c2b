"""Dask engine: the same per-document work on a Dask distributed cluster.

The ordered task stream is cut into chunks; each chunk becomes one Dask task that runs
it through a one-process `WorkerPool` kept alive inside the Dask worker (NLP resources
load once per worker, the per-document watchdog still applies) and writes a part file
into the work directory, which must therefore be on storage the workers share with the
driver (as must the inputs).  The driver reads the part files back in input order, so
documents.jsonl is byte-identical to the local engine's.  Dask does the scheduling,
data locality and worker failures; nothing here is a scheduler.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
from collections import deque
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

from pipeline.batch import lines_of, lost_result, parse_result_line, result_line
from pipeline.watchdog import Result, Task, WorkerPool
from pipeline.writer import atomic_path

CHUNK = 32               # inputs per Dask task
IN_FLIGHT_PER_WORKER = 4  # chunks submitted ahead per worker: bounds driver memory
WORK = "pipeline.batch:process_task"
INIT = "pipeline.process:prepare_worker"

_POOLS: dict[tuple[str, float], WorkerPool] = {}
_POOLS_LOCK = threading.Lock()


def run_chunk(index: int, tasks: list[Task], parts_dir: str, timeout: float, cwd: str) -> str:
    """Runs on a Dask worker: process `tasks`, write their results to a part file."""
    with _POOLS_LOCK:  # one pool per worker process, used by one thread at a time
        pool = _POOLS.get((cwd, timeout))
        if pool is None:
            pool = _POOLS[(cwd, timeout)] = WorkerPool(1, WORK, INIT, timeout, cwd=cwd,
                                                       lost=lost_result)
        part = Path(parts_dir) / f"part-{index:09d}.jsonl"
        with atomic_path(part) as tmp, open(tmp, "w", encoding="utf-8") as fh:
            for result in pool.imap(tasks):
                fh.write(result_line(result))
    return str(part)


ChunkFn = Callable[[int, list[Task], str, float, str], str]


def dask_imap(tasks: Iterator[Task], work_dir: Path, scheduler: str | None, workers: int,
              timeout: float, chunk_fn: ChunkFn = run_chunk) -> Iterator[Result]:
    """Results of `tasks` computed on the cluster at `scheduler` (or a local one), in order.
    `chunk_fn` runs one chunk on a worker (`run_chunk`; the fault tests pass one that dies)."""
    from distributed import Client

    parts_dir = (work_dir / "parts").resolve()
    parts_dir.mkdir(parents=True, exist_ok=True)
    cluster = None if scheduler else _local_cluster(workers)
    try:
        with Client(scheduler or cluster) as client:
            ahead = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
            chunks = enumerate(iter(lambda: list(islice(tasks, CHUNK)), []))
            pending: deque = deque()
            for index, chunk in chunks:
                pending.append((chunk, client.submit(chunk_fn, index, chunk, str(parts_dir), timeout,
                                                     os.getcwd(), pure=False)))
                if len(pending) >= ahead:
                    yield from _collect(*pending.popleft())
            while pending:
                yield from _collect(*pending.popleft())
    finally:
        if cluster is not None:
            cluster.close()


def _local_cluster(workers: int):
    """A cluster of `workers` processes on this machine whose processes ignore SIGINT: Ctrl-C
    reaches the whole terminal group, and the driver alone stops the run (closing the
    cluster) and says what was kept, instead of every nanny printing a traceback.  Ignored
    signals survive exec, so the workers the nannies (re)start ignore it too."""
    from distributed import LocalCluster

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # its workers' own logs (a heartbeat missed on a loaded machine, shutdown races) are
        # not the run's business: failures reach the run as per-document errors
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=None, silence_logs=logging.CRITICAL)
    finally:
        signal.signal(signal.SIGINT, previous)


def _collect(chunk: list[Task], future) -> Iterator[Result]:
    """The chunk's results from its part file; a chunk that kept killing the workers it
    ran on (Dask gave up on it) becomes one `worker-died` error per document instead of
    ending the run."""
    from distributed.scheduler import KilledWorker

    try:
        part = Path(future.result())
    except KilledWorker:
        yield from (lost_result(task, "worker-died",
                                f"{task.path}: the Dask workers running it died repeatedly "
                                "(crash or out of memory); skipped") for task in chunk)
        return
    results = [parse_result_line(line, task.seq) for line, task in zip(lines_of(part), chunk)]
    if len(results) != len(chunk) or None in results:
        raise RuntimeError(f"{part}: incomplete part file")
    part.unlink()
    yield from results
