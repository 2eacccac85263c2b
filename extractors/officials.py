"""Officials: people holding a public or Party office, with titles and meeting roles.

Rule-based, in the order a reader works:
1. capitalised runs of 2–7 syllables are split into place + person (`Thành ủy Đà Nẵng
   Trương Quang Nghĩa`): a person's name starts with a known surname;
2. a person is an official when the text gives them a title (an office word right
   before or after the name) or introduces them as `đồng chí`/`Đ/c`; `ông`/`bà`
   alone (citizens, defendants) is not enough;
3. titles run from the office word to a verb, punctuation or the next person, and
   are split at commas and at `và`/`kiêm` when another office word follows;
4. roles come from the verb after the titles (`chủ trì`, `báo cáo` …) or from the
   sentence's introduction of a list (`Chủ trì hội nghị có đồng chí …`); a verb right
   after a person belongs to that person's clause (up to `,`/`;`/`:`), never to the next;
5. anaphora (`đồng chí Phó Chủ tịch UBND thị xã đề nghị`, `ông Hiếu nói`) only adds
   roles to someone already named; the signature block adds the signer.
"""
from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from extractors.contract import Analysis, component
from extractors.records import Official, Signer
from extractors.text import fold
from extractors.titles import (
    key, merge_titles, office_re, org_re, organization_of, phrase_pattern, role_cues,
    title_end, title_key,
)
from extractors.lang import abbreviations, table, word_list

if TYPE_CHECKING:
    from extractors.doc import Document

_LETTERS = [chr(c) for c in list(range(0x41, 0x250)) + list(range(0x1E00, 0x1F00))]
_UP = "".join(c for c in _LETTERS if c.isupper() and c.isalpha())
_LO = "".join(c for c in _LETTERS if c.islower() and c.isalpha())
# `H'Bla`, `K'Ré`: Ede and M'nông given names keep an apostrophe after their first letter
_WORD = f"[{_UP}][{_LO}]*(?:['\u2019][{_UP}][{_LO}]*)?"
_RUN = re.compile(rf"(?<![\w/.]){_WORD}(?:[ \t]+{_WORD})+(?!\w)")
_WORD_RE = re.compile(_WORD)
_HONORIFICS = frozenset({"ông", "bà", "anh", "chị"})
_MIDDLE_NAMES = frozenset({"thị"})  # a woman's middle name: always followed by more of her name
_CUE_BEFORE = re.compile(
    r"(?<!\w)(đồng chí|đ/c|ông|bà|anh|chị|(?:(?:pgs|gs|ts|ths|bs|ks)\.?\s*)+"
    r"|(?:đại|thượng|trung|thiếu)\s+(?:tá|tướng)|đại tướng)\s*:?\s*$")
_AFTER_NAME = re.compile(r"[ \t]*(?:[,:]|-+|\()?[ \t]*")
_PLURAL_BEFORE = re.compile(r"(?<!\w)(?:các|những)\s+(?:đồng chí\s+)?$")
_MEETING_SECRETARY = re.compile(r"thư\s+ký\s+(?:hội\s+nghị|cuộc\s+họp|phiên\s+họp|kỳ\s+họp|buổi)")
_DELEGATION_HEAD = re.compile(r"trưởng\s+đoàn")
_FORMER = re.compile(r"nguyên\s+")
_CHAIN_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:(?:kiêm|và)(?!\w))?|(?<!\w)và(?!\w)|(?<!\w)kiêm(?!\w)|-(?=[ \t]))[ \t]*")
_CLAUSE_SEP = re.compile(r"[,;:]")
_LIST_GAP = re.compile(r"[\s,;]*(?:và\s*)?(?:các\s*)?(?:(?:đồng chí|đ/c|ông|bà)\s*)?$")
_SHARE_GAP = re.compile(r"[\s,]*(?:và\s*)?$")
_APPOINT = re.compile(
    r"(?<!\w)(?:giữ\s+(?:các\s+)?chức(?:\s+vụ)?|làm|(?:được\s+)?bầu(?:\s+làm|\s+giữ\s+chức(?:\s+vụ)?)?"
    r"|bổ\s+nhiệm(?:\s+làm|\s+giữ\s+chức(?:\s+vụ)?)?|kiêm\s+nhiệm|(?:đồng\s+thời\s+)?là)\s+")
# `trao Huy hiệu 50 năm tuổi Đảng cho đồng chí X`: a party member honoured, not an official
_AWARDED = re.compile(r"(?<!\w)(?:trao|tặng|truy tặng|khen thưởng|kết nạp|thăm hỏi|viếng|chúc thọ)"
                      r"(?!\w)[^.;:\n]*$")
_CLAUSE_END = re.compile(r"[;\n]|\.(?=\s|$)")
# between a person's titles and their verb: punctuation, one parenthesis (`– Phó Chủ tịch
# UBND huyện (Trưởng ban) chủ trì`, `(Hà Trung)`) and auxiliaries
_ROLE_PRE = (r"[\s,()\-–]*(?:\([^()\n]{0,80}\)[\s,\-–]*)?"
             r"(?:(?:đã|đang|sẽ|vừa|cùng|đồng thời|trực tiếp|làm|tới|đến)\s+)*")
