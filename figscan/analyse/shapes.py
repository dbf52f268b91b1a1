"""Find missile-, rocket- and projectile-like bodies in figure images.

Pure functions on arrays. The detector follows /work/shared/notes/shape-detection.md:

1. reject early what cannot be a body drawing: tiny logos, blank crops, charts (axes with
   numeric tick labels or periodic ticks), tables, mostly-text regions, flowchart/UML boxes;
2. build filled silhouettes of candidate objects (text removed; with and without long
   horizontal/vertical lines; thin bodies cut off the thick ones they touch; plus an edge-based
   variant for photos and renders);
3. read each candidate's width profile along its main axis (elongation, mirror symmetry,
   cylindrical plateau, nose taper, tip, fin bulge) and score the cue vector with a small
   gradient-boosted model trained only on procedurally drawn figures (figscan/data/shape_model.json);
4. words in the figure and caption can lift a borderline score but never flag on their own.

Every decision is reported as named `Cue`s so a reviewer can see why a figure was flagged.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Optional

import cv2
import numpy as np

from figscan import geometry
from figscan.analyse.recogniser import recognise
from figscan.model import Cue, ShapeFinding, Word
from figscan.settings import build, read_toml

__all__ = ["ShapeParams", "analyse_figure", "cue_finding", "draw_overlay", "figure_features", "FEATURE_NAMES"]

_DATA = "figscan.data"
_NUMBER = re.compile(r"^[-+−–]?\(?\d+([.,]\d+)?([eE][-+]?\d+)?\)?%?$|^10[-−]?\d+$")


# --------------------------------------------------------------------------------------------
# parameters

@dataclass(frozen=True)
class ShapeParams:
    """Thresholds of the detector; documented with their provenance in figscan/data/shapes.toml."""
    min_long_side_px: int = 180
    min_short_side_px: int = 24
    analysis_max_side: int = 800
    analysis_min_side: int = 320
    ink_min: float = 28
    ink_max: float = 120
    blank_ink_frac: float = 0.0015
    text_px_pt: float = 11.0
    text_frac: float = 0.06
    word_max_h_frac: float = 0.2
    mostly_text_frac: float = 0.33
    edges_midtone: float = 0.2
    annotation_colour_min: float = 0.05
    faint_ratio: float = 2.0
    regions_colour_min: float = 0.05
    regions_k: int = 6
    regions_side: int = 320
    regions_sample: int = 4000
    regions_top_k: int = 2
    regions_max_frac: float = 0.6
    even_sigma_frac: float = 0.006
    even_ratio: float = 0.4
    even_open_frac: float = 0.15
    photo_colours: int = 600
    photo_texture: float = 0.25
    photo_score_cap: float = 0.7
    close_frac: float = 0.008
    open_frac: float = 0.012
    protrude_frac: float = 0.06
    bridge_gap_frac: float = 1.0
    bridge_offset_frac: float = 0.5
    bridge_angle_deg: float = 15.0
    bridge_cover: float = 0.7
    line_frac: float = 0.35
    top_k: int = 4
    min_blob_frac: float = 0.0012
    profile_bins: int = 64
    plateau_tol: float = 0.12
    min_aligned_numbers: int = 3
    align_tol: float = 0.6
    gap_cv_max: float = 0.35
    axis_frac: float = 0.3
    min_ticks: int = 4
    chart_cover_frac: float = 0.6
    corner_tol: float = 0.03
    table_min_hlines: int = 4
    table_min_words: int = 12
    table_rule_max_frac: float = 0.012
    table_rule_frac: float = 0.15
    left_ink_min: float = 0.25
    free_line_frac: float = 0.04
    free_line_thick: float = 0.005
    frame_line_frac: float = 0.8
    frame_margin_frac: float = 0.08
    box_min_with_text: int = 3
    box_min_area_frac: float = 0.004
    box_rectangularity: float = 0.88
    flag_threshold: float = 0.85
    shape_min: float = 0.73
    word_bonus: float = 0.12
    repeat_min: float = 0.7
    repeat_area_ratio: float = 3.0
    elongation_min: float = 3.0
    elongation_max: float = 30.0
    mirror_iou_min: float = 0.7
    plateau_min: float = 0.25
    nose_taper_min: float = 0.06
    nose_taper_max: float = 0.5
    fin_bulge_min: float = 1.3
    shock_min: float = 1.5
    shock_line_frac: float = 0.012
    shock_noise_floor: float = 4.0
    shock_fan_deg: float = 75.0
    shock_rays: int = 31
    shock_reach: float = 2.5
    shock_sample_px: float = 1.0
    shock_margin: float = 0.015
    shock_step: float = 0.1
    terms: tuple[str, ...] = ("missile", "rocket", "projectile")
    use_recogniser: bool = False  # the learned recogniser re-scores findings (shapes.toml [recogniser])
    model: Optional[dict] = field(default=None, compare=False, hash=False, repr=False)

    @classmethod
    def load(cls, path: Any = None, model_path: Any = None) -> "ShapeParams":
        """Read shapes.toml (all sections flattened) and the trained model shape_model.json."""
        raw, where = read_toml(Path(path) if path is not None else "shapes.toml")
        flat: dict[str, Any] = {}
        for section in raw.values():
            if isinstance(section, dict):
                flat.update(section)
        params = build(cls, flat, where)
        return replace(params, model=_load_model(model_path))


def _load_model(path: Any = None) -> Optional[dict]:
    try:
        if path is None:
            text = resources.files(_DATA).joinpath("shape_model.json").read_text()
        else:
            text = open(path, encoding="utf-8").read()
        return json.loads(text)
    except (FileNotFoundError, OSError, ValueError):
        return None


@lru_cache(maxsize=1)
def _default_params() -> ShapeParams:
    return ShapeParams.load()


# --------------------------------------------------------------------------------------------
# image preparation

def _as_rgb(pixels: np.ndarray) -> Optional[np.ndarray]:
    """Coerce any array to H x W x 3 uint8, or None when it has no usable area."""
    a = np.asarray(pixels)
    if a.ndim == 2:
        a = a[:, :, None]
    if a.ndim != 3 or a.shape[0] < 2 or a.shape[1] < 2 or a.shape[2] < 1:
        return None
    if a.shape[2] == 1:
        a = np.repeat(a, 3, axis=2)
    elif a.shape[2] > 3:
        a = a[:, :, :3]
    elif a.shape[2] == 2:
        a = np.concatenate([a, a[:, :, :1]], axis=2)
    if a.dtype != np.uint8:
        a = np.nan_to_num(a.astype(np.float64))
        if a.max() <= 1.0:
            a = a * 255.0
        a = np.clip(a, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(a)


def _analysis_scale(h: int, w: int, p: ShapeParams) -> float:
    long_side = max(h, w)
    s = p.analysis_max_side / long_side if long_side > p.analysis_max_side else 1.0
    if long_side * s < p.analysis_min_side:
        s = min(p.analysis_min_side / long_side, 3.0)
    return s


def _background(rgb: np.ndarray) -> np.ndarray:
    """Background colour = median of a 2-px border (figures are cropped with a margin)."""
    b = max(1, min(2, min(rgb.shape[:2]) // 4))
    border = np.concatenate([rgb[:b].reshape(-1, 3), rgb[-b:].reshape(-1, 3),
                             rgb[:, :b].reshape(-1, 3), rgb[:, -b:].reshape(-1, 3)])
    return np.median(border, axis=0)


def _ink_mask(rgb: np.ndarray, p: ShapeParams) -> tuple[np.ndarray, np.ndarray, float]:
    """Foreground: colour distance to the background above a clipped Otsu threshold.

    Returns the mask, the distance image and the threshold."""
    bg = _background(rgb).astype(np.uint8)
    red, green, blue = cv2.split(rgb)  # per channel, OpenCV's uint8 difference is exact and far faster than numpy's
    d = cv2.max(cv2.max(cv2.absdiff(red, int(bg[0])), cv2.absdiff(green, int(bg[1]))), cv2.absdiff(blue, int(bg[2])))
    if d.max() == 0:
        return np.zeros(d.shape, bool), d, 0.0
    t, _ = cv2.threshold(d, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    t = float(np.clip(t, p.ink_min, p.ink_max))
    return d > t, d, t


# --------------------------------------------------------------------------------------------
# words

def _scaled_words(words: list[Word], s: float, shape: tuple[int, int], p: ShapeParams) -> list[tuple]:
    """Word boxes in analysis pixels: (text, x0, y0, x1, y1), clipped, text-sized only."""
    h, w = shape
    out = []
    for wd in words or []:
        try:
            x0, y0, x1, y1 = (float(v) * s for v in wd.bbox)
            text = str(wd.text)
        except (TypeError, ValueError, AttributeError):
            continue
        if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
            continue
        x0, x1 = sorted((max(0.0, min(w, x0)), max(0.0, min(w, x1))))
        y0, y1 = sorted((max(0.0, min(h, y0)), max(0.0, min(h, y1))))
        if x1 - x0 < 1 or y1 - y0 < 1 or (y1 - y0) > p.word_max_h_frac * h:
            continue
        out.append((text, x0, y0, x1, y1))
    return out


def _components(mask: np.ndarray) -> tuple:
    """8-connected components with stats, as cv2.connectedComponentsWithStats gives them.

    Grana's block-based labelling (BBDT) gives the same labels as OpenCV's default at about half
    the cost with stats (timed on 400 and 800 px masks); under cProfile over generated figures,
    labelling was a third of all detector time."""
    return cv2.connectedComponentsWithStatsWithAlgorithm(mask.astype(np.uint8), 8, cv2.CV_32S, cv2.CCL_GRANA)


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip().replace("\u2212", "-")))


def _aligned_groups(keys: list[float], tol: float) -> list[list[int]]:
    """Group item indexes whose `keys` agree within tol (same row or same column)."""
    order = np.argsort(keys)
    groups: list[list[int]] = []
    for i in order:
        if groups and abs(keys[i] - np.mean([keys[j] for j in groups[-1]])) <= tol:
            groups[-1].append(int(i))
        else:
            groups.append([int(i)])
    return groups


def _regular(values: list[float], min_n: int, cv_max: float) -> bool:
    """True when >= min_n distinct values are (nearly) evenly spaced: tick labels, table rows."""
    v = np.unique(np.round(values, 1))
    if len(v) < min_n:
        return False
    gaps = np.diff(v)
    if gaps.min() <= 0:
        return False
    return float(gaps.std() / max(gaps.mean(), 1e-6)) <= cv_max


def _numeric_axes(words: list[tuple], p: ShapeParams, any_text: bool = False
                  ) -> tuple[list[list[tuple]], list[list[tuple]], list[tuple]]:
    """Rows and columns of regularly spaced numbers (tick labels / table columns): the boxes of
    each row, of each column, and all of them.

    With any_text, every box counts (glyph clusters of a raster figure without a text layer).
    """
    nums = [w for w in words if any_text or _is_number(w[0])]
    if len(nums) < p.min_aligned_numbers:
        return [], [], []
    hmed = float(np.median([w[4] - w[2] for w in nums]))
    tol = max(1.0, p.align_tol * hmed)
    cx = [(w[1] + w[3]) / 2 for w in nums]
    cy = [(w[2] + w[4]) / 2 for w in nums]
    right = [w[3] for w in nums]
    used: set[int] = set()
    rows = []
    for g in _aligned_groups(cy, tol):
        if _regular([cx[i] for i in g], p.min_aligned_numbers, p.gap_cv_max):
            rows.append([nums[i] for i in g])
            used.update(g)
    cols: list[list[tuple]] = []
    for key in (right, cx):
        found = []
        for g in _aligned_groups(key, tol):
            if _regular([cy[i] for i in g], p.min_aligned_numbers, p.gap_cv_max):
                found.append([nums[i] for i in g])
                used.update(g)
        if len(found) > len(cols):
            cols = found
    return rows, cols, [nums[i] for i in sorted(used)]


def _beside_axis(groups: list[list[tuple]], lines: list[tuple[int, int, int]], vertical: bool) -> int:
    """How many label rows (or columns, `vertical`) run along a long line just beside them, as
    tick labels run along their axis: within three label heights of it, over at least 70% of
    the labels' extent. Station numbers above a drawing and a table's numbers are not."""
    n = 0
    for g in groups:
        hmed = float(np.median([b[4] - b[2] for b in g]))
        if vertical:
            a, b = min(w[2] for w in g), max(w[4] for w in g)
            near = [min(abs(pos - min(w[1] for w in g)), abs(pos - max(w[3] for w in g))) for pos, _, _ in lines]
        else:
            a, b = min(w[1] for w in g), max(w[3] for w in g)
            cy = float(np.mean([(w[2] + w[4]) / 2 for w in g]))
            near = [abs(pos - cy) for pos, _, _ in lines]
        n += any(d <= 3 * hmed and min(b, lb) - max(a, la) >= 0.7 * (b - a)
                 for d, (_, la, lb) in zip(near, lines))
    return n


def _tick_label_corner(boxes: list[tuple]) -> bool:
    """Aligned label clusters that sit like tick labels without visible axes: a row along the
    bottom and a column along the left of the same region (plots whose axes are too faint)."""
    if not boxes:
        return False
    xs0, ys1 = [b[1] for b in boxes], [b[4] for b in boxes]
    hmed = float(np.median([b[4] - b[2] for b in boxes]))
    left = [b for b in boxes if b[1] <= min(xs0) + 2 * hmed]
    bottom = [b for b in boxes if b[4] >= max(ys1) - 2 * hmed]
    return len(left) >= 3 and len(bottom) >= 3 and len({*map(id, left), *map(id, bottom)}) >= 6


def _glyph_words(mask: np.ndarray, s: float, p: ShapeParams) -> list[tuple]:
    """Pseudo-words of a raster figure: text-sized components merged along their row."""
    h, w = mask.shape
    n, lab, stats, _ = _components(mask)
    if n <= 1:
        return []
    limit = min(p.text_frac * max(h, w), p.text_px_pt * 150.0 / 72.0 * s)
    hs, ws = stats[1:, 3], stats[1:, 2]
    glyph = np.zeros(n, bool)
    glyph[1:] = (np.maximum(hs, ws) < limit) & (hs >= 3)
    if glyph.sum() < 3:
        return []
    gh = float(np.median(stats[1:, 3][glyph[1:]]))
    g = glyph[lab].astype(np.uint8)
    g = cv2.dilate(g, cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, int(0.6 * gh)), 1)))
    m, lab2, st2, _ = _components(g)
    return [("?", float(x), float(y), float(x + bw), float(y + bh)) for x, y, bw, bh, _ in st2[1:]
            if bh < 2.5 * gh]


def _word_terms(words: list[Word], caption: str, p: ShapeParams) -> list[str]:
    text = " ".join([str(getattr(w, "text", "")) for w in words or []] + [caption or ""]).lower()
    hits = []
    for t in p.terms:
        try:
            m = re.search(t, text)
        except re.error:
            continue
        if m:
            hits.append(m.group(0).strip())
    return sorted(set(hits))


# --------------------------------------------------------------------------------------------
# lines, ticks, boxes

def _long_lines(mask: np.ndarray, frac: float) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ink runs longer than frac of the width / height (morph. opening)."""
    h, w = mask.shape
    m = mask.astype(np.uint8)
    kh = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(frac * w)), 1))
    kv = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, int(frac * h))))
    return cv2.morphologyEx(m, cv2.MORPH_OPEN, kh) > 0, cv2.morphologyEx(m, cv2.MORPH_OPEN, kv) > 0


