"""The real-figure cutter: licence ids and the rendering convention of SHAPES_DATA.md."""
import pymupdf

from training.shapes_real.extract_pdf_figures import MAX_SIDE, render_pdf_crop, spdx_of

GPL2_HEAD = ("GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991\n\n Preamble\n"
             + "The licenses for most software are designed to take away your freedom. " * 6
             + " ... we use the GNU Lesser General Public License instead ... ")  # as far down as in the real text


def test_gpl2_is_not_taken_for_the_lgpl_it_mentions():
    assert spdx_of(GPL2_HEAD) == "GPL-2.0"


def test_gpl3_is_not_taken_for_the_agpl_it_mentions():
    text = "GNU GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007\n" + "x" * 400 + "GNU Affero General Public License"
    assert spdx_of(text) == "GPL-3.0"


def test_mit_and_unknown():
    assert spdx_of("MIT License\n\nCopyright (c) 2024 someone") == "MIT"
    assert spdx_of("All rights reserved.") == ""


def test_pdf_crop_is_rendered_at_150_dpi_then_downsized():
    doc = pymupdf.open()
    doc.new_page(width=600, height=400)
    small = render_pdf_crop(doc, 1, "0 0 144 72")  # 2 x 1 inch at 150 dpi: 300 x 150 px
    assert small.size == (300, 150) and small.mode == "RGB"
    whole = render_pdf_crop(doc, 1, "")  # 1250 x 833 px at 150 dpi, then long side 512
    assert max(whole.size) == MAX_SIDE
