"""Criteria counts: the progress measure of every `kiểu mẫu / văn minh / nông thôn mới` programme.

A passage states some of: the total (`đối chiếu với 8 tiêu chí`), the criteria met
(`đạt 3 tiêu chí`, `đạt 15/19 tiêu chí`), those not met (`còn lại 5 tiêu chí chưa đạt`)
and their numbers (`gồm tiêu chí 1, tiêu chí 5 và tiêu chí 7`).  Counts are read one by
one, classified by the words around them, and merged into one row per passage (adjacent
sentences of a paragraph).  The subject is the unit the passage is about, resolved to a
named unit (`thị trấn` → the `thị trấn Sao Vàng` named before).  Counts of units that
reached a standard (`có 12/15 xã đạt chuẩn nông thôn mới`) are rows of kind `units`.
Targets (`phấn đấu đạt 19/19 tiêu chí`) are not progress and are left out.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from extractors.contract import Analysis, component
from extractors.numbers import number_regex, parse_number
from extractors.records import Criteria, Metadata
from extractors.refs import parse_date_text, year_anchor
from extractors.text import fold
from extractors.units import UnitIndex, UnitMention, plural_before, plural_match
from extractors.lang import phrases, table, word_list
from extractors.doc import Document

_CRIT = r"tiêu\s+chí(?!\w)(?!\s*/)"  # not `16,2 tiêu chí/xã` (an average)
_CRIT_RE = re.compile(_CRIT, re.IGNORECASE)
_MAX_ID = 40
_MAX_CRITERIA = 100  # national criteria sets have 9 to 60 criteria
_MAX_UNITS = 20000  # communes of the whole country
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–]\s")
_VERB_NEG = r"(?:chưa|không|chưa\s+được|không\s+được)"

_TOTAL_BEFORE = re.compile(
    r"(?:(?:đối\s+chiếu|so\s+sánh|so|theo)\s+với(?:\s+(?:bộ|tổng\s+số|tổng))?"
    r"|tổng\s+số|tổng\s+cộng|tổng|trong\s+số|(?:bao\s+)?gồm(?:\s+có)?|bộ\s+tiêu\s+chí\s+(?:có|với))\s*$",
    re.IGNORECASE)
_MET_BEFORE = re.compile(
    r"(?<!\w)(?:đạt\s+và\s+cơ\s+bản\s+đạt|cơ\s+bản\s+đạt|đạt(?:\s+chuẩn)?|hoàn\s+thành|đáp\s+ứng)"
    r"(?:\s+(?:được|xong))?\s*$", re.IGNORECASE)  # not `đạt thêm 3 tiêu chí`: an increase, not a count
_FULL_BEFORE = re.compile(r"(?<!\w)đạt\s+(?:đủ|cả|toàn\s+bộ)\s*$", re.IGNORECASE)
_UNMET_BEFORE = re.compile(
    rf"(?<!\w)(?:còn(?:\s+lại)?|{_VERB_NEG}\s+(?:đạt|hoàn\s+thành|đáp\s+ứng)|nợ|thiếu|rớt|bị\s+rớt)\s*$",
    re.IGNORECASE)
# `9 tiêu chí (theo quy định) không đạt`: up to three words between, none a conjunction
# (`đạt 15 tiêu chí nhưng chưa đạt chuẩn` is met 15)
_UNMET_AFTER = re.compile(rf"^\s*(?:(?!(?:nhưng|song|và|mà|còn)\s)[^\d\s,;:]+\s+){{0,3}}?(?:(?:còn|vẫn)\s+)?"
                          rf"(?:{_VERB_NEG}\s+(?:đạt|hoàn\s+thành|đáp\s+ứng)|bị\s+rớt|rớt|còn\s+lại)",
                          re.IGNORECASE)
_MET_AFTER = re.compile(r"^\s*(?:(?:đã|được|đều)\s+)*(?:đạt|hoàn\s+thành|được\s+công\s+nhận|đáp\s+ứng)",
                        re.IGNORECASE)
# A target or a directive, not progress: strong words anywhere before it in the sentence part
# (up to `;`), weak ones in its own clause and in lower case (`Cần Giuộc`, `Sẽ` are also names).
_TARGET = re.compile(r"(?<!\w)(?:phấn\s+đấu|mục\s+tiêu|dự\s+kiến|đăng\s+ký|hướng\s+tới|"
                     r"đề\s+nghị|kiến\s+nghị|yêu\s+cầu)(?!\w)", re.IGNORECASE)
_TARGET_CLAUSE = re.compile(r"(?<!\w)(?:phải|cần|sẽ|mỗi\s+năm)(?!\w)")
_REACHED = re.compile(r"[^.;]{0,60}?(?<!\w)"
                      r"(?:đạt\s+chuẩn|được\s+công\s+nhận|hoàn\s+thành|về\s+đích|đạt)(?!\w)",
                      re.IGNORECASE)
_ID_LINK = re.compile(
    rf"^[\s,:(]*(?:{_VERB_NEG}\s+đạt\s*|đã\s+đạt\s*|đạt\s*)?"
    r"(?:(?:bao\s+)?gồm|là|như|cụ\s+thể\s+là|cụ\s+thể|đó\s+là|gồm\s+có)?[\s,:(]*$", re.IGNORECASE)
_ID_NUM = r"(?:số\s+)?(\d{1,2})(?![\d/]|[.,]\d|\s*" + _CRIT + r")"
_ID_LIST = re.compile(
    rf"(?:(?:các\s+)?{_CRIT}\s+{_ID_NUM}|\(\s*(?:{_CRIT}\s+)?{_ID_NUM})"
    rf"(?:\s*(?:,|;|và|&)\s*(?:{_CRIT}\s+)?{_ID_NUM})*", re.IGNORECASE)
_AS_OF = re.compile(
    r"(?<!\w)(?:(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+|cuối\s+|thời\s+điểm\s+)?|(?:hết|cuối)\s+)"
    r"(?:ngày\s+)?(?P<when>"
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|tháng\s+\d{1,2}\s*(?:[/.-]|năm)\s*\d{4}|năm\s+\d{4})", re.IGNORECASE)
# `15-18 tiêu chí`, `từ 5 đến 14 tiêu chí`: the upper end of a range; `16,2 tiêu chí`: a decimal
_RANGE_BEFORE = re.compile(r"(?:\d\s*[-–]\s*|(?<!\w)từ\s+\S+\s+(?:đến|tới)\s+|\d[,.])$", re.IGNORECASE)
_ONE_OF = re.compile(r"một\s+trong(?!\w)", re.IGNORECASE)  # `một trong hai tiêu chí`: a choice, no count
_DEMONSTRATIVE = re.compile(r"(?<!\w)(?P<noun>[a-zà-ỹđ]+(?:\s+[a-zà-ỹđ]+){0,3})\s+này(?!\w)")
_FIRST_HALF = re.compile(r"(?<!\w)6\s+tháng\s+đầu\s+năm\s+(?P<year>\d{4})", re.IGNORECASE)
_LEVEL = {"tỉnh": 1, "thành phố": 1, "huyện": 2, "quận": 2, "thị xã": 2, "đặc khu": 2,
          "xã": 3, "phường": 3, "thị trấn": 3}
_OTHER_LEVEL = 4
_ADDRESS_GAP = re.compile(r"\s*[,(–-]?\s*")


@dataclass
class _Count:
    """One count read from the text: its slot (total, met, unmet, full, frac, unmet_frac)."""

    start: int
    end: int
    slot: str
    a: int
    b: int | None = None
    ids: list[int] = field(default_factory=list)


@dataclass
class _Row:
    sentences: list[int]
    counts: list[_Count]
    met: int | None = None
    total: int | None = None
    unmet: int | None = None
    met_ids: list[int] = field(default_factory=list)
    unmet_ids: list[int] = field(default_factory=list)

    def take(self, c: _Count) -> bool:
        """Add a count; False when its slot is already filled (a new passage starts)."""
        slots = {"total": ("total",), "met": ("met",), "unmet": ("unmet",), "full": ("met", "total"),
                 "frac": ("met", "total"), "unmet_frac": ("unmet", "total")}[c.slot]
        if any(getattr(self, s) is not None for s in slots):
            return False
        if c.slot == "frac":
            self.met, self.total = c.a, c.b
        elif c.slot == "full":
            self.met = self.total = c.a
        elif c.slot == "unmet_frac":
            self.unmet, self.total = c.a, c.b
        else:
            setattr(self, c.slot, c.a)
        target = self.unmet_ids if c.slot in ("unmet", "unmet_frac") else self.met_ids
        target.extend(i for i in c.ids if i not in target)
        self.counts.append(c)
        return True


@lru_cache(maxsize=1)
def _count_re() -> re.Pattern[str]:
    num = number_regex()
    return re.compile(
        rf"(?<![\w/])(?:(?P<a>\d+)\s*/\s*(?P<b>\d+)"
        rf"|(?P<fa>{num})\s+(?:trên|trong)\s+(?:tổng\s+)?(?:số\s+)?(?P<fb>{num})"
        rf"|(?P<n>{num}))\s+{_CRIT}", re.IGNORECASE)


# `tổng số tiêu chí đạt là 14/19`, `Số tiêu chí đạt chuẩn: 15/19`: the fraction after its noun.
_FRACTION_AFTER = re.compile(
    rf"{_CRIT}\s+(?:đã\s+)?(?:đạt|hoàn\s+thành)(?:\s+chuẩn)?(?:\s+(?:là|được))?\s*:?\s*"
    r"(?P<a>\d+)\s*/\s*(?P<b>\d+)(?![\d/]|\s*tiêu)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _unit_count_re() -> re.Pattern[str]:
    types = sorted(word_list("unit_types.txt"), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, t.split())) for t in types)
    return re.compile(rf"(?<![\w/])(?P<a>\d+)\s*(?:/|\s(?:trên|trong)\s+(?:tổng\s+số\s+)?)\s*(?P<b>\d+)"
                      rf"\s+(?P<type>{alternation})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _program_names() -> dict[str, str]:
    """Folded programme → programme as listed in programs.txt."""
    return {fold(p): p for p in word_list("programs.txt")}


@lru_cache(maxsize=1)
def _program_re() -> re.Pattern[str]:
    keys = sorted(_program_names(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")


def _number_at(raw: str, start: int) -> tuple[int | None, int]:
    """Value and start of a number in digits or words at `start`; a run of words is read from
    its longest valid tail (`trong năm ba tiêu chí` → 3)."""
    if raw.isdigit():
        return int(raw), start
    for word in re.finditer(r"\S+", raw):
        value = parse_number(raw[word.start():])
        if value is not None:
            return value, start + word.start()
    return None, start


def _plausible(a: int | None, b: int | None, limit: int) -> bool:
    """A count `a` (of `b`, when given) that a criteria or unit count can be."""
    return a is not None and 0 <= a <= limit and (b is None or a <= b <= limit and b >= 1)


def _clause_before(text: str, lo: int, pos: int) -> str:
    """Text of the clause that ends at `pos` (after the last comma, semicolon, colon …)."""
    chunk = text[lo:pos]
    breaks = list(_CLAUSE_BREAK.finditer(chunk))
    return chunk[breaks[-1].end():] if breaks else chunk


def _clause_after(text: str, pos: int, hi: int) -> str:
    chunk = text[pos:hi]
    stop = _CLAUSE_BREAK.search(chunk)
    return chunk[:stop.start()] if stop else chunk


def _is_target(text: str, lo: int, pos: int) -> bool:
    """Whether the count at `pos` is a target (`phấn đấu đạt 19/19 tiêu chí`), not progress."""
    part = text[lo:pos].rsplit(";", 1)[-1]
    return bool(_TARGET.search(part) or _TARGET_CLAUSE.search(_clause_before(text, lo, pos)))


@lru_cache(maxsize=1)
def _not_count_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(words anywhere in the clause, words right before the number, words anywhere in the
    sentence) that make a number of criteria no count of a programme's progress."""
    return (re.compile(rf"(?<!\w)(?:{phrases('criteria_not_counts.txt')})(?!\w)", re.IGNORECASE),
            re.compile(rf"(?<!\w)(?:{phrases('criteria_bounds.txt')})\s*$", re.IGNORECASE),
            re.compile(rf"(?<!\w)(?:{phrases('criteria_other_sets.txt')})(?!\w)", re.IGNORECASE))


