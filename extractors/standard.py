"""The pipeline the product runs: every component in order, checked when built.

metadata first (it fixes the date anchor), then officials (tasks link assignees to them),
criteria, refs, tasks, and last the assignee roles, which need both officials and tasks.
"""
from __future__ import annotations

from functools import lru_cache

from extractors import assignees, criteria, metadata, officials, refs, tasks
from extractors.contract import REGISTRY, Pipeline

ORDER = ("metadata", "officials", "criteria", "refs", "tasks", "assignee_roles")
MODULES = (metadata, officials, criteria, refs, tasks, assignees)  # importing them registers them


@lru_cache(maxsize=1)
def standard_pipeline() -> Pipeline:
    return Pipeline(REGISTRY[name] for name in ORDER)
