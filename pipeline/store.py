"""SQLite store of extracted records, accumulated across runs.

Every `run` upserts its documents here, so trackers (`tasks`), audits (`audit`) and the
review site (`report`) query one growing history instead of re-reading output folders.
Tables mirror RECORDS.md; next to each name as written sits a normalised match key so
the same unit or official is found across documents whatever the tone placement, case,
honorific or abbreviation (`UBND` / `Ủy ban nhân dân`).  Units renamed or merged by an
administrative reorganisation are mapped through `unit_aliases` (alias key → canonical
key), consulted by every unit lookup.

Versions: a document (`doc_id`, a hash of its text) is reached through its `sources`,
the files that gave that text (one per path, so the same text as .txt/.docx/.pdf is one
document with three sources).  When a file's text changes, its path moves to the new
document; a document left with no source is superseded: its record moves to `history`
(with the date and what superseded it) and its rows leave every table that queries
and exports read.  `forget` does the same for files removed from the archive.
"""
from __future__ import annotations

import difflib
import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.text import first_char_gate, fold, strip_diacritics
from extractors.units import unit_key as extract_unit_key
from extractors.lang import abbreviations, table, word_list
from pipeline.exitcodes import ENVIRONMENT, UserError

DEFAULT_DB = "outputs/records.sqlite"
BUSY_TIMEOUT = 10.0  # seconds a connection waits for another writer before "database is locked"

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT, format TEXT, sha256 TEXT, pages INTEGER,
    title TEXT, doc_type TEXT, doc_number TEXT, issuer TEXT,
    published TEXT, event_date TEXT,
    doc_date TEXT,            -- event_date, else published: the date audits order by
    place TEXT, author TEXT,
    signer_name TEXT, signer_title TEXT, signer_on_behalf_of TEXT,
    text TEXT NOT NULL,
    text_key TEXT NOT NULL,   -- unit_key() of the whole text, for "is this document about X"
    warnings TEXT NOT NULL,   -- JSON list
    record TEXT NOT NULL      -- the full documents.jsonl record, JSON
);
CREATE INDEX IF NOT EXISTS documents_date ON documents(doc_date);
CREATE INDEX IF NOT EXISTS documents_sha ON documents(sha256);

CREATE TABLE IF NOT EXISTS officials (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL, name_key TEXT NOT NULL,
    roles TEXT NOT NULL, organizations TEXT NOT NULL, mentions TEXT NOT NULL,  -- JSON lists
    PRIMARY KEY (doc_id, position)
);
CREATE INDEX IF NOT EXISTS officials_name ON officials(name_key);

CREATE TABLE IF NOT EXISTS official_titles (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    official_position INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name_key TEXT NOT NULL,
    title TEXT NOT NULL, title_key TEXT NOT NULL,
    PRIMARY KEY (doc_id, official_position, position)
);
CREATE INDEX IF NOT EXISTS official_titles_name ON official_titles(name_key);

CREATE TABLE IF NOT EXISTS criteria (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT, subject TEXT, subject_key TEXT, program TEXT,
    met INTEGER, total INTEGER, unmet INTEGER,
    met_ids TEXT NOT NULL, unmet_ids TEXT NOT NULL,  -- JSON lists
    as_of TEXT, text TEXT, span_start INTEGER, span_end INTEGER,
    PRIMARY KEY (doc_id, position)
);
CREATE INDEX IF NOT EXISTS criteria_unit ON criteria(subject_key);
CREATE INDEX IF NOT EXISTS criteria_date ON criteria(as_of);

CREATE TABLE IF NOT EXISTS tasks (
    task_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    assignee TEXT, assignee_key TEXT,
    assignee_officials TEXT NOT NULL,  -- JSON list of names as written
    assignee_official_keys TEXT NOT NULL,  -- JSON list of name_key()
    action TEXT, text TEXT, span_start INTEGER, span_end INTEGER,
    deadline TEXT, deadline_text TEXT, deadline_kind TEXT, recurrence TEXT,
    assigned_by TEXT, assigned_by_key TEXT, section TEXT, period TEXT
);
CREATE INDEX IF NOT EXISTS tasks_doc ON tasks(doc_id);
CREATE INDEX IF NOT EXISTS tasks_assignee ON tasks(assignee_key);
CREATE INDEX IF NOT EXISTS tasks_deadline ON tasks(deadline);

