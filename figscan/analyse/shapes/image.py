"""The figure as the detector sees it: RGB uint8 at analysis scale, the ink that stands out of the
background, how photographic it is, and its connected components (labelled one way everywhere)."""
from __future__ import annotations

from typing import Optional

import cv2
import numpy as np

from figscan.analyse.shapes.params import ShapeParams


def as_rgb(pixels: np.ndarray) -> Optional[np.ndarray]:
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


def analysis_scale(h: int, w: int, p: ShapeParams) -> float:
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


def ink_mask(rgb: np.ndarray, p: ShapeParams) -> tuple[np.ndarray, np.ndarray, float]:
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


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, tuple[slice, slice]]:
    """8-connected components: (count with the background, labels, stats, the box labelled).

    Labels and the components' stats rows are those of cv2.connectedComponentsWithStats; the
    background's row (0) is not measured (zeros), and no caller reads it. Grana's block-based
    labelling (BBDT) gives the same labels as OpenCV's default at about half the cost; under
    cProfile over generated figures, labelling was a third of all detector time. Only the
    bounding box of the mask's pixels is labelled (outside it, labels are 0), its corner moved
    to even coordinates: BBDT scans 2 x 2 blocks in raster order, so on the same block grid it
    meets the components in the same order and numbers them alike (tests/test_shapes.py checks
    random masks against the whole-mask labelling). The box, (rows, columns) slices, lets
    callers keep their own work inside it."""
    m = mask.astype(np.uint8, copy=False) if mask.dtype != bool else mask.view(np.uint8)
    h, w = m.shape
    x, y, bw, bh = cv2.boundingRect(m)
    labels = np.zeros((h, w), np.int32)
    if bw == 0:
        return 1, labels, np.zeros((1, 5), np.int32), (slice(0, 0), slice(0, 0))
    x0, y0 = x - x % 2, y - y % 2
    box = (slice(y0, y + bh), slice(x0, x + bw))
    n, labels[box], stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(
        np.ascontiguousarray(m[box]), 8, cv2.CV_32S, cv2.CCL_GRANA)
    stats[1:, cv2.CC_STAT_LEFT] += x0
    stats[1:, cv2.CC_STAT_TOP] += y0
    stats[0] = 0
    return n, labels, stats, box


def photo_measures(rgb: np.ndarray, grey: np.ndarray) -> tuple[int, float]:
    """Distinct colours (16 levels a channel) and share of fine-textured pixels.

    Drawings and renders use few colours and have flat areas; photographs have thousands of
    colours and fine texture (sensor noise, surfaces) almost everywhere.
    """
    q = (rgb >> 4).reshape(-1, 3).astype(np.int32)
    ncol = int(np.count_nonzero(np.bincount(q[:, 0] * 256 + q[:, 1] * 16 + q[:, 2], minlength=4096)))
    g = grey.astype(np.float32)
    d = np.abs(g - cv2.GaussianBlur(g, (0, 0), 1.0))
    return ncol, float(((d > 1.5) & (d < 12)).mean())
