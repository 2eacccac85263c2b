"""Cited documents on sentences written for the test: both numbering systems, dash and `Số` styles."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from extractors.contract import Analysis
from extractors.records import Metadata
from extractors.refs import extract_refs, normalise_number
from pipeline.analyse import document_from_text


def run(text: str, metadata: dict[str, Any] | None = None, anchor: date | None = None) -> list:
    doc = document_from_text(text)
    meta = Metadata(**(metadata or {}))
    if anchor:
        meta.anchor, meta.event_date = anchor, anchor.isoformat()
    refs = extract_refs(doc, Analysis(metadata=meta))
    for ref in refs:
        assert doc.text[ref.span[0]:ref.span[1]] == ref.text
    return refs


def one(text: str, **kw: Any):
    refs = run(text, **kw)
    assert len(refs) == 1, refs
    return refs[0]


@pytest.mark.parametrize("text, kind, number, when", [
    ("Giao ban theo Kế hoạch số 87-KH/TU ngày 3/5/2021.", "Kế hoạch", "87-KH/TU", "2021-05-03"),
    ("Thực hiện Nghị quyết số 05 -NQ/ĐU ngày 12/01/2022 của Đảng ủy.", "Nghị quyết", "05-NQ/ĐU",
     "2022-01-12"),
    ("Nghị quyết chuyên đề số: 21 NQ/ĐU, ngày 14/7/2023 về xây dựng đô thị.", "Nghị quyết", "21-NQ/ĐU",
     "2023-07-14"),
    ("Quán triệt Chỉ thị 05-CT/TW của Bộ Chính trị.", "Chỉ thị", "05-CT/TW", None),
    ("Triển khai Quyết định số 3456/QĐ-UBND.", "Quyết định", "3456/QĐ-UBND", None),
    ("Sửa đổi Quyết định số 12/2019/QĐ-UBND.", "Quyết định", "12/2019/QĐ-UBND", None),
    ("Hủy bỏ Công văn số 7021/UBND - ĐT về thu hồi đất.", "Công văn", "7021/UBND-ĐT", None),
    ("Theo Thông báo số 88/TB – UBND ngày 5/11/2019 của UBND TP về thủ tục.", "Thông báo", "88/TB-UBND",
     "2019-11-05"),
    ("triển khai Quyết định số 899/QĐ-TTg ngày 10 tháng 6 năm 2013 của Thủ tướng Chính phủ phê duyệt Đề án.",
     "Quyết định", "899/QĐ-TTg", "2013-06-10"),
    ("Cụ thể: Văn bản số 3310/UBND-KGVX, ngày 21/8/2018, của UBND Thành phố giao Sở Y tế kiểm tra.",
     "Văn bản", "3310/UBND-KGVX", "2018-08-21"),
    ("Văn phòng Chính phủ vừa có Thông báo số 45/TB-VPCP kết luận của Phó Thủ tướng.", "Thông báo",
     "45/TB-VPCP", None),
    ("Thực hiện theo quyết định số 77/QĐ-UBND của UBND huyện.", "Quyết định", "77/QĐ-UBND", None),
    ("Áp dụng Thông tư số 01/2020/TT-BNV về công tác văn thư.", "Thông tư", "01/2020/TT-BNV", None),
    ("Thực hiện Thông báo kết luận số 212/TB-UBND ngày 19/6/2022 của Chủ tịch UBND tỉnh với các huyện.",
     "Thông báo kết luận", "212/TB-UBND", "2022-06-19"),
    ("Ban Thường vụ triển khai 35-KH/TU trong toàn Đảng bộ.", "Kế hoạch", "35-KH/TU", None),
    ("Theo Hướng dẫn số 07-HD/BTCTU (ngày 15.4.2022) của Ban Tổ chức.", "Hướng dẫn", "07-HD/BTCTU",
     "2022-04-15"),
    ("Kết luận số 1234/KL - TTCP của Thanh tra Chính phủ về đất đai tại tỉnh được công bố từ ngày 5/3/2015.",
     "Kết luận", "1234/KL-TTCP", "2015-03-05"),
])
def test_numbered_references(text: str, kind: str, number: str, when: str | None) -> None:
    ref = one(text)
    assert (ref.kind, ref.number, ref.date) == (kind, number, when)


@pytest.mark.parametrize("text, issuer", [
    ("Thông báo kết luận số 212/TB-UBND ngày 19/6/2022 của Chủ tịch UBND tỉnh với các huyện.",
     "Chủ tịch UBND tỉnh"),
    ("Quyết định số 899/QĐ-TTg ngày 10 tháng 6 năm 2013 của Thủ tướng Chính phủ phê duyệt Đề án.",
     "Thủ tướng Chính phủ"),
    ("Nghị quyết số 02-NQ/ĐU ngày 4/1/2022 của Ban Chấp hành Đảng bộ xã Mỹ Thành về phương hướng.",
     "Ban Chấp hành Đảng bộ xã Mỹ Thành"),
    ("Theo Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương "
     "Đảng khóa XII về tổ chức bộ máy.", "Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII"),
])
def test_issuer(text: str, issuer: str) -> None:
    assert one(text).issuer == issuer


@pytest.mark.parametrize("text, kind, cited", [
    ("Tổ chức quán triệt Nghị quyết 26 và chương trình hành động.", "Nghị quyết", "Nghị quyết 26"),
    ("Rà soát việc thực hiện Kế hoạch 120.", "Kế hoạch", "Kế hoạch 120"),
    ("Theo Quyết định số 415 của UBND tỉnh.", "Quyết định", "Quyết định số 415 của UBND tỉnh"),
])
def test_kind_with_a_bare_number_has_no_number(text: str, kind: str, cited: str) -> None:
    ref = one(text)
    assert (ref.kind, ref.number, ref.text) == (kind, None, cited)


def test_bare_repeat_of_a_numbered_reference_is_the_same_document() -> None:
    refs = run("Theo Kế hoạch số 66-KH/QU ngày 2/3/2023, các phường triển khai Kế hoạch 66 đúng tiến độ.")
    assert [r.number for r in refs] == ["66-KH/QU"]


def test_same_number_cited_twice_is_one_reference_with_the_best_date() -> None:
    text = ("UBND tỉnh triển khai Quyết định số 250/QĐ-UBND.\n\n"
            "Quyết định số 250/QĐ-UBND ngày 8/2/2021 quy định rõ trách nhiệm.\n\n"
            "Quyết định số 250/QĐ-UBND ngày 9/2/2021 cũng được nhắc lại.")
    (ref,) = run(text)
    assert (ref.number, ref.date) == ("250/QĐ-UBND", "2021-02-08")


def test_enumerated_numbers_share_the_kind_word() -> None:
    refs = run("Bãi bỏ các Quyết định số 15/QĐ-UBND, số 16/QĐ-UBND và số 17/QĐ-UBND của UBND huyện.")
    assert [(r.kind, r.number) for r in refs] == [("Quyết định", f"{n}/QĐ-UBND") for n in (15, 16, 17)]


def test_own_number_on_the_header_line_is_not_a_reference() -> None:
    text = ("ĐẢNG ỦY XÃ PHÚ THỌ\n\nSố 12 - TB/ĐU\n\nTHÔNG BÁO\n\n"
            "Thực hiện Kế hoạch số 40-KH/ĐU ngày 5/1/2024 của Đảng ủy xã.")
    assert [r.number for r in run(text)] == ["40-KH/ĐU"]


def test_a_listed_number_starting_a_line_is_a_reference() -> None:
    text = "Các văn bản đã ban hành:\n\nSố 15/QĐ-UBND ngày 5/3/2020 về thành lập Ban Chỉ đạo."
    assert [(r.number, r.date) for r in run(text)] == [("15/QĐ-UBND", "2020-03-05")]


def test_own_number_from_the_metadata_is_not_a_reference() -> None:
    text = "UBND HUYỆN LONG ĐIỀN\n\nSố: 305/BC-UBND\n\nBÁO CÁO\n\nBáo cáo số 305/BC-UBND gửi Sở Nội vụ."
    assert run(text, metadata={"doc_number": "305/BC-UBND"}) == []


def test_issuance_date_stated_before_the_kind() -> None:
    text = ("Ngày 14.3, Văn phòng Chính phủ có Thông báo số 120/TB-VPCP kết luận của Thủ tướng. "
            "Các bộ hoàn thành trong quý II/2024.")
    ref = one(text)
    assert (ref.number, ref.date, ref.issuer) == ("120/TB-VPCP", "2024-03-14", "Văn phòng Chính phủ")


def test_year_less_date_takes_the_latest_dated_year_when_the_document_has_no_date() -> None:
    text = ("Hà Nội đã ký 12 văn bản chỉ đạo từ ngày 1/3/2015, phấn đấu đến năm 2030 hoàn thành.\n\n"
            "Công văn số 88/UBND-TKBT, ban hành ngày 5/2, yêu cầu báo cáo; tính đến hết tháng 1/2016, "
            "nhiều đơn vị chưa báo cáo.")
    assert one(text).date == "2016-02-05"


def test_year_less_date_precedes_the_document() -> None:
    ref = one("Công văn số 511/UBND-KT, ban hành ngày 20/12, yêu cầu báo cáo.", anchor=date(2019, 1, 10))
    assert ref.date == "2018-12-20"
    ref = one("Công văn số 511/UBND-KT, ban hành ngày 3/1, yêu cầu báo cáo.", anchor=date(2019, 1, 10))
    assert ref.date == "2019-01-03"


@pytest.mark.parametrize("text", [
    "Hội nghị ngày 12/12/2007 tại hội trường.",
    "Xã đạt 15/19 tiêu chí, giai đoạn 2021-2025.",
    "Thực hiện kế hoạch 5 năm và dự án 2 của tỉnh.",
    "Mở rộng Quốc lộ 1A; phòng, chống dịch COVID-19.",
    "Xếp thứ 8/34 địa phương; tỷ lệ 80/100 hộ.",
    "Ban hành Luật Đất đai và các văn bản hướng dẫn.",
    "Triển khai Kế hoạch 2024 của UBND xã; có 120 CB/CNV tham gia.",
])
def test_not_references(text: str) -> None:
    assert run(text) == []


@pytest.mark.parametrize("raw, normal", [
    ("01 -NQ/ĐU", "01-NQ/ĐU"), ("13 NQ/ĐU", "13-NQ/ĐU"), ("07 - TB/BCĐ", "07-TB/BCĐ"),
    ("2852/KL - TTCP", "2852/KL-TTCP"), ("6090/UBND - QLĐTh", "6090/UBND-QLĐTh"),
    ("47/2006/QĐ-UBND", "47/2006/QĐ-UBND"), ("88/TB – UBND", "88/TB-UBND"),
])
def test_normalise_number(raw: str, normal: str) -> None:
    assert normalise_number(raw) == normal
