"""Write a static HTML review site of the record database.

`index.html` lists every document with its date, type, counts of extracted items and
warnings; each document gets a page with its cleaned text, every extracted item
highlighted at its span (officials, their titles, dates, tasks, criteria, cited
documents; colour legend at the top; overlapping items nest), and the document's
records as tables beside it.  A reviewer checks the extraction by reading, without
running anything: the site has no scripts, and all document text is HTML-escaped.

Example:
  vnextract report --out outputs/site && xdg-open outputs/site/index.html
"""
from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from extractors.temporal import find_temporals
from extractors.lang import table
from pipeline.names import visible
from pipeline.store import DEFAULT_DB, load_records, open_store

HELP = "write a static HTML review site (index + one page per document)"

TEMPLATES = Path(__file__).parent / "templates"
# Outer kinds first: when two items cover the same text, the larger kind wraps the smaller.
KINDS = ("task", "criteria", "ref", "title", "official", "date")
DISPLACY_COLORS = {"official": "#0d6efd", "title": "#6f42c1", "date": "#e8590c", "task": "#2b8a3e",
                   "criteria": "#e0a800", "ref": "#c2255c"}  # the stylesheet's line colours
LEGEND = {"official": "official (mention)", "title": "title", "date": "date / deadline",
          "task": "task", "criteria": "criteria count", "ref": "cited document"}


@dataclass(frozen=True)
class Mark:
    """One highlighted item: a half-open span of the text, its kind and a hover label."""

    start: int
    end: int
    kind: str
    label: str
    anchor: str | None = None  # element id, so the record tables can link to it


def h(value: object) -> str:
    """HTML-escape any value (None → empty), quotes included, for text and attributes."""
    return "" if value is None else html.escape(str(value), quote=True)


# ------------------------------------------------------------------ spans
def _valid(span: object, length: int) -> tuple[int, int] | None:
    if isinstance(span, (list, tuple)) and len(span) >= 2 and all(isinstance(v, int) for v in span[:2]):
        start, end = span[0], span[1]
        if 0 <= start < end <= length:
            return start, end
    return None


def _occurrences(text: str, piece: str) -> Iterable[tuple[int, int]]:
    start = text.find(piece) if piece else -1
    while start >= 0:
        yield start, start + len(piece)
        start = text.find(piece, start + len(piece))


def temporal_marks(text: str, anchor: str | None = None) -> list[Mark]:
    """Date spans from `extractors.temporal.find_temporals`.

    `anchor` (the document's ISO date) lets the module resolve dates written without a year.
    A failure here is a bug to see, not a review page silently without dates.
    """
    found = find_temporals(text, anchor=date.fromisoformat(anchor) if anchor else None)
    marks = []
    for item in found:
        valid = _valid([item.start, item.end], len(text))
        if valid:
            value = item.rrule or item.value
            label = f"date: {text[valid[0]:valid[1]]}" + (f" → {value}" if value else "")
            marks.append(Mark(*valid, "date", label))
    return marks


def record_marks(record: dict) -> list[Mark]:
    """Every extracted item of a record that has (or can be given) a span of its text."""
    text = record.get("text") or ""
    marks: list[Mark] = []
    for i, official in enumerate(record.get("officials") or []):
        for j, span in enumerate(official.get("mentions") or []):
            if valid := _valid(span, len(text)):
                marks.append(Mark(*valid, "official", f"official: {official.get('name')}",
                                  f"official-{i}" if j == 0 else None))
        for title in official.get("titles") or []:
            # Titles carry no spans: mark where the text states them verbatim.
            for valid in _occurrences(text, title):
                marks.append(Mark(*valid, "title", f"title of {official.get('name')}: {title}"))
    for i, crit in enumerate(record.get("criteria") or []):
        if valid := _valid(crit.get("span"), len(text)):
            marks.append(Mark(*valid, "criteria",
                              f"criteria: {crit.get('subject')} {crit.get('met')}/{crit.get('total')}",
                              f"criteria-{i}"))
    for i, task in enumerate(record.get("tasks") or []):
        if valid := _valid(task.get("span"), len(text)):
            due = f" (due {task['deadline']})" if task.get("deadline") else ""
            marks.append(Mark(*valid, "task", f"task → {task.get('assignee')}{due}", f"task-{i}"))
    for i, ref in enumerate(record.get("refs") or []):
        if valid := _valid(ref.get("span"), len(text)):
            marks.append(Mark(*valid, "ref", f"{ref.get('kind')} {ref.get('number') or ''}".strip(),
                              f"ref-{i}"))
    return marks + temporal_marks(text, record.get("event_date") or record.get("published"))


