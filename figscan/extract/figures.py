"""Find the figures on a page: embedded images, clusters of vector drawings, regions of scans.

Each figure gets its bbox in page points, a caption when one is near ("Fig. 3", "Figure 3:"),
its pixels rendered from the figure region only (bounded size), and the PDF's own words
inside it in image pixels, which the shape detector uses to reject charts and tables.
"""
from __future__ import annotations

import re

import cv2
import numpy as np
import pymupdf

from figscan.config import Limits
from figscan.extract.ocr import render
from figscan.model import BBox, Figure, FigureImage, PageText, TextLine, Word

CAPTION = re.compile(r"^\s*(fig\.?|figure|fig)\s*[-–]?\s*[0-9IVX]+[a-z]?\b", re.IGNORECASE)
SCAN_COVERAGE = 0.6  # an image covering this share of the page is treated as a scanned page
MAX_DRAWINGS = 50_000  # beyond this, a page is a plot of data points, not a drawing
MAX_CLUSTER_MASK_SIDE = 2000  # pixels: bounds the clustering mask on absurd page sizes
CAPTION_GAP_PT = 60.0
LABEL_MARGIN_PT = 6.0
PANEL_GAP_PT = 18.0  # subplots of one figure sit closer than this; columns of text are wider apart
SENTENCE_WORDS = 8  # a line this long between two boxes is running text, not a panel label


def find_figures(page: pymupdf.Page, page_text: PageText, words: list[tuple], limits: Limits
                 ) -> tuple[list[FigureImage], list[str]]:
    """The page's figures, and what could not be read (said in words for the reviewer).

    `words` are the page's words as pymupdf gives them (x0, y0, x1, y1, text, ...), in points.
    """
    page_rect = page.rect
    infos = page.get_image_info()
    bombs = [i for i in infos if i.get("width", 0) * i.get("height", 0) > limits.max_image_pixels]
    if bombs:
        biggest = max(bombs, key=lambda i: i["width"] * i["height"])
        return [], [f"page {page_text.number}: image declares {biggest['width']} x {biggest['height']} pixels"
                    f" (over the {limits.max_image_pixels:,} pixel limit); figures on this page were not rendered"]
    images = [_clip(info["bbox"], page_rect) for info in infos]
    images = [b for b in images if b is not None]
    page_area = page_rect.width * page_rect.height
    if any(_area(b) >= SCAN_COVERAGE * page_area for b in images):
        boxes = [(b, "scan") for b in scan_regions(page, page_text, limits)]
    else:
        rasters = merge_boxes([b for b in images if _big_enough(b, limits)])
        vectors = merge_boxes([b for b in vector_clusters(page) if _big_enough(b, limits)])
        vectors = [b for b in vectors if not any(_contains(r, b) for r in rasters)]
        boxes = [(b, "raster") for b in rasters] + [(b, "vector") for b in vectors if _is_drawing(b, page_rect, page_text)]
        boxes = [(_grow_to_labels(b, page_text.lines), kind) for b, kind in boxes]
    boxes = group_adjacent(boxes, page_text.lines)
    panels = merge_panels([(b, kind, find_caption(b, page_text.lines)) for b, kind in boxes])
    panels.sort(key=lambda item: -_area(item[0]))
    panels = panels[: limits.max_figures_per_page]
    panels.sort(key=lambda item: (round(item[0][1]), item[0][0]))
    figures = []
    for index, (bbox, kind, caption) in enumerate(panels, start=1):
        figure = Figure(id=f"p{page_text.number}-f{index}", page=page_text.number,
                        bbox=tuple(round(v, 2) for v in bbox), kind=kind, caption=caption)
        pixels, scale = render_region(page, bbox, limits)
        figure.width_px, figure.height_px = pixels.shape[1], pixels.shape[0]
        figure_words = words_in_region(words, bbox, scale) if page_text.has_text_layer else []
        figures.append(FigureImage(figure=figure, pixels=pixels, words=figure_words))
    return figures, []


