"""`vnextract serve`: the store in Datasette, pages loaded in headless Chromium.

The test starts the server on 127.0.0.1 (free port) and stops it after.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
from urllib.parse import quote

import pytest

from vnextract.cli import main
from servers import free_port


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def server(tmp_path, db):
    site = tmp_path / "site"
    assert main(["report", "--db", db, "--out", str(site)]) == 0
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "vnextract", "serve", "--db", db, "--site", str(site),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=Path(__file__).resolve().parents[1])
    base = f"http://127.0.0.1:{port}"
    children: list[psutil.Process] = []
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            proc.terminate()
            pytest.fail(f"datasette did not start: {proc.stderr.read().decode()[-800:]}")
        children += psutil.Process(proc.pid).children(recursive=True)
        assert children, "vnextract serve runs datasette as its child"
        yield base, Path(db).stem
    finally:
        proc.terminate()
        assert proc.wait(timeout=20) == 0  # a requested stop is a clean exit
        gone, alive = psutil.wait_procs(children, timeout=20)
        assert not alive, f"datasette left running after `vnextract serve` stopped: {alive}"


def _dom(url: str, profile: Path) -> str:
    assert os.path.exists(CHROMIUM), "chromium is in system-packages.txt"
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}"]
    return subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True,
                          timeout=90, check=True).stdout


def test_readable_views_search_and_review_links_in_chromium(server, tmp_path):
    base, name = server
    tasks = _dom(f"{base}/{name}/task_list", tmp_path / "p1")
    assert "Kiểm tra trật tự đô thị vào thứ Sáu hàng tuần".lower() in tasks.lower()
    assert "assignee_key" not in tasks and "assignee_official_keys" not in tasks  # readable columns
    assert f'href="{base}/review/' in tasks  # rows link to their review page
    # Full-text search, typed without diacritics, over tasks and over document text.
    found = _dom(f"{base}/{name}/tasks?_search={quote('via he')}", tmp_path / "p2")
    assert "cải tạo vỉa hè" in found and "hồ sơ tiêu chí môi trường" not in found
    docs = _dom(f"{base}/{name}/documents?_search={quote('nông thôn mới')}", tmp_path / "p3")
    assert "Xã Tân Phong phấn đấu đạt chuẩn nông thôn mới" in docs
    assert "Phường Quảng Hoà về đích" not in docs
    rows = json.load(urllib.request.urlopen(f"{base}/{name}/document_list.json?_shape=array"))
    page = rows[0]["review_page"]
    review = _dom(page, tmp_path / "p4")
    assert rows[0]["title"] in review


def test_served_database_is_read_only(server):
    base, name = server
    request = urllib.request.Request(
        f"{base}/{name}/-/query?sql={quote('DELETE FROM tasks')}", method="GET")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request)
    rows = json.load(urllib.request.urlopen(f"{base}/{name}/tasks.json?_shape=array&_size=max"))
    assert len(rows) == 8


def test_serve_errors_are_one_line(tmp_path, capsys, db):
    assert main(["serve", "--db", db, "--site", str(tmp_path)]) == 2
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["serve", "--db", db, "--port", str(busy.getsockname()[1])]) == 4
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "index.html" in err[0] and "--port" in err[1]
