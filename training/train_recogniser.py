"""Train the shape recogniser on real labelled figures and write figscan/data/recogniser.json.

    nice .venv/bin/python training/train_recogniser.py [--data /work/data/shapes_real] [--recipe NAME]

Data: the manifests (MANIFESTS: manifest_pos.tsv, manifest_neg.tsv, and manifest_papers1.tsv /
manifest_papers2.tsv, figures cut by figscan's own extractor from the front-matter tuning papers,
each row's note naming its paper) and images/<id>.png of the real-figure set (format:
/work/helpers/SHAPES_DATA.md; rebuilt from public repositories by training/shapes_real/build.py),
optionally plus procedural figures from training/synthetic.py (training folds only, never scored).

Each figure is measured in several copies (VARIANTS): the PNG, the PNG placed on a PDF page and
rendered back as a scan renders a figure region, at its own size and at the text width, and an
augmented copy (rescaled, shifted, JPEG or blur). Every copy is a training row, so the head learns
what survives resampling; figures are scored on their page copies only, as a scan sees them.
Features of one copy, as a scan computes them (figscan.analyse.recogniser):
- the EfficientNet-Lite0 embedding of the whole figure (optionally averaged with its margin view)
  and of the cue detector's best candidate box (the whole figure again when it found none);
  positives train on the crop of their labelled box;
- the ImageNet missile / projectile / space shuttle probabilities of both;
- the geometric cue model's probability, and its flag (for the decision rules).

Evaluation: grouped k-fold on source_repo, so all figures (and all copies) of a repository are on
one side of every fold. Compared out of fold: the feature recipes (which copies train, crop or
not, averaged views or not: AUC, recall at 2% FPR, skew between copies), then the decision rules
(recogniser with a bonus for the cue flag, cue flag OR recogniser, fused head), each at 2% false
positives on all negatives, with FPR on lookalikes and on ordinary figures and recall by style.
The shipped rule is "rescue": the cue detector's flag always stands, and the recogniser adds a
flag to a figure the cue detector did not flag when the figure passes a gate and the recogniser is
sure, the threshold the lowest at which the negative papers of the paper-figure set that get an
added flag stay within PAPER_BUDGET (a replace rule overruled right cue flags on clean vector
drawings in a held-out check; the last budget, RESCUE_BUDGET of negative copies, still flagged
negative papers there). The recipe, the gate, the calibration (Platt or isotonic) and the flag
threshold are chosen from the out-of-fold predictions only. The same folds are also run with the
paper-figure rows left out of training, to show what they change. recogniser.json is written only
when the pre-registered rule (a) of commit 622bb3e holds (RuleA). --recipe NAME evaluates that
recipe alone (a retrain on more rows once the choice is made). Writes benchmarks/shape_real_cv.md
(with the reliability table).

Feature cache: /work/data/recogniser_cache/views-*.pkl (keyed by image bytes, labelled boxes,
detector version and preprocessing). --warm measures figures before they are labelled (a
negative's key does not depend on its label); --rekey-from VERSION carries the views of an older
detector version over to the current one for every image on which the detector's verdict is
unchanged (a View depends on the detector only through it).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import pickle
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.isotonic import IsotonicRegression  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figscan.analyse import embedding, recogniser, shapes  # noqa: E402

DATA = Path("/work/data/shapes_real")
# The real-figure set's manifests (/work/helpers/SHAPES_DATA.md): hand-collected positives and
# negatives, then figures cut by figscan's own extractor from the front-matter tuning papers
# (mostly negatives; the "paper:" tag of a row's note names its paper). Absent ones are skipped.
PAPER_MANIFESTS = ("manifest_papers1.tsv", "manifest_papers2.tsv")
MANIFESTS = ("manifest_pos.tsv", "manifest_neg.tsv", *PAPER_MANIFESTS)
# Round 4's rows (session 34): measured, not trained on; adding them to training lowered the
# out-of-fold AUC (training/shapes_real/README.md, "Round 4").
EVAL_MANIFESTS = ("manifest_round4.tsv",)
CACHE = Path("/work/data/recogniser_cache")
OUT_MODEL = ROOT / "figscan" / "data" / "recogniser.json"
OUT_TABLE = ROOT / "benchmarks" / "shape_real_cv.md"
FOLDS = 5
TARGET_FPR = 0.02
INDEX_DIMS = 32
MERIT_TIE = 0.01  # merit differences below this are noise between folds of ~190 repositories
BRIER_MARGIN = 0.001  # isotonic calibration must beat Platt's Brier score by this much
BONUS_GRID = (1.0, 2.0, 3.0, 4.0)  # decision units added when the cue detector flags (the head's logit before calibration)
# The rescue rule's budget: negatives the recogniser may add to the cue detector's own false
# flags, as a share of all real negative copies (fixed before its cross-validation ran).
RESCUE_BUDGET = 0.015
# The pre-registered budget (commit 622bb3e): the rescue threshold is the lowest at which the
# recogniser's added flags reach at most this share of the negative papers of the paper-figure set
# (out of fold), and the rule may be turned on only if its recall on all real positives there is at
# least the cue detector's own recall + RULE_A_MARGIN.
PAPER_BUDGET = 0.02
RULE_A_MARGIN = 0.10
# Which figures the cue detector did not flag the recogniser may add, narrowest first (a narrower
# gate embeds fewer figures in a scan): "body": the cue detector's best candidate has a shape
# probability >= shape_min; "candidate": it found a candidate (no early rejection); "scored": every
# figure the recogniser scores, early rejections included.
GATES = ("body", "candidate", "scored")


@dataclass
class Item:
    """One labelled figure and its measured features."""
    id: str
    label: int
    style: str
    group: str
    source: dict
    boxes: list = field(default_factory=list)  # labelled bodies, fractions of width/height
    views: dict = field(default_factory=dict)  # variant -> View (measure_views)
    paper: str = ""  # the paper a paper-figure row was cut from (PAPER_MANIFESTS), "" for the others


# --------------------------------------------------------------------------------------------
# data

def read_manifest(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r.get("id")]


def parse_boxes(text: str) -> list[tuple[float, float, float, float]]:
    out = []
    for part in (text or "").split(";"):
        v = part.split()
        if len(v) == 4:
            out.append(tuple(float(x) for x in v))
    return out


def paper_of(row: dict) -> str:
    """The paper a paper-figure row comes from: its note's "paper:" tag, else repository and path."""
    tag = re.search(r"paper:\s*(\S+)", row.get("note", "") or "")
    return tag.group(1) if tag else f"{row['source_repo']}/{row['path']}"


def load_items(data: Path, manifests: tuple[str, ...] = MANIFESTS) -> list[Item]:
    """Every labelled row of every manifest present (the training MANIFESTS unless told others);
    rows of PAPER_MANIFESTS carry their paper."""
    items, seen = [], set()
    for name in manifests:
        for row in read_manifest(data / name):
            image = data / "images" / f"{row['id']}.png"
            if row["id"] in seen or row.get("label") not in ("0", "1") or not image.exists():
                continue
            seen.add(row["id"])
            source = {k: row.get(k, "") for k in ("source_repo", "commit", "path", "page", "crop", "licence")}
            items.append(Item(row["id"], int(row["label"]), row.get("style", "") or "unknown", row["source_repo"],
                              source, parse_boxes(row.get("boxes", "")),
                              paper=paper_of(row) if name in PAPER_MANIFESTS else ""))
    return items


# --------------------------------------------------------------------------------------------
# features (cached)

class Cache:
    """Pickled dict of measured values, saved every hundred new entries. Several processes may
    fill one cache in shards: each writes its own file and reads every file of the cache."""

    def __init__(self, stem: Path, shard: str = "0") -> None:
        self.path = stem.with_name(f"{stem.name}.{shard}.pkl")
        self.data, self.own = {}, {}
        for path in sorted(stem.parent.glob(f"{stem.name}.*.pkl")):
            loaded = pickle.loads(path.read_bytes())
            self.data.update(loaded)
            if path == self.path:
                self.own = loaded
        self.dirty = 0

    def get(self, key, compute):
        if key not in self.data:
            self.data[key] = self.own[key] = compute()
            self.dirty += 1
            if self.dirty >= 100:
                self.save()
        return self.data[key]

    def save(self) -> None:
        if self.dirty:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(self.own))
            tmp.replace(self.path)
            self.dirty = 0


def detector_version() -> str:
    """Hash of everything the cue detector's output depends on: shapes.toml without its
    [recogniser] section (whether the recogniser is on does not change the cue detector)."""
    h = hashlib.sha1()
    for part in (*sorted((ROOT / "figscan" / "analyse" / "shapes").glob("*.py")), ROOT / "figscan" / "data" / "shape_model.json"):
        h.update(part.read_bytes())
    h.update(re.split(r"(?m)^\[recogniser\]", (ROOT / "figscan" / "data" / "shapes.toml").read_text())[0].encode())
    return h.hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# copies of a figure as a scan sees it (train/serve skew, benchmarks/recogniser_skew.md)

VARIANTS = ("png", "page_native", "page_wide", "augmented")
SCORED_VARIANTS = ("page_native", "page_wide")  # figures are scored as a scan extracts them
VIEW_RECIPE = "views-3"  # changes whenever variant_pixels or measure_view does: cache key
PAGE = (595.0, 842.0)  # A4, points
TEXT_WIDTH = 468.0
MAX_FIGURE_HEIGHT = 520.0
PNG_DPI = 150  # the real set's PNGs were rendered at 150 dpi (SHAPES_DATA.md), as a scan renders figures


