"""Text helpers shared by every extractor: folding for comparison, never for output."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # the five Vietnamese tone marks (NFD)
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # every dash folded to "-"
BULLETS = "-–—+•*●▪○◦·✓➢►"  # the marks that open a list item
_TONES = set(TONE_MARKS)
_DASH = re.compile(f"[{DASHES}]")
_WORDS = re.compile(r"([^\W\d_]+)")  # split() keeps the words at odd indexes
# The one tokeniser: a syllable or number, kept whole with inner `/ . & -` (`72/KH-UBND`,
# `3.5`, `Q&A`), or one punctuation mark.
TOKEN_RE = re.compile(r"\w+(?:[/.&\-]\w+)*|[^\w\s]")


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    nfd = unicodedata.normalize("NFD", word)
    tones = "".join(c for c in nfd if c in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    return base + tones


def fold(text: str | None) -> str:
    """Lower-case, unify dashes and spaces, and move tone marks to the word end.

    `uỷ`/`ủy`, `hoà`/`hòa`, `Thuỷ`/`Thủy` fold to the same string, so rules written
    once match every tone-placement variant found in real archives.  Same length
    is NOT preserved: use only to compare, never to compute spans.
    """
    if not text:
        return ""
    text = " ".join(unify_dashes(unicodedata.normalize("NFC", text)).lower().split())
    parts = _WORDS.split(text)
    parts[1::2] = map(_fold_word, parts[1::2])  # no Python call per word: fold runs on every line
    return "".join(parts)


def unify_dashes(text: str) -> str:
    """Every dash as "-" (a regex pass: `str.translate` with a table is slow on non-ASCII)."""
    return _DASH.sub("-", text)


def is_all_caps(text: str) -> bool:
    """Two letters or more, all upper-case: a heading, a letterhead line, a kind line."""
    if not text.isupper():  # cheap gate: prose has lower-case letters
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def strip_diacritics(text: str) -> str:
    """ASCII skeleton of Vietnamese text (đ→d), for fuzzy keys only."""
    nfd = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


def first_char_gate(words: Iterable[str]) -> str:
    """`(?=[…])` of the words' first characters, to open a pattern that starts with a
    lookbehind: `re` then skips to positions where a word can start instead of trying
    the lookbehind and the whole alternation at every character (2× on whole texts)."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words if w})) + "])"
