"""Cleaning: characters normalised, portal furniture dropped, repeated copies removed.

Works on the reader's paragraphs, before any offsets exist, so every later span indexes
the cleaned text.  Rules are general (what a portal page is made of), never one site's
strings: the phrase tables live in `extractors/lang/vi/boilerplate.txt`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from extractors.text import fold
from extractors.lang import word_list
from extractors.doc import Paragraph

# Look-alike letters found in real archives, and invisible characters.
_CHAR_MAP = {
    "\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ",  # Icelandic eth / African D for Đ
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",
    "\u3000": " ", "\t": " ", "\u2028": " ", "\u2029": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
}
_CHAR_TABLE = str.maketrans(_CHAR_MAP)
_MAPPED_CHAR = re.compile("[%s]" % re.escape("".join(_CHAR_MAP)))  # translate only when needed: it is slow
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")
_NUMERIC_LINE = re.compile(r"^[\d\s.,:]+$")
_MENU_SEP = re.compile(r"\s*[|»›]\s*")
_BRACKETED = re.compile(r"^\[[^\]]*\]$")
_TERMINAL = tuple(".!?:;…\"”»)")
_LETTER_ITEM = re.compile(r"[a-zđ][.)]\s")  # `a) Chủ đầu tư …`: a list item, not a wrapped line
_SHORT_LINE_WORDS = 8


def normalise_chars(text: str) -> str:
    """NFC, look-alikes to Vietnamese letters, invisible characters out, spaces single."""
    if _MAPPED_CHAR.search(text):
        text = text.translate(_CHAR_TABLE)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _starts_with_phrase(key: str, phrases: tuple[str, ...]) -> bool:
    return any(key == p or key.startswith(p + " ") or key.startswith(p + ":") for p in phrases)


def is_boilerplate(line: str) -> bool:
    """True for visit counters, share/print/menu lines, comment counters and the like."""
    if (len(line.split()) > _SHORT_LINE_WORDS and not _MENU_SEP.search(line)
            and not _NUMERIC_LINE.match(line) and not _BRACKETED.match(line)):
        return False  # prose: the tests below give the same answer without folding it
    key = fold(line)
    if not key:
        return True
    if _NUMERIC_LINE.match(key) or _BRACKETED.match(key):
        return True
    pieces = [p for p in _MENU_SEP.split(key) if p]
    if len(pieces) >= 4 and all(len(p.split()) <= 4 and not re.search(r"\d", p) for p in pieces):
        return True  # a menu: "Trang chủ | Giới thiệu | Tin tức | Liên hệ"
    if len(key.split()) > _SHORT_LINE_WORDS:
        return False
    core = key.lstrip("(0123456789 ")  # "0 bình luận", "(Bấm vào đây …)"
    return _starts_with_phrase(core, _boilerplate_phrases())


@lru_cache(maxsize=1)
def _boilerplate_phrases() -> tuple[str, ...]:
    return tuple(fold(p) for p in word_list("boilerplate.txt"))


def _section_end_index(paras: list[Paragraph]) -> int:
    """Index of a 'related articles' heading in the second half of the page, else len."""
    ends, most_words = _section_ends()
    for i in range(len(paras) // 2, len(paras)):
        text = paras[i].text
        if len(text.split()) <= most_words and fold(text).rstrip(":") in ends:  # folding keeps words
            return i
    return len(paras)


@lru_cache(maxsize=1)
def _section_ends() -> tuple[frozenset[str], int]:
    ends = frozenset(fold(p) for p in word_list("section_end.txt"))
    return ends, max((len(e.split()) for e in ends), default=0)


_REPEAT_MIN_RUN_CHARS = 200  # a repeated copy this long is a second print of the body


def drop_repeats(paras: list[Paragraph]) -> tuple[list[Paragraph], int]:
    """Remove a second copy of the article body that a page prints twice.

    Only a run of consecutive paragraphs repeating an earlier run, long enough to be a body
    (`_REPEAT_MIN_RUN_CHARS`), is dropped; a line is never dropped because it repeats (a task
    table prints `Thời gian hoàn thành` or the same unit on many rows), nor a table cell.
    """
    first: dict[str, int] = {}
    keys = [fold(p.text) for p in paras]
    kept: list[Paragraph] = []
    dropped = 0
    i = 0
    while i < len(paras):
        j = first.get(keys[i])
        run = 0
        if j is not None and paras[i].cell is None:
            while (i + run < len(paras) and j + run < i and keys[j + run] == keys[i + run]
                   and paras[i + run].cell is None):
                run += 1
        if run and sum(len(keys[i + k]) for k in range(run)) >= _REPEAT_MIN_RUN_CHARS:
            dropped += run
            i += run
            continue
        first.setdefault(keys[i], i)
        kept.append(paras[i])
        i += 1
    return kept, dropped


def rejoin_wrapped(paras: list[Paragraph]) -> list[Paragraph]:
    """Join a line that stops mid-sentence with the lower-case line that continues it."""
    out: list[Paragraph] = []
    for para in paras:
        prev = out[-1] if out else None
        if (prev is not None and para.marker is None and prev.style != "heading"
                and not prev.text.endswith(_TERMINAL) and para.text[:1].islower()
                and not _LETTER_ITEM.match(para.text)
                and prev.page == para.page and prev.cell == para.cell):
            out[-1] = replace(prev, text=f"{prev.text} {para.text}")
        else:
            out.append(para)
    return out


def clean(paras: list[Paragraph]) -> tuple[list[Paragraph], list[str]]:
    """Cleaned paragraphs and warnings about what was removed."""
    warnings: list[str] = []
    lines: list[Paragraph] = []
    for para in paras:
        for piece in para.text.splitlines():
            text = normalise_chars(piece)
            if text:
                lines.append(replace(para, text=text))
    lines = lines[:_section_end_index(lines)]
    lines = [p for p in lines if p.cell is not None or p.style == "table" or not is_boilerplate(p.text)]
    lines, dropped = drop_repeats(lines)
    if dropped:
        warnings.append(f"removed {dropped} repeated paragraph(s): the page prints its article twice")
    return rejoin_wrapped(lines), warnings
