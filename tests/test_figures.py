"""Figure finding on generated PDFs whose truth is known: each case a reviewer relies on.

Every PDF is drawn here with pymupdf: raster, vector, mixed, rotated, scanned, captions above,
below and beside, a logo on every page, two columns, tables, equations, subfigures.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest
from conftest import draw_rocket, draw_table, make_scanned_page

from figscan.config import Limits
from figscan.extract.captions import CAPTION, find_caption
from figscan.extract.document import read_document
from figscan.extract.figures import Region, mark_decorations, raster_regions
from figscan.model import Figure, PaperResult, TextLine

BODY = "The vibration of composite shells under thermal load was measured in a wind tunnel. "


def photo(width: int = 160, height: int = 100, seed: int = 0) -> pymupdf.Pixmap:
    """A noisy gradient: a photograph's texture, nothing like text."""
    rng = np.random.default_rng(seed)
    base = np.add.outer(np.linspace(0, 120, height), np.linspace(0, 120, width))
    pixels = np.clip(base + rng.normal(0, 25, (height, width)), 0, 255).astype(np.uint8)
    return pymupdf.Pixmap(pymupdf.csGRAY, width, height, pixels.tobytes(), False)


def draw_plot(page: pymupdf.Page, rect: pymupdf.Rect, seed: int = 0) -> None:
    """A line plot: axes frame, ticks with numbers, a curve, axis labels."""
    shape = page.new_shape()
    shape.draw_rect(rect)
    for i in range(6):
        x = rect.x0 + i * rect.width / 5
        shape.draw_line((x, rect.y1), (x, rect.y1 + 3))
    rng = np.random.default_rng(seed)
    ys = np.cumsum(rng.normal(0, 1, 40))
    ys = (ys - ys.min()) / max(np.ptp(ys), 1e-6)
    points = [(rect.x0 + i * rect.width / 39, rect.y1 - 5 - v * (rect.height - 10)) for i, v in enumerate(ys)]
    shape.draw_polyline(points)
    shape.finish(color=(0, 0, 0), width=0.8)
    shape.commit()
    for i in range(6):
        page.insert_text((rect.x0 + i * rect.width / 5 - 3, rect.y1 + 11), str(i * 2), fontsize=6)
    page.insert_text((rect.x0 + rect.width / 2 - 15, rect.y1 + 20), "time (s)", fontsize=7)


def body(page: pymupdf.Page, rect: pymupdf.Rect, repeat: int = 6) -> None:
    page.insert_textbox(rect, BODY * repeat, fontsize=9)


def save(doc: pymupdf.Document, path: Path) -> Path:
    doc.save(path)
    return path


def figures_of(path: Path, **limits) -> list[Figure]:
    return [f.figure for f in read_document(path, Limits(**limits), ocr=False).figures]


