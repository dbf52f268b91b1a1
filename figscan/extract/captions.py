"""Captions: the "Fig. N" (or "Table N") line that belongs to a figure region, and its continuation.

A caption is looked for below the figure first, then above or beside it (in a margin column),
where the gap counts half again as much; Tesseract's usual misreadings of "FIG." ("Fic.",
"FlG.", "F1G.") count as captions too.
"""
from __future__ import annotations

import re
from typing import Optional

from figscan import geometry
from figscan.model import BBox, TextLine
from figscan.settings import default_figure_settings

FIGURES = default_figure_settings()  # thresholds with their reasons: figscan/data/figures.toml

# "fig" as Tesseract also reads it on old scans: "Fic.", "FlG.", "F1G."
CAPTION = re.compile(r"^\s*(?:f[il1][gcq](?:ure)?s?\s*\.?|图|圖)\s*[-–]?\s*[0-9IVX]+[a-z]?(?![0-9])", re.IGNORECASE)
TABLE_CAPTION = re.compile(r"^\s*(?:table|tab\.|表)\s*[-–]?\s*[0-9IVX]+(?![0-9])", re.IGNORECASE)


def is_below(bbox: BBox, line: BBox) -> bool:
    return line[1] >= bbox[3] - 2 and geometry.x_overlap(bbox, line) > FIGURES.captions.x_overlap_share


def find_caption(bbox: BBox, lines: list[TextLine]) -> str:
    """The caption of the figure at `bbox`, with its continuation lines, or ""."""
    index = caption_line(bbox, lines)
    return "" if index is None else caption_text(lines, index)


def caption_line(bbox: BBox, lines: list[TextLine], exclude: frozenset[int] | set[int] = frozenset()) -> Optional[int]:
    """Index of the nearest "Fig. N" line below the figure, else above or beside it (the gap
    counts half again as much there); lines in `exclude` are taken."""
    best, best_gap = None, FIGURES.captions.caption_gap_pt
    for index, line in enumerate(lines):
        if index in exclude or not CAPTION.match(line.text):
            continue
        if geometry.x_overlap(bbox, line.bbox) > FIGURES.captions.x_overlap_share:
            below = line.bbox[1] >= bbox[3] - 2
            gap = line.bbox[1] - bbox[3] if below else (bbox[1] - line.bbox[3]) * 1.5
        elif geometry.y_overlap(bbox, line.bbox) > 0.5:  # beside: a caption in the margin column
            gap = 1.5 * (line.bbox[0] - bbox[2] if line.bbox[0] >= bbox[2] - 2 else bbox[0] - line.bbox[2])
        else:
            continue
        if -2 <= gap < best_gap:
            best, best_gap = index, gap
    return best


def caption_text(lines: list[TextLine], index: int) -> str:
    """The caption line and the lines that continue it (close below, same column)."""
    parts, last = [lines[index].text], lines[index]
    for line in lines[index + 1: index + 6]:
        if (line.bbox[1] - last.bbox[3] > max(last.size, 6) or CAPTION.match(line.text)
                or not geometry.x_overlap(last.bbox, line.bbox) > FIGURES.captions.x_overlap_share):
            break
        parts.append(line.text)
        last = line
    return " ".join(parts)[:500]


def has_table_caption(bbox: BBox, lines: list[TextLine]) -> bool:
    return table_caption_gap(bbox, lines) is not None


def table_caption_gap(bbox: BBox, lines: list[TextLine]) -> Optional[float]:
    """How far the nearest "Table N" line just above or below the box is, or None."""
    best = None
    for line in lines:
        if TABLE_CAPTION.match(line.text) and geometry.x_overlap(bbox, line.bbox) > FIGURES.captions.x_overlap_share:
            gap = line.bbox[1] - bbox[3] if line.bbox[1] >= bbox[3] - 2 else bbox[1] - line.bbox[3]
            if -2 <= gap < FIGURES.captions.caption_gap_pt / 2 and (best is None or gap < best):
                best = gap
    return best


def table_caption_nearer(bbox: BBox, lines: list[TextLine]) -> bool:
    """A "Table N" line sits closer to the box than any figure caption does."""
    table_gap = table_caption_gap(bbox, lines)
    if table_gap is None:
        return False
    index = caption_line(bbox, lines)
    if index is None:
        return True
    line = lines[index].bbox
    figure_gap = line[1] - bbox[3] if line[1] >= bbox[3] - 2 else bbox[1] - line[3]
    return table_gap < figure_gap
