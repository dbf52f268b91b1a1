"""Find the figures on a page: embedded images, clusters of vector drawings, regions of scans.

Finding works in steps so that a document can be judged as a whole between them:

1. `locate_figures(page, ...)` -> `Region`s in page points, cheap (no rendering): raster
   placements (tiles of one picture merged), vector clusters grown to the labels inside the
   drawing, picture regions of scanned pages; tables, ruled text and pasted equations dropped;
   each with its caption ("Fig. 3", "Figure 3:", "FIG. 3", "图 3") below, above or beside.
2. `mark_decorations(regions_by_page, ...)`: the same small picture at the same place on
   several pages (a logo, a running header, a watermark) becomes a decoration.
3. `assemble_figures(regions, lines, ...)`: panels grouped into one figure each (subfigures
   (a), (b)), decorations kept apart, captions paired again, the count bounded.
4. `render_figures(page, regions, ...)` -> `FigureImage`s: pixels rendered from the figure
   region only, once, at bounded size (a decoration once per document, from a cache), and the
   PDF's own words inside it in image pixels, which the shape detector uses to reject charts
   and tables. Regions whose pixels are only glyphs (an equation or text set as outlines or
   an image) are dropped here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import cv2
import numpy as np
import pymupdf

from figscan import geometry
from figscan.config import Limits
from figscan.extract import captions, scans
from figscan.extract.ocr import render
from figscan.model import BBox, Figure, FigureImage, PageText, TextLine, Word
from figscan.settings import default_figure_settings

FIGURES = default_figure_settings()  # thresholds with their reasons: figscan/data/figures.toml


@dataclass
class Region:
    """A figure found on a page, before rendering: where it is and what it is made of."""
    bbox: BBox
    kind: str  # "raster", "vector", "scan"
    panels: list[BBox] = field(default_factory=list)  # the parts it was grouped from (2 or more)
    caption: str = ""
    caption_bbox: Optional[BBox] = None  # the caption's first line
    signature: tuple = ()  # what it shows, to recognise the same picture on other pages
    role: str = "figure"  # or "decoration" (figscan.model.FigureRole)


LayoutFn = Callable[[pymupdf.Page], list[tuple[BBox, str]]]


# --- step 1: locate ---------------------------------------------------------------------------

def locate_figures(page: pymupdf.Page, page_text: PageText, limits: Limits,
                   layout: Optional[LayoutFn] = None) -> tuple[list[Region], list[str]]:
    """Figure regions of one page, with captions, not yet rendered; and problems in words.

    `layout`, when given, is asked about the page when the cheap signals disagree on whether a
    drawing is a table (a ruled grid without a "Table" caption, or the reverse)."""
    page_rect = page.rect
    infos = page.get_image_info()  # not xrefs=True: that decodes and hashes every image (5x slower)
    bombs = [i for i in infos if i.get("width", 0) * i.get("height", 0) > limits.max_image_pixels]
    if bombs:
        biggest = max(bombs, key=lambda i: i["width"] * i["height"])
        return [], [f"page {page_text.number}: image declares {biggest['width']} x {biggest['height']} pixels"
                    f" (over the {limits.max_image_pixels:,} pixel limit); figures on this page were not rendered"]
    placed = [(box, info) for info in infos if (box := _clip(info["bbox"], page_rect)) is not None]
    page_area = page_rect.width * page_rect.height
    lines = page_text.lines
    if any(geometry.area(box) >= FIGURES.regions.scan_coverage * page_area for box, _ in placed):
        regions = [Region(b, "scan") for b in scans.scan_regions(page, page_text, limits)]
    else:
        rasters = [r for r in raster_regions(placed) if _big_enough(r.bbox, limits)]
        drawings = page.get_cdrawings()[:FIGURES.regions.max_drawings]
        vectors = [Region(b, "vector") for b in geometry.merge_touching(vector_clusters(page, drawings=drawings))
                   if _big_enough(b, limits) and _is_drawing(b, page_rect, page_text)]
        vectors = [v for v in vectors if not any(geometry.contains(r.bbox, v.bbox) for r in rasters)]
        for region in rasters + vectors:
            region.bbox = _grow_to_labels(region.bbox, lines)
        # a picture of a table (a spreadsheet pasted as an image) is a table, unless a figure
        # caption is nearer; an equation pasted as an image is not a figure either
        rasters = [r for r in rasters if not captions.table_caption_nearer(r.bbox, lines)]
        short = [r for r in rasters if r.bbox[3] - r.bbox[1] <= FIGURES.tables_and_equations.pasted_text_max_pt
                 and captions.caption_line(r.bbox, lines) is None]
        if short:
            display = page.get_displaylist()  # one display list for all the checks on this page
            rasters = [r for r in rasters if r not in short or not _is_pasted_text(display, r.bbox)]
        if vectors:
            strokes = _Strokes(drawings)
            vectors = [v for v in vectors if not _is_table(v.bbox, strokes, lines, page, layout)]
        for region in vectors:
            region.signature = ("vector", round(region.bbox[2] - region.bbox[0]), round(region.bbox[3] - region.bbox[1]),
                                _text_inside(region.bbox, lines)[:200])
        regions = rasters + vectors
    regions.sort(key=lambda r: -geometry.area(r.bbox))
    regions = regions[:FIGURES.regions.max_candidates]  # bounds the grouping below on hostile pages
    _set_captions(regions, lines)
    return regions, []


def assemble_figures(regions: list[Region], lines: list[TextLine], limits: Limits) -> list[Region]:
    """One page's located regions as the figures a reader sees: panels grouped (decorations
    stay apart), captions paired, at most `max_figures_per_page` (the largest), top to bottom."""
    decorations = [r for r in regions if r.role == "decoration"]
    grouped = group_adjacent([r for r in regions if r.role != "decoration"], lines)
    _set_captions(grouped, lines)
    grouped = merge_panels(grouped, lines) + decorations
    grouped.sort(key=lambda r: -geometry.area(r.bbox))
    grouped = grouped[: limits.max_figures_per_page]
    grouped.sort(key=lambda r: (round(r.bbox[1]), r.bbox[0]))
    return grouped


def _set_captions(regions: list[Region], lines: list[TextLine]) -> None:
    """Pair each region with its caption. A caption line right below one region is that
    region's, not the caption "above" the region under it: such a region takes its next best."""
    below_of: set[int] = set()
    for region in regions:
        index = captions.caption_line(region.bbox, lines)
        if index is not None and captions.is_below(region.bbox, lines[index].bbox):
            below_of.add(index)
    for region in regions:
        index = captions.caption_line(region.bbox, lines)
        if index is not None and index in below_of and not captions.is_below(region.bbox, lines[index].bbox):
            index = captions.caption_line(region.bbox, lines, exclude=below_of)
        if index is None:
            region.caption, region.caption_bbox = "", None
        else:
            region.caption, region.caption_bbox = captions.caption_text(lines, index), lines[index].bbox