def _not_a_count(text: str, lo: int, pos: int) -> bool:
    """A threshold, average, bound or range (`tối thiểu là 1/9 tiêu chí`, `dưới 5 tiêu chí`,
    `15-18 tiêu chí`), not the progress of a unit."""
    clause_words, bounds, _ = _not_count_res()
    before = text[max(lo, pos - 40):pos]
    return bool(clause_words.search(_clause_before(text, lo, pos)) or bounds.search(before)
                or _RANGE_BEFORE.search(before))


def _classify(before: str, after: str, fraction: bool) -> str | None:
    """Slot of a count from its clause; None when it is not a progress count."""
    if _UNMET_AFTER.match(after) or _UNMET_BEFORE.search(before):
        return "unmet_frac" if fraction else "unmet"
    if fraction:
        return "frac"
    if _FULL_BEFORE.search(before):
        return "full"
    if _MET_BEFORE.search(before) or _MET_AFTER.match(after):
        return "met"
    if _TOTAL_BEFORE.search(before):
        return "total"
    return None


def _ids(text: str, pos: int, hi: int, limit: int | None) -> list[int]:
    """Criteria numbers listed right after a count (`, gồm tiêu chí 1, 5 và 7`)."""
    m = _ID_LIST.search(text, pos, hi)
    if not m or not _ID_LINK.match(text[pos:m.start()]):
        return []
    ids = [int(x) for x in re.findall(r"(?<![\w/])\d{1,2}(?![\d/])", m.group())]
    return [i for i in dict.fromkeys(ids) if 1 <= i <= (limit or _MAX_ID)]


