"""Criteria, refs and unit-mention throughput, characters per second on one core.

Analyses the documents once (cleaning and segmentation are not timed), then runs each
extractor over them repeatedly and prints chars/s, to check their share of the pipeline's
500,000 chars/s budget.

    python3 benchmarks/bench_criteria_refs.py [DOC ...]   (default: the dev corpus)
"""
from __future__ import annotations

import sys

from devdocs import chars_per_second, dev_documents

from extractors.contract import Analysis
from extractors.criteria import extract_criteria  # noqa: E402
from extractors.refs import extract_refs  # noqa: E402
from extractors.units import find_units  # noqa: E402


def main(argv: list[str]) -> None:
    docs = dev_documents(argv)
    print(f"{len(docs)} documents, {sum(len(d.text) for d in docs):,} chars")
    for name, fn in (("units", lambda d: find_units(d.text, bare=True)),
                     ("criteria", lambda d: extract_criteria(d, Analysis())),
                     ("refs", lambda d: extract_refs(d, Analysis()))):
        print(f"{name:>9}: {chars_per_second(fn, docs)[0]:>12,.0f} chars/s")


if __name__ == "__main__":
    main(sys.argv[1:])