_BLOCK_BAN = re.compile(r"(Ban\s+[^(:;\n]+?)\s*\(")
_SIGN_BEHALF = re.compile(r"^(?:T/M|TM|KT|TL|TUQ|Q)[.\s]", re.I)
_SIGNED = re.compile(r"^\(?\s*đã\s+ký\s*\)?\s*:?\s*", re.I)
_SIGN_SKIP = re.compile(r"^\(?\s*(?:đã\s+ký|ký\s+tên[^)]*|ký,[^)]*|\(ký[^)]*)\s*\)?\s*$", re.I)


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    """Surnames in key form (compared with slices of the document key)."""
    return frozenset(key(s) for s in word_list("surnames.txt"))


@lru_cache(maxsize=1)
def _not_people() -> frozenset[str]:
    return frozenset(" ".join(key(s).split()) for s in word_list("person_like_names.txt"))


@lru_cache(maxsize=1)
def _place_before() -> re.Pattern[str]:
    """A place-taking word right before a run: (unit or named body, place prefix)."""
    units = list(word_list("unit_types.txt")) + list(word_list("named_bodies.txt"))
    units += [a.rstrip(".") for a in table("unit_abbreviations.tsv") if len(a.rstrip(".")) > 1]
    return re.compile(r"(?<![\w/])(?:(?P<unit>" + phrase_pattern(units) + r")|(?P<place>"
                      + phrase_pattern(word_list("place_prefixes.txt")) + r"))\.?[ \t]*$")


@lru_cache(maxsize=1)
def _private_re() -> re.Pattern[str]:
    return re.compile(r"\s*" + phrase_pattern(word_list("private_bodies.txt")) + r"(?!\w)")


def _public(k: str, span: tuple[int, int]) -> bool:
    """A title in a company, cooperative or club is no public office."""
    m = office_re().match(k, span[0])
    return not (m and _private_re().match(k, m.end(), span[1]))


@lru_cache(maxsize=1)
def _role_re() -> re.Pattern[str]:
    return re.compile(r"(?<![\w/])(" + phrase_pattern(role_cues()) + r")(?!\w)")


@lru_cache(maxsize=1)
def _role_after() -> re.Pattern[str]:
    return re.compile(_ROLE_PRE + r"(" + phrase_pattern(role_cues()) + r")(?!\w)")


# Units whose names are often a person's name (`phường Hoàng Văn Thụ`).
_NAMED_AFTER_PEOPLE = frozenset({"phường", "thị trấn", "đường", "phố"})


@dataclass
class _Person:
    start: int
    end: int
    name: str
    nk: str  # the name in key form: identity of the person within the document
    cued: bool = False  # introduced by `ông`/`bà`/`đồng chí`/`Đ/c` (or a rank)
    honorific: bool = False


@dataclass
class _Cand:
    person: _Person
    lead: int  # where the person's mention starts (cue included)
    cue: str | None
    titles: list[tuple[int, int]] = field(default_factory=list)
    tail: int = 0  # end of name and titles
    roles: set[str] = field(default_factory=set)
    private: bool = False  # had a title in a company or cooperative (dropped)
    appointed: list[str] = field(default_factory=list)
    then_va: bool = False  # nothing but `và` follows in the block (`A (cũ) và` / next item)


# ---------------------------------------------------------------------------- persons
def _split_run(text: str, k: str, words: list[tuple[int, int]]) -> tuple[int, int, bool, bool] | None:
    """(start, end, honorific, ambiguous) of the person's name inside a capitalised run, or None.

    `ambiguous`: the run may also be the name of the unit before it (`phường Lê Lợi`)."""
    honorific = False
    after_cue = _CUE_BEFORE.search(k, max(0, words[0][0] - 20), words[0][0])
    # `Ông Võ Xuân Trọng` is Mr Trọng; `đồng chí Ông Văn Kiên` is Mr Ông Văn Kiên.
    if not after_cue and len(words) >= 3 and k[words[0][0]:words[0][1]] in _HONORIFICS:
        honorific = True
        words = words[1:]
    if len(words) < 2:
        return None
    before = _place_before().search(k, max(0, words[0][0] - 25), words[0][0])
    surnames = _surnames()
    sur = [k[s:e] in surnames for s, e in words]
    n = len(words)
    first = 0
    ambiguous = False
    if before and before.group("place"):
        return None
    if before:
        unit = " ".join(before.group("unit").split())
        if n <= 2:
            return None
        if n == 3:
            if not sur[0]:
                return None
            ambiguous = unit in _NAMED_AFTER_PEOPLE
        else:  # `Huyện ủy Lê Thị Thanh Hoà` (no place) or `Thành ủy Đà Nẵng Trương Quang Nghĩa`
            first = _best_split(sur, 0, [k[a:b] in _MIDDLE_NAMES for a, b in words])
    elif after_cue and n <= 5:
        first = 0  # `đồng chí Y Thanh Hà Niê`: the cue vouches for an unlisted surname
    elif not sur[0] or n > 4:
        first = _best_split(sur, 1, [k[a:b] in _MIDDLE_NAMES for a, b in words])
    if first is None or first < 0:
        return None
    words = words[first:]
    if not 2 <= len(words) <= 5:
        return None
    s, e = words[0][0], words[-1][1]
    if office_re().match(k, s) or org_re().match(k, s) or " ".join(k[s:e].split()) in _not_people():
        return None
    last = text[words[-1][0]:words[-1][1]]
    if len(last) <= 2 and text[e:e + 1] == ".":  # anonymised citizen: `Nguyễn Tấn T.`
        return None
    return s, e, honorific, ambiguous


