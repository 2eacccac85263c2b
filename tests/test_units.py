"""Unit mentions and unit keys on sentences written for the test (not corpus text)."""
from __future__ import annotations

import pytest

from extractors.units import find_units, unit_key


def labels(text: str, bare: bool = False) -> list[str]:
    return [u.label for u in find_units(text, bare=bare)]


@pytest.mark.parametrize("text, expected", [
    ("Năm 2016, xã Phú Lộc, huyện Châu Thành là xã đầu tiên của tỉnh Tiền Giang về đích.",
     ["xã Phú Lộc", "huyện Châu Thành", "tỉnh Tiền Giang"]),
    ("UBND TP. Cần Thơ làm việc với quận Ninh Kiều.", ["thành phố Cần Thơ", "quận Ninh Kiều"]),
    ("Tổ dân phố Hòa Bình và khu phố 4 ra quân dọn vệ sinh.", ["tổ dân phố Hòa Bình", "khu phố 4"]),
    ("ĐẢNG ỦY TT PHONG ĐIỀN", ["thị trấn Phong Điền"]),
    ("Đoàn công tác thăm thị trấn Krông Kmar, Thị xã Buôn Hồ.", ["thị trấn Krông Kmar", "thị xã Buôn Hồ"]),
    ("Giao Công an phường 12 và Quận 3 phối hợp.", ["phường 12", "quận 3"]),
    ("Các khu phố 1,3,5 đã hoàn thành.", ["khu phố 1"]),
    ("tỉnh Bà Rịa - Vũng Tàu", ["tỉnh Bà Rịa - Vũng Tàu"]),
    ("thị trấn Vĩnh Bình - Đô thị văn minh", ["thị trấn Vĩnh Bình"]),
    ("xã Đoàn Kết và thành phố Hội An", ["xã Đoàn Kết", "thành phố Hội An"]),
    ("tại ấp Bình Thạnh và bản Nà Sài", ["ấp Bình Thạnh", "bản Nà Sài"]),
    ("P.Thạnh Mỹ và TP.HCM", ["thành phố HCM"]),
    ("XÃ LONG THÀNH BẮC ĐẠT 15/19 TIÊU CHÍ", ["xã Long Thành Bắc"]),  # single-letter `P.` is an initial as often as a unit
])
def test_named_units(text: str, expected: list[str]) -> None:
    assert labels(text) == expected


@pytest.mark.parametrize("text", [
    "Tỉnh ủy, Huyện Đoàn và Xã Đội họp liên tịch.",
    "TỈNH ỦY LONG KHÁNH chỉ đạo.",
    "Thường trực HĐND phường đã họp; TT HĐND xã cũng vậy.",
    "Các văn bản Kế hoạch đã ban hành; buôn bán tại chợ.",
    "Tình hình kinh tế - xã hội ổn định, Kinh tế - Xã Hội phát triển.",
    "có 08 phường và 12 xã",
])
def test_no_named_unit(text: str) -> None:
    assert labels(text) == []


def test_bare_type_words_are_reported_only_on_request() -> None:
    text = "Phó chủ tịch UBND xã cho biết kinh tế - xã hội của thị xã ổn định; văn bản đã gửi."
    assert labels(text) == []
    assert labels(text, bare=True) == ["xã", "thị xã"]


def test_mention_spans_index_the_text_with_offset() -> None:
    text = "Hội nghị tại phường Nghĩa Chánh."
    (unit,) = find_units(text, offset=100)
    assert (unit.start, unit.end) == (113, 131)
    assert text[unit.start - 100:unit.end - 100] == unit.text == "phường Nghĩa Chánh"
    assert (unit.type, unit.name) == ("phường", "Nghĩa Chánh")


@pytest.mark.parametrize("a, b", [
    ("TP. Đà Lạt", "thành phố Đà Lạt"),
    ("Tp.Đà Lạt", "THÀNH PHỐ ĐÀ LẠT"),
    ("TT Hòa Thuận", "thị trấn Hoà Thuận"),
    ("P. Thủy Xuân", "phường Thuỷ Xuân"),
    ("TX. Buôn Hồ", "thị xã  Buôn Hồ"),
    ("H. Tân Phước", "huyện Tân Phước"),
    ("Q.Bình Thạnh", "quận Bình Thạnh"),
])
def test_unit_key_expands_abbreviations_and_folds(a: str, b: str) -> None:
    assert unit_key(a) == unit_key(b) != ""


def test_unit_key_keeps_different_units_apart() -> None:
    assert unit_key("phường Tân An") != unit_key("xã Tân An")
    assert unit_key("thị trấn Hòa Bình") != unit_key("thị xã Hòa Bình")
    assert unit_key(None) == unit_key("") == ""
