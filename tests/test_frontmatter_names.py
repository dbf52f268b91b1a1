"""Which spans of a header are people: generated first pages whose headers hold publisher
boilerplate, places, phrases of the paper, Chinese title lines and institution names where a
loose name rule would take authors; and the countries institutions imply."""
from __future__ import annotations

import pymupdf
import pytest

from figscan.extract.frontmatter import country_of
from figscan.extract.frontmatter.authors import _is_person_name
from figscan.extract.frontmatter.names import (
    has_header_word,
    is_chinese_name,
    is_pinyin,
    is_place_name,
    lower_case_uses,
    phrase_words,
    reads_as_phrase,
)
from tests.test_frontmatter_layouts import PROSE, author_line, new_page, prose, put, read


def letter_page() -> tuple[pymupdf.Document, pymupdf.Page]:
    return new_page(size=(612, 792))


def test_acs_style_boilerplate_between_title_and_authors_is_no_author() -> None:
    doc, page = letter_page()
    put(page, 72, 50, "Cite This: ACS Omega 2021, 6, 1234-1240", 8)
    put(page, 400, 50, "Read Online", 8)
    put(page, 72, 64, "ACCESS", 8)
    put(page, 160, 64, "Metrics & More", 8)
    put(page, 280, 64, "Article Recommendations", 8)
    put(page, 430, 64, "Supporting Information", 8)
    put(page, 72, 100, "Thermal protection of a hypersonic leading edge by transpiration", 16)
    author_line(page, 72, 130, [("Maria Lopez", "1"), ("Wei Zhang", "2")])
    put(page, 72, 150, "Open Access", 9)
    put(page, 72, 165, "1 Department of Aerospace Engineering, Texas A&M University, College Station, TX 77843, USA", 9)
    put(page, 72, 178, "2 School of Astronautics, Beihang University, Beijing 100191, China", 9)
    put(page, 72, 205, "Abstract", 11)
    prose(page, 212, 700)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Maria Lopez", "Wei Zhang"]
    assert sorted(a.country for a in front.affiliations) == ["CN", "US"]


def test_a_phrase_of_the_paper_and_a_place_line_in_the_front_block_are_no_authors() -> None:
    doc, page = letter_page()
    put(page, 72, 90, "Cooling of a scramjet combustor wall by regenerative fuel flow", 16)
    put(page, 72, 115, "Heat Transfer, Fluid Flow", 10)  # a journal section label in the authors' size
    put(page, 72, 135, "Li Wang, Sara Black", 11)
    put(page, 72, 155, "Changsha Hunan", 10)
    put(page, 72, 170, "College of Aerospace Science, National University of Defense Technology, 410073, China", 9)
    put(page, 72, 200, "Abstract", 11)
    text = ("The heat transfer to the wall and the fluid flow in the cooling channels are computed; "
            "heat transfer grows with the fluid flow rate. ") * 8
    prose(page, 210, 700, text + PROSE)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Li Wang", "Sara Black"]
    assert [a.country for a in front.affiliations] == ["CN"]


def test_a_chinese_header_with_a_two_line_title_and_no_printed_country() -> None:
    doc, page = letter_page()
    put(page, 140, 80, "MVDT-SI：一种多视图双三角形星图识别", 20, "china-s")
    put(page, 280, 108, "算法", 20, "china-s")
    put(page, 270, 150, "孙立健 周鋆", 10.5, "china-s")
    put(page, 220, 180, "国防科技大学信息系统工程重点实验室", 10.5, "china-s")
    put(page, 110, 215, "摘要：近年来，三角形算法因其简单方便而成为应用最为广泛的恒星识别算法。", 12, "china-s")
    for row in range(25):
        put(page, 90, 240 + 18 * row, "算法利用星点的角度和距离信息构造恒星的双三角形特征，提高了算法的鲁棒性。", 12,
            "china-s")

    front = read(doc)

    assert front.title == "MVDT-SI:一种多视图双三角形星图识别算法"  # Chinese lines join without a space
    assert [a.name for a in front.authors] == ["孙立健", "周鋆"]
    assert [a.country for a in front.affiliations] == ["CN"]


