"""refs extractor (placeholder until its implementation lands)."""
from __future__ import annotations

from extractors import component


@component("refs")
def extract_refs(doc, found) -> list:
    return []
