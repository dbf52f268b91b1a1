"""figscan asks PyMuPDF's layout model for boxes only, without its table-grid step: same boxes."""
from __future__ import annotations

import pymupdf

from figscan.extract.document import _layout_model, layout_without_grids


def table_page() -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 80), "Table 2. Measured drag coefficients", fontsize=11)
    for row in range(7):
        y = 100 + row * 22
        page.draw_line((72, y), (523, y))
        for column, x in enumerate((72, 222, 372)):
            page.insert_text((x + 6, y + 15), f"{'Mach' if row == 0 else row * 0.3 + column:.2f}"
                             if row else ("Mach", "Cd", "Cl")[column], fontsize=10)
    for x in (72, 222, 372, 523):
        page.draw_line((x, 100), (x, 232))
    page.insert_textbox(pymupdf.Rect(72, 260, 523, 500), "The coefficients in Table 2 were measured in the "
                        "wind tunnel at three angles of attack. " * 6, fontsize=10)
    return page


def test_boxes_without_grids_are_the_boxes_of_get_layout() -> None:
    assert _layout_model() is not None, "pymupdf-layout's model is no longer where figscan looks for it"
    page = table_page()
    boxes = layout_without_grids(page)
    page.get_layout()
    assert boxes == page.layout_information
    assert boxes and all(len(box) >= 5 for box in boxes)


def test_the_shared_model_keeps_its_table_grids() -> None:
    # figscan's copy drops the grid reader; the model other code in the process uses keeps it
    shared = next(c.cell_contents for c in pymupdf._get_layout.__closure__ if hasattr(c.cell_contents, "_model"))
    assert shared._model.table_grid_extractor is not None
    assert _layout_model().table_grid_extractor is None
