"""Export the tasks of the record database to a tracker or calendar.

Selects tasks accumulated by `vnextract run` (filters combine with AND) and writes them as
an iCalendar file of VTODO items (`--format ics`, importable by calendar and to-do
programs; recurring duties carry an RRULE), a CSV for tracker import (`--format csv`,
UTF-8 with BOM) or JSON (`--format json`).  Output is deterministic: every item's UID is
its `task_id` and its DTSTAMP comes from the document date, so re-exporting after a new
run updates items in place instead of duplicating them.

Examples:
  vnextract tasks --format ics --out tasks.ics
  vnextract tasks --unit "phường Tân Dân" --due-before 2024-12-31 --format csv --out t.csv
  vnextract tasks --official "Mai Sỹ Lân" --has-deadline --format json
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from icalendar import Calendar, Todo, vRecur

from pipeline.store import (DEFAULT_DB, contains_key, mentions_unit, name_key,
                            names_unit, open_store, task_rows, unit_key, unit_keys)

HELP = "export tasks from the database as iCalendar VTODOs, tracker CSV or JSON"

PRODID = "-//vnextract//Vietnamese directive tasks//VI"
CSV_COLUMNS = ["Summary", "Description", "Assignee", "Due Date", "Labels", "Source",
               "Task ID", "Recurrence"]
SUMMARY_LIMIT = 90
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass
class TaskFilter:
    """Which tasks to export; every field left None matches everything."""

    assignee: str | None = None
    unit: str | None = None
    official: str | None = None
    due_before: str | None = None  # ISO date, inclusive
    due_after: str | None = None
    doc_from: str | None = None
    doc_to: str | None = None
    has_deadline: bool | None = None


def select_tasks(conn: sqlite3.Connection, flt: TaskFilter) -> list[dict]:
    """Tasks of the database matching `flt`, by deadline then document date."""
    units = unit_keys(conn, flt.unit) if flt.unit else set()
    assignee = unit_key(flt.assignee) if flt.assignee else ""
    person = name_key(flt.official) if flt.official else ""
    out = []
    for task in task_rows(conn):
        deadline, doc_date = task["deadline"], task["doc_date"]
        if flt.has_deadline is not None and (deadline is not None) != flt.has_deadline:
            continue
        if flt.due_before and not (deadline and deadline <= flt.due_before):
            continue
        if flt.due_after and not (deadline and deadline >= flt.due_after):
            continue
        if flt.doc_from and not (doc_date and doc_date >= flt.doc_from):
            continue
        if flt.doc_to and not (doc_date and doc_date <= flt.doc_to):
            continue
        if assignee and not contains_key(task["assignee_key"] or "", assignee):
            continue
        if units and not (names_unit(task["assignee_key"] or "", units)
                          or mentions_unit(unit_key(task["text"]), units)):
            continue
        if person and not _names_official(task, person):
            continue
        out.append(task)
    return out


def _names_official(task: dict, person: str) -> bool:
    return (person in task["assignee_official_keys"] or person == task["assigned_by_key"]
            or contains_key(name_key(task["assignee"]), person))


# ------------------------------------------------------------------ formats
def summary(action: str | None) -> str:
    """The action, capitalised and cut at a word boundary to fit a tracker title."""
    text = " ".join((action or "").split())
    if len(text) > SUMMARY_LIMIT:
        text = text[:SUMMARY_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text[:1].upper() + text[1:]


def source_line(task: dict) -> str:
    """`title (number), date — path`: where a reader checks the task."""
    title = task["title"] or Path(task["path"] or task["doc_id"]).name
    if task["doc_number"]:
        title += f" ({task['doc_number']})"
    when = f", {task['doc_date']}" if task["doc_date"] else ""
    return f"{title}{when} — {task['path'] or task['doc_id']}"


def description(task: dict) -> str:
    """The action, who must act, the evidence sentence and the source document."""
    lines = [task["action"] or ""]
    if task["assignee"]:
        lines.append(f"Assignee: {task['assignee']}")
    if task["assignee_officials"]:
        lines.append(f"Officials: {', '.join(task['assignee_officials'])}")
    if task["deadline_text"]:
        lines.append(f"Deadline as written: {task['deadline_text']}")
    lines.append(f"Evidence: “{task['text']}”")
    lines.append(f"Source: {source_line(task)}")
    return "\n".join(lines)


def to_ics(tasks: list[dict]) -> str:
    """RFC 5545 calendar of VTODOs, byte-identical for the same tasks."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "vnextract tasks")
    for task in tasks:
        todo = Todo()
        todo.add("uid", task["task_id"])
        doc_date = date.fromisoformat(task["doc_date"]) if task["doc_date"] else None
        stamp = (datetime(doc_date.year, doc_date.month, doc_date.day, tzinfo=timezone.utc)
                 if doc_date else _EPOCH)
        todo.add("dtstamp", stamp)
        todo.add("summary", summary(task["action"]))
        todo.add("description", description(task))
        due = date.fromisoformat(task["deadline"]) if task["deadline"] else None
        # DTSTART anchors an RRULE; RFC 5545 wants it no later than DUE.
        if doc_date and (due is None or doc_date <= due):
            todo.add("dtstart", doc_date)
        if due:
            todo.add("due", due)
        if task["recurrence"]:
            todo.add("rrule", vRecur.from_ical(task["recurrence"]))
        if task["assignee"]:
            todo.add("categories", [task["assignee"]])
        todo.add("related-to", task["doc_id"])
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    return cal.to_ical().decode("utf-8")


