"""The component contract: each extractor declares what it requires and what it assigns.

Like spaCy's `Language.component(requires=…, assigns=…)` with `analyze_pipes`, a
`Pipeline` checks its order when it is built — a component that reads the officials must
come after the one that finds them — and then fills one typed `Analysis` per document,
field by field, instead of an untyped dict or state passed sideways through the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Literal, get_args

from extractors.doc import Document
from extractors.records import Criteria, Metadata, Official, Ref, Task

# The lists of records a document carries, in the order of documents.jsonl (RECORDS.md).
RecordKind = Literal["officials", "criteria", "tasks", "refs"]
RECORD_KINDS: tuple[RecordKind, ...] = get_args(RecordKind)


@dataclass
class Analysis:
    """What the components found in one document so far."""

    metadata: Metadata = field(default_factory=Metadata)
    officials: list[Official] = field(default_factory=list)
    criteria: list[Criteria] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    def records(self, kind: RecordKind) -> list[dict[str, Any]]:
        return [item.to_dict() for item in getattr(self, kind)]


Extractor = Callable[[Document, Analysis], Any]
FIELDS = frozenset(Analysis.__dataclass_fields__)


@dataclass(frozen=True)
class Component:
    """One extractor: `fn(doc, analysis)` returns the value of `assigns` (an `Analysis`
    field), or refines a field already assigned (`officials.roles`) and returns None."""

    name: str
    fn: Extractor
    requires: tuple[str, ...]
    assigns: str

    @property
    def field(self) -> str:
        return self.assigns.split(".", 1)[0]

    @property
    def refines(self) -> bool:
        return "." in self.assigns


REGISTRY: dict[str, Component] = {}


def component(name: str, *, assigns: str, requires: Iterable[str] = ()) -> Callable[[Extractor], Extractor]:
    """Register `fn` as the component `name`; the function itself stays a plain function."""

    def wrap(fn: Extractor) -> Extractor:
        spec = Component(name, fn, tuple(requires), assigns)
        unknown = [f for f in (spec.field, *(r.split(".", 1)[0] for r in spec.requires)) if f not in FIELDS]
        if unknown:
            raise ValueError(f"component {name!r}: unknown field(s) {unknown}; known: {sorted(FIELDS)}")
        REGISTRY[name] = spec
        return fn

    return wrap


class PipelineError(ValueError):
    """A pipeline whose order breaks a component's contract."""


class Pipeline:
    """Components in order, checked once when built."""

    def __init__(self, components: Iterable[Component]):
        self.components = tuple(components)
        assigned: set[str] = set()
        for spec in self.components:
            missing = [r for r in spec.requires if r not in assigned]
            if missing:
                raise PipelineError(f"component {spec.name!r} requires {missing}, which no earlier "
                                    f"component assigns (order: {self.names})")
            if not spec.refines and spec.assigns in assigned:
                raise PipelineError(f"component {spec.name!r} assigns {spec.assigns!r} again")
            if spec.refines and spec.field not in assigned:
                raise PipelineError(f"component {spec.name!r} refines {spec.assigns!r} before "
                                    f"{spec.field!r} is assigned")
            assigned.add(spec.assigns)
        self.assigns = frozenset(assigned)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.components)

    def select(self, *names: str) -> Pipeline:
        """The sub-pipeline of `names` (checked like any other)."""
        return Pipeline(spec for spec in self.components if spec.name in names)

    def __call__(self, doc: Document) -> Analysis:
        analysis = Analysis()
        for spec in self.components:
            value = spec.fn(doc, analysis)
            if not spec.refines:
                setattr(analysis, spec.assigns, value)
        return analysis

    def describe(self) -> list[tuple[str, tuple[str, ...], str]]:
        """(name, requires, assigns) per component, like spaCy's `analyze_pipes`."""
        return [(spec.name, spec.requires, spec.assigns) for spec in self.components]
