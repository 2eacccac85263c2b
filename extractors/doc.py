"""The analysis object every extractor reads: cleaned text, blocks, sentences, tokens.

A `Document` is built once per input by the engine (`pipeline.analyse`) and never changes
afterwards except for `warnings`; what the components find goes into a separate
`extractors.contract.Analysis`.  All offsets index into `Document.text`.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from extractors.text import TOKEN_RE


def doc_id_of(text: str) -> str:
    """RECORDS.md `doc_id`: the first 16 hex digits of the SHA-256 of the cleaned text, so the
    same text read from a .txt, a .docx and a .pdf is one document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SourceInfo:
    """Where the document came from (RECORDS.md `source`)."""

    path: str
    format: str  # txt | html | pdf | docx | doc | image
    sha256: str
    pages: int | None = None
    ocr: dict | None = None  # {"engine", "language", "pages": [1-based], "mean_confidence"} when OCR'd


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as a reader found it, before offsets exist.

    `marker` is a list marker the format stored outside the text (Word numbering);
    readers of plain formats leave it None and the marker stays inside `text`.
    """

    text: str
    page: int | None = None
    index: int = 0
    marker: str | None = None
    level: int | None = None
    style: str | None = None  # e.g. "heading", "table", "header"
    cell: tuple[int, int, int] | None = None  # (table, row, column) of a table cell, 0-based


@dataclass(frozen=True)
class Block:
    """A paragraph of the cleaned text: a heading, a list item or plain prose.

    `marker` is the list marker (`1.`, `a)`, `-`, `I.`) when the block starts with one;
    `rank` orders marker families from outer to inner (roman 0, arabic 1, letter 2,
    bullet 3) so a group header can be told from the items it introduces.
    `body_start` is where the text after the marker begins.
    """

    start: int
    end: int
    kind: str  # heading | item | paragraph
    marker: str | None = None
    rank: int | None = None
    body_start: int = 0
    page: int | None = None
    source_index: int = 0
    cell: tuple[int, int, int] | None = None  # (table, row, column) when the block is a table cell


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    block: int  # index into Document.blocks


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str




@dataclass
class Document:
    text: str
    blocks: list[Block]
    sentences: list[Sentence]
    source: SourceInfo
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def doc_id(self) -> str:
        return doc_id_of(self.text)

    # ------------------------------------------------------------------ views
    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start:sentence.end]

    def block_at(self, offset: int) -> int:
        """Index of the block that contains `offset` (or the last one before it)."""
        lo, hi = 0, len(self.blocks) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.blocks[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Start offsets of `sentences` (sorted), for `bisect` lookups."""
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains `offset`, found by bisection (None between sentences)."""
        i = bisect_right(self.sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentences_of(self, block_index: int) -> list[Sentence]:
        return [s for s in self.sentences if s.block == block_index]

    @cached_property
    def tokens(self) -> list[Token]:
        """Syllable tokens with offsets; Vietnamese syllables are kept whole."""
        return [Token(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(self.text)]

    @cached_property
    def spacy(self):
        """A spaCy `Doc` over the same tokens (built on first use only)."""
        from extractors.nlp import to_spacy

        return to_spacy(self.text)
