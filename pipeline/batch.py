"""Batch engine: streaming discovery, resumable append-only work files, final merge.

Memory stays flat however large the archive: inputs are discovered lazily (one
directory listing at a time), results are appended to a work file as they arrive, and
the final files are rebuilt by a streaming merge.

Layout of `<out>/.vnextract-work/` while a run is in progress (or was killed):
`run-NNNN.jsonl`, one per run, each line `["D"|"E", path, sha256]<TAB><output line>`
(D: documents.jsonl, E: errors.jsonl),
written in input order, flushed per line and fsynced every `SYNC_EVERY` lines.  A
killed run leaves at worst a truncated last line, dropped (and redone) on resume.  At
the end, every work file and the previous final files are merged in input order — the
newest line of each input wins, so each input is in exactly one of documents.jsonl or
errors.jsonl — and written under temporary names renamed into place.

Input order is the order of path components (`a/b.txt` < `a/b/c.txt` < `a/c.txt`),
which is exactly a depth-first walk with each directory sorted: outputs are
byte-identical whatever the number of workers, and resume matches previous outputs to
inputs by a streaming merge-join instead of an in-memory index.
"""
from __future__ import annotations

import fcntl
import hashlib
import heapq
import json
import os
import shutil
import stat
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import IO, Iterable, Iterator

from pipeline.names import display_path, dumps
from pipeline.process import (MAX_TEXT_BYTES, TEXT_SUFFIXES, Outcome, process_bytes, process_file,
                              too_large)
from pipeline.readers import SUPPORTED
from pipeline.watchdog import Result, Task, error_result
from pipeline.writer import TMP_PREFIX, atomic_path

WORK_DIR = ".vnextract-work"
SYNC_EVERY = 256
DOCUMENTS, ERRORS = "documents.jsonl", "errors.jsonl"


class ResumeError(Exception):
    """Previous outputs cannot be resumed (foreign order, another run holds the lock)."""


# ------------------------------------------------------------------ discovery
def path_key(path: str) -> tuple[str, ...]:
    """Sort key of an input: its path components (depth-first, per-directory order)."""
    return tuple(os.path.normpath(path).split(os.sep))


@dataclass
class Discovery:
    """What a walk found besides the tasks: files of other types, directories seen twice."""

    unsupported: int = 0
    examples: list[str] = field(default_factory=list)  # the first few unsupported files
    duplicates: int = 0

    def note_unsupported(self, path: str) -> None:
        self.unsupported += 1
        if len(self.examples) < 5:
            self.examples.append(path)


def top_level(inputs: Iterable[str]) -> list[str]:
    """Inputs in input order, without duplicates or paths inside another input directory."""
    paths = sorted({os.path.normpath(p) for p in inputs}, key=path_key)
    kept: list[str] = []
    for path in paths:
        if kept and os.path.isdir(kept[-1]) and path_key(path)[:len(path_key(kept[-1]))] == path_key(kept[-1]):
            continue
        kept.append(path)
    return kept


def discover(inputs: Iterable[str], found: Discovery | None = None) -> Iterator[tuple[str, tuple[str, str] | None]]:
    """(path, predetermined error or None) of every input, in input order.

    Entries with a supported extension are inputs whatever they turn out to be (a
    directory named `x.pdf` — whose contents are walked too —, a dangling link, a FIFO):
    the worker then says what is wrong with them.  A directory link back to one of its own ancestors is reported,
    not followed; a directory reached twice through links is walked once.
    """
    found = found if found is not None else Discovery()
    visited: set[tuple[int, int]] = set()
    for path in top_level(inputs):
        if os.path.isdir(path):
            yield from _walk(path, (), visited, found)
        elif Path(path).suffix.lower() in SUPPORTED:
            yield path, None
        else:  # named on the command line: the user expects it read, so it is an error
            yield path, ("unsupported", f"{path}: unsupported file type {Path(path).suffix or '(no suffix)'!r}; "
                                        f"vnextract reads {', '.join(sorted(SUPPORTED))}")


