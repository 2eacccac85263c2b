"""Speed of the store's version handling and of the query side on a synthetic archive.

    python3 benchmarks/bench_store.py [DOCUMENTS]

Loads DOCUMENTS records (variants of the multi-year corpus, each its own file and text) into
a fresh SQLite store, loads them again (nothing changes), edits a tenth of the files
(superseding their documents), then times the queries trackers and audits make: every
task, a unit typed without diacritics, superseded tasks, and a vdir sync (first and
second).  Prints seconds (wall clock; the machine may be shared).
"""
from __future__ import annotations

import copy
import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import multiyear  # noqa: E402

from vnextract.exports import TaskFilter, select_tasks  # noqa: E402
from pipeline.store import open_store, superseded_task_rows, task_rows, upsert_documents  # noqa: E402
from vnextract.trackers import VdirTarget, sync  # noqa: E402


def _variant(record: dict, i: int, edit: int = 0) -> dict:
    out = copy.deepcopy(record)
    out["text"] = record["text"] + f"\nBản số {i}." + (f" Sửa lần {edit}." if edit else "")
    out["doc_id"] = hashlib.sha256(out["text"].encode("utf-8")).hexdigest()[:16]
    out["source"]["path"] = f"/archive/{i // 100:03d}/{i:06d}-{record['source']['path'].split('/')[-1]}"
    for task in out["tasks"]:
        task["task_id"] = multiyear.task_id_of(out["doc_id"], task["action"], task["assignee"])
    return out


def _timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    base = multiyear.records()
    records = [_variant(base[i % len(base)], i) for i in range(n)]
    edited = [_variant(base[i % len(base)], i, edit=1) for i in range(0, n, 10)]
    with tempfile.TemporaryDirectory() as tmp:
        conn = open_store(Path(tmp) / "records.sqlite")
        _timed(f"load {n} documents", lambda: upsert_documents(conn, records))
        _timed(f"load them again (unchanged)", lambda: upsert_documents(conn, records))
        stats = _timed(f"load {len(edited)} edited files (supersede)", lambda: upsert_documents(conn, edited))
        assert stats.changed == len(edited)
        tasks = _timed("task_rows (every current task)", lambda: task_rows(conn))
        _timed("select_tasks --unit 'phuong quang hoa'",
               lambda: select_tasks(conn, TaskFilter(unit="phuong quang hoa")))
        old = _timed("superseded_task_rows", lambda: superseded_task_rows(conn))
        target = VdirTarget(Path(tmp) / "vdir")
        first = _timed(f"vdir sync of {len(tasks)} tasks (first)", lambda: sync(target, tasks, old))
        second = _timed("vdir sync again (nothing to write)", lambda: sync(target, tasks, old))
        print(f"first: {first}; second: {second}")
        conn.close()


if __name__ == "__main__":
    main()
