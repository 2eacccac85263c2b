"""Audit the record database across documents and years.

  --unit NAME        a unit's criteria counts over time (table, and a PNG line chart with
                     --chart or next to --out), its tasks and deadlines, and the documents
                     about it;
  --overdue          tasks whose deadline passed before --as-of (default: today), grouped
                     by assignee, each with its evidence, its source, and the later
                     document about the same unit that reports progress on it, if any;
  --official NAME    the titles a person held, by document date;
  --history FILE     what each version of a file said: the current one and those an edit
                     superseded or `forget` removed, with the date they stopped being current.

Units and people are matched across documents by normalised names: tone placement
(`Hoà`/`Hòa`), case, `Đ/c`/`đồng chí`/`ông`/`bà`, abbreviations (`UBND`), and the
`unit_aliases` table for units renamed or merged.

Examples:
  vnextract audit --unit "phường Tân Dân" --chart tan_dan.png
  vnextract audit --overdue --as-of 2024-06-30
  vnextract audit --official "Mai Sỹ Lân" --format json
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from extractors.text import fold
from vnextract.exports import TaskFilter, check_known, select_tasks, source_line
from pipeline.exitcodes import NOT_FOUND, UserError
from pipeline.names import visible
from pipeline.reorg import REORGANISED, successor
from pipeline.store import (DEFAULT_DB, contains_key, mentions_unit,
                            names_unit, official_keys, open_store, path_key, task_rows, unit_key,
                            unit_keys, unit_of)

HELP = "audit a unit's progress, overdue tasks or an official's career from the database"

CELL_LIMIT = 70
# Function syllables: a shared bigram containing one says nothing about the action.
_STOP = frozenset(fold(w) for w in (
    "các", "của", "và", "trên", "tại", "với", "cho", "để", "được", "đã", "những", "trong",
    "theo", "về", "là", "có", "một", "này", "đó", "thì", "mà", "từ", "đến", "năm", "tháng"))
MIN_SHARED_BIGRAMS = 2
MIN_SHARED_SHARE = 0.34


# ------------------------------------------------------------------ text tables
def format_table(headers: list[str], rows: list[list[object]]) -> str:
    """Plain-text table with aligned columns; long cells are cut with `…`."""
    def cell(value: object) -> str:
        text = "" if value is None else " ".join(str(value).split())
        return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, cells)])


# ------------------------------------------------------------------ unit
def _documents(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT doc_id, path, title, doc_type, doc_number, doc_date, text, text_key "
        "FROM documents ORDER BY doc_date IS NULL, doc_date, doc_id").fetchall()


def unit_audit(conn: sqlite3.Connection, unit: str) -> dict:
    """Criteria over time, tasks and documents of one unit (aliases included), followed
    after the 2025 reorganisation into the unit it merged into."""
    keys = unit_keys(conn, unit)
    result = {"unit": unit, "keys": sorted(keys), **_unit_rows(conn, unit, keys)}
    after = successor(conn, keys)
    if after:
        later = _unit_rows(conn, after.name, unit_keys(conn, after.name), since=REORGANISED)
        for part, ident in (("criteria", "doc_id"), ("tasks", "task_id"), ("documents", "doc_id")):
            seen = {(r[ident], r.get("subject")) for r in result[part]}
            result[part] += [r for r in later[part] if (r[ident], r.get("subject")) not in seen]
        result["criteria"].sort(key=lambda c: (c["as_of"] is None, c["as_of"] or "", c["doc_date"] or ""))
        result["documents"].sort(key=lambda d: (d["date"] is None, d["date"] or "", d["doc_id"]))
        result["successor"] = {"since": REORGANISED, "name": after.name, "address": after.address,
                               "old_address": after.old, "kind": after.kind}
    return result


def _unit_rows(conn: sqlite3.Connection, unit: str, keys: set[str], since: str | None = None) -> dict:
    """The criteria, tasks and documents naming `keys`, from documents dated `since` on."""
    def in_range(day: str | None) -> bool:
        return since is None or (day is not None and day >= since)

    criteria = [dict(r) for r in conn.execute(
        """SELECT c.as_of, c.subject, c.subject_key, c.program, c.met, c.total, c.unmet,
                  c.met_ids, c.text, c.doc_id, d.path, d.doc_date
           FROM criteria c JOIN documents d USING (doc_id)
           WHERE c.kind = 'criteria' ORDER BY c.as_of IS NULL, c.as_of, d.doc_date""")
                if names_unit(r["subject_key"] or "", keys) and in_range(r["doc_date"])]
    for row in criteria:
        row["met_ids"] = json.loads(row["met_ids"])
        del row["subject_key"]
    tasks = select_tasks(conn, TaskFilter(unit=unit, doc_from=since))
    related = {r["doc_id"] for r in criteria} | {t["doc_id"] for t in tasks}
    documents = [{"doc_id": d["doc_id"], "date": d["doc_date"], "doc_type": d["doc_type"],
                  "doc_number": d["doc_number"], "title": d["title"], "path": d["path"]}
                 for d in _documents(conn)
                 if in_range(d["doc_date"]) and (d["doc_id"] in related or mentions_unit(d["text_key"], keys))]
    return {"criteria": criteria, "tasks": [_task_summary(t) for t in tasks], "documents": documents}


def _task_summary(task: dict) -> dict:
    return {"task_id": task["task_id"], "deadline": task["deadline"],
            "recurrence": task["recurrence"], "assignee": task["assignee"],
            "action": task["action"], "text": task["text"], "doc_id": task["doc_id"],
            "doc_date": task["doc_date"], "source": source_line(task)}


def plot_criteria(criteria: list[dict], unit: str, path: Path) -> Path:
    """PNG line chart of criteria met and total by date, one colour per programme."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series: dict[str, list[dict]] = defaultdict(list)
    for row in criteria:
        if row["as_of"] and row["met"] is not None:
            series[row["program"] or "tiêu chí"].append(row)
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    for i, (program, rows) in enumerate(sorted(series.items())):
        colour = f"C{i}"
        dates = [date.fromisoformat(r["as_of"]) for r in rows]
        # matplotlib plots dates through its unit converters; its stubs type x as numbers
        ax.plot(dates, [r["met"] for r in rows], marker="o", color=colour,  # type: ignore[arg-type]
                label=f"{program}: met")
        totals = [(d, r["total"]) for d, r in zip(dates, rows) if r["total"] is not None]
        if totals:
            # A marker too: a one-point series has no line to show its total.
            ax.plot(*zip(*totals), linestyle="--", marker="_", markersize=14, color=colour,
                    alpha=0.6, label=f"{program}: total")
        for d, r in zip(dates, rows):
            ax.annotate(f"{r['met']}/{r['total'] or '?'}", (d, r["met"]),
                        textcoords="offset points", xytext=(0, 8), ha="center", fontsize=9)
    ax.set_title(f"Criteria met over time: {unit}")
    ax.set_ylabel("criteria")
    tops = [r["total"] or r["met"] for rows in series.values() for r in rows]
    ax.set_ylim(0, max(tops, default=1) * 1.15 + 0.5)  # room for the labels
    ax.grid(True, alpha=0.3)
    if series:
        ax.legend(loc="lower right", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    plt.close(fig)
    return path


def render_unit(result: dict) -> str:
    out = [f"Unit: {result['unit']}"]
    if result.get("successor"):
        s = result["successor"]
        out.append(f"Since {s['since']} part of {s['address']} ({s['kind']}; mapping of "
                   f"{s['old_address']}); its documents from that date on are included")
    out += ["", f"Criteria over time ({len(result['criteria'])})"]
    out.append(format_table(
        ["As of", "Subject", "Programme", "Met", "Total", "Met ids", "Document"],
        [[c["as_of"], c["subject"], c["program"], c["met"], c["total"],
          ", ".join(map(str, c["met_ids"])), c["path"]] for c in result["criteria"]]))
    out += ["", f"Tasks ({len(result['tasks'])})"]
    out.append(format_table(
        ["Deadline", "Repeats", "Assignee", "Action", "Document date"],
        [[t["deadline"] or "-", t["recurrence"] or "", t["assignee"], t["action"], t["doc_date"]]
         for t in result["tasks"]]))
    out += ["", f"Documents ({len(result['documents'])})"]
    out.append(format_table(
        ["Date", "Type", "Number", "Title", "Path"],
        [[d["date"], d["doc_type"], d["doc_number"], d["title"], d["path"]]
         for d in result["documents"]]))
    if result.get("chart"):
        out += ["", f"Chart: {result['chart']}"]
    return "\n".join(out)


# ------------------------------------------------------------------ overdue
def _bigrams(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[^\W\d_]+", fold(text))
    return {(a, b) for a, b in zip(words, words[1:]) if a not in _STOP and b not in _STOP}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.;!?])\s+|\n+", text) if s.strip()]


