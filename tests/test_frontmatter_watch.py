"""Countries and affiliations of watch-listed institutions on layouts from the fresh2 batch (issue 26)."""
from __future__ import annotations

import pymupdf
import pytest

from figscan.analyse.entities import match_entities
from figscan.extract.frontmatter.affiliations import _looks_like_affiliation
from figscan.extract.frontmatter.places import country_of
from tests.test_frontmatter_layouts import put, read


@pytest.mark.parametrize("text, country", [
    ("Northwestem Polytechnical University", "CN"),  # OCR's "m" for "rn", no address printed
    ("火箭军士官学校", "CN"),  # a PLA school by its Chinese name
    ("Northwestem Research, Inc.", None),
])
def test_listed_institutions_imply_their_country_through_ocr_slips_and_chinese_names(text: str,
                                                                                      country: str | None) -> None:
    assert country_of(text) == country


def test_a_chinese_journals_staff_footnote_is_the_affiliation_and_prose_naming_a_country_is_not() -> None:
    """飞航导弹 style (fresh2 batch): no address under the author, two text columns that name 美国 in
    running text, and the footnote "黄雷系火箭军士官学校讲师" (a lecturer at the Rocket Force NCO School)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 150, 90, "美军小精灵无人机群项目发展现状综述", 18, "china-s")
    put(page, 270, 125, "黄雷", 11, "china-s")
    put(page, 60, 160, "摘要 空射可回收无人机群项目是在美国第三次抵消战略的大背景下提出的", 9, "china-s")
    put(page, 310, 160, "造成本不断上涨，加之美国近年来经济发展的持续放缓", 9, "china-s")
    for row in range(28):
        put(page, 60, 190 + 18 * row, "该项目将创建的无人机散布能力可以切实可行地提供解决方案。", 10, "china-s")
        put(page, 310, 190 + 18 * row, "美军赖以生存的质量优势正在被逐渐打破，其投入规模可调。", 10, "china-s")
    put(page, 60, 730, "基金项目：国家自然科学基金（60908044）；火箭军工程大学青年科研基金（QNKY201507）", 7.5, "china-s")
    put(page, 60, 742, "本文2018-03-02收到，黄雷系火箭军士官学校讲师", 7.5, "china-s")

    front = read(doc)
    matches = match_entities(front, [])

    assert [(a.text, a.country) for a in front.affiliations] == [("火箭军士官学校", "CN")]
    assert front.affiliations[0].institution == "火箭军士官学校"
    assert "Rocket Force Non-Commissioned Officer School (PLA)" in {m.name for m in matches if m.where == "affiliation"}


@pytest.mark.parametrize("line, address", [
    ("空射可回收无人机群项目是在美国第三次抵消战略的大背景下提出的", False),  # names 美国 in running text
    ("造成本不断上涨，加之美国近年来经济发展的持续", False),
    ("1. 上海机电工程研究所，上海 201109", True),
    ("3. 空军某部队后勤保障处，甘肃省酒泉市 735018，中国", True),
    ("Department of Physics, University of Oxford, UK", True),
])
def test_a_chinese_line_naming_a_country_is_an_address_only_with_an_institution_or_post_code(line: str,
                                                                                             address: bool) -> None:
    assert _looks_like_affiliation(line) is address