def render_marked(text: str, marks: list[Mark]) -> str:
    """Escaped `text` with each mark as a <span>, properly nested.

    The text is cut at every mark boundary; for each piece the marks covering it are
    ordered outer → inner (earlier start, later end, outer kind) and the open elements
    are kept a prefix of that chain, so crossing marks are split into nested pieces
    and the markup is always well formed.
    """
    rank = {kind: i for i, kind in enumerate(KINDS)}
    order = sorted(set(marks), key=lambda m: (m.start, -m.end, rank[m.kind], m.label))
    bounds = sorted({0, len(text), *(m.start for m in order), *(m.end for m in order)})
    out: list[str] = []
    stack: list[Mark] = []
    for a, b in zip(bounds, bounds[1:]):
        active = [m for m in order if m.start <= a and b <= m.end]
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] == active[keep]:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        del stack[keep:]
        for mark in active[keep:]:
            ident = f' id="{h(mark.anchor)}"' if mark.anchor and mark.start == a else ""
            out.append(f'<span class="hl hl-{mark.kind}" data-kind="{mark.kind}"{ident} '
                       f'title="{h(mark.label)}">')
            stack.append(mark)
        out.append(h(text[a:b]))
    out.extend("</span>" for _ in stack)
    return "".join(out)


# ------------------------------------------------------------------ pages
def _table(headers: list[str], rows: list[list[str]], empty: str = "none") -> str:
    """An HTML table; cells are already-escaped HTML."""
    if not rows:
        return f'<p class="muted">{h(empty)}</p>'
    head = "".join(f"<th>{h(x)}</th>" for x in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _link(anchor: str, label: object) -> str:
    return f'<a href="#{h(anchor)}">{h(label)}</a>'


def _join(values: Iterable[object]) -> str:
    return h("; ".join(str(v) for v in values or []))


def _page(title: str, header: str, body: str, css: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{h(title)}</title><link rel="stylesheet" href="{css}"></head>'
            f"<body><header>{header}</header><main>{body}</main></body></html>\n")


def document_page(record: dict, overlaps: bool = False) -> str:
    """The review page of one document: highlighted text beside its record tables."""
    text = record.get("text") or ""
    marks = record_marks(record)
    legend = "".join(f'<li class="hl-{k}">{h(v)}</li>' for k, v in LEGEND.items())
    source = record.get("source") or {}
    signer = record.get("signer") or {}
    meta_rows = [[h(k), h(v)] for k, v in (
        ("doc_id", record.get("doc_id")), ("source", visible(source.get("path") or "")),
        ("format", source.get("format")), ("doc_type", record.get("doc_type")),
        ("doc_number", record.get("doc_number")), ("issuer", record.get("issuer")),
        ("published", record.get("published")), ("event_date", record.get("event_date")),
        ("place", record.get("place")), ("author", record.get("author")),
        ("signer", " / ".join(filter(None, (signer.get("on_behalf_of"), signer.get("title"),
                                            signer.get("name"))))))
        if v]
    officials = [[_link(f"official-{i}", o.get("name")) if o.get("mentions") else h(o.get("name")),
                  _join(o.get("titles")), _join(o.get("roles")), h(len(o.get("mentions") or []))]
                 for i, o in enumerate(record.get("officials") or [])]
    criteria = [[_link(f"criteria-{i}", c.get("subject") or "?"), h(c.get("program")),
                 h(f"{c.get('met')}/{c.get('total')}"), _join(c.get("met_ids")), h(c.get("as_of"))]
                for i, c in enumerate(record.get("criteria") or [])]
    tasks = [[_link(f"task-{i}", t.get("action") or t.get("text")), h(t.get("assignee")),
              h(t.get("deadline")) + (f' <span class="muted">({h(t["deadline_text"])})</span>'
                                      if t.get("deadline_text") else ""),
              _recurrence_cell(t.get("recurrence"))]
             for i, t in enumerate(record.get("tasks") or [])]
    refs = [[_link(f"ref-{i}", r.get("kind")), h(r.get("number")), h(r.get("date")), h(r.get("issuer"))]
            for i, r in enumerate(record.get("refs") or [])]
    warnings = "".join(f'<li class="warn">{h(w)}</li>' for w in record.get("warnings") or [])
    tables = (
        "<h2>Document</h2>" + _table(["field", "value"], meta_rows)
        + (f"<h2>Warnings</h2><ul>{warnings}</ul>" if warnings else "")
        + f"<h2>Officials ({len(officials)})</h2>"
        + _table(["name", "titles", "roles", "mentions"], officials)
        + f"<h2>Criteria ({len(criteria)})</h2>"
        + _table(["subject", "programme", "met/total", "met ids", "as of"], criteria)
        + f"<h2>Tasks ({len(tasks)})</h2>"
        + _table(["action", "assignee", "deadline", "recurrence"], tasks)
        + f"<h2>Cited documents ({len(refs)})</h2>"
        + _table(["kind", "number", "date", "issuer"], refs))
    title = record.get("title") or visible(source.get("path") or "") or record.get("doc_id")
    header = (f'<a href="../index.html">← all documents</a><h1>{h(title)}</h1>'
              f'<div class="meta">{h(visible(source.get("path") or ""))} · '
              f'{h(record.get("event_date") or record.get("published") or "undated")} · '
              f'{len(marks)} highlighted items'
              + (f' · <a href="{h(Path(page_name(record["doc_id"])).with_suffix(".spans.html").name)}">'
                 'overlap view</a>' if overlaps else "") + '</div>')
    body = (f'<div class="columns"><section class="panel"><ul class="legend">{legend}</ul>'
            f'<div class="text">{render_marked(text, marks)}</div></section>'
            f'<section class="panel">{tables}</section></div>')
    return _page(str(title), header, body, "../style.css")


def recurrence_in_words(rule: str) -> str | None:
    """An RRULE as Vietnamese documents say it: `FREQ=WEEKLY;BYDAY=FR` → `hàng tuần, thứ Sáu`,
    `FREQ=WEEKLY;BYDAY=SA,SU` → `hàng tuần, thứ Bảy và Chủ nhật`; None for a rule the
    vocabulary cannot say."""
    parts = dict(p.partition("=")[::2] for p in rule.split(";") if p)
    frequency = f"FREQ={parts.pop('FREQ', '')}" + (
        f";INTERVAL={parts.pop('INTERVAL')}" if parts.get("INTERVAL", "1") != "1" else "")
    parts.pop("INTERVAL", None)
    words = table("recurrence_words.tsv").get(frequency)
    days = parts.pop("BYDAY", "")
    if words is None or parts:
        return None
    names: dict[str, str] = {}
    for name, code in table("temporal_weekdays.tsv").items():
        if not any(c.isdigit() for c in name):
            names.setdefault(code, name)  # the first spelled-out name of each day
    spelled = []
    for code in filter(None, days.split(",")):
        if code not in names:
            return None
        first, _, rest = names[code].partition(" ")
        spelled.append(f"{first} {rest.capitalize()}" if first == "thứ" else names[code].capitalize())
    if not spelled:
        return words
    return f"{words}, " + (" và ".join([", ".join(spelled[:-1]), spelled[-1]]) if len(spelled) > 1 else spelled[0])


def _recurrence_cell(rule: str | None) -> str:
    if not rule:
        return ""
    words = recurrence_in_words(rule)
    return (f"{h(words)} " if words else "") + f'<span class="muted">{h(rule)}</span>'


def index_page(records: list[dict]) -> str:
    """The list of documents with counts and warnings, oldest first."""
    def count(n: int) -> str:
        return f'<span class="count-{min(n, 1)}">{n}</span>'

    rows = []
    for r in records:
        warnings = r.get("warnings") or []
        rows.append([
            h(r.get("event_date") or r.get("published") or ""), h(r.get("doc_type")),
            f'<a href="docs/{h(page_name(r["doc_id"]))}">{h(r.get("title") or visible((r.get("source") or {}).get("path") or "") or r["doc_id"])}</a>',
            h(r.get("doc_number")), h(visible(Path((r.get("source") or {}).get("path") or "").name)),
            *(count(len(r.get(k) or [])) for k in ("officials", "criteria", "tasks", "refs")),
            "<br>".join(f'<span class="warn">{h(w)}</span>' for w in warnings)])
    listing = _table(["date", "type", "title", "number", "file", "officials", "criteria", "tasks",
                      "refs", "warnings"], rows, empty="The database holds no documents yet.")
    totals = {k: sum(len(r.get(k) or []) for r in records) for k in ("officials", "criteria", "tasks")}
    header = ("<h1>vnextract review</h1>"
              f'<div class="meta">{len(records)} documents · {totals["officials"]} officials · '
              f'{totals["criteria"]} criteria counts · {totals["tasks"]} tasks</div>')
    return _page("vnextract review", header, f'<section class="panel index">{listing}</section>',
                 "style.css")


def page_name(doc_id: str) -> str:
    """File name of a document's page; ids that are not plain hex/word characters are
    hashed so a hostile record cannot write outside the site."""
    if re.fullmatch(r"[\w-]{1,64}", doc_id, re.ASCII):
        return f"{doc_id}.html"
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:16] + ".html"


