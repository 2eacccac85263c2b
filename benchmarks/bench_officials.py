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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.officials import extract_officials  # noqa: E402
from pipeline.analyse import document_from_text  # noqa: E402

DEV = Path("/work/shared/corpus/dev/docs")


def _docs(paths: list[str]):
    files = [Path(p) for p in paths] or sorted(DEV.glob("*.txt"))
    return [document_from_text(f.read_text(encoding="utf-8"), str(f)) for f in files]


def _rate(fn, docs, min_seconds: float = 2.0) -> tuple[float, int]:
    chars = sum(len(d.text) for d in docs)
    rounds, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        for d in docs:
            fn(d)
        rounds += 1
    return chars * rounds / (time.perf_counter() - start), rounds


def main() -> None:
    docs = _docs(sys.argv[1:])
    chars = sum(len(d.text) for d in docs)
    extract_officials(docs[0], {})  # load vocabularies, compile patterns
    rate, rounds = _rate(lambda d: extract_officials(d, {}), docs)
    print(f"{len(docs)} documents, {chars:,} chars, {rounds} rounds")
    print(f"extract_officials: {rate:,.0f} chars/s")
    from pipeline.nlp import to_spacy

    rate, _ = _rate(lambda d: to_spacy(d.text), docs)
    print(f"spaCy Doc build alone (not used): {rate:,.0f} chars/s")


if __name__ == "__main__":
    main()
