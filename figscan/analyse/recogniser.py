"""The learned shape recogniser: fuse the EfficientNet-Lite0 embeddings with the cue detector.

Trained on real labelled figures by training/train_recogniser.py (grouped cross-validation in
benchmarks/shape_real_cv.md); the head, its calibration, the flag threshold and a small index of
the training figures live in figscan/data/recogniser.json and are read with numpy only.

One figure's feature row (FEATURE_COLUMNS): the embedding of the whole figure (averaged over its
square and margin views when the model says so: embedding.margin_input) and of the detector's
best candidate box (the whole figure when there is none), the ImageNet missile / projectile /
space shuttle log-probabilities of both, and the cue model's probability of its best candidate.

The decision rule is "replace" (the recogniser's probability decides; the cue detector's flag
adds a bonus to its decision), "union" (the cue detector's flag stands, and the recogniser adds
the figures it finds at its threshold) or "rescue": a union in which the recogniser is consulted on
a figure the cue detector did not flag only when the figure passes a gate ("scored": every figure
it re-scores; "candidate": the cue detector found a candidate body, no early rejection; "body":
that candidate's shape probability is at least gate_min). So the recogniser can only add flags,
and a scan embeds only the figures that pass the gate (and the cue detector's flags, to explain
them with the nearest training figures).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Optional, Sequence

import numpy as np

from figscan import geometry
from figscan.analyse.embedding import EMBEDDING_SIZE, Embeddings, crop_input, embed, margin_input, square_input
from figscan.model import BBox, Cue, ShapeExample, ShapeFinding

__all__ = ["FEATURE_COLUMNS", "ExtraViews", "Recogniser", "distinct_boxes", "strip_tiles", "feature_row",
           "stage2_columns", "cue_measures", "load_recogniser", "measure_extra", "measure_figure", "recognise"]

_IMAGENET = ["missile", "projectile", "space_shuttle"]
FEATURE_COLUMNS = ([f"whole_{i}" for i in range(EMBEDDING_SIZE)] + [f"crop_{i}" for i in range(EMBEDDING_SIZE)]
                   + [f"whole_p_{c}" for c in _IMAGENET] + [f"crop_p_{c}" for c in _IMAGENET]
                   + ["cue_probability"])
CUE_WIDTH = 7  # the last columns: ImageNet probabilities and the cue probability
EMBEDDING_COLUMNS = slice(0, 2 * EMBEDDING_SIZE + 6)  # embeddings and ImageNet columns, no cue columns
WHOLE_COLUMNS = list(range(EMBEDDING_SIZE)) + [2 * EMBEDDING_SIZE + i for i in (0, 1, 2)]
_LOG_FLOOR = 1e-4
_CUE_CLIP = 0.01


def feature_row(whole: tuple[np.ndarray, np.ndarray], crop: tuple[np.ndarray, np.ndarray],
                cue_probability: float) -> np.ndarray:
    """The feature row of one figure from (embedding, ImageNet probabilities) of the whole figure
    and of its candidate crop, in FEATURE_COLUMNS order."""
    return np.concatenate([
        np.asarray(whole[0], np.float64), np.asarray(crop[0], np.float64),
        np.log(np.asarray(whole[1], np.float64) + _LOG_FLOOR), np.log(np.asarray(crop[1], np.float64) + _LOG_FLOOR),
        [float(cue_probability)],
    ])


def stage2_columns(embedding_decision: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The fusion stage's inputs: the embedding head's decision and the logit of the cue model's
    probability (clipped to 0.01-0.99)."""
    p = np.clip(np.atleast_2d(rows)[:, -1], _CUE_CLIP, 1 - _CUE_CLIP)
    return np.column_stack([np.asarray(embedding_decision, float), np.log(p / (1 - p))])


def cue_measures(finding: ShapeFinding) -> dict:
    """What the recogniser takes from the cue detector's finding (bbox in input image pixels)."""
    probability = next((c.value for c in finding.cues if c.name == "shape_probability"), 0.0)
    return {"probability": float(probability), "score": float(finding.score),
            "box": tuple(finding.bbox) if finding.bbox else None, "rejected": finding.rejected}


