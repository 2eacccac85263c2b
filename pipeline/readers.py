"""Readers: raw bytes of one input file → paragraphs in reading order.

One reader per format (.txt, .html, .pdf, .docx).  Readers only undo what the format
itself does to text (encodings, markup, line wrapping, Word numbering kept outside the
text); cleaning (NFC, boilerplate, dedupe) happens later in `pipeline.clean`.  Every
failure is a `ReadError` whose message names the file, so a batch run can log it and
move on.  Text typed in legacy Vietnamese fonts (TCVN3/VNI) is converted here, once,
for every format.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import statistics
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import columns, converters, language, ocr
from extractors.doc import Paragraph
from extractors.text import BULLETS
from pipeline.legacy import DETECT_SAMPLE, detect_legacy, fix_legacy, has_legacy_signs

SUPPORTED = {".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx", ".doc": "doc",
             ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}

MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024  # zip-bomb guard: total inflated size
MAX_DOCX_RATIO = 200  # zip-bomb guard: inflated/compressed for any sizeable member


class ReadError(Exception):
    """An input that cannot be read; `code` is a short id, `message` names the file."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ReadResult:
    paragraphs: list[Paragraph]
    format: str
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    ocr: dict | None = None  # which pages were OCR'd, engine, mean confidence


def read_bytes(path: str, data: bytes) -> ReadResult:
    """Dispatch on the file suffix; raise `ReadError` for anything unreadable."""
    fmt = SUPPORTED.get(Path(path).suffix.lower())
    if fmt is None:
        raise ReadError("unsupported", f"{path}: unsupported file type {Path(path).suffix!r}")
    if not data:
        raise ReadError("empty", f"{path}: file is empty (0 bytes)")
    result = _READERS[fmt](path, data)
    if not any(p.text.strip() for p in result.paragraphs):
        raise ReadError("no-text", f"{path}: no text found in the {fmt} file")
    return _fix_legacy_fonts(path, result)


def _fix_legacy_fonts(path: str, result: ReadResult) -> ReadResult:
    """Convert TCVN3/VNI mojibake: the whole document when it reads as one of them,
    else single paragraphs that do (a letterhead kept from an old template)."""
    sample, size = [], 0
    for p in result.paragraphs:  # detection reads a sample; no need to join 50 MB
        sample.append(p.text)
        size += len(p.text)
        if size > DETECT_SAMPLE:
            break
    document_encoding = detect_legacy("\n".join(sample))
    if document_encoding is None and not has_legacy_signs("\n".join(p.text for p in result.paragraphs)):
        return result
    paragraphs, warnings = [], []
    for p in result.paragraphs:
        encoding = document_encoding or detect_legacy(p.text, lenient=True)
        if encoding is None:
            paragraphs.append(p)
            continue
        text, warning = fix_legacy(p.text, encoding)
        paragraphs.append(replace(p, text=text))
        if warning not in warnings:
            warnings.append(warning)
    if not warnings:
        return result
    scope = "" if document_encoding else " (some paragraphs)"
    return replace(result, paragraphs=paragraphs,
                   warnings=result.warnings + [f"{path}{scope}: {w}" for w in warnings])


