"""Countries and affiliations of watch-listed institutions on layouts from the fresh2 batch (issue 26)."""
from __future__ import annotations

import pytest

from figscan.extract.frontmatter.places import country_of


@pytest.mark.parametrize("text, country", [
    ("Northwestem Polytechnical University", "CN"),  # OCR's "m" for "rn", no address printed
    ("火箭军士官学校", "CN"),  # a PLA school by its Chinese name
    ("Northwestem Research, Inc.", None),
])
def test_listed_institutions_imply_their_country_through_ocr_slips_and_chinese_names(text: str,
                                                                                      country: str | None) -> None:
    assert country_of(text) == country
