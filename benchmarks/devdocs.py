"""Shared by the per-extractor benchmarks: the dev documents analysed once, and a timer.

The dev corpus lives beside the project (`../shared/corpus/dev/docs`); its public-dataset
texts are read from there, never copied into the repository.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.analyse import document_from_text  # noqa: E402
from extractors.doc import Document  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev" / "docs"


def dev_documents(paths: list[str]) -> list[Document]:
    """The given files, or every dev document, cleaned and segmented (not timed)."""
    files = [Path(p) for p in paths] or sorted(DEV.glob("*.txt"))
    return [document_from_text(f.read_text(encoding="utf-8"), str(f)) for f in files]


def chars_per_second(fn: Callable[[Document], object], docs: list[Document],
                     min_seconds: float = 2.0) -> tuple[float, int]:
    """Characters per second of `fn` over `docs`, repeated for at least `min_seconds`."""
    chars = sum(len(d.text) for d in docs)
    rounds, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        for d in docs:
            fn(d)
        rounds += 1
    return chars * rounds / (time.perf_counter() - start), rounds
