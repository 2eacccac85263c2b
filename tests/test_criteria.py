"""Criteria counts on passages written for the test: varied units, programmes, numbers, tones."""
from __future__ import annotations

from typing import Any

import pytest

from extractors.contract import Analysis
from extractors.criteria import extract_criteria
from extractors.numbers import parse_number
from extractors.records import Metadata
from pipeline.analyse import document_from_text


def run(text: str, event_date: str | None = None, title: str | None = None) -> tuple[list, Any]:
    doc = document_from_text(text)
    rows = extract_criteria(doc, Analysis(metadata=Metadata(title=title, event_date=event_date)))
    for row in rows:
        assert doc.text[row.span[0]:row.span[1]] == row.text
    return rows, doc


def crit(text: str, **kw: Any) -> list[tuple]:
    rows, _ = run(text, **kw)
    return [(r.subject, r.met, r.total, r.unmet) for r in rows if r.kind == "criteria"]


# ------------------------------------------------------------------ positives
@pytest.mark.parametrize("text, expected", [
    ("Kết quả đến nay thị trấn Ea Súp đạt 4/9 tiêu chí đô thị văn minh.",
     [("thị trấn Ea Súp", 4, 9, 5)]),
    ("Xã Tân Phú đạt 15/19 tiêu chí nông thôn mới.", [("xã Tân Phú", 15, 19, 4)]),
    ("Hiện nay xã Long Hựu Đông đạt và cơ bản đạt 17/19 tiêu chí.", [("xã Long Hựu Đông", 17, 19, 2)]),
    ("Đến nay xã Đông Thành đạt 16 trên tổng số 19 tiêu chí.", [("xã Đông Thành", 16, 19, 3)]),
    ("Xã Tân Lập hiện còn 3/19 tiêu chí chưa đạt.", [("xã Tân Lập", 16, 19, 3)]),
    ("Đến nay, thị trấn Phong Điền đã đạt ba tiêu chí, còn sáu tiêu chí chưa đạt.",
     [("thị trấn Phong Điền", 3, 9, 6)]),
    ("Xã Mỹ Lợi đã đạt mười chín tiêu chí nông thôn mới nâng cao.", [("xã Mỹ Lợi", 19, 19, 0)]),
    ("Xã Thạch Đài đã hoàn thành 19 tiêu chí quốc gia về nông thôn mới.", [("xã Thạch Đài", 19, 19, 0)]),
    ("Hoàn thành xong 19 tiêu chí nông thôn mới, xã Cẩm Bình (Cẩm Xuyên) tổ chức lễ đón nhận.",
     [("xã Cẩm Bình", 19, 19, 0)]),
    ("Xã Tân Lộc đã hoàn thành 15 tiêu chí nông thôn mới.", [("xã Tân Lộc", 15, None, None)]),
    ("Xã Phước Hưng đã đạt 17 tiêu chí, còn 2 tiêu chí chưa đạt là tiêu chí số 13 và 17.",
     [("xã Phước Hưng", 17, 19, 2)]),
    ("Thị trấn Hoà Thuận đạt 6/9 tiêu chí Đô thị văn minh.", [("thị trấn Hoà Thuận", 6, 9, 3)]),
    ("UBND TT. Vĩnh Bình cho biết đã đạt 5/9 tiêu chí.", [("thị trấn Vĩnh Bình", 5, 9, 4)]),
    ("Phường Bình Định đạt 5/8 tiêu chí, phường Nhơn Hưng đạt 6/8 tiêu chí.",
     [("phường Bình Định", 5, 8, 3), ("phường Nhơn Hưng", 6, 8, 2)]),
    ("Có 12 tiêu chí đạt chuẩn tại xã Hòa Phong, còn lại 7 tiêu chí chưa đạt.",
     [("xã Hòa Phong", 12, 19, 7)]),
    ("Xã Hòa Tiến đạt 17/19 tiêu chí; 2 tiêu chí còn lại đang hoàn thiện hồ sơ.",
     [("xã Hòa Tiến", 17, 19, 2)]),
    ("Phường Vĩnh Trung đạt 6 trong số 8 tiêu chí.", [("phường Vĩnh Trung", 6, 8, 2)]),
    ("Qua rà soát xã Đức Lĩnh, 3 trong 19 tiêu chí theo quy định không đạt.", [("xã Đức Lĩnh", 16, 19, 3)]),
    ("Xã Tân Hòa đạt 17 tiêu chí nhưng 2 tiêu chí không đạt.", [("xã Tân Hòa", 17, 19, 2)]),
    ("Xã Tân Hòa đã đạt 15/19 tiêu chí nhưng vẫn chưa đạt chuẩn.", [("xã Tân Hòa", 15, 19, 4)]),
    ("Xã Nhơn Phong: tổng số tiêu chí đã đạt là 14/19.", [("xã Nhơn Phong", 14, 19, 5)]),
    ("Năm nay xã Mỹ Hòa, huyện Tháp Mười, tỉnh Đồng Tháp đã đạt 18/19 tiêu chí.", [("xã Mỹ Hòa", 18, 19, 1)]),
    ("Huyện Tháp Mười có xã Mỹ An (huyện Tháp Mười) đạt 17/19 tiêu chí.", [("xã Mỹ An", 17, 19, 2)]),
])
def test_single_passage_counts(text: str, expected: list[tuple]) -> None:
    assert crit(text) == expected


