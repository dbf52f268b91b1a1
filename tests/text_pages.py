"""Pages of plain text lines drawn with PyMuPDF and read back through figscan's own text
extraction, for tests that assert what the front-matter readers make of a few lines."""
from __future__ import annotations

import pymupdf

from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.model import PageText


def text_page(lines: list[tuple[float, float, str]], font: str = "helv") -> list[PageText]:
    """One US-letter page with each (x, y, text) drawn at 10 pt in `font`, as read by a scan."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for x, y, text in lines:
        page.insert_text((x, y), text, fontsize=10, fontname=font)
    return [read_page_text(doc[0], 1, Limits())]
