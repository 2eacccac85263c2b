"""Metadata from the shape of notices and articles (sentences written for these tests)."""
import pytest

from pipeline.analyse import document_from_text
from pipeline.process import extract


def meta(text: str) -> dict:
    return extract(document_from_text(text))


NOTICE = """ỦY BAN NHÂN DÂN
XÃ AN PHÚ
Số: 45/TB-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Phú, ngày 5 tháng 9 năm 2024
THÔNG BÁO
Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 9 năm 2024
Ngày 04/9/2024, UBND xã tổ chức họp giao ban đánh giá kết quả công tác tháng 8.
1. Giao Văn phòng UBND xã tổng hợp báo cáo trước ngày 20/9/2024.
Nơi nhận:
- Như trên;
- Lưu VT.
CHỦ TỊCH
Trần Văn Khánh"""


def test_state_notice_header():
    rec = meta(NOTICE)
    assert rec["doc_type"] == "notice"
    assert rec["doc_number"] == "45/TB-UBND"
    assert rec["issuer"] == "XÃ AN PHÚ"
    assert rec["published"] == "2024-09-05"
    assert rec["place"] == "An Phú"
    assert rec["event_date"] == "2024-09-04"
    assert rec["title"].startswith("Kết luận của Chủ tịch UBND xã")
    assert rec["author"] is None


def test_party_number_is_normalised():
    text = NOTICE.replace("Số: 45/TB-UBND", "Số 12 - KH/ĐU").replace("ỦY BAN NHÂN DÂN\nXÃ AN PHÚ",
                                                                    "ĐẢNG BỘ HUYỆN LONG MỸ\nĐẢNG ỦY XÃ AN PHÚ")
    rec = meta(text)
    assert rec["doc_number"] == "12-KH/ĐU"
    assert rec["issuer"] == "ĐẢNG ỦY XÃ AN PHÚ"


@pytest.mark.parametrize("line,number", [
    ("Số: 03/BC-CAT(PC04)", "03/BC-CAT(PC04)"),
    ("Số: 115 /KH-CAH (PV01)", "115/KH-CAH(PV01)"),
    ("SỐ: 256 /2004/QĐ-UB", "256/2004/QĐ-UB"),
])
def test_number_with_a_bracketed_unit_or_spaces(line, number):
    assert meta(NOTICE.replace("Số: 45/TB-UBND", line))["doc_number"] == number


def test_news_posting_and_event_dates_and_byline():
    rec = meta("Giao ban tiến độ xây dựng tuyến phố văn minh\n"
               "Ngày đăng 11/05/2023 | 08:30 | Lượt xem: 1.204\n"
               "Sáng ngày 10/5/2023, tại hội trường Quận ủy đã diễn ra hội nghị giao ban tiến độ.\n"
               "Đồng chí Lê Minh Tâm, Bí thư Quận ủy chủ trì hội nghị.\n"
               "BT: Hoàng Yến")
    assert rec["doc_type"] == "news"
    assert rec["doc_number"] is None
    assert rec["published"] == "2023-05-11"
    assert rec["event_date"] == "2023-05-10"
    assert rec["author"] == "Hoàng Yến"
    assert rec["title"] == "Giao ban tiến độ xây dựng tuyến phố văn minh"


def test_event_without_year_takes_the_posting_year():
    rec = meta("Thường trực Huyện ủy làm việc với Đảng ủy xã Tân Lập\n"
               "Cập nhật: 15/04/2023\n"
               "Chiều 13/4, Thường trực Huyện ủy làm việc với Đảng ủy xã Tân Lập.\n"
               "Thanh Tâm")
    assert rec["event_date"] == "2023-04-13"
    assert rec["author"] == "Thanh Tâm"


def test_undated_event_year_from_headline_with_warning():
    rec = meta("Tỉnh tháo gỡ điểm nghẽn, tạo đà tăng trưởng năm 2026\n"
               "Ngày 26.2, UBND tỉnh tổ chức họp mặt các hiệp hội doanh nghiệp.")
    assert rec["event_date"] == "2026-02-26"
    assert any("inferred" in w for w in rec["warnings"])


