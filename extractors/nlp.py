"""spaCy integration: a `Doc` over our own syllable tokens, and displaCy views of records.

The spaCy `vi` tokenizer would call pyvi word segmentation; we build the `Doc` from the
Document's own syllable tokens instead, so character offsets equal `Document.text`
exactly and no model is loaded.  Extracted items become `Span`s in `doc.spans` with
extension attributes (`span._.kind`, `span._.record`), which displaCy's span renderer
draws as stacked underlines: the view of overlapping items (a task containing an
official and a deadline) in the review site.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import spacy
from spacy import displacy
from spacy.tokens import Doc, Span

from extractors.text import TOKEN_RE, fold

SPANS_KEY = "vnextract"

for _name in ("record", "kind"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@lru_cache(maxsize=1)
def blank_vi():
    """A blank Vietnamese pipeline; its tokenizer is never called (no pyvi needed)."""
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def to_spacy(text: str) -> Doc:
    """spaCy Doc whose text is exactly `text`; tokens are syllables, NORM the folded form."""
    words: list[str] = []
    spaces: list[bool] = []
    cursor = 0
    for match in TOKEN_RE.finditer(text):
        gap = text[cursor:match.start()]
        if gap.startswith(" ") and words:
            spaces[-1] = True
            gap = gap[1:]
        if gap:  # newlines and runs of spaces become whitespace tokens
            words.append(gap)
            spaces.append(False)
        words.append(match.group())
        spaces.append(False)
        cursor = match.end()
    if cursor < len(text):
        words.append(text[cursor:])
        spaces.append(False)
    doc = Doc(blank_vi().vocab, words=words, spaces=spaces)
    for token in doc:
        token.norm_ = fold(token.text) or token.text
    assert doc.text == text, "spaCy Doc must reproduce the text"
    return doc


def with_spans(text: str, items: Iterable[tuple[int, int, str, str]]) -> Doc:
    """Doc of `text` with each `(start, end, kind, label)` item as a Span in `doc.spans`."""
    doc = to_spacy(text)
    spans = []
    for start, end, kind, label in items:
        span = doc.char_span(start, end, label=kind, alignment_mode="expand")
        if span is not None:
            span._.kind = kind
            span._.record = label
            spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc


def render_spans(doc: Doc, colors: dict[str, str]) -> str:
    """displaCy's span view (HTML fragment, text escaped by displaCy) of `doc.spans`."""
    return displacy.render(doc, style="span", page=False, jupyter=False,
                           options={"spans_key": SPANS_KEY, "colors": colors})
