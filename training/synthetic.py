"""Procedurally drawn figures for training and testing the shape detector.

Each family draws a vector figure on a fresh pymupdf page (`page.new_shape()`, `insert_text`),
which is rasterised exactly as production does (`page.get_pixmap(clip=rect, dpi=150)`) and
its words are read with `page.get_text("words")` converted to image pixels. So the detector
is trained on what it sees in a scan of a real PDF. Everything is seeded and deterministic:
`render(family, seed)` always returns the same figure.

Positive families draw missile/rocket/projectile bodies in many styles; negative families are
the hard look-alikes (beams, pipes, cylinders, aircraft, fins, arrows) and ordinary figures
(plots, tables, flowcharts, circuits, networks, contours, photo-like textures).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import cv2
import numpy as np
import pymupdf

from figscan.model import Word
from training import synthetic3d as solid

DPI = 150
ZOOM = DPI / 72.0

WORDS = ["x", "y", "z", "L", "D", "R", "R1", "R2", "h", "t", "a", "b", "E", "P", "F", "q", "u", "v",
         "w", "Load", "Support", "Inlet", "Outlet", "Flow", "Section", "A-A", "(a)", "(b)", "(c)",
         "Model", "Data", "Node", "Input", "Output", "Case", "Test", "Mesh", "Top", "Side", "View"]
ROCKET_WORDS = ["Nose", "Body", "Fins", "CG", "CP", "Ogive", "Warhead", "Motor", "Nose cone",
                "Fin", "Boattail", "Projectile", "Missile", "Rocket", "Payload", "Tail"]
UML_WORDS = ["NoseCone", "FinSet", "BodyTube", "RocketComponent", "MassObject", "Rocket",
             "Stage", "Parachute", "Transition", "LaunchLug", "Component", "Controller",
             "Sensor", "Model", "Start", "Stop", "Init", "Update", "Compute drag", "Read input",
             "S", "I", "R", "Exposed", "Infected", "Recovered", "Encoder", "Decoder"]


@dataclass
class Sample:
    """One rendered synthetic figure with ground truth."""
    family: str
    label: int  # 1 = missile-like body present
    pixels: np.ndarray
    words: list[Word]
    caption: str = ""
    bbox: tuple[float, float, float, float] | None = None  # positive body (union), image pixels
    seed: int = 0
    boxes: list = field(default_factory=list)  # each drawn body separately, image pixels


# --------------------------------------------------------------------------------------------
# drawing helpers

_PENS: list["Pen"] = []  # pens of the figure being drawn: their tracked points give the body bbox

class Pen:
    """Draws in a local object frame (x along the body axis) mapped to page points."""

    def __init__(self, page: pymupdf.Page, rng: np.random.Generator, origin=(0.0, 0.0), scale=1.0, angle=0.0):
        self.page, self.rng = page, rng
        self.shape = page.new_shape()
        self.ox, self.oy, self.s = origin[0], origin[1], scale
        self.c, self.sn = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        self.width = float(rng.uniform(0.4, 1.8))
        g = float(rng.choice([0.0, 0.0, 0.0, 0.2, 0.35]))
        self.ink = (g, g, g) if rng.random() > 0.15 else tuple(float(v) for v in rng.uniform(0, 0.7, 3))
        self.pts_drawn: list[tuple[float, float]] = []
        _PENS.append(self)

    def T(self, pts):
        out = []
        for x, y in pts:
            X = self.ox + self.s * (x * self.c - y * self.sn)
            Y = self.oy + self.s * (x * self.sn + y * self.c)
            out.append(pymupdf.Point(X, Y))
        return out

    def poly(self, pts, close=False, fill=None, width=None, dashes=None, color=None, track=False):
        P = self.T(pts)
        if len(P) < 2:
            return
        self.shape.draw_polyline(P)
        self.shape.finish(width=self.width if width is None else width, color=self.ink if color is None else color,
                          fill=fill, closePath=close, dashes=dashes, lineJoin=1)
        if track:
            self.pts_drawn += [(p.x, p.y) for p in P]

    def line(self, a, b, **kw):
        self.poly([a, b], **kw)

    def ellipse(self, cx, cy, ax, ay, t0=0.0, t1=2 * math.pi, n=40, **kw):
        ts = np.linspace(t0, t1, n)
        self.poly([(cx + ax * math.cos(t), cy + ay * math.sin(t)) for t in ts], **kw)

    def arrow(self, a, b, head=None, **kw):
        head = head or min(0.25 * math.hypot(b[0] - a[0], b[1] - a[1]), 8.0 / self.s)
        self.line(a, b, **kw)
        ang = math.atan2(b[1] - a[1], b[0] - a[0])
        l = (b[0] - head * math.cos(ang - 0.4), b[1] - head * math.sin(ang - 0.4))
        r = (b[0] - head * math.cos(ang + 0.4), b[1] - head * math.sin(ang + 0.4))
        self.poly([l, b, r], close=True, fill=self.ink)

    def text(self, xy, s, size=None):
        P = self.T([xy])[0]
        size = size or float(self.rng.uniform(6, 11))
        try:
            self.shape.insert_text(P, s, fontsize=size, color=self.ink, fontname=str(self.rng.choice(["helv", "tiro", "cour"])))
        except Exception:
            pass

    def commit(self):
        self.shape.commit()


def _fill(rng, p_none=0.5):
    if rng.random() < p_none:
        return None
    if rng.random() < 0.6:
        g = float(rng.uniform(0.55, 0.92))
        return (g, g, g)
    return tuple(float(v) for v in rng.uniform(0.3, 1.0, 3))


def _dash(rng):
    return f"[{rng.integers(2, 5)} {rng.integers(1, 4)}] 0"


def _labels(pen: Pen, rng, xr, yr, pool=WORDS, n=None):
    n = int(rng.integers(0, 5)) if n is None else n
    for _ in range(n):
        pen.text((rng.uniform(*xr), rng.uniform(*yr)), str(rng.choice(pool)))


def _hatch(pen: Pen, x0, y0, x1, y1, step):
    """45-degree hatching clipped to a rectangle (page coordinates, identity pen)."""
    c = -(y1 - y0)
    while c < x1 - x0:
        # line x - x0 = (y - y0) + c, clipped to the rectangle
        ya, yb = max(y0, y0 - c), min(y1, y0 + (x1 - x0) - c)
        if yb > ya:
            pen.line((x0 + (ya - y0) + c, ya), (x0 + (yb - y0) + c, yb), width=0.4)
        c += step


def _dimension(pen: Pen, rng, a, b, offset):
    """Dimension line with arrow heads and a value, offset across the axis."""
    (x0, y0), (x1, y1) = a, b
    pen.line((x0, y0), (x0, y0 + offset * 1.2), width=0.4)
    pen.line((x1, y1), (x1, y1 + offset * 1.2), width=0.4)
    m = ((x0 + x1) / 2, y0 + offset)
    hl = min(0.25, 0.08 * abs(x1 - x0) + 0.05)
    pen.arrow(m, (x0, y0 + offset), head=hl, width=0.4)
    pen.arrow(m, (x1, y1 + offset), head=hl, width=0.4)
    pen.text((m[0], m[1] - 0.1), f"{rng.uniform(1, 500):.{int(rng.integers(0, 3))}f}", size=float(rng.uniform(5, 8)))


# --------------------------------------------------------------------------------------------
# body-of-revolution profiles (x from nose tip 0 to tail, radius r(x); diameter 1)

def _nose_profile(kind: str, ln: float, R: float, n: int = 24) -> list[tuple[float, float]]:
    xs = np.linspace(0, ln, n)
    if kind == "cone":
        ys = R * xs / ln
    elif kind == "ogive":
        rho = (R * R + ln * ln) / (2 * R)
        ys = np.sqrt(np.maximum(rho * rho - (ln - xs) ** 2, 0)) + R - rho
    elif kind == "ellipse":
        ys = R * np.sqrt(np.maximum(1 - (1 - xs / ln) ** 2, 0))
    elif kind == "power":
        ys = R * (xs / ln) ** 0.6
    elif kind == "haack":
        th = np.arccos(1 - 2 * xs / ln)
        ys = R / math.sqrt(math.pi) * np.sqrt(np.maximum(th - np.sin(2 * th) / 2, 0))
    else:  # blunted cone
        ys = R * (0.25 + 0.75 * xs / ln)
        ys[0] = 0.0
    return list(zip(xs, ys))


def rocket_profile(rng, with_fins=True) -> dict:
    """Random rocket/missile geometry: upper profile points, length, fin polygons."""
    R = 0.5
    ln = float(rng.uniform(0.8, 4.0))
    lb = float(rng.uniform(3.0, 18.0))
    nose = _nose_profile(str(rng.choice(["cone", "ogive", "ellipse", "power", "haack", "blunt"])), ln, R)
    pts = list(nose)
    x = ln
    if rng.random() < 0.25:  # two-stage step / transition
        xs = ln + lb * float(rng.uniform(0.3, 0.6))
        R2 = R * float(rng.uniform(1.1, 1.5))
        pts += [(xs, R), (xs + 0.5, R2)]
        R_end = R2
    else:
        R_end = R
    x = ln + lb
    if rng.random() < 0.3:  # boattail
        bt = float(rng.uniform(0.3, 1.0))
        pts += [(x - bt, R_end), (x, R_end * float(rng.uniform(0.6, 0.85)))]
    else:
        pts += [(x, R_end)]
    fins = []
    if with_fins:
        cr = float(rng.uniform(0.6, 2.5))
        ct = cr * float(rng.uniform(0.0, 0.8))
        span = float(rng.uniform(0.4, 1.6))
        sweep = float(rng.uniform(0.0, cr))
        xte = x - float(rng.uniform(0, 0.4))
        fins.append([(xte - cr, R_end), (xte - cr + sweep, R_end + span), (xte - cr + sweep + ct, R_end + span), (xte, R_end)])
        if rng.random() < 0.25:  # canards
            c2 = cr * 0.4
            xc = ln + float(rng.uniform(0.2, 1.5))
            fins.append([(xc, R), (xc + 0.3 * c2, R + 0.5 * span), (xc + c2, R)])
    return dict(upper=pts, length=x, fins=fins, R=R_end, ln=ln)


def _draw_rocket(pen: Pen, rng, geo: dict, fill=None, details=True):
    up = geo["upper"]
    outline = up + [(x, -y) for x, y in reversed(up)]
    for f in geo["fins"]:
        pen.poly(f, close=True, fill=fill, track=True)
        pen.poly([(x, -y) for x, y in f], close=True, fill=fill, track=True)
    pen.poly(outline, close=True, fill=fill, track=True)
    if details:
        if rng.random() < 0.7:
            x = geo["ln"]
            pen.line((x, -0.5), (x, 0.5), width=pen.width * 0.7)
        if geo["fins"] and rng.random() < 0.4:  # edge-on third fin
            f = geo["fins"][0]
            pen.poly([(f[0][0], -0.04), (f[-1][0], -0.04), (f[-1][0], 0.04), (f[0][0], 0.04)], close=True, fill=fill)
        if rng.random() < 0.3:  # centre line
            pen.line((-0.3, 0), (geo["length"] + 0.3, 0), width=0.4, dashes="[6 2 1 2] 0")
        if rng.random() < 0.3:  # nozzle
            L = geo["length"]
            pen.poly([(L, 0.3), (L + 0.3, 0.4), (L + 0.3, -0.4), (L, -0.3)], close=True, fill=fill)


# --------------------------------------------------------------------------------------------
# positive families (each draws into a box of size (w, h) points at (x0, y0); returns bbox)

def _place(page, rng, box, length, height, angle=0.0):
    """Pen mapping an object of (length x height) local units, centred, into box at angle."""
    x0, y0, w, h = box
    a = math.radians(angle)
    ext_w = abs(length * math.cos(a)) + abs(height * math.sin(a))
    ext_h = abs(length * math.sin(a)) + abs(height * math.cos(a))
    s = min(w / ext_w, h / ext_h) * float(rng.uniform(0.6, 0.92))
    cx, cy = x0 + w / 2, y0 + h / 2
    # origin such that object centre (length/2, 0) maps to box centre
    ox = cx - s * (length / 2 * math.cos(a))
    oy = cy - s * (length / 2 * math.sin(a))
    return Pen(page, rng, (ox, oy), s, angle)


def _angle(rng, p_tilt=0.3):
    if rng.random() < p_tilt:
        return float(rng.uniform(-70, 70))
    return float(rng.choice([0.0, 0.0, 0.0, 180.0, 90.0, -90.0]))


def fam_rocket(page, rng, box):
    n = 1 if rng.random() < 0.8 else int(rng.integers(2, 5))
    x0, y0, w, h = box
    for i in range(n):
        geo = rocket_profile(rng, with_fins=rng.random() < 0.85)
        sub = (x0, y0 + i * h / n, w, h / n)
        ang = _angle(rng, 0.15) if n == 1 else 0.0
        pen = _place(page, rng, sub, geo["length"] + 1, 1 + 2 * max([0] + [max(p[1] for p in f) for f in geo["fins"]]), ang)
        _draw_rocket(pen, rng, geo, _fill(rng))
        if rng.random() < 0.4:
            _dimension(pen, rng, (0, 0.5 + 1.0), (geo["length"], 0.5 + 1.0), 0.4)
        _labels(pen, rng, (0, geo["length"]), (-1.5, 1.5), ROCKET_WORDS + WORDS)
        if rng.random() < 0.3:  # schematic: sections, CG/CP marks, side dimensions
            for xs in rng.uniform(geo["ln"], geo["length"], int(rng.integers(1, 4))):
                pen.line((xs, -0.5), (xs, 0.5), width=pen.width * 0.8)
            for xs in rng.uniform(geo["ln"], geo["length"], int(rng.integers(1, 4))):
                pen.ellipse(xs, 0, 0.12, 0.12, n=12, width=0.6)
                pen.text((xs + 0.15, 0.1), str(rng.choice(["CG", "CP", "M", "Mp"])))
            for k in range(int(rng.integers(1, 3))):
                yy = -1.0 - 0.4 * k
                _dimension(pen, rng, (float(rng.uniform(0, geo["ln"])), yy), (float(rng.uniform(geo["ln"], geo["length"])), yy), 0.0)
        if rng.random() < 0.3:  # force arrows (normal force components)
            for _ in range(int(rng.integers(1, 4))):
                xa = float(rng.uniform(0, geo["length"]))
                pen.arrow((xa, -0.6), (xa, -1.6), width=0.6)
        if n == 1 and rng.random() < 0.35:
            _manual_annotations(pen, rng, geo)
        pen.commit()


def _manual_annotations(pen: Pen, rng, geo: dict) -> None:
    """A missile manual's annotations over a side view: station lines across the body with their
    numbers, extension lines from the outline (nose tip, tail, a fin root) down past dimension
    lines, and callouts on leader lines ending on the body (issue 23: such drawings were missed)."""
    L, R = geo["length"], geo["R"]
    span = max([R] + [max(q[1] for q in f) for f in geo["fins"]])
    thin = float(rng.uniform(0.25, 0.6))
    if rng.random() < 0.7:  # station lines, crossing the body and running past it on both sides
        top = -span - float(rng.uniform(0.2, 0.8))
        for i, x in enumerate(np.linspace(0, L, int(rng.integers(4, 10)))):
            pen.line((x, top), (x, R + float(rng.uniform(0.05, 0.4))), width=thin)
            pen.text((x - 0.2, top - 0.1), f"{float(rng.uniform(0, 20)) + 10 * i:.1f}", size=float(rng.uniform(5, 7)))
    y_dim = span + float(rng.uniform(0.3, 0.9))
    marks = [(0.0, 0.0), (L, R)] + ([(geo["ln"], R)] if rng.random() < 0.5 else [])
    for k, (xa, xb) in enumerate(zip(sorted(x for x, _ in marks), sorted(x for x, _ in marks)[1:] if len(marks) == 3 else [L])):
        yy = y_dim + 0.35 * k
        m = ((xa + xb) / 2, yy)
        pen.arrow(m, (xa, yy), head=0.15, width=thin)
        pen.arrow(m, (xb, yy), head=0.15, width=thin)
        pen.text((m[0], yy - 0.08), f"{float(rng.uniform(5, 300)):.1f}", size=float(rng.uniform(5, 7)))
    for x, y in marks:  # extension lines from the outline past the lowest dimension line
        pen.line((x, y), (x, y_dim + 0.35 * (len(marks) - 2) + 0.15), width=thin)
    for _ in range(int(rng.integers(0, 4))):  # callouts: a word, a leader line, an arrowhead on the body
        xb = float(rng.uniform(0.1, 0.9)) * L
        side = float(rng.choice([-1.0, 1.0]))
        start = (xb + float(rng.uniform(-2, 2)), side * (span + float(rng.uniform(0.6, 1.5))))
        pen.arrow(start, (xb, side * R), head=0.12, width=thin)
        callout = str(rng.choice(["RADOME", "SEEKER", "WARHEAD", "WING", "MOTOR", "CONTROL SURFACE", "FUZE", "TAIL"]))
        pen.text((start[0] - 0.3, start[1] + side * 0.15), callout, size=float(rng.uniform(5, 8)))


def fam_rocket_forces(page, rng, box):
    geo = rocket_profile(rng)
    ang = float(rng.uniform(-80, 80))
    pen = _place(page, rng, box, geo["length"] + 4, 4, ang)
    _draw_rocket(pen, rng, geo, _fill(rng, 0.7))
    L = geo["length"]
    for a, b, t in [((L, 0), (L + 2.5, 0), "T"), ((L / 2, 0), (L / 2 - 1, -2), "N"), ((0, 0), (-2, 0), "D"),
                    ((L / 2, 0), (L / 2 + 1.2, 2), "mg")]:
        if rng.random() < 0.7:
            pen.arrow(a, b, width=pen.width)
            pen.text(b, t)
    if rng.random() < 0.5:  # flight path / axes
        pen.line((-2, 2.5), (L + 2, 2.5), width=0.4, dashes=_dash(rng))
    pen.commit()


def fam_shell(page, rng, box):
    """Perspective cone-cylinder (or cylinder-cone-cylinder) shell with end ellipses."""
    R1 = 1.0
    R2 = R1 * float(rng.uniform(0.0, 0.7))
    Lk = float(rng.uniform(1.0, 3.5))
    Lc = float(rng.uniform(0.0, 4.0))
    k = float(rng.uniform(0.2, 0.45))
    ang = _angle(rng, 0.3)
    pen = _place(page, rng, box, Lk + Lc + 1, 2 * R1 + 1, ang)
    stations = [(0.0, R2), (Lk, R1)] + ([(Lk + Lc, R1)] if Lc > 0.3 else [])
    dash = _dash(rng)
    fill = _fill(rng, 0.75)
    for i, (x, r) in enumerate(stations):
        if r < 0.02:
            continue
        pen.ellipse(x, 0, k * r, r, -math.pi / 2, math.pi / 2, track=True)
        if i == len(stations) - 1 or rng.random() < 0.5:
            pen.ellipse(x, 0, k * r, r, math.pi / 2, 3 * math.pi / 2, dashes=dash if rng.random() < 0.7 else None)
    for (xa, ra), (xb, rb) in zip(stations, stations[1:]):
        pen.line((xa, ra), (xb, rb), track=True)
        pen.line((xa, -ra), (xb, -rb), track=True)
    if fill:
        outline = [(x, r) for x, r in stations] + [(x, -r) for x, r in reversed(stations)]
        pen.poly(outline, close=True, fill=fill, width=0.1)
    if rng.random() < 0.6:  # coordinate triad
        o = (-0.5, R1 + 0.3)
        pen.arrow(o, (o[0] + 1, o[1]), width=0.5)
        pen.text((o[0] + 1.05, o[1]), "x")
        pen.arrow(o, (o[0], o[1] - 1), width=0.5)
        pen.text((o[0], o[1] - 1.05), "z")
    if rng.random() < 0.5:  # axis
        pen.line((-0.8, 0), (Lk + Lc + 0.8, 0), width=0.4, dashes="[6 2 1 2] 0")
    if rng.random() < 0.4:  # boundary springs
        for y in (-R1 * 0.6, 0.0, R1 * 0.6):
            x = Lk + Lc
            pen.poly([(x + 0.1 * i, y + (0.08 if i % 2 else -0.08)) for i in range(8)], width=0.5)
    _labels(pen, rng, (0, Lk + Lc), (-R1 - 0.5, R1 + 0.5), ["R1", "R2", "L", "α", "h", "x", "θ", "P", "N"])
    pen.commit()


def fam_mesh(page, rng, box):
    """Finite-element style mesh of a body of revolution (rings and generators)."""
    geo = rocket_profile(rng, with_fins=False)
    up = np.array(geo["upper"])
    L = geo["length"]
    ang = _angle(rng, 0.25)
    pen = _place(page, rng, box, L + 1, 2, ang)
    xs = np.linspace(0.02, L, int(rng.integers(8, 40)))
    r = np.interp(xs, up[:, 0], up[:, 1])
    k = float(rng.uniform(0.1, 0.35))
    w = float(rng.uniform(0.2, 0.8))
    fill = _fill(rng, 0.6)
    outline = [tuple(p) for p in up] + [(x, -y) for x, y in up[::-1]]
    pen.poly(outline, close=True, fill=fill, width=w, track=True)
    for x, rr in zip(xs, r):
        pen.ellipse(x, 0, k * rr, rr, -math.pi / 2, math.pi / 2, n=14, width=w)
    for th in np.linspace(0, math.pi, int(rng.integers(4, 14))):
        xx = np.linspace(0, L, 30)
        rr = np.interp(xx, up[:, 0], up[:, 1]) * math.cos(th)
        pen.poly(list(zip(xx + k * np.abs(np.sin(th)) * 0, rr)), width=w)
    _labels(pen, rng, (0, L), (-1.2, 1.2))
    pen.commit()


def fam_penetration(page, rng, box):
    """Projectile (no fins) entering a hatched target slab at an angle."""
    geo = rocket_profile(rng, with_fins=rng.random() < 0.15)
    L = geo["length"]
    x0, y0, w, h = box
    # slab on the right part of the box
    sx = x0 + w * float(rng.uniform(0.45, 0.65))
    sw = w * float(rng.uniform(0.15, 0.35))
    slab = Pen(page, rng)
    slab.poly([(sx, y0 + 0.05 * h), (sx + sw, y0 + 0.05 * h), (sx + sw, y0 + 0.95 * h), (sx, y0 + 0.95 * h)], close=True,
              fill=_fill(rng, 0.6))
    _hatch(slab, sx, y0 + 0.05 * h, sx + sw, y0 + 0.95 * h, float(rng.uniform(4, 10)))
    slab.commit()
    ang = float(rng.uniform(-40, 40))
    a = math.radians(ang)
    s = w * float(rng.uniform(0.4, 0.6)) / (L + 1)
    depth = float(rng.uniform(-0.2, 0.5)) * L
    tipx, tipy = sx + depth * s * math.cos(a), y0 + h / 2 + depth * s * math.sin(a)
    # local frame: nose at origin pointing +x after a 180 rotation
    pen = Pen(page, rng, (tipx, tipy), s, ang + 180)
    geo_m = dict(geo)
    geo_m["upper"] = [(x, y) for x, y in geo["upper"]]
    pen.ox, pen.oy = tipx, tipy
    # nose at local x=0 -> maps to tip; body extends to -x in page (angle+180)
    _draw_rocket(pen, rng, geo, _fill(rng, 0.5), details=rng.random() < 0.5)
    if rng.random() < 0.6:
        pen.arrow((L + 2.5, 0), (L + 0.5, 0), width=0.6)
        pen.text((L + 2.5, -0.3), str(rng.choice(["V0", "v", "θ", "Projectile"])))
    pen.commit()


def fam_hull(page, rng, box):
    """Submarine / cylindrical hull under underwater explosion: hull, sail, tail, charge, shock arcs."""
    L = float(rng.uniform(6, 14))
    R = 0.5
    bow = float(rng.uniform(0.5, 1.5))
    stern = float(rng.uniform(1.5, 3.0))
    up = [(x, R * math.sqrt(max(0, 1 - (1 - x / bow) ** 2))) for x in np.linspace(0, bow, 12)]
    up += [(L - stern, R), (L, 0.08)]
    pen = _place(page, rng, box, L + 1, 5, _angle(rng, 0.1) if rng.random() < 0.3 else 0.0)
    fill = _fill(rng, 0.5)
    pen.poly(up + [(x, -y) for x, y in reversed(up)], close=True, fill=fill, track=True)
    if rng.random() < 0.75:  # sail
        sx = float(rng.uniform(0.2, 0.4)) * L
        pen.poly([(sx, -R * 0.9), (sx + 0.2, -R - 0.6), (sx + 1.0, -R - 0.6), (sx + 1.3, -R * 0.9)], close=True, fill=fill)
    for sgn in (1, -1):  # tail planes
        if rng.random() < 0.8:
            pen.poly([(L - 1.0, sgn * 0.2), (L - 0.4, sgn * 0.6), (L - 0.15, sgn * 0.6), (L - 0.2, sgn * 0.12)], close=True, fill=fill)
    if rng.random() < 0.6:  # free surface
        pen.poly([(x, -2.2 + 0.05 * math.sin(3 * x)) for x in np.linspace(-0.5, L + 0.5, 40)], width=0.6)
    if rng.random() < 0.8:  # charge and shock arcs
        cx = float(rng.uniform(0.2, 0.8)) * L
        cy = float(rng.uniform(1.5, 2.5))
        pen.ellipse(cx, cy, 0.15, 0.15, fill=pen.ink)
        for rr in np.linspace(0.5, cy - 0.2, int(rng.integers(1, 4))):
            pen.ellipse(cx, cy, rr, rr, math.pi * 1.1, math.pi * 1.9, width=0.5, dashes=_dash(rng) if rng.random() < 0.5 else None)
        pen.text((cx + 0.3, cy), str(rng.choice(["Charge", "TNT", "R", "UNDEX"])))
    pen.commit()


def fam_waverider(page, rng, box):
    """Waverider planform and/or side view."""
    x0, y0, w, h = box
    L = 1.0
    span = float(rng.uniform(0.35, 0.8))
    curv = float(rng.uniform(0.0, 0.3))
    views = rng.choice(["plan", "side", "both"])
    if views in ("plan", "both"):
        sub = (x0, y0, w, h / 2) if views == "both" else box
        pen = _place(page, rng, sub, L + 0.1, span + 0.1, _angle(rng, 0.2))
        le = [(x, (span / 2) * (x / L) ** (1 - curv)) for x in np.linspace(0, L, 20)]
        pen.poly(le + [(x, -y) for x, y in reversed(le)], close=True, fill=_fill(rng, 0.5), track=True)
        if rng.random() < 0.5:
            pen.line((0, 0), (L, 0), width=0.5)
        pen.commit()
    if views in ("side", "both"):
        sub = (x0, y0 + h / 2, w, h / 2) if views == "both" else box
        th = float(rng.uniform(0.08, 0.2))
        pen = _place(page, rng, sub, L + 0.1, th * 2, 0.0)
        upper = [(x, -th * 0.3 * x) for x in np.linspace(0, L, 10)]
        lower = [(x, th * (x / L) ** 1.5) for x in np.linspace(L, 0, 20)]
        pen.poly(upper + lower, close=True, fill=_fill(rng, 0.5), track=True)
        pen.commit()


def fam_icons(page, rng, box):
    """Small rocket icons along a flight trajectory (launch, burn, coast, descent) with labels:
    some on a launch rod, some trailing exhaust strokes, one hanging under its parachute."""
    x0, y0, w, h = box
    path = Pen(page, rng)
    apex = (x0 + w * float(rng.uniform(0.3, 0.6)), y0 + h * 0.1)
    base = (x0 + w * 0.15, y0 + h * 0.92)
    end = (x0 + w * 0.9, y0 + h * 0.92)
    curve = [(base[0] + (apex[0] - base[0]) * t, base[1] + (apex[1] - base[1]) * (1 - (1 - t) ** 2)) for t in np.linspace(0, 1, 20)]
    curve += [(apex[0] + (end[0] - apex[0]) * t, apex[1] + (end[1] - apex[1]) * t ** 1.5) for t in np.linspace(0, 1, 20)]
    path.poly(curve, width=0.6, dashes=_dash(rng))
    path.line((x0, base[1] + 2), (x0 + w, base[1] + 2), width=0.8)
    path.commit()
    size = min(w, h) * float(rng.uniform(0.12, 0.22))
    for i, t in enumerate(rng.uniform(0.05, 0.6, int(rng.integers(2, 5)))):
        k = int(t * (len(curve) - 1))
        (ax, ay), (bx, by) = curve[max(k - 1, 0)], curve[min(k + 1, len(curve) - 1)]
        ang = math.degrees(math.atan2(by - ay, bx - ax)) + 180
        geo = rocket_profile(rng)
        L = geo["length"]
        pen = Pen(page, rng, curve[k], size / L, ang)
        _draw_rocket(pen, rng, geo, _fill(rng, 0.6), details=rng.random() < 0.5)
        if i == 0 and rng.random() < 0.4:  # launch rod along the body, standing on a tripod
            y = -0.5 - float(rng.uniform(0.05, 0.3))
            pen.line((-0.3 * L, y), (1.3 * L, y), width=pen.width * 1.5)
            pen.line((1.3 * L, y), (1.45 * L, y + 2.5))
            pen.line((1.3 * L, y), (1.45 * L, y - 2.5))
        if rng.random() < 0.5:  # exhaust strokes fanning out behind the motor
            for dy in rng.uniform(-0.35, 0.35, int(rng.integers(2, 5))):
                tail = float(rng.uniform(0.06, 0.2)) * L
                pen.line((L + 0.1, dy * 0.6), (L + 0.1 + tail, dy * 1.6), width=0.5)
        pen.text((L * 0.5, -1.5), f"{i + 1}.")
        pen.commit()
    if rng.random() < 0.6:  # parachute, often with the recovered rocket hanging nose up under it
        p2 = Pen(page, rng)
        r = size * float(rng.uniform(0.2, 0.4))
        cx, cy = x0 + w * float(rng.uniform(0.6, 0.85)), y0 + h * float(rng.uniform(0.25, 0.5))
        p2.ellipse(cx, cy, r, r * 0.7, math.pi, 2 * math.pi, close=True)
        p2.line((cx - r, cy), (cx, cy + 1.5 * r))
        p2.line((cx + r, cy), (cx, cy + 1.5 * r))
        p2.text((x0 + w * 0.5, y0 + h * 0.08), "Apogee")
        p2.commit()
        if rng.random() < 0.7:
            geo = rocket_profile(rng)
            hung = Pen(page, rng, (cx, cy + 1.5 * r), size / geo["length"], 90.0)
            _draw_rocket(hung, rng, geo, _fill(rng, 0.6), details=False)
            hung.commit()


def fam_render(page, rng, box):
    """Shaded render / photo-like rocket: cylindrical shading, coloured background."""
    geo = rocket_profile(rng)
    L = geo["length"]
    x0, y0, w, h = box
    bg = Pen(page, rng)
    if rng.random() < 0.5:
        c = tuple(float(v) for v in rng.uniform(0.5, 1.0, 3))
        bg.poly([(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)], close=True, fill=c, width=0)
    bg.commit()
    ang = _angle(rng, 0.3)
    span = 1 + 2 * max([0] + [max(p[1] for p in f) for f in geo["fins"]])
    pen = _place(page, rng, box, L + 1, span, ang)
    base = rng.uniform(0.3, 1.0, 3)
    up = np.array(geo["upper"])
    n = 14
    for i in range(n):  # strips across the body give cylindrical shading
        y_a, y_b = -0.5 + i / n, -0.5 + (i + 1) / n
        shade = 0.35 + 0.65 * math.cos((y_a + y_b) / 2 * math.pi * 0.9)
        col = tuple(float(v) for v in np.clip(base * shade, 0, 1))
        xa = float(np.interp(abs(y_a) if abs(y_a) > abs(y_b) else abs(y_b), up[:, 1], up[:, 0])) if max(abs(y_a), abs(y_b)) <= up[:, 1].max() else 0
        pen.poly([(xa, y_a), (L, y_a), (L, y_b), (xa, y_b)], close=True, fill=col, width=0, color=col)
    nose_col = tuple(float(v) for v in rng.uniform(0.1, 1.0, 3))
    pen.poly(list(up) + [(x, -y) for x, y in up[::-1]], close=True, fill=None, width=0.3, color=nose_col, track=True)
    fc = tuple(float(v) for v in rng.uniform(0.1, 0.9, 3))
    for f in geo["fins"]:
        pen.poly(f, close=True, fill=fc, color=fc, width=0.2, track=True)
        pen.poly([(x, -y) for x, y in f], close=True, fill=fc, color=fc, width=0.2, track=True)
    pen.commit()


# --------------------------------------------------------------------------------------------
# negative families

def fam_beam(page, rng, box):
    L = float(rng.uniform(5, 20))
    t = float(rng.uniform(0.3, 1.0))
    pen = _place(page, rng, box, L + 2, 5, 0.0 if rng.random() < 0.8 else _angle(rng, 1))
    pen.poly([(0, -t / 2), (L, -t / 2), (L, t / 2), (0, t / 2)], close=True, fill=_fill(rng), track=True)
    kind = rng.choice(["simple", "cantilever", "fixed"])
    if kind == "simple":
        for x in (0, L):
            pen.poly([(x, t / 2), (x - 0.4, t / 2 + 0.7), (x + 0.4, t / 2 + 0.7)], close=True, fill=_fill(rng))
            pen.line((x - 0.6, t / 2 + 0.75), (x + 0.6, t / 2 + 0.75))
    else:
        for x in ((0,) if kind == "cantilever" else (0, L)):
            pen.line((x, -1.5), (x, 1.5), width=pen.width * 1.5)
            d = -0.3 if x == 0 else 0.3
            for yy in np.linspace(-1.5, 1.3, 8):
                pen.line((x, yy), (x + d, yy + 0.3), width=0.5)
    if rng.random() < 0.7:  # loads
        if rng.random() < 0.5:
            for x in np.linspace(0.3, L - 0.3, int(rng.integers(5, 15))):
                pen.arrow((x, -t / 2 - 1.2), (x, -t / 2), head=0.3, width=0.5)
            pen.line((0.3, -t / 2 - 1.2), (L - 0.3, -t / 2 - 1.2), width=0.5)
            pen.text((L / 2, -t / 2 - 1.4), "q")
        else:
            x = float(rng.uniform(0.2, 1.0)) * L
            pen.arrow((x, -t / 2 - 2), (x, -t / 2), head=0.4)
            pen.text((x + 0.2, -t / 2 - 2), "P")
    if rng.random() < 0.5:
        _dimension(pen, rng, (0, t / 2 + 1.3), (L, t / 2 + 1.3), 0.3)
    pen.commit()


def fam_plate(page, rng, box):
    a, b = float(rng.uniform(1, 4)), float(rng.uniform(1, 3))
    sk = float(rng.uniform(0, 0.8))
    pen = _place(page, rng, box, a + sk + 1, b + 1, 0.0)
    pen.poly([(0, 0), (a, 0), (a + sk, -b * 0.6), (sk, -b * 0.6)], close=True, fill=_fill(rng), track=True)
    if rng.random() < 0.5:
        pen.poly([(0, 0), (a, 0), (a, 0.1), (0, 0.1)], close=True)
    for _ in range(int(rng.integers(0, 6))):
        x = float(rng.uniform(0, a))
        pen.arrow((x + 0.3, -1.2), (x + 0.3, -0.3), width=0.5)
    _labels(pen, rng, (0, a), (-b, 0.3))
    pen.commit()


def _cyl(pen: Pen, rng, L, R, k, fill=None, dashed=True):
    pen.ellipse(0, 0, k * R, R, fill=fill, track=True)
    pen.ellipse(L, 0, k * R, R, -math.pi / 2, math.pi / 2, track=True)
    if dashed:
        pen.ellipse(L, 0, k * R, R, math.pi / 2, 3 * math.pi / 2, dashes=_dash(rng))
    pen.line((0, R), (L, R), track=True)
    pen.line((0, -R), (L, -R), track=True)


def fam_pipe(page, rng, box):
    L = float(rng.uniform(4, 15))
    pen = _place(page, rng, box, L + 2, 3, _angle(rng, 0.2))
    _cyl(pen, rng, L, 0.5, float(rng.uniform(0.15, 0.4)), dashed=rng.random() < 0.5)
    if rng.random() < 0.5:
        _cyl(pen, rng, L, 0.35, 0.25, dashed=False)
    for _ in range(int(rng.integers(0, 3))):
        x = float(rng.uniform(-1.5, L))
        pen.arrow((x, 0), (x + 1.2, 0), width=0.6)
    _labels(pen, rng, (0, L), (-1, 1), ["Inlet", "Outlet", "Flow", "p", "Q", "D", "L"])
    pen.commit()


def fam_cylinder(page, rng, box):
    L = float(rng.uniform(0.8, 5))
    R = 1.0
    pen = _place(page, rng, box, L + 1, 2.6, _angle(rng, 0.2))
    _cyl(pen, rng, L, R, float(rng.uniform(0.2, 0.45)))
    if rng.random() < 0.5:
        pen.line((-0.5, 0), (L + 0.5, 0), width=0.4, dashes="[6 2 1 2] 0")
    if rng.random() < 0.5:
        for y in (-0.6, 0, 0.6):
            pen.arrow((L + 1.2, y), (L + 0.1, y), width=0.5)
    _labels(pen, rng, (0, L), (-1.3, 1.3), ["R", "L", "h", "x", "θ", "P", "z"])
    pen.commit()


def fam_vessel(page, rng, box):
    L = float(rng.uniform(2, 8))
    hd = float(rng.uniform(0.2, 0.5))
    up = [(hd * (1 - math.cos(t)), 0.5 * math.sin(t)) for t in np.linspace(0, math.pi / 2, 10)]
    up += [(hd + L + hd * math.sin(t), 0.5 * math.cos(t)) for t in np.linspace(0, math.pi / 2, 10)]
    pen = _place(page, rng, box, L + 1, 2.5, 0.0 if rng.random() < 0.7 else 90.0)
    pen.poly(up + [(x, -y) for x, y in reversed(up)], close=True, fill=_fill(rng), track=True)
    for x in (hd + 0.2 * L, hd + 0.8 * L):  # saddles
        pen.poly([(x - 0.3, 0.45), (x + 0.3, 0.45), (x + 0.4, 0.9), (x - 0.4, 0.9)], close=True, fill=_fill(rng))
    for _ in range(int(rng.integers(0, 3))):  # nozzles
        x = float(rng.uniform(hd, hd + L))
        pen.poly([(x - 0.1, -0.5), (x - 0.1, -0.8), (x + 0.1, -0.8), (x + 0.1, -0.5)])
    pen.commit()


def fam_bolt(page, rng, box):
    L = float(rng.uniform(3, 10))
    pen = _place(page, rng, box, L + 1.5, 2, _angle(rng, 0.3))
    pen.poly([(0, -0.8), (0.7, -0.8), (0.7, 0.8), (0, 0.8)], close=True, fill=_fill(rng), track=True)
    pen.poly([(0.7, -0.4), (L, -0.4), (L + 0.2, -0.2), (L + 0.2, 0.2), (L, 0.4), (0.7, 0.4)], close=True, track=True)
    for x in np.arange(L * 0.4, L, 0.25):
        pen.line((x, -0.4), (x + 0.12, 0.4), width=0.4)
    pen.commit()


def fam_arrow(page, rng, box):
    """Block arrows of process diagrams and double-headed span arrows: a pointed end on a long
    shaft, but the head is wider than the shaft (a rocket's nose never is). Pencils are left
    out on purpose: their outline is a finless cone-nosed projectile's."""
    L = float(rng.uniform(4, 14))
    kind = rng.choice(["arrow", "double", "chevron"])
    pen = _place(page, rng, box, L + 1, 2, _angle(rng, 0.4))
    w = float(rng.uniform(0.15, 0.5))
    head = float(rng.uniform(0.6, 1.6))
    if kind == "arrow":
        pen.poly([(0, 0), (head, 0.7), (head, w), (L, w), (L, -w), (head, -w), (head, -0.7)], close=True, fill=_fill(rng), track=True)
    elif kind == "double":
        pen.poly([(0, 0), (head, 0.7), (head, w), (L - head, w), (L - head, 0.7), (L, 0), (L - head, -0.7),
                  (L - head, -w), (head, -w), (head, -0.7)], close=True, fill=_fill(rng), track=True)
    else:  # chevron-tailed block arrow
        pen.poly([(0, 0), (head, 0.7), (L, 0.7), (L - head, 0), (L, -0.7), (head, -0.7)], close=True, fill=_fill(rng), track=True)
    _labels(pen, rng, (head, L), (-0.3, 0.3), WORDS + UML_WORDS, int(rng.integers(0, 2)))
    pen.commit()


def fam_aircraft(page, rng, box):
    """Aircraft top or side view: fuselage with big mid wings, tailplane and fin."""
    L = float(rng.uniform(6, 14))
    R = 0.5
    ln = float(rng.uniform(1, 2.5))
    up = _nose_profile(str(rng.choice(["ogive", "ellipse", "cone"])), ln, R)
    up += [(L * 0.75, R), (L, 0.15)]
    span = float(rng.uniform(2.5, 6))
    xw = float(rng.uniform(0.3, 0.5)) * L
    cw = float(rng.uniform(1.2, 3.0))
    sw = float(rng.uniform(0, 2))
    view = rng.choice(["top", "side"])
    pen = _place(page, rng, box, L + 1, 2 * span if view == "top" else 3, _angle(rng, 0.2))
    fill = _fill(rng)
    pen.poly(up + [(x, -y) for x, y in reversed(up)], close=True, fill=fill, track=True)
    if view == "top":
        for s in (1, -1):
            pen.poly([(xw, s * R), (xw + sw, s * span), (xw + sw + cw * 0.35, s * span), (xw + cw, s * R)], close=True, fill=fill, track=True)
            pen.poly([(L - 1.2, s * 0.2), (L - 0.6, s * span * 0.35), (L - 0.3, s * span * 0.35), (L - 0.1, s * 0.15)], close=True, fill=fill)
    else:
        pen.poly([(L - 1.6, -R), (L - 0.5, -R - 1.8), (L - 0.1, -R - 1.8), (L, -0.15)], close=True, fill=fill, track=True)
        pen.poly([(xw, 0.1), (xw + cw, 0.1), (xw + cw, 0.25), (xw, 0.25)], close=True)
        pen.ellipse(ln * 1.2, -R * 0.7, 0.6, 0.2)
    pen.commit()


def fam_fin(page, rng, box):
    cr = float(rng.uniform(1, 3))
    ct = cr * float(rng.uniform(0, 0.8))
    s = float(rng.uniform(0.6, 2))
    sw = float(rng.uniform(0, cr))
    pen = _place(page, rng, box, cr + sw + 1, s + 1, _angle(rng, 0.1))
    if rng.random() < 0.35:  # elliptical planform
        pts = [(cr / 2 - cr / 2 * math.cos(t), -s * math.sin(t)) for t in np.linspace(0, math.pi, 30)]
        pen.poly(pts, close=True, fill=_fill(rng), track=True)
    else:
        pen.poly([(0, 0), (sw, -s), (sw + ct, -s), (cr, 0)], close=True, fill=_fill(rng), track=True)
    if rng.random() < 0.5:  # root line / body surface
        pen.line((-0.4 * cr, 0), (1.4 * cr, 0), width=pen.width * 1.5)
    if rng.random() < 0.6:
        _dimension(pen, rng, (0, 0.3), (cr, 0.3), 0.2)
        pen.text((sw + ct + 0.1, -s / 2), str(rng.choice(["Cr", "Ct", "s", "b", "Λ"])))
    pen.commit()


def fam_airfoil(page, rng, box):
    t = float(rng.uniform(0.08, 0.2))
    m = float(rng.uniform(0, 0.06))
    xs = (1 - np.cos(np.linspace(0, math.pi, 40))) / 2
    yt = 5 * t * (0.2969 * np.sqrt(xs) - 0.126 * xs - 0.3516 * xs ** 2 + 0.2843 * xs ** 3 - 0.1015 * xs ** 4)
    yc = m * (2 * 0.4 * xs - xs ** 2) / 0.16
    pen = _place(page, rng, box, 1.3, 0.6, float(rng.uniform(-15, 15)))
    pts = [(x, -(c + y)) for x, y, c in zip(xs, yt, yc)] + [(x, -(c - y)) for x, y, c in zip(xs[::-1], yt[::-1], yc[::-1])]
    pen.poly(pts, close=True, fill=_fill(rng), track=True)
    if rng.random() < 0.6:
        pen.line((0, 0), (1, 0), width=0.4, dashes=_dash(rng))
        pen.arrow((-0.4, 0.1), (-0.05, 0.02), width=0.5)
    pen.commit()


def fam_flowchart(page, rng, box):
    x0, y0, w, h = box
    pen = Pen(page, rng)
    n = int(rng.integers(3, 9))
    cols = int(rng.integers(1, 4))
    rows = int(math.ceil(n / cols))
    bw, bh = w / cols * 0.7, h / rows * 0.5
    centres = []
    for i in range(n):
        cx = x0 + (i % cols + 0.5) * w / cols
        cy = y0 + (i // cols + 0.5) * h / rows
        centres.append((cx, cy))
        if rng.random() < 0.8:
            pen.poly([(cx - bw / 2, cy - bh / 2), (cx + bw / 2, cy - bh / 2), (cx + bw / 2, cy + bh / 2), (cx - bw / 2, cy + bh / 2)],
                     close=True, fill=_fill(rng, 0.6))
        else:
            pen.ellipse(cx, cy, bw / 2, bh / 2, fill=_fill(rng, 0.6))
        pen.text((cx - bw * 0.4, cy + 3), str(rng.choice(UML_WORDS)), size=float(min(10, max(5, bh * 0.35))))
        if rng.random() < 0.4:
            pen.line((cx - bw / 2, cy - bh * 0.1), (cx + bw / 2, cy - bh * 0.1), width=0.5)
    for a, b in zip(centres, centres[1:]):
        pen.arrow(a, b, head=5, width=0.6)
    pen.commit()


def fam_blocks(page, rng, box):
    """Digital-logic / hardware block diagram: wide boxes with pins, long wires and bus labels."""
    x0, y0, w, h = box
    pen = Pen(page, rng)
    for _ in range(int(rng.integers(1, 4))):
        bw, bh = w * float(rng.uniform(0.15, 0.4)), h * float(rng.uniform(0.1, 0.35))
        bx, by = x0 + float(rng.uniform(0, w - bw)), y0 + float(rng.uniform(0, h - bh))
        pen.poly([(bx, by), (bx + bw, by), (bx + bw, by + bh), (bx, by + bh)], close=True, fill=_fill(rng, 0.7))
        for k in range(int(rng.integers(1, 5))):
            yy = by + bh * (k + 1) / 6
            side = rng.random() < 0.5
            xa = bx if side else bx + bw
            xb = x0 if side else x0 + w
            col = (0.5, 0, 0.6) if rng.random() < 0.3 else pen.ink
            pen.line((xa, yy), (xb * 0.3 + xa * 0.7, yy), width=float(rng.uniform(0.5, 2.5)), color=col)
            pen.text((xa + (3 if side else -40), yy + 3), str(rng.choice(["clk", "q[3..0]", "Data_In[3..0]", "rst", "en", "Master_Out"])), size=6)
        pen.text((bx + 3, by + bh - 3), str(rng.choice(["inst31", "inst3", "U2", "FSM"])), size=6)
    pen.commit()


def fam_scanpage(page, rng, box):
    """Fragment of a scanned page: text lines, page border shadow, rules, page number, speckle."""
    x0, y0, w, h = box
    pen = Pen(page, rng)
    for k in range(int(rng.integers(0, 25))):
        y = y0 + 8 + k * 11
        if y > y0 + h - 5:
            break
        pen.text((x0 + float(rng.uniform(5, 30)), y), " ".join(str(v) for v in rng.choice(WORDS, int(rng.integers(2, 9)))), size=8)
    for _ in range(int(rng.integers(1, 4))):  # dark page edges / scan shadows: ragged bars
        t = float(rng.uniform(1, 15))
        f0, f1 = sorted(rng.uniform(0, 1, 2) * [0.4, 1] + [0, 0.6 * (rng.random() < 0.7)])
        xs = np.linspace(x0 + f0 * w, x0 + min(1.0, f1 + 0.4) * w, 40)
        side = int(rng.integers(0, 2))
        yb = y0 + h if side else y0
        inner = [(x, yb - (1 if side else -1) * t * float(rng.uniform(0.5, 1.0))) for x in xs]
        outer = [(x, yb) for x in xs[::-1]]
        if rng.random() < 0.5:  # vertical bar instead
            inner = [(x0 + (y - y0) / h * 0 + t * float(rng.uniform(0.5, 1.0)), y) for y in np.linspace(y0, y0 + h, 40)]
            outer = [(x0, y) for y in np.linspace(y0 + h, y0, 40)]
        pen.poly(inner + outer, close=True, fill=(0.05, 0.05, 0.05), width=0)
    for _ in range(int(rng.integers(0, 3))):
        y = y0 + float(rng.uniform(0.1, 0.95)) * h
        pen.line((x0 + float(rng.uniform(0, 0.3)) * w, y), (x0 + float(rng.uniform(0.6, 1)) * w, y), width=float(rng.uniform(0.5, 2)))
    pen.text((x0 + w / 2, y0 + h - 8), str(int(rng.integers(1, 99))), size=8)
    for _ in range(int(rng.integers(0, 200))):
        px, py = x0 + float(rng.uniform(0, w)), y0 + float(rng.uniform(0, h))
        pen.ellipse(px, py, 0.4, 0.4, n=5, fill=(0, 0, 0), width=0)
    pen.commit()


def _axes(pen: Pen, rng, box, xlabels=True):
    x0, y0, w, h = box
    ax0, ay1 = x0 + 0.15 * w, y0 + 0.85 * h
    ax1, ay0 = x0 + 0.95 * w, y0 + 0.05 * h
    frame = rng.random() < 0.5
    if frame:
        pen.poly([(ax0, ay0), (ax1, ay0), (ax1, ay1), (ax0, ay1)], close=True, width=0.6)
    else:
        pen.line((ax0, ay1), (ax1, ay1), width=0.6)
        pen.line((ax0, ay1), (ax0, ay0), width=0.6)
    nt = int(rng.integers(4, 9))
    v0, dv = float(rng.choice([0, 0, -1, 10, 100])), float(rng.choice([0.1, 0.2, 0.5, 1, 2, 5, 10, 50]))
    grid = rng.random() < 0.3
    for i in range(nt):
        x = ax0 + (ax1 - ax0) * i / (nt - 1)
        pen.line((x, ay1), (x, ay1 - 3), width=0.5)
        if grid:
            pen.line((x, ay1), (x, ay0), width=0.2, dashes="[1 1] 0")
        if xlabels:
            pen.text((x - 4, ay1 + 9), f"{v0 + dv * i:g}", size=7)
    for i in range(nt):
        y = ay1 - (ay1 - ay0) * i / (nt - 1)
        pen.line((ax0, y), (ax0 + 3, y), width=0.5)
        if grid:
            pen.line((ax0, y), (ax1, y), width=0.2, dashes="[1 1] 0")
        pen.text((ax0 - 22, y + 2), f"{dv * i:g}", size=7)
    if rng.random() < 0.7:
        pen.text(((ax0 + ax1) / 2, ay1 + 18), str(rng.choice(["Time (s)", "x/L", "Mach", "Iteration", "Altitude"])), size=8)
    return ax0, ay0, ax1, ay1


def fam_lineplot(page, rng, box):
    pen = Pen(page, rng)
    ax0, ay0, ax1, ay1 = _axes(pen, rng, box)
    for _ in range(int(rng.integers(1, 5))):
        xs = np.linspace(ax0, ax1, 60)
        f = rng.choice(["exp", "sin", "poly", "step"])
        t = np.linspace(0, 1, 60)
        y = {"exp": np.exp(-3 * t * rng.uniform(0.5, 2)), "sin": 0.5 + 0.4 * np.sin(t * rng.uniform(3, 15)),
             "poly": t ** rng.uniform(0.5, 3), "step": (t > rng.uniform(0.2, 0.8)) * 0.8 + 0.1}[f]
        col = tuple(float(v) for v in rng.uniform(0, 1, 3))
        pen.poly(list(zip(xs, ay1 - y * (ay1 - ay0) * 0.9)), width=float(rng.uniform(0.5, 1.5)), color=col,
                 dashes=_dash(rng) if rng.random() < 0.3 else None)
    if rng.random() < 0.5:  # legend
        lx, ly = ax1 - 60, ay0 + 5
        pen.poly([(lx, ly), (ax1 - 5, ly), (ax1 - 5, ly + 25), (lx, ly + 25)], close=True, width=0.4)
        pen.text((lx + 20, ly + 10), "model", size=6)
        pen.text((lx + 20, ly + 20), "data", size=6)
    pen.commit()


def fam_barplot(page, rng, box):
    pen = Pen(page, rng)
    ax0, ay0, ax1, ay1 = _axes(pen, rng, box, xlabels=rng.random() < 0.5)
    n = int(rng.integers(3, 12))
    bw = (ax1 - ax0) / n * 0.6
    for i in range(n):
        x = ax0 + (i + 0.2) * (ax1 - ax0) / n
        hh = float(rng.uniform(0.1, 0.9)) * (ay1 - ay0)
        pen.poly([(x, ay1), (x + bw, ay1), (x + bw, ay1 - hh), (x, ay1 - hh)], close=True, fill=_fill(rng, 0.1))
    pen.commit()


def fam_scatter(page, rng, box):
    pen = Pen(page, rng)
    ax0, ay0, ax1, ay1 = _axes(pen, rng, box)
    for _ in range(int(rng.integers(20, 120))):
        x, y = rng.uniform(ax0 + 3, ax1 - 3), rng.uniform(ay0 + 3, ay1 - 3)
        pen.ellipse(x, y, 1.5, 1.5, n=8, fill=pen.ink, width=0.3)
    pen.commit()


def fam_table(page, rng, box):
    x0, y0, w, h = box
    pen = Pen(page, rng)
    r, c = int(rng.integers(3, 10)), int(rng.integers(2, 7))
    full = rng.random() < 0.5
    for i in range(r + 1):
        if full or i in (0, 1, r):
            pen.line((x0, y0 + i * h / r), (x0 + w, y0 + i * h / r), width=0.5)
    if full:
        for j in range(c + 1):
            pen.line((x0 + j * w / c, y0), (x0 + j * w / c, y0 + h), width=0.5)
    for i in range(r):
        for j in range(c):
            t = f"{rng.uniform(0, 1000):.{int(rng.integers(0, 3))}f}" if (i > 0 and j > 0) else str(rng.choice(WORDS + ROCKET_WORDS))
            pen.text((x0 + j * w / c + 3, y0 + (i + 0.7) * h / r), t, size=float(min(9, h / r * 0.6)))
    pen.commit()


def fam_circuit(page, rng, box):
    x0, y0, w, h = box
    pen = Pen(page, rng)
    for _ in range(int(rng.integers(3, 8))):
        ya = y0 + float(rng.uniform(0.1, 0.9)) * h
        xa, xb = sorted(rng.uniform(x0, x0 + w, 2))
        pen.line((xa, ya), (xb, ya))
        xm = (xa + xb) / 2
        if rng.random() < 0.5:  # resistor zigzag
            pen.poly([(xm - 10 + 2.5 * i, ya + (3 if i % 2 else -3)) for i in range(9)], width=pen.width)
        else:  # capacitor
            pen.line((xm - 2, ya - 6), (xm - 2, ya + 6))
            pen.line((xm + 2, ya - 6), (xm + 2, ya + 6))
        pen.line((xb, ya), (xb, ya + float(rng.uniform(-0.3, 0.3)) * h))
        pen.text((xm - 5, ya - 8), str(rng.choice(["R1", "R2", "C1", "Vcc", "GND", "U1"])), size=7)
    pen.commit()


def fam_network(page, rng, box):
    x0, y0, w, h = box
    pen = Pen(page, rng)
    layers = [int(rng.integers(2, 7)) for _ in range(int(rng.integers(3, 6)))]
    pos = []
    r = min(w / len(layers), h / max(layers)) * 0.18
    for i, n in enumerate(layers):
        pos.append([(x0 + (i + 0.5) * w / len(layers), y0 + (j + 0.5) * h / n) for j in range(n)])
    for a, b in zip(pos, pos[1:]):
        for p in a:
            for q in b:
                pen.line(p, q, width=0.3)
    for layer in pos:
        for p in layer:
            pen.ellipse(p[0], p[1], r, r, fill=_fill(rng, 0.3) or (1, 1, 1))
    pen.commit()


def fam_contour(page, rng, box):
    x0, y0, w, h = box
    pen = Pen(page, rng)
    cx, cy = x0 + w * rng.uniform(0.3, 0.7), y0 + h * rng.uniform(0.3, 0.7)
    for s in np.linspace(1, 0.1, int(rng.integers(5, 12))):
        col = tuple(float(v) for v in (s, 0.3 + 0.5 * (1 - s), 1 - s))
        pen.ellipse(cx, cy, w * 0.6 * s, h * 0.4 * s * rng.uniform(0.8, 1.2), fill=col, color=col, width=0.1)
    pen.commit()
    if rng.random() < 0.5:
        _axes(Pen(page, rng), rng, box)


def fam_photo(page, rng, box):
    """Photo-like scene inserted as an image: textured regions, shelves, tube-like objects in hand."""
    x0, y0, w, h = box
    W, H = max(8, int(w * ZOOM)), max(8, int(h * ZOOM))
    img = rng.normal(128, 60, (max(4, H // 8), max(4, W // 8), 3))
    img = cv2.resize(np.clip(img, 0, 255).astype(np.uint8), (W, H), interpolation=cv2.INTER_CUBIC)
    img = cv2.GaussianBlur(img, (0, 0), float(rng.uniform(1, 6)))
    if rng.random() < 0.5:  # room: floor, wall, shelves
        horizon = int(H * rng.uniform(0.3, 0.7))
        img[:horizon] = (img[:horizon] * 0.3 + np.array(rng.integers(100, 255, 3)) * 0.7).astype(np.uint8)
        for _ in range(int(rng.integers(0, 6))):
            a, b = int(rng.integers(0, W)), int(rng.integers(0, H))
            cv2.rectangle(img, (a, b), (a + int(rng.integers(10, W // 2 + 11)), b + int(rng.integers(10, H // 2 + 11))),
                          tuple(int(v) for v in rng.integers(0, 255, 3)), -1)
    for _ in range(int(rng.integers(0, 3))):  # tube / housing objects with clutter on them
        c = tuple(int(v) for v in rng.integers(0, 255, 3))
        cx, cy = int(W * rng.uniform(0.3, 0.7)), int(H * rng.uniform(0.3, 0.7))
        L, R = int(max(W, H) * rng.uniform(0.2, 0.45)), int(min(W, H) * rng.uniform(0.06, 0.2))
        ang = float(rng.choice([0, 90, rng.uniform(0, 180)]))
        box_pts = cv2.boxPoints(((cx, cy), (2 * L, 2 * R), ang)).astype(np.int32)
        cv2.fillPoly(img, [box_pts], c)
        for _ in range(int(rng.integers(0, 8))):
            px, py = int(cx + rng.uniform(-L, L) * 0.7), int(cy + rng.uniform(-R, R) * 0.7)
            cv2.rectangle(img, (px, py), (px + int(rng.integers(3, 15)), py + int(rng.integers(3, 15))),
                          tuple(int(v) for v in rng.integers(0, 255, 3)), -1)
    if rng.random() < 0.4:  # portrait: head, shoulders, a tie (smooth, elongated, pointed)
        skin, suit = tuple(int(v) for v in rng.integers(120, 230, 3)), tuple(int(v) for v in rng.integers(10, 90, 3))
        cx = int(W * rng.uniform(0.35, 0.65))
        head = (cx, int(H * 0.35)), (int(W * 0.16), int(H * 0.2))
        cv2.fillPoly(img, [np.array([(cx - W // 2, H), (cx - W // 5, int(H * 0.6)), (cx + W // 5, int(H * 0.6)),
                                     (cx + W // 2, H)], np.int32)], suit)
        cv2.ellipse(img, head[0], head[1], 0, 0, 360, skin, -1)
        tie = tuple(int(v) for v in rng.integers(40, 200, 3))
        cv2.fillPoly(img, [np.array([(cx - W // 40, int(H * 0.6)), (cx + W // 40, int(H * 0.6)), (cx + W // 25, int(H * 0.95)),
                                     (cx, H), (cx - W // 25, int(H * 0.95))], np.int32)], tie)
        img = cv2.GaussianBlur(img, (0, 0), float(rng.uniform(0.5, 2)))
    img = np.clip(img.astype(np.int16) + rng.normal(0, rng.uniform(3, 10), img.shape), 0, 255).astype(np.uint8)  # sensor noise
    ok, png = cv2.imencode(".png", img)
    page.insert_image(pymupdf.Rect(x0, y0, x0 + w, y0 + h), stream=png.tobytes())


def fam_rocket_photo(page, rng, box):
    """Photo of a model rocket outdoors: sky and textured ground, the rocket standing on its rail
    or lying in the grass, shaded across its body, with sensor noise (inserted as an image)."""
    x0, y0, w, h = box
    W, H = max(8, int(w * ZOOM)), max(8, int(h * ZOOM))
    horizon = int(H * rng.uniform(0.3, 0.75))
    sky_top, sky_low = rng.uniform([60, 110, 170], [150, 190, 255]), rng.uniform([150, 180, 200], [230, 235, 255])
    t = np.linspace(0, 1, H)[:, None, None]
    img = (sky_top * (1 - t) + sky_low * t) * np.ones((1, W, 3))
    ground = rng.uniform([40, 70, 20], [140, 160, 90])
    texture = cv2.resize(rng.normal(0, 35, (max(2, H // 3), max(2, W // 3), 3)), (W, H), interpolation=cv2.INTER_NEAREST)
    img[horizon:] = ground + texture[horizon:]
    for _ in range(int(rng.integers(0, 4))):  # trees and buildings on the horizon
        a, bw = int(rng.integers(0, W)), int(rng.integers(W // 20 + 1, W // 4 + 2))
        cv2.rectangle(img, (a, horizon - int(rng.integers(2, H // 6 + 3))), (a + bw, horizon), tuple(float(v) for v in rng.uniform(20, 90, 3)), -1)
    geo = rocket_profile(rng, with_fins=True)
    L = geo["length"]
    standing = rng.random() < 0.6
    ang = 90.0 + float(rng.uniform(-8, 8)) if standing else float(rng.uniform(-25, 25)) + (180.0 if rng.random() < 0.5 else 0.0)
    size = (H if standing else W) * float(rng.uniform(0.45, 0.85))
    k = size / (L + 1)
    a = math.radians(ang)
    cx, cy = W * float(rng.uniform(0.35, 0.65)), (H * 0.5 if standing else horizon + (H - horizon) * float(rng.uniform(0.3, 0.7)))
    ox, oy = cx - k * L / 2 * math.cos(a), cy - k * L / 2 * math.sin(a)

    def to_img(pts):
        return np.array([(ox + k * (x * math.cos(a) - y * math.sin(a)), oy + k * (x * math.sin(a) + y * math.cos(a))) for x, y in pts])

    body = to_img(_rocket_outline(geo))
    fins = [to_img(f) for f in geo["fins"]] + [to_img([(x, -y) for x, y in f]) for f in geo["fins"]]
    if standing and rng.random() < 0.7:  # launch rail and stand
        rx, ry = ox + k * 0.7 * math.cos(a + math.pi / 2), oy
        cv2.line(img, (int(rx), int(ry - k)), (int(rx), int(cy + k * L / 2 + k)), (40, 40, 45), max(1, int(k * 0.15)))
    mask = np.zeros((H, W), np.uint8)
    cv2.fillPoly(mask, [body.astype(np.int32)], 1)
    yy, xx = np.mgrid[0:H, 0:W]
    across = ((xx - ox) * -math.sin(a) + (yy - oy) * math.cos(a)) / max(k * 0.5, 1e-6)  # -1..1 over the body
    shade = np.clip(0.55 + 0.45 * np.cos(np.clip(across, -1, 1) * math.pi * 0.45 - 0.3), 0, 1)[:, :, None]
    colour = rng.uniform([170, 170, 170], [255, 255, 255]) if rng.random() < 0.6 else rng.uniform(30, 255, 3)
    img = np.where(mask[:, :, None] > 0, colour * shade, img)
    nose = to_img(_rocket_outline(dict(upper=[p for p in geo["upper"] if p[0] <= geo["ln"]] + [(geo["ln"], 0.5)])))
    if rng.random() < 0.6:  # nose cone in its own colour
        cv2.fillPoly(img, [nose.astype(np.int32)], tuple(float(v) for v in rng.uniform(0, 255, 3)))
    fin_colour = tuple(float(v) for v in rng.uniform(0, 200, 3))
    for f in fins:
        cv2.fillPoly(img, [f.astype(np.int32)], fin_colour)
    img = cv2.GaussianBlur(np.clip(img, 0, 255).astype(np.uint8), (0, 0), float(rng.uniform(0.4, 1.5)))
    img = np.clip(img.astype(np.int16) + rng.normal(0, rng.uniform(3, 10), img.shape), 0, 255).astype(np.uint8)
    tracker = Pen(page, rng)  # the body's box, in page points, for the labels
    tracker.pts_drawn = [(x0 + px / ZOOM, y0 + py / ZOOM) for px, py in np.vstack([body] + fins)]
    ok, png = cv2.imencode(".jpg", cv2.cvtColor(img, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(60, 92))])
    page.insert_image(pymupdf.Rect(x0, y0, x0 + w, y0 + h), stream=png.tobytes())


def _film(rng, W: int, H: int) -> tuple[np.ndarray, float, float]:
    """Shadowgraph / schlieren film: an even field with uneven lighting and grain (grey, 0-255);
    returns the field, its tone and the grain strength."""
    tone = float(rng.uniform(40, 200))
    light = cv2.resize(rng.normal(0, 12, (3, 3)), (W, H), interpolation=cv2.INTER_CUBIC)
    grain = float(rng.uniform(6, 28))
    noise = cv2.GaussianBlur(rng.normal(0, grain, (H, W)), (0, 0), float(rng.uniform(0.4, 1.2)))
    return tone + light + noise, tone, grain


def _film_marks(rng, img: np.ndarray, tone: float) -> None:
    """Fiducial dots, shock and wake curves across the field (drawn in place)."""
    H, W = img.shape
    bright = float(np.clip(tone + rng.choice([-1, 1]) * rng.uniform(50, 110), 0, 255))
    if rng.random() < 0.6:
        step = int(max(W, H) * rng.uniform(0.12, 0.25))
        for y in range(step // 2, H, step):
            for x in range(step // 2, W, step):
                cv2.circle(img, (x, y), max(1, step // 30), bright, -1)
    for _ in range(int(rng.integers(0, 4))):  # oblique waves and turbulence lines
        a, b = (int(rng.integers(0, W)), int(rng.integers(0, H))), (int(rng.integers(0, W)), int(rng.integers(0, H)))
        cv2.line(img, a, b, bright, 1)


def _bow_shock(rng, blunt: bool, reach: float = 2.5) -> list[tuple[float, float]]:
    """A detached bow shock in body widths, nose tip at x = 0 and the flow along +x: a hyperbola
    standing off ahead of the tip, curved round it, whose arms sweep back downstream towards
    the wave angle (a blunt nose holds it further off and flatter than a pointed one)."""
    standoff = float(rng.uniform(0.04, 0.25)) if blunt else float(rng.uniform(0.0, 0.08))
    curvature = float(rng.uniform(0.5, 1.3)) if blunt else float(rng.uniform(0.15, 0.5))
    slope = math.tan(math.radians(float(rng.uniform(18, 45))))  # the wave angle far from the body
    return [(-standoff + curvature / slope ** 2 * (math.sqrt(1 + (t * slope / curvature) ** 2) - 1), t)
            for t in np.linspace(-reach, reach, 60)]


def _to_page(page, box, grey: np.ndarray, rng) -> None:
    """Insert a film as a greyscale JPEG; some are scanned prints, with a paper margin whose
    edge the scan has softened."""
    if rng.random() < 0.4:
        H, W = grey.shape
        margin = float(rng.uniform(0.01, 0.06)) * min(H, W)
        ramp = float(rng.uniform(1.0, 6.0))
        yy, xx = np.mgrid[0:H, 0:W]
        edge = np.minimum(np.minimum(yy, H - 1 - yy), np.minimum(xx, W - 1 - xx))
        film = np.clip((edge - margin) / ramp, 0.0, 1.0)
        grey = film * grey + (1 - film) * float(rng.uniform(225, 255))
    img = np.clip(grey, 0, 255).astype(np.uint8)
    ok, jpg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(50, 90))])
    x0, y0, w, h = box
    page.insert_image(pymupdf.Rect(x0, y0, x0 + w, y0 + h), stream=jpg.tobytes())


def fam_shadowgraph(page, rng, box):
    """Shadowgraph of a projectile in flight: an even dark (or light) body on grainy film, a bow
    shock ahead of the nose, wake lines and fiducial dots (inserted as a greyscale image)."""
    x0, y0, w, h = box
    W, H = max(8, int(w * ZOOM)), max(8, int(h * ZOOM))
    img, tone, grain = _film(rng, W, H)
    blunt = rng.random() < 0.4
    ln = float(rng.uniform(0.4, 0.7)) if blunt else float(rng.uniform(0.8, 3.0))
    nose = _nose_profile("ellipse" if blunt else str(rng.choice(["ogive", "cone", "haack", "power"])), ln, 0.5, 20)
    L = ln + float(rng.uniform(0.6, 4.0))
    upper = nose + [(L, 0.5)]
    if rng.random() < 0.3:
        upper = upper[:-1] + [(L - 0.3, 0.5), (L, 0.4)]
    ang = float(rng.choice([0.0, 180.0, 90.0, -90.0])) + float(rng.uniform(-10, 10))
    # body width: from a small projectile far off in a wide field (with its shock and wake) to
    # one filling the film
    k = min(W, H) * math.exp(float(rng.uniform(math.log(0.12), math.log(0.7))))
    if 45 <= ang % 180 <= 135:
        k = min(k, min(W, H) * 0.5)
    k = min(k, max(W, H) * 0.8 / L)
    a = math.radians(ang)
    cx, cy = W * float(rng.uniform(0.4, 0.6)), H * float(rng.uniform(0.4, 0.6))
    ox, oy = cx - k * L / 2 * math.cos(a), cy - k * L / 2 * math.sin(a)
    def to_img(pts):
        return np.array([(ox + k * (x * math.cos(a) - y * math.sin(a)), oy + k * (x * math.sin(a) + y * math.cos(a))) for x, y in pts])
    _film_marks(rng, img, tone)
    shock = to_img(_bow_shock(rng, blunt)).astype(np.int32)
    cv2.polylines(img, [shock], False, float(np.clip(tone + rng.uniform(-90, 90), 0, 255)), max(1, int(k * 0.02)))
    body = to_img(upper + [(x, -y) for x, y in reversed(upper)])
    level = float(np.clip(tone + rng.choice([-1, 1]) * rng.uniform(10, 90), 0, 255))
    cv2.fillPoly(img, [body.astype(np.int32)], level)  # the body blocks the light: even, no grain
    if rng.random() < 0.5:  # diffraction fringe: a thin bright or dark line along the body's edge
        fringe = float(np.clip(tone + rng.choice([-1, 1]) * rng.uniform(40, 110), 0, 255))
        cv2.polylines(img, [body.astype(np.int32)], True, fringe, max(1, int(k * 0.015)))
    img = cv2.GaussianBlur(img, (0, 0), 0.7)
    if rng.random() < 0.4:  # a scanned print: the scan's own grain lies over the body too
        img = img + cv2.GaussianBlur(rng.normal(0, grain * 0.5, img.shape), (0, 0), 0.8)
    tracker = Pen(page, rng)
    tracker.pts_drawn = [(x0 + px / ZOOM, y0 + py / ZOOM) for px, py in body]
    _to_page(page, box, img, rng)


def fam_flow_film(page, rng, box):
    """The same film with spheres, wedges, plates, cylinders in cross-flow, droplets or jets and
    their shocks, but no projectile (hard negative for shadowgraphs)."""
    x0, y0, w, h = box
    W, H = max(8, int(w * ZOOM)), max(8, int(h * ZOOM))
    img, tone, grain = _film(rng, W, H)
    _film_marks(rng, img, tone)
    level = float(np.clip(tone + rng.choice([-1, 1]) * rng.uniform(10, 90), 0, 255))
    cx, cy, r = int(W * rng.uniform(0.3, 0.7)), int(H * rng.uniform(0.3, 0.7)), int(min(W, H) * rng.uniform(0.08, 0.25))
    kind = str(rng.choice(["sphere", "wedge", "plate", "droplets", "jet", "none"]))
    if kind == "sphere":
        cv2.circle(img, (cx, cy), r, level, -1)
    elif kind == "wedge":
        cv2.fillPoly(img, [np.array([(cx - r, cy), (cx + r, cy - r // 2), (cx + r, cy + r // 2)], np.int32)], level)
    elif kind == "plate":
        cv2.rectangle(img, (cx - r // 6, cy - r), (cx + r // 6, cy + r), level, -1)
    elif kind == "droplets":
        for _ in range(int(rng.integers(3, 15))):
            cv2.circle(img, (int(rng.integers(0, W)), int(rng.integers(0, H))), int(rng.integers(2, max(3, r // 2))), level, -1)
    elif kind == "jet":  # a plume spreading from a nozzle exit: a cone of turbulence, not a body
        pts = np.array([(0, cy - r // 4), (W, cy - 2 * r), (W, cy + 2 * r), (0, cy + r // 4)], np.int32)
        plume = np.zeros_like(img)
        cv2.fillPoly(plume, [pts], 1.0)
        img += plume * rng.normal(0, 2 * grain, img.shape)
    if kind in ("sphere", "wedge", "plate") and rng.random() < 0.7:  # the flow comes from the left
        shock = [(cx - r + 2 * r * x, cy + 2 * r * t) for x, t in _bow_shock(rng, kind != "wedge")]
        cv2.polylines(img, [np.array(shock, np.int32)], False, float(np.clip(tone + rng.uniform(-90, 90), 0, 255)), 1)
    _to_page(page, box, cv2.GaussianBlur(img, (0, 0), 0.7), rng)


def _rocket_outline(geo: dict) -> list[tuple[float, float]]:
    up = geo["upper"]
    return up + [(x, -y) for x, y in reversed(up)]


def _star(pen: Pen, cx, cy, r, fill):
    pts = []
    for k in range(8):  # four-point sparkle
        a = k * math.pi / 4
        rr = r if k % 2 == 0 else r * 0.3
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    pen.poly(pts, close=True, fill=fill, color=fill, width=0.1)


def _contrasting(rng, low: float, high: float, other: tuple, gap: float = 0.3) -> tuple[float, float, float]:
    """A random colour differing from `other` by at least `gap` in some channel (a few tries):
    an ornament drawn over a body is seen as something else, so its colour differs."""
    for _ in range(20):
        col = tuple(float(v) for v in rng.uniform(low, high, 3))
        if max(abs(a - b) for a, b in zip(col, other)) >= gap:
            break
    return col


def _emblem_background(page, rng, box) -> tuple[float, float, float]:
    """A badge: coloured field, a disc or shield, hills, sparkles and lettering round the rim.

    Returns the disc centre and radius, where the emblem's motif goes."""
    x0, y0, w, h = box
    bg = Pen(page, rng)
    dark = tuple(float(v) for v in rng.uniform(0.0, 0.35, 3))
    if rng.random() < 0.7:
        bg.poly([(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)], close=True, fill=dark, color=dark, width=0)
    cx, cy, r = x0 + w / 2, y0 + h / 2, min(w, h) * 0.46
    rim = tuple(float(v) for v in rng.uniform(0.0, 1.0, 3))
    field_c = tuple(float(v) for v in rng.uniform(0.0, 0.6, 3))
    bg.ellipse(cx, cy, r, r, fill=rim, color=rim, width=0.1, n=60)
    bg.ellipse(cx, cy, r * 0.8, r * 0.8, fill=field_c, color=field_c, width=0.1, n=60)
    for _ in range(int(rng.integers(0, 4))):  # hills
        col = tuple(float(v) for v in rng.uniform(0.2, 0.9, 3))
        hx = cx + r * float(rng.uniform(-0.5, 0.5))
        bg.ellipse(hx, cy + r * 0.75, r * float(rng.uniform(0.4, 0.8)), r * float(rng.uniform(0.2, 0.5)),
                   math.pi, 2 * math.pi, close=True, fill=col, color=col, width=0.1)
    for _ in range(int(rng.integers(0, 7))):
        a, d = float(rng.uniform(0, 2 * math.pi)), float(rng.uniform(0.2, 0.7)) * r
        _star(bg, cx + d * math.cos(a), cy + d * math.sin(a), r * float(rng.uniform(0.04, 0.1)), (1.0, 1.0, 1.0))
    letters = "".join(rng.choice(list("ABCDEFGHIJKLMNOPRSTUVW"), int(rng.integers(6, 14))))
    for i, ch in enumerate(letters):  # lettering on the rim, upper arc
        a = math.pi * (1.1 + 0.8 * i / max(1, len(letters) - 1))
        try:
            bg.shape.insert_text(pymupdf.Point(cx + r * 0.86 * math.cos(a) - 3, cy + r * 0.86 * math.sin(a) + 3), ch,
                                 fontsize=max(4.0, r * 0.12), color=(1, 1, 1))
        except Exception:
            pass
    bg.commit()
    return cx, cy, r


def fam_emblem(page, rng, box):
    """Mission patch / poster art: a flat-colour rocket over a badge, partly covered by ornaments."""
    cx, cy, r = _emblem_background(page, rng, box)
    geo = rocket_profile(rng, with_fins=rng.random() < 0.9)
    while geo["length"] > 10:  # poster rockets are stubby
        geo = rocket_profile(rng, with_fins=rng.random() < 0.9)
    L = geo["length"]
    ang = 90.0 + float(rng.uniform(-30, 30)) if rng.random() < 0.8 else float(rng.uniform(-60, 60))
    size = 2 * r * float(rng.uniform(0.55, 0.85))
    a = math.radians(ang)
    pen = Pen(page, rng, (cx - size / 2 * math.cos(a), cy - size / 2 * math.sin(a)), size / (L + 1), ang)
    body = tuple(float(v) for v in rng.uniform(0.5, 1.0, 3))
    fins = tuple(float(v) for v in rng.uniform(0.2, 1.0, 3))
    if rng.random() < 0.6:  # exhaust plume
        flame = tuple(float(v) for v in (1.0, rng.uniform(0.5, 0.9), rng.uniform(0.0, 0.4)))
        pen.poly([(L, -0.35), (L + float(rng.uniform(1, 4)), 0), (L, 0.35)], close=True, fill=flame, color=flame, width=0.1)
    for f in geo["fins"]:
        pen.poly(f, close=True, fill=fins, color=fins, width=0.2, track=True)
        pen.poly([(x, -y) for x, y in f], close=True, fill=fins, color=fins, width=0.2, track=True)
    pen.poly(_rocket_outline(geo), close=True, fill=body, color=body, width=0.2, track=True)
    if rng.random() < 0.5:  # window, band
        pen.ellipse(geo["ln"] + 0.8, 0, 0.2, 0.2, fill=tuple(float(v) for v in rng.uniform(0, 1, 3)), color=(0.1, 0.1, 0.1), width=0.2)
    pen.commit()
    if rng.random() < 0.6:  # an ornament (crown, banner, emblem) across the body
        orn = Pen(page, rng)
        col = _contrasting(rng, 0.5, 1.0, body)
        t = float(rng.uniform(0.35, 0.65))
        ox, oy = cx - size / 2 * math.cos(a) + t * size * math.cos(a), cy - size / 2 * math.sin(a) + t * size * math.sin(a)
        ww, hh = r * float(rng.uniform(0.3, 0.6)), r * float(rng.uniform(0.1, 0.25))
        orn.poly([(ox - ww, oy + hh), (ox - ww, oy - hh), (ox - ww / 2, oy), (ox, oy - hh * 1.3), (ox + ww / 2, oy),
                  (ox + ww, oy - hh), (ox + ww, oy + hh)], close=True, fill=col, color=col, width=0.2)
        orn.commit()


def fam_badge(page, rng, box):
    """Badges and logos without a rocket: shields, crowns, sparkles, bars, lettering (hard negative)."""
    cx, cy, r = _emblem_background(page, rng, box)
    pen = Pen(page, rng)
    col = tuple(float(v) for v in rng.uniform(0.4, 1.0, 3))
    kind = str(rng.choice(["shield", "crown", "bars", "star", "tree"]))
    if kind == "shield":
        pen.poly([(cx - r * 0.4, cy - r * 0.45), (cx + r * 0.4, cy - r * 0.45), (cx + r * 0.4, cy),
                  (cx, cy + r * 0.55), (cx - r * 0.4, cy)], close=True, fill=col, color=col, width=0.2)
    elif kind == "crown":
        ww, hh = r * 0.5, r * 0.25
        pen.poly([(cx - ww, cy + hh), (cx - ww, cy - hh), (cx - ww / 2, cy), (cx, cy - hh * 1.4), (cx + ww / 2, cy),
                  (cx + ww, cy - hh), (cx + ww, cy + hh)], close=True, fill=col, color=col, width=0.2)
    elif kind == "bars":
        for k in range(int(rng.integers(2, 5))):
            yy = cy - r * 0.4 + k * r * 0.25
            pen.poly([(cx - r * 0.5, yy), (cx + r * 0.5, yy), (cx + r * 0.5, yy + r * 0.12), (cx - r * 0.5, yy + r * 0.12)],
                     close=True, fill=col, color=col, width=0.1)
    elif kind == "star":
        _star(pen, cx, cy, r * 0.5, col)
    else:  # conifer
        for k in range(3):
            yy = cy - r * 0.4 + k * r * 0.25
            pen.poly([(cx, yy - r * 0.2), (cx + r * 0.25 * (k + 1) / 2, yy + r * 0.15), (cx - r * 0.25 * (k + 1) / 2, yy + r * 0.15)],
                     close=True, fill=col, color=col, width=0.1)
    pen.commit()


def fam_noses(page, rng, box):
    """A row of nose shapes on short body stubs (drag or heating comparisons), values below."""
    x0, y0, w, h = box
    n = int(rng.integers(3, 9))
    cell = w / n
    upright = rng.random() < 0.7
    stub = float(rng.uniform(1.0, 3.0))
    fill = _fill(rng, 0.7)
    for i in range(n):
        ln = float(rng.uniform(0.4, 2.0))
        nose = _nose_profile(str(rng.choice(["cone", "ogive", "ellipse", "power", "haack", "blunt"])), ln, 0.5)
        upper = nose + [(ln + stub, 0.5)]
        length = ln + stub
        ang = 90.0 if upright else 0.0
        sub = (x0 + i * cell, y0, cell, h * 0.8)
        pen = _place(page, rng, sub, length + 0.4, 1.6, ang)  # 90: the nose is at the top
        pen.poly(upper + [(x, -y) for x, y in reversed(upper)], close=True, fill=fill, track=True)
        if rng.random() < 0.3:
            pen.line((ln, -0.5), (ln, 0.5), width=pen.width * 0.7)
        pen.commit()
        label = Pen(page, rng)
        label.text((x0 + i * cell + cell * 0.3, y0 + h * 0.95), f"{float(rng.uniform(0, 1.2)):.2f}", size=7)
        label.commit()
    if rng.random() < 0.5:
        arrow = Pen(page, rng)
        arrow.arrow((x0 + 2, y0 + h * 0.1), (x0 + 2, y0 + h * 0.4), width=0.6)
        arrow.text((x0 + 4, y0 + h * 0.08), "V")
        arrow.commit()


def _internal_parts(pen: Pen, rng, x_from: float, x_to: float, edge) -> None:
    """Boards, batteries and bulkheads inside a body of unit diameter, between x_from and x_to."""
    for _ in range(int(rng.integers(2, 9))):
        px = float(rng.uniform(x_from, x_to))
        pw, ph = float(rng.uniform(0.2, 1.5)), float(rng.uniform(0.1, 0.42))
        col = tuple(float(v) for v in rng.uniform(0.0, 1.0, 3))
        pen.poly([(px, -ph), (px + pw, -ph), (px + pw, ph), (px, ph)], close=True, fill=col, color=edge, width=0.3)


def fam_cad(page, rng, box):
    """CAD cutaway of a rocket section: translucent shell, parts inside, one or two stacked views."""
    x0, y0, w, h = box
    n = 1 if rng.random() < 0.6 else 2
    geo = rocket_profile(rng, with_fins=rng.random() < 0.4)
    L = geo["length"]
    shell = tuple(float(v) for v in rng.uniform(0.55, 0.95, 3))
    edge = tuple(float(v) for v in rng.uniform(0.1, 0.5, 3))
    for i in range(n):
        sub = (x0, y0 + i * h / n, w, h / n)
        span = 1 + 2 * max([0] + [max(p[1] for p in f) for f in geo["fins"]])
        pen = _place(page, rng, sub, L + 1, span, 0.0 if n == 2 else _angle(rng, 0.2))
        for f in geo["fins"]:
            pen.poly(f, close=True, fill=shell, color=edge, width=0.6, track=True)
            pen.poly([(x, -y) for x, y in f], close=True, fill=shell, color=edge, width=0.6, track=True)
        pen.poly(_rocket_outline(geo), close=True, fill=shell, color=edge, width=0.8, track=True)
        _internal_parts(pen, rng, geo["ln"], L - 0.4, edge)
        for xs in rng.uniform(geo["ln"], L, int(rng.integers(0, 3))):
            pen.line((xs, -0.5), (xs, 0.5), width=0.6, color=edge)
        if rng.random() < 0.4:  # eye bolt / shock-cord loop at the aft end
            pen.ellipse(L + 0.15, 0, 0.15, 0.15, width=0.6, color=edge)
        pen.commit()


def fam_bars(page, rng, box):
    """Thick rules, bars and ragged dark scan edges, alone or with a few words (hard negative)."""
    x0, y0, w, h = box
    pen = Pen(page, rng)
    for _ in range(int(rng.integers(1, 4))):
        t = float(rng.uniform(2, max(3, h * 0.2)))
        length = w * float(rng.uniform(0.4, 1.0))
        bx, by = x0 + float(rng.uniform(0, w - length + 1e-3)), y0 + float(rng.uniform(0, h - t))
        col = tuple(float(v) for v in (rng.uniform(0, 0.4, 3) if rng.random() < 0.7 else rng.uniform(0, 1, 3)))
        xs = np.linspace(bx, bx + length, 30)
        jag = float(rng.uniform(0, 0.4)) * t
        top = [(x, by + float(rng.uniform(0, jag))) for x in xs]
        bottom = [(x, by + t - float(rng.uniform(0, jag))) for x in xs[::-1]]
        if rng.random() < 0.3:  # tapering smear at one end
            bottom = [(x, max(yy - (1 - i / 29) * t * 0.6, top[29 - i][1] + 0.5)) for i, (x, yy) in enumerate(bottom)]
        pen.poly(top + bottom, close=True, fill=col, color=col, width=0)
    _labels(pen, rng, (x0, x0 + w), (y0 + 8, y0 + h), WORDS, int(rng.integers(0, 4)))
    pen.commit()


def fam_rendered_pipe(page, rng, box):
    """Shaded 3-D renders of plain cylinders, tubes, tees and frustums without a nose: the
    shading of the render family on bodies that are not missiles (hard negative)."""
    base = rng.uniform(0.2, 1.0, 3)
    first = _angle(rng, 0.5)
    for k in range(int(rng.integers(1, 3))):
        L = float(rng.uniform(1.5, 8))
        ang = first if k == 0 else first + float(rng.uniform(60, 120))
        pen = _place(page, rng, box, L + 1, 2, ang)
        end = float(rng.uniform(0.6, 0.95)) if rng.random() < 0.4 else 1.0  # frustum: the far end smaller
        n = 14
        for i in range(n):
            y_a, y_b = -0.5 + i / n, -0.5 + (i + 1) / n
            shade = 0.35 + 0.65 * math.cos((y_a + y_b) / 2 * math.pi * 0.9)
            col = tuple(float(v) for v in np.clip(base * shade, 0, 1))
            pen.poly([(0, y_a), (L, y_a * end), (L, y_b * end), (0, y_b)], close=True, fill=col, width=0, color=col)
        cap = tuple(float(v) for v in np.clip(base * 0.8, 0, 1))
        pen.ellipse(0, 0, float(rng.uniform(0.08, 0.25)), 0.5, fill=cap, color=cap, width=0.2)
        if rng.random() < 0.5:  # boundary-condition arrows and labels
            for _ in range(int(rng.integers(1, 3))):
                xa = float(rng.uniform(0, L))
                pen.arrow((xa, -1.2), (xa, -0.55), width=0.6, color=(0, 0, 0))
            _labels(pen, rng, (0, L), (-1.4, 1.4), ["F = 0.1", "fixed", "R25", "R20", "100", "40", "(a)", "(b)"])
        pen.commit()


def fam_trajectory(page, rng, box):
    """Trajectories as loops of coloured lines without axes (robot paths, particle tracks)."""
    x0, y0, w, h = box
    pen = Pen(page, rng)
    for _ in range(int(rng.integers(1, 4))):
        col = tuple(float(v) for v in rng.uniform(0, 0.9, 3))
        x, y = x0 + float(rng.uniform(0.2, 0.8)) * w, y0 + float(rng.uniform(0.2, 0.8)) * h
        heading, step = float(rng.uniform(0, 2 * math.pi)), min(w, h) * float(rng.uniform(0.01, 0.03))
        pts = [(x, y)]
        for _ in range(int(rng.integers(80, 300))):
            heading += float(rng.normal(0, 0.25)) + (math.pi / 2 if rng.random() < 0.03 else 0.0)
            x, y = x + step * math.cos(heading), y + step * math.sin(heading)
            if not (x0 < x < x0 + w):
                heading = math.pi - heading
                x = min(max(x, x0 + 1), x0 + w - 1)
            if not (y0 < y < y0 + h):
                heading = -heading
                y = min(max(y, y0 + 1), y0 + h - 1)
            pts.append((x, y))
        pen.poly(pts, width=float(rng.uniform(0.4, 1.5)), color=col)
        for px, py in pts[:: int(rng.integers(15, 60))]:  # markers: poses, landmarks
            pen.ellipse(px, py, 1.5, 1.5, n=10, color=col, width=0.5)
    pen.commit()


def fam_housing(page, rng, box):
    """Cylindrical payload housing / electronics bay without a nose: CAD style (hard negative)."""
    x0, y0, w, h = box
    L = float(rng.uniform(2, 10))
    n = 1 if rng.random() < 0.6 else 2
    shell = tuple(float(v) for v in rng.uniform(0.55, 0.95, 3))
    edge = tuple(float(v) for v in rng.uniform(0.1, 0.5, 3))
    for i in range(n):
        sub = (x0, y0 + i * h / n, w, h / n)
        pen = _place(page, rng, sub, L + 1, 1.4, 0.0 if n == 2 else _angle(rng, 0.2))
        cap = float(rng.uniform(0.0, 0.25))
        pen.poly([(0, -0.5), (L, -0.5), (L + cap, -0.3), (L + cap, 0.3), (L, 0.5), (0, 0.5)], close=True,
                 fill=shell, color=edge, width=0.8)
        _internal_parts(pen, rng, 0.1, L - 0.4, edge)
        for xs in rng.uniform(0, L, int(rng.integers(1, 4))):
            pen.line((xs, -0.5), (xs, 0.5), width=0.6, color=edge)
        if rng.random() < 0.5:  # threaded rod / eye bolt
            pen.line((-0.8, 0), (0, 0), width=1.0, color=edge)
            pen.ellipse(-0.95, 0, 0.15, 0.15, width=0.6, color=edge)
        pen.commit()


# --------------------------------------------------------------------------------------------
# solids in 3-D (meshes from training.synthetic3d): one renderer for positives and
# negatives, so that shading, hidden lines and wireframes say nothing about the label

SOLID_STYLES = ("shaded", "shaded_edges", "hidden_line", "mesh", "wire")


def _finned(rng, body: solid.Mesh, fins: list, radius_at_fin: float) -> solid.Mesh:
    n = int(rng.choice([3, 4, 4, 6]))
    start = float(rng.uniform(0, math.pi / 2))
    for f in fins:
        for k in range(n):
            body = body + solid.plate(f, start + 2 * math.pi * k / n, thickness=0.04 * radius_at_fin)
    return body


def _solid_missile(rng) -> solid.Mesh:
    """Rocket, missile, projectile, hypersonic vehicle, waverider or cone-cylinder shell."""
    kind = str(rng.choice(["rocket", "rocket", "projectile", "hypersonic", "waverider", "shell"]))
    if kind == "rocket":
        geo = rocket_profile(rng)
        return _finned(rng, solid.revolve(geo["upper"], 24), geo["fins"], geo["R"])
    if kind == "projectile":
        ln = float(rng.uniform(0.8, 2.0))
        prof = _nose_profile(str(rng.choice(["ogive", "cone", "ellipse", "haack"])), ln, 0.5, 14)
        L = ln + float(rng.uniform(1.0, 3.5))
        prof += [(L - 0.3, 0.5), (L, float(rng.uniform(0.38, 0.5)))]
        return solid.revolve(prof, 24)
    if kind == "hypersonic":
        ln = float(rng.uniform(2.5, 6.0))
        L = ln + float(rng.uniform(2.0, 7.0))
        prof = _nose_profile(str(rng.choice(["cone", "ogive", "power", "haack"])), ln, 0.5, 16) + [(L, 0.5)]
        body = solid.revolve(prof, 24)
        root = float(rng.uniform(0.3, 0.6)) * L
        span = float(rng.uniform(0.6, 2.0))
        wing = [(L - root, 0.45), (L - float(rng.uniform(0, 0.2)) * root, 0.45 + span), (L, 0.45 + span * 0.9), (L, 0.45)]
        for roll in (0.0, math.pi):
            body = body + solid.plate(wing, roll, 0.03)
        tail = [(L - 0.25 * root, 0.45), (L - 0.05 * root, 0.45 + 0.5 * span), (L, 0.45 + 0.5 * span), (L, 0.45)]
        for roll in ((math.pi / 2,) if rng.random() < 0.6 else (math.pi / 2 - 0.4, math.pi / 2 + 0.4)):
            body = body + solid.plate(tail, roll, 0.03)
        return body
    if kind == "waverider":
        L = 1.0
        body = solid.waverider(L, float(rng.uniform(0.35, 0.9)), float(rng.uniform(0.06, 0.22)), float(rng.uniform(0.0, 0.45)))
        if rng.random() < 0.5:  # vertical fins at the trailing edge
            fin = [(0.7, 0.0), (0.95, 0.15), (1.0, 0.15), (1.0, 0.0)]
            for y in ((0.0,) if rng.random() < 0.5 else (-0.2, 0.2)):
                body = body + solid.shifted(solid.plate(fin, math.pi / 2, 0.005), (0, y, 0))
        return body
    ln = float(rng.uniform(1.0, 4.0))  # cone-cylinder shell, often open at the base
    r0 = float(rng.uniform(0.0, 0.25))
    prof = [(0.0, r0), (ln, 0.5), (ln + float(rng.uniform(1.0, 5.0)), 0.5)]
    return solid.revolve(prof, 28, cap_ends=rng.random() < 0.5)


def _solid_part(rng) -> solid.Mesh:
    """Pipes, tees, stepped shafts, capsule vessels, boxes, brackets, wedges and aircraft."""
    kind = str(rng.choice(["pipe", "tee", "shaft", "vessel", "box", "bracket", "wedge", "aircraft"]))
    R = 0.5
    if kind in ("pipe", "tee"):
        L = float(rng.uniform(1.0, 10.0))
        prof = [(0.0, R), (L, R)]
        if rng.random() < 0.4:  # flanges
            prof = [(0.0, 0.8), (0.15, 0.8), (0.15, R), (L - 0.15, R), (L - 0.15, 0.8), (L, 0.8)]
        body = solid.revolve(prof, 24)
        if kind == "tee":
            branch = solid.revolve([(0.0, R * float(rng.uniform(0.6, 1.0))), (float(rng.uniform(1.0, 3.0)), R * 0.8)], 24)
            body = body + solid.shifted(solid.turned(branch, math.pi / 2, 0, 0), (float(rng.uniform(0.3, 0.7)) * L, 0, 0))
        return body
    if kind == "shaft":
        xs = np.cumsum(rng.uniform(0.3, 2.0, int(rng.integers(2, 6))))
        prof = []
        for i, x in enumerate(xs):
            r = float(rng.uniform(0.25, 0.6))
            prof += [(float(xs[i - 1]) if i else 0.0, r), (float(x), r)]
        return solid.revolve(prof, 24)
    if kind == "vessel":
        L = float(rng.uniform(1.0, 6.0))
        cap = [(R - R * math.cos(t), R * math.sin(t)) for t in np.linspace(0, math.pi / 2, 8)]
        prof = cap + [(R + L, R)] + [(R + L + R * math.sin(t), R * math.cos(t)) for t in np.linspace(0, math.pi / 2, 8)[1:]]
        body = solid.revolve(prof, 24)
        if rng.random() < 0.6:  # saddle supports
            for x in (0.25, 0.75):
                body = body + solid.box(0.3, 0.9, 0.5, (R + x * L - 0.15, -0.45, -0.95))
        return body
    if kind == "box":
        body = solid.box(*rng.uniform(0.3, 3.0, 3))
        if rng.random() < 0.5:
            body = body + solid.box(*rng.uniform(0.2, 1.0, 3), at=tuple(rng.uniform(0.0, 1.0, 3)))
        return body
    if kind == "bracket":
        t, a, b = float(rng.uniform(0.1, 0.3)), float(rng.uniform(0.8, 2.0)), float(rng.uniform(0.8, 2.0))
        return solid.prism([(0, 0), (a, 0), (a, t), (t, t), (t, b), (0, b)], float(rng.uniform(0.5, 4.0)))
    if kind == "wedge":
        h, d = float(rng.uniform(0.2, 1.0)), float(rng.uniform(0.5, 3.0))
        return solid.prism([(0, 0), (d, 0), (0, h)], float(rng.uniform(0.5, 3.0)))
    L = float(rng.uniform(6.0, 10.0))  # aircraft: fuselage, long straight wings, tail planes
    prof = _nose_profile("ellipse", 1.2, R, 10) + [(L - 2.5, R), (L, 0.15)]
    body = solid.revolve(prof, 20)
    x_w, span, chord = float(rng.uniform(0.3, 0.5)) * L, float(rng.uniform(0.4, 0.65)) * L, float(rng.uniform(0.1, 0.18)) * L
    sweep = float(rng.uniform(0.0, 0.5)) * chord
    wing = [(x_w, 0.4), (x_w + sweep, 0.4 + span), (x_w + sweep + 0.5 * chord, 0.4 + span), (x_w + chord, 0.4)]
    htail = [(L - 1.6, 0.2), (L - 1.1, 0.2 + 0.3 * span), (L - 0.6, 0.2 + 0.3 * span), (L - 0.4, 0.2)]
    for roll in (0.0, math.pi):
        body = body + solid.plate(wing, roll, 0.04) + solid.plate(htail, roll, 0.03)
    return body + solid.plate([(L - 1.8, 0.3), (L - 0.8, 1.8), (L - 0.3, 1.8), (L - 0.2, 0.2)], math.pi / 2, 0.03)


def _solid_background(page, rng, box) -> tuple[float, float, float]:
    """White, CAD gradient, CAD grid or flat colour behind a render; returns the edge colour."""
    x0, y0, w, h = box
    kind = str(rng.choice(["white", "white", "gradient", "grid", "flat"]))
    pen = Pen(page, rng)
    if kind == "gradient":  # vertical grey-blue gradient of CAD viewports
        top, bottom = rng.uniform(0.55, 0.85, 3), rng.uniform(0.9, 1.0, 3)
        for i in range(24):
            c = tuple(float(v) for v in top + (bottom - top) * i / 23)
            pen.poly([(x0, y0 + i * h / 24), (x0 + w, y0 + i * h / 24), (x0 + w, y0 + (i + 1) * h / 24 + 0.5),
                      (x0, y0 + (i + 1) * h / 24 + 0.5)], close=True, fill=c, color=c, width=0)
    elif kind in ("grid", "flat"):
        g = float(rng.uniform(0.55, 0.85))
        c = (g, g, g) if kind == "grid" or rng.random() < 0.5 else tuple(float(v) for v in rng.uniform(0.4, 0.9, 3))
        pen.poly([(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h)], close=True, fill=c, color=c, width=0)
        if kind == "grid":
            step = float(rng.uniform(4, 10))
            gl = (g - 0.08,) * 3
            for x in np.arange(x0, x0 + w, step):
                pen.line((x, y0), (x, y0 + h), width=0.3, color=gl)
            for y in np.arange(y0, y0 + h, step):
                pen.line((x0, y), (x0 + w, y), width=0.3, color=gl)
    pen.commit()
    return (0.0, 0.0, 0.0) if kind == "white" or rng.random() < 0.5 else tuple(float(v) for v in rng.uniform(0, 0.4, 3))


def _draw_solid(page, rng, box, mesh: solid.Mesh, track: bool) -> None:
    """Draw a mesh in a random view and style into box (x0, y0, w, h) in page points."""
    x0, y0, w, h = box
    edge_colour = _solid_background(page, rng, box)
    style = str(rng.choice(SOLID_STYLES))
    side_on = rng.random() < 0.2  # a plain side or top view now and then
    elev = 0.0 if side_on else float(rng.uniform(-0.6, 0.9))
    # azimuth within 60 degrees of side-on: a body seen nose-on is an end view (partial, not clear)
    azim = float(rng.choice([0.0, math.pi])) + (0.0 if side_on else float(rng.uniform(-1.05, 1.05)))
    mesh = solid.turned(mesh, 0.0, 0.0, float(rng.uniform(0, 2 * math.pi)))
    polys = solid.view(mesh, elev, azim, hidden=style != "wire",
                       perspective=float(rng.uniform(0, 0.5)) if rng.random() < 0.4 else 0.0)
    if not polys:
        return
    pts = np.vstack([p.points for p in polys])
    lo, hi = pts.min(0), pts.max(0)
    ext = np.maximum(hi - lo, 1e-6)
    s = min(w / ext[0], h / ext[1]) * float(rng.uniform(0.6, 0.92))
    origin = (x0 + w / 2 - s * (lo[0] + hi[0]) / 2, y0 + h / 2 - s * (lo[1] + hi[1]) / 2)
    pen = Pen(page, rng, origin, s, 0.0)
    base = rng.uniform(0.35, 0.95, 3) if rng.random() < 0.6 else np.full(3, rng.uniform(0.5, 0.9))
    width = float(rng.uniform(0.3, 1.0))
    for poly in polys:
        P = [tuple(map(float, q)) for q in poly.points]
        if style in ("shaded", "shaded_edges"):
            col = tuple(float(v) for v in np.clip(base * (0.3 + 0.8 * poly.shade), 0, 1))
            pen.poly(P, close=True, fill=col, color=col, width=0.2, track=track)
        elif style in ("hidden_line", "mesh"):
            fill = (1.0, 1.0, 1.0) if style == "hidden_line" or rng.random() < 0.9 else None
            pen.poly(P, close=True, fill=fill, color=edge_colour if style == "mesh" else fill,
                     width=width * 0.5 if style == "mesh" else 0.0, track=track)
        elif track:
            pen.pts_drawn += [(q.x, q.y) for q in pen.T(P)]
        if style != "shaded":
            for a, b in poly.edges:
                pen.line(P[a], P[b], width=width, color=edge_colour)
    pen.commit()
    if rng.random() < 0.3:  # coordinate triad in a corner, as CAD screenshots carry
        tri = Pen(page, rng)
        cx, cy, r = x0 + 0.08 * w, y0 + 0.9 * h, min(w, h) * 0.07
        for (dx, dy), name in zip(((1, 0), (-0.5, -0.6), (0, -1)), "xyz"):
            tri.arrow((cx, cy), (cx + r * dx, cy + r * dy), width=0.5)
            tri.text((cx + 1.2 * r * dx, cy + 1.2 * r * dy), name, size=6)
        tri.commit()
    if rng.random() < 0.3:
        lab = Pen(page, rng)
        _labels(lab, rng, (x0, x0 + w), (y0 + 8, y0 + h), WORDS + (ROCKET_WORDS if track else []), int(rng.integers(1, 4)))
        lab.commit()


def fam_solid(page, rng, box):
    """Missile, rocket, projectile, hypersonic vehicle, waverider or shell as a 3-D render,
    hidden-line drawing, surface mesh or wireframe in any view."""
    _draw_solid(page, rng, box, _solid_missile(rng), track=True)


def fam_solid_part(page, rng, box):
    """The same renderer on pipes, tees, shafts, vessels, boxes, brackets, wedges, aircraft."""
    _draw_solid(page, rng, box, _solid_part(rng), track=False)


POSITIVE: dict[str, Callable] = {
    "rocket": fam_rocket, "rocket_forces": fam_rocket_forces, "shell": fam_shell, "mesh": fam_mesh,
    "penetration": fam_penetration, "hull": fam_hull, "waverider": fam_waverider, "render": fam_render,
    "icons": fam_icons, "emblem": fam_emblem, "cad": fam_cad, "noses": fam_noses,
    "rocket_photo": fam_rocket_photo, "solid": fam_solid, "shadowgraph": fam_shadowgraph,
}
NEGATIVE: dict[str, Callable] = {
    "beam": fam_beam, "plate": fam_plate, "pipe": fam_pipe, "cylinder": fam_cylinder, "vessel": fam_vessel,
    "bolt": fam_bolt, "arrow": fam_arrow, "aircraft": fam_aircraft, "fin": fam_fin, "airfoil": fam_airfoil,
    "flowchart": fam_flowchart, "blocks": fam_blocks, "lineplot": fam_lineplot, "barplot": fam_barplot, "scatter": fam_scatter,
    "table": fam_table, "scanpage": fam_scanpage, "circuit": fam_circuit, "network": fam_network, "contour": fam_contour, "photo": fam_photo,
    "badge": fam_badge, "housing": fam_housing, "bars": fam_bars,
    "rendered_pipe": fam_rendered_pipe, "trajectory": fam_trajectory, "solid_part": fam_solid_part,
    "flow_film": fam_flow_film,
}
FAMILIES = {**{k: (1, v) for k, v in POSITIVE.items()}, **{k: (0, v) for k, v in NEGATIVE.items()}}
PICTURES = {"photo", "rocket_photo", "shadowgraph", "flow_film"}  # families drawn as an inserted image


# --------------------------------------------------------------------------------------------
# rendering

def _degrade(img: np.ndarray, rng) -> np.ndarray:
    """Scan-like degradation: skew, blur, noise, JPEG, binarisation."""
    h, w = img.shape[:2]
    if rng.random() < 0.5:
        M = cv2.getRotationMatrix2D((w / 2, h / 2), float(rng.uniform(-2, 2)), 1.0)
        img = cv2.warpAffine(img, M, (w, h), borderValue=(255, 255, 255))
    if rng.random() < 0.6:
        img = cv2.GaussianBlur(img, (3, 3), float(rng.uniform(0.3, 1.2)))
    if rng.random() < 0.5:
        img = np.clip(img.astype(np.int16) + rng.normal(0, rng.uniform(3, 15), img.shape), 0, 255).astype(np.uint8)
    if rng.random() < 0.3:
        g = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
        img = cv2.cvtColor(np.where(g > 160, 255, 0).astype(np.uint8), cv2.COLOR_GRAY2RGB)
    if rng.random() < 0.5:
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(30, 85))])
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return np.ascontiguousarray(img)


def _drawing_sheet(page, rng, box) -> tuple[float, float, float, float]:
    """Sheet furniture around a drawing, for every family alike: a border, a title block in the
    lower right and often a parts list above it (issue 23: such sheets were dismissed whole as
    tables). Returns the box left for the drawing, above the title block."""
    x0, y0, w, h = box
    pen = Pen(page, rng)
    inset = float(rng.uniform(1, 4))
    pen.poly([(x0 + inset, y0 + inset), (x0 + w - inset, y0 + inset), (x0 + w - inset, y0 + h - inset),
              (x0 + inset, y0 + h - inset)], close=True, width=float(rng.uniform(0.6, 1.6)), color=(0, 0, 0))
    bw = w * float(rng.uniform(0.3, 0.5))
    bx0, bx1 = x0 + w - inset - bw, x0 + w - inset
    row = float(rng.uniform(7, 12))
    n_title = int(rng.integers(2, 4))
    n_parts = int(rng.integers(3, 7)) if rng.random() < 0.7 else 0
    top = y0 + h - inset - row * (n_title + n_parts)
    size = min(6.5, row * 0.6)
    for i in range(n_title + n_parts + 1):
        pen.line((bx0, top + i * row), (bx1, top + i * row), width=0.5, color=(0, 0, 0))
    pen.line((bx0, top), (bx0, y0 + h - inset), width=0.5, color=(0, 0, 0))
    for frac in (0.12, 0.55, 0.8) if n_parts else (0.5,):
        pen.line((bx0 + frac * bw, top), (bx0 + frac * bw, top + row * n_parts if n_parts and frac != 0.5 else y0 + h - inset),
                 width=0.5, color=(0, 0, 0))
    names = ["NOSE CONE", "BODY TUBE", "FIN", "BULKHEAD", "SCREW M4", "O-RING", "STING", "PORT", "BRACKET", "COVER"]
    for i in range(n_parts):
        y = top + (i + 0.75) * row
        for frac, text in ((0.02, str(i + 1)), (0.14, str(rng.choice(names))), (0.57, str(rng.choice(["AL 6061", "SS 316", "STEEL", "PVC"]))),
                           (0.82, str(int(rng.integers(1, 9))))):
            pen.text((bx0 + frac * bw, y), text, size=size)
    for i in range(n_title):
        y = top + (n_parts + i + 0.75) * row
        pen.text((bx0 + 0.03 * bw, y), str(rng.choice(["TITLE: ASSY", "DRAWN", "SCALE 1:2", "MATERIAL"])), size=size)
        pen.text((bx0 + 0.53 * bw, y), str(rng.choice(["DWG NO. 1042", "SHEET 1 OF 1", "REV A", "DATE 03/98"])), size=size)
    pen.commit()
    _PENS.remove(pen)
    return (x0 + inset + 3, y0 + inset + 3, w - 2 * inset - 6, max(20.0, top - y0 - inset - 6))


def render(family: str, seed: int, *, panels: bool | None = None, degrade: bool | None = None) -> Sample:
    """Draw one figure of `family` (deterministic for a seed); rasterise like production."""
    label, fn = FAMILIES[family]
    rng = np.random.default_rng([seed, sum(map(ord, family))])
    W = float(rng.uniform(90, 480))
    H = float(np.clip(W * rng.uniform(0.3, 1.1), 60, 420))
    doc = pymupdf.open()
    page = doc.new_page(width=W + 20, height=H + 20)
    rect = pymupdf.Rect(10, 10, 10 + W, 10 + H)
    multi = (rng.random() < 0.15) if panels is None else panels
    if multi:
        others = [k for k, (lab, _) in FAMILIES.items() if lab == 0 and k != "photo"]
        other = str(rng.choice(others))
        left = rng.random() < 0.5
        main_box = (10 + (0 if left else W / 2), 10, W / 2, H)
        other_box = (10 + (W / 2 if left else 0), 10, W / 2, H)
        FAMILIES[other][1](page, rng, other_box)
        _PENS.clear()
        fn(page, rng, main_box)
        for i, (bx, _tag) in enumerate(sorted([(main_box, "(a)"), (other_box, "(b)")], key=lambda t: t[0][0])):
            page.insert_text(pymupdf.Point(bx[0] + 2, bx[1] + 8), ["(a)", "(b)"][i], fontsize=7)
    else:
        _PENS.clear()
        sheet_rng = np.random.default_rng([seed, 23, sum(map(ord, family))])  # its own stream: other figures stay as they were
        drawn = family not in PICTURES  # a photograph or a film is not framed as a drawing sheet
        if drawn and H >= 150 and W >= 200 and sheet_rng.random() < 0.1:  # an engineering drawing sheet
            fn(page, rng, _drawing_sheet(page, sheet_rng, (10, 10, W, H)))
        else:
            fn(page, rng, (10, 10, W, H))
    if rng.random() < 0.6:  # the extractor crops figures tightly around their drawings
        tight = pymupdf.Rect()
        for d in page.get_drawings():
            tight |= d["rect"]
        for b in page.get_text("blocks"):
            tight |= pymupdf.Rect(b[:4])
        for info in page.get_image_info():
            tight |= pymupdf.Rect(info["bbox"])
        m = float(rng.uniform(0, 3))
        tight = pymupdf.Rect(tight.x0 - m, tight.y0 - m, tight.x1 + m, tight.y1 + m) & rect
        if tight.width > 20 and tight.height > 20:
            rect = tight
            W, H = rect.width, rect.height
    def _px_box(pts):
        xs, ys = zip(*pts)
        return tuple(float(np.clip((v - o) * ZOOM, 0, lim * ZOOM)) for v, o, lim in
                     ((min(xs), rect.x0, W), (min(ys), rect.y0, H), (max(xs), rect.x0, W), (max(ys), rect.y0, H)))

    tracked = [pt for pen in _PENS for pt in pen.pts_drawn]
    boxes = [_px_box(pen.pts_drawn) for pen in _PENS if pen.pts_drawn] if label else []
    _PENS.clear()
    bbox = _px_box(tracked) if label and tracked else None
    pix = page.get_pixmap(clip=rect, dpi=DPI)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3].copy()
    words = []
    for x0, y0, x1, y1, text, *_ in page.get_text("words", clip=rect):
        words.append(Word(text, ((x0 - rect.x0) * ZOOM, (y0 - rect.y0) * ZOOM, (x1 - rect.x0) * ZOOM, (y1 - rect.y0) * ZOOM)))
    doc.close()
    p_raster = 0.45 if family in ("lineplot", "barplot", "scatter", "table", "blocks", "contour", "scanpage") else 0.2
    if (rng.random() < p_raster) if degrade is None else degrade:
        img = _degrade(img, rng)
        if rng.random() < 0.6:  # raster figure: no text layer
            words = []
    caption = ""
    if rng.random() < 0.3:
        caption = "Fig. 1 " + " ".join(str(v) for v in rng.choice(WORDS + ROCKET_WORDS + UML_WORDS, 4))
    return Sample(family, label, img, words, caption, bbox, seed, boxes)


def generate(n_per_family: int, seed: int = 0, families: list[str] | None = None):
    """Yield n_per_family samples of each family; seeds are seed*100000 + i."""
    for fam in families or list(FAMILIES):
        for i in range(n_per_family):
            yield render(fam, seed * 100000 + i)