def test_aiaa_footnote_marks_after_commas_end_each_name() -> None:
    doc, page = letter_page()
    put(page, 90, 72, "Optimized Timing Schemes for Multi-Pulse Shake-the-Box", 17)
    put(page, 195, 94, "Particle Tracking Velocimetry", 17)
    put(page, 150, 132, "Michael R. Fenelon,\u2217Yang Zhang,\u2020 and Louis N. Cattafesta III\u2021", 10)
    put(page, 88, 148, "Mechanical, Materials, and Aerospace Engineering, Illinois Institute of Technology, "
                       "Chicago, IL 60616, USA", 9)
    put(page, 260, 170, "Nick Morse\u00a7", 10)
    put(page, 118, 184, "Aerospace Engineering & Mechanics, University of Minnesota, Minneapolis, MN 55455, USA", 9)
    prose(page, 210, 700)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Michael R. Fenelon", "Yang Zhang", "Louis N. Cattafesta III",
                                               "Nick Morse"]
    assert [a.affiliations for a in front.authors] == [[0], [0], [0], [1]]


def test_a_subtitle_set_a_size_under_the_title_belongs_to_it_and_the_authors_do_not() -> None:
    doc, page = letter_page()
    put(page, 175, 95, "CONCATENATIVE PROGRAMMING", 14.3)
    put(page, 150, 111, "An Overlooked Paradigm in Functional Programming", 12.9)
    put(page, 250, 149, "Dominikus Herzberg", 11)
    put(page, 190, 162, "Department of Software Engineering, Heilbronn University", 9)
    put(page, 210, 173, "Max-Planck-Str. 39, 74081 Heilbronn, Germany", 9)
    put(page, 72, 200, "Abstract:", 9)
    prose(page, 205, 700, size=9)

    front = read(doc)

    assert front.title == "CONCATENATIVE PROGRAMMING An Overlooked Paradigm in Functional Programming"
    assert [a.name for a in front.authors] == ["Dominikus Herzberg"]


def test_an_institutions_name_over_its_wrapped_line_is_no_author() -> None:
    doc, page = letter_page()
    put(page, 72, 90, "Vibration of functionally graded plates on elastic foundations", 16)
    put(page, 72, 120, "Reza Ahmadi, Seyed Ali Hosseini", 11)
    put(page, 72, 140, "Tarbiat Modares", 11)  # the line wrapped off "Tarbiat Modares University" in the authors' size
    put(page, 72, 155, "Faculty of Mechanical Engineering, Tarbiat Modares University, Tehran, Iran", 9)
    put(page, 72, 185, "Abstract", 11)
    prose(page, 195, 700)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Reza Ahmadi", "Seyed Ali Hosseini"]
    assert [a.country for a in front.affiliations] == ["IR"]


@pytest.mark.parametrize("name, expected", [
    ("王小明", True), ("李四", True), ("欧阳修", True), ("周鋆", True),
    ("算法", False), ("框架", False), ("关键词", False), ("輨輱輩", False), ("国防科技大学", False)])
def test_chinese_names_start_with_a_family_name(name: str, expected: bool) -> None:
    assert (is_chinese_name(name) and not has_header_word(name)) is expected


@pytest.mark.parametrize("word, expected", [("Xiaohua", True), ("Zhang", True), ("He", True), ("Shanshan", True),
                                            ("Smith", False), ("Transfer", False), ("Heat", False)])
def test_pinyin_words(word: str, expected: bool) -> None:
    assert is_pinyin(word) is expected


@pytest.mark.parametrize("name, expected", [
    ("Changsha Hunan", True), ("Xi'an Shaanxi", True), ("Saint Petersburg", True),
    ("Florence Jackson", False), ("Long Chen", False), ("Paris Hilton", False)])
