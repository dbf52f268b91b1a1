"""Precision and recall of figure finding on generated papers whose truth is known.

Run: .venv/bin/python benchmarks/figure_precision.py [--docs 12] [--seed 7] [--keep DIR] [--verbose]

Each generated paper has 5 pages of one or two columns of body text; on each page, 0 to 3
items in free places, each drawn in code: figures (a vector line plot, a bar chart, a
raster photograph, a vector rocket drawing, a two-panel plot with one caption) and things that
are not figures (a ruled table with a "Table N" caption, a table pasted as an image, an
equation set as an image, a boxed note); half the papers carry the same logo in a corner of
every page. Captions go below or above, in the forms "Figure N:", "Fig. N.", "FIG. N".

A found figure is right when it covers at least half of a true figure and is not more than
2.5 times its area. Prints precision and recall, decorations found, and what each false figure
was (which negative it lies on). Nothing here is tuned on: the seed picks new papers.
"""
from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pymupdf

from figscan.config import Limits
from figscan.extract.document import read_document

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import draw_rocket, draw_table  # noqa: E402  (the test suite's drawings)

WIDTH, HEIGHT = 612, 792
BODY = ("The response of the structure was measured at each station and compared with the model; "
        "the differences stay within the uncertainty of the instruments over the whole range. ")
FIGURE_KINDS = ["plot", "bars", "photo", "rocket", "panels"]
NEGATIVE_KINDS = ["table", "table_image", "equation", "note"]


def fill_text(page, rect: pymupdf.Rect, fontsize: float = 9) -> None:
    """About as much body text as fits in `rect` (insert_textbox writes nothing on overflow)."""
    words = (BODY * 12).split()
    count = len(words)
    while count > 3 and page.insert_textbox(rect, " ".join(words[:count]), fontsize=fontsize) < 0:
        count = int(count * 0.85)


def _photo(rng, width: int, height: int) -> pymupdf.Pixmap:
    base = np.add.outer(np.linspace(0, rng.uniform(60, 160), height), np.linspace(0, rng.uniform(60, 160), width))
    pixels = np.clip(base + rng.normal(0, 30, (height, width)), 0, 255).astype(np.uint8)
    return pymupdf.Pixmap(pymupdf.csGRAY, width, height, pixels.tobytes(), False)


def _plot(page, rect, rng, bars: bool = False) -> None:
    frame = pymupdf.Rect(rect.x0 + 18, rect.y0 + 4, rect.x1 - 4, rect.y1 - 16)
    shape = page.new_shape()
    shape.draw_line(frame.bl, frame.br)
    shape.draw_line(frame.bl, frame.tl)
    for i in range(6):
        x = frame.x0 + i * frame.width / 5
        shape.draw_line((x, frame.y1), (x, frame.y1 + 3))
    if bars:
        for i in range(6):
            h = rng.uniform(0.2, 1.0) * frame.height
            x = frame.x0 + (i + 0.2) * frame.width / 6
            shape.draw_rect(pymupdf.Rect(x, frame.y1 - h, x + frame.width / 10, frame.y1))
        shape.finish(color=(0, 0, 0), fill=(0.3, 0.4, 0.8), width=0.6)
    else:
        ys = np.cumsum(rng.normal(0, 1, 50))
        ys = (ys - ys.min()) / max(float(np.ptp(ys)), 1e-6)
        shape.draw_polyline([(frame.x0 + i * frame.width / 49, frame.y1 - 3 - v * (frame.height - 6)) for i, v in enumerate(ys)])
        shape.finish(color=(0, 0, 0), width=0.7)
    shape.commit()
    for i in range(6):
        page.insert_text((frame.x0 + i * frame.width / 5 - 3, frame.y1 + 11), f"{i * 10}", fontsize=6)
    page.insert_text((rect.x0, frame.y0 + 8), "1.0", fontsize=6)


def _rocket(page, rect) -> None:
    x, y, length = rect.x0 + 5, (rect.y0 + rect.y1) / 2, rect.width - 10
    r = min(length / 14, rect.height / 6)
    draw_rocket(page, x, y, length, radius=r, width=1)
    page.insert_text((x + length * 0.22 + 5, y - r - 4), "body tube", fontsize=6)


