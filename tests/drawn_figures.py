"""Small figures drawn with pymupdf for the shape tests, one per failure kind of issue 23.

Each draw function takes (page, shape) and draws in page points; `render` rasterises the page at
150 dpi with its words in image pixels, as the extractor hands a figure over. The drawings are
ours, made from the kinds listed in the issue (a manual's annotated side view, a drawing sheet,
a row of projectiles, a Mach-contour plot, a stress contour), not copied from any figure.
"""
from __future__ import annotations

import math

import numpy as np
import pymupdf

from figscan.model import Word

ZOOM = 150 / 72
P = pymupdf.Point


def render(draw, width=400, height=200):
    """Draw on a fresh page with draw(page, shape), return (pixels, words) like production."""
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    shape = page.new_shape()
    draw(page, shape)
    shape.commit()
    pix = page.get_pixmap(dpi=150)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3].copy()
    words = [Word(w[4], (w[0] * ZOOM, w[1] * ZOOM, w[2] * ZOOM, w[3] * ZOOM)) for w in page.get_text("words")]
    doc.close()
    return img, words


def px(box):
    """A box in page points as image pixels at 150 dpi."""
    return tuple(v * ZOOM for v in box)


def _arrow_head(shape, tip, frm, size=4.0):
    ang = math.atan2(tip[1] - frm[1], tip[0] - frm[0])
    pts = [P(tip[0] - size * math.cos(ang - 0.35), tip[1] - size * math.sin(ang - 0.35)), P(*tip),
           P(tip[0] - size * math.cos(ang + 0.35), tip[1] - size * math.sin(ang + 0.35))]
    shape.draw_polyline(pts)
    shape.finish(width=0.4, color=(0, 0, 0), fill=(0, 0, 0), closePath=True)


def dimension(page, shape, xa, xb, y, label, ext_from=None):
    """A horizontal dimension line between xa and xb at height y, arrowheads, extension lines
    from ext_from (the body's outline) past the dimension line, and its value written above."""
    shape.draw_line(P(xa, y), P(xb, y))
    shape.finish(width=0.4)
    _arrow_head(shape, (xa, y), (xb, y))
    _arrow_head(shape, (xb, y), (xa, y))
    if ext_from is not None:
        for x, y0 in zip((xa, xb), ext_from):
            shape.draw_line(P(x, y0), P(x, y + (5 if y > y0 else -5)))  # past the dimension line by ~2 mm (ISO 129)
            shape.finish(width=0.4)
    page.insert_text(P((xa + xb) / 2 - 8, y - 2), label, fontsize=6)


def finned_missile(shape, x0, y0, length, radius, fins=True, width=1.0):
    """Side view: ogive nose, body, boattail, wing and tail fins (upper and lower), nose joint line.

    Returns the body's box in points (fins included)."""
    ln = 3.2 * radius
    rho = (radius ** 2 + ln ** 2) / (2 * radius)
    nose = [(x0 + x, math.sqrt(max(rho ** 2 - (ln - x) ** 2, 0)) + radius - rho) for x in np.linspace(0, ln, 24)]
    upper = nose + [(x0 + length - 0.06 * length, radius), (x0 + length, 0.8 * radius)]
    outline = [P(x, y0 - r) for x, r in upper] + [P(x, y0 + r) for x, r in reversed(upper)]
    shape.draw_polyline(outline)
    shape.finish(width=width, closePath=True)
    top, bottom = y0 - radius, y0 + radius
    if fins:
        span = 2.2 * radius
        for s in (-1, 1):
            tail = x0 + length - 0.07 * length
            shape.draw_polyline([P(tail - 0.16 * length, y0 + s * radius), P(tail - 0.02 * length, y0 + s * (radius + span)),
                                 P(tail + 0.03 * length, y0 + s * (radius + span)), P(tail + 0.03 * length, y0 + s * radius)])
            shape.finish(width=width, closePath=False)
            wing = x0 + 0.45 * length
            shape.draw_polyline([P(wing, y0 + s * radius), P(wing + 0.1 * length, y0 + s * (radius + 0.8 * span)),
                                 P(wing + 0.16 * length, y0 + s * (radius + 0.8 * span)), P(wing + 0.18 * length, y0 + s * radius)])
            shape.finish(width=width, closePath=False)
        top, bottom = y0 - radius - span, y0 + radius + span
    shape.draw_line(P(x0 + ln, y0 - radius), P(x0 + ln, y0 + radius))
    shape.finish(width=0.6 * width)
    return (x0, top, x0 + length + 0.5, bottom)


