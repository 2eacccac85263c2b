"""Export the tasks of the record database to a tracker or calendar.

Selects tasks accumulated by `vnextract run` (filters combine with AND) and writes them as
an iCalendar file of VTODO items (`--format ics`, importable by calendar and to-do
programs; recurring duties carry an RRULE whose DTSTART is the first occurrence), a
vdir folder of one `<UID>.ics` per task (`--format vdir --out DIR`, for vdirsyncer,
todoman, khal), Taskwarrior import JSON (`--format taskwarrior`, for `task import`), a
CSV for tracker import (`--format csv`, UTF-8 with BOM), a spreadsheet whose cells are all
text (`--format xlsx --out FILE`: ids never turn into numbers) or JSON (`--format json`); or
pushes them to a CalDAV calendar (`--caldav URL`).  vdir and CalDAV are kept in step:
a second push changes nothing, a changed task is updated, and a task of a superseded
or forgotten document version is marked CANCELLED (Taskwarrior: deleted).  Output is deterministic: every item's UID is
its `task_id` and its DTSTAMP comes from the document date, so re-exporting after a new
run updates items in place instead of duplicating them.

Examples:
  vnextract tasks --format ics --out tasks.ics
  vnextract tasks --unit "phường Tân Dân" --due-before 2024-12-31 --format csv --out t.csv
  vnextract tasks --official "Mai Sỹ Lân" --has-deadline --format json
  vnextract tasks --format vdir --out ~/.local/share/vdirsyncer/tasks
  VNEXTRACT_CALDAV_PASSWORD=… vnextract tasks --caldav https://dav.example.org/u/tasks/ --user u
  vnextract tasks --format taskwarrior --out tasks.json && task import tasks.json
  vnextract tasks --format xlsx --out tasks.xlsx   # for a spreadsheet: every cell is text
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from icalendar import Calendar, Todo, vRecur

from pipeline.exitcodes import ENVIRONMENT, NOT_FOUND, USAGE, UserError
from pipeline.store import (DEFAULT_DB, contains_key, mentions_unit, name_key, names_unit,
                            official_keys, open_store, suggest, superseded_task_rows, task_rows,
                            unit_key, unit_keys, unit_known, unit_names)
from pipeline.tables import neutralise_formula

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
    persons = official_keys(conn, flt.official) if flt.official else set()
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
        if persons and not any(_names_official(task, p) for p in persons):
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


def first_occurrence(rule: str, start: date) -> date:
    """The first day on or after `start` that RRULE `rule` falls on (`FREQ=WEEKLY;BYDAY=FR`
    from a Thursday → the next day): a recurring task's DTSTART, which RFC 5545 counts
    as its first occurrence."""
    from dateutil.rrule import rrulestr

    day = datetime(start.year, start.month, start.day)
    try:
        first = rrulestr(rule, dtstart=day).after(day, inc=True)
    except (ValueError, TypeError):  # e.g. an UNTIL in UTC against a floating date
        return start
    return first.date() if first else start


def category(assignee: str) -> str:
    """The assignee as one CATEGORIES value: `các phòng, ban, ngành` → `các phòng/ban/ngành`.

    CATEGORIES is a comma-separated list; RFC 5545 escapes a comma inside a value, but
    todoman and others split on it anyway, making three categories of one assignee.
    The slash is how Vietnamese documents themselves write such lists; DESCRIPTION
    keeps the assignee exactly as written.
    """
    return re.sub(r"\s*,\s*", "/", assignee.strip())


def todo(task: dict, status: str = "NEEDS-ACTION") -> Todo:
    """The task as one VTODO: UID its task_id, DTSTAMP its document date (deterministic)."""
    item = Todo()
    item.add("uid", task["task_id"])
    doc_date = date.fromisoformat(task["doc_date"]) if task["doc_date"] else None
    stamp = (datetime(doc_date.year, doc_date.month, doc_date.day, tzinfo=timezone.utc)
             if doc_date else _EPOCH)
    item.add("dtstamp", stamp)
    item.add("summary", summary(task["action"]))
    item.add("description", description(task))
    due = date.fromisoformat(task["deadline"]) if task["deadline"] else None
    start = first_occurrence(task["recurrence"], doc_date) if doc_date and task["recurrence"] else doc_date
    # DTSTART anchors an RRULE; RFC 5545 wants it no later than DUE.
    if start and (due is None or start <= due):
        item.add("dtstart", start)
    if due:
        item.add("due", due)
    if task["recurrence"]:
        item.add("rrule", vRecur.from_ical(task["recurrence"]))
    if task["assignee"]:
        item.add("categories", [category(task["assignee"])])
    item.add("related-to", task["doc_id"])
    item.add("status", status)
    return item


def calendar(todos: list[Todo]) -> Calendar:
    """A VCALENDAR around `todos`."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "vnextract tasks")
    for item in todos:
        cal.add_component(item)
    return cal


def to_ics(tasks: list[dict]) -> str:
    """RFC 5545 calendar of VTODOs, byte-identical for the same tasks (for import; a
    CalDAV server or a vdir wants one object per UID: `vnextract.trackers`)."""
    return calendar([todo(t) for t in tasks]).to_ical().decode("utf-8")