def test_total_met_ids_and_unmet_spread_over_one_passage_make_one_row() -> None:
    text = ("Qua rà soát, đối chiếu với 10 tiêu chí, đến nay phường Quang Trung đã đạt 6 tiêu chí, "
            "gồm tiêu chí 2, tiêu chí 3, tiêu chí 4, tiêu chí 8 và tiêu chí 10, còn lại 4 tiêu chí chưa đạt.")
    rows, doc = run(text)
    (row,) = rows
    assert (row.subject, row.met, row.total, row.unmet) == ("phường Quang Trung", 6, 10, 4)
    assert row.met_ids == [2, 3, 4, 8, 10] and row.unmet_ids == []
    assert row.text == text and doc.warnings == []


def test_unmet_ids_are_kept_apart_from_met_ids() -> None:
    (row,) = run("Xã Phước Hưng đã đạt 17 tiêu chí, còn 2 tiêu chí chưa đạt là tiêu chí số 13 và 17.")[0]
    assert row.unmet_ids == [13, 17] and row.met_ids == []


def test_an_increase_is_not_a_second_count() -> None:
    assert crit("Năm 2023 xã Phú Cường đạt 15/19 tiêu chí, đạt thêm 3 tiêu chí so với năm 2022.") == \
        [("xã Phú Cường", 15, 19, 4)]


def test_ids_in_parentheses() -> None:
    (row,) = run("Phường Thạnh Mỹ đã đạt 4 tiêu chí (tiêu chí 1, 2, 6 và 8), còn 4 tiêu chí chưa đạt.")[0]
    assert (row.met, row.total, row.met_ids) == (4, 8, [1, 2, 6, 8])
    (row,) = run("Xã Ea Tiêu đạt 7/9 tiêu chí, còn 2 tiêu chí chưa đạt (tiêu chí số 3 và số 6).")[0]
    assert (row.met, row.total, row.met_ids, row.unmet_ids) == (7, 9, [], [3, 6])


def test_total_from_the_previous_sentence_of_the_paragraph() -> None:
    text = "Bộ tiêu chí phường kiểu mẫu gồm 8 tiêu chí. Đến nay, phường Phú Hội đã đạt 6 tiêu chí."
    (row,) = run(text)[0]
    assert (row.subject, row.met, row.total, row.program) == ("phường Phú Hội", 6, 8, "phường kiểu mẫu")
    assert row.text == text


def test_bare_type_word_resolves_to_the_unit_named_before() -> None:
    text = ("Phường Hòa Khánh tổ chức hội nghị xây dựng phường kiểu mẫu.\n\n"
            "Xã Hòa Liên cũng dự hội nghị.\n\nĐến nay phường đã đạt 5/8 tiêu chí.")
    (row,) = run(text)[0]
    assert (row.subject, row.program) == ("phường Hòa Khánh", "phường kiểu mẫu")


def test_speaker_of_the_commune_gives_the_subject() -> None:
    text = ("Năm 2015, xã Bình Hòa, huyện Châu Thành được công nhận đạt chuẩn nông thôn mới.\n\n"
            "\"Hiện nay chúng tôi chỉ có 14/19 tiêu chí đạt chuẩn theo bộ tiêu chí mới\" - "
            "bà Lê Thị Hoa, phó chủ tịch UBND xã, cho biết.")
    assert crit(text) == [("xã Bình Hòa", 14, 19, 5)]


def test_all_caps_header_unit_is_title_cased() -> None:
    text = "ĐẢNG ỦY PHƯỜNG HÒA XUÂN\n\nKết quả đến nay phường đạt 4/8 tiêu chí."
    assert crit(text) == [("phường Hòa Xuân", 4, 8, 4)]


