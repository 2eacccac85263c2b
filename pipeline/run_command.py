"""Process documents into structured records.

Reads every .txt/.html/.htm/.pdf/.docx under the given paths (directories are walked
recursively; other files are listed as skipped), and writes into --out:
documents.jsonl (one record per document), errors.jsonl (one line per input that could
not be processed), and the tables documents/officials/criteria/tasks/refs as CSV
(UTF-8 with BOM) and Parquet.  Every input ends in exactly one of documents.jsonl or
errors.jsonl.  Exit status: 0 all inputs processed, 1 some inputs failed (see
errors.jsonl), 2 usage error (no such input path).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tqdm import tqdm

from pipeline.process import process_file
from pipeline.readers import SUPPORTED
from pipeline.writer import write_jsonl, write_tables

HELP = "process documents into records (default: corpus/ → outputs/)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="*", default=["corpus"], metavar="INPUT",
                        help="files or directories to process (default: corpus/)")
    parser.add_argument("--out", default="outputs", help="output directory (default: outputs/)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar on stderr")


def discover(inputs: list[str]) -> tuple[list[str], list[str]]:
    """(supported files, skipped files) under `inputs`, each sorted, directories walked."""
    files: set[str] = set()
    skipped: set[str] = set()
    for item in inputs:
        if os.path.isdir(item):
            for root, dirs, names in os.walk(item):
                dirs.sort()
                for name in names:
                    path = os.path.join(root, name)
                    (files if Path(name).suffix.lower() in SUPPORTED else skipped).add(path)
        else:
            (files if Path(item).suffix.lower() in SUPPORTED else skipped).add(item)
    return sorted(files), sorted(skipped)


def main(args: argparse.Namespace) -> int:
    missing = [p for p in args.inputs if not os.path.lexists(p)]
    if missing:
        print(f"vnextract run: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    files, skipped = discover(args.inputs)
    for path in skipped:
        print(f"skipped (unsupported type): {path}", file=sys.stderr)
    records, errors = [], []
    for path in tqdm(files, disable=args.quiet or len(files) < 2, unit="doc", file=sys.stderr):
        outcome = process_file(path)
        (records.append(outcome.record) if outcome.record else errors.append(outcome.error))
    out = Path(args.out)
    write_jsonl(out / "documents.jsonl", records)
    write_jsonl(out / "errors.jsonl", errors)
    write_tables(out, records)
    if not args.quiet:
        print(f"{len(records)} documents, {len(errors)} errors, {len(skipped)} skipped → {out}/",
              file=sys.stderr)
    return 1 if errors else 0
