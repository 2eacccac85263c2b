"""Units across the 2025 reorganisation, with underthesea's bundled old → new mapping."""
from __future__ import annotations

import json

import pytest

from vnextract.cli import main


DOC_2024 = """\
Phường Tân Dân đẩy mạnh xây dựng phường văn minh đô thị

Ngày 14 tháng 3 năm 2024

Ngày 14/3/2024, UBND thành phố Việt Trì, tỉnh Phú Thọ làm việc với phường Tân Dân về xây dựng phường văn minh đô thị. Đến nay phường Tân Dân đạt 6/9 tiêu chí phường văn minh đô thị.

Đồng chí Hà Minh Khoa, Phó Chủ tịch UBND thành phố đề nghị phường Tân Dân hoàn thiện hồ sơ tiêu chí môi trường trước 30/6/2024.
"""

DOC_2026 = """\
Phường Việt Trì sơ kết 6 tháng đầu năm 2026

Ngày 10 tháng 6 năm 2026

Ngày 10/6/2026, Đảng ủy phường Việt Trì, tỉnh Phú Thọ tổ chức hội nghị sơ kết. Đến nay phường Việt Trì đạt 8/9 tiêu chí phường văn minh đô thị.

Đồng chí Hà Minh Khoa đề nghị phường Việt Trì hoàn thành tiêu chí còn lại trước 31/10/2026.
"""

DOC_OTHER = """\
Xã Hải Bình tổng kết năm 2023

Ngày 20 tháng 12 năm 2023

Ngày 20/12/2023, UBND huyện Tĩnh Gia, tỉnh Thanh Hóa làm việc với xã Hải Bình. Đến nay xã Hải Bình đạt 17/19 tiêu chí nông thôn mới.
"""


@pytest.fixture(scope="module")
def reorg_db(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("reorg")
    archive = root / "archive"
    archive.mkdir()
    for name, text in (("2024-tan-dan.txt", DOC_2024), ("2026-viet-tri.txt", DOC_2026),
                       ("2023-hai-binh.txt", DOC_OTHER)):
        (archive / name).write_text(text, encoding="utf-8")
    db = root / "r.sqlite"
    assert main(["run", str(archive), "--out", str(root / "out"), "--db", str(db),
                 "--workers", "1", "--quiet"]) == 0
    return str(db)


def _audit(capsys, db: str, unit: str) -> dict:
    capsys.readouterr()
    assert main(["audit", "--db", db, "--unit", unit, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("typed", ["phường Tân Dân", "phuong tan dan", "UBND phường Tân Dân"])
def test_old_ward_is_followed_into_the_merged_ward(capsys, reorg_db, typed):
    result = _audit(capsys, reorg_db, typed)
    assert result["successor"]["name"] == "Phường Việt Trì"
    assert "Việt Trì" in result["successor"]["old_address"]  # the document's own context
    assert [(c["as_of"], c["met"]) for c in result["criteria"]] == [("2024-03-14", 6), ("2026-06-10", 8)]
    assert sorted(t["deadline"] for t in result["tasks"]) == ["2024-06-30", "2026-10-31"]
    assert [d["date"] for d in result["documents"]] == ["2024-03-14", "2026-06-10"]
    capsys.readouterr()
    assert main(["audit", "--db", reorg_db, "--unit", typed]) == 0
    assert "Since 2025-07-01 part of Phường Việt Trì, Tỉnh Phú Thọ" in capsys.readouterr().out


def test_the_new_ward_alone_does_not_pull_in_the_old_one(capsys, reorg_db):
    result = _audit(capsys, reorg_db, "phường Việt Trì")
    assert "successor" not in result
    assert [c["met"] for c in result["criteria"]] == [8]


def test_a_unit_the_mapping_does_not_know_stays_alone(capsys, reorg_db):
    # xã Hải Bình of the former huyện Tĩnh Gia (a thị xã since 2020) is not in the mapping.
    result = _audit(capsys, reorg_db, "xã Hải Bình")
    assert "successor" not in result
    assert [c["met"] for c in result["criteria"]] == [17]
