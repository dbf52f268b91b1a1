"""Generate figscan's synthetic sample papers into samples/ (run: python samples/make_samples.py).

Every paper is drawn with pymupdf from code: text in the base-14 fonts (not embedded, so files
stay small), figures as vector drawings, one page as a noisy raster "scan". Nothing is random
without a fixed seed and every PDF gets fixed metadata dates and no random /ID, so a rerun writes
byte-identical files. The one exception is the AES-encrypted paper: MuPDF draws a fresh random
key/salt when encrypting, so that file is only rewritten when its decrypted content changed.

The people, grants, DOIs and results are invented; the institutions and funders are real names
because figscan must recognise them.
"""
from __future__ import annotations

import io
import math
import sys
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pymupdf
from PIL import Image

OUT = Path(__file__).resolve().parent
A4 = (595.0, 842.0)
MARGIN = 56.0
DATE = "D:20240315093000+00'00'"
PRODUCER = "figscan samples/make_samples.py (pymupdf)"
ENCRYPTED_USER_PASSWORD = "figscan"
ENCRYPTED_OWNER_PASSWORD = "figscan-owner"
SCAN_SEED = 20240315

BLACK = (0, 0, 0)
GREY = (0.45, 0.45, 0.45)
BLUE = (0.12, 0.30, 0.65)
RED = (0.75, 0.15, 0.12)
GREEN = (0.15, 0.50, 0.25)

DrawFn = Callable[[pymupdf.Page, pymupdf.Rect], None]


# --- layout --------------------------------------------------------------------------------

def wrap(text: str, fontname: str, size: float, width: float) -> list[str]:
    """Greedy word wrap using the base-14 font metrics."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and pymupdf.get_text_length(trial, fontname, size) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


class Paper:
    """A one-column journal layout with a cursor; figures and tables flow with the text."""

    def __init__(self, journal: str, short_title: str, first_page: int = 1):
        self.doc = pymupdf.open()
        self.journal = journal
        self.short_title = short_title
        self.page_number = first_page - 1
        self.figure_count = 0
        self.page: pymupdf.Page
        self.y = 0.0
        self.left, self.right = MARGIN, A4[0] - MARGIN
        self.bottom = A4[1] - MARGIN
        self.new_page()

    @property
    def width(self) -> float:
        return self.right - self.left

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=A4[0], height=A4[1])
        self.page_number += 1
        header = self.journal if self.page_number % 2 else self.short_title
        self.page.insert_text((self.left, 38), header, fontsize=7.5, fontname="tiit", color=GREY)
        self.page.draw_line((self.left, 43), (self.right, 43), color=GREY, width=0.4)
        num = str(self.page_number)
        self.page.insert_text((A4[0] / 2 - pymupdf.get_text_length(num, "tiro", 8) / 2, A4[1] - 30),
                              num, fontsize=8, fontname="tiro")
        self.y = 62.0

    def need(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def lines(self, lines: Sequence[str], fontname: str, size: float, leading: float,
              indent: float = 0.0, center: bool = False, color=BLACK) -> None:
        for line in lines:
            self.need(leading)
            x = self.left + indent
            if center:
                x = self.left + (self.width - pymupdf.get_text_length(line, fontname, size)) / 2
            self.page.insert_text((x, self.y + size), line, fontsize=size, fontname=fontname,
                                  color=color)
            self.y += leading

    def title(self, text: str) -> None:
        self.y += 8
        self.lines(wrap(text, "tibo", 17, self.width - 40), "tibo", 17, 21, center=True)
        self.y += 8

    def authors(self, authors: Sequence[tuple[str, str]]) -> None:
        """Names with superscript affiliation markers, e.g. [("Kim Chol", "1"), ("Li Wei", "2,*")]."""
        size, sup = 11.0, 7.0
        parts = []
        for i, (name, marks) in enumerate(authors):
            sep = ", " if i < len(authors) - 1 else ""
            parts.append((name, marks, sep))
        total = sum(pymupdf.get_text_length(n, "tiro", size) + pymupdf.get_text_length(m, "tiro", sup)
                    + pymupdf.get_text_length(s, "tiro", size) for n, m, s in parts)
        x = self.left + (self.width - total) / 2
        base = self.y + size
        for name, marks, sep in parts:
            self.page.insert_text((x, base), name, fontsize=size, fontname="tiro")
            x += pymupdf.get_text_length(name, "tiro", size)
            self.page.insert_text((x, base - 4.5), marks, fontsize=sup, fontname="tiro")
            x += pymupdf.get_text_length(marks, "tiro", sup)
            if sep:
                self.page.insert_text((x, base), sep, fontsize=size, fontname="tiro")
                x += pymupdf.get_text_length(sep, "tiro", size)
        self.y += 18

    def affiliations(self, affiliations: Sequence[tuple[str, str]]) -> None:
        size = 8.5
        for mark, text in affiliations:
            lines = wrap(text, "tiit", size, self.width - 60)
            for k, line in enumerate(lines):
                w = pymupdf.get_text_length(line, "tiit", size)
                x = self.left + (self.width - w) / 2
                if k == 0 and mark:
                    self.page.insert_text((x - 5, self.y + size - 3.5), mark, fontsize=6, fontname="tiro")
                self.page.insert_text((x, self.y + size), line, fontsize=size, fontname="tiit")
                self.y += 11
        self.y += 6

    def note(self, text: str, size: float = 8.0) -> None:
        self.lines(wrap(text, "tiro", size, self.width), "tiro", size, size + 2.5, color=GREY)

    def abstract(self, text: str, keywords: str) -> None:
        self.page.draw_line((self.left, self.y), (self.right, self.y), color=BLACK, width=0.5)
        self.y += 8
        self.lines(["Abstract"], "tibo", 10, 14)
        self.lines(wrap(text, "tiro", 9.5, self.width), "tiro", 9.5, 12)
        self.y += 3
        self.lines(wrap("Keywords: " + keywords, "tiit", 9, self.width), "tiit", 9, 11.5)
        self.y += 4
        self.page.draw_line((self.left, self.y), (self.right, self.y), color=BLACK, width=0.5)
        self.y += 12

    def heading(self, text: str) -> None:
        self.need(40)
        self.y += 6
        self.lines([text], "tibo", 11, 16)
        self.y += 2

    def para(self, text: str) -> None:
        lines = wrap(text, "tiro", 10, self.width - 14)
        first, rest = lines[0], lines[1:]
        self.lines([first], "tiro", 10, 12.6, indent=14)
        self.lines(wrap(" ".join(rest), "tiro", 10, self.width), "tiro", 10, 12.6)
        self.y += 3

    def equation(self, text: str, number: int) -> None:
        self.need(22)
        self.page.insert_text((self.left + 60, self.y + 12), text, fontsize=10, fontname="tiit")
        tag = f"({number})"
        self.page.insert_text((self.right - pymupdf.get_text_length(tag, "tiro", 10), self.y + 12),
                              tag, fontsize=10, fontname="tiro")
        self.y += 22

    def caption(self, label: str, text: str) -> None:
        size = 8.8
        lines = wrap(label + " " + text, "tiro", size, self.width - 40)
        x = self.left + 20
        for k, line in enumerate(lines):
            if k == 0:
                self.page.insert_text((x, self.y + size), label, fontsize=size, fontname="tibo")
                lw = pymupdf.get_text_length(label + " ", "tibo", size)
                self.page.insert_text((x + lw, self.y + size), line[len(label) + 1:], fontsize=size,
                                      fontname="tiro")
            else:
                self.page.insert_text((x, self.y + size), line, fontsize=size, fontname="tiro")
            self.y += 11

    def figure(self, height: float, draw: DrawFn, caption: str, style: str = "Fig. {}.",
               width: float | None = None) -> None:
        width = width or self.width - 60
        cap_lines = len(wrap(caption, "tiro", 8.8, self.width - 40)) + 1
        self.need(height + cap_lines * 11 + 16)
        self.figure_count += 1
        x0 = self.left + (self.width - width) / 2
        rect = pymupdf.Rect(x0, self.y + 4, x0 + width, self.y + 4 + height)
        draw(self.page, rect)
        self.y = rect.y1 + 8
        self.caption(style.format(self.figure_count), caption)
        self.y += 8

    def table(self, label: str, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float]) -> None:
        size, leading = 8.8, 13.0
        self.need(30 + leading * (len(rows) + 1) + 20)
        self.caption(label, caption)
        total = sum(widths)
        x0 = self.left + (self.width - total) / 2
        self.y += 2
        self.page.draw_line((x0, self.y), (x0 + total, self.y), color=BLACK, width=0.9)
        for r, row in enumerate([header, *rows]):
            x = x0
            for cell, w in zip(row, widths):
                font = "tibo" if r == 0 else "tiro"
                self.page.insert_text((x + 4, self.y + 9.5), cell, fontsize=size, fontname=font)
                x += w
            self.y += leading
            if r == 0:
                self.page.draw_line((x0, self.y - 1), (x0 + total, self.y - 1), color=BLACK, width=0.5)
        self.page.draw_line((x0, self.y), (x0 + total, self.y), color=BLACK, width=0.9)
        self.y += 14

    def references(self, refs: Sequence[str]) -> None:
        self.heading("References")
        size = 8.3
        for i, ref in enumerate(refs, 1):
            tag = f"[{i}]"
            lines = wrap(ref, "tiro", size, self.width - 22)
            self.need(len(lines) * 10.5)
            self.page.insert_text((self.left, self.y + size), tag, fontsize=size, fontname="tiro")
            self.lines(lines, "tiro", size, 10.5, indent=22)
            self.y += 1.5

    def tobytes(self, meta: dict[str, str], **save_options) -> bytes:
        return finish(self.doc, meta, **save_options)


def finish(doc: pymupdf.Document, meta: dict[str, str], **save_options) -> bytes:
    """Fixed metadata and no random file ID: the same input gives the same bytes."""
    doc.set_metadata({"creator": "figscan sample generator", "producer": PRODUCER,
                      "creationDate": DATE, "modDate": DATE, **meta})
    options = dict(garbage=4, deflate=True, no_new_id=True, reproducible=True)
    options.update(save_options)
    data = doc.tobytes(**options)
    doc.close()
    return data


# --- drawing helpers -----------------------------------------------------------------------

K = 0.5523  # bezier constant for quarter circles


def half_ellipse(shape: pymupdf.Shape, cx: float, cy: float, a: float, b: float, side: int) -> None:
    """Half of an axis-parallel ellipse from top to bottom; side=+1 right half, -1 left half."""
    shape.draw_bezier((cx, cy - b), (cx + side * K * a, cy - b), (cx + side * a, cy - K * b), (cx + side * a, cy))
    shape.draw_bezier((cx + side * a, cy), (cx + side * a, cy + K * b), (cx + side * K * a, cy + b), (cx, cy + b))


def arrow(page: pymupdf.Page, p: tuple[float, float], q: tuple[float, float], color=BLACK,
          width: float = 1.0, head: float = 6.0) -> None:
    """A line from p to q with a filled triangular head at q."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    n = math.hypot(dx, dy) or 1.0
    ux, uy = dx / n, dy / n
    base = (q[0] - ux * head, q[1] - uy * head)
    left = (base[0] - uy * head * 0.45, base[1] + ux * head * 0.45)
    right = (base[0] + uy * head * 0.45, base[1] - ux * head * 0.45)
    shape = page.new_shape()
    shape.draw_line(p, base)
    shape.finish(color=color, width=width)
    shape.draw_polyline([left, q, right, left])
    shape.finish(color=color, fill=color, width=0.5)
    shape.commit()


