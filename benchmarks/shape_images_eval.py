"""Measure the shape detector on labelled figure images (corpus2/img): per-image score, recall, FPR.

    .venv/bin/python benchmarks/shape_images_eval.py [../shared/corpus2] [--overlays DIR] [--recogniser on|off]

Rows of LABELS.tsv with page 0 describe one image each (certainty clear / partial / none, bbox in
image pixels). Images are downscaled to a long side <= 1600 px like production renders (they are
not 150-dpi renders, so sizes differ from PDFs). No words are passed (raster images have no text
layer). For measuring only: never tune on these images.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figscan.analyse.shapes import ShapeParams, analyse_figure, draw_overlay  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, nargs="?", default=ROOT.parent / "shared" / "corpus2")
    ap.add_argument("--overlays", type=Path, default=None, help="write overlay PNGs here")
    ap.add_argument("--recogniser", choices=("on", "off"), default=None, help="override shapes.toml's use_recogniser")
    args = ap.parse_args(argv)
    params = ShapeParams.load()
    if args.recogniser:
        params = replace(params, use_recogniser=args.recogniser == "on")
    rows = [r for r in csv.DictReader(open(args.corpus / "LABELS.tsv"), delimiter="\t") if r["page"] == "0"]
    stats: dict[str, list] = {"clear": [], "partial": [], "none": []}
    for r in rows:
        img = cv2.imread(str(args.corpus / "img" / r["file"]), cv2.IMREAD_COLOR)
        if img is None:
            print(f"?? cannot read {r['file']}")
            continue
        rgb = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        s = 1600 / max(rgb.shape[:2])
        if s < 1:
            rgb = cv2.resize(rgb, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
        t = time.perf_counter()
        f = analyse_figure(rgb, [], "", params)
        ms = 1000 * (time.perf_counter() - t)
        cert = r["certainty"]
        stats.setdefault(cert, []).append(f.flag)
        print(f"{'FLAG' if f.flag else '    '} {f.score:.2f} {cert:8s} {r['file'][:42]:42s} {ms:4.0f} ms {f.rejected or ''}"[:150])
        if args.overlays:
            args.overlays.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(args.overlays / (Path(r["file"]).stem + ".png")),
                        cv2.cvtColor(draw_overlay(rgb, f), cv2.COLOR_RGB2BGR))
    for cert, flags in stats.items():
        if flags:
            name = "FPR" if cert == "none" else "recall"
            print(f"{cert:8s} {name} {np.mean(flags):.3f} ({sum(flags)}/{len(flags)})")


if __name__ == "__main__":
    main()