def group_adjacent(boxes: list[tuple[BBox, str]], lines: list[TextLine],
                   gap: float = PANEL_GAP_PT) -> list[tuple[BBox, str]]:
    """Panels of one figure: boxes closer than `gap` with no caption or sentence between them
    (a grid of subplots, a drawing beside its detail view) become one (bbox, kind)."""
    merged = list(boxes)
    joined = True
    while joined:
        joined = False
        for i, j in ((i, j) for i in range(len(merged)) for j in range(i + 1, len(merged))):
            (a, kind_a), (b, kind_b) = merged[i], merged[j]
            if _touch(a, b, gap) and not _text_between(a, b, lines):
                union = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                merged[i] = (union, kind_a if _area(a) >= _area(b) else kind_b)
                del merged[j]
                joined = True
                break
    return merged


def _text_between(a: BBox, b: BBox, lines: list[TextLine]) -> bool:
    """Is there a caption or a line of running text in the gap between two boxes? Boxes that
    neither sit side by side nor stack (diagonal neighbours) count as separated."""
    if _y_overlap(a, b) > 0:  # side by side: the gap is a vertical strip as tall as both
        gap = (min(a[2], b[2]), min(a[1], b[1]), max(a[0], b[0]), max(a[3], b[3]))
    elif min(a[2], b[2]) > max(a[0], b[0]):  # stacked: a horizontal strip as wide as both
        gap = (min(a[0], b[0]), min(a[3], b[3]), max(a[2], b[2]), max(a[1], b[1]))
    else:
        return True
    for line in lines:
        cx, cy = (line.bbox[0] + line.bbox[2]) / 2, (line.bbox[1] + line.bbox[3]) / 2
        inside = gap[0] - 1 <= cx <= gap[2] + 1 and gap[1] - 1 <= cy <= gap[3] + 1
        if inside and (CAPTION.match(line.text) or len(line.text.split()) >= SENTENCE_WORDS):
            return True
    return False


def merge_panels(boxes: list[tuple[BBox, str, str]]) -> list[tuple[BBox, str, str]]:
    """Side-by-side panels under one caption are one figure, as the caption says: (a), (b)...

    Each item is (bbox, kind, caption); panels merge when they share a non-empty caption and
    overlap in height, so a row of small drawings is judged as the figure the author made.
    """
    merged: list[tuple[BBox, str, str]] = []
    for bbox, kind, caption in sorted(boxes, key=lambda item: item[0][0]):
        for index, (other, other_kind, other_caption) in enumerate(merged):
            if caption and caption == other_caption and _y_overlap(bbox, other) > 0.5:
                union = (min(bbox[0], other[0]), min(bbox[1], other[1]), max(bbox[2], other[2]), max(bbox[3], other[3]))
                merged[index] = (union, other_kind if _area(other) >= _area(bbox) else kind, caption)
                break
        else:
            merged.append((bbox, kind, caption))
    return merged


def vector_clusters(page: pymupdf.Page, tolerance_pt: float = 4.0) -> list[BBox]:
    """Bounding boxes of groups of vector drawings that lie within `tolerance_pt` of each other.

    Drawing rectangles are painted into a coarse mask (about 2 pt a pixel) and grouped by
    connected components: linear in the number of drawings, unlike pairwise merging.
    """
    drawings = page.get_cdrawings()
    if not drawings:
        return []
    rect = page.rect
    scale = min(0.5, MAX_CLUSTER_MASK_SIDE / max(rect.width, rect.height, 1.0))
    height, width = max(1, int(rect.height * scale) + 1), max(1, int(rect.width * scale) + 1)
    mask = np.zeros((height, width), dtype=np.uint8)
    for drawing in drawings[:MAX_DRAWINGS]:
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
        clipped = _clip(box, rect)
        if clipped is not None:
            boxes.append(clipped)
    return boxes


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
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    regions = []
    for x, y, w, h, _area_px in stats[1:]:
        bbox = (x / scale, y / scale, (x + w) / scale, (y + h) / scale)
        if _big_enough(bbox, limits) and not _is_text_strip(ink[y:y + h, x:x + w]):
            regions.append(bbox)
    if not regions and not page_text.lines:
        # An image-only page with no separable picture: the page itself is the figure.
        regions.append((0.0, 0.0, page.rect.width, page.rect.height))
    return merge_boxes(regions)


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


def render_region(page: pymupdf.Page, bbox: BBox, limits: Limits) -> tuple[np.ndarray, float]:
    """RGB pixels of the region only, at render_dpi or less so the long side stays bounded."""
    return render(page, pymupdf.Rect(bbox), limits.render_dpi, limits.max_render_pixels, limits.max_figure_side_px)