def _best_split(sur: list[bool], lo: int, middle: list[bool] | None = None) -> int | None:
    """Index where the name starts after a place: prefer 3-syllable names, 2-syllable places;
    never right after a middle name (`Hoàng Thị | Kim Oanh`: `Thị` ends no place)."""
    n = len(sur)
    options = [(abs((n - i) - 3), abs(i - 2), i) for i in range(lo, n - 1)
               if sur[i] and n - i <= 4 and not (middle and i and middle[i - 1])]
    return min(options)[2] if options else None


def _persons(text: str, k: str) -> list[_Person]:
    """Person names in document order; a name that could be a ward's (`phường Trần Phú`) is
    kept only if the document also introduces it with `ông`/`đồng chí` elsewhere."""
    out: list[_Person] = []
    ambiguous: list[_Person] = []
    for m in _RUN.finditer(text):
        words = [(w.start(), w.end()) for w in _WORD_RE.finditer(text, m.start(), m.end())]
        for i in range(1, len(words)):  # `Hoàng Văn Chúc Phó Bí thư`: the office is not the name
            if office_re().match(k, words[i][0]):
                words = words[:i]
                break
        split = _split_run(text, k, words)
        if split:
            s, e, hon, amb = split
            cued = hon or _CUE_BEFORE.search(k, max(0, s - 20), s)
            if text.count(" ", s, e) < 2 and not cued and not _titled_pair(k, text, s, e):
                continue  # two syllables and no `ông`/`đồng chí`: a place (`Sở … Thái Bình`)
            person = _Person(s, e, " ".join(text[s:e].split()), " ".join(k[s:e].split()),
                             cued=bool(cued), honorific=hon)
            (ambiguous if amb else out).append(person)
    out += _caps_persons(text, k)
    # `Thứ trưởng Kim Thoa` after `Hồ Thị Kim Thoa`: the short form of a full name already read
    full = {p.nk for p in out if p.nk.count(" ") >= 2}
    out = [p for p in out if p.nk.count(" ") != 1 or not any(f.endswith(" " + p.nk) for f in full)]
    known = {p.nk for p in out if p.cued}
    out += [p for p in ambiguous if p.nk in known]
    return sorted(out, key=lambda p: p.start)


def _back_over(k: str, pos: int, chars: str) -> int:
    """`pos` moved back over `chars` (without copying the text before it)."""
    while pos > 0 and k[pos - 1] in chars:
        pos -= 1
    return pos


def _titled_pair(k: str, text: str, s: int, e: int) -> bool:
    """A two-syllable name (`Tô Lâm`) right after a bare office word (`Tổng Bí thư Tô Lâm`) or
    followed by its title (`Tô Lâm, Tổng Bí thư`); after an organisation (`Giám đốc Sở Nông
    nghiệp Thái Bình`) two syllables are the organisation's place."""
    if _FOREIGN_LETTERS.search(text, s, e):
        return False  # `Chủ tịch Ủy ban châu Âu Juncker`
    if any(m.end() == _back_over(k, s, " \t") for m in office_re().finditer(k, max(0, s - 40), s)):
        return True
    return bool(_PAIR_OPENS.search(k, max(0, s - 8), s) and re.match(r"[ \t]*(?:,|[-–]|\()[ \t]*", k[e:])
                and _chain(k, text, _AFTER_NAME.match(k, e).end(), None))


_FOREIGN_LETTERS = re.compile(r"[fjwzFJWZ]")  # not letters of Vietnamese syllables
# what may open a clause before `Tô Lâm, Tổng Bí thư …` (not `châu Âu Juncker, Chủ tịch …`)
_PAIR_OPENS = re.compile(r"(?:^|[\n.;:,(\"“]|(?<!\w)(?:do|và|cùng|với))[ \t]*$")


_CAPS_RUN = re.compile(rf"(?<![\w/.])[{_UP}]+(?:[ \t]+[{_UP}]+)+(?!\w)")


def _caps_persons(text: str, k: str) -> list[_Person]:
    """`đồng chí NGUYỄN VĂN AN - Bí thư …`: a name in capitals after a cue, in a line that is not
    itself all capitals (headings are read by the metadata and signer rules)."""
    out = []
    for m in _CAPS_RUN.finditer(text):
        words = [(w.start(), w.end()) for w in re.finditer(r"\S+", m.group())]
        cut = next((i for i, (ws, _) in enumerate(words)
                    if office_re().match(k, m.start() + ws) or org_re().match(k, m.start() + ws)), len(words))
        words = words[:cut]
        if not 2 <= len(words) <= 5:
            continue
        s, e = m.start(), m.start() + words[-1][1]
        if k[s:m.start() + words[0][1]] not in _surnames() or not _CUE_BEFORE.search(k, max(0, s - 20), s):
            continue
        line_end = text.find("\n", e)
        if text[text.rfind("\n", 0, s) + 1:line_end if line_end >= 0 else len(text)].isupper():
            continue
        name = " ".join(w.capitalize() for w in text[s:e].split())
        out.append(_Person(s, e, name, " ".join(k[s:e].split()), cued=True))
    return out


