"""Trackers with the real programs: a Radicale CalDAV server, todoman on a vdir, Taskwarrior.

Each server is started by the test on 127.0.0.1 (free port) and stopped after it.  The
tasks come from a real `vnextract run` of the synthetic multi-year corpus, so what the
trackers hold is compared with documents.jsonl itself.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import caldav
import pytest

import multiyear
from servers import free_port
from vnextract.cli import main as cli
from vnextract.exports import first_occurrence
from pipeline.store import open_store, upsert_documents

USER, PASSWORD = "ward-office", "s3cret-pass"


@pytest.fixture
def radicale(tmp_path):
    """A Radicale server with one user (plain htpasswd) and a VTODO calendar; its URL."""
    port = free_port()
    users = tmp_path / "users"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", f"--server-hosts=127.0.0.1:{port}",
         f"--storage-filesystem-folder={tmp_path / 'collections'}", "--auth-type=htpasswd",
         f"--auth-htpasswd-filename={users}", "--auth-htpasswd-encryption=plain",
         "--logging-level=error"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"Radicale did not start: {proc.stderr.read().decode()[-500:]}")
        client = caldav.DAVClient(url=f"http://127.0.0.1:{port}/", username=USER, password=PASSWORD)
        cal = client.principal().make_calendar(name="Nhiệm vụ", cal_id="tasks",
                                               supported_calendar_component_set=["VTODO"])
        yield str(cal.url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _server_todos(url: str) -> dict[str, object]:
    """UID → VTODO component, read back with a CalDAV client."""
    with caldav.DAVClient(url=url, username=USER, password=PASSWORD) as client:
        objects = client.calendar(url=url).todos(include_completed=True)
        todos = [o.icalendar_component for o in objects]
    uids = [str(t["uid"]) for t in todos]
    assert len(uids) == len(set(uids)), "one object per UID"
    return dict(zip(uids, todos))


def _archive_db(tmp_path: Path) -> tuple[Path, Path, Path]:
    archive, out = tmp_path / "archive", tmp_path / "out"
    multiyear.write_corpus(archive)
    assert cli(["run", str(archive), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    return archive, out / "records.sqlite", out / "documents.jsonl"


@pytest.fixture(scope="module")
def shared_run(tmp_path_factory) -> tuple[Path, Path, Path]:
    """One `vnextract run` for the tests that only read its database."""
    return _archive_db(tmp_path_factory.mktemp("shared"))


def _tasks_of(documents: Path) -> dict[str, dict]:
    return {t["task_id"]: {**t, "doc_date": d.get("event_date") or d.get("published")}
            for d in map(json.loads, documents.read_text(encoding="utf-8").splitlines())
            for t in d["tasks"]}


def _push(url: str, db: Path, capsys, password: str = PASSWORD) -> tuple[int, str]:
    os.environ["VNEXTRACT_CALDAV_PASSWORD"] = password
    try:
        capsys.readouterr()
        code = cli(["tasks", "--db", str(db), "--caldav", url, "--user", USER])
        return code, capsys.readouterr().err
    finally:
        del os.environ["VNEXTRACT_CALDAV_PASSWORD"]


def _day(value) -> date | None:
    return None if value is None else value.dt if isinstance(value.dt, date) else value.dt.date()


def test_push_to_radicale_twice_then_after_an_edit(tmp_path, radicale, capsys):
    archive, db, documents = _archive_db(tmp_path)
    expected = _tasks_of(documents)
    assert len(expected) >= 6
    code, err = _push(radicale, db, capsys)
    assert code == 0 and f"{len(expected)} created, 0 updated, 0 unchanged" in err
    first = _server_todos(radicale)
    assert set(first) == set(expected)
    for uid, todo in first.items():
        task = expected[uid]
        assert _day(todo.get("due")) == (date.fromisoformat(task["deadline"]) if task["deadline"] else None)
        rrule = todo.get("rrule")
        assert (rrule.to_ical().decode() if rrule else None) == task["recurrence"]
        if task["recurrence"]:  # DTSTART is the first occurrence, not the document date
            start = _day(todo["dtstart"])
            assert start == first_occurrence(task["recurrence"], date.fromisoformat(task["doc_date"]))
            if "BYDAY=FR" in task["recurrence"]:
                assert start.weekday() == 4
        assert str(todo["status"]) == "NEEDS-ACTION"

    code, err = _push(radicale, db, capsys)  # idempotent
    assert code == 0 and f"0 created, 0 updated, {len(expected)} unchanged, 0 cancelled" in err
    assert set(_server_todos(radicale)) == set(expected)

    edited = archive / "2023-10-tan-phong.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("30/11/2023", "15/12/2023"),
                      encoding="utf-8")
    assert cli(["run", str(archive), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"]) == 0
    now = _tasks_of(documents)
    gone, new = set(expected) - set(now), set(now) - set(expected)
    assert gone and new
    code, err = _push(radicale, db, capsys)
    assert code == 0 and f"{len(new)} created, 0 updated, {len(set(now) & set(expected))} unchanged, {len(gone)} cancelled" in err
    after = _server_todos(radicale)
    assert set(after) == set(expected) | set(now)
    assert {u for u, t in after.items() if str(t["status"]) == "CANCELLED"} == gone
    assert [_day(after[u].get("due")) for u in new if now[u]["deadline"]] == [date(2023, 12, 15)]
    code, err = _push(radicale, db, capsys)
    assert "0 created, 0 updated" in err and "0 cancelled" in err


def test_caldav_errors_are_one_line(shared_run, radicale, capsys):
    _, db, _ = shared_run
    code, err = _push(radicale, db, capsys, password="wrong")
    assert code == 4 and err.count("\n") == 1 and "VNEXTRACT_CALDAV_PASSWORD" in err
    code, err = _push(f"http://127.0.0.1:{free_port()}/nobody/", db, capsys)
    assert code == 4 and err.count("\n") == 1 and "Traceback" not in err


def _record_with_comma_assignee() -> dict:
    record = copy.deepcopy(multiyear.records()[0])
    record["source"]["path"] = "synthetic/comma.txt"
    duty = record["tasks"][1]
    assert duty["recurrence"] == "FREQ=WEEKLY;BYDAY=FR"
    duty["assignee"] = "các phòng, ban, ngành"
    return record


def test_todoman_reads_and_edits_the_vdir(tmp_path, capsys):
    todo_bin = shutil.which("todo", path=os.path.dirname(sys.executable)) or shutil.which("todo")
    assert todo_bin, "todoman is a test dependency (pyproject)"
    db = tmp_path / "r.sqlite"
    upsert_documents(open_store(db), [_record_with_comma_assignee()])
    lists = tmp_path / "lists"
    assert cli(["tasks", "--db", str(db), "--format", "vdir", "--out", str(lists / "vnextract")]) == 0
    files = sorted((lists / "vnextract").glob("*.ics"))
    assert len(files) == 2 and all(f.read_text(encoding="utf-8").count("BEGIN:VTODO") == 1 for f in files)
    config = tmp_path / "config" / "todoman"
    config.mkdir(parents=True)
    (config / "config.py").write_text(
        f'path = "{lists}/*"\ndate_format = "%Y-%m-%d"\ntime_format = "%H:%M"\n'
        f'default_list = "vnextract"\ncache_path = "{tmp_path / "cache.sqlite"}"\n', encoding="utf-8")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}

    def todoman(*args: str) -> str:
        done = subprocess.run([todo_bin, "--porcelain", *args], env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    listed = json.loads(todoman("list", "--status", "ANY"))
    duty = next(t for t in listed if t["recurring"])
    assert duty["categories"] == ["các phòng/ban/ngành"]  # one category, not three
    assert "Assignee: các phòng, ban, ngành" in duty["description"]  # as written
    assert date.fromtimestamp(duty["start"]).weekday() == 4  # a Friday, not the Thursday
    todoman("done", str(duty["id"]))  # writable: not "multiple todos in one file"
    capsys.readouterr()
    assert cli(["tasks", "--db", str(db), "--format", "vdir", "--out", str(lists / "vnextract")]) == 0
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().err  # the user's "done" is kept
    assert any(t["completed"] for t in json.loads(todoman("list", "--status", "ANY")))


def test_todoman_splits_the_rfc_escaped_comma_which_is_why_commas_become_slashes(tmp_path):
    """RFC 5545 writes a comma inside one CATEGORIES value as `\\,` (icalendar does, and reads
    it back as one value), yet the real todoman shows it as three categories: so the export
    writes the slash form.  If this fails, todoman reads the escape: keep the commas."""
    from icalendar import Calendar, Todo

    todo_bin = shutil.which("todo", path=os.path.dirname(sys.executable)) or shutil.which("todo")
    assert todo_bin, "todoman is a test dependency (pyproject)"
    item = Todo()
    item.add("uid", "t0123456789abcdef")
    item.add("dtstamp", date(2024, 3, 7))
    item.add("summary", "rà soát hồ sơ")
    item.add("categories", ["các phòng, ban, ngành"])
    cal = Calendar()
    cal.add("prodid", "-//test//vi")
    cal.add("version", "2.0")
    cal.add_component(item)
    ics = cal.to_ical()
    assert "CATEGORIES:các phòng\\, ban\\, ngành" in ics.decode()
    assert [str(c) for c in Calendar.from_ical(ics).walk("VTODO")[0]["categories"].cats] == \
        ["các phòng, ban, ngành"]  # one value for the library that wrote it
    lists = tmp_path / "lists" / "rfc"
    lists.mkdir(parents=True)
    (lists / "t0123456789abcdef.ics").write_bytes(ics)
    config = tmp_path / "config" / "todoman"
    config.mkdir(parents=True)
    (config / "config.py").write_text(
        f'path = "{lists.parent}/*"\ndate_format = "%Y-%m-%d"\ntime_format = "%H:%M"\n'
        f'default_list = "rfc"\ncache_path = "{tmp_path / "cache.sqlite"}"\n', encoding="utf-8")
    done = subprocess.run([todo_bin, "--porcelain", "list"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert done.returncode == 0, done.stderr
    assert [c.strip() for c in json.loads(done.stdout)[0]["categories"]] == ["các phòng", "ban", "ngành"]


def test_taskwarrior_imports_the_export(tmp_path, shared_run, capsys):
    task_bin = shutil.which("task")
    assert task_bin, "Taskwarrior (Debian `task`) is in system-packages.txt"
    _, db, documents = shared_run
    out = tmp_path / "tw.json"
    assert cli(["tasks", "--db", str(db), "--format", "taskwarrior", "--out", str(out)]) == 0
    rc = tmp_path / "taskrc"
    rc.write_text(f"data.location={tmp_path / 'task'}\nconfirmation=off\nverbose=nothing\n"
                  "recurrence=off\n", encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc)}

    def task(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([task_bin, *args], env=env, capture_output=True, text=True, timeout=60)

    for _ in range(2):  # a second import updates the same tasks
        done = task("import", str(out))
        assert done.returncode == 0, done.stderr
    exported = json.loads(task("export").stdout)
    expected = _tasks_of(documents)
    assert len(exported) == len(expected)
    by_id = {t["vnextract_task_id"]: t for t in exported}
    assert set(by_id) == set(expected)
    for task_id, item in by_id.items():
        want = expected[task_id]
        if want["deadline"]:  # due at the end of the deadline day in Vietnam (UTC+7)
            assert item["due"] == date.fromisoformat(want["deadline"]).strftime("%Y%m%dT165959Z")
        assert (item["status"] == "recurring") == bool(want["recurrence"])


@pytest.mark.parametrize("rule, start, first", [
    ("FREQ=WEEKLY;BYDAY=FR", date(2022, 5, 12), date(2022, 5, 13)),      # Thursday → Friday
    ("FREQ=WEEKLY;BYDAY=SA,SU", date(2024, 3, 4), date(2024, 3, 9)),     # Monday → Saturday
    ("FREQ=WEEKLY;BYDAY=MO", date(2024, 3, 4), date(2024, 3, 4)),        # already a Monday
    ("FREQ=MONTHLY", date(2024, 1, 31), date(2024, 1, 31)),
    ("FREQ=WEEKLY;BYDAY=FR;UNTIL=20240101T000000Z", date(2024, 3, 4), date(2024, 3, 4)),
])
def test_first_occurrence(rule, start, first):
    assert first_occurrence(rule, start) == first
