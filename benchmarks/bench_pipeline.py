"""Throughput, memory and scaling of `vnextract run` on a synthetic archive.

    python3 benchmarks/bench_pipeline.py [--n 2000] [--rss-n 20000 [--rss-max-chars 3000]]
                                         [--workers 1,2] [--profile]

Builds N variants of the seed documents (benchmarks/synth.py) in a temporary directory,
runs the full pipeline (`python -m vnextract run`: read → records written, no SQLite
load) with 1 and 2 workers while sampling every process's RSS, and prints documents/s,
characters/s per core, peak RSS per worker and the 1 → 2 worker scaling.  On the same
texts it times `underthesea.word_tokenize` alone and `underthesea.ner` over every
sentence (time-boxed: on a sample when slow, the sample size is printed), so the
ratios stand side by side.  `--rss-n` repeats the 2-worker run on a larger archive to
show whether worker memory stays flat.  Targets (not asserted anywhere):
≥ 500,000 chars/s per core, ≥ 3× word_tokenize, ≤ 500 MB per worker, 2 workers ≥ 1.7×.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synth import write_archive  # noqa: E402

TIME_BOX = 20.0  # seconds spent at most on each underthesea baseline


def _texts(paths: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in paths]


class Sampler(threading.Thread):
    """Peak RSS and CPU time of the driver and of each worker process, every 50 ms.

    CPU seconds give a per-core rate that holds on a machine other jobs share."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, tuple[str, float]] = {}
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                for proc in [self.root] + self.root.children(recursive=True):
                    role = "worker" if "pipeline.watchdog" in " ".join(proc.cmdline()) else "driver"
                    rss = proc.memory_info().rss
                    times = proc.cpu_times()
                    self.peaks[proc.pid] = (role, max(rss, self.peaks.get(proc.pid, (role, 0))[1]))
                    self.cpu[proc.pid] = (role, times.user + times.system)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
            time.sleep(0.05)

    def peak(self, role: str) -> float:
        return max((rss for r, rss in self.peaks.values() if r == role), default=0) / 2**20

    def cpu_seconds(self, role: str) -> float:
        return sum(seconds for r, seconds in self.cpu.values() if r == role)