# ----------------------------------------------------------------------------- titles
def _chain(k: str, text: str, pos: int, limit: int | None) -> list[tuple[int, int]]:
    """Titles from `pos`: office word … stop, then `,`/`và`/`kiêm` and the next office word."""
    spans: list[tuple[int, int]] = []
    while True:
        former = _FORMER.match(k, pos)  # `nguyên Chủ tịch`: a former post is still a title
        m = office_re().match(k, former.end() if former else pos)
        if not m or (limit is not None and m.end() > limit):
            return spans
        end = title_end(k, text, m.end(), limit)
        spans.append((pos if former else m.start(), end))
        sep = _CHAIN_SEP.match(k, end)
        if not sep or (limit is not None and sep.end() >= limit):
            return spans
        pos = sep.end()


def _titles_before(k: str, text: str, start: int, floor: int, gap: str = " \t") -> list[tuple[int, int]]:
    """A title chain that ends right before the name (`Bí thư Thành ủy Đà Nẵng` + name), or
    before its cue (`Phó Chủ tịch UBND tỉnh, đồng chí` + name); `gap`: what may lie between."""
    lo = max(floor, start - 160)
    for m in office_re().finditer(k, lo, start):
        if _PLURAL_BEFORE.search(k, max(0, m.start() - 20), m.start()):
            continue  # `các đồng chí Ủy viên BTV, …`: a group, not this person
        spans = _chain(k, text, m.start(), start)
        if spans and not k[spans[-1][1]:start].strip(gap):
            return spans
    return []


def _group_title(k: str, text: str, lead: int, floor: int) -> tuple[list[tuple[int, int]], int] | None:
    """`các Ủy viên Trung ương Đảng: A, B, C`: a plural title before a colon is each member's;
    (title spans, end of the colon) when one ends right before `lead`."""
    colon = re.search(r":[ \t]*$", k[max(floor, lead - 4):lead])
    if not colon:
        return None
    end = max(floor, lead - 4) + colon.start()
    for m in office_re().finditer(k, max(floor, end - 160), end):
        if not _PLURAL_BEFORE.search(k, max(0, m.start() - 20), m.start()):
            continue
        spans = _chain(k, text, m.start(), end)
        if spans and not k[spans[-1][1]:end].strip():
            return spans, lead
    return None


def _titles_after(k: str, text: str, end: int, limit: int | None) -> list[tuple[int, int]]:
    sep = _AFTER_NAME.match(k, end)
    spans = _chain(k, text, sep.end(), limit)
    if spans and limit is not None and not k[spans[-1][1]:limit].strip(" \t-,"):
        spans.pop()  # it runs into the next name: that person's title, written before it
    return spans


def _clean_title(text: str, s: int, e: int) -> str:
    return " ".join(text[s:e].split()).strip(" ,-–")


def _appointment(k: str, text: str, pos: int, limit: int | None) -> list[tuple[int, int]]:
    """`… được chỉ định giữ chức vụ Chủ tịch HĐND phường` → the new post's title span."""
    window = min(len(k), pos + 120)  # bounded: an unbounded search is quadratic on long lines
    stop = _CLAUSE_END.search(k, pos, window)
    end = min(stop.start() if stop else window, limit if limit is not None else window)
    for m in _APPOINT.finditer(k, pos, end):
        spans = _chain(k, text, m.end(), limit)
        if spans:
            return spans
    return []


# ------------------------------------------------------------------------------ roles
def _roles_in(k: str, s: int, e: int, exclude: tuple[str, ...] = ()) -> set[str]:
    cues = role_cues()
    return {cues[" ".join(m.group(1).split())] for m in _role_re().finditer(k, s, e)} - set(exclude)


def _suffix_roles(k: str, pos: int) -> set[str]:
    """Role from the verb after a name and its titles; after a comma a new clause may start
    (`…, tham dự hội nghị có các đồng chí …`), so attending is not read there."""
    m = _role_after().match(k, pos)
    if not m:
        return set()
    role = role_cues()[" ".join(m.group(1).split())]
    if role == "attendee" and "," in k[pos:m.start(1)] or role == "chair" and _TASK_LEAD.match(k, pos):
        return set()
    return {role}


def _intro_roles(k: str, intro: tuple[int, int], members: list[_Cand]) -> None:
    """Roles announced before a list of people (`Dự chủ trì hội nghị có đồng chí A; …`)."""
    s, e = intro
    seg = k[s:e]
    # Only the clause that opens the sentence or leads into the name announces a role:
    # `các đại biểu tham dự cuộc họp, Phó Thủ tướng X` does not make X an attendee.
    first = seg.find(",")
    last = seg.rfind(",")
    found = _roles_in(k, s, s + first if first >= 0 else e, exclude=("reporter", "secretary"))
    if last >= 0:
        found |= _roles_in(k, s + last, e, exclude=("reporter", "secretary"))
    if re.search(r"(?<!\w)theo\s*$", seg):  # `Theo ông X, Giám đốc Sở, …`
        found.add("speaker")
    if "chair" in found:
        if re.search(r"(?<!\w)dự\s+(?:và\s+)?chủ\s+trì", seg):
            # `Dự chủ trì … có A; B; C`: the first named presides, the others attend.
            members[0].roles.add("chair")
            for c in members[1:]:
                c.roles.add("attendee")
            return
        found -= {"attendee"}
    for c in members:
        c.roles |= found


