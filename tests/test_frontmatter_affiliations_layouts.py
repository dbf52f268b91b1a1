"""Affiliations on generated pages in the layouts whose real papers (the fresh6 batch) lost or
garbled them: each test fails on the parser before the fix it names."""
from __future__ import annotations

import pymupdf

from figscan.extract.frontmatter import parse_front_matter
from figscan.extract.frontmatter.numbered import split_run_in
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