# ---------------------------------------------------------------- plain text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_text(path: str, data: bytes) -> tuple[str, list[str]]:
    """Bytes of a text file → str, detecting the encoding instead of assuming it.

    Order: BOM; UTF-16 without BOM (NULs on one byte parity); strict UTF-8; then
    Windows-1258 when the bytes hold no UTF-8 sequences at all (old Vietnamese
    Windows files); else UTF-8 with replacement characters and a warning.
    """
    warnings: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            if "\ufffd" in text:
                warnings.append(f"{path}: invalid {codec} sequences replaced with U+FFFD")
            return _check_not_binary(path, text), warnings
    sample = data[:65536]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if max(even, odd) > 0.2 * half and min(even, odd) < 0.02 * half:
        codec = "utf-16-le" if odd > even else "utf-16-be"
        text = data[: len(data) // 2 * 2].decode(codec, errors="replace")
        warnings.append(f"{path}: no BOM, decoded as {codec.upper()} (NUL-byte pattern)")
        return _check_not_binary(path, text), warnings
    try:
        return _check_not_binary(path, data.decode("utf-8")), warnings
    except UnicodeDecodeError:
        pass
    if not _UTF8_MULTIBYTE.search(data):
        tones = _windows_1258_tones(data)
        if tones is not None:
            warnings.append(f"{path}: not UTF-8, decoded as Windows-1258")
            return _check_not_binary(path, tones), warnings
        latin = data.decode("latin-1")
        if detect_legacy(latin):  # legacy-font bytes: keep the glyphs, read_bytes converts them
            return _check_not_binary(path, latin), warnings
        try:
            cp1258: str | None = unicodedata.normalize("NFC", data.decode("cp1258"))
        except UnicodeDecodeError:
            cp1258 = None
        if cp1258 is not None and not _CONTROL.search(cp1258):
            warnings.append(f"{path}: not UTF-8, decoded as Windows-1258")
            return cp1258, warnings
    text = data.decode("utf-8", errors="replace")
    warnings.append(f"{path}: {text.count(chr(0xFFFD))} invalid UTF-8 byte(s) replaced with U+FFFD")
    return _check_not_binary(path, text), warnings


_CP1258_TONE = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
_CP1258_TONED = re.compile("(?i)[aăâeêioôơuưy][\u0300\u0301\u0303\u0309\u0323]")


def _windows_1258_tones(data: bytes) -> str | None:
    """NFC text when the bytes are Windows-1258 as old archives wrote it: precomposed
    vowels (â, ơ, ư …) followed by combining tone marks.  Recognised before the legacy-font
    check (whose VNI signatures the tone bytes resemble): several tone marks, nearly all
    right after a Vietnamese vowel."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    sample = text[:65536]
    tones = len(_CP1258_TONE.findall(sample))
    if tones < 3 or len(_CP1258_TONED.findall(sample)) < 0.9 * tones:
        return None
    return unicodedata.normalize("NFC", text)


def _check_not_binary(path: str, text: str) -> str:
    """Refuse text that is mostly NULs/control bytes: a binary file named .txt."""
    sample = text[:65536]
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    if sample and bad > max(8, 0.05 * len(sample)):
        raise ReadError("binary", f"{path}: looks like binary data, not text ({bad} control/invalid characters)")
    return text


def _read_txt(path: str, data: bytes) -> ReadResult:
    """Each non-empty line is a paragraph; a form feed starts a new page."""
    text, warnings = decode_text(path, data)
    pages = text.rstrip("\f\r\n").split("\f")  # a final form feed opens no page
    paragraphs: list[Paragraph] = []
    for page_no, page in enumerate(pages, start=1):
        for line in _LINE_BREAK.split(page):
            if line.strip():
                page_of = page_no if len(pages) > 1 else None
                paragraphs.append(Paragraph(line, page=page_of, index=len(paragraphs)))
    return ReadResult(paragraphs, "txt", len(pages) if len(pages) > 1 else None, warnings)


# ---------------------------------------------------------------------- html
_HTML_DROP_TAGS = {
    "script", "style", "noscript", "template", "nav", "aside", "iframe", "svg",
    "button", "input", "select", "textarea", "menu", "object", "embed", "canvas", "head",
}
_HTML_CHROME = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|footer|sidebar|share|social|banner|advert|ads|"
    r"related|comments?|cookie|popup|modal|toolbar|pagination|widget)($|[\s_-])",
    re.I,
)
_HTML_SITE_HEADERS = {"header", "site-header", "masthead", "top", "topbar", "top-bar", "logo"}  # whole class/id
_HTML_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu"}
_HTML_BLOCKS = {
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "br", "section",
    "article", "main", "blockquote", "pre", "ul", "ol", "table", "dd", "dt", "dl", "figcaption",
    "figure", "header", "footer", "address", "center", "hr", "caption",
}
_HTML_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HTML_STATEFUL = _HTML_HEADINGS | {"li", "td", "th"}  # elements whose marker/style ends with them
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
_WS = re.compile(r"[ \t\n\r\f\v]+")
_FLATTEN = re.compile(r"</?(div|span|section|font|center|article|main|b|i|u|em|strong|small|big|a|table|tbody|tr|td|th)\b[^>]*>", re.I)


def _read_html(path: str, data: bytes) -> ReadResult:
    """The article of a saved web page: trafilatura's extraction (it knows the layouts of
    many CMSes), else the densest text block; a page with no article (a home page, a menu)
    is the error `no-article`."""
    text, warnings = _decode_html(path, data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    root = _parse_html(path, text)
    if root is None:  # nesting deeper than libxml2 allows: flatten wrappers and retry
        warnings.append(f"{path}: HTML nested deeper than the parser limit; layout containers flattened")
        root = _parse_html(path, _FLATTEN.sub(lambda m: "<br>" if m.group(1).lower() in _HTML_BLOCKS else "", text))
    if root is None:
        raise ReadError("corrupt", f"{path}: HTML nested too deeply to parse")
    extracted, title = _trafilatura_paragraphs(root)
    links = {" ".join(a.text_content().split()).casefold() for a in root.iter("a")}
    dense = _densest_block_paragraphs(root)  # drops the chrome in place: trafilatura had a copy
    paragraphs = [p for p in _better_reading(extracted, dense, links) if not _is_caption(p)]
    if not _is_article(paragraphs):
        raise ReadError("no-article", f"{path}: no article found in the page (a home page, "
                                      "a menu or a list of links?)")
    # the <h1> headline (outside the site header) leads unless the article already shows
    # it; trafilatura's title (the <title> without the portal's name) only stands in when
    # the article has no heading at all
    h1 = _html_h1(root)
    opening = [" ".join(p.text.split()).casefold() for p in paragraphs[:3]]
    headline = h1 if h1 and h1.casefold() not in opening else None
    if h1 is None and not any(p.style == "heading" for p in paragraphs[:3]):
        headline = title
    if headline:
        paragraphs.insert(0, Paragraph(headline, style="heading"))
    return ReadResult([replace(p, page=None, index=i) for i, p in enumerate(paragraphs)], "html", None, warnings)


_ARTICLE_MIN_WORDS = 100  # prose words a page needs to be an article …
_ARTICLE_MIN_PROSE = 2  # … or this many prose paragraphs
_PROSE_MIN_WORDS = 8


def _is_article(paragraphs: list[Paragraph]) -> bool:
    """An article has prose: sentences, not a list of links, captions and counters."""
    prose = [p for p in paragraphs
             if len(p.text.split()) >= _PROSE_MIN_WORDS and p.style != "table"
             and (p.text.rstrip().endswith((".", "!", "?", ":", ";", "…", "\"", "”", ")"))
                  or len(p.text.split()) >= 20)]
    return len(prose) >= _ARTICLE_MIN_PROSE or sum(len(p.text.split()) for p in prose) >= _ARTICLE_MIN_WORDS


_PHOTO_CREDIT = re.compile(r"(?:^|[\s(.])Ảnh(?:\s+minh\s+họa)?\s*:", re.I)
_EXTRA_PROSE_WORDS = 15


def _better_reading(extracted: list[Paragraph], dense: list[Paragraph],
                    links: frozenset[str] | set[str] = frozenset()) -> list[Paragraph]:
    """trafilatura's article, completed from the densest block: what the block holds before
    the article (headline, date line), and from there to the last paragraph both found and
    the list items and prose right after it, the block's list items, headings and prose that
    trafilatura left out (it can drop a whole numbered task list); captions and photo
    credits do not come back.  When the block does not hold trafilatura's article, trafilatura's reading stands."""
    if not _is_article(extracted):
        return dense
    if not _is_article(dense):
        return extracted
    def key(p: Paragraph) -> str:
        return " ".join(p.text.split()).casefold()  # str.split: NBSP too

    keys = {key(p) for p in extracted}
    found = [i for i, p in enumerate(dense) if key(p) in keys]
    if not found:
        return extracted
    def body(p: Paragraph) -> bool:
        if _link_only(p, links):  # `- Hộ kinh doanh phải kê khai …`: a related article's link
            return False
        return bool(p.marker) or p.style == "table" or (len(p.text.split()) >= _EXTRA_PROSE_WORDS
                                                        and not _PHOTO_CREDIT.search(p.text))

    end = found[-1] + 1
    while end < len(dense) and body(dense[end]):  # a list trafilatura cut off after its lead-in
        end += 1
    merged = [p for p in dense[:found[0]] if not _link_only(p, links)]  # headline, date line
    merged += [p for p in dense[found[0]:end]
               if key(p) in keys or (not _link_only(p, links) and (p.style == "heading" or body(p)))]
    # the merge must hold trafilatura's prose (its stray menu links do not count)
    theirs = _trigrams(" ".join(p.text for p in extracted if len(p.text.split()) >= _PROSE_MIN_WORDS))
    if len(theirs & _trigrams(" ".join(p.text for p in merged))) < 0.95 * len(theirs):
        return extracted
    return merged


_CAPTION_MAX_WORDS = 30


def _is_caption(p: Paragraph) -> bool:
    """A photo caption: a short line carrying the photo credit (`… lung linh. Ảnh: Lê Hiếu.`)."""
    return len(p.text.split()) <= _CAPTION_MAX_WORDS and _PHOTO_CREDIT.search(p.text) is not None


def _link_only(p: Paragraph, links: frozenset[str] | set[str]) -> bool:
    text = p.text[len(p.marker):] if p.marker and p.text.startswith(p.marker) else p.text
    return " ".join(text.split()).casefold() in links


def _trigrams(text: str) -> set[tuple[str, str, str]]:
    words = re.findall(r"\w+", text.casefold())
    return set(zip(words, words[1:], words[2:]))


def _trafilatura_paragraphs(root) -> tuple[list[Paragraph], str | None]:
    """trafilatura's article as paragraphs (headings, list items with markers, data-table
    cells with their coordinates, `<br>` lines apart) and its title."""
    import copy

    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(copy.deepcopy(root), output_format="xml", include_tables=True,
                              include_comments=False, include_formatting=False, include_links=False,
                              include_images=False, with_metadata=True, deduplicate=False)
    if not xml:
        return [], None
    doc = etree.fromstring(xml.encode("utf-8"))
    main = doc.find("main")
    out: list[Paragraph] = []
    tables = 0
    if main is not None:
        tables = _trafilatura_blocks(main, out, tables, None)
    return out, doc.get("title")


def _trafilatura_blocks(el, out: list[Paragraph], tables: int, cell) -> int:
    """Walk trafilatura's XML (head, p, list/item, table/row/cell, quote, lb)."""
    for child in el:
        tag = child.tag
        if tag == "table":
            data_table = _is_data_table(child)
            number = tables
            tables += 1
            for r, row in enumerate(child.iter("row")):
                for c, cell_el in enumerate(row.findall("cell")):
                    coords = (number, r, c) if data_table else None
                    if len(cell_el):
                        tables = _trafilatura_blocks(cell_el, out, tables, coords)
                    _emit_lines(_xml_text(cell_el, own_only=True), out, "table" if data_table else None,
                                coords)
        elif tag == "list":
            ordered = child.get("rend", "") in ("ol",)
            for n, item in enumerate(child.findall("item"), start=1):
                marker = f"{n}." if ordered else "-"
                lines = _xml_lines(item)
                if lines:
                    out.append(Paragraph(f"{marker} {lines[0]}", marker=marker, cell=cell))
                    out.extend(Paragraph(l, cell=cell) for l in lines[1:])
        elif tag in ("head", "p", "quote"):
            _emit_lines(_xml_text(child), out, "heading" if tag == "head" else None, cell)
    return tables