def test_places_are_no_names(name: str, expected: bool) -> None:
    assert is_place_name(name) is expected


@pytest.mark.parametrize("name", ["Open Access", "Article Recommendations", "Supporting Information", "Acta Astronautica",
                                  "Corresponding Author", "Hunan Province", "Journal Pre-proof", "Graphical Abstract"])
def test_header_words_are_no_names(name: str) -> None:
    assert has_header_word(name)


def test_a_name_is_a_phrase_only_when_the_text_prints_all_its_words_in_lower_case() -> None:
    texts = ["the heat transfer grows; heat transfer again. john.smith@mit.edu and john.smith@x.org",
             "the long wall heats; he said so, he did, long ago"]
    names = ["Heat Transfer", "John Smith", "Long He", "Rose White"]
    uses = lower_case_uses(phrase_words(names), texts)
    assert [reads_as_phrase(n, uses) for n in names] == [True, False, False, False]
    assert reads_as_phrase("算法", uses, "算法" * 5) and not reads_as_phrase("孙立健", uses, "孙立健" + "算法" * 5)


@pytest.mark.parametrize("text, country", [
    ("DeepMind", "GB"), ("Google DeepMind", None), ("Google, Inc", "US"), ("Tel Aviv University", "IL"),
    ("国防科技大学信息系统工程重点实验室", "CN"), ("哈佛大学物理系", None), ("Pineapple Research", None),
    ("Dept. of Physics, Apple Inc.", "US")])
def test_institutions_printed_without_an_address_imply_their_country(text: str, country: str | None) -> None:
    assert country_of(text) == country


def test_acm_names_run_into_the_affiliation_and_the_authors_address_note() -> None:
    doc, page = letter_page()
    put(page, 46, 95, "Survey of Hallucination in Natural Language Generation", 14.3)
    put(page, 46, 120, "ZIWEI JI, NAYEON LEE, RITA FRIESKE, TIEZHENG YU, DAN SU, YAN XU,", 10.8)
    put(page, 46, 133, "and PASCALE FUNG, Center for Artificial Intelligence Research (CAiRE), Hong Kong University of", 10.8)
    put(page, 46, 146, "Science and Technology, Hong Kong", 10.8)
    prose(page, 165, 600, size=9)
    put(page, 46, 700, "Authors' address: Ziwei Ji, ; Nayeon Lee, ; Rita Frieske, rita.frieske@ust. hk; Pascale Fung, ,", 7)
    put(page, 46, 709, "Center for Artificial Intelligence Research (CAiRE), Hong Kong University of Science and", 7)
    put(page, 46, 718, "Technology, Clear Water Bay, Hong Kong", 7)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Ziwei Ji", "Nayeon Lee", "Rita Frieske", "Tiezheng Yu", "Dan Su",
                                               "Yan Xu", "Pascale Fung"]
    assert [(a.text, a.country) for a in front.affiliations] == [(
        "Center for Artificial Intelligence Research (CAiRE), Hong Kong University of Science and Technology, "
        "Clear Water Bay, Hong Kong", "HK")]


def test_a_centred_address_block_wrapped_mid_name_with_phone_numbers_under_it() -> None:
    doc, page = letter_page()
    put(page, 78, 60, "Ontology-based Fault Diagnosis: A Decade in Review", 18)
    for x, name in ((120, "Bin Liu"), (275, "Junfeng Wu"), (417, "Li Yao")):
        put(page, x, 88, name, 12)
    for x in (70, 238, 406):
        put(page, x + 1, 102, "College of System Engineering", 10)
        put(page, x + 2, 113, "National University of Defense", 10)
        put(page, x + 42, 124, "Technology", 10)
        put(page, x + 12, 135, "Changsha 410073, China", 10)
        put(page, x + 27, 146, "+86 15116333743", 10)
    put(page, 54, 205, "ABSTRACT", 12)
    prose(page, 212, 700, size=9)

    front = read(doc)

    assert [a.text for a in front.affiliations] == [
        "College of System Engineering, National University of Defense Technology, Changsha 410073, China"]
    assert [a.affiliations for a in front.authors] == [[0], [0], [0]]


