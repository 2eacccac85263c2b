"""Crash safety: SIGKILL `vnextract run` mid-run, restart with --resume, check every output."""
from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from benchmarks.synth import write_archive

ROOT = Path(__file__).resolve().parent.parent


def _command(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "vnextract", "run", str(src), "--out", str(out), "--workers", "2",
            *extra]


def _work_lines(out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in (out / ".vnextract-work").glob("run-*.jsonl"))


def test_killed_run_resumes_to_exactly_once_outputs(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    inputs = sorted(str(p) for p in write_archive(src, 200, seed=11, min_chars=600, max_chars=1_500))
    (src / "batch00001" / "broken.docx").write_bytes(b"not a zip at all")
    inputs = sorted(inputs + [str(src / "batch00001" / "broken.docx")])

    proc = subprocess.Popen(_command(src, out, "--quiet"), cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out / ".vnextract-work").exists() or _work_lines(out) < 20:
        assert proc.poll() is None, "the run finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, mid-run
    proc.wait()
    done_before = _work_lines(out)
    assert 20 <= done_before < len(inputs)
    assert not (out / "documents.jsonl").exists()  # nothing half-written under a final name

    resumed = subprocess.run(_command(src, out, "--resume"), cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 1, resumed.stderr  # broken.docx
    unchanged = int(re.search(r"(\d+) unchanged", resumed.stderr).group(1))
    assert unchanged >= done_before  # what the killed run finished was not redone
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    seen = [d["source"]["path"] for d in docs] + [e["path"] for e in errors]
    assert sorted(seen) == inputs  # every input exactly once
    assert [e["path"] for e in errors] == [str(src / "batch00001" / "broken.docx")]
    assert errors[0]["sha256"] and errors[0]["error"] == "not-docx"
    for name in ("documents", "officials", "criteria", "tasks", "refs"):
        pq.read_table(out / f"{name}.parquet")
    assert pq.read_table(out / "documents.parquet").num_rows == len(docs)
    conn = sqlite3.connect(out / "records.sqlite")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(docs)
    conn.close()
    assert not (out / ".vnextract-work").exists()

    fresh = subprocess.run(_command(src, tmp_path / "fresh", "--no-db", "--quiet"), cwd=ROOT)
    assert fresh.returncode == 1
    assert (tmp_path / "fresh" / "documents.jsonl").read_bytes() == (out / "documents.jsonl").read_bytes()