def _task_units(conn: sqlite3.Connection, task: dict) -> set[str]:
    """The units a task is about: criteria subjects of its document named in the assignee,
    else the assignee itself; each widened by its aliases."""
    assignee = task["assignee_key"] or ""
    subjects = {r["subject_key"] for r in conn.execute(
        "SELECT subject_key FROM criteria WHERE doc_id = ? AND subject_key != ''",
        (task["doc_id"],))}
    named = {s for s in subjects if contains_key(assignee, s)} or ({assignee} - {""})
    return set().union(*(unit_keys(conn, k) for k in named)) if named else set()


class Archive:
    """The stored documents, with per-unit and per-sentence lookups computed once.

    Overdue audits compare every late task with every later document about its unit;
    caching which documents mention a unit and the bigrams of each sentence keeps that
    linear in the archive instead of quadratic.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.documents = _documents(conn)
        self._about: dict[str, list[sqlite3.Row]] = {}
        self._sentences: dict[str, list[tuple[str, set[tuple[str, str]]]]] = {}

    def about(self, key: str) -> list[sqlite3.Row]:
        if key not in self._about:
            self._about[key] = [d for d in self.documents if contains_key(d["text_key"], key)]
        return self._about[key]

    def sentences(self, doc: sqlite3.Row) -> list[tuple[str, set[tuple[str, str]]]]:
        if doc["doc_id"] not in self._sentences:
            self._sentences[doc["doc_id"]] = [(s, _bigrams(s)) for s in _sentences(doc["text"])]
        return self._sentences[doc["doc_id"]]


def find_progress(conn: sqlite3.Connection, task: dict, archive: Archive,
                  as_of: str) -> dict | None:
    """The best sentence of a later document (≤ as_of) about the task's unit sharing the
    task's action words, or None."""
    wanted = _bigrams(task["action"] or task["text"] or "")
    if not wanted:
        return None
    later = {d["doc_id"]: d for key in _task_units(conn, task) for d in archive.about(key)
             if d["doc_date"] and (task["doc_date"] or "") < d["doc_date"] <= as_of}
    best: tuple[int, str, dict] | None = None
    for doc in sorted(later.values(), key=lambda d: (d["doc_date"], d["doc_id"])):
        for sentence, bigrams in archive.sentences(doc):
            shared = len(wanted & bigrams)
            if shared >= MIN_SHARED_BIGRAMS and shared / len(wanted) >= MIN_SHARED_SHARE:
                if best is None or shared > best[0]:
                    best = (shared, doc["doc_id"], {
                        "doc_id": doc["doc_id"], "date": doc["doc_date"], "path": doc["path"],
                        "title": doc["title"], "sentence": sentence})
    return best[2] if best else None


