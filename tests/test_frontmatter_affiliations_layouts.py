"""Affiliations on generated pages in the layouts whose real papers (the fresh6 batch) lost or
garbled them: each test fails on the parser before the fix it names."""
from __future__ import annotations

import pymupdf

from figscan.extract.frontmatter import parse_front_matter
from figscan.extract.frontmatter.numbered import split_at_markers, split_run_in
from figscan.model import TextLine
from tests.test_frontmatter_affiliations import paper
from tests.test_frontmatter_layouts import pages_of, prose, put


def test_numbers_before_bracketed_addresses_lead_one_affiliation_each() -> None:
    """The Journal of Software (软件学报): "1(School of ..., China)" a line, each number an author's
    marker; the lines were read as one paragraph with one address."""
    pages = paper("Detection of Smart Contract Timestamp Vulnerability", [
        ("ZHANG Zhuo1, LIU Ye-Peng2, XUE Jian-Xin1", 9),
        ("1(School of Information and Communication Technology, Guangzhou College of Commerce, Guangzhou 510700, China)", 7.5),
        ("2(School of Computer, National University of Defense Technology, Changsha 410072, China)", 7.5)])
    front = parse_front_matter(pages, {})
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("School of Information and Communication Technology, Guangzhou College of Commerce, Guangzhou 510700, China",
         "CN"),
        ("School of Computer, National University of Defense Technology, Changsha 410072, China", "CN")]
    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("ZHANG Zhuo", [0]), ("LIU Ye-Peng", [1]), ("XUE Jian-Xin", [0])]


def test_bracketed_addresses_run_together_are_split() -> None:
    assert split_run_in("1(College of Computer Science, Zhejiang University, Hangzhou 310007, China) "
                        "2(Faculty of Information Technology, Monash University, Melbourne, VIC 3800, Australia)") == [
        "1 College of Computer Science, Zhejiang University, Hangzhou 310007, China",
        "2 Faculty of Information Technology, Monash University, Melbourne, VIC 3800, Australia"]


def test_a_number_before_a_camel_case_name_starts_an_address_and_a_note_on_the_paper_is_none() -> None:
    """NeurIPS: "2iWudao Tech" under "1School of ..., Huazhong University of ..." was read as the
    first address's tail; the footnote "This paper is a collaboration between <lab>, <university>"
    was an affiliation; Huazhong (central China) names no country of its own."""
    pages = paper("D-Separation for Causal Self-Explanation", [
        ("Wei Liu1, Jun Wang2, Ruixuan Li1", 10),
        ("1School of Computer Science and Technology, Huazhong University of Science and Technology", 10),
        ("2iWudao Tech", 10)],
        ["*Corresponding authors. This paper is a collaboration between Intelligent and Distributed Computing",
         "Laboratory, Huazhong University of Science and Technology and iWudao Tech."])
    front = parse_front_matter(pages, {})
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("School of Computer Science and Technology, Huazhong University of Science and Technology", "CN"),
        ("iWudao Tech", None)]
    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("Wei Liu", [0]), ("Jun Wang", [1]), ("Ruixuan Li", [0])]


def test_numbers_in_square_brackets_lead_addresses() -> None:
    """bioRxiv: "[1] The University of Texas at Austin, ..." over "[2] ...": two addresses, not one."""
    pages = paper("Speaker-induced suppression in EEG during reading", [
        ("Garret L. Kurteff[1], Liberty S. Hamilton[1, 2]", 12),
        ("[1] The University of Texas at Austin, Moody College of Communication, Department of", 12),
        ("Speech, Language and Hearing Sciences", 12),
        ("[2] The University of Texas at Austin, Dell Medical School, Department of Neurology", 12)])
    front = parse_front_matter(pages, {})
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("University of Texas at Austin, Moody College of Communication, Department of Speech, Language and "
         "Hearing Sciences", "US"),
        ("University of Texas at Austin, Dell Medical School, Department of Neurology", "US")]


