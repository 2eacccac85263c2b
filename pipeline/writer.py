"""Output files written atomically: documents.jsonl, errors.jsonl, CSV and Parquet tables.

Everything is written to a temporary name in the output directory and renamed into
place, so a killed run never leaves a half-written file under the final name.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import pandas as pd

from pipeline.tables import TABLES, rows_of


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temp path beside `final`; rename it over `final` only on success."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, final)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def json_line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False) + "\n"


def write_jsonl(final: Path, items: Iterable[dict[str, Any]]) -> None:
    with atomic_path(final) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json_line(item))


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v)
                         for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_tables(out_dir: Path, records: Iterable[dict[str, Any]]) -> None:
    """CSV (UTF-8 with BOM) and Parquet, one file of each per table."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in records:
        for name, table_rows in rows_of(record).items():
            rows[name].extend(table_rows)
    for name in TABLES:
        frame = pd.DataFrame(rows[name])
        with atomic_path(out_dir / f"{name}.csv") as tmp:
            frame.map(_csv_cell).to_csv(tmp, index=False, encoding="utf-8-sig")
        with atomic_path(out_dir / f"{name}.parquet") as tmp:
            frame.map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v
                      ).to_parquet(tmp, index=False)