def _is_data_table(table) -> bool:
    """A table of data (rows of short cells) rather than a layout table holding the page."""
    rows = table.findall("row")
    if len(rows) < 2 or max(len(r.findall("cell")) for r in rows) < 2:
        return False
    return not any(cell.find("p") is not None or cell.find("table") is not None for cell in table.iter("cell"))


def _xml_text(el, own_only: bool = False) -> str:
    """Text of a trafilatura element with `<lb/>` as line breaks (nested blocks skipped
    when `own_only`: they are emitted as paragraphs of their own)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif not (own_only and child.tag in ("p", "list", "table", "head", "quote")):
            parts.append(_xml_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _xml_lines(el) -> list[str]:
    return [l for l in (_WS.sub(" ", x).strip() for x in _xml_text(el).split("\n")) if l]


def _emit_lines(text: str, out: list[Paragraph], style: str | None, cell) -> None:
    for line in text.split("\n"):
        line = _WS.sub(" ", line).strip()
        if line:
            out.append(Paragraph(line, style=style, cell=cell))


def _densest_block_paragraphs(root) -> list[Paragraph]:
    """The fallback reader: chrome dropped, the densest-text container's blocks."""
    _drop_html_chrome(root)
    return _html_paragraphs(_html_content(root))


def _parse_html(path: str, text: str):
    """lxml document, or None when libxml2 hit its nesting limit and dropped content."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError("corrupt", f"{path}: cannot parse HTML ({exc})") from exc
    if any("Excessive depth" in e.message for e in parser.error_log):
        return None
    return root


def _decode_html(path: str, data: bytes) -> tuple[str, list[str]]:
    """Honour a declared charset; otherwise detect like a text file."""
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        codec = declared.group(1).decode("ascii").lower()
        try:
            text = data.decode(codec)
            # Windows-1258 stores tones as combining marks: compose them like the text reader
            return (unicodedata.normalize("NFC", text) if codec in ("windows-1258", "cp1258") else text), []
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(path, data)


def _html_h1(root) -> str | None:
    """The article headline: the first non-empty <h1> left after the chrome is gone."""
    for el in root.iter("h1"):
        title = _WS.sub(" ", el.text_content()).strip()
        if title:
            return title
    return None


def _is_chrome(el) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _HTML_DROP_TAGS:
        return True
    if (el.get("role", "").lower() in _HTML_CHROME_ROLES or el.get("aria-hidden") == "true"
            or el.get("hidden") is not None):
        return True
    if tag in ("header", "footer") and not any(a.tag in ("article", "main") for a in el.iterancestors()):
        return True
    if tag in ("body", "html", "article", "main"):
        return False
    marks = f"{el.get('class', '')} {el.get('id', '')}"
    if _HTML_CHROME.search(marks) or any(m.lower() in _HTML_SITE_HEADERS for m in marks.split()):
        return True
    return "display:none" in el.get("style", "").replace(" ", "").lower()


def _drop_html_chrome(root) -> None:
    """Remove navigation, scripts, forms and hidden parts (iteratively: pages can nest deep)."""
    doomed = [el for el in root.iter() if not isinstance(el.tag, str) or _is_chrome(el)]
    doomed_ids = {id(el) for el in doomed}
    for el in doomed:
        if any(id(a) in doomed_ids for a in el.iterancestors()):
            continue
        el.drop_tree()


def _html_content(root):
    """The article: `<article>`/`<main>` if present, else the densest-text container."""
    for xpath in ("//article", "//main", "//*[@role='main']"):
        found = root.xpath(xpath)
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    scores: dict = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag not in ("p", "div", "td", "section", "li", "span", "font"):
            continue
        own = len((el.text or "").strip()) + sum(len((c.tail or "").strip()) for c in el)
        if own < 25:
            continue
        parent = el.getparent()
        for weight, anc in ((1.0, parent), (0.5, parent.getparent() if parent is not None else None)):
            if anc is not None:
                scores[anc] = scores.get(anc, 0.0) + weight * own
    body = root.find("body")
    if not scores:
        return body if body is not None else root
    best = max(scores, key=scores.get)
    # widen to the ancestor that adds only a little, mostly non-link text: the headline,
    # date line, tables and lists that sit beside the densest block
    size, links = _text_sizes(best)
    parent = best.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        p_size, p_links = _text_sizes(parent)
        if p_size > 1.5 * size or (p_size > size and p_links - links > 0.5 * (p_size - size)):
            break
        best, size, links, parent = parent, p_size, p_links, parent.getparent()
    return best


def _text_sizes(el) -> tuple[int, int]:
    """(characters of text, characters inside links) under `el`, whitespace ignored."""
    def size(node) -> int:
        return len(_WS.sub("", node.text_content()))

    return size(el), sum(size(a) for a in el.iter("a"))


def _html_paragraphs(content) -> list[Paragraph]:
    """Block elements become paragraphs; list items get their marker inside the text."""
    from lxml import etree

    paragraphs: list[Paragraph] = []
    buf: list[str] = []
    state: dict = {"style": None, "marker": None, "level": None, "cell": None}
    lists: list[list] = []  # stack of [tag, next number]
    tables: list[list[int]] = []  # stack of [table number, row, next column]
    table_count = 0

    def flush(reset: bool = False) -> None:
        """Emit the buffered text; a pending marker/style survives an empty flush
        (`<li><p>text</p></li>`) until its own element ends."""
        text = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if text:
            marker = state["marker"]
            text = f"{marker} {text}" if marker else text
            paragraphs.append(Paragraph(text, marker=marker, level=state["level"], style=state["style"],
                                        cell=state["cell"]))
        if text or reset:
            state.update(style=None, marker=None, level=None)

    for event, el in etree.iterwalk(content, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _HTML_BLOCKS:
                flush()
            if tag in ("ol", "ul"):
                start = el.get("start", "1")
                lists.append([tag, int(start) if start.isdigit() else 1])
            elif tag == "li":
                if lists and lists[-1][0] == "ol":
                    state["marker"] = f"{lists[-1][1]}."
                    lists[-1][1] += 1
                else:
                    state["marker"] = "-"
                state["level"] = max(0, len(lists) - 1)
            elif tag in _HTML_HEADINGS:
                state["style"] = "heading"
            elif tag == "table":
                tables.append([table_count, -1, 0])
                table_count += 1
            elif tag == "tr" and tables:
                tables[-1][1] += 1
                tables[-1][2] = 0
            elif tag in ("td", "th") and tables:
                column = tables[-1][2]
                span = el.get("colspan", "1")
                tables[-1][2] += int(span) if span.isdigit() and 0 < int(span) < 100 else 1
                if not el.xpath("boolean(.//p|.//div|.//table|.//li)"):
                    state["style"] = "table"  # a data cell, not a layout cell holding the article
                    state["cell"] = (tables[-1][0], max(0, tables[-1][1]), column)
            if el.text and tag not in ("br", "hr"):
                buf.append(el.text)
        else:
            if tag in _HTML_BLOCKS:
                flush(reset=tag in _HTML_STATEFUL)
            if tag in ("ol", "ul") and lists:
                lists.pop()
            elif tag in ("td", "th"):
                state["cell"] = None
            elif tag == "table" and tables:
                tables.pop()
            if el.tail and el is not content:
                buf.append(el.tail)
    flush()
    return paragraphs


# ----------------------------------------------------------------------- pdf
@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    column: bool = False  # one of several columns printed on one baseline: a paragraph alone
    cell: tuple[int, int, int] | None = None  # (table, row, column) of a ruled table's cell


_PDF_GARBLED = re.compile("[\x00-\x08\x0b-\x1f\ue000-\uf8ff\ufffd]")  # glyph ids, private use
_SENTENCE_END = re.compile(r"[.!?:;…。]['\"”’)\]*]*$|\./$")
_LIST_START = re.compile(rf"^(?:[{re.escape(BULLETS)}]\s|(?:\d{{1,2}}|[a-zđ]|[IVXLC]{{1,5}})[.)]\s)")


OCR_MODES = ("auto", "always", "never")
_STAMP_ONLY_CHARS = 200  # a page whose text layer is shorter than this may be a scan with a stamp


def ocr_mode() -> str:
    """`--ocr auto|always|never`, handed to every worker through the environment."""
    mode = os.environ.get("VNEXTRACT_OCR", "auto")
    return mode if mode in OCR_MODES else "auto"


def _read_pdf(path: str, data: bytes) -> ReadResult:
    """Text layer via pdfium (fast; pdfplumber/pdfminer as the fallback reader); pages that
    are scans (an image with no text layer, only a signature stamp, or a text layer that
    is not Vietnamese) are OCR'd."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise ReadError("corrupt", f"{path}: not a PDF (no %PDF header)")
    try:
        pages = _pdf_lines_pdfium(path, data)
    except ReadError:
        raise
    except Exception:  # pdfium could not parse: let pdfminer try, it is more lenient
        pages = _pdf_lines_pdfplumber(path, data)
    warnings: list[str] = []
    _pdf_table_cells(path, data, pages, warnings)
    text = "".join(line.text for lines in pages for line in lines)
    unreadable = len(_PDF_GARBLED.findall(text))
    garbled = unreadable > 0.3 * len(text)
    foreign = bool(text.strip()) and not garbled and detect_legacy(text[:DETECT_SAMPLE]) is None \
        and not language.is_vietnamese(text)
    mode = ocr_mode()
    scans = _pdf_scan_pages(data, pages, every_page=mode == "always" or garbled or foreign)
    ocr_info = None
    if scans and mode != "never":
        try:
            ocr_info = _ocr_pdf(path, data, pages, scans, warnings)
        except ocr.OcrUnavailable as exc:
            if len(scans) == len(pages) or not text.strip() or garbled or foreign:
                raise ReadError("ocr-unavailable", f"{path}: scanned PDF needs OCR: {exc}") from exc
            warnings.append(f"{path}: {len(scans)} scanned page(s) left unread: {exc}")
    elif scans and (garbled or foreign or not text.strip()):
        what = ("its text layer is not Vietnamese (left by a foreign OCR engine?)" if foreign
                else f"its text layer is unreadable ({unreadable} of {len(text)} characters are glyph codes)"
                if garbled else "it has no text layer")
        raise ReadError("no-text-layer", f"{path}: scanned PDF: {what}; run with --ocr auto")
    if not any(pages):
        raise ReadError("no-text-layer", f"{path}: PDF has no text layer and no scanned image")
    if garbled and ocr_info is None:
        raise ReadError("no-text-layer", f"{path}: PDF text layer is unreadable ({unreadable} of {len(text)} "
                                         "characters are glyph codes: fonts without a Unicode map)")
    return ReadResult(_pdf_paragraphs(pages), "pdf", len(pages), warnings, ocr=ocr_info)


