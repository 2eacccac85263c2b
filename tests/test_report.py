"""`vnextract report`: static review site with nested, escaped highlights."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import types
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

import multiyear
from vnextract.cli import main
from vnextract import report
from vnextract.report import Mark, record_marks, render_marked
from pipeline.store import open_store, upsert_documents

HOSTILE_TEXT = (
    'Thông báo <script>alert("x")</script> kết luận.\n'
    'Ngày 05/3/2024, đồng chí Võ Thị Hoà, Phó Chủ tịch UBND huyện <img src=x onerror=alert(1)> '
    'chủ trì.\n'
    'Xã Hải An đạt 12/19 tiêu chí nông thôn mới " onmouseover="alert(2).\n'
    '- Giao UBND xã Hải An hoàn thành hồ sơ trước 30/6/2024 & báo cáo <b onclick=x>.\n'
    'Thực hiện Kế hoạch số 12-KH/HU ngày 02/01/2024 của Huyện ủy.')


def _span(text: str, piece: str) -> list[int]:
    start = text.index(piece)
    return [start, start + len(piece)]


def hostile_record() -> dict:
    text = HOSTILE_TEXT
    task = "Giao UBND xã Hải An hoàn thành hồ sơ trước 30/6/2024 & báo cáo <b onclick=x>."
    # The criteria span deliberately crosses into the next line's task: marks must split.
    crit_start = text.index("đạt 12/19")
    crit_end = text.index("hoàn thành hồ sơ")
    return {
        "doc_id": hashlib.sha256(text.encode()).hexdigest()[:16],
        "source": {"path": "inbox/<evil>.txt", "format": "txt", "sha256": "0" * 64, "pages": None},
        "text": text, "title": '<script>alert("title")</script>', "doc_type": "notice",
        "doc_number": "12/TB-UBND", "issuer": "UBND huyện", "published": "2024-03-05",
        "event_date": "2024-03-05", "place": None, "author": None, "signer": None,
        "officials": [{"name": "Võ Thị Hoà", "titles": ["Phó Chủ tịch UBND huyện"],
                       "organizations": [], "roles": ["chair"],
                       "mentions": [_span(text, "Võ Thị Hoà")]}],
        "criteria": [{"kind": "criteria", "subject": "xã Hải An", "program": "nông thôn mới",
                      "met": 12, "total": 19, "unmet": 7, "met_ids": [], "unmet_ids": [],
                      "as_of": "2024-03-05", "text": text[crit_start:crit_end],
                      "span": [crit_start, crit_end]}],
        "tasks": [{"task_id": "t1", "assignee": "UBND xã Hải An", "assignee_officials": [],
                   "action": "hoàn thành hồ sơ <b onclick=x>", "text": task,
                   "span": _span(text, task), "deadline": "2024-06-30",
                   "deadline_text": "trước 30/6/2024", "deadline_kind": "before",
                   "recurrence": None, "assigned_by": None, "section": None}],
        "refs": [{"kind": "Kế hoạch", "number": "12-KH/HU", "date": "2024-01-02",
                  "issuer": "Huyện ủy", "text": "Kế hoạch số 12-KH/HU ngày 02/01/2024",
                  "span": _span(text, "Kế hoạch số 12-KH/HU ngày 02/01/2024")}],
        "warnings": ['<img src=x onerror="alert(3)"> year guessed'],
    }


class _Audit(HTMLParser):
    """Collects what a browser would execute, and which kinds cover each text character."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.stack: list[str | None] = []
        self.in_text = False
        self.chars: list[tuple[str, frozenset[str]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.scripts += tag in ("script", "iframe", "object", "embed")
        self.handlers += [k for k in attrs if k.startswith("on")]
        self.js_urls += [v for k, v in attrs.items()
                         if k in ("href", "src") and v and v.strip().lower().startswith("javascript:")]
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "div" and attrs.get("class") == "text":
            self.in_text = True
        if self.in_text and tag == "span":
            self.stack.append(attrs.get("data-kind"))
        elif self.in_text and tag not in ("div",):
            raise AssertionError(f"unexpected <{tag}> inside the text")

    def handle_endtag(self, tag):
        if self.in_text and tag == "span":
            self.stack.pop()
        elif self.in_text and tag == "div":
            assert not self.stack, "unclosed spans in the text"
            self.in_text = False

    def handle_data(self, data):
        if self.in_text:
            kinds = frozenset(self.stack)
            self.chars.extend((c, kinds) for c in data)


def _audit(html_text: str) -> _Audit:
    parser = _Audit()
    parser.feed(html_text)
    parser.close()
    return parser


@pytest.fixture
def site(tmp_path):
    db = tmp_path / "records.sqlite"
    upsert_documents(open_store(db), [hostile_record(), *multiyear.records()])
    out = tmp_path / "site"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    return out


def _page_of(site: Path, record: dict) -> str:
    return (site / "docs" / f"{record['doc_id']}.html").read_text(encoding="utf-8")


def test_every_page_is_free_of_executable_markup(site):
    pages = [site / "index.html", *sorted((site / "docs").glob("*.html"))]
    assert len(pages) == 6
    for page in pages:
        audit = _audit(page.read_text(encoding="utf-8"))
        assert (audit.scripts, audit.handlers, audit.js_urls) == (0, [], []), page


def test_text_is_shown_verbatim_with_each_kind_at_its_span(site):
    record = hostile_record()
    audit = _audit(_page_of(site, record))
    text = record["text"]
    assert "".join(c for c, _ in audit.chars) == text
    expected = [set() for _ in text]
    for mark in record_marks(record):
        for i in range(mark.start, mark.end):
            expected[i].add(mark.kind)
    assert [set(kinds) for _, kinds in audit.chars] == expected
    # spot checks of the nesting: the official inside nothing, the crossing criteria split
    assert audit.chars[text.index("Võ Thị Hoà")][1] == {"official"}
    assert audit.chars[text.index("- Giao")][1] == {"criteria"}
    assert audit.chars[text.index("hoàn thành hồ sơ") - 2][1] == {"criteria", "task"}
    assert audit.chars[text.index("hoàn thành hồ sơ")][1] == {"task"}
    assert {"task-0", "criteria-0", "official-0", "ref-0"} <= audit.ids


def test_render_marked_splits_crossing_marks_into_nested_pieces():
    html_text = render_marked("abcdef", [Mark(0, 4, "task", "t"), Mark(2, 6, "criteria", "c")])
    assert html_text == (
        '<span class="hl hl-task" data-kind="task" title="t">ab'
        '<span class="hl hl-criteria" data-kind="criteria" title="c">cd</span></span>'
        '<span class="hl hl-criteria" data-kind="criteria" title="c">ef</span>')


def test_same_span_nests_by_kind_and_escapes():
    html_text = render_marked("<a>", [Mark(0, 3, "official", "o"), Mark(0, 3, "task", '"t"')])
    assert html_text == ('<span class="hl hl-task" data-kind="task" title="&quot;t&quot;">'
                         '<span class="hl hl-official" data-kind="official" title="o">'
                         '&lt;a&gt;</span></span>')


def test_dates_of_the_real_temporal_module_are_marked():
    dates = {HOSTILE_TEXT[m.start:m.end] for m in record_marks(hostile_record()) if m.kind == "date"}
    for written in ("05/3/2024", "30/6/2024", "02/01/2024"):
        assert any(written in d for d in dates), written


def test_titles_are_marked_where_stated_verbatim():
    marks = [m for m in record_marks(hostile_record()) if m.kind == "title"]
    assert [(HOSTILE_TEXT[m.start:m.end]) for m in marks] == ["Phó Chủ tịch UBND huyện"]


def test_invalid_spans_are_skipped_not_fatal():
    record = hostile_record()
    record["tasks"][0]["span"] = [5, 10_000]
    record["criteria"][0]["span"] = None
    marks = record_marks(record)
    assert {m.kind for m in marks} == {"official", "title", "ref", "date"}  # no task, no criteria
    assert all(0 <= m.start < m.end <= len(record["text"]) for m in marks)


def test_dates_come_from_the_temporal_module(monkeypatch):
    start = HOSTILE_TEXT.index("05/3/2024")
    found = types.SimpleNamespace(start=start, end=start + 9, value="2024-03-05", rrule=None)
    out_of_range = types.SimpleNamespace(start=0, end=10**6, value=None, rrule=None)
    anchors = []

    def find_temporals(text, anchor=None):
        anchors.append(anchor)
        return [found, out_of_range]

    monkeypatch.setattr(report, "find_temporals", find_temporals)
    [date_mark] = [m for m in record_marks(hostile_record()) if m.kind == "date"]
    assert HOSTILE_TEXT[date_mark.start:date_mark.end] == "05/3/2024"
    assert date_mark.label == "date: 05/3/2024 → 2024-03-05"
    assert anchors == [date(2024, 3, 5)]  # the document's date resolves year-less dates


def test_index_lists_documents_with_counts_and_warnings(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    record = hostile_record()
    assert f'href="docs/{record["doc_id"]}.html"' in index
    assert "&lt;img src=x onerror=&quot;alert(3)&quot;&gt; year guessed" in index
    assert "5 documents · 7 officials · 5 criteria counts · 9 tasks" in index
    links = [line.split('"')[0] for line in index.split('href="docs/')[1:]]
    assert all((site / "docs" / link).exists() for link in links) and len(links) == 5


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def test_page_renders_in_headless_chromium(site, tmp_path):
    assert CHROMIUM, "Chromium is missing: ./setup.sh installs it (system-packages.txt)"
    page = site / "docs" / f"{hostile_record()['doc_id']}.html"
    flags = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    audit = _audit(dom)
    assert (audit.scripts, audit.handlers) == (0, [])
    assert "".join(c for c, _ in audit.chars) == HOSTILE_TEXT
    for kind in ("official", "title", "task", "criteria", "ref"):
        assert f'data-kind="{kind}"' in dom
    shot = tmp_path / "page.png"
    subprocess.run([*flags, f"--screenshot={shot}", page.as_uri()], capture_output=True,
                   timeout=60, check=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000


def test_overlap_view_is_displacy_with_escaped_text(tmp_path):
    """`--overlaps` writes displaCy's span view: every item present, hostile text inert."""
    from vnextract.report import write_site

    text = "Đồng chí <script>alert(1)</script> Lê Văn An chủ trì; giao UBND xã báo cáo trước 30/8/2024."
    start = text.index("Lê Văn An")
    task_start = text.index("giao")
    record = {"doc_id": "abc123", "text": text, "title": "t <img src=x onerror=alert(1)>",
              "officials": [{"name": "Lê Văn An", "titles": [], "roles": ["chair"],
                             "mentions": [[start, start + len("Lê Văn An")]]}],
              "tasks": [{"text": text[task_start:-1], "span": [task_start, len(text) - 1],
                         "action": "báo cáo", "assignee": "UBND xã"}]}
    write_site([record], tmp_path, overlaps=True)
    page = (tmp_path / "docs" / "abc123.spans.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;" in page and "&gt;" in page  # displaCy escapes each token
    for label in ("official", "task", "date"):
        assert label in page
    main_page = (tmp_path / "docs" / "abc123.html").read_text(encoding="utf-8")
    assert 'href="abc123.spans.html"' in main_page
