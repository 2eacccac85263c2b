"""Fixtures shared by the query-command tests."""
from __future__ import annotations

import pytest

import multiyear
from pipeline.store import open_store, upsert_documents


@pytest.fixture
def db(tmp_path) -> str:
    """A record database holding the synthetic multi-year corpus."""
    path = tmp_path / "records.sqlite"
    conn = open_store(path)
    upsert_documents(conn, multiyear.records())
    conn.close()
    return str(path)
