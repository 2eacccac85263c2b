"""`vnextract tasks`: ICS / CSV / JSON exports of the stored tasks, with filters."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from icalendar import Calendar

import multiyear
from vnextract.cli import main
from pipeline.store import open_store, upsert_documents


def _tasks_by_id() -> dict[str, dict]:
    return {t["task_id"]: t for r in multiyear.records() for t in r["tasks"]}


def _export(capsys, db: str, *options: str) -> str:
    assert main(["tasks", "--db", db, *options]) == 0
    return capsys.readouterr().out


def test_ics_has_one_vtodo_per_task_with_due_and_rrule(capsys, db):
    cal = Calendar.from_ical(_export(capsys, db, "--format", "ics"))
    assert str(cal["prodid"]) and str(cal["version"]) == "2.0"
    todos = {str(t["uid"]): t for t in cal.walk("VTODO")}
    expected = _tasks_by_id()
    assert set(todos) == set(expected)
    for task_id, task in expected.items():
        todo = todos[task_id]
        if task["deadline"]:
            assert todo["due"].dt == date.fromisoformat(task["deadline"])
        else:
            assert "due" not in todo
        if task["recurrence"]:
            assert todo["rrule"].to_ical().decode() == task["recurrence"]
            assert "dtstart" in todo  # an RRULE needs its first occurrence
        else:
            assert "rrule" not in todo
        assert str(todo["status"]) == "NEEDS-ACTION"
        assert str(todo["related-to"]) in {r["doc_id"] for r in multiyear.records()}
        assert [str(c) for c in todo["categories"].cats] == [task["assignee"]]
        assert task["text"] in str(todo["description"])


def test_ics_summary_is_the_short_action_and_stamp_the_document_date(capsys, db):
    cal = Calendar.from_ical(_export(capsys, db, "--format", "ics", "--assignee", "Công an"))
    [todo] = cal.walk("VTODO")
    assert str(todo["summary"]) == "Ra quân xử lý lấn chiếm vỉa hè hàng tháng"
    assert todo["dtstamp"].dt.isoformat() == "2023-07-20T00:00:00+00:00"
    assert "15/TB-UBND" in str(todo["description"])


def test_assignee_with_commas_stays_one_category(capsys, tmp_path):
    record = multiyear.records()[0]
    record["tasks"][0]["assignee"] = "Đảng ủy, UBND các phường"
    path = tmp_path / "c.sqlite"
    upsert_documents(open_store(path), [record])
    cal = Calendar.from_ical(_export(capsys, str(path), "--format", "ics", "--has-deadline"))
    [todo] = cal.walk("VTODO")
    assert [str(c) for c in todo["categories"].cats] == ["Đảng ủy/UBND các phường"]
    assert "Assignee: Đảng ủy, UBND các phường" in str(todo["description"])


def test_reexport_is_byte_identical_after_rerun(capsys, db, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert main(["tasks", "--db", db, "--format", "ics", "--out", str(first)]) == 0
    upsert_documents(open_store(db), multiyear.records())
    assert main(["tasks", "--db", db, "--format", "ics", "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_csv_has_bom_tracker_columns_and_iso_dates(capsys, db, tmp_path):
    out = tmp_path / "tasks.csv"
    assert main(["tasks", "--db", db, "--format", "csv", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0])[:6] == ["Summary", "Description", "Assignee", "Due Date", "Labels", "Source"]
    assert len(rows) == 8
    by_id = {r["Task ID"]: r for r in rows}
    for task_id, task in _tasks_by_id().items():
        assert by_id[task_id]["Due Date"] == (task["deadline"] or "")
        assert by_id[task_id]["Assignee"] == task["assignee"]
    weekly = [r for r in rows if r["Recurrence"] == "FREQ=WEEKLY;BYDAY=FR"]
    assert len(weekly) == 1 and "recurring" in weekly[0]["Labels"].split()


def test_json_filters_by_unit_following_name_variants(capsys, db):
    items = json.loads(_export(capsys, db, "--format", "json", "--unit", "Phường Quảng Hoà"))
    assignees = {i["assignee"] for i in items}
    assert "xã Tân Phong" not in assignees
    assert {"phường Quảng Hòa", "phường Quảng Hoà", "UBND phường Quảng Hòa",
            "Công an phường Quảng Hòa"} <= assignees
    assert all(i["document"]["path"].startswith("multiyear/") for i in items)


@pytest.mark.parametrize("options, expected", [
    (["--due-before", "2023-12-31"], ["2022-09-30", "2023-08-30", "2023-11-30", "2023-12-31"]),
    (["--due-after", "2024-01-01"], ["2024-06-30", "2024-12-31"]),
    (["--has-deadline", "--from", "2024-01-01"], ["2024-06-30", "2024-12-31"]),
    (["--no-deadline"], [None, None]),
    (["--to", "2022-12-31"], ["2022-09-30", None]),
])
def test_date_filters(capsys, db, options, expected):
    items = json.loads(_export(capsys, db, "--format", "json", *options))
    assert [i["deadline"] for i in items] == expected


def test_official_filter_matches_honorific_and_tone_variants(capsys, db):
    items = json.loads(_export(capsys, db, "--format", "json", "--official", "Đ/c TRẦN VĂN THUỶ"))
    assert len(items) == 7
    assert {i["assigned_by"] for i in items} == {"Trần Văn Thuỷ", "Trần Văn Thủy"}


def test_missing_database_is_a_usage_error(capsys, tmp_path):
    assert main(["tasks", "--db", str(tmp_path / "none.sqlite"), "--format", "csv"]) == 4
    assert "vnextract run" in capsys.readouterr().err
