"""A generated scanned technical report with known truth: the long-scan and OCR benchmarks' input.

`make_report(path, pages=120, seed=7)` draws each page with PyMuPDF (body text, figures drawn
with lines, their captions), renders it at 300 dpi in grey, slightly blurred and specked like a scan, and puts
the picture back as the page (JPEG): the PDF has no text layer, as a scanned report. It returns the
truth per page: the body words, and each figure's box, caption and whether it is rocket-like.
Every few pages are in Simplified Chinese. Nothing here comes from a third party: the sentences
are written here, the figures drawn below (the rocket outline is the test suite's, tests/conftest.py).
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import draw_rocket  # noqa: E402  (the test suite's rocket outline)

PAGE_W, PAGE_H = 595.0, 842.0
SCAN_DPI = 300

SUBJECTS = ["The test article", "The sounding rocket", "The nose cone", "The fin assembly", "The motor case",
            "The guidance section", "The recovery system", "The launch rail", "The telemetry unit",
            "The payload fairing", "The igniter", "The nozzle throat", "The aft closure", "The body tube"]
VERBS = ["was measured at", "was loaded to", "was inspected after", "was cycled through", "remained stable during",
         "was compared with", "showed wear after", "was calibrated against", "was heated to", "was scaled to"]
OBJECTS = ["the design pressure of 6.9 MPa", "the second static firing", "a vibration spectrum of 20 to 2000 Hz",
           "the wind tunnel model at Mach 2.5", "the predicted drag coefficient", "three thermal cycles",
           "the reference accelerometer", "a chamber temperature of 2900 K", "the flight profile",
           "the qualification level", "the specification limits", "the finite element results"]
ENDINGS = ["without anomalies.", "within two percent.", "as shown in the table below.", "for every sample.",
           "before the flight test.", "according to the procedure.", "and the data were recorded."]
CHINESE = ["本文研究了探空火箭的气动特性。", "试验在超声速风洞中进行，马赫数为二点五。", "发动机壳体在设计压力下保持稳定。",
           "尾翼组件的振动响应与有限元结果一致。", "回收系统在飞行试验前完成了检查。", "测量结果表明阻力系数与预测值相符。",
           "喷管喉部的烧蚀量在允许范围内。", "遥测单元记录了全部飞行数据。"]
FIGURE_KINDS = ["rocket", "plot", "blocks", "rocket", "section", "plot"]
ROCKET_CAPTIONS = ["Side view of the sounding rocket", "Outline of the test vehicle with fins",
                   "Profile of the two-stage rocket", "General arrangement of the missile airframe"]
OTHER_CAPTIONS = {"plot": ["Measured chamber pressure against time", "Drag coefficient against Mach number"],
                  "blocks": ["Block diagram of the telemetry chain", "Test stand instrumentation layout"],
                  "section": ["Cross section of the motor case joint", "Detail of the aft closure seal"]}


@dataclass
class FigureTruth:
    bbox: tuple[float, float, float, float]  # the drawing, page points
    caption: str
    rocket: bool


@dataclass
class PageTruth:
    number: int
    language: str  # "eng" or "chi_sim"
    words: list[str] = field(default_factory=list)  # body and caption words as drawn
    figures: list[FigureTruth] = field(default_factory=list)


def make_report(path: Path, pages: int = 120, seed: int = 7, dpi: int = SCAN_DPI) -> list[PageTruth]:
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    out = pymupdf.open()
    truth = []
    figure_number = 0
    for number in range(1, pages + 1):
        drawn = pymupdf.open()
        page = drawn.new_page(width=PAGE_W, height=PAGE_H)
        language = "chi_sim" if number % 17 == 10 else "eng"
        page_truth = PageTruth(number, language)
        y = 70.0
        page.insert_text((PAGE_W / 2 - 10, 40), str(number), fontsize=10)
        kinds = [] if number % 3 != 1 else [FIGURE_KINDS[(number // 3) % len(FIGURE_KINDS)]]
        if number % 15 == 4:
            kinds.append("plot")
        for kind in kinds + [None]:
            y = _paragraphs(page, page_truth, rng, y, lines=rng.randint(6, 12) if kind else 40)
            if kind is None or y > PAGE_H - 330:
                break
            figure_number += 1
            height = 190.0
            box = (110.0, y + 14, PAGE_W - 110.0, y + 14 + height)
            _draw_figure(page, kind, box, rng)
            chinese = language == "chi_sim"
            label = f"图 {figure_number}" if chinese else f"Fig. {figure_number}."
            text = rng.choice(ROCKET_CAPTIONS if kind == "rocket" else OTHER_CAPTIONS[kind])
            caption = f"{label} {'探空火箭侧视图' if chinese and kind == 'rocket' else ('试验曲线' if chinese else text)}"
            page.insert_text((110, box[3] + 20), caption, fontsize=9.5, fontname="china-s" if chinese else "helv")
            page_truth.figures.append(FigureTruth(box, caption, kind == "rocket"))
            page_truth.words += caption.split()
            y = box[3] + 40
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
        pixels = cv2.GaussianBlur(pixels, (3, 3), 0.8)  # a scanner's softness
        specks = noise.integers(0, pixels.size, pixels.size // 4000)  # and its dust
        pixels.reshape(-1)[specks] = 0
        _, jpeg = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 80])
        out.new_page(width=PAGE_W, height=PAGE_H).insert_image(pymupdf.Rect(0, 0, PAGE_W, PAGE_H), stream=jpeg.tobytes())
        truth.append(page_truth)
        drawn.close()
    out.save(path)
    return truth


def _paragraphs(page: pymupdf.Page, truth: PageTruth, rng: random.Random, y: float, lines: int) -> float:
    """About `lines` lines of body text from `y` down; returns where the text ends."""
    chinese = truth.language == "chi_sim"
    pieces: list[str] = []
    while sum(len(s) for s in pieces) < lines * (36 if chinese else 92):
        pieces.append(rng.choice(CHINESE) if chinese else
                      f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}")
    rect = pymupdf.Rect(72, y, PAGE_W - 72, min(PAGE_H - 60, y + lines * 14.5 + 20))
    while pieces:  # insert_textbox writes nothing when the text does not fit: drop sentences
        text = ("" if chinese else " ").join(pieces)
        spare = page.insert_textbox(rect, text, fontsize=10.5, fontname="china-s" if chinese else "helv")
        if spare >= 0:
            truth.words += [text] if chinese else text.split()
            return rect.y1 - spare + 6
        pieces.pop()
    return y


def _draw_figure(page: pymupdf.Page, kind: str, box: tuple[float, float, float, float], rng: random.Random) -> None:
    x0, y0, x1, y1 = box
    if kind == "rocket":
        length = (x1 - x0) * rng.uniform(0.75, 0.95)
        draw_rocket(page, x0 + ((x1 - x0) - length) / 2, (y0 + y1) / 2, length, length / rng.uniform(10, 16), width=1.4)
        return
    shape = page.new_shape()
    if kind == "plot":
        shape.draw_line((x0 + 30, y0 + 5), (x0 + 30, y1 - 20))
        shape.draw_line((x0 + 30, y1 - 20), (x1 - 5, y1 - 20))
        points = [(x0 + 30 + t * (x1 - x0 - 40), y1 - 25 - (y1 - y0 - 40) * abs(np.sin(t * rng.uniform(2, 5))) * (1 - t * 0.5))
                  for t in np.linspace(0, 1, 60)]
        shape.draw_polyline(points)
        shape.finish(color=(0, 0, 0), width=1.0, closePath=False)
        for k in range(5):
            page.insert_text((x0 + 30 + k * (x1 - x0 - 40) / 4 - 4, y1 - 6), str(k * 5), fontsize=7)
    elif kind == "blocks":
        n = 4  # boxes in the lower part of the figure's box, so the caption sits 40 pt below them
        width = (x1 - x0 - 30 * (n - 1)) / n
        top, bottom = y0 + 90, y1 - 20
        for k in range(n):
            bx = x0 + k * (width + 30)
            shape.draw_rect(pymupdf.Rect(bx, top, bx + width, bottom))
            if k:
                shape.draw_line((bx - 30, (top + bottom) / 2), (bx, (top + bottom) / 2))
        shape.finish(color=(0, 0, 0), width=1.2)
        for k, name in enumerate(["Sensor", "Encoder", "Radio", "Ground"]):
            page.insert_text((x0 + k * (width + 30) + 6, (top + bottom) / 2 + 3), name, fontsize=8)
    else:  # a section: nested outlines and hatching
        shape.draw_rect(pymupdf.Rect(x0 + 20, y0 + 20, x1 - 20, y1 - 20))
        shape.draw_rect(pymupdf.Rect(x0 + 60, y0 + 50, x1 - 60, y1 - 50))
        for k in range(12):
            shape.draw_line((x0 + 20 + k * 12, y0 + 20), (x0 + 20, y0 + 20 + k * 12))
        shape.finish(color=(0, 0, 0), width=1.0)
    shape.commit()
