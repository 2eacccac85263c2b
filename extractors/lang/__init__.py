"""Vietnamese vocabulary tables, loaded once from `extractors/lang/vi/`.

Data lives in plain files (one entry per line, `#` comments, tab-separated columns) so
linguists can extend them without touching code, like spaCy's `lang/` tables.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

LANG_DIR = Path(__file__).parent / "vi"


def _lines(name: str) -> list[str]:
    out = []
    for raw in (LANG_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if line.strip():
            out.append(line.strip())
    return out


@lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """Entries of a one-column list file (e.g. `surnames.txt`)."""
    return tuple(_lines(name))


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, str]:
    """First column → second column of a two-column TSV file."""
    out: dict[str, str] = {}
    for line in _lines(name):
        key, _, value = line.partition("\t")
        out[key.strip()] = value.strip()
    return out


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    """Administrative abbreviations (`UBND` → `Ủy ban nhân dân`, `TP.` → `thành phố`): the
    organisation table and the unit-type table in one; on a clash (`TT`: `Thường trực` or
    `thị trấn`) the organisation reading wins — `extractors.units` reads unit types itself."""
    return {**table("unit_abbreviations.tsv"), **table("abbreviations.tsv")}


@lru_cache(maxsize=None)
def json_data(name: str) -> Any:
    """A structured data file (e.g. `legacy_tables.json`), parsed once."""
    return json.loads((LANG_DIR / name).read_text(encoding="utf-8"))


def alternation(phrases: Iterable[str], transform: Callable[[str], str] | None = None) -> str:
    """The one phrase-list → regex rule: an alternation of `phrases` (each passed through
    `transform` first, e.g. a folding key), longest first so `Phó Chủ tịch` wins over
    `Chủ tịch`, every space matching any run of whitespace (a phrase wrapped across lines)."""
    keyed = {(transform(p) if transform else p).strip() for p in phrases}
    ordered = sorted(filter(None, keyed), key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


@lru_cache(maxsize=None)
def phrases(name: str) -> str:
    """`alternation()` of the entries of a list file (or of the first column of a table)."""
    return alternation(table(name) if name.endswith(".tsv") else word_list(name))
