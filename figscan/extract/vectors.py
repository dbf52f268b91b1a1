"""Vector drawings of a page as figure finding sees them: what a reader sees of each path (cut
to its clip path, invisible fills left out), grouped into clusters of nearby paths."""
from __future__ import annotations

from typing import Optional

import cv2
import numpy as np
import pymupdf

from figscan import geometry
from figscan.model import BBox
from figscan.settings import default_figure_settings

FIGURES = default_figure_settings()  # thresholds with their reasons: figscan/data/figures.toml


def vector_clusters(page: pymupdf.Page, tolerance_pt: float = 4.0, drawings: Optional[list[dict]] = None) -> list[BBox]:
    """Bounding boxes of groups of vector drawings that lie within `tolerance_pt` of each other.

    Drawing rectangles are painted into a coarse mask (about 2 pt a pixel) and grouped by
    connected components: linear in the number of drawings, unlike pairwise merging.
    """
    if drawings is None:
        drawings = visible_drawings(page)
    if not drawings:
        return []
    rect = page.rect
    scale = min(0.5, FIGURES.regions.max_cluster_mask_side / max(rect.width, rect.height, 1.0))
    height, width = max(1, int(rect.height * scale) + 1), max(1, int(rect.width * scale) + 1)
    mask = np.zeros((height, width), dtype=np.uint8)
    for drawing in drawings[:FIGURES.regions.max_drawings]:
        x0, y0, x1, y1 = drawing["rect"]
        if x1 - x0 >= 0.97 * rect.width and y1 - y0 >= 0.97 * rect.height:
            continue  # a page frame or a background fill would swallow the page
        cv2.rectangle(mask, (int((x0 - rect.x0) * scale), int((y0 - rect.y0) * scale)),
                      (int((x1 - rect.x0) * scale), int((y1 - rect.y0) * scale)), 255, thickness=-1)
    reach = max(1, int(round(tolerance_pt * scale)))
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 2 * reach + 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes = []
    for x, y, w, h, _area_px in stats[1:count]:
        box = ((x + reach) / scale + rect.x0, (y + reach) / scale + rect.y0,
               (x + w - reach) / scale + rect.x0, (y + h - reach) / scale + rect.y0)
        clipped = clip_to_page(box, rect)
        if clipped is not None:
            boxes.append(clipped)
    return boxes


def visible_drawings(page: pymupdf.Page) -> list[dict]:
    """The page's vector paths as a reader sees them: each box cut to the clip path it is painted
    in (plot curves run far outside their axes and are clipped there, and would join the plot to
    the text beside it), and paths that paint nothing visible left out: clipped away entirely,
    or white fills (a word processor's text-box and canvas backgrounds, which join figures that
    stand apart)."""
    clips: dict[int, Optional[BBox]] = {}  # nesting level -> the clip box in force inside it
    visible = []
    for drawing in page.get_cdrawings(extended=True):
        level = drawing.get("level", 0)
        for deeper in [key for key in clips if key >= level]:
            del clips[deeper]
        outer = clips[max(clips)] if clips else None
        kind = drawing.get("type")
        if kind in ("clip", "group"):
            scissor = drawing.get("scissor") if kind == "clip" else None
            if scissor is None:
                clips[level] = outer
            else:
                clips[level] = scissor if outer is None else geometry.intersection(outer, tuple(scissor))
            continue
        if _is_invisible(drawing):
            continue
        if outer is not None:
            box = geometry.intersection(tuple(drawing["rect"]), outer)
            if box[2] - box[0] < 0 or box[3] - box[1] < 0:
                continue  # painted wholly outside its clip
            drawing["rect"] = box
        visible.append(drawing)
    return visible


def _is_invisible(drawing: dict) -> bool:
    """A fill without a stroke that paints white (or nothing) on the white page: the background
    of a text box, a drawing canvas or a table cell, which shows nothing a reader sees."""
    if drawing.get("type") != "f":
        return False
    fill = drawing.get("fill")
    return drawing.get("fill_opacity", 1.0) == 0 or (fill is not None and min(fill) >= FIGURES.regions.white_fill)


def clip_to_page(rect, page_rect: pymupdf.Rect) -> BBox | None:
    r = pymupdf.Rect(rect) & page_rect
    if r.is_empty or r.width < 1 or r.height < 1:
        return None
    return (r.x0, r.y0, r.x1, r.y1)