def to_csv(tasks: list[dict]) -> str:
    """Tracker-import CSV (Jira/GitLab/Trello style columns), BOM first for spreadsheets."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for task in tasks:
        labels = ["vnextract", task["doc_type"] or "document"]
        if task["recurrence"]:
            labels.append("recurring")
        writer.writerow([neutralise_formula(cell) for cell in (
            summary(task["action"]), description(task), task["assignee"] or "",
            task["deadline"] or "", " ".join(labels), source_line(task),
            task["task_id"], task["recurrence"] or "")])
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


XLSX_COLUMNS = ("task_id", "doc_id", "action", "assignee", "deadline", "deadline_text",
                "deadline_kind", "recurrence", "assigned_by", "section", "title", "doc_number",
                "doc_date", "path", "text")


def to_xlsx(tasks: list[dict]) -> bytes:
    """The tasks as a spreadsheet whose every cell is text: a CSV cell such as the doc_id
    `99028267542730e5` is read by a spreadsheet as the number 9.9E+18 (about one document
    in 700), a text cell is kept as it is — and a cell starting with `=` is never a formula."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "tasks"
    sheet.append(XLSX_COLUMNS)
    for task in tasks:
        sheet.append([task.get(c) for c in XLSX_COLUMNS])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                cell.value, cell.data_type = str(cell.value), "s"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


FORMATS: dict[str, Callable[[list[dict]], str | bytes]] = {
    "ics": to_ics, "csv": to_csv, "json": to_json, "xlsx": to_xlsx}
TRACKER_FORMATS = ("vdir", "taskwarrior")  # vnextract.trackers: they also see superseded tasks
PASSWORD_ENV = "VNEXTRACT_CALDAV_PASSWORD"


# ------------------------------------------------------------------ command
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, metavar="PATH", help=f"record database (default: {DEFAULT_DB})")
    parser.add_argument("--format", choices=sorted([*FORMATS, *TRACKER_FORMATS]), default="ics",
                        help="ics (VTODO calendar file), vdir (folder of <UID>.ics for vdirsyncer, "
                             "todoman, khal; needs --out DIR), taskwarrior (`task import` JSON), "
                             "csv (tracker import) or json; default ics")
    parser.add_argument("--out", metavar="FILE", help="write to FILE (DIR for vdir) instead of stdout")
    parser.add_argument("--caldav", metavar="URL",
                        help="create or update each task on this CalDAV calendar collection by UID "
                             "(tasks of superseded documents are marked CANCELLED)")
    parser.add_argument("--user", metavar="NAME",
                        help=f"--caldav user name; the password is read from ${PASSWORD_ENV}")
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
    from vnextract import trackers

    if args.format == "xlsx" and not args.out:
        raise UserError(USAGE, "--format xlsx writes a spreadsheet file: give --out FILE.xlsx")
    if args.format == "vdir" and not args.out:
        raise UserError(USAGE, "--format vdir writes one file per task: give --out DIR")
    conn = open_store(args.db, create=False)
    try:
        check_known(conn, unit=args.unit, official=args.official)
        tasks = select_tasks(conn, task_filter(args))
        superseded = superseded_task_rows(conn)
    finally:
        conn.close()
    if args.caldav:
        counts = trackers.push_caldav(args.caldav, args.user, os.environ.get(PASSWORD_ENV),
                                      tasks, superseded)
        print(f"{len(tasks)} tasks → {args.caldav}: {counts}", file=sys.stderr)
        return 0
    if args.format == "vdir":
        counts = trackers.sync(trackers.VdirTarget(Path(args.out)), tasks, superseded)
        print(f"{len(tasks)} tasks → {args.out}/: {counts}", file=sys.stderr)
        return 0
    output: str | bytes = (trackers.to_taskwarrior(tasks, superseded) if args.format == "taskwarrior"
                           else FORMATS[args.format](tasks))
    if args.out:
        write_atomic(Path(args.out), output)
        print(f"{len(tasks)} tasks → {args.out}", file=sys.stderr)
    else:
        assert isinstance(output, str)  # xlsx is refused without --out above
        sys.stdout.write(output)
    return 0


def check_known(conn: sqlite3.Connection, unit: str | None = None,
                official: str | None = None) -> None:
    """Raise NOT_FOUND, with close spellings, when no current document names the unit or
    person: an empty answer would look like "nothing to do" instead of "typo"."""
    if unit and not unit_known(conn, unit_keys(conn, unit)):
        raise UserError(NOT_FOUND, f"no document in the database mentions the unit {unit!r}"
                        + _did_you_mean(suggest(unit, unit_names(conn))))
    if official:
        keys = official_keys(conn, official)
        placeholders = ",".join("?" * len(keys))
        if not conn.execute(f"SELECT 1 FROM officials WHERE name_key IN ({placeholders}) LIMIT 1",
                            tuple(keys)).fetchone():
            names = [r[0] for r in conn.execute("SELECT DISTINCT name FROM officials")]
            raise UserError(NOT_FOUND, f"no official named {official!r} in the database"
                            + _did_you_mean(suggest(official, names)))


def _did_you_mean(names: list[str]) -> str:
    return f"; did you mean: {', '.join(names)}?" if names else "; check the spelling"


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write `text` to `path` through a temporary file, so a reader never sees half of it."""
    if path.is_dir():
        raise UserError(ENVIRONMENT, f"--out {path} is a directory: give a file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as raw:
                raw.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                out.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
