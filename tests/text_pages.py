"""Pages of plain text lines drawn with PyMuPDF and read back through figscan's own text
extraction, for tests that assert what the front-matter readers make of a few lines."""
from __future__ import annotations

import pymupdf

from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.model import PageText


def text_pages(*page_lines: list[tuple[float, float, str]], font: str = "helv", size: float = 10) -> list[PageText]:
    """US-letter pages, one per list, each (x, y, text) drawn at `size` pt in `font`, as read by a scan."""
    doc = pymupdf.open()
    for lines in page_lines:
        page = doc.new_page(width=612, height=792)
        for x, y, text in lines:
            page.insert_text((x, y), text, fontsize=size, fontname=font)
    return [read_page_text(doc[i], i + 1, Limits()) for i in range(doc.page_count)]


def text_page(lines: list[tuple[float, float, str]], font: str = "helv") -> list[PageText]:
    """One page of (x, y, text) lines at 10 pt."""
    return text_pages(lines, font=font)
