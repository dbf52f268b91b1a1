"""Train/serve skew of the shape recogniser: the probability a scan gives a real figure against
the one training/train_recogniser.py computes for the same figure, with the same model.

    nice .venv/bin/python benchmarks/recogniser_skew.py [--n 240] [--data /work/data/shapes_real]

Each sampled figure of the real set (images/<id>.png) is placed on a PDF page as a paper would
show it (a title, a neutral paragraph, the image, a "Fig. 1." caption below, more text), in two
sizes: "native" (the image's pixels at the 150 dpi render, so rendering only resamples) and
"wide" (the full 468 pt text width, so a small image is upsampled as in most papers). The page
goes through the real pipeline (figscan.pipeline.scan_file, which finds, renders and analyses
the figure); the pixels, words and caption `analyse_figure` receives are recorded. Reported:
- scan: the score the scan gives the figure with the recogniser on (0 when the cue detector
  rejects it early, as a scan does);
- scan, raw: the recogniser's probability on the scan's pixels, rejected or not;
- training: the probability on the PNG as train_recogniser measures it (no words, no caption).
Differences between "scan, raw" and "training" are skew; between "scan" and "scan, raw" the
early rejection. Measured on figures the shipped model was trained on, so the AUCs here are
optimistic; only the differences matter. Writes benchmarks/recogniser_skew.md.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import hashlib  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, replace  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import pymupdf  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figscan import pipeline  # noqa: E402
from figscan.analyse import recogniser, shapes  # noqa: E402
from figscan.config import Config  # noqa: E402
from figscan.discover import InputFile  # noqa: E402
from figscan.model import Cue, ShapeFinding  # noqa: E402

DATA = Path("/work/data/shapes_real")
OUT_TABLE = ROOT / "benchmarks" / "recogniser_skew.md"
PAGE = (595.0, 842.0)  # A4 in points
TEXT_WIDTH = 468.0
MARGIN = 63.5
RENDER_DPI = 150
PARAGRAPH = ("The measurements reported in this section were taken under the conditions described above. "
             "Each run was repeated three times and the mean value is given; the spread between runs was "
             "below the resolution of the instruments. Section 4 discusses the results in more detail.")
CAPTION = "Fig. 1. Overview of the configuration used in the experiments described in this section."


@dataclass
class Sample:
    id: str
    label: int
    style: str
    layout: str
    found: bool = False
    p_train: float = 0.0
    p_scan_raw: float = 0.0
    scan_score: float = 0.0
    rejected_train: str | None = None
    rejected_scan: str | None = None
    size_ratio: float = 1.0  # long side of the scan's pixels / the PNG's
    n_words: int = 0


def read_rows(data: Path) -> list[dict]:
    rows = []
    for name in ("manifest_pos.tsv", "manifest_neg.tsv"):
        path = data / name
        if path.exists():
            with path.open(newline="", encoding="utf-8") as f:
                rows += [r for r in csv.DictReader(f, delimiter="\t")
                         if r.get("label") in ("0", "1") and (data / "images" / f"{r['id']}.png").exists()]
    return list({r["id"]: r for r in rows}.values())


def page_pdf(png: Path, layout: str) -> tuple[bytes, pymupdf.Rect]:
    """One A4 page holding the image the way a paper does; the image's rectangle on it."""
    h, w = cv2.imread(str(png), cv2.IMREAD_UNCHANGED).shape[:2]
    if layout == "native":
        width = w * 72 / RENDER_DPI
    else:
        width = TEXT_WIDTH
    height = width * h / w
    if height > 520:
        width, height = width * 520 / height, 520.0
    width = min(width, TEXT_WIDTH)
    height = width * h / w
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE[0], height=PAGE[1])
    page.insert_textbox(pymupdf.Rect(MARGIN, 50, PAGE[0] - MARGIN, 70), "4. Experimental results", fontsize=12,
                        fontname="hebo")
    page.insert_textbox(pymupdf.Rect(MARGIN, 78, PAGE[0] - MARGIN, 130), PARAGRAPH, fontsize=10, fontname="tiro")
    x0 = (PAGE[0] - width) / 2
    rect = pymupdf.Rect(x0, 140, x0 + width, 140 + height)
    page.insert_image(rect, filename=str(png))
    page.insert_textbox(pymupdf.Rect(MARGIN, rect.y1 + 8, PAGE[0] - MARGIN, rect.y1 + 40), CAPTION, fontsize=9,
                        fontname="tiro")
    if rect.y1 + 110 < PAGE[1] - 50:
        page.insert_textbox(pymupdf.Rect(MARGIN, rect.y1 + 48, PAGE[0] - MARGIN, rect.y1 + 110), PARAGRAPH,
                            fontsize=10, fontname="tiro")
    data = doc.tobytes()
    doc.close()
    return data, rect


class Recorder:
    """Stands in for pipeline.analyse_figure: keeps what the pipeline passes, then analyses."""

    def __init__(self, params: shapes.ShapeParams) -> None:
        self.calls: list[tuple[np.ndarray, list, str, ShapeFinding]] = []
        self.params = params

    def __call__(self, pixels, words, caption="", params=None):
        finding = shapes.analyse_figure(pixels, words, caption, self.params)
        self.calls.append((pixels, words, caption, finding))
        return finding


def probability(model: recogniser.Recogniser, pixels: np.ndarray, finding: ShapeFinding) -> float:
    """The recogniser's probability of the figure whatever the cue detector decided."""
    if finding.bbox is None:  # rejected: no box, the crop falls back to the whole figure
        finding = replace(finding, cues=[Cue("shape_probability", 0.0, False, "")])
    row, _ = recogniser.measure_figure(pixels, finding, model)
    return float(model.probability(row, finding.flag)[0])