def words_in_region(words: list[tuple], bbox: BBox, scale: float) -> list[Word]:
    """Words whose centre lies in the region, in the region's pixels."""
    x0, y0, x1, y1 = bbox
    inside = [w for w in words if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1]
    return [Word(w[4], ((w[0] - x0) * scale, (w[1] - y0) * scale, (w[2] - x0) * scale, (w[3] - y0) * scale))
            for w in inside]


def find_caption(bbox: BBox, lines: list[TextLine]) -> str:
    """The nearest "Fig. N" line below the figure (or above it), with its continuation lines."""
    best, best_gap = None, CAPTION_GAP_PT
    for index, line in enumerate(lines):
        if not CAPTION.match(line.text) or not _x_overlap(bbox, line.bbox):
            continue
        gap = line.bbox[1] - bbox[3] if line.bbox[1] >= bbox[3] - 2 else (bbox[1] - line.bbox[3]) * 1.5
        if -2 <= gap < best_gap:
            best, best_gap = index, gap
    if best is None:
        return ""
    parts, last = [lines[best].text], lines[best]
    for line in lines[best + 1: best + 6]:
        if line.bbox[1] - last.bbox[3] > max(last.size, 6) or CAPTION.match(line.text):
            break
        parts.append(line.text)
        last = line
    return " ".join(parts)[:500]


def merge_boxes(boxes: list[BBox], gap: float = 2.0) -> list[BBox]:
    """Union boxes that overlap or touch, until none do."""
    merged = [tuple(b) for b in boxes]
    changed = True
    while changed:
        changed = False
        result: list[BBox] = []
        for box in merged:
            for i, other in enumerate(result):
                if _touch(box, other, gap):
                    result[i] = (min(box[0], other[0]), min(box[1], other[1]),
                                 max(box[2], other[2]), max(box[3], other[3]))
                    changed = True
                    break
            else:
                result.append(box)
        merged = result
    return merged


def _grow_to_labels(bbox: BBox, lines: list[TextLine]) -> BBox:
    """Take in short text lines that touch the figure: axis labels, tick numbers, legends."""
    x0, y0, x1, y1 = bbox
    width = x1 - x0
    for line in lines:
        lx0, ly0, lx1, ly1 = line.bbox
        if CAPTION.match(line.text) or (lx1 - lx0) > max(0.5 * width, 80):
            continue
        if _touch(bbox, line.bbox, LABEL_MARGIN_PT):
            x0, y0, x1, y1 = min(x0, lx0), min(y0, ly0), max(x1, lx1), max(y1, ly1)
    return (x0, y0, x1, y1)


def _is_drawing(bbox: BBox, page_rect: pymupdf.Rect, page_text: PageText) -> bool:
    """Not a frame around a page of body text, a header rule or a text underline."""
    w, h = bbox[2] - bbox[0], bbox[3] - bbox[1]
    if w > 0.9 * page_rect.width and h > 0.9 * page_rect.height:
        long_lines = sum(l.bbox[2] - l.bbox[0] > 0.5 * page_rect.width for l in page_text.lines)
        if long_lines > 0.3 * max(len(page_text.lines), 1):
            return False
    return min(w, h) >= 12 and max(w, h) / max(min(w, h), 1e-6) < 25


def _big_enough(bbox: BBox, limits: Limits) -> bool:
    return min(bbox[2] - bbox[0], bbox[3] - bbox[1]) >= limits.min_figure_side_pt


def _clip(rect, page_rect: pymupdf.Rect) -> BBox | None:
    r = pymupdf.Rect(rect) & page_rect
    if r.is_empty or r.width < 1 or r.height < 1:
        return None
    return (r.x0, r.y0, r.x1, r.y1)


def _area(b: BBox) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def _touch(a: BBox, b: BBox, gap: float) -> bool:
    return a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]


def _contains(outer: BBox, inner: BBox) -> bool:
    return outer[0] - 1 <= inner[0] and outer[1] - 1 <= inner[1] and inner[2] <= outer[2] + 1 and inner[3] <= outer[3] + 1


def _y_overlap(a: BBox, b: BBox) -> float:
    """Shared height as a share of the shorter box."""
    return max(0.0, min(a[3], b[3]) - max(a[1], b[1])) / max(min(a[3] - a[1], b[3] - b[1]), 1e-6)


def _x_overlap(a: BBox, b: BBox) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.2 * min(a[2] - a[0], b[2] - b[0])
