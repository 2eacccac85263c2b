"""Task tables (`STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn`): one task a row.

The .docx files are built here with python-docx (rows written for these tests, headers
varied in words and order), read by the real reader and run through the whole pipeline;
the real plan in ../shared/corpus/wild is checked row by row against python-docx's own
reading of its table.
"""
from __future__ import annotations

import io
import re

import pytest

from devcorpus import WILD
from extractors.task_tables import column_role, find_task_tables
from pipeline.process import process_bytes
from pipeline.readers import read_bytes
from pipeline.analyse import analyse
from extractors.doc import SourceInfo

import docx  # noqa: E402


def _docx(before: list[str], header: list[str], rows: list[list[str | list[str]]],
          after: list[str] = (), merge: tuple[int, int, int] | None = None) -> bytes:
    """A .docx: paragraphs, one table (a cell given as a list holds several paragraphs),
    paragraphs.  `merge` = (column, first row, last row) merges a column's cells downwards."""
    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    tbl = document.add_table(rows=1 + len(rows), cols=len(header))
    for col, text in enumerate(header):
        tbl.cell(0, col).text = text
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            cell = tbl.cell(r, col)
            values = value if isinstance(value, list) else [value]
            cell.text = values[0]
            for more in values[1:]:
                cell.add_paragraph(more)
    if merge:
        col, first, last = merge
        tbl.cell(first, col).merge(tbl.cell(last, col))
    for text in after:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _record(name: str, data: bytes) -> dict:
    outcome = process_bytes(name, data)
    assert outcome.error is None, outcome.error
    return outcome.record


PLAN_HEAD = ["UBND HUYỆN YÊN ĐỊNH", "Số: 45/KH-UBND", "Yên Định, ngày 15 tháng 3 năm 2024",
             "KẾ HOẠCH", "Triển khai công tác chuyển đổi số năm 2024",
             "UBND huyện ban hành kế hoạch với các nhiệm vụ cụ thể như sau:"]


def test_plan_rows_become_tasks_with_lead_partners_and_deadline():
    rows = [
        ["I", "Công tác tuyên truyền", "", "", ""],
        ["1", "Tuyên truyền lợi ích của dịch vụ công trực tuyến trên hệ thống loa truyền thanh",
         "Phòng Văn hóa và Thông tin huyện", "UBND các xã, thị trấn", "Trước ngày 30/6/2024"],
        ["2", "Tập huấn kỹ năng số cho tổ công nghệ số cộng đồng",
         "Trung tâm Văn hóa, Thông tin và Thể thao huyện", "Huyện đoàn; Hội Liên hiệp Phụ nữ huyện", "Quý III/2024"],
        ["II", "Hạ tầng số", "", "", ""],
        ["1", "Rà soát, nâng cấp đường truyền mạng chuyên dùng tại bộ phận một cửa",
         "Văn phòng HĐND và UBND huyện", "Viễn thông Thanh Hóa, Công an huyện", "Tháng 10/2024"],
        ["2", "Báo cáo tiến độ thực hiện kế hoạch về UBND huyện", "UBND các xã, thị trấn", "", "Hằng tháng"],
    ]
    data = _docx(PLAN_HEAD, ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp",
                             "Thời hạn hoàn thành"], rows, after=["Nơi nhận:", "- Như trên;"])
    rec = _record("kh_chuyen_doi_so.docx", data)
    text = rec["text"]
    table_tasks = [t for t in rec["tasks"] if "Phòng Văn hóa và Thông tin huyện" in t["text"]
                   or "\n" in t["text"]]
    assert [t["assignee"] for t in table_tasks] == [
        "Phòng Văn hóa và Thông tin huyện", "Trung tâm Văn hóa, Thông tin và Thể thao huyện",
        "Văn phòng HĐND và UBND huyện", "UBND các xã, thị trấn"]
    assert [t["co_assignees"] for t in table_tasks] == [
        ["UBND các xã, thị trấn"], ["Huyện đoàn", "Hội Liên hiệp Phụ nữ huyện"],
        ["Viễn thông Thanh Hóa", "Công an huyện"], []]
    assert [t["deadline"] for t in table_tasks] == ["2024-06-30", "2024-09-30", "2024-10-31", None]
    assert table_tasks[3]["recurrence"] == "FREQ=MONTHLY"
    assert [t["section"] for t in table_tasks] == ["Công tác tuyên truyền"] * 2 + ["Hạ tầng số"] * 2
    assert table_tasks[0]["action"].startswith("Tuyên truyền lợi ích")
    for t in rec["tasks"]:
        assert text[t["span"][0]:t["span"][1]] == t["text"]
    # the cells are read once, as rows: no second task from the cells' sentences
    assert len(rec["tasks"]) == len(table_tasks)