def test_subject_falls_back_to_the_main_unit_of_the_document() -> None:
    text = ("Thôn Phú Mỹ ra quân xây dựng khu dân cư kiểu mẫu.\n\n"
            "Nhân dân thôn Phú Mỹ hiến đất làm đường.\n\nĐến nay đã đạt 7/10 tiêu chí.")
    (row,) = run(text)[0]
    assert (row.subject, row.program) == ("thôn Phú Mỹ", "khu dân cư kiểu mẫu")


def test_programme_from_title_when_the_passage_names_none() -> None:
    (row,) = run("Thị trấn Cái Nhum đạt 3/9 tiêu chí.",
                 title="Hội nghị xây dựng các tiêu chí Đô thị văn minh")[0]
    assert row.program == "đô thị văn minh"


def test_a_count_of_units_that_met_the_whole_set_is_a_units_row() -> None:
    text = "Tại tỉnh Kiên Giang, qua rà soát chỉ có 5 xã \"tự tin\" đạt đủ 19 tiêu chí, còn lại đều rớt."
    rows, _ = run(text)
    assert [(r.kind, r.subject, r.met, r.total) for r in rows] == [("units", "tỉnh Kiên Giang", 5, None)]
    rows, _ = run("Đến cuối năm 2019, huyện Vũ Thư có 12 xã đạt 19 tiêu chí nông thôn mới; "
                  "9 xã đạt 15-18 tiêu chí, 3 xã đạt dưới 15 tiêu chí.")
    assert [(r.kind, r.subject, r.met, r.total) for r in rows] == [("units", "huyện Vũ Thư", 12, None)]


def test_the_entity_a_demonstrative_refers_to_is_the_subject() -> None:
    text = ("Vườn quốc gia Bạch Mã (Thừa Thiên Huế) được đề cử là khu Ramsar.\n\n"
            "Vườn quốc gia đất ngập nước Bạch Mã có nhiều loài quý. Theo Bộ, vườn quốc gia này "
            "đạt 6/9 tiêu chí của Công ước Ramsar, vượt yêu cầu tối thiểu là 1/9 tiêu chí.")
    assert crit(text) == [("Vườn quốc gia Bạch Mã", 6, 9, 3)]


def test_several_units_in_one_sentence_and_the_unit_of_the_headline() -> None:
    assert crit("Xã Hải An đạt 17/19 tiêu chí, xã Hải Ba đạt 15/19 tiêu chí và xã Hải Khê đạt 12/19 tiêu chí.") == \
        [("xã Hải An", 17, 19, 2), ("xã Hải Ba", 15, 19, 4), ("xã Hải Khê", 12, 19, 7)]
    assert crit("Đến nay đã đạt 7/9 tiêu chí, còn 2 tiêu chí đang hoàn thiện.",
                title="Thị trấn Nông Sơn nỗ lực xây dựng đô thị văn minh") == [("thị trấn Nông Sơn", 7, 9, 2)]


def test_units_reaching_a_standard_are_rows_of_kind_units() -> None:
    rows, _ = run("Đến nay huyện Cần Giuộc có 12/15 xã đạt chuẩn nông thôn mới.")
    (row,) = rows
    assert (row.kind, row.subject, row.met, row.total, row.program) == \
        ("units", "huyện Cần Giuộc", 12, 15, "nông thôn mới")


def test_units_of_a_province() -> None:
    rows, _ = run("Toàn tỉnh Bến Tre có 80/147 xã được công nhận đạt chuẩn nông thôn mới.")
    assert [(r.kind, r.subject, r.met, r.total) for r in rows] == [("units", "tỉnh Bến Tre", 80, 147)]


@pytest.mark.parametrize("text, as_of", [
    ("Tính đến hết tháng 6-2017, xã Long Hiệp đạt 16/19 tiêu chí.", "2017-06-30"),
    ("Đến tháng 2/2024, phường Cam Lợi đạt 5/8 tiêu chí.", "2024-02-29"),
    ("Tính đến ngày 15/3/2023, xã Tân Hòa đạt 18/19 tiêu chí.", "2023-03-15"),
    ("Đến cuối năm 2022, xã An Phú đạt 14/19 tiêu chí.", "2022-12-31"),
    ("Trong 6 tháng đầu năm 2017, xã An Phú đạt 14/19 tiêu chí.", "2017-06-30"),
    ("Xã An Phú đạt 14/19 tiêu chí (tính đến tháng 10/2023).", "2023-10-31"),
    ("Xã An Phú đạt 14/19 tiêu chí, phấn đấu đến năm 2025 đạt chuẩn.", "2024-05-10"),
    ("Đến nay, xã An Phú đạt 14/19 tiêu chí.", "2024-05-10"),
])
def test_as_of_from_text_else_event_date(text: str, as_of: str) -> None:
    (row,) = run(text, event_date="2024-05-10")[0]
    assert row.as_of == as_of


