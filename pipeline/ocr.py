"""OCR of scanned pages with Tesseract's Vietnamese model, through pytesseract.

Pages are rendered with pdfium at 300 dpi and OCR'd in parallel, `jobs` at a time, each
Tesseract limited to one thread (`OMP_THREAD_LIMIT=1`) so that pages × workers never
asks for more threads than there are cores.  The words come back with their boxes and
confidences; the PDF reader joins them into paragraphs with the same layout rules it
uses for text layers.  Results are cached by the file's sha256, page and settings, so a
resumed or repeated run never OCRs a page twice.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from pipeline import columns

DPI = 300
LANG = "vie"
INSTALL_HINT = ("install Tesseract and its Vietnamese model (Debian/Ubuntu: apt-get install "
                "tesseract-ocr tesseract-ocr-vie)")
LOW_CONFIDENCE = 60.0  # mean word confidence (0-100) below which a warning says so
_CACHE_VERSION = 2  # raise when what a cached page holds changes


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese model is not installed."""


@dataclass(frozen=True)
class OcrLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    column: bool = False  # one of several columns Tesseract read as one line


@dataclass(frozen=True)
class OcrPage:
    lines: list[OcrLine]
    confidence: float | None  # mean word confidence 0-100; None for a page without words
    words: int


@lru_cache(maxsize=1)
def tesseract_version() -> str | None:
    """`tesseract 5.3.0` with the Vietnamese model installed, else None."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    if LANG not in langs.stdout.split():
        return None
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    first = (version.stdout or version.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


def check_available() -> None:
    if tesseract_version() is None:
        raise OcrUnavailable(INSTALL_HINT)


def default_jobs() -> int:
    """Pages OCR'd at once by one worker: the cores this worker may use."""
    value = os.environ.get("VNEXTRACT_OCR_JOBS")
    if value and value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, os.cpu_count() or 1)


def _cache_dir() -> Path:
    base = os.environ.get("VNEXTRACT_OCR_CACHE")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "vnextract" / "ocr"


def _cache_key(sha256: str, page: int) -> str:
    settings = f"{_CACHE_VERSION}|{DPI}|{LANG}|{tesseract_version()}|{sha256}|{page}"
    return hashlib.sha256(settings.encode()).hexdigest()[:32]


def _cache_get(key: str) -> OcrPage | None:
    path = _cache_dir() / key[:2] / f"{key}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return OcrPage([OcrLine(**line) for line in raw["lines"]], raw["confidence"], raw["words"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _cache_put(key: str, page: OcrPage) -> None:
    """Atomic write; a cache that cannot be written only costs a later re-OCR."""
    folder = _cache_dir() / key[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".vnextract-tmp-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(page), fh, ensure_ascii=False)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass


def ocr_image(image) -> OcrPage:
    """One PIL image → its lines (word boxes grouped by Tesseract's block/paragraph/line)."""
    import pytesseract

    os.environ["OMP_THREAD_LIMIT"] = "1"  # one thread per Tesseract: parallelism is ours
    image.format = "BMP"  # pytesseract hands Tesseract a file: BMP costs ~0.4 s less a page than PNG
    data = pytesseract.image_to_data(image, lang=LANG, config="--psm 3",
                                     output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip():
            lines.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    out: list = []
    confidences: list[float] = []
    for idx in lines.values():
        height = max(data["height"][i] for i in idx) or 1
        pieces, piece = [], [idx[0]]
        words = [data["text"][i].strip() for i in idx]
        for k, (a, b) in enumerate(zip(idx, idx[1:])):
            gap = data["left"][b] - (data["left"][a] + data["width"][a])
            if columns.column_break(gap, height, " ".join(data["text"][i].strip() for i in piece),
                                    " ".join(words[k + 1:])):
                pieces.append(piece)
                piece = []
            piece.append(b)
        pieces.append(piece)
        for piece in pieces:
            out.append(OcrLine(" ".join(data["text"][i].strip() for i in piece),
                               min(data["left"][i] for i in piece),
                               max(data["left"][i] + data["width"][i] for i in piece),
                               min(data["top"][i] for i in piece),
                               max(data["top"][i] + data["height"][i] for i in piece),
                               column=len(pieces) > 1))
        confidences.extend(float(data["conf"][i]) for i in idx if float(data["conf"][i]) >= 0)
    mean = sum(confidences) / len(confidences) if confidences else None
    return OcrPage(out, mean, len(confidences))


def ocr_pdf_pages(data: bytes, sha256: str, pages: list[int], jobs: int | None = None) -> dict[int, OcrPage]:
    """OCR the given 0-based pages of a PDF; cached pages are not OCR'd again."""
    check_available()
    import pypdfium2 as pdfium

    results: dict[int, OcrPage] = {}
    todo = []
    for page in pages:
        cached = _cache_get(_cache_key(sha256, page))
        if cached is not None:
            results[page] = cached
        else:
            todo.append(page)
    if not todo:
        return results
    pdf = pdfium.PdfDocument(data)

    def render(page: int):
        return pdf[page].render(scale=DPI / 72, grayscale=True).to_pil()

    jobs = jobs or default_jobs()
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            # pdfium is not thread-safe: pages are rendered here, a few at a time (bounded
            # memory on a 5,000-page scan), and OCR'd in the pool
            for start in range(0, len(todo), 2 * jobs):
                chunk = todo[start:start + 2 * jobs]
                futures = {page: pool.submit(ocr_image, render(page)) for page in chunk}
                for page, future in futures.items():
                    results[page] = future.result()
                    _cache_put(_cache_key(sha256, page), results[page])
    finally:
        pdf.close()
    return results


def ocr_image_file(data: bytes, sha256: str) -> list[OcrPage]:
    """Every frame of a scanned image file (.png, .jpg, multi-page .tif)."""
    check_available()
    from PIL import Image, ImageSequence
    import io

    pages = []
    with Image.open(io.BytesIO(data)) as image:
        for number, frame in enumerate(ImageSequence.Iterator(image)):
            key = _cache_key(sha256, number)
            page = _cache_get(key)
            if page is None:
                page = ocr_image(frame.convert("L"))
                _cache_put(key, page)
            pages.append(page)
    return pages
