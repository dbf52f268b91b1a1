"""Front matter on generated first pages, one per layout that real papers use: line-numbered
preprints, numbered affiliations run together, wrapped author lists with markers and ORCID
icons, a bilingual Chinese journal, an Elsevier banner with an article-info box, an SF 298."""
from __future__ import annotations

import pymupdf
import pytest

from figscan.analyse.entities import match_entities
from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.extract.frontmatter import country_of, parse_front_matter
from figscan.model import FrontMatter, PageText

PROSE = ("The combustion of hydrogen in a supersonic cross flow is studied with large eddy simulations. "
         "The cavity holds the flame at all equivalence ratios studied here, and the pressure rise agrees "
         "with the wall measurements within five percent over the whole length of the combustor. ")


def pages_of(doc: pymupdf.Document) -> list[PageText]:
    return [read_page_text(doc[i], i + 1, Limits()) for i in range(doc.page_count)]


def read(doc: pymupdf.Document, metadata: dict[str, str] | None = None) -> FrontMatter:
    return parse_front_matter(pages_of(doc), metadata or {})


def new_page(doc: pymupdf.Document | None = None, size: tuple[float, float] = (595, 842)
             ) -> tuple[pymupdf.Document, pymupdf.Page]:
    """A page added to doc (a new document when None), A4 unless a size is given."""
    doc = doc or pymupdf.open()
    return doc, doc.new_page(width=size[0], height=size[1])


def put(page: pymupdf.Page, x: float, y: float, text: str, size: float, font: str = "helv") -> float:
    """Write text at a baseline; return where it ends, so a superscript can follow."""
    page.insert_text((x, y), text, fontsize=size, fontname=font)
    return x + pymupdf.get_text_length(text, fontname=font, fontsize=size)


def put_html(page: pymupdf.Page, x: float, y: float, text: str, size: float) -> None:
    """Text with glyphs the base-14 fonts lack (⋆, ı, TeX's spacing accents, CJK), set by MuPDF's
    story engine with its fallback fonts; y is the line's top."""
    page.insert_htmlbox(pymupdf.Rect(x, y, 560, y + 2.2 * size), f'<span style="font-size:{size}pt">{text}</span>')


def orcid_icon(page: pymupdf.Page, x: float, y: float) -> float:
    """A small green disc where journals print the ORCID icon after a name."""
    page.draw_circle(pymupdf.Point(x + 4, y - 3), 3.5, color=(0.65, 0.81, 0.22), fill=(0.65, 0.81, 0.22))
    return x + 9


def author_line(page: pymupdf.Page, x: float, y: float, authors: list[tuple[str, str]], size: float = 11,
                icons: bool = False, font: str = "helv") -> None:
    """Names with superscript markers (and icons), comma-separated, "and" before the last."""
    for index, (name, markers) in enumerate(authors):
        if index == len(authors) - 1 and index:
            x = put(page, x, y, "and ", size, font)
        x = put(page, x, y, name, size, font)
        x = put(page, x + 0.5, y - 4, markers, size * 0.6, font)
        if icons:
            x = orcid_icon(page, x + 1, y)
        if index < len(authors) - 1:
            x = put(page, x, y, ", ", size, font)


def prose(page: pymupdf.Page, top: float, bottom: float, text: str = PROSE * 6, size: float = 10) -> None:
    page.insert_textbox(pymupdf.Rect(72, top, 540, bottom), text, fontsize=size)


def test_line_numbered_preprint_gives_title_authors_and_numbered_affiliations() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for number in range(1, 48):
        put(page, 30, 60 + 14.5 * number, str(number), 7)
    put(page, 72, 90, "Numerical investigation of a cavity-based scramjet combustor", 16)
    put(page, 72, 110, "with transverse hydrogen injection", 16)
    author_line(page, 72, 140, [("Wei Zhang", "1"), ("Ming Li", "1,2"), ("John Smith", "2")])
    put(page, 72, 165, "1. Science and Technology on Scramjet Laboratory, National University of Defense", 9)
    put(page, 72, 176, "Technology, Changsha, Hunan 410073, People's Republic of China", 9)
    put(page, 72, 190, "2. Department of Aerospace Engineering, University of Michigan, Ann Arbor, MI 48109, USA", 9)
    put(page, 72, 220, "Abstract", 11)
    prose(page, 228, 700)

    front = read(doc)

    assert front.title == ("Numerical investigation of a cavity-based scramjet combustor with transverse "
                           "hydrogen injection")
    assert [a.name for a in front.authors] == ["Wei Zhang", "Ming Li", "John Smith"]
    assert [a.affiliations for a in front.authors] == [[0], [0, 1], [1]]
    assert [(a.institution, a.city, a.country) for a in front.affiliations] == [
        ("National University of Defense Technology", "Changsha", "CN"),
        ("University of Michigan", "Ann Arbor", "US")]
    assert [(a.unit, a.postcode) for a in front.affiliations] == [
        ("Science and Technology on Scramjet Laboratory", "410073"), ("Department of Aerospace Engineering", "48109")]
    affiliation_hits = {m.name for m in match_entities(front, pages_of(doc)) if m.where == "affiliation"}
    assert "National University of Defense Technology" in affiliation_hits


def test_numbered_affiliations_run_together_in_one_paragraph_are_one_record_each() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 72, 80, "Article", 10)
    put(page, 72, 110, "Thermal protection of reusable launch vehicles by transpiration cooling", 16)
    author_line(page, 72, 140, [("Ana García", "3"), ("Pavel Ivanov", "2"), ("Hui Wang", "1,*")])
    page.insert_textbox(pymupdf.Rect(72, 150, 520, 230),
                        "1 School of Aerospace Engineering, Tsinghua University, Beijing 100084, China; "
                        "2 Skolkovo Institute of Science and Technology, Moscow 121205, Russia; "
                        "3 Instituto de Ingeniería, Universidad Nacional Autónoma de México, CDMX 04510, México; "
                        "* Correspondence: wanghui@tsinghua.edu.cn", fontsize=9)
    put(page, 72, 250, "Abstract:", 10)
    prose(page, 256, 600)

    front = read(doc)

    assert front.title == "Thermal protection of reusable launch vehicles by transpiration cooling"
    assert [a.country for a in front.affiliations] == ["CN", "RU", "MX"]
    assert [a.institution for a in front.affiliations] == [
        "Tsinghua University", "Skolkovo Institute of Science and Technology",
        "Universidad Nacional Autónoma de México"]
    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("Ana García", [2]), ("Pavel Ivanov", [1]), ("Hui Wang", [0])]


