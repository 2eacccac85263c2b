"""Flat tables (documents, officials, criteria, tasks, refs) from document records.

One row per item, joined by `doc_id`.  Lists stay lists here; the CSV writer joins
them with "; " (RECORDS.md), Parquet keeps them as list columns.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

TABLES = ("documents", "officials", "criteria", "tasks", "refs")

DOCUMENT_COLUMNS = ("doc_id", "path", "format", "sha256", "pages", "title", "doc_type",
                    "doc_number", "issuer", "published", "event_date", "place", "author",
                    "signer_name", "signer_title", "signer_on_behalf_of", "n_officials",
                    "n_criteria", "n_tasks", "n_refs", "warnings")


# Columns every table has even when empty (RECORDS.md); fields extractors add follow.
ITEM_COLUMNS = {
    "officials": ("name", "titles", "organizations", "roles", "mentions"),
    "criteria": ("kind", "subject", "program", "met", "total", "unmet", "met_ids", "unmet_ids",
                 "as_of", "text", "span"),
    "tasks": ("task_id", "assignee", "assignee_officials", "action", "text", "span", "deadline",
              "deadline_text", "deadline_kind", "recurrence", "assigned_by", "section"),
    "refs": ("kind", "number", "date", "issuer", "text", "span"),
}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP: a spreadsheet runs these as formulas


def neutralise_formula(cell: str) -> str:
    """A CSV cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+1`, `@SUM`)
    gets a leading `'` (OWASP CSV-injection rule); JSON and ICS keep the text as it is."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def columns_of(table: str) -> tuple[str, ...]:
    """The table's known columns, in order."""
    return DOCUMENT_COLUMNS if table == "documents" else ("doc_id", *ITEM_COLUMNS[table])


def document_row(record: dict[str, Any]) -> dict[str, Any]:
    source = record.get("source") or {}
    signer = record.get("signer") or {}
    row = {k: record.get(k) for k in DOCUMENT_COLUMNS}
    row.update(path=source.get("path"), format=source.get("format"), sha256=source.get("sha256"),
               pages=source.get("pages"), signer_name=signer.get("name"),
               signer_title=signer.get("title"), signer_on_behalf_of=signer.get("on_behalf_of"),
               warnings=list(record.get("warnings") or []))
    for name in ("officials", "criteria", "tasks", "refs"):
        row[f"n_{name}"] = len(record.get(name) or [])
    return row


def rows_of(record: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows one record contributes to each table."""
    doc_id = record["doc_id"]
    out: dict[str, list[dict[str, Any]]] = {"documents": [document_row(record)]}
    for name in TABLES[1:]:
        out[name] = [{"doc_id": doc_id, **item} for item in record.get(name) or []]
    return out


def distinct_documents(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The first record of each `doc_id`: the same text read from a .txt, a .docx and a
    .pdf is one document, so it gives one row per table, not three."""
    seen: set[str] = set()
    for record in records:
        if record["doc_id"] not in seen:
            seen.add(record["doc_id"])
            yield record
