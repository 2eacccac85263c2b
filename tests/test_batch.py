"""Batch engine pieces: discovery order, watchdog pool, work files, merge, resume matching, tables."""
from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.batch import (Discovery, WorkDir, WorkFile, discover, finalize, merged, path_key,
                            process_task, read_work_file, tasks_for)
from pipeline.watchdog import Result, Task, WorkerPool, WorkerStartError
from pipeline.writer import write_tables


# ---------------------------------------------------------------- worker functions (run in children)
def fake_work(task: Task) -> Result:
    """Sleeps on 'slow' inputs and dies on 'crash' ones: stand-ins for runaway extractors."""
    if "slow" in task.path:
        time.sleep(60)
    if "crash" in task.path:
        os._exit(3)
    return Result(task.seq, task.path, "D", None, json.dumps({"path": task.path, "pid": os.getpid()}))


def broken_init() -> None:
    raise ImportError("extractor module missing")


# ---------------------------------------------------------------- discovery
def _touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discovery_walks_in_path_component_order(tmp_path):
    for rel in ("b.txt", "a/z.docx", "a.txt", "a/b/c.html", "a/b.pdf", "c/sheet.xlsx", "A.TXT"):
        _touch(tmp_path / rel)
    found = Discovery()
    paths = [os.path.relpath(p, tmp_path) for p, _ in discover([str(tmp_path)], found)]
    assert paths == ["A.TXT", "a/b/c.html", "a/b.pdf", "a/z.docx", "a.txt", "b.txt"]
    assert paths == sorted(paths, key=path_key)
    assert found.unsupported == 1 and found.examples == [str(tmp_path / "c/sheet.xlsx")]


def test_discovery_reports_odd_entries_instead_of_following_them(tmp_path):
    _touch(tmp_path / "docs/report.txt")
    _touch(tmp_path / "docs/x.pdf/inside.txt")
    os.symlink("..", tmp_path / "docs/parent")            # directory loop
    os.symlink("docs", tmp_path / "later")                # the same tree twice
    os.symlink("self.txt", tmp_path / "docs/self.txt")    # file link loop
    found = Discovery()
    items = {os.path.relpath(p, tmp_path): err for p, err in discover([str(tmp_path)], found)}
    assert list(items) == ["docs/parent", "docs/report.txt", "docs/self.txt", "docs/x.pdf",
                           "docs/x.pdf/inside.txt"]
    assert items["docs/parent"][0] == "symlink-loop"
    assert items["docs/x.pdf"] is None and items["docs/self.txt"] is None  # the worker says what is wrong
    assert found.duplicates == 1


def test_nested_and_repeated_inputs_are_walked_once(tmp_path):
    doc = _touch(tmp_path / "d/one.txt")
    paths = [p for p, _ in discover([str(tmp_path / "d"), str(doc), str(tmp_path / "d") + "/"])]
    assert paths == [str(doc)]


# ---------------------------------------------------------------- watchdog pool
def test_pool_survives_runaway_and_crashing_documents_in_order():
    names = ["a", "b", "slow", "c", "crash", "d", "e", "f", "g"]
    started = time.monotonic()
    with WorkerPool(2, "tests.test_batch:fake_work", None, timeout=1.0) as pool:
        results = list(pool.imap(Task(i, n) for i, n in enumerate(names)))
        assert pool.restarts == 2
    assert time.monotonic() - started < 20
    assert [r.path for r in results] == names
    assert [r.kind for r in results] == ["D", "D", "E", "D", "E", "D", "D", "D", "D"]
    slow, crash = json.loads(results[2].line), json.loads(results[4].line)
    assert slow == {"path": "slow", "error": "timeout", "sha256": None,
                    "message": "slow: processing exceeded 1 s; skipped"}
    assert crash["error"] == "worker-died" and crash["message"].startswith("crash: ")


def test_pool_stops_when_workers_cannot_start():
    with WorkerPool(1, "tests.test_batch:fake_work", "tests.test_batch:broken_init", 5.0) as pool:
        with pytest.raises(WorkerStartError):
            list(pool.imap([Task(0, "a")]))


# ---------------------------------------------------------------- work files, merge, resume
def _result(path: str, kind: str = "D", sha: str | None = "s1", **extra) -> Result:
    return Result(0, path, kind, sha, json.dumps({"path": path, **extra}))