def test_wrapped_author_list_with_markers_and_orcid_icons_keeps_every_author() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 72, 100, "Hypersonic boundary layer transition on a blunt cone at angle of attack", 15)
    author_line(page, 72, 130, [("Takeshi Yamamoto", "1"), ("Emily R. Clarke", "2"), ("Jürgen Weber", "3"),
                                ("Mohammad Rezaei", "4")], icons=True)
    author_line(page, 72, 145, [("Sung-Min Park", "5"), ("Li Na", "1,5")], icons=True)
    for index, text in enumerate([
            "1 Department of Aeronautics and Astronautics, The University of Tokyo, Tokyo 113-8656, Japan",
            "2 School of Engineering, University of Glasgow, Glasgow G12 8QQ, UK",
            "3 Institute of Aerodynamics, RWTH Aachen University, 52062 Aachen, Germany",
            "4 Department of Aerospace Engineering, Sharif University of Technology, Tehran, Iran",
            "5 Department of Aerospace Engineering, KAIST, Daejeon 34141, Republic of Korea"]):
        put(page, 72, 170 + 11 * index, text, 8)
    put(page, 72, 250, "Abstract", 11)
    prose(page, 258, 600)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Takeshi Yamamoto", "Emily R. Clarke", "Jürgen Weber",
                                               "Mohammad Rezaei", "Sung-Min Park", "Li Na"]
    assert [a.affiliations for a in front.authors] == [[0], [1], [2], [3], [4], [0, 4]]
    assert [a.country for a in front.affiliations] == ["JP", "GB", "DE", "IR", "KR"]


def test_a_list_of_hundreds_of_authors_is_read_whole() -> None:
    given = ["Anna", "Bruno", "Chen", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas"]
    family = ["Abe", "Berg", "Costa", "Dahl", "Eze", "Fox", "Gill", "Hart", "Ito", "Jung", "Kerr", "Lund"]
    names = [f"{g} {f}" for f in family for g in given][:120]
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 72, 80, "Search for long-lived particles decaying in the outer tracker", 16)
    page.insert_textbox(pymupdf.Rect(72, 95, 520, 500), ", ".join(f"{n}1" for n in names[:-1]) + f" and {names[-1]}2",
                        fontsize=8)
    put(page, 72, 520, "1 Department of Physics, Lund University, 221 00 Lund, Sweden", 8)
    put(page, 72, 531, "2 Department of Physics, University of Tokyo, Tokyo 113-0033, Japan", 8)
    put(page, 72, 560, "Abstract", 11)
    prose(page, 566, 800)

    front = read(doc)

    assert [a.name for a in front.authors] == names
    assert [a.country for a in front.affiliations] == ["SE", "JP"]


def test_bilingual_chinese_journal_gives_the_english_header_and_the_chinese_funding() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 60, 40, "第 30 卷 第 5 期          航 空 学 报          Vol. 30 No. 5", 8, "china-s")
    put(page, 60, 90, "高超声速乘波体气动外形优化设计", 18, "china-s")
    put(page, 60, 120, "张三1, 李四2", 11, "china-s")
    put(page, 60, 140, "(1. 国防科技大学 空天科学学院, 湖南 长沙 410073; 2. 北京航空航天大学 宇航学院, 北京 100191)", 8,
        "china-s")
    put(page, 60, 165, "摘 要: 本文研究了高超声速乘波体的气动外形优化设计方法, 并与风洞试验结果进行了对比。", 9,
        "china-s")
    put(page, 60, 180, "关键词: 乘波体; 高超声速; 优化设计", 9, "china-s")
    put(page, 60, 195, "中图分类号: V211.3    文献标识码: A", 9, "china-s")
    put(page, 60, 225, "Aerodynamic Shape Optimization of a Hypersonic Waverider", 14)
    put(page, 60, 250, "ZHANG San1, LI Si2", 10)
    put(page, 60, 266, "(1. College of Aerospace Science and Engineering, National University of Defense "
                       "Technology,", 8)
    put(page, 60, 276, "Changsha 410073, China; 2. School of Astronautics, Beihang University, Beijing 100191, "
                       "China)", 8)
    put(page, 60, 300, "Abstract: A method for the aerodynamic shape optimization of waveriders is presented here.", 9)
    prose(page, 310, 700)
    put(page, 60, 780, "收稿日期: 2008-10-12; 修订日期: 2009-02-20", 8, "china-s")
    put(page, 60, 792, "基金项目: 国家自然科学基金 (11872345)", 8, "china-s")

    front = read(doc)

    assert front.title == "Aerodynamic Shape Optimization of a Hypersonic Waverider"
    assert [a.name for a in front.authors] == ["ZHANG San", "LI Si"]
    assert [a.affiliations for a in front.authors] == [[0], [1]]
    assert [(a.institution, a.city, a.country) for a in front.affiliations] == [
        ("National University of Defense Technology", "Changsha", "CN"), ("Beihang University", "Beijing", "CN")]
    assert [(f.funders, f.grants) for f in front.funding] == [(["国家自然科学基金"], ["11872345"])]


def test_chinese_only_header_parses_chinese_affiliations_like_english_ones() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 60, 90, "高超声速乘波体气动外形优化设计", 18, "china-s")
    put(page, 60, 120, "张三1  李四2", 11, "china-s")
    put(page, 60, 140, "(1. 国防科技大学 空天科学学院, 湖南 长沙 410073; 2. 北京航空航天大学 宇航学院, 北京 100191)", 8,
        "china-s")
    put(page, 60, 165, "摘 要: 本文研究了高超声速乘波体的气动外形优化设计方法。", 9, "china-s")
    prose(page, 180, 700)

    front = read(doc)

    assert front.title == "高超声速乘波体气动外形优化设计"
    assert [(a.name, a.affiliations) for a in front.authors] == [("张三", [0]), ("李四", [1])]
    assert [(a.institution, a.city, a.country) for a in front.affiliations] == [
        ("国防科技大学", "长沙", "CN"), ("北京航空航天大学", "北京", "CN")]
    assert [(a.unit, a.postcode) for a in front.affiliations] == [("空天科学学院", "410073"), ("宇航学院", "100191")]
    affiliation_hits = {m.name for m in match_entities(front, pages_of(doc)) if m.where == "affiliation"}
    assert "National University of Defense Technology" in affiliation_hits