_TABLE_MIN_PATHS = 8  # ruled pages: a table of two rows of four cells draws at least this many paths


def _pdf_table_cells(path: str, data: bytes, pages: list[list[_Line]], warnings: list[str]) -> None:
    """Give the lines inside a ruled table their (table, row, column): a plan's task table
    (`STT | Nội dung | Đơn vị chủ trì | Thời gian hoàn thành`) then reaches the extractors
    cell by cell.  pdfplumber finds the tables (slow, so only on pages pdfium shows drawing
    many paths)."""
    import pdfplumber
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return
    try:
        ruled = [i for i in range(min(len(pdf), len(pages))) if pages[i]
                 and sum(1 for _ in pdf[i].get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_PATH],
                                                       max_depth=2)) >= _TABLE_MIN_PATHS]
    finally:
        pdf.close()
    if not ruled:
        return
    number = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for i in ruled:
                for table in plumber.pages[i].find_tables():
                    if len(table.rows) < 2 or max(len(row.cells) for row in table.rows) < 2:
                        continue
                    pages[i] = _with_table(pages[i], table, number)
                    number += 1
    except Exception as exc:  # pdfminer raises many types on odd files: the text is still read
        warnings.append(f"{path}: table cells not found ({type(exc).__name__})")


def _with_table(lines: list[_Line], table, number: int) -> list[_Line]:
    """The page's lines with those inside `table` replaced by its cells' text, row by row
    (a text line of pdfium can run across several cells of a score table)."""
    x0, top, x1, bottom = table.bbox
    inside = {k for k, l in enumerate(lines)
              if x0 <= (l.x0 + l.x1) / 2 <= x1 and top <= (l.top + l.bottom) / 2 <= bottom}
    if not inside:
        return lines
    cells: list = []
    for r, (row, texts) in enumerate(zip(table.rows, table.extract())):
        for c, (box, text) in enumerate(zip(row.cells, texts)):
            if box is None or not text or not text.strip():
                continue
            cells.extend(_Line(piece.strip(), box[0], box[2], box[1], box[3], cell=(number, r, c))
                         for piece in text.split("\n") if piece.strip())
    at = min(inside)
    rest = [l for k, l in enumerate(lines) if k not in inside]
    return rest[:at] + cells + rest[at:]