def overdue_audit(conn: sqlite3.Connection, as_of: str) -> dict:
    """Tasks whose deadline is before `as_of`, grouped by assignee, with later progress."""
    archive = Archive(conn)
    groups: dict[str, dict] = {}
    for task in task_rows(conn):
        if not task["deadline"] or task["deadline"] >= as_of:
            continue
        # A unit's organs (`UBND phường x`, `Đảng ủy phường x`) group under the unit.
        group = groups.setdefault(unit_of(task["assignee_key"] or ""),
                                  {"assignee": task["assignee"], "written_as": [], "tasks": []})
        if task["assignee"]:
            group["written_as"].append(task["assignee"])
        item = _task_summary(task)
        item["days_late"] = (date.fromisoformat(as_of) - date.fromisoformat(task["deadline"])).days
        item["progress"] = find_progress(conn, task, archive, as_of)
        group["tasks"].append(item)
    for key, group in groups.items():
        # Named as the unit itself where some task says so, in its most frequent spelling.
        written = Counter(group["written_as"])
        bare = [a for a in written if unit_key(a) == key] or list(written)
        if bare:
            group["assignee"] = max(bare, key=lambda a: written[a])  # first seen on ties
        group["written_as"] = list(written)
    ordered = sorted(groups.values(), key=lambda g: (g["assignee"] is None, fold(g["assignee"])))
    return {"as_of": as_of, "count": sum(len(g["tasks"]) for g in ordered), "groups": ordered}


