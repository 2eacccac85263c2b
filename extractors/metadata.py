"""Document metadata: title, type, number, issuer, dates, place, author, signer.

Read from the shape of the document rather than deep NLP: a notice has a header block
(issuer, `Số: …`, `Địa danh, ngày … tháng … năm …`, a kind word such as `THÔNG BÁO`
and its subject line); an article has a headline, a posting-date line, an opening
sentence dated like `Chiều ngày 20/10/2021, …` and often a byline on its last line.
The metadata also fixes the document's date anchor, so it runs first.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from extractors import component
from extractors.officials import find_signer
from extractors.temporal import TimeExpr, find_temporals
from extractors.textutil import fold, is_all_caps
from extractors.vocab import table, word_list
from pipeline.document import Block, Document

HEADER_BLOCKS = 15  # header lines of a notice, opening lines of an article

_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<num>\d[\w/.\-–—\s]*?[\w])\s*$", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^(?P<place>[^\d,]{2,40}),\s*ngày\b", re.IGNORECASE)
_NAME_LINE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?\s){0,3}[A-ZĐÀ-Ỹ][\wÀ-ỹ]*$")
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_FORMAL_CLOSE = re.compile(r"xin thông báo|nơi nhận|\./\.", re.IGNORECASE)
_ISSUANCE = re.compile(
    r"\b(?:có|ban hành|ký|gửi|phát hành)\s+(?:văn bản|thông báo|công văn|quyết định|kế hoạch|"
    r"chỉ thị|nghị quyết|công điện|tờ trình|báo cáo)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _kind_words() -> tuple[str, ...]:
    """Document kind words, longest first (`Thông báo kết luận` before `Thông báo`)."""
    return tuple(sorted(table("doc_kinds.tsv"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _meeting_words() -> tuple[str, ...]:
    return tuple(fold(w) for w in word_list("meeting_words.txt"))


@lru_cache(maxsize=1)
def _byline_prefixes() -> tuple[str, ...]:
    return tuple(fold(w) for w in word_list("byline_prefixes.txt"))


def _kind_heading(text: str) -> str | None:
    """The kind of an all-caps kind line (`THÔNG BÁO`, `KẾ HOẠCH`), alone or followed by the
    lower-case subject line it was joined with (`THÔNG BÁO KẾT LUẬN của Ban Thường vụ …`)."""
    for kind in _kind_words():
        head = text[:len(kind)]
        rest = text[len(kind):]
        if is_all_caps(head) and fold(head) == fold(kind) and (not rest.strip() or rest[:2].strip().islower()):
            return kind
    return None


@lru_cache(maxsize=1)
def _folded_kinds() -> tuple[tuple[str, str], ...]:
    """(kind, its folded form + " "), longest first: folded once, not at every title."""
    return tuple((k, fold(k) + " ") for k in _kind_words())


def _title_kind(title: str) -> str | None:
    key = fold(title)
    return next((k for k, folded in _folded_kinds() if key.startswith(folded)), None)


def _dates(text: str, anchor: date | None, offset: int = 0) -> list[TimeExpr]:
    return [t for t in find_temporals(text, anchor, offset)
            if t.type == "date" and t.granularity == "day"]


def _day(expr: TimeExpr) -> date | None:
    return expr.interval[0] if expr.interval else None


def _doc_number(doc: Document, blocks: list[Block]) -> str | None:
    for block in blocks:
        m = _NUMBER_LINE.match(doc.block_text(block))
        if m:
            number = re.sub(r"\s+", "", m.group("num").replace("–", "-").replace("—", "-"))
            return re.sub(r"^(\d+)-?(?=[A-ZĐ])", r"\1-", number) if "/" in number else number
    return None


def _issuer(doc: Document, blocks: list[Block]) -> str | None:
    """The lowest header line above the number: `BAN CHỈ ĐẠO` under `ĐẢNG ỦY TT SAO VÀNG`."""
    national = {fold(w) for w in word_list("national_mottos.txt")}
    lines = []
    for block in blocks:
        text = doc.block_text(block)
        if _NUMBER_LINE.match(text) or _kind_heading(text):
            break
        if is_all_caps(text) and fold(text) not in national:
            lines.append(text)
    return lines[-1] if lines else None


def _published(doc: Document, blocks: list[Block]) -> tuple[date | None, str | None]:
    """(date, place) from `Sao Vàng, ngày 31 tháng 7 năm 2023` or a posting-date line."""
    for block in blocks:
        text = doc.block_text(block)
        if len(text.split()) > 14:
            continue
        found = _dates(text, None)
        if not found or found[0].year_from_anchor or _day(found[0]) is None:
            continue
        stripped = fold(text[:found[0].start] + text[found[0].end:])
        place = _PLACE_DATE.match(text)
        if place or len(re.findall(r"[^\W\d_]+", stripped)) <= 5:
            return _day(found[0]), place.group("place").strip() if place else None
    return None, None


def _guess_year(doc: Document, title: str | None) -> int | None:
    """Year of an undated document: the one named in the headline, or the only one named."""
    years = _YEAR.findall(title or "")
    if len(set(years)) == 1:
        return int(years[0])
    years = set(_YEAR.findall(doc.text))
    return int(years.pop()) if len(years) == 1 else None


def _event(doc: Document, blocks: list[Block], anchor: date | None) -> tuple[date | None, TimeExpr | None]:
    """The date an opening sentence gives a meeting: `Chiều ngày 20/10/2021, … làm việc …`."""
    for block in blocks:
        for sentence in doc.sentences_of(doc.blocks.index(block)):
            text = doc.sentence_text(sentence)
            found = _dates(text[:40], anchor)
            if not found or found[0].start > 2 or found[0].mod is not None:
                continue  # the date must open the sentence: `Chiều ngày 20/10/2021, …`
            key = fold(text)
            meeting_at = min((key.find(w) for w in _meeting_words() if w in key), default=-1)
            issued = _ISSUANCE.search(text)
            if meeting_at < 0 or (issued and issued.start() < meeting_at):
                continue
            return _day(found[0]), found[0]
    return None, None


def _author(doc: Document, exclude: set[str]) -> str | None:
    """A byline: `BT: Hồ Hương`, or a bare name alone on one of the last lines."""
    for block in reversed(doc.blocks[-4:]):
        text = doc.block_text(block).strip()
        key = fold(text)
        for prefix in _byline_prefixes():
            if key.startswith(prefix):
                name = text[len(prefix):].strip(" :.-")
                return name or None
        if not _NAME_LINE.match(text):  # cheap test first: a last block is often a long paragraph
            continue
        if _dates(text, None) or key.startswith(("nguồn", "ảnh", "http")):
            continue
        if not is_all_caps(text) and key not in exclude:
            return text
    return None


@component("metadata")
def extract_metadata(doc: Document, found: dict[str, Any]) -> dict[str, Any]:
    """Metadata fields of RECORDS.md; also sets `doc.meta["anchor"]` for later extractors."""
    header = doc.blocks[:HEADER_BLOCKS]
    doc_number = _doc_number(doc, header)
    kind_index = next((i for i, b in enumerate(header) if _kind_heading(doc.block_text(b))), None)
    if kind_index is not None:
        kind_line = doc.block_text(header[kind_index])
        if is_all_caps(kind_line) and kind_index + 1 < len(doc.blocks):
            title = doc.block_text(doc.blocks[kind_index + 1])  # the subject line under `THÔNG BÁO`
        else:
            title = kind_line
    else:
        title = next((doc.block_text(b) for b in header
                      if len(doc.block_text(b).split()) >= 4 and not is_all_caps(doc.block_text(b))
                      and not _dates(doc.block_text(b)[:30], None)), None)
    signer = find_signer(doc)  # a signature block (`T/M`, `KT.`, `TL.` …) closes a formal document
    formal_close = signer is not None or _FORMAL_CLOSE.search(doc.text) is not None
    is_notice = bool(doc_number or kind_index is not None
                     or (title and _title_kind(title) and formal_close))
    published, place = _published(doc, header)
    guessed = None if published else _guess_year(doc, title)
    year_anchor = published or (date(guessed, 1, 1) if guessed else None)
    event_date, event_expr = _event(doc, header, year_anchor)
    if event_expr is not None and event_date is None:
        doc.warnings.append(f"event date '{event_expr.text}': year unknown, no dated line in the document")
    elif event_expr is not None and event_expr.year_from_anchor and not published:
        doc.warnings.append(f"event year {guessed} inferred from the text, not printed with the date")
    if published is None and not is_notice and event_date is None:
        doc.warnings.append("no publication or event date found")
    doc.meta["anchor"] = event_date or published or year_anchor
    doc.meta["event_date"] = event_date.isoformat() if event_date else None
    signer = signer if is_notice else None
    exclude = {fold(signer.name)} if signer else set()
    return {
        "title": title,
        "doc_type": "notice" if is_notice else "news",
        "doc_number": doc_number,
        "issuer": _issuer(doc, header) if is_notice else None,
        "published": published.isoformat() if published else None,
        "event_date": event_date.isoformat() if event_date else None,
        "place": place,
        "author": None if is_notice else _author(doc, exclude),
        "signer": signer.to_dict() if signer else None,
    }
