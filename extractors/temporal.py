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

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from extractors.numbers import spelled_numbers
from extractors.text import DASHES
from extractors.lang import table, word_list

__all__ = [
    "TimeExpr", "find_temporals", "parse_date", "deadline_of", "deadline_kind",
    "find_deadline", "find_recurrence", "lunar_to_solar", "tet_date",
]


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


# --------------------------------------------------------------------------- lunar calendar
# Hồ Ngọc Đức's astronomical algorithm for the Vietnamese lunar calendar (new moons and
# solar terms, Meeus-style series), computed at the meridian of UTC+7 from 1968 and of
# UTC+8 before (Vietnam followed the Chinese calendar until then).

def _jd_from_date(dd: int, mm: int, yy: int) -> int:
    a = (14 - mm) // 12
    y = yy + 4800 - a
    m = mm + 12 * a - 3
    return dd + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def _jd_to_date(jd: int) -> date:
    a = jd + 32044
    b = (4 * a + 3) // 146097
    c = a - (b * 146097) // 4
    d = (4 * c + 3) // 1461
    e = c - (1461 * d) // 4
    m = (5 * e + 2) // 153
    return date(b * 100 + d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1)


def _new_moon(k: int) -> float:
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 += -0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 += -0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 += -0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        deltat = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - deltat


def _new_moon_day(k: int, tz: int) -> int:
    return math.floor(_new_moon(k) + 0.5 + tz / 24)


def _sun_sector(day_number: float, tz: int) -> int:
    """Which of the 12 30°-sectors of ecliptic longitude the sun is in at local midnight."""
    t = (day_number - 0.5 - tz / 24 - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    lon -= 2 * math.pi * math.floor(lon / (2 * math.pi))
    return math.floor(lon / math.pi * 6)


def _lunar_month11(year: int, tz: int) -> int:
    k = math.floor((_jd_from_date(31, 12, year) - 2415021) / 29.530588853)
    nm = _new_moon_day(k, tz)
    return _new_moon_day(k - 1, tz) if _sun_sector(nm, tz) >= 9 else nm


def _leap_month_offset(a11: int, tz: int) -> int:
    k = math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5)
    i, arc = 1, _sun_sector(_new_moon_day(k + 1, tz), tz)
    while True:
        last, i = arc, i + 1
        arc = _sun_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            return i - 1