@dataclass
class View:
    """One copy of a figure, measured as a scan measures it: embeddings (vector, ImageNet
    probabilities) of the whole figure, of its margin view (test-time averaging), of the cue
    detector's box (the whole figure when none) and of the labelled box (positives), plus the cue
    detector's verdict on the copy."""
    whole: tuple
    margin: tuple | None  # None when measured without it (recipes without test-time averaging)
    det: tuple
    lab: tuple | None
    cue_probability: float
    cue_score: float
    cue_flag: bool
    rejected: str | None


def page_copy(raw: bytes, width: int, height: int, width_pt: float, rng: np.random.Generator):
    """The figure placed on a PDF page `width_pt` wide (at a random sub-point position) and
    rendered back as figscan.extract renders a figure region (150 dpi, the region's bounding box a
    little larger than the image); also the map of image fractions to the copy's pixels."""
    import pymupdf

    from figscan.config import Limits
    from figscan.extract.figures import render_region
    height_pt = width_pt * height / width
    if height_pt > MAX_FIGURE_HEIGHT:
        width_pt, height_pt = width_pt * MAX_FIGURE_HEIGHT / height_pt, MAX_FIGURE_HEIGHT
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE[0], height=PAGE[1])
    x0, y0 = (PAGE[0] - width_pt) / 2 + rng.uniform(0, 1), 140 + rng.uniform(0, 1)
    rect = pymupdf.Rect(x0, y0, x0 + width_pt, y0 + height_pt)
    page.insert_image(rect, stream=raw)
    grow = rng.uniform(0, 1.5, 4)
    clip = pymupdf.Rect(rect.x0 - grow[0], rect.y0 - grow[1], rect.x1 + grow[2], rect.y1 + grow[3])
    pixels, scale = render_region(page, tuple(clip), Limits())
    doc.close()
    return pixels, ((rect.x0 - clip.x0) * scale, (rect.y0 - clip.y0) * scale, rect.width * scale, rect.height * scale)


def augmented_copy(rgb: np.ndarray, rng: np.random.Generator):
    """The figure rescaled by 0.8-1.25, shifted 1-3 px, then JPEG-compressed or blurred."""
    h, w = rgb.shape[:2]
    s = rng.uniform(0.8, 1.25)
    size = (max(1, int(round(w * s))), max(1, int(round(h * s))))
    out = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    dx, dy = (int(v) for v in rng.integers(1, 4, 2))
    out = cv2.copyMakeBorder(out, dy, 0, dx, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    if rng.random() < 0.5:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(60, 91))])
        out = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
    else:
        out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.4, 1.0))
    return out, (float(dx), float(dy), size[0], size[1])


def variant_pixels(variant: str, raw: bytes, rgb: np.ndarray, seed: int):
    """(pixels, (x offset, y offset, width, height) of the image in them) of one copy."""
    h, w = rgb.shape[:2]
    rng = np.random.default_rng(seed)
    if variant == "png":
        return rgb, (0.0, 0.0, float(w), float(h))
    if variant == "page_native":
        return page_copy(raw, w, h, w * 72 / PNG_DPI, rng)
    if variant == "page_wide":
        return page_copy(raw, w, h, TEXT_WIDTH, rng)
    if variant == "augmented":
        return augmented_copy(rgb, rng)
    raise ValueError(variant)


def cue_verdict(pixels: np.ndarray, placement) -> dict:
    """The cue detector on one copy, its box as fractions of the image (so that it maps onto the
    other copies: the detector costs ten embeddings, so it runs once per figure, on the PNG; the
    copies share its verdict, so CV sees the flag training sees, and benchmarks/recogniser_skew.py
    measures how a scan's own verdict differs)."""
    finding = shapes.cue_finding(pixels, [])
    found = recogniser.cue_measures(finding)
    box = None
    if found["box"] is not None:
        ox, oy, sw, sh = placement
        x0, y0, x1, y1 = found["box"]
        box = ((x0 - ox) / sw, (y0 - oy) / sh, (x1 - ox) / sw, (y1 - oy) / sh)
    return {"box": box, "probability": found["probability"], "score": found["score"], "flag": bool(finding.flag),
            "rejected": found["rejected"]}


def measure_view(pixels: np.ndarray, placement, boxes: list, cue: dict, margin: bool = True) -> View:
    """One copy's View; `boxes` are the labelled bodies and cue["box"] the detector's (fractions of
    the image); without `margin` the margin view is not embedded (a third fewer embeddings)."""
    ox, oy, sw, sh = placement

    def in_pixels(b):
        return (ox + b[0] * sw, oy + b[1] * sh, ox + b[2] * sw, oy + b[3] * sh)
    inputs = [embedding.square_input(pixels), *([embedding.margin_input(pixels)] if margin else [])]
    if cue["box"] is not None:
        inputs.append(embedding.crop_input(pixels, in_pixels(cue["box"])))
    if boxes:
        inputs.append(embedding.crop_input(pixels, in_pixels(max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1])))))
    e = embedding.embed(np.stack(inputs))
    rows = [(e.vectors[i], e.imagenet[i]) for i in range(len(inputs))]
    return View(whole=rows[0], margin=rows[1] if margin else None, det=rows[len(inputs) - 1 - bool(boxes)]
                if cue["box"] is not None else rows[0],
                lab=rows[-1] if boxes else None, cue_probability=cue["probability"], cue_score=cue["score"],
                cue_flag=cue["flag"], rejected=cue["rejected"])


