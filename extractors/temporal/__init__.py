"""Vietnamese temporal expressions: find them, normalise them, and read deadlines off them.

`find_temporals(text, anchor)` returns every date, period, duration and repeating
expression of Vietnamese administrative writing with its exact span and a TIMEX3-like
value: `ngày 31 tháng 7 năm 2023`, `trước 30/8/2023`, `Chiều 13/4`, `tháng 2.2026`,
`quý IV/2022`, `6 tháng đầu năm 2024`, `nửa đầu năm 2026`, `cuối năm`, `tuần tới`,
`trong 10 ngày`, `từ ngày 1/8 đến ngày 15/8/2023`, `trước Tết Nguyên đán`,
`chiều thứ Sáu hàng tuần` (RRULE `FREQ=WEEKLY;BYDAY=FR`), `định kỳ hàng quý` …
while leaving alone what only looks like a date: `đạt 3/9 tiêu chí`, `2/3 số hộ`,
`106/TB-UBND`, `47/2006/QĐ-UBND`, phone numbers, money, `(SN 1994)`, `World Cup 2022`.

How it works, in three steps, all with regexes compiled once at import:
1. scan: one master regex finds the next position where some *core* (a numeric date,
   `tháng 8/2023`, `quý IV`, `hàng tuần`, a holiday name …) can start; the cores are then
   tried there in priority order.  A core that is only a number pair (`23/2`, `5/2024`,
   `2025`) is *weak*: it is kept only with a cue before it (`ngày`, `trước`, `đến`, `dịp`,
   `chiều`, a weekday …), as the second half of a range, or in a list after a cued one,
   and never when a counted noun follows (`tiêu chí`, `hộ`, `%`…).
2. extend: the words before a core (`chậm nhất là vào chiều thứ Sáu, ngày …`) join the
   span and give its *cue* (before/by/until/within/from/as_of/at/after/approx); a range
   (`từ … đến …`, `28/7 - 4/8/2023`) joins two cores, and a core without a year takes the
   year of the core it is listed or ranged with (`ngày 30/4 và 1/5/2024`).
3. resolve: against the anchor date (the document's date): a year that was not written
   is taken from the anchor (`year_from_anchor`), relative expressions are computed from
   it, and without an anchor the value stays None with a `warning`.

Types: `date` (one day), `period` (a month, quarter, half, year, week or a range),
`duration` (`trong 10 ngày`), `set` (repeating, with an RFC 5545 RRULE).  Lunar dates
(`Tết Nguyên đán`, `ngày 10/3 âm lịch`) use the Vietnamese lunar calendar (UTC+7, as in
Vietnam since 1968; it differs from the Chinese calendar of `lunardate` in e.g. 2007 and
2030); `lang/vi/temporal_tet.tsv` holds the computed Tết dates for 1900-2100.
"""
from __future__ import annotations

from extractors.temporal.deadlines import deadline_kind, deadline_of, find_deadline, find_recurrence
from extractors.temporal.expr import TimeExpr
from extractors.temporal.lunar import lunar_to_solar, tet_date
from extractors.temporal.search import find_temporals, parse_date

__all__ = [
    "TimeExpr", "find_temporals", "parse_date", "deadline_of", "deadline_kind",
    "find_deadline", "find_recurrence", "lunar_to_solar", "tet_date",
]