CREATE TABLE IF NOT EXISTS refs (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT, number TEXT, date TEXT, issuer TEXT,
    text TEXT, span_start INTEGER, span_end INTEGER,
    PRIMARY KEY (doc_id, position)
);
CREATE INDEX IF NOT EXISTS refs_number ON refs(number);

-- Files that gave a current document: the archive's view of "which version is current".
CREATE TABLE IF NOT EXISTS sources (
    path_key TEXT PRIMARY KEY,  -- absolute path: a file's identity across runs
    path TEXT NOT NULL,         -- as written in the record
    doc_id TEXT NOT NULL, format TEXT, sha256 TEXT, pages INTEGER,
    loaded TEXT NOT NULL        -- UTC time this version of the file was loaded
);
CREATE INDEX IF NOT EXISTS sources_doc ON sources(doc_id);

-- Superseded or forgotten documents, so an audit can say what an earlier version said.
CREATE TABLE IF NOT EXISTS history (
    doc_id TEXT NOT NULL,
    paths TEXT NOT NULL,        -- JSON list of the paths it last came from
    superseded TEXT NOT NULL,   -- UTC time it stopped being current
    superseded_by TEXT,         -- doc_id of the newer version; NULL when forgotten
    reason TEXT NOT NULL,       -- 'changed' or 'forgotten'
    record TEXT NOT NULL,       -- its documents.jsonl record, JSON
    PRIMARY KEY (doc_id, superseded)
);

CREATE TABLE IF NOT EXISTS unit_aliases (
    alias_key TEXT PRIMARY KEY,
    canonical_key TEXT NOT NULL
);
"""

_HONORIFIC = re.compile(r"^(?:(?:các\s+)?đồng\s+chí|đ/c|ông|bà)\s+", re.IGNORECASE)


# ------------------------------------------------------------------ match keys
def name_key(name: str | None) -> str:
    """Key of a person's name: folded (tone placement, case) without `đồng chí`/`Đ/c`/`ông`/`bà`."""
    # One honorific only: `Ông` is also a surname (`Ông Ích Khiêm`).
    return fold(_HONORIFIC.sub("", unicodedata.normalize("NFC", name or "").strip()))


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    # Matched on the original case (`TT` is not `tt`), longest first (`UBMTTQ` before `UB`).
    # Unit-type abbreviations (`TP.`, `TT`, `P.`) are left to `extractors.units.unit_key`.
    unit_types = set(table("unit_abbreviations.tsv"))
    org = {k: v for k, v in abbreviations().items() if k not in unit_types}
    alternation = "|".join(re.escape(a) for a in sorted(org, key=len, reverse=True))
    return re.compile(first_char_gate(org) + r"(?<!\w)(?:" + alternation + r")(?!\w)"), org


def unit_key(name: str | None) -> str:
    """Key of a unit name: organisation abbreviations expanded (`UBND` → `ủy ban nhân dân`),
    unit types unified (`TT Sao Vàng` = `thị trấn Sao Vàng`), case and tone placement folded."""
    if not name:
        return ""
    pattern, org = _abbreviation_pattern()
    return extract_unit_key(pattern.sub(lambda m: org[m.group()], name))


@lru_cache(maxsize=8192)
def skeleton(key: str) -> str:
    """A key without diacritics (`phường tân dân` → `phuong tan dan`), to match queries
    typed the way people search."""
    return strip_diacritics(key)


def _typed_plain(key: str) -> bool:
    # Every unit type and most Vietnamese names carry a diacritic: an all-ASCII query key
    # was typed without them, and is compared with keys stripped of theirs.
    return key.isascii()


