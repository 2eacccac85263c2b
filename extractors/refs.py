"""Cited documents: `Kế hoạch số 115-KH/QU ngày 15/4/2022`, `Công văn số 6090/UBND - QLĐTh`.

Two numbering systems are read: the State's `106/TB-UBND` (number / kind-issuer, with an
optional year `47/2006/QĐ-UBND`) and the Party's `115-KH/QU` (number-kind / issuer, the
dash often spaced or missing: `01 -NQ/ĐU`, `13 NQ/ĐU`).  Numbers are normalised the way
RECORDS.md asks (no `Số`, no spaces, `-` between number and Party symbol).  A kind word
with a bare number (`Nghị quyết 09`) is a reference without a number.  The document's own
number (a header line `Số 07 - TB/BCĐ`) is not a reference.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from functools import lru_cache

from extractors.contract import Analysis, component
from extractors.records import Metadata, Ref
from extractors.temporal import find_temporals
from extractors.text import fold
from extractors.lang import table
from extractors.doc import Document

# A symbol part: `TB`, `UBND`, `QLĐTh`, `TTg`, `BNN&PTNT` (capitals, then at most two lower-case).
_SYM = r"[A-ZĐ][A-ZĐ0-9&]*[a-zđ]{0,2}(?!\w)"
_DASH = r"[-–—]"
_STATE = rf"\d+(?:\s*/\s*(?:19|20)\d\d)?\s*/\s*{_SYM}(?:\s*{_DASH}\s*{_SYM})*"
_PARTY_TAIL = rf"\s*/\s*{_SYM}(?:\s*(?:{_DASH}|/)\s*{_SYM})*"


@lru_cache(maxsize=1)
def _number_re() -> re.Pattern[str]:
    """A cited number.  The Party form without its dash (`13 NQ/ĐU`) needs a known kind symbol:
    `120 CB/CNV` (staff counts) is not a document."""
    symbols = "|".join(sorted({re.escape(v) for v in table("doc_kinds.tsv").values() if v},
                              key=len, reverse=True))
    party = rf"\d+(?:\s*{_DASH}\s*{_SYM}|(?:\s+|(?=[A-ZĐ]))(?:{symbols})(?!\w)){_PARTY_TAIL}"
    return re.compile(rf"(?<![\w/.-])(?P<so>(?i:số)\s*:?\s*)?(?P<num>{_STATE}|{party})")


_DATE = (r"\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?(?!\d)"
         r"|\d{1,2}\s+tháng\s+\d{1,2}(?:\s*(?:,\s*)?năm\s+\d{4})?")
# `ngày D` right after the number, possibly after a comma or `ban hành`.
_DATE_AFTER = re.compile(rf"\s*[,(]?\s*(?:(?:được\s+)?(?:ban hành|ký|công bố)\s+)?ngày\s+(?P<date>{_DATE})",
                         re.IGNORECASE)
# `... được công bố từ ngày D` later in the same sentence.
_DATE_LATER = re.compile(rf"\b(?:ban hành|công bố|ký)\s+(?:từ\s+|vào\s+)?ngày\s+(?P<date>{_DATE})",
                         re.IGNORECASE)
# `Ngày D, <issuer> (đã) có/ban hành <kind> số ...`: the issuance date stated first.
_DATE_BEFORE = re.compile(rf"\W*(?:vào\s+)?ngày\s+(?P<date>{_DATE})\s*,(?P<mid>[^.;]{{0,120}}?)"
                          r"\b(?:có|ban hành|ký|gửi|phát hành)\s*$", re.IGNORECASE)
_ISSUER = re.compile(r"\s*,?\s*của\s+(?P<issuer>[^,;.()\n]+)", re.IGNORECASE)
_ISSUER_STOP = re.compile(
    r"\s+(?:về|với|ngày|phê duyệt|ban hành|quy định|hướng dẫn|giao|yêu cầu|v/v|triển khai|"
    r"đối với|trong|tại|nhằm|để|đã|được|và|là|thì|theo|kết luận|chỉ đạo|không|gửi|cho|trên|"
    r"nêu|tổ chức|thực hiện|có|từ)(?!\w)", re.IGNORECASE)
_ENUMERATION_GAP = re.compile(r"(?:\s|,|;|và)*")  # `số A, số B và số C` share one kind word
_ISSUER_MAX_WORDS = 14
_KIND_WINDOW = 80
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATED_YEAR = re.compile(r"(?:\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*|tháng\s+\d{1,2}\s*(?:[/.-]|năm)\s*"
                         r"|quý\s+[IV\d]+\s*[/.-]\s*)((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_QUALIFIER_WORDS = 3


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    """Folded kind word → kind as written in doc_kinds.tsv."""
    return {fold(k): k for k in table("doc_kinds.tsv")}


@lru_cache(maxsize=1)
def _kind_of_symbol() -> dict[str, str]:
    """Symbol → shortest kind carrying it (`TB` → `Thông báo`)."""
    out: dict[str, str] = {}
    for kind, symbol in sorted(table("doc_kinds.tsv").items(), key=lambda kv: len(kv[0])):
        if symbol:
            out.setdefault(symbol, kind)
    return out


@lru_cache(maxsize=1)
def _kind_re() -> re.Pattern[str]:
    kinds = sorted(table("doc_kinds.tsv"), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, k.split())) for k in kinds)
    return re.compile(r"(?<!\w)(?P<kind>" + alternation + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _bare_re() -> re.Pattern[str]:
    """Kind word + bare number: `Nghị quyết 09`, `Quyết định số 1234`."""
    return re.compile(_kind_re().pattern + r"(?:(?:\s+[^\W\d_]+){0,3}?\s+(?P<so>số\s*:?\s*)|\s+)"
                      r"(?P<num>\d+)(?![\w/]|[.,]\d|\s*[-/]\s*\w|\s+[A-ZĐ]{2,})", re.IGNORECASE)


def normalise_number(raw: str) -> str:
    """`01 -NQ/ĐU` → `01-NQ/ĐU`, `13 NQ/ĐU` → `13-NQ/ĐU`, `6090/UBND - QLĐTh` → `6090/UBND-QLĐTh`."""
    compact = re.sub(r"[–—]", "-", re.sub(r"\s+", "", raw))
    return re.sub(r"^(\d+)(?=[A-ZĐ])", r"\1-", compact)


def _kind_before(text: str, start: int) -> tuple[str, int] | None:
    """The kind word that introduces a number at `start`: (kind, its start)."""
    lo = max(0, start - _KIND_WINDOW)
    window = text[lo:start]
    best = None
    for m in _kind_re().finditer(window):
        between = window[m.end():].split()
        if len(between) <= _QUALIFIER_WORDS and all(w.isalpha() and w.islower() for w in between):
            best = (_kinds()[fold(m.group("kind"))], lo + m.start())
    return best


def _symbol_kind(number: str) -> str:
    """Kind implied by the symbol of a number cited without a kind word."""
    party = re.match(r"\d+-([^/]+)/", number)
    if party:
        return _kind_of_symbol().get(party.group(1), "Văn bản")
    parts = number.split("/")
    symbol = parts[-1].split("-")[0] if len(parts) > 1 else ""
    return _kind_of_symbol().get(symbol, "Văn bản")


def _read_date(raw: str, anchor: date | None) -> tuple[date | None, bool]:
    """(date, year taken from the anchor) of a day-precise expression."""
    text = raw if fold(raw).startswith(fold("ngày")) else f"ngày {raw}"
    for expr in find_temporals(text, anchor):
        if expr.granularity == "day" and expr.interval is not None:
            return expr.interval[0], expr.year_from_anchor
    return None, False


def parse_date_text(raw: str, anchor: date | None) -> date | None:
    """A past date (`15/4/2022`, `27 tháng 11 năm 2009`, `3/2`): a year-less one takes the
    anchor's year, or the year before when that would put it after the anchor (a cited
    document or a count precedes the text that reports it)."""
    when, guessed = _read_date(raw, anchor)
    if when is None or not guessed or anchor is None:
        return when
    for year in (anchor.year, anchor.year - 1):
        try:
            candidate = when.replace(year=year)
        except ValueError:  # 29/2
            continue
        if candidate <= anchor:
            return candidate
    return None


def year_anchor(doc: Document, meta: Metadata) -> date | None:
    """The date a year-less date is read against.

    The document's own date when it has one (event or publication).  Without one, the latest
    year of a dated expression in the text (`tính đến hết tháng 1/2017`, `trước ngày 10/02/2017`:
    a report is written around its latest dates; bare years are left out, they are often
    horizons such as `đến năm 2030`), taken as a whole year; else the year the metadata guessed.
    """
    if meta.anchor and (meta.event_date or meta.published):
        return meta.anchor
    years = [int(m.group(1)) for m in _DATED_YEAR.finditer(doc.text)]
    if years:
        return date(max(years), 12, 31)
    return date(meta.anchor.year, 12, 31) if meta.anchor else None


def _sentence_bounds(doc: Document, pos: int) -> tuple[int, int]:
    """The sentence holding `pos` (its block when no sentence does)."""
    sentence = doc.sentence_at(pos)
    if sentence is not None:
        return sentence.start, sentence.end
    block = doc.blocks[doc.block_at(pos)]
    return block.start, block.end


def _is_own_number(doc: Document, start: int, number: str, own: str | None) -> bool:
    """The document's own number: the metadata's, or alone on a header line `Số ...`."""
    if own and fold(normalise_number(own)) == fold(number):
        return True
    block = doc.blocks[doc.block_at(start)]
    return (block.start <= start < block.end
            and _number_re().fullmatch(doc.block_text(block).strip()) is not None
            and fold(doc.block_text(block)).startswith(fold("số")))


def _issuer_at(text: str, pos: int) -> tuple[str | None, int]:
    """`của Chủ tịch UBND huyện` at `pos`: (issuer, end), cut before the next verb or preposition."""
    m = _ISSUER.match(text, pos)
    if not m:
        return None, pos
    raw = m.group("issuer")
    stop = _ISSUER_STOP.search(raw)
    raw = raw[:stop.start()] if stop else raw
    words = raw.split()[:_ISSUER_MAX_WORDS]
    if not words:
        return None, pos
    issuer = " ".join(words)
    return issuer, m.start("issuer") + raw.find(words[-1]) + len(words[-1])


def _details(doc: Document, ref_start: int, start: int, end: int, anchor: date | None,
             next_start: int) -> tuple[date | None, str | None, int]:
    """(date, issuer, end of the cited phrase) read around a number ending at `end`."""
    text = doc.text
    when = None
    m = _DATE_AFTER.match(text, end)
    if m:
        when = parse_date_text(m.group("date"), anchor)
        end = m.end()
    issuer, end = _issuer_at(text, end)
    if when is None and issuer:
        m = _DATE_AFTER.match(text, end)
        if m:
            when = parse_date_text(m.group("date"), anchor)
            end = m.end()
    s_start, s_end = _sentence_bounds(doc, start)
    if when is None:
        m = _DATE_LATER.search(text, end, min(s_end, next_start))
        if m:
            when = parse_date_text(m.group("date"), anchor)
    if when is None:
        m = _DATE_BEFORE.match(text, s_start, ref_start)
        if m and not _number_re().search(m.group("mid")):
            when = parse_date_text(m.group("date"), anchor)
            issuer = issuer or re.sub(r"\s+đã$", "", m.group("mid").strip()) or None
    return when, issuer, end


def _candidates(text: str) -> list[tuple[int, int, str | None, str]]:
    """(start of number incl. `số`, end, normalised number or None, raw digits) in text order."""
    found = [(m.start(), m.end(), normalise_number(m.group("num")), m.group("num"))
             for m in _number_re().finditer(text)]
    starts = [s for s, _, _, _ in found]  # numbered matches do not overlap: sorted by start and end
    for m in _bare_re().finditer(text):
        s = m.start("so") if m.group("so") else m.start("num")
        if not m.group("so") and (not m.group("kind")[0].isupper() or _YEAR.fullmatch(m.group("num"))):
            continue  # `dự án 2`, `Kế hoạch 2024`: a cited document is capitalised or numbered
        i = bisect_left(starts, m.end())  # numbered matches starting before this one ends
        if i == 0 or found[i - 1][1] <= s:  # the last of them ends before it starts: no overlap
            found.append((s, m.end(), None, m.group("num")))
    return sorted(found)


@component("refs", requires=("metadata",), assigns="refs")
def extract_refs(doc: Document, found: Analysis) -> list[Ref]:
    """Documents cited in the text, one per distinct number (the first, with the best date).

    A bare `Kế hoạch 115` that repeats a numbered `Kế hoạch số 115-KH/QU` is the same document.
    """
    text = doc.text
    own = found.metadata.doc_number
    candidates = _candidates(text)
    anchor = year_anchor(doc, found.metadata)
    refs: dict[str, tuple[Ref, str]] = {}  # key → (reference, its digits)
    previous: tuple[int, str] | None = None  # (end, kind) of the last reference, for `số A, số B`
    for i, (start, end, number, raw) in enumerate(candidates):
        if number and _is_own_number(doc, start, number, own):
            continue
        kind_found = _kind_before(text, start)
        if kind_found:
            kind, ref_start = kind_found
        elif number is None:
            continue
        elif (previous and start - previous[0] < _KIND_WINDOW
              and _ENUMERATION_GAP.fullmatch(text[previous[0]:start])):
            kind, ref_start = previous[1], start
        else:
            kind, ref_start = _symbol_kind(number), start
        next_start = candidates[i + 1][0] if i + 1 < len(candidates) else len(text)
        when, issuer, ref_end = _details(doc, ref_start, start, end, anchor, next_start)
        previous = (ref_end, kind)
        ref = Ref(kind=kind, number=number, text=text[ref_start:ref_end], span=[ref_start, ref_end],
                  date=when.isoformat() if when else None, issuer=issuer)
        key = fold(number) if number else fold(f"{kind} {raw}")
        if key not in refs or (refs[key][0].date is None and ref.date is not None):
            refs[key] = (ref, re.match(r"\d+", raw).group().lstrip("0"))
    numbered = {(r.kind, digits) for r, digits in refs.values() if r.number}
    return sorted((r for r, digits in refs.values() if r.number or (r.kind, digits) not in numbered),
                  key=lambda r: r.span[0])
