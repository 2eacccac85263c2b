"""Vietnamese temporal normaliser: the table in tests/data/temporal_cases.tsv plus properties."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from extractors.temporal import (
    TimeExpr, deadline_kind, deadline_of, find_deadline, find_recurrence, find_temporals,
    lunar_to_solar, parse_date, tet_date,
)

CASES_PATH = Path(__file__).parent / "data" / "temporal_cases.tsv"


def load_cases(path: Path = CASES_PATH) -> list[dict[str, str]]:
    """Rows of the shared table (also read by benchmarks/bench_temporal.py)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def anchor_of(row: dict[str, str]) -> date | None:
    return date.fromisoformat(row["anchor"]) if row["anchor"] else None


CASES = load_cases()


def _ids(rows):
    return [f"{r['case']}:{r['text'][:40]}|{r['anchor']}|{r['span'][:20]}" for r in rows]


def _check(field: str, want: str, got) -> None:
    if want == "*":
        return
    got_s = "" if got is None else (got.isoformat() if isinstance(got, date) else str(got))
    assert got_s == want, f"{field}: {got_s!r} != {want!r}"


POS = [r for r in CASES if r["case"] == "pos"]


@pytest.mark.parametrize("row", POS, ids=_ids(POS))
def test_positive(row):
    text, anchor = row["text"], anchor_of(row)
    found = find_temporals(text, anchor)
    match = [e for e in found if e.text == row["span"]]
    assert match, f"{row['span']!r} not found; got {[e.text for e in found]}"
    e = match[0]
    assert text[e.start:e.end] == e.text
    _check("type", row["type"], e.type)
    _check("value", row["value"], e.value)
    _check("deadline", row["deadline"], deadline_of(e))
    _check("kind", row["kind"], deadline_kind(e))
    _check("rrule", row["rrule"], e.rrule)
    _check("mod", row["mod"], e.mod)
    if row["flags"] != "*":
        flags = set(filter(None, row["flags"].split(",")))
        assert e.year_from_anchor == ("yfa" in flags), "year_from_anchor"
        assert (e.warning is not None) == ("warn" in flags), f"warning {e.warning!r}"
        assert e.horizon == ("horizon" in flags), "horizon"


NEG = [r for r in CASES if r["case"] == "neg"]


@pytest.mark.parametrize("row", NEG, ids=_ids(NEG))
def test_negative(row):
    text = row["text"]
    span = row["span"]
    lo = text.index(span) if span else 0
    hi = lo + len(span) if span else len(text)
    for anchor in (None, date(2023, 7, 31)):
        found = [e for e in find_temporals(text, anchor) if e.start < hi and e.end > lo]
        assert not found, f"read as a date: {[(e.text, e.value) for e in found]}"


NODL = [r for r in CASES if r["case"] == "nodl"]


@pytest.mark.parametrize("row", NODL, ids=_ids(NODL))
def test_no_deadline(row):
    e = find_deadline(row["text"], anchor_of(row))
    assert e is None, f"deadline {e.text!r} -> {deadline_of(e)}"


NOREC = [r for r in CASES if r["case"] == "norec"]


@pytest.mark.parametrize("row", NOREC, ids=_ids(NOREC))
def test_no_recurrence(row):
    assert find_recurrence(row["text"]) is None


DL = [r for r in CASES if r["case"] == "dl"]


@pytest.mark.parametrize("row", DL, ids=_ids(DL))
def test_find_deadline(row):
    e = find_deadline(row["text"], anchor_of(row))
    assert e is not None
    assert e.text == row["span"]
    _check("deadline", row["deadline"], deadline_of(e))
    _check("kind", row["kind"], deadline_kind(e))


@pytest.mark.parametrize("text,anchor,span,want", [
    ("Quý II/2026", None, "Quý II/2026", "2026-06-30"),
    ("Tháng 3 năm 2025", None, "Tháng 3 năm 2025", "2025-03-31"),
    ("Năm 2026", None, "Năm 2026", "2026-12-31"),
    ("15/01/2026", None, "15/01/2026", "2026-01-15"),
    ("Ban hành trong tháng 01/2026, chậm nhất ngày 20/01/2026 báo cáo", None, "chậm nhất ngày 20/01/2026", "2026-01-20"),
])
def test_stated_deadline(text, anchor, span, want):
    """A time column (`Thời gian hoàn thành`) states a deadline: a bare time counts there,
    not in a sentence."""
    e = find_deadline(text, anchor, stated=True)
    assert e is not None and e.text == span and deadline_of(e).isoformat() == want
    if "chậm nhất" not in text:
        assert find_deadline("tổ chức tổng kết " + text.lower(), anchor) is None


