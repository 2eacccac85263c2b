"""Analysis: cleaned paragraphs → a `Document` with blocks, sentences and a source map.

Blocks are classified from the text itself (list markers `1.`, `a)`, `-`, `I.`; all-caps
or short numbered headings), so a .txt, a .docx (markers reconstructed by the reader)
and a .pdf of the same notice give the same structure.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.text import BULLETS, is_all_caps
from extractors.lang import word_list
from pipeline.clean import clean
from extractors.doc import Block, Document, Paragraph, Sentence, SourceInfo

BLOCK_SEPARATOR = "\n"

# Marker families from outer to inner: roman numerals, arabic numbers, letters, bullets.
_MARKER = re.compile(
    r"^(?:(?P<roman>[IVX]{1,4}|[IVX][ivx]{1,3}(?=\.))[.)/]"  # `Iii.` of a sentence-cased heading
    r"|(?P<num>\d{1,2}(?:\.\d{1,2})*)(?:[.)]|(?=\.?\s))"
    r"|(?P<letter>[a-zđ])[.)]|(?P<upper_letter>[A-ZĐ])\)"
    rf"|(?P<bullet>[{re.escape(BULLETS)}]))\s*(?=\S)"
)
_RANK = {"roman": 0, "num": 1, "letter": 2, "upper_letter": 2, "bullet": 3}
_HEADING_MAX_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?…]+[\"”»)']*\s+")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*[\"”»)']*\s*$")
_CLOSING_ONLY = re.compile(r"[.!?…\"”»)'\s]*")  # what may follow _WORD_BEFORE's word


def parse_marker(text: str) -> tuple[str | None, int | None, int]:
    """(marker, rank, length of marker incl. following spaces) of a block's start."""
    m = _MARKER.match(text)
    if not m:
        return None, None, 0
    family = next(k for k, v in m.groupdict().items() if v is not None)
    if family == "num" and not re.match(r"\d{1,2}(?:\.\d{1,2})*[.)]?\s", text):
        return None, None, 0  # "31.7.2023 ..." or "2/9" are not markers
    marker = text[:m.end()].strip()
    if family == "num" and "." in marker.rstrip(".)"):
        return marker, 1 + marker.rstrip(".)").count("."), m.end()
    return marker, _RANK[family], m.end()


def _is_heading(text: str, marker: str | None, rank: int | None) -> bool:
    if is_all_caps(text):
        return True
    words = text.split()
    if rank is not None and rank <= 1 and len(words) <= _HEADING_MAX_WORDS:
        return not text.rstrip().endswith((".", ";", "…", "./."))
    return False


@lru_cache(maxsize=1)
def _dot_abbreviations() -> frozenset[str]:
    return frozenset(word_list("abbrev_dots.txt"))


def _word_before(text: str, start: int, end: int) -> re.Match | None:
    """`_WORD_BEFORE` in `text[start:end]`, tried on the last 64 characters first: searching
    from `start` costs a failed match at every word of the sentence.  The whole search is
    needed only when an earlier match could reach past the window's start, i.e. when the
    window holds nothing but closing punctuation before its match."""
    near = max(start, end - 64)
    m = _WORD_BEFORE.search(text, near, end)
    if near > start and (m is None or _CLOSING_ONLY.fullmatch(text, near, m.start())):
        m = _WORD_BEFORE.search(text, start, end)
    return m


def split_sentences(text: str, start: int = 0, base: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of `text[start:]`, shifted by `base`.

    Dots of `TP.`, `Q.` and of initials do not end a sentence.
    """
    spans = []
    cursor = start
    end = len(text)
    for m in _SENTENCE_END.finditer(text, start):
        nxt = text[m.end():m.end() + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“«(-–"):
            continue
        before = _word_before(text, cursor, m.start() + 1)
        word = before.group(1).rstrip(".") if before else ""
        if word in _dot_abbreviations() or (len(word) == 1 and word.isupper()):
            continue
        stop = m.end() - (len(m.group()) - len(m.group().rstrip()))
        spans.append((base + cursor, base + stop))
        cursor = m.end()
    if cursor < end:
        spans.append((base + cursor, base + end))
    return spans


def build_document(paras: list[Paragraph], source: SourceInfo,
                   warnings: list[str] | None = None) -> Document:
    """Join cleaned paragraphs into `text` and record blocks and sentences with offsets."""
    parts: list[str] = []
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    offset = 0
    for para in paras:
        text = para.text
        marker, rank, marker_len = parse_marker(text)
        if para.style == "heading" or _is_heading(text, marker, rank):
            kind = "heading"
        elif marker is not None:
            kind = "item"
        else:
            kind = "paragraph"
        start, end = offset, offset + len(text)
        parts.append(text)
        block_index = len(blocks)
        blocks.append(Block(start, end, kind, marker, rank, start + marker_len, para.page, para.index, para.cell))
        for s, e in split_sentences(text, marker_len, start):
            sentences.append(Sentence(s, e, block_index))
        offset = end + len(BLOCK_SEPARATOR)
    text = BLOCK_SEPARATOR.join(parts)
    return Document(text=text, blocks=blocks, sentences=sentences, source=source,
                    warnings=list(warnings or []))


def analyse(paras: list[Paragraph], source: SourceInfo,
            warnings: list[str] | None = None) -> Document:
    """Clean the reader's paragraphs and segment them into a `Document`."""
    cleaned, clean_warnings = clean(paras)
    return build_document(cleaned, source, list(warnings or []) + clean_warnings)


def document_from_text(text: str, path: str = "test.txt") -> Document:
    """A Document from plain text, one paragraph per line: for tests and notebooks."""
    paras = [Paragraph(line, index=i) for i, line in enumerate(text.splitlines())]
    return analyse(paras, SourceInfo(path=path, format="txt", sha256=""))