def _line_positions(lines: np.ndarray, axis: int, max_thick: float = math.inf) -> list[tuple[int, int, int]]:
    """Rows (axis=0) or columns (axis=1) carrying a long line: (position, start, end); a band of
    adjacent rows or columns is one line, and is left out when more than max_thick thick."""
    prof = lines.any(axis=1 - axis) if axis == 0 else lines.any(axis=0)
    out = []
    idx = np.flatnonzero(prof)
    if idx.size == 0:
        return out
    splits = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    for run in splits:
        if run.size > max_thick:
            continue
        pos = int(run[len(run) // 2])
        line = lines[pos] if axis == 0 else lines[:, pos]
        nz = np.flatnonzero(line)
        if nz.size:
            out.append((pos, int(nz[0]), int(nz[-1])))
    return out


def _ticks_along(mask: np.ndarray, pos: int, a: int, b: int, axis: int, p: ShapeParams) -> int:
    """Count regular short stubs just beside a long line (tick marks): 0 when none or irregular.

    Looks at a thin band right next to the line (inside and outside), past the line's own
    thickness, so tick labels further out do not blur the stub pattern.
    """
    img = mask if axis == 0 else mask.T
    n = img.shape[0]
    seg = slice(a, b + 1)
    best = 0
    for sign in (-1, 1):
        k = _past_line(img, pos, seg, sign)
        lo, hi = sorted((k + sign, k + sign * 4))
        lo, hi = max(0, lo), min(n, hi + 1)
        if hi - lo < 2:
            continue
        col = img[lo:hi, seg].any(axis=0)
        if col.mean() > 0.5:  # a filled band (hatching, shading), not ticks
            continue
        idx = np.flatnonzero(col)
        if idx.size == 0:
            continue
        runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
        centres = [float(r.mean()) for r in runs if len(r) <= 6]
        if len(centres) >= p.min_ticks and _regular(centres, p.min_ticks, p.gap_cv_max):
            best = max(best, len(centres))
    return best


def _past_line(img: np.ndarray, pos: int, seg: slice, sign: int) -> int:
    """The last row from pos in direction sign whose ink covers more than half of seg: the far
    edge of a line's thickness. Rows are read in growing blocks, not one by one, because a
    filled bar or slab beside an axis can be hundreds of rows thick."""
    n, k, block = img.shape[0], pos, 8
    while 0 <= k + sign < n:
        ends = (k + sign, k + sign * block)
        lo, hi = max(0, min(ends)), min(n - 1, max(ends))
        covered = img[lo:hi + 1, seg].mean(axis=1) > 0.5
        if sign < 0:
            covered = covered[::-1]
        stop = np.flatnonzero(~covered)
        if stop.size:
            return k + sign * int(stop[0])
        k += sign * covered.size
        block *= 2
    return k


def _corners(hpos: list[tuple[int, int, int]], vpos: list[tuple[int, int, int]], tol: float
             ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """The long horizontal and vertical lines that meet another end to end (an L): a plot's axes.

    A drawing's dimension line meets its extension lines in an L too; its ticks tell them apart
    (see _analyse: the ticks must stand on a line of the L)."""
    h_in, v_in = [], []
    for line in hpos:
        y, xa, xb = line
        for other in vpos:
            x, ya, yb = other
            if min(abs(x - xa), abs(x - xb)) <= tol and min(abs(y - ya), abs(y - yb)) <= tol:
                h_in.append(line)
                v_in.append(other)
    return h_in, v_in


def _table_regions(ink: np.ndarray, words: list[tuple], p: ShapeParams) -> list[tuple[int, int, int, int]]:
    """Boxes of ruled tables: parts lists, title blocks, data tables (analysis pixels).

    A table is a run of at least table_min_hlines - 1 rows: horizontal rules that start and end
    together (within corner_tol), each band between two of them no taller than four word heights
    and holding words (at least table_min_words in all). A drawing's frame shares its ends too,
    but its band is the whole sheet; stacked dimension lines rarely make three rows with words."""
    h, w = ink.shape
    if len(words) < p.table_min_words:
        return []
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(p.table_rule_frac * w)), 1))
    hl = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_OPEN, kernel) > 0
    rules = _line_positions(hl, 0, p.table_rule_max_frac * max(h, w))
    tol = p.corner_tol * w
    row_max = 4 * float(np.median([wd[4] - wd[2] for wd in words]))
    centres = [((wd[1] + wd[3]) / 2, (wd[2] + wd[4]) / 2) for wd in words]
    regions: list[tuple[int, int, int, int]] = []
    done: set[int] = set()
    for i, (_, a, b) in enumerate(rules):
        if i in done:
            continue
        group = [j for j, (_, ja, jb) in enumerate(rules) if abs(ja - a) <= tol and abs(jb - b) <= tol]
        done.update(group)
        ys = sorted(rules[j][0] for j in group)
        run: list[int] = []  # rule positions of the current run of rows
        runs = []
        for y0, y1 in zip(ys, ys[1:]):
            n_in = sum(a <= cx <= b and y0 < cy < y1 for cx, cy in centres)
            if y1 - y0 <= row_max:
                run = (run or [y0]) + [y1]
                if n_in == 0 and y1 - y0 > row_max / 2:  # an empty band counts only as a narrow gap
                    runs.append(run[:-1])
                    run = [y1]
            else:
                runs.append(run)
                run = []
        runs.append(run)
        for r in runs:
            if len(r) < p.table_min_hlines:
                continue
            n_words = sum(a <= cx <= b and r[0] < cy < r[-1] for cx, cy in centres)
            if n_words >= p.table_min_words:
                regions.append((int(a), int(r[0]), int(b) + 1, int(r[-1]) + 1))
    return regions


