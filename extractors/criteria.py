"""criteria extractor (placeholder until its implementation lands)."""
from __future__ import annotations

from extractors import component


@component("criteria")
def extract_criteria(doc, found) -> list:
    return []
