"""Forget files removed from the archive.

Each PATH (a file, or a directory: every file under it) stops being a source of the
documents it gave; a document left with no source leaves every query and export and is
kept in the store's `history` table with the date it was forgotten.  `vnextract run
--prune` does the same for the files under its inputs that it no longer finds.

Examples:
  vnextract forget corpus/2023/old-notice.docx
  vnextract forget --db archive.sqlite corpus/2019/
"""
from __future__ import annotations

import argparse
import sys

from pipeline.exitcodes import NOT_FOUND, UserError
from pipeline.store import DEFAULT_DB, forget, open_store

HELP = "forget removed files: their documents leave queries and exports (kept in history)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file or directory to forget")
    parser.add_argument("--db", default=DEFAULT_DB, metavar="PATH",
                        help=f"record database (default: {DEFAULT_DB})")


def main(args: argparse.Namespace) -> int:
    conn = open_store(args.db, create=False)
    try:
        forgotten, retired = forget(conn, args.paths)
    finally:
        conn.close()
    if not forgotten:
        raise UserError(NOT_FOUND, f"no stored source at or under {', '.join(args.paths)}; "
                                   "paths are matched as absolute paths of the files `run` read")
    print(f"forgot {len(forgotten)} files; {len(retired)} documents moved to history",
          file=sys.stderr)
    return 0