def _counts(doc: Document, s_start: int, s_end: int) -> list[_Count]:
    """Classified counts of criteria in the sentence `[s_start, s_end)`."""
    text = doc.text
    out: list[_Count] = []
    if not _CRIT_RE.search(text, s_start, s_end) or _not_count_res()[2].search(text, s_start, s_end):
        return out  # no criteria, or accreditation / selection criteria (`criteria_other_sets.txt`)
    for m in _count_re().finditer(text, s_start, s_end):
        if m.group("a"):
            (a, begin), b = (int(m.group("a")), m.start()), int(m.group("b"))
        elif m.group("fa"):
            (a, begin), (b, _) = _number_at(m.group("fa"), m.start("fa")), _number_at(m.group("fb"), 0)
        else:
            (a, begin), b = _number_at(m.group("n"), m.start("n")), None
        if not _plausible(a, b, _MAX_CRITERIA) or _is_target(text, s_start, begin) \
                or _not_a_count(text, s_start, begin) or _ONE_OF.match(text, begin):
            continue
        slot = _classify(_clause_before(text, s_start, begin), _clause_after(text, m.end(), s_end),
                         b is not None)
        if slot is None:
            continue
        ids = [] if slot == "total" else _ids(text, m.end(), s_end, b)
        out.append(_Count(begin, m.end(), slot, a, b, ids))
    for m in _FRACTION_AFTER.finditer(text, s_start, s_end):
        a, b = int(m.group("a")), int(m.group("b"))
        if _plausible(a, b, _MAX_CRITERIA) and not _is_target(text, s_start, m.start()) \
                and not _not_a_count(text, s_start, m.start()):
            out.append(_Count(m.start("a"), m.end(), "frac", a, b, _ids(text, m.end(), s_end, b)))
    return sorted(out, key=lambda c: c.start)