def overlap_page(record: dict) -> str:
    """displaCy's span view of a document: overlapping items drawn as stacked underlines."""
    from extractors.nlp import render_spans, with_spans

    text = record.get("text") or ""
    items = [(m.start, m.end, m.kind, m.label) for m in record_marks(record)]
    # One displaCy view per line of the text, so its paragraphs stay paragraphs; an item
    # running over a line break is drawn on each of its lines.
    paragraphs = []
    for line in re.finditer(r"[^\n]*\S[^\n]*", text):
        s, e = line.span()
        inside = [(max(a, s) - s, min(b, e) - s, kind, label) for a, b, kind, label in items
                  if a < e and b > s]
        view = (render_spans(with_spans(text[s:e], inside), DISPLACY_COLORS) if inside
                else f'<div class="spans">{h(text[s:e])}</div>')  # displaCy warns on no spans
        paragraphs.append(f'<div class="paragraph">{view}</div>')
    body = "".join(paragraphs)
    title = record.get("title") or record.get("doc_id")
    header = (f'<a href="{h(page_name(record["doc_id"]))}">← highlighted page</a>'
              f'<h1>{h(title)}</h1><div class="meta">overlap view (displaCy)</div>')
    return _page(str(title), header, f'<section class="panel">{body}</section>', "../style.css")