@dataclass(frozen=True)
class ExtraViews:
    """Views of a figure the head reads besides its best box (benchmarks/shape_multiview_cv.md): the
    cue detector's next distinct candidates and overlapping strip tiles of elongated figures, so a
    body that is not the detector's best candidate, or is a few pixels of a wide figure, is seen
    up close. The figure's decision is the max of the head over its (whole figure, view) rows."""
    candidates: int = 0  # next distinct candidates embedded after the best one
    distinct_iou: float = 0.5  # a candidate overlapping a taken box more than this is the same body
    tile_aspect: float = 0.0  # figures at least this elongated get strip tiles; 0: none
    max_tiles: int = 3
    tile_stretch: float = 1.25  # the tiles together cover at least this many times the long side

    def boxes(self, width: float, height: float, candidates: Sequence[tuple[BBox, float]]) -> list[tuple[BBox, str]]:
        """(box in image pixels, what it is) of every extra view of a width x height figure, given
        the cue detector's candidates (box, probability)."""
        taken = distinct_boxes(candidates, 1 + self.candidates, self.distinct_iou)[1:]
        tiles = strip_tiles(width, height, self.tile_aspect, self.max_tiles, self.tile_stretch) if self.tile_aspect else []
        return ([(b, f"candidate {i + 2}") for i, b in enumerate(taken)]
                + [(t, f"tile {i + 1} of {len(tiles)}") for i, t in enumerate(tiles)])


def distinct_boxes(candidates: Sequence[tuple[BBox, float]], k: int, max_iou: float) -> list[BBox]:
    """The k most probable candidate boxes that overlap no more probable one taken (IoU < max_iou),
    most probable first (ties in candidate order, as the cue detector picks its best)."""
    taken: list[BBox] = []
    for i in np.argsort(-np.array([p for _, p in candidates], float), kind="stable"):
        x0, y0, x1, y1 = (float(v) for v in candidates[i][0])
        box = (x0, y0, x1, y1)
        if all(geometry.iou(box, t) < max_iou for t in taken):
            taken.append(box)
        if len(taken) == k:
            break
    return taken


def strip_tiles(width: float, height: float, min_aspect: float, max_tiles: int, stretch: float) -> list[BBox]:
    """Overlapping tiles along the long side of a figure at least min_aspect elongated: n =
    min(max_tiles, ceil(aspect)) tiles, each the full short side across and max(short, stretch *
    long / n) along, evenly spaced from end to end.

    >>> strip_tiles(300, 100, 1.8, 3, 1.25)
    [(0.0, 0.0, 125.0, 100.0), (87.5, 0.0, 212.5, 100.0), (175.0, 0.0, 300.0, 100.0)]
    """
    long_side, short_side = max(width, height), min(width, height)
    aspect = long_side / max(short_side, 1.0)
    if aspect < min_aspect:
        return []
    n = min(max_tiles, math.ceil(aspect))
    length = min(long_side, max(short_side, stretch * long_side / n))
    starts = np.linspace(0.0, long_side - length, n)
    if width >= height:
        return [(float(s), 0.0, float(s + length), float(height)) for s in starts]
    return [(0.0, float(s), float(width), float(s + length)) for s in starts]


@dataclass(frozen=True)
class Recogniser:
    """The trained head, its Platt calibration, the flag threshold on the calibrated probability
    and the nearest-example index. Stage 1 is a logistic regression on the standardised embedding
    columns; stage 2 fuses its decision with the cue columns (stage2_columns)."""
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    fusion: np.ndarray  # weights of stage2_columns
    fusion_intercept: float
    platt: Optional[tuple[float, float]]  # Platt calibration of the decision, or None with `isotonic`
    isotonic: Optional[tuple[np.ndarray, np.ndarray]]  # steps decision -> probability (np.interp)
    threshold: float
    rescored: tuple[str, ...]  # the cue detector's early rejections (reason before ':') it re-scores
    cue_flag_bonus: float  # added to the decision when the cue detector flags the figure itself
    union: bool  # the cue detector's flag stands whatever the recogniser says
    gate: str  # which unflagged figures the recogniser may add: "scored", "candidate" or "body"
    gate_min: float  # the cue model's probability a candidate needs under the "body" gate
    views: tuple[str, ...]  # views of the whole figure averaged: "square" (square_input), "margin" (margin_input)
    extra: ExtraViews  # more crops whose max decides (none in the shipped recogniser.json)
    components: np.ndarray  # (k, n_features) PCA of standardised rows
    center: np.ndarray
    vectors: np.ndarray  # (n_examples, k) unit rows
    examples: tuple[dict, ...]

    @property
    def uses_crop(self) -> bool:
        """Whether the head weighs the candidate crop at all; if not, a scan embeds one image."""
        crop = np.r_[EMBEDDING_SIZE:2 * EMBEDDING_SIZE, 2 * EMBEDDING_SIZE + 3:2 * EMBEDDING_SIZE + 6]
        return bool(np.any(self.coef[crop] != 0))

    def index_space(self, rows: np.ndarray) -> np.ndarray:
        """Rows standardised as the head sees them, columns it does not use set to 0."""
        return ((np.atleast_2d(rows)[:, EMBEDDING_COLUMNS] - self.mean) / self.scale) * (self.coef != 0)

    def probability(self, rows: np.ndarray, cue_flags=False) -> np.ndarray:
        """Calibrated probabilities of feature rows (n, len(FEATURE_COLUMNS)); `cue_flags`: whether
        the cue detector flags each figure (its verdict on clean drawings, which the real set holds
        few of, earns the bonus training measured)."""
        rows = np.atleast_2d(rows)
        z1 = ((rows[:, EMBEDDING_COLUMNS] - self.mean) / self.scale) @ self.coef + self.intercept
        z = stage2_columns(z1, rows) @ self.fusion + self.fusion_intercept
        z = z + self.cue_flag_bonus * np.broadcast_to(np.asarray(cue_flags, float), z.shape)
        if self.isotonic is not None:
            return np.interp(z, *self.isotonic)
        a, b = self.platt
        return 1.0 / (1.0 + np.exp(-np.clip(a * z + b, -50.0, 50.0)))

    def rescores(self, rejected: Optional[str]) -> bool:
        """Does the head score a figure the cue detector rejected for this reason (None: not rejected)?"""
        return rejected is None or rejected.split(":", 1)[0] in self.rescored

    def consults(self, finding: ShapeFinding) -> bool:
        """Is the recogniser run on this finding? Under "replace" on every figure it re-scores; under
        a union on the cue detector's flags (to explain them) and on the figures that pass the gate."""
        if not self.rescores(finding.rejected):
            return False
        if not self.union or finding.flag or self.gate == "scored":
            return True
        if finding.rejected is not None:
            return False
        return self.gate == "candidate" or cue_measures(finding)["probability"] >= self.gate_min

    def nearest(self, row: np.ndarray, k: int = 3) -> list[dict]:
        """The k training figures most alike (cosine in the index space), most alike first."""
        v = (self.index_space(row)[0] - self.center) @ self.components.T
        v /= np.linalg.norm(v) + 1e-9
        sims = self.vectors @ v
        order = np.argsort(-sims, kind="stable")[:k]
        return [{**self.examples[i], "similarity": round(float(sims[i]), 3)} for i in order]


