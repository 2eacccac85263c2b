"""The SQLite store: schema, idempotent upserts, history across batches, match keys."""
from __future__ import annotations

import copy
import sqlite3

import pytest

import multiyear
from pipeline.store import (add_unit_alias, load_records, name_key, open_store, task_rows,
                            unit_key, unit_keys, upsert_documents)


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("documents", "officials", "official_titles", "criteria", "tasks", "refs")}


def _dump(conn: sqlite3.Connection) -> list[tuple]:
    return [tuple(row) for t in ("documents", "officials", "official_titles", "criteria", "tasks")
            for row in conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]


@pytest.fixture
def conn(tmp_path):
    conn = open_store(tmp_path / "sub" / "records.sqlite")
    yield conn
    conn.close()


def test_upsert_fills_every_table(conn):
    records = multiyear.records()
    stats = upsert_documents(conn, records)
    assert (stats.files, stats.documents, stats.new) == (4, 4, 4)
    assert _counts(conn) == {"documents": 4, "officials": 6, "official_titles": 6,
                             "criteria": 4, "tasks": 8, "refs": 0}
    row = conn.execute("SELECT doc_date, doc_number, signer_name FROM documents "
                       "WHERE doc_number IS NOT NULL").fetchone()
    assert tuple(row) == ("2023-07-20", "15/TB-UBND", "Trần Văn Thủy")


def test_rerunning_the_same_batch_changes_nothing(conn):
    upsert_documents(conn, multiyear.records())
    before = _dump(conn)
    upsert_documents(conn, multiyear.records())
    assert _dump(conn) == before


def test_batches_accumulate_history(conn):
    records = multiyear.records()
    upsert_documents(conn, records[:2])
    upsert_documents(conn, records[2:])
    assert _counts(conn)["documents"] == 4
    assert [r["published"] for r in load_records(conn)] == [
        "2022-05-12", "2023-07-20", "2023-10-05", "2024-03-15"]


def test_reextraction_replaces_child_rows(conn):
    record = multiyear.records()[1]
    upsert_documents(conn, [record])
    changed = copy.deepcopy(record)
    changed["tasks"] = changed["tasks"][:1]
    changed["tasks"][0]["deadline"] = "2023-09-15"
    upsert_documents(conn, [changed])
    rows = task_rows(conn)
    assert [(r["task_id"], r["deadline"]) for r in rows] == [
        (record["tasks"][0]["task_id"], "2023-09-15")]


def test_new_cleaning_of_same_source_supersedes_old_doc_id(conn):
    record = multiyear.records()[0]
    upsert_documents(conn, [record])
    newer = copy.deepcopy(record)
    newer["text"] = record["text"] + "\n"
    newer["doc_id"] = multiyear.doc_id_of(newer["text"])
    upsert_documents(conn, [newer])
    assert [r["doc_id"] for r in load_records(conn)] == [newer["doc_id"]]


def test_match_keys_are_stored_next_to_names(conn):
    upsert_documents(conn, multiyear.records())
    keys = {r[0] for r in conn.execute("SELECT name_key FROM officials WHERE name LIKE 'Trần%'")}
    assert keys == {name_key("Trần Văn Thủy")}
    subjects = {r[0] for r in conn.execute(
        "SELECT subject_key FROM criteria WHERE subject != 'xã Tân Phong'")}
    assert subjects == {unit_key("phường Quảng Hòa")}


@pytest.mark.parametrize("variant", ["Trần Văn Thuỷ", "TRẦN VĂN THỦY", "Đ/c Trần Văn Thủy",
                                     "đồng chí Trần  Văn Thuỷ", "ông Trần Văn Thủy"])
def test_name_key_ignores_tone_placement_case_and_honorifics(variant):
    assert name_key(variant) == name_key("Trần Văn Thủy")


def test_name_key_keeps_distinct_people_apart():
    assert name_key("Trần Văn Thủy") != name_key("Trần Văn Thùy")
    assert name_key("Đ/c Lê Văn Định") != name_key("Lê Văn Đinh")


@pytest.mark.parametrize("variant", ["UBND phường Hoà Lạc", "Ủy ban nhân dân phường Hòa Lạc",
                                     "Uỷ ban nhân dân  PHƯỜNG HOÀ LẠC"])
def test_unit_key_expands_abbreviations_and_folds(variant):
    assert unit_key(variant) == unit_key("Ủy ban nhân dân phường Hòa Lạc")


def test_unit_key_leaves_lowercase_lookalikes_alone():
    assert unit_key("TP Vinh") == unit_key("thành phố Vinh")
    assert "thành phố" not in unit_key("tp")  # abbreviations match on case


def test_unit_aliases_join_old_and_new_names(conn):
    add_unit_alias(conn, "phường Quảng Hòa", "phường Bình Lâm")
    assert unit_keys(conn, "phường Bình Lâm") == {unit_key("phường Bình Lâm"),
                                                  unit_key("phường Quảng Hoà")}
    assert unit_key("phường Bình Lâm") in unit_keys(conn, "phường Quảng Hòa")
    assert unit_keys(conn, "xã Tân Phong") == {unit_key("xã Tân Phong")}
