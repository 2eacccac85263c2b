"""Speed and memory of vnextract on a real archive, beside its baselines, in one run.

    python benchmarks/bench_real.py [ARCHIVE] [--n 1000] [--workers 1,2] [--wild DIR]
                                    [--rss-n 10000] [--ocr-pages 12] [--profile] [--skip ...]

ARCHIVE is a folder of documents or a .tar.gz of them (default: the 10,000 real news
articles of ../shared/bench/news-10k.tar.gz, unpacked to a temporary folder); the first
`--n` files in path order are used.  Printed, each with the load average beside it:

- extractors alone and the whole per-document work (read, clean, analyse, extract) in
  this process, characters per CPU-second, next to `underthesea.word_tokenize` and one
  regex pass (the ceiling of rule extraction) over the same texts;
- end to end: `vnextract run` (store included) with each worker count — characters/s
  per core, peak RSS per worker, 1 → 2 worker scaling and the share of wall time
  outside the per-document work (start-up, merge, tables, store);
- per format (`--wild`, default ../shared/corpus/wild/files): files/s in process; for
  scanned PDF pages the product against Tesseract alone on the same rendered pages
  (pages per CPU-second, `OMP_THREAD_LIMIT=1`), for `.doc` the product against the
  converters alone (antiword per file; LibreOffice started once for all files);
  a format the product cannot read yet is said so;
- with `--rss-n`, a second run on that many copies of the archive (varied names) to
  show whether memory stays flat;
- the slowest documents, and with `--profile` a pyinstrument profile of the hot path.

CPU seconds (this process, or a child process tree once it has exited) give per-core
rates that hold on a shared machine; wall times and the scaling need a quiet one.
Targets (README, never asserted): extractors ≥ 1 M chars/s per core and ≥ 8×
word_tokenize; end to end ≥ 700 k per core with one worker; 2 workers ≥ 1.8×; ≤ 300 MB
per worker; outside-document time ≤ 10 %; OCR ≥ 0.9× Tesseract; .doc ≥ 0.8× converter.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_pipeline import sampled  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_ARCHIVE = SHARED / "bench" / "news-10k.tar.gz"
DEFAULT_WILD = SHARED / "corpus" / "wild" / "files"
TIME_BOX = 30.0  # seconds at most for the word_tokenize baseline
OCR_DPI = 300
# The ceiling of rule extraction: one compiled pattern, the kind every extractor runs
# (dates, counted items, an official's address), scanned once over each text.
RULE_PASS = re.compile(r"\b(?:ngày|tháng|năm)\s+\d{1,4}|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
                       r"|\b\d+/\d+\s+(?:tiêu chí|xã|đơn vị)|[Đđ]ồng chí\s+[A-ZĐ]\w*")


def load() -> str:
    return "load %.2f" % os.getloadavg()[0]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def section(title: str) -> None:
    print(f"\n== {title}  ({load()})", flush=True)


# ------------------------------------------------------------------ the archive
def unpack(archive: Path, into: Path, n: int) -> Path:
    """A folder holding the first `n` documents of `archive` (folder or .tar.gz)."""
    dest = into / "archive"
    dest.mkdir()
    if archive.is_dir():
        files = sorted(p for p in archive.rglob("*") if p.is_file())[:n]
        for i, src in enumerate(files):
            shutil.copyfile(src, dest / f"{i:06d}_{src.name}")
        return dest
    with tarfile.open(archive) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)[:n]
        for i, member in enumerate(members):
            with tar.extractfile(member) as fh:
                (dest / f"{i:06d}_{Path(member.name).name}").write_bytes(fh.read())
    return dest


def copies(src: Path, dest: Path, n: int) -> Path:
    """`n` hard links to the archive's files under varied names, 1,000 per folder."""
    files = sorted(src.iterdir())
    for i in range(n):
        sub = dest / f"part{i // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        os.link(files[i % len(files)], sub / f"copy{i:07d}{files[i % len(files)].suffix}")
    return dest


