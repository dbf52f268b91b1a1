"""A long scanned report, end to end: one worker, then two, then the plain `tesseract` CLI.

Generates the 120-page scanned report of `scanned_report.make_report` (300 dpi page images:
body text, captions, line-drawn figures, a third of them rocket outlines, every 17th page in
Chinese), scans it with default settings and one worker, then with two workers and nothing
else to scan, and reports:

- status, pages read, pages per second, wall time of each run and their ratio;
- figure pages found (a page with a drawn figure counts when a figure found there covers the
  centre of each drawing), figures per page found against drawn, rockets flagged;
- caption recall: drawn captions whose words a found figure's caption holds (90% of them);
- whether the two runs' results.jsonl are identical (timings aside);
- the same pages (or every `--cli-every`-th) through `tesseract IMAGE stdout` on their 300 dpi
  images, one thread (OMP_THREAD_LIMIT=1, as figscan's workers), for pages per second;
- processor seconds per page of both (figscan: workers and their Tesseract runs, while reading
  pages), which a machine shared with other work changes less than the wall time.

    python benchmarks/long_scan.py --work /tmp/long_scan
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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scanned_report import PageTruth, make_report

from figscan.config import Config
from figscan.executors import LocalExecutor
from figscan.runner import run_scan
from figscan.schedule import PageDone

TIMING_FIELDS = {"seconds"}


class CountingExecutor:
    """The local executor, adding up the processor time of the pages it reads."""

    def __init__(self, inner: LocalExecutor):
        self.inner = inner
        self.cpu_seconds = 0.0

    def run(self, items, config, done_pages=None):
        for event in self.inner.run(items, config, done_pages):
            if isinstance(event, PageDone):
                self.cpu_seconds += event.work.cpu_seconds
            yield event


def scan(folder: Path, out: Path, workers: int) -> tuple[dict, float, float]:
    """The result row, wall seconds and processor seconds of the pages (workers and Tesseract)."""
    shutil.rmtree(out, ignore_errors=True)
    config = Config()
    executor = CountingExecutor(LocalExecutor(workers, config.timeout_seconds, config.memory_limit_mb,
                                              timeout_seconds_per_page=config.timeout_seconds_per_page))
    started = time.perf_counter()
    run_scan(folder, out, config, executor)
    seconds = time.perf_counter() - started
    [row] = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    return row, seconds, executor.cpu_seconds


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]", text.lower())


def figure_measures(row: dict, truth: list[PageTruth]) -> dict:
    found_by_page: dict[int, list[dict]] = {}
    for figure in row["figures"]:
        if figure["role"] == "figure":
            found_by_page.setdefault(figure["page"], []).append(figure)
    pages_with_figures = [p for p in truth if p.figures]
    pages_found, captions_found, rockets, rockets_flagged = 0, 0, 0, 0
    per_page = []
    for page in pages_with_figures:
        found = found_by_page.get(page.number, [])
        per_page.append((len(page.figures), len(found)))
        covered = 0
        for drawn in page.figures:
            cx, cy = (drawn.bbox[0] + drawn.bbox[2]) / 2, (drawn.bbox[1] + drawn.bbox[3]) / 2
            hits = [f for f in found if f["bbox"][0] <= cx <= f["bbox"][2] and f["bbox"][1] <= cy <= f["bbox"][3]]
            covered += bool(hits)
            want = words(drawn.caption)
            if any(sum(w in words(f["caption"]) for w in want) >= 0.9 * len(want) for f in hits):
                captions_found += 1
            if drawn.rocket:
                rockets += 1
                rockets_flagged += any(f["shape"] and f["shape"]["flag"] for f in hits)
        pages_found += covered == len(page.figures)
    extra = sum(len(v) for k, v in found_by_page.items() if not truth[k - 1].figures)
    drawn_total = sum(len(p.figures) for p in pages_with_figures)
    return {"figure pages": len(pages_with_figures), "figure pages found": pages_found,
            "figures drawn": drawn_total, "figures found on those pages": sum(f for _, f in per_page),
            "pages where found == drawn": sum(d == f for d, f in per_page),
            "figures found on pages without one": extra,
            "caption recall": round(captions_found / max(drawn_total, 1), 3),
            "rockets drawn": rockets, "rockets flagged": rockets_flagged}


def tesseract_cli(pdf: Path, work: Path, every: int, pages: int) -> tuple[int, float, float]:
    """`tesseract IMAGE stdout` on the pages' embedded 300 dpi images: pages, wall and
    processor seconds."""
    import pymupdf

    doc = pymupdf.open(pdf)
    images = []
    for index in range(0, pages, every):
        xref = doc[index].get_images()[0][0]
        info = doc.extract_image(xref)
        path = work / f"page-{index + 1:03}.{info['ext']}"
        path.write_bytes(info["image"])
        images.append(path)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    for path in images:
        subprocess.run(["tesseract", str(path), "stdout"], capture_output=True, check=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    return len(images), time.perf_counter() - started, cpu_seconds


def comparable(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in TIMING_FIELDS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/long_scan"))
    parser.add_argument("--pages", type=int, default=120)
    parser.add_argument("--cli-every", type=int, default=6, help="every Nth page through the tesseract CLI")
    parser.add_argument("--skip", nargs="*", default=[], choices=["one", "two", "cli"])
    args = parser.parse_args()
    folder = args.work / "input"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "scanned_report.pdf"
    truth = make_report(pdf, pages=args.pages)
    print(f"generated {pdf} ({pdf.stat().st_size / 1e6:.0f} MB, {args.pages} pages)", flush=True)
    report: dict = {}
    runs = {}
    for name, workers in (("one", 1), ("two", 2)):
        if name in args.skip:
            continue
        row, seconds, cpu_seconds = scan(folder, args.work / f"out-{name}", workers)
        runs[name] = (row, seconds)
        report[f"{workers} worker(s)"] = {
            "status": row["status"], "error": row["error"], "problems": row["problems"][:5],
            "pages read": row["pages_read"], "pages unread": row["pages_unread"], "wall seconds": round(seconds, 1),
            "pages per second": round(row["pages_read"] / seconds, 3),
            "processor seconds per page (reading pages)": round(cpu_seconds / max(row["pages_read"], 1), 2),
            **figure_measures(row, truth)}
        print(json.dumps(report[f"{workers} worker(s)"]), flush=True)
    if len(runs) == 2:
        report["two workers / one worker, wall time"] = round(runs["two"][1] / runs["one"][1], 3)
        report["identical results"] = comparable(runs["one"][0]) == comparable(runs["two"][0])
    if "cli" not in args.skip:
        cli_dir = args.work / "cli"
        cli_dir.mkdir(exist_ok=True)
        count, seconds, cpu_seconds = tesseract_cli(pdf, cli_dir, args.cli_every, args.pages)
        report["tesseract CLI"] = {"pages": count, "wall seconds": round(seconds, 1),
                                   "pages per second": round(count / seconds, 3),
                                   "processor seconds per page": round(cpu_seconds / count, 2)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
