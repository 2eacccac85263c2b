"""Record types of the output contract (../shared/spec/RECORDS.md).

Field names are fixed by the contract: extend, never rename.  `to_dict()` gives the
JSON shape written to documents.jsonl.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any, Literal

# Closed sets of the contract, checked by the type checker.
DocType = Literal["notice", "news", "other"]
CriteriaKind = Literal["criteria", "units"]
DeadlineKind = Literal["before", "by", "within"]


@dataclass
class Official:
    name: str
    titles: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: list[list[int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Criteria:
    subject: str | None
    met: int | None
    total: int | None
    text: str
    span: list[int]
    kind: CriteriaKind = "criteria"
    program: str | None = None
    unmet: int | None = None
    met_ids: list[int] = field(default_factory=list)
    unmet_ids: list[int] = field(default_factory=list)
    as_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Task:
    task_id: str
    action: str
    text: str
    span: list[int]
    assignee: str | None = None
    assignee_officials: list[str] = field(default_factory=list)
    deadline: str | None = None
    deadline_text: str | None = None
    deadline_kind: DeadlineKind | None = None
    recurrence: str | None = None
    assigned_by: str | None = None
    section: str | None = None
    period: str | None = None  # period of the section header, e.g. "2023-08"
    co_assignees: list[str] = field(default_factory=list)  # extension: `Đơn vị phối hợp` of a task table

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Ref:
    kind: str
    number: str | None
    text: str
    span: list[int]
    date: str | None = None
    issuer: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Signer:
    name: str
    title: str | None = None
    on_behalf_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Metadata:
    """The document-level fields of RECORDS.md, filled field by field by `metadata`, plus the
    date anchor later components resolve relative dates against (not part of the record)."""

    title: str | None = None
    doc_type: DocType = "news"
    doc_number: str | None = None
    issuer: str | None = None
    published: str | None = None
    event_date: str | None = None
    place: str | None = None
    author: str | None = None
    signer: Signer | None = None
    anchor: date | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "anchor"}
        out["signer"] = self.signer.to_dict() if self.signer else None
        return out