# `chủ trì, phối hợp với …`: the lead unit of a task (RECORDS.md), not who chairs the meeting
_TASK_LEAD = re.compile(_ROLE_PRE + r"chủ\s+trì\s*,?\s*(?:và\s+)?phối\s+hợp(?!\w)")
_CO_CHAIR = re.compile(_ROLE_PRE + r"(?:đồng|cùng)\s+chủ\s+trì(?!\w)")
_CO_CHAIR_GAP = re.compile(r"[\s,;]*(?:và\s*)?$")


@lru_cache(maxsize=1)
def _object_triggers() -> re.Pattern[str]:
    """Directive triggers whose object is the assignee (`giao`, `đề nghị` … in task_triggers.tsv)."""
    words = [w for w, kind in table("task_triggers.tsv").items() if kind == "object"]
    return re.compile(r"(?<!\w)(?:" + phrase_pattern(words) + r")\s*:?\s*$")


def _assigned_before(k: str, lead: int) -> bool:
    """The person is the object of `giao`/`đề nghị`/`phân công` … (an assignee, not the chair)."""
    return _object_triggers().search(k, max(0, lead - 40), lead) is not None


# ---------------------------------------------------------------------------- extract
@component("officials", assigns="officials")
def extract_officials(doc: Document, found: Analysis) -> list[Official]:
    """Officials of `doc` (RECORDS.md "officials"), one per person, in order of appearance."""
    text = doc.text
    k = key(text)
    persons = _persons(text, k)
    starts = [p.start for p in persons]
    cands: list[_Cand] = []
    floor = 0
    group: tuple[list[tuple[int, int]], int] | None = None  # a group title and where its list is
    for i, p in enumerate(persons):
        if p.start < floor:
            continue  # inside the titles of the previous person
        limit = starts[i + 1] if i + 1 < len(starts) else None
        cue_m = _CUE_BEFORE.search(k, max(0, p.start - 20), p.start)
        cue = cue_m.group(1) if cue_m else ("ông" if p.honorific else None)
        before = (_titles_before(k, text, cue_m.start(), floor, " \t,-(") if cue_m
                  else _titles_before(k, text, p.start, floor))
        after = _titles_after(k, text, p.end, limit)
        tail = after[-1][1] if after else p.end
        lead = cue_m.start() if cue_m else (before[0][0] if before else p.start)
        if before and not cue_m:  # `đồng chí Bí thư Huyện ủy Lê Thị Thanh Hoà`
            cue_m = _CUE_BEFORE.search(k, max(floor, lead - 20), lead)
            if cue_m:
                lead, cue = cue_m.start(), cue_m.group(1)
        if p.honorific and not cue_m:
            lead = k.rfind(" ", 0, p.start - 1) + 1
        if group and _LIST_GAP.fullmatch(k, group[1], lead) is None:
            group = None
        if not before:
            group = _group_title(k, text, lead, floor) or group
            before = list(group[0]) if group else []
        titles = [t for t in before + after if _public(k, t)]
        c = _Cand(p, lead, cue, titles, tail, private=len(titles) < len(before + after))
        appointed = _appointment(k, text, tail, limit)
        if appointed:
            c.tail = max(c.tail, appointed[-1][1])
            for s, e in appointed:  # `làm thư ký hội nghị` is a role at this meeting, not a post
                if _MEETING_SECRETARY.match(k, s, e):
                    c.roles.add("secretary")
                elif not _DELEGATION_HEAD.fullmatch(k, s, e):  # `do ông X làm trưởng đoàn`: leads
                    # a delegation, which is neither a post nor chairing the session
                    c.appointed.append(_clean_title(text, s, e))
        if not (cue or c.titles or c.appointed):
            continue
        c.roles |= _suffix_roles(k, c.tail)
        if "chair" in c.roles and _assigned_before(k, c.lead):
            c.roles.discard("chair")  # `Giao đồng chí X chủ trì, phối hợp …`: leads a task, not the meeting
        block = doc.blocks[doc.block_at(p.start)] if doc.blocks else None
        if block is not None:  # match in place: slicing the block's tail is quadratic on long lines
            va = _VA_ONLY.match(k, c.tail, block.end)  # stops after `và`, never scans the block
            c.then_va = va is not None and va.end() == block.end
        cands.append(c)
        floor = c.tail
        if group:
            group = (group[0], c.tail)
    _share(k, cands)
    _block_roles(doc, k, cands)
    # `ông X cho biết` alone is not enough, but adds a role to an X titled elsewhere
    officials_named = {c.person.nk for c in cands if c.titles or c.appointed or (
        c.cue in ("đồng chí", "đ/c") and not _AWARDED.search(k, max(0, c.lead - 120), c.lead))}
    cands = [c for c in cands if c.person.nk in officials_named]
    officials = _merge(doc, text, k, cands)
    signer = find_signer(doc)
    if signer:
        _add_signer(officials, signer)
    mentions = _mentions(k, [o.name for o in officials])
    for o in officials:
        o.mentions = mentions.get(o.name, [])
    _anaphora(doc, k, text, officials)
    officials.sort(key=lambda o: o.mentions[0][0] if o.mentions else sys.maxsize)
    return officials