def test_table_size():
    assert len(POS) >= 100 and len(NEG) + len(NODL) + len(NOREC) >= 30


# ------------------------------------------------------------------ API details
def test_offset_shifts_spans():
    text = "Hoàn thành trước 30/8/2023."
    [e] = find_temporals(text, offset=100)
    assert (e.start, e.end) == (111, 126) and text[e.start - 100:e.end - 100] == e.text


def test_timeexpr_interface():
    e = find_temporals("trong quý IV/2022")[0]
    assert isinstance(e, TimeExpr)
    assert e.interval == (date(2022, 10, 1), date(2022, 12, 31))
    assert e.granularity == "quarter" and e.rrule is None and e.year_from_anchor is False


def test_parse_date():
    assert parse_date("Sao Vàng, ngày 31 tháng 7 năm 2023") == date(2023, 7, 31)
    assert parse_date("tháng 8/2023") is None  # not day-precise
    assert parse_date("Ngày 23/2", date(2024, 3, 1)) == date(2024, 2, 23)
    assert parse_date("Ngày 23/2") is None
    assert parse_date("") is None


def test_find_recurrence():
    e = find_recurrence("tổng hợp, báo cáo Ban Chỉ đạo vào chiều thứ Sáu hàng tuần.")
    assert e is not None and e.rrule == "FREQ=WEEKLY;BYDAY=FR"
    assert find_recurrence("hoàn thành trước 30/8/2023") is None


def test_deadline_of_year_less_date_rolls_to_next_year():
    # the value keeps the nearest year (an event), the deadline looks forward
    [e] = find_temporals("hoàn thành trước 15/3", date(2023, 11, 20))
    assert e.value == "2024-03-15" and deadline_of(e) == date(2024, 3, 15)
    [e] = find_temporals("hoàn thành trước 20/11", date(2023, 11, 25))  # a few days late: same year
    assert deadline_of(e) == date(2023, 11, 20)


def test_several_expressions_in_order():
    text = ("Chiều ngày 20/10/2021, Ban Chỉ đạo họp; giao phòng Tài chính hoàn thành trước 30/10/2021, "
            "báo cáo hàng tháng và tổng kết cuối năm 2021.")
    found = find_temporals(text)
    assert [e.text for e in found] == ["Chiều ngày 20/10/2021", "trước 30/10/2021", "hàng tháng", "cuối năm 2021"]
    assert all(text[e.start:e.end] == e.text for e in found)


def test_no_time_words_is_fast_path():
    assert find_temporals("Ủy ban nhân dân phường tổ chức hội nghị sơ kết") == []


# ------------------------------------------------------------------ lunar calendar
KNOWN_TET = {
    1985: date(1985, 1, 21), 2007: date(2007, 2, 17), 2017: date(2017, 1, 28), 2020: date(2020, 1, 25),
    2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22), 2024: date(2024, 2, 10),
    2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2030: date(2030, 2, 2),
}


@pytest.mark.parametrize("year", sorted(KNOWN_TET))
def test_tet_known_dates(year):
    assert tet_date(year) == KNOWN_TET[year]


def test_tet_table_matches_algorithm():
    for year in range(1900, 2101):
        assert tet_date(year) == lunar_to_solar(1, 1, year), year


def test_tet_against_lunardate_only_where_calendars_differ():
    """lunardate follows the Chinese calendar (UTC+8); Vietnam's (UTC+7 since 1968) differs
    from it in a few years only, and those differences are the documented ones."""
    import lunardate
    differ = set()
    for year in range(1990, 2051):
        chinese = lunardate.LunarDate(year, 1, 1)
        chinese = chinese.to_solar_date() if hasattr(chinese, "to_solar_date") else chinese.toSolarDate()
        if chinese != tet_date(year):
            differ.add(year)
    assert differ == {2007, 2030}


