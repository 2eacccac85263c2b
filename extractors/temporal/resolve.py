"""Step 3: resolve a parsed core against the anchor date into a `TimeExpr`."""
from __future__ import annotations

from datetime import date, timedelta

from extractors.temporal.expr import TimeExpr
from extractors.temporal.lunar import lunar_to_solar, tet_date
from extractors.temporal.patterns import _LIST_GAP, _UNIT_GRAN, _UNIT_ISO
from extractors.temporal.scanner import _P, _days_in


# --------------------------------------------------------------------------- resolution
def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, _days_in(y, m))


def _months_span(y: int, m1: int, m2: int) -> tuple[date, date]:
    return date(y, m1, 1), date(y, m2, _days_in(y, m2))


def _week_span(d: date) -> tuple[date, date]:
    mon = d - timedelta(days=d.weekday())
    return mon, mon + timedelta(days=6)


def _narrow(span: tuple[date, date], gran: str, pos: str | None) -> tuple[date, date]:
    if not pos:
        return span
    lo, hi = span
    if gran == "month":
        cut = {"start": (1, 10), "mid": (11, 20), "end": (21, hi.day)}[pos]
        return lo.replace(day=cut[0]), lo.replace(day=cut[1])
    if gran == "year":
        months = {"start": (1, 3), "mid": (6, 7), "end": (10, 12)}[pos]
        return _months_span(lo.year, *months)
    if gran == "quarter":
        k = {"start": 0, "mid": 1, "end": 2}[pos]
        return _month_span(lo.year, lo.month + k)
    if gran == "week":
        k = {"start": (0, 1), "mid": (2, 3), "end": (5, 6)}[pos]
        return lo + timedelta(days=k[0]), lo + timedelta(days=k[1])
    return span


def _shift(d: date, unit: str, n: int, work: bool = False) -> date:
    if unit == "ngày":
        if not work:
            return d + timedelta(days=n)
        step, left = (1 if n > 0 else -1), abs(n)
        while left:
            d += timedelta(days=step)
            if d.weekday() < 5:
                left -= 1
        return d
    if unit == "tuần":
        return d + timedelta(weeks=n)
    months = {"tháng": 1, "quý": 3, "năm": 12}[unit] * n
    y, m = _add_months(d.year, d.month, months)
    return date(y, m, min(d.day, _days_in(y, m)))


class _Resolved:
    __slots__ = ("type", "value", "gran", "interval", "from_anchor", "warning", "deadline")

    def __init__(self, type_, value=None, gran=None, interval=None, from_anchor=False, warning=None,
                 deadline=None):
        self.type, self.value, self.gran, self.interval = type_, value, gran, interval
        self.from_anchor, self.warning, self.deadline = from_anchor, warning, deadline


def _nearest_year(make, anchor: date) -> int | None:
    """The year (anchor's ±1) whose occurrence lies nearest the anchor; ties go to the anchor's."""
    best = None
    for y in (anchor.year, anchor.year - 1, anchor.year + 1):
        span = make(y)
        if span is None:
            continue
        gap = 0 if span[0] <= anchor <= span[1] else min(abs((span[0] - anchor).days), abs((span[1] - anchor).days))
        if best is None or gap < best[0]:
            best = (gap, y)
    return best[1] if best else None


def _rolled(make, anchor: date) -> date | None:
    """Deadline of a year-less date: the anchor's year, or the next if it passed >30 days before."""
    for y in (anchor.year, anchor.year + 1):
        span = make(y)
        if span is not None and span[1] >= anchor - timedelta(days=30):
            return span[1]
    return None


def _fixed_maker(p: _P):
    """year -> interval for year-less cores that recur every year (day, month, holiday)."""
    if p.g == "day":
        def make(y):
            if p.lunar:
                d = lunar_to_solar(p.d, p.m, y)
                return (d, d) if d else None
            return (date(y, p.m, p.d),) * 2 if p.d <= _days_in(y, p.m) else None
        return make
    if p.g == "month":
        return lambda y: _narrow(_month_span(y, p.m), "month", p.pos)
    if p.g == "hol":
        cal, mo, d = p.hol

        def make_h(y):
            day = (tet_date(y) if (mo, d) == (1, 1) else lunar_to_solar(d, mo, y)) if cal == "lunar" \
                else date(y, mo, d)
            return (day, day) if day else None
        return make_h
    return None


