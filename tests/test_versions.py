"""Versions: an archive edited, renamed and pruned between runs into one database.

Every query and export must show only the current version of each file; superseded and
forgotten documents stay readable in `history`.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

import multiyear
from vnextract.cli import main as cli
from pipeline.store import forget, open_store, path_key, stale_sources, upsert_documents


def _run(archive: Path, db: Path, out: Path, *extra: str) -> int:
    return cli(["run", str(archive), "--out", str(out), "--db", str(db), "--workers", "1",
                "--quiet", *extra])


def _current(db: Path) -> dict[str, object]:
    """What a user sees through the query side: export ids, audit rows, tables."""
    conn = sqlite3.connect(db)
    docs = {r[0] for r in conn.execute("SELECT doc_id FROM documents")}
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("documents", "criteria", "tasks", "sources", "history")}
    orphans = conn.execute("SELECT COUNT(*) FROM tasks WHERE doc_id NOT IN "
                           "(SELECT doc_id FROM documents)").fetchone()[0]
    conn.close()
    return {"docs": docs, "counts": counts, "orphans": orphans}


def _audit_out(db: Path, capsys, *args: str) -> str:
    capsys.readouterr()
    assert cli(["audit", "--db", str(db), *args]) == 0
    return capsys.readouterr().out


def _export(db: Path, capsys, *args: str) -> str:
    capsys.readouterr()
    assert cli(["tasks", "--db", str(db), *args]) == 0
    return capsys.readouterr().out


def test_edit_rename_delete_between_runs(tmp_path, capsys):
    archive, db, out = tmp_path / "archive", tmp_path / "records.sqlite", tmp_path / "out"
    multiyear.write_corpus(archive)
    assert _run(archive, db, out) == 0
    first = _current(db)
    assert first["counts"]["documents"] == 4 and first["counts"]["history"] == 0

    # 1. Edit: the 2022 report is corrected (4/9 met, a later deadline).
    edited = archive / "2022-05-quang-hoa.txt"
    edited.write_text(edited.read_text(encoding="utf-8")
                      .replace("đạt 3/9 tiêu chí", "đạt 4/9 tiêu chí")
                      .replace("trước 30/9/2022", "trước 31/10/2022"), encoding="utf-8")
    capsys.readouterr()
    assert cli(["run", str(archive), "--out", str(out), "--db", str(db), "--workers", "1"]) == 0
    assert "store: 4 files gave 4 documents (0 new, 1 changed, 3 unchanged)" in capsys.readouterr().err
    after_edit = _current(db)
    assert after_edit["counts"]["documents"] == 4 and after_edit["orphans"] == 0
    assert after_edit["counts"]["criteria"] == first["counts"]["criteria"]
    assert after_edit["counts"]["tasks"] == first["counts"]["tasks"]
    assert after_edit["counts"]["history"] == 1
    capsys.readouterr()
    assert cli(["audit", "--db", str(db), "--unit", multiyear.UNIT, "--format", "json"]) == 0
    audit = json.loads(capsys.readouterr().out)
    assert sorted(c["met"] for c in audit["criteria"]) == [4, 5, 8]  # not 3, and not twice
    deadlines = [t["deadline"] for t in json.loads(_export(db, capsys, "--format", "json"))]
    assert "2022-10-31" in deadlines and "2022-09-30" not in deadlines
    ics = _export(db, capsys, "--format", "ics")
    conn = sqlite3.connect(db)
    old_record = json.loads(conn.execute("SELECT record FROM history").fetchone()[0])
    reason, by = conn.execute("SELECT reason, superseded_by FROM history").fetchone()
    conn.close()
    assert (reason, by in after_edit["docs"]) == ("changed", True)
    assert "đạt 3/9 tiêu chí" in old_record["text"]  # what the earlier version said
    for task in old_record["tasks"]:
        assert task["task_id"] not in ics
    history = json.loads(_audit_out(db, capsys, "--history", str(edited), "--format", "json"))
    assert [v["status"] for v in history["versions"]] == ["current", "superseded"]
    assert history["versions"][0]["criteria"] == ["phường Quảng Hòa: 4/9"]
    assert history["versions"][1]["criteria"] == ["phường Quảng Hòa: 3/9"]
    assert history["versions"][1]["reason"] == "changed"
    assert "2022-09-30" in _audit_out(db, capsys, "--history", str(edited))  # the old deadline

    # 2. Rename: same text under a new name; --prune drops the old path, the document stays.
    renamed = archive / "2024-03-quang-hoa-ve-dich.txt"
    (archive / "2024-03-quang-hoa.txt").rename(renamed)
    assert _run(archive, db, out, "--prune") == 0
    after_rename = _current(db)
    assert after_rename["docs"] == after_edit["docs"]
    assert after_rename["counts"]["history"] == 1
    conn = sqlite3.connect(db)
    paths = sorted(Path(r[0]).name for r in conn.execute("SELECT path FROM sources"))
    conn.close()
    assert "2024-03-quang-hoa.txt" not in paths and renamed.name in paths

    # 3. Delete: xã Tân Phong's report leaves the archive; --prune forgets it.
    (archive / "2023-10-tan-phong.txt").unlink()
    assert _run(archive, db, out, "--prune") == 0
    after_delete = _current(db)
    assert after_delete["counts"]["documents"] == 3 and after_delete["orphans"] == 0
    assert after_delete["counts"]["history"] == 2
    gone = json.loads(_audit_out(db, capsys, "--history", str(archive / "2023-10-tan-phong.txt"),
                                 "--format", "json"))
    assert [(v["status"], v["reason"]) for v in gone["versions"]] == [("superseded", "forgotten")]
    assert cli(["audit", "--db", str(db), "--history", str(archive / "never.txt")]) == 3
    rows = list(csv.DictReader(io.StringIO(_export(db, capsys, "--format", "csv").lstrip("\ufeff"))))
    assert rows and not any("Tân Phong" in r["Assignee"] for r in rows)
    capsys.readouterr()
    assert cli(["audit", "--db", str(db), "--overdue", "--as-of", "2030-01-01", "--format", "json"]) == 0
    overdue = json.loads(capsys.readouterr().out)
    assert not any("Tân Phong" in (g["assignee"] or "") for g in overdue["groups"])
    assert sum(g["assignee"] is not None for g in overdue["groups"]) >= 1


def test_same_text_in_three_formats_is_one_document_with_three_sources(tmp_path):
    conn = open_store(tmp_path / "r.sqlite")
    record = multiyear.records()[1]
    copies = []
    for fmt in ("txt", "docx", "pdf"):
        r = copy.deepcopy(record)
        r["source"].update(path=f"{tmp_path}/archive/{fmt}/notice.{fmt}", format=fmt)
        copies.append(r)
    stats = upsert_documents(conn, copies)
    assert (stats.files, stats.documents, stats.new) == (3, 1, 1)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == len(record["tasks"])
    assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 3
    # Forgetting two of the three files keeps the document; the last one retires it.
    forgotten, retired = forget(conn, [f"{tmp_path}/archive/txt", f"{tmp_path}/archive/pdf/notice.pdf"])
    assert len(forgotten) == 2 and retired == []
    forgotten, retired = forget(conn, [f"{tmp_path}/archive/docx/notice.docx"])
    assert retired == [record["doc_id"]]
    assert conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == 0
    assert conn.execute("SELECT reason FROM history").fetchone()[0] == "forgotten"


def test_stale_sources_stay_inside_the_roots_of_the_run(tmp_path):
    conn = open_store(tmp_path / "r.sqlite")
    records = multiyear.records()[:2]
    records[0]["source"]["path"] = str(tmp_path / "a" / "one.txt")
    records[1]["source"]["path"] = str(tmp_path / "ab" / "two.txt")  # `a` is not its parent
    upsert_documents(conn, records)
    assert stale_sources(conn, [tmp_path / "a"], set()) == [records[0]["source"]["path"]]
    assert stale_sources(conn, [tmp_path / "a"], {path_key(records[0]["source"]["path"])}) == []


def test_forget_command_reports_unknown_paths(tmp_path, capsys, db):
    assert cli(["forget", "--db", db, str(tmp_path / "never-read.txt")]) == 3
    err = capsys.readouterr().err
    assert "never-read.txt" in err and err.count("\n") == 1
    assert cli(["forget", "--db", db, "multiyear"]) == 0
    assert "forgot 4 files; 4 documents moved to history" in capsys.readouterr().err


def test_database_written_before_sources_existed_is_backfilled(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = open_store(path)
    upsert_documents(conn, multiyear.records())
    conn.execute("DELETE FROM sources")
    conn.commit()
    conn.close()
    conn = open_store(path)
    assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 4
    changed = copy.deepcopy(multiyear.records()[0])
    changed["text"] += "\nBổ sung."
    changed["doc_id"] = multiyear.doc_id_of(changed["text"])
    assert upsert_documents(conn, [changed]).changed == 1
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 4


@pytest.mark.parametrize("command", ["tasks", "audit", "forget"])
def test_a_db_that_is_not_sqlite_is_one_line_exit_4(tmp_path, capsys, command):
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"not a database at all, a text file named .sqlite\n" * 100)
    extra = {"tasks": [], "audit": ["--overdue"], "forget": ["x.txt"]}[command]
    for db in (bad, tmp_path):  # a text file, a directory
        code = cli([command, "--db", str(db), *extra])
        err = capsys.readouterr().err
        assert code == 4 and err.count("\n") == 1 and str(db) in err and "Traceback" not in err