def annotated_side_view(page, shape):
    """A missile manual's side view: finned body crossed by a centre line, dimension lines with
    extension lines from the outline, station numbers with ticks along the body, callouts on
    leader lines, and an end-on view beside it. Page 520 x 260 pt; body box in BODY_SIDE."""
    x0, y0, length, radius = 40.0, 130.0, 340.0, 12.0
    finned_missile(shape, x0, y0, length, radius)
    shape.draw_line(P(x0 - 15, y0), P(x0 + length + 15, y0))  # centre line, past both ends
    shape.finish(width=0.4, dashes="[8 2 2 2] 0")
    # station lines: thin verticals across the body, numbers above them
    for i, sta in enumerate(np.linspace(0, length, 8)):
        x = x0 + sta
        shape.draw_line(P(x, y0 + radius + 6), P(x, y0 - radius - 40))
        shape.finish(width=0.4)
        page.insert_text(P(x - 6, y0 - radius - 43), f"{10 * i + 12.5:.1f}", fontsize=6)
    page.insert_text(P(x0 - 36, y0 - radius - 43), "STA", fontsize=6)
    # dimension lines below, extension lines from the outline through them
    dimension(page, shape, x0, x0 + length, y0 + 70, "148.0", ext_from=(y0, y0 + radius))
    dimension(page, shape, x0, x0 + 3.2 * radius, y0 + 55, "15.3", ext_from=(y0, y0 + radius))
    dimension(page, shape, x0 + 0.45 * length, x0 + 0.63 * length, y0 + 55, "24.6", ext_from=(y0 + radius, y0 + radius))
    # callouts: words on leader lines that end on the body
    for (tx, ty), (bx, by), text in [((70, 40), (x0 + 18, y0 - 5), "RADOME"),
                                     ((170, 30), (x0 + 0.5 * length, y0 - radius - 12), "WING"),
                                     ((300, 36), (x0 + 0.87 * length, y0 - radius - 18), "CONTROL SURFACE"),
                                     ((230, 235), (x0 + 0.3 * length, y0 + 4), "SEEKER SECTION")]:
        page.insert_text(P(tx, ty), text, fontsize=7)
        shape.draw_line(P(tx + 10, ty + (2 if ty < y0 else -8)), P(bx, by))
        shape.finish(width=0.4)
        _arrow_head(shape, (bx, by), (tx + 10, ty + (2 if ty < y0 else -8)), 3.0)
    # end-on view to the right: body circle, four fins as a cross, its own centre lines
    cx, cy = 455.0, y0
    shape.draw_circle(P(cx, cy), radius)
    shape.finish(width=1.0)
    for a in (45, 135, 225, 315):
        r = math.radians(a)
        shape.draw_line(P(cx + radius * math.cos(r), cy + radius * math.sin(r)),
                        P(cx + 3.2 * radius * math.cos(r), cy + 3.2 * radius * math.sin(r)))
        shape.finish(width=1.0)
    shape.draw_line(P(cx - 50, cy), P(cx + 50, cy))
    shape.draw_line(P(cx, cy - 50), P(cx, cy + 50))
    shape.finish(width=0.4, dashes="[8 2 2 2] 0")
    page.insert_text(P(cx - 20, cy + 70), "VIEW A", fontsize=7)


BODY_SIDE = (40.0, 130.0 - 12 - 26.4, 380.5, 130.0 + 12 + 26.4)


