"""The component contract: a pipeline whose order breaks a component's `requires` is refused
when it is built, and the product's pipeline fills a typed Analysis."""
from __future__ import annotations

import pytest

from extractors.contract import RECORD_KINDS, Analysis, Component, Pipeline, PipelineError, component
from extractors.records import Metadata
from extractors.standard import standard_pipeline
from pipeline.analyse import document_from_text


def _spec(name: str, assigns: str, requires: tuple[str, ...] = ()) -> Component:
    return Component(name, lambda doc, found: [], requires, assigns)


def test_a_component_before_what_it_requires_is_refused():
    with pytest.raises(PipelineError, match="'tasks' requires \\['officials'\\]"):
        Pipeline([_spec("metadata", "metadata"), _spec("tasks", "tasks", ("metadata", "officials")),
                  _spec("officials", "officials")])


def test_a_field_assigned_twice_or_refined_before_it_exists_is_refused():
    with pytest.raises(PipelineError, match="assigns 'officials' again"):
        Pipeline([_spec("a", "officials"), _spec("b", "officials")])
    with pytest.raises(PipelineError, match="refines 'officials.roles' before 'officials'"):
        Pipeline([_spec("roles", "officials.roles")])


def test_a_component_naming_an_unknown_field_cannot_register():
    with pytest.raises(ValueError, match="unknown field"):
        component("people", assigns="people")(lambda doc, found: [])


def test_the_standard_pipeline_runs_metadata_first_and_links_assignees_last():
    pipeline = standard_pipeline()
    assert pipeline.names[0] == "metadata" and pipeline.names[-1] == "assignee_roles"
    described = dict((name, (requires, assigns)) for name, requires, assigns in pipeline.describe())
    assert described["tasks"] == (("metadata", "officials"), "tasks")
    assert pipeline.select("metadata").names == ("metadata",)
    with pytest.raises(PipelineError):
        pipeline.select("tasks")  # tasks alone lacks what it requires


def test_the_analysis_is_typed_and_carries_the_date_anchor():
    doc = document_from_text(
        "UBND PHƯỜNG AN HÒA\nSố: 12/TB-UBND\nAn Hòa, ngày 5 tháng 3 năm 2024\nTHÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND phường tại cuộc họp giao ban\n"
        "Giao Công an phường chủ trì, phối hợp các đơn vị rà soát trước ngày 15/3.\n")
    found = standard_pipeline()(doc)
    assert isinstance(found, Analysis) and isinstance(found.metadata, Metadata)
    assert found.metadata.doc_number == "12/TB-UBND"
    assert found.metadata.anchor is not None and found.metadata.anchor.isoformat() == "2024-03-05"
    assert "anchor" not in found.metadata.to_dict()
    [task] = found.tasks
    assert task.deadline == "2024-03-15"  # the anchor resolved the year-less date
    assert set(RECORD_KINDS) == {"officials", "criteria", "tasks", "refs"}
    assert all(isinstance(row, dict) for kind in RECORD_KINDS for row in found.records(kind))
