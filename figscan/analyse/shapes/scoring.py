"""From cue vectors to a figure's probability: the gradient-boosted trees walked with numpy (no
sklearn at runtime), the hand rule when no model is present, repeated and separate bodies, and
the cues a reviewer reads."""
from __future__ import annotations

from typing import Optional

import numpy as np

from figscan import geometry
from figscan.analyse.shapes.features import FEATURE_NAMES, Candidate, Profile
from figscan.analyse.shapes.params import ShapeParams
from figscan.model import Cue

_COMPILED: dict[int, tuple] = {}


def _compiled(model: dict) -> tuple:
    """The model's trees as padded arrays (feature, threshold, child per branch, value), with
    leaves pointing at themselves, so that all trees walk one level per numpy step."""
    key = id(model)
    if key not in _COMPILED:
        trees = model["trees"]
        n = max(len(t["left"]) for t in trees)
        feat = np.zeros((len(trees), n), np.intp)
        thr = np.zeros((len(trees), n))
        left = np.tile(np.arange(n), (len(trees), 1))
        right, value = left.copy(), np.zeros((len(trees), n))
        for i, t in enumerate(trees):
            k = len(t["left"])
            inner = np.array(t["left"]) >= 0
            feat[i, :k] = np.where(inner, t["feature"], 0)
            thr[i, :k] = t["threshold"]
            left[i, :k] = np.where(inner, t["left"], np.arange(k))
            right[i, :k] = np.where(inner, t["right"], np.arange(k))
            value[i, :k] = t["value"]
        depth = _depth(trees)
        _COMPILED[key] = (model, feat, thr, left, right, value, depth)  # the model kept alive: id stays its own
    return _COMPILED[key][1:]


def _depth(trees: list[dict]) -> int:
    def down(t, node):
        return 0 if t["left"][node] < 0 else 1 + max(down(t, t["left"][node]), down(t, t["right"][node]))
    return max(down(t, 0) for t in trees)


def model_probabilities(X: np.ndarray, model: Optional[dict]) -> Optional[np.ndarray]:
    """Probabilities of candidate rows X (n, len(FEATURE_NAMES)) from the JSON tree dump: the
    members' summed leaf values, no sklearn at runtime."""
    if not model or model.get("features") != FEATURE_NAMES:
        return None
    feat, thr, left, right, value, depth = _compiled(model)
    X = np.asarray(X, float).reshape(-1, len(FEATURE_NAMES))
    trees = np.arange(feat.shape[0])
    node = np.zeros((len(X), feat.shape[0]), np.intp)
    for _ in range(depth):
        f = feat[trees, node]
        go_left = np.take_along_axis(X, f.reshape(len(X), -1), axis=1) <= thr[trees, node]
        node = np.where(go_left, left[trees, node], right[trees, node])
    z = model["init"] + model["learning_rate"] * value[trees, node].sum(axis=1)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def rule_probability(c: Profile, p: ShapeParams) -> float:
    """Fallback hand rule when no trained model is present (notes §4: weighted fired cues)."""
    fired = [p.elongation_min <= c.elong <= p.elongation_max, c.mirror >= p.mirror_iou_min,
             c.plateau >= p.plateau_min, p.nose_taper_min <= c.nose_taper <= p.nose_taper_max,
             c.fin_bulge >= p.fin_bulge_min]
    return float(np.dot(fired, [0.25, 0.15, 0.2, 0.25, 0.15]))


def explain_cues(candidate: Candidate, p: ShapeParams) -> list[Cue]:
    c, b = candidate.profile, candidate.blob
    return [
        Cue("elongation", round(c.elong, 2), p.elongation_min <= c.elong <= p.elongation_max,
            f"length / body width {c.elong:.1f}"),
        Cue("mirror_iou", round(c.mirror, 3), c.mirror >= p.mirror_iou_min,
            f"mirror IoU {c.mirror:.2f} about the main axis"),
        Cue("plateau", round(c.plateau, 3), c.plateau >= p.plateau_min,
            f"cylinder over {c.plateau:.0%} of length"),
        Cue("nose_taper", round(c.nose_taper, 3), p.nose_taper_min <= c.nose_taper <= p.nose_taper_max,
            f"nose taper {c.nose_taper:.0%} of length, monotone {c.nose_monotone:.0%}, tip {c.tip:.2f} of body"),
        Cue("fin_bulge", round(c.fin_bulge, 3), c.fin_bulge >= p.fin_bulge_min,
            f"tail width {c.fin_bulge:.1f}x body width"),
        Cue("solidity", round(c.solidity, 3), False, f"area / convex hull {c.solidity:.2f}"),
        Cue("bow_shock", round(b.shock, 2), b.shock >= p.shock_min,
            f"a curve {b.shock_standoff:.2f} widths ahead of the nose, {b.shock:.1f}x the figure's line level"),
    ]


def figure_probability(boxes: list, probs: np.ndarray, p: ShapeParams) -> tuple[int, Optional[int], float]:
    """(best candidate, its twin or None, the figure's shape probability) from candidate probabilities.

    The best candidate's probability, unless a second, separate body of similar size also scores
    repeat_min or more (see _repeated_body): then 1 - (1 - p1)(1 - p2), since either being
    missile-like will do. training/train_shapes.py scores held-out figures with this too.
    """
    best_i = int(np.argmax(probs))  # the first of equal scores, as candidates come in variant order
    twin_i = _repeated_body(boxes, probs, best_i, p)
    prob = float(probs[best_i])
    if twin_i is not None:
        prob = 1.0 - (1.0 - prob) * (1.0 - float(probs[twin_i]))
    return best_i, twin_i, prob


def _repeated_body(boxes: list, probs: np.ndarray, best_i: int, p: ShapeParams) -> Optional[int]:
    """The most likely candidate that is a second, separate body beside the best one (boxes do
    not overlap, area within repeat_area_ratio) and scores at least repeat_min: rocket icons along
    a trajectory, rows of nose shapes, views of one projectile. None when there is no such twin."""
    box = boxes[best_i]
    area = max(1e-9, geometry.area(box))
    for j in np.argsort(-probs, kind="stable"):
        if probs[j] < p.repeat_min:
            return None
        other = boxes[j]
        if j == best_i or geometry.iou(box, other) > 0:
            continue  # the same body, or one of its fragments
        if 1 / p.repeat_area_ratio <= geometry.area(other) / area <= p.repeat_area_ratio:
            return int(j)
    return None


def separate_bodies(boxes: list, probs: np.ndarray, p: ShapeParams) -> list[int]:
    """Every separate body: candidates scoring shape_min or more, best first, each kept only when
    its box shares at most a tenth of its area with the boxes kept before it (a row of
    projectiles, a side view beside its end-on view: each body gets its own box)."""
    kept: list[int] = []
    for i in np.argsort(-probs, kind="stable"):
        if probs[i] < p.shape_min:
            break
        box = boxes[i]
        if all(geometry.area(geometry.intersection(box, boxes[j])) <= 0.1 * min(geometry.area(box), geometry.area(boxes[j]))
               for j in kept):
            kept.append(int(i))
    return kept
