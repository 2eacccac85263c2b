"""JSON text for output lines that holds any file name.

A POSIX file name is bytes; Python carries the bytes that are not UTF-8 as lone
surrogates (`os.fsdecode`'s surrogate escapes), which no UTF-8 file can hold.  Lines are
written with those surrogates as `\\udcXX` escapes: valid JSON, and `json.loads` gives
back the very string `os.fsencode` turns into the original name.  Tables and the store
need real text, so they get `display_path`'s visible `\\xNN` form instead.
"""
from __future__ import annotations

import json
import os
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(value: Any) -> str:
    """`json.dumps` keeping non-ASCII readable, with lone surrogates escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def display_path(path: str) -> str:
    """The path as valid text: undecodable bytes of the name shown as `\\xNN`."""
    if not _SURROGATE.search(path):
        return path
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")