@lru_cache(maxsize=4096)
def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> date | None:
    """Solar date of a Vietnamese lunar date (None if that leap month does not exist)."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    tz = 7 if year >= 1968 else 8
    if month < 11:
        a11, b11 = _lunar_month11(year - 1, tz), _lunar_month11(year, tz)
    else:
        a11, b11 = _lunar_month11(year, tz), _lunar_month11(year + 1, tz)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    off = (month - 11) % 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11, tz)
        leap_month = (leap_off - 2) % 12
        if leap and month != leap_month:
            return None
        if leap or off >= leap_off:
            off += 1
    elif leap:
        return None
    start = _new_moon_day(k + off, tz)
    if day == 30 and _new_moon_day(k + off + 1, tz) - start < 30:
        return None  # a short (29-day) month has no 30th
    return _jd_to_date(start + day - 1)


@lru_cache(maxsize=1)
def _tet_table() -> dict[int, date]:
    out = {}
    for key, value in table("temporal_tet.tsv").items():
        out[int(key)] = date.fromisoformat(value)
    return out


def tet_date(year: int) -> date | None:
    """First day of the lunar year that starts in solar `year` (Tết Nguyên đán)."""
    return _tet_table().get(year) or lunar_to_solar(1, 1, year)


def write_tet_table(path, first: int = 1900, last: int = 2100) -> None:
    """Regenerate `lang/vi/temporal_tet.tsv` from the algorithm above."""
    lines = ["# year<TAB>Tết Nguyên đán (first day of the Vietnamese lunar year), computed by",
             "# extractors.temporal.lunar_to_solar: UTC+7 from 1968, UTC+8 (= Chinese calendar) before.",
             "# Differs from the Chinese new year (lunardate) in 1968, 1969, 1985, 2007, 2030, 2053."]
    lines += [f"{y}\t{lunar_to_solar(1, 1, y).isoformat()}" for y in range(first, last + 1)]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


_CAN = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_CHI = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")
_CHI_ALIASES = {"tí": "tý", "mẹo": "mão", "tị": "tỵ"}


def _canchi_years(can: str, chi: str) -> list[int]:
    ci = [c.lower() for c in _CAN].index(can.lower())
    chi = _CHI_ALIASES.get(chi.lower(), chi.lower())
    hi = [c.lower() for c in _CHI].index(chi)
    return [y for y in range(1900, 2101) if (y + 6) % 10 == ci and (y + 8) % 12 == hi]


# --------------------------------------------------------------------------- vocabulary
_DASHES = "\\-" + DASHES  # inside a character class
DASH = f"[{_DASHES}]"
Y = r"(?:19|20)\d\d"


def _alt(words) -> str:
    """Regex alternation of phrases, longest first, spaces matching any whitespace."""
    parts = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in parts)


# counts and month numbers in words: composed numbers, plus month names (`tháng Giêng`, `tháng Tư`)
# (`mười năm` is "ten years" before a unit, never 15 here)
_NUMBERS = {**{k: v for k, v in spelled_numbers(31).items() if not k.endswith(" năm")},
            **{k.lower(): int(v) for k, v in table("temporal_months.tsv").items()}}
_WEEKDAYS = {" ".join(k.lower().split()): v for k, v in table("temporal_weekdays.tsv").items()}
_BYDAY_ORDER = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

NUMW = _alt(k for k in _NUMBERS if k not in ("giêng", "chạp", "năm"))  # counts ("năm" = year)
# month names after `tháng`: capitalised (`tháng Tám`) except the unambiguous Giêng/Chạp
MONTHW = "(?-i:" + _alt(k.title() for k in _NUMBERS if _NUMBERS[k] <= 12) + ")|giêng|chạp"
WD = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật|(?-i:CN))(?!\w)"
WDL = rf"{WD}(?:\s*(?:,|và|hoặc|{DASH}|đến|tới)\s*(?:ngày\s+)?(?:(?:buổi\s+)?(?:sáng|chiều|tối|trưa)\s+)?{WD}){{0,6}}"
POS = r"đầu|giữa|cuối|thượng\s+tuần|trung\s+tuần|hạ\s+tuần"
REL = r"tới|sau|này|nay|trước|qua|ngoái|kế\s+tiếp|tiếp\s+theo"
_POS_MOD = {"đầu": "start", "thượng tuần": "start", "giữa": "mid", "trung tuần": "mid",
            "cuối": "end", "hạ tuần": "end"}
_REL_DELTA = {"tới": 1, "sau": 1, "kế tiếp": 1, "tiếp theo": 1, "này": 0, "nay": 0,
              "trước": -1, "qua": -1, "ngoái": -1}
_UNIT_GRAN = {"ngày": "day", "tuần": "week", "tháng": "month", "quý": "quarter", "năm": "year"}
_UNIT_ISO = {"ngày": "D", "tuần": "W", "tháng": "M", "quý": "M", "năm": "Y"}
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _key(s: str) -> str:
    return " ".join(s.lower().split())


def _num(s: str) -> int:
    s = _key(s)
    return int(s) if s.isdigit() else _NUMBERS[s]


def _holidays() -> tuple[str, dict[str, tuple[str, int, int]]]:
    entries: dict[str, tuple[str, int, int]] = {}
    plain, cased = [], []
    for name, rest in table("temporal_holidays.tsv").items():
        cols = rest.split("\t")
        entries[_key(name)] = (cols[0], int(cols[1]), int(cols[2]))
        (cased if len(cols) > 3 and "cs" in cols[3] else plain).append(name)
    names = sorted(plain + cased, key=len, reverse=True)
    pattern = "|".join(("(?-i:%s)" if n in cased else "%s") % r"\s+".join(map(re.escape, n.split()))
                       for n in names)
    return pattern, entries


HOL, _HOLIDAY = _holidays()
CANCHI = rf"(?:{'|'.join(_CAN)})\s+(?:{'|'.join(_CHI)}|Tí|Tị|Mẹo)"


# --------------------------------------------------------------------------- core patterns
# Each core: (name, pattern); `_Scanner._<name>` turns its match into a `_P`.  Order matters only
# between cores that can start at the same position: the first that parses (and is kept) wins.
_NOLEFT = r"(?<![\d.,/\w])"          # a number that does not continue another token
_NORIGHT = rf"(?![\d%]|[.,]\d|/\w|{DASH}\s?\d)"

CORES: list[tuple[str, str]] = [
    ("set", rf"(?:(?:từ\s+)?(?P<wds>{WDL})\s*,?\s+)?"
            rf"(?:(?:ngày\s+(?P<md>\d{{1,2}}(?:\s*[/.]\s*\d{{1,2}})?))|(?P<md2>\d{{1,2}}/\d{{1,2}}))?\s*"
            rf"(?:(?P<pos>đầu|giữa|cuối)\s+)?(?P<dk>định\s+kỳ\s+)?(?P<q>hàng|hằng|mỗi)\s+"
            rf"(?P<unit>ngày|tuần|tháng|quý|năm)(?![\w])(?!\s*\d|\s+(?:trời|liền|ròng))"
            rf"(?:\s*,?\s*vào\s+(?:(?:buổi\s+)?(?:sáng|chiều|tối|trưa)\s+)?(?:các\s+)?(?:ngày\s+)?"
            rf"(?:(?P<wds2>{WDL})|(?P<md3>\d{{1,2}})(?![\d/.]|\s+tháng)))?"),
    ("every", rf"(?:định\s+kỳ\s+)?(?P<n>\d{{1,2}}|{NUMW})\s+(?P<unit>ngày|tuần|tháng|năm)\s*(?:/\s*|một\s+|1\s+)lần(?!\w)"),
    ("periodic", rf"định\s+kỳ\s+(?:(?P<n>\d{{1,2}}|{NUMW})\s+)?(?P<unit>tuần|tháng|quý|năm)(?!\w)(?!\s+(?:đầu|cuối)\s+năm)"),
    ("iso", rf"(?<![\d/.])(?P<y>{Y})-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"
            r"(?:[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?"),
    ("yrange", rf"(?:(?P<lab>nhiệm\s+kỳ|giai\s+đoạn|thời\s+kỳ|năm\s+học|niên\s+kh[óo]á|niên\s+kho[áa]|niên\s+học|"
               rf"niên\s+độ|kh[óo]a|kho[áa]|thời\s+gian)\s+)?(?:(?P<from>từ)\s+)?(?:năm\s+)?{_NOLEFT}(?P<a>{Y})\s*"
               rf"(?P<sep>{DASH}|/|đến|tới)\s*(?:năm\s+)?(?P<b>{Y})(?![\d]|[.,]\d|/\w)"),
    ("textdate", rf"(?:(?P<ng>ngày|mùng|mồng)\s+)?{_NOLEFT}(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})\s*,?\s*"
                 rf"(?:năm\s+|/\s*|{DASH}\s*)(?P<y>{Y})(?!\d)"),
    ("dayrange", rf"(?:(?P<ng>ngày|mùng|mồng)\s+)?{_NOLEFT}(?P<a>\d{{1,2}})(?:\s*,\s*\d{{1,2}}(?![\d/.])){{0,8}}\s*(?:{DASH}|đến|và|,)\s*(?:ngày\s+)?"
                 rf"(?P<b>\d{{1,2}})\s*(?P<s>[/.])\s*(?P<m>\d{{1,2}})(?:\s*[/.]\s*(?P<y>{Y}))?{_NORIGHT}"),
    ("numdate", rf"(?:(?P<ng>ngày|mùng|mồng)\s+)?{_NOLEFT}(?P<d>\d{{1,2}})(?P<s1>\s?/\s?|\s?{DASH}\s?|\.)"
                rf"(?P<m>\d{{1,2}})(?P<s2>\s?/\s?|\s?{DASH}\s?|\.)(?P<y>{Y})(?![\d]|[.,]\d|/\w|{DASH}[^\W\d_])"),
    ("holiday", rf"(?P<name>{HOL})(?:\s+(?P<cc>{CANCHI}))?(?:\s+(?:năm\s+)?(?P<y>{Y})(?!\d))?"
                r"(?:\s*\(?\s*(?P<dm>\d{1,2}/\d{1,2})(?![\d/])\s*\)?)?"),
    ("xuan", rf"(?-i:Xuân|Mùa\s+Xuân|mùa\s+Xuân)\s+(?P<cc>{CANCHI})(?:\s+(?P<y>{Y})(?!\d))?"),
    ("half", rf"(?:(?P<n>\d{{1,2}}|{NUMW})\s+tháng|(?P<half>nửa))\s+(?:(?P<w>đầu|cuối|sau)\s+)?năm"
             rf"(?:\s+(?:(?P<y>{Y})(?!\d)|(?P<rel>nay|tới|sau|trước|ngoái|qua)(?!\w))|\s*[/.]\s*(?P<y2>{Y})(?!\d))?"),
    ("quarter", rf"(?:(?P<pos>{POS})\s+)?quý\s+(?P<n>IV|III|II|I|[1-4])(?![\w])"
                rf"(?:\s*(?:(?:,\s*)?năm\s+(?:(?P<y>{Y})(?!\d)|(?P<rel>nay|tới|sau|trước|ngoái|qua)(?!\w))"
                rf"|[/.]\s*(?P<y2>{Y})(?!\d)|{DASH}\s*(?P<y3>{Y})(?!\d)))?"),
    ("monthyear", rf"(?:(?P<pos>{POS})\s+)?tháng\s+(?P<m>\d{{1,2}}|{MONTHW})\s*(?:(?:,\s*)?năm\s+|[/.]\s*|{DASH}\s*)"
                  rf"(?P<y>{Y})(?![\d]|[.,]\d|/\w)"),
    ("textday", rf"(?:(?P<ng>ngày|mùng|mồng)\s+)?{_NOLEFT}(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}}|{MONTHW})"
                rf"(?!\s*[/.{_DASHES}]?\s*\d)(?!\w)"),
    ("daymonth", rf"(?:(?P<ng>ngày|mùng|mồng)\s+)?{_NOLEFT}(?P<d>\d{{1,2}})(?P<s>\s?/\s?|\.|{DASH})(?P<m>\d{{1,2}})"
                 rf"(?![\d%]|\s?[/.]\s?\d|[.,]\d|\s?{DASH}\s?{Y})(?:\s*,?\s+năm\s+(?P<y>{Y})(?!\d))?"),
    ("bmonthyear", rf"{_NOLEFT}(?P<m>\d{{1,2}})(?P<s>/|\.|{DASH})(?P<y>{Y})(?![\d]|[.,]\d|/|{DASH}[^\W\d_])"),
    ("month", rf"(?:(?P<pos>{POS})\s+)?(?<!\d\s)tháng\s+(?P<m>\d{{1,2}}|{MONTHW})(?![\d\w]|\s*[/.{_DASHES}]\s*\d)"
              rf"(?:\s+(?P<rel>năm\s+(?:nay|tới|sau|trước|ngoái)|này)(?!\w))?"),
    ("weeknum", rf"tuần\s+(?:thứ\s+)?(?P<n>\d{{1,2}})\s*(?:(?:,\s*)?năm\s+|/\s*)(?P<y>{Y})(?!\d)"),
    ("relative", rf"(?:(?P<pos>{POS})\s+)?(?P<unit>tuần|tháng|quý|năm)\s+(?P<rel>{REL})(?!\w)"),
    ("posunit", rf"(?P<pos>{POS})\s+(?P<unit>năm|tháng|quý|tuần)(?![\w])"
                rf"(?!\s+(?:\d|học|tài\s+chính|nay|tới|sau|trước|qua|ngoái|này|[IVX]+\b))"),
    ("duration", rf"{_NOLEFT}(?P<n>\d{{1,3}}|{NUMW})\s+(?P<unit>ngày|tuần|tháng|năm|quý)(?P<work>\s+làm\s+việc)?"
                 rf"(?:\s+(?P<dir>tới|qua|gần\s+đây|tiếp\s+theo))?(?![\w])"),
    ("bareunit", r"(?P<tr>trong)\s+(?P<unit>tuần|tháng|quý|năm|ngày)(?=\s*(?:[.,;:)\]\n]|$|và\b|phải\b|để\b))"),
    ("year", rf"(?:(?P<pos>{POS})\s+)?năm\s+(?P<y>{Y})(?![\d]|[.,]\d|/\w)"),
    ("bareyear", rf"{_NOLEFT}(?P<y>{Y})(?![\d%]|[.,]\d|/|\s?{DASH}\s?\d)"),
    ("weekday", rf"(?P<wd>{WD})(?:\s+(?P<rel>tuần\s+(?:tới|sau|này|trước|qua|kế\s+tiếp)))?"),
]

_FLAGS = re.IGNORECASE
_CORE_RX = dict((name, re.compile(p, _FLAGS)) for name, p in CORES)

# Which cores can start at which first word: the scanner looks for these words (and for
# numbers, see _NUMBER_GATE) only, then tries just their cores, in CORES order.
_NUMBER_WORDS = [k for k in _NUMBERS if k not in ("giêng", "chạp")]
_UNIT = r"\s+(?:ngày|tuần|tháng|năm|quý)(?!\w)"
_RELW = r"tới|sau|này|nay|trước|qua|ngoái|kế|tiếp"
# first word -> (cores that can start there, what must follow the word for any of them to match)
_STARTS: dict[str, tuple[tuple[str, ...], str | None]] = {
    # a number word may be the first of several (`hai mươi mốt ngày`)
    **{w.split()[0]: (("every", "half", "duration"), rf"(?:\s+\w+){{0,2}}{_UNIT}") for w in _NUMBER_WORDS},
    "nửa": (("half",), r"\s+(?:đầu|cuối|sau)"),
    "hàng": (("set",), _UNIT), "hằng": (("set",), _UNIT), "mỗi": (("set",), _UNIT),
    "định": (("set", "every", "periodic"), r"\s+kỳ"),
    "thứ": (("set", "weekday"), r"\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])(?!\w)"),
    "chủ": (("set", "weekday"), r"\s+nhật"),
    "cn": (("set", "weekday"), None),
    "từ": (("set",), r"\s+(?:thứ|chủ|cn)"),
    "ngày": (("set", "textdate", "dayrange", "numdate", "textday", "daymonth"), r"\s+\d"),
    "mùng": (("textdate", "dayrange", "numdate", "textday", "daymonth"), r"\s+\d"),
    "mồng": (("textdate", "dayrange", "numdate", "textday", "daymonth"), r"\s+\d"),
    **{w: (("yrange",), r"\s+\w+\s+(?:từ\s+)?(?:năm\s+)?\d") for w in ("nhiệm", "giai", "thời", "niên")},
    **{w: (("yrange",), r"\s+(?:từ\s+)?(?:năm\s+)?\d") for w in ("khóa", "khoá")},
    "năm": (("yrange", "relative", "year"), rf"\s+(?:\d|học|{_RELW})"),
    "tháng": (("monthyear", "month", "relative"), rf"\s+(?:\d|{_RELW}|{_alt(_NUMBERS)})"),
    "quý": (("quarter", "relative"), rf"\s+(?:[1-4]|i|v|{_RELW})"),
    "tuần": (("weeknum", "relative"), rf"\s+(?:{_RELW}|thứ\s+\d|\d)"),
    **{w: (("set", "quarter", "monthyear", "month", "relative", "posunit", "year"),
           r"\s+(?:năm|tháng|quý|tuần|mỗi|hàng|hằng|định)(?!\w)") for w in ("đầu", "giữa", "cuối")},
    **{w: (("quarter", "monthyear", "month", "posunit"), r"\s+tuần") for w in ("thượng", "trung", "hạ")},
    "trong": (("bareunit",), _UNIT),
    "xuân": (("xuan",), r"\s+(?:%s)" % "|".join(c.lower() for c in _CAN)), "mùa": (("xuan",), r"\s+xuân"),
}
_HOL_FOLLOW: dict[str, set[str]] = {}
for _name in table("temporal_holidays.tsv"):
    _words = _name.lower().split()
    _HOL_FOLLOW.setdefault(_words[0], set()).add(r"\s+" + re.escape(_words[1]) if len(_words) > 1 else "")
for _w, _follows in _HOL_FOLLOW.items():
    _cores, _follow = _STARTS.get(_w, ((), ""))
    _all = None if ("" in _follows or _follow is None) else "|".join(sorted(_follows | ({_follow} - {""})))
    _STARTS[_w] = (tuple(dict.fromkeys(_cores + ("holiday",))), _all)
_ORDER = [name for name, _ in CORES]


def _cores(names) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((n, _CORE_RX[n]) for n in sorted(names, key=_ORDER.index))


_DISPATCH = {w: _cores(names) for w, (names, _) in _STARTS.items()}
# A number can start a core only when a year shape, a separator, a list word or a unit word
# follows it; which of these it is narrows the cores to try.
_NUMBER_GATE = (r"(?P<y4>\d{4}(?!\d))|(?P<dsep>\d{1,2}\s?[/.,%s]\s?\d)|(?P<dlist>\d{1,2}\s*(?:,|và|đến|tới)\s)"
                r"|(?P<dunit>\d{1,3}\s+(?:tháng|ngày|tuần|năm|quý)(?!\w))" % _DASHES)
_GATE = re.compile(_NUMBER_GATE, _FLAGS)
_DIGIT_DISPATCH = {
    "y4": _cores(("iso", "yrange", "bareyear")),
    "dsep": _cores(("set", "dayrange", "numdate", "daymonth", "bmonthyear")),
    "dlist": _cores(("dayrange",)),
    "dunit": _cores(("every", "textdate", "half", "textday", "duration")),
}
_FOLLOW = {w: (re.compile(f) if f else None) for w, (_, f) in _STARTS.items()}
_DIGITS = re.compile(r"\d+")
_PUNCT = ".,;:!?()[]{}\"'“”‘’…*|/" + _DASHES.replace("\\", "")
_TRIGGER_WORDS = "|".join(
    r"\s+".join(map(re.escape, w.split())) + (f"(?=(?:{f}))" if f else r"(?!\w)")
    for w, (_, f) in sorted(_STARTS.items(), key=lambda kv: -len(kv[0])))
_TRIGGER = re.compile(r"(?<!\w)(?:%s|%s)" % (re.sub(r"\(\?P<\w+>", "(?:", _NUMBER_GATE), _TRIGGER_WORDS), _FLAGS)


def _cores_at(text: str, at: int) -> tuple[tuple[str, re.Pattern], ...]:
    if text[at].isdigit():
        g = _GATE.match(text, at)
        return _DIGIT_DISPATCH[g.lastgroup] if g else ()
    trig = _TRIGGER.match(text, at)
    return _DISPATCH.get(_key(trig.group()), ()) if trig else ()


def _candidates(text: str) -> list[tuple[int, tuple]]:
    """Positions where a core may start, with the cores to try there, in text order.

    Plain `str.find` for each start word plus one scan for digits: several times faster than
    one regex alternation, which the `re` engine tries at every position."""
    low = text.lower()
    if len(low) != len(text):                   # a letter whose lower case is longer: slow path
        return [(m.start(), _cores_at(text, m.start())) for m in _TRIGGER.finditer(text)]
    n, out = len(low), []
    words = _FOLLOW.items() if n > 4000 else \
        [(w, _FOLLOW[w]) for w in _FOLLOW.keys() & {t.strip(_PUNCT) for t in low.split()}]
    for w, follow in words:
        size, i = len(w), low.find(w)
        while i >= 0:
            j = i + size
            if (i == 0 or not low[i - 1].isalnum()) and (j >= n or not low[j].isalnum()) \
                    and (follow is None or follow.match(low, j)):
                out.append((i, _DISPATCH[w]))
            i = low.find(w, j)
    for m in _DIGITS.finditer(low):
        i = m.start()
        if i == 0 or not low[i - 1].isalnum():
            g = _GATE.match(low, i)
            if g:
                out.append((i, _DIGIT_DISPATCH[g.lastgroup]))
    out.sort(key=lambda c: c[0])
    return out


_PRE = {
    "as_of": r"tính\s+(?:đến|tới)(?:\s+hết)?(?:\s+thời\s+điểm)?",
    "from": r"(?:kể|tính|bắt\s+đầu)\s+từ|từ",
    "by": r"chậm\s+nhất(?:\s+là)?(?:\s+(?:vào|trong|đến|tới))?|muộn\s+nhất(?:\s+là)?(?:\s+vào)?|"
          r"hạn\s+chót(?:\s+là)?|(?:thời\s+)?hạn(?:\s+cuối)?(?:\s+là)?|không\s+(?:quá|muộn\s+hơn)",
    "before": r"trước",
    "until": r"(?:cho\s+)?(?:đến|tới)(?:\s+hết)?|hết",
    "within": r"ngay\s+trong|(?-i:nội)\s+trong|trong\s+vòng|trong\s+thời\s+hạn|trong\s+thời\s+gian|trong\s+suốt|trong",
    "after": r"kể\s+từ\s+sau|sau(?:\s+khi)?",
    "at": r"(?:vào|nhân|trong)\s+dịp|dịp|vào(?:\s+lúc)?|lúc|nhằm|(?:lễ\s+)?kỷ\s+niệm",
    "approx": r"vào\s+khoảng|khoảng|dự\s+kiến(?:\s+vào)?|tầm",
}
_TOD = r"(?:buổi\s+)?(?:sáng|chiều|tối|trưa|đêm|rạng\s+sáng)(?:\s+(?:nay|mai|qua))?"
_CLOCK = r"(?:(?:vào\s+)?lúc\s+)?\d{1,2}\s*(?:giờ|h|g)(?:\s*\d{1,2}(?:\s*phút|')?)?(?:\s+(?:sáng|chiều|tối|trưa))?"
_LEFT = re.compile(
    r"(?<!\w)(?:(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _PRE.items()) + r")\s+)?"
    rf"(?:(?P<tod>{_TOD})(?:\s+|\s*\(\s*))?(?:(?P<clock>{_CLOCK})\s*,?\s+)?(?:(?P<wd>{WD})\s*[,(\-–]?\s*)?\Z", _FLAGS)
_LEFT_WINDOW = 64
# every word a left context can end with (the last word of a _PRE, _TOD, _CLOCK or WD phrase)
_LEFT_LAST = frozenset(
    "đến tới hết điểm từ nhất là vào trong chót hạn cuối quá hơn trước vòng gian suốt sau khi dịp "
    "lúc nhằm niệm khoảng kiến tầm sáng chiều tối trưa đêm nay mai qua giờ h g phút hai ba tư năm "
    "sáu bảy nhật cn".split())

_TIME_RIGHT = re.compile(
    rf"(?:\s*(?:\||,|{DASH}|lúc)?\s*\d{{1,2}}:\d\d(?::\d\d)?(?:\s*(?:AM|PM|SA|CH))?)?(?:\s*\(\s*GMT\s*[+-]\s*\d{{1,2}}(?::?\d\d)?\s*\))?",
    _FLAGS)
_LUNAR_RIGHT = re.compile(r"\s*(?:\(\s*)?(?:âm\s+lịch|(?-i:ÂL|AL))(?:\s*\))?(?!\w)", _FLAGS)
_CLOSE_PAREN = re.compile(r"\s*\)")
_RANGE_JOIN = re.compile(rf"\s*(?:(?P<to>(?:cho\s+)?(?:đến|tới)(?:\s+hết)?)|{DASH})\s*", _FLAGS)
_TO_NOW = re.compile(r"\s*(?:cho\s+)?(?:đến|tới)\s+(?:nay|hiện\s+nay|hiện\s+tại|thời\s+điểm\s+(?:này|hiện\s+tại))(?!\w)", _FLAGS)
_LIST_GAP = re.compile(r"\s*(?:,|;|và|hoặc|hay)?\s*\Z", _FLAGS)
_COUNTED = re.compile(rf"\s*(?:%|(?:{_alt(word_list('temporal_counted_nouns.txt'))}|lên|xuống)(?!\w))", _FLAGS)
_CLOCK_BEFORE = re.compile(r"\d\s*(?:giờ|h)\s*\Z", _FLAGS)
_BARE_NUMBERS = ("daymonth", "bmonthyear", "bareyear", "dayrange", "textday", "duration")
_UNIT_AFTER = re.compile(r"\s*(?:ngày|tuần|tháng|quý|giờ|phút|năm(?!\s+(?:\d|nay)))(?!\w)", _FLAGS)
_VAGUE_BEFORE = re.compile(r"(?:những|các|nhiều|mấy|vài|mọi|hằng|hàng|mỗi|\d+)\s+\Z", _FLAGS)
_HANG_BEFORE = re.compile(
    r"(?:ngân|đơn|mặt|cửa|khách|đặt|mua|bán|giao|chở|xếp|nhà|lô|kho|tiền|gian|sạp|quầy|mẫu|tàu|hãng|"
    r"món|nhóm|ngành|loại|xuất|nhập|chủ|hàng|lái|buôn|bưu|kiện)\s+\Z", _FLAGS)
_WEAK_BEFORE = re.compile(r"(?:[Ss]ố|[Nn]o\.?|[Kk]m|QL|ĐT|ĐH|tờ|thửa|điều|khoản|mục|phòng|căn|lô)\s*[:.]?\s*\Z")
_HORIZON_CONTEXT = re.compile(rf"(?:{_alt(word_list('temporal_horizon_words.txt'))})(?!\w)[^.;:()\n]*\Z", _FLAGS)
_HORIZON_AFTER = re.compile(r"\s*,?\s*tầm\s+nhìn", _FLAGS)
_WD_ONE = re.compile(WD, _FLAGS)
_DATE_AFTER_WD = re.compile(r"\s*[,(\-–]?\s*(?:ngày\s+)?\d", _FLAGS)


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


# --------------------------------------------------------------------------- public API
def find_temporals(text: str, anchor: date | None = None, offset: int = 0) -> list[TimeExpr]:
    """Every temporal expression in `text`, left to right, spans shifted by `offset`."""
    if not text:
        return []
    parsed = _Scanner(text).run()
    if not parsed:
        return []
    _inherit_list_years(parsed, text)
    out = []
    for p in parsed:
        expr = _build(p, anchor, text, offset)
        if expr is not None:
            out.append(expr)
    return out


def parse_date(text: str, anchor: date | None = None) -> date | None:
    """The first day-precise date in `text` (the first day of a day range)."""
    for e in find_temporals(text, anchor):
        if e.granularity == "day" and e.interval is not None and e.type in ("date", "period"):
            return e.interval[0]
    return None


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


if __name__ == "__main__":  # python -m extractors.temporal --write-tet
    import sys

    from extractors.lang import LANG_DIR

    if "--write-tet" in sys.argv:
        write_tet_table(LANG_DIR / "temporal_tet.tsv")
