"""Dump every shape finding over fixed figures to JSON, so a refactor of the detector can be
checked to change nothing: the dumps before and after must be byte-identical (`cmp`).

    .venv/bin/python benchmarks/shape_dump.py OUT.json [--per-family 4] [--seed 7]
        [--real /work/data/shapes_real/images] [--n-real 150]

Figures: `--per-family` procedural figures of every family of training/synthetic.py (seeds
seed*100000 + i, with their words and captions), and `--n-real` images spread evenly over the
real-figure folder when it is there (no words). Per figure: the finding of analyse_figure as
a scan makes it, the early rejection and every candidate's cue vector and box of
figure_features (floats as repr, so the last bit counts), and for every fifth figure the
overlay's hash and the finding with the learned recogniser on.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figscan.analyse.shapes import ShapeParams, analyse_figure, draw_overlay, figure_features  # noqa: E402
from training import synthetic  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--per-family", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--real", type=Path, default=Path("/work/data/shapes_real/images"))
    ap.add_argument("--n-real", type=int, default=150)
    args = ap.parse_args(argv)
    params = ShapeParams.load()
    with_recogniser = dataclasses.replace(params, use_recogniser=True)
    figures = [(f"syn:{s.family}:{s.seed}", s.pixels, s.words, s.caption)
               for s in synthetic.generate(args.per_family, args.seed)]
    n_procedural = len(figures)
    images = sorted(args.real.glob("*.png")) if args.real.is_dir() else []
    for path in images[::max(1, len(images) // max(1, args.n_real))][:args.n_real]:
        figures.append((f"real:{path.name}", cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB), [], ""))
    dump = {}
    for i, (key, pixels, words, caption) in enumerate(figures):
        finding = analyse_figure(pixels, words, caption, params)
        rejected, candidates = figure_features(pixels, words, params)
        row = dict(finding=dataclasses.asdict(finding), rejected=rejected,
                   candidates=[[repr(v) for v in vector] + [repr(v) for v in box] for vector, box in candidates])
        if i % 5 == 0:
            row["overlay_sha256"] = hashlib.sha256(draw_overlay(pixels, finding).tobytes()).hexdigest()
            row["recognised"] = dataclasses.asdict(analyse_figure(pixels, words, caption, with_recogniser))
        dump[key] = row
    args.out.write_text(json.dumps(dump, indent=1, sort_keys=True, default=repr))
    print(f"{len(dump)} figures ({n_procedural} procedural), "
          f"{sum(f['finding']['flag'] for f in dump.values())} flagged -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
