"""Numbers written as words (`ba tiêu chí`, `mười chín tiêu chí`, `hai mươi mốt xã`).

The word values live in `extractors/lang/vi/number_words.tsv`; this module composes them
by the regular Vietnamese rules (`X mươi Y`, `mười Y`, `X trăm linh Y`).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from extractors.text import fold
from extractors.lang import table



@lru_cache(maxsize=1)
def _values() -> dict[str, int]:
    return {fold(w): int(v) for w, v in table("number_words.tsv").items()}


@lru_cache(maxsize=1)
def _only_after_tens() -> frozenset[str]:
    """`mốt`, `tư`, `lăm`, `nhăm`: units after `mươi`/`mười`, never a number on their own."""
    return frozenset(map(fold, ("mốt", "tư", "lăm", "nhăm")))


@lru_cache(maxsize=1)
def number_regex() -> str:
    """Regex source for a number in digits (`19`, `08`) or words (`mười chín`)."""
    words = sorted(table("number_words.tsv"), key=len, reverse=True)
    word = "(?:" + "|".join(map(re.escape, words)) + ")"
    return r"(?:\d+|(?i:" + word + r"(?:\s+" + word + r")*))(?!\w)"


def _unit(word: str) -> int | None:
    value = _values().get(word, -1)
    return value if 1 <= value <= 9 else None


def _below_hundred(words: list[str]) -> int | None:
    """`mười Y`, `X mươi [Y]` or a lone digit word; None for anything else."""
    if not words:
        return 0
    if words[0] in _only_after_tens():
        return None
    if words[0] == fold("mười") and len(words) <= 2:
        low = _unit(words[1]) if len(words) == 2 else 0
        return None if low is None else 10 + low
    if len(words) in (2, 3) and words[1] == fold("mươi") and (_unit(words[0]) or 0) >= 2:
        low = _unit(words[2]) if len(words) == 3 else 0
        return None if low is None else _values()[words[0]] * 10 + low
    if len(words) == 1 and words[0] in _values() and _values()[words[0]] <= 9:
        return _values()[words[0]]
    return None


def parse_number(text: str) -> int | None:
    """Value of `19`, `08`, `ba`, `mười chín`, `hai mươi mốt`; None if it is not one number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    words = fold(text).split()
    v = _values()
    if not words or any(w not in v for w in words):
        return None
    if fold("trăm") in words:
        i = words.index(fold("trăm"))
        if i != 1 or not 1 <= v[words[0]] <= 9:
            return None
        rest = words[2:]
        if rest and rest[0] in (fold("linh"), fold("lẻ")):
            if len(rest) != 2 or not 1 <= v.get(rest[1], -1) <= 9:
                return None
            return v[words[0]] * 100 + v[rest[1]]
        low = _below_hundred(rest)
        return None if low is None or (rest and low < 10) else v[words[0]] * 100 + low
    if any(w in (fold("linh"), fold("lẻ")) for w in words):
        return None
    return _below_hundred(words) if words else None


@lru_cache(maxsize=None)
def spelled_numbers(limit: int) -> dict[str, int]:
    """Every spelling in one to three words of the numbers 1..`limit` (`mười lăm`,
    `hai mươi mốt`, `ba mươi`), composed from `number_words.tsv` by `parse_number`."""
    words = list(table("number_words.tsv"))
    out: dict[str, int] = {}
    for size in (1, 2, 3):
        for combo in product(words, repeat=size):
            phrase = " ".join(combo)
            value = parse_number(phrase)
            if value is not None and 1 <= value <= limit:
                out[phrase] = value
    return out
