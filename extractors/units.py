"""Administrative unit names: `phường Tân Dân`, `TP. Đà Nẵng`, `khu phố 3`, `TT Sao Vàng`.

A unit mention is a type word (`extractors/lang/vi/unit_types.txt`, or an abbreviation from
`unit_abbreviations.tsv`) followed by a name: capitalised syllables or a number.  Criteria
subjects, task assignees and the audit all compare units through `unit_key()`, which
expands the abbreviations and folds case and tone placement.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

from extractors.text import first_char_gate, fold, strip_diacritics
from extractors.lang import abbreviations, table, word_list

_MAX_NAME_SYLLABLES = 6
_STOP_MAX_WORDS = 8  # the longest stop phrase (`khu dân cư nông thôn mới kiểu mẫu`)
_NEXT_SYLLABLE = re.compile(r"(?P<sep>[ \t]*[-–][ \t]*|[ \t]+)(?P<syl>[^\W_][\w'’]*)")
_FIRST_SYLLABLE = re.compile(r"(?P<syl>\d+(?![\w/.]\d)|[^\W\d_][\w'’]*)")
# No unit name starts with `Ủy` (`Tỉnh Ủy`, `HUYỆN ỦY`); these are bodies when alone
# (`Huyện Đoàn`, `Xã Đội`) but may begin a name (`xã Đoàn Kết`).
_NOT_A_NAME_START = frozenset({fold("ủy")})
_NOT_A_WHOLE_NAME = frozenset(map(fold, ("đoàn", "đội", "hội", "ban", "đảng")))
# A type word followed by these is a compound word or a body, not a unit (`xã hội`, `Tỉnh ủy`).
_NOT_A_UNIT_AFTER = frozenset(map(fold, ("hội", "viên", "ủy", "đoàn", "đội", "táo")))
# Types that are also everyday words (`văn bản`, `buôn bán`): reported only with a name.
_NAMED_ONLY = frozenset(map(fold, ("bản", "buôn", "làng", "sóc", "plei", "ấp", "xóm", "khóm")))
# In all-caps headlines (`XÃ PHÚ HÒA ĐẠT 15/19 TIÊU CHÍ`) a name ends before these verbs and
# prepositions, which are not syllables of place names (unlike `Công`, `Hoàn`, `Năm`, `Giao`).
_CAPS_NAME_STOPS = frozenset(map(fold, (
    "đạt", "với", "về", "tại", "và", "có", "đã", "là", "của", "trong", "làm", "tổ", "họp", "triển",
    "tiếp", "kiểm", "ra", "đẩy", "xây", "thực", "được", "sẽ", "cần", "phải", "quyết", "đón",
    "nhận", "khai", "chào", "phấn")))
_WORD = re.compile(r"[ \t]*([^\W\d_]+)")
# A type word after these counts units (`5 xã`, `các phường`), it names none of them.
PLURAL_BEFORE = re.compile(r"(?:\d+|các|những|mỗi|từng|số|nhiều|một\s+số|hầu\s+hết)\s*$", re.IGNORECASE)
_PLURAL_WINDOW = 24  # longer than any match of PLURAL_BEFORE (`hầu hết`, `một số` + spaces)


def plural_match(text: str, lo: int, pos: int) -> re.Match | None:
    """The counting word (`5`, `các`, `một số`) `text[lo:pos]` ends with: looked for in a
    bounded window, so asking it for every unit of a long enumeration stays linear."""
    return PLURAL_BEFORE.search(text, max(lo, pos - _PLURAL_WINDOW), pos)


def plural_before(text: str, lo: int, pos: int) -> bool:
    return plural_match(text, lo, pos) is not None


@dataclass(frozen=True)
class UnitMention:
    """A unit named in the text; `name` is empty for a bare type word (`UBND xã`)."""

    start: int
    end: int
    text: str
    type: str  # canonical type word: `thị trấn`, `thành phố` …
    name: str

    @property
    def label(self) -> str:
        """Canonical form for output: `thị trấn Sao Vàng` (all-caps names title-cased)."""
        return f"{self.type} {_display(self.name)}".strip()

    @cached_property
    def key(self) -> str:
        """Matching key of the label (computed once: indexes ask for it repeatedly)."""
        return unit_key(self.label)


@lru_cache(maxsize=1)
def _types() -> dict[str, str]:
    """Folded type word → canonical type word."""
    return {fold(t): t for t in word_list("unit_types.txt")}


@lru_cache(maxsize=1)
def _abbreviated_types() -> dict[str, str]:
    return table("unit_abbreviations.tsv")


@lru_cache(maxsize=1)
def _type_pattern() -> re.Pattern[str]:
    words = sorted(word_list("unit_types.txt"), key=len, reverse=True)
    full = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    # Single letters (`P.`, `H.`) are initials of people as often as units: keys only.
    abbrs = sorted((a for a in _abbreviated_types() if len(a.rstrip(".")) > 1), key=len, reverse=True)
    short = "|".join(re.escape(a) + (r"(?=[ \t]*\w)" if a.endswith(".") else r"(?=[ \t])")
                     for a in abbrs)
    return re.compile(r"(?<![\w.])(?:(?P<full>(?i:" + full + r"))(?!\w)|(?P<abbr>" + short + r"))")


@lru_cache(maxsize=1)
def _stop_starts() -> frozenset[str]:
    """Folded phrases a name cannot start with: organisations, document kinds, programmes."""
    phrases = ({fold(a) for a in abbreviations()} | {fold(k) for k in table("doc_kinds.tsv")}
               | {fold(p) for p in word_list("programs.txt")})
    return frozenset(p for p in phrases if p)


def _display(name: str) -> str:
    letters = [c for c in name if c.isalpha()]
    vowels = set(strip_diacritics(name.lower())) & set("aeiouy")
    if letters and all(c.isupper() for c in letters) and vowels:
        return " ".join(w.capitalize() for w in name.split())
    return name


def _starts_with_stop(text: str, pos: int) -> bool:
    """Whether `text[pos:]` begins with an organisation, document kind or programme."""
    words = fold(" ".join(text[pos:pos + 80].split()[:_STOP_MAX_WORDS])).split()
    stops = _stop_starts()
    for k in range(1, len(words) + 1):
        phrase = " ".join(words[:k])
        if phrase in stops or phrase.rstrip(",;:)!?\"”") in stops:
            return True
    return False


def _read_name(text: str, pos: int, tight: bool) -> tuple[str, int]:
    """Name after a type word ending at `pos`: (name, end) or ("", pos)."""
    gap = re.compile(r"[ \t]*" if tight else r"[ \t]+").match(text, pos)
    if not gap or (not tight and not gap.group()):
        return "", pos
    first = _FIRST_SYLLABLE.match(text, gap.end())
    if not first:
        return "", pos
    syl = first.group("syl")
    if syl[0].isdigit():
        return syl, first.end()
    if not syl[0].isupper() or fold(syl) in _NOT_A_NAME_START:
        return "", pos
    end, count = first.end(), 1
    while count < _MAX_NAME_SYLLABLES:
        nxt = _NEXT_SYLLABLE.match(text, end)
        syl = nxt.group("syl") if nxt else ""
        if nxt is None or not syl or not syl[0].isupper() or syl[0].isdigit():
            break
        if syl.isupper() and fold(syl) in _CAPS_NAME_STOPS:
            break
        if "-" in nxt.group("sep") or "–" in nxt.group("sep"):
            if fold(nxt.group("syl")) in _types() or _starts_with_stop(text, nxt.start("syl")):
                break
        end, count = nxt.end(), count + 1
    name = text[gap.end():end]
    if _starts_with_stop(text, gap.end()) or fold(name) in _NOT_A_WHOLE_NAME:
        return "", pos
    return name, end


def _is_bare_unit(text: str, pos: int, unit_type: str) -> bool:
    word = _WORD.match(text, pos)
    return fold(unit_type) not in _NAMED_ONLY and not (word and fold(word.group(1)) in _NOT_A_UNIT_AFTER)


def find_units(text: str, offset: int = 0, bare: bool = False) -> list[UnitMention]:
    """Unit mentions in `text` (spans shifted by `offset`); `bare` adds type words without a name."""
    out: list[UnitMention] = []
    for m in _type_pattern().finditer(text):
        if out and m.start() < out[-1].end - offset:
            continue  # a type word inside the name just read (`thị xã Buôn Hồ`)
        if m.group("full"):
            unit_type = _types()[fold(m.group("full"))]
            name, end = _read_name(text, m.end(), tight=False)
        else:
            unit_type = _abbreviated_types()[m.group("abbr")]
            name, end = _read_name(text, m.end(), tight=m.group("abbr").endswith("."))
            if not name:
                continue  # `TT` alone is `Thường trực` as often as `thị trấn`
        if not name and not (bare and _is_bare_unit(text, m.end(), unit_type)):
            continue
        out.append(UnitMention(offset + m.start(), offset + end, text[m.start():end], unit_type, name))
    return out


@lru_cache(maxsize=1)
def _key_pattern() -> re.Pattern[str]:
    abbrs = sorted(_abbreviated_types(), key=len, reverse=True)
    alternation = "|".join(re.escape(a) + (r"[ \t]*" if a.endswith(".") else r"[ \t]+") for a in abbrs)
    return re.compile(first_char_gate(abbrs) + r"(?<![\w.])(?P<abbr>" + alternation + r")(?=[^\W_])")


def unit_key(name: str | None) -> str:
    """Matching key of a unit name: `TP. Đà Nẵng`, `thành phố Đà Nẵng`, `THÀNH PHỐ ĐÀ NẴNG` agree."""
    if not name:
        return ""
    expanded = _key_pattern().sub(
        lambda m: _abbreviated_types()[m.group("abbr").strip()] + " ", name.strip())
    return " ".join(fold(expanded).replace(".", " ").split())


class UnitIndex:
    """The units a document names, to resolve a bare type word (`UBND xã`, `đề nghị phường …`)
    to the unit it stands for: criteria subjects and task assignees resolve alike."""

    def __init__(self, text: str, title: str | None = None) -> None:
        self.text = text
        self.title = title

    @cached_property
    def mentions(self) -> list[UnitMention]:
        """Every unit mention, bare type words included (read only when something needs resolving)."""
        return find_units(self.text, bare=True)

    @cached_property
    def named(self) -> list[UnitMention]:
        return [u for u in self.mentions if u.name]

    @cached_property
    def main(self) -> UnitMention | None:
        """The unit the document is about: the one in its title, else the most mentioned."""
        in_title = [u for u in find_units(self.title or "") if u.name]
        if in_title:
            return in_title[0]
        keys = Counter(u.key for u in self.named)
        if not keys:
            return None
        top = keys.most_common(1)[0][0]
        return next(u for u in self.named if u.key == top)

    @cached_property
    def _by_type(self) -> dict[str, tuple[list[UnitMention], list[int], set[str]]]:
        """Type word → (its named units in text order, their ends, their keys): built once,
        so resolving every bare type word of a long document stays linear."""
        index: dict[str, tuple[list[UnitMention], list[int], set[str]]] = {}
        for u in self.named:
            units, ends, keys = index.setdefault(u.type, ([], [], set()))
            units.append(u)
            ends.append(u.end)
            keys.add(u.key)
        return index

    def of_type(self, unit_type: str, pos: int) -> str | None:
        """The named unit of `unit_type` nearest before `pos` (else the first after, else main)."""
        same, ends, _ = self._by_type.get(unit_type, ([], [], set()))
        i = bisect_right(ends, pos)  # mentions do not overlap: ends are in text order
        if i:
            return same[i - 1].label
        if self.main is not None and self.main.type == unit_type:
            return self.main.label
        return same[0].label if same else None

    def sole(self, unit_type: str, pos: int) -> str | None:
        """`of_type`, only when it cannot be another unit: the document names a single unit
        of that type, or is about one (its title or most mentioned unit)."""
        if len(self._by_type.get(unit_type, ([], [], set()))[2]) == 1:
            return self.of_type(unit_type, pos)
        if self.main is not None and self.main.type == unit_type:
            return self.main.label
        return None
