"""`--engine dask` on a real two-process LocalCluster gives the local engine's bytes."""
from __future__ import annotations

from distributed import LocalCluster

from benchmarks.synth import write_archive
from vnextract.cli import main as cli


def test_dask_cluster_output_equals_local_engine(tmp_path):
    src = tmp_path / "src"
    write_archive(src, 70, seed=5, min_chars=600, max_chars=2_500)  # several chunks of 32
    (src / "batch00000" / "bad.pdf").write_bytes(b"%PDF-1.7 truncated")
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert cli(["run", str(src), "--out", str(local), "--workers", "2", "--quiet", "--no-db"]) == 1
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None) as cluster:
        code = cli(["run", str(src), "--out", str(remote), "--engine", "dask", "--scheduler",
                    cluster.scheduler_address, "--quiet", "--no-db"])
    assert code == 1
    for name in ("documents.jsonl", "errors.jsonl"):
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    assert len((remote / "documents.jsonl").read_bytes().splitlines()) == 70
    assert not (remote / ".vnextract-work").exists()


def test_a_chunk_that_keeps_killing_dask_workers_costs_its_documents_not_the_run(tmp_path):
    import dask

    from dask_faults import killing_chunk
    from pipeline.dask_engine import CHUNK, dask_imap
    from pipeline.watchdog import Task

    src = tmp_path / "src"
    write_archive(src, 2 * CHUNK, seed=6, min_chars=400, max_chars=900)
    paths = sorted(str(p) for p in src.rglob("*.txt"))
    crash = src / "crash.txt"
    crash.write_text("Hội nghị giao ban.", encoding="utf-8")
    paths.insert(CHUNK + 3, str(crash))  # in the second chunk
    tasks = [Task(seq, path) for seq, path in enumerate(paths)]
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        results = list(dask_imap(iter(tasks), tmp_path / "work", cluster.scheduler_address, 2, 60,
                                 chunk_fn=killing_chunk))
    assert [r.seq for r in results] == [t.seq for t in tasks]  # every input, in order
    lost = [r for r in results if r.kind == "E"]
    killed = paths[CHUNK:2 * CHUNK]  # the chunk of crash.txt: its documents become errors
    assert sorted(r.path for r in lost) == sorted(killed)
    assert all("worker-died" in r.line and "Dask workers" in r.line for r in lost)
    assert sum(r.kind == "D" for r in results) == len(paths) - len(killed)
