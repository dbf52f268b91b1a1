"""Does the recogniser see too little of the body? Grouped CV of extra views (issue 23).

    nice .venv/bin/python training/multiview_cv.py measure [--shard K N]   # extra views, cached
    nice .venv/bin/python training/multiview_cv.py cv                      # benchmarks/shape_multiview_cv.md

The shipped recogniser embeds the whole figure and the cue detector's best candidate box. The
variants here add views and take the MAX of the same head's decision over rows (whole figure,
crop) for each crop: the next distinct cue-detector candidates (A2, A3) and overlapping strip tiles
of wide figures (T). The decision rule was committed before any run (benchmarks/shape_multiview_cv.md).
Views are measured on each figure's `page_native` copy (training/train_recogniser.py: the PNG on a
PDF page rendered back as a scan renders it), the candidates on the PNG, as the shipped training
measures the best box. Cache: /work/data/reclocal/extra.*.pkl.
"""
from __future__ import annotations

import argparse
import hashlib
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training import train_recogniser as tr  # noqa: E402  (sets the one-thread BLAS variables)
from figscan.analyse import embedding, recogniser  # noqa: E402
from figscan.analyse.shapes.analysis import analyse  # noqa: E402
from figscan.analyse.shapes.params import default_params  # noqa: E402
from figscan.analyse.shapes.scoring import model_probabilities, rule_probability  # noqa: E402
from figscan import geometry  # noqa: E402

CACHE = Path("/work/data/reclocal")
EXTRA_RECIPE = "extra-1"  # changes whenever candidate_boxes, strip_tiles or measure_extra do
VARIANT = "page_native"
MAX_CANDIDATES = 3
DISTINCT_IOU = 0.5  # a candidate overlapping a taken box more than this is the same body again
TILE_ASPECT = 1.8  # figures at least this elongated get strip tiles
MAX_TILES = 3
TILE_STRETCH = 1.25  # tiles overlap: together 1.25 times the long side at least


def candidate_boxes(rgb: np.ndarray) -> list[tuple[float, float, float, float]]:
    """The cue detector's distinct candidates, most probable first (the first is its best box),
    at most MAX_CANDIDATES, in PNG pixels."""
    p = default_params()
    an = analyse(rgb, [], p)
    if an.rejected or not an.candidates:
        return []
    probs = model_probabilities(np.array([c.vector(an.glob) for c in an.candidates], float), p.model)
    if probs is None:
        probs = np.array([rule_probability(c.profile, p) for c in an.candidates])
    taken: list[tuple] = []
    for i in np.argsort(-probs, kind="stable"):
        box = tuple(v / an.scale for v in an.candidates[i].box)
        if all(geometry.iou(box, t) < DISTINCT_IOU for t in taken):
            taken.append(box)
        if len(taken) == MAX_CANDIDATES:
            break
    return taken


def strip_tiles(width: float, height: float) -> list[tuple[float, float, float, float]]:
    """Overlapping tiles along the long side of an elongated figure (none below TILE_ASPECT):
    n = min(MAX_TILES, ceil(aspect)), each the full short side across and max(short, 1.25 long / n)
    along, evenly spaced from one end to the other."""
    long_side, short_side = max(width, height), min(width, height)
    aspect = long_side / max(short_side, 1.0)
    if aspect < TILE_ASPECT:
        return []
    n = min(MAX_TILES, math.ceil(aspect))
    length = min(long_side, max(short_side, TILE_STRETCH * long_side / n))
    starts = np.linspace(0.0, long_side - length, n)
    if width >= height:
        return [(float(s), 0.0, float(s + length), float(height)) for s in starts]
    return [(0.0, float(s), float(width), float(s + length)) for s in starts]


def measure_extra(raw: bytes) -> dict:
    """Extra views of one figure on its page_native copy: embeddings of the 2nd and 3rd distinct
    candidates and of the strip tiles (tiles cut from the image's own area on the copy)."""
    rgb = tr.decode(raw)
    h, w = rgb.shape[:2]
    seed = int(hashlib.sha1(raw).hexdigest()[:8], 16)
    pixels, (ox, oy, sw, sh) = tr.variant_pixels(VARIANT, raw, rgb, seed)
    started = time.process_time()
    boxes = candidate_boxes(rgb)
    detector_seconds = time.process_time() - started

    def on_copy(b):  # PNG pixels -> copy pixels
        return (ox + b[0] / w * sw, oy + b[1] / h * sh, ox + b[2] / w * sw, oy + b[3] / h * sh)
    crops = [embedding.crop_input(pixels, on_copy(b), margin=0.1) for b in boxes[1:]]
    tiles = [embedding.crop_input(pixels, (ox + t[0], oy + t[1], ox + t[2], oy + t[3]), margin=0.0)
             for t in strip_tiles(sw, sh)]
    inputs = crops + tiles
    started = time.process_time()
    e = embedding.embed(np.stack(inputs)) if inputs else None
    embed_seconds = time.process_time() - started
    rows = [(e.vectors[i], e.imagenet[i]) for i in range(len(inputs))] if e is not None else []
    return {"candidates": rows[:len(crops)], "tiles": rows[len(crops):], "n_candidates": len(boxes),
            "embed_seconds": embed_seconds, "detector_seconds": detector_seconds}


def measure(shard: tuple[int, int]) -> None:
    items = tr.load_items(tr.DATA)
    version = tr.detector_version()
    cache = tr.Cache(CACHE / "extra", shard=f"{shard[0]}of{shard[1]}")
    started = time.time()
    todo = items[shard[0]::shard[1]]
    for n, it in enumerate(todo):
        raw = (tr.DATA / "images" / f"{it.id}.png").read_bytes()
        key = (hashlib.sha1(raw).hexdigest(), version, embedding.PREPROCESSING, EXTRA_RECIPE)
        cache.get(key, lambda raw=raw: measure_extra(raw))
        if (n + 1) % 100 == 0:
            print(f"  {n + 1}/{len(todo)} ({time.time() - started:.0f} s)", flush=True)
    cache.save()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("measure", "cv"))
    ap.add_argument("--shard", nargs=2, type=int, default=(0, 1))
    args = ap.parse_args()
    if args.command == "measure":
        measure(tuple(args.shard))
    else:
        cross_validate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
