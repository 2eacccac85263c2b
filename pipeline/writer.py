"""Final output files, written under temporary names and renamed into place.

The CSV and Parquet tables are built from documents.jsonl in a streaming fashion (one
record in memory at a time, Parquet in row groups), so a killed run never leaves a
half-written file under a final name and memory does not grow with the archive.
Parquet needs one schema for all row groups, so a first pass learns each column's type
(a column mixing incompatible types is stored as text, non-strings as JSON).
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.tables import TABLES, columns_of, neutralise_formula, rows_of

ROW_GROUP = 10_000
_UMASK = os.umask(0o022)  # the umask can only be read by setting it: read, then restore
os.umask(_UMASK)
_MIXED = pa.large_string()  # marker type: values stored as text
TMP_PREFIX = ".vnextract-tmp-"  # every temporary output file: removed by the next run


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temp path beside `final`; rename it over `final` only on success."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{final.name}.", dir=final.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp's 0600 is for the temp file only
        os.replace(tmp, final)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v)
                          for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return neutralise_formula(value) if isinstance(value, str) else value


def _arrow_value(value: Any) -> Any:
    """Dicts (and lists holding dicts) become JSON text; Parquet keeps plain lists."""
    if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _type_of(value: Any) -> pa.DataType:
    if value is None:
        return pa.null()
    if isinstance(value, bool):
        return pa.bool_()
    if isinstance(value, int):
        return pa.int64() if -2**63 <= value < 2**63 else _MIXED
    if isinstance(value, float):
        return pa.float64()
    if isinstance(value, str):
        return pa.string()
    if isinstance(value, list):
        item = pa.null()
        for v in value:
            item = _merge(item, _type_of(v))
        return pa.list_(item) if item != _MIXED else _MIXED
    return _MIXED


def _merge(a: pa.DataType, b: pa.DataType) -> pa.DataType:
    if a == b or b == pa.null():
        return a
    if a == pa.null():
        return b
    if {a, b} == {pa.int64(), pa.float64()}:
        return pa.float64()
    if pa.types.is_list(a) and pa.types.is_list(b):
        item = _merge(a.value_type, b.value_type)
        return pa.list_(item) if item != _MIXED else _MIXED
    return _MIXED


def _as_text(value: Any) -> str | None:
    return value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class _Table:
    """One table's CSV and Parquet writers, fed row by row."""

    def __init__(self, paths: ExitStack, stack: ExitStack, out_dir: Path, name: str,
                 columns: list[str], types: dict[str, pa.DataType]) -> None:
        self.columns = columns
        self.schema = pa.schema([(c, pa.string() if types[c] == _MIXED else types[c]) for c in columns])
        self.fixers: dict[str, Callable[[Any], Any]] = {c: _as_text for c in columns if types[c] == _MIXED}
        csv_tmp = paths.enter_context(atomic_path(out_dir / f"{name}.csv"))
        parquet_tmp = paths.enter_context(atomic_path(out_dir / f"{name}.parquet"))
        fh = stack.enter_context(open(csv_tmp, "w", encoding="utf-8-sig", newline=""))
        self.csv = csv.writer(fh)
        self.csv.writerow(columns)
        self.parquet = stack.enter_context(pq.ParquetWriter(parquet_tmp, self.schema))
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self.csv.writerow([_csv_cell(row.get(c)) for c in self.columns])
        arrow_row = {c: _arrow_value(row.get(c)) for c in self.columns}
        for c, fix in self.fixers.items():
            arrow_row[c] = fix(arrow_row[c])
        self.rows.append(arrow_row)
        if len(self.rows) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.parquet.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []


def write_tables(out_dir: Path, records: Callable[[], Iterable[dict[str, Any]]],
                 staging: ExitStack | None = None) -> None:
    """CSV (UTF-8 with BOM) and Parquet, one file of each per table.

    `records` is called twice (schema pass, then writing pass), each call streaming the
    records afresh, e.g. from documents.jsonl.  With `staging`, the complete files keep
    their temporary names until that stack closes (see `batch.finalize`).
    """
    columns = {name: list(columns_of(name)) for name in TABLES}
    types: dict[str, dict[str, pa.DataType]] = {name: {} for name in TABLES}
    for record in records():
        for name, rows in rows_of(record).items():
            for row in rows:
                for column, value in row.items():
                    if column not in columns[name]:
                        columns[name].append(column)
                    seen = types[name].get(column, pa.null())
                    types[name][column] = _merge(seen, _type_of(_arrow_value(value)))
    with ExitStack() as own, ExitStack() as stack:
        paths = staging if staging is not None else own
        tables = {name: _Table(paths, stack, out_dir, name, columns[name],
                               {c: types[name].get(c, pa.null()) for c in columns[name]})
                  for name in TABLES}
        for record in records():
            for name, rows in rows_of(record).items():
                for row in rows:
                    tables[name].add(row)
        for table in tables.values():
            table.flush()