def contains_key(haystack: str, needle: str) -> bool:
    """Whether key `needle` occurs in key `haystack` on word boundaries (on skeletons when
    `needle` was typed without diacritics)."""
    if not needle:
        return False
    if _typed_plain(needle):
        haystack = skeleton(haystack)
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None


@lru_cache(maxsize=1)
def _organ_prefix() -> re.Pattern[str]:
    # Keys as stored, and as typed without diacritics (`uy ban nhan dan`, `ubnd`, `hdnd`).
    organs = sorted({k for o in word_list("task_unit_organs.txt")
                     for k in (unit_key(o), skeleton(unit_key(o)), skeleton(fold(o)))},
                    key=len, reverse=True)
    types = sorted({k for t in word_list("unit_types.txt")
                    for k in (unit_key(t), skeleton(unit_key(t)))}, key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(map(re.escape, organs)) + r")\s+(?=(?:"
                      + "|".join(map(re.escape, types)) + r")\s)")


def unit_of(key: str) -> str:
    """The unit a unit-keyed name belongs to: its organ dropped (`ủy ban nhân dân phường x`,
    `đảng ủy phường x`, `công an phường x` → `phường x`); other keys unchanged."""
    return _organ_prefix().sub("", key)


def suggest(query: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Names among `candidates` spelled close to `query`, compared without case or
    diacritics: what to offer when a query finds nothing."""
    by_skeleton: dict[str, str] = {}
    for name in candidates:
        if name:
            by_skeleton.setdefault(skeleton(fold(name)), name)
    close = difflib.get_close_matches(skeleton(fold(query)), list(by_skeleton), n=limit, cutoff=0.8)
    return [by_skeleton[c] for c in close]


# ------------------------------------------------------------------ writing
def open_store(path: str | Path = DEFAULT_DB, create: bool = True) -> sqlite3.Connection:
    """Open the record database at `path`, creating it if `create` (query commands don't).

    Raises UserError (exit 4) when the file is missing, is not SQLite, or cannot be opened.
    """
    path = Path(path)
    if str(path) != ":memory:":
        if not create and not path.is_file():
            raise UserError(ENVIRONMENT, f"no database at {path}: run `vnextract run` first, "
                                         "or pass --db with the .sqlite file it wrote")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":  # WAL: readers never block the writer, nor it them
            conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(SCHEMA)
        _backfill_sources(conn)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):  # another writer: the caller waits and tries again
            raise
        raise UserError(ENVIRONMENT, f"{path} is not a usable vnextract database ({exc}); "
                                     "pass --db with a .sqlite file written by `vnextract run`") from None
    except sqlite3.DatabaseError as exc:
        raise UserError(ENVIRONMENT, f"{path} is not a usable vnextract database ({exc}); "
                                     "pass --db with a .sqlite file written by `vnextract run`") from None
    return conn


def _backfill_sources(conn: sqlite3.Connection) -> None:
    """A database written before `sources` existed: each document's path is its source."""
    if conn.execute("SELECT 1 FROM sources LIMIT 1").fetchone():
        return
    rows = conn.execute("SELECT doc_id, path, format, sha256, pages FROM documents "
                        "WHERE path IS NOT NULL").fetchall()
    with conn:
        conn.executemany("INSERT OR IGNORE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(path_key(r["path"]), r["path"], r["doc_id"], r["format"],
                           r["sha256"], r["pages"], _now()) for r in rows])