def test_an_equal_contribution_note_is_no_affiliation() -> None:
    doc, page = letter_page()
    put(page, 105, 100, "Visual Enhanced Depth Scaling for Multimodal Latent Reasoning", 14.3)
    put(page, 150, 130, "Yudong Han1,2*, Yong Wang2*, Zhen Qu1", 12)
    put(page, 170, 145, "1Beijing Institute of Technology, 2AMAP, Alibaba Group", 12)
    put(page, 154, 175, "Abstract", 12)
    prose(page, 185, 640)
    put(page, 72, 700, "*Equal contribution. Work done when Yudong's internship at AMAP, Alibaba Group", 8)

    front = read(doc)

    assert [a.text for a in front.affiliations] == ["Beijing Institute of Technology", "AMAP, Alibaba Group"]
    assert [a.country for a in front.affiliations] == ["CN", "CN"]


def test_a_correspondence_address_opening_with_a_name_is_the_affiliation_without_it() -> None:
    doc, page = letter_page()
    put(page, 60, 90, "Research Article", 9)
    put(page, 60, 110, "Aeroelastic analysis of a composite wing with", 15)
    put(page, 60, 128, "piezoelectric actuators", 15)
    put(page, 60, 150, "Mohammad Reza Ahmadi1, Seyed Ali Hosseini2 and Sara Karimi3", 10)
    put(page, 60, 168, "1 Department of Aerospace Engineering, Sharif University of Technology, Tehran, Iran", 8)
    put(page, 60, 178, "2 Faculty of Mechanical Engineering, Tarbiat Modares University, Tehran, Iran", 8)
    put(page, 60, 188, "3 Department of Mechanical Engineering, University of Texas at Dallas, Richardson, TX, USA", 8)
    put(page, 60, 200, "Corresponding author:", 8)
    put(page, 60, 209, "Seyed Ali Hosseini, Faculty of Mechanical Engineering, Tarbiat Modares University, Jalal Ale Ahmad", 8)
    put(page, 60, 218, "Highway, Tehran 14115-111, Iran.", 8)
    put(page, 60, 245, "Abstract", 10)
    prose(page, 255, 700)

    front = read(doc)

    assert front.title == "Aeroelastic analysis of a composite wing with piezoelectric actuators"
    assert [a.name for a in front.authors] == ["Mohammad Reza Ahmadi", "Seyed Ali Hosseini", "Sara Karimi"]
    assert all(not a.text.startswith("Seyed") for a in front.affiliations)
    assert sorted(a.country for a in front.affiliations) == ["IR", "IR", "US"]


def test_a_repository_sheet_with_inverted_names_is_not_the_header() -> None:
    doc, page = letter_page()
    put(page, 72, 60, "Calhoun: The NPS Institutional Archive", 12)
    put(page, 72, 76, "DSpace Repository", 10)
    put(page, 72, 100, "Theses and Dissertations", 10)
    put(page, 72, 114, "Thesis and Dissertation Collection, all items", 10)
    put(page, 72, 140, "Trajectory optimization of a hypersonic glide vehicle", 14)
    put(page, 72, 160, "Smith, John A.; Brown, Mary", 10)
    put(page, 72, 176, "Monterey, California: Naval Postgraduate School", 10)
    put(page, 72, 200, "Downloaded from NPS Archive: Calhoun", 8)
    page = doc.new_page(width=612, height=792)
    put(page, 150, 100, "Trajectory Optimization of a Hypersonic Glide Vehicle", 16)
    put(page, 250, 130, "John A. Smith", 11)
    put(page, 170, 146, "Naval Postgraduate School, Monterey, CA 93943, USA", 9)
    put(page, 72, 180, "Abstract", 11)
    prose(page, 190, 700)

    front = read(doc)

    assert [a.name for a in front.authors] == ["John A. Smith"]
    assert [(a.text, a.country) for a in front.affiliations] == [("Naval Postgraduate School, Monterey, CA 93943, USA",
                                                                  "US")]


