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