def _json(value: Any) -> str:
    return json.dumps(value if value is not None else [], ensure_ascii=False)


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any],
            verb: str = "INSERT") -> None:
    columns = ", ".join(row)
    marks = ", ".join("?" * len(row))
    conn.execute(f"{verb} INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))


def _spanned(item: dict) -> dict[str, Any]:
    span = item.get("span") or [None, None]
    return {"text": item.get("text"), "span_start": span[0], "span_end": span[1]}


def _doc_date(record: dict) -> str | None:
    return record.get("event_date") or record.get("published")


@dataclass
class LoadStats:
    """What one load did: files read, and documents new, changed (superseding) or kept."""

    files: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    doc_ids: set[str] = field(default_factory=set)

    @property
    def documents(self) -> int:
        return len(self.doc_ids)


def path_key(path: str | Path) -> str:
    """A file's identity across runs: its absolute path (the file need not exist any more)."""
    return os.path.abspath(os.fspath(path))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def upsert_documents(conn: sqlite3.Connection, records: Iterable[dict]) -> LoadStats:
    """Load each record as the current version of its source file.

    A document's rows are rewritten as a whole, so re-running the same archive leaves
    the database unchanged.  A file whose text changed (new `doc_id`) supersedes the
    document it gave before, once no other file still gives that text.
    """
    stats = LoadStats()
    with conn:
        for record in records:
            _upsert_one(conn, record, stats)
    return stats


def _upsert_one(conn: sqlite3.Connection, record: dict, stats: LoadStats) -> None:
    doc_id = record["doc_id"]
    source = record.get("source") or {}
    signer = record.get("signer") or {}
    stats.files += 1
    key = path_key(source["path"]) if source.get("path") else None
    before = conn.execute("SELECT doc_id FROM sources WHERE path_key = ?", (key,)).fetchone()
    known = conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if doc_id not in stats.doc_ids:
        if before and before["doc_id"] != doc_id:
            stats.changed += 1
        elif known:
            stats.unchanged += 1
        else:
            stats.new += 1
    stats.doc_ids.add(doc_id)
    conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))  # cascades
    if key:
        conn.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (key, source["path"], doc_id, source.get("format"), source.get("sha256"),
                      source.get("pages"), _now()))
    text = record.get("text") or ""
    _insert(conn, "documents", {
        "doc_id": doc_id, "path": source.get("path"), "format": source.get("format"),
        "sha256": source.get("sha256"), "pages": source.get("pages"),
        **{f: record.get(f) for f in ("title", "doc_type", "doc_number", "issuer",
                                      "published", "event_date", "place", "author")},
        "doc_date": _doc_date(record), "signer_name": signer.get("name"),
        "signer_title": signer.get("title"), "signer_on_behalf_of": signer.get("on_behalf_of"),
        "text": text, "text_key": unit_key(text), "warnings": _json(record.get("warnings")),
        "record": json.dumps(record, ensure_ascii=False)})
    for i, official in enumerate(record.get("officials") or []):
        key = name_key(official.get("name"))
        _insert(conn, "officials", {
            "doc_id": doc_id, "position": i, "name": official.get("name"), "name_key": key,
            "roles": _json(official.get("roles")),
            "organizations": _json(official.get("organizations")),
            "mentions": _json(official.get("mentions"))})
        for j, title in enumerate(official.get("titles") or []):
            _insert(conn, "official_titles", {
                "doc_id": doc_id, "official_position": i, "position": j, "name_key": key,
                "title": title, "title_key": unit_key(title)})
    for i, crit in enumerate(record.get("criteria") or []):
        _insert(conn, "criteria", {
            "doc_id": doc_id, "position": i, "kind": crit.get("kind", "criteria"),
            "subject": crit.get("subject"), "subject_key": unit_key(crit.get("subject")),
            **{f: crit.get(f) for f in ("program", "met", "total", "unmet")},
            "met_ids": _json(crit.get("met_ids")), "unmet_ids": _json(crit.get("unmet_ids")),
            "as_of": crit.get("as_of") or _doc_date(record), **_spanned(crit)})
    for i, task in enumerate(record.get("tasks") or []):
        _insert(conn, "tasks", _task_row(doc_id, i, task), verb="INSERT OR REPLACE")
    for i, ref in enumerate(record.get("refs") or []):
        _insert(conn, "refs", {
            "doc_id": doc_id, "position": i,
            **{f: ref.get(f) for f in ("kind", "number", "date", "issuer")}, **_spanned(ref)})
    if before and before["doc_id"] != doc_id:
        _retire_orphan(conn, before["doc_id"], superseded_by=doc_id)