def drawing_sheet(page, shape):
    """An engineering drawing sheet of a cone-cylinder probe: sheet border, the probe with its
    centre line and dimensions, a parts list table above a title block in the lower right.
    Page 560 x 380 pt; probe box in BODY_PROBE."""
    shape.draw_rect(pymupdf.Rect(8, 8, 552, 372))
    shape.finish(width=1.4)
    shape.draw_rect(pymupdf.Rect(14, 14, 546, 366))
    shape.finish(width=0.6)
    # the probe: cone, cylinder, a shoulder, a sting
    y0, r = 110.0, 16.0
    outline = [P(40, y0), P(110, y0 - r), P(330, y0 - r), P(330, y0 - 10), P(400, y0 - 10), P(400, y0 + 10),
               P(330, y0 + 10), P(330, y0 + r), P(110, y0 + r)]
    shape.draw_polyline(outline)
    shape.finish(width=1.0, closePath=True)
    for x in (110, 250):
        shape.draw_line(P(x, y0 - r), P(x, y0 + r))
        shape.finish(width=0.6)
    shape.draw_line(P(28, y0), P(412, y0))
    shape.finish(width=0.4, dashes="[10 2 2 2] 0")
    dimension(page, shape, 40, 330, y0 + 50, "290", ext_from=(y0, y0 + r))
    dimension(page, shape, 40, 110, y0 - 40, "70", ext_from=(y0, y0 - r))
    dimension(page, shape, 330, 400, y0 + 34, "70", ext_from=(y0 + 10, y0 + 10))
    page.insert_text(P(60, y0 + 90), "NOTES: 1. BREAK ALL SHARP EDGES. 2. DIMENSIONS IN MM.", fontsize=6)
    # parts list: 5 rows x 4 columns of ruled cells
    tx0, tx1, ty0, rows = 300.0, 546.0, 218.0, 6
    cols = [tx0, 325.0, 430.0, 500.0, tx1]
    for i in range(rows + 1):
        shape.draw_line(P(tx0, ty0 + 12 * i), P(tx1, ty0 + 12 * i))
    for x in cols:
        shape.draw_line(P(x, ty0), P(x, ty0 + 12 * rows))
    shape.finish(width=0.5)
    parts = [("ITEM", "DESCRIPTION", "MATERIAL", "QTY"), ("1", "NOSE CONE", "AL 6061", "1"),
             ("2", "BODY TUBE", "AL 6061", "1"), ("3", "PRESSURE PORT", "SS 316", "4"),
             ("4", "STING ADAPTER", "SS 316", "1"), ("5", "O-RING", "VITON", "2")]
    for i, row in enumerate(parts):
        for x, text in zip(cols, row):
            page.insert_text(P(x + 3, ty0 + 12 * i + 9), text, fontsize=6)
    # title block below it
    bx0, by0 = 300.0, 296.0
    shape.draw_rect(pymupdf.Rect(bx0, by0, tx1, 366))
    for y in (318.0, 340.0):
        shape.draw_line(P(bx0, y), P(tx1, y))
    shape.draw_line(P(430, by0), P(430, 366))
    shape.finish(width=0.8)
    for (x, y), text in [((305, 310), "TITLE: PITOT PROBE ASSY"), ((435, 310), "DWG NO. 4471-02"),
                         ((305, 332), "SCALE 1:2"), ((435, 332), "SHEET 1 OF 1"),
                         ((305, 355), "DRAWN J. DOE"), ((435, 355), "REV B")]:
        page.insert_text(P(x, y), text, fontsize=6)


BODY_PROBE = (40.0, 110.0 - 16, 400.0, 110.0 + 16)


def projectile_row(page, shape):
    """Four projectile outlines side by side, noses up, each with its name below. Page 420 x 240
    pt; boxes in BODIES_ROW."""
    for i, (kind, x) in enumerate(zip(("ogive", "cone", "blunt", "ogive"), (60.0, 160.0, 260.0, 360.0))):
        r, ln, body, top = 14.0, 50.0, 110.0, 40.0
        xs = np.linspace(0, ln, 20)
        if kind == "cone":
            ys = r * xs / ln
        elif kind == "blunt":
            ys = r * (0.35 + 0.65 * xs / ln)
        else:
            rho = (r ** 2 + ln ** 2) / (2 * r)
            ys = np.sqrt(np.maximum(rho ** 2 - (ln - xs) ** 2, 0)) + r - rho
        right = [(x + yy, top + xx) for xx, yy in zip(xs, ys)] + [(x + r, top + ln + body), (x + 0.8 * r, top + ln + body + 8)]
        pts = right + [(2 * x - px_, py) for px_, py in reversed(right)]
        shape.draw_polyline([P(*q) for q in pts])
        shape.finish(width=1.0, closePath=True)
        shape.draw_line(P(x - r, top + ln + 0.6 * body), P(x + r, top + ln + 0.6 * body))  # driving band
        shape.finish(width=0.6)
        page.insert_text(P(x - 16, top + ln + body + 24), f"M{70 + i}", fontsize=8)


BODIES_ROW = [(x - 14.0, 40.0, x + 14.0, 40.0 + 50 + 110 + 8) for x in (60.0, 160.0, 260.0, 360.0)]


def _jet(v):
    """The jet colour map: blue at 0, red at 1."""
    return (float(np.clip(1.5 - abs(4 * v - 3), 0, 1)), float(np.clip(1.5 - abs(4 * v - 2), 0, 1)),
            float(np.clip(1.5 - abs(4 * v - 1), 0, 1)))


def _axes(page, shape, x0, y0, x1, y1, xs, ys):
    """Plot frame with ticks and numeric tick labels."""
    shape.draw_rect(pymupdf.Rect(x0, y0, x1, y1))
    shape.finish(width=0.7)
    for i, v in enumerate(xs):
        x = x0 + (x1 - x0) * i / (len(xs) - 1)
        shape.draw_line(P(x, y1), P(x, y1 - 4))
        page.insert_text(P(x - 6, y1 + 10), v, fontsize=7)
    for i, v in enumerate(ys):
        y = y1 - (y1 - y0) * i / (len(ys) - 1)
        shape.draw_line(P(x0, y), P(x0 + 4, y))
        page.insert_text(P(x0 - 18, y + 2), v, fontsize=7)
    shape.finish(width=0.6)


