"""Titles of officials: office vocabulary, where a title ends, and title identity.

Matching runs on a *key* of the text: lower-cased, dashes unified and tone marks of
`oa`/`oe`/`uy` put in one place (`hòa`→`hoà`, `ủy`→`uỷ`).  Unlike `textutil.fold`
the key keeps every character at its offset, so one compiled regex over the whole
document finds office words in any tone placement or case and its match offsets
index `Document.text` directly.  That is much cheaper than building a spaCy `Doc`
for every document, which matters at the pipeline's throughput target.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

from extractors.text import TONE_MARKS, fold, unify_dashes
from extractors.lang import abbreviations, alternation, table, word_list

_FIXED_SPACES = re.compile("[\u00a0\u2007\u202f]")


def _tone_moves() -> dict[str, str]:
    """`òa`→`oà`, `ủy`→`uỷ` …: the new-style placement mapped to the old one."""
    moves = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in TONE_MARKS:
            new = unicodedata.normalize("NFC", first + tone + second)
            old = unicodedata.normalize("NFC", first + second + tone)
            if len(new) == len(old) == 2:
                moves[new] = old
    return moves


_MOVES = _tone_moves()
_MOVE_RE = re.compile("|".join(map(re.escape, _MOVES)))


def key(text: str) -> str:
    """Length-preserving comparison key of `text` (NFC input): see module docstring."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer (e.g. 'İ')
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _MOVE_RE.sub(lambda m: _MOVES[m.group()], _FIXED_SPACES.sub(" ", unify_dashes(low)))


def phrase_pattern(phrases: Iterable[str]) -> str:
    """Regex alternation of vocabulary phrases in key form, longest first."""
    return "(?:" + alternation(phrases, lambda p: key(p.strip())) + ")"


@lru_cache(maxsize=1)
def office_re() -> re.Pattern[str]:
    """An office word (`Phó Chủ tịch`, `UVTV`, `Tỉnh ủy viên` …) at a word start; any office
    may take `Phó` (deputy) in front (`Phó Chỉ huy trưởng`)."""
    return re.compile(r"(?<![\w/])(?:phó\s+)?" + phrase_pattern(word_list("offices.txt")) + r"(?!\w)")


@lru_cache(maxsize=1)
def org_re() -> re.Pattern[str]:
    return re.compile(r"(?<![\w/])" + phrase_pattern(word_list("organizations.txt")) + r"(?!\w)")


@lru_cache(maxsize=1)
def role_cues() -> dict[str, str]:
    """Role cue (key form) → role."""
    return {key(k): v for k, v in table("roles.tsv").items()}


@lru_cache(maxsize=1)
def _stop_re() -> re.Pattern[str]:
    words = list(word_list("title_stops.txt")) + list(table("roles.tsv"))
    return re.compile(r"(?<![\w/])" + phrase_pattern(words) + r"(?!\w)")


@lru_cache(maxsize=1)
def _glued_stop_re() -> re.Pattern[str]:
    """Multi-syllable cues glued to the previous word by a lost space (`thị xãnhấn mạnh`)."""
    words = [w for w in list(word_list("title_stops.txt")) + list(table("roles.tsv")) if " " in w]
    return re.compile(r"(?<=\w)" + phrase_pattern(words) + r"(?!\w)")


@lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    """Words after which a verb-like word still names the body (`Ban Chỉ đạo`)."""
    return frozenset({"ban", "tổ", "uỷ ban", "trung tâm", "cục"})


@lru_cache(maxsize=1)
def _abbrev_dots() -> frozenset[str]:
    return frozenset(key(w) for w in word_list("abbrev_dots.txt"))


# hard stops: quotes, sentence punctuation, an opening parenthesis that is not `(cũ)`,
# a closing one that does not close `(cũ)`, a sentence-final dot (checked for `TP.`).
_HARD_STOP = re.compile(
    r"[;:\n\"“”!?]|,|\((?!\s*(?:cũ|mới|nguyên)\s*\))|(?<!\(cũ)(?<!\(mới)(?<!nguyên)\)|\.(?=\s|$)"
    r"|\s+(?:và|kiêm)(?!\w)|\s+-(?=\s)"
)
# after `và`, what starts other people, not the rest of an organisation's name
_AND_OTHERS = re.compile(
    r"\s*(?:$|\n|(?:các|những|ông|bà|đồng chí|đ/c|cùng|lãnh đạo|đại diện|đại biểu|già làng|người"
    r"|nhân dân|bà con|toàn thể|đông đảo|một số|nhiều|hơn|gần)(?!\w))")
_WORD_BEFORE_DOT = re.compile(r"([\w]+)\.$")
MAX_TITLE_CHARS = 160