@pytest.mark.parametrize("name", ["江苏", "江西", "沈阳", "宁波", "武汉", "湖南省"])
def test_chinese_places_that_open_with_a_family_name_are_no_names(name: str) -> None:
    assert not is_chinese_name(name)


def test_a_chinese_name_ending_in_a_place_is_still_a_name() -> None:
    assert is_chinese_name("王海南")


@pytest.mark.parametrize("name, expected", [
    ("L L", False), ("J. K.", False), ("Open Access", False), ("Changsha Hunan", False), ("算法", False),
    ("J. Smith", True), ("Jean-Pierre Dupont", True), ("ZHANG San", True), ("Alexey V. Ivanov", True), ("王小明", True)])
def test_person_names(name: str, expected: bool) -> None:
    assert _is_person_name(name) is expected


def test_a_chinese_paper_with_its_english_header_at_the_end_gives_the_english_one() -> None:
    doc, page = letter_page()
    put(page, 60, 40, "第 41 卷 第 3 期          推 进 技 术          Vol. 41 No. 3", 8, "china-s")
    put(page, 60, 90, "超燃冲压发动机凹腔火焰稳定器数值研究", 18, "china-s")
    put(page, 200, 120, "王小明1，刘强2", 11, "china-s")
    put(page, 120, 138, "（1. 国防科技大学 空天科学学院，湖南 长沙 410073；2. 北京航空航天大学 宇航学院，北京 100191）", 8,
        "china-s")
    put(page, 60, 160, "摘 要：为研究凹腔火焰稳定器的性能，采用大涡模拟方法对超燃冲压发动机燃烧室进行了数值研究。", 9, "china-s")
    for row in range(30):
        put(page, 60, 200 + 14 * row, "超燃冲压发动机是高超声速飞行器的理想动力装置，凹腔火焰稳定器在其中得到了广泛的应用。", 10,
            "china-s")
    page = doc.new_page(width=612, height=792)
    for row in range(20):
        put(page, 60, 60 + 12 * row, f"[{row + 1}] Zhang S, Li S. Combustion in a scramjet cavity[J]. J Propul, 2019.", 8)
    put(page, 80, 330, "Numerical Study of Cavity Flame Holder in Scramjet Combustor", 13)
    put(page, 200, 350, "WANG Xiao-ming1, LIU Qiang2", 10)
    put(page, 80, 365, "(1. College of Aerospace Science and Engineering, National University of Defense Technology,", 8)
    put(page, 80, 375, "Changsha 410073, China; 2. School of Astronautics, Beihang University, Beijing 100191, China)", 8)
    put(page, 60, 395, "Abstract: To study the performance of the cavity flame holder, large eddy simulations were made.", 9)

    front = read(doc)

    assert front.title == "Numerical Study of Cavity Flame Holder in Scramjet Combustor"
    assert [a.name for a in front.authors] == ["WANG Xiao-ming", "LIU Qiang"]
    assert [a.affiliations for a in front.authors] == [[0], [1]]
    assert [(a.institution, a.country) for a in front.affiliations] == [
        ("National University of Defense Technology", "CN"), ("Beihang University", "CN")]


def test_a_notice_ending_in_a_role_is_no_affiliation() -> None:
    from figscan.extract.frontmatter.affiliations import _affiliation_from_text

    assert _affiliation_from_text("IDA Division Director.", 700.0, in_front_block=False, address_block=True) == []
    kept = _affiliation_from_text("Institute for Defense Analyses, 730 East Glebe Road, Alexandria, Virginia 22305",
                                  700.0, in_front_block=False, address_block=True)
    assert [d.text for d in kept] == ["Institute for Defense Analyses, 730 East Glebe Road, Alexandria, Virginia 22305"]
