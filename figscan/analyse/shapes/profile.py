"""Cues of one silhouette: its width profile along the main axis (nose end first) and the bow
shock standing ahead of its nose."""
from __future__ import annotations

import math
from typing import Optional

import cv2
import numpy as np

from figscan.analyse.shapes.features import Point, Profile
from figscan.analyse.shapes.params import ShapeParams


def _align(blob: np.ndarray, ys: np.ndarray, xs: np.ndarray) -> Optional[tuple[np.ndarray, float, tuple[float, float]]]:
    """Rotate a blob (its pixels at rows `ys`, columns `xs`) so its principal axis is
    horizontal; return (aligned mask, angle, centre)."""
    if xs.size < 10:
        return None
    cx, cy = float(xs.mean()), float(ys.mean())
    cov = _covariance(np.vstack([xs - cx, ys - cy]))
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
    # OpenCV maps each output pixel from its own coordinates alone, so the canvas is cut off
    # right and below where the blob's rotated box (1 px grown) ends, 2 px spare: the same
    # pixels, less work
    corners = M @ np.array([[-1.0, ww + 1, -1.0, ww + 1], [-1.0, -1.0, hh + 1, hh + 1], [1.0, 1.0, 1.0, 1.0]])
    right, below = (min(2 * diag, int(math.ceil(v)) + 2) for v in corners.max(axis=1))
    src = blob.astype(np.uint8)
    src *= 255
    rot = cv2.warpAffine(src, M, (right, below), flags=cv2.INTER_NEAREST)
    if cv2.countNonZero(rot) < 10:  # OpenCV's count and box: the canvas is mostly empty
        return None
    x, y, w, h = cv2.boundingRect(rot)
    return rot[y:y + h, x:x + w] > 0, angle, (cx, cy)


def _covariance(X: np.ndarray) -> np.ndarray:
    """np.cov of the rows of X (2 x n, float, a fresh array it may change), with numpy's own
    steps in its order (mean, centring, X X^T, scaling), so the result is the same to the last
    bit, without its argument checks and copy (it runs once per candidate)."""
    X -= X.mean(axis=1)[:, None]
    c = np.dot(X, X.T.conj())
    c *= np.true_divide(1, X.shape[1] - 1)
    return c


def profile_cues(blob: np.ndarray, p: ShapeParams) -> Optional[tuple[Profile, float, Point, Point]]:
    """Width-profile cues of one silhouette, its length and its axis ends (nose first) in blob
    pixels. None when degenerate or longer than elongation_max widths (a rule, a line: no
    body), which is known before the costlier cues are measured."""
    ys, xs_ = np.nonzero(blob)
    al = _align(blob, ys, xs_)
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
    rot_area = np.count_nonzero(rot)  # integer counts and row-weighted sums: exact in any order
    cyr = float(np.dot(np.arange(hh), rot.sum(axis=1)) / max(rot_area, 1))
    mirrored = np.zeros_like(rot)
    src = np.clip(np.round(2 * cyr - np.arange(hh)).astype(int), -1, hh)
    valid = (src >= 0) & (src < hh)
    mirrored[valid] = rot[src[valid]]
    inter = float(np.count_nonzero(rot & mirrored))
    union = float(np.count_nonzero(rot | mirrored))
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
        defects=float(n_defects), rect_fill=float(rot_area / (L * wmax)),
        angle=float(abs(((angle + 90) % 180) - 90)), asym=asym, widths=tuple(float(v) for v in shape16))
    return cues, float(L), nose, tailp


def line_response(grey: np.ndarray, p: ShapeParams) -> np.ndarray:
    """How far each pixel stands out of its neighbourhood's median: high on thin lines of
    either tone (a shock on film, a drawn curve), low on flat areas and broad fills."""
    k = max(3, int(round(p.shock_line_frac * max(grey.shape))) | 1)
    return cv2.absdiff(grey, cv2.medianBlur(grey, k)).astype(np.float32)  # uint8 difference: exact, one float pass


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
    by_ray = np.ascontiguousarray(values.T)
    left, right = by_ray[:mid], by_ray[:mid:-1]  # from each edge of the fan to the axis
    kernel = np.ones((1, window), np.uint8)
    # both sides' paths at once, one dilation of two rows per step; with an even number of rays
    # the shorter side starts with a ray of zeros, which leaves its path at zero, as if it waited
    steps = np.zeros((max(len(left), len(right)), 2, len(radii)))
    steps[len(steps) - len(left):, 0] = left
    steps[len(steps) - len(right):, 1] = right
    best = np.zeros((2, len(radii)))
    for step in steps:
        best = _running_max(best + step, kernel)
    sides = list(best)
    total = sides[0] + sides[1] + values[:, mid]
    r = int(np.argmax(total))
    strength = float(total[r]) / p.shock_rays / max(noise, p.shock_noise_floor)
    return strength, max(0.0, float(radii[r] / width) - 0.5)


def _running_max(rows: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Each row's maximum over a centred odd window (`kernel`, 1 x window) of non-negative
    values, zeros beyond the ends (scipy's maximum_filter1d with mode="constant"): OpenCV's
    dilation, which leaves the border out and filters rows independently, equals it for values
    >= 0, at a fraction of numpy's sliding-window cost (bow_shock calls it 15 times per
    candidate, both sides of the fan in one call)."""
    return cv2.dilate(np.ascontiguousarray(rows, np.float64), kernel)
