from pathlib import Path

import pymupdf
import pytest
from conftest import make_scanned_page

from figscan.config import Limits
from figscan.extract.captions import find_caption
from figscan.extract.document import DocumentError, read_document, sniff_not_pdf
from figscan.extract.figures import Region, group_adjacent, merge_panels
from figscan.geometry import merge_touching
from figscan.model import TextLine


def test_reads_text_in_reading_order_and_typography(paper_pdf):
    document = read_document(paper_pdf, Limits())
    page = document.pages[0]
    assert page.has_text_layer and not page.ocr_used
    assert page.lines[0].text == "Vibration of a finned body"
    assert page.lines[0].size == pytest.approx(18, abs=0.5)
    assert page.text.index("Kim Chol") < page.text.index("Abstract")


def test_finds_vector_and_raster_figures_with_captions(paper_pdf):
    document = read_document(paper_pdf, Limits())
    kinds = {f.figure.kind: f for f in document.figures}
    assert set(kinds) == {"vector", "raster"}
    rocket = kinds["vector"].figure
    x0, y0, x1, y1 = rocket.bbox
    assert x0 <= 121 and x1 >= 459 and y0 <= 340 - 24 and y1 >= 340 + 24  # fins included
    assert rocket.caption.startswith("Fig. 1.")
    assert kinds["raster"].figure.caption.startswith("Figure 2:")
    raster = kinds["raster"].figure.bbox
    assert raster == pytest.approx((150, 480, 450, 660), abs=1)


def test_figure_pixels_are_bounded_and_match_the_bbox(paper_pdf):
    limits = Limits(max_figure_side_px=300)
    document = read_document(paper_pdf, limits)
    for figure_image in document.figures:
        height, width, channels = figure_image.pixels.shape
        assert channels == 3 and max(height, width) <= 300
        x0, y0, x1, y1 = figure_image.figure.bbox
        assert width / height == pytest.approx((x1 - x0) / (y1 - y0), rel=0.05)


def test_scanned_page_is_ocred_and_its_picture_found(tmp_path):
    document = read_document(make_scanned_page(tmp_path / "scan.pdf"), Limits())
    page = document.pages[0]
    assert not page.has_text_layer
    figures = [f.figure for f in document.figures]
    assert figures and all(f.kind == "scan" for f in figures)
    # the rocket (x 150..450, y ~430..470) is inside a found region, the text block is not all of it
    assert any(f.bbox[0] <= 160 and f.bbox[2] >= 440 and f.bbox[1] <= 440 and f.bbox[3] >= 460 for f in figures)
    if page.ocr_used:
        assert "projectile" in page.text.lower()


def test_ocr_can_be_turned_off(tmp_path):
    document = read_document(make_scanned_page(tmp_path / "scan.pdf"), Limits(), ocr=False)
    assert not document.pages[0].ocr_used and document.pages[0].text == ""


@pytest.mark.parametrize("head, reason", [
    (b"", "empty file"),
    (b"PK\x03\x04rest", "starts with PK"),
    (b"<!DOCTYPE html>", "HTML"),
    (b"\x89PNG\r\n", "PNG"),
    (b"just some text", "no %PDF- header"),
])
def test_sniff_explains_what_a_non_pdf_is(head, reason):
    assert reason in sniff_not_pdf(head)


def test_sniff_accepts_a_pdf_header_after_junk():
    assert sniff_not_pdf(b"\x00\x00junk%PDF-1.7\n") is None


def test_encrypted_pdf_needs_password(tmp_path, paper_pdf):
    doc = pymupdf.open(paper_pdf)
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    with pytest.raises(DocumentError, match="encrypted: password required"):
        read_document(path, Limits())


def test_truncated_pdf_keeps_what_it_can_or_says_why(tmp_path, paper_pdf):
    data = paper_pdf.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    try:
        document = read_document(path, Limits())
    except DocumentError as exc:
        assert str(exc)
    else:
        assert any("damaged" in p or "repaired" in p for p in document.problems)