def test_truncated_last_line_is_dropped(tmp_path):
    work = WorkFile(tmp_path / "run-0001.jsonl")
    work.append(_result("a.txt"))
    work.append(_result("b.txt"))
    work.close()
    with open(tmp_path / "run-0001.jsonl", "a", encoding="utf-8") as fh:
        fh.write('["D", "c.txt", "s1"]\t{"path": "c.t')  # killed mid-write
    assert [e.path for e in read_work_file(tmp_path / "run-0001.jsonl", 1)] == ["a.txt", "b.txt"]


def test_merge_keeps_newest_line_per_input_in_input_order(tmp_path):
    out = tmp_path / "out"
    first = WorkDir(out, resume=False)
    wf = WorkFile(first.current)
    for path in ("a/x.txt", "a/y.txt", "a.txt"):
        wf.append(_result(path, version=1))
    wf.close()
    first.release()
    second = WorkDir(out, resume=True)
    wf = WorkFile(second.current)
    wf.append(_result("a/y.txt", "E", version=2))
    wf.append(_result("b.txt", version=2))
    wf.close()
    totals = finalize(second)
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    errs = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [(d["path"], d["version"]) for d in docs] == [("a/x.txt", 1), ("a.txt", 1), ("b.txt", 2)]
    assert [(e["path"], e["version"]) for e in errs] == [("a/y.txt", 2)]
    assert (totals.documents, totals.errors) == (3, 1)


def test_resume_matches_previous_outputs_by_path_and_sha(tmp_path):
    out = tmp_path / "out"
    work = WorkDir(out, resume=False)
    wf = WorkFile(work.current)
    wf.append(_result("a.txt", sha="sha-a"))
    wf.append(_result("b.txt", "E", sha=None))  # could not be read last time: tried again
    wf.close()
    work.release()
    again = WorkDir(out, resume=True)
    inputs = [("a.txt", None), ("b.txt", None), ("c.txt", None)]
    tasks = list(tasks_for(inputs, again.previous()))
    assert [(t.path, t.known_sha) for t in tasks] == [("a.txt", "sha-a"), ("b.txt", None), ("c.txt", None)]


def test_unchanged_input_is_skipped_by_the_worker(tmp_path):
    doc = _touch(tmp_path / "a.txt", "Thông báo số 12/TB-UBND về lịch tiếp công dân.")
    first = process_task(Task(0, str(doc)))
    assert first.kind == "D"
    assert process_task(Task(0, str(doc), known_sha=first.sha256)).kind == "S"
    doc.write_text("Thông báo số 13/TB-UBND về lịch tiếp công dân.", encoding="utf-8")
    assert process_task(Task(0, str(doc), known_sha=first.sha256)).kind == "D"


def test_merge_of_unordered_streams_is_refused(tmp_path):
    from pipeline.batch import ResumeError
    path = tmp_path / "run-0001.jsonl"
    wf = WorkFile(path)
    wf.append(_result("b.txt"))
    wf.append(_result("a.txt"))
    wf.close()
    with pytest.raises(ResumeError):
        list(merged([read_work_file(path, 1)]))


# ---------------------------------------------------------------- tables
def test_tables_stream_with_one_schema_across_row_groups(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.writer.ROW_GROUP", 2)
    records = [
        {"doc_id": f"d{i}", "source": {"path": f"{i}.txt", "format": "txt", "sha256": "s", "pages": None},
         "text": "t", "title": "Thông báo kết luận" if i else None, "warnings": ["năm đoán"] if i == 3 else [],
         "officials": [], "criteria": [],
         "tasks": [{"task_id": f"t{i}", "deadline": None if i < 3 else "2024-03-31", "span": [0, 1],
                    "extra": 1 if i % 2 else "một"}],
         "refs": []}
        for i in range(5)]
    write_tables(tmp_path, lambda: iter(records))
    tasks = pq.read_table(tmp_path / "tasks.parquet")
    assert tasks.num_rows == 5 and pq.ParquetFile(tmp_path / "tasks.parquet").num_row_groups == 3
    assert tasks.column("deadline").to_pylist() == [None, None, None, "2024-03-31", "2024-03-31"]
    assert tasks.column("span").to_pylist() == [[0, 1]] * 5
    assert tasks.column("extra").to_pylist() == ["một", "1", "một", "1", "một"]  # mixed → text
    raw = (tmp_path / "documents.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["title"] for r in rows] == ["", "Thông báo kết luận", "Thông báo kết luận",
                                          "Thông báo kết luận", "Thông báo kết luận"]
    assert rows[3]["warnings"] == "năm đoán" and rows[3]["n_tasks"] == "1"
    officials = pq.read_table(tmp_path / "officials.parquet")
    assert officials.num_rows == 0 and "mentions" in officials.column_names
