"""Document metadata: title, type, number, issuer, dates, place, author, signer.

Read from the shape of the document rather than deep NLP: a notice has a header block
(issuer, `Số: …`, `Địa danh, ngày … tháng … năm …`, a kind word such as `THÔNG BÁO`
and its subject line); an article has a headline, a posting-date line, an opening
sentence dated like `Chiều ngày 20/10/2021, …` and often a byline on its last line.
The metadata also fixes the document's date anchor, so it runs first.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from extractors.contract import Analysis, component
from extractors.records import Metadata
from extractors.officials import find_signer
from extractors.temporal import TimeExpr, find_temporals
from extractors.text import fold, is_all_caps
from extractors.lang import alternation, phrases, table, word_list
from extractors.doc import Block, Document

HEADER_BLOCKS = 15  # header lines of a notice, opening lines of an article

# `Số: 106/TB-UBND`; police and army symbols carry their unit in brackets (`03/BC-CAT(PC04)`)
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<num>\d[\w/.\-–—\s()]*?[\w)])\s*$", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^(?P<place>[^\d,]{2,40}),\s*ngày\b", re.IGNORECASE)
_NAME_LINE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?\s){0,3}[A-ZĐÀ-Ỹ][\wÀ-ỹ]*$")
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_FORMAL_CLOSE = re.compile(r"xin thông báo|nơi nhận|\./\.", re.IGNORECASE)
# `I. Mục đích yêu cầu`, `Iii. nội dung thực hiện` (case garbled by the source): a section heading
_ROMAN_HEADING = re.compile(r"^(?=[ivx])(?:x{0,3})(?:ix|iv|v?i{0,3})\s*[.:]\s+\S", re.IGNORECASE)
_MIN_SECTIONS = 3
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


def _own_number_in_title(title: str, kind: str) -> bool:
    """`Công văn 702/VP-KT về …`, `Kế hoạch số 15/KH-UBND …`: the title names the document by
    its own number (a number cited later in the title is another document's)."""
    rest = title[len(kind):]
    return re.match(r"\s*(?:số\s*:?\s*)?\d+[\w.]*\s*[/-]\s*[A-ZĐ]", rest, re.IGNORECASE) is not None


def _sectioned(doc: Document) -> bool:
    """Laid out in Roman-numeral sections (`I. …`, `II. …`, `III. …`), as a formal plan or report."""
    return sum(bool(_ROMAN_HEADING.match(doc.block_text(b))) for b in doc.blocks) >= _MIN_SECTIONS


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


_MID_YEAR = (7, 2)  # an anchor from which every day/month resolves into the anchor's own year
_NEAR_DAYS = 31  # a meeting is reported with dates of the weeks around it
_SUB_YEAR = ("month", "quarter", "half")
_NOT_EVIDENCE_CUES = ("from", "as_of")  # `có hiệu lực từ ngày …`, `tính đến 31-12-2016`: often far away


@lru_cache(maxsize=1)
def _year_cues() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(`kế hoạch … năm Y` and its kind, `năm Y đạt …`) patterns from the data files."""
    cues = table("meeting_year_cues.tsv")
    words, verbs = alternation(cues), phrases("year_result_verbs.txt")
    return (re.compile(rf"(?<!\w)(?P<cue>{words})(?!\w)[^,;.\n]{{0,25}}?\bnăm\s+(?P<year>(?:19|20)\d\d)\b"
                       r"(?!\s*(?:[-–]|đến|tới)\s*(?:năm\s+)?\d)",  # not a term (`5 năm 2016 - 2020`)
                       re.IGNORECASE),
            re.compile(rf"\bnăm\s+(?P<year>(?:19|20)\d\d)\s+(?:{verbs})(?!\w)", re.IGNORECASE))


def _in_year(month_day: tuple[int, int], year: int) -> date | None:
    """(month, day) in `year`."""
    try:
        return date(year, *month_day)
    except ValueError:
        return None  # 29/2 of a common year


def _near_day(month_day: tuple[int, int], day: date) -> int | None:
    """The year that puts the meeting's day/month within weeks of a full date, if one does."""
    for y in (day.year - 1, day.year, day.year + 1):
        when = _in_year(month_day, y)
        if when is not None and abs((when - day).days) <= _NEAR_DAYS:
            return y
    return None


def _in_or_after(month_day: tuple[int, int], span: tuple[date, date]) -> int | None:
    """The year in which the meeting falls inside a period of one year (`quý I/2017`) or in the
    weeks after it ends (a review of `6 tháng đầu năm 2019` in July)."""
    if span[0].year != span[1].year:
        return None  # `tháng 1/2004 - 5/2010`: a span of years dates nothing
    for y in (span[0].year, span[0].year + 1):
        when = _in_year(month_day, y)
        if when is not None and span[0] <= when <= span[1] + timedelta(days=_NEAR_DAYS):
            return y
    return None


def _cued_years(text: str, month_day: tuple[int, int]) -> set[int]:
    """Years a planned or reviewed year puts the meeting in (`Kế hoạch năm 2019` → 2019;
    `tổng kết năm 2018` → 2018 in its last quarter, else 2019)."""
    kinds = table("meeting_year_cues.tsv")
    out = set()
    for m in _year_cues()[0].finditer(text):
        year = int(m.group("year"))
        review = kinds.get(" ".join(m.group("cue").lower().split())) == "review"
        out.add(year + 1 if review and month_day[0] < 10 else year)
    return out


def _meeting_year(doc: Document, title: str | None, month_day: tuple[int, int]) -> int | None:
    """Year of a meeting dated `Ngày 24/6` ((month, day)) in a document that prints no date.

    The evidence must agree (else the year stays unknown: a feature full of past dates and
    anniversaries does not date its meeting): full dates of the weeks around it (`ngày
    1/11/2025`), a quarter, month or half-year containing or just before it (`quý I/2017`,
    `6 tháng đầu năm 2019`), the headline's year, planned or reviewed years (`Kế hoạch năm
    2019`, `tổng kết năm 2018`). Without any: the only year named plainly (not a deadline, target
    or term), unless it is only reported as results (`năm 2018 đạt …`: a year reviewed does not
    date the meeting)."""
    found = [t for t in find_temporals(doc.text, None)
             if t.interval and not t.year_from_anchor and not t.horizon and t.cue not in _NOT_EVIDENCE_CUES]
    # both ends of a span of days (`24/6/1967-24/6/2017`: an anniversary names two years)
    years = {_near_day(month_day, end) for t in found if t.granularity == "day" for end in t.interval}
    years |= {_in_or_after(month_day, t.interval) for t in found if t.granularity in _SUB_YEAR}
    in_title = set(_YEAR.findall(title or ""))
    if len(in_title) == 1:
        years.add(int(in_title.pop()))
    years |= _cued_years(doc.text, month_day)
    years.discard(None)
    if years:
        return years.pop() if len(years) == 1 else None
    # a year named plainly (not a deadline, target or term: `hết năm 2018`, `trong năm 2019`)
    named = {t.interval[0].year for t in found if t.granularity == "year" and t.cue is None and not t.mod}
    reported = {int(m.group("year")) for m in _year_cues()[1].finditer(doc.text)}
    return named.pop() if len(named) == 1 and not named & reported else None


def _month_day(expr: TimeExpr) -> tuple[int, int] | None:
    """Day and month of a date written without its year (`Chiều 27/8`)."""
    again = _dates(expr.text, date(2000, *_MID_YEAR))
    return (again[0].interval[0].month, again[0].interval[0].day) if again and again[0].interval else None


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


@component("metadata", assigns="metadata")
def extract_metadata(doc: Document, found: Analysis) -> Metadata:
    """Metadata fields of RECORDS.md, and the date anchor of later components (the event
    date, else the publication date, else the middle of the year the text points to)."""
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
    kind = _title_kind(title) if title else None
    # a formal document posted without its header: closed by a signature, numbered in its own
    # title, or laid out in Roman-numeral sections
    is_notice = bool(doc_number or kind_index is not None
                     or (kind and (formal_close or _own_number_in_title(title, kind) or _sectioned(doc))))
    published, place = _published(doc, header)
    event_date, event_expr = _event(doc, header, published)
    guessed = None
    if published is None and event_expr is not None and event_date is None:
        month_day = _month_day(event_expr)
        guessed = _meeting_year(doc, title, month_day) if month_day else None
        event_date = _in_year(month_day, guessed) if guessed and month_day else None
        if event_date is None:
            doc.warnings.append(f"event date '{event_expr.text}': year unknown, no dated line in the document")
        else:
            doc.warnings.append(f"event year {guessed} inferred from the text, not printed with the date")
    elif published is None:
        guessed = _guess_year(doc, title)
    year_anchor = published or (date(guessed, *_MID_YEAR) if guessed else None)
    if published is None and not is_notice and event_date is None:
        doc.warnings.append("no publication or event date found")
    signer = signer if is_notice else None
    exclude = {fold(signer.name)} if signer else set()
    return Metadata(
        title=title,
        doc_type="notice" if is_notice else "news",
        doc_number=doc_number,
        issuer=_issuer(doc, header) if is_notice else None,
        published=published.isoformat() if published else None,
        event_date=event_date.isoformat() if event_date else None,
        place=place,
        author=None if is_notice else _author(doc, exclude),
        signer=signer,
        anchor=event_date or published or year_anchor,
    )