def test_elsevier_banner_and_article_info_box_are_set_aside() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 200, 40, "Aerospace Science and Technology 98 (2020) 105678", 8)
    put(page, 220, 62, "Contents lists available at ScienceDirect", 9)
    put(page, 180, 85, "Aerospace Science and Technology", 17)
    put(page, 200, 102, "journal homepage: www.elsevier.com/locate/aescte", 8)
    put(page, 60, 140, "Inverse design of waveriders from osculating cones", 14)
    author_line(page, 60, 165, [("Marco Bianchi", "a"), ("Sarah O'Neil", "b,*")], size=10)
    put(page, 60, 185, "a", 5)
    put(page, 64, 187, "Department of Industrial Engineering, University of Naples Federico II, 80125 Naples, Italy", 7)
    put(page, 60, 195, "b", 5)
    put(page, 64, 197, "School of Mechanical and Aerospace Engineering, Queen's University Belfast, "
                       "Belfast BT9 5AH, UK", 7)
    put(page, 60, 225, "a r t i c l e   i n f o", 8)
    for index, text in enumerate(["Article history:", "Received 3 May 2019", "Accepted 10 January 2020",
                                  "Keywords:", "Waverider", "Osculating cones"]):
        put(page, 60, 240 + 10 * index, text, 7)
    put(page, 230, 225, "a b s t r a c t", 8)
    page.insert_textbox(pymupdf.Rect(230, 232, 540, 400), PROSE * 2, fontsize=8)
    put(page, 60, 790, "* Corresponding author. E-mail address: s.oneil@qub.ac.uk (S. O'Neil).", 7)
    put(page, 60, 800, "https://doi.org/10.1016/j.ast.2020.105678", 7)
    put(page, 60, 810, "1270-9638/© 2020 Elsevier Masson SAS. All rights reserved.", 7)

    front = read(doc)

    assert front.title == "Inverse design of waveriders from osculating cones"
    assert [(a.name, a.affiliations) for a in front.authors] == [("Marco Bianchi", [0]), ("Sarah O'Neil", [1])]
    assert [(a.institution, a.country) for a in front.affiliations] == [
        ("University of Naples Federico II", "IT"), ("Queen's University Belfast", "GB")]


SPONSOR = ["Air Force Office of Scientific Research", "875 N. Randolph St.", "Arlington, VA 22203"]


def sf298_page(doc: pymupdf.Document, sponsor: list[str] = SPONSOR) -> None:
    page = doc.new_page(width=612, height=792)
    put(page, 200, 40, "REPORT DOCUMENTATION PAGE", 11)
    put(page, 480, 40, "Form Approved OMB No. 0704-0188", 6)
    rows = [  # (x, y, label, value lines)
        (36, 80, "1. REPORT DATE (DD-MM-YYYY)", ["15-06-2019"]),
        (200, 80, "2. REPORT TYPE", ["Final Technical Report"]),
        (36, 110, "4. TITLE AND SUBTITLE", ["Active Flow Control for Hypersonic", "Inlet Unstart Prevention"]),
        (330, 110, "5a. CONTRACT NUMBER", ["FA9550-16-C-0042"]),
        (330, 135, "5b. GRANT NUMBER", ["FA9550-18-1-0123"]),
        (36, 170, "6. AUTHOR(S)", ["Robert J. Miller; Karen Lee"]),
        (330, 170, "5d. PROJECT NUMBER", []),
        (36, 210, "7. PERFORMING ORGANIZATION NAME(S) AND ADDRESS(ES)",
         ["Purdue University", "School of Aeronautics and Astronautics", "West Lafayette, IN 47907"]),
        (400, 210, "8. PERFORMING ORGANIZATION REPORT NUMBER", []),
        (36, 270, "9. SPONSORING/MONITORING AGENCY NAME(S) AND ADDRESS(ES)",
         sponsor),
        (400, 270, "10. SPONSOR/MONITOR'S ACRONYM(S)", ["AFOSR"]),
        (36, 330, "12. DISTRIBUTION/AVAILABILITY STATEMENT", ["Approved for public release"]),
        (36, 360, "14. ABSTRACT", ["Plasma actuators were tested in a Mach 6 inlet to delay unstart."]),
    ]
    for x, y, label, values in rows:
        put(page, x, y, label, 6)
        for index, value in enumerate(values):
            put(page, x + 2, y + 11 + 9 * index, value, 8)
        page.draw_rect(pymupdf.Rect(x - 2, y - 8, x + 290, y + 22), color=(0, 0, 0), width=0.3)


def test_sf298_report_documentation_page_gives_performer_sponsor_and_grants() -> None:
    doc = pymupdf.open()
    sf298_page(doc)
    body = doc.new_page(width=612, height=792)
    put(body, 72, 80, "1. Introduction", 12)
    prose(body, 90, 700)

    front = read(doc)

    assert front.title == "Active Flow Control for Hypersonic Inlet Unstart Prevention"
    assert [a.name for a in front.authors] == ["Robert J. Miller", "Karen Lee"]
    assert [(a.institution, a.country) for a in front.affiliations] == [("Purdue University", "US")]
    sponsor = [f for f in front.funding if "Air Force Office of Scientific Research" in f.funders]
    assert sponsor and sponsor[0].grants == ["FA9550-16-C-0042", "FA9550-18-1-0123"]


def test_an_sf298_after_a_cover_a_blank_and_front_pages_is_still_read() -> None:
    doc = pymupdf.open()
    for text in ["NPS-CS-11-011", "THIS PAGE INTENTIONALLY LEFT BLANK", "Prepared by the authors", "Foreword"]:
        put(doc.new_page(width=612, height=792), 200, 390, text, 12)
    sf298_page(doc)  # page 5
    prose(doc.new_page(width=612, height=792), 72, 700)

    front = read(doc)

    assert any("Air Force Office of Scientific Research" in f.funders for f in front.funding)


def test_an_sf298_with_an_empty_sponsor_box_still_gives_title_and_performer() -> None:
    doc = pymupdf.open()
    sf298_page(doc, sponsor=[])

    front = read(doc)

    assert front.title == "Active Flow Control for Hypersonic Inlet Unstart Prevention"
    assert [(a.institution, a.country) for a in front.affiliations] == [("Purdue University", "US")]
    assert not any("Air Force" in f for funding in front.funding for f in funding.funders)


@pytest.mark.parametrize("metadata_title, expected", [
    ("Inverse design of waveriders from osculating cones", "Inverse design of waveriders from osculating cones"),
    ("Microsoft Word - paper_final.docx", "Inverse design of waveriders from osculating cones"),
    ("Journal of Aircraft", "Inverse design of waveriders from osculating cones"),  # printed, but a journal
    ("Mathematics", "Inverse design of waveriders from osculating cones"),
])
def test_metadata_title_is_taken_only_when_the_page_prints_it(metadata_title: str, expected: str) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 60, 60, "Mathematics", 20)  # an MDPI-style journal label, larger than the title
    put(page, 60, 110, "Inverse design of waveriders from osculating cones", 14)
    put(page, 60, 135, "Marco Bianchi", 10)
    put(page, 60, 150, "University of Naples Federico II, 80125 Naples, Italy", 8)
    put(page, 60, 165, "Journal of Aircraft, Vol. 60, No. 2", 8)
    put(page, 60, 180, "Abstract", 10)
    prose(page, 186, 600)
    assert read(doc, {"title": metadata_title}).title == expected


