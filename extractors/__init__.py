"""Extractors: the part of the product that knows Vietnamese administrative writing.

Each module is one kind of record and exposes a plain function from an analysed
`pipeline.document.Document` (plus the records found before it) to records, with no
I/O.  Components register themselves by name, spaCy-style, and `run_all()` applies
them in `PIPELINE` order so later ones (tasks) can use earlier ones (officials).
"""
from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

Component = Callable[..., Any]
REGISTRY: dict[str, Component] = {}

# metadata first: it fixes the date anchor every relative date is resolved against.
PIPELINE: tuple[str, ...] = ("metadata", "officials", "criteria", "refs", "tasks")


def component(name: str) -> Callable[[Component], Component]:
    """Register `fn(doc, found) -> records` under `name`."""

    def wrap(fn: Component) -> Component:
        REGISTRY[name] = fn
        return fn

    return wrap


def load_components() -> dict[str, Component]:
    for name in PIPELINE:
        if name not in REGISTRY:
            import_module(f"extractors.{name}")
    return REGISTRY
