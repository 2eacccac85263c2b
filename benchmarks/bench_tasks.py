"""Speed of the tasks extractor alone on the dev corpus (documents analysed beforehand).

    python3 benchmarks/bench_tasks.py [DOCS_DIR] [ROUNDS]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from extractors import PIPELINE, load_components
from pipeline.analyse import analyse
from pipeline.document import SourceInfo
from pipeline.readers import read_bytes


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus/dev/docs")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    components = load_components()
    prepared = []
    for path in sorted(root.glob("*.txt")):
        result = read_bytes(str(path), path.read_bytes())
        doc = analyse(result.paragraphs, SourceInfo(str(path), result.format, ""), result.warnings)
        found: dict = {}
        for name in PIPELINE[:-1]:
            found[name] = components[name](doc, found)
        prepared.append((doc, found))
    extract = components["tasks"]
    extract(*prepared[0])  # warm the vocabulary caches
    start = time.perf_counter()
    tasks = sum(len(extract(doc, found)) for _ in range(rounds) for doc, found in prepared)
    elapsed = time.perf_counter() - start
    n = len(prepared) * rounds
    chars = sum(len(doc.text) for doc, _ in prepared) * rounds
    print(f"{n} documents, {tasks} tasks in {elapsed:.2f} s: {1000 * elapsed / n:.1f} ms/document, "
          f"{chars / elapsed / 1000:.0f} k characters/s")


if __name__ == "__main__":
    main()
