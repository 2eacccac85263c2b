"""Officials named as a task's assignee get the role `assignee` (RECORDS.md).

A component of its own because it needs both the officials and the tasks: it runs after
both and refines the officials' roles.
"""
from __future__ import annotations

from extractors.contract import Analysis, component
from extractors.doc import Document
from extractors.text import fold


@component("assignee_roles", requires=("officials", "tasks"), assigns="officials.roles")
def link_assignees(doc: Document, found: Analysis) -> None:
    by_name = {fold(o.name): o for o in found.officials}
    for task in found.tasks:
        for name in task.assignee_officials:
            official = by_name.get(fold(name))
            if official is not None and "assignee" not in official.roles:
                official.roles.append("assignee")