def test_undated_event_without_any_year_is_left_empty():
    rec = meta("Đoàn công tác làm việc với thành phố\n"
               "Ngày 17/7, đoàn công tác vừa có mặt tại thành phố để làm việc với lãnh đạo địa phương.\n"
               "Kết luận được công bố từ năm 2012 và hoàn thành trong năm 2019.")
    assert rec["event_date"] is None
    assert any("unknown" in w for w in rec["warnings"])


def test_trial_and_issuance_dates_are_not_meetings():
    trial = meta("Tuyên án kẻ lừa đảo\nNgày 25/2/2018, TAND tỉnh tuyên phạt bị cáo 12 năm tù.")
    assert trial["event_date"] is None
    issued = meta("Thủ tướng yêu cầu đẩy nhanh dự án\n"
                  "Ngày 26/2/2026, Văn phòng Chính phủ có Thông báo số 89/TB-VPCP kết luận của Thủ "
                  "tướng tại phiên họp lần thứ 23 Ban Chỉ đạo.")
    assert issued["event_date"] is None
    assert issued["doc_type"] == "news"


def test_photo_credit_is_not_author():
    rec = meta("Hội nghị tổng kết năm\nNgày 2/1/2024, huyện tổ chức hội nghị tổng kết.\n"
               "Quang cảnh hội nghị. Ảnh: T.M")
    assert rec["author"] is None


def test_kind_line_joined_with_its_subject_line():
    rec = meta("HUYỆN ỦY NAM ĐÀN\n*\nSố 45-TB/HU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
               "Nam Đàn, ngày 02 tháng 12 năm 2022\nTHÔNG BÁO KẾT LUẬN\n"
               "của Ban Thường vụ Huyện ủy về tình hình thực hiện nhiệm vụ năm 2022\n"
               "Ngày 30/11/2022, Ban Thường vụ Huyện ủy họp nghe báo cáo tình hình.")
    assert rec["doc_type"] == "notice"
    assert rec["doc_number"] == "45-TB/HU"
    assert rec["title"].startswith("THÔNG BÁO KẾT LUẬN của Ban Thường vụ Huyện ủy")
    assert rec["issuer"] == "HUYỆN ỦY NAM ĐÀN"
    assert rec["published"] == "2022-12-02" and rec["event_date"] == "2022-11-30"


def test_headline_is_not_an_all_caps_header_line():
    rec = meta("BÁO ĐIỆN TỬ TỈNH\nHội nghị giao ban khối nội chính quý III\n"
               "Ngày 3/10/2024, Ban Nội chính Tỉnh ủy tổ chức hội nghị giao ban.")
    assert rec["title"] == "Hội nghị giao ban khối nội chính quý III"


@pytest.mark.parametrize("text, event", [
    # a full date of the weeks around the meeting, before or after it, across a new year
    ("Lũ cuốn trôi cầu tạm\nTrưa 2/11, Chủ tịch UBND tỉnh có buổi làm việc với UBND xã Phước Sơn.\n"
     "Lãnh đạo xã cho biết, vào ngày 1/11/2025, mưa lớn gây ngập.", "2025-11-02"),
    ("Trả lại tiền đóng góp\nChiều 30/12, UBND xã Hòa Lạc tổ chức hội nghị trả lại tiền.\n"
     "Đến ngày 5/1/2016, xã sẽ hoàn tất việc chi trả.", "2015-12-30"),
    # a quarter or half-year that contains the meeting or has just ended
    ("Dừng hoạt động nhà nổi\nSáng 16/2, UBND phường Quảng An làm việc với các chủ nhà nổi.\n"
     "Trước đó, thành phố yêu cầu chấm dứt hoạt động trong quý I / 2017.", "2017-02-16"),
    ("Sơ kết công tác dân vận\nNgày 15-7, Ban Dân vận Huyện ủy tổ chức hội nghị.\n"
     "Hội nghị đánh giá kết quả 6 tháng đầu năm 2019.", "2019-07-15"),
    # a year under review or planned
    ("Công an huyện tổng kết\nNgày 10/1, Công an huyện Kỳ Anh tổ chức Hội nghị tổng kết công tác năm 2018.",
     "2019-01-10"),
    ("Triển khai nhiệm vụ\nSáng 24/6, Sở Y tế họp bàn kế hoạch tiêm chủng năm 2021 với các huyện.",
     "2021-06-24"),
])
def test_undated_event_year_from_the_text(text: str, event: str) -> None:
    rec = meta(text)
    assert rec["event_date"] == event
    assert any("inferred" in w for w in rec["warnings"])


