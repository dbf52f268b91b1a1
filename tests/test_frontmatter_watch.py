"""Countries and affiliations of watch-listed institutions on layouts from the fresh2 batch (issue 26)."""
from __future__ import annotations

import pymupdf
import pytest

from figscan.analyse.entities import match_entities
from figscan.extract.frontmatter.affiliations import _looks_like_affiliation
from figscan.extract.frontmatter.places import country_of
from tests.test_frontmatter_layouts import prose, put, read


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


def test_acm_author_grid_lines_right_under_a_name_are_its_affiliation_without_an_institution_word() -> None:
    """ASPLOS 2023 style (fresh2 batch): 12-pt names over 10-pt stacks "USTC" / "SKL of processors,
    ICT, CAS" / "Beijing, China", three columns; an abbreviation-only stack is still an address."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 66, 84, "Heron: Automatically Constrained High-Performance Library", 17.2)
    put(page, 137, 104, "Generation for Deep Learning Accelerators", 17.2)
    for x, name, stack in ((110, "Jun Bi", ("USTC", "SKL of processors, ICT, CAS", "China")),
                           (270, "Qi Guo", ("SKL of processors, ICT, CAS", "Beijing, China")),
                           (430, "Xiaqing Li", ("SKL of processors, ICT, CAS", "Beijing, China"))):
        put(page, x, 131, name, 12)
        centre = x + pymupdf.get_text_length(name, fontsize=12) / 2
        for row, text in enumerate(stack):  # each line centred under the name
            put(page, centre - pymupdf.get_text_length(text, fontsize=10) / 2, 146 + 12 * row, text, 10)
    put(page, 110, 190, "Ling Li*", 12)
    put(page, 100, 205, "*Joint first authors", 10)  # a note right under a name is no address
    put(page, 54, 235, "ABSTRACT", 10.9)
    prose(page, 255, 700)

    front = read(doc)
    found = {m.name for m in match_entities(front, []) if m.where == "affiliation"}

    assert not any("Joint" in a.text for a in front.affiliations)

    assert [a.name for a in front.authors] == ["Jun Bi", "Qi Guo", "Xiaqing Li", "Ling Li"]
    assert {"University of Science and Technology of China",
            "Chinese Academy of Sciences Institute of Computing Technology"} <= found


def test_a_numbered_footnote_address_with_a_country_counts_without_an_institution_word() -> None:
    """Metodološki zvezki style (fresh2 batch): two numbered footnotes; the second names a hospital
    service in French ("Service de ..., Hospices Civils de Lyon, Lyon, France"), no English institution word."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 150, 90, "Odds Ratio, Hazard Ratio and Relative Risk", 17)
    put(page, 240, 125, "Janez Stare1", 12)
    put(page, 220, 145, "Delphine Maucort-Boulch2", 12)
    put(page, 75, 180, "Abstract", 12)
    prose(page, 200, 700)
    put(page, 75, 760, "1 Department of Biostatistics and Medical Informatics, University of Ljubljana, Slovenia", 9)
    put(page, 75, 772, "2 Service de Biostatistique, Hospices Civils de Lyon, Lyon, France", 9)

    front = read(doc)

    assert {a.country for a in front.affiliations} == {"SI", "FR"}


def test_an_iop_download_cover_is_skipped_for_the_papers_own_header() -> None:
    """Bioinspiration & Biomimetics (fresh2 batch): page 1 is IOP's download sheet ("You may also
    like" with other papers' authors); the header, with a publication-history margin box, is on page 2."""
    doc = pymupdf.open()
    cover = doc.new_page(width=595, height=842)
    put(cover, 60, 60, "Bioinspiration & Biomimetics", 14)
    put(cover, 60, 100, "Mechanism design and experiment verification of a mole-inspired robot", 12)
    put(cover, 330, 140, "You may also like", 10)
    put(cover, 330, 160, "Shane A Riddle, Clayton B Jackson, Kathryn A Daltorio et al.", 8)
    put(cover, 60, 180, "View the article online for updates and enhancements.", 9)
    put(cover, 60, 800, "This content was downloaded from IP address 45.196.236.68 on 21/03/2026 at 04:14", 8)
    page = doc.new_page(width=595, height=842)
    put(page, 40, 150, "RECEIVED", 7)
    put(page, 40, 160, "8 July 2025", 7)
    put(page, 40, 180, "ACCEPTED FOR PUBLICATION", 7)
    put(page, 130, 120, "Mechanism design and experiment verification of a mole-inspired robot", 16)
    put(page, 130, 150, "Tao Zhang1,*, Ran Xu1 and Yisheng Guan2", 11)
    put(page, 130, 175, "1 School of Mechanical Engineering and Automation, Beihang University, Beijing, People's "
                        "Republic of China", 8)
    put(page, 130, 187, "2 School of Electro-mechanical Engineering, Guangdong University of Technology, Guangzhou, "
                        "People's Republic of China", 8)
    put(page, 130, 215, "Abstract", 11)
    prose(page, 240, 700)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Tao Zhang", "Ran Xu", "Yisheng Guan"]
    assert [a.country for a in front.affiliations] == ["CN", "CN"]
    assert "Beihang University" in {m.name for m in match_entities(front, []) if m.where == "affiliation"}
