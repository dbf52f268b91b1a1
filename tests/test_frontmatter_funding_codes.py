"""Grant numbers that are printed in unusual forms (a DFG programme code of three digits, a label before the
number, a Chinese journal's hyphen bullet) and numbers that are no grants (a programme's period, a
laboratory's unit code). Pages are drawn here and read through the real text extraction."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.extract.frontmatter import find_funding
from figscan.model import PageText
from tests.text_pages import text_page

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")



def _grants(pages: list[PageText]) -> list[str]:
    return [grant for statement in find_funding(pages) for grant in statement.grants]


def test_a_label_before_the_number_and_a_dfg_programme_code_of_three_digits() -> None:
    lines = [(60, 80, "Acknowledgements"),
             (60, 100, "This research was funded by the Deutsche Forschungsgemeinschaft (DFG, German Research"),
             (60, 114, "Foundation) - Project-ID 274762653 - TRR 181, and the NSERC Discovery Grant program.")]

    assert _grants(text_page(lines)) == ["274762653", "TRR181"]


def test_a_programme_period_and_a_laboratory_unit_code_are_no_grants() -> None:
    lines = [(60, 80, "The research leading to these results has received funding from the European Union - Seventh"),
             (60, 94, "Framework Programme (FP7/2007-2013) under the grant agreement n.288516 (CuPiD project)."),
             (60, 120, "The INSERM U1162 team and the INSERM UMR-S1147 were supported by the Ligue Nationale contre"),
             (60, 134, "le Cancer (No ANR-10-NANO-0002-09).")]

    assert _grants(text_page(lines)) == ["288516", "ANR-10-NANO-0002-09"]


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs a font with the hyphen bullet U+2043")
def test_a_chinese_journal_hyphen_bullet_inside_a_grant_number() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    head = "基金项目:深圳市科技计划面上项目(20220807102319001);中国工程院战略研究与咨询项目"
    page.insert_text((60, 80), head, fontsize=10, fontname="china-s")
    page.insert_text((60 + pymupdf.Font("china-s").text_length(head, fontsize=10), 80), "(2023\u2043HZ\u204303)",
                     fontsize=10, fontname="dejavu", fontfile=str(DEJAVU))

    assert _grants([read_page_text(doc[0], 1, Limits())]) == ["20220807102319001", "2023-HZ-03"]


def test_a_spanish_grant_ends_before_its_funders_registry_doi_and_feder_funds_is_a_funder() -> None:
    lines = [(60, 80, "This research has been funded with a grant from the Spanish Ministry of Science and Innovation"),
             (60, 94, "(Project PID2019-104080GB-I00/AEI/10.13039/501100011033, and PID2019-104033GA-I00/MCIN/AEI/"),
             (60, 108, "10.13039/501100011033, FEDER funds) and by the Spanish Ministry of Universities (grant: FPU18/04805).")]

    statements = find_funding(text_page(lines))

    assert _grants(text_page(lines)) == ["PID2019-104080GB-I00", "PID2019-104033GA-I00", "FPU18/04805"]
    assert [s.funders for s in statements] == [["Spanish Ministry of Science and Innovation", "FEDER",
                                                "Spanish Ministry of Universities"]]


def test_a_grant_label_run_into_its_number() -> None:
    lines = [(60, 80, "This work received funding from the European Defence Fund through the project STORE, grant"),
             (60, 94, "agreement No101121405.")]

    assert _grants(text_page(lines)) == ["101121405"]