def write_site(records: list[dict], out: Path, overlaps: bool = False) -> list[Path]:
    """Write index.html, style.css and docs/<doc_id>.html (and, with `overlaps`, the
    displaCy view docs/<doc_id>.spans.html); return the document pages written."""
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "style.css").write_text((TEMPLATES / "report.css").read_text(encoding="utf-8"),
                                   encoding="utf-8")
    pages = [out / "index.html"]
    pages[0].write_text(index_page(records), encoding="utf-8")
    for record in records:
        page = out / "docs" / page_name(record["doc_id"])
        page.write_text(document_page(record, overlaps), encoding="utf-8")
        pages.append(page)
        if overlaps:
            page.with_suffix(".spans.html").write_text(overlap_page(record), encoding="utf-8")
    return pages


# ------------------------------------------------------------------ command
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=DEFAULT_DB, metavar="PATH", help=f"record database (default: {DEFAULT_DB})")
    parser.add_argument("--out", required=True, metavar="DIR", help="directory to write the site into")
    parser.add_argument("--overlaps", action="store_true",
                        help="also write docs/<doc_id>.spans.html, displaCy's view of overlapping items")


def main(args: argparse.Namespace) -> int:
    conn = open_store(args.db, create=False)
    try:
        records = load_records(conn)
    finally:
        conn.close()
    pages = write_site(records, Path(args.out), overlaps=args.overlaps)
    print(f"{len(pages) - 1} document pages → {Path(args.out) / 'index.html'}", file=sys.stderr)
    return 0
