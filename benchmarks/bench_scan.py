"""Speed of figscan on ../shared/corpus, side by side with a user's alternative and the floor.

Run: .venv/bin/python benchmarks/bench_scan.py [CORPUS_DIR] [--skip-pymupdf4llm] [--skip-dask] [--repeat N]
                                              [--only ROW,ROW] (rows: the keys of ROWS)
Prints one table and writes benchmarks/out/bench_scan.json. Measures:
- the floor: only parsing every page with pymupdf (get_text("dict"), get_drawings(), get_images());
- pymupdf4llm.to_markdown(doc, write_images=True, use_ocr=False), one process;
- figscan end to end with 1 worker and with 2 workers (--force: nothing reused);
- a re-scan of the unchanged folder (everything reused from the store);
- peak memory (max RSS) of one worker process scanning the largest file;
- the same scan through a Dask LocalCluster of 2 workers.

Each row runs in a fresh process (imports not timed), `--repeat` times. Besides wall seconds it
records processor seconds (user + system) of that process and of every process it started,
figscan's workers included (benchmarks/cpu_time.py): on a machine shared with other work the
ratio of processor times is the comparison that holds still, so both ratios are printed.
"""
from __future__ import annotations

import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

from figscan.config import Config
from figscan.discover import discover
from figscan.executors import DaskExecutor, LocalExecutor, peak_rss_mb
from figscan.pipeline import scan_file
from figscan.runner import run_scan

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from cpu_time import run_measured  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
ROWS = {"floor": "pymupdf parse only (floor)", "pymupdf4llm": "pymupdf4llm.to_markdown, 1 process",
        "figscan_1_worker": "figscan, 1 worker", "figscan_2_workers": "figscan, 2 workers",
        "rescan": "figscan re-scan, unchanged folder", "dask_2_workers": "figscan, Dask LocalCluster 2 workers"}


def parse_floor(files: list[Path]) -> None:
    for path in files:
        with pymupdf.open(path) as doc:
            for page in doc:
                page.get_text("dict")
                page.get_drawings()
                page.get_images()


def pymupdf4llm_markdown(files: list[Path], image_dir: Path) -> None:
    import pymupdf4llm

    for path in files:
        with pymupdf.open(path) as doc:
            pymupdf4llm.to_markdown(doc, write_images=True, use_ocr=False, image_path=str(image_dir),
                                    show_progress=False)


def dask_scan(corpus: Path, out: Path, config: Config) -> float:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(lambda: __import__("figscan.pipeline"))  # warm the workers like the local pool's
        started = time.perf_counter()
        run_scan(corpus, out, config, DaskExecutor(client), force=True)
        return time.perf_counter() - started


def run_row(row: str, corpus: Path, tmp: Path) -> float:
    """One row in this process: its wall seconds (the Dask cluster's start-up not included)."""
    files = sorted(corpus.glob("*.pdf"))
    config = Config()
    started = time.perf_counter()
    if row == "floor":
        parse_floor(files)
    elif row == "pymupdf4llm":
        (tmp / "img").mkdir(exist_ok=True)
        pymupdf4llm_markdown(files, tmp / "img")
    elif row == "figscan_1_worker":
        run_scan(corpus, tmp / "w1", config, LocalExecutor(1, 600, config.memory_limit_mb), force=True)
    elif row == "figscan_2_workers":
        run_scan(corpus, tmp / "w2", config, LocalExecutor(2, 600, config.memory_limit_mb), force=True)
    elif row == "rescan":
        run_scan(corpus, tmp / "w2", config, LocalExecutor(2, 600, config.memory_limit_mb))
    elif row == "dask_2_workers":
        return dask_scan(corpus, tmp / "dask", config)
    return time.perf_counter() - started


def measured_row(row: str, corpus: Path, tmp: Path) -> tuple[float, float]:
    """(wall, processor) seconds of one row run in a fresh process; imports are in neither."""
    spent, completed = run_measured([sys.executable, __file__, "--row", row, "--tmp", str(tmp), str(corpus)],
                                    stdout=subprocess.PIPE, text=True, check=True)
    answer = json.loads(completed.stdout.strip().splitlines()[-1])
    return answer["wall"], spent.cpu_seconds - answer["cpu_before"]


