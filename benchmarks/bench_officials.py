"""Officials extractor throughput, characters per second on one core.

Analyses the dev documents once (cleaning and segmentation are not timed), then runs
`extract_officials` over them repeatedly and prints chars/s, so the extractor's share
of the pipeline's 500,000 chars/s budget can be checked.  Also times building a spaCy
`Doc` over the same text, which a PhraseMatcher over the title vocabulary would need and
which the extractor avoids by matching on a length-preserving key of the text instead.

    python3 benchmarks/bench_officials.py [DOC ...]   (default: the dev corpus)
"""
from __future__ import annotations

import sys

from devdocs import chars_per_second, dev_documents

from extractors.contract import Analysis
from extractors.officials import extract_officials  # noqa: E402
from extractors.nlp import to_spacy  # noqa: E402


def main() -> None:
    docs = dev_documents(sys.argv[1:])
    chars = sum(len(d.text) for d in docs)
    extract_officials(docs[0], Analysis())  # load vocabularies, compile patterns
    rate, rounds = chars_per_second(lambda d: extract_officials(d, Analysis()), docs)
    print(f"{len(docs)} documents, {chars:,} chars, {rounds} rounds")
    print(f"extract_officials: {rate:,.0f} chars/s")
    rate, _ = chars_per_second(lambda d: to_spacy(d.text), docs)
    print(f"spaCy Doc build alone (not used by the extractors): {rate:,.0f} chars/s")


if __name__ == "__main__":
    main()
