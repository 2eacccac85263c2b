"""`vnextract audit`: a unit over time, overdue tasks with later progress, a career."""
from __future__ import annotations

import json

import pytest
from icalendar import Calendar

import multiyear
from vnextract.cli import main
from pipeline.store import add_unit_alias, open_store


def _audit(capsys, db: str, *options: str) -> str:
    assert main(["audit", "--db", db, *options]) == 0
    return capsys.readouterr().out


def _audit_json(capsys, db: str, *options: str) -> dict:
    return json.loads(_audit(capsys, db, *options, "--format", "json"))


@pytest.mark.parametrize("unit", ["phường Quảng Hòa", "PHƯỜNG QUẢNG HOÀ", "UBND phường Quảng Hoà"])
def test_unit_criteria_rise_over_the_years(capsys, db, unit):
    result = _audit_json(capsys, db, "--unit", unit)
    assert [(c["as_of"], c["met"], c["total"]) for c in result["criteria"]] == [
        ("2022-05-12", 3, 9), ("2023-07-20", 5, 9), ("2024-03-15", 8, 9)]
    assert [d["date"] for d in result["documents"]] == ["2022-05-12", "2023-07-20", "2024-03-15"]
    deadlines = {t["deadline"] for t in result["tasks"]}
    assert {"2022-09-30", "2023-08-30", "2024-06-30"} <= deadlines
    assert "2023-11-30" not in deadlines  # xã Tân Phong's task