def _walk(directory: str, ancestors: tuple[tuple[int, int], ...], visited: set[tuple[int, int]],
          found: Discovery) -> Iterator[tuple[str, tuple[str, str] | None]]:
    try:
        st = os.stat(directory)
        ident = (st.st_dev, st.st_ino)
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield directory, ("unreadable-directory",
                          f"{directory}: cannot list directory: {exc.strerror or exc}")
        return
    visited.add(ident)
    chain = ancestors + (ident,)
    for entry in entries:
        named_like_input = Path(entry.name).suffix.lower() in SUPPORTED
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if named_like_input:
            yield entry.path, None  # even a directory named `x.pdf`: reported, then walked
        if not is_dir:
            if not named_like_input:
                found.note_unsupported(entry.path)
            continue
        try:
            sub = os.stat(entry.path)
        except OSError as exc:  # e.g. a path longer than PATH_MAX: reported, never dropped
            if not named_like_input:
                yield entry.path, ("unreadable-directory",
                                   f"{entry.path}: cannot open directory: {exc.strerror or exc}")
            continue
        sub_ident = (sub.st_dev, sub.st_ino)
        if sub_ident in chain:
            if not named_like_input:
                yield entry.path, ("symlink-loop",
                                   f"{entry.path}: directory link loops back to one of its own "
                                   "parent directories; not followed")
        elif sub_ident in visited:
            found.duplicates += 1
        else:
            yield from _walk(entry.path, chain, visited, found)


def count_inputs(inputs: Iterable[str]) -> int:
    """How many inputs `discover` will yield (a cheap extra walk, for the progress bar)."""
    return sum(1 for _ in discover(inputs))