def raster_regions(placed: list[tuple[BBox, dict]], gap: float = FIGURES.regions.tile_gap_pt) -> list[Region]:
    """Image placements, with the tiles of one picture (strips, a grid of images that touch)
    merged into one region whose signature names the images it shows."""
    placed = sorted(placed[:FIGURES.regions.max_images], key=lambda item: item[0][0])
    parent = list(range(len(placed)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (a, _) in enumerate(placed):  # sweep in x: only boxes that start before a ends can touch
        for j in range(i + 1, len(placed)):
            b = placed[j][0]
            if b[0] > a[2] + gap:
                break
            if geometry.touch(a, b, gap):
                parent[root(j)] = root(i)
    groups: dict[int, list[tuple[BBox, dict]]] = {}
    for i, item in enumerate(placed):
        groups.setdefault(root(i), []).append(item)
    regions = []
    for members in groups.values():
        bbox = members[0][0]
        for box, _ in members[1:]:
            bbox = geometry.union(bbox, box)
        signature = tuple(sorted(_image_key(info) for _, info in members))
        regions.append(Region(geometry.merge_touching([bbox])[0], "raster", signature=signature))
    return _merge_touching_rasters(regions)


def _merge_touching_rasters(regions: list[Region]) -> list[Region]:
    """Regions whose union boxes now overlap (an L of tiles) are merged once more."""
    merged: list[Region] = []
    for region in sorted(regions, key=lambda r: r.bbox[0]):
        for index, other in enumerate(merged):
            if geometry.touch(region.bbox, other.bbox, 0):
                merged[index] = Region(geometry.union(region.bbox, other.bbox), "raster",
                                       signature=tuple(sorted(other.signature + region.signature)))
                break
        else:
            merged.append(region)
    return merged


def _image_key(info: dict) -> str:
    """The same picture on another page has the same key: its pixel size, bits, colour space
    and stored byte count (a content digest would cost decoding every image)."""
    return f"{info.get('width')}x{info.get('height')}:{info.get('bpc')}:{info.get('colorspace')}:{info.get('size')}"


def group_adjacent(regions: list[Region], lines: list[TextLine], gap: float = FIGURES.panels.panel_gap_pt) -> list[Region]:
    """Panels of one figure: regions closer than `gap` with no caption or sentence between them
    (a grid of subplots, a drawing beside its detail view) become one region with panels."""
    merged = list(regions)
    joined = True
    while joined:
        joined = False
        for i, j in ((m, n) for m in range(len(merged)) for n in range(m + 1, len(merged))):
            a, b = merged[i], merged[j]
            if geometry.touch(a.bbox, b.bbox, gap) and not _text_between(a.bbox, b.bbox, lines):
                merged[i] = _join(a, b)
                del merged[j]
                joined = True
                break
    return merged


def merge_panels(regions: list[Region], lines: Optional[list[TextLine]] = None) -> list[Region]:
    """Side-by-side panels under one caption are one figure, as the caption says: (a), (b)...

    Regions merge when they share a non-empty caption and overlap in height, so a row of small
    drawings is judged as the figure the author made. With the page's `lines`, an uncaptioned
    panel beside a captioned one also joins it when that caption runs below both and no text
    stands between them (a short caption under the left panel of two)."""
    merged: list[Region] = []
    for region in sorted(regions, key=lambda r: r.bbox[0]):
        for index, other in enumerate(merged):
            if region.caption and region.caption == other.caption and geometry.y_overlap(region.bbox, other.bbox) > 0.5:
                merged[index] = _join(other, region)
                break
        else:
            merged.append(region)
    if lines is None:
        return merged
    joined = True
    while joined:
        joined = False
        for loose, owner in ((a, b) for a in merged for b in merged if not a.caption and b.caption and a is not b):
            if _shares_caption(loose, owner, lines):
                merged = [r for r in merged if r is not loose and r is not owner] + [_join(owner, loose)]
                joined = True
                break
    return merged


def _shares_caption(loose: Region, owner: Region, lines: list[TextLine]) -> bool:
    if owner.caption_bbox is None or geometry.y_overlap(loose.bbox, owner.bbox) <= 0.5:
        return False
    gap = max(loose.bbox[0], owner.bbox[0]) - min(loose.bbox[2], owner.bbox[2])
    top, bottom = owner.caption_bbox[1], owner.caption_bbox[3]
    below_both = top >= max(loose.bbox[3], owner.bbox[3]) - 2 and top - loose.bbox[3] < FIGURES.captions.caption_gap_pt
    above_both = bottom <= min(loose.bbox[1], owner.bbox[1]) + 2 and loose.bbox[1] - bottom < FIGURES.captions.caption_gap_pt / 2
    return (gap <= FIGURES.captions.caption_gap_pt and (below_both or above_both)
            and not _text_between(loose.bbox, owner.bbox, lines))


def _join(a: Region, b: Region) -> Region:
    kind = a.kind if geometry.area(a.bbox) >= geometry.area(b.bbox) else b.kind
    panels = (a.panels or [a.bbox]) + (b.panels or [b.bbox])
    panels.sort(key=lambda p: (round(p[1] / 10), p[0]))  # reading order: rows, then left to right
    return Region(geometry.union(a.bbox, b.bbox), kind, panels=panels, caption=a.caption or b.caption,
                  caption_bbox=a.caption_bbox if a.caption else b.caption_bbox, signature=a.signature + b.signature)


def _text_between(a: BBox, b: BBox, lines: list[TextLine]) -> bool:
    """Is there a caption or a line of running text in the gap between two boxes? Boxes that
    neither sit side by side nor stack (diagonal neighbours) count as separated."""
    if geometry.y_overlap(a, b) > 0:  # side by side: the gap is a vertical strip as tall as both
        gap = (min(a[2], b[2]), min(a[1], b[1]), max(a[0], b[0]), max(a[3], b[3]))
    elif min(a[2], b[2]) > max(a[0], b[0]):  # stacked: a horizontal strip as wide as both
        gap = (min(a[0], b[0]), min(a[3], b[3]), max(a[2], b[2]), max(a[1], b[1]))
    else:
        return True
    for line in lines:
        cx, cy = (line.bbox[0] + line.bbox[2]) / 2, (line.bbox[1] + line.bbox[3]) / 2
        inside = gap[0] - 1 <= cx <= gap[2] + 1 and gap[1] - 1 <= cy <= gap[3] + 1
        if inside and (captions.CAPTION.match(line.text) or len(line.text.split()) >= FIGURES.panels.sentence_words):
            return True
    return False


def vector_clusters(page: pymupdf.Page, tolerance_pt: float = 4.0, drawings: Optional[list[dict]] = None) -> list[BBox]:
    """Bounding boxes of groups of vector drawings that lie within `tolerance_pt` of each other.

    Drawing rectangles are painted into a coarse mask (about 2 pt a pixel) and grouped by
    connected components: linear in the number of drawings, unlike pairwise merging.
    """
    if drawings is None:
        drawings = page.get_cdrawings()
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
        clipped = _clip(box, rect)
        if clipped is not None:
            boxes.append(clipped)
    return boxes


class _Strokes:
    """The page's drawings as arrays, so each cluster's strokes are found without a loop."""

    def __init__(self, drawings: list[dict]):
        self.drawings = drawings
        self.rects = np.array([d["rect"] for d in drawings], dtype=float).reshape(-1, 4)
        self._straight: Optional[np.ndarray] = None

    def inside(self, bbox: BBox) -> np.ndarray:
        r = self.rects
        return (r[:, 0] >= bbox[0] - 1) & (r[:, 1] >= bbox[1] - 1) & (r[:, 2] <= bbox[2] + 1) & (r[:, 3] <= bbox[3] + 1)

    @property
    def straight(self) -> np.ndarray:
        if self._straight is None:
            self._straight = np.array([_is_straight(d) for d in self.drawings], dtype=bool)
        return self._straight


def _is_table(bbox: BBox, strokes: _Strokes, lines: list[TextLine], page: pymupdf.Page,
              layout: Optional[LayoutFn]) -> bool:
    """A table (or a ruled form, or boxed text) drawn with rules, not a figure.

    A drawing with a curve or a slanted stroke is never a table. One made only of horizontal
    and vertical strokes and rectangles is a table when a "Table N" caption sits just above or
    below it, or when text fills its cells. Otherwise (straight strokes, sparse text, no
    caption of either kind: a bar chart, a block diagram, or a sparse table) the cheap
    signals cannot tell, and the layout model, when given, decides; without it, a figure."""
    inside = strokes.inside(bbox)
    if not inside.any() or not strokes.straight[inside].all():
        return False
    if captions.has_table_caption(bbox, lines):
        return True
    text_area = sum(geometry.area(geometry.intersection(line.bbox, bbox)) for line in lines)
    if text_area >= FIGURES.tables_and_equations.ruled_text_coverage * max(geometry.area(bbox), 1e-6):
        return True
    if layout is None or captions.caption_line(bbox, lines) is not None:
        return False
    return layout_class(bbox, layout(page)) == "table"


def layout_class(bbox: BBox, boxes: list[tuple[BBox, str]]) -> Optional[str]:
    """What the layout model calls the region: "table" or "picture" when one such box covers
    most of it (the one covering most), else None."""
    best, best_share = None, 0.5
    for box, label in boxes:
        if label in ("table", "picture"):
            share = geometry.area(geometry.intersection(bbox, box)) / max(geometry.area(bbox), 1e-6)
            if share >= best_share:
                best, best_share = label, share
    return best


def _is_straight(drawing: dict) -> bool:
    """Only rectangles and axis-parallel lines: the strokes of tables and frames."""
    for item in drawing.get("items", ()):
        op = item[0]
        if op == "re":
            continue
        if op == "l":
            (x0, y0), (x1, y1) = item[1], item[2]
            if abs(x1 - x0) > 0.5 and abs(y1 - y0) > 0.5:
                return False
        elif op == "qu":
            if not pymupdf.Quad(item[1]).is_rectangular:
                return False
        else:  # curves
            return False
    return True


def _is_pasted_text(page: pymupdf.Page | pymupdf.DisplayList, bbox: BBox) -> bool:
    """A short image that holds only glyphs (an equation, a line of text), judged on a render
    of its region before it can be grouped with a figure next to it."""
    pixels, scale = render(page, pymupdf.Rect(bbox), 150, 1_000_000, 1000)  # at 72 dpi bars touch glyphs
    return _is_glyphs_only(pixels, scale)


# --- step 2: decorations -----------------------------------------------------------------------

def mark_decorations(regions_by_page: dict[int, list[Region]], page_sizes: dict[int, tuple[float, float]],
                     min_pages: int = FIGURES.decorations.min_pages) -> int:
    """Mark as decorations the regions that show the same thing at the same place on
    `min_pages` pages or more, uncaptioned on most of them, and are small or sit in a header or
    footer band (an embedded image repeated that way may be any size: a watermark). Returns
    how many were marked."""
    groups: list[list[tuple[int, Region]]] = []
    for number, regions in sorted(regions_by_page.items()):
        for region in regions:
            if region.kind == "scan" or not region.signature:
                continue
            for group in groups:
                first = group[0][1]
                if first.signature == region.signature and _same_place(first.bbox, region.bbox):
                    group.append((number, region))
                    break
            else:
                groups.append([(number, region)])
    marked = 0
    for group in groups:
        if len({number for number, _ in group}) < min_pages or 2 * sum(bool(r.caption) for _, r in group) >= len(group):
            continue  # few pages, or captioned as a figure on most of them
        for number, region in group:
            width, height = page_sizes[number]
            small = geometry.area(region.bbox) <= FIGURES.decorations.max_area * width * height
            band = FIGURES.decorations.margin * height
            margin = region.bbox[3] <= band or region.bbox[1] >= height - band
            if region.kind == "raster" or small or margin:
                region.role, region.caption, region.caption_bbox = "decoration", "", None  # the caption was a neighbour's
                marked += 1
    return marked


def _same_place(a: BBox, b: BBox, tolerance: float = FIGURES.decorations.tolerance_pt) -> bool:
    return all(abs(u - v) <= tolerance for u, v in zip(a, b))


# --- step 3: render ----------------------------------------------------------------------------

def render_figures(page: pymupdf.Page, page_text: PageText, regions: list[Region], words: list[tuple],
                   limits: Limits, cache: Optional[dict] = None) -> list[FigureImage]:
    """Render each region once at bounded size; decorations once per document via `cache`
    (signature -> pixels), so a logo on 60 pages costs one render. Regions that turn out to be
    only glyphs (an equation or a line of text set as an image) are not figures and are dropped."""
    figures = []
    display = None
    for region in regions:
        key = ("decoration",) + region.signature
        if region.role == "decoration" and cache is not None and key in cache:
            pixels, scale = cache[key]
        else:
            if display is None:  # built once per page, not once per figure
                display = page.get_displaylist() if len(regions) > 1 else page
            pixels, scale = render_region(display, region.bbox, limits)
            if region.kind != "scan" and not region.caption and _is_glyphs_only(pixels, scale):
                continue
            if region.role == "decoration" and cache is not None:
                cache[key] = (pixels, scale)
        figure = Figure(id=f"p{page_text.number}-f{len(figures) + 1}", page=page_text.number,
                        bbox=geometry.rounded(region.bbox), kind=region.kind, caption=region.caption,
                        role=region.role, panels=[geometry.rounded(p) for p in region.panels])
        figure.width_px, figure.height_px = pixels.shape[1], pixels.shape[0]
        figure_words = words_in_region(words, region.bbox, scale) if page_text.has_text_layer else []
        figures.append(FigureImage(figure=figure, pixels=pixels, words=figure_words))
    return figures


def render_region(page: pymupdf.Page | pymupdf.DisplayList, bbox: BBox, limits: Limits) -> tuple[np.ndarray, float]:
    """RGB pixels of the region only, at render_dpi or less so the long side stays bounded
    (`page` may be the page's display list, which renders the same without re-reading it)."""
    return render(page, pymupdf.Rect(bbox), limits.render_dpi, limits.max_render_pixels, limits.max_figure_side_px)


def _is_glyphs_only(pixels: np.ndarray, scale: float) -> bool:
    """Is nearly all the ink in pieces the size of characters, or in single thin strokes
    (fraction bars, brackets)? Then the region is an equation or text set as an image or as
    outlines, not a picture: drawings and plots have connected strokes (axes frames, outlines,
    wires) longer than any character both ways, photographs have large blobs."""
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if float(np.mean(gray)) < 128:  # a dark picture: Otsu's "ink" is its background
        return False
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 6:  # a few blobs: a logo, a symbol, an icon
        return False
    knobs = FIGURES.tables_and_equations
    limit, thin = knobs.glyph_max_pt * scale, max(knobs.thin_stroke_pt * scale, 2.0)
    sizes = stats[1:, cv2.CC_STAT_AREA]
    widths, heights = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    glyph = ((widths <= limit) & (heights <= limit)) | (np.minimum(widths, heights) <= thin)
    return float(sizes[glyph].sum()) >= FIGURES.tables_and_equations.glyph_ink_share * max(float(sizes.sum()), 1.0)


def words_in_region(words: list[tuple], bbox: BBox, scale: float) -> list[Word]:
    """Words whose centre lies in the region, in the region's pixels."""
    x0, y0, x1, y1 = bbox
    inside = [w for w in words if x0 <= (w[0] + w[2]) / 2 <= x1 and y0 <= (w[1] + w[3]) / 2 <= y1]
    return [Word(w[4], ((w[0] - x0) * scale, (w[1] - y0) * scale, (w[2] - x0) * scale, (w[3] - y0) * scale))
            for w in inside]


# --- geometry of regions -----------------------------------------------------------------------

def _grow_to_labels(bbox: BBox, lines: list[TextLine]) -> BBox:
    """Take in the short text lines that sit inside the drawing or touch it: axis labels, tick
    numbers, legends, part names. Captions and lines of running text (long, or wider than half
    the drawing) stay outside, so the figure is split from the body text around it."""
    x0, y0, x1, y1 = bbox
    width = x1 - x0
    for line in lines:
        lx0, ly0, lx1, ly1 = line.bbox
        if captions.CAPTION.match(line.text) or captions.TABLE_CAPTION.match(line.text) or (lx1 - lx0) > max(0.5 * width, 80):
            continue
        if len(line.text.split()) >= FIGURES.panels.sentence_words and not geometry.contains(bbox, line.bbox):
            continue
        if geometry.touch(bbox, line.bbox, FIGURES.regions.label_margin_pt):
            x0, y0, x1, y1 = min(x0, lx0), min(y0, ly0), max(x1, lx1), max(y1, ly1)
    return (x0, y0, x1, y1)


def _text_inside(bbox: BBox, lines: list[TextLine]) -> str:
    return " ".join(line.text for line in lines if geometry.contains(bbox, line.bbox))


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