_VA_ONLY = re.compile(r"\s*và\s*")


def _share(k: str, cands: list[_Cand]) -> None:
    """`đồng chí A, đồng chí B công chức …`: A shares B's titles and role; `A (cũ) và` + next item
    `B … giữ chức vụ X`: A is appointed to X too."""
    for a, b in zip(reversed(cands[:-1]), reversed(cands[1:])):
        if not (a.titles or a.appointed or a.private) and _SHARE_GAP.match(k, a.tail, b.lead):
            a.titles, a.appointed = list(b.titles), list(b.appointed)
            a.roles |= b.roles
        elif a.titles and not a.appointed and a.then_va:
            a.appointed = list(b.appointed)
        elif _SHARE_GAP.match(k, a.tail, b.lead) or (
                _CO_CHAIR_GAP.match(k, a.tail, b.lead) and _CO_CHAIR.match(k, b.tail)):
            a.roles |= b.roles  # `đồng chí A, … và đồng chí B, … chủ trì`; `A, …; B, … đồng chủ trì`


def _block_roles(doc: Document, k: str, cands: list[_Cand]) -> None:
    """Intro roles per sentence: list members share the introduction of the first."""
    sent_starts = [s.start for s in doc.sentences]
    prev: _Cand | None = None
    group: list[_Cand] = []
    intro = (0, 0)
    for c in cands:
        si = bisect_right(sent_starts, c.person.start) - 1
        s_start = doc.sentences[si].start if si >= 0 else 0
        same_sentence = prev is not None and prev.tail >= s_start
        if same_sentence and (_LIST_GAP.match(k, prev.tail, c.lead) or (
                ";" in k[prev.tail:c.lead] and not _roles_in(k, prev.tail, c.lead))):
            # `A; các đồng chí trong Ban Thường vụ; đồng chí B`: the list goes on
            group.append(c)
        else:
            if group:
                _intro_roles(k, intro, group)
            start = s_start
            if same_sentence:  # a verb before `;` is the previous person's (`A chủ trì; đồng chí B`)
                start = max(prev.tail, k.rfind(";", prev.tail, c.lead) + 1)
                verb = _role_after().match(k, prev.tail, c.lead)
                if verb:  # so is its clause (`A chủ trì hội nghị, đồng chí B báo cáo`)
                    sep = _CLAUSE_SEP.search(k, verb.end(), c.lead)
                    start = max(start, sep.end() if sep else c.lead)
            intro, group = _list_header(doc, k, start, c.lead), [c]
        prev = c
    if group:
        _intro_roles(k, intro, group)


def _list_header(doc: Document, k: str, start: int, lead: int) -> tuple[int, int]:
    """The introduction of a person: the text before them in the sentence or, for a list item
    that starts with the person, the header line the list hangs from (`Thành phần dự họp:`)."""
    if k[start:lead].strip(" \t-–+•*") or not doc.blocks:
        return start, lead
    bi = doc.block_at(lead)
    if doc.blocks[bi].kind != "item":
        return start, lead
    while bi > 0 and doc.blocks[bi].kind == "item":
        bi -= 1
    head = doc.blocks[bi]
    # only a list of participants (`Thành phần dự họp:`), not `Kết luận như sau:` + tasks
    if k[head.start:head.end].rstrip().endswith(":") and (
            _roles_in(k, head.start, head.end) & {"chair", "attendee"}):
        return head.start, head.end
    return start, lead


def _merge(doc: Document, text: str, k: str, cands: list[_Cand]) -> list[Official]:
    by_name: dict[str, Official] = {}
    for c in cands:
        o = by_name.setdefault(c.person.nk, Official(name=c.person.name))
        titles = [_clean_title(text, s, e) for s, e in c.titles] + c.appointed
        titles = [_with_board(doc, k, c, t) for t in titles]
        for t in titles:
            merge_titles(o.titles, t)
        for r in sorted(c.roles):
            if r not in o.roles:
                o.roles.append(r)
    for o in by_name.values():
        _set_orgs(o)
    return list(by_name.values())


def _set_orgs(o: Official) -> None:
    o.organizations = []
    seen = set()
    for t in o.titles:
        org = organization_of(t)
        if org and fold(org) not in seen:
            seen.add(fold(org))
            o.organizations.append(org)


def _with_board(doc: Document, k: str, c: _Cand, title: str) -> str:
    """`- Ban Kinh tế (do bà X … làm Trưởng ban)` → `Trưởng ban Kinh tế`."""
    tk = key(title)
    if not re.fullmatch(r"(?:phó\s+)?trưởng\s+ban", tk) or not doc.blocks:
        return title
    block = doc.blocks[doc.block_at(c.person.start)]
    m = _BLOCK_BAN.match(doc.text, block.body_start, c.person.start)
    return f"{title} {m.group(1)[4:].strip()}" if m else title


