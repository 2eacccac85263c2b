"""Tasks: every directive of a conclusion or notice, with assignee, deadline and recurrence.

The document is walked line by line (blocks, with list headers glued at a line end cut
off) keeping three kinds of context:

* sections — headings such as `2. Nhiệm vụ trọng tâm tháng 8 năm 2023` (directive),
  `1. Kết quả thực hiện` (skipped), or group headers `1. Đối với Đảng ủy, UBND các phường:`,
  `a) Bộ Lao động - Thương binh và Xã hội` that give the items below them an assignee;
* a lead-in — a line ending with `:` (`… các đơn vị cần tập trung thực hiện các nhiệm vụ
  trọng tâm sau:`) whose list items it introduces;
* a prose passage — after a directive sentence (`đồng chí … đề nghị phường X …`), the
  following imperative sentences continue it with the same assignee.

Each list item, or each directive sentence, is cut at `;` (and at a `sau:` list colon)
where the parts have their own action; `extractors.directives.read_clause` tells who acts.
A lead-in's agent goes on under the sub-headings below it.  Task tables (`STT | Nội dung |
Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn`, `extractors.task_tables`) give one task a row
and are left out of the walk.  Every deadline comes from `extractors.temporal.find_deadline`.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from extractors.contract import Analysis, component
from extractors.directives import (Clause, agent_at, looks_official, opens_without_action, read_clause, tokenize,
                                   trigger_phrases)
from extractors.records import Task
from extractors.task_tables import TableRow, find_task_tables, names_no_unit, task_items
from extractors.temporal import TimeExpr, deadline_kind, find_deadline, find_temporals
from extractors.text import TONE_MARKS, fold, is_all_caps
from extractors.units import UnitIndex, find_units
from extractors.lang import alternation, table, word_list
from extractors.doc import Document

_TONE_MARKS = re.compile(f"[{TONE_MARKS}]+")


def _toneless(text: str) -> str:
    """Lower-case `text` without tone marks: a cheap pre-test before `fold` — a phrase in the
    folded text is in this one too (with its tones dropped)."""
    return unicodedata.normalize("NFC", _TONE_MARKS.sub("", unicodedata.normalize("NFD", text.lower())))


def _toneless_words(phrases, whole_words: bool = True) -> re.Pattern[str]:
    """Folded phrases as one regex over `_toneless` text."""
    words = alternation(phrases, _toneless)
    return re.compile(r"(?<!\w)(?:" + words + r")(?!\w)" if whole_words else words)


_TASK_KINDS = frozenset({"object", "lead", "modal", "imperative", "subject"})
_EXPLICIT = frozenset({"object", "lead", "modal"})
_INLINE_HEADER = re.compile(r"(?:(?<=[.;:])|(?<=\S))\s+(?P<marker>[a-zđ]\))\s+(?P<body>[A-ZĐ][^.;:!?]{2,250}:?)$")
_GROUP_OPENER = re.compile(r"^(?:đối với|đề nghị|trách nhiệm của|giao(?: cho)?|phân công)\s+", re.I)
_COORDINATION = re.compile(r"\s*(?:,|;|và|&|-)?\s*")
_RESPONSIBLE = re.compile(r"\s+(?:có|chịu)\s+trách\s+nhiệm(?:\s+thực\s+hiện)?$", re.I)  # `Chủ đầu tư có trách nhiệm:`
_LIST_INTRO = re.compile(r"(?:sau|sau đây|như sau|đó là|gồm|bao gồm|cụ thể là|cụ thể)\s*$", re.I)
_GLUED_SENTENCE = re.compile(r"(?<=[a-zđà-ỹ\d)])\.(?=[A-ZĐÀ-Ỹ])")
_DEADLINE_NOTE = re.compile(r"\(\s*\*?\s*(?:thời gian|thời hạn|hạn)[^()]*\)", re.I)
_DEADLINE_ONLY = re.compile(r"^\s*(?:\(?\*?\s*)?(?:hạn(?: chót)?(?: báo cáo| hoàn thành| gửi)?|thời hạn(?: hoàn thành| báo cáo)?"
                            r"|thời gian(?: hoàn thành| thực hiện)|(?:thực hiện |hoàn thành )?xong|hoàn thành)\s+(?:trước|trong|chậm nhất|vào|là)", re.I)
_MEETING_WITH = re.compile(r"làm việc với\s+(?:tập thể\s+)?(?P<np>[^,.;:()]+?)(?=\s+(?:về|tại|để|nhằm|trong|sau|theo)\b|[,.;:()]|$)",
                           re.I)
_AUTHORITY_OF = re.compile(r"thẩm quyền(?: giải quyết)? của\s+(?P<np>[^,;.]+?)(?=\s+thì\b|[,;.]|$)", re.I)
_PERSON = re.compile(r"^(?:các\s+)?(?:ông|bà|đồng chí|đ/c)\s", re.I)
_HONORIFIC = re.compile(r"^(?:các\s+)?(?:đồng chí|đ/c)\s+", re.I)
_SAME_WORK = re.compile(r"\s*đồng thời\b", re.I)
_COMPLETION_WORDS = tuple(sorted((fold(w) for w in word_list("deadline_completion.txt")), key=len, reverse=True))
_COMPLETION_TONELESS = _toneless_words(_COMPLETION_WORDS, whole_words=False)
_LETTER = re.compile(r"[^\W\d_]")
_DESCRIPTIVE = re.compile(r"(?<!\w)(?:đã|đang|được|là|chưa)(?!\w)", re.I)
_BARE_PERSON = frozenset(map(fold, ("đồng chí", "đ/c", "ông", "bà")))
_CONCLUSION_TITLE = re.compile("|".join(re.escape(fold(w)) for w in ("kết luận", "chỉ đạo")))
_SPLIT_MARKS = re.compile('[()\\[\\];:"“”]')
_PRESIDING = frozenset({"chair", "concluder", "speaker"})
_LISTENING = frozenset({"reporter", "attendee"})
_HONORIFICS = "|".join(map(re.escape, map(fold, ("ông", "bà", "đồng chí", "đ/c"))))
_STOP_LINE = re.compile(r"^\s*nơi nhận\b", re.I)


@dataclass
class _Line:
    """A block, or a list header cut from the end of a block (`… thực hiện. đ) Bộ Giáo dục`)."""

    start: int
    end: int
    body_start: int
    marker: str | None
    rank: int | None
    heading: bool


@dataclass
class _Section:
    rank: float
    mode: str | None  # directive | skip | None
    title: str | None = None
    period: str | None = None
    assignee: str | None = None
    requester: str | None = None  # who gave the conclusions this section lists
    deadline: TimeExpr | None = None  # `Các việc hoàn thành trước ngày 30/9/2024:`
    carried: bool = False  # its assignee is a lead-in's, carried over its sub-headings


@dataclass
class _Context:
    """What a clause inherits: assignee, who asked, and the section it sits in."""

    assignee: str | None = None
    requester: str | None = None
    section: _Section | None = None


@dataclass
class _Draft:
    start: int
    end: int
    clause: Clause
    base: int  # offset of the text the clause was read from
    ctx: _Context
    note: tuple[int, int] | None = None  # the item's closing deadline note, if any
    extra: list[tuple[int, int]] = field(default_factory=list)  # wrapped lines of the item
    tail: list[tuple[int, int]] = field(default_factory=list)  # `Hạn báo cáo trước ngày …`


@lru_cache(maxsize=1)
def _section_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex of the folded section words, longest first, and each word's mode."""
    words = sorted(((fold(w), mode) for w, mode in table("task_sections.tsv").items()), key=lambda wm: -len(wm[0]))
    modes: dict[str, str] = {}
    for word, mode in words:
        modes.setdefault(word, mode)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w, _ in words) + r")(?!\w)")
    return pattern, modes


