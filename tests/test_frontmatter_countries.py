"""Countries of affiliations that print an institution and no place: the universities registry
(data/university_countries.tsv, built by tools/build_university_countries.py), on generated pages
and strings."""
from __future__ import annotations

import sys
from pathlib import Path

import pymupdf
import pytest

from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.extract.frontmatter import parse_front_matter
from figscan.extract.frontmatter.places import affiliation_country, country_of, university_country
from figscan.model import PageText

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from build_university_countries import build  # noqa: E402


def pages_of(doc: pymupdf.Document) -> list[PageText]:
    return [read_page_text(doc[i], i + 1, Limits()) for i in range(doc.page_count)]


def put(page: pymupdf.Page, x: float, y: float, text: str, size: float) -> None:
    page.insert_text((x, y), text, fontsize=size, fontname="helv")


AUTHORS = ["Keisha Smith", "Mads Jensen", "Laura Gomez", "Wei Zhang"]


def numbered_paper(affiliations: list[str]) -> list[PageText]:
    """A first page: title, marked authors, numbered affiliation lines, a two-column body."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 60, 80, "Discounting Deepfakes: Trust in Manipulated Media", 18)
    put(page, 60, 110, ", ".join(f"{name} {i + 1}" for i, name in enumerate(AUTHORS[:len(affiliations)])), 11)
    y = 130.0
    for index, text in enumerate(affiliations):
        put(page, 60, y, f"{index + 1} {text}", 9)
        y += 12
    body = "Participants rated the videos and their trust in them was measured twice. " * 12
    page.insert_textbox(pymupdf.Rect(54, y + 20, 299, 700), "Abstract. " + body, fontsize=10)
    page.insert_textbox(pymupdf.Rect(313, y + 20, 558, 740), body, fontsize=10)
    return pages_of(doc)


def test_affiliations_that_name_only_a_listed_university_take_its_country() -> None:
    front = parse_front_matter(numbered_paper([
        "School of Psychology, University of Sussex",
        "Department of Political Science, Aarhus University",
        "Department of Social Psychology, Universidad Nacional de Educación a Distancia"]), {})
    assert [a.country for a in front.affiliations] == ["GB", "DK", "ES"]


@pytest.mark.parametrize("text, country", [
    ("Faculty of Computer Science, Dalhousie University", "CA"),  # a whole part
    ("University of California, Berkeley", "US"),  # a name with a comma: two parts
    ("早稻田大学 理工学部 (Waseda Univ.)", "JP"),  # an English name in brackets, "Univ." spelt out
    ("Institut Cavanilles, Universitat de València", "ES"),  # listed as "Universidad de Valencia"
    ("Department of Statistics, University of Granada", "ES"),  # listed as "Universidad de Granada"
    ("The Open University", None),  # generic words only: every country has one
    ("York University", None),  # Toronto and Pennsylvania: two countries' universities
    ("Department of Physics, University of Sussexshire", None),  # whole names only
    ("Tongji University, Aarhus University", None),  # two listed universities of two countries
])
def test_university_country_matches_whole_listed_names_of_one_country(text: str, country: str | None) -> None:
    assert university_country(text) == country


@pytest.mark.parametrize("text, country", [
    ("Aarhus University, Shanghai, China", "CN"),  # a printed place wins over the list
    ("Nanyang Technological University", "SG"),  # the hand list (data/institution_countries.tsv) wins
    ("School of Astronautics, Harbin Institute of Technology", "CN"),  # the watch lists win
    ("Department of Psychology, University of Sussex", "GB"),  # the registry when nothing else names one
])
def test_printed_places_and_listed_institutions_win_over_the_registry(text: str, country: str | None) -> None:
    assert affiliation_country(text) == country


def test_a_listed_university_is_no_place_for_the_address_predicates() -> None:
    assert country_of("Dalhousie University") is None  # "BITS Pilani*, Dalhousie University§": not a place
    assert affiliation_country("Dalhousie University") == "CA"


def test_the_build_keeps_one_country_names_and_drops_shared_and_generic_ones() -> None:
    kept, dropped = build([("US", "National University"), ("PH", "National University"), ("GB", "Open University"),
                           ("GB", "University of Sussex"), ("AN", "University of Curacao"),
                           ("SD", "Open University of Sudan (OUS)"), ("GB", "The University of Sussex")])
    assert kept == [("University of Sussex", "GB"), ("Open University of Sudan", "SD")]
    assert dropped == {"shared by two countries": 2, "generic words only": 1, "no ISO country": 1, "repeated": 1}


def test_the_wrapped_end_of_a_springer_copyright_line_is_no_affiliation() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    put(page, 50, 90, "Boundary Correspondence for Isogeometric Analysis", 16)
    put(page, 50, 118, "Zheng Zhan 1 \u00b7 Ye Zheng 1 \u00b7 Wenping Wang 2", 11)
    put(page, 50, 140, "Received: 8 February 2022 / Accepted: 2 February 2023", 8)
    put(page, 50, 150, "\u00a9 School of Mathematical Sciences, University of Science and Technology of China and Springer-Verlag GmbH", 8)
    put(page, 50, 160, "Germany, part of Springer Nature 2023", 8)
    put(page, 50, 185, "Abstract", 10)
    page.insert_textbox(pymupdf.Rect(50, 192, 545, 600), "Parameterisation of the domain is studied here. " * 30,
                        fontsize=10)
    put(page, 50, 740, "1 School of Mathematical Sciences, University of Science and Technology of China, Hefei 230026, China", 8)
    put(page, 50, 750, "2 College of Architecture, Texas A&M University, College Station, TX 77843, USA", 8)
    front = parse_front_matter(pages_of(doc), {})
    assert "DE" not in {a.country for a in front.affiliations}
    assert {a.country for a in front.affiliations} == {"CN", "US"}
