"""The local pool keeps going past slow and crashing files; the Dask executor gives the same results."""
import json
import os
import time
from pathlib import Path

import pytest

from figscan.config import Config
from figscan.discover import InputFile
from figscan.executors import LocalExecutor
from figscan.files import code_hash
from figscan.model import PaperResult
from figscan.pipeline import ScanOutput
from figscan.schedule import FileDone
from figscan.store import Store


def behave_as_named(item: InputFile, config: Config) -> ScanOutput:
    """A stand-in scan whose behaviour the file name picks: hang, crash, eat memory or succeed."""
    if "hang" in item.relative:
        time.sleep(60)
    if "slow" in item.relative:
        time.sleep(3)
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


def assert_survives_hangs_crashes_and_memory_bombs(executor) -> None:
    """The executor's task is behave_as_named with a 2 s limit and a 2 GiB memory guard; the hang
    (60 s) comes back as "gave up after 2 s", so it was stopped, not waited for."""
    outputs = file_results(executor.run(items("a", "hang", "b", "crash", "memory", "c"), Config()))
    assert set(outputs) == {"a", "hang", "b", "crash", "memory", "c"}
    assert outputs["hang"].status == "error" and outputs["hang"].error == "timed out: gave up after 2 s"
    assert outputs["crash"].status == "error" and "worker crashed" in outputs["crash"].error
    assert outputs["memory"].status == "error" and "exit code 1" in outputs["memory"].error
    assert all(outputs[name].status == "ok" for name in "abc")


def test_pool_survives_hangs_crashes_and_memory_bombs():
    executor = LocalExecutor(workers=2, timeout_seconds=2, memory_limit_mb=2048, task=behave_as_named)
    assert_survives_hangs_crashes_and_memory_bombs(executor)


def test_pool_streams_results_as_they_finish():
    """Results come back as they finish, not in the order given: the slow file, sent first, is last."""
    executor = LocalExecutor(workers=2, timeout_seconds=30, task=behave_as_named)
    names = [event.item.relative for event in executor.run(items("slow", *[f"f{i}" for i in range(7)]), Config())
             if isinstance(event, FileDone)]
    assert sorted(names) == sorted(["slow"] + [f"f{i}" for i in range(7)])
    assert names[-1] == "slow"


@pytest.fixture(scope="module")
def dask_client():
    """A two-worker local cluster, started once (seconds of processor time) for the tests that
    only send it work (conftest.XDIST_GROUPS keeps them on one pytest-xdist worker); the
    hang-and-crash test starts its own, one worker with two threads."""
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is an optional extra")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


def test_dask_local_cluster_runs_the_same_tasks(dask_client):
    from figscan.executors import DaskExecutor

    outputs = {path: result.status for path, result in
               file_results(DaskExecutor(dask_client, task=behave_as_named).run(items("a", "b", "c"), Config())).items()}
    assert outputs == {"a": "ok", "b": "ok", "c": "ok"}


def test_dask_workers_survive_hangs_and_crashes_like_the_local_pool():
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is an optional extra")
    from figscan.executors import DaskExecutor

    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        executor = DaskExecutor(client, task=behave_as_named, timeout_seconds=2, memory_limit_mb=2048)
        assert_survives_hangs_crashes_and_memory_bombs(executor)


def test_dask_scan_of_the_samples_matches_the_local_scan(tmp_path, dask_client):
    from figscan.executors import DaskExecutor
    from figscan.runner import run_scan

    samples = Path(__file__).resolve().parents[1] / "samples"
    local = run_scan(samples, tmp_path / "local", Config(), LocalExecutor(workers=2))
    remote = run_scan(samples, tmp_path / "dask", Config(), DaskExecutor(dask_client))
    assert (local.files, local.pages, local.errors) == (remote.files, remote.pages, remote.errors)

    def verdicts(out):
        rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
        return [(r["path"], r["status"], [(f["id"], f["shape"]["flag"]) for f in r["figures"]]) for r in rows]

    assert verdicts(tmp_path / "local") == verdicts(tmp_path / "dask")
    assert sorted(p.name for p in (tmp_path / "dask" / "figures").iterdir()) == \
        sorted(p.name for p in (tmp_path / "local" / "figures").iterdir())


