"""One figure from pixels to measured candidates: early rejections (too small, blank, chart,
table, flowchart, text), masking, the silhouette variants and each candidate's cues. Training
(figure_features) sees exactly what runtime scores."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import cv2
import numpy as np

from figscan import geometry
from figscan.analyse.shapes.features import BlobMeasures, Candidate, FigureMeasures
from figscan.analyse.shapes.image import analysis_scale, as_rgb, components, ink_mask, photo_measures
from figscan.analyse.shapes.layout import (
    axis_corners,
    chart_region,
    closed_boxes,
    line_positions,
    long_lines,
    mask_regions,
    sheet_frame,
    table_regions,
    ticks_along,
)
from figscan.analyse.shapes.params import ShapeParams, default_params
from figscan.analyse.shapes.profile import bow_shock, line_response, profile_cues
from figscan.analyse.shapes.silhouettes import (
    VARIANTS,
    bridged_pieces,
    colour_regions,
    even_regions,
    filled_silhouettes,
    free_lines,
    largest_blobs,
    protruding_parts,
    smoothed,
)
from figscan.analyse.shapes.text import beside_axis, glyph_words, numeric_axes, remove_text, scaled_words, tick_label_corner
from figscan.model import Word


@dataclass
class Analysis:
    """Everything measured on one figure (analysis-scale coordinates)."""
    scale: float
    shape: tuple[int, int]
    glob: FigureMeasures
    candidates: list[Candidate]
    rejected: Optional[str] = None


@dataclass
class _Scaled:
    """The figure at analysis scale, with the pixel measures every stage reads."""
    s: float
    rgb: np.ndarray
    grey: np.ndarray
    hsv: np.ndarray
    ink: np.ndarray
    distance: np.ndarray
    threshold: float
    ncolours: int
    texture: float

    @property
    def shape(self) -> tuple[int, int]:
        return self.grey.shape[:2]


@dataclass
class _Masked:
    """What is left for candidates once tables, charts, flowcharts and text are blanked out."""
    ink: np.ndarray
    words: list
    blank: np.ndarray
    frame: np.ndarray
    clean: np.ndarray
    reasons: list[str]
    glob: FigureMeasures


def analyse(pixels: np.ndarray, words: list[Word], p: ShapeParams) -> Analysis:
    """Measure one figure: its early rejection, or the cues of its candidate silhouettes."""
    rgb0 = as_rgb(pixels)
    if rgb0 is None:
        return Analysis(1.0, (0, 0), FigureMeasures(), [], "empty: no pixels")
    H0, W0 = rgb0.shape[:2]
    if max(H0, W0) < p.min_long_side_px or min(H0, W0) < p.min_short_side_px:
        return Analysis(1.0, (H0, W0), FigureMeasures(), [], f"too small: {W0}x{H0} px (logo or icon)")
    fig = _scaled(rgb0, p)
    ink_frac = float(fig.ink.mean())
    if ink_frac < p.blank_ink_frac and not fig.texture >= p.photo_texture:
        return Analysis(fig.s, fig.shape, FigureMeasures(ink_frac=ink_frac), [], "blank: almost no ink")
    masked = _mask_non_bodies(fig, words, (H0, W0), p)
    if masked.reasons and masked.clean.sum() < p.left_ink_min * (fig.ink & ~masked.frame).sum():
        return Analysis(fig.s, fig.shape, masked.glob, [], masked.reasons[0])  # the figure is its chart, table or text
    cands, n_blobs = _candidates(_silhouettes(_variants(fig, masked, p), masked.ink, p), fig, masked.ink, p)
    masked.glob.n_blobs = float(n_blobs)
    return Analysis(fig.s, fig.shape, masked.glob, cands, None if cands or not masked.reasons else masked.reasons[0])


def _scaled(rgb0: np.ndarray, p: ShapeParams) -> _Scaled:
    """Resize to the analysis scale and take the ink mask and the photo measures once."""
    H0, W0 = rgb0.shape[:2]
    s = analysis_scale(H0, W0, p)
    w1, h1 = max(2, int(round(W0 * s))), max(2, int(round(H0 * s)))
    rgb = cv2.resize(rgb0, (w1, h1), interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    ink, distance, threshold = ink_mask(rgb, p)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ncolours, texture = photo_measures(rgb, grey)
    return _Scaled(s, rgb, grey, cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV), ink, distance, threshold, ncolours, texture)


def _mask_non_bodies(fig: _Scaled, words: list[Word], size0: tuple[int, int], p: ShapeParams) -> _Masked:
    """Tables, parts lists and title blocks, plot areas, boxes of text: blanked out, and the
    rest of the figure analysed; each leaves its reason, which ends the analysis only when
    little else is left."""
    s, ink, (h1, w1) = fig.s, fig.ink, fig.shape
    H0, W0 = size0
    grainy = fig.texture >= p.photo_texture  # film, grass, gravel: grain specks are neither ink nor glyphs
    wds = scaled_words(words, s, (h1, w1), p)
    word_area = np.zeros((h1, w1), bool)
    for _, x0, y0, x1, y1 in wds:
        word_area[int(y0):int(math.ceil(y1)), int(x0):int(math.ceil(x1))] = True
    text_frac = float(word_area.mean())
    textured = grainy or fig.ncolours >= p.photo_colours
    tables = table_regions(ink, wds if wds else ([] if textured else glyph_words(ink, s, p)), p)
    ink, wds, blank = mask_regions(ink, wds, tables)
    reasons = [f"table: {len(tables)} ruled table(s) of rows holding words"] if tables else []
    row_groups, col_groups, num_boxes = numeric_axes(wds, p)
    hl, vl = long_lines(ink, p.axis_frac)
    hpos, vpos = line_positions(hl, 0), line_positions(vl, 1)
    line_ticks = {(0, *line): ticks_along(ink, *line, 0, p) for line in hpos}
    line_ticks.update({(1, *line): ticks_along(ink, *line, 1, p) for line in vpos})
    ticks = max(line_ticks.values(), default=0)
    nbox, text_boxes = closed_boxes(ink, wds, p)
    rows, cols = len(row_groups), len(col_groups)
    glob = FigureMeasures(ink_frac=float(fig.ink.mean()), text_frac=text_frac, n_words=float(len(wds)),
                          num_rows=float(rows), num_cols=float(cols), hlines=float(len(hpos)), vlines=float(len(vpos)),
                          ticks=float(ticks), boxes=float(nbox), boxes_text=float(len(text_boxes)),
                          photo=_midtone(fig), colour=_colour(fig),
                          aspect=float(max(h1, w1) / max(1, min(h1, w1))), small=float(max(H0, W0) < 300),
                          ncolours=float(fig.ncolours), texture=fig.texture)
    axes = bool(hpos) and bool(vpos)
    on_axis = beside_axis(row_groups, hpos, False) + beside_axis(col_groups, vpos, True)
    if not wds and not (rows or cols) and not grainy:  # raster chart: tick labels as glyph clusters
        glyphs = glyph_words(ink, s, p)
        if glyphs and axes:  # only labels right beside an axis line: below a horizontal, left of a vertical one
            gh = float(np.median([g[4] - g[2] for g in glyphs]))
            glyphs = [g for g in glyphs
                      if any(a <= (g[1] + g[3]) / 2 <= b and 0 < g[2] - pos < 3 * gh for pos, a, b in hpos)
                      or any(a <= (g[2] + g[4]) / 2 <= b and 0 < pos - g[3] < 3 * gh for pos, a, b in vpos)]
        grows, gcols, gboxes = numeric_axes(glyphs, p, any_text=True)
        if grows and gcols and (axes or (len(grows) <= 2 and tick_label_corner(gboxes))):  # a lattice is marks
            rows, cols, num_boxes = len(grows), len(gcols), gboxes
    few_lines = len(hpos) + len(vpos) <= 10  # meshes and hatching also carry regular stubs
    h_frame, v_frame = axis_corners(hpos, vpos, p.corner_tol * max(h1, w1))
    frame_ticks = max([line_ticks[(0, *line)] for line in h_frame] + [line_ticks[(1, *line)] for line in v_frame], default=0)
    if (rows and cols) or (on_axis and (axes or ticks)) or (few_lines and frame_ticks >= p.min_ticks + 2):
        reasons.append(f"chart: {rows} row(s) / {cols} column(s) of regularly spaced numbers, "
                       f"{len(hpos)} long horizontal and {len(vpos)} vertical lines, {ticks} ticks")
        region = chart_region(hl | vl, num_boxes, (h1, w1))
        glob.chart_masked = float((region[2] - region[0]) * (region[3] - region[1]) / (h1 * w1))
        ink, wds, more = mask_regions(ink, wds, [region])
        blank |= more
    if len(text_boxes) >= p.box_min_with_text:
        reasons.append(f"flowchart: {len(text_boxes)} boxes holding text")
        ink, wds, more = mask_regions(ink, wds, text_boxes)
        blank |= more
    if text_frac > p.mostly_text_frac:
        reasons.append(f"text: words cover {text_frac:.0%} of the figure")
    glob.masked = float(blank.mean())
    frame = sheet_frame(hl, vl, p)
    clean = remove_text(ink, wds, s, p) & ~frame
    return _Masked(ink, wds, blank, frame, clean, reasons, glob)


def _midtone(fig: _Scaled) -> float:
    """Share of mid-grey pixels: shading, renders, photos."""
    return float(((fig.grey > 40) & (fig.grey < 215)).mean())


def _colour(fig: _Scaled) -> float:
    """Share of saturated pixels."""
    return float((fig.hsv[:, :, 1] > 60).mean())


def _variants(fig: _Scaled, m: _Masked, p: ShapeParams) -> list[tuple[str, np.ndarray]]:
    """The masks candidates are cut from: text removed; with and without long lines; without
    free lines; edges of shaded renders and photos; faint and neutral ink of line art; colour
    regions; even regions of grainy film."""
    s, wds, blank, clean = fig.s, m.words, m.blank, m.clean
    midtone = _midtone(fig)
    hl2, vl2 = long_lines(clean, p.line_frac)
    variants = [("ink", clean), ("no-lines", clean & ~hl2 & ~vl2)]
    free = free_lines(clean, wds, p)
    if free.any():  # dimension, extension, station and centre lines cut off the outlines they cross
        variants.append(("cut", clean & ~free))
    if midtone > p.edges_midtone:  # shading, renders, photos, grey panels: silhouettes from edges
        edges = remove_text(cv2.Canny(cv2.GaussianBlur(fig.grey, (5, 5), 0), 40, 120) > 0, wds, s, p) & ~blank
        he, ve = long_lines(edges, p.line_frac)
        variants.append(("edges", edges & ~he & ~ve))
    lines_only = clean
    if midtone <= p.edges_midtone and fig.threshold >= p.faint_ratio * p.ink_min:
        # line art whose Otsu threshold was pulled up by bold strokes or fills: hairlines drawn
        # in light grey fall under it, so the faint ink is a candidate source of its own
        lines_only = remove_text((fig.distance > p.ink_min) & ~blank, wds, s, p) & ~m.frame
        variants.append(("faint", lines_only))
    coloured_ink = float((lines_only & (fig.hsv[:, :, 1] > 60)).sum() / max(1, lines_only.sum()))
    if p.annotation_colour_min <= coloured_ink <= 1 - p.annotation_colour_min:
        # black drawing with coloured dimension lines and marks (or the reverse): each alone
        variants.append(("neutral", lines_only & (fig.hsv[:, :, 1] <= 60)))
    if _colour(fig) > p.regions_colour_min or midtone > p.edges_midtone:
        variants += [("colour", remove_text(c & ~blank, wds, s, p)) for c in colour_regions(fig.rgb, p)]
    if fig.texture >= p.photo_texture:  # grain, grass, film noise: an even-toned area is an object
        variants.append(("even", remove_text(even_regions(fig.grey, p) & ~blank, wds, s, p)))
    return variants


def _silhouettes(variants: list[tuple[str, np.ndarray]], ink: np.ndarray, p: ShapeParams
                 ) -> list[tuple[str, np.ndarray, np.ndarray, Optional[tuple]]]:
    """Each variant filled, plus the derived silhouettes: opened off leader lines, protruding
    parts, colour pieces bridged across an ornament. Each comes as (source, its variant's mask,
    the silhouette, its components when already labelled, else None)."""
    h1, w1 = ink.shape[:2]
    k_open = max(3, int(round(p.open_frac * max(h1, w1))))
    ker_open = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k_open, k_open))
    silhouettes = []
    for name, m in variants:
        filled = filled_silhouettes(m, p)
        labelled = components(filled) if name == "colour" else None  # bridged_pieces and largest_blobs share it
        silhouettes.append((name, m, filled, labelled))
        if name in ("ink", "cut"):  # leader lines, arrows and dimension lines glued to the body: open them off
            opened = cv2.morphologyEx(filled.astype(np.uint8), cv2.MORPH_OPEN, ker_open) > 0
            silhouettes.append(("opened" if name == "ink" else "cut-opened", m, opened, None))
        if name == "ink":
            if (protruding := protruding_parts(filled, p)) is not None:
                silhouettes.append(("protruding", m, protruding, None))
        elif name == "colour" and (bridged := bridged_pieces(filled, ink, p, labelled)) is not None:
            silhouettes.append(("bridged", m, bridged, None))
    return silhouettes


def _candidates(silhouettes: list[tuple[str, np.ndarray, np.ndarray, Optional[tuple]]], fig: _Scaled, ink: np.ndarray,
                p: ShapeParams) -> tuple[list[Candidate], int]:
    """The largest blobs of every silhouette, each measured once (a blob another variant already
    gave is skipped), and the most blobs any silhouette held."""
    h1, w1 = fig.shape
    cands = []
    seen: list[tuple] = []
    n_blobs = 0
    total_ink = max(1, int(ink.sum()))
    response = line_response(fig.grey, p)
    line_noise = float(np.percentile(response, 99))
    for name, m, filled, labelled in silhouettes:
        blobs = largest_blobs(filled, m, p, p.regions_top_k if name == "colour" else p.top_k, labelled)
        if name == "even":
            blobs = [sm for bl in blobs if (sm := smoothed(bl, m, p)) is not None]
        n_blobs = max(n_blobs, len(blobs))
        for bl in blobs:
            if any(geometry.iou(bl.box, b) > 0.95 for b in seen):
                continue  # same silhouette from another variant
            seen.append(bl.box)
            measured = profile_cues(bl.mask, p)
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
    return cands, n_blobs


def figure_features(pixels: np.ndarray, words: list[Word], params: ShapeParams | None = None
                    ) -> tuple[Optional[str], list[tuple[list[float], tuple[float, float, float, float]]]]:
    """Early rejection and, per candidate, (cue vector in FEATURE_NAMES order, bbox in image px).

    Used by training/train_shapes.py so training sees exactly the runtime features.
    """
    p = params or default_params()
    an = analyse(pixels, words, p)
    s = an.scale
    return an.rejected, [(c.vector(an.glob), tuple(v / s for v in c.box)) for c in an.candidates]