def _named_after(text: str, head: re.Match[str]) -> tuple[str, str] | None:
    """(`Khu bảo tồn thiên nhiên Vân Long`, `Vân Long`) when a common noun at `head` is followed
    by at most five lower-case words and a capitalised name, all separated by spaces only."""
    tail = text[head.end():head.end() + 120]
    words = list(re.finditer(r"[^\W\d_]+", tail))
    n, lower = 0, 0
    while n < len(words) and not tail[words[n - 1].end() if n else 0:words[n].start()].strip():
        if words[n].group()[0].isupper():
            n += 1
        elif n == lower:
            n, lower = n + 1, lower + 1
        else:
            break
    if lower > 5 or n == lower:
        return None
    return (text[head.start():head.end() + words[n - 1].end()],
            text[head.end() + words[lower].start():head.end() + words[n - 1].end()])


class _Subjects(UnitIndex):
    """Resolves the unit a passage is about from the unit mentions of the document."""

    def __init__(self, doc: Document, title: str | None) -> None:
        super().__init__(doc.text, title)
        self.doc = doc

    def enclosing(self, unit_type: str, pos: int) -> str | None:
        """The named unit above `unit_type` (a huyện for xã counts) nearest before `pos`."""
        level = _LEVEL.get(unit_type, _OTHER_LEVEL)
        above = [u for u in self.named if _LEVEL.get(u.type, _OTHER_LEVEL) < level]
        before = [u for u in above if u.end <= pos]
        if before:
            return before[-1].label
        if self.main is not None and _LEVEL.get(self.main.type, _OTHER_LEVEL) < level:
            return self.main.label
        return above[0].label if above else None

    def _head_of_address(self, units: list[UnitMention]) -> UnitMention:
        """The last unit, or the smallest unit of the address it ends (`xã A, huyện B, tỉnh C`)."""
        i = len(units) - 1
        while i > 0 and _ADDRESS_GAP.fullmatch(self.doc.text[units[i - 1].end:units[i].start]) \
                and _LEVEL.get(units[i - 1].type, _OTHER_LEVEL) > _LEVEL.get(units[i].type, _OTHER_LEVEL):
            i -= 1
        return units[i]

    def counted_units(self, lo: int, key: int) -> tuple[UnitMention, int | None] | None:
        """`8 xã đạt 19 tiêu chí`, `các xã đạt đủ 19 tiêu chí`: the clause of the count at `key`
        counts units of a type; (that type word, the number of units when given)."""
        text = self.doc.text
        clause_lo = key - len(_clause_before(text, lo, key))
        for u in self.mentions:
            plural = plural_match(text, lo, u.start) if clause_lo <= u.start < key and not u.name else None
            if plural:
                return u, int(plural.group()) if plural.group().strip().isdigit() else None
        return None

    def demonstrative(self, lo: int, key: int) -> str | None:
        """`khu bảo tồn này đạt 5/9 tiêu chí`: the entity a `<noun> này` before the count refers to,
        as first named in full (`Khu bảo tồn thiên nhiên Vân Long`)."""
        text = self.doc.text
        m = _DEMONSTRATIVE.search(_clause_before(text, lo, key))
        if not m or fold(m.group("noun")) in {fold(t) for t in word_list("unit_types.txt")}:
            return None
        words = m.group("noun").split()
        for n in range(len(words), 0, -1):
            head = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words[-n:])) + r"(?!\w)", re.IGNORECASE)
            found = [named for h in head.finditer(text, 0, key) if (named := _named_after(text, h))]
            if found:
                proper = found[-1][1]
                return next(label for label, name in found if name == proper)
        return None

    def of_passage(self, lo: int, key: int, hi: int) -> str | None:
        """Subject of a passage `[lo, hi)` whose defining count starts at `key`."""
        text = self.doc.text
        referred = self.demonstrative(lo, key)
        if referred:
            return referred
        inside = [u for u in self.mentions if lo <= u.start and u.end <= hi]
        singular = [u for u in inside if not plural_before(text, lo, u.start)]
        named_before = [u for u in singular if u.name and u.end <= key]
        if named_before:
            return self._head_of_address(named_before).label
        bare = [u for u in singular if not u.name]
        for unit in sorted(bare, key=lambda u: (u.start > key, abs(u.start - key))):
            resolved = self.of_type(unit.type, lo)
            if resolved:
                return resolved
        named_after = [u for u in singular if u.name]
        if named_after:
            return named_after[0].label
        return self.main.label if self.main else None


