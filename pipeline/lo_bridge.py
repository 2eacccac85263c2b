"""A LibreOffice process kept alive across files: Word 97-2003 `.doc` → `.docx`.

Run by the system Python that has LibreOffice's `uno` module (Debian: python3-uno), not
by the project's interpreter: `pipeline.converters` starts it once per worker and sends
one JSON request per line on stdin ({"in": path, "out": path}); each answer is one JSON
line on stdout ({"ok": true} or {"error": "..."}).  Starting LibreOffice costs about a
second; converting a notice once it runs costs a few hundredths, so one process serves
every file of a worker.  This module imports nothing from the project.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno  # noqa: F401  (sets up the com.sun.star import hook)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

STARTUP_SECONDS = 60


def _props(**values):
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _start(soffice: str):
    """Start a private headless LibreOffice (own profile, own pipe) and connect to it."""
    profile = tempfile.mkdtemp(prefix="vnextract-lo-")
    pipe = f"vnextract{os.getpid()}"
    proc = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         "--nolockcheck", f"-env:UserInstallation=file://{profile}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not start")
            time.sleep(0.1)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return proc, profile, desktop


def _convert(desktop, source: str, target: str) -> None:
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                       _props(Hidden=True, ReadOnly=True, UpdateDocMode=0))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(target), _props(FilterName="MS Word 2007 XML"))
    finally:
        doc.close(True)


def main() -> None:
    proc, profile, desktop = _start(sys.argv[1] if len(sys.argv) > 1 else "soffice")
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                _convert(desktop, request["in"], request["out"])
                answer: dict[str, object] = {"ok": True}
            except Exception as exc:  # report and keep serving; the caller decides
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(answer), flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
