"""Step 1 and 2: find the cores in a text, extend them with their cue words, join ranges and lists."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from extractors.temporal.lunar import _canchi_years
from extractors.temporal.patterns import (
    DASH, _BARE_NUMBERS, _BYDAY_ORDER, _CLOCK_BEFORE, _CLOSE_PAREN, _COUNTED, _DATE_AFTER_WD,
    _FLAGS, _HANG_BEFORE, _HOLIDAY, _HORIZON_AFTER, _HORIZON_CONTEXT, _LEFT, _LEFT_LAST,
    _LEFT_WINDOW, _LIST_GAP, _LUNAR_RIGHT, _POS_MOD, _PRE, _QUARTERS, _RANGE_JOIN, _REL_DELTA,
    _TIME_RIGHT, _TO_NOW, _UNIT_AFTER, _VAGUE_BEFORE, _WD_ONE, _WEAK_BEFORE, _WEEKDAYS, _candidates,
    _cores_at, _key, _num)


# --------------------------------------------------------------------------- parsed cores
@dataclass
class _P:
    """One expression as read, before resolution against the anchor."""

    start: int
    end: int
    g: str                      # day|month|quarter|nmonths|year|yrange|week|rel|dur|set|wd|hol|range
    y: int | None = None
    m: int | None = None
    d: int | None = None
    n: int | None = None
    first: bool = True          # nmonths: the first N months (else the last N)
    pos: str | None = None      # start|mid|end
    unit: str | None = None
    rel: int | None = None      # relative offset (tuần tới = +1); for g=year-like "năm nay" = 0
    cue: str | None = None
    weak: bool | None = False   # needs a cue: None/True (see _Scanner.parse_at)
    lunar: bool = False
    work: bool = False
    direction: str | None = None  # duration: forward|back
    rrule: str | None = None
    label: str | None = None
    horizon: bool = False
    inherited: bool = False     # year taken from a sibling in a range or list
    years: tuple[int, ...] = ()  # candidate years (can-chi)
    hol: tuple[str, int, int] | None = None
    wd: int | None = None
    sub: tuple["_P", "_P"] | None = None
    to_now: bool = False
    core_start: int = 0
    name: str = ""


def _days_in(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _valid_dm(d: int, m: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= (29 if m == 2 else _days_in(2000, m))


def _weekday_code(s: str) -> str:
    return _WEEKDAYS[_key(s)]


def _weekdays(s: str) -> list[str]:
    """BYDAY codes of a weekday list; `từ thứ Hai đến thứ Sáu` expands to MO..FR."""
    found = [(m.start(), _weekday_code(m.group())) for m in _WD_ONE.finditer(s)]
    codes = [c for _, c in found]
    if len(found) == 2 and re.search(rf"(?:đến|tới|{DASH})", s[found[0][0]:found[1][0]], _FLAGS):
        i, j = _BYDAY_ORDER.index(codes[0]), _BYDAY_ORDER.index(codes[1])
        if i < j:
            codes = list(_BYDAY_ORDER[i:j + 1])
    return sorted(set(codes), key=_BYDAY_ORDER.index)


class _Scanner:
    def __init__(self, text: str):
        self.text = text
        self.out: list[_P] = []
        self._left_cache: dict[tuple[int, int], re.Match | None] = {}

    # -- left context ---------------------------------------------------------
    def left(self, pos: int, floor: int) -> re.Match | None:
        """The cue, time of day, clock time and weekday just before a core (`chậm nhất là vào
        chiều thứ Sáu, ngày …`), or None.  The regex runs only when the last word can end one."""
        key = (pos, floor)
        if key not in self._left_cache:
            lo = max(floor, pos - _LEFT_WINDOW)
            tail = self.text[max(lo, pos - 16):pos].rstrip(" \t\n,(-\u2013'")
            i = len(tail)
            while i and tail[i - 1].isalnum():
                i -= 1
            word = tail[i:].lower()
            if word and (word in _LEFT_LAST or word[-1].isdigit() or word[:-1].isdigit()):
                self._left_cache[key] = _LEFT.search(self.text, lo, pos)
            else:
                self._left_cache[key] = None
        return self._left_cache[key]

    # -- main loop ------------------------------------------------------------
    def run(self) -> list[_P]:
        pos = floor = 0
        for at, cores in _candidates(self.text):
            if at < pos:
                continue
            p = self.parse_at(at, floor, cores=cores)
            if p is not None:
                self.out.append(p)
                pos = floor = p.end
        return self.out

    def parse_at(self, at: int, floor: int, joined: bool = False, cores=None) -> _P | None:
        """The first core that parses at `at`, with its left context, range and right context.

        A handler marks a core that needs a cue with `weak=None` (`23/2`, `5/2024`, `2025`)
        or `weak=True`; such a core is kept only when the words before it, the list it is in
        or the range it opens supply one.  `joined`: the second half of a range (its cue is
        the joiner itself).
        """
        text = self.text
        if at >= len(text):
            return None
        if cores is None:
            cores = _cores_at(text, at)
        for name, rx in cores:
            m = rx.match(text, at)
            if not m:
                continue
            p = getattr(self, "_" + name)(m)
            if p is None:
                continue
            p.name, p.core_start = name, at
            needs_cue = p.weak is None or p.weak is True
            if joined:
                p.weak = False
                return p
            left = self.left(at, floor)
            if left is not None and left.start() < at:
                p.start = left.start()
                p.cue = next((k for k in _PRE if left.group(k)), None)
            else:
                left = None
            p.weak = needs_cue and left is None and not self._listed(p, at)
            if not self._accept(p, m, left):
                continue
            rng = self._range(p)
            if rng is not None:
                p = rng
            elif p.weak:
                continue
            return self._extend_right(p)
        return None

    def _listed(self, p: _P, at: int) -> bool:
        """A weak core right after a cued one of the same kind (`dịp 30/4 và 1/5`)."""
        if not self.out:
            return False
        last = self.out[-1]
        return (last.g == p.g and last.end <= at
                and _LIST_GAP.match(self.text[last.end:at]) is not None)

    def _accept(self, p: _P, m: re.Match, left: re.Match | None) -> bool:
        text = self.text
        has_ng = "ng" in m.re.groupindex and m.group("ng")
        if p.name in _BARE_NUMBERS and not has_ng:
            if _COUNTED.match(text, p.end) or _CLOCK_BEFORE.search(text, max(0, p.core_start - 8), p.core_start):
                return False  # `5 hộ`, or the minutes of `14 giờ 00, ngày …`
            if p.name in ("daymonth", "dayrange") and _UNIT_AFTER.match(text, p.end):
                return False
            if p.name in ("daymonth", "bmonthyear", "bareyear") and _WEAK_BEFORE.search(text, max(0, p.start - 8), p.start):
                return False
        if p.name == "bareyear" and p.cue not in ("before", "by", "until", "from", "as_of") \
                and not self._listed(p, p.core_start):
            p.weak = True
        if p.name == "duration" and not (p.cue in ("within", "by", "until") or p.direction):
            return False
        if p.name == "weekday" and (p.rel is None and left is None):
            return False
        if p.name == "weekday" and _DATE_AFTER_WD.match(text, p.end):
            return False  # `thứ Sáu, ngày 4/8`: the weekday joins the date
        if p.g == "rel" and _VAGUE_BEFORE.search(text, max(0, p.core_start - 12), p.core_start):
            return False
        if p.name == "set" and p.label == "hàng" and \
                _HANG_BEFORE.search(text, max(0, p.core_start - 12), p.core_start):
            return False
        if p.g == "year" and p.cue == "until" and not p.pos:
            ctx = text[max(0, p.start - 120):p.start]
            if _HORIZON_CONTEXT.search(ctx) or _HORIZON_AFTER.match(text, p.end):
                p.horizon = True
        return True

    def _range(self, p: _P) -> _P | None:
        """`từ X đến Y`, `X - Y`, `từ X đến nay`; X may take its year from Y."""
        text = self.text
        if p.g in ("set", "dur", "yrange", "range"):
            return None
        if p.cue == "from":
            now = _TO_NOW.match(text, p.end)
            if now:
                return _P(p.start, now.end(), "range", sub=(p, p), to_now=True, cue="from",
                          name="range", core_start=p.core_start)
        j = _RANGE_JOIN.match(text, p.end)
        if not j:
            return None
        if not j.group("to") and p.cue not in (None, "from", "within", "at"):
            return None
        q = self.parse_at(j.end(), j.end(), joined=True)
        if q is None or q.g == "range":
            return None
        if q.name in _BARE_NUMBERS and (_COUNTED.match(text, q.end) or _UNIT_AFTER.match(text, q.end)):
            if p.name in _BARE_NUMBERS and text[p.core_start].isdigit():
                p.weak = True   # `từ 1/3 đến 2/3 diện tích`: fractions, both of them
            return None
        fam = {"day": "day", "hol": "day", "wd": "day", "month": "month", "quarter": "quarter",
               "year": "year", "nmonths": "nmonths"}
        if fam.get(p.g) is None or fam.get(p.g) != fam.get(q.g):
            return None
        q = self._extend_right(q)
        cue = "until" if p.cue == "from" or j.group("to") else p.cue   # `từ X đến Y`: by Y
        return _P(p.start, q.end, "range", sub=(p, q), cue=cue, name="range", core_start=p.core_start)

    def _extend_right(self, p: _P) -> _P:
        if "(" in self.text[p.start:p.end]:
            close = _CLOSE_PAREN.match(self.text, p.end)
            if close and self.text.count("(", p.start, p.end) > self.text.count(")", p.start, p.end):
                p.end = close.end()
        if p.g == "day" and p.name in ("numdate", "textdate", "daymonth", "textday", "iso"):
            lun = _LUNAR_RIGHT.match(self.text, p.end)
            if lun:
                p.lunar, p.end = True, lun.end()
            else:
                t = _TIME_RIGHT.match(self.text, p.end)
                if t and t.end() > p.end:
                    p.end = t.end()
        return p

    # -- core handlers: match -> _P or None -----------------------------------
    def _set(self, m):
        unit = _key(m.group("unit"))
        wds = m.group("wds")
        wds2 = m.group("wds2") if unit == "tuần" else None
        md = m.group("md") or m.group("md2")
        md3 = m.group("md3") if unit == "tháng" and not md else None   # `hằng tháng vào ngày 25`
        end = m.end() if (wds2 or md3) else m.end("unit")
        md = md or md3
        freq = {"ngày": "DAILY", "tuần": "WEEKLY", "tháng": "MONTHLY", "quý": "MONTHLY", "năm": "YEARLY"}[unit]
        parts = [f"FREQ={freq}"]
        if unit == "quý":
            parts.append("INTERVAL=3")
        byday = _weekdays((wds or "") + " " + (wds2 or ""))
        if wds and unit != "tuần":
            return None
        if byday:
            parts.append("BYDAY=" + ",".join(byday))
        if md:
            nums = [int(x) for x in re.findall(r"\d+", md)]
            if len(nums) == 2 and unit == "năm" and _valid_dm(*nums):
                parts += [f"BYMONTH={nums[1]}", f"BYMONTHDAY={nums[0]}"]
            elif len(nums) == 1 and unit == "tháng" and 1 <= nums[0] <= 31:
                parts.append(f"BYMONTHDAY={nums[0]}")
            else:
                return None
        pos = _POS_MOD.get(_key(m.group("pos") or ""))
        label = _key(m.group("q")) if not (wds or md or m.group("dk") or pos) else None
        return _P(m.start(), end, "set", unit=unit, n=3 if unit == "quý" else 1, pos=pos,
                  rrule=";".join(parts), label=label)

    def _every(self, m):
        n, unit = _num(m.group("n")), _key(m.group("unit"))
        if n < 1:
            return None
        freq = {"ngày": "DAILY", "tuần": "WEEKLY", "tháng": "MONTHLY", "năm": "YEARLY"}[unit]
        rule = f"FREQ={freq}" + (f";INTERVAL={n}" if n > 1 else "")
        return _P(m.start(), m.end(), "set", unit=unit, n=n, rrule=rule)

    def _periodic(self, m):
        n = _num(m.group("n")) if m.group("n") else 1
        unit = _key(m.group("unit"))
        if unit == "quý":
            unit, n = "tháng", 3 * n
        freq = {"tuần": "WEEKLY", "tháng": "MONTHLY", "năm": "YEARLY"}[unit]
        rule = f"FREQ={freq}" + (f";INTERVAL={n}" if n > 1 else "")
        return _P(m.start(), m.end(), "set", unit=unit, n=n, rrule=rule)

    def _iso(self, m):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if not (1 <= mo <= 12 and 1 <= d <= _days_in(y, mo)):
            return None
        return _P(m.start(), m.end(), "day", y=y, m=mo, d=d)

    def _yrange(self, m):
        a, b = int(m.group("a")), int(m.group("b"))
        lab = _key(m.group("lab") or "")
        if not (a < b <= a + 50):
            return None
        if m.group("sep") == "/" and not lab:
            return None
        p = _P(m.start(), m.end(), "yrange", y=a, n=b, label=lab or None, horizon=True)
        if m.group("from"):
            p.cue = "from"
        return p

    def _textdate(self, m):
        return self._day(m, int(m.group("d")), int(m.group("m")), int(m.group("y")))

    def _numdate(self, m):
        if _key(m.group("s1")) != _key(m.group("s2")):
            return None
        return self._day(m, int(m.group("d")), int(m.group("m")), int(m.group("y")))

    def _day(self, m, d, mo, y):
        if y is not None and not (1 <= mo <= 12 and 1 <= d <= _days_in(y, mo)):
            return None
        if y is None and not _valid_dm(d, mo):
            return None
        return _P(m.start(), m.end(), "day", y=y, m=mo, d=d)

    def _dayrange(self, m):
        a, b, mo = int(m.group("a")), int(m.group("b")), int(m.group("m"))
        y = int(m.group("y")) if m.group("y") else None
        if not (a < b) or not _valid_dm(b, mo) or (y and b > _days_in(y, mo)):
            return None
        p1 = _P(m.start(), m.start("a"), "day", y=y, m=mo, d=a, inherited=bool(y))
        p2 = _P(m.start("b"), m.end(), "day", y=y, m=mo, d=b)
        p = _P(m.start(), m.end(), "range", sub=(p1, p2))
        p.weak = not (m.group("ng") or y)
        return p

    def _holiday(self, m):
        cal, mo, d = _HOLIDAY[_key(m.group("name"))]
        dm = m.group("dm")
        if dm:
            dd, mm = (int(x) for x in dm.split("/"))
            if cal != "solar" or (dd, mm) != (d, mo):
                return None
        y = int(m.group("y")) if m.group("y") else None
        years = ()
        if m.group("cc"):
            can, chi = m.group("cc").split()
            years = tuple(_canchi_years(can, chi))
            if y is not None and y not in years:
                return None
        return _P(m.start(), m.end(), "hol", y=y, m=mo, d=d, hol=(cal, mo, d), years=years,
                  label=m.group("name"))

    def _xuan(self, m):
        can, chi = m.group("cc").split()
        years = tuple(_canchi_years(can, chi))
        y = int(m.group("y")) if m.group("y") else None
        if y is not None and y not in years:
            return None
        return _P(m.start(), m.end(), "hol", y=y, m=1, d=1, hol=("lunar", 1, 1), years=years, label="Tết")

    def _half(self, m):
        y = m.group("y") or m.group("y2")
        rel = _REL_DELTA[_key(m.group("rel"))] if m.group("rel") else None
        first = _key(m.group("w") or "đầu") == "đầu"
        n = 6 if m.group("half") else _num(m.group("n"))
        if not 1 <= n <= 11:
            return None
        return _P(m.start(), m.end(), "nmonths", y=int(y) if y else None, n=n, first=first, rel=rel)

    def _quarter(self, m):
        y = m.group("y") or m.group("y2") or m.group("y3")
        rel = _REL_DELTA[_key(m.group("rel"))] if m.group("rel") else None
        return _P(m.start(), m.end(), "quarter", y=int(y) if y else None, n=_QUARTERS[m.group("n").lower()],
                  pos=_POS_MOD.get(_key(m.group("pos") or "")), rel=rel)

    def _monthyear(self, m):
        mo = _num(m.group("m"))
        if not 1 <= mo <= 12:
            return None
        return _P(m.start(), m.end(), "month", y=int(m.group("y")), m=mo,
                  pos=_POS_MOD.get(_key(m.group("pos") or "")))

    def _textday(self, m):
        mo = _num(m.group("m"))
        p = self._day(m, int(m.group("d")), mo, None)
        if p is not None and m.group("ng"):
            p.weak = False
        elif p is not None:
            p.weak = None  # decided by the cue
        return p

    def _daymonth(self, m):
        y = int(m.group("y")) if m.group("y") else None    # `ngày 20/8 năm 2023`
        p = self._day(m, int(m.group("d")), int(m.group("m")), y)
        if p is not None:
            p.weak = False if (m.group("ng") or y) else None
        return p

    def _bmonthyear(self, m):
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            return None
        p = _P(m.start(), m.end(), "month", y=int(m.group("y")), m=mo)
        p.weak = None
        return p

    def _month(self, m):
        mo = _num(m.group("m"))
        if not 1 <= mo <= 12:
            return None
        rel = None
        if m.group("rel"):
            r = _key(m.group("rel"))
            rel = 0 if r == "này" else _REL_DELTA[r.split()[-1]]
        return _P(m.start(), m.end(), "month", m=mo, pos=_POS_MOD.get(_key(m.group("pos") or "")), rel=rel)

    def _weeknum(self, m):
        y, n = int(m.group("y")), int(m.group("n"))
        if not 1 <= n <= date(y, 12, 28).isocalendar()[1]:
            return None
        return _P(m.start(), m.end(), "week", y=y, n=n)

    def _relative(self, m):
        unit, rel = _key(m.group("unit")), _key(m.group("rel"))
        if unit == "năm" and rel == "này":
            rel = "nay"
        return _P(m.start(), m.end(), "rel", unit=unit, rel=_REL_DELTA[rel],
                  pos=_POS_MOD.get(_key(m.group("pos") or "")))

    def _posunit(self, m):
        unit = _key(m.group("unit"))
        pos = _POS_MOD[_key(m.group("pos"))]
        if unit == "tuần":   # `giao ban vào cuối tuần`, `triển khai nhiệm vụ đầu tuần`: a weekly habit
            return _P(m.start(), m.end(), "set", unit="tuần", n=1, pos=pos, rrule="FREQ=WEEKLY")
        return _P(m.start(), m.end(), "rel", unit=unit, rel=0, pos=pos)

    def _duration(self, m):
        n = _num(m.group("n"))
        if n < 1:
            return None
        d = _key(m.group("dir") or "")
        direction = "back" if d in ("qua", "gần đây") else ("forward" if d else None)
        p = _P(m.start(), m.end(), "dur", n=n, unit=_key(m.group("unit")), work=bool(m.group("work")),
               direction=direction)
        p.weak = False if direction else None
        return p

    def _bareunit(self, m):
        unit = _key(m.group("unit"))
        p = _P(m.start(), m.end(), "rel", unit=unit, rel=0)
        p.cue = "within"
        return p

    def _year(self, m):
        return _P(m.start(), m.end(), "year", y=int(m.group("y")), pos=_POS_MOD.get(_key(m.group("pos") or "")))

    def _bareyear(self, m):
        p = _P(m.start(), m.end(), "year", y=int(m.group("y")))
        p.weak = None
        return p

    def _weekday(self, m):
        rel = None
        if m.group("rel"):
            rel = _REL_DELTA[_key(m.group("rel")).split(None, 1)[1]]
        p = _P(m.start(), m.end(), "wd", wd=_BYDAY_ORDER.index(_weekday_code(m.group("wd"))), rel=rel)
        p.weak = None if rel is None else False
        return p