class _Programs:
    """Finds the programme of a passage: named in it, else its paragraph, the title, the document."""

    def __init__(self, doc: Document, title: str | None) -> None:
        self.doc = doc
        self.title = title
        self._named: dict[tuple[int, int], list[str]] = {}  # span → programmes: a paragraph is folded once

    @staticmethod
    def named_in(text: str | None) -> list[str]:
        """Programmes named in `text`, in text order (the longest entry where several start)."""
        return [_program_names()[m.group()] for m in _program_re().finditer(fold(text))]

    @cached_property
    def fallback(self) -> str | None:
        """The title's programme, else the one the document names most."""
        in_title = self.named_in(self.title)
        if in_title:
            return in_title[0]
        counts = Counter(self.named_in(self.doc.text))
        return counts.most_common(1)[0][0] if counts else None

    def of(self, spans: list[tuple[int, int]]) -> str | None:
        for lo, hi in spans:
            if (lo, hi) not in self._named:
                self._named[(lo, hi)] = self.named_in(self.doc.text[lo:hi])
            found = self._named[(lo, hi)]
            if found:
                return found[0]
        return self.fallback


@lru_cache(maxsize=1)
def _full_sets() -> dict[str, int]:
    """Programme → size of its national set of criteria (`criteria_sets.tsv`)."""
    return {p: int(n) for p, n in table("criteria_sets.tsv").items()}


