"""Speed of figscan on ../shared/corpus, side by side with a user's alternative and the floor.

Run: .venv/bin/python benchmarks/bench_scan.py [CORPUS_DIR] [--skip-pymupdf4llm] [--skip-dask]
Prints one table and writes benchmarks/out/bench_scan.json. Measures:
- the floor: only parsing every page with pymupdf (get_text("dict"), get_drawings(), get_images());
- pymupdf4llm.to_markdown(doc, write_images=True, use_ocr=False), one process;
- figscan end to end with 1 worker and with 2 workers (--force: nothing reused);
- a re-scan of the unchanged folder (everything reused from the store);
- peak memory (max RSS) of one worker process scanning the largest file;
- the same scan through a Dask LocalCluster of 2 workers.
"""
from __future__ import annotations

import json
import multiprocessing
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
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


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


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    files = sorted(corpus.glob("*.pdf"))
    pages = sum(pymupdf.open(f).page_count for f in files)
    config = Config()
    rows: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows["floor_seconds"] = timed(lambda: parse_floor(files))
        if "--skip-pymupdf4llm" not in sys.argv:
            (tmp / "img").mkdir()
            rows["pymupdf4llm_seconds"] = timed(lambda: pymupdf4llm_markdown(files, tmp / "img"))
        rows["figscan_1_worker_seconds"] = timed(
            lambda: run_scan(corpus, tmp / "w1", config, LocalExecutor(1, 600, config.memory_limit_mb), force=True))
        rows["figscan_2_workers_seconds"] = timed(
            lambda: run_scan(corpus, tmp / "w2", config, LocalExecutor(2, 600, config.memory_limit_mb), force=True))
        rows["rescan_seconds"] = timed(
            lambda: run_scan(corpus, tmp / "w2", config, LocalExecutor(2, 600, config.memory_limit_mb)))
        largest = max(files, key=lambda f: f.stat().st_size)
        rows["peak_rss_mb_largest_file"] = peak_memory_mb(largest)
        if "--skip-dask" not in sys.argv:
            from distributed import Client, LocalCluster

            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                client.run(lambda: __import__("figscan.pipeline"))  # warm the workers like the local pool's
                rows["dask_2_workers_seconds"] = timed(
                    lambda: run_scan(corpus, tmp / "dask", config, DaskExecutor(client), force=True))
    report = {"files": len(files), "pages": pages, "largest_file": largest.name, **{k: round(v, 2) for k, v in rows.items()}}
    def rate(key: str) -> float:
        return pages / rows[key] if key in rows else float("nan")
    print(f"{len(files)} files, {pages} pages in {corpus}")
    print(f"{'what':42} {'seconds':>8} {'pages/s':>8}")
    for key, label in [("floor_seconds", "pymupdf parse only (floor)"),
                       ("pymupdf4llm_seconds", "pymupdf4llm.to_markdown, 1 process"),
                       ("figscan_1_worker_seconds", "figscan, 1 worker"),
                       ("figscan_2_workers_seconds", "figscan, 2 workers"),
                       ("dask_2_workers_seconds", "figscan, Dask LocalCluster 2 workers"),
                       ("rescan_seconds", "figscan re-scan, unchanged folder")]:
        if key in rows:
            print(f"{label:42} {rows[key]:8.1f} {rate(key):8.1f}")
    one, two = rows["figscan_1_worker_seconds"], rows["figscan_2_workers_seconds"]
    ratios = {"speedup_vs_pymupdf4llm": rows.get("pymupdf4llm_seconds", float("nan")) / one,
              "speedup_2_vs_1_workers": one / two, "rescan_share_of_first": rows["rescan_seconds"] / two,
              "dask_vs_local_2_workers": rows.get("dask_2_workers_seconds", float("nan")) / two}
    for key, value in ratios.items():
        print(f"{key:42} {value:8.2f}")
    print(f"{'peak RSS of one worker, largest file (MB)':42} {rows['peak_rss_mb_largest_file']:8.0f}  ({largest.name})")
    report.update({k: round(v, 3) for k, v in ratios.items()})
    out = REPO / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_scan.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