def to_csv(tasks: list[dict]) -> str:
    """Tracker-import CSV (Jira/GitLab/Trello style columns), BOM first for spreadsheets."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for task in tasks:
        labels = ["vnextract", task["doc_type"] or "document"]
        if task["recurrence"]:
            labels.append("recurring")
        writer.writerow([summary(task["action"]), description(task), task["assignee"] or "",
                         task["deadline"] or "", " ".join(labels), source_line(task),
                         task["task_id"], task["recurrence"] or ""])
    return "\ufeff" + buf.getvalue()


_JSON_FIELDS = ("task_id", "action", "assignee", "assignee_officials", "deadline",
                "deadline_text", "deadline_kind", "recurrence", "assigned_by", "section",
                "text")


def to_json(tasks: list[dict]) -> str:
    items = []
    for task in tasks:
        item = {f: task[f] for f in _JSON_FIELDS}
        item["span"] = [task["span_start"], task["span_end"]]
        item["document"] = {"doc_id": task["doc_id"], "path": task["path"],
                            "title": task["title"], "doc_number": task["doc_number"],
                            "date": task["doc_date"]}
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"ics": to_ics, "csv": to_csv, "json": to_json}


# ------------------------------------------------------------------ command
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, metavar="PATH", help=f"record database (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=sorted(FORMATS), default="ics",
                        help="ics (VTODO calendar), csv (tracker import) or json; default ics")
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument("--assignee", metavar="NAME", help="assignee contains this unit/person name")
    parser.add_argument("--unit", metavar="NAME", help="assignee or task text names this unit (aliases followed)")
    parser.add_argument("--official", metavar="NAME", help="task assigned to or by this person (name variants matched)")
    parser.add_argument("--due-before", metavar="DATE", type=_iso, help="deadline on or before DATE")
    parser.add_argument("--due-after", metavar="DATE", type=_iso, help="deadline on or after DATE")
    parser.add_argument("--from", dest="doc_from", metavar="DATE", type=_iso,
                        help="document dated on or after DATE")
    parser.add_argument("--to", dest="doc_to", metavar="DATE", type=_iso,
                        help="document dated on or before DATE")
    deadline = parser.add_mutually_exclusive_group()
    deadline.add_argument("--has-deadline", dest="has_deadline", action="store_true", default=None,
                          help="only tasks with a deadline")
    deadline.add_argument("--no-deadline", dest="has_deadline", action="store_false", default=None,
                          help="only tasks without a deadline")


def _iso(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def task_filter(args: argparse.Namespace) -> TaskFilter:
    return TaskFilter(assignee=args.assignee, unit=args.unit, official=args.official,
                      due_before=args.due_before, due_after=args.due_after,
                      doc_from=args.doc_from, doc_to=args.doc_to,
                      has_deadline=args.has_deadline)


def main(args: argparse.Namespace) -> int:
    conn = open_store(args.db, create=False)
    try:
        tasks = select_tasks(conn, task_filter(args))
    finally:
        conn.close()
    output = FORMATS[args.format](tasks)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(output, encoding="utf-8", newline="")
        print(f"{len(tasks)} tasks → {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(output)
    return 0
