"""Process documents into structured records.

Reads every .txt/.html/.htm/.pdf/.docx under the given paths (directories are walked
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

Exit status: 0 every input processed; 1 some inputs failed (see errors.jsonl);
2 usage error (no such input path, outputs locked by another run, not resumable).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from tqdm import tqdm

from pipeline.batch import (DOCUMENTS, ERRORS, Counts, Discovery, ResumeError, WorkDir, WorkFile,
                            count_inputs, discover, finalize, iter_records, lost_result, tasks_for)
from pipeline.tables import distinct_documents
from pipeline.watchdog import Result, Task, WorkerPool
from pipeline.writer import write_tables

if TYPE_CHECKING:
    from pipeline.store import LoadStats

INTERRUPTED_HINT = ("what was processed is kept in <out>/.vnextract-work/; "
                    "run the same command again with --resume to finish")
HELP = "process documents into records (default: corpus/ → outputs/)"
WORK = "pipeline.batch:process_task"
INIT = "extractors:load_components"


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
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary on stderr")


def _results(args: argparse.Namespace, tasks: Iterator[Task]) -> Iterator[Result]:
    if args.engine == "dask":
        from pipeline.dask_engine import dask_imap
        yield from dask_imap(tasks, Path(args.out) / ".vnextract-work", args.scheduler,
                             args.workers, args.timeout)
        return
    with WorkerPool(args.workers, WORK, INIT, args.timeout, lost=lost_result) as pool:
        yield from pool.imap(tasks)


def _load_db(args: argparse.Namespace, documents: Path) -> tuple[LoadStats, list[str]]:
    """Upsert the records this run (or a killed earlier one) produced into the store;
    with --prune, forget the files under the inputs that the run did not see."""
    from pipeline.store import forget, open_store, path_key, stale_sources, upsert_documents

    conn = open_store(args.db or Path(args.out) / "records.sqlite")
    try:
        stats = upsert_documents(conn, iter_records(documents))
        gone: list[str] = []
        if args.prune:
            out = Path(args.out)
            seen = {path_key(r["source"]["path"]) for r in iter_records(out / DOCUMENTS)}
            seen |= {path_key(e["path"]) for e in iter_records(out / ERRORS)}
            gone, _ = forget(conn, stale_sources(conn, args.inputs, seen))
        return stats, gone
    finally:
        conn.close()


def main(args: argparse.Namespace) -> int:
    missing = [p for p in args.inputs if not os.path.lexists(p)]
    if missing:
        print(f"vnextract run: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.workers < 1 or args.timeout <= 0:
        print("vnextract run: --workers and --timeout must be positive", file=sys.stderr)
        return 2
    out = Path(args.out)
    started = time.monotonic()
    try:
        work = WorkDir(out, args.resume)
    except ResumeError as exc:
        print(f"vnextract run: {exc}", file=sys.stderr)
        return 2
    try:
        counts = Counts()
        found = Discovery()
        show = not args.quiet
        total = count_inputs(args.inputs) if show else None
        tasks = tasks_for(discover(args.inputs, found), work.previous())
        work_file = WorkFile(work.current)
        try:
            with tqdm(total=total, disable=not show or (total or 0) < 2, unit="doc",
                      file=sys.stderr) as bar:
                for result in _results(args, tasks):
                    if result.kind != "S":
                        work_file.append(result)
                    counts.add(result)
                    bar.update(1)
        finally:
            work_file.close()
        totals = finalize(work)
        write_tables(out, lambda: distinct_documents(iter_records(out / DOCUMENTS)))
        loaded = None if args.no_db else _load_db(args, work.new_documents)
    except ResumeError as exc:
        work.release()
        print(f"vnextract run: {exc}", file=sys.stderr)
        return 2
    except BaseException:
        work.release()
        raise
    work.remove()
    if show:
        _summary(counts, found, totals.documents, totals.errors, loaded, out, time.monotonic() - started)
    return 1 if totals.errors else 0


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
        print("skipped (unsupported type): " + ", ".join(found.examples)
              + (" …" if found.unsupported > len(found.examples) else ""), file=sys.stderr)