def mach_wedge(page, shape):
    """Mach-number contours of supersonic flow over a wedge: filled bands behind an oblique
    shock, the wedge in white on the lower wall, axes with numbers, a colour bar. 420 x 260 pt."""
    x0, y0, x1, y1 = 50.0, 20.0, 340.0, 220.0
    wx0, wx1, wh = 120.0, 340.0, 70.0  # wedge from x=wx0 on the wall rising to height wh at x1
    shock = math.radians(38)
    for k in range(12):  # bands of falling Mach number behind the shock, the free stream ahead
        v = 1 - k / 12
        off = 4.0 * k
        pts = [P(x0, y1), P(x0, y0), P(wx0 + (y1 - y0) / math.tan(shock) + off, y0), P(wx0 + off, y1)]
        shape.draw_polyline(pts)
        shape.finish(width=0, color=None, fill=_jet(v), closePath=True)
    for k in range(10):
        v = 0.55 - 0.04 * k
        start = wx0 + (y1 - y0) / math.tan(shock) + 4.0 * 12 + 16 * k
        pts = [P(start, y0), P(x1, y0), P(x1, y1), P(wx0 + 4 * 12 + 14 * k, y1)]
        shape.draw_polyline(pts)
        shape.finish(width=0, color=None, fill=_jet(v), closePath=True)
    shape.draw_polyline([P(wx0, y1), P(wx1, y1 - wh), P(wx1, y1)])
    shape.finish(width=0.8, color=(0, 0, 0), fill=(1, 1, 1), closePath=True)
    _axes(page, shape, x0, y0, x1, y1, ["0", "0.2", "0.4", "0.6", "0.8", "1.0"], ["0", "0.1", "0.2", "0.3", "0.4"])
    for k in range(20):  # colour bar
        shape.draw_rect(pymupdf.Rect(370, y1 - 10 * (k + 1), 385, y1 - 10 * k))
        shape.finish(width=0, color=None, fill=_jet(k / 19))
    for i in range(5):
        page.insert_text(P(390, y1 - 50 * i + 2), f"{1.5 + 0.5 * i:.1f}", fontsize=7)
    page.insert_text(P(365, y0 - 6), "Mach", fontsize=7)


def stress_t(page, shape):
    """Von Mises stress contour of a T-shaped cantilever: the T filled with jet bands varying
    along the stem, a fixed support hatched at the flange, a colour bar with values. 420 x 260 pt."""
    # the T: flange (vertical bar at the left) and a long stem to the right
    fx0, fx1, fy0, fy1 = 40.0, 70.0, 30.0, 230.0
    sx1, sy0, sy1 = 330.0, 110.0, 150.0
    n = 16
    for k in range(n):  # stem bands: stress falling towards the free end
        xa, xb = fx1 + (sx1 - fx1) * k / n, fx1 + (sx1 - fx1) * (k + 1) / n
        shape.draw_rect(pymupdf.Rect(xa, sy0, xb + 0.5, sy1))
        shape.finish(width=0, color=None, fill=_jet(1 - k / n))
    for k in range(8):  # flange bands: high in the middle, low at the tips
        ya, yb = fy0 + (fy1 - fy0) * k / 8, fy0 + (fy1 - fy0) * (k + 1) / 8
        shape.draw_rect(pymupdf.Rect(fx0, ya, fx1, yb + 0.5))
        shape.finish(width=0, color=None, fill=_jet(0.9 - 0.2 * abs(k - 3.5)))
    shape.draw_polyline([P(fx0, fy0), P(fx1, fy0), P(fx1, sy0), P(sx1, sy0), P(sx1, sy1), P(fx1, sy1), P(fx1, fy1), P(fx0, fy1)])
    shape.finish(width=0.8, color=(0, 0, 0), closePath=True)
    for y in np.arange(fy0, fy1, 10):  # the wall
        shape.draw_line(P(fx0, y), P(fx0 - 8, y + 8))
    shape.finish(width=0.5)
    shape.draw_line(P(sx1, sy1 + 30), P(sx1, sy1 + 2))  # the load
    shape.finish(width=0.8)
    _arrow_head(shape, (sx1, sy1 + 2), (sx1, sy1 + 30))
    page.insert_text(P(sx1 + 4, sy1 + 30), "F", fontsize=9)
    for k in range(20):
        shape.draw_rect(pymupdf.Rect(370, 220 - 9 * (k + 1), 385, 220 - 9 * k))
        shape.finish(width=0, color=None, fill=_jet(k / 19))
    for i in range(5):
        page.insert_text(P(390, 220 - 45 * i + 2), f"{40 * i:.0f}", fontsize=7)
    page.insert_text(P(360, 26), "MPa", fontsize=7)
