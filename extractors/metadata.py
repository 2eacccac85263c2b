"""metadata extractor (placeholder until its implementation lands)."""
from __future__ import annotations

from extractors import component


@component("metadata")
def extract_metadata(doc, found) -> dict:
    return {k: None for k in ("title", "doc_type", "doc_number", "issuer", "published",
                              "event_date", "place", "author", "signer")}
