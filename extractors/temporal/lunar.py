"""The Vietnamese lunar calendar (Tết, lunar dates, can–chi years)."""
from __future__ import annotations

import math
from datetime import date
from functools import lru_cache

from extractors.lang import table


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
    for y in range(first, last + 1):
        tet = lunar_to_solar(1, 1, y)
        assert tet is not None, y  # the algorithm covers every year of the table
        lines.append(f"{y}\t{tet.isoformat()}")
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