def render_overdue(result: dict) -> str:
    out = [f"Overdue tasks as of {result['as_of']}: {result['count']} tasks, "
           f"{len(result['groups'])} assignees"]
    for group in result["groups"]:
        also = [a for a in group["written_as"] if a != group["assignee"]]
        out += ["", f"{group['assignee'] or '(no assignee named)'} ({len(group['tasks'])})"
                + (f" — also written: {'; '.join(also)}" if also else "")]
        for t in group["tasks"]:
            out.append(f"  - due {t['deadline']} ({t['days_late']} days ago): {t['action']}")
            out.append(f"    evidence: “{' '.join(t['text'].split())}”")
            out.append(f"    source:   {t['source']}")
            p = t["progress"]
            out.append(f"    progress: {p['date']} “{p['sentence']}” — {p['path']}" if p
                       else "    progress: none reported in later documents")
    return "\n".join(out)


# ------------------------------------------------------------------ official
def official_audit(conn: sqlite3.Connection, name: str) -> dict:
    """Every document naming the person, with the titles and roles it gives, by date."""
    keys = sorted(official_keys(conn, name))
    rows = conn.execute(
        f"""SELECT o.doc_id, o.position, o.name, o.roles, d.doc_date, d.path, d.title
           FROM officials o JOIN documents d USING (doc_id)
           WHERE o.name_key IN ({",".join("?" * len(keys))})
           ORDER BY d.doc_date IS NULL, d.doc_date, o.doc_id""", keys).fetchall()
    appearances: list = []
    held: dict = {}
    for row in rows:
        titles = [t["title"] for t in conn.execute(
            "SELECT title FROM official_titles WHERE doc_id = ? AND official_position = ? "
            "ORDER BY position", (row["doc_id"], row["position"]))]
        appearances.append({"date": row["doc_date"], "name": row["name"], "titles": titles,
                            "roles": json.loads(row["roles"]), "doc_id": row["doc_id"],
                            "path": row["path"], "title": row["title"]})
        for title in titles:
            entry = held.setdefault(unit_key(title), {"title": title, "first": row["doc_date"],
                                                      "last": row["doc_date"], "documents": 0})
            entry["last"] = row["doc_date"] or entry["last"]
            entry["documents"] += 1
    return {"official": name, "names": sorted({a["name"] for a in appearances}),
            "titles": sorted(held.values(), key=lambda t: t["first"] or ""),  # stable: text order
            "appearances": appearances}


def render_official(result: dict) -> str:
    out = [f"Official: {result['official']}  (written as: {', '.join(result['names'])})", "",
           f"Titles held ({len(result['titles'])})"]
    out.append(format_table(["Title", "First seen", "Last seen", "Documents"],
                            [[t["title"], t["first"], t["last"], t["documents"]]
                             for t in result["titles"]]))
    out += ["", f"By document ({len(result['appearances'])})"]
    out.append(format_table(["Date", "Titles", "Roles", "Document"],
                            [[a["date"], "; ".join(a["titles"]), ", ".join(a["roles"]), a["path"]]
                             for a in result["appearances"]]))
    return "\n".join(out)