@pytest.mark.parametrize("text", [
    # evidence that disagrees: anniversaries name other years
    "Quan hệ hữu nghị bền vững\nChiều 21/6, tại Bình Dương, hai đoàn đại biểu có buổi hội đàm.\n"
    "Nhân kỷ niệm 50 năm quan hệ ngoại giao (24/6/1967-24/6/2017), hai bên nhắc lại ngày 21/6/1977.",
    # a target or a term may lie years ahead
    "Gỡ khó cho dự án thua lỗ\nChiều ngày 5-7, Phó Thủ tướng chủ trì cuộc họp với các bộ.\n"
    "Mục tiêu hết năm 2018 sẽ xử lý dứt điểm các dự án.",
    "Hội nghị về đầu tư công\nNgày 30/6, Bộ Kế hoạch và Đầu tư tổ chức hội nghị trực tuyến.\n"
    "Kế hoạch đầu tư công trung hạn 5 năm 2016 - 2020 đã giao vốn cho các tỉnh.",
])
def test_evidence_that_does_not_date_the_meeting(text: str) -> None:
    assert meta(text)["event_date"] is None


def test_where_a_validity_starts_does_not_date_the_meeting() -> None:
    rec = meta("Công bố các luật mới\nSáng 12/7, Văn phòng Chủ tịch nước họp báo công bố các luật.\n"
               "Luật Du lịch có hiệu lực từ ngày 1/7/2018.")
    assert rec["event_date"] is None


def test_a_year_reported_as_results_does_not_date_the_meeting() -> None:
    rec = meta("Quận muốn thành đô thị kiểu mẫu\nNgày 10/4, làm việc với UBND quận 7, Chủ tịch thành phố "
               "yêu cầu rà soát quy hoạch.\nChủ tịch quận cho biết năm 2018 đạt tổng giá trị sản xuất "
               "52.000 tỷ đồng; về kế hoạch năm nay, quận kiến nghị thêm vốn.")
    assert rec["event_date"] is None


def test_formal_document_posted_without_its_header_is_a_notice() -> None:
    plan = meta("Kế hoạch hỗ trợ hộ nghèo sửa chữa nhà ở năm 2010\n"
                "UBND thành phố xây dựng Kế hoạch như sau:\nI. Tình hình chung:\nNăm 2009 đã hỗ trợ 900 nhà.\n"
                "Ii. mục đích yêu cầu:\n- Hỗ trợ đúng đối tượng.\nIii. tổ chức thực hiện\n"
                "1. Sở Tài chính bố trí kinh phí.")
    assert plan["doc_type"] == "notice"
    letter = meta("Công văn 702/VP-KT về việc báo cáo tiến độ giải ngân\n"
                  "Văn phòng UBND tỉnh đề nghị các sở, ngành báo cáo tiến độ giải ngân trước ngày 20/5.")
    assert letter["doc_type"] == "notice"
    article = meta("Kế hoạch phát triển du lịch được bàn tại hội nghị\n"
                   "Sáng 3/5, UBND tỉnh họp bàn kế hoạch phát triển du lịch. Theo Kế hoạch 15/KH-UBND, "
                   "tỉnh đón 2 triệu khách.")
    assert article["doc_type"] == "news"
