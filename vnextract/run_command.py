"""Process documents into structured records.

Reads every .txt/.html/.htm/.pdf/.docx/.doc and scanned image (.png/.jpg/.tif) under the given paths (directories are walked
recursively, each sorted; files of other types are counted as skipped) on all cores, and
writes into --out: documents.jsonl (one record per document), errors.jsonl (one line
per input that could not be processed: path, error, message, sha256), the tables
documents/officials/criteria/tasks/refs as CSV (UTF-8 with BOM) and Parquet, and loads
the new records into the SQLite store (--db).  Every input ends in exactly one of
documents.jsonl or errors.jsonl, in input-path order whatever --workers.

Interrupted runs: results are appended to <out>/.vnextract-work/ as they arrive and the
final files are only replaced when the run completes.  Re-run with --resume to skip
every input already done (same path, same sha256 of the file; inputs that could not
be read are tried again) and finish the rest;
without --resume a run starts over and replaces the outputs in --out.  A document
still running after --timeout seconds is recorded as error "timeout" and its worker
replaced.  With --engine dask the inputs and --out must be visible to every Dask
worker under the same paths (shared storage).

Exit status (pipeline/exitcodes.py): 0 every input processed; 1 some inputs failed (see
errors.jsonl); 2 usage error (no such input path, outputs locked by another run, not
resumable); 4 environment failure (disk full, --out not writable, store unusable or
locked, no worker could start), outputs left as they were; 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sqlite3
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from tqdm import tqdm

from pipeline import exitcodes
from pipeline.batch import (Counts, Discovery, ResumeError, WorkDir, WorkFile,
                            count_inputs, discover, finalize, iter_records, lost_result, tasks_for)
from pipeline.names import visible
from pipeline.readers import OCR_MODES
from pipeline.tables import distinct_documents
from pipeline.watchdog import Result, Task, WorkerPool, WorkerStartError
from pipeline.writer import TMP_PREFIX, write_tables

if TYPE_CHECKING:
    from pipeline.store import LoadStats

INTERRUPTED_HINT = ("what was processed is kept in <out>/.vnextract-work/; "
                    "run the same command again with --resume to finish")
HELP = "process documents into records (default: corpus/ → outputs/)"
WORK = "pipeline.batch:process_task"
INIT = "pipeline.process:prepare_worker"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", default=["corpus"], metavar="INPUT",
                        help="files or directories to process (default: corpus/)")
    parser.add_argument("--out", default="outputs", help="output directory (default: outputs/)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: all cores: %(default)s)")
    parser.add_argument("--resume", action="store_true",
                        help="keep what earlier runs into --out did; process only new or changed inputs")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                        help="give up on a document after this long, as error 'timeout' (default: 60)")
    parser.add_argument("--db", metavar="PATH",
                        help="SQLite store to load the records into (default: <out>/records.sqlite)")
    parser.add_argument("--no-db", action="store_true", help="do not load the records into the store")
    parser.add_argument("--prune", action="store_true",
                        help="forget from the store the files under INPUT that this run no longer "
                             "found (deleted or renamed); their documents move to its history")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local worker processes (default) or a Dask cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --engine dask: scheduler address tcp://HOST:PORT "
                             "(default: start a local cluster of --workers processes)")
    parser.add_argument("--ocr", choices=OCR_MODES, default="auto",
                        help="OCR scanned pages with Tesseract (vie): auto = pages that are images "
                             "without a Vietnamese text layer (default); always = every page of "
                             "every PDF; never = report scans as errors")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary on stderr")


def _results(args: argparse.Namespace, tasks: Iterator[Task]) -> Iterator[Result]:
    if args.engine == "dask":
        from pipeline.dask_engine import dask_imap
        yield from dask_imap(tasks, Path(args.out) / ".vnextract-work", args.scheduler,
                             args.workers, args.timeout)
        return
    with WorkerPool(args.workers, WORK, INIT, args.timeout, lost=lost_result) as pool:
        yield from pool.imap(tasks)


STORE_ATTEMPTS = 6   # × the store's busy timeout: how long a run waits for a locked store
MIN_FREE_BYTES = 20 * 2**20  # free space --out must have before any document is processed


def _load_db(args: argparse.Namespace, db: Path, documents: Path, seen: tuple[Path, Path], bar: tqdm
             ) -> tuple[LoadStats, list[str]]:
    """Upsert the records this run (or a killed earlier one) produced into the store,
    waiting for another writer a bounded number of times, each wait said on stderr; with
    --prune, forget the files under the inputs that the run did not see (`seen`: the
    run's documents.jsonl and errors.jsonl, maybe still staged)."""
    from pipeline.store import BUSY_TIMEOUT, forget, open_store, path_key, stale_sources, upsert_documents

    attempt = 1
    while True:
        try:
            conn = open_store(db)
            try:
                stats = upsert_documents(conn, _counted(iter_records(documents), bar))
                gone: list[str] = []
                if args.prune:
                    paths = {path_key(r["source"]["path"]) for r in iter_records(seen[0])}
                    paths |= {path_key(e["path"]) for e in iter_records(seen[1])}
                    gone, _ = forget(conn, stale_sources(conn, args.inputs, paths))
                return stats, gone
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == STORE_ATTEMPTS:
                raise
            if not args.quiet:
                print(f"vnextract run: store {db} is locked by another writer; waiting "
                      f"(attempt {attempt}/{STORE_ATTEMPTS}, {BUSY_TIMEOUT:g} s each)", file=sys.stderr)
            attempt += 1
            bar.reset()


def check_environment(out: Path, db: Path | None) -> str | None:
    """What keeps the run from writing its outputs, found before any document is read:
    `--out` not creatable or writable, too little free space, a `--db` that is not a
    usable SQLite store.  None when all is well."""
    from pipeline.store import open_store

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(prefix=TMP_PREFIX + "probe.", dir=out) as probe:
            probe.write(b"probe")
            probe.flush()
            os.fsync(probe.fileno())
        fs = os.statvfs(out)
    except OSError as exc:
        return f"cannot write to {out}/: {exc.strerror or exc}"
    if fs.f_bavail * fs.f_frsize < MIN_FREE_BYTES:
        return (f"only {fs.f_bavail * fs.f_frsize / 2**20:.1f} MB free in {out}/ "
                f"(at least {MIN_FREE_BYTES // 2**20} MB needed)")
    if db is not None:
        if db.is_dir():
            return f"--db {db} is a directory, not an SQLite file"
        try:
            open_store(db).close()
        except (sqlite3.Error, OSError, exitcodes.UserError) as exc:
            return f"cannot use the store {db}: {getattr(exc, 'message', exc)}"
    return None


def _environment_failure(exc: BaseException, out: Path) -> str:
    """One line for an environment failure met mid-run."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        what = f"{where}{exc.strerror}"
    else:
        what = f"{type(exc).__name__}: {exc}"
    return visible(f"vnextract run: {what}; the final outputs in {out}/ are as they were, "
            "run again with --resume once this is fixed")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _final_bar(show: bool, total: int, what: str) -> tqdm:
    """Progress of a final phase (tables, store): on a large archive each takes a while."""
    return tqdm(total=total, disable=not show or total < 2, unit="doc", desc=what, file=sys.stderr)


def _counted(records: Iterable[dict], bar: tqdm) -> Iterator[dict]:
    for record in records:
        yield record
        bar.update(1)


def main(args: argparse.Namespace) -> int:
    missing = [p for p in args.inputs if not os.path.lexists(p)]
    if missing:
        print(f"vnextract run: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return exitcodes.USAGE
    if args.workers < 1 or args.timeout <= 0:
        print("vnextract run: --workers and --timeout must be positive", file=sys.stderr)
        return exitcodes.USAGE
    out = Path(args.out)
    db = None if args.no_db else Path(args.db or out / "records.sqlite")
    problem = check_environment(out, db)
    if problem:
        print(f"vnextract run: {problem}; nothing was processed", file=sys.stderr)
        return exitcodes.ENVIRONMENT
    started = time.monotonic()
    _reader_settings(args)
    try:
        work = WorkDir(out, args.resume)
    except ResumeError as exc:
        print(f"vnextract run: {exc}", file=sys.stderr)
        return exitcodes.USAGE
    except OSError as exc:
        print(_environment_failure(exc, out), file=sys.stderr)
        return exitcodes.ENVIRONMENT
    previous_sigterm = signal.signal(signal.SIGTERM, _interrupt)  # a `kill` stops like Ctrl-C
    counts = Counts()
    try:
        found = Discovery()
        show = not args.quiet
        total = count_inputs(args.inputs) if show else None
        tasks = tasks_for(discover(args.inputs, found), work.previous())
        work_file = WorkFile(work.current)
        try:
            with tqdm(total=total, disable=not show or (total or 0) < 2, unit="doc",
                      file=sys.stderr) as bar:
                ocr_pages = 0
                for result in _results(args, tasks):
                    if result.kind != "S":
                        work_file.append(result)
                    counts.add(result)
                    pages = _ocr_pages(result)
                    if pages:  # a scan takes seconds where a text file takes milliseconds
                        ocr_pages += pages
                        bar.set_postfix_str(f"{ocr_pages} pages OCR'd", refresh=False)
                    bar.update(1)
        finally:
            work_file.close()
        with ExitStack() as staging:  # every output replaces the old ones only once all are done
            totals = finalize(work, staging)
            with _final_bar(show, 2 * totals.documents, "tables (2 passes)") as bar:
                write_tables(out, lambda: distinct_documents(_counted(iter_records(totals.documents_path), bar)),
                             staging)
            loaded = None
            if db is not None:
                with _final_bar(show, totals.new, "store") as bar:
                    loaded = _load_db(args, db, work.new_documents, (totals.documents_path, totals.errors_path), bar)
    except ResumeError as exc:
        work.release()
        print(f"vnextract run: {exc}", file=sys.stderr)
        return exitcodes.USAGE
    except KeyboardInterrupt:
        work.release()
        print(f"vnextract run: interrupted; {counts.documents + counts.errors} results of this run "
              f"are kept in {work.path}/: run the same command with --resume to continue",
              file=sys.stderr)
        return exitcodes.INTERRUPTED
    except (OSError, sqlite3.Error, WorkerStartError) as exc:
        work.release()
        print(_environment_failure(exc, out), file=sys.stderr)
        return exitcodes.ENVIRONMENT
    except BaseException:
        work.release()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous_sigterm)
    work.remove()
    if show:
        _summary(counts, found, totals.documents, totals.errors, loaded, out, time.monotonic() - started)
    return exitcodes.SOME_FAILED if totals.errors else exitcodes.OK


_OCR_PAGES = re.compile(r'"ocr": \{"engine": [^{}]*?"pages": \[([\d, ]*)\]')


def _ocr_pages(result: Result) -> int:
    """Pages OCR'd for this document (read off its JSON line: no parse per document)."""
    if result.kind != "D" or '"ocr": {' not in result.line:
        return 0
    found = _OCR_PAGES.search(result.line)
    return len(found.group(1).split(",")) if found and found.group(1).strip() else 0


def _reader_settings(args: argparse.Namespace) -> None:
    """Reader options reach every worker process through the environment: the OCR mode,
    and how many pages one worker OCRs at once (cores shared out, never more Tesseract
    threads than cores)."""
    os.environ["VNEXTRACT_OCR"] = args.ocr
    os.environ.setdefault("VNEXTRACT_OCR_JOBS", str(max(1, (os.cpu_count() or 1) // args.workers)))


def _error_summary(errors: Path, examples: int = 3) -> list[str]:
    """One line per error code: how many, and the first few files."""
    by_code: dict[str, list[str]] = {}
    if errors.exists():
        for line in errors.open(encoding="utf-8", errors="surrogateescape"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            by_code.setdefault(entry.get("error", "?"), []).append(entry.get("path", "?"))
    lines = []
    for code, paths in sorted(by_code.items(), key=lambda kv: -len(kv[1])):
        shown = ", ".join(map(visible, paths[:examples])) + (" …" if len(paths) > examples else "")
        lines.append(f"  {code}: {len(paths)} file(s): {shown}")
    return lines


def _summary(counts: Counts, found: Discovery, documents: int, errors: int,
             loaded: tuple[LoadStats, list[str]] | None, out: Path, seconds: float) -> None:
    done = counts.documents + counts.errors
    print(f"this run: {counts.documents} files read, {counts.errors} errors, "
          f"{counts.unchanged} unchanged (resume), {found.unsupported} unsupported files skipped "
          f"in {seconds:.1f} s ({done / seconds if seconds else 0:.1f} docs/s); "
          f"{out}/: {documents} files, {errors} errors", file=sys.stderr)
    if loaded is not None:
        stats, gone = loaded
        print(f"store: {stats.files} files gave {stats.documents} documents "
              f"({stats.new} new, {stats.changed} changed, {stats.unchanged} unchanged)"
              + (f"; {len(gone)} files no longer found were forgotten" if gone else ""),
              file=sys.stderr)
    if found.examples:
        print(f"skipped {found.unsupported} file(s) of unsupported type: " + ", ".join(map(visible, found.examples))
              + (" …" if found.unsupported > len(found.examples) else ""), file=sys.stderr)
    lines = _error_summary(out / "errors.jsonl")
    if lines:
        print(f"errors by kind (details in {out / 'errors.jsonl'}):", file=sys.stderr)
        print("\n".join(lines), file=sys.stderr)
