"""Picture regions of a scanned page: the ink left once the page's text lines are masked.

Scanner shadows along the page edge, rules and scattered marks (stamps, specks) are dropped, so
what is left is drawings and photos.
"""
from __future__ import annotations

import cv2
import numpy as np
import pymupdf

from figscan import geometry
from figscan.config import Limits
from figscan.extract.ocr import render
from figscan.model import BBox, PageText
from figscan.settings import default_figure_settings

FIGURES = default_figure_settings()  # thresholds with their reasons: figscan/data/figures.toml



def scan_regions(page: pymupdf.Page, page_text: PageText, limits: Limits) -> list[BBox]:
    """Picture regions of a scanned page: ink that is left after masking the text lines."""
    pixels, scale = render(page, page.rect, 72, limits.max_render_pixels)
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    height, width = ink.shape
    margin = int(0.02 * max(height, width))
    border = np.zeros_like(ink)
    border[margin:height - margin, margin:width - margin] = 1
    ink = ink * border  # scanner edges and punch holes
    for line in page_text.lines:
        if len(line.text.strip()) >= 3:
            x0, y0, x1, y1 = (int(round(v * scale)) for v in line.bbox)
            ink[max(y0 - 1, 0):y1 + 2, max(x0 - 1, 0):x1 + 2] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = 0.012 * max(height, width)
    keep = np.zeros(count, dtype=bool)
    keep[1:] = (stats[1:, cv2.CC_STAT_WIDTH] > small) | (stats[1:, cv2.CC_STAT_HEIGHT] > small)
    ink = np.where(keep[labels], 255, 0).astype(np.uint8)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(0.025 * width)),) * 2)
    joined = cv2.dilate(ink, kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    regions = []
    edge = int(FIGURES.scans.edge_share * max(height, width))
    for label, (x, y, w, h, _area_px) in enumerate(stats[1:], start=1):
        bbox = (x / scale, y / scale, (x + w) / scale, (y + h) / scale)
        piece = ink[y:y + h, x:x + w]
        own = (labels[y:y + h, x:x + w] == label) & (piece > 0)  # this region's ink only
        rows, cols = np.flatnonzero(own.any(axis=1)), np.flatnonzero(own.any(axis=0))
        if rows.size == 0:
            continue
        # the ink's own extent, not the dilated one (dilation rounds every band off)
        iy0, iy1, ix0, ix1 = y + rows[0], y + rows[-1] + 1, x + cols[0], x + cols[-1] + 1
        elongated = max(ix1 - ix0, iy1 - iy0) / max(min(ix1 - ix0, iy1 - iy0), 1)
        at_edge = ix0 <= edge or iy0 <= edge or ix1 >= width - edge or iy1 >= height - edge
        # the dark shadow of a scanner lid or a page edge: a long band, or a shorter one at the border
        shadow = elongated >= FIGURES.scans.band_aspect or (at_edge and elongated >= 4)
        tight = (ix0 / scale, iy0 / scale, ix1 / scale, iy1 / scale)
        big_enough = min(tight[2] - tight[0], tight[3] - tight[1]) >= limits.min_figure_side_pt
        if big_enough and not shadow and not _is_text_strip(piece) and not _is_scattered(own):
            regions.append(bbox)
    if not regions and not page_text.lines:
        # An image-only page with no separable picture: the page itself is the figure.
        regions.append((0.0, 0.0, page.rect.width, page.rect.height))
    return geometry.merge_touching(regions)


def _is_scattered(own: np.ndarray) -> bool:
    """Separate small marks and no stroke that spans the region: a stamp, hand-written
    numbers, lettering, specks. A drawing, a plot or a photograph has one piece of ink (an
    outline, an axes frame, a blob) across a good part of it."""
    height, width = own.shape
    count, _, stats, _ = cv2.connectedComponentsWithStats(own.astype(np.uint8), connectivity=8)
    if count < 2:
        return True
    longest = int(np.max(np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])))
    return longest < FIGURES.scans.scattered_share * max(height, width)


def _is_text_strip(ink: np.ndarray) -> bool:
    """Unmasked text (no text layer, no OCR) shows as many short rows of small components."""
    height, width = ink.shape
    if height == 0 or width == 0:
        return True
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 40:
        return False
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    return float(np.median(heights)) < 0.06 * height and float(np.max(heights)) < 0.25 * height