def _as_of_match(text: str, lo: int, key: int, hi: int) -> re.Match[str] | None:
    """The date expression a count at `key` holds at: the last before it in the passage, else
    the first after it unless a target (`phấn đấu đến năm 2025`) comes first."""
    before = list(_AS_OF.finditer(text, lo, key))
    if before:
        return before[-1]
    after = _AS_OF.search(text, key, hi)
    return after if after and not _TARGET.search(text, key, after.start()) else None


def _as_of(doc: Document, span: tuple[int, int], key: int, fallback: str | None,
           meta: Metadata) -> str | None:
    """`đến tháng 2/2024`, `Tính đến hết tháng 6-2017` (month end), else the event date."""
    lo, hi = span
    m = _as_of_match(doc.text, lo, key, hi)
    if not m:
        half = _FIRST_HALF.search(doc.text, lo, hi)
        return f"{half.group('year')}-06-30" if half else fallback
    raw = m.group("when")
    year_only = re.fullmatch(r"năm\s+(\d{4})", raw, re.IGNORECASE)
    if year_only:
        return f"{year_only.group(1)}-12-31"
    month = re.fullmatch(r"tháng\s+(\d{1,2})\s*(?:[/.-]|năm)\s*(\d{4})", raw, re.IGNORECASE)
    if month:
        y, mo = int(month.group(2)), int(month.group(1))
        if not 1 <= mo <= 12:
            return fallback
        return date(y, mo, calendar.monthrange(y, mo)[1]).isoformat()
    when = parse_date_text(raw, year_anchor(doc, meta))
    return when.isoformat() if when else fallback


def _unit_rows(doc: Document, subjects: _Subjects, programs: _Programs, meta: Metadata,
               fallback: str | None) -> list[Criteria]:
    """Rows of kind `units`: `có 12/15 xã đạt chuẩn nông thôn mới`, subject the unit above."""
    text = doc.text
    rows = []
    for sentence in doc.sentences:
        for m in _unit_count_re().finditer(text, sentence.start, sentence.end):
            a, b = int(m.group("a")), int(m.group("b"))
            if not _plausible(a, b, _MAX_UNITS) or _is_target(text, sentence.start, m.start()) \
                    or not _REACHED.match(text, m.end(), sentence.end):
                continue
            unit_type = next(t for t in word_list("unit_types.txt") if fold(t) == fold(m.group("type")))
            span = (sentence.start, sentence.end)
            rows.append(Criteria(
                subject=subjects.enclosing(unit_type, m.start()), met=a, total=b, unmet=b - a,
                text=text[span[0]:span[1]], span=list(span), kind="units",
                program=programs.of([span]), as_of=_as_of(doc, span, m.start(), fallback, meta)))
    return rows


