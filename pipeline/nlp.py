"""spaCy integration: a `Doc` over our syllable tokens, and vocabulary matchers.

The spaCy `vi` tokenizer would call pyvi word segmentation; we build the `Doc` from the
Document's own syllable tokens instead, so character offsets match `Document.text`
exactly and no model is loaded.  `PhraseMatcher`s built from the vocabulary tables find
titles and organisations; extracted items are attached as `Span`s with extension
attributes (`span._.record`, `span._.kind`) for downstream use (review page, debugging).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extractors.textutil import fold

if TYPE_CHECKING:
    from pipeline.document import Document

for _name in ("record", "kind"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@lru_cache(maxsize=1)
def blank_vi():
    """A blank Vietnamese pipeline; its tokenizer is never called (no pyvi needed)."""
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def to_spacy(document: "Document") -> Doc:
    """spaCy Doc whose text is exactly `document.text` (gaps become whitespace tokens)."""
    text = document.text
    words: list[str] = []
    spaces: list[bool] = []
    cursor = 0
    for token in document.tokens:
        gap = text[cursor:token.start]
        if gap and gap != " ":
            if words and gap.startswith(" "):
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
        elif gap == " " and words:
            spaces[-1] = True
        words.append(token.text)
        spaces.append(False)
        cursor = token.end
    tail = text[cursor:]
    if tail:
        words.append(tail)
        spaces.append(False)
    doc = _folded_doc(words, spaces)
    assert doc.text == text, "spaCy Doc must reproduce the document text"
    return doc


def _folded_doc(words: list[str], spaces: list[bool] | None = None) -> Doc:
    """Doc whose token NORM is `fold(word)`: matching ignores case and tone placement."""
    doc = Doc(blank_vi().vocab, words=words, spaces=spaces)
    for token in doc:
        token.norm_ = fold(token.text) or token.text
    return doc


def phrase_matcher(label: str, phrases: Iterable[str]) -> PhraseMatcher:
    """PhraseMatcher over syllable tokens, blind to case and tone placement (`uỷ`/`ủy`)."""
    from pipeline.document import TOKEN_RE

    matcher = PhraseMatcher(blank_vi().vocab, attr="NORM")
    patterns = [_folded_doc(TOKEN_RE.findall(p)) for p in phrases if p.strip()]
    matcher.add(label, patterns)
    return matcher


def char_spans(doc: Doc, matcher: PhraseMatcher) -> list[tuple[int, int]]:
    """Character spans of the longest non-overlapping matches."""
    spans = spacy.util.filter_spans([Span(doc, s, e) for _, s, e in matcher(doc)])
    return [(span.start_char, span.end_char) for span in spans]
