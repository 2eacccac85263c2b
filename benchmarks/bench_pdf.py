"""PDF text extraction: pdfplumber (pdfminer) vs pypdfium2, pages/s and text agreement.

Measures, per file: plain page text (`extract_text` vs `get_text_range`), the line
boxes the reader needs for paragraphing (`pipeline.readers` helpers for both
backends), and whether both give the same text / the same paragraphs after
whitespace normalisation.  The reader uses pdfium first because it is faster and
agrees; pdfplumber stays as the fallback for files pdfium cannot open.

    python3 benchmarks/bench_pdf.py [PDF ...]     (default: corpus/pdf/* + a generated 200-page PDF)
"""
from __future__ import annotations

import io
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.readers import _pdf_lines_pdfium, _pdf_lines_pdfplumber, _pdf_paragraphs  # noqa: E402


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def plumber_text(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def pdfium_text(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def _timed(fn, data: bytes, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(data)
        best = min(best, time.perf_counter() - start)
    return best, result


def bench(path: Path, repeat: int = 3) -> dict:
    data = path.read_bytes()
    t_plumb, text_plumb = _timed(plumber_text, data, repeat)
    t_ium, text_ium = _timed(pdfium_text, data, repeat)
    t_lplumb, lines_plumb = _timed(lambda d: _pdf_lines_pdfplumber(str(path), d), data, repeat)
    t_lium, lines_ium = _timed(lambda d: _pdf_lines_pdfium(str(path), d), data, repeat)
    pages = len(text_ium)
    paras_plumb = [_norm(p.text) for p in _pdf_paragraphs(lines_plumb)]
    paras_ium = [_norm(p.text) for p in _pdf_paragraphs(lines_ium)]
    return {
        "file": path.name, "pages": pages,
        "text_plumber_pps": pages / t_plumb, "text_pdfium_pps": pages / t_ium,
        "lines_plumber_pps": pages / t_lplumb, "lines_pdfium_pps": pages / t_lium,
        "same_text": [_norm(t) for t in text_plumb] == [_norm(t) for t in text_ium],
        "same_paragraphs": paras_plumb == paras_ium,
    }


def _generated_pdf(directory: Path, pages: int = 200) -> Path:
    from tests.make_bad_inputs import _pdf

    path = directory / f"generated_{pages}p.pdf"
    path.write_bytes(_pdf(pages=pages))
    return path


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(a) for a in argv] or sorted((ROOT / "corpus" / "pdf").glob("*.pdf")) + [_generated_pdf(Path(tmp))]
        rows = [bench(p) for p in paths]
    header = (f"{'file':32} {'pages':>5} {'text pdfplumber':>16} {'text pdfium':>12} "
              f"{'lines pdfplumber':>17} {'lines pdfium':>13} {'same text':>10} {'same paras':>11}")
    print(header + "\n" + "-" * len(header))
    for r in rows:
        print(f"{r['file'][:32]:32} {r['pages']:>5} {r['text_plumber_pps']:>12.1f} p/s {r['text_pdfium_pps']:>8.1f} p/s "
              f"{r['lines_plumber_pps']:>13.1f} p/s {r['lines_pdfium_pps']:>9.1f} p/s {str(r['same_text']):>10} "
              f"{str(r['same_paragraphs']):>11}")
    total = sum(r["pages"] for r in rows)
    for key in ("text_plumber_pps", "text_pdfium_pps", "lines_plumber_pps", "lines_pdfium_pps"):
        seconds = sum(r["pages"] / r[key] for r in rows)
        print(f"overall {key[:-4]:>16}: {total / seconds:8.1f} pages/s")


if __name__ == "__main__":
    main(sys.argv[1:])