def _rows(doc: Document) -> list[_Row]:
    """Counts merged into passages: adjacent sentences of one block, one value per slot."""
    rows: list[_Row] = []
    current: _Row | None = None
    for index, sentence in enumerate(doc.sentences):
        for count in _counts(doc, sentence.start, sentence.end):
            adjacent = (current is not None and current.sentences[-1] >= index - 1
                        and doc.sentences[current.sentences[-1]].block == sentence.block)
            if current is None or not adjacent or not current.take(count):
                current = _Row([index], [])
                current.take(count)
                rows.append(current)
            elif current.sentences[-1] != index:
                current.sentences.append(index)
    return rows


@component("criteria", requires=("metadata",), assigns="criteria")
def extract_criteria(doc: Document, found: Analysis) -> list[Criteria]:
    """Criteria rows of RECORDS.md; an inconsistent count adds a warning to `doc.warnings`."""
    meta = found.metadata
    title = meta.title
    # A count holds on the day of the meeting that reported it, else on the publication day.
    fallback = meta.event_date or meta.published
    subjects, programs = _Subjects(doc, title), _Programs(doc, title)
    out: list[Criteria] = []
    seen: set[tuple] = set()
    for row in _rows(doc):
        if row.met is None and row.unmet is None:
            continue  # a total alone is not progress
        lo, hi = doc.sentences[row.sentences[0]].start, doc.sentences[row.sentences[-1]].end
        met, unmet, total = row.met, row.unmet, row.total
        if total is not None and met is None and unmet is not None:
            met = total - unmet
        elif total is None and met is not None and unmet is not None:
            total = met + unmet
        elif unmet is None and met is not None and total is not None:
            unmet = total - met
        key_count = next(c for c in row.counts if c.slot != "total")
        block = doc.blocks[doc.sentences[row.sentences[0]].block]
        program = programs.of([(lo, hi), (block.start, block.end)])
        if total is None and unmet is None and met == _full_sets().get(program or ""):
            total, unmet = met, 0  # `hoàn thành 19 tiêu chí quốc gia về nông thôn mới`: the whole set
        counted = subjects.counted_units(lo, key_count.start)
        if counted is not None:  # `8 xã đạt 19 tiêu chí`: how many units reached it, not one's progress
            unit, number = counted
            if number is not None and (met is not None and met == total):
                out.append(Criteria(
                    subject=subjects.enclosing(unit.type, unit.start), met=number, total=None,
                    text=doc.text[lo:hi], span=[lo, hi], kind="units", program=program,
                    as_of=_as_of(doc, (lo, hi), key_count.start, fallback, meta)))
            continue
        subject = subjects.of_passage(lo, key_count.start, hi)
        key = ("criteria", fold(subject), met, total)
        if key in seen:
            continue  # the same passage printed twice (page scrapes)
        seen.add(key)
        if None not in (row.met, row.unmet, row.total) and row.met + row.unmet != row.total:
            doc.warnings.append(f"criteria counts disagree: {row.met} met + {row.unmet} unmet != "
                                f"{row.total} in «{doc.text[lo:hi][:80]}»")
        out.append(Criteria(
            subject=subject, met=met, total=total, unmet=unmet, text=doc.text[lo:hi], span=[lo, hi],
            program=program,
            met_ids=sorted(row.met_ids), unmet_ids=sorted(row.unmet_ids),
            as_of=_as_of(doc, (lo, hi), key_count.start, fallback, meta)))
    for row in _unit_rows(doc, subjects, programs, meta, fallback):
        key = ("units", fold(row.subject), row.met, row.total)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out
