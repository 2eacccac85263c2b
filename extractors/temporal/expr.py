"""The result type: one temporal expression with its span, TIMEX3-like value and cue."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TimeExpr:
    start: int            # span in the text passed in (+ offset)
    end: int
    text: str             # exactly text[start-offset:end-offset]
    type: str             # "date" | "period" | "duration" | "set"
    value: str | None     # TIMEX3-like ISO: "2023-08-30", "2023-08", "2022-Q4", "2024-H1", "2024", "P10D"
    granularity: str | None  # "day" | "month" | "quarter" | "half" | "year" | "week"
    mod: str | None       # "before" | "by" | "start" | "mid" | "end" | "approx" | None
    interval: tuple[date, date] | None   # first and last day covered
    rrule: str | None     # RFC 5545 RRULE for "set" (repeating) expressions
    year_from_anchor: bool = False       # year was not written, taken from the anchor
    warning: str | None = None           # e.g. "year of 'Ngày 23/2' unknown: no anchor date"
    # --- additions (not in the original interface; defaults keep it compatible) ---
    cue: str | None = None        # word before it: before|by|until|within|from|as_of|at|after|approx
    horizon: bool = False         # a term or programme horizon (`nhiệm kỳ 2020 – 2025`): never a deadline
    deadline: date | None = None  # what deadline_of() returns, resolved against the anchor
