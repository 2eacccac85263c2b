"""tasks extractor (placeholder until its implementation lands)."""
from __future__ import annotations

from extractors import component


@component("tasks")
def extract_tasks(doc, found) -> list:
    return []
