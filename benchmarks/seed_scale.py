"""The report at the original analysis's scale: scan time, the seed table against the truth,
and how fast the index, its filters and the network answer in Chromium (issue 25).

Usage:
    python benchmarks/seed_scale.py WORK_DIR [--papers 700] [--seed 25] [--workers 1 2]
        [--first N] [--skip-scan] [--docs docs]

1. Generates the corpus into WORK_DIR/corpus (benchmarks/seed_corpus.py; kept when its
   TRUTH.json has the same seed and size).
2. Scans it once per `--workers` value into WORK_DIR/out-wN, from an empty output folder, and
   prints the wall time; `--first N` scans only the first N files (for a loaded machine: the
   time is then also given per paper, and extrapolated to the whole corpus, marked as such).
3. Computes the seed table from the last scan (figscan/report/seed_table.py) and prints it next
   to the generator's truth, with the largest difference in points.
4. Opens the last scan's report in Debian's Chromium (playwright, /usr/bin/chromium): time until
   the index is interactive (index.js marks <body data-ready>), a text filter, a select filter
   and a sort (from the event to the table redrawn, next frame included), the network page until
   network.js is ready, a network search (each measured 7 times: median and fastest, and the
   renderer's processor time, since on a loaded machine wall time mostly measures other jobs;
   the load average is printed before and after); saves screenshots of the index, network and seed table
   into `--docs` (PNG).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_corpus import make_seed_corpus  # noqa: E402

from figscan.model import PaperResult, RunSummary  # noqa: E402
from figscan.report.html import write_report  # noqa: E402
from figscan.report.seed_table import seed_table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def ensure_corpus(folder: Path, papers: int, seed: int) -> Path:
    truth = folder / "TRUTH.json"
    if truth.exists():
        known = json.loads(truth.read_text("utf-8"))
        if known["seed"] == seed and known["papers"] == papers:
            return folder
        shutil.rmtree(folder)
    started = time.perf_counter()
    make_seed_corpus(folder, papers, seed)
    print(f"generated {papers} papers (seed {seed}) in {time.perf_counter() - started:.1f} s "
          f"({sum(p.stat().st_size for p in folder.glob('*.pdf')) / papers / 1024:.1f} KB each)")
    return folder


def scan(corpus: Path, out: Path, workers: int, first: Optional[int]) -> float:
    """Wall seconds of `figscan scan` from an empty output folder, the CLI as a user runs it."""
    source = corpus
    if first:
        source = out.parent / f"first-{first}"
        if not source.exists():
            source.mkdir(parents=True)
            for pdf in sorted(corpus.glob("*.pdf"))[:first]:
                (source / pdf.name).symlink_to(pdf)
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "figscan", "scan", str(source), "--out", str(out), "--workers",
                    str(workers), "--quiet"], check=True)
    return time.perf_counter() - started


def compare_table(out: Path, corpus: Path) -> float:
    results = [PaperResult.from_dict(json.loads(line)) for line in (out / "results.jsonl").open(encoding="utf-8")]
    truth = json.loads((corpus / "TRUTH.json").read_text("utf-8"))
    scanned = {r.path for r in results}
    rows = [r for r in truth["rows"] if r["file"] in scanned]
    relevant = [r for r in rows if r["relevant"]]
    worst = 0.0
    print(f"{'seed table row':28s} {'run':>14s} {'truth':>14s}")
    for row in seed_table(results).rows():
        chosen = rows if row.key == "relevant" else relevant
        if row.key == "relevant":
            count = len(relevant)
        elif row.key in ("chinese_coauthor", "cn_government_funding", "pla_linked"):
            count = sum(r[row.key] for r in relevant)
        elif row.key in ("aerospace", "advanced_structures"):
            count = sum(r["field"] == row.key for r in relevant)
        else:
            count = sum(r["technology"] == row.key for r in relevant)
        expected = 100 * count / len(chosen) if chosen else 0.0
        worst = max(worst, abs(row.percent - expected))
        print(f"{row.key:28s} {row.percent:6.1f} ({row.count:3d}) {expected:6.1f} ({count:3d})")
    print(f"largest difference: {worst:.1f} points")
    return worst


def rewrite_report(out: Path) -> None:
    """The report of a stored scan written again by the current code (no PDF is read)."""
    results = [PaperResult.from_dict(json.loads(line)) for line in (out / "results.jsonl").open(encoding="utf-8")]
    run = RunSummary(input_dir=str(out), started="", seconds=0.0, files=len(results),
                     pages=sum(r.pages_read for r in results), errors=sum(r.status == "error" for r in results),
                     reused=len(results), figscan_version="", config_hash="")
    started = time.perf_counter()
    write_report(out, results, run)
    print(f"report of {len(results)} papers written in {time.perf_counter() - started:.1f} s")


FILTER_AND_PAINT = """async ([selector, value, kind]) => {
  const control = document.querySelector(selector);
  const started = performance.now();
  if (kind === 'click') control.click();
  else { control.value = value; control.dispatchEvent(new Event(kind, {bubbles: true})); }
  document.body.offsetHeight;
  const handled = performance.now() - started;
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return [handled, performance.now() - started, document.getElementById('shown').textContent];
}"""

# (label, action, the action that undoes it); each is measured REPEATS times, the median reported
INDEX_ACTIONS = [
    ("text filter", ("#filter-text", "harbin", "input"), ("#filter-text", "", "input")),
    ("country filter", ("#filter-country", "CN", "change"), ("#filter-country", "", "change")),
    ("sort by title", ("th[data-column=title] button", "", "click"), ("th[data-column=score] button", "", "click")),
    ("show more rows", ("#show-more", "", "click"), ("#filter-text", "", "input")),
]
REPEATS = 7


def renderer_cpu_ms() -> float:
    """Processor time of Chromium's renderer processes (ours: children of this process), in ms:
    on a loaded machine the wall time of an action mostly measures the other jobs."""
    import psutil

    total = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            if "--type=renderer" in " ".join(process.cmdline()):
                times = process.cpu_times()
                total += (times.user + times.system) * 1000
        except psutil.NoSuchProcess:
            continue
    return total


def measured(page, action: tuple[str, str, str]) -> tuple[float, float, float, str]:
    """(handler ms, ms to the next frame, renderer processor ms, rows shown) of one action."""
    before = renderer_cpu_ms()
    handled, painted, shown = page.evaluate(FILTER_AND_PAINT, list(action))
    return handled, painted, renderer_cpu_ms() - before, shown


def median(values: list[float]) -> float:
    return statistics.median(values)


def browser_timings(out: Path, docs: Optional[Path]) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    timings: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        ready = []
        for _ in range(REPEATS):
            page.goto((out / "index.html").as_uri())
            page.wait_for_selector("body[data-ready]")
            ready.append(page.evaluate("Number(document.body.dataset.ready)"))
        timings["index interactive ms"] = median(ready)
        timings["index interactive ms (fastest)"] = min(ready)
        page.wait_for_timeout(1500)  # idle: index.js builds the remaining rows
        for label, action, undo in INDEX_ACTIONS:
            for name, step in ((label, action), (f"undo {label}", undo)):
                runs = []
                for repeat in range(REPEATS):
                    runs.append(measured(page, step))
                    if repeat < REPEATS - 1:
                        measured(page, undo if step is action else action)
                timings[f"{name} ms (handler)"] = median([r[0] for r in runs])
                timings[f"{name} ms (painted)"] = median([r[1] for r in runs])
                timings[f"{name} ms (painted, fastest)"] = min(r[1] for r in runs)
                timings[f"{name} ms (renderer processor)"] = median([r[2] for r in runs])
                print(f"{name}: median {timings[f'{name} ms (painted)']:.1f} ms to the next frame, fastest "
                      f"{timings[f'{name} ms (painted, fastest)']:.1f} ({timings[f'{name} ms (handler)']:.1f} ms "
                      f"in the handler, {timings[f'{name} ms (renderer processor)']:.0f} ms renderer processor), {runs[-1][3]}")
        if docs:
            page.goto((out / "index.html").as_uri())
            page.wait_for_selector("body[data-ready]")
            page.locator("#papers-h").scroll_into_view_if_needed()
            page.evaluate("document.getElementById('papers-h').scrollIntoView({block: 'start'})")
            page.screenshot(path=str(docs / "seed-index.png"))
        ready, wall = [], []
        for _ in range(REPEATS):
            started = time.perf_counter()
            page.goto((out / "network.html").as_uri())
            page.wait_for_selector("body[data-ready]")
            wall.append((time.perf_counter() - started) * 1000)
            ready.append(page.evaluate("Number(document.body.dataset.ready)"))
        timings["network ready ms"] = median(ready)
        timings["network ready ms (fastest)"] = min(ready)
        timings["network wall ms (goto to ready, from this process)"] = median(wall)
        started = time.perf_counter()
        page.fill("#network-search", "Harbin Engineering University")
        page.press("#network-search", "Enter")
        page.wait_for_selector("#node-panel:not([hidden])")
        timings["network search ms"] = (time.perf_counter() - started) * 1000
        timings["network nodes"] = page.locator("svg .node").count()
        timings["network papers listed for HEU"] = page.locator("#node-papers li").count()
        if docs:
            page.screenshot(path=str(docs / "seed-network.png"))
            page.click("#zoom-reset")
            page.screenshot(path=str(docs / "seed-network-whole.png"))
            page.goto((out / "seed-table.html").as_uri())
            page.locator("#seed-pla_linked details summary").click()
            page.screenshot(path=str(docs / "seed-table.png"))
        timings["page errors"] = len(errors)
        browser.close()
    if docs:
        for name in ("seed-index.png", "seed-network-whole.png", "seed-table.png"):
            shrink_png(docs / name)
        (docs / "seed-network-whole.png").replace(docs / "seed-network.png")
    return timings


def shrink_png(path: Path) -> None:
    """128 colours, no dithering: a report screenshot loses nothing visible and a third of its bytes."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--papers", type=int, default=700)
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--first", type=int, default=None, help="scan only the first N files")
    parser.add_argument("--skip-scan", action="store_true",
                        help="reuse WORK_DIR/out-wN of the last --workers, its report rewritten by the current code")
    parser.add_argument("--docs", type=Path, default=None, help="write screenshots here (docs/)")
    args = parser.parse_args(argv)
    corpus = ensure_corpus(args.work / "corpus", args.papers, args.seed)
    out = args.work / f"out-w{args.workers[-1]}"
    if not args.skip_scan:
        for workers in args.workers:
            seconds = scan(corpus, args.work / f"out-w{workers}", workers, args.first)
            scanned = args.first or args.papers
            line = f"scan, {workers} worker(s): {scanned} papers in {seconds:.1f} s ({seconds / scanned:.2f} s a paper)"
            if args.first:
                line += f"; extrapolated to {args.papers}: {seconds / scanned * args.papers:.0f} s"
            print(line, flush=True)
    if args.skip_scan:
        rewrite_report(out)
    compare_table(out, corpus)
    if args.docs:
        args.docs.mkdir(parents=True, exist_ok=True)
    print("load average before the browser: %.1f %.1f %.1f" % os.getloadavg())
    timings = browser_timings(out, args.docs)
    print("load average after the browser: %.1f %.1f %.1f" % os.getloadavg())
    for key, value in timings.items():
        print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