def test_other_header_words_and_order_merged_content_and_two_paragraph_cells():
    header = ["STT", "Nhiệm vụ", "Thời gian thực hiện", "Cơ quan chủ trì", "Cơ quan phối hợp", "Ghi chú"]
    rows = [
        ["1", "Xây dựng kế hoạch kiểm tra công tác cải cách hành chính năm 2025",
         "Ban hành chậm nhất ngày 20/01/2025", "Sở Nội vụ", ["Văn phòng UBND tỉnh", "Sở Tư pháp"], ""],
        ["", "", "Trong tháng 02/2025", "Các sở, ban, ngành", "", ""],
        ["2", "Kiểm tra việc niêm yết công khai thủ tục hành chính tại các xã",
         "Quý IV năm 2025", ["Văn phòng UBND tỉnh", "(Trung tâm Phục vụ hành chính công)"], "", "Báo cáo kết quả"],
    ]
    data = _docx(["UBND TỈNH NINH BÌNH", "Ninh Bình, ngày 06 tháng 01 năm 2025"], header, rows, merge=(1, 1, 2))
    rec = _record("kh_cchc.docx", data)
    got = [(t["assignee"], t["deadline"], t["co_assignees"]) for t in rec["tasks"]]
    assert got == [
        ("Sở Nội vụ", "2025-01-20", ["Văn phòng UBND tỉnh", "Sở Tư pháp"]),
        ("Các sở, ban, ngành", "2025-02-28", []),
        ("Văn phòng UBND tỉnh; (Trung tâm Phục vụ hành chính công)", "2025-12-31", []),
    ]
    # the merged content cell gives the second row its action
    assert rec["tasks"][1]["action"] == rec["tasks"][0]["action"]
    assert rec["tasks"][1]["task_id"] != rec["tasks"][0]["task_id"]


@pytest.mark.parametrize("header", [
    ["STT", "Đơn vị", "Tỷ lệ thực hiện %", "Điểm đạt"],                     # a score table
    ["Thời gian", "Nội dung", "Chủ trì", "Địa điểm"],                       # a week's schedule
    ["TT", "Nhiệm vụ", "Đơn vị thực hiện", "Kết quả thực hiện"],           # a progress report
])
def test_tables_that_list_no_tasks_are_left_to_the_sentence_reader(header):
    rows = [["1", "Sở Xây dựng", "Rà soát các dự án chậm tiến độ", "Đã hoàn thành"]]
    data = _docx(["Báo cáo kết quả tháng 5"], header, rows)
    result = read_bytes("bang.docx", data)
    doc = analyse(result.paragraphs, SourceInfo("bang.docx", "docx", ""), result.warnings)
    found = find_task_tables(doc)
    assert found.rows == [] and found.blocks == frozenset()


@pytest.mark.parametrize("header, role", [
    ("Đơn vị chủ trì", "lead"), ("Chủ trì thực hiện", "lead"), ("Cơ quan chịu trách nhiệm", "lead"),
    ("Đơn vị phối hợp", "partner"), ("Phối hợp thực hiện", "partner"),
    ("Thời gian hoàn thành", "deadline"), ("Thời hạn", "deadline"), ("Tiến độ thực hiện", "deadline"),
    ("Nội dung công việc", "action"), ("Nhiệm vụ", "action"), ("NỘI DUNG NHIỆM VỤ", "action"),
    ("Theo dõi, kiểm tra, đôn đốc", "monitor"), ("Sản phẩm", "product"), ("Kết quả thực hiện", "report"),
    ("Số TT", "index"), ("Đơn vị", None),
])
def test_header_words(header, role):
    assert column_role(header) == role


WILD_PLAN = WILD / "files" / "docx" / "ld-kh-cchc-2026.docx"


