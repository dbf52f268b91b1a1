"""Figure boxes found on real pages against boxes drawn by hand (benchmarks/figure_boxes/truth.tsv).

Run: PYTHONPATH=$PWD .venv/bin/python benchmarks/figure_boxes_eval.py [--pdfs DIR] [--half tune|holdout|holdout2]
     [--repeat 3] [--verbose] [--json OUT]

Each truth page is read the way a scan reads it (`document.read_page`, then decorations,
`assemble_figures` and `render_figures`: the pages of one file together, with up to
CONTEXT_PAGES other pages of the file so that repeated logos are marked as a scan marks them;
OCR off since figure finding never waits for it). A truth figure is found when one extracted figure box covers at
least half of it, as ../shared/eval/score.py counts a label box. Beside recall:
- false boxes: extracted figures that overlap no truth figure (less than 20% of the extracted
  box lies on truth figures): text blocks, tables, logos;
- split: a truth figure not found whole but covered half by two or more extracted boxes
  (subpanels or tiles left apart);
- merged: one extracted box that covers two or more truth figures, or one truth figure with as
  much again of other page content (text beside the figure taken in);
- time: processor time (this process, so other jobs on the machine do not count) of figure
  finding per page (locate, assemble, render), the
  median of `--repeat` runs of the whole set.
The truth's parts are reported apart: `tune` and `holdout` (by a hash of the file name, fixed
before any result was seen) and `holdout2` (63 pages of 28 repositories used nowhere else in the
project, added later); thresholds are tuned on `tune` only. PDFs: benchmarks/figure_boxes/build.py.
"""
from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from figscan import geometry
from figscan.config import Limits
from figscan.extract import document, figures
from figscan.model import BBox

HERE = Path(__file__).resolve().parent / "figure_boxes"
FOUND_SHARE = 0.5  # score.py: one extracted box covers this share of the label box
FALSE_SHARE = 0.2  # an extracted box with less than this share on truth figures shows something else
CONTEXT_PAGES = 6  # other pages of the file read too (untimed, unscored), so a logo on every page is a decoration
MERGED_GROWTH = 2.0  # an extracted box this many times the truth figure it covers holds more than it


@dataclass
class PageTruth:
    file: str
    half: str
    page: int
    boxes: list[BBox]


@dataclass
class PageResult:
    truth: PageTruth
    found: list[BBox] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Tally:
    pages: int = 0
    truth: int = 0
    found: int = 0
    extracted: int = 0
    false_boxes: int = 0
    split: int = 0
    merged: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    falses: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {"pages": self.pages, "truth_figures": self.truth, "recall": round(self.found / max(self.truth, 1), 3),
                "extracted": self.extracted, "false_boxes": self.false_boxes,
                "false_share": round(self.false_boxes / max(self.extracted, 1), 3),
                "split": self.split, "merged": self.merged,
                "ms_per_page_median": round(1000 * statistics.median(self.seconds), 1) if self.seconds else 0.0,
                "ms_per_page_mean": round(1000 * statistics.fmean(self.seconds), 1) if self.seconds else 0.0}


def read_truth(path: Path = HERE / "truth.tsv") -> list[PageTruth]:
    rows = []
    for row in csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"):
        boxes = [tuple(float(v) for v in part.split()) for part in row["figures"].split("|") if part.strip()]
        rows.append(PageTruth(row["file"], row["half"], int(row["page"]), boxes))
    return rows


def covered(truth: BBox, box: BBox) -> float:
    return geometry.area(geometry.intersection(truth, box)) / max(geometry.area(truth), 1e-6)