# ------------------------------------------------------------------ in process
@dataclass
class DocTime:
    path: str
    chars: int
    work: float      # CPU s: read + clean + analyse + extract
    extract: float   # CPU s: extractors alone
    error: str | None


def in_process(paths: Iterable[Path]) -> list[DocTime]:
    """Each file through the product's per-document work, timed by phase (CPU s)."""
    from extractors.standard import standard_pipeline
    from pipeline.analyse import analyse
    from extractors.doc import SourceInfo
    from pipeline.process import extract
    from pipeline.readers import ReadError, read_bytes

    standard_pipeline()
    times = []
    for path in paths:
        data = path.read_bytes()
        clock = time.process_time
        child = children_cpu()
        started = clock()
        try:
            result = read_bytes(str(path), data)
            doc = analyse(result.paragraphs, SourceInfo(str(path), result.format, "", result.pages),
                          result.warnings)
            mid = clock()
            extract(doc)
            end = clock()
            times.append(DocTime(str(path), len(doc.text), end - started + children_cpu() - child,
                                 end - mid, None))
        except ReadError as exc:
            times.append(DocTime(str(path), 0, clock() - started + children_cpu() - child, 0.0, exc.code))
    return times


def rate(fn: Callable[[str], object], texts: list[str], box: float | None = None) -> tuple[float, int]:
    """Characters per CPU-second of `fn` over `texts` (time-boxed); (rate, texts done)."""
    chars, n, started = 0, 0, time.process_time()
    for text in texts:
        fn(text)
        chars += len(text)
        n += 1
        if box and time.process_time() - started > box:
            break
    return chars / max(time.process_time() - started, 1e-9), n


def text_section(archive: Path, profile: bool) -> tuple[list[DocTime], int]:
    paths = sorted(archive.iterdir())
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    chars = sum(len(t) for t in texts)
    section(f"archive {len(paths)} documents, {chars:,} characters "
            f"({chars / max(len(paths), 1) / 1000:.1f} k/doc)")
    import underthesea

    underthesea.word_tokenize("khởi động")  # model loading is not the baseline's speed
    times = in_process(paths)
    work = sum(t.work for t in times)
    ext = sum(t.extract for t in times)
    doc_chars = sum(t.chars for t in times)
    tokenize, n_tok = rate(underthesea.word_tokenize, texts, TIME_BOX)
    regex, _ = rate(lambda t: sum(1 for _ in RULE_PASS.finditer(t)), texts)
    print(f"extractors alone (extract(doc))       {doc_chars / ext:12,.0f} chars per CPU-s "
          f"= {doc_chars / ext / tokenize:5.2f}x word_tokenize (target ≥ 1,000,000 and ≥ 8x)")
    print(f"per-document work (read→extract)      {doc_chars / work:12,.0f} chars per CPU-s "
          f"= {doc_chars / work / tokenize:5.2f}x word_tokenize")
    print(f"underthesea.word_tokenize alone       {tokenize:12,.0f} chars per CPU-s "
          f"(on {n_tok} of {len(texts)} texts)")
    print(f"one regex pass (rule ceiling)         {regex:12,.0f} chars per CPU-s "
          f"= {regex / (doc_chars / ext):5.1f}x the extractors")
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        in_process(paths[:300])
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return times, chars


# ------------------------------------------------------------------ end to end
@dataclass
class Run:
    workers: int
    wall: float
    cpu: float
    phases: dict[str, float]
    worker_rss: float
    driver_rss: float
    worker_cpu: float  # CPU s of the workers and of the driver, sampled every 50 ms
    driver_cpu: float
    documents: int
    errors: int