def _table(page, rect, rng) -> None:
    rows, cols = int(rng.integers(4, 9)), int(rng.integers(3, 6))
    draw_table(page, rect, rows, cols, vertical=rng.random() < 0.6,
               cell=lambda r, c: f"{rng.uniform(0, 100):.1f}", fontsize=7, pad=2)


def _rendered(draw, width: float, height: float) -> pymupdf.Pixmap:
    scratch = pymupdf.open()
    page = scratch.new_page(width=width, height=height)
    draw(page)
    return page.get_pixmap(dpi=150)


def place(page, kind: str, rect: pymupdf.Rect, rng, number: int, caption_above: bool, style: str) -> tuple[str, pymupdf.Rect]:
    """Draw one item in `rect` (caption included); returns its truth: (label, box without caption)."""
    cap_h = 12
    caption_above = caption_above or kind == "table_image"  # tables pasted as images: caption above
    body = pymupdf.Rect(rect.x0, rect.y0 + (cap_h if caption_above or kind == "table" else 0),
                        rect.x1, rect.y1 - (0 if caption_above or kind == "table" else cap_h))
    caption = None
    if kind in FIGURE_KINDS:
        caption = {"a": f"Figure {number}: Measured response of case {number}.",
                   "b": f"Fig. {number}. Response of case {number}.", "c": f"FIG. {number} CASE {number}"}[style]
        if kind == "plot":
            _plot(page, body, rng)
        elif kind == "bars":
            _plot(page, body, rng, bars=True)
        elif kind == "photo":
            page.insert_image(body, pixmap=_photo(rng, int(body.width), int(body.height)), keep_proportion=False)
        elif kind == "rocket":
            _rocket(page, body)
        elif kind == "panels":
            half = (body.width - 20) / 2
            _plot(page, pymupdf.Rect(body.x0, body.y0, body.x0 + half, body.y1), rng)
            _plot(page, pymupdf.Rect(body.x1 - half, body.y0, body.x1, body.y1), rng)
        label = "figure"
    elif kind == "table":
        caption = f"Table {number}: Values at each station."
        _table(page, body, rng)
        label = "table"
    elif kind == "table_image":
        caption = f"Table {number}: Budget."
        pix = _rendered(lambda p: _table(p, pymupdf.Rect(2, 2, body.width - 2, body.height - 2), rng), body.width, body.height)
        page.insert_image(body, pixmap=pix, keep_proportion=False)
        label = "table"
    elif kind == "equation":
        def formula(p):
            p.insert_text((4, body.height * 0.45), "F  =  m a  +  k (x - x0)", fontsize=12)
            p.draw_line((40, body.height * 0.6), (body.width * 0.7, body.height * 0.6), width=0.8)
            p.insert_text((60, body.height * 0.9), "2 m", fontsize=12)
        page.insert_image(body, pixmap=_rendered(formula, body.width, body.height), keep_proportion=False)
        label = "equation"
    else:  # a boxed note: a rectangle around a paragraph
        page.draw_rect(body, color=(0, 0, 0), width=0.6)
        fill_text(page, body + (4, 4, -4, -4), fontsize=8)
        label = "note"
    if caption:
        y = rect.y0 + 9 if caption_above or kind in ("table", "table_image") else rect.y1 - 3
        page.insert_text((rect.x0, y), caption, fontsize=8)
    return label, body