def _pdf_scan_pages(data: bytes, pages: list[list[_Line]], every_page: bool) -> list[int]:
    """0-based pages that are scans: a large image and (unless `every_page`) a text layer
    too short to be the page's text (none, or a stamp such as `SAO Y; CÔNG AN TỈNH …`)."""
    import pypdfium2 as pdfium

    candidates = [i for i, lines in enumerate(pages)
                  if every_page or sum(len(l.text) for l in lines) < _STAMP_ONLY_CHARS]
    if not candidates:
        return []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    try:
        found = []
        for i in candidates:
            page = pdf[i]
            area = page.get_width() * page.get_height()
            covered = 0.0
            for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                left, bottom, right, top = obj.get_bounds()
                covered += max(0.0, right - left) * max(0.0, top - bottom)
            if area and covered >= 0.3 * area:
                found.append(i)
            page.close()
        return found
    finally:
        pdf.close()


def _ocr_pdf(path: str, data: bytes, pages: list[list[_Line]], scans: list[int],
             warnings: list[str]) -> dict:
    """Replace the scanned pages' lines by Tesseract's; say which pages and how sure."""
    results = ocr.ocr_pdf_pages(data, hashlib.sha256(data).hexdigest(), scans)
    for i in scans:
        pages[i] = _ocr_lines(results[i])
    return _ocr_summary(path, [results[i] for i in scans], [i + 1 for i in scans], warnings)


def _ocr_lines(page: ocr.OcrPage) -> list[_Line]:
    return [_Line(l.text, l.x0, l.x1, l.top, l.bottom, l.column) for l in page.lines]


def _ocr_summary(path: str, pages: list[ocr.OcrPage], numbers: list[int], warnings: list[str]) -> dict:
    """`source.ocr` of a document: engine, pages OCR'd, mean word confidence (a warning when low)."""
    words = sum(p.words for p in pages)
    mean = round(sum((p.confidence or 0) * p.words for p in pages) / words, 1) if words else None
    if mean is None or mean < ocr.LOW_CONFIDENCE:
        warnings.append(f"{path}: OCR confidence is low ({mean if mean is not None else 'no words'}"
                        f" < {ocr.LOW_CONFIDENCE:.0f}): check the text against the scan")
    return {"engine": ocr.tesseract_version(), "language": ocr.LANG, "pages": numbers, "mean_confidence": mean}


