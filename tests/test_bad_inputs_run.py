"""A whole folder of bad inputs through `vnextract run`: no crash, each input accounted for.

Besides the readers' bad files (`tests/make_bad_inputs.py`), the cases that only exist
at run level: a directory named like a document, symbolic-link loops, a FIFO, a file
that is deleted between listing and reading, and an unreadable file.  Tests run as root,
for whom `chmod 000` changes nothing, so the unreadable file is a link to a write-only
kernel file (`/proc/sys/vm/drop_caches`, mode 0200): opening it for reading fails with
EACCES even for root — a genuine PermissionError from the kernel, not a mock.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import vnextract.run_command
from pipeline.batch import discover
from vnextract.cli import main as cli
from tests.make_bad_inputs import make_bad_inputs
from tests.test_bad_inputs_readers import EXPECTED as READER_CODES

WRITE_ONLY = "/proc/sys/vm/drop_caches"

RUN_LEVEL = {  # name → error code at run level
    "folder.pdf": "is-directory",
    "loop.txt": "unreadable",
    "sub/back": "symlink-loop",
    "pipe.html": "not-a-file",
    "vanishing.txt": "not-found",
    "locked.txt": "permission-denied",
}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory) -> tuple[int, Path, dict[str, dict]]:
    root = tmp_path_factory.mktemp("bad_run")
    bad = root / "in"
    names = set(make_bad_inputs(bad, big=False))
    (bad / "folder.pdf").mkdir()
    (bad / "folder.pdf" / "inside.txt").write_text(
        "Đồng chí Lê Thị Hoa, Chủ tịch UBND xã chủ trì hội nghị.\n", encoding="utf-8")
    os.symlink("loop.txt", bad / "loop.txt")
    (bad / "sub").mkdir()
    os.symlink("..", bad / "sub" / "back")
    os.mkfifo(bad / "pipe.html")
    os.symlink(WRITE_ONLY, bad / "locked.txt")
    (bad / "vanishing.txt").write_text("Thông báo số 12/TB-UBND.\n", encoding="utf-8")
    names |= set(RUN_LEVEL) | {"folder.pdf/inside.txt"}

    def listing_then_delete(inputs, found=None):
        for path, error in discover(inputs, found):
            yield path, error
            if path.endswith("vanishing.txt"):
                os.unlink(path)  # gone after listing, before a worker reads it

    mp = pytest.MonkeyPatch()
    mp.setattr(vnextract.run_command, "discover", listing_then_delete)
    out = root / "out"
    try:
        code = cli(["run", str(bad), "--out", str(out), "--workers", "2", "--timeout", "120",
                    "--quiet", "--no-db"])
    finally:
        mp.undo()
    seen: dict[str, dict] = {}
    for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        seen[os.path.relpath(record["source"]["path"], bad)] = {"record": record}
    for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines():
        error = json.loads(line)
        name = os.path.relpath(error["path"], bad)
        assert name not in seen, f"{name} is in both outputs"
        seen[name] = error
    assert set(seen) == names  # every input exactly once, nothing else
    return code, bad, seen


def test_run_exits_1_when_some_inputs_failed(outcome):
    assert outcome[0] == 1


@pytest.mark.parametrize("name", sorted(RUN_LEVEL))
def test_run_level_case_is_an_error_naming_the_file(outcome, name):
    _, bad, seen = outcome
    assert seen[name]["error"] == RUN_LEVEL[name]
    assert seen[name]["message"].startswith(f"{bad / name}: ")
    assert len(seen[name]["message"]) > len(str(bad / name)) + 10  # says what is wrong


def test_documents_inside_a_directory_named_like_a_document_are_processed(outcome):
    record = outcome[2]["folder.pdf/inside.txt"]["record"]
    assert "Lê Thị Hoa" in record["text"]


@pytest.mark.parametrize("name", sorted(set(READER_CODES) - {"big_50mb.txt"}))  # big=False
def test_reader_bad_file_ends_as_the_readers_verdict(outcome, name):
    _, bad, seen = outcome
    entry = seen[name]
    if READER_CODES[name] is None:
        assert "record" in entry or entry["error"] in ("no-text", "timeout"), entry
    else:
        assert entry["error"] == READER_CODES[name]
        assert str(bad / name) in entry["message"] and entry["sha256"]