def _photo_measures(rgb: np.ndarray, grey: np.ndarray) -> tuple[int, float]:
    """Distinct colours (16 levels a channel) and share of fine-textured pixels.

    Drawings and renders use few colours and have flat areas; photographs have thousands of
    colours and fine texture (sensor noise, surfaces) almost everywhere.
    """
    q = (rgb >> 4).reshape(-1, 3).astype(np.int32)
    ncol = int(np.count_nonzero(np.bincount(q[:, 0] * 256 + q[:, 1] * 16 + q[:, 2], minlength=4096)))
    g = grey.astype(np.float32)
    d = np.abs(g - cv2.GaussianBlur(g, (0, 0), 1.0))
    return ncol, float(((d > 1.5) & (d < 12)).mean())


def _chart_region(lines: np.ndarray, num_boxes: list[tuple], shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """Bounding box of a chart: its tick labels plus the axis lines touching them, with a margin."""
    h, w = shape
    m = int(0.06 * max(h, w))
    pts_x = [v for b in num_boxes for v in (b[1], b[3])]
    pts_y = [v for b in num_boxes for v in (b[2], b[4])]
    n, lab, stats, _ = _components(lines)
    has_nums = bool(pts_x)
    if has_nums:
        nx0, ny0, nx1, ny1 = min(pts_x) - m, min(pts_y) - m, max(pts_x) + m, max(pts_y) + m
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if not has_nums or (x <= nx1 and x + bw >= nx0 and y <= ny1 and y + bh >= ny0):  # touches the labels
            pts_x += [x, x + bw]
            pts_y += [y, y + bh]
    if not pts_x:
        return 0, 0, w, h
    return (max(0, int(min(pts_x)) - m), max(0, int(min(pts_y)) - m),
            min(w, int(max(pts_x)) + m), min(h, int(max(pts_y)) + m))


def _boxes(mask: np.ndarray, words: list[tuple], p: ShapeParams) -> tuple[int, list[tuple[int, int, int, int]]]:
    """Closed axis-aligned rectangles (flowchart/UML/table cells): their count, and the boxes
    (x0, y0, x1, y1) of those holding words."""
    h, w = mask.shape
    m = cv2.dilate(mask.astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, hier = cv2.findContours(m, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hier is None:
        return 0, []
    n = 0
    with_text = []
    min_area = p.box_min_area_frac * h * w
    for c, hh in zip(contours, hier[0]):
        if hh[3] < 0:  # only holes: the white inside of a box
            continue
        x, y, bw, bh = cv2.boundingRect(c)
        area = cv2.contourArea(c)
        if area < min_area or bw * bh > 0.8 * h * w or area < p.box_rectangularity * bw * bh:
            continue
        n += 1
        if any(x <= (wd[1] + wd[3]) / 2 <= x + bw and y <= (wd[2] + wd[4]) / 2 <= y + bh for wd in words):
            with_text.append((x - 2, y - 2, x + bw + 2, y + bh + 2))  # the box's own lines too
    return n, with_text


def _masked(ink: np.ndarray, words: list[tuple], regions: list[tuple[int, int, int, int]]
            ) -> tuple[np.ndarray, list[tuple], np.ndarray]:
    """Ink and words with regions blanked out (tables, title blocks, plot areas, text boxes),
    and the mask of what was blanked."""
    blank = np.zeros(ink.shape, bool)
    for x0, y0, x1, y1 in regions:
        blank[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = True
    def inside(wd: tuple) -> bool:
        return bool(blank[min(int((wd[2] + wd[4]) / 2), blank.shape[0] - 1), min(int((wd[1] + wd[3]) / 2), blank.shape[1] - 1)])
    return ink & ~blank, [wd for wd in words if not inside(wd)], blank


def _frame(hl: np.ndarray, vl: np.ndarray, p: ShapeParams) -> np.ndarray:
    """A drawing sheet's border: rows (columns) within frame_margin_frac of the figure's edge
    whose long horizontal (vertical) lines `hl` (`vl`) cover at least frame_line_frac of the
    side, on all four sides. It encloses everything, and filling would make the whole sheet one
    blob."""
    h, w = hl.shape
    out = np.zeros((h, w), bool)
    rows = np.flatnonzero(hl.sum(axis=1) >= p.frame_line_frac * w)
    rows = rows[(rows <= p.frame_margin_frac * h) | (rows >= (1 - p.frame_margin_frac) * h)]
    cols = np.flatnonzero(vl.sum(axis=0) >= p.frame_line_frac * h)
    cols = cols[(cols <= p.frame_margin_frac * w) | (cols >= (1 - p.frame_margin_frac) * w)]
    sides = ((rows < h / 2).any(), (rows > h / 2).any(), (cols < w / 2).any(), (cols > w / 2).any())
    if not all(sides):  # a body cropped tight has long edges at the crop too, but not on all four sides
        return out
    out[rows] = hl[rows]
    out[:, cols] |= vl[:, cols]
    return out


def _free_lines(mask: np.ndarray, words: list[tuple], p: ShapeParams) -> np.ndarray:
    """Thin horizontal and vertical straight lines with a free end: dimension, extension,
    station, centre and leader lines.

    They cross a drawn body's outline or end on it and run on beyond it, and with it they close
    loops that filling turns into one blob with the annotations. A body's own straight edges
    (a cylinder's generators, a fin's edges, a section line) end where other ink goes on, so
    they stay. Lines at least free_line_frac of the long side, through the lines they cross, and
    at most free_line_thick of it thick (a filled body is thick all round); an end is free when
    no other ink lies within 2 px of it. A dimension line goes with them: both its ends land on
    such lines and a word (its value) stands beside it. Where a free line runs from one object
    to the same object again (a body's flat base that an extension line continues down to a
    dimension line), that stretch is the object's edge and stays."""
    h, w = mask.shape
    m = mask.astype(np.uint8)
    k = max(9, int(round(p.free_line_frac * max(h, w))))
    t = max(3, int(round(p.free_line_thick * max(h, w)))) + 1
    filled = cv2.morphologyEx(m, cv2.MORPH_OPEN, np.ones((t, t), np.uint8)) > 0  # thick all round: not a line
    found = []  # (vertical, box, the line in its box)
    held = []  # lines with no free end: (vertical, box, line, its first and last position along)
    for vertical in (False, True):
        along = (1, k) if vertical else (k, 1)
        lines = (cv2.morphologyEx(m, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along)) > 0) & ~filled
        n, lab, stats, _ = _components(lines)
        for i in range(1, n):
            x, y, bw, bh, _ = (int(v) for v in stats[i])
            if (bh if vertical else bw) < k:
                continue
            box = (slice(max(0, y - 3), y + bh + 3), slice(max(0, x - 3), x + bw + 3))
            line = lab[box] == i
            own = cv2.dilate(line.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
            touching = (mask[box] & ~own).any(axis=1 if vertical else 0)  # the line's own halo aside
            along_ink = np.flatnonzero(line.any(axis=1) if vertical else line.any(axis=0))
            first, last = int(along_ink[0]), int(along_ink[-1])
            if not touching[max(0, first - 2):first + 3].any() or not touching[max(0, last - 2):last + 3].any():
                found.append((vertical, box, line))
            else:
                held.append((vertical, box, line, first, last))
    out = np.zeros((h, w), bool)
    for _, box, line in found:
        out[box] |= line
    if not found:
        return out
    # dimension lines: both ends, arrowheads and all, land on lines that were found free, and a
    # word (the value) stands beside the line, within two word heights
    reach = max(4, t + 2)  # an arrowhead's length
    for vertical, box, line, first, last in held:
        y0, x0 = box[0].start, box[1].start
        ys, xs = np.nonzero(line)
        ya, yb, xa, xb = y0 + ys.min(), y0 + ys.max(), x0 + xs.min(), x0 + xs.max()
        valued = any((xa - 2 * (wd[4] - wd[2]) <= wd[3] and wd[1] <= xa and ya <= (wd[2] + wd[4]) / 2 <= yb) if vertical else
                     (xa <= (wd[1] + wd[3]) / 2 <= xb and abs((wd[2] + wd[4]) / 2 - (ya + yb) / 2) <= 2 * (wd[4] - wd[2]))
                     for wd in words)
        if not valued:
            continue
        ends = []
        for end in (first, last):
            across = np.flatnonzero(line[end] if vertical else line[:, end])
            a, b = int(across.min()) - 4, int(across.max()) + 5
            step = range(end - reach, end + 4) if end == first else range(end - 3, end + reach + 1)
            lo, hi = max(0, step.start), step.stop
            if vertical:
                window = (slice(y0 + lo, y0 + hi), slice(max(0, x0 + a), x0 + b))
            else:
                window = (slice(max(0, y0 + a), y0 + b), slice(x0 + lo, x0 + hi))
            ends.append(bool(out[window].any()))
        if all(ends):
            out[box] |= line
    left = mask & ~out
    _, rest, _, _ = _components(cv2.dilate(left.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0)
    rest = np.where(left, rest, 0)  # objects as they were before the lines were cut out of them
    for vertical, box, line in found:  # stretches from an object back to the same object stay
        own = cv2.dilate(line.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        near = np.where(own, 0, rest[box])
        if not vertical:
            near, line_t = near.T, line.T
        else:
            line_t = line
        labels_at: list[set[int]] = [set() for _ in range(len(near))]
        rows, cols = np.nonzero(near)  # each row's object labels, from one np.unique (not one per row)
        span = int(near.max()) + 1
        at_row, label = np.divmod(np.unique(rows * span + near[rows, cols]), span)
        for row, found_label in zip(at_row.tolist(), label.tolist()):
            labels_at[row].add(found_label)
        junctions = [i for i, found_labels in enumerate(labels_at) if found_labels]
        keep = np.zeros(len(labels_at), bool)
        for i, a in enumerate(junctions):
            b = next((b for b in junctions[i + 1:] if b - a > 1 and labels_at[a] & labels_at[b]), None)
            if b is not None:
                keep[a:b + 1] = True
        if keep.any():
            kept = line_t & keep[:, None]
            out[box] &= ~(kept if vertical else kept.T)
    return out


# --------------------------------------------------------------------------------------------
# candidates and their width profiles

def _remove_text(mask: np.ndarray, words: list[tuple], s: float, p: ShapeParams) -> np.ndarray:
    """Drop glyphs: components lying mostly inside word boxes, and text-sized components.

    Components that merely cross a word box (an outline under a label) are kept whole, so a
    label written over a body does not cut its silhouette.
    """
    m = mask.copy()
    h, w = m.shape
    n, lab, stats, _ = _components(m)
    if n <= 1:
        return m
    limit = min(p.text_frac * max(h, w), p.text_px_pt * 150.0 / 72.0 * s)
    drop = np.maximum(stats[:, 2], stats[:, 3]) < limit
    if words:
        boxes = np.zeros((h, w), bool)
        for _, x0, y0, x1, y1 in words:
            boxes[int(y0):int(math.ceil(y1)) + 1, int(x0):int(math.ceil(x1)) + 1] = True
        inside = np.bincount(lab[boxes & m], minlength=n)
        drop |= inside > 0.6 * stats[:, 4]
    drop[0] = False
    return m & ~drop[lab]


def _silhouettes(mask: np.ndarray, p: ShapeParams) -> np.ndarray:
    h, w = mask.shape
    k = max(3, int(round(p.close_frac * max(h, w))))
    ker = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    closed = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, ker) > 0
    return fill_holes(closed)


def _protruding(filled: np.ndarray, p: ShapeParams) -> Optional[np.ndarray]:
    """The thin parts standing out of thick silhouettes, or None when nothing is thick.

    A projectile drawn entering a slab, a hull against a block of water or a rocket on its
    launch tower fills one silhouette with it, whose width profile is the slab's. An opening by a
    disc of radius protrude_frac of the figure (two distance transforms: the cost does not grow
    with the disc) keeps the thick part; what it removes is the thin body. A thick part counts
    only when its core is at least the disc's area: a finned tail is thick in one spot, a slab
    is thick all over."""
    inside = cv2.distanceTransform(filled.astype(np.uint8), cv2.DIST_L2, 3)
    radius = p.protrude_frac * max(filled.shape)
    _, labels, stats, _ = _components(inside > radius)
    is_slab = stats[:, cv2.CC_STAT_AREA] >= math.pi * radius ** 2
    is_slab[0] = False  # the background label
    if not is_slab.any():  # nothing thick, or only a finned tail or a nose just over the radius: one body
        return None
    core = is_slab[labels]
    near_core = cv2.distanceTransform((~core).astype(np.uint8), cv2.DIST_L2, 3) <= radius + 1
    return filled & ~near_core


def _bridged(filled: np.ndarray, ink: np.ndarray, p: ShapeParams) -> Optional[np.ndarray]:
    """Pieces of one body cut apart by something drawn over it, joined again; None when no two
    pieces line up.

    A crown or banner across a mission patch's rocket, a label plate across a coloured body:
    the body's colour region comes in pieces on one axis, and no piece alone has nose, body and
    fins. Two pieces join when the second lies on the first's axis (centre within
    bridge_offset_frac of its width, axes within bridge_angle_deg when both are elongated), the
    gap between them is at most bridge_gap_frac of their joint length, and other ink covers at
    least bridge_cover of the gap: an occluder, not empty space, so two rockets in a row stay
    two. The gap is filled between the facing ends' cross-sections."""
    h, w = filled.shape
    n, labels, stats, _ = _components(filled)
    order = [i for i in np.argsort(-stats[1:, cv2.CC_STAT_AREA]) + 1
             if stats[i, cv2.CC_STAT_AREA] >= p.min_blob_frac * h * w][:p.top_k + 2]
    pieces = []
    for i in order:
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        ys, xs = np.nonzero(labels[y:y + bh, x:x + bw] == i)
        pts = np.stack([xs + x, ys + y], axis=1).astype(float)
        centre = pts.mean(axis=0)
        along = np.linalg.eigh(np.cov((pts - centre).T))[1][:, 1]  # the larger eigenvalue's vector
        t = (pts - centre) @ along
        length = float(t.max() - t.min() + 1)
        pieces.append(dict(label=i, pts=pts, centre=centre, along=along, t=t, length=length,
                           width=len(pts) / length))
    pairs = []
    for a in pieces:
        if a["length"] < 1.5 * a["width"]:
            continue  # no axis to line up on
        normal = np.array([-a["along"][1], a["along"][0]])
        for b in pieces:
            if b is a or abs(float((b["centre"] - a["centre"]) @ normal)) > p.bridge_offset_frac * a["width"]:
                continue
            cos = abs(float(a["along"] @ b["along"]))
            if b["length"] >= 1.5 * b["width"] and cos < math.cos(math.radians(p.bridge_angle_deg)):
                continue
            tb = (b["pts"] - a["centre"]) @ a["along"]
            if tb.min() > a["t"].max():
                end_a, end_b = float(a["t"].max()), float(tb.min())
            elif tb.max() < a["t"].min():
                end_a, end_b = float(a["t"].min()), float(tb.max())
            else:
                continue  # side by side, not one behind the other
            gap = abs(end_b - end_a)
            if gap > p.bridge_gap_frac * (a["length"] + b["length"]):
                continue
            pairs.append((gap, a, b, end_a, end_b, normal, tb))
    out = np.zeros((h, w), bool)
    used: set[int] = set()
    for _gap, a, b, end_a, end_b, normal, tb in sorted(pairs, key=lambda q: q[0]):
        if a["label"] in used or b["label"] in used:
            continue
        reach = max(1.0, 0.1 * min(a["length"], b["length"]))  # the facing ends' last tenth
        sa = ((a["pts"] - a["centre"]) @ normal)[np.abs(a["t"] - end_a) <= reach]
        sb = ((b["pts"] - a["centre"]) @ normal)[np.abs(tb - end_b) <= reach]
        corners = [a["centre"] + ta * a["along"] + sv * normal
                   for ta, sv in ((end_a, sa.min()), (end_a, sa.max()), (end_b, sb.max()), (end_b, sb.min()))]
        gap_mask = np.zeros((h, w), np.uint8)
        cv2.fillConvexPoly(gap_mask, np.round(corners).astype(np.int32), 1)
        gap_px = (gap_mask > 0) & ~filled
        if gap_px.any() and ink[gap_px].mean() < p.bridge_cover:
            continue
        out |= (gap_mask > 0) | (labels == a["label"]) | (labels == b["label"])
        used |= {a["label"], b["label"]}
    return out if used else None


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """Background not reachable from the border becomes foreground (4-connected, like
    scipy.ndimage.binary_fill_holes, at a tenth of its cost: one flood fill)."""
    h, w = mask.shape
    outside = np.zeros((h + 2, w + 2), np.uint8)
    outside[1:-1, 1:-1] = mask
    cv2.floodFill(outside, None, (0, 0), 2, flags=4)
    return outside[1:-1, 1:-1] != 2


VARIANTS = {"ink": 0.0, "opened": 1.0, "no-lines": 2.0, "edges": 3.0, "neutral": 4.0, "colour": 5.0, "faint": 6.0,
            "even": 7.0, "protruding": 8.0, "bridged": 9.0, "cut": 10.0, "cut-opened": 11.0}
"""Candidate silhouette sources; the code is a model feature, so it is fixed per source."""


def _colour_regions(rgb: np.ndarray, p: ShapeParams) -> list[np.ndarray]:
    """One mask per main colour (k-means in Lab), the border's colour left out.

    Illustrations, badges and CAD renders draw a body as a flat region of one colour against
    others of similar darkness, which the ink mask merges into one blob; colour keeps them
    apart. Clustered on a copy of at most regions_side px, so the cost is bounded."""
    h, w = rgb.shape[:2]
    f = min(1.0, p.regions_side / max(h, w))
    small = cv2.resize(rgb, (max(2, int(w * f)), max(2, int(h * f))), interpolation=cv2.INTER_AREA) if f < 1 else rgb
    lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB).reshape(-1, 3).astype(np.float32)
    k = min(p.regions_k, len(lab))
    sample = lab[:: max(1, len(lab) // p.regions_sample)]  # centres from a strided sample
    cv2.setRNGSeed(0)  # deterministic clustering: the same figure always gives the same masks
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0)
    _, _, centres = cv2.kmeans(sample, k, None, criteria, 1, cv2.KMEANS_PP_CENTERS)
    nearest = np.argmin(((lab[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
    labels = nearest.reshape(small.shape[:2])
    border = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    background = int(np.bincount(border, minlength=k).argmax())
    masks = []
    for j in range(k):
        m = labels == j
        if j == background or not p.min_blob_frac <= m.mean() <= p.regions_max_frac:
            continue
        if f < 1:
            m = cv2.resize(m.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0
        masks.append(m)
    return masks


def _even_regions(grey: np.ndarray, p: ShapeParams) -> np.ndarray:
    """Pixels far smoother than the figure's grain, cut apart along strong edges.

    A projectile in a shadowgraph blocks the light and shows no film grain; a machined body in a
    photograph is smoother than grass, gravel or sky noise. Its tone may match the background,
    so neither the ink mask nor the colour regions separate it; the lack of texture does."""
    g = grey.astype(np.float32)
    detail = np.abs(g - cv2.GaussianBlur(g, (0, 0), 1.0))
    energy = cv2.GaussianBlur(detail, (0, 0), max(1.5, p.even_sigma_frac * max(g.shape)))
    even = energy < p.even_ratio * float(np.median(energy))
    edges = cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 40, 120)
    return even & ~(cv2.dilate(edges, np.ones((3, 3), np.uint8)) > 0)


def _smoothed(blob: "_Blob", raw: np.ndarray, p: ShapeParams) -> Optional["_Blob"]:
    """An even-region blob opened by a disc of even_open_frac of its own thickness, its largest
    piece kept (as _blobs keeps blobs); None when nothing is left.

    Even regions follow the grain, not the body's edge: where the film is smooth they leak out
    through thin necks, and fringes along the edge fray them. Both are thin beside the body, so an
    opening at the body's own scale removes them and keeps every part as thick as the disc."""
    mask = np.pad(blob.mask.astype(np.uint8), 1)
    thickness = 2.0 * float(cv2.distanceTransform(mask, cv2.DIST_L2, 3).max())
    k = int(round(p.even_open_frac * thickness))
    if k < 3:
        return blob
    opened = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    x0, y0, x1, y1 = blob.box
    placed = np.zeros(raw.shape, bool)
    placed[y0:y1, x0:x1] = opened[1:-1, 1:-1] > 0
    pieces = _blobs(placed, raw, p, 1)
    return pieces[0] if pieces else None


@dataclass(frozen=True)
class _Blob:
    """One filled silhouette: its mask within its box, the box (x0, y0, x1, y1), its area and
    the raw ink pixels under it (analysis pixels)."""
    mask: np.ndarray
    box: tuple[int, int, int, int]
    area: int
    ink: int


def _blobs(filled: np.ndarray, raw: np.ndarray, p: ShapeParams, top_k: int) -> list[_Blob]:
    """The top_k largest silhouettes of a filled mask, each at least min_blob_frac of the figure."""
    h, w = filled.shape
    n, lab, stats, _ = _components(filled)
    order = np.argsort(-stats[1:, 4]) + 1 if n > 1 else []
    out = []
    for i in order[:top_k]:
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if area < p.min_blob_frac * h * w or min(bw, bh) < 3:
            break
        blob = lab[y:y + bh, x:x + bw] == i
        out.append(_Blob(blob, (x, y, x + bw, y + bh), area, int(raw[y:y + bh, x:x + bw][blob].sum())))
    return out


def _align(blob: np.ndarray) -> Optional[tuple[np.ndarray, float, tuple[float, float]]]:
    """Rotate a blob so its principal axis is horizontal; return (aligned mask, angle, centre)."""
    ys, xs = np.nonzero(blob)
    if xs.size < 10:
        return None
    cx, cy = float(xs.mean()), float(ys.mean())
    cov = np.cov(np.vstack([xs - cx, ys - cy]))
    if not np.all(np.isfinite(cov)):
        return None
    evals, evecs = np.linalg.eigh(cov)
    vx, vy = evecs[:, int(np.argmax(evals))]
    angle = math.degrees(math.atan2(vy, vx))
    hh, ww = blob.shape
    diag = int(math.ceil(math.hypot(hh, ww))) + 4  # the centroid may sit anywhere in the box:
    M = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)  # a 2*diag canvas centred on it holds all
    M[0, 2] += diag - cx
    M[1, 2] += diag - cy
    rot = cv2.warpAffine(blob.astype(np.uint8) * 255, M, (2 * diag, 2 * diag), flags=cv2.INTER_NEAREST)
    if cv2.countNonZero(rot) < 10:  # OpenCV's count and box: the canvas is mostly empty
        return None
    x, y, w, h = cv2.boundingRect(rot)
    return rot[y:y + h, x:x + w] > 0, angle, (cx, cy)


def _profile_cues(blob: np.ndarray, p: ShapeParams) -> Optional[tuple["Profile", float, Point, Point]]:
    """Width-profile cues of one silhouette, its length and its axis ends (nose first) in blob
    pixels. None when degenerate or longer than elongation_max widths (a rule, a line: no
    body), which is known before the costlier cues are measured."""
    al = _align(blob)
    if al is None:
        return None
    rot, angle, (cx, cy) = al
    hh, L = rot.shape
    if L < 8 or hh < 2:
        return None
    w_raw = rot.sum(axis=0).astype(float)
    n = p.profile_bins
    xs = np.linspace(0, L - 1, n)
    w = np.interp(xs, np.arange(L), w_raw)
    w = np.convolve(np.pad(w, 1, mode="edge"), np.ones(3) / 3, mode="valid")
    end = max(2, n // 8)
    flipped = w[:end].mean() > w[-end:].mean()
    if flipped:
        w = w[::-1]
    mid = w[int(0.3 * n):int(0.8 * n)]
    wb = float(np.median(mid)) if mid.size else float(np.median(w))
    wmax = float(w.max())
    if wb < 1 or wmax < 1 or L / wb > p.elongation_max:
        return None
    r = w / wb
    reach = np.flatnonzero(r >= 0.9)
    taper = int(reach[0]) if reach.size else n
    seg = np.diff(w[: max(taper, 2)])
    monotone = float((seg >= -0.02 * wb).mean()) if seg.size else 0.0
    back = np.flatnonzero(r[::-1] >= 0.9)
    tail_taper = int(back[0]) if back.size else n
    # mirror symmetry about the horizontal centre line through the centroid
    rows = np.arange(hh)[:, None]
    cyr = float((rows * rot).sum() / max(rot.sum(), 1))
    mirrored = np.zeros_like(rot)
    src = np.clip(np.round(2 * cyr - np.arange(hh)).astype(int), -1, hh)
    valid = (src >= 0) & (src < hh)
    mirrored[valid] = rot[src[valid]]
    inter = float((rot & mirrored).sum())
    union = float((rot | mirrored).sum())
    # convexity / fins
    cnts, _ = cv2.findContours(blob.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    solidity, n_defects = 1.0, 0
    if cnts:
        c = max(cnts, key=cv2.contourArea)
        hull_area = cv2.contourArea(cv2.convexHull(c))
        solidity = float(cv2.contourArea(c) / hull_area) if hull_area > 0 else 1.0
        try:
            hull_idx = cv2.convexHull(c, returnPoints=False)
            if hull_idx is not None and len(hull_idx) > 3 and len(c) > 3:
                d = cv2.convexityDefects(c, hull_idx)
                if d is not None:
                    n_defects = int((d.reshape(-1, 4)[:, 3] / 256.0 > 0.15 * wb).sum())
        except cv2.error:
            pass
    tail = r[int(0.65 * n):]
    # axis end points in blob coordinates (nose first)
    rad = math.radians(angle)
    ux, uy = math.cos(rad), math.sin(rad)
    ys, xs_ = np.nonzero(blob)
    t = (xs_ - cx) * ux + (ys - cy) * uy
    t0, t1 = float(t.min()), float(t.max())
    a = (cx + t0 * ux, cy + t0 * uy)
    b = (cx + t1 * ux, cy + t1 * uy)
    nose, tailp = (b, a) if flipped else (a, b)
    shape16 = np.interp(np.linspace(0, n - 1, 16), np.arange(n), np.minimum(r, 4.0))
    # upper/lower extent about the centre line: asymmetry per bin (sails, single fins, perspective)
    top = np.argmax(rot, axis=0).astype(float)
    bot = (hh - 1 - np.argmax(rot[::-1], axis=0)).astype(float)
    asym_raw = np.abs((cyr - top) - (bot - cyr)) / wb
    asym = float(np.interp(xs, np.arange(L), asym_raw).mean())
    cues = Profile(
        elong=L / wb, elong_max=L / wmax, mirror=inter / union if union else 0.0,
        plateau=float((np.abs(r - 1) < p.plateau_tol).mean()), nose_taper=taper / n,
        nose_monotone=monotone, tip=float(r[:2].mean()), fin_bulge=float(tail.max()),
        tail_w=float(r[-2:].mean()), tail_taper=tail_taper / n, max_pos=float(np.argmax(w) / n),
        wmax_ratio=wmax / wb, roughness=float(np.abs(np.diff(r)).mean()),
        mid_cv=float(mid.std() / wb) if mid.size else 0.0, solidity=solidity,
        defects=float(n_defects), rect_fill=float(rot.sum() / (L * wmax)),
        angle=float(abs(((angle + 90) % 180) - 90)), asym=asym, widths=tuple(float(v) for v in shape16))
    return cues, float(L), nose, tailp


def line_response(grey: np.ndarray, p: ShapeParams) -> np.ndarray:
    """How far each pixel stands out of its neighbourhood's median: high on thin lines of
    either tone (a shock on film, a drawn curve), low on flat areas and broad fills."""
    k = max(3, int(round(p.shock_line_frac * max(grey.shape))) | 1)
    return np.abs(grey.astype(np.float32) - cv2.medianBlur(grey, k).astype(np.float32))


def bow_shock(response: np.ndarray, noise: float, body: np.ndarray, origin: tuple[int, int],
              nose: tuple[float, float], tail: tuple[float, float], width: float,
              p: ShapeParams) -> tuple[float, float]:
    """A curve standing ahead of the nose and wrapping round it: the bow shock of a projectile
    in flight, which a capsule, a vessel or a pipe drawn alone does not have.

    Rays fan out over +-shock_fan_deg from the nose's centre (half a body width behind the
    tip); each is read beyond the body only (`body` = the silhouette's mask at `origin`, grown
    by a margin so that its own edge does not count). The curve is the path across the fan,
    one radius per ray and at most shock_step body widths between neighbours, with the most
    line `response` (dynamic programming, forward and backward to the axis). Returns
    (strength, standoff): the path's mean response over `noise` (the figure's own line level:
    grain and marks alone average about 0.5 on generated films), and its distance ahead of the
    tip on the axis, in body widths.
    """
    dx, dy = nose[0] - tail[0], nose[1] - tail[1]
    length = math.hypot(dx, dy)
    if length < 1 or width < 2:
        return 0.0, 0.0
    ux, uy = dx / length, dy / length
    cx, cy = nose[0] - ux * width / 2, nose[1] - uy * width / 2
    angles = math.atan2(uy, ux) + np.radians(np.linspace(-p.shock_fan_deg, p.shock_fan_deg, p.shock_rays))
    radii = np.arange(0.0, p.shock_reach * width, p.shock_sample_px)  # a line is 1-3 px thick
    xs = (cx + radii[:, None] * np.cos(angles)[None, :]).astype(np.float32)
    ys = (cy + radii[:, None] * np.sin(angles)[None, :]).astype(np.float32)
    pad = max(2, int(round(p.shock_margin * width)))
    grown = cv2.dilate(np.pad(body.astype(np.uint8), pad), np.ones((2 * pad + 1, 2 * pad + 1), np.uint8))
    on_body = cv2.remap(grown, xs - (origin[0] - pad), ys - (origin[1] - pad), cv2.INTER_NEAREST,
                        borderMode=cv2.BORDER_CONSTANT, borderValue=0) > 0
    h, w = response.shape
    off_figure = (xs < 0) | (ys < 0) | (xs > w - 1) | (ys > h - 1)
    ahead = (np.cumsum(on_body[::-1], axis=0)[::-1] == 0) & ~off_figure  # past the body's last pixel
    values = np.where(ahead, cv2.remap(response, xs, ys, cv2.INTER_LINEAR), 0.0)
    window = 2 * max(1, int(round(p.shock_step * width / p.shock_sample_px))) + 1
    mid = p.shock_rays // 2
    sides = []
    for rays in (range(0, mid), range(p.shock_rays - 1, mid, -1)):  # best path from each edge to the axis
        best = np.zeros(len(radii))
        for ray in rays:
            best = _running_max(best + values[:, ray], window)
        sides.append(best)
    total = sides[0] + sides[1] + values[:, mid]
    r = int(np.argmax(total))
    strength = float(total[r]) / p.shock_rays / max(noise, p.shock_noise_floor)
    return strength, max(0.0, float(radii[r] / width) - 0.5)


def _running_max(values: np.ndarray, window: int) -> np.ndarray:
    """Maximum over a centred odd `window` of non-negative values, zeros beyond the ends
    (scipy's maximum_filter1d with mode="constant"): OpenCV's dilation, which leaves the border
    out, equals it for values >= 0, at a fraction of numpy's sliding-window cost (bow_shock
    calls it 30 times per candidate)."""
    row = np.ascontiguousarray(values, np.float64).reshape(1, -1)
    return cv2.dilate(row, np.ones((1, window), np.uint8)).ravel()


# --------------------------------------------------------------------------------------------
# features

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


@dataclass
class _Analysis:
    """Everything measured on one figure (analysis-scale coordinates)."""
    scale: float
    shape: tuple[int, int]
    glob: FigureMeasures
    candidates: list[Candidate]
    rejected: Optional[str] = None


def _analyse(pixels: np.ndarray, words: list[Word], p: ShapeParams) -> _Analysis:
    rgb0 = _as_rgb(pixels)
    if rgb0 is None:
        return _Analysis(1.0, (0, 0), FigureMeasures(), [], "empty: no pixels")
    H0, W0 = rgb0.shape[:2]
    if max(H0, W0) < p.min_long_side_px or min(H0, W0) < p.min_short_side_px:
        return _Analysis(1.0, (H0, W0), FigureMeasures(), [], f"too small: {W0}x{H0} px (logo or icon)")
    s = _analysis_scale(H0, W0, p)
    w1, h1 = max(2, int(round(W0 * s))), max(2, int(round(H0 * s)))
    rgb = cv2.resize(rgb0, (w1, h1), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    ink, distance, threshold = _ink_mask(rgb, p)
    ink_frac = float(ink.mean())
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ncolours, texture = _photo_measures(rgb, grey)
    grainy = texture >= p.photo_texture  # film, grass, gravel: grain specks are neither ink nor glyphs
    if ink_frac < p.blank_ink_frac and not grainy:
        return _Analysis(s, (h1, w1), FigureMeasures(ink_frac=ink_frac), [], "blank: almost no ink")
    wds = _scaled_words(words, s, (h1, w1), p)
    word_area = np.zeros((h1, w1), bool)
    for _, x0, y0, x1, y1 in wds:
        word_area[int(y0):int(math.ceil(y1)), int(x0):int(math.ceil(x1))] = True
    text_frac = float(word_area.mean())
    # tables, parts lists and title blocks, plot areas, boxes of text: blanked out, and the rest
    # of the figure analysed; they end the analysis only when little else is left
    ink_all = ink
    textured = grainy or ncolours >= p.photo_colours
    tables = _table_regions(ink, wds if wds else ([] if textured else _glyph_words(ink, s, p)), p)
    ink, wds, blank = _masked(ink, wds, tables)
    reasons = [f"table: {len(tables)} ruled table(s) of rows holding words"] if tables else []
    row_groups, col_groups, num_boxes = _numeric_axes(wds, p)
    hl, vl = _long_lines(ink, p.axis_frac)
    hpos, vpos = _line_positions(hl, 0), _line_positions(vl, 1)
    line_ticks = {(0, *line): _ticks_along(ink, *line, 0, p) for line in hpos}
    line_ticks.update({(1, *line): _ticks_along(ink, *line, 1, p) for line in vpos})
    ticks = max(line_ticks.values(), default=0)
    nbox, text_boxes = _boxes(ink, wds, p)
    midtone = float(((grey > 40) & (grey < 215)).mean())
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    colour = float((hsv[:, :, 1] > 60).mean())
    rows, cols = len(row_groups), len(col_groups)
    glob = FigureMeasures(ink_frac=ink_frac, text_frac=text_frac, n_words=float(len(wds)), num_rows=float(rows),
                          num_cols=float(cols), hlines=float(len(hpos)), vlines=float(len(vpos)), ticks=float(ticks),
                          boxes=float(nbox), boxes_text=float(len(text_boxes)), photo=midtone, colour=colour,
                          aspect=float(max(h1, w1) / max(1, min(h1, w1))), small=float(max(H0, W0) < 300),
                          ncolours=float(ncolours), texture=texture)
    axes = bool(hpos) and bool(vpos)
    on_axis = _beside_axis(row_groups, hpos, False) + _beside_axis(col_groups, vpos, True)
    if not wds and not (rows or cols) and not grainy:  # raster chart: tick labels as glyph clusters
        glyphs = _glyph_words(ink, s, p)
        if glyphs and axes:  # only labels right beside an axis line: below a horizontal, left of a vertical one
            gh = float(np.median([g[4] - g[2] for g in glyphs]))
            glyphs = [g for g in glyphs
                      if any(a <= (g[1] + g[3]) / 2 <= b and 0 < g[2] - pos < 3 * gh for pos, a, b in hpos)
                      or any(a <= (g[2] + g[4]) / 2 <= b and 0 < pos - g[3] < 3 * gh for pos, a, b in vpos)]
        grows, gcols, gboxes = _numeric_axes(glyphs, p, any_text=True)
        if grows and gcols and (axes or (len(grows) <= 2 and _tick_label_corner(gboxes))):  # a lattice is marks
            rows, cols, num_boxes = len(grows), len(gcols), gboxes
    few_lines = len(hpos) + len(vpos) <= 10  # meshes and hatching also carry regular stubs
    h_frame, v_frame = _corners(hpos, vpos, p.corner_tol * max(h1, w1))
    frame_ticks = max([line_ticks[(0, *line)] for line in h_frame] + [line_ticks[(1, *line)] for line in v_frame], default=0)
    if (rows and cols) or (on_axis and (axes or ticks)) or (few_lines and frame_ticks >= p.min_ticks + 2):
        reasons.append(f"chart: {rows} row(s) / {cols} column(s) of regularly spaced numbers, "
                       f"{len(hpos)} long horizontal and {len(vpos)} vertical lines, {ticks} ticks")
        region = _chart_region(hl | vl, num_boxes, (h1, w1))
        glob.chart_masked = float((region[2] - region[0]) * (region[3] - region[1]) / (h1 * w1))
        ink, wds, more = _masked(ink, wds, [region])
        blank |= more
    if len(text_boxes) >= p.box_min_with_text:
        reasons.append(f"flowchart: {len(text_boxes)} boxes holding text")
        ink, wds, more = _masked(ink, wds, text_boxes)
        blank |= more
    if text_frac > p.mostly_text_frac:
        reasons.append(f"text: words cover {text_frac:.0%} of the figure")
    glob.masked = float(blank.mean())
    frame = _frame(hl, vl, p)
    clean = _remove_text(ink, wds, s, p) & ~frame
    if reasons and clean.sum() < p.left_ink_min * (ink_all & ~frame).sum():  # nothing much besides: the figure is its chart, table or text
        return _Analysis(s, (h1, w1), glob, [], reasons[0])
    # candidates: text removed; with/without long lines; edge silhouettes for photos/renders
    hl2, vl2 = _long_lines(clean, p.line_frac)
    variants = [("ink", clean), ("no-lines", clean & ~hl2 & ~vl2)]
    free = _free_lines(clean, wds, p)
    if free.any():  # dimension, extension, station and centre lines cut off the outlines they cross
        variants.append(("cut", clean & ~free))
    if midtone > p.edges_midtone:  # shading, renders, photos, grey panels: silhouettes from edges
        edges = _remove_text(cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 40, 120) > 0, wds, s, p) & ~blank
        he, ve = _long_lines(edges, p.line_frac)
        variants.append(("edges", edges & ~he & ~ve))
    lines_only = clean
    if midtone <= p.edges_midtone and threshold >= p.faint_ratio * p.ink_min:
        # line art whose Otsu threshold was pulled up by bold strokes or fills: hairlines drawn
        # in light grey fall under it, so the faint ink is a candidate source of its own
        lines_only = _remove_text((distance > p.ink_min) & ~blank, wds, s, p) & ~frame
        variants.append(("faint", lines_only))
    coloured_ink = float((lines_only & (hsv[:, :, 1] > 60)).sum() / max(1, lines_only.sum()))
    if p.annotation_colour_min <= coloured_ink <= 1 - p.annotation_colour_min:
        # black drawing with coloured dimension lines and marks (or the reverse): each alone
        variants.append(("neutral", lines_only & (hsv[:, :, 1] <= 60)))
    if colour > p.regions_colour_min or midtone > p.edges_midtone:
        variants += [("colour", _remove_text(m & ~blank, wds, s, p)) for m in _colour_regions(rgb, p)]
    if texture >= p.photo_texture:  # grain, grass, film noise: an even-toned area is an object
        variants.append(("even", _remove_text(_even_regions(grey, p) & ~blank, wds, s, p)))
    cands = []
    seen: list[tuple] = []
    n_blobs = 0
    total_ink = max(1, int(ink.sum()))
    k_open = max(3, int(round(p.open_frac * max(h1, w1))))
    ker_open = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k_open, k_open))
    response = line_response(grey, p)
    line_noise = float(np.percentile(response, 99))
    silhouettes = []
    for name, m in variants:
        filled = _silhouettes(m, p)
        silhouettes.append((name, m, filled))
        if name in ("ink", "cut"):  # leader lines, arrows and dimension lines glued to the body: open them off
            opened = cv2.morphologyEx(filled.astype(np.uint8), cv2.MORPH_OPEN, ker_open) > 0
            silhouettes.append(("opened" if name == "ink" else "cut-opened", m, opened))
        if name == "ink":
            if (protruding := _protruding(filled, p)) is not None:
                silhouettes.append(("protruding", m, protruding))
        elif name == "colour" and (bridged := _bridged(filled, ink, p)) is not None:
            silhouettes.append(("bridged", m, bridged))
    for name, m, filled in silhouettes:
        blobs = _blobs(filled, m, p, p.regions_top_k if name == "colour" else p.top_k)
        if name == "even":
            blobs = [sm for bl in blobs if (sm := _smoothed(bl, m, p)) is not None]
        n_blobs = max(n_blobs, len(blobs))
        for bl in blobs:
            if any(geometry.iou(bl.box, b) > 0.95 for b in seen):
                continue  # same silhouette from another variant
            seen.append(bl.box)
            measured = _profile_cues(bl.mask, p)
            if measured is None:  # degenerate, or a rule, a scan edge, a line: no body
                continue
            prof, length, nose, tail = measured
            x0, y0, x1, y1 = bl.box
            nose, tail = (nose[0] + x0, nose[1] + y0), (tail[0] + x0, tail[1] + y0)
            n_holes = cv2.connectedComponents((~m[y0:y1, x0:x1] & bl.mask).astype(np.uint8), connectivity=4)[0] - 1
            shock, standoff = bow_shock(response, line_noise, bl.mask, (x0, y0), nose, tail, length / prof.elong, p)
            blob = BlobMeasures(area_frac=bl.area / (h1 * w1), ink_share=bl.ink / total_ink,
                                ink_density=bl.ink / max(1, bl.area), holes=math.log1p(n_holes),
                                variant=VARIANTS[name], bbox_frac=(x1 - x0) * (y1 - y0) / (h1 * w1),
                                border=float((x0 <= 2) + (y0 <= 2) + (x1 >= w1 - 2) + (y1 >= h1 - 2)),
                                shock=shock, shock_standoff=standoff)
            cands.append(Candidate(prof, blob, bl.box, nose, tail, length, name))
    glob.n_blobs = float(n_blobs)
    return _Analysis(s, (h1, w1), glob, cands, None if cands or not reasons else reasons[0])


def figure_features(pixels: np.ndarray, words: list[Word], params: ShapeParams | None = None
                    ) -> tuple[Optional[str], list[tuple[list[float], tuple[float, float, float, float]]]]:
    """Early rejection and, per candidate, (cue vector in FEATURE_NAMES order, bbox in image px).

    Used by training/train_shapes.py so training sees exactly the runtime features.
    """
    p = params or _default_params()
    an = _analyse(pixels, words, p)
    s = an.scale
    return an.rejected, [(c.vector(an.glob), tuple(v / s for v in c.box)) for c in an.candidates]


# --------------------------------------------------------------------------------------------
# scoring

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


def _rule_probability(c: Profile, p: ShapeParams) -> float:
    """Fallback hand rule when no trained model is present (notes §4: weighted fired cues)."""
    fired = [p.elongation_min <= c.elong <= p.elongation_max, c.mirror >= p.mirror_iou_min,
             c.plateau >= p.plateau_min, p.nose_taper_min <= c.nose_taper <= p.nose_taper_max,
             c.fin_bulge >= p.fin_bulge_min]
    return float(np.dot(fired, [0.25, 0.15, 0.2, 0.25, 0.15]))


def _explain(candidate: Candidate, p: ShapeParams) -> list[Cue]:
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


def _separate_bodies(boxes: list, probs: np.ndarray, p: ShapeParams) -> list[int]:
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


def _in_box(point: tuple[float, float], s: float, box: tuple[float, float, float, float]) -> tuple[float, float]:
    """An axis end in input pixels, kept on the shape's box (the principal axis of a lopsided
    silhouette can end just outside it)."""
    return (min(max(point[0] / s, box[0]), box[2]), min(max(point[1] / s, box[1]), box[3]))


def cue_finding(pixels: np.ndarray, words: list[Word], caption: str = "",
                params: ShapeParams | None = None) -> ShapeFinding:
    """Score one figure image for a missile-like body; bbox and axis are in input image pixels.

    Never raises on odd arrays: anything unusable comes back as a rejected, unflagged finding.
    """
    p = params or _default_params()
    try:
        an = _analyse(pixels, words, p)
    except Exception as exc:  # robustness contract: a figure must never stop a scan
        return ShapeFinding(score=0.0, flag=False, rejected=f"error: {type(exc).__name__}: {exc}")
    terms = _word_terms(words, caption, p)
    word_cue = Cue("words", float(len(terms)), bool(terms), ", ".join(terms[:6]) or "no missile vocabulary")
    if an.rejected:
        return ShapeFinding(score=0.0, flag=False, cues=[word_cue], rejected=an.rejected)
    if not an.candidates:
        return ShapeFinding(score=0.0, flag=False, cues=[word_cue], rejected="no object: no candidate silhouette")
    probs = model_probabilities(np.array([c.vector(an.glob) for c in an.candidates], float), p.model)
    if probs is None:
        probs = np.array([_rule_probability(c.profile, p) for c in an.candidates])
    best_i, twin_i, best_p = figure_probability([c.box for c in an.candidates], probs, p)
    best = an.candidates[best_i]
    score = best_p
    if terms and best_p >= p.shape_min - p.word_bonus:
        score = min(1.0, best_p + p.word_bonus)
    photo = an.glob.ncolours >= p.photo_colours and an.glob.texture >= p.photo_texture
    if photo:  # silhouettes of photographs are unreliable: a photo alone is never convincing
        score = min(score, p.photo_score_cap)
    flag = bool(score >= p.flag_threshold and best_p >= p.shape_min)
    s = an.scale
    x0, y0, x1, y1 = best.box
    bbox = (x0 / s, y0 / s, x1 / s, y1 / s)
    axis = (_in_box(best.nose, s, bbox), _in_box(best.tail, s, bbox))
    model_name = "model" if p.model else "rule"
    cues = [Cue("shape_probability", round(best_p, 3), best_p >= p.shape_min,
                f"{model_name} probability of a missile-like body ({best.variant_name} silhouette)")]
    cues += _explain(best, p)
    twin = None
    if twin_i is not None:
        twin = tx0, ty0, tx1, ty1 = tuple(v / s for v in an.candidates[twin_i].box)
        cues.append(Cue("repeated_body", round(float(probs[twin_i]), 3), True,
                        f"a second body of similar size at ({tx0:.0f}, {ty0:.0f})-({tx1:.0f}, {ty1:.0f}) px "
                        f"scores {probs[twin_i]:.2f}: shape probability {best_p:.2f} if either is missile-like"))
    cues.append(Cue("photo", an.glob.ncolours, bool(photo),
                    (f"photograph, score capped at {p.photo_score_cap}: " if photo else "")
                    + f"{int(an.glob.ncolours)} colours, {an.glob.texture:.0%} fine texture"))
    cues.append(word_cue)
    bodies = [tuple(v / s for v in an.candidates[i].box) for i in _separate_bodies([c.box for c in an.candidates], probs, p)]
    return ShapeFinding(score=round(float(score), 4), flag=flag, bbox=bbox, axis=axis, twin=twin, cues=cues,
                        bodies=bodies)


def analyse_figure(pixels: np.ndarray, words: list[Word], caption: str = "",
                   params: ShapeParams | None = None) -> ShapeFinding:
    """Score one figure image for a missile-like body; bbox and axis are in input image pixels.

    The cue detector (cue_finding) finds the body and measures it; with `use_recogniser` the
    learned recogniser (figscan.analyse.recogniser, trained on real figures) then sets score and
    flag to its calibrated probability. Never raises: a recogniser failure leaves the cue
    detector's verdict.
    """
    finding = cue_finding(pixels, words, caption, params)
    if not (params or _default_params()).use_recogniser:
        return finding
    try:
        return recognise(pixels, finding)
    except Exception as exc:  # robustness contract: a figure must never stop a scan
        finding.cues.append(Cue("recogniser", 0.0, False, f"error: {type(exc).__name__}: {exc}"))
        return finding


# --------------------------------------------------------------------------------------------
# overlay

def overlay_lines(finding: ShapeFinding, width: int = 60) -> list[str]:
    """The score, the rejection if any and the first three fired cues, each cut to `width`
    characters with an ellipsis, so that a cut number never reads as another ("capped at 0")."""
    def fit(text: str) -> str:
        return text if len(text) <= width else text[:width - 3] + "..."
    lines = [f"score {finding.score:.2f}" + (" FLAG" if finding.flag else "")]
    if finding.rejected:
        lines.append(fit(finding.rejected))
    return lines + [fit(c.detail) for c in finding.cues if c.fired][:3]


def draw_overlay(pixels: np.ndarray, finding: ShapeFinding) -> np.ndarray:
    """RGB copy with the shape box, the axis (nose end dotted) and other bodies' boxes (thin)
    drawn on the figure, and the score and top fired cues written in a white band below it, so
    no text hides the drawing."""
    rgb = _as_rgb(pixels)
    if rgb is None:
        return np.asarray(pixels).copy()
    figure = rgb.copy()
    h, w = figure.shape[:2]
    thick = max(1, int(round(max(h, w) / 400)))
    colour = (220, 30, 30) if finding.flag else (30, 120, 220)
    others = [b for b in finding.bodies if b != finding.bbox and b != finding.twin]
    for box, width in [(finding.bbox, thick), (finding.twin, max(1, thick // 2))] + [(b, max(1, thick // 2)) for b in others]:
        if box:
            x0, y0, x1, y1 = (int(round(v)) for v in box)
            cv2.rectangle(figure, (max(0, x0), max(0, y0)), (min(w - 1, x1 - 1), min(h - 1, y1 - 1)), colour, width)
    if finding.axis:
        (nx, ny), (tx, ty) = finding.axis
        cv2.line(figure, (int(nx), int(ny)), (int(tx), int(ty)), (240, 140, 0), thick)
        cv2.circle(figure, (int(nx), int(ny)), 3 * thick + 2, (240, 140, 0), -1)
    lines = overlay_lines(finding)
    scale = max(0.35, min(0.6, w / 900))
    line_height = int(round(26 * scale)) + 4
    band = np.full((line_height * len(lines) + 6, w, 3), 255, dtype=np.uint8)
    for i, text in enumerate(lines):
        cv2.putText(band, text, (4, line_height * (i + 1)), cv2.FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv2.LINE_AA)
    return np.vstack([figure, band])
