"""Every extractor's work grows linearly with its input: counted, not timed.

Inputs of hostile but real shapes (a sentence naming thousands of units before a count,
a directive followed by thousands of dates, annexes of cited documents, tables of
contents, long lists of officials, a real report repeated) are grown ×2, ×4, ×8.  The work
of an extractor is the number of Python lines it executes plus the characters that the
module-level regular expressions of `extractors` are asked to scan (a `$`-anchored search
over a whole prefix is as quadratic as a loop over all pairs, yet runs in C).  Linear work
doubles when the input doubles; an all-pairs scan quadruples.
"""
from __future__ import annotations

import random
import re
import sys
from importlib import import_module
from pkgutil import iter_modules
from typing import Any, Callable, Iterator

import pytest

import extractors
from benchmarks.synth import seed_texts, variant
from extractors.contract import Analysis
from extractors.standard import standard_pipeline
from pipeline.analyse import document_from_text

GROWTH = 2.6  # allowed work ratio when the input doubles: 2 is linear, 4 quadratic
SPAN = 5.2    # allowed ratio from ×2 to ×8: 4 is linear, 16 quadratic
SCANNING = ("search", "finditer", "findall", "sub", "subn", "split", "fullmatch")


class _CountingPattern:
    """A compiled pattern that adds the length of every range it is asked to scan to `work`."""

    def __init__(self, pattern: re.Pattern[str], meter: "_Meter") -> None:
        self._pattern, self._meter = pattern, meter

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._pattern, name)
        if name == "match":
            def match(*args: Any, **kwargs: Any) -> Any:
                self._meter.work += 1
                return attr(*args, **kwargs)
            return match
        if name not in SCANNING:
            return attr

        def scan(*args: Any, **kwargs: Any) -> Any:
            self._meter.work += _scanned(name, args, kwargs)
            return attr(*args, **kwargs)
        return scan


def _scanned(method: str, args: tuple, kwargs: dict) -> int:
    """Characters a scanning call may look at: its `[pos, endpos)` range, or the whole string."""
    if method in ("sub", "subn", "split"):
        text = args[1] if method != "split" else args[0]
        return max(1, len(text))
    text = args[0]
    pos = args[1] if len(args) > 1 else kwargs.get("pos", 0)
    end = args[2] if len(args) > 2 else kwargs.get("endpos", len(text))
    return max(1, min(end, len(text)) - pos)


class _Meter:
    """Counts Python lines executed and regex characters scanned while a function runs."""

    def __init__(self) -> None:
        self.work = 0

    def _trace(self, frame: Any, event: str, arg: Any) -> Callable | None:
        if event == "line":
            self.work += 1
        return self._trace

    def measure(self, fn: Callable[..., Any], *args: Any) -> tuple[int, Any]:
        self.work = 0
        sys.settrace(self._trace)
        try:
            result = fn(*args)
        finally:
            sys.settrace(None)
        return self.work, result


@pytest.fixture(scope="module")
def meter() -> Iterator[_Meter]:
    """Wrap every module-level compiled pattern of the extractors (restored afterwards)."""
    meter = _Meter()
    standard_pipeline()
    patched: list[tuple[Any, str, Any]] = []
    for info in iter_modules(extractors.__path__, "extractors."):
        module = import_module(info.name)
        for name, value in list(vars(module).items()):
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                patched.append((module, name, value))
                setattr(module, name, _CountingPattern(value, meter))
    for name in SCANNING + ("match",):  # `re.finditer(pattern, text)` inside a function, too
        patched.append((re, name, getattr(re, name)))
        setattr(re, name, _counting_function(getattr(re, name), name, meter))
    yield meter
    for module, name, value in patched:
        setattr(module, name, value)


def _counting_function(fn: Callable[..., Any], name: str, meter: _Meter) -> Callable[..., Any]:
    """`re.<name>` that adds the characters its string argument holds to the meter's work (a
    pattern compiled per call and run over the whole text once per item is as quadratic as a
    module-level one)."""
    def scan(pattern: Any, *args: Any, **kwargs: Any) -> Any:
        if name == "match":
            meter.work += 1
        else:
            text = args[1] if name in ("sub", "subn") else args[0]
            meter.work += max(1, len(text))
        return fn(pattern, *args, **kwargs)
    return scan


UNIT_NAMES = ("Tân Dân", "Hòa Bình", "An Khánh", "Phú Lộc", "Yên Hòa", "Kim Liên", "Đồng Tâm")


def _units(n: int) -> str:
    units = ", ".join(f"{('xã', 'phường', 'thị trấn')[i % 3]} {UNIT_NAMES[i % 7]} {i}" for i in range(n))
    return f"Đến nay, toàn huyện có các {units} đã đạt 3/9 tiêu chí đô thị văn minh."