def test_page_limit_is_reported(tmp_path):
    doc = pymupdf.open()
    for n in range(5):
        doc.new_page().insert_text((72, 72), f"Page {n} has enough words to count as a text layer.")
    path = tmp_path / "long.pdf"
    doc.save(path)
    document = read_document(path, Limits(max_pages=2))
    assert len(document.pages) == 2
    assert "only the first 2 of 5 pages were read" in document.problems


def test_caption_below_is_preferred_to_one_far_away():
    lines = [TextLine(1, (100, 50, 300, 60), "Figure 1: above, far", 9),
             TextLine(1, (100, 310, 300, 320), "Fig. 2. right below", 9),
             TextLine(1, (100, 321, 300, 331), "second caption line", 9)]
    assert find_caption((100, 100, 300, 300), lines) == "Fig. 2. right below second caption line"


def test_merge_boxes_joins_touching_boxes_only():
    merged = merge_touching([(0, 0, 10, 10), (11, 0, 20, 10), (100, 100, 110, 110)])
    assert sorted(merged) == [(0, 0, 20, 10), (100, 100, 110, 110)]


def test_panels_in_a_row_under_one_caption_become_one_figure():
    caption = "Figure 3.1: (a) Forces, (b) moments, (c) angles."
    panels = [Region((110, 127, 172, 297), "vector", caption=caption), Region((255, 127, 326, 297), "vector", caption=caption),
              Region((400, 127, 480, 297), "vector", caption=caption),
              Region((110, 400, 480, 500), "vector", caption="Figure 3.2: other")]
    merged = sorted(merge_panels(panels), key=lambda r: r.bbox)
    assert [(r.bbox, r.caption) for r in merged] == [((110, 127, 480, 297), caption), ((110, 400, 480, 500), "Figure 3.2: other")]
    assert merged[0].panels == [(110, 127, 172, 297), (255, 127, 326, 297), (400, 127, 480, 297)]
    assert merged[1].panels == []


def test_panels_without_a_caption_stay_apart():
    panels = [Region((0, 0, 50, 50), "vector"), Region((60, 0, 110, 50), "vector")]
    assert len(merge_panels(panels)) == 2


def test_fuzz_mutant_with_a_broken_page_count_is_a_clear_error():
    """benchmarks/fuzz.py --seed 1, mutant 273 (of samples/corrupt_truncated.pdf): MuPDF opened
    it, then raised while counting pages, which used to surface as an "unexpected error"."""
    path = Path(__file__).parent / "pdfs" / "fuzz-invalid-page-count.pdf"
    with pytest.raises(DocumentError, match=r"^broken PDF: .*Invalid number of pages"):
        read_document(path, Limits())


def test_a_grid_of_subplots_is_one_figure_unless_text_separates_them():
    def grid():
        return [Region((100, 100, 250, 200), "vector"), Region((260, 100, 400, 200), "vector"),
                Region((100, 212, 250, 300), "raster"), Region((260, 212, 400, 300), "vector")]
    merged = group_adjacent(grid(), [])
    assert [(r.bbox, r.kind) for r in merged] == [((100, 100, 400, 300), "vector")]
    assert sorted(merged[0].panels) == sorted(r.bbox for r in grid())
    caption = [TextLine(1, (100, 202, 300, 210), "Figure 1: the upper row.", 8)]
    assert len(group_adjacent(grid(), caption)) == 2
    label = [TextLine(1, (150, 202, 200, 210), "(a) view", 8)]
    assert len(group_adjacent(grid(), label)) == 1


def test_a_page_whose_figures_break_keeps_its_text(paper_pdf, monkeypatch):
    import figscan.extract.document as document

    def broken(*args, **kwargs):
        raise RuntimeError("code=2: invalid image")

    monkeypatch.setattr(document, "locate_figures", broken)
    result = read_document(paper_pdf, Limits())
    assert "Kim Chol" in result.pages[0].text and result.figures == []
    assert result.problems == ["page 1: figures could not be read: code=2: invalid image"]
