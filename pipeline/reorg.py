"""Units across the 2025 reorganisation: which unit an old commune or ward became.

On 2025-07-01 districts were abolished and most communes and wards merged (63 provinces
→ 34, three levels → two).  underthesea's `convert_address` ships the official mapping
of old to new units; an old name is only unique inside its district and province, so
the query is made with the district and province the archive's own documents name next
to the unit (`phường Tân Dân, thành phố Việt Trì, tỉnh Phú Thọ` → `Phường Việt Trì`).
Manual `unit_aliases` stay for what the mapping lacks.
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from itertools import product

from extractors.units import find_units
from pipeline.store import contains_key, mentions_unit, unit_key

REORGANISED = "2025-07-01"
_LOCAL_TYPES = frozenset({"phường", "xã", "thị trấn"})
_DISTRICT_TYPES = frozenset({"huyện", "quận", "thị xã", "thành phố"})
_PROVINCE_TYPES = frozenset({"tỉnh", "thành phố"})
MAX_TRIES = 12


@dataclass(frozen=True)
class Successor:
    """What an old unit became: `name` (the new commune/ward) and the full addresses."""

    old: str        # the old address the mapping recognised
    name: str       # the new unit, e.g. `Phường Việt Trì`
    address: str    # the new address, e.g. `Phường Việt Trì, Tỉnh Phú Thọ`
    kind: str       # underthesea's mapping type: merged, renamed, …


def _contexts(texts: list[str], keys: set[str]) -> tuple[list[str], list[str], list[str]]:
    """The unit as written, and the districts and provinces named in the same documents,
    most frequent first."""
    written: Counter[str] = Counter()
    districts: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    for text in texts:
        for mention in find_units(text):
            if not mention.name:
                continue
            if mention.type in _LOCAL_TYPES and any(contains_key(unit_key(mention.label), k) for k in keys):
                written[mention.label] += 1
            if mention.type in _DISTRICT_TYPES:
                districts[mention.label] += 1
            if mention.type in _PROVINCE_TYPES:
                provinces[mention.label] += 1
    return ([w for w, _ in written.most_common()], [d for d, _ in districts.most_common()],
            [p for p, _ in provinces.most_common()])


def successor(conn: sqlite3.Connection, keys: set[str]) -> Successor | None:
    """The post-2025 unit that the commune/ward of `keys` became, read from the documents
    dated before the reorganisation that mention it; None when it did not change or the
    mapping does not know it."""
    texts = [r["text"] for r in conn.execute(
        "SELECT text, text_key FROM documents WHERE doc_date IS NULL OR doc_date < ?", (REORGANISED,))
        if mentions_unit(r["text_key"], keys)]
    written, districts, provinces = _contexts(texts, keys)
    if not written or not provinces:
        return None
    from underthesea import convert_address
    from underthesea.address.models import ConversionStatus

    unit = written[0]
    tries = [f"{unit}, {d}, {p}" for d, p in product(districts, provinces) if d != p]
    tries += [f"{unit}, {p}" for p in provinces]
    for address in tries[:MAX_TRIES]:
        result = convert_address(address)
        if result.status == ConversionStatus.SUCCESS and result.new.ward:
            if unit_key(result.new.ward) == unit_key(unit):
                return None  # kept its name
            return Successor(old=address, name=result.new.ward, address=result.converted,
                             kind=result.mapping_type.value if result.mapping_type else "")
    return None