def test_acknowledgement_section_sentences_count_without_a_subject_but_running_text_does_not() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 72, 80, "Transition prediction on a hypersonic cone", 16)
    put(page, 72, 105, "Marco Bianchi", 10)
    put(page, 72, 118, "University of Naples Federico II, 80125 Naples, Italy", 8)
    put(page, 72, 140, "Abstract", 10)
    page.insert_textbox(pymupdf.Rect(72, 150, 520, 300), PROSE + "The solver is supported by OpenFOAM and "
                        "Paraview in this configuration. " + PROSE, fontsize=10)
    put(page, 72, 330, "Acknowledgements", 11)
    page.insert_textbox(pymupdf.Rect(72, 340, 520, 400),
                        "Partial support was provided by the Italian Space Agency. Dr. Rossi kindly shared the data.",
                        fontsize=10)
    put(page, 72, 430, "References", 11)

    funders = [f for s in read(doc).funding for f in s.funders]

    assert funders == ["Italian Space Agency"]


def test_addresses_printed_at_the_end_above_their_email_lines_are_affiliations() -> None:
    """The American Mathematical Society's style: no affiliation on page 1, each author's address
    at the paper's end above an "E-mail address:" line."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 120, 150, "TOWARD A UNIFIED THEORY OF SPARSE PROJECTIONS", 11)
    put(page, 170, 180, "JEAN DUPONT, ANNA SCHMIDT, AND JOHN ROE", 8)
    put(page, 150, 210, "Abstract.", 8)
    prose(page, 215, 700, size=8)
    last = doc.new_page(width=612, height=792)
    prose(last, 72, 400)
    for index, (address, email) in enumerate([("Institute for Advanced Study, Princeton, NJ 08540", "jd@ias.edu"),
                                              ("RWTH Aachen, 52062 Aachen, Germany", "as@rwth-aachen.de")]):
        put(last, 130, 450 + 30 * index, address, 8)
        put(last, 130, 460 + 30 * index, f"E-mail address: {email}", 8)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Jean Dupont", "Anna Schmidt", "John Roe"]
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("Institute for Advanced Study, Princeton, NJ 08540", "US"), ("RWTH Aachen, 52062 Aachen, Germany", "DE")]


def test_ieee_conference_columns_link_each_author_to_the_address_below() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 60, 80, "Vulnerability Severity Prediction With Deep Neural Network", 22)
    columns = [("1st Kai Liu", ["Science and Technology on", "Information Systems",  # no institution word
                                "Engineering Laboratory", "National University of", "Defense Technology",
                                "Changsha, China"]),
               ("2nd Anna Berg", ["Department of Computer Science", "KTH Royal Institute of Technology",
                                  "Stockholm, Sweden"])]
    for index, (name, address) in enumerate(columns):
        centre = 170 + 250 * index  # IEEE centres each author's block in its column
        for row, text in enumerate([name, *address]):
            put(page, centre - pymupdf.get_text_length(text, fontsize=9) / 2, 120 + 12 * row + 6 * (row > 0), text, 9)
    put(page, 60, 230, "Abstract", 9)
    prose(page, 236, 600, size=9)

    front = read(doc)

    assert [(a.name, a.affiliations) for a in front.authors] == [("Kai Liu", [0]), ("Anna Berg", [1])]
    assert [a.text for a in front.affiliations] == [
        "Science and Technology on Information Systems Engineering Laboratory, National University of Defense "
        "Technology, Changsha, China",
        "Department of Computer Science, KTH Royal Institute of Technology, Stockholm, Sweden"]
    assert [(a.institution, a.country) for a in front.affiliations] == [
        ("National University of Defense Technology", "CN"), ("KTH Royal Institute of Technology", "SE")]


@pytest.mark.parametrize("author_text", [
    "Wei Zhang1 Ming Li2,* John Smith1",  # glued markers, no commas
    "Wei Zhang 1 Ming Li 2 John Smith 1",  # markers set apart by spaces (ICML)
    "WEI ZHANG, MING LI, AND JOHN SMITH",  # all capitals (AMS)
    "Wei Zhang1∗Ming Li2∗John Smith1∗",  # markers and symbols glued to the next name
])
def test_author_lines_without_commas_or_in_capitals_give_every_name(author_text: str) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 72, 90, "Shock-wave boundary-layer interaction on a compression ramp", 16)
    put(page, 72, 120, author_text, 11)
    put(page, 72, 140, "1 Peking University, Beijing 100871, China", 8)
    put(page, 72, 150, "2 Imperial College London, London SW7 2AZ, UK", 8)
    put(page, 72, 175, "Abstract", 10)
    prose(page, 182, 600)

    assert [a.name for a in read(doc).authors] == ["Wei Zhang", "Ming Li", "John Smith"]


def test_ror_lexicon_gives_the_institutions_id_and_a_country_the_address_leaves_out(tmp_path, monkeypatch) -> None:
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("# test lexicon\nror_id\tcountry\ttypes\tnames\tacronyms\n"
                       "0000test1\tCA\tcompany\tNorthbridge Forensics (Canada)|Northbridge Forensics Inc\t\n"
                       "0000test2\tUS\teducation\tSpringfield University\t\n"
                       "0000test3\tGB\teducation\tSpringfield University\t\n", encoding="utf-8")
    monkeypatch.setenv("FIGSCAN_CACHE_DIR", str(tmp_path / "cache"))
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 72, 90, "Recovering deleted files from flash storage", 16)
    author_line(page, 72, 120, [("Jessica Hyde", "a"), ("Tom Reed", "b")])
    put(page, 72, 140, "a", 5)
    put(page, 76, 142, "Northbridge Forensics Inc.", 8)
    put(page, 72, 152, "b", 5)
    put(page, 76, 154, "Springfield University", 8)  # two countries in the lexicon: no answer
    put(page, 72, 180, "Abstract", 10)
    prose(page, 186, 600)

    without = read(doc)
    monkeypatch.setenv("FIGSCAN_ROR_LEXICON", str(lexicon))
    with_ror = read(doc)

    assert [(a.country, a.ror) for a in without.affiliations] == [(None, ""), (None, "")]
    assert [(a.country, a.ror) for a in with_ror.affiliations] == [("CA", "0000test1"), (None, "")]


def test_a_title_the_next_pages_repeat_as_their_running_head_is_kept() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 72, 50, "Ablation of carbon phenolic heat shields", 16)
    put(page, 72, 80, "Marco Bianchi", 11)
    put(page, 72, 95, "University of Naples Federico II, 80125 Naples, Italy", 9)
    put(page, 72, 120, "Abstract", 10)
    prose(page, 128, 700)
    for _ in range(2):
        later = doc.new_page(width=612, height=792)
        put(later, 72, 40, "Ablation of carbon phenolic heat shields", 8)
        prose(later, 60, 700)

    front = read(doc)

    assert front.title == "Ablation of carbon phenolic heat shields"
    assert [a.country for a in front.affiliations] == ["IT"]


def test_a_repository_cover_sheet_gives_the_title_and_the_next_page_the_authors() -> None:
    doc = pymupdf.open()
    cover = doc.new_page(width=612, height=792)
    put(cover, 72, 100, "Measured Moments of Inertia of Small Unmanned Aircraft", 18)
    put(cover, 72, 130, "Jane Roe", 11)
    put(cover, 72, 160, "Follow this and additional works at: https://example.edu/honors", 9)
    put(cover, 72, 175, "This Honors Research Project is brought to you for free and open access by the Honors College.", 8)
    page = doc.new_page(width=612, height=792)
    put(page, 72, 90, "Measured Moments of Inertia of Small Unmaned Aircraft", 16)  # misspelt on the paper itself
    put(page, 72, 115, "Jane Roe", 11)
    put(page, 72, 130, "Department of Mechanical Engineering, University of Akron, Akron, OH 44325, USA", 9)
    put(page, 72, 160, "Abstract", 10)
    prose(page, 168, 700)

    front = read(doc)

    assert front.title == "Measured Moments of Inertia of Small Unmanned Aircraft"
    assert [(a.name, a.affiliations) for a in front.authors] == [("Jane Roe", [0])]
    assert [(a.institution, a.country, a.page) for a in front.affiliations] == [("University of Akron", "US", 2)]


@pytest.mark.parametrize("text, country", [
    ("Instituto de Ingeniería, UNAM, CDMX 04510, México", "MX"),  # accents folded, CDMX
    ("国防科技大学 空天科学学院, 湖南 长沙 410073", "CN"),  # province and city in Chinese
    ("ITMO University, St. Petersburg 197101", "RU"),  # "St." is Saint; the Florida city is smaller
    ("Harbin Engineering University", "CN"),  # a city of millions opens the name
    ("Moscow Institute of Physics and Technology", "RU"),
    ("University of Lausanne", "CH"),
    ("School of Engineering, Cambridge", None),  # GB, US and CA all have a Cambridge
    ("School of Engineering, University of Cambridge, Cambridge", "GB"),  # ... the university is in GB
    ("Acme Widgets, Inc.", None),  # "INC" is an airport code, not a city
    ("Google, Inc.", "US"),  # an institution printed without an address (data/institution_countries.tsv)
])
def test_country_of_an_affiliation_from_the_gazetteer(text: str, country: str | None) -> None:
    assert country_of(text) == country


def test_ieee_journal_author_list_with_society_grades_wrapped_over_rows_keeps_every_author() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=594, height=792)
    put(page, 38, 40, "IEEE TRANSACTIONS ON VEHICULAR TECHNOLOGY, VOL. 69, NO. 8, AUGUST 2020", 7)
    put(page, 89, 80, "Delay-Oriented Caching Strategies in D2D Mobile Networks", 20)
    for y, text in [(130, "Ruijin Sun, Student Member, IEEE, Ying Wang, Member, IEEE, Ling Lyu, Student Member, IEEE,"),
                    (143, "Nan Cheng, Member, IEEE, Shan Zhang, Senior Member, IEEE, Tingting Yang, Member, IEEE,"),
                    (156, "and Xuemin Shen, Fellow, IEEE")]:
        put(page, 69, y, text, 11)
    put(page, 40, 190, "Abstract-Caching popular contents at mobile users is studied here.", 9)
    page.insert_textbox(pymupdf.Rect(40, 600, 290, 760),
                        "R. Sun and Y. Wang are with the State Key Laboratory of Networking and Switching Technology, "
                        "Beijing University of Posts and Telecommunications, Beijing 100876, China, and also with "
                        "the School of Cyber Engineering, Xidian University, Xi'an 710071, China. "
                        "X. Shen is with the Department of Electrical and Computer Engineering, University of "
                        "Waterloo, Waterloo, ON N2L 3G1, Canada. S. Zhang is with SRI International, Menlo Park, "
                        "CA 94025.", fontsize=8)  # no institution word: the "is with" sentence and the place say it
    prose(page, 200, 580)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Ruijin Sun", "Ying Wang", "Ling Lyu", "Nan Cheng", "Shan Zhang",
                                               "Tingting Yang", "Xuemin Shen"]
    assert [a.institution for a in front.affiliations][:3] == [
        "Beijing University of Posts and Telecommunications", "Xidian University", "University of Waterloo"]
    assert front.affiliations[3].text == "SRI International, Menlo Park, CA 94025"
    assert [a.country for a in front.affiliations] == ["CN", "CN", "CA", "US"]


def test_numbered_footnote_affiliations_are_kept_whatever_they_name() -> None:
    """Springer's svjour: markers on the names, the affiliations numbered at the foot of page 1,
    one a line ("2 JD.com.") or several a row that wraps ("4Apple 5LAION"); a sideways arXiv
    stamp in the margin, and a numbered heading, are neither."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((30, 600), "arXiv:2403.08540v2 [cs.CL] 14 Jun 2024", fontsize=20, rotate=90)
    put(page, 42, 150, "Temporal Action Localization with Enhanced Instant Discriminability", 15)
    author_line(page, 42, 195, [("Dingfeng Shi", "1"), ("Qiong Cao", "2"), ("Yujie Zhong", "3"),
                                ("Shan An", "4"), ("Dacheng Tao", "5")], size=10)
    put(page, 42, 300, "Abstract Temporal action detection aims to detect all action boundaries.", 10)
    put(page, 297, 315, "1 Introduction", 10)
    prose(page, 320, 620)
    for y, text in [(690, "1 Beihang University."), (700, "2 JD.com."), (710, "3 Meituan Inc.")]:
        put(page, 42, y, text, 8.5)
    x = 42
    for text in ["4Apple", "5LAION", "6Allen Institute for AI"]:
        x = put(page, x, 725, text, 8.5) + 6
    put(page, 42, 735, "Tel Aviv University", 8.5)  # the row's last affiliation wraps
    put(page, 42, 675, "E-mail addresses: shidf@buaa.edu.cn (D. Shi), mathqiong2012@gmail.com (Q. Cao).", 8.5)

    front = read(doc)

    assert [a.text for a in front.affiliations] == ["Beihang University", "JD.com", "Meituan Inc", "Apple",
                                                    "LAION", "Allen Institute for AI Tel Aviv University"]
    assert [(a.name, a.affiliations) for a in front.authors][:2] == [("Dingfeng Shi", [0]), ("Qiong Cao", [1])]
    assert [a.country for a in front.affiliations][:2] == ["CN", None]  # Shi's address is at a .cn domain


