"""Cleaning: characters, portal furniture, repeated bodies, wrapped lines."""
import unicodedata

import pytest

from pipeline.clean import clean, drop_repeats, is_boilerplate, normalise_chars, rejoin_wrapped
from extractors.doc import Paragraph


def paras(*lines: str) -> list[Paragraph]:
    return [Paragraph(line, index=i) for i, line in enumerate(lines)]


@pytest.mark.parametrize("raw, expected", [
    ("\u00d0ồng chí Lê Văn A", "Đồng chí Lê Văn A"),                     # Icelandic eth for Đ
    ("Nguy\u200bễn\u00a0Thị\u00a0Hoa", "Nguyễn Thị Hoa"),                 # zero-width + NBSP in a name
    (unicodedata.normalize("NFD", "Thủ tướng Chính phủ"), "Thủ tướng Chính phủ"),  # NFD from PDFs
    ("  Hội   nghị\tgiao ban  ", "Hội nghị giao ban"),
    ("\ufeffSố 12/TB-UBND", "Số 12/TB-UBND"),
])
def test_normalise_chars(raw, expected):
    out = normalise_chars(raw)
    assert out == expected
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize("line", [
    "Truy cập", "Hôm nay:", "Hôm qua:", "Tất cả:", "62924", "1.234.567", "Thống kê truy cập",
    "Truy câp tổng 12.281.929", "0 bình luận", "12 bình luận", "Các tin khác", "Xem tin theo ngày",
    "(Bấm vào đây để nhận mã)", "[CÔNG KHAI TIẾN ĐỘ GIẢI QUYẾT TT HC]", "Tìm kiếm tin tức",
    "Chia sẻ", "In bài", "Gửi email", "Về đầu trang", "Tin liên quan",
    "Trang chủ | Giới thiệu | Tin tức | Văn bản | Liên hệ", "Lượt xem: 1.204",
])
def test_portal_furniture_is_boilerplate(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    "Ngày đăng 10/08/2022 | 07:12 | Lượt xem: 716",     # carries the posting date
    "BT: Trần Minh",                                       # byline, needed for `author`
    "Hôm nay, UBND huyện tổ chức hội nghị tổng kết công tác năm 2023 tại hội trường.",
    "THÔNG BÁO", "Số 12/TB-UBND", "Nơi nhận:", "- Lưu VT.",
    "Chia sẻ kinh nghiệm xây dựng nông thôn mới giữa các xã trong huyện",
    "1. Đối với UBND các xã:",
])
def test_article_lines_are_kept(line):
    assert not is_boilerplate(line)


def test_body_printed_twice_is_kept_once():
    body = ["Sáng 5/3, UBND huyện tổ chức hội nghị giao ban công tác quý I.",
            "Đồng chí Phạm Văn Bình, Chủ tịch UBND huyện chủ trì hội nghị.",
            "Đề nghị các xã hoàn thành kế hoạch trước ngày 30/3/2024.",
            "PV: Lan Anh"]
    lines = ["Giao ban công tác quý I", "Ngày 05/03/2024"] + body + ["Giao ban công tác quý I",
                                                                    "Đăng lúc: 05/03/2024"] + body
    cleaned, warnings = clean(paras(*lines))
    texts = [p.text for p in cleaned]
    assert texts.count(body[2]) == 1
    assert texts.count("PV: Lan Anh") == 1            # short line inside the repeated copy goes too
    assert "Đăng lúc: 05/03/2024" in texts             # unique lines stay
    assert any("repeated" in w for w in warnings)


def test_short_repeats_outside_a_copy_stay():
    kept, dropped = drop_repeats(paras("- Ban Chỉ đạo;", "Nội dung khác của văn bản.", "- Ban Chỉ đạo;"))
    assert dropped == 0 and len(kept) == 3


def test_letter_item_is_not_a_wrapped_line():
    out = rejoin_wrapped(paras("4. Tổ chức thực hiện", "a) Chủ đầu tư có trách nhiệm:",
                               "- Phối hợp với UBND xã chi trả", "tiền bồi thường cho các hộ."))
    assert [p.text for p in out] == ["4. Tổ chức thực hiện", "a) Chủ đầu tư có trách nhiệm:",
                                     "- Phối hợp với UBND xã chi trả tiền bồi thường cho các hộ."]


def test_table_cells_repeating_a_value_stay():
    """A task table prints the same lead unit and time on many rows: values, not a copy."""
    cells = [Paragraph(text, index=i, cell=(0, row, col)) for i, (row, col, text) in enumerate([
        (1, 1, "Rà soát thủ tục hành chính nội bộ của các phòng"), (1, 2, "Văn phòng HĐND và UBND huyện"),
        (1, 3, "Thường xuyên trong năm"),
        (2, 1, "Cập nhật cơ sở dữ liệu hộ tịch điện tử toàn huyện"), (2, 2, "Văn phòng HĐND và UBND huyện"),
        (2, 3, "Thường xuyên trong năm")])]
    kept, dropped = drop_repeats(cells + paras("Văn phòng HĐND và UBND huyện theo dõi chung."))
    assert dropped == 0 and len(kept) == 7
    assert [p.cell for p in kept[:6]] == [c.cell for c in cells]


def test_related_articles_tail_is_cut():
    lines = ["Tiêu đề bài viết về hội nghị", "Sáng nay, hội nghị được tổ chức tại xã.",
             "Đề nghị các thôn chủ động triển khai.", "Các tin khác",
             "UBND tỉnh họp bàn về phòng chống thiên tai", "Hội nghị tổng kết phong trào thi đua"]
    texts = [p.text for p in clean(paras(*lines))[0]]
    assert texts == lines[:3]


def test_wrapped_lines_are_rejoined():
    out = rejoin_wrapped(paras("UBND xã chỉ đạo các thôn tiếp tục", "rà soát hộ nghèo năm 2024.",
                               "Hội Nông dân tuyên truyền."))
    assert [p.text for p in out] == ["UBND xã chỉ đạo các thôn tiếp tục rà soát hộ nghèo năm 2024.",
                                     "Hội Nông dân tuyên truyền."]