def _pdf_lines_pdfium(path: str, data: bytes) -> list[list[_Line]]:
    """Lines with their boxes from pdfium's text page (reading order as pdfium gives it)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError("encrypted", f"{path}: PDF is encrypted (password required)") from exc
        raise
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            height = page.get_height()
            text = textpage.get_text_range()
            lines = []
            start = 0
            for raw in text.split("\n"):
                segments = _pdf_columns(textpage, start, raw.rstrip("\r"))
                for seg_start, seg in segments:
                    line = seg.replace("\ufffe", "").replace("\x02", "")  # pdfium's soft hyphens
                    if line.strip():
                        first = seg_start + (len(seg) - len(seg.lstrip()))
                        last = seg_start + len(seg.rstrip()) - 1
                        l0, b0, r0, t0 = textpage.get_charbox(first, loose=True)
                        l1, b1, r1, t1 = textpage.get_charbox(last, loose=True)
                        lines.append(_Line(line.strip(), l0, r1, height - max(t0, t1), height - min(b0, b1),
                                           column=len(segments) > 1))
                start += len(raw) + 1
            textpage.close()
            page.close()
            pages.append(lines)
        return pages
    finally:
        pdf.close()


def _pdf_columns(textpage, start: int, raw: str) -> list[tuple[int, str]]:
    """Split a text line at gaps wide enough to be a column break: a notice's header
    prints `Số: 04/TB-UBND` and `An Phú, ngày 09 tháng 02 năm 2023` on one baseline, in two
    columns, and pdfium returns them as one line.  (offset, text) of each piece."""
    pieces, cut = [], 0
    for m in re.finditer(r"\S\s+(?=\S)", raw):
        before, after = start + m.start(), start + m.end()
        l0, b0, r0, t0 = textpage.get_charbox(before, loose=True)
        l1, b1, r1, t1 = textpage.get_charbox(after, loose=True)
        line_height = max(t0 - b0, t1 - b1)
        if columns.column_break(l1 - r0, line_height, raw[cut:m.start() + 1], raw[m.end():]):
            pieces.append((start + cut, raw[cut:m.start() + 1]))
            cut = m.end()
    pieces.append((start + cut, raw[cut:]))
    return pieces


def _pdf_lines_pdfplumber(path: str, data: bytes) -> list[list[_Line]]:
    """Same lines via pdfplumber: slower, tolerant of damaged files."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [
                [_Line(l["text"].strip(), l["x0"], l["x1"], l["top"], l["bottom"])
                 for l in page.extract_text_lines(return_chars=False) if l["text"].strip()]
                for page in pdf.pages
            ]
    except PDFPasswordIncorrect as exc:
        raise ReadError("encrypted", f"{path}: PDF is encrypted (password required)") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise ReadError("corrupt", f"{path}: damaged or truncated PDF ({type(exc).__name__}: {exc})") from exc


_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:(?:trang|page)\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.I)


def _drop_page_numbers(lines: list[_Line]) -> list[_Line]:
    """Remove a page number printed as the first or last line of a page (`- 2 -`, `Trang 2/5`):
    it would otherwise split a paragraph that runs across the page break."""
    if lines and _PAGE_NUMBER.match(lines[-1].text):
        lines = lines[:-1]
    if lines and _PAGE_NUMBER.match(lines[0].text):
        lines = lines[1:]
    return lines


def _pdf_paragraphs(pages: list[list[_Line]]) -> list[Paragraph]:
    """Rejoin wrapped lines; break on vertical gaps, indentation, list markers, short lines."""
    paragraphs: list[Paragraph] = []
    current: list[str] = []
    current_page = 1
    prev: _Line | None = None
    prev_full = False  # the last line of the previous page reached the right margin
    for page_no, lines in enumerate(pages, start=1):
        lines = _drop_page_numbers(lines)
        if not lines:
            continue
        left = min(l.x0 for l in lines)
        right = max(l.x1 for l in lines)
        heights = [l.bottom - l.top for l in lines if l.bottom > l.top]
        height = statistics.median(heights) if heights else 10.0
        pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if b.top - a.top > 0.5 * height]
        pitch = min(pitches) if pitches else 1.2 * height  # line spacing inside a paragraph
        for i, line in enumerate(lines):
            if prev is None or not current or line.column or prev.column or line.cell != prev.cell:
                new = True
            elif line.cell is not None:  # inside one table cell: only a list marker starts anew
                new = _LIST_START.match(line.text) is not None
            elif i == 0:  # a page break inside a paragraph: the last line ran full width
                unfinished = _SENTENCE_END.search(current[-1]) is None and line.text[:1].islower()
                new = not (unfinished or prev_full) or _LIST_START.match(line.text) is not None
            else:
                step = line.top - prev.top
                short = (prev.x1 < right - 0.15 * (right - left)  # ragged end of a paragraph
                         or (prev.x0 > left + 1.5 * height and prev.x1 < right - 0.5 * height))  # centred
                new = (
                    step > pitch + 0.4 * height  # vertical gap
                    or step < 0.5 * height  # same line or moved up: another column/block
                    or (line.x0 > left + 1.5 * height and prev.x0 <= left + 1.5 * height  # first-line indent,
                        and not _LIST_START.match(prev.text) and not line.text[:1].islower())  # not hanging
                    or _LIST_START.match(line.text) is not None
                    or (short and not line.text[:1].islower())
                )
            if new and current and prev is not None:
                paragraphs.append(Paragraph(" ".join(current), page=current_page, index=len(paragraphs),
                                            cell=prev.cell, style="table" if prev.cell else None))
                current = []
            if not current:
                current_page = page_no
            current.append(line.text)
            prev = line
        prev_full = prev is not None and prev.x1 >= right - 0.1 * (right - left)
    if current and prev is not None:
        paragraphs.append(Paragraph(" ".join(current), page=current_page, index=len(paragraphs),
                                    cell=prev.cell, style="table" if prev.cell else None))
    return paragraphs