def decode(raw: bytes) -> np.ndarray:
    return cv2.cvtColor(cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def measure_figure(raw: bytes, boxes: list, cue: dict, margin: bool = True) -> dict[str, dict]:
    """Every copy's View of one figure as plain dicts (the cache outlives the View class)."""
    rgb = decode(raw)
    seed = int(hashlib.sha1(raw).hexdigest()[:8], 16)
    copies = {v: variant_pixels(v, raw, rgb, seed) for v in VARIANTS}
    return {v: asdict(measure_view(px, placement, boxes, cue, margin)) for v, (px, placement) in copies.items()}


def with_cue(view: dict, cue: dict) -> View:
    return View(**{**view, "cue_probability": cue["probability"], "cue_score": cue["score"], "cue_flag": cue["flag"],
                   "rejected": cue["rejected"]})


def measure_views(items: list[Item], data: Path, shard: tuple[int, int] = (0, 1), margin: bool = True) -> list[Item]:
    """The items with their views filled (cached in CACHE); items whose image went away meanwhile
    (the set is being labelled) are left out. shard (k, n): measure only items k, k + n, ... (one
    of n processes filling the cache). Without `margin`, views measured without the margin view will do."""
    version = detector_version()
    cache = Cache(CACHE / VIEW_RECIPE, shard=f"{shard[0]}of{shard[1]}")
    cues = Cache(CACHE / "cue-png", shard=f"{shard[0]}of{shard[1]}")
    started, measured = time.time(), []
    for n, it in enumerate(items[shard[0]::shard[1]]):
        try:
            raw = (data / "images" / f"{it.id}.png").read_bytes()
        except FileNotFoundError:
            continue
        cue, views = cached_views(raw, it.boxes if it.label == 1 else [], version, cache, cues, margin)
        it.views = {v: with_cue(d, cue) for v, d in views.items()}
        measured.append(it)
        if (n + 1) % 50 == 0:
            print(f"  measured {n + 1}/{len(items) // shard[1]} figures ({time.time() - started:.0f} s)", flush=True)
    cache.save()
    cues.save()
    return measured


def cached_views(raw: bytes, boxes: list, version: str, cache: Cache, cues: Cache, margin: bool = True) -> tuple[dict, dict]:
    """(cue verdict on the PNG, every copy's View as dicts) of one figure, from the caches or measured;
    without `margin` a measurement with the margin view will do, or one is made without it (its key
    names no margin preprocessing)."""
    digest = hashlib.sha1(raw).hexdigest()
    cue = cues.get((digest, version), lambda: cue_verdict(decode(raw), (0.0, 0.0, *decode(raw).shape[1::-1])))
    key = (digest, version, embedding.PREPROCESSING, embedding.MARGIN_PREPROCESSING, tuple(boxes))
    if not margin and key not in cache.data:
        key = (digest, version, embedding.PREPROCESSING, None, tuple(boxes))
    return cue, cache.get(key, lambda: measure_figure(raw, boxes, cue, key[3] is not None))


def warm_cache(paths: list[Path], margin: bool = True) -> int:
    """Measure figures before they are labelled (a View does not depend on the label; a negative's
    key has no boxes, so these are the rows of every figure labelled 0, and a positive is measured
    again with its box): PNG files, or folders of them. Returns how many were measured."""
    version = detector_version()
    cache, cues = Cache(CACHE / VIEW_RECIPE, shard="warm"), Cache(CACHE / "cue-png", shard="warm")
    files = [f for p in paths for f in (sorted(p.glob("*.png")) if p.is_dir() else [p])]
    started, before = time.time(), len(cache.own)
    for n, f in enumerate(files):
        cached_views(f.read_bytes(), [], version, cache, cues, margin)
        if (n + 1) % 50 == 0:
            print(f"  warm: {n + 1}/{len(files)} ({time.time() - started:.0f} s)", flush=True)
    cache.save()
    cues.save()
    return len(cache.own) - before


def rekey_views(images: Path, old_version: str, sample: int | None = None) -> tuple[int, int, int]:
    """Re-key views measured under the cue detector's old version to the current one. A View
    depends on the detector only through its verdict on the PNG (box, probability, score, flag,
    rejection: measure_figure), so where that verdict is unchanged the views are what a recompute
    would give. The verdict is checked on every image, or with `sample` on that many (those already
    checked first, then a seeded random order): if none of them changed, the detector's change is
    taken as output-preserving and every image is re-keyed; otherwise only the checked images with
    an unchanged verdict are, and the rest are measured again. Returns (checked, changed, re-keyed)."""
    version = detector_version()
    cache = Cache(CACHE / VIEW_RECIPE, shard=f"rekeyed-{version}")
    cues = Cache(CACHE / "cue-png", shard=f"rekeyed-{version}")
    old = {}
    for key in cache.data:
        if key[1] == old_version:
            old.setdefault(key[0], []).append(key)
    files = {}
    for f in sorted(images.glob("*.png")):
        digest = hashlib.sha1(f.read_bytes()).hexdigest()
        if digest in old and (digest, old_version) in cues.data:
            files[digest] = f
    order = list(files)
    np.random.default_rng(0).shuffle(order)
    order.sort(key=lambda d: (d, version) not in cues.data)  # the verdicts already measured first (stable)
    same, changed = [], []
    for digest in order[:sample]:
        rgb = decode(files[digest].read_bytes())
        new = cues.get((digest, version), lambda rgb=rgb: cue_verdict(rgb, (0.0, 0.0, *rgb.shape[1::-1])))
        (same if new == cues.data[(digest, old_version)] else changed).append(digest)
    carried = list(files) if not changed else same
    for digest in carried:
        if (digest, version) not in cues.data:
            cues.data[(digest, version)] = cues.own[(digest, version)] = cues.data[(digest, old_version)]
            cues.dirty += 1
        for key in old[digest]:
            new_key = (key[0], version, *key[2:])
            if new_key not in cache.data:
                cache.data[new_key] = cache.own[new_key] = cache.data[key]
                cache.dirty += 1
    cache.save()
    cues.save()
    if changed:
        print(f"  verdict changed on {len(changed)} images: {' '.join(files[d].stem for d in changed[:20])}")
    return len(same) + len(changed), len(changed), len(carried)


def synthetic_items(n_per_family: int, seed: int = 77) -> list[Item]:
    """Procedural figures (training/synthetic.py), measured as the real PNGs (one copy, 'png'):
    offered as extra training rows, never scored."""
    if n_per_family <= 0:
        return []
    from training import synthetic
    version = detector_version()
    cache = Cache(CACHE / f"{VIEW_RECIPE}_synthetic")
    out = []
    for s in synthetic.generate(n_per_family, seed=seed):
        h, w = s.pixels.shape[:2]
        boxes = ([(s.bbox[0] / w, s.bbox[1] / h, s.bbox[2] / w, s.bbox[3] / h)] if s.label == 1 and s.bbox else [])
        digest = hashlib.sha1(np.ascontiguousarray(s.pixels).tobytes()).hexdigest()
        key = (digest, version, embedding.PREPROCESSING, embedding.MARGIN_PREPROCESSING, tuple(boxes))
        whole = (0.0, 0.0, float(w), float(h))
        view = View(**cache.get(key, lambda s=s, boxes=boxes, whole=whole: asdict(
            measure_view(s.pixels, whole, boxes, cue_verdict(s.pixels, whole)))))
        out.append(Item(f"syn-{s.family}-{s.seed}", s.label, f"synthetic_{s.family}", "synthetic", {}, boxes,
                        views={"png": view}))
    cache.save()
    return out


# --------------------------------------------------------------------------------------------
# feature rows

@dataclass(frozen=True)
class Recipe:
    """How a head's rows are made: the copies it trains on, whether it reads the crop (a second
    embedding per figure) and whether the whole figure's embedding is averaged with its margin
    view (test-time averaging, one more embedding)."""
    name: str
    train_variants: tuple[str, ...]
    crop: bool
    tta: bool

    @property
    def embeddings_per_figure(self) -> int:
        return 1 + int(self.crop) + int(self.tta)


def view_row(view: View, labelled_crop: bool, tta: bool) -> np.ndarray:
    """A View's feature row (recogniser.FEATURE_COLUMNS): the crop is the labelled box when asked
    and known (training positives), else the detector's box, as a scan reads it."""
    whole = view.whole
    if tta:
        whole = ((view.whole[0] + view.margin[0]) / 2, (view.whole[1] + view.margin[1]) / 2)
    crop = view.lab if labelled_crop and view.lab is not None else view.det
    return recogniser.feature_row(whole, crop, view.cue_probability).astype(np.float32)


def rows(items: list[Item], variant: str, labelled_crop: bool, tta: bool) -> np.ndarray:
    return np.stack([view_row(it.views[variant], labelled_crop, tta) for it in items])


# --------------------------------------------------------------------------------------------
# heads

def fit_lr(X: np.ndarray, y: np.ndarray, C: float) -> dict:
    """Logistic regression on standardised columns, classes weighted equally."""
    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-6
    lr = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    lr.fit((X - mean) / scale, y)
    return {"mean": mean, "scale": scale, "coef": lr.coef_[0], "intercept": float(lr.intercept_[0])}


def lr_decision(m: dict, X: np.ndarray) -> np.ndarray:
    return ((X - m["mean"]) / m["scale"]) @ m["coef"] + m["intercept"]


def fit_embedding(X: np.ndarray, y: np.ndarray, C: float) -> dict:
    """Embedding-only head: one logistic regression on the embedding and ImageNet columns."""
    return {"kind": "embedding", "stage1": fit_lr(X[:, recogniser.EMBEDDING_COLUMNS], y, C)}


def fit_whole(X: np.ndarray, y: np.ndarray, C: float) -> dict:
    """Whole-figure head: the figure's embedding and ImageNet columns only (no crop, no cues)."""
    return {"kind": "whole", "stage1": fit_lr(X[:, recogniser.WHOLE_COLUMNS], y, C)}


def fit_fused(X: np.ndarray, y: np.ndarray, C: tuple, crop: bool = True) -> dict:
    """Fused head in one stage: logistic regression on the first k principal components of the
    standardised embedding columns plus the standardised logit of the cue probability. Truncating
    to k components is the regulariser that lets the single cue column count. Being linear, it
    folds back into one weight per embedding column (stage1) and a fusion of [that decision, cue
    logit], the format the runtime reads."""
    k, c = C
    cols = recogniser.EMBEDDING_COLUMNS if crop else recogniser.WHOLE_COLUMNS
    Xe = X[:, cols]
    mean, scale = Xe.mean(axis=0), Xe.std(axis=0) + 1e-6
    pca = PCA(n_components=min(k, len(X) - 1), random_state=0).fit((Xe - mean) / scale)
    cue = recogniser.stage2_columns(np.zeros(len(X)), X)[:, 1]
    cue_mean, cue_scale = float(cue.mean()), float(cue.std() + 1e-6)
    F = np.column_stack([pca.transform((Xe - mean) / scale), (cue - cue_mean) / cue_scale])
    lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(F, y)
    w, b = lr.coef_[0], float(lr.intercept_[0])
    n = X[:, recogniser.EMBEDDING_COLUMNS].shape[1]
    full_mean, full_scale, coef = np.zeros(n), np.ones(n), np.zeros(n)
    idx = np.arange(n)[cols]
    full_mean[idx], full_scale[idx], coef[idx] = mean, scale, pca.components_.T @ w[:-1]
    stage1 = {"mean": full_mean, "scale": full_scale, "coef": coef, "intercept": float(-pca.mean_ @ coef[idx])}
    fusion = {"coef": np.array([1.0, w[-1] / cue_scale]), "intercept": b - w[-1] * cue_mean / cue_scale}
    return {"kind": "stacked", "stage1": stage1, "stage2": fusion}


def fitter_for(recipe: Recipe, fused: bool):
    if fused:
        return lambda X, y, C: fit_fused(X, y, C, crop=recipe.crop)
    return fit_embedding if recipe.crop else fit_whole


def decision(m: dict, X: np.ndarray) -> np.ndarray:
    if m["kind"] == "embedding":
        return lr_decision(m["stage1"], X[:, recogniser.EMBEDDING_COLUMNS])
    if m["kind"] == "whole":
        return lr_decision(m["stage1"], X[:, recogniser.WHOLE_COLUMNS])
    if m["kind"] == "stacked":
        z = lr_decision(m["stage1"], X[:, recogniser.EMBEDDING_COLUMNS])
        return recogniser.stage2_columns(z, X) @ m["stage2"]["coef"] + m["stage2"]["intercept"]
    raise ValueError(f"unknown head kind {m['kind']}")


def as_two_stage(model: dict) -> dict:
    """Every head in the runtime's format: stage 1 on the embedding columns, stage 2 fusing its
    decision with the cue logit (weights [1, 0] for heads that do not weigh the cue)."""
    if model["kind"] == "stacked":
        return model
    stage1 = dict(model["stage1"])
    n = len(recogniser.FEATURE_COLUMNS[recogniser.EMBEDDING_COLUMNS])
    if model["kind"] == "whole":  # spread the whole-figure weights over the embedding columns
        cols = np.array(recogniser.WHOLE_COLUMNS)
        mean, scale, coef = np.zeros(n), np.ones(n), np.zeros(n)
        mean[cols], scale[cols], coef[cols] = stage1["mean"], stage1["scale"], stage1["coef"]
        stage1 = {"mean": mean, "scale": scale, "coef": coef, "intercept": stage1["intercept"]}
    return {"kind": "stacked", "stage1": stage1, "stage2": {"coef": np.array([1.0, 0.0]), "intercept": 0.0}}


def folds(y: np.ndarray, groups: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Grouped folds: every repository on one side; positives spread evenly over the folds, so
    no fold trains without them (StratifiedGroupKFold; plain GroupKFold balances only sizes)."""
    return list(StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=0).split(y, y, groups))


def training_rows(items: list[Item], recipe: Recipe, extra: list[Item]) -> tuple[np.ndarray, np.ndarray]:
    """Every training copy of every item (all copies of a figure on the side of its repository)."""
    X = [rows(items, v, True, recipe.tta) for v in recipe.train_variants]
    y = [np.array([it.label for it in items])] * len(recipe.train_variants)
    if extra:
        X.append(rows(extra, "png", True, recipe.tta))
        y.append(np.array([it.label for it in extra]))
    return np.vstack(X), np.concatenate(y)


def out_of_fold(items: list[Item], recipe: Recipe, C, fused: bool = False, extra: list[Item] = (),
                trainable: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Out-of-fold decisions of every item's png and scan copies (detector crop), folds grouped by
    source_repo; procedural items, if any, join every training part. `trainable` (one bool per
    item): only these items train (the same folds, every item scored)."""
    y = np.array([it.label for it in items])
    groups = np.array([it.group for it in items])
    score_rows = {v: rows(items, v, False, recipe.tta) for v in ("png",) + SCORED_VARIANTS}
    fitter = fitter_for(recipe, fused)
    z = {v: np.zeros(len(items)) for v in score_rows}
    for train, test in folds(y, groups):
        if trainable is not None:
            train = train[trainable[train]]
        Xt, yt = training_rows([items[i] for i in train], recipe, list(extra))
        m = fitter(Xt, yt, C)
        for v, X in score_rows.items():
            z[v][test] = decision(m, X[test])
    return z


# --------------------------------------------------------------------------------------------
# metrics

def threshold_at_fpr(scores: np.ndarray, y: np.ndarray, fpr: float) -> float:
    """The lowest threshold (score >= t flags) whose false-positive rate is at most fpr."""
    neg = np.sort(scores[y == 0])[::-1]
    k = int(math.floor(fpr * len(neg)))  # at most k negatives may reach the threshold
    if k >= len(neg):
        return float(neg[-1])
    return float(np.nextafter(neg[k], np.inf))


def recall_at(scores, y, t) -> float:
    pos = scores[y == 1]
    return float((pos >= t).mean()) if len(pos) else float("nan")


def auc(scores, y) -> float:
    return float(roc_auc_score(y, scores)) if 0 < y.sum() < len(y) else float("nan")


def merit(scores: np.ndarray, y: np.ndarray) -> float:
    """How a candidate is chosen: AUC plus recall at 2% FPR, out of fold."""
    return auc(scores, y) + recall_at(scores, y, threshold_at_fpr(scores, y, TARGET_FPR))


def platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(z.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[str]:
    out = ["| predicted | figures | mean predicted | observed positive rate |", "|---|---|---|---|"]
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if m.any():
            out.append(f"| {lo:.1f}-{hi:.1f} | {m.sum()} | {p[m].mean():.3f} | {y[m].mean():.3f} |")
    return out


# The cue detector's early rejections (reason before ':') the recogniser re-scores (the shipped
# policy since grouped CV chose it: the chart test also fires on photos and drawings with a grid).
# "too small" is scored here: the real set's PNGs were downsized to a long side of at most 512 px,
# so their size says nothing of the figure's size on a page (a scan still leaves figures under
# 86 pt, logos and icons a reviewer cannot judge, to the cue detector). blank/empty/error never
# hold a body.
RESCORED = ("no object", "chart", "table", "flowchart", "text")
NEVER_SCORED = ("blank", "empty", "error")
# Negatives that look like a body (issue 23's lookalikes) against ordinary figures.
LOOKALIKE_STYLES = ("pipe", "tank", "nozzle", "aircraft", "wing_blade", "tower", "bolt_fastener", "bottle",
                    "wedge_contour", "ship")


def reason(rejected: str | None) -> str | None:
    return None if rejected is None else rejected.split(":", 1)[0]


def scored(items: list[Item], variant: str) -> np.ndarray:
    """Which copies the recogniser scores; the rest count as not flagged."""
    return np.array([reason(it.views[variant].rejected) in (None, "too small", *RESCORED) for it in items])


def calibrate(z: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[dict, np.ndarray, dict]:
    """Platt or isotonic, by cross-fitted Brier score on the out-of-fold decisions: (calibration
    as recogniser.json stores it, cross-fitted probabilities, Brier scores)."""
    fitted = {"platt": np.zeros(len(z)), "isotonic": np.zeros(len(z))}
    for train, test in folds(y, groups):
        a, b = platt(z[train], y[train])
        fitted["platt"][test] = 1 / (1 + np.exp(-(a * z[test] + b)))
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(z[train], y[train])
        fitted["isotonic"][test] = iso.predict(z[test])
    brier = {k: float(np.mean((v - y) ** 2)) for k, v in fitted.items()}
    # Platt unless isotonic is clearly better calibrated: Platt is strictly monotone, so the flag
    # threshold keeps the decision's ranking, where isotonic's steps tie many figures at it
    method = "isotonic" if brier["isotonic"] < brier["platt"] - BRIER_MARGIN else "platt"
    if method == "platt":
        a, b = platt(z, y)
        stored = {"method": "platt", "a": round(a, 6), "b": round(b, 6)}
    else:
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(z, y)
        stored = {"method": "isotonic", "x": np.round(iso.X_thresholds_, 6).tolist(),
                  "y": np.round(iso.y_thresholds_, 6).tolist()}
    return stored, fitted[method], brier


def apply_calibration(stored: dict, z: np.ndarray) -> np.ndarray:
    if stored["method"] == "platt":
        return 1 / (1 + np.exp(-np.clip(stored["a"] * z + stored["b"], -50, 50)))
    return np.interp(z, stored["x"], stored["y"])


def cue_flag_bonus(z: np.ndarray, flags: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The bonus b/a of a logistic regression of the label on [a z + b flag], cross-fitted per fold
    (one value per row, 0 where the cue detector does not flag): the fitted-bonus row of the table."""
    out = np.zeros(len(z))
    for train, test in folds(y, groups):
        lr = LogisticRegression(C=1.0, max_iter=1000).fit(np.c_[z[train], flags[train]], y[train])
        out[test] = lr.coef_[0, 1] / lr.coef_[0, 0] * flags[test]
    return out


# --------------------------------------------------------------------------------------------
# index and export

def nearest_index(items: list[Item], stage1: dict, tta: bool) -> dict:
    """PCA of the standardised embedding columns of the training figures: a small space in which
    to find the figures a new one resembles, with each figure's provenance (no images shipped)."""
    X = rows(items, "png", True, tta)[:, recogniser.EMBEDDING_COLUMNS].astype(np.float64)  # short JSON numbers
    Xs = (X - stage1["mean"]) / stage1["scale"] * (stage1["coef"] != 0)  # as Recogniser.index_space
    pca = PCA(n_components=min(INDEX_DIMS, len(X) - 1), random_state=0).fit(Xs)
    V = pca.transform(Xs)
    V /= np.linalg.norm(V, axis=1, keepdims=True) + 1e-9
    sims = V @ V.T
    groups = np.array([it.group for it in items])
    sims[groups[:, None] == groups[None, :]] = -np.inf  # the nearest figure of another repository
    labels = np.array([it.label for it in items])
    agree = labels[np.argmax(sims, axis=1)] == labels
    print(f"  index: the nearest figure of another repository has the same label for {agree.mean():.1%} "
          f"(positives {agree[labels == 1].mean():.1%}, negatives {agree[labels == 0].mean():.1%})")
    return {
        "components": np.round(pca.components_, 6).tolist(),
        "center": np.round(pca.mean_, 5).tolist(),
        "vectors": np.round(V, 4).tolist(),
        "examples": [{"id": it.id, "label": it.label, "style": it.style, **it.source} for it in items],
        "agreement": {"all": round(float(agree.mean()), 3), "positives": round(float(agree[labels == 1].mean()), 3),
                      "negatives": round(float(agree[labels == 0].mean()), 3)},
    }


def to_json(model: dict, calibration: dict, threshold: float, rule: str, bonus: float, views: list[str], index: dict,
            meta: dict, gate: dict | None = None) -> dict:
    s1 = model["stage1"]
    return {
        "format": 3,
        "columns": recogniser.FEATURE_COLUMNS,
        "mean": np.round(s1["mean"], 6).tolist(),
        "scale": np.round(s1["scale"], 6).tolist(),
        "coef": np.round(s1["coef"], 7).tolist(),
        "intercept": round(float(s1["intercept"]), 7),
        "fusion": {"inputs": ["embedding_decision", "cue_logit"],
                   "coef": np.round(model["stage2"]["coef"], 6).tolist(),
                   "intercept": round(float(model["stage2"]["intercept"]), 6)},
        "calibration": calibration,
        "threshold": round(threshold, 4),
        "decision_rule": rule,
        "views": views,
        "rescored_rejections": list(RESCORED),
        "cue_flag_bonus": round(bonus, 6),
        **({"rescue_gate": gate} if gate else {}),
        "index": index,
        "meta": meta,
    }


# --------------------------------------------------------------------------------------------
# the rescue rule

@dataclass
class Rescue:
    """The rescue rule with one gate at the budget, out of fold: flagged = cue flag OR (gate and
    p >= threshold); `consulted`: the copies the recogniser is run on besides the cue flags."""
    gate: str
    threshold: float
    consulted: np.ndarray
    added: np.ndarray
    flagged: np.ndarray
    ranking: np.ndarray  # cue flags first, then consulted copies by p, the rest last (for AUC)
    budget: str = ""  # what the threshold was chosen to keep within

    @property
    def name(self) -> str:
        return f"rescue, gate '{self.gate}': cue flag OR recogniser p >= {self.threshold:.3f}{self.budget}"


def gate_mask(pooled: "Pooled", gate: str, shape_min: float) -> np.ndarray:
    candidate = pooled.scored & np.array([r is None for r in pooled.rejected])
    return {"scored": pooled.scored, "candidate": candidate,
            "body": candidate & (pooled.cue_probability >= shape_min)}[gate]


def rescue_at(pooled: "Pooled", p: np.ndarray, gate: str, shape_min: float, threshold: float, budget: str) -> Rescue:
    cue = pooled.flags > 0
    consulted = gate_mask(pooled, gate, shape_min) & ~cue
    added = consulted & (p >= threshold)
    ranking = np.where(cue, 2.0, np.where(consulted, p, -1.0))
    return Rescue(gate, threshold, consulted, added, cue | added, ranking, budget)


def lowest_threshold(top: np.ndarray, allowed: int) -> float:
    """The lowest threshold (p >= t counts) at which at most `allowed` of the values `top` count."""
    top = np.sort(top)[::-1]
    return float(np.nextafter(top[allowed], np.inf)) if allowed < len(top) else 0.0


def rescue(pooled: "Pooled", p: np.ndarray, gate: str, shape_min: float, budget: float = RESCUE_BUDGET) -> Rescue:
    """The lowest threshold on p at which the negatives the recogniser adds (not flagged by the cue
    detector, in the gate) are at most `budget` of all negative copies."""
    consulted = gate_mask(pooled, gate, shape_min) & ~(pooled.flags > 0)
    neg = pooled.y == 0
    threshold = lowest_threshold(p[consulted & neg], int(math.floor(budget * neg.sum())))
    return rescue_at(pooled, p, gate, shape_min, threshold, f" ({budget:.1%} of negative copies)")


def negative_papers(pooled: "Pooled") -> np.ndarray:
    """The papers of the paper-figure set with no figure labelled 1."""
    named = pooled.papers != ""
    return np.setdiff1d(np.unique(pooled.papers[named]), pooled.papers[named & (pooled.y == 1)])


def paper_flag_rate(flagged: np.ndarray, pooled: "Pooled") -> float:
    """The share of negative papers with at least one flagged figure (on either page copy)."""
    papers = negative_papers(pooled)
    return float(np.isin(papers, pooled.papers[flagged]).mean()) if len(papers) else float("nan")


def rescue_by_papers(pooled: "Pooled", p: np.ndarray, gate: str, shape_min: float,
                     budget: float = PAPER_BUDGET) -> Rescue:
    """The lowest threshold on p at which the negative papers that get at least one added flag
    (a figure the cue detector did not flag, in the gate, on either page copy) are at most `budget`
    of all negative papers: a paper is flagged by its most probable consulted figure."""
    consulted = gate_mask(pooled, gate, shape_min) & ~(pooled.flags > 0)
    papers = negative_papers(pooled)
    top = np.array([p[consulted & (pooled.papers == name)].max(initial=-np.inf) for name in papers])
    threshold = lowest_threshold(top[np.isfinite(top)], int(math.floor(budget * len(papers))))
    return rescue_at(pooled, p, gate, shape_min, threshold, f" ({budget:.0%} of negative papers)")


def rescue_rows(rules: list[Rescue], pooled: "Pooled", replace_rule: "RuleResult | None" = None,
                rec_auc: float = float("nan")) -> list[str]:
    y = pooled.y
    neg = y == 0
    kinds = pooled.negative_kinds()
    cue = pooled.flags > 0

    def recall(f):
        return f"{f[y == 1].mean():.3f} | " + " / ".join(f"{f[(y == 1) & (pooled.layout == v)].mean():.3f}"
                                                          for v in SCORED_VARIANTS)
    out = ["| decision | figures the recogniser runs on (besides cue flags) | AUC | recall, all real positives | "
           "recall, native / wide copies | FPR, all negatives | FPR: " + " / ".join(kinds) + " | added FPR: "
           + " / ".join(kinds) + " | negative papers flagged: all flags / added by the recogniser |",
           "|---|---|---|---|---|---|---|---|---|"]
    out.append(f"| cue detector alone (its flag) | none | {auc(pooled.flags, y):.3f} | {recall(cue)} | "
               f"{cue[neg].mean():.3f} | " + " / ".join(f"{cue[m].mean():.3f}" for m in kinds.values())
               + f" | - | {paper_flag_rate(cue, pooled):.3f} / - |")
    for r in rules:
        f, a = r.flagged, r.added
        out.append(f"| {r.name} | {r.consulted[~cue].mean():.1%} | {auc(r.ranking, y):.3f} | {recall(f)} | "
                   f"{f[neg].mean():.3f} | " + " / ".join(f"{f[m].mean():.3f}" for m in kinds.values()) + " | "
                   + " / ".join(f"{a[m].mean():.4f}" for m in kinds.values())
                   + f" | {paper_flag_rate(f, pooled):.3f} / {paper_flag_rate(a, pooled):.3f} |")
    if replace_rule is not None:
        f = replace_rule.flagged()
        lost = (cue & ~f)[y == 1].sum()
        out.append(f"| for comparison: {replace_rule.name} (AUC of the recogniser alone {rec_auc:.3f}) | all | "
                   f"{auc(replace_rule.scores, y):.3f} | {recall(f)} | {f[neg].mean():.3f} | "
                   + " / ".join(f"{f[m].mean():.3f}" for m in kinds.values())
                   + f" | drops {int(lost)} right cue flags | {paper_flag_rate(f, pooled):.3f} / - |")
    return out


def rescue_style_rows(rules: list[Rescue], pooled: "Pooled") -> list[str]:
    y = pooled.y
    cue = pooled.flags > 0
    out = ["| style | copies | kind | cue detector alone | " + " | ".join(f"rescue, gate '{r.gate}'" for r in rules)
           + " | of which added by the recogniser (shipped gate) |", "|---|---|---|---|" + "---|" * len(rules) + "---|"]
    for label, style in sorted({(int(a), b) for a, b in zip(y, pooled.styles)}, key=lambda t: (-t[0], t[1])):
        m = (y == label) & (pooled.styles == style)
        kind = "positive: recall" if label else "negative: flagged"
        out.append(f"| {style} | {m.sum()} | {kind} | {cue[m].mean():.3f} | "
                   + " | ".join(f"{r.flagged[m].mean():.3f}" for r in rules) + f" | {rules[-1].added[m].mean():.3f} |")
    return out


def choose_gate(rules: list[Rescue], y: np.ndarray) -> Rescue:
    """The highest recall at the budget; within MERIT_TIE of it the narrowest gate (GATES order)."""
    best = max(r.flagged[y == 1].mean() for r in rules)
    return next(r for r in rules if r.flagged[y == 1].mean() >= best - MERIT_TIE)


# --------------------------------------------------------------------------------------------
# choice

C = 0.01  # the logistic head's regularisation, chosen by the earlier grid (0.001-0.03) on the same folds
FUSED_C = (128, 0.01)
UNION_SCORE = 1e3  # a decision above every head's: the cue detector's flag stands (union rule)


def recipes() -> list[Recipe]:
    every = VARIANTS
    return [Recipe("before: PNG only, whole figure + crop", ("png",), True, False),
            Recipe("PNG + scan copies + augmented, whole figure + crop", every, True, False),
            Recipe("PNG + scan copies + augmented, whole figure + crop, two views averaged", every, True, True),
            Recipe("PNG + scan copies + augmented, whole figure only", every, False, False),
            Recipe("PNG + scan copies + augmented, whole figure only, two views averaged", every, False, True)]


@dataclass
class Pooled:
    """The scan copies of every item, one row per (copy, item): what CV scores."""
    y: np.ndarray
    groups: np.ndarray
    styles: np.ndarray
    flags: np.ndarray  # the cue detector flags the copy
    scored: np.ndarray  # the recogniser scores the copy (early-rejection policy)
    layout: np.ndarray
    rejected: np.ndarray  # the cue detector's early rejection (reason before ':'), or None
    cue_probability: np.ndarray  # the cue model's probability of its best candidate
    papers: np.ndarray  # the paper a paper-figure row was cut from, "" for the other rows

    @classmethod
    def of(cls, items: list[Item]) -> "Pooled":
        n = len(SCORED_VARIANTS)
        return cls(y=np.tile([it.label for it in items], n), groups=np.tile([it.group for it in items], n),
                   papers=np.tile(np.array([it.paper for it in items], dtype=object), n).astype(str),
                   styles=np.tile([it.style for it in items], n),
                   flags=np.concatenate([[it.views[v].cue_flag for it in items] for v in SCORED_VARIANTS]).astype(float),
                   scored=np.concatenate([scored(items, v) for v in SCORED_VARIANTS]),
                   layout=np.repeat(SCORED_VARIANTS, len(items)),
                   rejected=np.concatenate([[reason(it.views[v].rejected) for it in items] for v in SCORED_VARIANTS]),
                   cue_probability=np.concatenate([[it.views[v].cue_probability for it in items] for v in SCORED_VARIANTS]))

    def negative_kinds(self) -> dict[str, np.ndarray]:
        """The negatives in three disjoint kinds: figures cut from papers, lookalikes, ordinary figures."""
        neg, cut = self.y == 0, self.papers != ""
        look = np.isin(self.styles, LOOKALIKE_STYLES)
        return {"lookalikes": neg & ~cut & look, "ordinary": neg & ~cut & ~look, "paper figures": neg & cut}

    def decisions(self, z: dict[str, np.ndarray]) -> np.ndarray:
        """Pooled decisions, copies the policy does not score at -50."""
        return np.where(self.scored, np.concatenate([z[v] for v in SCORED_VARIANTS]), -50.0)


def skew(z: dict[str, np.ndarray], pooled: Pooled, n: int) -> dict[str, float]:
    """Mean absolute change of the calibrated probability (Platt on the pooled scan copies) between
    copies of the same held-out figure: PNG vs page copies, and native vs wide page copies."""
    a, b = platt(np.concatenate([z[v] for v in SCORED_VARIANTS]), pooled.y)
    p = {v: 1 / (1 + np.exp(-(a * s + b))) for v, s in z.items()}
    return {"png vs page": float(np.mean([np.abs(p["png"] - p[v]).mean() for v in SCORED_VARIANTS])),
            "native vs wide": float(np.abs(p["page_native"] - p["page_wide"]).mean())}


@dataclass
class RuleResult:
    name: str
    scores: np.ndarray  # pooled, higher flags
    threshold: float

    def flagged(self) -> np.ndarray:
        return self.scores >= self.threshold


def rule(name: str, scores: np.ndarray, y: np.ndarray) -> RuleResult:
    """The rule at its 2%-FPR threshold; a union rule keeps the cue detector's flags even when
    they alone pass 2% (the recogniser then adds none)."""
    return RuleResult(name, scores, min(threshold_at_fpr(scores, y, TARGET_FPR), UNION_SCORE))


def rule_rows(results: list[RuleResult], pooled: Pooled) -> list[str]:
    y = pooled.y
    kinds = pooled.negative_kinds()
    out = ["| decision | AUC | recall at <= 2% FPR (all negatives) | FPR, all negatives | "
           + " | ".join(f"FPR, {k}" for k in kinds) + " | negative papers flagged | recall, native / wide copies |",
           "|---|---|---|---|" + "---|" * len(kinds) + "---|---|"]
    for r in results:
        f = r.flagged()
        rec = [f[(y == 1) & (pooled.layout == v)].mean() for v in SCORED_VARIANTS]
        out.append(f"| {r.name} | {auc(r.scores, y):.3f} | {f[y == 1].mean():.3f} | {f[y == 0].mean():.3f} | "
                   + " | ".join(f"{f[m].mean():.3f}" for m in kinds.values())
                   + f" | {paper_flag_rate(f, pooled):.3f} | {rec[0]:.3f} / {rec[1]:.3f} |")
    return out


def style_rows(results: list[RuleResult], pooled: Pooled) -> list[str]:
    y = pooled.y
    out = ["| style | copies | kind | " + " | ".join(r.name for r in results) + " |",
           "|---|---|---|" + "---|" * len(results)]
    for label, style in sorted({(int(a), b) for a, b in zip(y, pooled.styles)}, key=lambda t: (-t[0], t[1])):
        m = (y == label) & (pooled.styles == style)
        kind = "positive: recall" if label else "negative: flagged"
        out.append(f"| {style} | {m.sum()} | {kind} | " + " | ".join(f"{r.flagged()[m].mean():.3f}" for r in results) + " |")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--synthetic", type=int, default=8,
                    help="procedural figures per family offered as extra training rows (kept only if real CV merit says so)")
    ap.add_argument("--recipe", choices=[r.name for r in recipes()], default=None,
                    help="evaluate and ship this recipe only (the choice already made on the same data)")
    ap.add_argument("--out", type=Path, default=OUT_MODEL)
    ap.add_argument("--table", type=Path, default=OUT_TABLE)
    ap.add_argument("--warm", type=Path, nargs="+", metavar="PNG_OR_DIR",
                    help="only measure these figures into the cache (before they are labelled) and exit")
    ap.add_argument("--rekey-from", metavar="VERSION",
                    help="only re-key cached views of this detector version where the detector's verdict is unchanged, and exit")
    ap.add_argument("--rekey-sample", type=int, metavar="N",
                    help="with --rekey-from: check the verdict on N images; if none changed, re-key them all")
    args = ap.parse_args(argv)
    cv2.setNumThreads(1)
    started = time.time()
    margin = any(r.tta for r in recipes() if args.recipe in (None, r.name))  # only averaged views need it
    if args.warm:
        print(f"warm: measured {warm_cache(args.warm, margin)} new figures")
        return 0
    if args.rekey_from:
        checked, changed, carried = rekey_views(args.data / "images", args.rekey_from, args.rekey_sample)
        print(f"re-keyed {args.rekey_from} -> {detector_version()}: verdict checked on {checked} images, changed on "
              f"{changed}; {carried} images re-keyed")
        return 0
    items = measure_views(load_items(args.data), args.data, margin=margin)
    y = np.array([it.label for it in items])
    groups = np.array([it.group for it in items])
    print(f"{len(items)} labelled figures ({y.sum()} positive) from {len(set(groups))} repositories")
    pooled = Pooled.of(items)

    # 1. the feature recipe: which copies train the head, crop or not, averaged views or not
    recipe_rows, oof = [], {}
    for r in [r for r in recipes() if args.recipe in (None, r.name)]:
        z = out_of_fold(items, r, C)
        oof[r.name] = z
        s = pooled.decisions(z)
        sk = skew(z, pooled, len(items))
        recipe_rows.append((r, auc(s, pooled.y), recall_at(s, pooled.y, threshold_at_fpr(s, pooled.y, TARGET_FPR)),
                            merit(s, pooled.y), sk))
        print(f"  {r.name}: AUC {recipe_rows[-1][1]:.3f} recall@2% {recipe_rows[-1][2]:.3f} skew {sk}", flush=True)
    trained_on_copies = [row for row in recipe_rows if row[0].train_variants != ("png",)]
    best_merit = max(m for _, _, _, m, _ in trained_on_copies)
    # the cheapest robust recipe within noise of the best: fewer embeddings per figure (speed), then less skew
    chosen = min((row for row in trained_on_copies if row[3] >= best_merit - MERIT_TIE),
                 key=lambda row: (row[0].embeddings_per_figure, row[4]["native vs wide"]))[0]
    print(f"  recipe: {chosen.name}")

    # 2. procedural figures as extra training rows, kept if they add real merit
    procedural = synthetic_items(args.synthetic)
    extra: list[Item] = []
    z = oof[chosen.name]
    procedural_row = None
    if procedural:
        z_syn = out_of_fold(items, chosen, C, extra=procedural)
        m0, m1 = merit(pooled.decisions(z), pooled.y), merit(pooled.decisions(z_syn), pooled.y)
        procedural_row = (len(procedural), m0, m1)
        print(f"  procedural rows: merit {m0:.3f} without, {m1:.3f} with {len(procedural)}")
        if m1 > m0:
            extra, z = procedural, z_syn

    # 3. the decision rule, every rule at 2% false positives on all negatives (out of fold). A bonus
    # b on the decision when the cue detector flags is a gated union: flag = z >= T, or the cue
    # flags and z >= T - b; b = 0 is the recogniser alone, b -> infinity the union rule
    s = pooled.decisions(z)
    bonus_oof = cue_flag_bonus(s, pooled.flags, pooled.y, pooled.groups)
    z_fused = out_of_fold(items, chosen, FUSED_C, fused=True, extra=extra)
    s_fused = pooled.decisions(z_fused)
    names = {"cue": "cue detector alone (its flag)", "rec": "recogniser alone",
             "fit": "replace: recogniser + fitted bonus (cross-fitted) when the cue detector flags",
             "union": "union: cue detector flags OR recogniser p >= t", "fused": "fused head (embedding PCs + cue logit)",
             "fused_union": "union with the fused head"}
    names.update({b: f"replace: recogniser + {b:g} when the cue detector flags" for b in BONUS_GRID})
    results = {"cue": RuleResult(names["cue"], pooled.flags, 0.5), "rec": rule(names["rec"], s, pooled.y),
               "fit": rule(names["fit"], s + bonus_oof, pooled.y),
               **{b: rule(names[b], s + b * pooled.flags, pooled.y) for b in BONUS_GRID},
               "union": rule(names["union"], np.where(pooled.flags > 0, UNION_SCORE, s), pooled.y),
               "fused": rule(names["fused"], s_fused, pooled.y),
               "fused_union": rule(names["fused_union"], np.where(pooled.flags > 0, UNION_SCORE, s_fused), pooled.y)}
    for r in results.values():
        f = r.flagged()
        print(f"  {r.name}: AUC {auc(r.scores, pooled.y):.3f} recall {f[pooled.y == 1].mean():.3f} "
              f"FPR {f[pooled.y == 0].mean():.3f}")
    # the best 2%-FPR rule that may drop a cue flag (last round's choice), for comparison: the
    # highest recall at 2% FPR; within noise (MERIT_TIE) the one that keeps the most cue flags
    recall = {k: results[k].flagged()[pooled.y == 1].mean() for k in ("rec", *BONUS_GRID)}
    best = max(recall.values())
    keeps = {"rec": 0.0, **{b: b for b in BONUS_GRID}}
    replace_best = results[max((k for k in recall if recall[k] >= best - MERIT_TIE), key=lambda k: keeps[k])]

    # shipped: the rescue rule, its threshold at the pre-registered budget of negative papers
    shape_min = shapes.ShapeParams.load().shape_min
    ev = evaluate_rescue(pooled, s, shape_min)
    shipped, calibration = ev.shipped, ev.calibration
    verdict = rule_a(ev, pooled)
    print(f"  decision: {shipped.name} (calibration {calibration['method']}, Brier "
          + ", ".join(f"{k} {v:.4f}" for k, v in ev.brier.items()) + ")")
    print(f"  rule (a): {verdict}")

    # the same folds without the paper-figure rows in training (every figure still scored)
    comparison = []
    cut = np.array([bool(it.paper) for it in items])
    if cut.any():
        s_without = pooled.decisions(out_of_fold(items, chosen, C, extra=extra, trainable=~cut))
        comparison = [("without the paper-figure rows", s_without, evaluate_rescue(pooled, s_without, shape_min, shipped.gate)),
                      ("with them (all rows)", s, ev)]
        print(f"  without paper rows: {evaluation_row(*comparison[0], pooled, ~cut)}")

    agreement = None
    if verdict.passed:  # the shipped head: every copy of every real figure (plus procedural rows if kept)
        gate = {"kind": shipped.gate, "min_cue_probability": shape_min if shipped.gate == "body" else 0.0,
                "budget": PAPER_BUDGET, "budget_of": "negative papers of the paper-figure set"}
        X_all, y_all = training_rows(items, chosen, extra)
        final = as_two_stage(fitter_for(chosen, False)(X_all, y_all, C))
        index = nearest_index(items, final["stage1"], chosen.tta)
        agreement = index["agreement"]
        views = ["square", "margin"] if chosen.tta else ["square"]
        meta = {"trained_on": f"{len(items)} real figures ({int(y.sum())} positive) from {len(set(groups))} repositories"
                              f" ({int(cut.sum())} cut from {len(set(it.paper for it in items if it.paper))} papers), "
                              f"copies: {', '.join(chosen.train_variants)}"
                              + (f" + {len(extra)} procedural figures" if extra else ""),
                "recipe": chosen.name, "decision": shipped.name, "C": str(C),
                "cv": f"StratifiedGroupKFold({FOLDS}) on source_repo, scored on page copies",
                "rescue_budget": f"{PAPER_BUDGET} of negative papers", "rule_a": str(verdict),
                "detector_version": detector_version(), "made_by": "training/train_recogniser.py"}
        args.out.write_text(json.dumps(to_json(final, calibration, shipped.threshold, "rescue", 0.0, views, index, meta,
                                               gate), separators=(",", ":")) + "\n")
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    else:
        print(f"rule (a) not met: {args.out} left as it is")
    write_table(args.table, items, recipe_rows, chosen, procedural_row, extra, list(results.values()), pooled,
                ev, verdict, comparison, replace_best, agreement, time.time() - started)
    print(f"wrote {args.table} ({(time.time() - started) / 60:.1f} min)")
    return 0


@dataclass
class RescueEvaluation:
    """The rescue rule out of fold: the calibration of the recogniser's decision, the rule per gate
    at the budget of negative copies (last round's) and at the budget of negative papers, and the
    rule shipped (the paper budget when the paper-figure set is there)."""
    calibration: dict
    brier: dict
    p_oof: np.ndarray
    by_copies: list[Rescue]
    by_papers: list[Rescue]
    shipped: Rescue


def evaluate_rescue(pooled: Pooled, s: np.ndarray, shape_min: float, gate: str | None = None) -> RescueEvaluation:
    """Calibrate the out-of-fold decisions `s` (cross-fitted) and set the rescue thresholds; the
    shipped gate is chosen by choose_gate unless `gate` is given."""
    m = pooled.scored
    calibration, p_scored, brier = calibrate(s[m], pooled.y[m], pooled.groups[m])
    p_oof = np.zeros(len(s))
    p_oof[m] = p_scored
    by_copies = [rescue(pooled, p_oof, g, shape_min) for g in GATES]
    by_papers = [rescue_by_papers(pooled, p_oof, g, shape_min) for g in GATES] if len(negative_papers(pooled)) else []
    rules = by_papers or by_copies
    shipped = next(r for r in rules if r.gate == gate) if gate else choose_gate(rules, pooled.y)
    return RescueEvaluation(calibration, brier, p_oof, by_copies, by_papers, shipped)


@dataclass(frozen=True)
class RuleA:
    """Rule (a) of commit 622bb3e: at the paper budget, rescue recall on all real positives >= the
    cue detector's own recall + RULE_A_MARGIN."""
    evaluated: bool
    rescue_recall: float
    cue_recall: float
    negative_papers: int

    @property
    def passed(self) -> bool:
        return self.evaluated and self.rescue_recall >= self.cue_recall + RULE_A_MARGIN

    def __str__(self) -> str:
        if not self.evaluated:
            return "not evaluated (no negative papers in the data)"
        return (f"{'met' if self.passed else 'NOT met'}: rescue recall {self.rescue_recall:.3f} against the cue "
                f"detector's {self.cue_recall:.3f} + {RULE_A_MARGIN:.2f} = {self.cue_recall + RULE_A_MARGIN:.3f} "
                f"(threshold at {PAPER_BUDGET:.0%} of {self.negative_papers} negative papers)")


def rule_a(ev: RescueEvaluation, pooled: Pooled) -> RuleA:
    pos = pooled.y == 1
    return RuleA(bool(ev.by_papers), float(ev.shipped.flagged[pos].mean()), float((pooled.flags > 0)[pos].mean()),
                 len(negative_papers(pooled)))


def evaluation_row(name: str, s: np.ndarray, ev: RescueEvaluation, pooled: Pooled, earlier: np.ndarray) -> str:
    """One row of the with/without table: the recogniser alone (AUC on all copies and on the earlier
    figures' copies, recall and FPR by kind at 2% FPR) and the rescue rule at the paper budget."""
    y, kinds = pooled.y, pooled.negative_kinds()
    old = np.tile(earlier, len(SCORED_VARIANTS))
    alone = rule("recogniser alone", s, y).flagged()
    r = ev.shipped
    return (f"| {name} | {auc(s, y):.3f} | {auc(s[old], y[old]):.3f} | {alone[y == 1].mean():.3f} | "
            + " / ".join(f"{alone[m].mean():.3f}" for m in kinds.values())
            + f" | {r.threshold:.3f} | {r.flagged[y == 1].mean():.3f} | {(pooled.flags > 0)[y == 1].mean():.3f} | "
            + " / ".join(f"{r.flagged[m].mean():.3f}" for m in kinds.values())
            + f" | {paper_flag_rate(pooled.flags > 0, pooled):.3f} / {paper_flag_rate(r.flagged, pooled):.3f} / "
            f"{paper_flag_rate(r.added, pooled):.3f} |")


def write_table(path, items, recipe_rows, chosen, procedural_row, extra, results, pooled, ev, verdict, comparison,
                replace_best, agreement, seconds) -> None:
    y = np.array([it.label for it in items])
    repos = sorted({it.group for it in items})
    calibration, shipped = ev.calibration, ev.shipped
    how = (f"Platt: p = 1 / (1 + exp(-({calibration['a']:.4f} z + {calibration['b']:.4f})))"
           if calibration["method"] == "platt" else f"isotonic ({len(calibration['x'])} steps)")
    kinds = {k: int(m.sum() / len(SCORED_VARIANTS)) for k, m in pooled.negative_kinds().items()}
    cut = [it for it in items if it.paper]
    papers = {it.paper for it in cut}
    n_neg_papers = len(negative_papers(pooled))
    lines = [
        "# Shape recogniser: grouped cross-validation on real figures",
        "",
        "Made by `nice .venv/bin/python training/train_recogniser.py"
        + "".join(f" '{a}'" if " " in a else f" {a}" for a in sys.argv[1:]) + f"` in {seconds / 60:.0f} min "
        "(features cached; do not edit by hand). "
        f"Data: {len(items)} real labelled figures ({int(y.sum())} with a missile-like body, {len(items) - int(y.sum())} "
        f"without: {kinds['lookalikes']} lookalikes ({', '.join(LOOKALIKE_STYLES)}), {kinds['ordinary']} ordinary "
        f"figures, {kinds['paper figures']} figures cut from papers) from {len(repos)} public repositories "
        "(/work/data/shapes_real manifests, committed at training/shapes_real/). "
        f"Paper figures: {len(cut)} figures ({sum(it.label for it in cut)} with a body) cut by figscan's own "
        f"extractor from {len(papers)} papers of the front-matter tuning sets ({', '.join(PAPER_MANIFESTS)}; a paper "
        f"is the note's 'paper:' tag), {n_neg_papers} of them negative papers (no figure labelled 1). They are "
        "treated as every other figure (PNG, two page copies, augmented copy): they were rendered at 150 dpi and "
        "downsized to a long side of 512 px like the rest of the set, so the page copies put them back at the sizes "
        "a scan renders. Nothing from ../shared/corpus*, nor any held-out source, is in it.",
        "",
        f"Held out: {FOLDS}-fold grouped cross-validation on `source_repo` (sklearn StratifiedGroupKFold): every figure is "
        "scored by a head trained without any figure of its repository, nor any copy of one. Each figure is scored "
        "as a scan sees it: the PNG placed on a PDF page and rendered back as figscan.extract renders a figure region "
        "(150 dpi; 'native': the PNG's own size, 'wide': the 468 pt text width, so upsampled), the crop being the "
        "cue detector's box on that copy; both copies of every figure count (rows below are copies, twice the "
        "figures). Training copies: the PNG, the two page copies and an augmented copy (rescaled 0.8-1.25, shifted "
        "1-3 px, JPEG or blur); positives train on the crop of their labelled box. The cue detector "
        "(figscan/data/shape_model.json) was trained on procedural figures only, so it is held out on all of these. "
        f"Figures the cue detector rejects early as {', '.join(RESCORED)} are still scored by the recogniser; "
        "blank ones never. FPR is split into three disjoint kinds of negatives: lookalikes and ordinary figures "
        "of the hand-collected set, and figures cut from papers. 'Negative papers flagged': the share of the "
        "negative papers with at least one figure flagged on either page copy.",
        "",
        f"## Pre-registered rule (a) (commit 622bb3e): {verdict}",
        "",
        f"The rescue threshold is the lowest at which the recogniser's added flags reach at most {PAPER_BUDGET:.0%} of "
        f"the {n_neg_papers} negative papers (out of fold; gate '{shipped.gate}', chosen as below); rule (a) asks "
        f"for recall on all real positives (copies) >= the cue detector's own flag recall + {RULE_A_MARGIN:.2f}.",
        "",
    ]
    if comparison:
        lines += ["## With and without the paper-figure rows in training (same folds, every figure scored)", "",
                  "| training rows | AUC, recogniser alone | AUC, the hand-collected figures only | recall at 2% FPR "
                  "(recogniser alone) | its FPR: " + " / ".join(kinds) + f" | rescue threshold ({PAPER_BUDGET:.0%} of "
                  f"negative papers, gate '{shipped.gate}') | rescue recall, all real positives | cue detector recall | "
                  "rescue FPR: " + " / ".join(kinds) + " | negative papers flagged: cue detector / rescue / added by "
                  "the recogniser |", "|---|---|---|---|---|---|---|---|---|---|"]
        lines += [evaluation_row(name, s, e, pooled, np.array([not it.paper for it in items]))
                  for name, s, e in comparison]
        lines += [""]
    lines += [
        "## Feature recipes (logistic head on the embeddings, C=0.01, no cue input)",
        "",
        "Skew: mean absolute change of the out-of-fold probability (Platt) between copies of the same held-out "
        "figure: PNG against its page copies, and the native against the wide page copy.",
        "",
        "| recipe | embeddings per figure | AUC | recall at 2% FPR | skew PNG vs page | skew native vs wide |",
        "|---|---|---|---|---|---|",
    ]
    for r, a, rec, _, sk in recipe_rows:
        lines.append(f"| {r.name} | {r.embeddings_per_figure} | {a:.3f} | {rec:.3f} | {sk['png vs page']:.3f} | "
                     f"{sk['native vs wide']:.3f} |")
    how_chosen = (f"the fewest embeddings per figure (speed target 60 ms per figure), then the least skew, among the "
                  f"recipes trained on copies within {MERIT_TIE} of the best merit (AUC + recall at 2% FPR)"
                  if len(recipe_rows) > 1 else "fixed with --recipe, as chosen by the full comparison on fewer rows")
    lines += ["", f"Chosen: {chosen.name}: {how_chosen}."]
    if procedural_row:
        n, m0, m1 = procedural_row
        lines += ["", f"Procedural figures (training/synthetic.py, seed 77) as extra training rows: merit {m0:.3f} "
                  f"without, {m1:.3f} with {n}: {'kept' if extra else 'left out'}."]
    lines += ["", "## Decision rules compared at 2% FPR (out-of-fold, each at <= 2% false positives on all negatives)", "",
              "The recogniser's decision with the cue detector's flag (measured on the figure's PNG): 'replace' adds "
              "a bonus (fitted, cross-fitted, or fixed) to the decision when the cue detector flags, so a flag can "
              "be lost (a gated union: bonus 0 is the recogniser alone, an infinite bonus the union); "
              "'union' keeps every cue flag and adds the recogniser's above a threshold t, chosen so that the "
              "union's false positives stay at 2%; 'fused' reads the cue model's probability as a column.", ""]
    lines += rule_rows(results, pooled)
    lines += ["", "## By style, the 2%-FPR rules above (out-of-fold copies, each rule at its 2%-FPR threshold)", ""]
    lines += style_rows(results, pooled)
    rec_auc = auc(next(r for r in results if r.name == "recogniser alone").scores, pooled.y)
    n_neg = int((pooled.y == 0).sum())
    lines += ["", "Calibration of the recogniser's own decision (no bonus): " + how + ", fitted on the out-of-fold "
              "decisions of the scored copies, chosen over the other by cross-fitted Brier score ("
              + ", ".join(f"{k} {v:.4f}" for k, v in ev.brier.items()) + ").",
              "", "## The rescue rule (out of fold)", "",
              "The cue detector's flag always stands; a figure it did not flag is flagged when it passes the gate and "
              "the recogniser's calibrated probability reaches the threshold: the lowest at which the negative papers "
              f"that get an added flag are at most {PAPER_BUDGET:.0%} of all {n_neg_papers} negative papers (this round's "
              f"pre-registered budget), or (last round's, for comparison) the negatives it adds are at most "
              f"{RESCUE_BUDGET:.1%} of all {n_neg} negative copies. Gates: 'body': the cue detector's best candidate has "
              "a shape probability >= shape_min; 'candidate': the cue detector found a candidate (no early rejection); "
              "'scored': every figure the recogniser scores. The shipped gate has the highest recall at the budget, "
              f"within {MERIT_TIE} of it the narrowest (the recogniser then embeds fewer figures). A rule that "
              "replaces the cue detector's verdict (even with a bonus) overruled right cue flags on clean vector "
              "drawings in an earlier held-out check, hence a rule that only adds. AUC: cue flags ranked first, then "
              "the consulted figures by probability, the rest last.", ""]
    lines += rescue_rows(ev.by_papers + ev.by_copies, pooled, replace_best, rec_auc)
    ids = np.tile([it.id for it in items], len(SCORED_VARIANTS))
    added = np.isin(pooled.papers, negative_papers(pooled)) & shipped.added
    lines += ["", "Negative papers the shipped rule adds a flag to (out of fold; figure id and style): "
              + ("; ".join(f"{paper}: " + ", ".join(sorted({f"{i} ({st})" for i, st in zip(ids[added & (pooled.papers == paper)],
                                                                                       pooled.styles[added & (pooled.papers == paper)])}))
                           for paper in sorted(set(pooled.papers[added]))) or "none") + "."]
    lines += ["", f"Shipped if rule (a) is met: {shipped.name} (gate '{shipped.gate}'; the rule reads its gate and "
              "threshold from figscan/data/recogniser.json).",
              "", "By style (out-of-fold copies; rescue rules at the budget of negative papers):", ""]
    lines += rescue_style_rows([*[r for r in ev.by_papers if r is not shipped], shipped], pooled)
    if agreement:
        lines += ["", "## Nearest examples (\"looks like these\")", "",
                  f"For each training figure, the most alike figure of another repository in the index space has the "
                  f"same label for {agreement['all']:.1%} of figures ({agreement['positives']:.1%} of positives, "
                  f"{agreement['negatives']:.1%} of negatives)."]
    lines += ["", f"## Reliability of the calibrated probability (out-of-fold, cross-fitted {calibration['method']})", "",
              "Every scored copy's probability from a calibration fitted without its fold. The training mix is "
              f"{y.mean():.0%} positive; in ordinary papers perhaps 1-5% of figures are, so at a given score the share "
              "of true bodies there is lower than below.", ""]
    lines += reliability(ev.p_oof[pooled.scored], pooled.y[pooled.scored])
    lines += ["", "## Repositories (CV groups)", "", ", ".join(repos), ""]
    path.write_text("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
