"""Synthetic multi-year corpus: one ward reported in 2022, 2023 and 2024.

Invented names only.  Phường Quảng Hòa (spelled `Quảng Hoà` in one document) meets
3/9, then 5/9, then 8/9 criteria; its tasks have deadlines before and after mid-2024;
Trần Văn Thủy (`Thuỷ`, `Đ/c`, `đồng chí`) is Phó Chủ tịch in 2022-2023 and Chủ tịch in
2024.  A fourth document is about another unit (xã Tân Phong) so filters have something
to exclude.  Each document exists twice: as the Vietnamese text a user would feed to
`vnextract run` (`write_corpus`) and as the records a careful reader extracts from that
text (`records`), with spans computed on the text itself.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from extractors.doc import doc_id_of
from extractors.text import fold

UNIT = "phường Quảng Hòa"
OFFICIAL = "Trần Văn Thủy"

DOC_2022 = """\
Phường Quảng Hòa đẩy mạnh xây dựng phường văn minh đô thị

Ngày 12 tháng 5 năm 2022

Ngày 12/5/2022, UBND thị xã Bình Lâm tổ chức buổi làm việc với phường Quảng Hòa về tiến độ xây dựng phường văn minh đô thị. Đồng chí Trần Văn Thuỷ, Phó Chủ tịch UBND thị xã chủ trì buổi làm việc. Dự buổi làm việc có đồng chí Lê Thị Hồng Nhung, Chủ tịch UBND phường Quảng Hòa.

Qua rà soát, đến nay phường Quảng Hòa đạt 3/9 tiêu chí phường văn minh đô thị.

Kết luận buổi làm việc, đồng chí Trần Văn Thuỷ đề nghị phường Quảng Hòa xây dựng kế hoạch cải tạo vỉa hè các tuyến phố chính, hoàn thành trước 30/9/2022. Phòng Quản lý đô thị thị xã kiểm tra trật tự đô thị vào thứ Sáu hàng tuần.

BT: Hoàng Minh
"""

DOC_2023 = """\
UBND THỊ XÃ BÌNH LÂM

Số: 15/TB-UBND

Bình Lâm, ngày 20 tháng 7 năm 2023

THÔNG BÁO

Kết luận của đồng chí Trần Văn Thủy, Phó Chủ tịch UBND thị xã tại buổi kiểm tra tiến độ xây dựng phường văn minh đô thị tại phường Quảng Hòa

Ngày 20/7/2023, đồng chí Trần Văn Thủy, Phó Chủ tịch UBND thị xã chủ trì buổi kiểm tra tiến độ xây dựng phường văn minh đô thị tại phường Quảng Hòa. Phường đã hoàn thành cải tạo vỉa hè trên 3 tuyến phố chính. Đến nay phường Quảng Hòa đạt 5/9 tiêu chí phường văn minh đô thị.

Đồng chí Phó Chủ tịch UBND thị xã kết luận như sau:

1. UBND phường Quảng Hòa hoàn thành lắp đặt hệ thống chiếu sáng công cộng trên các tuyến phố chính (Thời gian hoàn thành trước 30/8/2023).
2. Phòng Tài chính - Kế hoạch thị xã bố trí kinh phí hỗ trợ phường Quảng Hòa chỉnh trang nhà văn hóa các tổ dân phố trong quý IV/2023.
3. Công an phường Quảng Hòa ra quân xử lý lấn chiếm vỉa hè hàng tháng.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Thủy
"""

DOC_2023_OTHER = """\
Xã Tân Phong phấn đấu đạt chuẩn nông thôn mới

Ngày 5 tháng 10 năm 2023

Ngày 5/10/2023, UBND thị xã Bình Lâm làm việc với xã Tân Phong về xây dựng nông thôn mới. Đồng chí Phạm Quốc Bảo, Phó Chủ tịch UBND thị xã chủ trì. Đến nay xã Tân Phong đạt 15/19 tiêu chí nông thôn mới.

Đồng chí Phạm Quốc Bảo đề nghị xã Tân Phong hoàn thiện hồ sơ tiêu chí môi trường trước 30/11/2023.
"""

DOC_2024 = """\
Phường Quảng Hoà về đích phường văn minh đô thị

Ngày 15 tháng 3 năm 2024

Ngày 15/3/2024, Đ/c Trần Văn Thuỷ, Chủ tịch UBND thị xã làm việc với phường Quảng Hoà. Đ/c Lê Thị Hồng Nhung, Chủ tịch UBND phường Quảng Hoà báo cáo: phường đạt 8/9 tiêu chí phường văn minh đô thị.