# ------------------------------------------------------------------ history
def _version(record: dict, status: str, when: str | None, reason: str | None) -> dict:
    return {"status": status, "superseded": when, "reason": reason, "doc_id": record["doc_id"],
            "title": record.get("title"), "date": record.get("event_date") or record.get("published"),
            "criteria": [f"{c.get('subject')}: {c.get('met')}/{c.get('total')}"
                         for c in record.get("criteria") or []],
            "tasks": [{"action": t.get("action"), "deadline": t.get("deadline")}
                      for t in record.get("tasks") or []]}


def history_audit(conn: sqlite3.Connection, path: str) -> dict:
    """The current version of a file and what its earlier versions said, newest first."""
    key = path_key(path)
    versions = []
    row = conn.execute("SELECT d.record FROM sources s JOIN documents d USING (doc_id) "
                       "WHERE s.path_key = ?", (key,)).fetchone()
    if row:
        versions.append(_version(json.loads(row["record"]), "current", None, None))
    for old in conn.execute("SELECT paths, superseded, reason, record FROM history "
                            "ORDER BY superseded DESC").fetchall():
        if key in {path_key(p) for p in json.loads(old["paths"])}:
            versions.append(_version(json.loads(old["record"]), "superseded", old["superseded"],
                                     old["reason"]))
    if not versions:
        raise UserError(NOT_FOUND, f"the store has no version of {path}; paths are matched as "
                                   "absolute paths of the files `run` read")
    return {"path": path, "versions": versions}


def render_history(result: dict) -> str:
    out = [f"History of {result['path']} ({len(result['versions'])} versions)"]
    for v in result["versions"]:
        state = "current" if v["status"] == "current" else f"superseded {v['superseded']} ({v['reason']})"
        out += ["", f"{state}: {v['title'] or v['doc_id']} — dated {v['date'] or '?'}, doc_id {v['doc_id']}"]
        out += [f"  criteria: {c}" for c in v["criteria"]]
        out += [f"  task: {t['action']}" + (f" (due {t['deadline']})" if t["deadline"] else "")
                for t in v["tasks"]]
    return "\n".join(out)


# ------------------------------------------------------------------ command
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, metavar="PATH", help=f"record database (default: {DEFAULT_DB})")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--unit", metavar="NAME", help="unit name, e.g. \"phường Tân Dân\"")
    what.add_argument("--overdue", action="store_true", help="tasks past their deadline")
    what.add_argument("--official", metavar="NAME", help="person's name, any spelling variant")
    what.add_argument("--history", metavar="FILE",
                      help="every version the store has had of this file: current and superseded")
    parser.add_argument("--as-of", default=None, metavar="DATE",
                        help="reference date for --overdue (YYYY-MM-DD, default today)")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--out", metavar="FILE", help="write the audit to FILE (the --unit chart goes next to it)")
    parser.add_argument("--chart", metavar="PNG", help="PNG path for the --unit criteria chart")


def main(args: argparse.Namespace) -> int:
    try:
        as_of = date.fromisoformat(args.as_of).isoformat() if args.as_of else date.today().isoformat()
    except ValueError:
        print(f"vnextract audit: --as-of is not a YYYY-MM-DD date: {args.as_of!r}", file=sys.stderr)
        return 2
    conn = open_store(args.db, create=False)
    try:
        check_known(conn, unit=args.unit, official=args.official)
        if args.unit:
            result = unit_audit(conn, args.unit)
            chart = args.chart or (Path(args.out).with_suffix(".png") if args.out else None)
            if chart and result["criteria"]:
                result["chart"] = str(plot_criteria(result["criteria"], args.unit, Path(chart)))
            text = render_unit(result)
        elif args.overdue:
            result = overdue_audit(conn, as_of)
            text = render_overdue(result)
        elif args.history:
            result = history_audit(conn, args.history)
            text = render_history(result)
        else:
            result = official_audit(conn, args.official)
            text = render_official(result)
    finally:
        conn.close()
    output = (json.dumps(result, ensure_ascii=False, indent=2) if args.format == "json"
              else text) + "\n"
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(visible(output))  # names with ESC or U+202E must not drive the terminal
    return 0