def _retire_orphan(conn: sqlite3.Connection, doc_id: str, superseded_by: str | None,
                   paths: list[str] | None = None) -> bool:
    """Move `doc_id` to `history` if no file gives it any more; True if it moved."""
    if conn.execute("SELECT 1 FROM sources WHERE doc_id = ?", (doc_id,)).fetchone():
        return False
    row = conn.execute("SELECT path, record FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return False
    conn.execute("INSERT OR REPLACE INTO history VALUES (?, ?, ?, ?, ?, ?)",
                 (doc_id, _json(paths or [row["path"]]), _now(), superseded_by,
                  "changed" if superseded_by else "forgotten", row["record"]))
    conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
    return True


def forget(conn: sqlite3.Connection, paths: Iterable[str | Path]) -> tuple[list[str], list[str]]:
    """Drop the sources at or under each path; retire documents left without a source.

    Returns (paths forgotten, documents retired).  For files removed from the archive.
    """
    forgotten: list[str] = []
    retired: list[str] = []
    with conn:
        for given in paths:
            key = path_key(given)
            rows = conn.execute(
                "SELECT path_key, path, doc_id FROM sources WHERE path_key = ? "
                "OR substr(path_key, 1, ?) = ?", (key, len(key) + 1, key.rstrip(os.sep) + os.sep)
            ).fetchall()
            for row in rows:
                conn.execute("DELETE FROM sources WHERE path_key = ?", (row["path_key"],))
                forgotten.append(row["path"])
                if _retire_orphan(conn, row["doc_id"], None, [row["path"]]):
                    retired.append(row["doc_id"])
    return forgotten, retired


def stale_sources(conn: sqlite3.Connection, roots: Iterable[str | Path],
                  seen: set[str]) -> list[str]:
    """Paths of stored sources under `roots` that are not in `seen` (path keys): files a
    run over `roots` no longer found, for `run --prune`."""
    prefixes = [path_key(r) for r in roots]
    out = []
    for row in conn.execute("SELECT path_key, path FROM sources ORDER BY path_key"):
        key = row["path_key"]
        inside = any(key == p or key.startswith(p.rstrip(os.sep) + os.sep) for p in prefixes)
        if inside and key not in seen:
            out.append(row["path"])
    return out


def _task_row(doc_id: str, position: int, task: dict) -> dict[str, Any]:
    """A task as a row of the `tasks` table, list columns as JSON."""
    officials = task.get("assignee_officials") or []
    return {
        "task_id": task["task_id"], "doc_id": doc_id, "position": position,
        "assignee": task.get("assignee"), "assignee_key": unit_key(task.get("assignee")),
        "assignee_officials": _json(officials),
        "assignee_official_keys": _json([name_key(n) for n in officials]),
        **{f: task.get(f) for f in ("action", "deadline", "deadline_text", "deadline_kind",
                                    "recurrence", "assigned_by", "section", "period")},
        "assigned_by_key": name_key(task.get("assigned_by")), **_spanned(task)}


def add_unit_alias(conn: sqlite3.Connection, alias: str, canonical: str) -> None:
    """Record that unit `alias` (e.g. a pre-2025 name) now means `canonical`."""
    with conn:
        conn.execute("INSERT OR REPLACE INTO unit_aliases VALUES (?, ?)",
                     (unit_key(alias), unit_key(canonical)))


# ------------------------------------------------------------------ reading
def unit_keys(conn: sqlite3.Connection, name: str) -> set[str]:
    """Every key that names the same unit as `name` (its organ dropped: `UBND phường x`
    is `phường x`): itself, its canonical name, their aliases; a query typed without
    diacritics finds its aliases by skeleton."""
    key = unit_of(unit_key(name))
    same = (lambda k: skeleton(k) == key) if _typed_plain(key) else (lambda k: k == key)
    aliases = conn.execute("SELECT alias_key, canonical_key FROM unit_aliases").fetchall()
    canonical = {r["canonical_key"] for r in aliases if same(r["alias_key"]) or same(r["canonical_key"])}
    return {key, *canonical, *(r["alias_key"] for r in aliases if r["canonical_key"] in canonical)}


def mentions_unit(key_text: str, keys: set[str]) -> bool:
    """Whether a unit-keyed string mentions any of `keys`."""
    return any(contains_key(key_text, k) for k in keys)


def names_unit(name_key_: str, keys: set[str]) -> bool:
    """Whether a unit-keyed name (assignee, criteria subject) names one of `keys`.

    Either it contains a key (`công an phường x` names `phường x`), or it ends a key and
    has at least two words (`phường x` names `ủy ban nhân dân phường x`), so a query
    given with its organ still finds the unit.
    """
    if mentions_unit(name_key_, keys):
        return True
    return len(name_key_.split()) >= 2 and any(
        k.endswith(" " + (skeleton(name_key_) if _typed_plain(k) else name_key_)) for k in keys)


def official_keys(conn: sqlite3.Connection, name: str) -> set[str]:
    """The stored name keys a person query means: its own key, and when typed without
    diacritics (`mai sy lan`) every stored name with that skeleton (`mai sỹ lân`)."""
    key = name_key(name)
    if not _typed_plain(key):
        return {key}
    return {key} | {r[0] for r in conn.execute("SELECT DISTINCT name_key FROM officials")
                    if skeleton(r[0]) == key}


def unit_known(conn: sqlite3.Connection, keys: set[str]) -> bool:
    """Whether any current document mentions one of the unit `keys`."""
    return any(mentions_unit(r["text_key"], keys)
               for r in conn.execute("SELECT text_key FROM documents"))


def unit_names(conn: sqlite3.Connection) -> list[str]:
    """Unit names as written in criteria subjects and task assignees: suggestion candidates."""
    return [r[0] for r in conn.execute(
        "SELECT subject FROM criteria WHERE subject IS NOT NULL UNION "
        "SELECT assignee FROM tasks WHERE assignee IS NOT NULL")]


def load_records(conn: sqlite3.Connection) -> list[dict]:
    """All stored documents as documents.jsonl records, oldest document date first."""
    rows = conn.execute(
        "SELECT record FROM documents ORDER BY doc_date IS NULL, doc_date, doc_id").fetchall()
    return [json.loads(r["record"]) for r in rows]


def task_rows(conn: sqlite3.Connection) -> list[dict]:
    """Every task of a current document, joined with its document's source, title and date."""
    rows = conn.execute(
        """SELECT t.*, d.path, d.title, d.doc_date, d.doc_number, d.doc_type
           FROM tasks t JOIN documents d USING (doc_id)
           ORDER BY t.deadline IS NULL, t.deadline, d.doc_date, t.doc_id, t.position""")
    return [_decoded(dict(row)) for row in rows]


def superseded_task_rows(conn: sqlite3.Connection) -> list[dict]:
    """Tasks of superseded or forgotten versions that no current document still has,
    shaped like `task_rows`: what trackers must mark cancelled."""
    current = {r[0] for r in conn.execute("SELECT task_id FROM tasks")}
    out: dict[str, dict] = {}
    for row in conn.execute("SELECT record FROM history ORDER BY superseded"):
        record = json.loads(row["record"])
        document = {"path": (record.get("source") or {}).get("path"), "doc_date": _doc_date(record),
                    **{f: record.get(f) for f in ("title", "doc_number", "doc_type")}}
        for i, task in enumerate(record.get("tasks") or []):
            if task["task_id"] not in current:
                out[task["task_id"]] = _decoded({**_task_row(record["doc_id"], i, task), **document})
    return sorted(out.values(), key=lambda t: t["task_id"])


def _decoded(item: dict) -> dict:
    item["assignee_officials"] = json.loads(item["assignee_officials"])
    item["assignee_official_keys"] = json.loads(item["assignee_official_keys"])
    return item
