"""Processor and wall milliseconds per figure on one core, all of a figure's stages included:
the measure of issue 23's speed target (median <= 60 ms per figure).

    .venv/bin/python benchmarks/shape_speed.py [PDF_FOLDER ...] [--synthetic 10] [--code TREE]

Defaults: samples/ and ../shared/corpus (when it is there; timing it is allowed, its findings
are never read here). One core: OpenCV and the BLAS pools are pinned to one thread before
anything is imported, as in a scan's worker.

A PDF folder is scanned as a worker scans it (figscan.pipeline.scan_file, page by page, in this
process). What counts for one figure (decorations, never analysed, are left out):
- locate: locate_figures on its page (drawings, images, captions, the layout model when asked),
  shared evenly by the figures analysed on that page;
- render: render_figures for its page (pixels and words of each region), shared evenly by the
  figures it rendered there;
- analyse: analyse_figure (the shape detector, with the learned recogniser as shapes.toml sets
  it);
- encode: its JPEG for the report, and its overlay (drawn and PNG-encoded) when flagged.
Not counted: the page's text and OCR, front matter, terms, entities, scoring and the report:
they are per page or per paper, not per figure, and pages without figures pay them too.
Generated figures (training/synthetic.py, every family) have no page: analyse and encode only.

--code times another source tree (a worktree of an older commit) on the same figures, so that
before and after can be measured back to back under the same load; the load average is printed
at the start and the end of each run.
"""
from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_MEDIAN_MS = 60.0
STAGES = ("locate", "render", "analyse", "encode")


@dataclass
class Clock:
    """Processor and wall seconds, summed."""
    cpu: float = 0.0
    wall: float = 0.0

    def add(self, other: Clock, share: float = 1.0) -> None:
        self.cpu += other.cpu * share
        self.wall += other.wall * share


@dataclass
class FigureTimes:
    stages: dict[str, Clock] = field(default_factory=lambda: {s: Clock() for s in STAGES})

    def total(self, kind: str) -> float:
        return sum(getattr(c, kind) for c in self.stages.values())


def timed(function, spent: Clock):
    """`function` wrapped so that each call adds its processor and wall time to `spent`."""
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent.cpu += time.process_time() - cpu
            spent.wall += time.perf_counter() - wall
    return wrapper


def measure_folder(folder: Path) -> list[FigureTimes]:
    """Scan every PDF of `folder` as one worker would, and time each analysed figure's stages."""
    import figscan.extract.document as document
    import figscan.pipeline as pipeline
    from figscan.config import Config
    from figscan.discover import discover

    figures: list[FigureTimes] = []
    per_page: dict[int, list[FigureTimes]] = defaultdict(list)  # this file's figures by page number
    locate_by_page: dict[int, Clock] = defaultdict(Clock)
    original_locate, original_analyse = document.locate_figures, pipeline.analyse_figures
    originals = {module: module.render_figures for module in (document, pipeline)}

    def locate(page, *args, **kwargs):
        spent = Clock()
        try:
            return timed(original_locate, spent)(page, *args, **kwargs)
        finally:
            locate_by_page[page.number + 1].add(spent)

    def render_in(module):
        def render(*args, **kwargs):
            spent = Clock()
            images = timed(originals[module], spent)(*args, **kwargs)
            analysed = [image for image in images if not image.figure.decoration]
            for image in analysed:
                pending_render[id(image)] = (spent, len(analysed))
            return images
        return render

    pending_render: dict[int, tuple[Clock, int]] = {}

    def analyse_figures(images, sha256, assets):
        out = []
        decorations = [image for image in images if image.figure.decoration]
        if decorations:
            out += original_analyse(decorations, sha256, assets)
        for image in images:
            if image.figure.decoration:
                continue
            one = FigureTimes()
            stages = one.stages
            pipeline.analyse_figure = timed(analyse_figure, stages["analyse"])
            pipeline.encode_image = timed(encode_image, stages["encode"])
            pipeline.draw_overlay = timed(draw_overlay, stages["encode"])
            out += original_analyse([image], sha256, assets)
            spent, shared_by = pending_render.pop(id(image), (Clock(), 1))
            stages["render"].add(spent, 1 / shared_by)
            per_page[image.figure.page].append(one)
            figures.append(one)
        return out

    analyse_figure, encode_image, draw_overlay = pipeline.analyse_figure, pipeline.encode_image, pipeline.draw_overlay
    document.locate_figures = locate
    for module in originals:
        module.render_figures = render_in(module)
    pipeline.analyse_figures = analyse_figures
    try:
        for item in discover(folder):
            per_page.clear()
            locate_by_page.clear()
            pipeline.scan_file(item, Config())
            for page, page_figures in per_page.items():
                for one in page_figures:
                    one.stages["locate"].add(locate_by_page[page], 1 / len(page_figures))
    finally:
        document.locate_figures, pipeline.analyse_figures = original_locate, original_analyse
        for module, function in originals.items():
            module.render_figures = function
        pipeline.analyse_figure, pipeline.encode_image, pipeline.draw_overlay = analyse_figure, encode_image, draw_overlay
    return figures