def sampled(args: list[str], env: dict[str, str] | None = None) -> tuple[float, Sampler]:
    """Wall seconds and the memory/CPU samples of one command (a `vnextract run`), which
    must end with status 0 or 1 (some inputs failed)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env)
    sampler = Sampler(proc.pid)
    sampler.start()
    proc.wait()
    seconds = time.perf_counter() - started
    sampler.running = False
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args[:4])} … failed with status {proc.returncode}")
    return seconds, sampler


def run_pipeline(src: Path, out: Path, workers: int) -> tuple[float, Sampler]:
    """Wall seconds and the samples of one full run."""
    return sampled([sys.executable, "-m", "vnextract", "run", str(src), "--out", str(out),
                    "--workers", str(workers), "--quiet", "--no-db"])


def in_process_rate(texts: list[str]) -> tuple[float, int]:
    """Characters/s of `process_bytes` alone in this process (no I/O, no IPC), time-boxed."""
    from extractors.standard import standard_pipeline
    from pipeline.process import process_bytes

    standard_pipeline()
    chars, started, n = 0, time.perf_counter(), 0
    for n, text in enumerate(texts, 1):
        process_bytes(f"bench/{n}.txt", text.encode("utf-8"))
        chars += len(text)
        if time.perf_counter() - started > TIME_BOX:
            break
    return chars / (time.perf_counter() - started), n


def baseline(fn, items: list[str]) -> tuple[float, int]:
    """Characters/s of `fn` over `items`, time-boxed; (rate, items done)."""
    chars, started, n = 0, time.perf_counter(), 0
    for n, item in enumerate(items, 1):
        fn(item)
        chars += len(item)
        if time.perf_counter() - started > TIME_BOX:
            break
    return chars / (time.perf_counter() - started), n


def profile(texts: list[str], limit: int) -> str:
    from pyinstrument import Profiler

    from pipeline.process import process_bytes

    profiler = Profiler()
    profiler.start()
    for i, text in enumerate(texts[:limit]):
        process_bytes(f"bench/{i}.txt", text.encode("utf-8"))
    profiler.stop()
    return profiler.output_text(unicode=True, color=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="documents in the archive (default 2000)")
    parser.add_argument("--rss-n", type=int, default=0, help="also run 2 workers on this many documents")
    parser.add_argument("--rss-max-chars", type=int, default=30_000,
                        help="longest document of the --rss-n archive (smaller = quicker memory check)")
    parser.add_argument("--workers", default="1,2", help="worker counts to time (default 1,2)")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile of 100 documents")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]

    with tempfile.TemporaryDirectory(prefix="vnextract-bench-") as tmp:
        tmp_path = Path(tmp)
        paths = write_archive(tmp_path / "archive", args.n, seed=1)
        texts = _texts(paths)
        chars = sum(len(t) for t in texts)
        print(f"archive: {args.n} documents, {chars:,} characters "
              f"({chars / args.n / 1000:.1f} k chars/doc avg), {psutil.cpu_count()} cores")

        runs, per_cpu = {}, {}
        for workers in counts:
            load = os.getloadavg()[0]
            seconds, sample = run_pipeline(tmp_path / "archive", tmp_path / f"out{workers}", workers)
            runs[workers] = seconds
            per_cpu[workers] = chars / sample.cpu_seconds("worker")
            print(f"pipeline, {workers} worker(s): {seconds:7.1f} s  {args.n / seconds:8.1f} docs/s  "
                  f"{chars / seconds / workers:10,.0f} chars/s per core (wall), "
                  f"{per_cpu[workers]:10,.0f} per worker CPU-second; "
                  f"peak RSS {sample.peak('worker'):4.0f} MB per worker, driver {sample.peak('driver'):4.0f} MB, "
                  f"driver CPU {sample.cpu_seconds('driver'):.1f} s; load before {load:.1f}")
        if 1 in runs and 2 in runs:
            print(f"scaling 1 → 2 workers: {runs[1] / runs[2]:.2f}x wall (target ≥ 1.7x; "
                  f"meaningless if the load average shows other jobs on the cores)")
        if args.rss_n:
            big = write_archive(tmp_path / "big", args.rss_n, seed=2, max_chars=args.rss_max_chars)
            seconds, sample = run_pipeline(tmp_path / "big", tmp_path / "outbig", 2)
            print(f"pipeline, 2 workers, {len(big)} documents (≤ {args.rss_max_chars} chars): {seconds:.1f} s, "
                  f"peak RSS {sample.peak('worker'):.0f} MB per worker, driver {sample.peak('driver'):.0f} MB "
                  f"(flat memory check)")

        extraction, n_ext = in_process_rate(texts)
        import underthesea

        underthesea.word_tokenize("khởi động")
        tokenize, n_tok = baseline(underthesea.word_tokenize, texts)
        sentences = [s for t in texts[:200] for s in underthesea.sent_tokenize(t)]
        ner, n_ner = baseline(underthesea.ner, sentences)
        print(f"extraction in-process (process_bytes, no I/O): {extraction:10,.0f} chars/s  "
              f"(on {n_ext} docs)")
        print(f"underthesea.word_tokenize alone:             {tokenize:10,.0f} chars/s  "
              f"(on {n_tok} of {len(texts)} docs)")
        print(f"underthesea.ner per sentence:                 {ner:10,.0f} chars/s  "
              f"(on a sample: {n_ner} of {len(sentences)} sentences of the first 200 docs)")
        per_core = per_cpu[min(per_cpu)]
        print(f"ratios (pipeline per worker CPU-second): full pipeline / word_tokenize = "
              f"{per_core / tokenize:.2f}x (target ≥ 3x), "
              f"in-process extraction / word_tokenize = {extraction / tokenize:.2f}x, "
              f"full pipeline / ner = {per_core / ner:.2f}x; "
              f"per core vs target 500,000 chars/s: {per_core / 500_000:.0%}")
        if args.profile:
            print(profile(texts, 100))


if __name__ == "__main__":
    main()