def test_real_plan_every_row_is_one_task_with_its_lead_unit_and_deadline():
    source = docx.Document(str(WILD_PLAN))
    table = next(t for t in source.tables if column_role(t.rows[0].cells[1].text) == "action")
    header = [c.text for c in table.rows[0].cells]
    lead_col = next(i for i, h in enumerate(header) if column_role(h) == "lead")
    time_col = next(i for i, h in enumerate(header) if column_role(h) == "deadline")
    expected = []
    for row in table.rows[1:]:
        cells = [c.text.strip() for c in row.cells]
        if cells[lead_col]:
            expected.append((cells[lead_col], cells[time_col]))
    rec = _record(str(WILD_PLAN), WILD_PLAN.read_bytes())
    rows = [t for t in rec["tasks"] if "\n" in t["text"]]
    assert len(rows) == len(expected) >= 50
    for task, (lead, due) in zip(rows, expected):
        if re.match(r"(?i)theo\b", lead):
            assert task["assignee"] is None  # `Theo phân công tại Quyết định số …` names no unit
        else:
            want = re.sub(r" +", " ", re.sub(r"\s*\n\s*", "; ", lead)).rstrip(" .;")
            # as written, or made whole from the document (`Công an tỉnh` → `Công an tỉnh Lâm Đồng`)
            assert task["assignee"] == want or task["assignee"].startswith(want + " ")
        if re.search(r"(?:trước|chậm nhất|trong)[^;]*\d{4}", due, re.I):
            assert task["deadline"] is not None, due
        assert lead.split(";")[0].strip().rstrip(".") in task["text"]


def test_real_score_tables_give_no_table_tasks():
    path = WILD / "files" / "docx" / "ld-bc-hop-766.docx"
    result = read_bytes(str(path), path.read_bytes())
    doc = analyse(result.paragraphs, SourceInfo(str(path), "docx", ""), result.warnings)
    assert find_task_tables(doc).rows == []


# ---------------------------------------------------------- the same table in PDF and HTML
_PLAN_ROWS = [("STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"),
              ("1", "Rà soát, chuẩn hóa thủ tục hành chính thuộc thẩm quyền", "Sở Tư pháp", "Các sở, ngành",
               "Quý II/2026"),
              ("2", "Đánh giá chỉ số hài lòng SIPAS", "Sở Nội vụ", "UBND các xã", "Tháng 10/2026")]
_PLAN_LEAD = ["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "KẾ HOẠCH cải cách hành chính năm 2026",
              "Ngày 3/3/2026, UBND tỉnh ban hành kế hoạch cải cách hành chính năm 2026 với nhiều nhiệm vụ.",
              "III. TỔ CHỨC THỰC HIỆN", "Phân công nhiệm vụ cụ thể cho các cơ quan, đơn vị như sau:"]


def _plan_pdf() -> bytes:
    from fpdf import FPDF

    from tests.make_bad_inputs import _font

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=_font())
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for line in _PLAN_LEAD:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(first_row_as_headings=False) as table:
        for values in _PLAN_ROWS:
            row = table.row()
            for value in values:
                row.cell(value)
    return bytes(pdf.output())


def _plan_html() -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in _PLAN_ROWS)
    body = "".join(f"<p>{line}</p>" for line in _PLAN_LEAD[2:])
    return (f"<html><body><article><h1>{_PLAN_LEAD[1]}</h1>{body}<table>{cells}</table>"
            "</article></body></html>").encode("utf-8")


@pytest.mark.parametrize("name,make", [("ke-hoach.pdf", _plan_pdf), ("ke-hoach.html", _plan_html)])
def test_task_table_in_pdf_and_html_gives_one_task_per_row(name, make):
    from pipeline.process import process_bytes

    record = process_bytes(name, make()).record
    tasks = [(t["assignee"], t["co_assignees"], t["deadline"], t["action"]) for t in record["tasks"]]
    assert tasks == [("Sở Tư pháp", ["Các sở, ngành"], "2026-06-30", _PLAN_ROWS[1][1]),
                     ("Sở Nội vụ", ["UBND các xã"], "2026-10-31", _PLAN_ROWS[2][1])]
    for task in record["tasks"]:
        start, end = task["span"]
        assert record["text"][start:end] == task["text"]