# ------------------------------------------------------------------ per-document work
def _read_regular(path: str) -> bytes:
    """The file's bytes; a FIFO, socket or device is refused instead of read (it may block
    forever or never end), and so is a text file over `MAX_TEXT_BYTES` (memory stays bounded)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(st.st_mode):
            raise _NotRegular(path)
        if Path(path).suffix.lower() in TEXT_SUFFIXES and st.st_size > MAX_TEXT_BYTES:
            raise _TooLarge(st.st_size)
        return fh.read()


class _NotRegular(Exception):
    pass


class _TooLarge(Exception):
    pass


def lost_result(task: Task, code: str, message: str) -> Result:
    """The error for a document whose worker timed out or died on it, with the file's
    sha256 so that a resumed run skips it while unchanged and retries it once edited."""
    try:
        with open(task.path, "rb") as fh:
            sha = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        sha = None
    return error_result(task, code, message, sha)


def outcome_result(task: Task, outcome: Outcome) -> Result:
    if outcome.record is None:
        assert outcome.error is not None  # an Outcome holds exactly one of the two
        return error_result(task, outcome.error["error"], outcome.error["message"], outcome.sha256)
    try:
        line = dumps(outcome.record)
    except (TypeError, ValueError) as exc:  # an extractor put a non-JSON value in its record
        return error_result(task, "internal-error",
                            f"{task.path}: internal error: record is not JSON: {exc}", outcome.sha256)
    return Result(task.seq, task.path, "D", outcome.sha256, line)


def process_task(task: Task) -> Result:
    """The unit of work run in worker processes (never raises)."""
    if task.error:
        return error_result(task, *task.error)
    try:
        data = _read_regular(task.path)
    except _NotRegular:
        return error_result(task, "not-a-file",
                            f"{task.path}: not a regular file (FIFO, socket or device); skipped")
    except _TooLarge as exc:
        error = too_large(task.path, "bytes", exc.args[0], MAX_TEXT_BYTES)
        return lost_result(task, error["error"], error["message"])  # with the sha256, for resume
    except OSError:  # process_file turns every read failure into its canonical error
        return outcome_result(task, process_file(task.path))
    sha = hashlib.sha256(data).hexdigest()
    if task.known_sha == sha:
        return Result(task.seq, task.path, "S", sha)
    return outcome_result(task, process_bytes(task.path, data))


# ------------------------------------------------------------------ work files
@dataclass(frozen=True)
class Entry:
    """One output line with where it came from: `source` orders the runs (newer wins)."""

    key: tuple[str, ...]
    source: int
    kind: str
    path: str
    sha256: str | None
    line: str


def lines_of(path: Path) -> Iterator[str]:
    """Complete lines of `path` (a truncated last line is dropped)."""
    with open(path, "rb") as fh:
        for raw in fh:
            if raw.endswith(b"\n"):
                yield raw[:-1].decode("utf-8", errors="replace")


def _ordered(entries: Iterator[Entry], name: Path) -> Iterator[Entry]:
    last: tuple[str, ...] | None = None
    for entry in entries:
        if last is not None and entry.key < last:
            raise ResumeError(f"{name} is not in input order (written by another tool?); "
                              "run again without --resume")
        last = entry.key
        yield entry


def read_work_file(path: Path, source: int) -> Iterator[Entry]:
    def entries() -> Iterator[Entry]:
        for line in lines_of(path):
            result = parse_result_line(line)  # None: damaged (killed mid-write), redone
            if result is not None and result.kind != "S":
                yield Entry(path_key(result.path), source, result.kind, result.path,
                            result.sha256, result.line)
    return _ordered(entries(), path)


def read_final_file(path: Path, kind: str) -> Iterator[Entry]:
    def entries() -> Iterator[Entry]:
        for line in lines_of(path):
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if kind == "D":
                source = obj.get("source") or {}
                input_path, sha = source.get("path"), source.get("sha256")
            else:
                input_path, sha = obj.get("path"), obj.get("sha256")
            if isinstance(input_path, str):
                yield Entry(path_key(input_path), 0, kind, input_path, sha, line)
    return _ordered(entries(), path)


def merged(streams: list[Iterator[Entry]]) -> Iterator[Entry]:
    """One entry per input, in input order: the one from the newest source."""
    for _, group in groupby(heapq.merge(*streams, key=lambda e: (e.key, e.source)),
                            key=lambda e: e.key):
        *_, newest = group
        yield newest


class WorkDir:
    """`<out>/.vnextract-work`: one work file per run; `<out>` is locked (flock on the
    directory itself, which outlives the work folder) for the duration of a run.

    Final outputs are never deleted before their replacement is complete: a fresh run
    leaves the previous documents.jsonl and errors.jsonl in place (a `fresh` marker tells
    a later `--resume` to ignore them) and the final merge renames the new ones over them.
    Temporary files a killed run left (`TMP_PREFIX`, Dask part files) are removed here.
    """

    def __init__(self, out: Path, resume: bool) -> None:
        self.out = out
        self.path = out / WORK_DIR
        self.resume = resume
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock = os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock)
            raise ResumeError(f"another run is writing to {out}/") from None
        for stale in out.glob(TMP_PREFIX + "*"):
            stale.unlink(missing_ok=True)
        shutil.rmtree(self.path / "parts", ignore_errors=True)
        self.fresh = self.path / "fresh"
        if not resume:  # a fresh run starts over: no earlier work may leak into it
            for old in self.work_files():
                old.unlink()
            self.fresh.touch()
        numbers = [int(p.stem.split("-")[1]) for p in self.work_files()]
        self.current = self.path / f"run-{max(numbers, default=0) + 1:04d}.jsonl"
        self.new_documents = self.path / "new-documents.jsonl"

    def work_files(self) -> list[Path]:
        return sorted(self.path.glob("run-*.jsonl"))

    def previous(self) -> list[Iterator[Entry]]:
        """Streams of everything earlier runs produced (only when resuming)."""
        if not self.resume:
            return []
        finals = () if self.fresh.exists() else ((DOCUMENTS, "D"), (ERRORS, "E"))
        streams = [read_final_file(self.out / name, kind)
                   for name, kind in finals if (self.out / name).exists()]
        streams += [read_work_file(p, i + 1) for i, p in enumerate(self.work_files())
                    if p != self.current]
        return streams

    def all_streams(self) -> list[Iterator[Entry]]:
        return self.previous() + [read_work_file(self.current, 10**9)]

    def remove(self) -> None:
        """Delete the work folder, then release the lock (in that order: a run starting
        in between must not see, nor lose, a work file)."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.release()

    def release(self) -> None:
        os.close(self._lock)


def result_line(result: Result) -> str:
    """A work-file line: `["D"|"E"|"S", path, sha256]<TAB><output line>`."""
    head = dumps([result.kind, result.path, result.sha256])
    return f"{head}\t{result.line}\n"


