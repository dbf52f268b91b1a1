"""Words in the figure: where they are in analysis pixels, the aligned numbers that make tick
labels and table columns, glyph clusters standing in for words in raster figures, the missile
vocabulary, and the glyphs removed from the ink before silhouettes are built."""
from __future__ import annotations

import math
import re

import cv2
import numpy as np

from figscan.analyse.shapes.image import components
from figscan.analyse.shapes.params import ShapeParams
from figscan.model import Word

_NUMBER = re.compile(r"^[-+−–]?\(?\d+([.,]\d+)?([eE][-+]?\d+)?\)?%?$|^10[-−]?\d+$")


def scaled_words(words: list[Word], s: float, shape: tuple[int, int], p: ShapeParams) -> list[tuple]:
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


def evenly_spaced(values: list[float], min_n: int, cv_max: float) -> bool:
    """True when >= min_n distinct values are (nearly) evenly spaced: tick labels, table rows."""
    v = np.unique(np.round(values, 1))
    if len(v) < min_n:
        return False
    gaps = np.diff(v)
    if gaps.min() <= 0:
        return False
    return float(gaps.std() / max(gaps.mean(), 1e-6)) <= cv_max


def numeric_axes(words: list[tuple], p: ShapeParams, any_text: bool = False
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
        if evenly_spaced([cx[i] for i in g], p.min_aligned_numbers, p.gap_cv_max):
            rows.append([nums[i] for i in g])
            used.update(g)
    cols: list[list[tuple]] = []
    for key in (right, cx):
        found = []
        for g in _aligned_groups(key, tol):
            if evenly_spaced([cy[i] for i in g], p.min_aligned_numbers, p.gap_cv_max):
                found.append([nums[i] for i in g])
                used.update(g)
        if len(found) > len(cols):
            cols = found
    return rows, cols, [nums[i] for i in sorted(used)]


def beside_axis(groups: list[list[tuple]], lines: list[tuple[int, int, int]], vertical: bool) -> int:
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


def tick_label_corner(boxes: list[tuple]) -> bool:
    """Aligned label clusters that sit like tick labels without visible axes: a row along the
    bottom and a column along the left of the same region (plots whose axes are too faint)."""
    if not boxes:
        return False
    xs0, ys1 = [b[1] for b in boxes], [b[4] for b in boxes]
    hmed = float(np.median([b[4] - b[2] for b in boxes]))
    left = [b for b in boxes if b[1] <= min(xs0) + 2 * hmed]
    bottom = [b for b in boxes if b[4] >= max(ys1) - 2 * hmed]
    return len(left) >= 3 and len(bottom) >= 3 and len({*map(id, left), *map(id, bottom)}) >= 6


def glyph_words(mask: np.ndarray, s: float, p: ShapeParams) -> list[tuple]:
    """Pseudo-words of a raster figure: text-sized components merged along their row."""
    h, w = mask.shape
    n, lab, stats, box = components(mask)
    if n <= 1:
        return []
    limit = min(p.text_frac * max(h, w), p.text_px_pt * 150.0 / 72.0 * s)
    hs, ws = stats[1:, 3], stats[1:, 2]
    glyph = np.zeros(n, bool)
    glyph[1:] = (np.maximum(hs, ws) < limit) & (hs >= 3)
    if glyph.sum() < 3:
        return []
    gh = float(np.median(stats[1:, 3][glyph[1:]]))
    g = np.zeros((h, w), np.uint8)
    g[box] = np.take(glyph, lab[box])
    g = cv2.dilate(g, cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, int(0.6 * gh)), 1)))
    m, lab2, st2, _ = components(g)
    return [("?", float(x), float(y), float(x + bw), float(y + bh)) for x, y, bw, bh, _ in st2[1:]
            if bh < 2.5 * gh]


def word_terms(words: list[Word], caption: str, p: ShapeParams) -> list[str]:
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


def remove_text(mask: np.ndarray, words: list[tuple], s: float, p: ShapeParams) -> np.ndarray:
    """Drop glyphs: components lying mostly inside word boxes, and text-sized components.

    Components that merely cross a word box (an outline under a label) are kept whole, so a
    label written over a body does not cut its silhouette.
    """
    m = mask.copy()
    h, w = m.shape
    n, lab, stats, box = components(m)
    if n <= 1:
        return m
    limit = min(p.text_frac * max(h, w), p.text_px_pt * 150.0 / 72.0 * s)
    drop = np.maximum(stats[:, 2], stats[:, 3]) < limit
    if words:
        boxes = np.zeros((h, w), bool)
        for _, x0, y0, x1, y1 in words:
            boxes[int(y0):int(math.ceil(y1)) + 1, int(x0):int(math.ceil(x1)) + 1] = True
        inside = np.bincount(lab[box][boxes[box] & m[box]], minlength=n)  # no ink outside the labelled box
        drop |= inside > 0.6 * stats[:, 4]
    drop[0] = False
    if drop.any():
        m[box] &= np.take(~drop, lab[box])
    return m
