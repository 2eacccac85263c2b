"""Keep to-do programs in step with the store: vdir folders, CalDAV servers, Taskwarrior.

A calendar server or a vdir holds one object per UID (RFC 4791), so each task is its own
VCALENDAR, named and identified by its task_id.  `sync` is idempotent: each object
carries `X-VNEXTRACT-HASH`, the digest of what vnextract wrote, so a second push changes
nothing (and leaves alone what the user did since, like completing a task), a task whose
document changed is rewritten, and a task of a superseded version is marked CANCELLED
(only where the target already has it).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Protocol

from pipeline.exitcodes import ENVIRONMENT, UserError
from vnextract.exports import calendar, description, first_occurrence, summary, todo

HASH = "X-VNEXTRACT-HASH"
CANCELLED = "CANCELLED"


def task_object(task: dict, status: str = "NEEDS-ACTION") -> tuple[str, str]:
    """(digest, iCalendar text) of one task as its own VCALENDAR."""
    text = calendar([todo(task, status)]).to_ical().decode("utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return digest, text.replace("END:VTODO\r\n", f"{HASH}:{digest}\r\nEND:VTODO\r\n", 1)


_HASH_LINE = re.compile(rb"^" + HASH.encode() + rb":([0-9a-f]+)\r?$", re.MULTILINE)


def digest_of(data: bytes) -> str:
    """The X-VNEXTRACT-HASH of a stored object, "" when it has none (not written by us).
    Read from its line (16 hex digits never fold) instead of parsing the whole calendar."""
    match = _HASH_LINE.search(data)
    return match.group(1).decode() if match else ""


class Target(Protocol):
    """Where tasks are kept: objects by UID, each with the digest vnextract last wrote."""

    def existing(self) -> dict[str, str]: ...

    def put(self, uid: str, text: str) -> None: ...


@dataclass
class SyncCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0

    def __str__(self) -> str:
        return (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.cancelled} cancelled")


def sync(target: Target, tasks: list[dict], superseded: list[dict]) -> SyncCounts:
    """Create or update each task on `target` by UID; cancel superseded ones it holds."""
    counts = SyncCounts()
    have = target.existing()
    current = {t["task_id"] for t in tasks}
    for task in tasks:
        digest, text = task_object(task)
        if have.get(task["task_id"]) == digest:
            counts.unchanged += 1
            continue
        target.put(task["task_id"], text)
        if task["task_id"] in have:
            counts.updated += 1
        else:
            counts.created += 1
    for task in superseded:
        if task["task_id"] in have and task["task_id"] not in current:
            digest, text = task_object(task, CANCELLED)
            if have[task["task_id"]] != digest:
                target.put(task["task_id"], text)
                counts.cancelled += 1
    return counts


class VdirTarget:
    """A vdir (vdirsyncer, todoman, khal): a folder of `<UID>.ics`, one VTODO each."""

    def __init__(self, directory: Path) -> None:
        if directory.exists() and not directory.is_dir():
            raise UserError(ENVIRONMENT, f"--out {directory} is a file; a vdir is a directory "
                                         "(give a new or existing folder)")
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory

    def existing(self) -> dict[str, str]:
        return {p.stem: digest_of(p.read_bytes()) for p in self.directory.glob("*.ics")}

    def put(self, uid: str, text: str) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, self.directory / f"{uid}.ics")  # readers never see half a file


class CalDAVTarget:
    """A calendar collection on a CalDAV server, through the `caldav` client library."""

    def __init__(self, url: str, user: str | None, password: str | None) -> None:
        import caldav

        self.url = url
        self._objects: dict[str, object] = {}
        self.client = caldav.DAVClient(url=url, username=user, password=password)
        self.calendar = self.client.calendar(url=url)

    def existing(self) -> dict[str, str]:
        out = {}
        for obj in self.calendar.todos(include_completed=True):
            component = obj.icalendar_component
            uid = str(component["uid"])
            self._objects[uid] = obj
            out[uid] = str(component.get(HASH) or "")
        return out

    def put(self, uid: str, text: str) -> None:
        obj = self._objects.get(uid)
        if obj is None:
            self._objects[uid] = self.calendar.save_todo(text)
        else:
            obj.data = text
            obj.save()

    def close(self) -> None:
        self.client.close()


def push_caldav(url: str, user: str | None, password: str | None, tasks: list[dict],
                superseded: list[dict]) -> SyncCounts:
    """`sync` to the CalDAV calendar at `url`; server failures become one-line UserErrors."""
    from caldav.lib.error import AuthorizationError, DAVError

    try:
        target = CalDAVTarget(url, user, password)
        try:
            return sync(target, tasks, superseded)
        finally:
            target.close()
    except AuthorizationError:
        raise UserError(ENVIRONMENT, f"CalDAV server at {url} refused the credentials: check "
                                     "--user and VNEXTRACT_CALDAV_PASSWORD") from None
    except (DAVError, OSError) as exc:
        reason = " ".join(str(exc).split())[:200] or exc.__class__.__name__
        raise UserError(ENVIRONMENT, f"CalDAV server at {url}: {reason}; check that the URL is "
                                     "a calendar collection and the server is running") from None


# ------------------------------------------------------------------ Taskwarrior
_TW_RECUR = {"FREQ=DAILY": "daily", "FREQ=WEEKLY": "weekly", "FREQ=WEEKLY;INTERVAL=2": "biweekly",
             "FREQ=MONTHLY": "monthly", "FREQ=MONTHLY;INTERVAL=3": "quarterly",
             "FREQ=YEARLY": "yearly"}
# A deadline is the last day: due at its end in Vietnam (UTC+7).
_DAY_END = timedelta(hours=23, minutes=59, seconds=59) - timedelta(hours=7)
_NAMESPACE = uuid.UUID("6f1c5a52-3c1e-4a8e-9a0c-7a3d2b9e5f10")


def _tw_time(day: date, end_of_day: bool) -> str:
    moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return (moment + _DAY_END if end_of_day else moment).strftime("%Y%m%dT%H%M%SZ")


def _tw_recur(rule: str) -> str | None:
    """Taskwarrior's period for an RRULE, None when it has no exact equivalent
    (`BYDAY=SA,SU` repeats twice a week; Taskwarrior repeats once per period)."""
    parts = [p for p in rule.split(";") if not p.startswith("BYDAY=") or "," not in p]
    if len(parts) != len(rule.split(";")):
        return None
    return _TW_RECUR.get(";".join(p for p in parts if not p.startswith("BYDAY=")))


def taskwarrior_item(task: dict, status: str = "pending") -> dict:
    """One task as Taskwarrior import JSON; its uuid derives from task_id, so a second
    import updates the same task instead of adding one."""
    doc_date = date.fromisoformat(task["doc_date"]) if task["doc_date"] else None
    item: dict = {"uuid": str(uuid.uuid5(_NAMESPACE, task["task_id"])),
                  "description": summary(task["action"]) or task["task_id"],
                  "status": status, "project": "vnextract", "tags": ["vnextract"],
                  "entry": _tw_time(doc_date or date(1970, 1, 1), False)}
    period = _tw_recur(task["recurrence"]) if task["recurrence"] else None
    due = date.fromisoformat(task["deadline"]) if task["deadline"] else None
    if period and status == "pending":
        # Taskwarrior recurs from a due date: the first occurrence when none is written.
        item["status"], item["recur"] = "recurring", period
        due = due or (first_occurrence(task["recurrence"], doc_date) if doc_date else None)
        if due is None:
            item["status"] = "pending"
            del item["recur"]
    if due:
        item["due"] = _tw_time(due, True)
    if task["recurrence"]:
        item["tags"].append("recurring")
    item["annotations"] = [{"entry": item["entry"], "description": line}
                           for line in description(task).split("\n")[1:]]
    item["vnextract_task_id"] = task["task_id"]
    return item


def to_taskwarrior(tasks: list[dict], superseded: list[dict]) -> str:
    """`task import` JSON: current tasks pending (or recurring), superseded ones deleted."""
    items = [taskwarrior_item(t) for t in tasks]
    current = {t["task_id"] for t in tasks}
    items += [taskwarrior_item(t, "deleted") for t in superseded if t["task_id"] not in current]
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"