def test_lunar_dates():
    assert lunar_to_solar(15, 8, 2023) == date(2023, 9, 29)   # Tết Trung thu 2023
    assert lunar_to_solar(10, 3, 2024) == date(2024, 4, 18)   # Giỗ Tổ Hùng Vương 2024
    assert lunar_to_solar(1, 2, 2023, leap=True) == date(2023, 3, 22)  # 2023 had a leap 2nd month
    assert lunar_to_solar(1, 5, 2023, leap=True) is None


# ------------------------------------------------------------------ properties
from hypothesis import given, settings, strategies as st  # noqa: E402  (a test dependency)


def _strategies():
    pieces = st.sampled_from([
        "ngày", "tháng", "năm", "quý", "tuần", "trước", "đến", "trong", "từ", "cuối", "đầu", "giữa",
        "hàng", "hằng", "thứ Sáu", "chủ nhật", "Tết", "âm lịch", "nhiệm kỳ", "giai đoạn", "/", ".", "-",
        "–", " ", ", ", "IV", "II", "0", "1", "2", "9", "12", "13", "29", "30", "31", "32", "2023", "2024",
        "1900", "2100", "99", "tiêu chí", "%", "h", "giờ", ":", "(", ")", "và", "lần", "mỗi", "định kỳ",
    ])
    text = st.one_of(st.text(max_size=80), st.lists(pieces, max_size=25).map("".join),
                     st.lists(pieces, max_size=25).map(" ".join))
    anchor = st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
    return text, anchor


def _iso_ok(value: str | None) -> None:
    if value is None or value.startswith("P"):
        return
    for part in value.split("/"):
        if len(part) == 10:
            date.fromisoformat(part)           # raises on an impossible date
        elif len(part) == 7 and part[4] == "-" and part[5:].isdigit():
            assert 1 <= int(part[5:]) <= 12


def _check_expressions(text, anchor, offset):
    found = find_temporals(text, anchor, offset)
    last_end = offset
    for e in found:
        assert text[e.start - offset:e.end - offset] == e.text
        assert e.start >= last_end and e.end > e.start
        last_end = e.end
        assert e.type in ("date", "period", "duration", "set")
        _iso_ok(e.value)
        if e.interval:
            assert e.interval[0] <= e.interval[1]
        if e.type == "set":
            assert e.rrule and e.rrule.startswith("FREQ=")
        deadline_kind(e)
    find_deadline(text, anchor)


def test_never_raises_spans_exact_dates_possible():
    text, anchor = _strategies()
    run = settings(max_examples=400, deadline=None)(
        given(text, anchor, st.integers(min_value=0, max_value=1000))(_check_expressions))
    run()


def _check_impossible(d, m, y, sep):
    text = f"ngày {d}{sep}{m}{sep}{y}"
    found = [e for e in find_temporals(text) if e.granularity == "day"]
    try:
        real = date(y, m, d)
    except ValueError:
        real = None
    if real is None:
        assert not found
    else:
        assert found and found[0].interval == (real, real)


def test_impossible_dates_never_match():
    run = settings(max_examples=300, deadline=None)(given(
        st.integers(0, 40), st.integers(0, 15), st.integers(1990, 2050), st.sampled_from(["/", "-", "."]))(
        _check_impossible))
    run()


@pytest.mark.parametrize("text, value", [
    ("Thời gian: 14 giờ 00, ngày 08/01/2024.", "2024-01-08"),
    ("vào lúc 8 giờ 00, ngày 15/3/2023 tại hội trường", "2023-03-15"),
    ("Thời gian: 14 giờ 30, ngày 08/01/2024.", "2024-01-08"),
])
def test_clock_minutes_are_not_a_day(text, value):
    """`00` after `giờ` is a minute: never day 0 (which once crashed the pipeline)."""
    assert [t.value for t in find_temporals(text, date(2024, 1, 5))] == [value]


@pytest.mark.parametrize("text, value", [
    ("hoàn thành trong vòng hai mươi ngày", "P20D"),
    ("trong hai mươi mốt ngày làm việc", "P21D"),
    ("trong mười lăm ngày kể từ ngày nhận", "P15D"),
    ("trong mười năm tới", "P10Y"),       # `mười năm` is ten years, not 15
    ("trong tháng Tư năm 2024", "2024-04"),
])
def test_number_words_of_several_syllables(text, value):
    assert [t.value for t in find_temporals(text, date(2024, 1, 5))] == [value]
