"""Browse the record database in Datasette: read-only, searchable, readable.

Before serving, adds to the database what browsing needs (rebuilt on every start):
full-text indexes over document text (`documents_fts`) and tasks (`tasks_fts`), and views
with readable columns (`task_list`, `document_list`, `official_list`, `criteria_list`:
dates, names as written, the document's title and path, no JSON or folded keys).  Then
serves it immutable, so no page can change it.  With --site DIR (a review site written by
`vnextract report`), the site is served under /review/ and every view row links to its
document's review page.

Examples:
  vnextract serve --db outputs/records.sqlite
  vnextract report --db outputs/records.sqlite --out site && vnextract serve --site site
"""
from __future__ import annotations

import argparse
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.exitcodes import ENVIRONMENT, USAGE, UserError
from pipeline.store import DEFAULT_DB, open_store

HELP = "browse the database in Datasette (read-only, full-text search, links to review pages)"

_FTS = {"documents": ("title", "text"), "tasks": ("action", "assignee", "text")}


def _views(review: str) -> dict[str, str]:
    """Readable views; `review` is the SQL for a document's review-page URL (or NULL)."""
    return {
        "task_list": f"""
            SELECT t.deadline, t.recurrence AS repeats, t.assignee, t.action, t.text AS evidence,
                   t.deadline_text AS deadline_as_written, d.title AS document,
                   d.doc_date AS document_date, d.path, {review} AS review_page, t.task_id
            FROM tasks t JOIN documents d USING (doc_id)
            ORDER BY t.deadline IS NULL, t.deadline, d.doc_date""",
        "document_list": f"""
            SELECT d.doc_date AS date, d.doc_type AS type, d.doc_number AS number, d.title,
                   d.issuer, d.signer_name AS signed_by,
                   (SELECT COUNT(*) FROM tasks t WHERE t.doc_id = d.doc_id) AS tasks,
                   (SELECT group_concat(s.path, ' ; ') FROM sources s WHERE s.doc_id = d.doc_id) AS files,
                   {review} AS review_page, d.doc_id
            FROM documents d ORDER BY d.doc_date IS NULL, d.doc_date""",
        "official_list": f"""
            SELECT o.name, (SELECT group_concat(ot.title, ' ; ') FROM official_titles ot
                            WHERE ot.doc_id = o.doc_id AND ot.official_position = o.position) AS titles,
                   (SELECT group_concat(value, ', ') FROM json_each(o.roles)) AS roles,
                   d.doc_date AS document_date, d.title AS document, d.path,
                   {review} AS review_page
            FROM officials o JOIN documents d USING (doc_id)
            ORDER BY o.name_key, d.doc_date""",
        "criteria_list": f"""
            SELECT c.as_of, c.subject, c.program, c.met, c.total, c.unmet, c.text AS evidence,
                   d.title AS document, d.path, {review} AS review_page
            FROM criteria c JOIN documents d USING (doc_id)
            ORDER BY c.subject_key, c.as_of""",
    }


def prepare(conn: sqlite3.Connection, review_base: str | None) -> None:
    """(Re)build the full-text indexes and the readable views."""
    review = f"'{review_base}docs/' || d.doc_id || '.html'" if review_base else "NULL"
    with conn:
        for table, columns in _FTS.items():
            conn.execute(f"DROP TABLE IF EXISTS {table}_fts")
            conn.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(columns)}, "
                         f"content=\"{table}\", tokenize='unicode61 remove_diacritics 2')")
            conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        for name, sql in _views(review).items():
            conn.execute(f"DROP VIEW IF EXISTS {name}")
            conn.execute(f"CREATE VIEW {name} AS {sql}")


def metadata(db_name: str) -> dict:
    """Datasette metadata: titles and what each view is for; raw tables sorted sensibly."""
    return {
        "title": "vnextract records",
        "description": "Officials, criteria, tasks and metadata extracted from Vietnamese meeting "
                       "reports and notices. Search tasks and documents (diacritics optional).",
        "databases": {db_name: {"tables": {
            "documents": {"sort": "doc_date", "searchmode": "raw"},
            "tasks": {"sort": "deadline"},
            "history": {"description": "Superseded or forgotten document versions"},
            "task_list": {"description": "Every current task with its deadline and source"},
            "document_list": {"description": "Current documents, their files and review pages"},
            "official_list": {"description": "Officials by name, with the titles each document gives"},
            "criteria_list": {"description": "Criteria counts by unit over time"},
        }}},
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, metavar="PATH", help=f"record database (default: {DEFAULT_DB})")
    parser.add_argument("--site", metavar="DIR", help="review site of `vnextract report`, served under /review/")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8001, help="port (default: 8001)")


def main(args: argparse.Namespace) -> int:
    site = Path(args.site) if args.site else None
    if site and not (site / "index.html").is_file():
        raise UserError(USAGE, f"--site {site} has no index.html: write it with "
                               "`vnextract report --out DIR` first")
    with socket.socket() as probe:
        try:
            probe.bind((args.host, args.port))
        except OSError as exc:
            raise UserError(ENVIRONMENT, f"cannot listen on {args.host}:{args.port} ({exc.strerror}); "
                                         "choose another --port") from None
    conn = open_store(args.db, create=False)
    try:
        prepare(conn, f"http://{args.host}:{args.port}/review/" if site else None)
    finally:
        conn.close()
    db = Path(args.db)
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(db.stem), ensure_ascii=False), encoding="utf-8")
        command = [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--host", args.host,
                   "--port", str(args.port), "--metadata", str(meta)]
        if site:
            command += ["--static", f"review:{site}"]
        print(f"serving {db} read-only at http://{args.host}:{args.port}/ (Ctrl-C to stop)",
              file=sys.stderr)
        with subprocess.Popen(command) as server:
            # Stopped by Ctrl-C or by SIGTERM (a service manager, a test): datasette stops too,
            # never left serving on its own.
            stopping: list[int] = []

            def stop(signum: int, frame: object) -> None:
                stopping.append(signum)
                server.terminate()

            previous = signal.signal(signal.SIGTERM, stop)
            try:
                code = server.wait()
                return 0 if stopping else code
            except KeyboardInterrupt:
                server.terminate()
                server.wait()
                return 0
            finally:
                signal.signal(signal.SIGTERM, previous)
