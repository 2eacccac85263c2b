"""Tasks: directives with assignee, deadline and recurrence, on passages written for these
tests (tests/data/tasks_passages.json: directive and non-directive Vietnamese passages with
the tasks a careful reader extracts) and on properties every task must have."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from devcorpus import DEV_DOCS
from extractors.standard import standard_pipeline
from extractors.text import fold
from pipeline.analyse import document_from_text
from extractors.doc import doc_id_of

PASSAGES = json.loads((Path(__file__).parent / "data" / "tasks_passages.json").read_text(encoding="utf-8"))


def run(text: str, anchor: str | None = None, path: str = "test.txt"):
    """(document, tasks) with the date anchor fixed as a dated header would fix it."""
    doc = document_from_text(text, path)
    metadata = standard_pipeline().select("metadata")
    found = metadata(doc)
    if anchor:
        found.metadata.anchor = date.fromisoformat(anchor)
    for spec in standard_pipeline().components[1:]:
        value = spec.fn(doc, found)
        if not spec.refines:
            setattr(found, spec.assigns, value)
    return doc, found.tasks


def match(tasks, anchor: str):
    key = fold(anchor)
    return next((t for t in tasks if key in fold(t.text) or key in fold(t.action)), None)


@pytest.mark.parametrize("case", PASSAGES, ids=[p["name"] for p in PASSAGES])
def test_passage(case):
    doc, tasks = run(case["text"], case["anchor"])
    got = [(t.assignee, t.deadline, t.recurrence, t.text[:60]) for t in tasks]
    assert len(tasks) == len(case["tasks"]), got
    for want in case["tasks"]:
        task = match(tasks, want["anchor"])
        assert task is not None, (want["anchor"], got)
        assert fold(task.assignee) == fold(want["assignee"]), (want["anchor"], task.assignee)
        assert task.deadline == want["deadline"], (want["anchor"], task.deadline_text)
        assert task.recurrence == want["recurrence"], (want["anchor"], task.recurrence)
    for task in tasks:
        assert doc.text[task.span[0]:task.span[1]] == task.text


def test_passages_cover_directives_and_non_directives():
    with_tasks = sum(1 for p in PASSAGES if p["tasks"])
    assert len(PASSAGES) >= 50 and with_tasks >= 30 and len(PASSAGES) - with_tasks >= 12


NOTICE = """ĐẢNG ỦY XÃ AN HÒA
Số 12 - TB/ĐU
An Hòa, ngày 02 tháng 10 năm 2023
THÔNG BÁO
Kết luận của đồng chí Bí thư Đảng ủy tại hội nghị giao ban
Ngày 30/9/2023, Đảng ủy xã An Hòa tổ chức hội nghị giao ban. Đồng chí Phạm Văn Tùng, Bí thư Đảng ủy chủ trì và kết luận như sau:
1. Kết quả thực hiện tháng 9
- Đã hoàn thành thu thuế đạt 96% kế hoạch.
2. Nhiệm vụ trọng tâm tháng 10 năm 2023
- Đề nghị UBND xã hoàn thiện hồ sơ xã nông thôn mới nâng cao (*Thời gian hoàn thành trước 25/10/2023*).
- Giao đồng chí Lê Thị Mai, công chức Văn phòng - Thống kê tổng hợp báo cáo vào chiều thứ Sáu hàng tuần.
Nơi nhận:
- Ban Thường vụ Huyện ủy;
- Lưu VP.
T/M ĐẢNG ỦY
BÍ THƯ
Phạm Văn Tùng"""


def test_notice_fields():
    doc, tasks = run(NOTICE)
    assert len(tasks) == 2
    first, second = tasks
    assert first.assignee == "UBND xã An Hòa"  # the bare type word made whole
    assert first.action == "hoàn thiện hồ sơ xã nông thôn mới nâng cao"
    assert (first.deadline, first.deadline_kind) == ("2023-10-25", "before")
    assert first.deadline_text == "trước 25/10/2023"
    assert first.section == "2. Nhiệm vụ trọng tâm tháng 10 năm 2023"
    assert first.period == "2023-10"
    assert first.assigned_by == "Phạm Văn Tùng"
    assert second.recurrence == "FREQ=WEEKLY;BYDAY=FR" and second.deadline is None
    assert "Lê Thị Mai" in second.assignee_officials
    assert not any("thu thuế" in t.text for t in tasks)


def test_assigned_by_from_title_reference():
    text = ("Chiều 20/3/2024, đồng chí Nguyễn Văn Hải, Phó Chủ tịch UBND huyện chủ trì buổi làm việc "
            "với xã Tân Mỹ. Kết luận buổi làm việc, đồng chí Phó Chủ tịch UBND huyện đề nghị xã Tân Mỹ "
            "sớm hoàn thành các tiêu chí còn lại.")
    _, tasks = run(text)
    assert [t.assigned_by for t in tasks] == ["Nguyễn Văn Hải"]


def test_task_ids_are_stable_and_depend_on_content():
    text = PASSAGES[0]["text"]
    _, a = run(text, "2024-03-05", path="a/one.txt")
    _, b = run(text, "2024-03-05", path="elsewhere/copy.txt")
    assert [t.task_id for t in a] == [t.task_id for t in b]
    assert all(len(t.task_id) == 17 and t.task_id[0] == "t" and int(t.task_id[1:], 16) >= 0 for t in a)
    _, c = run(text.replace("Hòa Bình", "Hòa Lợi"), "2024-03-05")
    assert {t.task_id for t in a}.isdisjoint({t.task_id for t in c})


def test_task_id_formula():
    doc, tasks = run(PASSAGES[0]["text"], "2024-03-05")
    import hashlib

    t = tasks[0]
    key = doc_id_of(doc.text) + "\x1f" + fold(t.action) + "\x1f" + fold(t.assignee or "")
    assert t.task_id == "t" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def test_action_is_cleaned():
    _, tasks = run("- Đề nghị Phòng Nội vụ rà soát biên chế các đơn vị (*Thời hạn hoàn thành trước 30/6/2024*).",
                   "2024-05-01")
    assert [t.action for t in tasks] == ["rà soát biên chế các đơn vị"]
    assert tasks[0].deadline == "2024-06-30"


def test_dev_notice_with_inline_group_headers():
    """r044 glues `a) Bộ …` group headers to the end of lines; every group keeps its body."""
    from pipeline.process import process_file

    rec = process_file(DEV_DOCS / "r044.txt").record
    by_assignee: dict[str, int] = {}
    for t in rec["tasks"]:
        by_assignee[t["assignee"]] = by_assignee.get(t["assignee"], 0) + 1
        assert rec["text"][t["span"][0]:t["span"][1]] == t["text"]
    for body in ("Bộ Nội vụ", "Bộ Tài chính", "Bộ Giáo dục và Đào tạo", "Ngân hàng Chính sách Xã hội",
                 "Hội Nông dân Việt Nam", "chính quyền các địa phương"):
        assert by_assignee.get(body, 0) >= 1, body


def test_assigned_by_resolves_bare_dong_chi_to_last_named_official():
    text = ("Sáng 9/9/2024, đồng chí Trần Văn Long, Chủ tịch UBND huyện Cẩm Thủy chủ trì hội nghị "
            "trực tuyến với các xã. Đồng chí yêu cầu các đơn vị:\n- Khẩn trương khắc phục hậu quả cơn bão số 3.")
    _, tasks = run(text)
    assert [(t.assignee, t.assigned_by) for t in tasks] == [("các đơn vị", "Trần Văn Long")]


def test_handover_is_not_an_assignment():
    _, tasks = run("Chủ đầu tư đã bàn giao Trung tâm Y tế huyện quản lý, sử dụng công trình từ tháng 5/2024.",
                   "2024-06-01")
    assert tasks == []


COLLECTIVE = """HUYỆN ỦY NAM ĐÀN
Số 12-TB/HU
Nam Đàn, ngày 05 tháng 01 năm 2024
THÔNG BÁO KẾT LUẬN
của Ban Thường vụ Huyện ủy về công tác chuyển đổi số
Ngày 03/01/2024, Ban Thường vụ Huyện ủy họp nghe báo cáo tiến độ chuyển đổi số. Đồng chí Bí thư Huyện uỷ Trịnh Văn Lực chủ trì hội nghị; đồng chí Đặng Thị Mến, Phó Chủ tịch UBND huyện trình bày báo cáo.
Sau khi nghe đồng chí Đặng Thị Mến báo cáo, Ban Thường vụ Huyện ủy kết luận:
1. UBND huyện chỉ đạo các xã hoàn thành cấp tài khoản định danh điện tử trước ngày 31/3/2024.
2. Văn phòng Huyện ủy tổng hợp kết quả, báo cáo Ban Thường vụ hàng tháng.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Hồ Văn Tám"""


def test_collective_conclusion_is_assigned_by_the_chair_not_the_reporter():
    _, tasks = run(COLLECTIVE)
    assert [(t.assignee, t.assigned_by) for t in tasks] == [
        ("UBND huyện", "Trịnh Văn Lực"), ("Văn phòng Huyện ủy", "Trịnh Văn Lực")]


def test_official_named_by_given_name_gives_the_directive():
    text = ("Sáng 3/4/2024, bà Lưu Thị Hằng, Phó Chủ tịch UBND quận và ông Vũ Đức Thịnh, Trưởng phòng "
            "Quản lý đô thị quận kiểm tra phường Kim Mã. Ông Thịnh yêu cầu phường lập lại trật tự vỉa hè.")
    _, tasks = run(text, "2024-04-03")
    assert [(t.assignee, t.assigned_by) for t in tasks] == [("phường Kim Mã", "Vũ Đức Thịnh")]
