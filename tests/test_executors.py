"""The local pool keeps going past slow and crashing files; the Dask executor gives the same results."""
import json
import os
import time
from pathlib import Path

import pytest

from figscan.config import Config
from figscan.discover import InputFile
from figscan.executors import LocalExecutor
from figscan.model import PaperResult
from figscan.pipeline import ScanOutput
from figscan.schedule import FileDone


def behave_as_named(item: InputFile, config: Config) -> ScanOutput:
    """A stand-in scan whose behaviour the file name picks: hang, crash, eat memory or succeed."""
    if "hang" in item.relative:
        time.sleep(60)
    if "crash" in item.relative:
        os._exit(3)
    if "memory" in item.relative:
        hog = bytearray(4 * 1024 ** 3)  # past the address-space cap
        hog[0] = 1
    return ScanOutput(PaperResult(path=item.relative, status="ok", sha256=item.sha256, size=item.size))


def items(*names: str) -> list[InputFile]:
    return [InputFile(path=None, relative=name, size=1, sha256=name) for name in names]


def file_results(events) -> dict[str, PaperResult]:
    return {event.item.relative: event.output.result for event in events if isinstance(event, FileDone)}


def assert_survives_hangs_crashes_and_memory_bombs(executor, seconds: float) -> None:
    """The executor's task is behave_as_named with a 2 s limit and a 2 GiB memory guard."""
    started = time.monotonic()
    outputs = file_results(executor.run(items("a", "hang", "b", "crash", "memory", "c"), Config()))
    assert time.monotonic() - started < seconds
    assert set(outputs) == {"a", "hang", "b", "crash", "memory", "c"}
    assert outputs["hang"].status == "error" and outputs["hang"].error == "timed out: gave up after 2 s"
    assert outputs["crash"].status == "error" and "worker crashed" in outputs["crash"].error
    assert outputs["memory"].status == "error" and "exit code 1" in outputs["memory"].error
    assert all(outputs[name].status == "ok" for name in "abc")


def test_pool_survives_hangs_crashes_and_memory_bombs():
    executor = LocalExecutor(workers=2, timeout_seconds=2, memory_limit_mb=2048, task=behave_as_named)
    assert_survives_hangs_crashes_and_memory_bombs(executor, seconds=30)


def test_pool_streams_results_as_they_finish():
    executor = LocalExecutor(workers=2, timeout_seconds=30, task=behave_as_named)
    names = [event.item.relative for event in executor.run(items(*[f"f{i}" for i in range(7)]), Config())]
    assert sorted(names) == [f"f{i}" for i in range(7)]


def test_dask_local_cluster_runs_the_same_tasks():
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is an optional extra")
    from figscan.executors import DaskExecutor

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        outputs = {path: result.status for path, result in
                   file_results(DaskExecutor(client, task=behave_as_named).run(items("a", "b", "c"), Config())).items()}
    assert outputs == {"a": "ok", "b": "ok", "c": "ok"}


def test_dask_workers_survive_hangs_and_crashes_like_the_local_pool():
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is an optional extra")
    from figscan.executors import DaskExecutor

    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        executor = DaskExecutor(client, task=behave_as_named, timeout_seconds=2, memory_limit_mb=2048)
        assert_survives_hangs_crashes_and_memory_bombs(executor, seconds=40)


def test_dask_scan_of_the_samples_matches_the_local_scan(tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is an optional extra")
    from figscan.executors import DaskExecutor
    from figscan.runner import run_scan

    samples = Path(__file__).resolve().parents[1] / "samples"
    local = run_scan(samples, tmp_path / "local", Config(), LocalExecutor(workers=2))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote = run_scan(samples, tmp_path / "dask", Config(), DaskExecutor(client))
    assert (local.files, local.pages, local.errors) == (remote.files, remote.pages, remote.errors)

    def verdicts(out):
        rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
        return [(r["path"], r["status"], [(f["id"], f["shape"]["flag"]) for f in r["figures"]]) for r in rows]

    assert verdicts(tmp_path / "local") == verdicts(tmp_path / "dask")
    assert sorted(p.name for p in (tmp_path / "dask" / "figures").iterdir()) == \
        sorted(p.name for p in (tmp_path / "local" / "figures").iterdir())
