"""Affiliations on generated pages in the layouts whose real papers (the fresh6 batch) lost or
garbled them: each test fails on the parser before the fix it names."""
from __future__ import annotations

from figscan.extract.frontmatter import parse_front_matter
from figscan.extract.frontmatter.numbered import split_run_in
from tests.test_frontmatter_affiliations import paper


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
