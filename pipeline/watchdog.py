"""Worker processes with a per-document watchdog: a stuck or dead worker is replaced.

Each worker is a plain `python -m pipeline.watchdog` child speaking pickled messages
over its stdin/stdout, so the pool also runs inside (daemonic) Dask worker processes.
The driver hands out small chunks of tasks and timestamps each worker's progress.  A
document still running after `timeout` seconds — a runaway regex inside C code that no
signal can interrupt, a read that blocks — costs that one document an error line and
the worker a restart, never the batch; a worker that dies (segfault, OOM kill) likewise
costs only the document it was on.  Results come back in task order.
"""
from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from pipeline.names import dumps

PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
CHUNK = 4          # tasks handed to a worker at once: small, so a kill re-queues little
START_ATTEMPTS = 3  # a worker slot that fails to start this many times in a row is given up
WINDOW_PER_WORKER = 64  # tasks in flight or waiting for order, per worker: bounds memory


@dataclass(frozen=True)
class Task:
    """One input.  `known_sha`: on resume, skip the file if it still has this sha256.
    `error`: (code, message) already decided by discovery (e.g. a symlink loop)."""

    seq: int
    path: str
    known_sha: str | None = None
    error: tuple[str, str] | None = None


@dataclass(frozen=True)
class Result:
    """`kind` is "D" (line for documents.jsonl), "E" (line for errors.jsonl) or "S"
    (skipped: unchanged since a previous run, no line)."""

    seq: int
    path: str
    kind: str
    sha256: str | None
    line: str = ""


def error_result(task: Task, code: str, message: str, sha256: str | None = None) -> Result:
    """An errors.jsonl line: RECORDS.md's {"path","error","message"} plus the raw sha256."""
    line = dumps({"path": task.path, "error": code, "message": message, "sha256": sha256})
    return Result(task.seq, task.path, "E", sha256, line)