def test_affiliations_in_a_column_beside_an_indented_abstract_are_read() -> None:
    """Wiley: the numbered affiliations run down a narrow left column next to the abstract."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=782)
    put(page, 45, 125, "Analysis of split-plot reliability experiments with subsampling", 16)
    author_line(page, 45, 185, [("Rebecca M. Medlin", "1"), ("Jennifer Kensler", "2"), ("Geoffrey Vining", "3")],
                size=12)
    put(page, 210, 232, "Abstract", 10)
    page.insert_textbox(pymupdf.Rect(210, 240, 543, 400), PROSE * 2, fontsize=10)
    for y, text in [(222, "1Institute for Defense Analyses,"), (234, "Alexandria, Virginia"),
                    (247, "2Shell Global Solutions, Houston, Texas"), (261, "3Department of Statistics,"),
                    (272, "Virginia Tech, Blacksburg, Virginia"), (295, "Correspondence"),
                    (306, "Rebecca M. Medlin, Institute for Defense Analyses.")]:
        put(page, 45, y, text, 8)

    front = read(doc)

    assert [a.text for a in front.affiliations] == [
        "Institute for Defense Analyses, Alexandria, Virginia", "Shell Global Solutions, Houston, Texas",
        "Department of Statistics, Virginia Tech, Blacksburg, Virginia"]
    assert [a.affiliations for a in front.authors] == [[0], [1], [2]]
    assert {a.country for a in front.affiliations} == {"US"}


def test_graphical_abstract_and_highlights_pages_are_not_the_header() -> None:
    doc = pymupdf.open()
    for heading in ("Graphical Abstract", "Highlights"):
        page = doc.new_page(width=612, height=792)
        put(page, 111, 140, heading, 17)
        put(page, 111, 165, "A Lightweight UAV Authentication System based on Proof-of-History", 12)
        put(page, 111, 200, "Huijuan Hu, Ping Tan, He Xu", 12)
    page = doc.new_page(width=612, height=792)
    put(page, 100, 140, "A Lightweight UAV Authentication System based on Proof-of-History", 14)
    author_line(page, 159, 215, [("Huijuan Hu", "a"), ("Ping Tan", "b"), ("He Xu", "a,*")], size=12)
    put(page, 169, 238, "aSchool of Computer Science, Nanjing University of Posts and Telecommunications, Nanjing, China", 9)
    put(page, 169, 252, "bCollege of Tongda, Nanjing University of Posts and Telecommunications, Nanjing, China", 9)
    put(page, 111, 357, "Abstract", 12)
    prose(page, 365, 600)

    front = read(doc)

    assert front.title == "A Lightweight UAV Authentication System based on Proof-of-History"
    assert [(a.name, a.affiliations) for a in front.authors] == [("Huijuan Hu", [0]), ("Ping Tan", [1]),
                                                                ("He Xu", [0])]
    assert [(a.country, a.page) for a in front.affiliations] == [("CN", 3), ("CN", 3)]


def test_a_submission_systems_sheet_gives_its_full_title_and_the_manuscript_the_rest() -> None:
    doc = pymupdf.open()
    sheet = doc.new_page(width=612, height=792)
    put(sheet, 193, 50, "Progress in Artificial Intelligence", 16)
    put(sheet, 48, 70, "Accelerate Reinforcement Learning with PID Coaches", 14)
    put(sheet, 254, 84, "--Manuscript Draft--", 12)
    for y, label, value in [(110, "Manuscript Number:", "PRAI-D-21-00035"),
                            (128, "Full Title:", "Accelerate Reinforcement Learning with PID Coaches"),
                            (146, "Article Type:", "Original Article"),
                            (164, "Corresponding Author's Institution:", "Nanjing University of Posts and Telecommunications"),
                            (182, "Order of Authors:", "Zongqiang Pang")]:
        put(sheet, 46, y, label, 9)
        put(sheet, 219, y, value, 9)
    put(sheet, 123, 770, "Powered by Editorial Manager and ProduXion Manager from Aries Systems Corporation", 8)
    page = doc.new_page(width=595, height=842)
    put(page, 72, 130, "Coaching with PID Controllers", 13)
    put(page, 72, 190, "Zongqiang Pang, Liping Bai", 9.5)
    put(page, 72, 285, "Abstract We propose a PID controller-based coaching scheme for reinforcement learning.", 9.5)
    prose(page, 295, 560, size=9.5)
    for y, text in [(610, "Zongqiang Pang, Liping Bai"), (620, "Nanjing University of Posts and Telecommunications"),
                    (629, "College of Automation"), (638, "Nanjing, Jiangsu, 210000 China")]:
        put(page, 72, y, text, 8)

    front = read(doc)

    assert front.title == "Accelerate Reinforcement Learning with PID Coaches"
    assert [(a.name, a.affiliations) for a in front.authors] == [("Zongqiang Pang", [0]), ("Liping Bai", [0])]
    assert [(a.institution, a.country, a.page) for a in front.affiliations] == [
        ("Nanjing University of Posts and Telecommunications", "CN", 2)]


def test_a_report_covers_large_issuer_is_its_affiliation_and_the_bold_line_its_title() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 79, 86, "NPS-CS-11-011", 12, font="hebo")
    for y, word in [(290, "NAVAL"), (320, "POSTGRADUATE"), (350, "SCHOOL")]:
        put(page, 220, y, word, 25, font="hebo")
    put(page, 215, 392, "MONTEREY, CALIFORNIA", 14, font="hebo")
    put(page, 157, 462, "THE NEW NPS LATEX REPORT AND THESIS FORMAT", 12, font="hebo")
    put(page, 300, 486, "by", 12)
    put(page, 257, 512, "Simson L. Garfinkel", 12)
    put(page, 259, 552, "November 29, 2011", 12)
    page = doc.new_page(width=612, height=792)
    prose(page, 72, 700, size=12)

    front = read(doc)

    assert front.title == "THE NEW NPS LATEX REPORT AND THESIS FORMAT"
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("NAVAL POSTGRADUATE SCHOOL, MONTEREY, CALIFORNIA", "US")]
    assert [(a.name, a.affiliations) for a in front.authors] == [("Simson L. Garfinkel", [0])]


def centred(page: pymupdf.Page, y: float, text: str, size: float, font: str = "helv") -> None:
    put(page, 297 - pymupdf.get_text_length(text, fontname=font, fontsize=size) / 2, y, text, size, font)


def test_a_bilingual_submission_in_one_font_size_gives_its_centred_english_header() -> None:
    """A Chinese conference submission: everything at 10.5 pt, titles centred, the affiliation
    only in the author note's 单位 and 通讯地址 fields."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    centred(page, 85, "基于贝叶斯网络的网络攻击威胁评估分析研究", 10.5, "china-s")
    centred(page, 116, "孙立健，王培超，周鋆", 10.5, "china-s")
    put(page, 90, 147, "摘  要：近年来，随着互联网的发展，网络威胁不断加深，网络异常行为分析变得十分重要。", 10.5, "china-s")
    put(page, 90, 225, "关键字：贝叶斯网络 网络异常行为 威胁评估", 10.5, "china-s")
    centred(page, 258, "Research on Risk Analysis of Cyber Attack Threat with a Bayesian Network", 10.5)
    centred(page, 289, "Sun Lijian, Wang Peichao, Zhou Yun", 10.5)
    put(page, 90, 319, "Abstract: In recent years, with the development of the Internet, network threats have deepened.", 10.5)
    prose(page, 330, 700, size=10.5)
    put(page, 90, 760, "第一作者:孙立健 单位:国防科技大学重点实验室 职称:研究生 通讯地址:湖南省长沙市国防科技大学系统工程学院",
        8, "china-s")

    front = read(doc)

    assert front.title == "Research on Risk Analysis of Cyber Attack Threat with a Bayesian Network"
    assert [a.name for a in front.authors] == ["Sun Lijian", "Wang Peichao", "Zhou Yun"]
    assert [(a.text, a.institution) for a in front.affiliations] == [
        ("国防科技大学重点实验室", "国防科技大学"), ("湖南省长沙市国防科技大学系统工程学院", "国防科技大学")]