def _mode_of(text: str) -> str | None:
    """directive/skip from the first section word in `text` (None when it has none), directive
    when it is listed with a directive one (`MỤC TIÊU, NHIỆM VỤ`); after a purpose clause
    (`Để khắc phục những hạn chế trên, … các nhiệm vụ sau:`) from the last."""
    pattern, modes = _section_words()
    key = fold(text)
    found = list(pattern.finditer(key))
    if not found:
        return None
    if _purpose().match(key):
        return modes[found[-1].group()]
    listed = [found[0]]  # `MỤC TIÊU, NHIỆM VỤ`, `Nhiệm vụ và giải pháp`: heads listed together
    for m in found[1:]:
        if not _COORDINATION.fullmatch(key, listed[-1].end(), m.start()):
            break
        listed.append(m)
    heads = [modes[m.group()] for m in listed]
    return "directive" if "directive" in heads else heads[0]


@lru_cache(maxsize=1)
def _topic() -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(re.escape(fold(w)) for w in word_list("task_topics.txt")) + r")(?!\w)")


@lru_cache(maxsize=1)
def _agenda() -> re.Pattern[str]:
    """Agenda verbs over folded text (tones kept: `bàn` is not `Ban`)."""
    words = "|".join(re.escape(fold(w)) for w in word_list("task_agenda.txt"))
    return re.compile(r"(?<!\w)(?:" + words + r")(?!\w)")


@lru_cache(maxsize=1)
def _purpose() -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(re.escape(fold(w)) for w in word_list("task_purpose.txt")) + r")(?!\w)")


@lru_cache(maxsize=1)
def _type_ends() -> frozenset[str]:
    """Last words of the unit type words (`xã`, `trấn`): a phrase ending otherwise is no bare unit."""
    return frozenset(fold(t.split()[-1]) for t in word_list("unit_types.txt"))


@lru_cache(maxsize=1)
def _unit_organs() -> frozenset[str]:
    return frozenset(map(fold, word_list("task_unit_organs.txt")))


@lru_cache(maxsize=1)
def _trigger_pattern() -> re.Pattern[str]:
    """Any directive trigger in a sentence: sentences without one are skipped."""
    return _toneless_words(trigger_phrases())


@lru_cache(maxsize=4096)
def _temporals(text: str, anchor: date | None) -> tuple[TimeExpr, ...]:
    """`find_temporals`, cached: one span is read as clause, completion, milestone and deadline."""
    return tuple(find_temporals(text, anchor))


def _recurrence(text: str, anchor: date | None) -> TimeExpr | None:
    """`extractors.temporal.find_recurrence` from the cached scan (a repeating expression
    never depends on the anchor)."""
    return next((e for e in _temporals(text, anchor) if e.type == "set"), None)