def _mentions(k: str, names: list[str]) -> dict[str, list[list[int]]]:
    """Spans of every occurrence of each name (any case or tone placement) — its words in key
    form separated by white space, ending at a word end — found without a pattern per name:
    each distinct first word is looked up with `str.find`, and a trie of the names' words is
    walked from there, so the work does not grow with the number of officials."""
    trie: dict[str, dict] = {}
    for name in names:
        words = key(name).split()
        node = trie
        for word in words:
            node = node.setdefault(word, {})
        if words:
            node.setdefault("", []).append(name)
    out: dict[str, list[list[int]]] = {}
    for first in trie:
        start = k.find(first)
        while start >= 0:
            if not start or not _is_word_char(k[start - 1]):
                _walk(k, start, start, trie[first], first, out)
            start = k.find(first, start + 1)
    return out


def _walk(k: str, start: int, pos: int, node: dict, word: str, out: dict[str, list[list[int]]]) -> None:
    """Names of the trie that match `k` from `start`, `word` (the edge into `node`) at `pos`."""
    end = pos + len(word)
    if end < len(k) and _is_word_char(k[end]):
        return  # `an` inside `anh`
    for name in node.get("", ()):
        spans = out.setdefault(name, [])
        if not spans or spans[-1][1] <= start:
            spans.append([start, end])
    nxt = end
    while nxt < len(k) and k[nxt].isspace():
        nxt += 1
    if nxt == end or nxt == len(k):
        return
    token_end = nxt
    while token_end < len(k) and not k[token_end].isspace():
        token_end += 1
    token = k[nxt:token_end]  # the next word is this token or a prefix of it cut before a non-word character
    for cut in [i for i, c in enumerate(token) if not _is_word_char(c)] + [len(token)]:
        below = node.get(token[:cut]) if cut else None
        if below is not None:
            _walk(k, start, nxt, below, token[:cut], out)


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


# --------------------------------------------------------------------------- anaphora
_ANAPHOR_TITLE = re.compile(r"(?<!\w)(?:đồng chí|đ/c)\s+")
_ANAPHOR_NAME = re.compile(rf"(?<![\w/])(?:ông|bà|Ông|Bà)[ \t]+({_WORD})(?![ \t]*[{_UP}\w])")


@lru_cache(maxsize=8192)
def _name_key(name: str) -> tuple[str, str]:
    """(folded name, folded given name) of an official, computed once per name."""
    folded = fold(name)
    return folded, folded.split()[-1] if folded.split() else ""


def resolve_reference(officials: list[Official], phrase: str) -> Official | None:
    """The official a phrase such as `đồng chí Phó Chủ tịch UBND thị xã` or `ông Hiếu` means.

    Matches a full name, a given name (last syllable of exactly one official) or
    titles; None when nobody or more than one official fits.
    """
    return _References(officials).resolve(phrase)


class _References:
    """`resolve_reference` over one list of officials, indexed once: a report referring to
    its officials by title hundreds of times costs a lookup each, not a scan of the list."""

    def __init__(self, officials: list[Official]) -> None:
        self.by_name: dict[str, Official] = {}
        self.by_given: dict[str, list[Official]] = {}
        self.titles: dict[str, set[int]] = {}     # a title key → officials holding it
        self.prefixes: dict[str, set[int]] = {}   # every prefix of a title key → officials
        self.officials = officials
        self.by_titles: dict[tuple[str, ...], Official | None] = {}
        for i, o in enumerate(officials):
            folded, given = _name_key(o.name)
            self.by_name.setdefault(folded, o)
            self.by_given.setdefault(given, []).append(o)
            for t in o.titles:
                ok = title_key(t)
                self.titles.setdefault(ok, set()).add(i)
                for n in range(len(ok) + 1):
                    self.prefixes.setdefault(ok[:n], set()).add(i)

    def _holding(self, pk: str) -> set[int]:
        """Officials with a title key that starts with `pk` or that `pk` starts with."""
        found = set(self.prefixes.get(pk, ()))
        for n in range(len(pk) + 1):
            found |= self.titles.get(pk[:n], set())
        return found

    def resolve(self, phrase: str) -> Official | None:
        cue = re.match(r"\s*(?:các\s+)?(?:đồng chí|đ/c|ông|bà|anh|chị)\s+", key(phrase))
        p = fold(phrase[cue.end():] if cue else phrase).strip(" ,.:")
        if not p:
            return None
        if p in self.by_name:
            return self.by_name[p]
        if len(p.split()) == 1:
            hits = self.by_given.get(p, [])
            return hits[0] if len(hits) == 1 else None
        parts = tuple(title_key(t) for t in re.split(r"\s*(?:,|\bkiêm\b)\s*", p) if t.strip())
        if parts not in self.by_titles:  # a report repeats its few title phrases many times
            self.by_titles[parts] = self._best_holder(parts)
        return self.by_titles[parts]

    def _best_holder(self, parts: tuple[str, ...]) -> Official | None:
        """The official holding most of the titles `parts`; None when nobody or a tie."""
        score = Counter(i for pk in parts for i in self._holding(pk))
        if not score:
            return None
        ranked = sorted(score, key=lambda i: (-score[i], i))
        if len(ranked) > 1 and score[ranked[1]] == score[ranked[0]]:
            return None
        return self.officials[ranked[0]]


# where a bare title may open a clause: `Kết luận: Chủ tịch UBND xã giao …`, `sau khi nghe Trưởng thôn …`
# (two patterns: a leading character class or literal lets `re` skip ahead fast)
_CLAUSE_OPEN = (re.compile(rf"[\n.;:,][ \t]*(?=[{_UP}])"), re.compile(rf"nghe[ \t]+(?=[{_UP}])"))