def test_a_chinese_university_named_after_its_province_is_in_china() -> None:
    """A thesis header: "黑龙江大学" (Heilongjiang University) and "华中科技大学" print no city or
    country; the province (GB/T 2260) and the region 华中 (central China) tell it. A city printed
    as its municipality (北京) stays the address's city."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 60, 90, "求实对称阵特征值的数值算法", 18, "china-s")
    put(page, 60, 120, "刘宇轩1  张三2  李四3", 11, "china-s")
    put(page, 60, 140, "(1. 黑龙江大学 数学科学学院; 2. 华中科技大学 软件学院; 3. 北京航空航天大学 宇航学院, 北京 100191)", 8,
        "china-s")
    put(page, 60, 165, "摘 要: 本文研究了求实对称阵特征值的数值算法。", 9, "china-s")
    prose(page, 180, 700)
    front = parse_front_matter(pages_of(doc), {})
    assert [(a.institution, a.city, a.country) for a in front.affiliations] == [
        ("黑龙江大学", "", "CN"), ("华中科技大学", "", "CN"), ("北京航空航天大学", "北京", "CN")]


def test_aiaa_footnote_units_join_the_institution_of_the_title_block() -> None:
    """AIAA: the title block prints the university and its address, each author's footnote a
    position, a unit, an e-mail address broken at the line's end and a membership grade. One
    affiliation, "unit, university, address", for each marked author; not a unit per footnote."""
    pages = paper("Feasibility and Mass-Benefit Analysis of Aerocapture", [
        ("Athul Pradeepkumar Girija,* Ye Lu,\u00a7 and Sarag J. Saikia\u00b6", 10),
        ("Purdue University, West Lafayette, Indiana 47907", 10)],
        ["*Doctoral Candidate, School of Aeronautics and Astronautics; apradee@",
         "purdue.edu. Student Member AIAA.",
         "\u00a7Doctoral Candidate, School of Aeronautics and Astronautics; yelu@",
         "purdue.edu. Student Member AIAA."])
    front = parse_front_matter(pages, {})
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("School of Aeronautics and Astronautics, Purdue University, West Lafayette, Indiana 47907", "US")]
    assert [a.affiliations for a in front.authors] == [[0], [0], []]  # no footnote carries "\u00b6"


def test_a_note_symbol_the_font_leaves_unmapped_starts_a_note() -> None:
    """AIAA's "§" read as U+009F: its footnote is its own, not the tail of the one above."""
    lines = [TextLine(1, (83, 688 + 10 * i, 425, 696 + 10 * i), text, 8.0) for i, text in enumerate([
        "\u2021Associate Professor, Department of Mechanical and Aerospace Engineering; bevilr@ufl.edu.",
        "\x9fAssociate Professor, Department of Mechanical and Aerospace Engineering; ncf@ufl.edu."])]
    assert [texts for texts, _ in split_at_markers(lines)] == [
        ["\u2021Associate Professor, Department of Mechanical and Aerospace Engineering; bevilr@ufl.edu."],
        ["Associate Professor, Department of Mechanical and Aerospace Engineering; ncf@ufl.edu."]]


def test_an_address_inside_another_with_a_unit_more_is_its_own_affiliation() -> None:
    """IEEE conference grid: the first row's authors print a laboratory between their school and
    university, the second row's do not. Two affiliations; the shorter one was dropped as a piece
    of the longer, since its words are all in it."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 80, 70, "UAV Formation Flight and Collision Warning", 20)
    rows = [(130, ["Wenxuan Zheng", "School of Automation Science", "Science and Technology on Aircraft Control Laboratory",
                   "Beihang University", "Beijing, China"]),
            (210, ["Hongxia Ji", "School of Automation Science", "Beihang University", "Beijing, China"])]
    for top, texts in rows:
        for column, centre in enumerate((160, 430)):  # each line centred under its author, as IEEE sets them
            for index, text in enumerate(texts):
                text = text if index or not column else text.replace("Zheng", "Wang").replace("Hongxia Ji", "Jianfa Wu")
                put(page, centre - pymupdf.get_text_length(text, fontname="helv", fontsize=9) / 2, top + 10.5 * index, text, 9)
    prose(page, 280, 700)
    front = parse_front_matter(pages_of(doc), {})
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("School of Automation Science, Science and Technology on Aircraft Control Laboratory, Beihang University, "
         "Beijing, China", "CN"),
        ("School of Automation Science, Beihang University, Beijing, China", "CN")]


def test_one_author_with_two_universities_joined_by_and_the_gives_two() -> None:
    """IEEE footnote: "T. Pham is with the School of X, University A and the Dept. of Y, The
    University B." names two affiliations; it was one record holding both."""
    pages = paper("Freezing of Gait Detection with Anomaly Scores", [("Thuy T. Pham, Steven T. Moore", 11)], [
        "T. Pham is with the School of Computing and Communications, University of Technology Sydney and the",
        "Dept. of Electrical and Information Engineering, The University of Sydney. S. T. Moore is with the",
        "Department of Neurology, Mount Sinai School of Medicine, New York, NY 10029, USA."])
    front = parse_front_matter(pages, {})
    assert [a.text for a in front.affiliations] == [
        "School of Computing and Communications, University of Technology Sydney",
        "Dept. of Electrical and Information Engineering, The University of Sydney",
        "Department of Neurology, Mount Sinai School of Medicine, New York, NY 10029, USA"]
    assert [(a.name, a.affiliations) for a in front.authors] == [("Thuy T. Pham", [0, 1]), ("Steven T. Moore", [2])]