def label(page: pymupdf.Page, at: tuple[float, float], text: str, size: float = 8.5,
          font: str = "tiit", color=BLACK, center: bool = False) -> None:
    x, y = at
    if center:
        x -= pymupdf.get_text_length(text, font, size) / 2
    page.insert_text((x, y), text, fontsize=size, fontname=font, color=color)


def line_plot(page: pymupdf.Page, rect: pymupdf.Rect, series: Sequence[tuple[str, Sequence[float], Sequence[float], tuple, str]],
              xlim: tuple[float, float], ylim: tuple[float, float], xticks: Sequence[float],
              yticks: Sequence[float], xlabel: str, ylabel: str, fmt: str = "{:g}") -> None:
    """Axes with numeric tick labels (real text), lines with markers, and a legend box."""
    plot = pymupdf.Rect(rect.x0 + 42, rect.y0 + 6, rect.x1 - 8, rect.y1 - 30)

    def X(v: float) -> float:
        return plot.x0 + (v - xlim[0]) / (xlim[1] - xlim[0]) * plot.width

    def Y(v: float) -> float:
        return plot.y1 - (v - ylim[0]) / (ylim[1] - ylim[0]) * plot.height

    page.draw_rect(plot, color=BLACK, width=0.7)
    for v in xticks:
        page.draw_line((X(v), plot.y1), (X(v), plot.y1 - 3.5), color=BLACK, width=0.6)
        label(page, (X(v), plot.y1 + 10), fmt.format(v), 7.5, "helv", center=True)
    for v in yticks:
        page.draw_line((plot.x0, Y(v)), (plot.x0 + 3.5, Y(v)), color=BLACK, width=0.6)
        text = fmt.format(v)
        label(page, (plot.x0 - 4 - pymupdf.get_text_length(text, "helv", 7.5), Y(v) + 2.6), text, 7.5, "helv")
    label(page, ((plot.x0 + plot.x1) / 2, rect.y1 - 6), xlabel, 8, "helv", center=True)
    page.insert_text((rect.x0 + 9, (plot.y0 + plot.y1) / 2 + pymupdf.get_text_length(ylabel, "helv", 8) / 2),
                     ylabel, fontsize=8, fontname="helv", rotate=90)
    ly = plot.y0 + 10
    for name, xs, ys, color, marker in series:
        pts = [(X(x), Y(y)) for x, y in zip(xs, ys)]
        shape = page.new_shape()
        shape.draw_polyline(pts)
        shape.finish(color=color, width=1.1, closePath=False,
                     dashes="[3 2] 0" if marker == "dash" else None)
        for px, py in pts:
            if marker == "o":
                shape.draw_circle((px, py), 2.0)
            elif marker == "s":
                shape.draw_rect(pymupdf.Rect(px - 2, py - 2, px + 2, py + 2))
            elif marker == "^":
                shape.draw_polyline([(px - 2.3, py + 2), (px, py - 2.4), (px + 2.3, py + 2), (px - 2.3, py + 2)])
        shape.finish(color=color, fill=(1, 1, 1), width=0.8)
        lx = plot.x1 - 92
        shape.draw_line((lx, ly - 2.5), (lx + 16, ly - 2.5))
        shape.finish(color=color, width=1.1, dashes="[3 2] 0" if marker == "dash" else None)
        shape.commit()
        label(page, (lx + 20, ly), name, 7.2, "helv")
        ly += 10


def bar_plot(page: pymupdf.Page, rect: pymupdf.Rect, names: Sequence[str], values: Sequence[float],
             errors: Sequence[float], ylim: tuple[float, float], yticks: Sequence[float], ylabel: str) -> None:
    plot = pymupdf.Rect(rect.x0 + 40, rect.y0 + 6, rect.x1 - 6, rect.y1 - 28)

    def Y(v: float) -> float:
        return plot.y1 - (v - ylim[0]) / (ylim[1] - ylim[0]) * plot.height

    page.draw_line((plot.x0, plot.y1), (plot.x1, plot.y1), color=BLACK, width=0.7)
    page.draw_line((plot.x0, plot.y0), (plot.x0, plot.y1), color=BLACK, width=0.7)
    for v in yticks:
        page.draw_line((plot.x0 - 3, Y(v)), (plot.x0, Y(v)), color=BLACK, width=0.6)
        page.draw_line((plot.x0, Y(v)), (plot.x1, Y(v)), color=(0.85, 0.85, 0.85), width=0.4)
        text = f"{v:.2f}"
        label(page, (plot.x0 - 5 - pymupdf.get_text_length(text, "helv", 7.5), Y(v) + 2.6), text, 7.5, "helv")
    slot = plot.width / len(names)
    shades = [(0.55, 0.55, 0.55), (0.70, 0.70, 0.70), (0.40, 0.55, 0.75), (0.20, 0.40, 0.70), (0.10, 0.25, 0.55)]
    for i, (name, v, e) in enumerate(zip(names, values, errors)):
        x0 = plot.x0 + i * slot + slot * 0.2
        x1 = x0 + slot * 0.6
        page.draw_rect(pymupdf.Rect(x0, Y(v), x1, plot.y1), color=BLACK, fill=shades[i % len(shades)], width=0.5)
        cx = (x0 + x1) / 2
        page.draw_line((cx, Y(v + e)), (cx, Y(v - e)), color=BLACK, width=0.6)
        page.draw_line((cx - 3, Y(v + e)), (cx + 3, Y(v + e)), color=BLACK, width=0.6)
        page.draw_line((cx - 3, Y(v - e)), (cx + 3, Y(v - e)), color=BLACK, width=0.6)
        label(page, (cx, plot.y1 + 10), name, 7.2, "helv", center=True)
        label(page, (cx, Y(v + e) - 3), f"{v:.3f}", 6.5, "helv", center=True)
    page.insert_text((rect.x0 + 9, (plot.y0 + plot.y1) / 2 + pymupdf.get_text_length(ylabel, "helv", 8) / 2),
                     ylabel, fontsize=8, fontname="helv", rotate=90)