def title_end(k: str, text: str, start: int, limit: int | None = None) -> int:
    """End of the title that starts at `start`: the first stop word, punctuation or `limit`.

    `và`/`kiêm` end the title only when followed by another office word, a person cue or
    a line end; otherwise they belong to an organisation (`Sở Tài nguyên và Môi trường`).
    """
    hard_end = min(len(k), start + MAX_TITLE_CHARS, len(k) if limit is None else limit)
    end = hard_end
    pos = start
    while pos < end:
        m = _HARD_STOP.search(k, pos, end)
        if not m:
            break
        tok = m.group()
        if tok == ".":
            before = _WORD_BEFORE_DOT.search(k, max(0, m.start() - 12), m.end())
            if before and before.group(1) in _abbrev_dots():
                pos = m.end()
                continue
        elif tok == "," and _continues_after_comma(k, text, m.end()):
            pos = m.end()
            continue
        elif tok.strip() == "-":  # `Chủ tịch UBND xã - Trưởng ban`, not `Lao động - Thương binh`
            if not office_re().match(k[m.end():m.end() + 40].lstrip()):
                pos = m.end()
                continue
        elif tok.strip() in ("và", "kiêm"):
            nxt = k[m.end():m.end() + 40]
            if not (office_re().match(nxt.lstrip()) or _AND_OTHERS.match(nxt)):
                pos = m.end()
                continue
        end = m.start()
        break
    for rx in (_stop_re(), _glued_stop_re()):
        pos = start
        while True:
            m = rx.search(k, pos, end)
            if not m:
                break
            if rx is _stop_re() and (not text[m.start()].islower() or _after_org_head(k, m.start())):
                pos = m.end()
                continue
            end = m.start()
            break
    while end > start and k[end - 1] in " \t,-":
        end -= 1
    return end


_UPPER_START = re.compile(r"\s*[^\W\d_]")
_ORG_LIST_TAIL = re.compile(r"\s*\w+(?:\s+\w+){0,3}\s+và\s+")


@lru_cache(maxsize=1)
def _unit_after_comma() -> re.Pattern[str]:
    units = list(word_list("unit_types.txt")) + [a for a in table("unit_abbreviations.tsv") if len(a) > 2]
    return re.compile(r"\s*" + phrase_pattern(units) + r"\.?\s+(?=\S)")


def _continues_after_comma(k: str, text: str, pos: int) -> bool:
    """A comma inside the title: `Sở Văn hóa, Thể thao và Du lịch`, `UBND xã X, huyện Y`."""
    if office_re().match(k[pos:pos + 40].lstrip()):
        return False
    unit = _unit_after_comma().match(k, pos)
    if unit:
        return text[unit.end():unit.end() + 1].isupper()
    start = _UPPER_START.match(text, pos)
    if not start or not text[start.end() - 1].isupper():
        return False
    tail = _ORG_LIST_TAIL.match(k, pos)
    return tail is not None and text[tail.end():tail.end() + 1].isupper()


def _after_org_head(k: str, pos: int) -> bool:
    before = k[max(0, pos - 12):pos].split()
    return bool(before) and (before[-1] in _org_heads() or " ".join(before[-2:]) in _org_heads())


@lru_cache(maxsize=4096)
@lru_cache(maxsize=8192)
def title_key(title: str) -> tuple[str, ...]:
    """Words of a title with abbreviations expanded, folded: identity for de-duplication
    (cached: every reference to a title is compared with every official's titles)."""
    abbr = _abbrev_keys()
    words: list[str] = []
    for w in re.sub(r"[^\w\u0300-\u036f/]+", " ", fold(title)).split():
        words.extend(abbr.get(w, w).split())
    return tuple(words)


@lru_cache(maxsize=1)
def _abbrev_keys() -> dict[str, str]:
    return {fold(k).rstrip("."): fold(v) for k, v in abbreviations().items()}


def merge_titles(titles: list[str], new: str) -> None:
    """Add `new` unless already there; a title extending another replaces it."""
    nk = title_key(new)
    if not nk:
        return
    for i, old in enumerate(titles):
        ok = title_key(old)
        if ok == nk:
            return
        if _former(ok) != _former(nk):
            continue  # `Chủ tịch UBND phường X (cũ)` is not `Chủ tịch UBND phường`
        if nk == ok[:len(nk)]:
            return
        if ok == nk[:len(ok)]:
            titles[i] = new
            for j in range(len(titles) - 1, i, -1):  # `new` may also extend a later one
                jk = title_key(titles[j])
                if jk == nk[:len(jk)]:
                    del titles[j]
            return
    titles.append(new)


def _former(words: tuple[str, ...]) -> bool:
    return words[-1] == fold("cũ") or words[0] == fold("nguyên")


def organization_of(title: str) -> str | None:
    """The body a title belongs to: the title without its office word."""
    k = key(title)
    m = office_re().match(k)
    if not m:
        return None
    office = m.group()
    inner = org_re().search(k, 1, m.end())
    if inner:  # `Ủy viên Ban Thường vụ Thị ủy` → `Ban Thường vụ Thị ủy`
        return title[inner.start():].strip(" ,-–")
    rest = title[m.end():].strip(" ,-–")
    if office.endswith(" viên") and not rest and office.split()[0] != "uỷ":
        return title[:m.end() - len(" viên")].strip()  # Tỉnh ủy viên → Tỉnh ủy
    if not rest:
        return None
    last = office.split()[-1]
    if last in ("ban", "phòng") and not org_re().match(key(rest)):
        return last.capitalize() + " " + rest
    return rest
