"""Real archive files as archivists hand them over (`../shared/corpus/wild`): portal pages,
born-digital, scanned and legacy-font PDFs, .docx and Word 97-2003 .doc, read against
reference readings made with independent tools.  Tesseract, LibreOffice and antiword are
installed by setup.sh; these tests run them for real."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from pipeline import converters, ocr, readers
from vnextract.cli import main as cli
from pipeline.process import process_bytes, process_file
from pipeline.readers import ReadError, read_bytes
from tests.devcorpus import WILD, WILD_FILES, WILD_REF

MARKER = re.compile(r"^\s*(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]|\(?[a-zđ][).]|[IVXLC]{1,6}[.)]|[-–•+*▪●■])\s*")


def _words(text: str) -> list[str]:
    out = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        out.extend(MARKER.sub("", line).split())
    return [w.lower() for w in (re.sub(r"^[\W_]+|[\W_]+$", "", x) for x in out) if w]


def _overlap(reference: str, text: str) -> tuple[float, float]:
    """Word-3-gram recall and precision of `text` against `reference`."""
    def grams(words):
        return Counter(zip(words, words[1:], words[2:]))
    ref, got = grams(_words(reference)), grams(_words(text))
    common = sum((ref & got).values())
    return common / max(1, sum(ref.values())), common / max(1, sum(got.values()))


def _manifest() -> list[dict]:
    with open(WILD / "MANIFEST.tsv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _text_kinds(kind_filter) -> list[dict]:
    return [row for row in _manifest() if row["reference"] and kind_filter(row)]


@pytest.fixture(autouse=True)
def _private_ocr_cache(tmp_path_factory, monkeypatch):
    """OCR really runs: a cache of this test session only."""
    monkeypatch.setenv("VNEXTRACT_OCR_CACHE", str(tmp_path_factory.getbasetemp() / "ocr-cache"))


def _read_text(path: Path) -> str:
    outcome = process_file(path)
    assert outcome.record is not None, outcome.error
    return outcome.record["text"]


@pytest.mark.parametrize("fmt,minimum", [("html", (0.95, 0.88)), ("docx", (0.95, 0.95)),
                                         ("doc", (0.93, 0.93)), ("pdf", (0.95, 0.95))])
def test_born_digital_files_read_like_the_reference(fmt, minimum):
    rows = _text_kinds(lambda r: r["format"] == fmt and "scanned" not in r["kind"]
                       and (Path(WILD / r["reference"]).read_text(encoding="utf-8-sig").strip()))
    assert rows
    scores = [_overlap((WILD / r["reference"]).read_text(encoding="utf-8-sig"), _read_text(WILD / r["file"]))
              for r in rows]
    recall = sum(s[0] for s in scores) / len(scores)
    precision = sum(s[1] for s in scores) / len(scores)
    assert recall >= minimum[0] and precision >= minimum[1], (fmt, scores)


def test_legacy_font_files_are_converted():
    for row in _text_kinds(lambda r: "legacy" in r["kind"]):
        outcome = process_file(WILD / row["file"])
        recall, precision = _overlap((WILD / row["reference"]).read_text(encoding="utf-8-sig"),
                                     outcome.record["text"])
        assert recall >= 0.95 and precision >= 0.95, row["file"]
        assert any("TCVN3" in w for w in outcome.record["warnings"])
        assert "−" not in outcome.record["text"] and "∙" not in outcome.record["text"]


def test_a_home_page_is_no_article():
    [row] = [r for r in _manifest() if "no-article" in r["kind"]]
    outcome = process_file(WILD / row["file"])
    assert outcome.record is None and outcome.error["error"] == "no-article"
    assert row["file"].split("/")[-1] in outcome.error["message"]


def test_header_columns_give_number_and_date():
    """Born-digital notices print `Số: …` and the place-date line on one baseline."""
    records = {p: process_file(WILD_FILES / "pdf" / p).record
               for p in ("ap-tb-thuhoidat.pdf", "lx-qd06-2022-ubnd.pdf")}
    assert records["ap-tb-thuhoidat.pdf"]["doc_number"] == "04/TB-UBND"
    assert records["ap-tb-thuhoidat.pdf"]["published"] == "2023-02-09"
    assert records["lx-qd06-2022-ubnd.pdf"]["doc_number"] == "06/2022/QĐ-UBND"
    assert records["lx-qd06-2022-ubnd.pdf"]["published"] == "2022-03-04"


def test_doc_files_share_one_libreoffice_process():
    converters.LIBREOFFICE.close()
    started = converters.LIBREOFFICE.started
    docs = sorted((WILD_FILES / "doc").glob("*.doc"))
    for path in docs:
        result = read_bytes(str(path), path.read_bytes())
        assert result.format == "doc" and result.paragraphs
    assert len(docs) >= 3 and converters.LIBREOFFICE.started == started + 1


def test_doc_without_any_converter_names_the_packages(monkeypatch):
    monkeypatch.setattr(converters, "libreoffice_available", lambda: False)
    monkeypatch.setattr(converters, "antiword_available", lambda: False)
    path = WILD_FILES / "doc" / "ld-giaymoi-hop.doc"
    with pytest.raises(ReadError) as info:
        read_bytes(str(path), path.read_bytes())
    assert info.value.code == "converter-missing"
    assert str(path) in info.value.message and "apt-get install" in info.value.message


def test_doc_falls_back_to_antiword_when_libreoffice_fails(monkeypatch):
    def broken(data: bytes) -> bytes:
        raise converters.ConversionError("LibreOffice gave no answer within 120 s")

    monkeypatch.setattr(converters, "doc_to_docx", broken)
    path = WILD_FILES / "doc" / "ld-tbkl-caotoc-gpmb.doc"
    result = read_bytes(str(path), path.read_bytes())
    assert result.format == "doc" and any("antiword" in w and "no answer" in w for w in result.warnings)
    reference = (WILD_REF / "ld-tbkl-caotoc-gpmb.txt").read_text(encoding="utf-8-sig")
    assert _overlap(reference, "\n".join(p.text for p in result.paragraphs))[0] > 0.95


def test_a_doc_that_is_not_word_is_an_error():
    with pytest.raises(ReadError) as info:
        read_bytes("old/bien-ban.doc", b"This is not a Word file at all, just bytes.")
    assert info.value.code == "not-doc" and "old/bien-ban.doc" in info.value.message


# ------------------------------------------------------------------------ scans
def test_a_foreign_ocr_layer_is_replaced_by_vietnamese_ocr():
    """The invisible layer reads `ceNG HoA x,l ugr cnu`: never emitted as the text."""
    record = process_file(WILD_FILES / "pdf" / "ld-gm560.pdf").record
    assert record["source"]["ocr"]["pages"] == [1] and record["source"]["ocr"]["mean_confidence"] > 60
    assert "ceNG HoA" not in record["text"] and "Độc lập - Tự do - Hạnh phúc" in record["text"]
    assert record["language"] == "vi"
    recall, _ = _overlap((WILD_REF / "ld-gm560.txt").read_text(encoding="utf-8-sig"), record["text"])
    assert recall >= 0.8


def test_a_stamp_only_text_layer_is_a_scan():
    record = process_file(WILD_FILES / "pdf" / "cat-bcdx03-scan.pdf").record
    assert record["source"]["ocr"]["pages"] == [1, 2]
    recall, _ = _overlap((WILD_REF / "cat-bcdx03-scan.txt").read_text(encoding="utf-8-sig"), record["text"])
    assert recall >= 0.8


def test_a_scanned_image_file_is_ocrd():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(WILD_FILES / "pdf" / "ap-cv-layykien.pdf"))
    image = pdf[0].render(scale=300 / 72, grayscale=True).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    outcome = process_bytes("scans/cong-van.png", buffer.getvalue())
    record = outcome.record
    assert record["source"]["format"] == "image" and record["source"]["ocr"]["pages"] == [1]
    assert "Độc lập - Tự do - Hạnh phúc" in record["text"]


def test_scans_without_tesseract_or_with_ocr_never_are_errors(monkeypatch):
    path = WILD_FILES / "pdf" / "ap-cv-layykien.pdf"
    monkeypatch.setattr(ocr, "tesseract_version", lambda: None)
    with pytest.raises(ReadError) as info:
        read_bytes(str(path), path.read_bytes())
    assert info.value.code == "ocr-unavailable" and "tesseract-ocr-vie" in info.value.message
    monkeypatch.setenv("VNEXTRACT_OCR", "never")
    with pytest.raises(ReadError) as info:
        read_bytes(str(path), path.read_bytes())
    assert info.value.code == "no-text-layer" and str(path) in info.value.message


def test_the_run_summary_names_errors_by_code(tmp_path, capsys):
    inputs = [str(WILD_FILES / "html" / "stp-wayback-homepage.html"),
              str(WILD_FILES / "html" / "stp-61-tthc-motcua.html"), str(tmp_path / "notes.xlsx")]
    Path(inputs[2]).write_bytes(b"PK\x03\x04")
    assert cli(["run", *inputs, "--out", str(tmp_path / "out"), "--no-db"]) == 1
    err = capsys.readouterr().err
    assert "no-article: 1 file(s): " + inputs[0] in err
    assert "unsupported: 1 file(s): " + inputs[2] in err and "errors.jsonl" in err


# ---------------------------------------------------------------------- language
@pytest.mark.parametrize("text,code", [
    ("The People's Committee of the province held a meeting on the results of the first "
     "quarter. The chairman asked the departments to report before the end of June.", "en"),
    ("省人民委员会召开会议，听取各部门第一季度工作情况汇报，要求各部门在六月底前提交报告。" * 2, "zh"),
])
def test_text_that_is_not_vietnamese_gets_a_warning_and_no_records(text, code):
    record = process_bytes("foreign.txt", text.encode("utf-8")).record
    assert record["language"] == code and record["doc_type"] == "other"
    assert record["tasks"] == [] and record["officials"] == []
    assert any("not Vietnamese" in w for w in record["warnings"])


def test_vietnamese_is_named():
    text = ("Chiều ngày 5/6/2024, UBND xã tổ chức hội nghị giao ban. Đồng chí Trần Văn Bình, Chủ tịch "
            "UBND xã chủ trì. Hội nghị giao Văn phòng UBND xã tổng hợp báo cáo trước ngày 20/6/2024.")
    record = process_bytes("giao-ban.txt", text.encode("utf-8")).record
    assert record["language"] == "vi" and [o["name"] for o in record["officials"]] == ["Trần Văn Bình"]


def test_progress_counts_ocr_pages_from_the_record_line():
    import json

    from vnextract.run_command import _ocr_pages
    from pipeline.watchdog import Result

    record = process_file(WILD_FILES / "pdf" / "cat-bcdx03-scan.pdf").record
    line = json.dumps(record, ensure_ascii=False)
    assert _ocr_pages(Result(0, "scan.pdf", "D", None, line)) == 2
    text_only = process_file(WILD_FILES / "pdf" / "ap-tb-thuhoidat.pdf").record
    assert _ocr_pages(Result(1, "tb.pdf", "D", None, json.dumps(text_only, ensure_ascii=False))) == 0