def _parse(data: dict) -> Recogniser:
    if data.get("columns") != FEATURE_COLUMNS:
        raise ValueError("recogniser.json was trained on other feature columns")
    idx = data["index"]
    return Recogniser(
        mean=np.asarray(data["mean"]), scale=np.asarray(data["scale"]), coef=np.asarray(data["coef"]),
        intercept=float(data["intercept"]), fusion=np.asarray(data["fusion"]["coef"]),
        fusion_intercept=float(data["fusion"]["intercept"]),
        platt=(data["calibration"]["a"], data["calibration"]["b"]) if data["calibration"]["method"] == "platt" else None,
        isotonic=((np.asarray(data["calibration"]["x"]), np.asarray(data["calibration"]["y"]))
                  if data["calibration"]["method"] == "isotonic" else None),
        threshold=float(data["threshold"]), rescored=tuple(data.get("rescored_rejections", ())),
        cue_flag_bonus=float(data.get("cue_flag_bonus", 0.0)),
        union=data.get("decision_rule", "replace") in ("union", "rescue"),
        gate=data.get("rescue_gate", {}).get("kind", "scored"),
        gate_min=float(data.get("rescue_gate", {}).get("min_cue_probability", 0.0)), views=tuple(data.get("views", ["square"])),
        extra=ExtraViews(**data.get("extra_views", {})),
        components=np.asarray(idx["components"]),
        center=np.asarray(idx["center"]), vectors=np.asarray(idx["vectors"]), examples=tuple(idx["examples"]))


@lru_cache(maxsize=2)
def load_recogniser(name: str = "recogniser.json") -> Optional[Recogniser]:
    """A recogniser of the package's data folder (shapes.toml [recogniser] recogniser_model names
    the one a scan uses), or None when the package has none (the cue detector then decides)."""
    try:
        text = resources.files("figscan.data").joinpath(name).read_text()
    except (FileNotFoundError, OSError):
        return None
    return _parse(json.loads(text))


def measure_figure(pixels: np.ndarray, finding: ShapeFinding, model: Recogniser) -> tuple[np.ndarray, Embeddings]:
    """The feature row of one figure as the head reads it, and its embeddings: the whole figure,
    and the detector's box when the head weighs a crop (the whole figure again without a box)."""
    box = finding.bbox if model.uses_crop else None
    makers = {"square": square_input, "margin": margin_input}
    inputs = [makers[v](pixels) for v in model.views] + ([crop_input(pixels, box)] if box is not None else [])
    e = embed(np.stack(inputs))
    n = len(model.views)
    whole = (e.vectors[:n].mean(axis=0), e.imagenet[:n].mean(axis=0))
    row = feature_row(whole, (e.vectors[-1], e.imagenet[-1]), cue_measures(finding)["probability"])
    return row, Embeddings(np.vstack([whole[0][None], e.vectors[n:]]), np.vstack([whole[1][None], e.imagenet[n:]]))