def test_affiliations_side_by_side_each_led_by_a_glued_symbol_are_split() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 97, 93, "Linear Transformers with Learnable Kernel Functions", 14)
    put(page, 108, 138, "Yaroslav Aksenov*§, Nikita Balagansky*, Sofia Vaina¶", 12)
    put(page, 135, 166, "*Tinkoff §Higher School of Economics ¶Innopolis University", 12)
    put(page, 158, 233, "Abstract", 12)
    prose(page, 240, 600)

    front = read(doc)

    assert [a.text for a in front.affiliations] == ["Tinkoff", "Higher School of Economics", "Innopolis University"]


def test_an_institution_printed_between_a_name_and_an_email_is_an_affiliation() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 137, 95, "CoLLaVO: Crayon Large Language and Vision Model", 14)
    for x, name, email in [(74, "Byung-Kwan Lee", "leebk@kaist.ac.kr"), (318, "Chae Won Kim", "chaewonkim@kaist.ac.kr")]:
        put(page, x, 138, name, 12)
        put(page, x + 27, 152, "KAIST", 12)
        put(page, x + 9, 165, email, 9)
    put(page, 158, 233, "Abstract", 12)
    prose(page, 240, 600)

    front = read(doc)

    assert [(a.text, a.country) for a in front.affiliations] == [("KAIST", "KR")]  # the addresses' domain
    assert [(a.name, a.affiliations) for a in front.authors] == [("Byung-Kwan Lee", [0]), ("Chae Won Kim", [0])]


