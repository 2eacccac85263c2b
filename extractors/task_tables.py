"""Task tables: `STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành`.

Most plans (Kế hoạch) and many Công văn list their tasks as a table, one task a row.  The
readers keep each cell's (table, row, column) on its blocks (`Block.cell`); here a table's
header row is found by the words of its cells (`lang/vi/task_table_columns.tsv`: which
column holds the action, the lead unit, the cooperating units, the time), and each data
row below it becomes one `TableRow` of spans into `Document.text`.  A row that fills only
the action column (`II | Cải cách thủ tục hành chính`) heads the rows below it; a row with
an empty action cell under a task (the content cell merged over both rows, one product and
lead unit each) repeats that task's action.

Plain function over the analysis object, no I/O; `extractors.tasks` turns rows into tasks
and leaves the table's blocks out of its sentence walk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.text import fold
from extractors.lang import table, word_list
from extractors.doc import Document

Span = tuple[int, int]

_NOT_TASKS = frozenset({"report", "meeting"})
_ITEM_SEPARATOR = re.compile(r"\s*[;\n]\s*")
_ITEM_EDGES = " \t-–+•*.,;:"


@dataclass(frozen=True)
class TableRow:
    """One task row: spans of the row and of its cells' text (cells of several paragraphs
    are one span over all of them)."""

    start: int
    end: int
    action: Span  # may lie in the row above when the content cell is merged over both
    lead: Span | None = None
    partners: tuple[Span, ...] = ()
    due: Span | None = None
    section: str | None = None


@dataclass
class TaskTables:
    """The task rows of a document and the blocks their tables cover."""

    rows: list[TableRow] = field(default_factory=list)
    blocks: frozenset[int] = frozenset()


@lru_cache(maxsize=1)
def _not_unit() -> re.Pattern[str]:
    words = "|".join(re.escape(fold(w)) for w in word_list("task_lead_not_unit.txt"))
    return re.compile(r"^(?:" + words + r")(?!\w)")


def names_no_unit(cell: str) -> bool:
    """A lead cell that says where the assignment is written, not who (`Theo phân công tại …`)."""
    return bool(_not_unit().match(fold(cell)))


@lru_cache(maxsize=1)
def _column_words() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(folded header words as a whole-word regex, role), in the table file's order."""
    return tuple((re.compile(r"(?<!\w)" + re.escape(fold(words)) + r"(?!\w)"), role)
                 for words, role in table("task_table_columns.tsv").items())


def column_role(header: str) -> str | None:
    """The role of a header cell (`Đơn vị chủ trì` → lead, `Thời gian hoàn thành` → deadline)."""
    key = fold(header)
    return next((role for pattern, role in _column_words() if pattern.search(key)), None)


def _spans(doc: Document, blocks: list[int]) -> list[Span]:
    """Text spans of a cell's blocks, ends trimmed of spaces."""
    out = []
    for i in blocks:
        b = doc.blocks[i]
        s, e = b.start, b.end
        while s < e and doc.text[s].isspace():
            s += 1
        while e > s and doc.text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _roles(doc: Document, row: dict[int, list[int]]) -> dict[str, int]:
    """Role → column of a header row (the first column of each role)."""
    roles: dict[str, int] = {}
    for col in sorted(row):
        role = column_role(" ".join(doc.text[s:e] for s, e in _spans(doc, row[col])))
        if role:
            roles.setdefault(role, col)
    return roles


def _header(doc: Document, rows: dict[int, dict[int, list[int]]]) -> tuple[int, dict[str, int]] | None:
    """The header row of a task table among its first rows, with its columns' roles."""
    for r in sorted(rows)[:3]:
        roles = _roles(doc, rows[r])
        if "action" in roles and "lead" in roles and not _NOT_TASKS & roles.keys():
            return r, roles
    return None


def task_items(text: str, spans: list[Span], commas: bool = False) -> list[Span]:
    """The units a cell lists, one a paragraph or `;`-separated (`Sở Tư pháp; UBND các
    xã`).  A comma stays inside a unit (`Các sở, ban, ngành`, `UBND các xã, phường`)
    unless `commas` and every part is a unit's name, capitalised (`Sở Tư pháp, Văn phòng
    UBND tỉnh, Công an tỉnh`)."""
    out = []
    for s, e in spans:
        pos = s
        parts = _ITEM_SEPARATOR.split(text[s:e])
        if commas:
            parts = [q for p in parts for q in (_split_names(p) or [p])]
        for part in parts:
            if not part:
                continue
            at = text.index(part, pos, e)
            a, b = at, at + len(part)
            while a < b and text[a] in _ITEM_EDGES:
                a += 1
            while b > a and text[b - 1] in _ITEM_EDGES:
                b -= 1
            if b > a:
                out.append((a, b))
            pos = at + len(part)
    return out


def _split_names(part: str) -> list[str] | None:
    names = [p.strip() for p in part.split(",")]
    return names if len(names) > 1 and all(n[:1].isupper() for n in names) else None


def _row_key(doc: Document, row: dict[int, list[int]]) -> tuple[str, ...]:
    return tuple(fold(" ".join(doc.text[s:e] for s, e in _spans(doc, row[col]))) for col in sorted(row))


def _whole(spans: list[Span]) -> Span | None:
    return (spans[0][0], spans[-1][1]) if spans else None


def find_task_tables(doc: Document) -> TaskTables:
    """Every task row of the document's tables, in text order."""
    tables: dict[int, dict[int, dict[int, list[int]]]] = {}
    for i, b in enumerate(doc.blocks):
        if b.cell is not None:
            t, r, c = b.cell
            tables.setdefault(t, {}).setdefault(r, {}).setdefault(c, []).append(i)
    found = TaskTables()
    covered: set[int] = set()
    for rows in tables.values():
        head = _header(doc, rows)
        if head is None:
            continue
        header_row, roles = head
        covered.update(i for r in rows if r >= header_row for blocks in rows[r].values() for i in blocks)
        header_key = _row_key(doc, rows[header_row])
        section, last = None, None
        for r in sorted(rows):
            if r <= header_row:
                continue
            cells = {role: _spans(doc, rows[r].get(col, [])) for role, col in roles.items()}
            action = _whole(cells.get("action", []))
            others = [cells.get(role) for role in ("lead", "partner", "deadline")]
            if action is None:
                if not any(others) or last is None:
                    continue
                action = last.action  # its content cell is merged with the row above
            elif not any(others):
                section = re.sub(r"\s+", " ", doc.text[action[0]:action[1]]).strip()  # `II | Cải cách …`
                last = None
                continue
            if _row_key(doc, rows[r]) == header_key:
                continue  # the header printed again on the next page
            spans = [s for blocks in rows[r].values() for s in _spans(doc, blocks)]
            last = TableRow(
                start=min(s for s, _ in spans), end=max(e for _, e in spans), action=action,
                lead=_whole(cells.get("lead", [])), partners=tuple(task_items(doc.text, cells.get("partner", []), commas=True)),
                due=_whole(cells.get("deadline", [])), section=section)
            found.rows.append(last)
    found.rows.sort(key=lambda row: row.start)
    found.blocks = frozenset(covered)
    return found