def _anaphor_titles(k: str, text: str) -> Iterator[re.Match[str]]:
    """`đồng chí`/`Đ/c` before a title, then capitalised titles that open a clause without a
    cue (`Chủ tịch UBND xã kết luận`), as an empty match right before the title."""
    yield from _ANAPHOR_TITLE.finditer(k)
    office = office_re()
    opens = [0] + [m.end() for rx in _CLAUSE_OPEN for m in rx.finditer(text)]
    for pos in sorted(opens):
        if office.match(k, pos):
            yield _EMPTY.match(k, pos)


_EMPTY = re.compile("")


def _anaphora(doc: Document, k: str, text: str, officials: list[Official]) -> None:
    """Roles of people referred to by title or given name only (never a new official)."""
    if not officials:
        return
    sent_starts = [s.start for s in doc.sentences]
    named = sorted(s for o in officials for s, _ in o.mentions)
    name_ends = {e for o in officials for _, e in o.mentions}
    references = _References(officials)
    for m in _anaphor_titles(k, text):
        if _back_over(k, m.start(), " \t,-–(") in name_ends:
            continue  # `đồng chí X, Phó Chủ tịch …`: the title of the name before, read with it
        spans = _chain(k, text, m.end(), None)
        if not spans:
            continue
        end = spans[-1][1]
        i = bisect_left(named, m.end())
        if _RUN.match(text, _AFTER_NAME.match(k, end).end()) or (i < len(named) and named[i] <= end):
            continue  # a named person follows: handled as a title before the name
        roles = _suffix_roles(k, end)
        if m.group().strip():  # `đồng chí …`: the clause before it may announce the role
            si = bisect_right(sent_starts, m.start()) - 1
            s_start = doc.sentences[si].start if si >= 0 else 0
            roles |= _roles_in(k, s_start, m.start(), exclude=("reporter", "secretary", "attendee"))
        if not roles:
            continue
        o = references.resolve(", ".join(_clean_title(text, s, e) for s, e in spans))
        if o is not None:
            _add_roles(o, roles)
    by_given: dict[str, list[Official]] = {}
    for o in officials:
        by_given.setdefault(key(o.name.split()[-1]), []).append(o)
    for m in _ANAPHOR_NAME.finditer(text):
        hits = by_given.get(key(m.group(1)), [])
        if len(hits) != 1:
            continue  # nobody, or ambiguous (see resolve_reference)
        o = hits[0]
        roles = _suffix_roles(k, m.end())
        if re.search(r"(?<!\w)theo\s*$", k[max(0, m.start() - 8):m.start()]):
            roles.add("speaker")
        _add_roles(o, roles)


def _add_roles(o: Official, roles: set[str]) -> None:
    for r in sorted(roles):
        if r not in o.roles:
            o.roles.append(r)


# ----------------------------------------------------------------------------- signer
def _lines_from_end(text: str, limit: int = 25) -> list[tuple[int, int]]:
    out = []
    end = len(text)
    while end > 0 and len(out) < limit:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            out.append((start, end))
        end = start - 1
    return out


def _as_name(line: str) -> str | None:
    line = _SIGNED.sub("", line)
    if office_re().match(key(line)):
        return None
    words = line.split()
    if not 2 <= len(words) <= 5 or not all(w.isalpha() for w in words):
        return None
    if line.isupper():
        words = [w.capitalize() for w in words]
    if not all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return None
    if key(words[0]) not in _surnames():
        return None
    return " ".join(words)


def _sentence_case(line: str) -> str:
    """`TRƯỞNG BAN CHỈ ĐẠO` → `Trưởng ban chỉ đạo`, abbreviations (`UBND`) kept."""
    abbrevs = {fold(a) for a in abbreviations()}
    words = [w if fold(w) in abbrevs else w.lower() for w in line.split()]
    return (words[0][:1].upper() + words[0][1:] + " " + " ".join(words[1:])).strip()


def find_signer(doc: Document) -> Signer | None:
    """The signature block at the end of a notice: `T/M ĐẢNG ỦY` / `BÍ THƯ` / … / name."""
    text = doc.text
    lines = [(s, e, text[s:e].strip()) for s, e in _lines_from_end(text)]
    for i, (_, _, line) in enumerate(lines):
        if _SIGN_SKIP.match(line):
            continue
        name = _as_name(line)
        if not name:
            return None
        titles: list[str] = []
        behalf = None
        for _, _, up in lines[i + 1:i + 6]:
            if _SIGN_SKIP.match(up):
                continue
            if _SIGN_BEHALF.match(up):
                behalf = up
                break
            if up.isupper() and office_re().match(key(up)):
                titles.insert(0, _sentence_case(up))
                continue
            break
        if titles or behalf:
            return Signer(name=name, title=", ".join(titles) or None, on_behalf_of=behalf)
        return None
    return None


def _add_signer(officials: list[Official], signer: Signer) -> None:
    o = next((x for x in officials if fold(x.name) == fold(signer.name)), None)
    if o is None:
        o = Official(name=signer.name)
        officials.append(o)
    for t in (signer.title or "").split(", "):
        if t:
            merge_titles(o.titles, t)
    if "signer" not in o.roles:
        o.roles.append("signer")
    _set_orgs(o)