def test_bilingual_header_whose_font_maps_the_hyphen_to_a_cjk_glyph_gives_the_english_one() -> None:
    doc, page = new_page()
    put(page, 60, 90, "基于多维信息熵值的DDoS攻击检测方法", 18, "china-s")
    put(page, 160, 130, "赵小欢1, 夏靖波1, 杜华桦2", 14, "china-s")
    put(page, 84, 160, "(1. 空军工程大学信息与导航学院, 陕西西安 710077; 2. 空军通信网络技术管理中心, 北京 100843)", 9,
        "china-s")
    put(page, 38, 190, "摘要 针对互联网中日益严重的分布式拒绝服务攻击行为, 提出了一种基于多维信息熵值的检测方法。", 10,
        "china-s")
    put(page, 38, 210, "关键词 分布式拒绝服务攻击; 条件熵", 10, "china-s")
    put_html(page, 71, 240, "Detection DDoS Attack Based on Multi桘Dimensional Entropy", 14)
    put_html(page, 102, 275, "ZHAO Xiao桘huan1, XIA Jing桘bo1, DU Hua桘hua2", 10.5)
    put(page, 40, 305, "(1. Information and Navigation College, Air Force Engineering University, Xi'an 710077, China;", 10)
    put(page, 40, 318, "2. Communication Network and Technology Management Center of Air Force, Beijing 100843, China)", 10)
    put(page, 40, 345, "Abstract: In order to detect the increasingly serious distributed denial of service attack.", 10)
    prose(page, 355, 700)

    front = read(doc)

    assert front.title == "Detection DDoS Attack Based on Multi-Dimensional Entropy"
    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("ZHAO Xiao-huan", [0]), ("XIA Jing-bo", [0]), ("DU Hua-hua", [1])]


def test_double_spaced_manuscript_title_centred_nearly_full_width_is_read_whole() -> None:
    doc, page = new_page(size=(612, 792))
    put(page, 72, 39, "MEASURING LATENT VARIABLES WITH GOLD-STANDARD ITEMS", 12, "tiro")
    put(page, 534, 39, "1", 12, "tiro")
    title = "Item Construction Rules Revisited: New Learnings from the Measurement of Latent Variables"
    put(page, (612 - pymupdf.get_text_length(title, "tiro", 12)) / 2, 135, title, 12, "tiro")  # 92% of the text width
    put(page, 238.5, 161.5, "with Gold-Standard Items", 12, "tiro")
    put(page, 190, 213, "Kathryn Eichhorn1, Markus Buhner2 and Sven Hilbert2", 12, "tiro")
    put(page, 153, 239, "1Institute of Psychology, University of the Bundeswehr Munich", 12, "tiro")
    put(page, 203, 265, "2Department of Psychology, LMU Munich", 12, "tiro")
    page.insert_textbox(pymupdf.Rect(72, 300, 540, 760), PROSE * 4, fontsize=12, fontname="tiro", lineheight=2.2)

    front = read(doc)

    assert front.title == f"{title} with Gold-Standard Items"
    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("Kathryn Eichhorn", [0]), ("Markus Buhner", [1]), ("Sven Hilbert", [1])]


def test_a_technical_report_label_that_opens_the_title_stays_in_it() -> None:
    doc, page = new_page(size=(612, 792))
    put(page, 142, 175, "Technical Report: Disruption Prediction Model", 17)
    put(page, 257, 231, "November 28, 2023", 12)
    put(page, 134, 270, "1  Introduction", 14)
    prose(page, 285, 700)

    assert read(doc).title == "Technical Report: Disruption Prediction Model"