def extract_pages(pdf: Path, numbers: list[int], limits: Limits) -> dict[int, tuple[list[BBox], float]]:
    """Figure boxes (role "figure") of the given 1-based pages, and the seconds figure finding
    took on each, read as `document.read_document` reads them."""
    timed: dict[int, float] = defaultdict(float)
    locate = figures.locate_figures

    def timed_locate(page, page_text, limits, layout=None):
        started = time.process_time()
        try:
            return locate(page, page_text, limits, layout=layout)
        finally:
            timed[page.number + 1] += time.process_time() - started

    out: dict[int, tuple[list[BBox], float]] = {}
    document.locate_figures = timed_locate
    try:
        with pymupdf.open(pdf) as doc:
            layout = document.LayoutBudget(limits.max_layout_pages)
            found, texts = {}, {}
            step = max(1, doc.page_count // CONTEXT_PAGES)
            context = [n for n in range(1, doc.page_count + 1, step) if n not in numbers][:CONTEXT_PAGES]
            for number in numbers + context:
                read = document.read_page(doc, number - 1, limits, ocr=False, layout=layout)
                texts[number] = read.text
                found[number] = (read.regions, read.words)
            started = time.process_time()
            figures.mark_decorations({n: regions for n, (regions, _) in found.items()},
                                     {n: (t.width, t.height) for n, t in texts.items()})
            shared = (time.process_time() - started) / max(len(numbers), 1)
            cache: dict = {}
            for number in numbers:
                started = time.process_time()
                regions, words = found[number]
                page = doc[number - 1]
                regions = figures.assemble_figures(regions, texts[number].lines, limits)
                images = figures.render_figures(page, texts[number], regions, words, limits, cache)
                elapsed = time.process_time() - started + timed[number] + shared
                out[number] = ([tuple(i.figure.bbox) for i in images if i.figure.role == "figure"], elapsed)
    finally:
        document.locate_figures = locate
    return out


def score_page(result: PageResult, tally: Tally, verbose: bool) -> None:
    truth, found = result.truth.boxes, result.found
    where = f"{result.truth.file} p{result.truth.page}"
    tally.pages += 1
    tally.truth += len(truth)
    tally.extracted += len(found)
    tally.seconds.append(result.seconds)
    for t in truth:
        best = max((covered(t, f) for f in found), default=0.0)
        if best >= FOUND_SHARE:
            tally.found += 1
            owner = max(found, key=lambda f: covered(t, f))
            others = sum(geometry.area(geometry.intersection(owner, u)) for u in truth if u is not t)
            if geometry.area(owner) - others > MERGED_GROWTH * geometry.area(t):
                tally.merged += 1
                tally.misses.append(f"{where}: {_box(t)} merged into {_box(owner)}")
            continue
        union = sum(geometry.area(geometry.intersection(t, f)) for f in found) / max(geometry.area(t), 1e-6)
        pieces = sum(covered(t, f) > 0.05 for f in found)
        if pieces >= 2 and union >= FOUND_SHARE:
            tally.split += 1
            tally.misses.append(f"{where}: {_box(t)} split into {pieces} pieces")
        else:
            tally.misses.append(f"{where}: {_box(t)} missed (best cover {best:.2f})")
    for f in found:
        on_truth = sum(geometry.area(geometry.intersection(f, t)) for t in truth) / max(geometry.area(f), 1e-6)
        if on_truth < FALSE_SHARE:
            tally.false_boxes += 1
            tally.falses.append(f"{where}: false {_box(f)}")
        elif sum(covered(t, f) >= FOUND_SHARE for t in truth) >= 2:
            tally.merged += 1
            tally.misses.append(f"{where}: {_box(f)} holds several figures")
    if verbose:
        print(f"{where} [{result.truth.half}] truth {[_box(t) for t in truth]} found {[_box(f) for f in found]}")


def _box(b: BBox) -> str:
    return "(" + " ".join(f"{v:.0f}" for v in b) + ")"


def run(pdfs: Path, half: str | None, repeat: int, verbose: bool) -> dict[str, Tally]:
    truth = [t for t in read_truth() if half is None or t.half == half]
    by_file: dict[str, list[PageTruth]] = defaultdict(list)
    for t in truth:
        by_file[t.file].append(t)
    limits = Limits()
    timings: dict[tuple[str, int], list[float]] = defaultdict(list)
    boxes: dict[tuple[str, int], list[BBox]] = {}
    for _ in range(repeat):
        for name, rows in by_file.items():
            for number, (found, seconds) in extract_pages(pdfs / name, sorted(r.page for r in rows), limits).items():
                boxes[(name, number)] = found
                timings[(name, number)].append(seconds)
    tallies = {"tune": Tally(), "holdout": Tally(), "holdout2": Tally(), "all": Tally()}
    for t in truth:
        result = PageResult(t, boxes[(t.file, t.page)], statistics.median(timings[(t.file, t.page)]))
        score_page(result, tallies[t.half], verbose)
        score_page(result, tallies["all"], False)
    return tallies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=Path("/work/data/figure_boxes/pdfs"))
    parser.add_argument("--half", choices=["tune", "holdout", "holdout2"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    tallies = run(args.pdfs, args.half, args.repeat, args.verbose)
    report = {}
    for name, tally in tallies.items():
        if not tally.pages:
            continue
        report[name] = tally.summary()
        print(name, json.dumps(report[name]))
        if args.verbose and name != "all":
            for line in tally.misses + tally.falses:
                print("   ", line)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
