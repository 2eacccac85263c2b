"""Properties over generated input: nothing raises, every span cuts the stored text,
no impossible date, task ids independent of input order and path."""
from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synth import seed_texts
from extractors.temporal import find_temporals
from pipeline.analyse import document_from_text
from pipeline.process import extract, process_bytes
from pipeline.readers import SUPPORTED

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of Vietnamese administrative prose, recombined at random, so the extractors'
# rules actually fire (arbitrary Unicode alone rarely reaches them).
NAMES = st.sampled_from(["Nguyễn Văn An", "Trần Thị Bích Hà", "Lê Hoàng", "Đỗ Quốc Việt", "HOÀNG MINH"])
TITLES = st.sampled_from(["Phó Chủ tịch UBND xã", "Bí thư Đảng ủy", "Chủ tịch Ủy ban nhân dân huyện",
                          "UVBTV Huyện ủy, Trưởng ban Tuyên giáo", "công chức Văn phòng – Thống kê"])
UNITS = st.sampled_from(["xã Tân Dân", "phường Hoà Bình", "thị trấn Sao Mai", "UBND huyện", "Công an xã",
                         "các phòng, ban chuyên môn", "Hội Nông dân"])
NUM = st.integers(min_value=0, max_value=40)
YEAR = st.integers(min_value=1990, max_value=2035)


@st.composite
def fragments(draw) -> str:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return f"Đồng chí {draw(NAMES)}, {draw(TITLES)} chủ trì hội nghị."
    if kind == 1:
        return f"{draw(UNITS).capitalize()} đã đạt {draw(NUM)}/{draw(NUM)} tiêu chí {draw(st.sampled_from(['nông thôn mới', 'đô thị văn minh', '']))}."
    if kind == 2:
        return (f"Giao {draw(UNITS)} {draw(st.sampled_from(['xây dựng kế hoạch', 'hoàn thành hồ sơ', 'tổ chức kiểm tra']))} "
                f"trước ngày {draw(NUM)}/{draw(NUM)}/{draw(YEAR)}.")
    if kind == 3:
        return f"- Đề nghị {draw(UNITS)} {draw(st.sampled_from(['rà soát', 'báo cáo kết quả', 'triển khai']))} hàng tuần;"
    if kind == 4:
        return (f"Thực hiện Kế hoạch số {draw(NUM)}-KH/{draw(st.sampled_from(['UBND', 'HU', 'ĐU']))} "
                f"ngày {draw(NUM)} tháng {draw(NUM)} năm {draw(YEAR)} của {draw(UNITS)}.")
    if kind == 5:
        return f"{draw(st.sampled_from(['I.', '1.', 'a)', '2.1.']))} {draw(st.sampled_from(['NHIỆM VỤ TRỌNG TÂM', 'Kết luận', 'Đối với ' + draw(UNITS) + ':']))}"
    if kind == 6:
        return f"Số: {draw(NUM)}/TB-UBND  {draw(st.sampled_from(['Sao Vàng', 'Hà Nội']))}, ngày {draw(NUM)} tháng {draw(NUM)} năm {draw(YEAR)}"
    if kind == 7:
        return f"phấn đấu {draw(st.sampled_from(['quý', 'tháng']))} {draw(st.sampled_from(['IV', 'II', '3', '13']))}/{draw(YEAR)} phải hoàn thành."
    if kind == 8:
        return draw(NAMES)
    return draw(st.text(max_size=40))


TEXTS = st.lists(fragments(), min_size=1, max_size=12).map("\n".join)


def _check_record(record: dict) -> None:
    text = record["text"]
    for kind in ("tasks", "criteria", "refs"):
        for item in record[kind]:
            start, end = item["span"]
            assert 0 <= start <= end <= len(text), (kind, item)
            assert text[start:end] == item["text"], (kind, item)
    for official in record["officials"]:
        assert official["mentions"], official
        for start, end in official["mentions"]:
            assert 0 <= start < end <= len(text) and text[start:end].strip() == text[start:end], official


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(sorted(SUPPORTED)))
def test_process_bytes_never_raises_on_arbitrary_bytes(data, suffix):
    path = f"in/tệp{suffix}"
    outcome = process_bytes(path, data)
    assert (outcome.record is None) != (outcome.error is None)
    if outcome.error:
        assert outcome.error["error"] != "internal-error", outcome.error["message"]
        assert outcome.error["message"].startswith(path)
    else:
        _check_record(outcome.record)


@SETTINGS
@given(text=st.one_of(TEXTS, st.text(max_size=400)))
def test_extractors_never_raise_and_spans_cut_the_text(text):
    doc = document_from_text(text, "prop.txt")
    if doc.text.strip():
        _check_record(extract(doc))  # extract() calls every extractor; any exception fails here


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@SETTINGS
@given(text=st.one_of(TEXTS, st.text(alphabet="0123456789/-. ngàythángnămquýIV", max_size=60)),
       anchor=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))))
def test_temporals_never_give_an_impossible_date(text, anchor):
    for expr in find_temporals(text, anchor):
        assert text[expr.start:expr.end] == expr.text
        if expr.value and _ISO_DAY.match(expr.value):
            date.fromisoformat(expr.value)  # raises on 2023-02-30
        if expr.interval is not None:
            assert expr.interval[0] <= expr.interval[1]
        for day in (expr.deadline, *(expr.interval or ())):
            assert day is None or 1900 <= day.year <= 2200, expr


def test_invalid_calendar_dates_are_not_read_as_dates():
    for written in ("30/2/2023", "31/4/2024", "ngày 32 tháng 1 năm 2023", "29/2/2023"):
        values = [e.value for e in find_temporals(f"Hoàn thành trước {written}.", date(2023, 1, 1))]
        assert not any(v and _ISO_DAY.match(v) for v in values), (written, values)


def test_task_ids_do_not_depend_on_input_order_or_path():
    texts = seed_texts()
    first = {}
    for i, text in enumerate(texts):
        record = process_bytes(f"a/{i}.txt", text.encode("utf-8")).record
        first[record["doc_id"]] = [t["task_id"] for t in record["tasks"]]
    second = {}
    for i, text in reversed(list(enumerate(texts))):
        record = process_bytes(f"other/place/{len(texts) - i}.txt", text.encode("utf-8")).record
        second[record["doc_id"]] = [t["task_id"] for t in record["tasks"]]
    assert sum(len(ids) for ids in first.values()) > 0, "no tasks extracted: nothing to compare"
    assert first == second
