"""Every file `make_bad_inputs` writes is read to paragraphs or refused with a ReadError naming it."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import readers
from pipeline.readers import ReadError, read_bytes
from tests.make_bad_inputs import SENTENCE, SENTENCE_2, make_bad_inputs

# file name → ReadError code, or None when it must read to paragraphs
EXPECTED = {
    "truncated.pdf": "corrupt",
    "encrypted.pdf": "encrypted",
    "scanned.pdf": "no-text-layer",
    "pages500.pdf": None,
    "not_a_pdf.pdf": "corrupt",
    "renamed_doc.docx": "not-docx",
    "zip_of_csv.docx": "not-docx",
    "not_zip.docx": "not-docx",
    "zip_bomb.docx": "too-large",
    "invalid_utf8.txt": None,
    "utf16_nobom.txt": None,
    "crlf_formfeed.txt": None,
    "zero_width_nbsp.txt": None,
    "empty.txt": "empty",
    "empty.html": "empty",
    "binary_junk.txt": "binary",
    "deep_nested.html": None,
    "script_handlers.html": None,
    "big_50mb.txt": None,
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    return make_bad_inputs(tmp_path_factory.mktemp("bad_inputs"))


def _read(path: Path):
    return read_bytes(str(path), path.read_bytes())


def test_every_bad_file_has_an_expectation(bad_files):
    assert set(bad_files) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_reads_or_is_refused_by_name(bad_files, name: str):
    path = bad_files[name]
    code = EXPECTED[name]
    if code is None:
        result = _read(path)
        assert result.paragraphs and all(p.text.strip() for p in result.paragraphs)
    else:
        with pytest.raises(ReadError) as info:
            _read(path)
        assert info.value.code == code
        assert str(path) in str(info.value)


def test_warnings_name_the_guess(bad_files):
    invalid = _read(bad_files["invalid_utf8.txt"])
    assert sum("\ufffd" in p.text for p in invalid.paragraphs) == 1
    assert any("invalid UTF-8" in w for w in invalid.warnings)
    utf16 = _read(bad_files["utf16_nobom.txt"])
    assert utf16.paragraphs[0].text == SENTENCE and any("UTF-16-LE" in w for w in utf16.warnings)
    deep = _read(bad_files["deep_nested.html"])
    assert [p.text for p in deep.paragraphs] == [SENTENCE, SENTENCE_2] and deep.warnings


def test_contents_of_readable_bad_files(bad_files):
    pages = _read(bad_files["pages500.pdf"])
    assert pages.pages == 500 and pages.paragraphs[-1].page == 500
    assert pages.paragraphs[-1].text.startswith("Trang 500.")
    crlf = _read(bad_files["crlf_formfeed.txt"])
    assert [(p.text, p.page) for p in crlf.paragraphs] == [
        ("Trang một.", 1), (SENTENCE, 1), ("Trang hai.", 2), ("Dòng sau CR.", 2)]
    invisible = _read(bad_files["zero_width_nbsp.txt"]).paragraphs[0].text
    assert "Nguyễn\u00a0Văn\u200bAn" in invisible  # kept as found; cleaning normalises later
    script = _read(bad_files["script_handlers.html"])
    assert [p.text for p in script.paragraphs] == ["Hội nghị giao ban", SENTENCE, SENTENCE_2]
    big = _read(bad_files["big_50mb.txt"])
    assert len(big.paragraphs) > 250_000 and big.paragraphs[-1].text == SENTENCE


def test_docx_total_size_limit_checked_before_parsing(monkeypatch):
    docx_path = next((Path(__file__).resolve().parent.parent / "corpus" / "docx").glob("*.docx"))
    monkeypatch.setattr(readers, "MAX_DOCX_UNCOMPRESSED", 10_000)
    with pytest.raises(ReadError) as info:
        _read(docx_path)
    assert info.value.code == "too-large" and docx_path.name in str(info.value)