Đ/c Trần Văn Thuỷ đề nghị phường Quảng Hoà hoàn thiện hồ sơ đề nghị công nhận phường văn minh đô thị trước 30/6/2024. Giao Phòng Văn hóa và Thông tin thị xã tuyên truyền kết quả xây dựng phường văn minh đô thị trong tháng 12/2024.
"""


@dataclass
class _Doc:
    """A document's text and the items a careful reader extracts, as substrings of it."""

    name: str
    text: str
    doc_type: str
    published: str
    event_date: str
    officials: list[tuple[str, list[str], list[str]]]  # name, titles, roles
    criteria: list[tuple[str, str, int, int, str]]  # subject, program, met, total, evidence
    tasks: list[dict]  # assignee, action, text, deadline?, deadline_text?, recurrence?
    doc_number: str | None = None
    title: str | None = None
    refs: list[dict] = field(default_factory=list)
    signer: dict | None = None


def _docs() -> list[_Doc]:
    return [
        _Doc("2022-05-quang-hoa.txt", DOC_2022, "news", "2022-05-12", "2022-05-12",
             officials=[("Trần Văn Thuỷ", ["Phó Chủ tịch UBND thị xã"], ["chair", "concluder"]),
                        ("Lê Thị Hồng Nhung", ["Chủ tịch UBND phường Quảng Hòa"], ["attendee"])],
             criteria=[(UNIT, "phường văn minh đô thị", 3, 9, "đạt 3/9 tiêu chí phường văn minh đô thị")],
             tasks=[dict(assignee=UNIT,
                         action="xây dựng kế hoạch cải tạo vỉa hè các tuyến phố chính",
                         text="đề nghị phường Quảng Hòa xây dựng kế hoạch cải tạo vỉa hè các tuyến phố chính, hoàn thành trước 30/9/2022",
                         deadline="2022-09-30", deadline_text="trước 30/9/2022"),
                    dict(assignee="Phòng Quản lý đô thị thị xã",
                         action="kiểm tra trật tự đô thị vào thứ Sáu hàng tuần",
                         text="Phòng Quản lý đô thị thị xã kiểm tra trật tự đô thị vào thứ Sáu hàng tuần",
                         recurrence="FREQ=WEEKLY;BYDAY=FR")],
             title="Phường Quảng Hòa đẩy mạnh xây dựng phường văn minh đô thị"),
        _Doc("2023-07-quang-hoa-thong-bao.txt", DOC_2023, "notice", "2023-07-20", "2023-07-20",
             officials=[("Trần Văn Thủy", ["Phó Chủ tịch UBND thị xã"], ["chair", "concluder", "signer"])],
             criteria=[(UNIT, "phường văn minh đô thị", 5, 9, "đạt 5/9 tiêu chí phường văn minh đô thị")],
             tasks=[dict(assignee="UBND phường Quảng Hòa",
                         action="hoàn thành lắp đặt hệ thống chiếu sáng công cộng trên các tuyến phố chính",
                         text="UBND phường Quảng Hòa hoàn thành lắp đặt hệ thống chiếu sáng công cộng trên các tuyến phố chính (Thời gian hoàn thành trước 30/8/2023).",
                         deadline="2023-08-30", deadline_text="trước 30/8/2023"),
                    dict(assignee="Phòng Tài chính - Kế hoạch thị xã",
                         action="bố trí kinh phí hỗ trợ phường Quảng Hòa chỉnh trang nhà văn hóa các tổ dân phố",
                         text="Phòng Tài chính - Kế hoạch thị xã bố trí kinh phí hỗ trợ phường Quảng Hòa chỉnh trang nhà văn hóa các tổ dân phố trong quý IV/2023.",
                         deadline="2023-12-31", deadline_text="trong quý IV/2023"),
                    dict(assignee="Công an phường Quảng Hòa",
                         action="ra quân xử lý lấn chiếm vỉa hè hàng tháng",
                         text="Công an phường Quảng Hòa ra quân xử lý lấn chiếm vỉa hè hàng tháng.",
                         recurrence="FREQ=MONTHLY")],
             doc_number="15/TB-UBND",
             signer={"name": OFFICIAL, "title": "PHÓ CHỦ TỊCH", "on_behalf_of": "KT. CHỦ TỊCH"},
             title="Kết luận của đồng chí Trần Văn Thủy, Phó Chủ tịch UBND thị xã tại buổi kiểm tra tiến độ xây dựng phường văn minh đô thị tại phường Quảng Hòa"),
        _Doc("2023-10-tan-phong.txt", DOC_2023_OTHER, "news", "2023-10-05", "2023-10-05",
             officials=[("Phạm Quốc Bảo", ["Phó Chủ tịch UBND thị xã"], ["chair"])],
             criteria=[("xã Tân Phong", "nông thôn mới", 15, 19, "đạt 15/19 tiêu chí nông thôn mới")],
             tasks=[dict(assignee="xã Tân Phong",
                         action="hoàn thiện hồ sơ tiêu chí môi trường",
                         text="đề nghị xã Tân Phong hoàn thiện hồ sơ tiêu chí môi trường trước 30/11/2023",
                         deadline="2023-11-30", deadline_text="trước 30/11/2023")],
             title="Xã Tân Phong phấn đấu đạt chuẩn nông thôn mới"),
        _Doc("2024-03-quang-hoa.txt", DOC_2024, "news", "2024-03-15", "2024-03-15",
             officials=[("Trần Văn Thuỷ", ["Chủ tịch UBND thị xã"], ["chair"]),
                        ("Lê Thị Hồng Nhung", ["Chủ tịch UBND phường Quảng Hoà"], ["reporter"])],
             criteria=[("phường Quảng Hoà", "phường văn minh đô thị", 8, 9, "đạt 8/9 tiêu chí phường văn minh đô thị")],
             tasks=[dict(assignee="phường Quảng Hoà",
                         action="hoàn thiện hồ sơ đề nghị công nhận phường văn minh đô thị",
                         text="đề nghị phường Quảng Hoà hoàn thiện hồ sơ đề nghị công nhận phường văn minh đô thị trước 30/6/2024",
                         deadline="2024-06-30", deadline_text="trước 30/6/2024"),
                    dict(assignee="Phòng Văn hóa và Thông tin thị xã",
                         action="tuyên truyền kết quả xây dựng phường văn minh đô thị",
                         text="Giao Phòng Văn hóa và Thông tin thị xã tuyên truyền kết quả xây dựng phường văn minh đô thị trong tháng 12/2024",
                         deadline="2024-12-31", deadline_text="trong tháng 12/2024")],
             title="Phường Quảng Hoà về đích phường văn minh đô thị"),
    ]


