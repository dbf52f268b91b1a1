"""Funding statements that the last batches missed as a whole: a Korean journal's acknowledgement in the
National Research Foundation of Korea's wording, the 111 Project (a funder whose name starts with a number,
from data/funders.tsv), and "The authors thank for the support of ...". Pages are drawn here and read through
the real text extraction."""
from __future__ import annotations

from figscan.extract.frontmatter import find_funding
from figscan.extract.frontmatter.funding_korean import korean_funders
from figscan.model import PageText
from tests.text_pages import text_page


def _funders(pages: list[PageText]) -> list[str]:
    return [name for statement in find_funding(pages) for name in statement.funders]


def _grants(pages: list[PageText]) -> list[str]:
    return [grant for statement in find_funding(pages) for grant in statement.grants]


def test_a_korean_acknowledgement_names_the_ministry_and_the_agency() -> None:
    lines = [(60, 80, "ACKNOWLEDGEMENT"),
             (60, 100, "이 논문은 2014년도 정부(미래창조과학부)의 재원으로 한국연구재단의 지원을 받아"),
             (60, 114, "수행된 기초연구사업임(NRF-2014R1A1A1035827)."),
             (60, 140, "본 연구는 또한 정부(과학기술정보통신부)의 재원으로 정보통신기술진흥센터의 지원을 받아"),
             (60, 154, "수행된 연구임(2015-0-00914, IITP-2017-2015-0-00742).")]

    pages = text_page(lines, font="korea")

    assert _funders(pages) == ["미래창조과학부", "한국연구재단", "과학기술정보통신부", "정보통신기술진흥센터"]
    assert _grants(pages) == ["NRF-2014R1A1A1035827", "2015-0-00914", "IITP-2017-2015-0-00742"]


def test_korean_text_without_the_funding_wording_names_no_funder() -> None:
    assert korean_funders("본 연구는 한국연구재단의 연구자들이 수행하였다.") == []  # "carried out by researchers of the NRF"
    assert korean_funders("정부의 재원으로 수행된 연구임") == []  # "government" alone names no body


def test_the_111_project_is_a_funder_though_its_name_starts_with_a_number() -> None:
    lines = [(60, 80, "Acknowledgements This work was supported by the National Natural Science Foundation of China"),
             (60, 94, "(61673266), the Fundamental Research Funds for the Central Universities, and the 111 Project."),
             (60, 120, "Funding: This work was also supported by the \u201c111 Center\u201d (No. B26023).")]

    statements = find_funding(text_page(lines))

    assert [s.funders for s in statements] == [
        ["National Natural Science Foundation of China", "Fundamental Research Funds for the Central Universities",
         "111 Project"], ["111 Project"]]  # "111 Center" is the same registry funder: one spelling per paper
    assert statements[1].grants == ["B26023"]


def test_thanks_for_the_support_of_a_fund_is_a_funding_statement() -> None:
    lines = [(60, 80, "Acknowledgements"),
             (60, 100, "The authors thank for the support of the Chinese State Natural Science Fund 10872118, 10972124."),
             (60, 130, "Conclusions"),
             (60, 150, "The usual method is inconvenient to form a general computational program.")]

    pages = text_page(lines)

    assert _funders(pages) == ["Chinese State Natural Science Fund"]
    assert _grants(pages) == ["10872118", "10972124"]