def _lines(doc: Document, skip: frozenset[int] = frozenset()) -> list[_Line]:
    """The walk's lines; `skip`: blocks read otherwise (the cells of task tables)."""
    out = []
    for index, block in enumerate(doc.blocks):
        if index in skip:
            continue
        text = doc.text[block.start:block.end]
        m = _INLINE_HEADER.search(text) if ")" in text else None
        cut, lead_in = None, False
        if m and m.start() > 0:
            body = m.group("body")
            lead_in = body.endswith(":") and bool(_LIST_INTRO.search(body[:-1]))  # `a) Vụ X chủ trì, … sau:`
            if lead_in or (_group_assignee(body) and len(body.split()) <= 15):
                cut = m
        end = block.start + cut.start() if cut else block.end
        out.append(_Line(block.start, end, block.body_start, block.marker, block.rank,
                         block.kind == "heading"))
        if cut:
            s = block.start + cut.start("marker")
            out.append(_Line(s, block.end, block.start + cut.start("body"), cut.group("marker"), 2, not lead_in))
    return out


def _group_assignee(body: str) -> str | None:
    """`Đối với các phòng, ban chuyên môn Quận:` → `các phòng, ban chuyên môn Quận`.

    A person (`- Bà A, Chủ tịch UBND phường … và`) heads a group only before a colon."""
    colon = body.rstrip().endswith(":")
    body = body.strip().rstrip(":").strip()
    if not body or body.endswith((".", ";", ",")) or len(body.split()) > 20 or "(" in body:
        return None
    if re.search(r"\s(?:và|hoặc|của)$", body) or (_PERSON.match(body) and not colon):
        return None
    rest = _RESPONSIBLE.sub("", _GROUP_OPENER.sub("", body, count=1))
    toks = tokenize(rest)
    if not toks or not agent_at(toks, 0):
        return None
    clause = read_clause(_RESPONSIBLE.sub("", body))
    if clause.kind in ("imperative", "subject") or (clause.kind and clause.action_start < len(body)):
        return None
    return rest


def _split_parts(text: str, base: int) -> list[tuple[int, int]]:
    """Spans of `text` cut at `;` and at a list colon, outside brackets and quotes."""
    parts, depth, quote, start = [], 0, False, 0
    for m in _SPLIT_MARKS.finditer(text) if ";" in text or ":" in text else ():
        i, ch = m.start(), m.group()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in '"“”':
            quote = not quote if ch == '"' else ch == "“"
        elif depth == 0 and not quote and (ch == ";" or (ch == ":" and _LIST_INTRO.search(text, start, i))):
            parts.append((start, i + 1))
            start = i + 1
    parts.append((start, len(text)))
    out = []
    for s, e in parts:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1] in " \n;:,":
            e -= 1
        if e > s:
            out.append((base + s, base + e))
    return out


