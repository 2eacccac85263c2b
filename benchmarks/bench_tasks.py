"""Speed of the tasks extractor alone on the dev corpus (documents analysed beforehand).

    python3 benchmarks/bench_tasks.py [DOCS_DIR] [ROUNDS]

Each round reads every document once; the caches keyed by text (tokens, time expressions)
are emptied before each round so that a round costs what unseen documents cost.  Prints the
best round (the machine may be shared) in CPU time.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from devdocs import DEV

from extractors.contract import Analysis
from extractors.standard import standard_pipeline
from extractors import tasks as tasks_module
from extractors.directives import tokenize
from pipeline.analyse import analyse
from extractors.doc import SourceInfo
from pipeline.readers import read_bytes


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    components = standard_pipeline().components
    before = components[:[c.name for c in components].index("tasks")]
    prepared = []
    for path in sorted(root.glob("*.txt")):
        result = read_bytes(str(path), path.read_bytes())
        doc = analyse(result.paragraphs, SourceInfo(str(path), result.format, ""), result.warnings)
        found = Analysis()
        for spec in before:
            setattr(found, spec.assigns, spec.fn(doc, found))
        prepared.append((doc, found))
    extract = tasks_module.extract_tasks
    extract(*prepared[0])  # warm the vocabulary caches
    best, tasks = float("inf"), 0
    for _ in range(rounds):
        tokenize.cache_clear()
        tasks_module._temporals.cache_clear()
        start = time.process_time()
        tasks = sum(len(extract(doc, found)) for doc, found in prepared)
        best = min(best, time.process_time() - start)
    n = len(prepared)
    chars = sum(len(doc.text) for doc, _ in prepared)
    print(f"{n} documents, {tasks} tasks, best of {rounds} rounds {best:.3f} s: {1000 * best / n:.2f} ms/document, "
          f"{chars / best / 1000:.0f} k characters/s")


if __name__ == "__main__":
    main()