def make_paper(path: Path, rng, pages: int = 5) -> list[dict]:
    """A generated paper at `path`; returns the truth per page."""
    doc = pymupdf.open()
    columns = 1 if rng.random() < 0.5 else 2
    logo = _photo(rng, 48, 48) if rng.random() < 0.5 else None
    corner = pymupdf.Rect(WIDTH - 90, 20, WIDTH - 42, 68) if rng.random() < 0.5 else pymupdf.Rect(42, 20, 90, 68)
    truth = []
    number = 0
    for _ in range(pages):
        page = doc.new_page(width=WIDTH, height=HEIGHT)
        items = []
        if logo is not None:
            page.insert_image(corner, pixmap=logo)
        col_w = (WIDTH - 100 - (columns - 1) * 20) / columns
        for c in range(columns):
            x0 = 50 + c * (col_w + 20)
            y = 80
            while y < HEIGHT - 80:
                if rng.random() < 0.35 and y < HEIGHT - 240:
                    number += 1
                    kind = str(rng.choice(FIGURE_KINDS + NEGATIVE_KINDS))
                    h = float(rng.uniform(60, 150)) if kind != "equation" else float(rng.uniform(30, 45))
                    w = col_w * float(rng.uniform(0.6, 1.0)) if kind != "equation" else min(col_w, 220)
                    rect = pymupdf.Rect(x0 + (col_w - w) / 2, y, x0 + (col_w + w) / 2, y + h + 12)
                    label, box = place(page, kind, rect, rng, number, bool(rng.random() < 0.3), str(rng.choice(list("abc"))))
                    items.append((label, tuple(box)))
                    y = rect.y1 + 14
                else:
                    h = float(rng.uniform(50, 110))
                    fill_text(page, pymupdf.Rect(x0, y, x0 + col_w, y + h))
                    items.append(("text", (x0, y, x0 + col_w, y + h)))
                    y += h + 10
        truth.append({"items": items, "logo": tuple(corner) if logo is not None else None})
    doc.save(path)
    return truth


def _cover(truth, box) -> float:
    x0, y0, x1, y1 = max(truth[0], box[0]), max(truth[1], box[1]), min(truth[2], box[2]), min(truth[3], box[3])
    return max(0, x1 - x0) * max(0, y1 - y0) / max((truth[2] - truth[0]) * (truth[3] - truth[1]), 1e-9)


def _area(b) -> float:
    return (b[2] - b[0]) * (b[3] - b[1])


def evaluate(docs: int, seed: int, folder: Path, verbose: bool = False) -> dict:
    rng = np.random.default_rng(seed)
    counts: Counter[str] = Counter()
    false_on: Counter[str] = Counter()
    for index in range(docs):
        path = folder / f"generated-{index:02d}.pdf"
        truth = make_paper(path, rng)
        document = read_document(path, Limits(), ocr=False)
        for number, page_truth in enumerate(truth, start=1):
            found = [f.figure for f in document.figures if f.figure.page == number]
            figures = [b for label, b in page_truth["items"] if label == "figure"]
            counts["true figures"] += len(figures)
            counts["logos"] += page_truth["logo"] is not None
            for figure in found:
                if figure.decoration:
                    right = page_truth["logo"] is not None and _cover(page_truth["logo"], figure.bbox) >= 0.5
                    counts["decorations right" if right else "decorations wrong"] += 1
                    continue
                counts["found"] += 1
                if any(_cover(t, figure.bbox) >= 0.5 and _area(figure.bbox) <= 2.5 * _area(t) for t in figures):
                    counts["found right"] += 1
                    counts["with caption"] += bool(figure.caption)
                else:
                    under = [label for label, b in page_truth["items"] if _cover(b, figure.bbox) > 0.3]
                    if page_truth["logo"] is not None and _cover(page_truth["logo"], figure.bbox) >= 0.5:
                        under.append("logo")
                    false_on["+".join(sorted(set(under))) or "nothing"] += 1
                    if verbose:
                        print(f"false figure: {path.name} page {number} {figure.kind} {figure.bbox} on {under}")
            for t in figures:
                counts["figures found"] += any(_cover(t, f.bbox) >= 0.5 and _area(f.bbox) <= 2.5 * _area(t)
                                               for f in found if not f.decoration)
    return {"counts": dict(counts), "false figures on": dict(false_on),
            "precision": round(counts["found right"] / max(counts["found"], 1), 3),
            "recall": round(counts["figures found"] / max(counts["true figures"], 1), 3),
            "logos marked as decorations": f"{counts['decorations right']}/{counts['logos']}",
            "captions on right figures": round(counts["with caption"] / max(counts["found right"], 1), 3)}


def main() -> None:
    argv = sys.argv[1:]
    docs = int(argv[argv.index("--docs") + 1]) if "--docs" in argv else 12
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 7
    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    verbose = "--verbose" in argv
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        report = evaluate(docs, seed, keep, verbose)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report = evaluate(docs, seed, Path(tmp), verbose)
    for key, value in report.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