def _resolve(p: _P, anchor: date | None, src: str) -> _Resolved | None:
    text = src[p.start:p.end]
    g = p.g
    if g == "set":
        n, unit = p.n or 1, p.unit
        value = f"P{n}{_UNIT_ISO[unit]}" if unit != "quý" else "P3M"
        return _Resolved("set", value, _UNIT_GRAN[unit])
    if g == "dur":
        value = f"P{p.n}{_UNIT_ISO[p.unit]}" if p.unit != "quý" else f"P{3 * p.n}M"
        r = _Resolved("duration", value, _UNIT_GRAN[p.unit])
        if anchor is None:
            r.warning = f"'{text}' counts from an unknown date: no anchor date"
            return r
        if p.direction == "back":
            r.interval = (_shift(anchor, p.unit, -p.n, p.work), anchor)
        else:
            r.interval = (anchor, _shift(anchor, p.unit, p.n, p.work))
            r.deadline = r.interval[1]
        r.from_anchor = True
        return r
    if g == "range":
        a, b = p.sub
        if p.to_now:
            ra = _resolve(a, anchor, src)
            if ra is None or ra.interval is None or anchor is None:
                return _Resolved("period", None, ra.gran if ra else None, None, warning=(
                    f"'{text}' ends today: no anchor date" if anchor is None else None))
            return _Resolved("period", f"{ra.interval[0].isoformat()}/{anchor.isoformat()}", "day",
                             (ra.interval[0], anchor), True, None, anchor)
        if a.y is None and not a.years and b.y is not None:
            a.y, a.inherited = b.y, True
            if a.g in ("day", "month") and (a.m or 0) > (b.m or 0):
                a.y = b.y - 1      # `từ 28/12 đến 5/1/2024`
        if b.y is None and a.y is not None and a is not b and not a.inherited:
            b.y, b.inherited = a.y, True
            if b.g in ("day", "month") and (b.m or 0) < (a.m or 0):
                b.y = a.y + 1
        ra, rb = _resolve(a, anchor, src), _resolve(b, anchor, src)
        if ra is None or rb is None:
            return None
        warn = ra.warning or rb.warning
        if ra.interval is None or rb.interval is None:
            return _Resolved("period", None, rb.gran, None, warning=warn)
        lo, hi = ra.interval[0], rb.interval[1]
        if hi < lo:
            return None
        return _Resolved("period", f"{ra.value}/{rb.value}", rb.gran, (lo, hi),
                         ra.from_anchor or rb.from_anchor, warn, hi)
    if g == "yrange":
        return _Resolved("period", f"{p.y}/{p.n}", "year", (date(p.y, 1, 1), date(p.n, 12, 31)))

    # ---- single dates and periods
    from_anchor = False
    y = p.y
    if y is None and p.years:                          # can-chi year: the cycle nearest the anchor
        ref = anchor.year if anchor else 2020
        y = min(p.years, key=lambda c: (abs(c - ref), c))
        from_anchor = anchor is not None
    if g in ("rel", "wd") or (y is None and p.rel is not None):
        if anchor is None:
            return _Resolved("date" if g == "wd" else "period", None, _UNIT_GRAN.get(p.unit or "", "day")
                             if g != "wd" else "day", warning=f"'{text}' is relative: no anchor date")
        return _resolve_relative(p, anchor, src)
    maker = _fixed_maker(p) if y is None else None
    if y is None:
        if anchor is None:
            gran = {"day": "day", "month": "month", "hol": "day", "quarter": "quarter",
                    "nmonths": "month", "year": "year"}.get(g, g)
            return _Resolved("date" if gran == "day" else "period", None, gran,
                             warning=f"year of '{text}' unknown: no anchor date")
        if maker is not None:
            y = _nearest_year(maker, anchor)
            if y is None:
                return None
        else:
            y = anchor.year
        from_anchor = True
    r = _resolve_fixed(p, y)
    if r is None:
        return None
    r.from_anchor = from_anchor
    if r.interval is not None:
        r.deadline = r.interval[1]
        if from_anchor and maker is not None:
            r.deadline = _rolled(maker, anchor)
    return r


def _resolve_fixed(p: _P, y: int) -> _Resolved | None:
    g = p.g
    if g in ("day", "hol"):
        if g == "hol":
            span = _fixed_maker(p)(y)
            if span is None:
                return None
            d = span[0]
        elif p.lunar:
            d = lunar_to_solar(p.d, p.m, y)
            if d is None:
                return None
        else:
            if not (1 <= p.m <= 12 and 1 <= p.d <= _days_in(y, p.m)):
                return None  # "14 giờ 00" is a time, not day 0
            d = date(y, p.m, p.d)
        return _Resolved("date", d.isoformat(), "day", (d, d))
    if g == "month":
        return _Resolved("period", f"{y}-{p.m:02d}", "month", _narrow(_month_span(y, p.m), "month", p.pos))
    if g == "quarter":
        span = _months_span(y, 3 * p.n - 2, 3 * p.n)
        return _Resolved("period", f"{y}-Q{p.n}", "quarter", _narrow(span, "quarter", p.pos))
    if g == "nmonths":
        n = p.n
        m1, m2 = (1, n) if p.first else (13 - n, 12)
        if n == 6:
            value, gran = f"{y}-H{1 if p.first else 2}", "half"
        elif n == 3:
            value, gran = f"{y}-Q{1 if p.first else 4}", "quarter"
        else:
            value, gran = f"{y}-{m1:02d}/{y}-{m2:02d}", "month"
        return _Resolved("period", value, gran, _months_span(y, m1, m2))
    if g == "year":
        return _Resolved("period", str(y), "year", _narrow((date(y, 1, 1), date(y, 12, 31)), "year", p.pos))
    if g == "week":
        lo = date.fromisocalendar(y, p.n, 1)
        return _Resolved("period", f"{y}-W{p.n:02d}", "week", (lo, lo + timedelta(days=6)))
    return None


