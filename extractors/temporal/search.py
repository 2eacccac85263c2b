"""The public search: every temporal expression of a text, or its first date."""
from __future__ import annotations

from datetime import date

from extractors.temporal.expr import TimeExpr
from extractors.temporal.resolve import _build, _inherit_list_years
from extractors.temporal.scanner import _Scanner


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