def vnextract_run(src: Path, out: Path, workers: int, db: bool = True,
                  env: dict[str, str] | None = None) -> Run:
    """One real `vnextract run` (store included unless `db` is false), timed by phase."""
    timings = out.with_suffix(".timings.json")
    args = [sys.executable, "-m", "benchmarks.timed_run", str(timings), "--", str(src),
            "--out", str(out), "--workers", str(workers), "--quiet"]
    args += ["--db", str(out.with_suffix(".sqlite"))] if db else ["--no-db"]
    cpu = children_cpu()
    wall, sampler = sampled(args, env={**os.environ, **(env or {})})
    phases = json.loads(timings.read_text(encoding="utf-8"))
    phases["interpreter"] = wall - phases["total"]
    return Run(workers, wall, children_cpu() - cpu, phases, sampler.peak("worker"),
               sampler.peak("driver"), sampler.cpu_seconds("worker"), sampler.cpu_seconds("driver"),
               line_count(out / "documents.jsonl"), line_count(out / "errors.jsonl"))


def line_count(path: Path) -> int:
    with open(path, encoding="utf-8") as fh:
        return sum(1 for _ in fh)


def outside_share(run: Run) -> tuple[float, str]:
    p = run.phases
    startup = p["interpreter"] + p["first_result"]
    parts = {"start-up": startup, "pool close": p["pool_closed"] - p["last_result"],
             "merge": p.get("merge", 0.0), "tables": p.get("tables", 0.0), "store": p.get("store", 0.0)}
    outside = sum(parts.values())
    return outside / run.wall, ", ".join(f"{k} {v:.1f} s" for k, v in parts.items())


def end_to_end(archive: Path, tmp: Path, counts: list[int], chars: int) -> None:
    runs = {}
    for workers in counts:
        section(f"end to end, vnextract run --workers {workers} (store included)")
        run = vnextract_run(archive, tmp / f"out{workers}", workers)
        runs[workers] = run
        share, parts = outside_share(run)
        print(f"{run.documents} documents, {run.errors} errors in {run.wall:.1f} s wall: "
              f"{run.documents / run.wall:.1f} docs/s, {chars / run.wall / workers:,.0f} chars/s per core (wall), "
              f"{chars / run.cpu:,.0f} per CPU-s of the whole process tree (target ≥ 700,000 with 1 worker)")
        print(f"peak RSS {run.worker_rss:.0f} MB per worker, driver {run.driver_rss:.0f} MB (target ≤ 300 MB); "
              f"CPU: workers {run.worker_cpu:.1f} s, driver {run.driver_cpu:.1f} s")
        print(f"outside the per-document work: {share:.1%} of the wall time ({parts}) (target ≤ 10 %)")
    if 1 in runs and 2 in runs:
        print(f"\nscaling 1 → 2 workers: {runs[1].wall / runs[2].wall:.2f}x wall (target ≥ 1.8x; "
              f"only meaningful when the load average shows no other jobs)")


def memory(archive: Path, tmp: Path, n: int) -> None:
    section(f"memory: vnextract run --workers 2 on {n:,} copies of the archive (varied names)")
    big = copies(archive, tmp / "copies", n)
    run = vnextract_run(big, tmp / "outcopies", 2)
    share, parts = outside_share(run)
    print(f"{run.documents} documents in {run.wall:.1f} s: peak RSS {run.worker_rss:.0f} MB per worker, "
          f"driver {run.driver_rss:.0f} MB; outside the per-document work {share:.1%} ({parts})")