# --- long files: work kept page by page ----------------------------------------------------------

def make_six_page_report(path: Path) -> Path:
    """Six pages, each with a line of its own ("page N says ...") and, on pages 1, 2, 5 and 6,
    a captioned rocket drawing."""
    import pymupdf
    from conftest import draw_rocket

    doc = pymupdf.open()
    for number in range(1, 7):
        page = doc.new_page(width=595, height=842)
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 300), f"Page {number} says the missile test went well. " * 8,
                            fontsize=10)
        if number in (1, 2, 5, 6):
            draw_rocket(page, 150, 450, 300)
            page.insert_text((150, 560), f"Fig. {number}. Side view of the test vehicle.", fontsize=9)
    doc.save(path)
    return path


def slow_from_page_4(item: InputFile, config: Config, index: int, layout_pages_left: int):
    """Pages 4 to 6 never finish in time."""
    from figscan.pipeline import read_page_work

    if index >= 3:
        time.sleep(120)
    return read_page_work(item, config, index, layout_pages_left)


def crash_once_on_page_3(item: InputFile, config: Config, index: int, layout_pages_left: int):
    """The worker dies the first time it reads page 3 (the marker file says it has)."""
    from figscan.pipeline import read_page_work

    marker = Path(item.path).with_suffix(".crashed")
    if index == 2 and not marker.exists():
        marker.touch()
        os._exit(9)
    return read_page_work(item, config, index, layout_pages_left)


def results_jsonl(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]


def test_a_file_whose_time_runs_out_keeps_its_finished_pages_and_a_rerun_completes_it(tmp_path):
    from figscan.runner import run_scan

    folder = tmp_path / "in"
    folder.mkdir()
    make_six_page_report(folder / "report.pdf")
    out = tmp_path / "out"
    stopped = LocalExecutor(workers=1, timeout_seconds=10, timeout_seconds_per_page=0, page_task=slow_from_page_4)
    run_scan(folder, out, Config(), stopped)
    [row] = results_jsonl(out)
    assert row["status"] == "partial"
    assert row["error"] == "stopped after page 3 of 6: time limit"
    assert row["stopped"] == "time limit" and row["pages_unread"] == [4, 5, 6] and row["pages_read"] == 3
    assert "pages 4-6 not read: time limit" in row["problems"]
    assert [(f["id"], f["caption"]) for f in row["figures"]] == [
        ("p1-f1", "Fig. 1. Side view of the test vehicle."), ("p2-f1", "Fig. 2. Side view of the test vehicle.")]
    assert {hit["page"] for hit in row["terms"] if hit["term"] == "missile"} == {1, 2, 3}
    assert "stopped after page 3 of 6: time limit" in (out / "index.html").read_text()
    with Store(out / "figscan.sqlite") as store:
        assert [r.status for r in store.results()] == ["partial"]
        assert sorted(store.checkpoints(row["sha256"], code_hash(), Config().hash())) == [0, 1, 2]

    summary = run_scan(folder, out, Config(), LocalExecutor(workers=1))  # continues where it stopped
    [row] = results_jsonl(out)
    assert summary.reused == 0 and summary.pages == 6
    assert row["status"] == "ok" and row["pages_unread"] == [] and row["stopped"] == ""
    assert [f["id"] for f in row["figures"]] == ["p1-f1", "p2-f1", "p5-f1", "p6-f1"]
    fresh = tmp_path / "fresh"
    run_scan(folder, fresh, Config(), LocalExecutor(workers=1))
    assert [{**r, "seconds": 0} for r in results_jsonl(fresh)] == [{**row, "seconds": 0}]
    with Store(out / "figscan.sqlite") as store:
        assert store.checkpoints(row["sha256"], code_hash(), Config().hash()) == {}


def test_a_worker_that_dies_mid_file_loses_only_the_page_in_hand(tmp_path):
    from figscan.runner import run_scan

    folder = tmp_path / "in"
    folder.mkdir()
    make_six_page_report(folder / "report.pdf")
    run_scan(folder, tmp_path / "out", Config(), LocalExecutor(workers=1, page_task=crash_once_on_page_3))
    assert (folder / "report.crashed").exists(), "the worker died on page 3"
    (folder / "report.crashed").unlink()
    run_scan(folder, tmp_path / "fresh", Config(), LocalExecutor(workers=1))
    [row], [fresh] = results_jsonl(tmp_path / "out"), results_jsonl(tmp_path / "fresh")
    assert row["status"] == "ok" and row["pages_read"] == 6
    assert {**row, "seconds": 0} == {**fresh, "seconds": 0}


