"""Integrity of the vocabulary in `extractors/lang/vi/` (as dateparser checks its language
data): every file loads, is NFC, has no duplicate entries and no entry with an empty key."""
from __future__ import annotations

import re

import json
import unicodedata
from collections import Counter

import pytest

from extractors.lang import LANG_DIR, _lines

FILES = sorted(p.name for p in LANG_DIR.iterdir() if p.is_file())


def test_every_data_file_is_known_kind():
    assert FILES and all(name.endswith((".txt", ".tsv", ".json")) for name in FILES), FILES


@pytest.mark.parametrize("name", FILES)
def test_data_file_is_nfc_utf8_without_duplicates(name):
    raw = (LANG_DIR / name).read_bytes()
    text = raw.decode("utf-8")  # raises on anything that is not UTF-8
    assert unicodedata.normalize("NFC", text) == text, f"{name} is not NFC"
    if name.endswith(".json"):
        json.loads(text)
        return
    entries = _lines(name)
    assert entries, f"{name} has no entries"
    keys = [e.split("\t")[0].strip() for e in entries] if name.endswith(".tsv") else entries
    repeated = [k for k, n in Counter(keys).items() if n > 1]
    assert not repeated, f"{name}: repeated entries {repeated[:10]}"
    assert all(k for k in keys), f"{name}: an entry with an empty first column"


def test_one_phrase_rule_matches_longest_first_across_any_whitespace():
    from extractors.lang import alternation
    from extractors.text import fold

    pattern = re.compile(rf"(?:{alternation(['Chủ tịch', 'Phó Chủ tịch', 'Phó Chủ tịch thường trực'])})")
    assert pattern.match("Phó Chủ tịch thường trực UBND").group() == "Phó Chủ tịch thường trực"
    assert pattern.match("Phó  Chủ\ntịch tỉnh").group() == "Phó  Chủ\ntịch"  # wrapped across a line
    keyed = re.compile(alternation(["Uỷ ban", "ủy ban"], fold))  # one entry per folded spelling
    assert keyed.pattern.count("|") == 0 and keyed.match(fold("ỦY BAN nhân dân"))