def _dates(n: int) -> str:
    dates = ", ".join(f"ngày {1 + i % 28}/{1 + i % 12}/{2001 + i % 25}" for i in range(n))
    return f"Giao Phòng Nội vụ huyện tổng hợp, báo cáo UBND huyện các đợt {dates}."


def _annex(n: int) -> str:
    kinds = ("Kế hoạch số {}-KH/UBND", "Quyết định số {}/QĐ-UBND", "Công văn số {}/UBND-VP",
             "Nghị quyết số {}-NQ/HU")
    return "\n".join(f"{i + 1}. {kinds[i % 4].format(100 + i)} ngày {1 + i % 28} tháng {1 + i % 12} "
                     f"năm {2015 + i % 10} của UBND {UNIT_NAMES[i % 7]} về việc triển khai nhiệm vụ."
                     for i in range(n))


def _contents(n: int) -> str:
    return "MỤC LỤC\n" + "\n".join(f"{i // 10 + 1}.{i % 10 + 1}. Nhiệm vụ {i} của xã {UNIT_NAMES[i % 7]} "
                                  f"........ {i + 3}" for i in range(n))


def _officials(n: int) -> str:
    given = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Lan", "Long", "Mai", "Nam")
    return "\n".join(f"- Đồng chí Nguyễn Văn {given[i % 11]} {given[(i // 11) % 11]}, Phó Chủ tịch UBND "
                     f"xã {UNIT_NAMES[i % 7]}: đề nghị UBND xã rà soát hồ sơ, hoàn thành trước ngày "
                     f"{1 + i % 28}/{1 + i % 12}/2024." for i in range(n))


def _report(n: int) -> str:
    """Real reports one after the other, each a variant (other names, units, dates), so that
    cleaning does not fold them as repeated page furniture."""
    texts = seed_texts()
    return "\n".join(variant(texts[i % len(texts)], random.Random(i), 3_000) for i in range(n))


def _one_line(n: int) -> str:
    """The reports with every line break removed: one paragraph of the whole text."""
    return " ".join(_report(n).split())


SHAPES = {"units": (_units, 60), "dates": (_dates, 60), "annex": (_annex, 30),
          "contents": (_contents, 40), "officials": (_officials, 20), "report": (_report, 3),
          "one line": (_one_line, 6)}


def _work(meter: _Meter, text: str) -> dict[str, int]:
    """Work of the analysis and of every extractor, run in pipeline order."""
    work, doc = meter.measure(document_from_text, text)
    counts = {"analyse": work}
    found = Analysis()
    for spec in standard_pipeline().components:
        counts[spec.name], value = meter.measure(spec.fn, doc, found)
        if not spec.refines:
            setattr(found, spec.assigns, value)
    return counts


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_work_grows_linearly_with_the_input(meter, shape):
    make, base = SHAPES[shape]
    _work(meter, make(base))  # vocabularies and lazy patterns load on first use
    works = [_work(meter, make(base * k)) for k in (2, 4, 8)]  # ×1 only warms up thresholds
    for stage in works[0]:
        series = [w[stage] for w in works]
        if series[-1] < 2_000:
            continue  # the stage does nothing on this shape: no growth to measure
        ratios = [b / max(a, 1) for a, b in zip(series, series[1:])]
        assert max(ratios) <= GROWTH and series[-1] / series[0] <= SPAN, \
            f"{stage} on {shape}: work {series} at ×2, ×4, ×8 (ratios {ratios})"


def test_docx_reader_makes_no_per_paragraph_style_lookup(tmp_path, monkeypatch):
    """python-docx's `Paragraph.style` searches the styles part on each call (200 s for
    100,000 paragraphs); the reader resolves styles from one table read up front."""
    import io

    import docx
    from docx.text.paragraph import Paragraph

    from pipeline.readers import read_bytes

    document = docx.Document()
    document.add_heading("THÔNG BÁO KẾT LUẬN", 1)
    for i in range(30):
        document.add_paragraph(f"Giao xã {UNIT_NAMES[i % 7]} báo cáo.", style="List Number" if i % 2 else None)
    buf = io.BytesIO()
    document.save(buf)

    def forbidden(self: Paragraph) -> None:
        raise AssertionError("per-paragraph style lookup")

    monkeypatch.setattr(Paragraph, "style", property(forbidden))
    paragraphs = read_bytes("kl.docx", buf.getvalue()).paragraphs
    assert paragraphs[0].style == "heading" and paragraphs[0].text == "THÔNG BÁO KẾT LUẬN"
    assert [p.text for p in paragraphs[1:4]] == [f"Giao xã {UNIT_NAMES[0]} báo cáo.",
                                                 f"1. Giao xã {UNIT_NAMES[1]} báo cáo.",
                                                 f"Giao xã {UNIT_NAMES[2]} báo cáo."]
