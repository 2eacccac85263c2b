"""The one deadline rule (`find_deadline`, used by tasks, task tables and the benchmarks),
the last day an expression allows, and recurrences."""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from extractors.lang import word_list
from extractors.temporal.expr import TimeExpr
from extractors.temporal.search import find_temporals


def deadline_of(expr: TimeExpr) -> date | None:
    """The last day the expression allows (RECORDS.md): `trước 30/8/2023` → 2023-08-30,
    `quý IV/2022` → 2022-12-31, `trong 10 ngày` → anchor + 10 days; None for repeating
    expressions, terms/horizons and starting points (`từ ngày …`, `tính đến …`, `sau …`)."""
    return expr.deadline


def deadline_kind(expr: TimeExpr) -> str | None:
    """`before` (trước), `by` (chậm nhất, đến, a bare date or `cuối …`), `within` (trong …, a
    bare month/quarter/year, a duration); None when the expression gives no deadline."""
    if expr.deadline is None:
        return None
    if expr.cue == "before":
        return "before"
    if expr.cue in ("by", "until"):
        return "by"
    if expr.cue == "within" or expr.type == "duration":
        return "within"
    if expr.granularity == "day" or expr.mod == "end":
        return "by"
    return "within"


_REF_BEFORE = re.compile(
    r"(?:\d+\s*[/\-]\s*[A-ZĐ][\w\-/.]*|(?<!\w)[A-ZĐ][A-ZĐa-zđ]*(?:-[A-ZĐa-zđ]+)*/[A-ZĐ][\w\-]*|(?:[Qq]uyết\s+định|[Nn]ghị\s+(?:quyết|định)|[Tt]hông\s+(?:báo|tư)|"
    r"[Kk]ế\s+hoạch|[Cc]hỉ\s+thị|[Cc]ông\s+(?:văn|điện)|[Vv]ăn\s+bản|[Tt]ờ\s+trình|[Bb]áo\s+cáo|[Ll]uật)"
    r"(?:\s+số)?\s*[\w\-/.]*)\s*,?\s*(?:ban\s+hành\s+)?\Z")
_DEADLINE_CUES = ("before", "by", "until", "within")
_BINDING = re.compile(r"(?:chậm|muộn)\s+nhất", re.I)


@lru_cache(maxsize=1)
def _completion() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Completion words just before a bare time (`phấn đấu`, `hoàn thành (vào)`) and just
    after it (`phải hoàn thành`, `xong`, or the colon of a timetable line `Tháng 7/2010: …`),
    and the past markers that make a time the date of a fact."""
    words = "|".join(r"\s+".join(map(re.escape, w.split()))
                     for w in sorted(word_list("deadline_completion.txt"), key=len, reverse=True))
    before = re.compile(r"(?<!\w)(?:" + words + r")\s*$", re.I)
    after = re.compile(r"^\s*(?::|(?:" + words + r")(?!\w))", re.I)
    past = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, word_list("temporal_past.txt"))) + r")(?!\w)", re.I)
    return before, after, past


def find_deadline(text: str, anchor: date | None = None, stated: bool = False,
                  found: list[TimeExpr] | tuple[TimeExpr, ...] | None = None) -> TimeExpr | None:
    """The deadline of a task written in `text`, or None: the one rule every extractor uses.

    An expression with a deadline cue (`trước`, `chậm nhất`, `đến`, `trong`) counts, and the
    binding `chậm nhất …` wins over an earlier cued one; else a bare time does when the text
    is itself a time (`stated`: a table's `Thời hạn` column), when a completion word is next
    to it (`phấn đấu tháng 3/2024 phải hoàn thành`, `Cuối tháng 4/2010: …`) or when it is the
    time the task's event happens (`vào ngày 28/12`, `vào dịp 2/9`, unless a past marker
    came before it: `đã hoàn thành, thông xe dịp 19/12`).  Never counted:
    repeating expressions, terms and programme horizons (`nhiệm kỳ 2020 – 2025`, `Đề án …
    đến năm 2020`), starting points, a bare year (`công tác tuyển quân năm 2022` names the
    work, not its deadline), the dates of cited documents (`Quyết định số 1956/QĐ-TTg ngày
    27/11/2009`) and uncued dates that had passed more than a month before the anchor.
    A cued deadline that has passed is kept as written.  `found`: the expressions of
    `find_temporals(text, anchor)` when the caller has them already.
    """
    before, after, past = _completion()
    cued = bare = None
    for e in found if found is not None else find_temporals(text, anchor):
        dl = e.deadline
        if dl is None or e.type == "set" or e.horizon:
            continue
        if e.cue == "until" and e.granularity == "year" and e.mod is None:
            continue  # `Đề án … đến năm 2020`
        if e.cue in _DEADLINE_CUES:
            if _BINDING.match(e.text):
                return e
            cued = cued or e
            continue
        if e.cue not in (None, "at") or bare is not None:
            continue
        if _REF_BEFORE.search(text, max(0, e.start - 60), e.start):
            continue
        if anchor is not None and dl < anchor - timedelta(days=31):
            continue
        if e.granularity == "year" and not e.mod and not stated:
            continue  # `mô hình Dân vận khéo năm 2022`, `tăng trưởng năm 2026`: what, not when
        event = e.cue == "at" and not past.search(text, 0, e.start)
        if stated or event or before.search(text[:e.start]) or after.match(text[e.end:]):
            bare = e
    return cued or bare


def find_recurrence(text: str) -> TimeExpr | None:
    """The first repeating expression (`hàng tuần`, `chiều thứ Sáu hàng tuần` …), or None."""
    return next((e for e in find_temporals(text) if e.type == "set"), None)
