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
import json
import math
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one thread per process: the machine is shared, folds run in processes

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figscan.analyse import embedding, recogniser  # noqa: E402
from figscan.analyse.shapes.finding import cue_finding_and_candidates  # noqa: E402
from training import train_recogniser as tr  # noqa: E402

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
    at most MAX_CANDIDATES, in PNG pixels: as a scan picks them (recogniser.ExtraViews)."""
    _, candidates = cue_finding_and_candidates(rgb, [])
    return recogniser.distinct_boxes(candidates, MAX_CANDIDATES, DISTINCT_IOU)


def strip_tiles(width: float, height: float) -> list[tuple[float, float, float, float]]:
    return recogniser.strip_tiles(width, height, TILE_ASPECT, MAX_TILES, TILE_STRETCH)


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


# --------------------------------------------------------------------------------------------
# cross-validation

RECIPE = "PNG + scan copies + augmented, whole figure + crop"  # the shipped recipe (benchmarks/shape_real_cv.md)
OUT_TABLE = ROOT / "benchmarks" / "shape_multiview_cv.md"
RULE_GAIN = 0.05  # pre-registered (benchmarks/shape_multiview_cv.md)
RULE_COST_MS = 25.0
# name -> (extra candidates taken, tiles or not)
VARIANTS = {"current (best box only)": (0, False), "A2: + 2nd candidate": (1, False), "A3: + 2nd, 3rd candidates": (2, False),
            "T: + strip tiles (aspect >= 1.8)": (0, True), "A2+T": (1, True)}


def extra_views(extra: dict, n_candidates: int, tiles: bool) -> list[tuple]:
    return list(extra["candidates"][:n_candidates]) + (list(extra["tiles"]) if tiles else [])


def load_extras(items: list) -> list[dict]:
    version = tr.detector_version()
    cache = tr.Cache(CACHE / "extra", shard="cv")
    out = []
    for it in items:
        raw = (tr.DATA / "images" / f"{it.id}.png").read_bytes()
        key = (hashlib.sha1(raw).hexdigest(), version, embedding.PREPROCESSING, EXTRA_RECIPE)
        if key not in cache.data:
            raise SystemExit(f"{it.id}: extra views not measured yet (run the measure command)")
        out.append(cache.data[key])
    return out


def extra_rows(it, extra: dict, n_candidates: int, tiles: bool) -> list[np.ndarray]:
    """Rows (whole figure of the page_native copy, extra crop) as a scan would read them."""
    view = it.views[VARIANT]
    return [recogniser.feature_row(view.whole, crop, view.cue_probability).astype(np.float32)
            for crop in extra_views(extra, n_candidates, tiles)]


def variant_labels() -> list[tuple[str, int, bool, bool]]:
    """(label, extra candidates, tiles, hard negatives) of every variant compared."""
    return [(name + (" +neg" if hard else ""), n, tiles, hard) for name, (n, tiles) in VARIANTS.items()
            for hard in ((False,) if not (n or tiles) else (False, True))]


_FOLD_DATA: dict = {}  # items, extras and recipe for the fold workers (inherited by fork)


def fold_decisions(fold: tuple[np.ndarray, np.ndarray]) -> dict[str, np.ndarray]:
    """Every variant's decisions on one fold's held-out items (page_native copy): the max of the
    head over (whole, best box) and (whole, each extra view). Variants without hard negatives share
    the shipped head; a "+neg" variant's head also trains on the training negatives' extra views."""
    items, extras, recipe = _FOLD_DATA["items"], _FOLD_DATA["extras"], _FOLD_DATA["recipe"]
    train, test = fold
    y = np.array([it.label for it in items])
    base = tr.rows([items[i] for i in test], VARIANT, False, recipe.tta)
    X0, y0 = tr.training_rows([items[i] for i in train], recipe, [])
    heads = {False: tr.fit_embedding(X0, y0, tr.C)}
    out = {}
    for label, n_candidates, tiles, hard in variant_labels():
        if hard:
            more = [r for i in train if y[i] == 0 for r in extra_rows(items[i], extras[i], n_candidates, tiles)]
            m = tr.fit_embedding(np.vstack([X0, np.stack(more)]), np.concatenate([y0, np.zeros(len(more), int)]), tr.C)
        else:
            m = heads[False]
        z = tr.decision(m, base)
        for k, i in enumerate(test):
            r = extra_rows(items[i], extras[i], n_candidates, tiles)
            if r:
                z[k] = max(z[k], float(tr.decision(m, np.stack(r)).max()))
        out[label] = z
        print(f"    fold of {len(test)}: {label} done", flush=True)
    return out


def out_of_fold(items, extras, recipe, processes: int) -> dict[str, np.ndarray]:
    """Out-of-fold decisions of every variant, the folds of training/train_recogniser.py."""
    import multiprocessing
    y = np.array([it.label for it in items])
    groups = np.array([it.group for it in items])
    folds = tr.folds(y, groups)
    _FOLD_DATA.update(items=items, extras=extras, recipe=recipe)
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(fold_decisions, folds)
    z = {label: np.full(len(items), -np.inf) for label, *_ in variant_labels()}
    for (_, test), part in zip(folds, parts):
        for label, values in part.items():
            z[label][test] = values
    return z


def evaluate(items, z: np.ndarray) -> dict:
    """AUC and recall at 2% FPR of the decision alone; the rescue rule at 2% of negative papers."""
    y = np.array([it.label for it in items])
    flags = np.array([it.views[VARIANT].cue_flag for it in items])
    scored = tr.scored(items, VARIANT)
    papers = np.array([it.paper for it in items], dtype=object).astype(str)
    named = papers != ""
    negative = np.setdiff1d(np.unique(papers[named]), papers[named & (y == 1)])
    consulted = scored & ~flags
    top = np.array([z[consulted & (papers == name)].max(initial=-np.inf) for name in negative])
    allowed = int(math.floor(tr.PAPER_BUDGET * len(negative)))
    ranked = np.sort(top[np.isfinite(top)])[::-1]
    t = float(np.nextafter(ranked[allowed], np.inf)) if allowed < len(ranked) else -np.inf
    flagged = flags | (consulted & (z >= t))
    alone_t = tr.threshold_at_fpr(z, y, tr.TARGET_FPR)
    return {"auc": tr.auc(z, y), "recall_at_2": tr.recall_at(z, y, alone_t), "threshold": t,
            "rescue_recall": float(flagged[y == 1].mean()), "cue_recall": float(flags[y == 1].mean()),
            "papers_flagged": float(np.isin(negative, papers[flagged]).mean()),
            "papers_added": float(np.isin(negative, papers[flagged & ~flags]).mean()),
            "fpr_lookalike": float(flagged[(y == 0) & np.isin([it.style for it in items], tr.LOOKALIKE_STYLES)].mean()),
            "flagged": flagged, "n_negative_papers": len(negative)}


def cross_validate(processes: int) -> None:
    started = time.time()
    items = tr.measure_views(tr.load_items(tr.DATA), tr.DATA, margin=False)
    extras = load_extras(items)
    recipe = next(r for r in tr.recipes() if r.name == RECIPE)
    per_embedding_ms = 1000 * sum(e["embed_seconds"] for e in extras) / max(1, sum(
        len(e["candidates"]) + len(e["tiles"]) for e in extras))
    decisions = out_of_fold(items, extras, recipe, processes)
    results = {}
    for label, n_candidates, tiles, _ in variant_labels():
        added = np.array([len(extra_views(e, n_candidates, tiles)) for e in extras])
        results[label] = r = {**evaluate(items, decisions[label]), "added": added}
        print(f"  {label}: AUC {r['auc']:.3f} rescue {r['rescue_recall']:.3f} papers {r['papers_flagged']:.3f}", flush=True)
    np.savez(CACHE / "oof_decisions.npz", ids=[it.id for it in items], **{k: v for k, v in decisions.items()})
    write_table(items, results, per_embedding_ms, time.time() - started)


def write_table(items, results: dict, per_embedding_ms: float, seconds: float) -> None:
    y = np.array([it.label for it in items])
    styles = np.array([it.style for it in items])
    current = results["current (best box only)"]
    text = OUT_TABLE.read_text().split("\n## Results")[0].rstrip("\n")
    lines = [text, "", "## Results", "",
             f"Made by `nice .venv/bin/python training/multiview_cv.py measure` (in 2 shards) then `... cv` "
             f"({seconds / 60:.0f} min for cv; do not edit by hand). {len(items)} figures ({int(y.sum())} with a body), "
             f"{current['n_negative_papers']} negative papers; every number out of fold on the page_native copy. "
             f"One embedding costs {per_embedding_ms:.1f} ms CPU (mean over the extra views measured, onnxruntime on "
             "one thread, on a shared machine). Rescue: gate 'scored', threshold on the head's decision at 2% of "
             "the negative papers (at most "
             f"{int(math.floor(tr.PAPER_BUDGET * current['n_negative_papers']))} papers with an added flag).", "",
             "| variant | AUC | recall at 2% FPR (alone) | rescue recall | gain over current | cue flag recall | "
             "negative papers flagged (all / added) | lookalikes flagged | added embeddings per figure: median / mean "
             "| median added cost (ms) | rule met |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        gain = r["rescue_recall"] - current["rescue_recall"]
        cost = float(np.median(r["added"])) * per_embedding_ms
        met = "-" if r is current else ("yes" if gain >= RULE_GAIN and cost <= RULE_COST_MS else "no")
        lines.append(f"| {name} | {r['auc']:.3f} | {r['recall_at_2']:.3f} | {r['rescue_recall']:.3f} | {gain:+.3f} | "
                     f"{r['cue_recall']:.3f} | {r['papers_flagged']:.3f} / {r['papers_added']:.3f} | "
                     f"{r['fpr_lookalike']:.3f} | {np.median(r['added']):.0f} / {r['added'].mean():.2f} | {cost:.0f} | {met} |")
    lines += ["", "By style (rescue rule; positives: recall, negatives: share flagged):", "",
              "| style | figures | " + " | ".join(results) + " |", "|---|---|" + "---|" * len(results)]
    for label in (1, 0):
        for style in sorted(set(styles[y == label])):
            m = (styles == style) & (y == label)
            lines.append(f"| {style} ({'pos' if label else 'neg'}) | {m.sum()} | "
                         + " | ".join(f"{r['flagged'][m].mean():.3f}" for r in results.values()) + " |")
    OUT_TABLE.write_text("\n".join(lines) + "\n")


def ship(label: str) -> Path:
    """figscan/data/recogniser_multiview.json: the variant `label`'s head fitted on every figure
    (every training copy, plus the negatives' extra views for a "+neg" variant), Platt-calibrated
    on its out-of-fold decisions (run `cv` first), its flag threshold the out-of-fold one at the
    budget of negative papers, the nearest-example index as train_recogniser.py makes it."""
    n_candidates, tiles, hard = next((n, t, h) for name, n, t, h in variant_labels() if name == label)
    items = tr.measure_views(tr.load_items(tr.DATA), tr.DATA, margin=False)
    extras = load_extras(items)
    recipe = next(r for r in tr.recipes() if r.name == RECIPE)
    saved = np.load(CACHE / "oof_decisions.npz")
    if list(saved["ids"]) != [it.id for it in items]:
        raise SystemExit("the out-of-fold decisions are of other figures: run cv again")
    z = saved[label]
    result = evaluate(items, z)
    X, y = tr.training_rows(items, recipe, [])
    if hard:
        more = [r for it, e in zip(items, extras) if it.label == 0 for r in extra_rows(it, e, n_candidates, tiles)]
        X, y = np.vstack([X, np.stack(more)]), np.concatenate([y, np.zeros(len(more), int)])
    final = tr.as_two_stage(tr.fit_embedding(X, y, tr.C))
    scored = tr.scored(items, VARIANT)
    labels = np.array([it.label for it in items])
    a, b = tr.platt(z[scored], labels[scored])
    threshold = 1 / (1 + math.exp(-(a * result["threshold"] + b)))
    shipped = json.loads((ROOT / "figscan" / "data" / "recogniser.json").read_text())
    meta = {**shipped["meta"], "made_by": "training/multiview_cv.py ship", "variant": label,
            "decision": f"rescue, gate 'scored', max over views, threshold at {tr.PAPER_BUDGET:.0%} of negative "
                        f"papers out of fold (page_native copies): rescue recall {result['rescue_recall']:.3f}",
            "detector_version": tr.detector_version()}
    out = tr.to_json(final, {"method": "platt", "a": round(a, 6), "b": round(b, 6)}, threshold, "rescue", 0.0,
                     ["square"], tr.nearest_index(items, final["stage1"], recipe.tta), meta, shipped["rescue_gate"])
    out["extra_views"] = {"candidates": n_candidates, "distinct_iou": DISTINCT_IOU,
                          "tile_aspect": TILE_ASPECT if tiles else 0.0, "max_tiles": MAX_TILES, "tile_stretch": TILE_STRETCH}
    path = ROOT / "figscan" / "data" / "recogniser_multiview.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB): threshold {threshold:.3f}")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("measure", "cv", "ship"))
    ap.add_argument("--variant", help="ship: the variant's label as in the cv table")
    ap.add_argument("--cache-version", help="read features cached under this cue-detector version (one whose "
                    "output the current detector reproduces: train_recogniser.py --rekey-from checks that)")
    ap.add_argument("--shard", nargs=2, type=int, default=(0, 1))
    ap.add_argument("--processes", type=int, default=2, help="cv: folds fitted in parallel")
    args = ap.parse_args()
    if args.cache_version:
        tr.detector_version = lambda: args.cache_version
    if args.command == "ship":
        ship(args.variant)
    elif args.command == "measure":
        measure(tuple(args.shard))
    else:
        cross_validate(args.processes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