def resolve(ref: str) -> Callable[..., Any]:
    """`"package.module:function"` → the function (workers receive names, not code)."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass
class _Worker:
    proc: subprocess.Popen
    send_conn: Connection
    recv_conn: Connection
    inflight: deque[Task] = field(default_factory=deque)
    since: float = 0.0  # when the worker last made progress (ready, or a result sent)
    ready: bool = False
    failed_starts: int = 0  # consecutive deaths of this slot's workers before ready

    def close(self, kill: bool) -> None:
        if kill:
            self.proc.kill()
        for conn in (self.send_conn, self.recv_conn):
            conn.close()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()  # stdin EOF: an idle worker leaves its loop
        try:
            self.proc.wait(timeout=None if kill else 10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class WorkerStartError(RuntimeError):
    """No worker could be started (each slot failed `START_ATTEMPTS` times in a row):
    every task would fail, so the run stops (an environment failure, not the documents')."""


class WorkerPool:
    """`workers` child processes running `work(task) -> Result` after `init()` (both given
    as "module:function" names)."""

    def __init__(self, workers: int, work: str, init: str | None, timeout: float,
                 cwd: str | None = None,
                 lost: Callable[[Task, str, str], Result] = error_result) -> None:
        self.size = max(1, workers)
        self.lost = lost  # (task, code, message) → the result of a task its worker lost
        self.args = [sys.executable, "-m", "pipeline.watchdog", work, init or ""]
        self.timeout = timeout
        self.cwd = cwd
        self.workers: list[_Worker] = []
        self.restarts = 0

    def _start(self) -> _Worker:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (PROJECT_ROOT, env.get("PYTHONPATH")) if p)
        env["PYTHONHASHSEED"] = "0"  # set iteration order must not differ between workers
        proc = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                cwd=self.cwd, env=env, close_fds=True)
        assert proc.stdin is not None and proc.stdout is not None  # both are PIPEs
        return _Worker(proc, Connection(os.dup(proc.stdin.fileno()), readable=False),
                       Connection(os.dup(proc.stdout.fileno()), writable=False))

    def _replace(self, worker: _Worker) -> _Worker:
        worker.close(kill=True)
        self.restarts += 1
        new = self._start()
        new.failed_starts = 0 if worker.ready else worker.failed_starts + 1
        self.workers[self.workers.index(worker)] = new
        return new

    def _failed_start(self, worker: _Worker, retry: deque[Task]) -> None:
        """A worker died while loading: its tasks never started, so they go back to the
        queue; the slot is restarted, or given up after `START_ATTEMPTS` failures in a
        row — the pool goes on with the workers it has, and stops only with none left."""
        retry.extendleft(reversed(worker.inflight))
        worker.inflight.clear()
        if worker.failed_starts + 1 < START_ATTEMPTS:
            self._replace(worker)
            return
        worker.close(kill=True)
        self.workers.remove(worker)
        if not self.workers:
            raise WorkerStartError(f"no worker process could be started ({START_ATTEMPTS} "
                                   "attempts per worker; see the errors above)")

    def close(self) -> None:
        for worker in self.workers:
            worker.close(kill=bool(worker.inflight))
        self.workers = []

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def imap(self, tasks: Iterable[Task]) -> Iterator[Result]:
        """Results of `tasks`, in task order, with at most a bounded number in flight."""
        while len(self.workers) < self.size:
            self.workers.append(self._start())
        source = iter(tasks)
        retry: deque[Task] = deque()
        order: deque[int] = deque()
        done: dict[int, Result] = {}
        window = self.size * WINDOW_PER_WORKER
        exhausted = False
        while True:
            for worker in list(self.workers):
                if worker.inflight:
                    continue
                chunk = [retry.popleft() for _ in range(min(CHUNK, len(retry)))]
                while len(chunk) < CHUNK and not exhausted and len(order) < window:
                    task = next(source, None)
                    if task is None:
                        exhausted = True
                        break
                    order.append(task.seq)
                    chunk.append(task)
                if chunk:
                    self._send(worker, chunk)
            busy = [w for w in self.workers if w.inflight]
            if not busy:
                break
            ready_busy = [w for w in busy if w.ready]
            now = time.monotonic()
            deadline = min(w.since for w in ready_busy) + self.timeout if ready_busy else now + 1.0
            readable = wait([w.recv_conn for w in busy], timeout=max(0.0, deadline - now))
            for worker in [w for w in busy if w.recv_conn in readable]:
                try:
                    result = worker.recv_conn.recv()
                except (EOFError, OSError):
                    if not worker.ready:
                        self._failed_start(worker, retry)
                        continue
                    self._lost(worker, done, retry, "worker-died",
                               "worker process died while processing it (crash or out of memory); skipped")
                    continue
                worker.since = time.monotonic()
                if result is None:  # the worker has loaded its resources
                    worker.ready = True
                    continue
                worker.inflight.popleft()
                done[result.seq] = result
            now = time.monotonic()
            for worker in [w for w in busy if w.ready and w.inflight and now - w.since > self.timeout]:
                self._lost(worker, done, retry, "timeout",
                           f"processing exceeded {self.timeout:g} s; skipped")
            while order and order[0] in done:
                yield done.pop(order.popleft())

    def _send(self, worker: _Worker, chunk: list[Task]) -> None:
        for attempt in range(2):
            try:
                worker.send_conn.send(chunk)
                break
            except OSError:  # died while idle: replace it and hand the chunk to the new one
                if attempt:
                    raise
                worker = self._replace(worker)
        if not worker.inflight:
            worker.since = time.monotonic()
        worker.inflight.extend(chunk)

    def _lost(self, worker: _Worker, done: dict[int, Result], retry: deque[Task],
              code: str, reason: str) -> None:
        """The worker's current task fails with `reason`; its other tasks are re-queued."""
        task = worker.inflight.popleft()
        done[task.seq] = self.lost(task, code, f"{task.path}: {reason}")
        retry.extendleft(reversed(worker.inflight))
        worker.inflight.clear()
        self._replace(worker)


def _child_main(work_ref: str, init_ref: str) -> None:
    """Worker loop: receive chunks of tasks on stdin, send one result per task on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    recv_conn = Connection(os.dup(0), writable=False)
    send_conn = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # stray prints from libraries must not corrupt the result stream
    sys.stdout = sys.stderr
    work = resolve(work_ref)
    if init_ref:
        resolve(init_ref)()
    try:
        send_conn.send(None)  # ready
        while True:
            chunk = recv_conn.recv()
            for task in chunk:
                send_conn.send(work(task))
    except (EOFError, BrokenPipeError):  # the driver is done with us (or gone)
        return


if __name__ == "__main__":
    _child_main(sys.argv[1], sys.argv[2])