def covers(figure_bbox, truth, share: float = 0.9) -> bool:
    x0, y0 = max(figure_bbox[0], truth[0]), max(figure_bbox[1], truth[1])
    x1, y1 = min(figure_bbox[2], truth[2]), min(figure_bbox[3], truth[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter >= share * (truth[2] - truth[0]) * (truth[3] - truth[1])


def test_raster_placement_has_its_displayed_bbox_and_caption_below(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    body(page, pymupdf.Rect(72, 72, 540, 200))
    page.insert_image(pymupdf.Rect(100, 220, 500, 470), pixmap=photo(seed=1))  # scaled 2.5x from 160x100 px
    page.insert_text((100, 485), "Figure 1: Photograph of the test article.", fontsize=9)
    (figure,) = figures_of(save(doc, tmp_path / "raster.pdf"))
    assert figure.kind == "raster" and figure.role == "figure"
    assert figure.bbox == pytest.approx((100, 220, 500, 470), abs=0.5)
    assert figure.caption == "Figure 1: Photograph of the test article."


def test_tiles_of_one_picture_are_one_figure(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    for row in range(4):  # a picture stored as four strips, as scanners and some exporters do
        page.insert_image(pymupdf.Rect(100, 200 + row * 20, 400, 220 + row * 20), pixmap=photo(150, 10, seed=row))
    page.insert_text((100, 300), "Fig. 2. A tiled image.", fontsize=9)
    (figure,) = figures_of(save(doc, tmp_path / "tiles.pdf"))
    assert figure.bbox == pytest.approx((100, 200, 400, 280), abs=0.5)
    assert figure.caption.startswith("Fig. 2.")


def test_raster_tiles_merge_but_separate_images_do_not():
    placed = [((0, 0, 50, 10), {"width": 50, "size": 1}), ((0, 10, 50, 20), {"width": 50, "size": 2}),
              ((100, 0, 150, 20), {"width": 50, "size": 3})]
    regions = sorted(raster_regions(placed), key=lambda r: r.bbox)
    assert [r.bbox for r in regions] == [(0, 0, 50, 20), (100, 0, 150, 20)]
    assert len(regions[0].signature) == 2 and len(regions[1].signature) == 1


def test_vector_drawing_takes_its_labels_but_not_the_body_text(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    body(page, pymupdf.Rect(72, 72, 540, 160))
    draw_rocket(page, 150, 300, 300)
    page.insert_text((160, 270), "nose cone", fontsize=7)  # a label over the drawing
    page.insert_text((405, 345), "fin", fontsize=7)  # a label touching the fins from below
    page.insert_text((150, 390), "Figure 3: A rocket with labelled parts.", fontsize=9)
    body(page, pymupdf.Rect(72, 420, 540, 520))
    (figure,) = figures_of(save(doc, tmp_path / "vector.pdf"))
    assert figure.kind == "vector"
    x0, y0, x1, y1 = figure.bbox
    assert x0 <= 150 and x1 >= 450 and y0 <= 262 and y1 >= 345  # drawing and both labels
    assert y0 >= 160 and y1 <= 380  # neither paragraph, nor the caption line
    assert figure.caption == "Figure 3: A rocket with labelled parts."


def test_mixed_page_keeps_raster_and_vector_figures_apart(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    draw_plot(page, pymupdf.Rect(100, 100, 300, 220))
    page.insert_text((100, 250), "Figure 1: Displacement over time.", fontsize=9)
    body(page, pymupdf.Rect(72, 270, 540, 360))
    page.insert_image(pymupdf.Rect(150, 380, 450, 560), pixmap=photo(seed=3))
    page.insert_text((150, 575), "Figure 2: The rig.", fontsize=9)
    figures = sorted(figures_of(save(doc, tmp_path / "mixed.pdf")), key=lambda f: f.bbox[1])
    assert [(f.kind, f.caption) for f in figures] == [("vector", "Figure 1: Displacement over time."),
                                                     ("raster", "Figure 2: The rig.")]
    assert covers(figures[0].bbox, (100, 100, 300, 228))  # frame and tick numbers


def test_rotated_page_gives_boxes_as_displayed(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(pymupdf.Rect(100, 100, 300, 200), pixmap=photo(200, 100, seed=4))
    page.insert_text((100, 215), "Figure 1: rotated.", fontsize=9)
    page.set_rotation(90)  # where that rectangle appears once the page is shown turned:
    shown = pymupdf.Rect(100, 100, 300, 200) * page.rotation_matrix
    (figure,) = figures_of(save(doc, tmp_path / "rotated.pdf"))
    assert figure.bbox == pytest.approx(tuple(shown), abs=1)
    assert figure.bbox[2] - figure.bbox[0] == pytest.approx(100, abs=1)  # 200 x 100 turned to 100 x 200
    assert figure.caption == "Figure 1: rotated."


def test_scanned_page_gives_its_drawing_not_the_whole_page(tmp_path):
    figures = figures_of(make_scanned_page(tmp_path / "scan.pdf"))
    assert figures and all(f.kind == "scan" for f in figures)
    assert any(covers(f.bbox, (150, 430, 450, 470)) for f in figures)  # the rocket
    assert all((f.bbox[3] - f.bbox[1]) < 400 for f in figures)  # not the page


def test_scanner_shadow_along_the_edge_is_not_a_figure(tmp_path):
    source = pymupdf.open()
    page = source.new_page(width=595, height=842)
    draw_rocket(page, 150, 400, 300)
    page.draw_rect(pymupdf.Rect(20, 790, 575, 830), color=(0, 0, 0), fill=(0.1, 0.1, 0.1))  # lid shadow
    pix = page.get_pixmap(dpi=100)
    scan = pymupdf.open()
    scan.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=pix)
    figures = figures_of(save(scan, tmp_path / "shadow.pdf"))
    assert any(covers(f.bbox, (150, 380, 450, 420)) for f in figures)
    assert not any(f.bbox[1] > 700 for f in figures)


@pytest.mark.parametrize("where", ["below", "above", "beside"])
def test_caption_is_found_below_above_or_beside(tmp_path, where):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(100, 300, 350, 450), pixmap=photo(seed=5))
    origin = {"below": (100, 465), "above": (100, 290), "beside": (360, 375)}[where]
    page.insert_text(origin, "FIG. 4 Test article.", fontsize=9)
    (figure,) = figures_of(save(doc, tmp_path / f"{where}.pdf"))
    assert figure.caption == "FIG. 4 Test article."


@pytest.mark.parametrize("text", ["Fig. 3 Side view", "Figure 3: side view", "FIG. 3 SIDE VIEW", "图 3 弹体侧视图",
                                  "图3 弹体侧视图", "Figure 12a. Detail", "Figs. 3 and 4",
                                  "Fic. 5. Smooth reaction front", "FlG. 2 Model"])
def test_caption_forms(text):
    assert CAPTION.match(text)


@pytest.mark.parametrize("text", ["Figures show that the load grows", "Fig tree", "Table 3: loads", "Configuration 3",
                                  "Ficus 3 leaves"])
def test_not_captions(text):
    assert not CAPTION.match(text)


def test_caption_keeps_its_continuation_lines_only():
    lines = [TextLine(1, (100, 310, 300, 320), "Figure 2: The measured field at", 9),
             TextLine(1, (100, 321, 300, 331), "the nozzle exit.", 9),
             TextLine(1, (100, 360, 300, 370), "Body text resumes after a gap.", 9)]
    assert find_caption((100, 100, 300, 300), lines) == "Figure 2: The measured field at the nozzle exit."


def make_logo_report(path: Path, pages: int = 5) -> Path:
    doc = pymupdf.open()
    logo = photo(60, 60, seed=9)
    for number in range(pages):
        page = doc.new_page()
        page.insert_image(pymupdf.Rect(500, 20, 560, 80), pixmap=logo)  # the same header logo
        body(page, pymupdf.Rect(72, 100, 540, 250))
        if number == 2:
            page.insert_image(pymupdf.Rect(100, 300, 400, 480), pixmap=photo(seed=10))
            page.insert_text((100, 495), "Figure 1: The only real figure.", fontsize=9)
    return save(doc, path)


def test_logo_on_every_page_is_a_decoration_rendered_once(tmp_path):
    document = read_document(make_logo_report(tmp_path / "logo.pdf"), Limits(), ocr=False)
    decorations = [f for f in document.figures if f.figure.decoration]
    figures = [f for f in document.figures if not f.figure.decoration]
    assert len(decorations) == 5 and {f.figure.page for f in decorations} == {1, 2, 3, 4, 5}
    assert [f.figure.caption for f in figures] == ["Figure 1: The only real figure."]
    assert len({id(f.pixels) for f in decorations}) == 1  # one render, shared by all pages


def test_decorations_are_not_analysed_nor_in_the_gallery(tmp_path, monkeypatch):
    import figscan.pipeline as pipeline
    from figscan.config import Config
    from figscan.discover import describe
    from figscan.report.html import paper_view

    analysed = []
    real = pipeline.analyse_figure
    def counting(pixels, *args, **kwargs):
        analysed.append(pixels.shape)
        return real(pixels, *args, **kwargs)
    monkeypatch.setattr(pipeline, "analyse_figure", counting)
    output = pipeline.scan_file(describe(make_logo_report(tmp_path / "logo.pdf"), tmp_path), Config(ocr=False))
    result, assets = output.result, output.assets
    assert len(analysed) == 1  # the real figure only
    decorations = [f for f in result.figures if f.decoration]
    assert len(decorations) == 5 and len({f.image for f in decorations}) == 1 and decorations[0].image in assets
    view = paper_view(result, "x.html", set(assets), None, None)
    assert [f["caption"] for f in view["other_figures"] + view["flagged_figures"]] == ["Figure 1: The only real figure."]
    assert view["decorations"][0]["count"] == 5 and view["decorations"][0]["pages"] == "1–5"
    assert PaperResult.from_dict(result.to_dict()).figures[0].role == "decoration"


def test_same_sized_plots_at_the_same_place_are_not_decorations():
    """A thesis puts one plot per page at the same spot: they differ in what they show."""
    regions = {n: [Region((100, 100, 400, 300), "vector", signature=("vector", 300, 200, f"plot {n} 0 2 4"))]
               for n in range(1, 6)}
    assert mark_decorations(regions, {n: (612, 792) for n in regions}) == 0
    header = {n: [Region((100, 20, 400, 60), "vector", signature=("vector", 300, 40, "ACME Lab"))] for n in range(1, 4)}
    assert mark_decorations(header, {n: (612, 792) for n in header}) == 3


def test_two_column_page_finds_the_figure_in_each_column(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for x0 in (50, 320):
        body(page, pymupdf.Rect(x0, 60, x0 + 242, 300), repeat=8)
        body(page, pymupdf.Rect(x0, 500, x0 + 242, 740), repeat=8)
    draw_plot(page, pymupdf.Rect(70, 320, 270, 440), seed=1)
    page.insert_text((50, 480), "Fig. 1. Left column plot.", fontsize=8)
    page.insert_image(pymupdf.Rect(340, 320, 540, 460), pixmap=photo(seed=2))
    page.insert_text((320, 480), "Fig. 2. Right column photo.", fontsize=8)
    figures = sorted(figures_of(save(doc, tmp_path / "columns.pdf")), key=lambda f: f.bbox[0])
    assert [f.caption for f in figures] == ["Fig. 1. Left column plot.", "Fig. 2. Right column photo."]
    assert figures[0].bbox[2] < 300 and figures[1].bbox[0] > 300  # one per column, not merged
    assert all(f.bbox[1] > 300 and f.bbox[3] < 500 for f in figures)  # no body text taken in


def test_tables_and_equations_are_not_figures(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((100, 90), "Table 1: Loads per station.", fontsize=9)
    draw_table(page, pymupdf.Rect(100, 100, 460, 220))
    # an equation set as an image: render a formula-like line of text and insert it as a picture
    scratch = pymupdf.open()
    formula = scratch.new_page(width=220, height=40)
    formula.insert_text((5, 25), "E = m c2 + (a + b) / 2", fontsize=16)
    formula.draw_line((5, 30), (200, 30))
    page.insert_image(pymupdf.Rect(150, 260, 370, 300), pixmap=formula.get_pixmap(dpi=150))
    draw_plot(page, pymupdf.Rect(150, 360, 400, 500))  # the one figure
    page.insert_text((150, 535), "Figure 1: A plot is a figure.", fontsize=9)
    figures = figures_of(save(doc, tmp_path / "negatives.pdf"))
    assert [f.caption for f in figures] == ["Figure 1: A plot is a figure."]


def test_subfigures_are_one_figure_with_their_panels(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    for i, x0 in enumerate((80, 320)):
        draw_plot(page, pymupdf.Rect(x0, 200, x0 + 200, 320), seed=i)
        page.insert_text((x0 + 90, 345), f"({'ab'[i]})", fontsize=8)
    page.insert_text((80, 365), "Figure 5: (a) Lift and (b) drag over time.", fontsize=9)
    (figure,) = figures_of(save(doc, tmp_path / "panels.pdf"))
    assert figure.caption.startswith("Figure 5:")
    assert len(figure.panels) == 2
    left, right = figure.panels
    assert left[2] < 300 < right[0]  # side by side, left first
    assert covers(figure.bbox, left, 1.0) and covers(figure.bbox, right, 1.0)


def test_old_stored_figures_without_role_or_panels_still_load():
    old = {"id": "p1-f1", "page": 1, "bbox": [0, 0, 10, 10], "kind": "raster", "caption": "", "image": None,
           "width_px": 0, "height_px": 0, "shape": None}
    result = PaperResult.from_dict({"path": "a.pdf", "status": "ok", "figures": [old]})
    assert result.figures[0].role == "figure" and result.figures[0].panels == []
    with_panels = dict(old, panels=[[0, 0, 5, 10], [5, 0, 10, 10]], role="figure")
    assert PaperResult.from_dict({"path": "a.pdf", "status": "ok", "figures": [with_panels]}).figures[0].panels == [
        (0, 0, 5, 10), (5, 0, 10, 10)]


def test_every_figure_is_rendered_within_the_pixel_cap(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=3000, height=3000)  # a poster: its figure would be huge at 150 dpi
    page.insert_image(pymupdf.Rect(100, 100, 2900, 2900), pixmap=photo(seed=6))
    document = read_document(save(doc, tmp_path / "poster.pdf"), Limits(max_figure_side_px=400), ocr=False)
    assert document.figures and all(max(f.pixels.shape[:2]) <= 400 for f in document.figures)


def sparse_grid_page(tmp_path: Path) -> Path:
    """A big ruled grid with a word in each of its 9 cells and no caption: a sparse table, or a
    block diagram? Straight strokes, text covering little of it: the cheap signals cannot tell."""
    doc = pymupdf.open()
    page = doc.new_page()
    body(page, pymupdf.Rect(72, 72, 540, 160))
    draw_table(page, pymupdf.Rect(100, 200, 500, 400), rows=3, cols=3)
    return save(doc, tmp_path / "grid.pdf")


@pytest.mark.parametrize("verdict, kept", [("table", False), ("picture", True), (None, True)])
def test_layout_model_decides_only_what_cheap_signals_cannot(tmp_path, verdict, kept):
    from figscan.extract.document import read_page_text
    from figscan.extract.figures import locate_figures

    doc = pymupdf.open(sparse_grid_page(tmp_path))
    page = doc[0]
    page_text = read_page_text(page, 1, Limits(), ocr=False)
    asked = []

    def layout(p):
        asked.append(p.number)
        return [] if verdict is None else [((95, 195, 505, 405), verdict)]

    regions, _ = locate_figures(page, page_text, Limits(), layout=layout)
    assert asked == [0]
    assert bool(regions) == kept


def test_layout_model_is_not_asked_when_the_signals_agree(tmp_path):
    from figscan.extract.document import read_page_text
    from figscan.extract.figures import locate_figures

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((100, 90), "Table 1: Loads per station.", fontsize=9)
    draw_table(page, pymupdf.Rect(100, 100, 460, 220))
    draw_plot(page, pymupdf.Rect(150, 360, 400, 500))
    page.insert_text((150, 535), "Figure 1: A plot.", fontsize=9)
    page = pymupdf.open(save(doc, tmp_path / "agree.pdf"))[0]
    asked = []
    regions, _ = locate_figures(page, read_page_text(page, 1, Limits(), ocr=False), Limits(),
                                layout=lambda p: asked.append(p) or [])
    assert asked == [] and [r.caption for r in regions] == ["Figure 1: A plot."]


def test_layout_budget_stops_asking_after_its_pages(tmp_path):
    from figscan.extract.document import LayoutBudget

    doc = pymupdf.open(make_logo_report(tmp_path / "five.pdf"))
    calls = []
    # stand-in for the model run, so the test counts calls without the model's cost
    budget = LayoutBudget(2, ask=lambda page: calls.append(page.number) or [])
    for page in doc:
        budget(page)
    assert calls == [0, 1] and budget.asked == [1, 2] and budget.pages_left == 0


def test_chinese_caption_is_paired(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(100, 200, 420, 400), pixmap=photo(seed=8))
    page.insert_text((100, 415), "图 3 弹体侧视图", fontsize=9, fontname="china-s")
    (figure,) = figures_of(save(doc, tmp_path / "zh.pdf"))
    assert figure.caption == "图 3 弹体侧视图"