def _sentences(doc: Document, starts: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of a line, also cut where a full stop is glued to the next word.

    `starts` are the sorted start offsets of `doc.sentences`."""
    lo, hi = bisect_left(starts, start), bisect_left(starts, end)
    spans = [(x.start, x.end) for x in doc.sentences[lo:hi]] or [(start, end)]
    out = []
    for s, e in spans:
        cuts = [s] + [s + m.end() for m in _GLUED_SENTENCE.finditer(doc.text[s:e])] + [e]
        out.extend((a, b) for a, b in zip(cuts, cuts[1:]) if b > a)
    return out


class _Reader:
    """One document's walk; see the module docstring."""

    def __init__(self, doc: Document, found: Analysis):
        self.doc = doc
        self.text = doc.text
        self.anchor: date | None = found.metadata.anchor
        self.officials = [_official(o) for o in found.officials]
        self.official_keys = [fold(name) for name, _, _, _ in self.officials]
        self.title_keys = [[fold(t) for t in titles] for _, titles, _, _ in self.officials]
        self.given_names = _given_names(self.official_keys)
        self.memo: dict[tuple[int, int, bool, bool, bool], Clause] = {}
        self.drafts: list[_Draft] = []
        self.sections: list[_Section] = []
        self.lead: _Context | None = None
        self.lead_mode: str | None = None
        self.items: list[tuple[float, str | None]] = []
        self.colon_item: tuple[str | None, float] | None = None  # marker and rank of the last `- … :` item
        self.passage: _Context | None = None
        self.last_line_drafts: list[_Draft] = []
        self.sentence_starts = [x.start for x in doc.sentences]
        meta = found.metadata
        self.units = UnitIndex(self.text, meta.title)
        self.title = fold(meta.title)
        self.title_words = len(self.title.split(" "))
        # A notice of conclusions (`Thông báo kết luận …`, `Ý kiến chỉ đạo …`): its numbered
        # items are directives even without a `Nhiệm vụ` heading.
        self.conclusions = meta.doc_type == "notice" and bool(_CONCLUSION_TITLE.search(self.title))

    # ------------------------------------------------------------------ context
    @cached_property
    def addressee(self) -> str | None:
        """The unit a meeting report addresses: `làm việc với phường Tân Dân`, else the unit
        the document names most often."""
        head = self.text[:1500]
        m = _MEETING_WITH.search(head)
        if m and agent_at(tokenize(m.group("np")), 0):
            return m.group("np").strip()
        counts: dict[str, tuple[int, str]] = {}
        for u in self.units.named:
            n, label = counts.get(u.key, (0, u.text))
            counts[u.key] = (n + 1, label)
        if counts:
            n, label = max(counts.values())
            if n >= 3:
                return label
        return None

    def section(self) -> _Section | None:
        return self.sections[-1] if self.sections else None

    def mode(self) -> str | None:
        if self.lead is not None:
            return self.lead_mode
        return next((s.mode for s in reversed(self.sections) if s.mode), None)

    def inherited(self) -> str | None:
        if self.items and self.items[-1][1]:
            return self.items[-1][1]
        if self.lead is not None and self.lead.assignee:
            return self.lead.assignee
        return next((s.assignee for s in reversed(self.sections) if s.assignee), None)

    def requester(self) -> str | None:
        if self.lead is not None and self.lead.requester:
            return self.lead.requester
        return next((s.requester for s in reversed(self.sections) if s.requester), None)

    def times(self, s: int, e: int) -> list[tuple[int, int]]:
        return [(t.start, t.end) for t in _temporals(self.text[s:e], self.anchor)]

    def clause(self, s: int, e: int, loose: bool, final: bool = False, requested: bool = False) -> Clause:
        """`read_clause` of text[s:e], once per span: items and sentences are read as a
        whole, in parts and as leads."""
        key = (s, e, loose, final, requested)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = read_clause(self.text[s:e], self.times(s, e), loose, self._is_official,
                                                 final, self._speaker, requested)
        return found

    def _is_official(self, toks, a: int, b: int) -> bool:
        if looks_official(toks, a, b):
            return True
        if not self.official_keys:
            return False
        phrase = fold(" ".join(t.raw for t in toks[a:b]))
        return any(name in phrase for name in self.official_keys)

    def _speaker(self, toks, a: int, b: int) -> str | None:
        """"chair" when tokens a..b name who chairs or concludes (`đồng chí Chủ tịch UBND
        huyện`, `ông Huy`), "official" for another official of the document, else None."""
        named = self._named(fold(" ".join(t.raw for t in toks[a:b])))
        if named is None:
            return None
        return "chair" if _PRESIDING & set(self.officials[named][2]) else "official"

    def _named(self, phrase: str) -> int | None:
        """Index of the official a folded phrase names: by full name, by honorific and given
        name (`ông Tùng`, when no other official has it), else by the longest title it holds."""
        for i, key in enumerate(self.official_keys):
            if key and key in phrase:
                return i
        for given, i in self.given_names.items():
            if re.search(r"(?<!\w)(?:" + _HONORIFICS + r")\s+" + re.escape(given) + r"(?!\w)", phrase):
                return i
        best: tuple[int, int] | None = None
        for i, titles in enumerate(self.title_keys):
            for t in titles:
                if t and t in phrase and (best is None or len(t) > best[0]):
                    best = (len(t), i)
        return best[1] if best else None

    def whole_unit(self, assignee: str, at: int) -> str:
        """A unit written by its type alone (`xã`, `UBND phường`, `Đảng ủy thị trấn`) made
        whole when the document names one such unit or is about one (`xã Đô Thành`); any
        other assignee (`các xã`, `Phòng Nội vụ huyện`, a person) stays as written."""
        words = assignee.split()
        if not words or fold(words[-1]) not in _type_ends():
            return assignee
        units = find_units(assignee, bare=True)
        if len(units) != 1 or units[0].name or assignee[units[0].end:].strip():
            return assignee
        organ = fold(assignee[:units[0].start])
        if organ and organ not in _unit_organs():
            return assignee
        label = self.units.sole(units[0].type, at)
        return assignee[:units[0].start] + label if label else assignee

    def _speaks(self, i: int) -> bool:
        """Can official i be the one who directs: not someone who only reported or attended."""
        roles = set(self.officials[i][2])
        return bool(roles & _PRESIDING) or not roles & _LISTENING

    # ------------------------------------------------------------------ walk
    def run(self, skip: frozenset[int] = frozenset()) -> list[_Draft]:
        for line in _lines(self.doc, skip):
            body = self.text[line.body_start:line.end].strip()
            if not body:
                continue
            if _STOP_LINE.match(body):
                break
            if (self.title and len(body.split()) == self.title_words and fold(body) == self.title
                    and not body.endswith((".", ";", ":"))):
                continue  # a headline announces, it does not direct
            if self._header(line, body):
                continue
            if line.marker is not None:
                self._item(line, line.rank if line.rank is not None else 3)
            else:
                self._paragraph(line, body)
        return self.drafts

    def _header(self, line: _Line, body: str) -> bool:
        all_caps = is_all_caps(body)
        group = _group_assignee(body) if line.marker or body.endswith(":") else None
        if line.marker is None and not all_caps and not group:
            return False
        listed_colon = body.endswith(":") and line.rank is not None and line.rank <= 2
        only_word = fold(body.rstrip(":")) in _section_words()[1]  # `4. Tổ chức thực hiện`, `a) Mục tiêu`
        if not (group or all_caps or line.heading or listed_colon or (only_word and line.marker)):
            return False
        named_part = _mode_of(body) is not None and not body.endswith((".", ";")) and (
            (line.rank == 0 and len(body.split()) <= 10) or only_word)  # `V. tổ chức thực hiện`: a part's name
        if not group and not all_caps and not named_part and _mode_of(body) != "skip":
            clause = self.clause(line.body_start, line.end, loose=False)
            if clause.kind in ("imperative", "subject") or (clause.kind and clause.assignee):
                return False
            if body.endswith(":") and line.marker is None:
                return False
        rank = -1.0 if line.marker is None else float(line.rank if line.rank is not None else 3)
        requester = self.requester()
        # `Bộ trưởng yêu cầu các cơ quan … các nhiệm vụ sau:` then `1. Về …`, `2. Về …`: the
        # lead's agent goes on under each sub-heading until a heading of its own kind comes
        carried = self.lead.assignee if self.lead is not None and self.lead_mode == "directive" else None
        while self.sections and self.sections[-1].rank >= rank:
            popped = self.sections.pop()
            carried = carried or (popped.assignee if popped.carried else None)
        title = self.text[line.start:line.end].strip()
        mode = "directive" if group else _mode_of(body)
        keep_title = not group and (not all_caps or line.marker is not None or mode is not None)
        period = None
        if mode == "directive" and keep_title:
            period = next((t.value for t in _temporals(body, self.anchor)
                           if t.type == "period" and not t.horizon), None)
        due = _deadline(body, self.anchor)
        due = due if due is not None and due.cue in ("before", "by", "until") else None
        if mode is None and due is not None:
            mode = "directive"  # `Các việc phải hoàn thành trước ngày 30/9/2024:`
        carry = bool(carried) and not group and not all_caps and mode in (None, "directive")
        self.sections.append(_Section(rank, "directive" if carry else mode, title if keep_title else None, period,
                                      carried if carry else group, None if all_caps else requester, due, carry))
        if group and len(self.sections) >= 2 and self.sections[-2].title:
            self.sections[-1].title = self.sections[-2].title
            self.sections[-1].period = self.sections[-2].period
        self.lead, self.lead_mode, self.items, self.passage, self.colon_item = None, None, [], None, None
        return True

    def _ctx(self, assignee: str | None = None) -> _Context:
        return _Context(assignee or self.inherited(), self.requester(), self.section())

    def _item(self, line: _Line, rank: float) -> None:
        opener = self.colon_item
        if opener and line.marker and line.marker != opener[0] and rank == opener[1]:
            rank += 0.5  # `+ …` items under `- … :`: bullets of another glyph nest
        while self.items and self.items[-1][0] >= rank:
            self.items.pop()
        body = self.text[line.body_start:line.end].rstrip()
        mode = self.mode()
        if mode is None and (self.conclusions or self._timetable(line)):
            mode = "directive"
        produced: list[_Draft] = []
        if mode != "skip":
            produced = self._drafts(line.body_start, line.end, self._ctx(), directive=mode == "directive",
                                    item=True, listed=mode == "directive" and self.lead is None)
        own = produced[0].ctx.assignee if produced else self.inherited()
        if body.endswith(":") and not produced:
            self.lead_mode = _mode_of(body) or mode  # `- Hướng dẫn các hộ …:` keeps the section's mode
            clause = self.clause(line.body_start, line.end, loose=mode == "directive")
            if clause.kind in _TASK_KINDS and clause.assignee:  # `a) Vụ X chủ trì, … các nhiệm vụ sau:`
                own = self._text(clause.assignee, line.body_start)
            self.lead = _Context(own, self.requester(), self.section())
        self.items.append((rank, own))
        if body.endswith(":"):
            self.colon_item = (line.marker, rank)
        elif opener and rank <= opener[1]:
            self.colon_item = None
        self.last_line_drafts = produced
        self.passage = None

    def _timetable(self, line: _Line) -> bool:
        """`- Cuối tháng 5 năm 2024: các huyện hoàn thành …`: a dated line of a schedule."""
        body = self.text[line.body_start:line.end]
        first = next(iter(_temporals(body[:60], self.anchor)), None)
        return first is not None and first.start == 0 and body[first.end:].lstrip().startswith(":")

    def _paragraph(self, line: _Line, body: str) -> None:
        in_list = self.lead is not None or bool(self.items) or self.mode() == "directive"
        if in_list and self.mode() != "skip":
            if self.last_line_drafts and _DEADLINE_ONLY.match(body) and len(body.split()) <= 12:
                self.last_line_drafts[-1].tail.append((line.body_start, line.end))
                return  # `Hoàn thành trong quý II năm 2010.` under the item it closes
            if body[:1].islower() and self.last_line_drafts:
                self.last_line_drafts[-1].extra.append((line.body_start, line.end))
                return
            clause = self.clause(line.body_start, line.end, loose=self.mode() == "directive")
            if clause.kind == "subject" and clause.past and self.last_line_drafts:
                self.last_line_drafts[-1].tail.append((line.body_start, line.end))
                return
            if clause.kind in _TASK_KINDS and not clause.past and not body.endswith(":"):
                rank = self.items[-1][0] if self.items else 3
                self._item(line, rank)
                return
        if in_list and self.mode() == "skip" and self.lead is None and not body.endswith(":"):
            return
        self.lead, self.lead_mode, self.items, self.colon_item = None, None, [], None
        self.last_line_drafts = []
        self._prose(line, body)

    def _prose(self, line: _Line, body: str) -> None:
        sentences = _sentences(self.doc, self.sentence_starts, line.body_start, line.end)
        produced: list[_Draft] = []
        for n, (s, e) in enumerate(sentences):
            sentence = self.text[s:e].strip()
            if n == len(sentences) - 1 and sentence.endswith(":"):
                self._open_lead(s, e, sentence)
                break
            if _DEADLINE_ONLY.match(sentence) and produced:
                produced[-1].tail.append((s, e))
                continue
            if self.passage is None and not _trigger_pattern().search(_toneless(sentence)):
                continue  # neither a directive of its own nor one going on
            same_paragraph = bool(produced)
            new = self._drafts(s, e, None, directive=False, item=False, passage=self.passage,
                               same_paragraph=same_paragraph)
            if new:
                produced.extend(new)
                last = new[-1].ctx
                self.passage = _Context(last.assignee, last.requester, last.section)
            elif self.passage is not None and not self._neutral(s, e):
                self.passage = None
        self.last_line_drafts = produced

    def _neutral(self, s: int, e: int) -> bool:
        """A sentence that neither directs nor ends a passage (`Chịu trách nhiệm trước …`)."""
        return opens_without_action(self.text[s:e])

    def _open_lead(self, s: int, e: int, sentence: str) -> None:
        """A sentence ending with `:` introduces the list below it; the object of its last
        trigger (`đồng thời đề nghị Đảng ủy cần tập trung …, đó là:`) is the list's assignee."""
        clause, base = Clause(None), s
        parts = _split_parts(self.text[s:e], s)
        for n, (ps, pe) in enumerate(parts):
            c = self.clause(ps, e if n == len(parts) - 1 else pe, loose=False)
            if c.kind in _EXPLICIT or clause.kind is None:
                clause, base = c, ps
        mode = _mode_of(sentence)
        explicit = clause.kind in _EXPLICIT
        if explicit and mode != "skip":
            mode = "directive"
        elif not explicit and _agenda().search(fold(sentence.rsplit(",", 1)[-1])):
            mode = "skip"  # `Hội nghị thảo luận các nội dung sau:` (not `Sau khi nghe …, … kết luận:`)
        assignee = self._text(clause.assignee, base) if explicit else None
        if explicit and not assignee:
            assignee = self.addressee
        requester = self._text(clause.requester, base) if explicit else None
        if not requester:
            folded = fold(sentence)
            named = [name for i, ((name, _, _, _), key) in enumerate(zip(self.officials, self.official_keys))
                     if key in folded and self._speaks(i)]
            requester = named[-1] if named else None
        self.lead = _Context(assignee, requester, self.section())
        self.lead_mode = mode
        self.items, self.colon_item = [], None
        self.passage = None

    # ------------------------------------------------------------------ clauses
    def _text(self, span: tuple[int, int] | None, base: int) -> str | None:
        if span is None:
            return None
        return re.sub(r"\s+", " ", self.text[base + span[0]:base + span[1]]).strip()

    def _drafts(self, s: int, e: int, ctx: _Context | None, directive: bool, item: bool,
                passage: _Context | None = None, same_paragraph: bool = False,
                listed: bool = False) -> list[_Draft]:
        """Tasks of one item or sentence: its parts with an action of their own.

        A part without one (a list of subjects before `;`, `; phấn đấu hoàn thành trong quý
        I/2026`, `; đồng thời …` going on with the same work) joins its neighbour.  `listed`:
        an item under a directive heading is a task even when its verb is not in the word
        lists, unless it reports (`đã`, `được`) or describes (`là`).
        """
        text = self.text[s:e]
        note_m = list(_DEADLINE_NOTE.finditer(text))
        note = (s + note_m[-1].start(), s + note_m[-1].end()) if note_m and item else None
        loose = directive or passage is not None
        read = [(ps, pe, self.clause(ps, pe, loose)) for ps, pe in _split_parts(text, s)
                if not (self.text[pe:pe + 1] == ":" and (not item or _LIST_INTRO.search(self.text, ps, pe)))]
        # `… cụ thể như sau:` only introduces; `- Hướng dẫn, kiểm tra các hộ …:` is a task too
        for n in range(1, len(read)):  # `…; đồng thời lưu ý xã …`: the official spoke before
            if read[n][2].kind not in _EXPLICIT and any(c.kind in _EXPLICIT and c.requester for _, _, c in read[:n]):
                ps, pe, _ = read[n]
                read[n] = (ps, pe, self.clause(ps, pe, loose, requested=True))
        sentence_directs = any(c.kind in _EXPLICIT for _, _, c in read)
        groups: list[list[int]] = []
        pending: list[int] = []
        for idx, (ps, pe, c) in enumerate(read):
            own = (c.kind in _TASK_KINDS and not c.past and not self._completion_only(ps, pe, c)
                   and not (groups and c.kind == "imperative" and _SAME_WORK.match(self.text, ps)))
            if own:
                groups.append(pending + [idx])
                pending = []
            elif groups:
                groups[-1].append(idx)
            else:
                pending.append(idx)
        if pending and groups:
            groups[-1].extend(pending)
        if not groups and any(c.trigger and c.kind is None for _, _, c in read):
            last = read[-1][1]
            whole = self.clause(read[0][0], last, loose, final=True)
            if whole.kind in _TASK_KINDS:
                read = [(read[0][0], last, whole)]
                groups = [[0]]
                sentence_directs = whole.kind in _EXPLICIT
        if (not groups and listed and read and not _DESCRIPTIVE.search(text) and len(text.split()) >= 4
                and not _topic().match(fold(text))):  # `1. Công tác xây dựng pháp luật.` is a topic
            ps, pe, c = read[0]
            read[0] = (ps, pe, Clause("imperative", 0))
            groups = [list(range(len(read)))]
        drafts: list[_Draft] = []
        previous: _Context | None = None
        for group in groups:
            gs, ge = read[group[0]][0], read[group[-1]][1]
            own_at = next(i for i in group if read[i][2].kind in _TASK_KINDS and not read[i][2].past)
            c, base = read[own_at][2], read[own_at][0]
            if own_at != group[0]:
                whole = self.clause(gs, ge, loose)
                if whole.kind in _TASK_KINDS and not whole.past:
                    c, base = whole, gs
            accept = (directive or c.kind in _EXPLICIT or sentence_directs
                      or (passage is not None and (c.kind == "imperative" or same_paragraph)))
            if not accept:
                continue
            assignee = self._text(c.assignee, base)
            if not assignee:
                m = _AUTHORITY_OF.search(self.text, gs, base + c.action_start)
                assignee = m.group("np").strip() if m else None
            if not assignee and previous is not None:
                assignee = previous.assignee
            base_ctx = ctx or passage or _Context(section=self.section())
            if not assignee:
                assignee = base_ctx.assignee
            if not assignee and (c.kind in _EXPLICIT or passage is not None or not item):
                assignee = self.addressee
            requester = self._text(c.requester, base) or base_ctx.requester
            if previous is not None and not c.requester:
                requester = previous.requester
            dctx = _Context(assignee, requester, base_ctx.section or self.section())
            drafts.extend(self._milestones(_Draft(gs, ge, c, base, dctx, note)))
            previous = dctx
        self.drafts.extend(drafts)
        return drafts

    def _completion_only(self, s: int, e: int, c: Clause) -> bool:
        """`; phấn đấu hoàn thành trong quý I/2026`: the deadline of the action before."""
        rest = self.text[s + c.action_start:e]
        kept, last = [], 0  # the text between the dates, in one pass (not one replace per date)
        for t in sorted(_temporals(rest, self.anchor), key=lambda t: t.start):
            if t.start >= last:
                kept.append(rest[last:t.start])
                last = t.end
        rest = " ".join(kept + [rest[last:]])
        if _LETTER.search(_COMPLETION_TONELESS.sub(" ", _toneless(rest))):
            return False  # fillers without tones leave words: so would they with tones
        words = fold(rest)
        for filler in _COMPLETION_WORDS:
            words = words.replace(filler, " ")
        return not re.sub(r"[\W\d_]+", "", words)

    def _milestones(self, draft: _Draft) -> list[_Draft]:
        """`Đến tháng 5/2024 hoàn thành …, đến cuối năm 2024 được … công nhận …`: two dated
        steps written in one clause are two tasks."""
        text = self.text[draft.start:draft.end]
        dated = [t for t in _temporals(text, self.anchor)
                 if t.deadline and not t.horizon and t.type != "set" and t.cue in ("by", "until", "before", "within")]
        cuts = [t.start for t in dated[1:] if text[:t.start].rstrip().endswith(",")
                and dated[0].start < t.start and len(text[t.end:].strip(" .;,").split()) >= 2]
        if not cuts or not dated or dated[0].deadline == dated[-1].deadline:
            return [draft]
        out, start = [], draft.start
        for cut in cuts:
            end = draft.start + len(text[:cut].rstrip().rstrip(","))
            out.append(replace(draft, start=start, end=end))
            start = draft.start + cut
        out.append(replace(draft, start=start, end=draft.end,
                           clause=Clause("imperative", 0, None, draft.clause.requester), base=start))
        return out

    # ------------------------------------------------------------------ records
    def assigned_by(self, requester: str | None, at: int) -> str | None:
        """The official who gave the directive: named, titled or called by given name in the
        requester phrase (`đồng chí Phó Chủ tịch UBND thị xã đề nghị …`, `Ông Tùng lưu ý …`),
        the last one named before a bare `Đồng chí đề nghị …` (never one who only reported),
        else the one who concluded or chaired — also when a body concludes (`Ban Thường vụ
        Huyện ủy kết luận:`): its chair speaks for it."""
        phrase = fold(requester)
        if phrase in _BARE_PERSON:
            before = [(m[0], name) for i, (name, _, _, mentions) in enumerate(self.officials)
                      for m in mentions if m[0] < at and self._speaks(i)]
            if before:
                return max(before)[1]
        if phrase:
            named = self._named(phrase)
            if named is not None:
                return self.officials[named][0]
        for role in ("concluder", "chair"):
            holders = [name for name, _, roles, _ in self.officials if role in roles]
            if holders:
                return holders[0] if len(holders) == 1 else None
        return None


def _given_names(names: list[str]) -> dict[str, int]:
    """Folded given name → index of the only official who has it (`Nguyễn Đình Tùng` → `tùng`)."""
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name:
            seen.setdefault(name.split()[-1], []).append(i)
    return {given: found[0] for given, found in seen.items() if len(found) == 1}


def _official(o: Any) -> tuple[str, list[str], list[str], list[list[int]]]:
    """(name, titles, roles, mentions) of an Official record or its dict form."""
    if isinstance(o, dict):
        return (o.get("name") or "", list(o.get("titles") or []), list(o.get("roles") or []),
                list(o.get("mentions") or []))
    return o.name, list(o.titles), list(o.roles), list(o.mentions)


def _clean_action(text: str) -> str:
    text = _DEADLINE_NOTE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" .;:,/\"”»").strip()


