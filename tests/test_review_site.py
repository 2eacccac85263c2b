"""Review site details: recurrences in words, file names on the index, paragraphs in the
overlap view."""
from __future__ import annotations

import re

import pytest

import multiyear
from vnextract.report import document_page, index_page, overlap_page, recurrence_in_words


@pytest.mark.parametrize("rule, words", [
    ("FREQ=WEEKLY;BYDAY=FR", "hàng tuần, thứ Sáu"),
    ("FREQ=WEEKLY;BYDAY=SA,SU", "hàng tuần, thứ Bảy và Chủ nhật"),
    ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "hàng tuần, thứ Hai, thứ Tư và thứ Sáu"),
    ("FREQ=WEEKLY", "hàng tuần"),
    ("FREQ=MONTHLY", "hàng tháng"),
    ("FREQ=MONTHLY;INTERVAL=3", "hàng quý"),
    ("FREQ=DAILY;INTERVAL=1", "hàng ngày"),
])
def test_recurrence_in_words(rule, words):
    assert recurrence_in_words(rule) == words


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;BYMONTHDAY=5", "FREQ=WEEKLY;INTERVAL=5", "FREQ=HOURLY"])
def test_rules_the_vocabulary_cannot_say_stay_as_rrule_only(rule):
    assert recurrence_in_words(rule) is None


def test_document_page_shows_words_next_to_the_rrule():
    page = document_page(multiyear.records()[0])
    assert "hàng tuần, thứ Sáu" in page and "FREQ=WEEKLY;BYDAY=FR" in page


def test_index_names_each_file():
    records = multiyear.records()
    page = index_page(records)
    for record in records:
        assert record["source"]["path"].split("/")[-1] in page


def test_overlap_view_keeps_paragraphs():
    record = multiyear.records()[0]
    page = overlap_page(record)
    paragraphs = [p for p in record["text"].split("\n") if p.strip()]
    blocks = page.split('<div class="paragraph">')[1:]
    assert len(blocks) == len(paragraphs)
    for block, paragraph in zip(blocks, paragraphs):
        words = re.sub(r"<[^>]+>", " ", block)
        first, *_, last = re.findall(r"\w+", paragraph)
        assert first in words and last in words
