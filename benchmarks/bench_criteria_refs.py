"""Criteria, refs and unit-mention throughput, characters per second on one core.

Analyses the documents once (cleaning and segmentation are not timed), then runs each
extractor over them repeatedly and prints chars/s, to check their share of the pipeline's
500,000 chars/s budget.

    python3 benchmarks/bench_criteria_refs.py [DOC ...]   (default: the dev corpus)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.criteria import extract_criteria  # noqa: E402
from extractors.refs import extract_refs  # noqa: E402
from extractors.units import find_units  # noqa: E402
from pipeline.analyse import document_from_text  # noqa: E402

DEV = Path("/work/shared/corpus/dev/docs")


def _docs(paths: list[str]):
    files = [Path(p) for p in paths] or sorted(DEV.glob("*.txt"))
    return [document_from_text(f.read_text(encoding="utf-8"), str(f)) for f in files]


def _rate(fn, docs, min_seconds: float = 2.0) -> float:
    chars = sum(len(d.text) for d in docs)
    rounds, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        for d in docs:
            fn(d)
        rounds += 1
    return chars * rounds / (time.perf_counter() - start)


def main(argv: list[str]) -> None:
    docs = _docs(argv)
    print(f"{len(docs)} documents, {sum(len(d.text) for d in docs):,} chars")
    for name, fn in (("units", lambda d: find_units(d.text, bare=True)),
                     ("criteria", lambda d: extract_criteria(d, {})),
                     ("refs", lambda d: extract_refs(d, {}))):
        print(f"{name:>9}: {_rate(fn, docs):>12,.0f} chars/s")


if __name__ == "__main__":
    main(sys.argv[1:])