def test_two_workers_share_the_pages_of_one_long_file_with_the_same_result(tmp_path):
    """A 40-page file (three 16-page blocks) and nothing else: both workers read its pages."""
    import pymupdf

    from figscan.runner import run_scan

    folder = tmp_path / "in"
    folder.mkdir()
    report = pymupdf.open(make_six_page_report(tmp_path / "six.pdf"))
    long = pymupdf.open()
    for _ in range(7):
        long.insert_pdf(report)
    long.select(range(40))
    long.save(folder / "long.pdf")
    run_scan(folder, tmp_path / "one", Config(), LocalExecutor(workers=1))
    run_scan(folder, tmp_path / "two", Config(), LocalExecutor(workers=2))
    [one], [two] = results_jsonl(tmp_path / "one"), results_jsonl(tmp_path / "two")
    assert one["status"] == "ok" and one["pages_read"] == 40 and len(one["figures"]) == 26
    assert {**one, "seconds": 0} == {**two, "seconds": 0}


class InlinePool:
    """Runs the scheduler's tasks in this process, answering for the pipeline: a file of
    `pages` pages opens, each page reads, finishing gives an ok result. Records which pages
    were on the pool together."""

    def __init__(self, capacity: int, pages: dict[str, int]):
        self.capacity, self.pages = capacity, pages
        self.running: list = []
        self.together: list[list[tuple[str, int]]] = []

    def submit(self, task) -> None:
        self.running.append(task)
        self.together.append([(t.file.item.relative, t.page) for t in self.running if t.kind == "page"])

    def wait(self, seconds: float) -> list:
        from figscan.extract.document import FileInfo
        from figscan.pipeline import FileOpened, PageWork

        task = self.running.pop(0)
        item = task.file.item
        if task.kind == "open":
            return [(task, FileOpened(FileInfo(self.pages[item.relative], self.pages[item.relative])))]
        if task.kind == "page":
            return [(task, PageWork(task.page, None))]
        return [(task, ScanOutput(PaperResult(path=item.relative, status="ok")))]


def test_idle_slots_share_a_long_file_only_when_no_file_waits():
    from figscan.schedule import PageDone, TimeBudget, scan_files

    pool = InlinePool(2, {"long": 40, "short": 3})
    events = list(scan_files(items("long", "short"), Config(), pool, TimeBudget(), {}))
    assert sorted(e.work.index for e in events if isinstance(e, PageDone) and e.item.relative == "long") == list(range(40))
    shared = [pages for pages in pool.together if len({p for f, p in pages if f == "long"}) == 2]
    assert shared, "two pages of the long file were read at once"
    first_shared = pool.together.index(shared[0])
    assert all(("short", 2) not in pages for pages in pool.together[first_shared:]), \
        "sharing starts once the short file has all its pages read"
    assert len({p // 16 for f, p in shared[0] if f == "long"}) == 2, "in two blocks"


def test_finishing_may_use_what_is_left_of_the_files_budget():
    """Finishing analyses the figures the pages found: a 40-page file's finish gets the pages'
    allowance still unused, not only the base (89 figures timed out in 60 s under load)."""
    from figscan.schedule import TimeBudget, scan_files

    class RecordingPool(InlinePool):
        finishes: dict[str, float] = {}

        def submit(self, task) -> None:
            if task.kind == "finish":
                self.finishes[task.file.item.relative] = task.seconds
            super().submit(task)

    pool = RecordingPool(1, {"long": 40, "short": 1})
    list(scan_files(items("long", "short"), Config(), pool, TimeBudget(base_seconds=60, per_page_seconds=30), {}))
    seconds = pool.finishes
    assert 60 + 30 * 40 - 60 < seconds["long"] <= 60 + 30 * 40, "the unused per-page allowance comes along"
    assert 60 <= seconds["short"] <= 90
