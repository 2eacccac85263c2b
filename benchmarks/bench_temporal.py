"""Vietnamese temporal expressions: this normaliser against dateparser, on the shared table.

    python benchmarks/bench_temporal.py [--repeat N] [--no-dateparser]

Reads tests/data/temporal_cases.tsv (the table tests/test_temporal.py checks) and prints,
for `extractors.temporal` and for `dateparser.search.search_dates(text, languages=['vi'])`
(plain, and helped with DATE_ORDER=DMY and the row's anchor as RELATIVE_BASE):

- date accuracy on the positive rows whose answer is a date or a period: a system is right
  when it reads, from the row's text, a date inside the expected day/month/quarter/half/year
  (lenient: dateparser returns one datetime, not a period, so any day inside it counts);
- strict accuracy (this normaliser only: every field of the row, as the test checks it);
- negatives: rows that must give no date over the marked span (`3/9 tiêu chí`, `106/TB-UBND`);
- the deadline rule `find_deadline` on the `dl`/`nodl` rows (right span and day, or none);
- speed: table rows per second, and characters per second on the dev corpus documents.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from extractors.temporal import deadline_kind, deadline_of, find_deadline, find_temporals  # noqa: E402
from test_temporal import load_cases  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "dev" / "docs"


def value_interval(value: str) -> tuple[date, date] | None:
    """Days covered by a TIMEX-like value of the table (independent of the normaliser)."""
    import calendar

    def one(v: str, last: bool) -> date:
        if len(v) == 10:
            return date.fromisoformat(v)
        y = int(v[:4])
        if len(v) == 4:
            return date(y, 12, 31) if last else date(y, 1, 1)
        if v[5] == "Q":
            q = int(v[6])
            m = 3 * q if last else 3 * q - 2
        elif v[5] == "H":
            h = int(v[6])
            m = 6 * h if last else 6 * h - 5
        elif v[5] == "W":
            mon = date.fromisocalendar(y, int(v[6:8]), 1)
            return date.fromordinal(mon.toordinal() + 6) if last else mon
        else:
            m = int(v[5:7])
        return date(y, m, calendar.monthrange(y, m)[1]) if last else date(y, m, 1)

    if not value or value.startswith("P") or value == "*":
        return None
    lo, _, hi = value.partition("/")
    hi = hi or lo
    if len(lo) == 4 and len(hi) == 4 and "/" in value:   # a term `2020/2025`
        return date(int(lo), 1, 1), date(int(hi), 12, 31)
    return one(lo, False), one(hi, True)


def _anchor(row) -> date | None:
    return date.fromisoformat(row["anchor"]) if row["anchor"] else None


def _span(row) -> tuple[int, int]:
    text, span = row["text"], row["span"]
    if not span:
        return 0, len(text)
    lo = text.index(span)
    return lo, lo + len(span)


# ----------------------------------------------------------------- systems
def ours(row):
    """[(start, end, first_day, last_day)] of what the normaliser reads."""
    out = []
    for e in find_temporals(row["text"], _anchor(row)):
        lo, hi = e.interval if e.interval else (None, None)
        out.append((e.start, e.end, lo, hi, e))
    return out


def make_dateparser(helped: bool):
    from dateparser.search import search_dates

    def run(row):
        text = row["text"]
        settings = {}
        if helped:
            settings["DATE_ORDER"] = "DMY"
            a = _anchor(row)
            if a:
                settings["RELATIVE_BASE"] = datetime(a.year, a.month, a.day)
        try:
            found = search_dates(text, languages=["vi"], settings=settings or None) or []
        except Exception:  # noqa: BLE001 - count a crash as "nothing found"
            found = []
        out, pos = [], 0
        for sub, dt in found:
            i = text.find(sub, pos)
            i = i if i >= 0 else text.find(sub)
            out.append((i, i + len(sub), dt.date(), dt.date(), None))
            pos = max(pos, i + len(sub)) if i >= 0 else pos
        return out
    return run


# ----------------------------------------------------------------- scoring
def date_correct(row, found) -> bool | None:
    """Lenient: some reading over the span with a day inside the expected period."""
    want = value_interval(row["value"])
    if want is None:
        return None
    lo, hi = _span(row)
    for s, e, d0, d1, _ in found:
        if d0 is None or e <= lo or s >= hi:
            continue
        if want[0] <= d0 <= want[1] and want[0] <= d1 <= want[1]:
            return True
    return False


def strict_correct(row, found) -> bool:
    match = [x[4] for x in found if x[4] is not None and x[4].text == row["span"]]
    if not match:
        return False
    e = match[0]

    def same(want, got):
        if want == "*":
            return True
        got = "" if got is None else (got.isoformat() if isinstance(got, date) else str(got))
        return got == want

    return (same(row["type"], e.type) and same(row["value"], e.value) and same(row["deadline"], deadline_of(e))
            and same(row["kind"], deadline_kind(e)) and same(row["rrule"], e.rrule) and same(row["mod"], e.mod))


def negative_correct(row, found) -> bool:
    lo, hi = _span(row)
    return not any(s < hi and e > lo for s, e, *_ in found)


def evaluate(name, system, rows, repeat: int):
    pos = [r for r in rows if r["case"] == "pos"]
    neg = [r for r in rows if r["case"] == "neg"]
    t0 = time.perf_counter()
    for _ in range(repeat):
        results = [(r, system(r)) for r in pos + neg]
    elapsed = time.perf_counter() - t0
    n = len(results) * repeat
    dated = [(r, f) for r, f in results if r["case"] == "pos" and value_interval(r["value"]) is not None]
    d_ok = sum(bool(date_correct(r, f)) for r, f in dated)
    n_ok = sum(negative_correct(r, f) for r, f in results if r["case"] == "neg")
    other = [r for r, f in results if r["case"] == "pos" and value_interval(r["value"]) is None]
    line = {
        "system": name,
        "date_acc": f"{d_ok}/{len(dated)} = {d_ok / len(dated):.1%}",
        "neg_acc": f"{n_ok}/{len(neg)} = {n_ok / len(neg):.1%}",
        "all_acc": None,
        "expr_per_s": f"{n / elapsed:,.0f}",
    }
    if name == "extractors.temporal":
        s_ok = sum(strict_correct(r, f) for r, f in results if r["case"] == "pos")
        line["strict_acc"] = f"{s_ok}/{len(pos)} = {s_ok / len(pos):.1%}"
        all_ok = d_ok + n_ok + sum(strict_correct(r, f) for r, f in results if r in other)
    else:
        line["strict_acc"] = "n/a (no period/duration/set types)"
        all_ok = d_ok + n_ok
    total = len(dated) + len(neg) + len(other)
    line["all_acc"] = f"{all_ok}/{total} = {all_ok / total:.1%} (sets and durations: {len(other)} rows)"
    return line


def deadline_rule(rows, repeat: int) -> str:
    """`find_deadline` (the one deadline rule tasks use) on the `dl` and `nodl` rows: right
    when it finds the row's span and deadline, or nothing on a `nodl` row."""
    cases = [r for r in rows if r["case"] in ("dl", "nodl")]
    t0 = time.perf_counter()
    for _ in range(repeat):
        got = [(r, find_deadline(r["text"], _anchor(r))) for r in cases]
    per_s = len(cases) * repeat / (time.perf_counter() - t0)
    ok = sum((e is None) if r["case"] == "nodl" else
             (e is not None and e.text == r["span"] and str(deadline_of(e)) == r["deadline"]) for r, e in got)
    return f"find_deadline: {ok}/{len(cases)} = {ok / len(cases):.1%} of deadline rows right, {per_s:,.0f} rows/s"