def task_id_of(doc_id: str, action: str, assignee: str | None) -> str:
    key = "\x1f".join([doc_id, fold(action), fold(assignee)])
    return "t" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _span(text: str, piece: str) -> list[int]:
    start = text.index(piece)
    return [start, start + len(piece)]


def _mentions(text: str, name: str) -> list[list[int]]:
    spans, start = [], text.find(name)
    while start >= 0:
        spans.append([start, start + len(name)])
        start = text.find(name, start + 1)
    return spans


def _record(doc: _Doc) -> dict:
    text, doc_id = doc.text, doc_id_of(doc.text)
    tasks = []
    for t in doc.tasks:
        tasks.append({
            "task_id": task_id_of(doc_id, t["action"], t["assignee"]),
            "assignee": t["assignee"], "assignee_officials": [], "action": t["action"],
            "text": t["text"], "span": _span(text, t["text"]),
            "deadline": t.get("deadline"), "deadline_text": t.get("deadline_text"),
            "deadline_kind": "before" if t.get("deadline") else None,
            "recurrence": t.get("recurrence"), "assigned_by": doc.officials[0][0],
            "section": None})
    return {
        "doc_id": doc_id,
        "source": {"path": f"multiyear/{doc.name}", "format": "txt",
                   "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "pages": None},
        "text": text, "title": doc.title, "doc_type": doc.doc_type,
        "doc_number": doc.doc_number, "issuer": "UBND thị xã Bình Lâm",
        "published": doc.published, "event_date": doc.event_date, "place": None,
        "author": None, "signer": doc.signer,
        "officials": [{"name": name, "titles": titles, "organizations": [], "roles": roles,
                       "mentions": _mentions(text, name)}
                      for name, titles, roles in doc.officials],
        "criteria": [{"kind": "criteria", "subject": subject, "program": program,
                      "met": met, "total": total, "unmet": total - met, "met_ids": [],
                      "unmet_ids": [], "as_of": doc.event_date, "text": evidence,
                      "span": _span(text, evidence)}
                     for subject, program, met, total, evidence in doc.criteria],
        "tasks": tasks, "refs": doc.refs, "warnings": [],
    }


def records() -> list[dict]:
    """The four documents as documents.jsonl records, oldest first."""
    return [_record(doc) for doc in _docs()]


def write_corpus(directory: Path) -> list[Path]:
    """Write the four documents as UTF-8 .txt files for `vnextract run`."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in _docs():
        path = directory / doc.name
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # `python tests/multiyear.py DIR`: the demo corpus of the README
    import sys

    for written in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "multiyear")):
        print(written)