def test_inconsistent_counts_add_a_warning() -> None:
    rows, doc = run("Phường An Lạc đối chiếu với 9 tiêu chí, đã đạt 5 tiêu chí, còn 3 tiêu chí chưa đạt.")
    assert [(r.met, r.total, r.unmet) for r in rows] == [(5, 9, 3)]
    assert len(doc.warnings) == 1 and "5" in doc.warnings[0] and "9" in doc.warnings[0]


def test_passage_printed_twice_is_one_row() -> None:
    para = "Đến nay phường Thủy Xuân đã đạt 6/8 tiêu chí phường văn minh đô thị."
    assert len(crit(para + "\n\nÝ kiến khác.\n\n" + para)) == 1


# ------------------------------------------------------------------ negatives
@pytest.mark.parametrize("text", [
    "Công an thị trấn hoàn thiện hồ sơ để hoàn thành tiêu chí số 4 về ANTT đô thị.",
    "Toàn phường có 28 câu lạc bộ, 33 mô hình tự quản; 08 phường đạt chuẩn văn minh đô thị.",
    "Năm qua tỉnh hoàn thành vượt 12/12 chỉ tiêu kinh tế - xã hội, xếp thứ 8/34 địa phương.",
    "Sân vận động phải đáp ứng các tiêu chí và tiêu chuẩn cấp phép của AFC.",
    "Bộ tiêu chí phường kiểu mẫu gồm 8 tiêu chí.",
    "Phấn đấu đến năm 2025, xã Tân An đạt 19/19 tiêu chí nông thôn mới.",
    "Mục tiêu năm 2024 xã Hòa Ninh đạt thêm 3 tiêu chí.",
    "Đề nghị phường Hòa Xuân xây dựng kế hoạch, hoàn thành 5 tiêu chí còn lại trong năm 2024.",
    "Xã cần sớm hoàn thành 2 tiêu chí chưa đạt; huyện sẽ đạt 9/9 tiêu chí vào năm sau.",
    "Các thành viên Ban Chỉ đạo phụ trách các tiêu chí, nhóm tiêu chí chưa đạt.",
    "Đồng chí đề nghị rà soát từng tiêu chí, chỉ tiêu kiểu mẫu, rõ người, rõ việc.",
    "Toàn huyện bình quân đạt 16,2 tiêu chí/xã; bình quân 17 tiêu chí/xã ở vùng ven.",
    "Mã hồ sơ đạt 1234/56789 tiêu chí; 0/0 xã đạt chuẩn; xã đạt 20/19 tiêu chí.",
    "Bình quân mỗi xã trong huyện đạt 15 tiêu chí; trung bình toàn tỉnh đạt 14,5 tiêu chí.",
    "Theo quy định, khu đất ngập nước phải đạt tối thiểu 1/9 tiêu chí của Công ước.",
    "Có 20 xã đạt từ 10 đến 14 tiêu chí, 6 xã đạt trên 15 tiêu chí, 2 xã đạt dưới 10 tiêu chí.",
    "Doanh nghiệp nhỏ phải đáp ứng tiêu chí lao động, kết hợp với một trong hai tiêu chí về doanh thu.",
    "Qua đánh giá ngoài, Trường THCS Lê Lợi đạt 4/5 tiêu chuẩn và 22/25 tiêu chí kiểm định chất lượng.",
    "Hồ sơ của xã đáp ứng 5/6 tiêu chí xét tuyển của chương trình học bổng.",
    "Trường đạt 4/5 tiêu chuẩn kiểm định; hồ sơ ghi tiêu chí số 4 về môi trường chưa đạt.",
])
def test_not_criteria(text: str) -> None:
    assert run(text)[0] == []


def test_number_words() -> None:
    assert [parse_number(w) for w in ("ba", "chín", "mười", "mười chín", "hai mươi", "hai mươi mốt",
                                      "ba mươi lăm", "mười lăm", "08")] == [3, 9, 10, 19, 20, 21, 35, 15, 8]
    assert parse_number("tư") is None and parse_number("hai ba") is None
