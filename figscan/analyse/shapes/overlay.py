"""The finding drawn over its figure (box, axis, other bodies) with the score and fired cues
below, so reviewers see what the detector saw."""
from __future__ import annotations

import cv2
import numpy as np

from figscan.analyse.shapes.image import as_rgb
from figscan.model import ShapeFinding


def overlay_lines(finding: ShapeFinding, width: int = 60) -> list[str]:
    """The score, the rejection if any and the first three fired cues, each cut to `width`
    characters with an ellipsis, so that a cut number never reads as another ("capped at 0")."""
    def fit(text: str) -> str:
        return text if len(text) <= width else text[:width - 3] + "..."
    lines = [f"score {finding.score:.2f}" + (" FLAG" if finding.flag else "")]
    if finding.rejected:
        lines.append(fit(finding.rejected))
    return lines + [fit(c.detail) for c in finding.cues if c.fired][:3]


def draw_overlay(pixels: np.ndarray, finding: ShapeFinding) -> np.ndarray:
    """RGB copy with the shape box, the axis (nose end dotted) and other bodies' boxes (thin)
    drawn on the figure, and the score and top fired cues written in a white band below it, so
    no text hides the drawing."""
    rgb = as_rgb(pixels)
    if rgb is None:
        return np.asarray(pixels).copy()
    figure = rgb.copy()
    h, w = figure.shape[:2]
    thick = max(1, int(round(max(h, w) / 400)))
    colour = (220, 30, 30) if finding.flag else (30, 120, 220)
    others = [b for b in finding.bodies if b != finding.bbox and b != finding.twin]
    for box, width in [(finding.bbox, thick), (finding.twin, max(1, thick // 2))] + [(b, max(1, thick // 2)) for b in others]:
        if box:
            x0, y0, x1, y1 = (int(round(v)) for v in box)
            cv2.rectangle(figure, (max(0, x0), max(0, y0)), (min(w - 1, x1 - 1), min(h - 1, y1 - 1)), colour, width)
    if finding.axis:
        (nx, ny), (tx, ty) = finding.axis
        cv2.line(figure, (int(nx), int(ny)), (int(tx), int(ty)), (240, 140, 0), thick)
        cv2.circle(figure, (int(nx), int(ny)), 3 * thick + 2, (240, 140, 0), -1)
    lines = overlay_lines(finding)
    scale = max(0.35, min(0.6, w / 900))
    line_height = int(round(26 * scale)) + 4
    band = np.full((line_height * len(lines) + 6, w, 3), 255, dtype=np.uint8)
    for i, text in enumerate(lines):
        cv2.putText(band, text, (4, line_height * (i + 1)), cv2.FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv2.LINE_AA)
    return np.vstack([figure, band])