# ------------------------------------------------------------------ formats, OCR, .doc
def pdf_pages(path: Path) -> tuple[int, list[int]]:
    """(pages, indexes of pages without a text layer worth the name)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        empty = [i for i in range(len(pdf))
                 if len(pdf[i].get_textpage().get_text_range().strip()) < 20]
        return len(pdf), empty
    finally:
        pdf.close()


def is_scanned(path: Path) -> bool:
    """A PDF most of whose pages have no text layer: a scan, for OCR."""
    pages, empty = pdf_pages(path)
    return len(empty) * 2 > pages


def formats_section(wild: Path) -> list[DocTime]:
    files = sorted(p for p in wild.rglob("*") if p.is_file())
    section(f"per format, in process, one core: {len(files)} files of {wild}")
    from pipeline.readers import SUPPORTED

    by_format: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        fmt = path.suffix.lower().lstrip(".")
        if fmt == "pdf":
            fmt = "pdf (scanned)" if is_scanned(path) else "pdf (text layer)"
        by_format[fmt].append(path)
    times = []
    for fmt, paths in sorted(by_format.items()):
        if Path(f"x.{fmt.split()[0]}").suffix not in SUPPORTED:
            print(f"{fmt:18} {len(paths):3} files: the product cannot read this format yet (not in readers.SUPPORTED)")
            continue
        done = in_process(paths)
        times += done
        cpu = sum(t.work for t in done)
        ok = [t for t in done if t.error is None]
        errors = sorted({t.error for t in done if t.error})
        print(f"{fmt:18} {len(paths):3} files: {len(paths) / cpu:7.2f} files per CPU-s, "
              f"{sum(t.chars for t in ok) / cpu:10,.0f} chars per CPU-s; {len(ok)} read"
              + (f", errors: {', '.join(errors)}" if errors else ""))
    return times


def render_pages(pdfs: list[Path], into: Path, limit: int) -> list[Path]:
    """The scanned pages as PNG at OCR_DPI, as an OCR step would see them (not timed)."""
    import pypdfium2 as pdfium

    images = []
    for path in pdfs:
        _, empty = pdf_pages(path)
        pdf = pdfium.PdfDocument(str(path))
        for i in empty:
            if len(images) >= limit:
                break
            image = into / f"{path.stem}-{i:03d}.png"
            pdf[i].render(scale=OCR_DPI / 72, grayscale=True).to_pil().save(image)
            images.append(image)
        pdf.close()
    return images


def ocr_section(wild: Path, tmp: Path, limit: int) -> None:
    pdfs = [p for p in sorted(wild.rglob("*.pdf")) if is_scanned(p)]
    section(f"OCR: {len(pdfs)} scanned PDFs")
    if not pdfs or not shutil.which("tesseract"):
        print("no scanned PDF or no tesseract: skipped")
        return
    (tmp / "pages").mkdir()
    images = render_pages(pdfs, tmp / "pages", limit)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cpu, started = children_cpu(), time.monotonic()
    for image in images:
        subprocess.run(["tesseract", str(image), "-", "-l", "vie"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tess_cpu, tess_wall = children_cpu() - cpu, time.monotonic() - started
    tess_rate = len(images) / tess_cpu
    print(f"Tesseract alone (vie, {OCR_DPI} dpi, OMP_THREAD_LIMIT=1), {len(images)} pages one at a time: "
          f"{tess_rate:.3f} pages per CPU-s, {len(images) / tess_wall:.3f} pages/s wall")
    src = tmp / "scanned"
    src.mkdir()
    pages = 0
    for path in pdfs:
        shutil.copyfile(path, src / path.name)
        pages += len(pdf_pages(path)[1])
    run = vnextract_run(src, tmp / "outscanned", 1, db=False,
                        env={"VNEXTRACT_OCR_CACHE": str(tmp / "ocr-cache")})  # OCR for real, no cache
    errors = error_codes(tmp / "outscanned")
    print(f"product, vnextract run --workers 1 on the {len(pdfs)} PDFs ({pages} scanned pages): "
          f"{run.documents} read, {run.errors} errors {errors}; {run.wall:.1f} s wall")
    if run.documents == 0:
        print("the product cannot OCR scanned PDFs yet: no ratio")
    else:
        product = pages / run.cpu
        print(f"product {product:.3f} pages per CPU-s = {product / tess_rate:.2f}x Tesseract (target ≥ 0.9x)")


def error_codes(out: Path) -> dict[str, int]:
    codes: dict[str, int] = defaultdict(int)
    for line in open(out / "errors.jsonl", encoding="utf-8"):
        codes[json.loads(line)["error"]] += 1
    return dict(codes)


def doc_section(wild: Path, tmp: Path) -> None:
    docs = sorted(wild.rglob("*.doc"))
    section(f".doc: {len(docs)} files")
    if not docs:
        return
    if shutil.which("antiword"):
        started = time.monotonic()
        for path in docs:
            subprocess.run(["antiword", "-w", "0", str(path)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        print(f"antiword alone, once per file:        {len(docs) / (time.monotonic() - started):7.2f} files/s")
    converter = None
    if shutil.which("soffice"):
        profile = tmp / "lo-profile"
        started = time.monotonic()
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "txt:Text", "--outdir", str(tmp / "lo-out"), *map(str, docs)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        converter = len(docs) / (time.monotonic() - started)
        print(f"LibreOffice alone, started once:      {converter:7.2f} files/s (start-up included)")
    src = tmp / "docs"
    src.mkdir()
    for path in docs:
        shutil.copyfile(path, src / path.name)
    run = vnextract_run(src, tmp / "outdoc", 1, db=False)
    if run.documents == 0 and run.errors == 0:
        print("the product cannot read .doc yet (files skipped as unsupported): no ratio")
        return
    product = len(docs) / run.wall
    print(f"product, vnextract run --workers 1: {run.documents} read, {run.errors} errors "
          f"{error_codes(tmp / 'outdoc')}; {product:.2f} files/s wall (start-up included)"
          + (f" = {product / converter:.2f}x LibreOffice (target ≥ 0.8x)" if converter else ""))


def slowest(times: list[DocTime], k: int = 8) -> None:
    section("slowest documents (per-document work, CPU s)")
    for t in sorted(times, key=lambda t: -t.work)[:k]:
        print(f"{t.work:7.3f} s  {t.chars:8,} chars  {t.chars / max(t.work, 1e-9):10,.0f} chars/s  "
              f"{Path(t.path).name}" + (f"  [{t.error}]" if t.error else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("archive", nargs="?", type=Path, default=DEFAULT_ARCHIVE,
                        help="folder or .tar.gz of documents (default: %(default)s)")
    parser.add_argument("--n", type=int, default=1000, help="documents of the archive used (default 1000)")
    parser.add_argument("--workers", default="1,2", help="worker counts run end to end (default 1,2)")
    parser.add_argument("--wild", type=Path, default=DEFAULT_WILD, help="real files in every format")
    parser.add_argument("--rss-n", type=int, default=0, help="also run on this many copies (memory)")
    parser.add_argument("--ocr-pages", type=int, default=12, help="scanned pages given to Tesseract alone")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile of 300 documents")
    parser.add_argument("--skip", default="", help="comma list of sections to skip: "
                        "text,e2e,formats,ocr,doc,memory")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}, "
          f"Python {sys.version.split()[0]}; {load()}")
    with tempfile.TemporaryDirectory(prefix="vnextract-real-") as tmp_name:
        tmp = Path(tmp_name)
        archive = unpack(args.archive, tmp, args.n)
        times: list[DocTime] = []
        chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in archive.iterdir())
        if "text" not in skip:
            times, chars = text_section(archive, args.profile)
        if "e2e" not in skip:
            end_to_end(archive, tmp, [int(w) for w in args.workers.split(",")], chars)
        if args.rss_n and "memory" not in skip:
            memory(archive, tmp, args.rss_n)
        if args.wild.is_dir():
            if "formats" not in skip:
                times += formats_section(args.wild)
            if "ocr" not in skip:
                ocr_section(args.wild, tmp, args.ocr_pages)
            if "doc" not in skip:
                doc_section(args.wild, tmp)
        if times:
            slowest(times)


if __name__ == "__main__":
    main()