def test_unit_text_report_and_chart_next_to_out(capsys, db, tmp_path):
    out = tmp_path / "audit" / "quang_hoa.txt"
    assert main(["audit", "--db", db, "--unit", "phường Quảng Hòa", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Criteria over time (3)" in text
    assert "2024-03-15  phường Quảng Hoà  phường văn minh đô thị  8    9" in text
    chart = out.with_suffix(".png")
    assert f"Chart: {chart}" in text
    data = chart.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000


def test_unit_chart_option(capsys, db, tmp_path):
    chart = tmp_path / "c.png"
    result = _audit_json(capsys, db, "--unit", "xã Tân Phong", "--chart", str(chart))
    assert [(c["met"], c["total"]) for c in result["criteria"]] == [(15, 19)]
    assert result["chart"] == str(chart) and chart.stat().st_size > 10_000


def test_unit_follows_aliases_of_a_renamed_unit(capsys, db):
    add_unit_alias(open_store(db), "phường Quảng Hòa", "phường Bình Lâm Đông")
    result = _audit_json(capsys, db, "--unit", "phường Bình Lâm Đông")
    assert [c["met"] for c in result["criteria"]] == [3, 5, 8]


def test_overdue_groups_by_assignee_and_finds_later_progress(capsys, db):
    result = _audit_json(capsys, db, "--overdue", "--as-of", "2024-06-30")
    tasks = {t["deadline"]: t for g in result["groups"] for t in g["tasks"]}
    assert sorted(tasks) == ["2022-09-30", "2023-08-30", "2023-11-30", "2023-12-31"]
    # `phường Quảng Hòa` and its `UBND phường Quảng Hòa` are one unit: one group.
    assert len(result["groups"]) == 3
    [ward] = [g for g in result["groups"] if len(g["tasks"]) == 2]
    assert ward["assignee"] == "phường Quảng Hòa"
    assert sorted(ward["written_as"]) == ["UBND phường Quảng Hòa", "phường Quảng Hòa"]
    progress = tasks["2022-09-30"]["progress"]
    assert progress["date"] == "2023-07-20"
    assert "cải tạo vỉa hè" in progress["sentence"]
    assert tasks["2023-08-30"]["progress"] is None  # lighting: no later word about it
    assert tasks["2022-09-30"]["days_late"] == 639


def test_overdue_ignores_documents_after_the_reference_date(capsys, db):
    result = _audit_json(capsys, db, "--overdue", "--as-of", "2023-01-01")
    [group] = result["groups"]
    [task] = group["tasks"]
    assert task["deadline"] == "2022-09-30" and task["progress"] is None


def test_overdue_text_shows_evidence_source_and_progress(capsys, db):
    text = _audit(capsys, db, "--overdue", "--as-of", "2024-07-01")
    # `Quảng Hòa` and `Quảng Hoà` are one assignee
    assert text.startswith("Overdue tasks as of 2024-07-01: 5 tasks, 3 assignees")
    assert "phường Quảng Hòa (3) — also written: UBND phường Quảng Hòa; phường Quảng Hoà" in text
    assert "evidence: “đề nghị phường Quảng Hoà hoàn thiện hồ sơ" in text
    assert "source:   Kết luận của đồng chí Trần Văn Thủy" in text
    assert "progress: 2023-07-20 “Phường đã hoàn thành cải tạo vỉa hè" in text
    assert "progress: none reported in later documents" in text


@pytest.mark.parametrize("name", ["Trần Văn Thủy", "Đ/c Trần Văn Thuỷ", "đồng chí TRẦN VĂN THỦY"])
def test_official_career_over_time(capsys, db, name):
    result = _audit_json(capsys, db, "--official", name)
    assert result["names"] == ["Trần Văn Thuỷ", "Trần Văn Thủy"]
    assert [(t["title"], t["first"], t["last"]) for t in result["titles"]] == [
        ("Phó Chủ tịch UBND thị xã", "2022-05-12", "2023-07-20"),
        ("Chủ tịch UBND thị xã", "2024-03-15", "2024-03-15")]
    assert [a["date"] for a in result["appearances"]] == ["2022-05-12", "2023-07-20", "2024-03-15"]


def test_official_text_and_unknown_person(capsys, db):
    text = _audit(capsys, db, "--official", "Lê Thị Hồng Nhung")
    assert "Chủ tịch UBND phường Quảng Hòa  2022-05-12" in text
    assert "By document (2)" in text
    assert main(["audit", "--db", db, "--official", "Nguyễn Văn Không Có"]) == 3
    assert "no official named 'Nguyễn Văn Không Có'" in capsys.readouterr().err


def test_usage_errors(capsys, db, tmp_path):
    assert main(["audit", "--db", str(tmp_path / "missing.sqlite"), "--overdue"]) == 4
    assert main(["audit", "--db", db, "--overdue", "--as-of", "30/6/2024"]) == 2
    with pytest.raises(SystemExit):
        main(["audit", "--db", db])  # one of --unit/--overdue/--official is required


# ---------------------------------------------------------------------------------------
# END-TO-END: `vnextract run` on the multi-year .txt documents, then every query command
# on the database it fills.  Exercises the extractors as well as the store, so a failure
# here with the unit tests above passing points at extraction, not at the audit.
# ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def e2e(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    multiyear.write_corpus(root / "docs")
    db = root / "records.sqlite"
    argv = ["run", str(root / "docs"), "--out", str(root / "out"), "--db", str(db), "--quiet"]
    assert main(argv) == 0
    return root, db, argv


def test_e2e_run_fills_the_store_and_rerun_changes_nothing(e2e):
    root, db, argv = e2e
    conn = open_store(db)
    before = [tuple(r) for r in conn.execute("SELECT doc_id, task_id FROM tasks ORDER BY 1, 2")]
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 4
    assert main(argv) == 0
    after = [tuple(r) for r in conn.execute("SELECT doc_id, task_id FROM tasks ORDER BY 1, 2")]
    assert after == before and len(before) >= 6


def test_e2e_unit_progress_and_official_career(e2e, capsys):
    _, db, _ = e2e
    result = _audit_json(capsys, str(db), "--unit", "phường Quảng Hòa")
    assert [(c["met"], c["total"]) for c in result["criteria"]] == [(3, 9), (5, 9), (8, 9)]
    career = _audit_json(capsys, str(db), "--official", "Trần Văn Thủy")
    titles = [t["title"] for t in career["titles"]]
    assert titles[0].startswith("Phó Chủ tịch") and titles[-1].startswith("Chủ tịch")
    assert len(career["appearances"]) == 3


def test_e2e_overdue_and_exports(e2e, capsys):
    _, db, _ = e2e
    overdue = _audit_json(capsys, str(db), "--overdue", "--as-of", "2024-06-30")
    deadlines = {t["deadline"] for g in overdue["groups"] for t in g["tasks"]}
    assert {"2022-09-30", "2023-08-30", "2023-11-30", "2023-12-31"} <= deadlines
    assert main(["tasks", "--db", str(db), "--format", "ics"]) == 0
    todos = Calendar.from_ical(capsys.readouterr().out).walk("VTODO")
    assert any(t.get("rrule") and t["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=FR" for t in todos)
    assert "2023-08-30" in {t["due"].dt.isoformat() for t in todos if t.get("due")}