def corpus_speed(system_text, label, repeat: int):
    docs = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] if CORPUS.exists() else []
    if not docs:
        return None
    chars = sum(map(len, docs))
    t0 = time.perf_counter()
    for _ in range(repeat):
        for d in docs:
            system_text(d)
    dt = time.perf_counter() - t0
    return f"{label}: {chars * repeat / dt:,.0f} chars/s over {len(docs)} dev documents ({chars:,} chars)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=20, help="passes over the table for this normaliser")
    ap.add_argument("--no-dateparser", action="store_true")
    args = ap.parse_args(argv)
    rows = load_cases()
    print(f"table: {sum(r['case'] == 'pos' for r in rows)} positive rows, "
          f"{sum(r['case'] == 'neg' for r in rows)} negative rows")
    lines = [evaluate("extractors.temporal", ours, rows, args.repeat)]
    speeds = [corpus_speed(lambda d: find_temporals(d, date(2023, 7, 31)), "extractors.temporal", args.repeat)]
    if not args.no_dateparser:
        try:
            import dateparser  # noqa: F401
        except ImportError:
            print("dateparser not installed: pip install dateparser")
        else:
            make_dateparser(False)({"text": "ngày 1/1/2020", "anchor": ""})  # warm up its language data
            lines.append(evaluate("dateparser (languages=['vi'])", make_dateparser(False), rows, 1))
            lines.append(evaluate("dateparser (vi, DMY, anchor)", make_dateparser(True), rows, 1))
            from dateparser.search import search_dates
            speeds.append(corpus_speed(lambda d: search_dates(d, languages=["vi"]), "dateparser", 1))
    for line in lines:
        print(f"\n{line['system']}")
        for k in ("date_acc", "strict_acc", "neg_acc", "all_acc", "expr_per_s"):
            print(f"  {k:11} {line[k]}")
    print()
    print(deadline_rule(rows, args.repeat))
    for s in speeds:
        if s:
            print(s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
