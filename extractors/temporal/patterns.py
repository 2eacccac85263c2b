"""The patterns of the scanner, built from the data files in `extractors/lang/vi/`: vocabulary,
the cores an expression can start with, and the left and right contexts around them."""
from __future__ import annotations

import re
from typing import cast

from extractors.lang import table, word_list
from extractors.numbers import spelled_numbers
from extractors.text import DASHES
from extractors.temporal.lunar import _CAN, _CHI


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
# weekday names from the table; `CN` only in capitals (`cn` is too common a token otherwise)
_WEEKDAY_DAYS = _alt(k[len("thứ "):] for k in _WEEKDAYS if k.startswith("thứ "))  # `hai`, `2` …
WD = rf"(?:{_alt(k for k in _WEEKDAYS if k != 'cn')}|(?-i:CN))(?!\w)"
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
    plain: list[str] = []
    cased: list[str] = []
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
    "thứ": (("set", "weekday"), rf"\s+(?:{_WEEKDAY_DAYS})(?!\w)"),
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
    _names, _follow = _STARTS.get(_w, ((), ""))
    _all = None if ("" in _follows or _follow is None) else "|".join(sorted(_follows | ({_follow} - {""})))
    _STARTS[_w] = (tuple(dict.fromkeys(_names + ("holiday",))), _all)
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
        return _DIGIT_DISPATCH[cast(str, g.lastgroup)] if g else ()  # every branch is named
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
                out.append((i, _DIGIT_DISPATCH[cast(str, g.lastgroup)]))
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
