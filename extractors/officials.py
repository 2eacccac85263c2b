"""officials extractor (placeholder until its implementation lands)."""
from __future__ import annotations

from extractors import component


@component("officials")
def extract_officials(doc, found) -> list:
    return []
