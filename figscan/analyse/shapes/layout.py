"""The figure's ruled structure: long lines, tick marks, plot axes, ruled tables, boxes holding
text and a drawing sheet's frame. They mark charts, tables and flowcharts, and are blanked out
so that the rest of the figure can still be read for a body."""
from __future__ import annotations

import math

import cv2
import numpy as np

from figscan.analyse.shapes.image import components
from figscan.analyse.shapes.params import ShapeParams
from figscan.analyse.shapes.text import evenly_spaced


def long_lines(mask: np.ndarray, frac: float) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ink runs longer than frac of the width / height (morph. opening)."""
    h, w = mask.shape
    m = mask.astype(np.uint8)
    kh = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(frac * w)), 1))
    kv = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, int(frac * h))))
    return cv2.morphologyEx(m, cv2.MORPH_OPEN, kh) > 0, cv2.morphologyEx(m, cv2.MORPH_OPEN, kv) > 0


def line_positions(lines: np.ndarray, axis: int, max_thick: float = math.inf) -> list[tuple[int, int, int]]:
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


def ticks_along(mask: np.ndarray, pos: int, a: int, b: int, axis: int, p: ShapeParams) -> int:
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
        if len(centres) >= p.min_ticks and evenly_spaced(centres, p.min_ticks, p.gap_cv_max):
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


def axis_corners(hpos: list[tuple[int, int, int]], vpos: list[tuple[int, int, int]], tol: float
             ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """The long horizontal and vertical lines that meet another end to end (an L): a plot's axes.

    A drawing's dimension line meets its extension lines in an L too; its ticks tell them apart
    (see analysis.analyse: the ticks must stand on a line of the L)."""
    h_in, v_in = [], []
    for line in hpos:
        y, xa, xb = line
        for other in vpos:
            x, ya, yb = other
            if min(abs(x - xa), abs(x - xb)) <= tol and min(abs(y - ya), abs(y - yb)) <= tol:
                h_in.append(line)
                v_in.append(other)
    return h_in, v_in


def table_regions(ink: np.ndarray, words: list[tuple], p: ShapeParams) -> list[tuple[int, int, int, int]]:
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
    rules = line_positions(hl, 0, p.table_rule_max_frac * max(h, w))
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


def chart_region(lines: np.ndarray, num_boxes: list[tuple], shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """Bounding box of a chart: its tick labels plus the axis lines touching them, with a margin."""
    h, w = shape
    m = int(0.06 * max(h, w))
    pts_x = [v for b in num_boxes for v in (b[1], b[3])]
    pts_y = [v for b in num_boxes for v in (b[2], b[4])]
    n, lab, stats, _ = components(lines)
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


def closed_boxes(mask: np.ndarray, words: list[tuple], p: ShapeParams) -> tuple[int, list[tuple[int, int, int, int]]]:
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


def mask_regions(ink: np.ndarray, words: list[tuple], regions: list[tuple[int, int, int, int]]
            ) -> tuple[np.ndarray, list[tuple], np.ndarray]:
    """Ink and words with regions blanked out (tables, title blocks, plot areas, text boxes),
    and the mask of what was blanked."""
    blank = np.zeros(ink.shape, bool)
    for x0, y0, x1, y1 in regions:
        blank[max(0, y0):max(0, y1), max(0, x0):max(0, x1)] = True
    def inside(wd: tuple) -> bool:
        return bool(blank[min(int((wd[2] + wd[4]) / 2), blank.shape[0] - 1), min(int((wd[1] + wd[3]) / 2), blank.shape[1] - 1)])
    return ink & ~blank, [wd for wd in words if not inside(wd)], blank


def sheet_frame(hl: np.ndarray, vl: np.ndarray, p: ShapeParams) -> np.ndarray:
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