def put_fullwidth(page: pymupdf.Page, x: float, y: float, text: str, size: float) -> None:
    """Latin text as some Chinese journals typeset it: each glyph a full-width form placed at its
    proportional (Times) advance, and no space character in the text layer, only the gaps."""
    for char in text:
        if char != " ":
            page.insert_text((x, y), chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char, fontsize=size,
                             fontname="china-s")
        x += pymupdf.get_text_length(char, fontname="tiro", fontsize=size)


def test_english_header_in_full_width_letters_without_spaces_is_read_with_its_words() -> None:
    doc, page = new_page()
    put(page, 160, 140, "无人机集群协同控制技术综述", 19, "china-s")
    put(page, 180, 172, "张鹏飞1, 何印1,2", 13, "china-s")
    put(page, 120, 200, "(1. 中北大学航空宇航学院, 太原 030051; 2. 中北大学智能武器研究院, 太原 030051)", 9, "china-s")
    put(page, 75, 228, "摘要: 协同控制技术作为多智能体分工合作完成任务的关键核心技术, 能解决无人机集群编队问题。", 9, "china-s")
    put(page, 75, 244, "关键词: 无人机集群; 协同控制", 9, "china-s")
    put_fullwidth(page, 125, 396, "Review on cooperative control technology of UAV swarm", 13.7)
    put_fullwidth(page, 150, 418, "ZHANG Pengfei1, HE Yin1,2", 11.8)
    put_fullwidth(page, 80, 440, "(1. School of Aerospace Engineering, North University of China, Taiyuan 030051, China;", 8.8)
    put_fullwidth(page, 80, 453, "2. Intelligent Weapon Research Institute, North University of China, Taiyuan 030051, China)",
                  8.8)
    put_fullwidth(page, 75, 475, "Abstract: Cooperative control technology is one of the key technologies of", 10.3)
    prose(page, 490, 700)

    front = read(doc)

    assert front.title == "Review on cooperative control technology of UAV swarm"
    assert [(a.name, a.affiliations) for a in front.authors] == [("ZHANG Pengfei", [0]), ("HE Yin", [0, 1])]
    assert [a.institution for a in front.affiliations] == ["North University of China"] * 2


def ocr_page(number: int, rows: list[tuple[float, float, float, float, str]], sizes: dict[int, float] | None = None
             ) -> PageText:
    """A scanned page as OCR reads it (x0, y0, x1, y1, text): a line's size is its box's height
    unless `sizes` gives the size OCR estimated for that row."""
    from figscan.model import TextLine

    lines = [TextLine(page=number, bbox=(x0, y0, x1, y1), text=text, size=(sizes or {}).get(i, y1 - y0))
             for i, (x0, y0, x1, y1, text) in enumerate(rows)]
    return PageText(number=number, width=595, height=841, text="\n".join(r[4] for r in rows), lines=lines,
                    has_text_layer=False, ocr_used=True)


def test_scanned_issue_cover_and_contents_page_give_way_to_the_papers_bilingual_header() -> None:
    cover = ocr_page(1, [(8, 672, 300, 730, "主办 : 国防科技大学 2020."), (8, 719, 60, 741, "第 1 期"),
                         (8, 728, 400, 750, "Vol.43 No.1 GAODENG JIAOYU YANJIU XUEBAO")])
    contents = ocr_page(2, [(43, 150 + 20 * i, 420, 166 + 20 * i, f"{title} ({page})") for i, (title, page) in enumerate(
        [("系统科学理论视角下的非全日制教育硕士培养模式研究", 72), ("双一流背景下研究生学校管理满意度实证研究", 78),
         ("在线课堂知识建构效果影响因素实证研究", 84), ("面向大数据人才培养的融合式教学模式", 101),
         ("创新型人才培养中的成长型思维教学方式", 104), ("布鲁姆教育目标分类学在混合式教学中的应用", 116)])])
    paper = ocr_page(3, [
        (74, 111, 449, 148, "创新型人才培养中的成长型思维教学方式"),
        (131, 163, 394, 185, "朱先强, 丁兆云, 朱承"),
        (138, 182, 387, 200, "(国防科技大学系统工程学院, 湖南 长沙 410073)"),
        (66, 220, 467, 243, "摘要: 在当前信息智能时代背景下, 知识快速更新, 培养具备自我学习、自我成长"),
        (83, 236, 462, 259, "型人才显得为重要。思维模式是人才创新的动力与源泉, 本文就创新型人才培"),
        (47, 253, 484, 276, "LR BR, WEA"),  # a Chinese line OCR misread as Latin
        (47, 270, 444, 293, "化材施教、举一反三式的课堂教学模式, 探索创新型人才思维模式教学理论与方法"),
        (69, 309, 244, 325, "中图分类号: G642 文献标识码: A"),
        (57, 337, 478, 358, "Teaching Approaches of Growth Mindset in the Cultivation of Innovative Talents"),
        (91, 355, 445, 373, "ZHU Xian-qiang, DING Zhao-yun, ZHU Cheng"),  # OCR boxes overlap the line above
        (48, 369, 488, 392, "(College of Systems Engineering, National University of Defense Technology, Changsha 410073, "
                            "China)"),
        (71, 386, 488, 405, "Abstract: In the current information intelligence era, knowledge is rapidly updated, and"),
        (578, 398, 589, 543, "wow m 2S sy dik of ak"),  # a margin stamp read sideways
        (50, 402, 489, 424, "it is particularly important to cultivate innovative talents with the characteristics of"),
        (51, 418, 489, 440, "self-learning and growth. Mindset is the driving force and source of talent innovation."),
    ], sizes={8: 21.1, 9: 21.1, 10: 21.1})  # the English title, names and address: one size to OCR

    front = parse_front_matter([cover, contents, paper], {})

    assert front.title == "Teaching Approaches of Growth Mindset in the Cultivation of Innovative Talents"
    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("ZHU Xian-qiang", [0]), ("DING Zhao-yun", [0]), ("ZHU Cheng", [0])]
    assert front.affiliations[0].institution == "National University of Defense Technology"


def test_a_first_page_whose_lines_end_with_numbers_is_no_contents_page() -> None:
    from figscan.extract.frontmatter.layout import is_contents_page

    rows = [(72, 80, 520, 96, "Thermal loads on a hypersonic leading edge")] + [
        (72, 120 + 14 * i, 520, 132 + 14 * i, f"the wall heat flux falls with the nose radius over run {i + 10}")
        for i in range(20)]
    assert not is_contents_page(ocr_page(1, rows))
