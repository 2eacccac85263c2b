"""Errors a person can act on: one line naming the thing, distinct exit statuses."""
from __future__ import annotations

import pytest

import multiyear
import vnextract.run_command
from vnextract.cli import main


def test_help_lists_the_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        main(["tasks", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "3 not found in the database" in out and "130 interrupted" in out


def test_out_that_is_a_file_is_one_line_exit_4(tmp_path, capsys):
    archive = tmp_path / "archive"
    multiyear.write_corpus(archive)
    blocker = tmp_path / "outputs"
    blocker.write_text("a file where a folder is wanted", encoding="utf-8")
    assert main(["run", str(archive), "--out", str(blocker), "--workers", "1", "--quiet"]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(blocker) in err and "Traceback" not in err


def test_vdir_out_that_is_a_file_and_ics_out_that_is_a_directory(tmp_path, capsys, db):
    blocker = tmp_path / "tasks.ics"
    blocker.write_text("x", encoding="utf-8")
    assert main(["tasks", "--db", db, "--format", "vdir", "--out", str(blocker)]) == 4
    assert main(["tasks", "--db", db, "--format", "ics", "--out", str(tmp_path)]) == 4
    assert main(["tasks", "--db", db, "--format", "vdir"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and "is a file" in err[0] and "is a directory" in err[1] and "--out DIR" in err[2]


def test_ctrl_c_says_what_was_kept_and_how_to_resume(tmp_path, capsys, monkeypatch):
    archive = tmp_path / "archive"
    multiyear.write_corpus(archive)

    def interrupted(args, tasks):
        yield from ()
        raise KeyboardInterrupt

    monkeypatch.setattr(vnextract.run_command, "_results", interrupted)
    assert main(["run", str(archive), "--out", str(tmp_path / "out"), "--quiet"]) == 130
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--resume" in err and ".vnextract-work" in err
    assert (tmp_path / "out" / ".vnextract-work").is_dir()