def measure_generated(n_per_family: int) -> list[FigureTimes]:
    """Generated figures of every family: analyse_figure and the figure's encoding, as
    figscan.pipeline.analyse_figures does them."""
    from figscan.analyse.shapes import analyse_figure, draw_overlay
    from figscan.pipeline import encode_image
    from training import synthetic

    figures = []
    for sample in synthetic.generate(n_per_family, seed=4242):
        one = FigureTimes()
        finding = timed(analyse_figure, one.stages["analyse"])(sample.pixels, sample.words, sample.caption)
        timed(encode_image, one.stages["encode"])(sample.pixels, ".jpg")
        if finding.flag:
            timed(lambda pixels, f: encode_image(draw_overlay(pixels, f), ".png"), one.stages["encode"])(sample.pixels, finding)
        figures.append(one)
    return figures


def summary(name: str, figures: list[FigureTimes]) -> str:
    if not figures:
        return f"{name}: no figures"
    cpu = sorted(1000 * f.total("cpu") for f in figures)
    wall = sorted(1000 * f.total("wall") for f in figures)
    median = statistics.median(cpu)
    verdict = "meets" if median <= TARGET_MEDIAN_MS else "misses"
    stage_medians = "  ".join(f"{s} {statistics.median(1000 * f.stages[s].cpu for f in figures):.1f}" for s in STAGES)
    stage_sums = "  ".join(f"{s} {sum(f.stages[s].cpu for f in figures):.1f}" for s in STAGES)
    return (f"{name}: {len(figures)} figures; processor ms per figure: median {median:.1f}, "
            f"p90 {cpu[int(0.9 * (len(cpu) - 1))]:.1f}, max {cpu[-1]:.1f} ({verdict} the {TARGET_MEDIAN_MS:.0f} ms "
            f"median target); wall median {statistics.median(wall):.1f}\n"
            f"  stage medians (processor ms): {stage_medians}\n"
            f"  stage totals (processor s): {stage_sums}; all {sum(cpu) / 1000:.1f} s processor, "
            f"{sum(wall) / 1000:.1f} s wall")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path,
                    default=[p for p in (ROOT / "samples", ROOT.parent / "shared" / "corpus") if p.is_dir()])
    ap.add_argument("--synthetic", type=int, default=10, help="generated figures per family (0: none)")
    ap.add_argument("--code", type=Path, default=ROOT, help="the figscan source tree to time (default: this one)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # training/synthetic.py: the same generated figures whatever --code
    sys.path.insert(0, str(args.code.resolve()))
    import cv2

    cv2.setNumThreads(1)
    import figscan

    print(f"code {Path(figscan.__file__).parent.parent}; load average {os.getloadavg()[0]:.1f}")
    from figscan.analyse.shapes import analyse_figure
    from training import synthetic
    analyse_figure(next(iter(synthetic.generate(1, seed=4242))).pixels, [])  # warm up: models load once
    if args.synthetic:
        print(summary("generated", measure_generated(args.synthetic)))
    for folder in args.folders:
        print(summary(str(folder), measure_folder(folder)))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
