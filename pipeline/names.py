"""File names in every output: JSON lines, tables, the terminal, the review site.

A POSIX file name is bytes; Python carries the bytes that are not UTF-8 as lone
surrogates (`os.fsdecode`'s surrogate escapes), which no UTF-8 file can hold.  Lines are
written with those surrogates as `\\udcXX` escapes: valid JSON, and `json.loads` gives
back the very string `os.fsencode` turns into the original name.  Tables and the store
need real text, so they get `display_path`'s visible `\\xNN` form instead.  For people
(terminal, review pages), `visible` also spells out control and bidirectional characters:
an ESC would drive the terminal, a U+202E would show `txt.exe` as `exe.txt`.
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


# C0/C1 controls (tab and newline kept for text blocks) and bidirectional formatting characters
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` safe to show a person: undecodable bytes as `\\xNN`, controls and bidi
    characters as `\\x1b`, `\\u202e` (newlines and tabs kept)."""
    text = display_path(text)
    return _UNSEEN.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)