def scan_one(png: Path, layout: str, recorder: Recorder, folder: Path, config: Config):
    """The figure the scan found on the page (the one overlapping the image most), or None."""
    pdf_bytes, rect = page_pdf(png, layout)
    path = folder / f"{png.stem}-{layout}.pdf"
    path.write_bytes(pdf_bytes)
    recorder.calls.clear()
    item = InputFile(path=path, relative=path.name, size=len(pdf_bytes), sha256=hashlib.sha256(pdf_bytes).hexdigest())
    output = pipeline.scan_file(item, config)
    best, best_overlap = None, 0.0
    for fig, call in zip(output.result.figures, recorder.calls):
        bx = pymupdf.Rect(fig.bbox)
        overlap = (bx & rect).get_area() / max(rect.get_area(), 1e-6)
        if overlap > best_overlap:
            best, best_overlap = call, overlap
    return best if best_overlap >= 0.5 else None


def auc(scores: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(y, scores)) if 0 < y.sum() < len(y) else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--n", type=int, default=240, help="figures sampled (half positives), each scanned in both layouts")
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--table", type=Path, default=OUT_TABLE)
    args = ap.parse_args(argv)
    cv2.setNumThreads(1)
    model = recogniser.load_recogniser()
    params = replace(shapes.ShapeParams.load(), use_recogniser=True)
    rows = read_rows(args.data)
    rng = random.Random(args.seed)
    pos = [r for r in rows if r["label"] == "1"]
    neg = [r for r in rows if r["label"] == "0"]
    sample = rng.sample(pos, min(len(pos), args.n // 2)) + rng.sample(neg, min(len(neg), args.n - args.n // 2))
    recorder = Recorder(params)
    pipeline.analyse_figure = recorder  # the pipeline calls it by this name
    config = Config(ocr=False)
    results: list[Sample] = []
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        for n, r in enumerate(sample):
            png = args.data / "images" / f"{r['id']}.png"
            rgb = cv2.cvtColor(cv2.imread(str(png), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)  # as train_recogniser reads it
            train_finding = shapes.cue_finding(rgb, [])
            p_train = probability(model, rgb, train_finding)
            for layout in ("native", "wide"):
                s = Sample(r["id"], int(r["label"]), r.get("style", ""), layout, p_train=p_train,
                           rejected_train=train_finding.rejected)
                call = scan_one(png, layout, recorder, Path(tmp), config)
                if call is not None:
                    pixels, words, caption, finding = call
                    cue = shapes.cue_finding(pixels, words, caption)
                    s.found, s.n_words = True, len(words)
                    s.p_scan_raw = probability(model, pixels, cue)
                    s.scan_score, s.rejected_scan = finding.score, finding.rejected
                    s.size_ratio = max(pixels.shape[:2]) / max(rgb.shape[:2])
                results.append(s)
            if (n + 1) % 20 == 0:
                print(f"  {n + 1}/{len(sample)} figures ({time.time() - started:.0f} s)", flush=True)
    lines = report(results, model.threshold, args)
    args.table.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


def report(results: list[Sample], threshold: float, args) -> list[str]:
    lines = ["# Recogniser train/serve skew", "",
             f"Made by `benchmarks/recogniser_skew.py --n {args.n} --seed {args.seed}` (do not edit by hand). "
             "Real-set figures wrapped as PDF pages and scanned by figscan.pipeline.scan_file; the shipped "
             f"recogniser (flag threshold {threshold:.3f}) on the scan's pixels against the same model on the "
             "PNG as training/train_recogniser.py measures it. The model was trained on these figures, so "
             "AUCs are optimistic: read the differences.", "",
             "| layout | figures | found by the scan | mean abs(scan raw - training) | 95th pct | flag disagrees "
             "(raw vs training) | rejected in scan / in training | AUC training | AUC scan raw | AUC scan | "
             "recall@thr training / scan | FPR@thr training / scan | median size ratio |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for layout in ("native", "wide"):
        rs = [s for s in results if s.layout == layout]
        found = [s for s in rs if s.found]
        if not found:
            continue
        y = np.array([s.label for s in rs])
        pt = np.array([s.p_train for s in rs])
        pr = np.array([s.p_scan_raw for s in rs])
        ps = np.array([s.scan_score for s in rs])
        f = np.array([s.found for s in rs])
        diff = np.abs(pr - pt)[f]
        disagree = ((pr >= threshold) != (pt >= threshold))[f].mean()
        rej_scan = sum(s.rejected_scan is not None for s in found)
        rej_train = sum(s.rejected_train is not None for s in found)
        lines.append(
            f"| {layout} | {len(rs)} | {f.sum()} | {diff.mean():.3f} | {np.percentile(diff, 95):.3f} | {disagree:.3f} | "
            f"{rej_scan} / {rej_train} | {auc(pt, y):.3f} | {auc(pr, y):.3f} | {auc(ps, y):.3f} | "
            f"{(pt[y == 1] >= threshold).mean():.2f} / {(ps[y == 1] >= threshold).mean():.2f} | "
            f"{(pt[y == 0] >= threshold).mean():.3f} / {(ps[y == 0] >= threshold).mean():.3f} | "
            f"{np.median([s.size_ratio for s in found]):.2f} |")
    worst = sorted((s for s in results if s.found), key=lambda s: -abs(s.p_scan_raw - s.p_train))[:12]
    lines += ["", "Largest differences:", "", "| id | label | style | layout | training | scan raw | scan | size ratio | words | rejected in scan |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for s in worst:
        lines.append(f"| {s.id} | {s.label} | {s.style} | {s.layout} | {s.p_train:.3f} | {s.p_scan_raw:.3f} | "
                     f"{s.scan_score:.3f} | {s.size_ratio:.2f} | {s.n_words} | {s.rejected_scan or ''} |")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
