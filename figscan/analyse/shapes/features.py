"""The cue records the model reads: one silhouette's width profile, how it sits in its figure,
and the whole figure's measures. Their fields, in declaration order, are the model's features
(FEATURE_NAMES); a model trained on other features is refused (scoring.model_probabilities)."""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

Point = tuple[float, float]


@lru_cache(maxsize=None)
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


def _feature_values(record: Any) -> list[float]:
    """A record's fields in declaration order, as model inputs (tuples spread out)."""
    out: list[float] = []
    for name in _field_names(type(record)):
        value = getattr(record, name)
        out += [float(v) for v in value] if isinstance(value, tuple) else [float(value)]
    return out


@dataclass(frozen=True)
class Profile:
    """Width-profile cues of one silhouette along its main axis, nose end first (model features,
    in this order)."""
    elong: float  # length / median body width
    elong_max: float  # length / largest width
    mirror: float  # IoU of the silhouette and its mirror image about the axis
    plateau: float  # share of the length within plateau_tol of the body width (a cylinder)
    nose_taper: float  # share of the length before the width first reaches 0.9 body widths
    nose_monotone: float  # share of the nose where the width does not shrink
    tip: float  # width at the nose end / body width
    fin_bulge: float  # largest width in the tail third / body width
    tail_w: float  # width at the tail end / body width
    tail_taper: float  # share of the length after the width last reaches 0.9 body widths
    max_pos: float  # where the widest point is, share of the length from the nose
    wmax_ratio: float  # largest width / body width
    roughness: float  # mean change of width between bins, in body widths
    mid_cv: float  # spread of the width over the middle, in body widths
    solidity: float  # area / convex hull area
    defects: float  # convexity defects deeper than 0.15 body widths
    rect_fill: float  # area / (length x largest width)
    angle: float  # axis angle from the horizontal, degrees 0..90
    asym: float  # mean difference of the extents above and below the axis, in body widths
    widths: tuple[float, ...]  # the width at 16 points from nose to tail, in body widths (capped at 4)


@dataclass(frozen=True)
class BlobMeasures:
    """How a silhouette sits in its figure (model features, in this order)."""
    area_frac: float  # silhouette area / figure area
    ink_share: float  # its ink / all ink of the figure
    ink_density: float  # its ink / its area
    holes: float  # log(1 + enclosed non-ink regions)
    variant: float  # the silhouette source's code (VARIANTS)
    bbox_frac: float  # box area / figure area
    border: float  # figure sides its box touches
    shock: float  # bow-shock strength over the figure's line level (bow_shock)
    shock_standoff: float  # the shock's distance ahead of the nose, body widths


@dataclass
class FigureMeasures:
    """Whole-figure measures, the same for every candidate of the figure (model features, in
    this order; early rejections leave the ones not measured at 0)."""
    ink_frac: float = 0.0
    text_frac: float = 0.0
    n_words: float = 0.0
    num_rows: float = 0.0
    num_cols: float = 0.0
    hlines: float = 0.0
    vlines: float = 0.0
    ticks: float = 0.0
    boxes: float = 0.0
    boxes_text: float = 0.0
    n_blobs: float = 0.0
    photo: float = 0.0
    colour: float = 0.0
    aspect: float = 0.0
    small: float = 0.0
    chart_masked: float = 0.0
    ncolours: float = 0.0
    texture: float = 0.0
    masked: float = 0.0  # share of the figure blanked out as tables, title blocks, boxes of text and plot areas


@dataclass(frozen=True)
class Candidate:
    """One candidate silhouette: its cues, and where it is (analysis pixels)."""
    profile: Profile
    blob: BlobMeasures
    box: tuple[int, int, int, int]
    nose: Point
    tail: Point
    length: float
    variant_name: str

    def vector(self, figure: FigureMeasures) -> list[float]:
        """The model's input row, in FEATURE_NAMES order; non-finite values become 0."""
        v = _feature_values(self.profile) + _feature_values(self.blob) + _feature_values(figure)
        return [x if math.isfinite(x) else 0.0 for x in v]


PROFILE_FEATURES = [f.name for f in fields(Profile) if f.name != "widths"] + [f"r{i:02d}" for i in range(16)]
BLOB_FEATURES = [f.name for f in fields(BlobMeasures)]
GLOBAL_FEATURES = [f.name for f in fields(FigureMeasures)]
FEATURE_NAMES = PROFILE_FEATURES + BLOB_FEATURES + GLOBAL_FEATURES
