"""Figure finding on the layouts the real-page dev set showed going wrong (benchmarks/figure_boxes).

Each PDF is drawn here with pymupdf in the way the real one was made: a word processor's white
text-box backgrounds, plot curves clipped to their axes, two figures a narrow gutter apart, a scan
stored as strips, captions in other languages, formulas drawn as paths, labelled subplots.
"""
from __future__ import annotations

import pymupdf
import pytest
from test_figures import BODY, covers, draw_plot, figures_of, photo, save

from figscan.extract.captions import CAPTION


def test_white_text_box_backgrounds_do_not_join_figures(tmp_path):
    """Word puts each figure on a white canvas; canvases that touch paint nothing a reader sees."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(60, 90, 300, 330), color=None, fill=(1, 1, 1))  # canvases that touch
    page.draw_rect(pymupdf.Rect(300, 90, 560, 330), color=None, fill=(1, 1, 1))
    draw_plot(page, pymupdf.Rect(80, 100, 280, 260), seed=1)
    page.insert_text((80, 300), "Figure 3. Left plot.", fontsize=9)
    draw_plot(page, pymupdf.Rect(340, 100, 540, 260), seed=2)
    page.insert_text((340, 300), "Figure 4. Right plot.", fontsize=9)
    figures = figures_of(save(doc, tmp_path / "canvas.pdf"))
    assert sorted(f.caption for f in figures) == ["Figure 3. Left plot.", "Figure 4. Right plot."]
    assert all(f.bbox[2] - f.bbox[0] < 260 for f in figures)


def test_curves_clipped_to_their_axes_do_not_reach_the_text_beside(tmp_path):
    """A plot's data line runs far past its frame and is clipped there (as plotting tools
    write it); the paragraph beside the plot stays outside the figure."""
    source = pymupdf.open()
    plot = source.new_page()
    frame = pymupdf.Rect(320, 120, 540, 300)
    plot.draw_rect(frame, color=(0, 0, 0), width=0.8)
    plot.draw_polyline([(60, 280), (200, 200), (420, 160), (560, 140)], color=(1, 0, 0), width=1)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(40, 120, 300, 300), BODY * 6, fontsize=9)
    clip = frame + (-2, -2, 2, 2)
    page.show_pdf_page(clip, source, 0, clip=clip)  # the plot, clipped to its frame
    page.insert_text((340, 320), "Figure 2. Pressure along the wall.", fontsize=9)
    (figure,) = figures_of(save(doc, tmp_path / "clipped.pdf"))
    assert covers(figure.bbox, tuple(frame))
    assert figure.bbox[0] > 300  # the text column at x < 300 is not in it


def test_plots_a_narrow_gutter_apart_with_their_own_captions_stay_two(tmp_path):
    """Two-column conference pages put figures 17 pt apart, closer than subplots sit; each has
    its own caption below, so they are two figures."""
    doc = pymupdf.open()
    page = doc.new_page()
    left, right = pymupdf.Rect(54, 110, 298, 196), pymupdf.Rect(315, 110, 559, 196)
    for seed, x in enumerate((54, 177, 315, 438)):  # each figure: two plots 2 pt apart
        page.insert_image(pymupdf.Rect(x, 110, x + 121, 196), pixmap=photo(121, 86, seed=seed), keep_proportion=False)
    page.insert_text((60, 210), "Figure 8: AUC versus dropout.", fontsize=9)
    page.insert_text((320, 210), "Figure 11: AUC versus network shape.", fontsize=9)
    figures = figures_of(save(doc, tmp_path / "gutter.pdf"))
    assert sorted(f.caption for f in figures) == ["Figure 11: AUC versus network shape.", "Figure 8: AUC versus dropout."]
    assert any(covers(f.bbox, tuple(left)) and f.bbox[2] < 310 for f in figures)
    assert any(covers(f.bbox, tuple(right)) and f.bbox[0] > 300 for f in figures)


def test_a_scan_stored_as_strips_is_read_as_a_scan(tmp_path):
    """Some converters store a scanned page as 30 full-width strips: together one picture of
    the page, whose drawing is found in the ink, not the page as one figure."""
    source = pymupdf.open()
    page = source.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(60, 60, 535, 250), "Penetration of a projectile into concrete. " * 20, fontsize=11)
    draw_plot(page, pymupdf.Rect(150, 400, 450, 600), seed=5)
    strips = pymupdf.open()
    out = strips.new_page(width=595, height=842)
    for top in range(0, 842, 28):
        clip = pymupdf.Rect(0, top, 595, min(top + 28, 842))
        out.insert_image(clip, pixmap=page.get_pixmap(dpi=100, clip=clip))
    figures = figures_of(save(strips, tmp_path / "strips.pdf"))
    assert figures and all(f.kind == "scan" for f in figures)
    assert any(covers(f.bbox, (150, 400, 450, 600), share=0.8) for f in figures)
    assert all(f.bbox[3] - f.bbox[1] < 400 for f in figures)  # not the page


@pytest.mark.parametrize("text", ["Figura 5. Curva CL-alpha", "Figur 3 Oversikt", "Abbildung 2.8: Ein Merkle-Tree",
                                  "Abb. 4 Schnitt", "Рис. 2. Схема", "Σχήμα 2: Κατανομή"])
def test_captions_in_other_languages(text):
    assert CAPTION.match(text)


@pytest.mark.parametrize("text", ["Figurative speech 3", "Bildung 3 Schulen", "Abbot 3"])
def test_words_that_only_start_like_captions(text):
    assert not CAPTION.match(text)


def draw_formula(page: pymupdf.Page, x: float, y: float) -> None:
    """x_t = (L^2 / R) * sqrt(r^2 / (R^2 + L^2)) as a web page prints it: glyphs, a fraction bar,
    tall parentheses and a radical sign drawn as single strokes."""
    page.insert_text((x, y + 4), "x  =", fontsize=12)
    page.insert_text((x + 40, y - 6), "L", fontsize=12)
    page.draw_line((x + 36, y), (x + 52, y), width=0.8)
    page.insert_text((x + 40, y + 14), "R", fontsize=12)
    page.draw_polyline([(x + 58, y + 2), (x + 62, y + 14), (x + 70, y - 22), (x + 130, y - 22)], width=0.9)  # radical
    for left, right in ((x + 74, x + 124),):
        page.draw_bezier((left + 4, y - 18), (left - 2, y - 6), (left - 2, y + 6), (left + 4, y + 18), width=0.9)
        page.draw_bezier((right - 4, y - 18), (right + 2, y - 6), (right + 2, y + 6), (right - 4, y + 18), width=0.9)
    page.insert_text((x + 88, y - 6), "r", fontsize=12)
    page.draw_line((x + 80, y), (x + 118, y), width=0.8)
    page.insert_text((x + 82, y + 14), "R + L", fontsize=12)


def test_formula_drawn_as_paths_with_tall_signs_is_not_a_figure(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(60, 60, 540, 200), BODY * 5, fontsize=10)
    draw_formula(page, 100, 260)
    page.insert_textbox(pymupdf.Rect(60, 320, 540, 450), BODY * 5, fontsize=10)
    assert figures_of(save(doc, tmp_path / "formula.pdf")) == []


def test_small_uncaptioned_outline_with_labels_stays_a_figure(tmp_path):
    """An outline encloses its inside: not a bracket, however small and thin its stroke."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(60, 60, 540, 200), BODY * 5, fontsize=10)
    page.draw_polyline([(100, 260), (120, 252), (175, 252), (175, 268), (120, 268), (100, 260)], width=0.9)
    page.draw_polyline([(160, 252), (175, 240), (175, 252)], width=0.9)
    page.draw_polyline([(160, 268), (175, 280), (175, 268)], width=0.9)
    for x, label in ((96, "nose"), (126, "body"), (160, "fin")):
        page.insert_text((x, 296), label, fontsize=7)
    page.insert_textbox(pymupdf.Rect(60, 320, 540, 450), BODY * 5, fontsize=10)
    figures = figures_of(save(doc, tmp_path / "outline.pdf"))
    assert any(covers(f.bbox, (100, 240, 175, 280)) for f in figures)


@pytest.mark.parametrize("labels", [True, False])
def test_panels_with_their_labels_join_across_a_wider_gap(tmp_path, labels):
    """Subplots 50 pt apart (tick labels included), each with "(a) ..." under it, are one
    figure; without the labels (and without a caption naming both) they stay apart as before."""
    doc = pymupdf.open()
    page = doc.new_page()
    draw_plot(page, pymupdf.Rect(70, 120, 270, 280), seed=6)
    draw_plot(page, pymupdf.Rect(330, 120, 530, 280), seed=7)
    if labels:
        page.insert_text((140, 318), "(a) Lift curve", fontsize=9)
        page.insert_text((400, 318), "(b) Polar", fontsize=9)
    figures = figures_of(save(doc, tmp_path / "labelled.pdf"))
    if labels:
        (figure,) = figures
        assert covers(figure.bbox, (70, 120, 530, 280)) and len(figure.panels) == 2
    else:
        assert len(figures) == 2