def _resolve_relative(p: _P, anchor: date, src: str) -> _Resolved | None:
    rel = p.rel or 0
    if p.g == "wd":
        lo, _ = _week_span(anchor)
        if p.rel is None:                       # the next such weekday on or after the anchor
            d = anchor + timedelta(days=(p.wd - anchor.weekday()) % 7)
        else:
            d = lo + timedelta(weeks=rel, days=p.wd)
        return _Resolved("date", d.isoformat(), "day", (d, d), True, deadline=d)
    unit = p.unit
    if p.g in ("quarter", "nmonths", "month") and p.rel is not None:
        r = _resolve_fixed(p, anchor.year + rel)       # `quý I năm tới`, `tháng 3 năm nay`
        if r is not None:
            r.from_anchor, r.deadline = True, r.interval[1]
        return r
    if unit == "ngày":
        d = anchor + timedelta(days=rel)
        return _Resolved("date", d.isoformat(), "day", (d, d), True, deadline=d)
    if unit == "tuần":
        lo, hi = _week_span(anchor + timedelta(weeks=rel))
        iso = lo.isocalendar()
        span = _narrow((lo, hi), "week", p.pos)
        return _Resolved("period", f"{iso[0]}-W{iso[1]:02d}", "week", span, True, deadline=span[1])
    if unit == "tháng":
        y, m = _add_months(anchor.year, anchor.month, rel)
        span = _narrow(_month_span(y, m), "month", p.pos)
        return _Resolved("period", f"{y}-{m:02d}", "month", span, True, deadline=span[1])
    if unit == "quý":
        q = (anchor.month - 1) // 3 + rel
        y, q = anchor.year + q // 4, q % 4 + 1
        span = _narrow(_months_span(y, 3 * q - 2, 3 * q), "quarter", p.pos)
        return _Resolved("period", f"{y}-Q{q}", "quarter", span, True, deadline=span[1])
    if unit == "năm":
        y = anchor.year + rel
        span = _narrow((date(y, 1, 1), date(y, 12, 31)), "year", p.pos)
        return _Resolved("period", str(y), "year", span, True, deadline=span[1])
    return None


_NO_DEADLINE_CUES = ("from", "as_of", "after")
_CUE_MOD = {"before": "before", "by": "by", "until": "by", "approx": "approx"}


def _build(p: _P, anchor: date | None, text: str, offset: int) -> TimeExpr | None:
    r = _resolve(p, anchor, text)
    if r is None:
        return None
    if r.interval is not None and r.gran == "day" and r.type == "period" and r.interval[0] == r.interval[1]:
        r.type = "date"
    horizon = p.horizon
    deadline = None if (horizon or r.type == "set" or p.cue in _NO_DEADLINE_CUES) else r.deadline
    mod = p.pos or _CUE_MOD.get(p.cue or "")
    if p.g == "range":
        mod = None
    return TimeExpr(
        start=p.start + offset, end=p.end + offset, text=text[p.start:p.end], type=r.type,
        value=r.value, granularity=r.gran, mod=mod, interval=r.interval,
        rrule=p.rrule if r.type == "set" else None, year_from_anchor=r.from_anchor and not p.inherited,
        warning=r.warning, cue=p.cue, horizon=horizon, deadline=deadline)


def _inherit_list_years(parsed: list[_P], text: str) -> None:
    """`ngày 30/4 và 1/5/2024`, `tháng 1, 2 và 3/2024`: a year written once serves the list."""
    for i in range(len(parsed) - 2, -1, -1):
        a, b = parsed[i], parsed[i + 1]
        if a.y is None and not a.years and a.rel is None and b.y is not None and a.g == b.g \
                and a.g in ("day", "month", "quarter") and _LIST_GAP.match(text[a.end:b.core_start]):
            a.y, a.inherited = b.y, True
