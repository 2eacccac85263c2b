"""External converters for formats Python cannot read itself: Word 97-2003 `.doc`.

LibreOffice (through `pipeline/lo_bridge.py`, one process per worker, started on the
first `.doc` and kept for the rest) turns a `.doc` into `.docx`, which the `.docx` reader
then reads with its tables, cells and Word numbering.  Where LibreOffice is missing or
fails on a file, antiword gives the plain text.  With neither installed, each `.doc` is
a `ReadError` that names the packages to install.
"""
from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

BRIDGE = Path(__file__).with_name("lo_bridge.py")
CONVERT_TIMEOUT = 120.0  # seconds for one file; a hung LibreOffice is restarted
START_TIMEOUT = 90.0
INSTALL_HINT = ("install LibreOffice with its Python bridge (Debian/Ubuntu: apt-get install "
                "libreoffice-writer-nogui python3-uno) or antiword (apt-get install antiword)")


class ConversionError(Exception):
    """The converter could not turn this file into text (the message says why)."""


@lru_cache(maxsize=1)
def uno_python() -> str | None:
    """A Python interpreter that can `import uno` (LibreOffice's bridge), or None."""
    candidates = [os.environ.get("VNEXTRACT_UNO_PYTHON"), "/usr/bin/python3",
                  "/usr/lib/libreoffice/program/python"]
    for exe in filter(None, candidates):
        if os.access(exe, os.X_OK):
            probe = subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=30)
            if probe.returncode == 0:
                return exe
    return None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_available() -> bool:
    return soffice() is not None and uno_python() is not None


def antiword_available() -> bool:
    return shutil.which("antiword") is not None


class _LibreOffice:
    """The worker's LibreOffice bridge process: started lazily, restarted after a failure."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.started = 0  # how many times a process was started (benchmarks report it)

    def _start(self) -> subprocess.Popen:
        python, office = uno_python(), soffice()
        if python is None or office is None:
            raise ConversionError("LibreOffice or its Python bridge (python3-uno) is not installed")
        proc = subprocess.Popen([python, str(BRIDGE), office], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                env={**os.environ, "PYTHONPATH": ""}, start_new_session=True)
        self.started += 1
        try:
            answer = self._answer(proc, START_TIMEOUT)
        except ConversionError:
            self._kill(proc)
            raise
        if not answer.get("ready"):
            self._kill(proc)
            raise ConversionError(f"LibreOffice did not start: {answer}")
        return proc

    @staticmethod
    def _answer(proc: subprocess.Popen, timeout: float) -> dict:
        assert proc.stdout is not None  # a PIPE
        ready, _, _ = select.select([proc.stdout], [], [], timeout)
        line = proc.stdout.readline() if ready else ""
        if not line:
            raise ConversionError("LibreOffice stopped answering" if ready
                                  else f"LibreOffice gave no answer within {timeout:.0f} s")
        return json.loads(line)

    @staticmethod
    def _kill(proc: subprocess.Popen) -> None:
        try:
            os.killpg(proc.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()

    def convert(self, source: str, target: str) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = self._start()
        try:
            assert self.proc.stdin is not None  # a PIPE
            self.proc.stdin.write(json.dumps({"in": source, "out": target}) + "\n")
            self.proc.stdin.flush()
            answer = self._answer(self.proc, CONVERT_TIMEOUT)
        except (ConversionError, BrokenPipeError, OSError) as exc:
            self.close(force=True)  # the next file gets a fresh LibreOffice
            raise ConversionError(str(exc)) from exc
        if "error" in answer:
            raise ConversionError(answer["error"])

    def close(self, force: bool = False) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if force:
            self._kill(proc)
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=15)
        except (OSError, subprocess.TimeoutExpired):
            self._kill(proc)


LIBREOFFICE = _LibreOffice()
atexit.register(LIBREOFFICE.close)


def doc_to_docx(data: bytes) -> bytes:
    """A Word 97-2003 file's bytes → the same document as .docx bytes, via LibreOffice."""
    with tempfile.TemporaryDirectory(prefix="vnextract-doc-") as tmp:
        source, target = os.path.join(tmp, "in.doc"), os.path.join(tmp, "out.docx")
        Path(source).write_bytes(data)
        LIBREOFFICE.convert(source, target)
        if not os.path.exists(target):
            raise ConversionError("LibreOffice wrote no output")
        return Path(target).read_bytes()


def doc_to_text(data: bytes) -> str:
    """A Word 97-2003 file's text via antiword (UTF-8, no line wrapping)."""
    with tempfile.NamedTemporaryFile(prefix="vnextract-doc-", suffix=".doc") as tmp:
        tmp.write(data)
        tmp.flush()
        done = subprocess.run(["antiword", "-w", "0", "-m", "UTF-8.txt", tmp.name],
                              capture_output=True, timeout=CONVERT_TIMEOUT)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(f"antiword: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout.decode("utf-8", "replace")