# --- the figures ---------------------------------------------------------------------------

def draw_conical_cylindrical_shell(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """(a) a combined conical-cylindrical shell in perspective with ring stiffeners and
    dashed hidden halves; (b) the cone-cylinder body profile with dimensions."""
    left = pymupdf.Rect(rect.x0, rect.y0, rect.x0 + rect.width * 0.58, rect.y1 - 14)
    cy = (left.y0 + left.y1) / 2
    R, r = left.height * 0.36, left.height * 0.16
    xa, xb, xc = left.x0 + 28, left.x0 + left.width * 0.52, left.x1 - 16
    e = 0.32  # ellipse width / height for the viewing angle
    s = page.new_shape()
    s.draw_line((xa, cy - R), (xb, cy - R))
    s.draw_line((xa, cy + R), (xb, cy + R))
    s.draw_line((xb, cy - R), (xc, cy - r))
    s.draw_line((xb, cy + R), (xc, cy + r))
    half_ellipse(s, xa, cy, e * R, R, -1)
    half_ellipse(s, xa, cy, e * R, R, +1)
    for x, rad in ((xa + (xb - xa) / 3, R), (xa + 2 * (xb - xa) / 3, R), (xb, R), (xc, r)):
        half_ellipse(s, x, cy, e * rad, rad, +1)
    s.finish(color=BLACK, width=1.1, closePath=False)
    for x, rad in ((xa + (xb - xa) / 3, R), (xa + 2 * (xb - xa) / 3, R), (xb, R), (xc, r)):
        half_ellipse(s, x, cy, e * rad, rad, -1)
    s.finish(color=BLACK, width=0.7, dashes="[3 2] 0", closePath=False)
    s.draw_line((xa - 22, cy), (xc + 14, cy))  # axis, dash-dot
    s.finish(color=GREY, width=0.5, dashes="[8 2 1 2] 0")
    s.commit()
    arrow(page, (xa, cy), (xa + 30, cy), color=BLUE, width=0.8, head=4.5)
    arrow(page, (xa, cy), (xa, cy - 26), color=BLUE, width=0.8, head=4.5)
    arrow(page, (xa, cy), (xa - 14, cy + 14), color=BLUE, width=0.8, head=4.5)
    label(page, (xa + 31, cy - 2), "x", 8, color=BLUE)
    label(page, (xa + 2, cy - 27), "z", 8, color=BLUE)
    label(page, (xa - 22, cy + 20), "y", 8, color=BLUE)
    for x0, x1, t in ((xa, xb, "L1"), (xb, xc, "L2")):  # dimension lines
        y = cy + R + 12
        arrow(page, ((x0 + x1) / 2, y), (x0, y), width=0.5, head=4)
        arrow(page, ((x0 + x1) / 2, y), (x1, y), width=0.5, head=4)
        label(page, ((x0 + x1) / 2, y - 2.5), t, 8, center=True)
    arrow(page, (xb - 12, cy), (xb - 12, cy - R), width=0.5, head=4)
    label(page, (xb - 22, cy - R / 2), "R", 8)
    label(page, (xc + 4, cy - r - 4), "r", 8)
    page.insert_text((xb + 26, cy - R + 12), "a", fontsize=9, fontname="symb")
    page.draw_curve((xb + 16, cy - R), (xb + 22, cy - R + 2), (xb + 20, cy - R + 8), color=BLACK, width=0.5)
    label(page, ((left.x0 + left.x1) / 2, rect.y1 - 2), "(a)", 8.5, "tiro", center=True)

    right = pymupdf.Rect(left.x1 + 14, rect.y0 + 10, rect.x1, rect.y1 - 14)
    cy2 = (right.y0 + right.y1) / 2
    h = right.height * 0.22
    x_tip, x_shoulder, x_end = right.x0 + 4, right.x0 + right.width * 0.32, right.x1 - 8
    s = page.new_shape()
    s.draw_polyline([(x_end, cy2 - h), (x_shoulder, cy2 - h), (x_tip, cy2), (x_shoulder, cy2 + h),
                     (x_end, cy2 + h), (x_end + 6, cy2 + h * 1.25), (x_end + 6, cy2 - h * 1.25),
                     (x_end, cy2 - h)])
    s.finish(color=BLACK, fill=(0.93, 0.93, 0.93), width=1.1)
    s.draw_line((x_shoulder, cy2 - h), (x_shoulder, cy2 + h))
    s.finish(color=BLACK, width=0.5, dashes="[2 2] 0")
    s.draw_line((x_tip - 4, cy2), (x_end + 12, cy2))
    s.finish(color=GREY, width=0.5, dashes="[8 2 1 2] 0")
    s.commit()
    arrow(page, (x_tip + 20, cy2 + h + 14), (x_tip, cy2 + h + 14), width=0.5, head=4)
    arrow(page, (x_tip + 20, cy2 + h + 14), (x_shoulder, cy2 + h + 14), width=0.5, head=4)
    label(page, ((x_tip + x_shoulder) / 2, cy2 + h + 11), "Lc", 7.5, center=True)
    arrow(page, (x_end - 30, cy2 + h + 14), (x_shoulder, cy2 + h + 14), width=0.5, head=4)
    arrow(page, (x_end - 30, cy2 + h + 14), (x_end, cy2 + h + 14), width=0.5, head=4)
    label(page, ((x_shoulder + x_end) / 2, cy2 + h + 11), "Ls", 7.5, center=True)
    label(page, (x_end - 8, cy2 - h - 6), "D", 7.5)
    label(page, ((right.x0 + right.x1) / 2, rect.y1 - 2), "(b)", 8.5, "tiro", center=True)


def draw_mode_shapes(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """Circumferential mode shapes n = 2..5 as wavy circles next to their reference circle."""
    n_panels = 4
    w = rect.width / n_panels
    for i, n in enumerate(range(2, 6)):
        cx, cy = rect.x0 + w * (i + 0.5), rect.y0 + rect.height * 0.45
        rad = min(w, rect.height) * 0.32
        page.draw_circle((cx, cy), rad, color=GREY, width=0.5, dashes="[2 2] 0")
        pts = []
        for k in range(121):
            t = 2 * math.pi * k / 120
            rr = rad * (1 + 0.16 * math.cos(n * t))
            pts.append((cx + rr * math.cos(t), cy + rr * math.sin(t)))
        s = page.new_shape()
        s.draw_polyline(pts)
        s.finish(color=BLUE, width=1.1, closePath=True)
        s.commit()
        label(page, (cx, rect.y1 - 4), f"n = {n}, f = {[412.6, 388.1, 455.9, 583.4][i]:.1f} Hz", 7.5, "helv", center=True)


def draw_frequency_plot(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    alphas = [0, 10, 20, 30, 40, 50, 60]
    line_plot(page, rect, [
        ("Present, n = 2", alphas, [412, 455, 498, 531, 547, 539, 502], BLUE, "o"),
        ("Present, n = 3", alphas, [388, 401, 426, 463, 508, 551, 579], RED, "s"),
        ("FEM (ABAQUS)", alphas, [409, 452, 494, 528, 545, 536, 500], BLACK, "dash"),
    ], xlim=(0, 60), ylim=(350, 600), xticks=alphas, yticks=[350, 400, 450, 500, 550, 600],
        xlabel="Semi-vertex angle (deg)", ylabel="Natural frequency (Hz)")


def draw_rocket_side(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """Side profile of a finned rocket: ogive nose, body tube, trapezoid fins, nozzle, forces."""
    cy = (rect.y0 + rect.y1) / 2 + 4
    R = rect.height * 0.11
    x_tail, x_shoulder, x_tip = rect.x0 + 70, rect.x0 + rect.width * 0.60, rect.x1 - 70
    s = page.new_shape()
    s.draw_line((x_tail, cy - R), (x_shoulder, cy - R))
    s.draw_line((x_tail, cy + R), (x_shoulder, cy + R))
    L = x_tip - x_shoulder
    s.draw_bezier((x_shoulder, cy - R), (x_shoulder + 0.45 * L, cy - R), (x_tip - 0.25 * L, cy - 0.55 * R), (x_tip, cy))
    s.draw_bezier((x_shoulder, cy + R), (x_shoulder + 0.45 * L, cy + R), (x_tip - 0.25 * L, cy + 0.55 * R), (x_tip, cy))
    s.draw_line((x_tail, cy - R), (x_tail, cy + R))
    s.draw_line((x_shoulder, cy - R), (x_shoulder, cy + R))
    s.finish(color=BLACK, width=1.3, closePath=False)
    for sign in (-1, 1):  # fins, swept trapezoids
        root0, root1 = x_tail + 6, x_tail + 62
        span = R * 1.9
        s.draw_polyline([(root1, cy + sign * R), (root0 + 30, cy + sign * (R + span)),
                         (root0 - 2, cy + sign * (R + span)), (root0, cy + sign * R)])
        s.finish(color=BLACK, fill=(0.85, 0.85, 0.85), width=1.1, closePath=False)
    s.draw_polyline([(x_tail, cy - R * 0.55), (x_tail - 16, cy - R * 0.8), (x_tail - 16, cy + R * 0.8),
                     (x_tail, cy + R * 0.55)])  # nozzle
    s.finish(color=BLACK, fill=(0.6, 0.6, 0.6), width=1.0, closePath=False)
    s.draw_line((x_tail - 30, cy), (x_tip + 18, cy))
    s.finish(color=GREY, width=0.5, dashes="[8 2 1 2] 0")
    s.commit()
    x_cg, x_cp = x_tail + (x_tip - x_tail) * 0.52, x_tail + (x_tip - x_tail) * 0.36
    page.draw_circle((x_cg, cy), 4, color=BLACK, fill=(1, 1, 1), width=0.8)
    page.draw_sector((x_cg, cy), (x_cg + 4, cy), 90, color=BLACK, fill=BLACK, width=0.1)
    page.draw_sector((x_cg, cy), (x_cg - 4, cy), 90, color=BLACK, fill=BLACK, width=0.1)
    page.draw_circle((x_cp, cy), 3.5, color=RED, width=1.0)
    page.draw_line((x_cp - 5, cy), (x_cp + 5, cy), color=RED, width=0.8)
    label(page, (x_cg - 6, cy + R + 13), "CG", 8, "helv")
    label(page, (x_cp - 6, cy + R + 13), "CP", 8, "helv", color=RED)
    arrow(page, (x_cp, cy), (x_cp, cy - R - 50), color=RED, width=1.3)
    label(page, (x_cp + 4, cy - R - 44), "L", 9, color=RED)
    arrow(page, (x_cg, cy), (x_cg, cy + R + 44), color=BLACK, width=1.3)
    label(page, (x_cg + 4, cy + R + 40), "W", 9)
    arrow(page, (x_tip + 6, cy - 6), (x_tip + 6 + 46, cy - 6 - 16), color=BLUE, width=0.8)
    label(page, (x_tip + 18, cy - 30), "V", 9, color=BLUE)
    arrow(page, (x_tip + 60, cy + 10), (x_tip + 14, cy + 10), color=RED, width=1.3)
    label(page, (x_tip + 34, cy + 22), "D", 9, color=RED)
    arrow(page, (x_tail - 52, cy - 14), (x_tail - 18, cy - 14), color=GREEN, width=1.3)
    label(page, (x_tail - 50, cy - 20), "T", 9, color=GREEN)
    page.insert_text((x_tip + 42, cy - 4), "a", fontsize=9, fontname="symb", color=BLUE)


def draw_drag_plot(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    mach = [0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2, 1.4, 1.6, 2.0]
    line_plot(page, rect, [
        ("Wind tunnel", mach, [0.32, 0.33, 0.36, 0.44, 0.61, 0.66, 0.63, 0.57, 0.52, 0.46], BLACK, "o"),
        ("RANS (k-omega SST)", mach, [0.31, 0.32, 0.35, 0.42, 0.58, 0.64, 0.62, 0.56, 0.51, 0.45], BLUE, "s"),
        ("Semi-empirical", mach, [0.30, 0.30, 0.33, 0.39, 0.55, 0.60, 0.60, 0.55, 0.50, 0.44], RED, "dash"),
    ], xlim=(0.4, 2.0), ylim=(0.2, 0.7), xticks=[0.4, 0.8, 1.2, 1.6, 2.0],
        yticks=[0.2, 0.3, 0.4, 0.5, 0.6, 0.7], xlabel="Mach number", ylabel="Drag coefficient CD")


def draw_penetration(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """A long-rod projectile penetrating a hatched concrete slab, with a crater and debris."""
    cy = (rect.y0 + rect.y1) / 2
    slab = pymupdf.Rect(rect.x0 + rect.width * 0.50, rect.y0 + 6, rect.x0 + rect.width * 0.66, rect.y1 - 16)
    s = page.new_shape()
    s.draw_rect(slab)
    s.finish(color=BLACK, fill=(0.88, 0.88, 0.88), width=1.2)
    step = 9
    for k in range(-int(slab.height), int(slab.width), step):  # 45-degree hatching inside the slab
        p0 = (slab.x0 + max(k, 0), slab.y1 - max(-k, 0))
        t = min(slab.width - max(k, 0), slab.height - max(-k, 0))
        s.draw_line(p0, (p0[0] + t, p0[1] - t))
    s.finish(color=GREY, width=0.4)
    s.commit()
    R = 7.0
    x_tail, x_tip = rect.x0 + rect.width * 0.16, slab.x0 + slab.width * 0.55
    # crater around the entry and the channel
    page.draw_polyline([(slab.x0, cy - 26), (slab.x0 + 10, cy - 12), (x_tip + 6, cy - R - 1),
                        (x_tip + 6, cy + R + 1), (slab.x0 + 10, cy + 12), (slab.x0, cy + 26)],
                       color=BLACK, fill=(1, 1, 1), width=0.8)
    s = page.new_shape()
    s.draw_line((x_tail, cy - R), (x_tip - 24, cy - R))
    s.draw_line((x_tail, cy + R), (x_tip - 24, cy + R))
    s.draw_bezier((x_tip - 24, cy - R), (x_tip - 12, cy - R), (x_tip - 4, cy - R * 0.5), (x_tip, cy))
    s.draw_bezier((x_tip - 24, cy + R), (x_tip - 12, cy + R), (x_tip - 4, cy + R * 0.5), (x_tip, cy))
    s.draw_line((x_tail, cy - R), (x_tail, cy + R))
    s.finish(color=BLACK, fill=(0.55, 0.55, 0.6), width=1.2, closePath=False)
    s.commit()
    for sign in (-1, 1):  # small tail fins of the rod
        page.draw_polyline([(x_tail + 22, cy + sign * R), (x_tail, cy + sign * (R + 11)),
                            (x_tail - 4, cy + sign * (R + 11)), (x_tail, cy + sign * R)],
                           color=BLACK, fill=(0.7, 0.7, 0.7), width=0.9)
    debris = [(14, -30, 4), (26, -12, 3), (20, 8, 5), (34, 22, 3), (12, 30, 4), (40, -4, 2.5)]
    for dx, dy, size in debris:  # spall fragments behind the slab
        x, y = slab.x1 + dx, cy + dy
        page.draw_polyline([(x, y - size), (x + size, y), (x + size * 0.3, y + size), (x - size * 0.8, y + size * 0.2),
                            (x, y - size)], color=BLACK, fill=(0.5, 0.5, 0.5), width=0.5)
    arrow(page, (x_tail - 70, cy), (x_tail - 12, cy), width=1.4, head=7)
    label(page, (x_tail - 78, cy - 26), "v0 = 1450 m/s", 10, "helv")
    label(page, (slab.x0 - 4, slab.y1 + 12), "C40 concrete target, 300 mm", 9, "helv")
    label(page, (x_tail, cy + R + 24), "Tungsten alloy long rod (L/D = 20)", 9, "helv")


def draw_flowchart(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    steps = ["Mobility and contact records", "Weighted contact graph", "Node embeddings (d = 64)",
             "Regional SIR forecaster", "Evaluation on held-out weeks"]
    w, h = rect.width * 0.30, 26.0
    gap = (rect.height - h * 3) / 2
    boxes = []
    for i, text in enumerate(steps):  # a snake: 3 down the left, 2 down the right
        col, row = (0, i) if i < 3 else (1, 4 - i + 0.5)
        x0 = rect.x0 + 30 + col * (rect.width - 60 - w)
        y0 = rect.y0 + row * (h + gap)
        box = pymupdf.Rect(x0, y0, x0 + w, y0 + h)
        boxes.append(box)
        page.draw_rect(box, color=BLACK, fill=(0.93, 0.95, 1.0), width=0.9, radius=0.2)
        label(page, ((box.x0 + box.x1) / 2, box.y0 + h / 2 + 3), text, 8, "helv", center=True)
    for a, b in zip(boxes, boxes[1:]):
        if abs(a.x0 - b.x0) < 1 and b.y0 > a.y0:
            arrow(page, ((a.x0 + a.x1) / 2, a.y1), ((b.x0 + b.x1) / 2, b.y0), width=0.9, head=5)
        elif b.x0 > a.x0:
            arrow(page, (a.x1, (a.y0 + a.y1) / 2), (b.x0, (b.y0 + b.y1) / 2), width=0.9, head=5)
        else:
            arrow(page, ((a.x0 + a.x1) / 2, a.y0), ((b.x0 + b.x1) / 2, b.y1), width=0.9, head=5)
    diamond_c = (rect.x0 + rect.width / 2, rect.y0 + rect.height / 2)
    d = 22
    page.draw_polyline([(diamond_c[0], diamond_c[1] - d), (diamond_c[0] + d * 1.6, diamond_c[1]),
                        (diamond_c[0], diamond_c[1] + d), (diamond_c[0] - d * 1.6, diamond_c[1]),
                        (diamond_c[0], diamond_c[1] - d)], color=BLACK, fill=(1, 0.97, 0.9), width=0.9)
    label(page, (diamond_c[0], diamond_c[1] + 3), "Tune d?", 8, "helv", center=True)
    arrow(page, (boxes[2].x1, (boxes[2].y0 + boxes[2].y1) / 2), (diamond_c[0] - d * 1.6, diamond_c[1]),
          width=0.7, head=4.5)
    arrow(page, (diamond_c[0] + d * 1.6, diamond_c[1]), (boxes[3].x0, (boxes[3].y0 + boxes[3].y1) / 2),
          width=0.7, head=4.5)


def draw_epidemic_plot(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    weeks = list(range(0, 21, 2))
    observed = [12, 30, 71, 150, 262, 340, 318, 240, 151, 86, 44]
    forecast = [12, 28, 66, 142, 255, 334, 326, 251, 160, 92, 49]
    baseline = [12, 24, 52, 110, 205, 300, 335, 290, 205, 130, 75]
    line_plot(page, rect, [
        ("Reported cases", weeks, observed, BLACK, "o"),
        ("Embedding + SIR", weeks, forecast, BLUE, "s"),
        ("SIR only", weeks, baseline, RED, "dash"),
    ], xlim=(0, 20), ylim=(0, 400), xticks=[0, 4, 8, 12, 16, 20], yticks=[0, 100, 200, 300, 400],
        xlabel="Week", ylabel="New cases per 100 000")


def draw_auc_bars(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    bar_plot(page, rect, ["Degree", "PageRank", "DeepWalk", "node2vec", "Ours"],
             [0.712, 0.738, 0.801, 0.824, 0.861], [0.021, 0.018, 0.015, 0.014, 0.011],
             ylim=(0.6, 0.9), yticks=[0.6, 0.7, 0.8, 0.9], ylabel="AUC")


def draw_microstructure_box(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """A schematic of a laser cladding track: substrate, melt pool, powder nozzle, beam."""
    sub = pymupdf.Rect(rect.x0 + 20, rect.y1 - 50, rect.x1 - 20, rect.y1 - 10)
    page.draw_rect(sub, color=BLACK, fill=(0.85, 0.85, 0.85), width=1)
    cx = (rect.x0 + rect.x1) / 2
    page.draw_oval(pymupdf.Rect(cx - 40, sub.y0 - 12, cx + 40, sub.y0 + 14), color=RED, fill=(1, 0.8, 0.6), width=1)
    page.draw_polyline([(cx - 28, rect.y0 + 10), (cx - 8, sub.y0 - 18), (cx + 8, sub.y0 - 18), (cx + 28, rect.y0 + 10)],
                       color=BLACK, fill=(0.7, 0.7, 0.75), width=1)
    arrow(page, (cx, rect.y0 + 4), (cx, sub.y0 - 4), color=RED, width=2)
    label(page, (cx + 34, rect.y0 + 24), "Laser beam (4 kW)", 8, "helv")
    label(page, (sub.x0 + 4, sub.y1 - 6), "Ti-6Al-4V substrate", 8, "helv")


# --- the papers ----------------------------------------------------------------------------

def conical_shell_paper() -> bytes:
    p = Paper("Journal of Vibration Engineering and Technology, Vol. 41, No. 6 (2023)",
              "Kim C. et al. / Conical-cylindrical composite shells", first_page=1127)
    p.title("Free vibration and active vibration control of laminated composite "
            "conical-cylindrical shells under hypersonic aerothermal loads")
    p.authors([("Kim Chol", "1"), ("Ri Song Il", "1"), ("Li Wei", "2"), ("Zhang Hao", "3,*")])
    p.affiliations([
        ("1", "Faculty of Mechanics, Kim Il Sung University, Pyongyang, DPR Korea"),
        ("2", "College of Aerospace and Civil Engineering, Harbin Engineering University, Harbin 150001, China"),
        ("3", "School of Astronautics, Northwestern Polytechnical University, Xi'an 710072, China"),
    ])
    p.note("* Corresponding author. E-mail address: zhanghao@example.edu.cn (Zhang Hao). "
           "Received 12 March 2023; accepted 2 August 2023. https://doi.org/10.5555/figscan.sample.001")
    p.y += 6
    p.abstract(
        "A unified semi-analytical model is developed for the free vibration and active vibration "
        "control of combined conical-cylindrical shells made of carbon fibre reinforced composite "
        "laminates and functionally graded high-performance alloys. The shell, which represents the "
        "forebody and payload section of a hypersonic flight vehicle, is subjected to aerothermal "
        "loads computed from a Mach 6 boundary layer. Piezoelectric actuator patches are bonded "
        "to the cylindrical segment and driven by a velocity feedback controller. Natural "
        "frequencies agree with finite element results within 1.8 percent, and the controller "
        "reduces the first-mode response by 23 dB. The influence of the semi-vertex angle, the "
        "laser processing induced residual stress and the ply sequence is discussed.",
        "conical shell; composite laminate; vibration control; hypersonic vehicle; laser processing; "
        "high-performance alloy; piezoelectric actuator")
    p.heading("1. Introduction")
    p.para("Combined conical-cylindrical shells are the primary load-carrying structures of rockets, "
           "missiles, re-entry bodies and hypersonic cruise vehicles. Their dynamic behaviour under "
           "severe aerothermal environments governs the design of the thermal protection system and "
           "of the guidance electronics that are mounted on the inner wall [1-3]. Vibration of the "
           "forebody couples with the seeker and the inertial measurement unit and must be controlled "
           "to keep the pointing error small.")
    p.para("Early studies treated isotropic cones and cylinders separately [4]. Joined shells were "
           "analysed with the transfer matrix method by Caresta and Kessissoglou [5] and with the "
           "Rayleigh-Ritz method by Qu et al. [6]. Composite and functionally graded variants followed, "
           "but the effect of laser processing of the high-performance alloy skin, such as laser "
           "shock peening and laser cladding of the joint, has not been considered. Active control "
           "with piezoelectric patches has been shown to suppress flutter of panels at hypersonic "
           "speeds [7], yet its application to joined shells remains limited.")
    p.heading("2. Theoretical formulation")
    p.para("Consider the shell of Fig. 1(a). The cylindrical segment of length L1 and radius R is "
           "joined to a conical segment of length L2, semi-vertex angle alpha and small-end radius r. "
           "Each segment is a laminate of N orthotropic plies of T800 carbon/bismaleimide composite; "
           "the outer skin is a 0.6 mm layer of a laser-clad titanium alloy. First-order shear "
           "deformation theory gives the displacement field")
    p.equation("u(x, theta, z, t) = u0(x, theta, t) + z phi_x(x, theta, t)", 1)
    p.para("and the strain energy of the segment follows from the constitutive relations including "
           "the thermal strains of the aerothermal load. The joint is modelled by artificial springs "
           "whose stiffness is set to 10^14 N/m^2 to enforce continuity of displacement and rotation.")
    p.figure(190, draw_conical_cylindrical_shell,
             "(a) Geometry and coordinate system of the combined conical-cylindrical shell with ring "
             "stiffeners; hidden edges are dashed. (b) Cone-cylinder body profile of the flight "
             "vehicle forebody used in the case study (Lc = 0.9 m, Ls = 1.6 m, D = 0.5 m).")
    p.para("The admissible functions are Jacobi polynomials in the axial direction and Fourier series "
           "in the circumferential direction. Substituting them into the Lagrangian and applying the "
           "Rayleigh-Ritz procedure yields the eigenvalue problem (K - omega^2 M) q = 0, which is solved "
           "for the natural frequencies and mode shapes. The piezoelectric sensor voltage is fed back "
           "to the actuators with gain G, adding the damping matrix G Cp to the equations of motion.")
    p.heading("3. Results and discussion")
    p.para("Table 1 compares the present natural frequencies with finite element results for a "
           "clamped-free shell with R = 0.25 m, L1 = 1.6 m, L2 = 0.9 m and a [0/90/45/-45]s layup. "
           "The agreement is within 1.8 percent for the first six modes, which verifies the model.")
    p.table("Table 1.", "Natural frequencies (Hz) of the clamped-free composite shell.",
            ["Mode (m, n)", "Present", "ABAQUS S4R", "Ref. [6]", "Error (%)"],
            [["(1, 2)", "412.6", "409.3", "410.8", "0.81"], ["(1, 3)", "388.1", "385.0", "386.2", "0.81"],
             ["(1, 4)", "455.9", "451.2", "453.0", "1.04"], ["(1, 5)", "583.4", "573.1", "577.9", "1.80"],
             ["(2, 3)", "702.2", "697.5", "699.4", "0.67"], ["(2, 4)", "768.0", "761.9", "764.4", "0.80"]],
            [80, 70, 80, 70, 70])
    p.figure(120, draw_mode_shapes, "Circumferential mode shapes of the cylindrical segment for "
             "n = 2 to 5 (solid) against the undeformed section (dashed).", style="Figure {}:")
    p.para("Fig. 3 shows how the fundamental frequency changes with the semi-vertex angle. The "
           "frequency of the n = 2 mode rises up to alpha = 40 deg and then falls, while the n = 3 mode "
           "grows monotonically, so the fundamental mode switches at about 28 deg. Under the "
           "hypersonic aerothermal load at Mach 6 and 25 km altitude the wall temperature reaches "
           "620 K and all frequencies drop by 6 to 9 percent because of the thermal softening of the "
           "matrix and of the alloy skin.")
    p.figure(170, draw_frequency_plot, "Variation of the natural frequency with the semi-vertex "
             "angle of the conical segment; markers: present method, dashed: finite element model.",
             width=330)
    p.para("With the velocity feedback gain G = 0.8 the vibration velocity at the cone tip is "
           "reduced by 23 dB at the first resonance and by 14 dB at the second. Laser shock peening "
           "of the joint introduces compressive residual stress that raises the first frequency by "
           "2.4 percent, a useful effect for avoiding coupling with the seeker gimbal.")
    p.heading("4. Conclusions")
    p.para("A semi-analytical model for vibration and active vibration control of combined "
           "conical-cylindrical composite shells under hypersonic aerothermal loads was presented. "
           "The results guide the design of missile and hypersonic vehicle forebodies in which "
           "composite shells and laser-processed high-performance alloys are combined.")
    p.heading("Acknowledgements")
    p.para("This work was supported by the National Natural Science Foundation of China (Grant No. "
           "11872345 and Grant No. 52175112), the Fundamental Research Funds for the Central "
           "Universities (Grant No. 3072022CF0205) and the Defense Industrial Technology Development "
           "Program (Grant No. JCKY2021206B005). The authors also thank the Kim Il Sung University "
           "computing centre.")
    p.references([
        "Z. Zhang, H. Li, Thermal vibration of hypersonic vehicle panels, Aerospace Science and Technology 98 (2020) 105672.",
        "J. Tang, Dynamic response of missile shells under aerothermal loads, Journal of Sound and Vibration 455 (2019) 1-19.",
        "K. Chol, Vibration of rocket forebody structures, Journal of Kim Il Sung University (Natural Science) 64 (2018) 77-83.",
        "A.W. Leissa, Vibration of Shells, NASA SP-288, Washington, 1973.",
        "M. Caresta, N.J. Kessissoglou, Free vibrational characteristics of isotropic coupled cylindrical-conical shells, Journal of Sound and Vibration 329 (2010) 733-751.",
        "Y. Qu, Y. Chen, X. Long, H. Hua, G. Meng, Free and forced vibration analysis of uniform and stepped circular cylindrical shells, Applied Acoustics 74 (2013) 425-439.",
        "W. Li, Active flutter suppression of composite panels at hypersonic speeds with piezoelectric actuators, Composite Structures 256 (2021) 113049.",
    ])
    return p.tobytes({"title": "Free vibration and active vibration control of laminated composite "
                               "conical-cylindrical shells under hypersonic aerothermal loads",
                      "author": "Kim Chol; Ri Song Il; Li Wei; Zhang Hao",
                      "subject": "Journal of Vibration Engineering and Technology",
                      "keywords": "conical shell; composite; vibration control; hypersonic"})


def rocket_profile_paper() -> bytes:
    p = Paper("Chinese Journal of Aeronautics, Vol. 36, No. 9 (2023)",
              "Wang J. et al. / Aerodynamics of a finned sounding rocket", first_page=214)
    p.title("Aerodynamic characteristics and static stability of a finned sounding rocket "
            "at transonic Mach numbers")
    p.authors([("Wang Jun", "1"), ("Emily R. Carter", "2"), ("Liu Yang", "1,*")])
    p.affiliations([
        ("1", "School of Aeronautic Science and Engineering, Beihang University, Beijing 100191, China"),
        ("2", "Department of Aerospace Engineering, University of Michigan, Ann Arbor, MI 48109, USA"),
    ])
    p.note("* Corresponding author. E-mail address: liuyang@example.edu.cn. "
           "https://doi.org/10.5555/figscan.sample.002")
    p.y += 6
    p.abstract(
        "The static aerodynamic coefficients of a 2.4 m finned sounding rocket with a tangent ogive "
        "nose are determined by wind tunnel tests and Reynolds-averaged Navier-Stokes simulations "
        "between Mach 0.4 and 2.0. The drag rise at transonic speed, the location of the centre of "
        "pressure and the static margin are reported. A semi-empirical method calibrated on the "
        "data predicts the drag coefficient within 5 percent and is suitable for trajectory and "
        "dispersion analysis in the preliminary design of small launch vehicles.",
        "sounding rocket; transonic drag; static stability; centre of pressure; CFD; wind tunnel")
    p.heading("1. Introduction")
    p.para("Sounding rockets carry scientific payloads to altitudes of 50 to 300 km. Their passive "
           "stability relies on tail fins that keep the centre of pressure (CP) behind the centre of "
           "gravity (CG). The drag rise near Mach 1 dominates the loss of apogee, and accurate "
           "coefficients are needed for the dispersion analysis that sets the range safety area [1].")
    p.heading("2. Configuration and methods")
    p.para("The vehicle of Fig. 1 has a tangent ogive nose of fineness 3, a body tube of 156 mm "
           "diameter and four clipped delta fins with 45 deg leading edge sweep. Forces are measured "
           "with a six-component strain gauge balance in a 1.2 m trisonic wind tunnel. The "
           "simulations use a k-omega SST turbulence model on a 24 million cell grid.")
    p.figure(175, draw_rocket_side, "Side profile of the finned sounding rocket with the forces "
             "acting in flight: lift L at the centre of pressure CP, weight W at the centre of "
             "gravity CG, drag D, thrust T and free-stream velocity V at angle of attack alpha.")
    p.heading("3. Results")
    p.para("The drag coefficient of Fig. 2 is nearly constant up to Mach 0.8, rises by 85 percent "
           "between Mach 0.8 and 1.1 and decreases slowly in supersonic flow. The RANS results "
           "underpredict the peak by 3 percent; the semi-empirical method by 9 percent before and "
           "4 percent after calibration.")
    p.figure(175, draw_drag_plot, "Drag coefficient CD of the rocket at zero angle of attack "
             "versus Mach number: wind tunnel data, RANS simulation and semi-empirical estimate.",
             style="Figure {}:", width=330)
    p.para("The centre of pressure moves aft from 1.62 m to 1.71 m from the nose tip when the Mach "
           "number increases from 0.4 to 1.2, so the static margin grows from 1.4 to 2.0 calibres. "
           "The vehicle is statically stable over the whole flight envelope.")
    p.heading("Acknowledgements")
    p.para("This research was funded by the National Natural Science Foundation of China (Grant "
           "No. 12072011) and the Aeronautical Science Foundation of China (Grant No. 2019ZA051001). "
           "E. R. Carter acknowledges support from the US National Science Foundation under award "
           "CBET-1934567.")
    p.references([
        "G.M. Barrowman, The theoretical prediction of the center of pressure, NARAM-8, 1966.",
        "S.S. Chin, Missile Configuration Design, McGraw-Hill, New York, 1961.",
        "J. Wang, Y. Liu, Transonic drag of slender bodies of revolution, Chinese Journal of Aeronautics 34 (2021) 88-101.",
        "M.J. Hemsch, Tactical Missile Aerodynamics, AIAA Progress in Astronautics and Aeronautics 141, 1992.",
    ])
    return p.tobytes({"title": "Aerodynamic characteristics and static stability of a finned "
                               "sounding rocket at transonic Mach numbers",
                      "author": "Wang Jun; Emily R. Carter; Liu Yang",
                      "subject": "Chinese Journal of Aeronautics"})


def projectile_page() -> pymupdf.Document:
    """The page that is scanned: text plus a projectile-penetrating-a-slab drawing."""
    p = Paper("Explosion and Shock Waves, Vol. 43, No. 2 (2023)", "", first_page=45)
    p.title("Numerical simulation of long-rod projectile penetration into reinforced concrete targets")
    p.authors([("Chen Gang", "1"), ("Zhou Min", "2"), ("Sun Lei", "1,*")])
    p.affiliations([
        ("1", "School of Mechanical Engineering, Nanjing University of Science and Technology, Nanjing 210094, China"),
        ("2", "State Key Laboratory of Explosion Science and Technology, Beijing Institute of Technology, Beijing 100081, China"),
    ])
    p.abstract(
        "The penetration of tungsten alloy long-rod projectiles into C40 reinforced concrete "
        "targets is simulated with a coupled SPH-FEM method at impact velocities from 800 to "
        "1600 m/s. The predicted depth of penetration and crater diameter agree with ballistic "
        "tests within 7 percent. The erosion of the projectile nose and the spalling of the "
        "target rear face are discussed for the design of earth penetrating warheads.",
        "penetration; long-rod projectile; concrete target; warhead; SPH-FEM")
    p.heading("1. Introduction")
    p.para("Earth penetrating weapons must defeat hardened targets such as bunkers and runways. "
           "The depth of penetration depends on the impact velocity, the projectile nose shape and "
           "the strength of the concrete [1, 2].")
    p.figure(150, draw_penetration, "Schematic of the long-rod projectile penetrating the "
             "reinforced concrete slab, with the entry crater and rear-face spall fragments.")
    p.para("This work was supported by the National Natural Science Foundation of China (Grant "
           "No. 11972189) and the Science Challenge Project (Grant No. TZ2018001).")
    return p.doc


def scanned_projectile_paper() -> bytes:
    src = projectile_page()
    pix = src[0].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    src.close()
    img = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width).astype(np.float32)
    rng = np.random.default_rng(SCAN_SEED)
    img = img * 0.92 + 10  # greyish paper, not quite black ink
    img += rng.normal(0.0, 9.0, img.shape)  # sensor noise
    specks = rng.random(img.shape) < 0.0006  # dust
    img[specks] = rng.uniform(40, 120, int(specks.sum()))
    gray = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), mode="L")
    gray = gray.rotate(0.9, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=236)  # skew
    buf = io.BytesIO()
    gray.save(buf, format="JPEG", quality=55, optimize=True)
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_image(page.rect, stream=buf.getvalue())
    return finish(doc, {"title": "", "author": "", "creator": "Canon iR-ADV C5535 (synthetic)"})


def ordinary_paper() -> bytes:
    p = Paper("Journal of Complex Networks, Vol. 11, No. 4 (2023)",
              "Hansen I. et al. / Contact-graph embeddings for epidemic forecasting", first_page=1)
    p.title("Contact-graph embeddings improve regional forecasts of seasonal influenza")
    p.authors([("Ingrid Hansen", "1"), ("Lars O. Berg", "1"), ("Marta Silva", "2,*")])
    p.affiliations([
        ("1", "Department of Informatics, University of Oslo, Gaustadalleen 23B, 0373 Oslo, Norway"),
        ("2", "Department of Mathematical Sciences, Norwegian University of Science and Technology, 7491 Trondheim, Norway"),
    ])
    p.note("* Corresponding author: marta.silva@example.no. https://doi.org/10.5555/figscan.sample.004")
    p.y += 6
    p.abstract(
        "We learn low-dimensional embeddings of a weekly contact graph between 356 Norwegian "
        "municipalities and use them as covariates of a compartmental SIR forecaster. On four "
        "influenza seasons the embeddings reduce the mean absolute error of two-week-ahead "
        "forecasts by 18 percent and raise the AUC for outbreak detection from 0.82 to 0.86. "
        "Code and anonymised data are available.",
        "graph embeddings; epidemic forecasting; SIR model; influenza; mobility data")
    p.heading("1. Introduction")
    p.para("Seasonal influenza places a heavy load on primary care every winter. Regional "
           "forecasts help municipalities plan staffing, but compartmental models ignore how "
           "regions are connected by commuting and travel [1]. Graph representation learning "
           "offers a compact summary of such connections [2, 3].")
    p.heading("2. Data and methods")
    p.para("Weekly counts of influenza-like illness come from the national sentinel system. The "
           "contact graph links two municipalities with a weight equal to the number of commuters "
           "between them. Fig. 1 summarises the pipeline: the graph is embedded with biased random "
           "walks, and the embeddings enter the transmission rate of a regional SIR model.")
    p.figure(150, draw_flowchart, "Overview of the forecasting pipeline from mobility records "
             "to evaluation; the embedding dimension d is tuned on the training seasons.")
    p.equation("beta_i(t) = beta_0 exp(w' z_i + v' x_i(t))", 1)
    p.para("where z_i is the embedding of municipality i and x_i(t) holds the school holiday and "
           "temperature covariates. Parameters are fitted by maximum likelihood.")
    p.heading("3. Results")
    p.para("Fig. 2 compares the forecasts with the reported cases in the 2019/20 season for Oslo. "
           "The embedding model tracks the peak within one week, while the plain SIR model peaks "
           "two weeks late. Table 1 and Fig. 3 summarise all seasons.")
    p.figure(165, draw_epidemic_plot, "Reported and forecast weekly cases per 100 000 "
             "inhabitants in Oslo, season 2019/20.", width=330)
    p.table("Table 1.", "Mean absolute error (MAE) of two-week-ahead forecasts and outbreak "
            "detection AUC, averaged over four seasons.",
            ["Model", "MAE", "AUC", "Runtime (s)"],
            [["SIR only", "41.2", "0.712", "3"], ["SIR + degree", "38.5", "0.738", "4"],
             ["SIR + DeepWalk", "35.1", "0.801", "95"], ["SIR + node2vec", "34.6", "0.824", "120"],
             ["SIR + ours", "33.8", "0.861", "88"]],
            [110, 70, 70, 80])
    p.figure(160, draw_auc_bars, "Outbreak detection AUC by covariate set; error bars show one "
             "standard deviation over seasons.", style="Figure {}:", width=320)
    p.heading("4. Discussion")
    p.para("Embeddings capture commuting structure that degree or PageRank alone miss. The method "
           "needs only aggregated mobility data and runs in minutes on a laptop.")
    p.heading("Acknowledgements")
    p.para("This work was funded by the Research Council of Norway (grant no. 301234, project "
           "FluNet) and by the Norwegian Institute of Public Health. We thank the sentinel "
           "physicians for their reports.")
    p.references([
        "W.O. Kermack, A.G. McKendrick, A contribution to the mathematical theory of epidemics, Proc. R. Soc. A 115 (1927) 700-721.",
        "A. Grover, J. Leskovec, node2vec: Scalable feature learning for networks, in: Proc. KDD, 2016, pp. 855-864.",
        "B. Perozzi, R. Al-Rfou, S. Skiena, DeepWalk: Online learning of social representations, in: Proc. KDD, 2014, pp. 701-710.",
    ])
    return p.tobytes({"title": "Contact-graph embeddings improve regional forecasts of seasonal influenza",
                      "author": "Ingrid Hansen; Lars O. Berg; Marta Silva",
                      "subject": "Journal of Complex Networks", "keywords": "graph embeddings; epidemics"})


def laser_alloy_paper() -> bytes:
    """The paper that `corrupt_truncated.pdf` is cut from."""
    p = Paper("Rare Metal Materials and Engineering, Vol. 52, No. 3 (2023)",
              "Pak S. et al. / Laser cladding of high-entropy alloy coatings", first_page=88)
    p.title("Laser cladding of AlCoCrFeNi high-entropy alloy coatings on titanium alloy for "
            "aero-engine and rocket nozzle components")
    p.authors([("Pak Song Chol", "1"), ("Han Yong Ho", "1"), ("Zhao Lei", "2,*")])
    p.affiliations([
        ("1", "Faculty of Materials Science, Kim Chaek University of Technology, Pyongyang, DPR Korea"),
        ("2", "School of Materials Science and Engineering, Harbin Institute of Technology, Harbin 150001, China"),
    ])
    p.abstract(
        "AlCoCrFeNi high-entropy alloy coatings are deposited on Ti-6Al-4V by coaxial laser "
        "cladding with a 4 kW fibre laser. The coatings are dense, have a BCC/B2 structure and a "
        "microhardness of 690 HV, and reduce oxidation at 900 C by 70 percent. The process is "
        "proposed for hot-section components of aero-engines and for solid rocket motor nozzles.",
        "laser cladding; high-entropy alloy; titanium alloy; rocket nozzle; oxidation")
    p.heading("1. Introduction")
    p.para("Titanium alloys are used in aero-engines and missile structures but oxidise quickly "
           "above 600 C. Laser cladding produces metallurgically bonded coatings with a small heat "
           "affected zone [1].")
    p.figure(130, draw_microstructure_box, "Schematic of the coaxial laser cladding process.")
    p.heading("2. Experimental")
    p.para("Pre-alloyed powder of 45 to 105 micrometre size was fed at 12 g/min through a four-way "
           "nozzle. The laser power was 1.6 to 2.4 kW and the scanning speed 6 mm/s.")
    p.heading("Acknowledgements")
    p.para("This work was supported by the National Natural Science Foundation of China (Grant "
           "No. 51975147) and the Equipment Pre-research Foundation (Grant No. 61409220305).")
    p.references(["S. Zhang, Laser cladding of high-entropy alloys: a review, Journal of Alloys and Compounds 850 (2021) 156721."])
    return p.tobytes({"title": "Laser cladding of AlCoCrFeNi high-entropy alloy coatings on titanium alloy",
                      "author": "Pak Song Chol; Han Yong Ho; Zhao Lei"})


def encrypted_paper_doc() -> pymupdf.Document:
    p = Paper("Journal of Propulsion Technology, Vol. 44, No. 5 (2023)",
              "Ri K. et al. / Combustion instability", first_page=301)
    p.title("Suppression of combustion instability in a liquid rocket engine with acoustic cavities")
    p.authors([("Ri Kwang Myong", "1"), ("Guo Tao", "2,*")])
    p.affiliations([
        ("1", "Faculty of Power Engineering, Kim Chaek University of Technology, Pyongyang, DPR Korea"),
        ("2", "School of Aerospace Engineering, Beijing Institute of Technology, Beijing 100081, China"),
    ])
    p.abstract(
        "Quarter-wave acoustic cavities tuned to the first tangential mode suppress combustion "
        "instability in a 60 kN liquid rocket engine; pressure oscillations drop from 12 to 2 "
        "percent of chamber pressure.",
        "combustion instability; liquid rocket engine; acoustic cavity")
    p.heading("Acknowledgements")
    p.para("This work was supported by the National Natural Science Foundation of China (Grant "
           "No. 52076012).")
    p.doc.set_metadata({"title": "Suppression of combustion instability in a liquid rocket engine",
                        "author": "Ri Kwang Myong; Guo Tao"})
    return p.doc


def _content(doc: pymupdf.Document) -> list[str]:
    return [page.get_text() for page in doc] + [doc.metadata.get("title", "")]


def write_encrypted(path: Path) -> bool:
    """Write the AES-256 paper unless an existing file already decrypts to the same content."""
    plain = pymupdf.open(stream=finish(encrypted_paper_doc(), {
        "title": "Suppression of combustion instability in a liquid rocket engine",
        "author": "Ri Kwang Myong; Guo Tao"}), filetype="pdf")
    if path.exists():
        try:
            with pymupdf.open(path) as old:
                if old.authenticate(ENCRYPTED_USER_PASSWORD) and _content(old) == _content(plain) \
                        and "AES" in (old.metadata.get("encryption") or ""):
                    return False
        except Exception:
            pass
    data = plain.tobytes(garbage=4, deflate=True, no_new_id=True,
                         encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=ENCRYPTED_USER_PASSWORD,
                         owner_pw=ENCRYPTED_OWNER_PASSWORD,
                         permissions=pymupdf.PDF_PERM_PRINT | pymupdf.PDF_PERM_ACCESSIBILITY)
    path.write_bytes(data)
    return True


def main(out: Path = OUT) -> int:
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "conical_shell_vibration.pdf": conical_shell_paper(),
        "rocket_profile_aero.pdf": rocket_profile_paper(),
        "scanned_projectile_page.pdf": scanned_projectile_paper(),
        "ordinary_plots_paper.pdf": ordinary_paper(),
    }
    laser = laser_alloy_paper()
    files["corrupt_truncated.pdf"] = laser[: len(laser) * 40 // 100]
    for name, data in files.items():
        (out / name).write_bytes(data)
    write_encrypted(out / "encrypted_user_password.pdf")
    total = 0
    for name in [*files, "encrypted_user_password.pdf"]:
        size = (out / name).stat().st_size
        total += size
        print(f"{size:>9,d}  {name}")
    print(f"{total:>9,d}  total")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
