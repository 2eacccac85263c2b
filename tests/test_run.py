"""`vnextract run` end to end: outputs, order, determinism across workers, resume, exit codes."""
from __future__ import annotations

import csv
import hashlib
import json
import re
import sqlite3
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import vnextract.run_command
from benchmarks.synth import write_archive
from pipeline.batch import process_task
from vnextract.cli import main as cli
from pipeline.watchdog import Result, Task


def runaway_or_real(task: Task) -> Result:
    """Worker function for the watchdog test: inputs named 'runaway' never finish."""
    if Path(task.path).name == "runaway.txt":
        time.sleep(120)
    return process_task(task)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    write_archive(root, 24, seed=7, min_chars=800, max_chars=4_000)
    (root / "notes.jpg").write_bytes(b"\xff\xd8\xff")  # a truncated JPEG: an error, not skipped
    (root / "sheet.xlsx").write_bytes(b"PK")  # not a format vnextract reads: skipped
    (root / "empty.txt").write_text("", encoding="utf-8")
    return root


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _run(*args: str) -> int:
    return cli(["run", "--quiet", *map(str, args)])


def test_run_writes_every_output_once_in_path_order(archive, tmp_path):
    out = tmp_path / "out"
    assert _run(archive, "--out", out, "--workers", "2") == 1  # empty.txt and notes.jpg fail
    docs, errors = _jsonl(out / "documents.jsonl"), _jsonl(out / "errors.jsonl")
    inputs = sorted([str(p) for p in archive.rglob("*.txt")] + [str(archive / "notes.jpg")])
    assert len(docs) == 24 and [e["path"] for e in errors] == [str(archive / "empty.txt"), str(archive / "notes.jpg")]
    assert errors[0]["error"] == "empty" and str(archive / "empty.txt") in errors[0]["message"]
    assert errors[1]["error"] == "corrupt" and str(archive / "notes.jpg") in errors[1]["message"]
    assert sorted([d["source"]["path"] for d in docs] + [e["path"] for e in errors]) == inputs
    assert [d["source"]["path"] for d in docs] == sorted(d["source"]["path"] for d in docs)
    assert not (out / ".vnextract-work").exists()
    frame = pq.read_table(out / "documents.parquet")
    assert frame.column("doc_id").to_pylist() == [d["doc_id"] for d in docs]
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        assert [row["path"] for row in csv.DictReader(fh)] == [d["source"]["path"] for d in docs]
    n_tasks = sum(len(d["tasks"]) for d in docs)
    assert pq.read_table(out / "tasks.parquet").num_rows == n_tasks
    conn = sqlite3.connect(out / "records.sqlite")
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 24
    conn.close()


def test_the_final_phase_shows_its_progress_unless_quiet(archive, tmp_path, capsys):
    assert cli(["run", str(archive), "--out", str(tmp_path / "out"), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"tables \(2 passes\): 100%\S* 48/48 ", err)
    assert re.search(r"store: 100%\S* 24/24 ", err)
    assert _run(archive, "--out", tmp_path / "quiet", "--workers", "1") == 1
    assert capsys.readouterr().err == ""


def test_outputs_are_identical_whatever_the_number_of_workers(archive, tmp_path):
    _run(archive, "--out", tmp_path / "one", "--workers", "1", "--no-db")
    _run(archive, "--out", tmp_path / "two", "--workers", "2", "--no-db")
    for name in ("documents.jsonl", "errors.jsonl", "tasks.csv", "documents.parquet"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert not (tmp_path / "one" / "records.sqlite").exists()


def test_resume_skips_unchanged_and_redoes_changed_inputs(tmp_path, capsys):
    src = tmp_path / "src"
    paths = write_archive(src, 6, seed=3, min_chars=800, max_chars=2_000)
    out = tmp_path / "out"
    assert _run(src, "--out", out, "--workers", "1") == 0
    before = _jsonl(out / "documents.jsonl")
    paths[2].write_text(paths[2].read_text(encoding="utf-8") + "Bổ sung một đoạn mới.\n", encoding="utf-8")
    write_archive(tmp_path / "more", 1, seed=9)[0].rename(src / "batch00000" / "doc0000003b.txt")
    capsys.readouterr()
    assert cli(["run", str(src), "--out", str(out), "--workers", "1", "--resume"]) == 0
    summary = capsys.readouterr().err
    assert "this run: 2 files read, 0 errors, 5 unchanged" in summary
    assert "store: 2 files gave 2 documents (1 new, 1 changed, 0 unchanged)" in summary
    assert re.search(r"tables \(2 passes\): 100%\S* 14/14 ", summary)  # all 7 records, twice
    assert re.search(r"store: 100%\S* 2/2 ", summary)                   # only the new ones
    after = _jsonl(out / "documents.jsonl")
    assert len(after) == 7
    by_path = {d["source"]["path"]: d for d in after}
    for old in before:
        new = by_path[old["source"]["path"]]
        assert (new == old) == (old["source"]["path"] != str(paths[2]))
    assert [d["source"]["path"] for d in after] == sorted(by_path)


def test_a_runaway_document_becomes_a_timeout_error_and_the_run_goes_on(tmp_path, monkeypatch, capfd):
    src = tmp_path / "src"
    paths = write_archive(src, 3, seed=4, min_chars=500, max_chars=1_000)
    runaway = paths[1].with_name("runaway.txt")
    paths[1].rename(runaway)
    monkeypatch.setattr(vnextract.run_command, "WORK", "tests.test_run:runaway_or_real")
    started = time.monotonic()
    assert _run(src, "--out", tmp_path / "out", "--workers", "1", "--timeout", "1.5", "--no-db") == 1
    assert time.monotonic() - started < 30
    assert _jsonl(tmp_path / "out" / "errors.jsonl") == [{
        "path": str(runaway), "error": "timeout",
        "message": f"{runaway}: processing exceeded 1.5 s; skipped",
        "sha256": hashlib.sha256(runaway.read_bytes()).hexdigest()}]  # resume skips it while unchanged
    assert len(_jsonl(tmp_path / "out" / "documents.jsonl")) == 2
    assert "Traceback" not in capfd.readouterr().err


def test_usage_errors_exit_2(tmp_path):
    assert _run(tmp_path / "missing", "--out", tmp_path / "out") == 2
    assert _run(tmp_path, "--out", tmp_path / "out", "--workers", "0") == 2


def test_help_documents_exit_codes(capsys):
    with pytest.raises(SystemExit):
        cli(["run", "--help"])
    text = capsys.readouterr().out
    assert "0 every input processed" in text and "1 some inputs failed" in text and "2 usage error" in text