def _deadline(text: str, anchor: date | None, stated: bool = False) -> TimeExpr | None:
    """`extractors.temporal.find_deadline` over the cached scan of `text`."""
    return find_deadline(text, anchor, stated, _temporals(text, anchor))


TASK_ID_PREFIX = "t"


def _task_id(doc_id: str, action: str, assignee: str | None) -> str:
    """`t` + 16 hex digits: the letter first keeps spreadsheets from reading the id as a
    number (`99028267542730e5` → 9.90E+18) or a date; trackers de-duplicate on it."""
    key = doc_id + "\x1f" + fold(action) + "\x1f" + fold(assignee or "")
    return TASK_ID_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _build(reader: _Reader, draft: _Draft, doc_id: str) -> Task | None:
    text_all = reader.text
    start = draft.start
    action_end = max([draft.end] + [e for _, e in draft.extra])
    end = max([action_end] + [e for _, e in draft.tail])
    while end > start and text_all[end - 1] in " \n;,:":
        end -= 1
    text = text_all[start:end]
    action = _clean_action(text_all[draft.base + draft.clause.action_start:min(action_end, end)])
    if not action or len(action.split()) < 2:
        return None
    assignee = draft.ctx.assignee
    if assignee:
        assignee = reader.whole_unit(_HONORIFIC.sub("", assignee).strip(" ,:"), start) or None
    scope = text
    if draft.note and not _DEADLINE_NOTE.search(text):
        scope = text + " " + text_all[draft.note[0]:draft.note[1]]
    section = draft.ctx.section
    expr = _deadline(scope, reader.anchor) or (section.deadline if section else None)
    return _task(reader, doc_id, action, start, end, assignee, expr, _recurrence(text, reader.anchor),
                 assigned_by=reader.assigned_by(draft.ctx.requester, draft.start), section=section)


