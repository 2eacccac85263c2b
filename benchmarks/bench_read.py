"""Reading speed per format on real files, next to the tool that made the reference reading.

    python benchmarks/bench_read.py [FILES_DIR]     (default ../shared/corpus/wild/files)

For every format: files/s (wall) of the product's reader (`pipeline.readers.read_bytes`, in
this process, one core; for .doc after LibreOffice has started, as in a worker) and of the reference tool alone on the same files — trafilatura for
.html, pdftotext for text-layer PDFs, LibreOffice (started once) for .docx and .doc,
antiword for .doc, Tesseract (vie, 300 dpi, one thread) for scanned pages — and, for the
scans, OCR pages per CPU-second of both.  OCR runs with an empty cache, so nothing is
reused from an earlier run.
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "corpus" / "wild" / "files"

from benchmarks.bench_real import pdf_pages  # noqa: E402


def cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract, converters)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn) -> tuple[float, float]:
    """(wall, CPU) seconds of fn()."""
    wall, used = time.monotonic(), cpu()
    fn()
    return time.monotonic() - wall, cpu() - used


def kind_of(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt != "pdf":
        return fmt
    import pypdfium2 as pdfium

    from pipeline.language import is_vietnamese
    from pipeline.legacy import detect_legacy

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = len(pdf)
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(pages))
    finally:
        pdf.close()  # (bench_real's pdf_pages counts empty pages only; a foreign OCR layer is not empty)
    readable = len(text.strip()) > 200 * pages and (detect_legacy(text) or is_vietnamese(text))
    return "pdf (text layer)" if readable else "pdf (scan)"  # no layer, a stamp, or foreign OCR


def reference(kind: str, paths: list[Path], tmp: Path) -> tuple[str, float, float] | None:
    """(tool, wall, CPU) of the reference tool alone on `paths`."""
    if kind == "html":
        import trafilatura

        return ("trafilatura", *timed(lambda: [trafilatura.extract(p.read_bytes()) for p in paths]))
    if kind == "pdf (text layer)" and shutil.which("pdftotext"):
        return ("pdftotext", *timed(lambda: [subprocess.run(["pdftotext", str(p), "-"], capture_output=True)
                                            for p in paths]))
    if kind == "pdf (scan)" and shutil.which("tesseract"):
        import pypdfium2 as pdfium

        images = []
        for p in paths:
            pdf = pdfium.PdfDocument(str(p))
            for i in range(len(pdf)):
                images.append(tmp / f"{p.stem}-{i}.png")
                pdf[i].render(scale=300 / 72, grayscale=True).to_pil().save(images[-1])
            pdf.close()
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        return ("tesseract (vie)", *timed(lambda: [subprocess.run(["tesseract", str(i), "-", "-l", "vie"], env=env,
                                                                  capture_output=True) for i in images]))
    if kind in ("doc", "docx") and shutil.which("soffice"):
        profile = tmp / f"lo-{kind}"
        return ("LibreOffice (one start)", *timed(lambda: subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "txt:Text",
             "--outdir", str(tmp / f"out-{kind}"), *map(str, paths)], capture_output=True, timeout=900)))
    return None


def main() -> None:
    files_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    with tempfile.TemporaryDirectory(prefix="bench-read-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["VNEXTRACT_OCR_CACHE"] = str(tmp / "ocr-cache")  # nothing reused
        os.environ["VNEXTRACT_OCR_JOBS"] = "1"  # per-core figures
        from pipeline import converters, ocr
        from pipeline.readers import SUPPORTED, ReadError, read_bytes

        by_kind: dict[str, list[Path]] = defaultdict(list)
        for path in sorted(p for p in files_dir.rglob("*") if p.is_file()):
            if path.suffix.lower() in SUPPORTED:
                by_kind[kind_of(path)].append(path)
        print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {files_dir}")
        print(f"{'format':18} {'files':>5}  {'product files/s':>16}  {'reference tool':24} {'files/s':>8}  ratio")
        for kind, paths in sorted(by_kind.items()):
            def read_all() -> None:
                for p in paths:
                    try:
                        read_bytes(str(p), p.read_bytes())
                    except ReadError:
                        pass

            if kind == "doc":
                read_all()  # LibreOffice starts once per worker (~1.4 s): measure the files after it
            wall, used = timed(read_all)
            ref = reference(kind, paths, tmp)
            line = f"{kind:18} {len(paths):5}  {len(paths) / wall:16.2f}  "
            if ref:
                tool, r_wall, r_cpu = ref
                line += f"{tool:24} {len(paths) / r_wall:8.2f}  {r_wall / wall:.2f}x"
                if kind == "pdf (scan)":
                    pages = sum(pdf_pages(p)[0] for p in paths)
                    line += (f"; OCR pages per CPU-s: product {pages / used:.3f}, tesseract {pages / r_cpu:.3f} "
                             f"({(pages / used) / (pages / r_cpu):.2f}x)")
            print(line)
        print(f"LibreOffice processes started: {converters.LIBREOFFICE.started}; Tesseract {ocr.tesseract_version()}")


if __name__ == "__main__":
    main()
