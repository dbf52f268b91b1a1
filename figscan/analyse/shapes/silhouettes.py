"""Candidate silhouettes: filled objects from the ink, each variant a different way of getting
a body out of what touches it (free lines cut, thick parts opened off, occluded pieces joined,
colour and even-toned regions), and the largest blobs of each."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import cv2
import numpy as np

from figscan.analyse.shapes.image import components
from figscan.analyse.shapes.params import ShapeParams

VARIANTS = {"ink": 0.0, "opened": 1.0, "no-lines": 2.0, "edges": 3.0, "neutral": 4.0, "colour": 5.0, "faint": 6.0,
            "even": 7.0, "protruding": 8.0, "bridged": 9.0, "cut": 10.0, "cut-opened": 11.0}
"""Candidate silhouette sources; the code is a model feature, so it is fixed per source."""


def free_lines(mask: np.ndarray, words: list[tuple], p: ShapeParams) -> np.ndarray:
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
        n, lab, stats, _ = components(lines)
        long_enough = np.flatnonzero(stats[1:, cv2.CC_STAT_HEIGHT if vertical else cv2.CC_STAT_WIDTH] >= k) + 1
        for i in long_enough.tolist():  # the rest are pieces shorter than a line
            x, y, bw, bh, _ = (int(v) for v in stats[i])
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
    _, rest, _, _ = components(cv2.dilate(left.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0)
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


def filled_silhouettes(mask: np.ndarray, p: ShapeParams) -> np.ndarray:
    """Outlines closed over gaps of close_frac of the long side and filled: each drawn object one blob."""
    h, w = mask.shape
    k = max(3, int(round(p.close_frac * max(h, w))))
    ker = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    closed = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, ker) > 0
    return fill_holes(closed)


def protruding_parts(filled: np.ndarray, p: ShapeParams) -> Optional[np.ndarray]:
    """The thin parts standing out of thick silhouettes, or None when nothing is thick.

    A projectile drawn entering a slab, a hull against a block of water or a rocket on its
    launch tower fills one silhouette with it, whose width profile is the slab's. An opening by a
    disc of radius protrude_frac of the figure (two distance transforms: the cost does not grow
    with the disc) keeps the thick part; what it removes is the thin body. A thick part counts
    only when its core is at least the disc's area: a finned tail is thick in one spot, a slab
    is thick all over."""
    inside = cv2.distanceTransform(filled.astype(np.uint8), cv2.DIST_L2, 3)
    radius = p.protrude_frac * max(filled.shape)
    _, labels, stats, box = components(inside > radius)
    is_slab = stats[:, cv2.CC_STAT_AREA] >= math.pi * radius ** 2
    is_slab[0] = False  # the background label
    if not is_slab.any():  # nothing thick, or only a finned tail or a nose just over the radius: one body
        return None
    core = np.zeros(filled.shape, bool)
    core[box] = np.take(is_slab, labels[box])
    near_core = cv2.distanceTransform((~core).astype(np.uint8), cv2.DIST_L2, 3) <= radius + 1
    return filled & ~near_core


def bridged_pieces(filled: np.ndarray, ink: np.ndarray, p: ShapeParams, labelled: Optional[tuple] = None
                   ) -> Optional[np.ndarray]:
    """Pieces of one body cut apart by something drawn over it, joined again; None when no two
    pieces line up.

    A crown or banner across a mission patch's rocket, a label plate across a coloured body:
    the body's colour region comes in pieces on one axis, and no piece alone has nose, body and
    fins. Two pieces join when the second lies on the first's axis (centre within
    bridge_offset_frac of its width, axes within bridge_angle_deg when both are elongated), the
    gap between them is at most bridge_gap_frac of their joint length, and other ink covers at
    least bridge_cover of the gap: an occluder, not empty space, so two rockets in a row stay
    two. The gap is filled between the facing ends' cross-sections. `labelled` is components(filled)
    when the caller has it already."""
    h, w = filled.shape
    n, labels, stats, _ = labelled or components(filled)
    order = [i for i in np.argsort(-stats[1:, cv2.CC_STAT_AREA]) + 1
             if stats[i, cv2.CC_STAT_AREA] >= p.min_blob_frac * h * w][:p.top_k + 2]
    if len(order) < 2:
        return None  # no two pieces to join
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


def colour_regions(rgb: np.ndarray, p: ShapeParams) -> list[np.ndarray]:
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
    labels = _nearest_centre(lab, centres).reshape(small.shape[:2])
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


def _nearest_centre(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of each point's nearest centre (squared distance, the first of equal ones), one
    centre at a time: the same float32 sums, in the same order, as numpy's sum over an
    (n, k, 3) array of differences, at a fifth of its cost (no n x k x 3 temporaries)."""
    columns = [np.ascontiguousarray(points[:, c]) for c in range(points.shape[1])]
    distances = np.empty((len(centres), len(points)), points.dtype)
    for j, centre in enumerate(centres):
        total = distances[j]
        for c, column in enumerate(columns):
            diff = column - centre[c]
            diff *= diff
            if c == 0:
                total[:] = diff
            else:
                total += diff
    return np.argmin(distances, axis=0)


def even_regions(grey: np.ndarray, p: ShapeParams) -> np.ndarray:
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


@dataclass(frozen=True)
class Blob:
    """One filled silhouette: its mask within its box, the box (x0, y0, x1, y1), its area and
    the raw ink pixels under it (analysis pixels)."""
    mask: np.ndarray
    box: tuple[int, int, int, int]
    area: int
    ink: int


def largest_blobs(filled: np.ndarray, raw: np.ndarray, p: ShapeParams, top_k: int,
                  labelled: Optional[tuple] = None) -> list[Blob]:
    """The top_k largest silhouettes of a filled mask, each at least min_blob_frac of the figure
    (`labelled`: components(filled), when the caller has it already); `raw` is the bool mask
    the silhouettes were filled from, whose pixels under each blob are counted."""
    h, w = filled.shape
    n, lab, stats, _ = labelled or components(filled)
    order = np.argsort(-stats[1:, 4]) + 1 if n > 1 else []
    out = []
    for i in order[:top_k]:
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if area < p.min_blob_frac * h * w or min(bw, bh) < 3:
            break
        blob = lab[y:y + bh, x:x + bw] == i
        out.append(Blob(blob, (x, y, x + bw, y + bh), area, np.count_nonzero(raw[y:y + bh, x:x + bw] & blob)))
    return out


def smoothed(blob: Blob, raw: np.ndarray, p: ShapeParams) -> Optional[Blob]:
    """An even-region blob opened by a disc of even_open_frac of its own thickness, its largest
    piece kept (as largest_blobs keeps blobs); None when nothing is left.

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
    pieces = largest_blobs(placed, raw, p, 1)
    return pieces[0] if pieces else None