# ---------------------------------------------------------------------- docx
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _check_docx_zip(path: str, data: bytes) -> None:
    """Refuse non-zips, zips without a Word body and zip bombs before parsing anything."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        hint = " (an old binary .doc renamed to .docx?)" if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" else ""
        raise ReadError("not-docx", f"{path}: not a .docx file: not a zip archive{hint}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReadError("corrupt", f"{path}: damaged zip archive ({exc})") from exc
    if "word/document.xml" not in {i.filename for i in infos}:
        raise ReadError("not-docx", f"{path}: zip archive without word/document.xml, not a Word document")
    total = sum(i.file_size for i in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise ReadError("too-large", f"{path}: unpacks to {total / 2**20:.0f} MB (limit {MAX_DOCX_UNCOMPRESSED // 2**20} MB); refusing a possible zip bomb")
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_DOCX_RATIO * max(1, i.compress_size):
            raise ReadError("too-large", f"{path}: member {i.filename} inflates {i.file_size // max(1, i.compress_size)}x; refusing a possible zip bomb")


def _read_docx(path: str, data: bytes) -> ReadResult:
    """Body paragraphs and tables in order, section headers first, Word numbering restored."""
    import docx

    _check_docx_zip(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/XMLSyntaxError on damage
        raise ReadError("corrupt", f"{path}: damaged Word document ({type(exc).__name__}: {exc})") from exc
    numbering = _Numbering(document)
    styles = _DocxStyles(document)
    out: list[Paragraph] = []
    seen_headers: set[str] = set()
    for section in document.sections:
        if section.header.is_linked_to_previous:
            continue
        for p_el, _ in _docx_block_paragraphs(section.header._element):
            text = _docx_text(p_el)
            if text.strip() and text not in seen_headers:
                seen_headers.add(text)
                out.extend(_docx_lines(text, None, None, "header"))
    for p_el, cell in _docx_block_paragraphs(document.element.body):
        para_style = styles.of(p_el)
        marker, level = numbering.marker(p_el, para_style, styles)
        text = _docx_text(p_el)
        style_name = styles.name(para_style).lower()
        style: str | None
        if style_name == "title" or style_name.startswith("heading"):
            style = "heading"
        else:
            style = "table" if cell is not None else None
        if marker is not None and text.strip():
            text = f"{marker} {text}"
        out.extend(_docx_lines(text, marker, level, style, cell))
    return ReadResult([replace(p, page=None, index=i) for i, p in enumerate(out)], "docx")


_DOCX_SKIP = {_W + "pPr", _W + "rPr", _W + "del", _W + "txbxContent", _MC_FALLBACK}
# a soft hyphen is kept as U+00AD: TCVN3 text stores `ư` on that byte (cleaning drops it otherwise)
_DOCX_CHARS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-",
               _W + "softHyphen": "\u00ad"}


def _docx_text(p_el) -> str:
    """Visible text of a w:p, including runs python-docx skips (tracked insertions,
    smart tags from Word 2003, simple fields, content controls), without deletions
    or text boxes (those are read as paragraphs of their own)."""
    parts: list[str] = []
    stack = [iter(p_el)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        if el.tag in _DOCX_SKIP:
            continue
        if el.tag == _W + "t":
            parts.append(el.text or "")
        elif el.tag in _DOCX_CHARS:
            parts.append(_DOCX_CHARS[el.tag])
        elif len(el):
            stack.append(iter(el))
    return "".join(parts)


def _docx_lines(text: str, marker: str | None, level: int | None, style: str | None,
                cell: tuple[int, int, int] | None = None) -> list[Paragraph]:
    """A Word paragraph with manual line breaks is several visual lines: one paragraph each."""
    lines = [piece for l in text.split("\n") for piece in _tab_columns(l) if piece.strip()]
    return [Paragraph(l, marker=marker if i == 0 else None, level=level, style=style, cell=cell)
            for i, l in enumerate(lines)]


_TAB_COLUMN = re.compile(r"[ \t]*\t[ \t]*")


def _tab_columns(line: str) -> list[str]:
    """Old notices lay their header out with tabs (`Số: 256/2004/QĐ-UB<tab><tab>TP. Cần Thơ,
    ngày …`): a run of two or more blanks holding a tab between two real pieces of text is
    a column break.  `1.<tab>Text` (a marker) is not."""
    pieces, cut = [], 0
    for m in _TAB_COLUMN.finditer(line):
        if len(m.group()) >= 2 and columns.pieces_apart(line[cut:m.start()], line[m.end():]):
            pieces.append(line[cut:m.start()])
            cut = m.end()
    return pieces + [line[cut:]]


def _docx_block_paragraphs(container):
    """Yield (w:p element, (table, row, column) of its innermost table cell or None) in
    document order, walking tables, content controls and text boxes (official letterheads
    often sit in tables or text boxes).  Tables are numbered in document order."""
    tables = 0
    stack = [(iter(container), None)]
    while stack:
        children, cell = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, tuple):  # (cell element, coordinates) from _docx_cells
            stack.append((iter(child[0]), child[1]))
            continue
        tag = child.tag
        if tag == _W + "p":
            for box in child.iter(_W + "txbxContent"):  # text boxes anchored in this paragraph
                if not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):  # skip VML duplicates
                    yield from _docx_block_paragraphs(box)
            yield child, cell
        elif tag == _W + "tbl":
            stack.append((_docx_cells(child, tables), None))
            tables += 1
        elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            stack.append((iter(child), cell))


def _docx_cells(table, table_no: int):
    """The cells of a w:tbl as (w:tc, (table, row, column)); a merged cell's column is
    counted by its grid span so the columns of every row line up."""
    row_no = 0
    for row in table.iter(_W + "tr"):
        if next(row.iterancestors(_W + "tbl")) is not table:
            continue  # a row of a nested table: walked when its own w:tbl is reached
        column = 0
        for tc in row.findall(_W + "tc"):
            yield tc, (table_no, row_no, column)
            span = tc.find(f"{_W}tcPr/{_W}gridSpan")
            column += int(span.get(_W + "val", "1")) if span is not None else 1
        row_no += 1


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rem = divmod(value - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        out = ""
        for unit, numeral in _ROMAN:
            while value >= unit:
                out += numeral
                value -= unit
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class _DocxStyles:
    """Paragraph styles by id, read once: python-docx's `Paragraph.style` searches the
    styles part on every call (up to three per paragraph: 200 s for 100,000 paragraphs)."""

    def __init__(self, document) -> None:
        self.by_id: dict[str, object] = {}
        self.default = None
        for style in document.styles.element.findall(_W + "style"):
            if style.get(_W + "type", "paragraph") != "paragraph":
                continue
            self.by_id[style.get(_W + "styleId")] = style
            if style.get(_W + "default") in ("1", "true", "on"):
                self.default = style

    def of(self, p_el):
        """The paragraph's style element (its `w:pStyle`, else the default paragraph style)."""
        ppr = p_el.find(_W + "pPr")
        ref = ppr.find(_W + "pStyle") if ppr is not None else None
        style_id = ref.get(_W + "val") if ref is not None else None
        return self.by_id.get(style_id, self.default) if style_id else self.default

    def base(self, style):
        """The style it is based on, or None."""
        based = style.find(_W + "basedOn")
        return self.by_id.get(based.get(_W + "val")) if based is not None else None

    @staticmethod
    def name(style) -> str:
        """Its name as stored (built-in ones in lower case: `heading 1`, `Title`/`title`)."""
        el = style.find(_W + "name") if style is not None else None
        return (el.get(_W + "val") if el is not None else "") or ""