def parse_result_line(line: str, seq: int = -1) -> Result | None:
    """The result of a work-file line (without its newline); None if damaged."""
    head, tab, body = line.partition("\t")
    try:
        kind, path, sha = json.loads(head)
        if kind != "S":
            json.loads(body)
    except ValueError:
        return None
    return Result(seq, path, kind, sha, body) if tab and kind in ("D", "E", "S") else None


class WorkFile:
    """The current run's append-only work file."""

    def __init__(self, path: Path) -> None:
        self.fh: IO[str] = open(path, "a", encoding="utf-8")
        self.unsynced = 0
        self.last_sync = time.monotonic()

    def append(self, result: Result) -> None:
        self.fh.write(result_line(result))
        self.fh.flush()
        self.unsynced += 1
        if self.unsynced >= SYNC_EVERY or time.monotonic() - self.last_sync > 5:
            self.sync()

    def sync(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.unsynced = 0
        self.last_sync = time.monotonic()

    def close(self) -> None:
        self.sync()
        self.fh.close()


# ------------------------------------------------------------------ resume
@dataclass
class Counts:
    documents: int = 0
    errors: int = 0
    unchanged: int = 0

    def add(self, result: Result) -> None:
        if result.kind == "D":
            self.documents += 1
        elif result.kind == "E":
            self.errors += 1
        else:
            self.unchanged += 1


def tasks_for(inputs: Iterable[tuple[str, tuple[str, str] | None]],
              previous: list[Iterator[Entry]]) -> Iterator[Task]:
    """Tasks for the discovered inputs.  On resume, what earlier runs did is matched by a
    merge-join: an input recorded with the sha256 of its bytes is skipped by the worker
    while unchanged; one recorded without (it could not be read) is tried again."""
    done = merged(previous) if previous else iter(())
    current = next(done, None)
    for seq, (path, error) in enumerate(inputs):
        key = path_key(path)
        while current is not None and current.key < key:
            current = next(done, None)
        known = current.sha256 if current is not None and current.key == key else None
        yield Task(seq, path, known, error)


# ------------------------------------------------------------------ finalize
@dataclass
class Totals:
    documents: int = 0
    errors: int = 0
    documents_path: Path | None = None  # where the new documents.jsonl is (maybe still staged)
    errors_path: Path | None = None  # and the new errors.jsonl
    new: int = 0  # records copied to `new_documents`, to load into the store


def finalize(work: WorkDir, staging: ExitStack | None = None) -> Totals:
    """Merge every run's lines into documents.jsonl and errors.jsonl (atomic renames).

    The records that come from work files — this run's and those of killed runs, not
    yet in any store — are also copied to `work.new_documents` for the SQLite load.
    With `staging`, the new files stay under their temporary names (`totals.documents_path`)
    until that stack closes, so that every output of a run replaces the old ones together.
    """
    with ExitStack() as own:
        stack = staging if staging is not None else own
        docs_tmp = stack.enter_context(atomic_path(work.out / DOCUMENTS))
        errs_tmp = stack.enter_context(atomic_path(work.out / ERRORS))
        totals = Totals(documents_path=docs_tmp, errors_path=errs_tmp)
        with open(docs_tmp, "w", encoding="utf-8") as docs, open(errs_tmp, "w", encoding="utf-8") as errs, \
                open(work.new_documents, "w", encoding="utf-8") as new:
            for entry in merged(work.all_streams()):
                if entry.kind == "D":
                    docs.write(entry.line + "\n")
                    totals.documents += 1
                    if entry.source > 0:
                        new.write(entry.line + "\n")
                        totals.new += 1
                else:
                    errs.write(entry.line + "\n")
                    totals.errors += 1
            for fh in (docs, errs, new):
                fh.flush()
                os.fsync(fh.fileno())
    return totals


def iter_records(path: Path) -> Iterator[dict]:
    """Records of a documents.jsonl, one at a time, for the tables and the store: a
    path holding undecodable bytes (and the warnings that name it) is given in its visible
    `\\xNN` form (text columns must be valid UTF-8)."""
    for line in lines_of(path):
        record = json.loads(line)
        source = record.get("source") or {}
        if isinstance(source.get("path"), str):
            source["path"] = display_path(source["path"])
        if record.get("warnings"):  # warnings name the file too
            record["warnings"] = [display_path(w) if isinstance(w, str) else w for w in record["warnings"]]
        yield record