def _task(reader: _Reader, doc_id: str, action: str, start: int, end: int, assignee: str | None,
          expr: TimeExpr | None, rec: TimeExpr | None, assigned_by: str | None = None,
          section: _Section | None = None, co_assignees: list[str] | None = None) -> Task:
    """The Task record of text[start:end], its officials named in the assignee."""
    folded = fold(assignee)
    officials = [name for (name, _, _, _), key in zip(reader.officials, reader.official_keys)
                 if folded and key in folded]
    return Task(
        task_id=_task_id(doc_id, action, assignee),
        action=action,
        text=reader.text[start:end],
        span=[start, end],
        assignee=assignee,
        assignee_officials=officials,
        deadline=expr.deadline.isoformat() if expr and expr.deadline else None,
        deadline_text=expr.text if expr else None,
        deadline_kind=deadline_kind(expr) if expr else None,
        recurrence=rec.rrule if rec else None,
        assigned_by=assigned_by,
        section=section.title if section else None,
        period=section.period if section else None,
        co_assignees=list(co_assignees or []),
    )


_CYCLES = {"FREQ=WEEKLY": "week", "FREQ=MONTHLY": "month", "FREQ=MONTHLY;INTERVAL=3": "quarter", "FREQ=YEARLY": "year"}


def _table_task(reader: _Reader, row: TableRow, doc_id: str) -> Task | None:
    """One row of a task table: action from the content cell, assignee from the lead cell
    (its units joined by `; `), co_assignees from the cooperating cell, the deadline stated
    in the time cell; `text` is the whole row."""
    text = reader.text
    action = _clean_action(text[row.action[0]:row.action[1]])
    if not action:
        return None
    lead = "; ".join(text[s:e] for s, e in task_items(text, [row.lead])) if row.lead else None
    if lead:
        lead = None if names_no_unit(lead) else reader.whole_unit(lead, row.start)
    due = text[row.due[0]:row.due[1]] if row.due else ""
    expr = _deadline(due, reader.anchor, stated=True) if due else None
    rec = (_recurrence(due, reader.anchor) if due else None) or _recurrence(action, reader.anchor)
    if rec and expr and not any(ch.isdigit() for ch in expr.text) and _CYCLES.get(rec.rrule) == expr.granularity:
        expr = None  # `Thường xuyên trong tháng` of a monthly duty: its cycle, not a deadline
    section = _Section(0, "directive", row.section) if row.section else None
    return _task(reader, doc_id, action, row.start, row.end, lead or None, expr, rec,
                 assigned_by=reader.assigned_by(None, row.start), section=section,
                 co_assignees=[text[s:e] for s, e in row.partners])


@component("tasks", requires=("metadata", "officials"), assigns="tasks")
def extract_tasks(doc: Document, found: Analysis) -> list[Task]:
    """Every directive in `doc` as a Task, once per task_id, in text order: the rows of task
    tables, and the directives of the rest of the text."""
    reader = _Reader(doc, found)
    doc_id = doc.doc_id
    tables = find_task_tables(doc)
    built = [_table_task(reader, row, doc_id) for row in tables.rows]
    built += [_build(reader, draft, doc_id) for draft in reader.run(tables.blocks)]
    tasks: list[Task] = []
    seen: set[str] = set()
    for task in sorted(filter(None, built), key=lambda t: t.span[0]):
        if task.task_id not in seen:
            seen.add(task.task_id)
            tasks.append(task)
    return tasks