class _Numbering:
    """Word list numbering (numbering.xml) replayed in document order to rebuild markers."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (numFmt, lvlText, start)
        self.counters: dict[str | None, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        style_links: dict[str, str] = {}  # abstractNumId → list style it borrows its levels from
        for an in root.findall(_W + "abstractNum"):
            aid = an.get(_W + "abstractNumId")
            abstract[aid] = {int(lvl.get(_W + "ilvl", "0")): self._level(lvl) for lvl in an.findall(_W + "lvl")}
            link = an.find(_W + "numStyleLink")
            if link is not None:
                style_links[aid] = link.get(_W + "val")
        num_abstract = {}
        for num in root.findall(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            num_abstract[num.get(_W + "numId")] = ref.get(_W + "val") if ref is not None else ""
        for aid, style_id in style_links.items():  # a list style: its numId points at the real levels
            linked = self._style_num_id(document, style_id)
            if not abstract[aid] and linked in num_abstract:
                abstract[aid] = abstract.get(num_abstract[linked], {})
        for num in root.findall(_W + "num"):
            levels = dict(abstract.get(num_abstract[num.get(_W + "numId")], {}))
            for override in num.findall(_W + "lvlOverride"):
                ilvl = int(override.get(_W + "ilvl", "0"))
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    levels[ilvl] = self._level(lvl)
                start = override.find(_W + "startOverride")
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start.get(_W + "val", "1")))
            self.levels[num.get(_W + "numId")] = levels

    @staticmethod
    def _style_num_id(document, style_id: str) -> str | None:
        for style in document.styles.element.findall(_W + "style"):
            if style.get(_W + "styleId") == style_id:
                num_id = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
                return num_id.get(_W + "val") if num_id is not None else None
        return None

    @staticmethod
    def _level(lvl) -> tuple[str, str, int]:
        def val(name: str, default: str) -> str:
            el = lvl.find(_W + name)
            return el.get(_W + "val", default) if el is not None else default

        return val("numFmt", "decimal"), val("lvlText", ""), int(val("start", "1"))

    def _num_pr(self, p_el, style, styles: _DocxStyles) -> tuple[str | None, int]:
        """numId/ilvl from the paragraph, else inherited from its style chain."""
        ppr = p_el.find(_W + "pPr")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_el, lvl_el = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
            num_id = num_el.get(_W + "val") if num_el is not None else None
            ilvl = int(lvl_el.get(_W + "val", "0")) if lvl_el is not None else None
        hops = 0
        while num_id is None and style is not None and hops < 20:
            sppr = style.find(_W + "pPr")
            snum = sppr.find(_W + "numPr") if sppr is not None else None
            if snum is not None:
                num_el, lvl_el = snum.find(_W + "numId"), snum.find(_W + "ilvl")
                num_id = num_el.get(_W + "val") if num_el is not None else None
                if ilvl is None and lvl_el is not None:
                    ilvl = int(lvl_el.get(_W + "val", "0"))
            style, hops = styles.base(style), hops + 1
        return num_id, ilvl or 0

    def marker(self, p_el, style, styles: _DocxStyles) -> tuple[str | None, int | None]:
        """Advance the counters for this paragraph and return its marker and level."""
        num_id, ilvl = self._num_pr(p_el, style, styles)
        levels = self.levels.get(num_id or "0")
        if not levels or ilvl not in levels:
            return None, None
        fmt, lvl_text, _ = levels[ilvl]
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "none":
            return None, None
        if fmt == "bullet":
            return "-", ilvl

        def substitute(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            if k not in levels:
                return ""
            value = counters.get(k, levels[k][2])
            return _format_number(value, levels[k][0])

        marker = re.sub(r"%(\d)", substitute, lvl_text).strip()
        return (marker or None), ilvl



# ----------------------------------------------------------------------- doc
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _read_doc(path: str, data: bytes) -> ReadResult:
    """Word 97-2003: LibreOffice → .docx → the .docx reader (tables, numbering); antiword
    when LibreOffice is missing or fails.  Files Word saved under a .doc name in another
    format (a .docx, RTF, a web page) are read as what they are."""
    if data[:4] == b"PK\x03\x04":
        return replace(_read_docx(path, data), format="doc")
    if data.lstrip()[:5].lower() in (b"<html", b"<!doc"):
        return replace(_read_html(path, data), format="doc")
    if data[:8] != _OLE_MAGIC and data[:5] != b"{\\rtf":
        raise ReadError("not-doc", f"{path}: not a Word 97-2003 document (no OLE or RTF header)")
    failures = []
    if converters.libreoffice_available():
        try:
            return replace(_read_docx(path, converters.doc_to_docx(data)), format="doc")
        except (converters.ConversionError, ReadError) as exc:
            failures.append(f"LibreOffice: {getattr(exc, 'message', exc)}")
    if converters.antiword_available() and data[:8] == _OLE_MAGIC:
        try:
            text = converters.doc_to_text(data)
        except converters.ConversionError as exc:
            failures.append(str(exc))
        else:
            result = _read_txt(path, text.encode("utf-8"))
            return ReadResult(result.paragraphs, "doc", result.pages,
                              [f"{path}: read with antiword ({'; '.join(failures)})"] if failures else [])
    if not failures:
        raise ReadError("converter-missing", f"{path}: a Word 97-2003 .doc needs a converter: {converters.INSTALL_HINT}")
    raise ReadError("conversion-failed", f"{path}: could not convert the .doc ({'; '.join(failures)})")


# --------------------------------------------------------------------- image
def _read_image(path: str, data: bytes) -> ReadResult:
    """A scanned notice saved as an image (.png, .jpg, .tif with one page a frame): OCR."""
    try:
        pages = ocr.ocr_image_file(data, hashlib.sha256(data).hexdigest())
    except ocr.OcrUnavailable as exc:
        raise ReadError("ocr-unavailable", f"{path}: a scanned image needs OCR: {exc}") from exc
    except (OSError, ValueError, SyntaxError) as exc:  # what Pillow raises on damaged images
        raise ReadError("corrupt", f"{path}: not an image that can be opened ({type(exc).__name__})") from exc
    warnings: list[str] = []
    info = _ocr_summary(path, pages, list(range(1, len(pages) + 1)), warnings)
    return ReadResult(_pdf_paragraphs([_ocr_lines(p) for p in pages]), "image", len(pages), warnings, ocr=info)


_READERS = {"image": _read_image, "txt": _read_txt, "html": _read_html, "pdf": _read_pdf, "docx": _read_docx, "doc": _read_doc}