def measure_extra(pixels: np.ndarray, whole: tuple[np.ndarray, np.ndarray], cue_probability: float,
                  views: Sequence[tuple[BBox, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows (whole figure, extra view) of a figure's extra views (ExtraViews.boxes), and
    each view's ImageNet probabilities: a candidate's crop grown by a margin as the best box's, a
    tile cut as it is."""
    inputs = [crop_input(pixels, box, margin=0.0 if what.startswith("tile") else 0.1) for box, what in views]
    e = embed(np.stack(inputs))
    return (np.stack([feature_row(whole, (e.vectors[i], e.imagenet[i]), cue_probability) for i in range(len(inputs))]),
            e.imagenet)


def _example(e: dict) -> ShapeExample:
    url = f"https://github.com/{e['source_repo']}/blob/{e['commit']}/{e['path']}"
    if e.get("page"):
        url += f"#page={e['page']}"
    return ShapeExample(id=e["id"], label=int(e["label"]), style=e["style"], similarity=e["similarity"], source=url)


def recognise(pixels: np.ndarray, finding: ShapeFinding, model: Optional[Recogniser] = None,
              candidates: Sequence[tuple[BBox, float]] = ()) -> ShapeFinding:
    """The cue detector's finding (bbox in input pixels) with the recogniser's verdict: the score
    becomes the calibrated probability, the flag its threshold (under the union and rescue rules a
    figure the cue detector flags stays flagged, with the cue detector's score when that is higher);
    box, axis and cues stay, and the nearest training figures come along. A figure the model does
    not consult (Recogniser.consults: the rescue gate) comes back as it is. A figure the detector
    rejected early is re-scored when the model says so for that reason (training/train_recogniser.py
    measures each choice: the detector's chart test also fires on photos and drawings with a grid);
    flagged, its box is the whole figure and the rejection becomes a cue. Other rejections (too
    small, blank) stay. With extra views (model.extra; `candidates`: the cue detector's candidate
    boxes and probabilities) the probability is the highest over the views, and a flag the
    recogniser adds takes the box of the view that scored it."""
    model = model or load_recogniser()
    if model is None or not model.consults(finding):
        return finding
    measures = cue_measures(finding)
    row, e = measure_figure(pixels, finding, model)
    rows, imagenet = row[None], e.imagenet[-1:]
    boxes: list[Optional[tuple[BBox, str]]] = [None]  # the best box's row first, then each extra view's
    h, w = np.asarray(pixels).shape[:2]
    views = model.extra.boxes(float(w), float(h), candidates)
    if views:
        more, more_imagenet = measure_extra(pixels, (e.vectors[0], e.imagenet[0]), measures["probability"], views)
        rows, boxes, imagenet = np.vstack([rows, more]), boxes + list(views), np.vstack([imagenet, more_imagenet])
    ps = model.probability(rows, finding.flag)
    best = int(np.argmax(ps))
    p, row = float(ps[best]), rows[best]
    flag = p >= model.threshold or (model.union and finding.flag)
    examples = [_example(x) for x in model.nearest(row)]
    alike = "; ".join(f"{x.id} ({'body' if x.label else 'no body'}, {x.style}, {x.similarity:.2f}) {x.source}"
                      for x in examples)
    cue_flag = (", cue detector flags it" + (", its flag stands" if model.union else "")) if finding.flag else ""
    if model.union and flag and not finding.flag:
        cue_flag = ", cue detector does not flag it: added by the recogniser"
    winner = boxes[best]
    seen = f", seen on {winner[1]} ({1 + len(views)} views)" if winner is not None else ""
    verdict = Cue("recogniser", round(p, 3), flag,
                  f"learned recogniser: probability {p:.2f} of a missile-like body (flags at {model.threshold:.2f}; "
                  f"cue model {measures['probability']:.2f}{cue_flag}{seen}, "
                  f"ImageNet missile/projectile {float(imagenet[best][:2].sum()):.2f})")
    alike_cue = Cue("looks_like", float(examples[0].similarity) if examples else 0.0, False,
                    f"nearest training figures: {alike}")
    cues = [*finding.cues[:1], verdict, *finding.cues[1:], alike_cue]  # the cue model's probability stays first
    score = max(p, finding.score) if model.union and finding.flag else p
    found = replace(finding, score=round(score, 4), flag=flag, cues=cues, examples=examples)
    added = flag and not (model.union and finding.flag)
    if finding.rejected is not None and flag:  # the learned verdict overrides the early rejection; the box is the figure
        cues.insert(1, Cue("cue_detector", 0.0, False, f"cue detector rejected it early: {finding.rejected}"))
        found = replace(found, rejected=None, bbox=(0.0, 0.0, float(w), float(h)))
    if added and winner is not None:  # the body is where the view that scored it is; the best box's axis is not its axis
        found = replace(found, bbox=winner[0], axis=None, twin=None)
    return found