def _scan_largest(path: Path, queue) -> None:
    item = next(i for i in discover(path.parent) if i.path.name == path.name)
    scan_file(item, Config())
    queue.put(peak_rss_mb())


def peak_memory_mb(path: Path) -> float:
    """Peak RSS (VmHWM) of a fresh process that scans one file, imports included."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_scan_largest, args=(path, queue))
    process.start()
    value = queue.get(timeout=600)
    process.join()
    return value


def own_cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def main() -> None:
    argv = sys.argv[1:]
    option = {name: argv[argv.index(name) + 1] for name in ("--row", "--tmp", "--repeat", "--only") if name in argv}
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] not in option)]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    if "--row" in option:  # a child: one row, answered as JSON on the last line of stdout
        cpu_before = own_cpu_seconds()
        wall = run_row(option["--row"], corpus, Path(option["--tmp"]))
        print(json.dumps({"wall": wall, "cpu_before": cpu_before}))
        return
    repeats = int(option.get("--repeat", 1))
    files = sorted(corpus.glob("*.pdf"))
    pages = sum(pymupdf.open(f).page_count for f in files)
    only = option["--only"].split(",") if "--only" in option else list(ROWS)
    rows = [r for r in ROWS if r in only and not (r == "pymupdf4llm" and "--skip-pymupdf4llm" in argv)
            and not (r == "dask_2_workers" and "--skip-dask" in argv)]
    wall: dict[str, list[float]] = {r: [] for r in rows}
    cpu: dict[str, list[float]] = {r: [] for r in rows}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            for row in rows:
                seconds, processor = measured_row(row, corpus, Path(tmp))
                wall[row].append(seconds)
                cpu[row].append(processor)
        largest = max(files, key=lambda f: f.stat().st_size)
        peak = peak_memory_mb(largest)
    median = {r: statistics.median(wall[r]) for r in rows}
    median_cpu = {r: statistics.median(cpu[r]) for r in rows}
    print(f"{len(files)} files, {pages} pages in {corpus}; {repeats} run(s) of each row, medians")
    print(f"{'what':42} {'seconds':>8} {'pages/s':>8} {'cpu s':>8}   each run: wall / cpu")
    for row in rows:
        runs = ", ".join(f"{w:.1f} / {c:.1f}" for w, c in zip(wall[row], cpu[row]))
        print(f"{ROWS[row]:42} {median[row]:8.1f} {pages / median[row]:8.1f} {median_cpu[row]:8.1f}   {runs}")
    nan = float("nan")
    one, two = median.get("figscan_1_worker", nan), median.get("figscan_2_workers", nan)
    ratios = {"speedup_vs_pymupdf4llm": median.get("pymupdf4llm", nan) / one,
              "cpu_speedup_vs_pymupdf4llm": median_cpu.get("pymupdf4llm", nan) / median_cpu.get("figscan_1_worker", nan),
              "speedup_2_vs_1_workers": one / two, "rescan_share_of_first": median.get("rescan", nan) / two,
              "dask_vs_local_2_workers": median.get("dask_2_workers", nan) / two}
    for key, value in ratios.items():
        print(f"{key:42} {value:8.2f}")
    print(f"{'peak RSS of one worker, largest file (MB)':42} {peak:8.0f}  ({largest.name})")
    report = {"files": len(files), "pages": pages, "largest_file": largest.name, "repeats": repeats,
              **{f"{r}_seconds": round(median[r], 2) for r in rows},
              **{f"{r}_cpu_seconds": round(median_cpu[r], 2) for r in rows},
              "runs": {r: [[round(w, 2), round(c, 2)] for w, c in zip(wall[r], cpu[r])] for r in rows},
              "peak_rss_mb_largest_file": round(peak, 1), **{k: round(v, 3) for k, v in ratios.items()}}
    out = REPO / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_scan.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
