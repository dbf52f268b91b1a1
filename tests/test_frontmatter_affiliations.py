"""Affiliations and their countries on generated first pages and strings: the layouts and place
names that real papers of the front-matter development sets print."""
from __future__ import annotations

import pymupdf
import pytest

from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.extract.frontmatter import country_of, parse_front_matter
from figscan.model import PageText


def pages_of(doc: pymupdf.Document) -> list[PageText]:
    return [read_page_text(doc[i], i + 1, Limits()) for i in range(doc.page_count)]


def put(page: pymupdf.Page, x: float, y: float, text: str, size: float) -> float:
    page.insert_text((x, y), text, fontsize=size, fontname="helv")
    return x + pymupdf.get_text_length(text, fontname="helv", fontsize=size)


def paper(title: str, head: list[tuple[str, float]], footnote: list[str] = (), word_gap: float = 0.0) -> list[PageText]:
    """A first page: a title, lines under it (text, size), a two-column body, and footnote lines at
    8 pt; with `word_gap`, each footnote word is drawn on its own, that far from the last, as some
    text layers give a justified line."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 60, 70, title, 20)
    y = 100.0
    for text, size in head:
        put(page, 60, y, text, size)
        y += size * 1.3
    body = "The method is described and compared with earlier work on the same problem. " * 12
    page.insert_textbox(pymupdf.Rect(54, y + 20, 299, 690), "Abstract. " + body, fontsize=10)
    page.insert_textbox(pymupdf.Rect(313, y + 20, 558, 740), body, fontsize=10)
    for index, line in enumerate(footnote):
        x = 54.0
        for word in line.split() if word_gap else [line]:
            x = put(page, x, 708 + 9 * index, word, 8) + word_gap
    return pages_of(doc)


def test_a_justified_footnote_given_word_by_word_is_read_as_one_address() -> None:
    pages = paper("Safe Q-Learning for Continuous-Time Linear Systems", [("Soutrik Bandyopadhyay and Shubhendu Bhasin", 11)],
                  ["The authors are with the Department of Electrical Engineering,",
                   "Indian Institute of Technology Delhi, New Delhi, India."], word_gap=9.0)
    front = parse_front_matter(pages, {})
    assert [a.text for a in front.affiliations] == [
        "Department of Electrical Engineering, Indian Institute of Technology Delhi, New Delhi, India"]
    assert front.affiliations[0].country == "IN"


def test_an_author_named_like_a_country_is_no_address_and_symbol_led_lines_are() -> None:
    pages = paper("Improving Developers Awareness of the Exception Handling Policy", [
        ("Taiza Montenegro*, Hugo Melo\u00a7, Roberta Coelho\u00a7", 11),
        ("*Informatics Superintendence", 10),
        ("\u00a7Department of Informatics and Applied Mathematics", 10),
        ("Federal University of Rio Grande do Norte, Natal, Brazil", 10)])
    front = parse_front_matter(pages, {})
    texts = [a.text for a in front.affiliations]
    assert texts[0] == "Informatics Superintendence"
    assert not any("Montenegro" in t for t in texts)
    assert {a.country for a in front.affiliations if a.country} == {"BR"}
    assert "Informatics Superintendence" not in [a.name for a in front.authors]


def test_present_address_notes_are_not_affiliations_and_countries_ending_in_and_stay_whole() -> None:
    pages = paper("Nanoemulsions Obtained via Bubble Bursting", [("Jie Feng1, Matthieu Roche1,#", 11)], [
        "1 Department of Physics, University of Helsinki, Helsinki, Finland",
        "# Present address: Laboratoire de Physique des Solides, Universite Paris Sud, 91405 Orsay, France"])
    front = parse_front_matter(pages, {})
    assert [a.text for a in front.affiliations] == ["Department of Physics, University of Helsinki, Helsinki, Finland"]
    assert [a.country for a in front.affiliations] == ["FI"]


@pytest.mark.parametrize("text, country", [
    ("Nanyang Technological University", "SG"),  # a listed institution before the Chinese city Nanyang
    ("Institute of Psychology, University of the Bundeswehr Munich", "DE"),  # a large city ending a name
    ("Charlotte Fresenius University of Psychology", None),  # a person's name, not Charlotte, NC
    ("Harbin Engineering University", "CN"),  # a city before a subject word
    ("Hangzhou Dianzi University", "CN"),
    ("Department of Biostatistics and Bioinformatics, Moffitt Cancer Center, Tampa FL", "US"),  # city + state code
    ("Department of Physics, Temple University", None),
    ("Department of Physics, University of Warsaw, Warsaw, Poland", "PL"),
    ("School of Medicine, College of Health and Medicine, University of Tasmania", "AU"),  # ISO 3166-2 states
    ("Department of Physics, University of British Columbia", "CA"),
    ("Rutgers University, New Brunswick, NJ", "US"),  # New Brunswick is no province's name here
])
def test_country_of_institutions_named_after_places(text: str, country: str | None) -> None:
    assert country_of(text) == country


def test_institutions_side_by_side_closed_by_their_authors_symbols_are_split() -> None:
    pages = paper("Enhancing Identifier Naming Through Multi-Mask Fine-tuning", [
        ("Sanidhya Vijayvargiya*, Mootez Saad\u00a7, Tushar Sharma\u00a7", 11),
        ("BITS Pilani*, Dalhousie University\u00a7", 10),
        ("Hyderabad, India*, Halifax, Canada\u00b6\u00a7", 10)])
    front = parse_front_matter(pages, {})
    assert [(a.text, a.country, a.marker) for a in front.affiliations] == [
        ("BITS Pilani, Hyderabad, India", "IN", "*"), ("Dalhousie University, Halifax, Canada", "CA", "\u00a7")]
    assert [a.affiliations for a in front.authors] == [[0], [1], [1]]


def test_a_bilingual_header_whose_english_address_is_unreadable_keeps_the_chinese_one() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((120, 90), "多目标攻击的基本概念及关键技术", fontsize=21, fontname="china-s")
    page.insert_text((260, 130), "蓝伟华", fontsize=10.5, fontname="china-s")
    page.insert_text((165, 145), "(中国航空工业第六一三研究所 洛阳 471009)", fontsize=10.5, fontname="china-s")
    page.insert_text((80, 175), "[摘要] 简要地介绍空对空多目标探测、跟踪和攻击的基本概念。", fontsize=10.5, fontname="china-s")
    put(page, 120, 240, "The Primary Concept and Key Technology of", 15)
    put(page, 155, 260, "Air-to-Air Multi-target Attack", 15)
    put(page, 250, 297, "L an W eihua", 10)
    put(page, 140, 312, "(T he 613th R esearch Institu te of A V IC  L uoy ang 471009)", 10)
    put(page, 80, 345, "Abstract: This paper briefly introduces the primary concept of the air-to-air attack.", 10)
    front = parse_front_matter(pages_of(doc), {})
    assert [(a.text, a.country) for a in front.affiliations] == [("中国航空工业第六一三研究所 洛阳 471009", "CN")]


def test_template_placeholders_end_addresses_and_operator_notices_are_no_address() -> None:
    pages = paper("Misinformation Produced by Large Language Models", [
        ("Mengyang Chen, Lingwei Wei, Songlin Hu", 11),
        ("Institute of Information Engineering, Chinese Academy of Sciences 1Affiliation 1,", 10),
        ("School of Cyber Security, University of Chinese Academy of Sciences 2Affiliation 2", 10)],
        ["NREL is operated by Midwest Research Institute, Battelle Contract No. DE-AC36-99-GO10337",
         "Operated for the U.S. Department of Energy Office of Energy Efficiency and Renewable Energy"])
    front = parse_front_matter(pages, {})
    assert [a.text for a in front.affiliations] == [
        "Institute of Information Engineering, Chinese Academy of Sciences",
        "School of Cyber Security, University of Chinese Academy of Sciences"]


def test_a_copyright_box_beside_the_authors_gives_no_affiliation() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 36, 80, "Controlling subterranean forces enables a fast burrowing robot", 18)
    put(page, 36, 120, "Nicholas D. Naclerio1, Andras Karsai2, Mason Murray-Cooper2, Yasemin Ozkan-Aydin2,", 10)
    put(page, 36, 132, "Enes Aydin2, Daniel I. Goldman2, Elliot W. Hawkes1", 10)
    for index, line in enumerate(["Copyright \u00a9 2021", "The Authors, some", "rights reserved;", "of Science. No claim",
                                  "to original U.S.", "Government Works"]):
        put(page, 491, 100 + 10 * index, line, 7)
    page.insert_textbox(pymupdf.Rect(36, 160, 470, 400), "Robots navigate on land and in water. " * 40, fontsize=9)
    for index, line in enumerate(["1Department of Mechanical Engineering, University of California, Santa Barbara, CA 93106, USA.",
                                  "2School of Physics, Georgia Institute of Technology, Atlanta, GA 30332, USA."]):
        put(page, 36, 720 + 9 * index, line, 7)
    front = parse_front_matter(pages_of(doc), {})
    assert [a.country for a in front.affiliations] == ["US", "US"]
    assert not any("original" in a.text for a in front.affiliations)


def test_an_address_without_a_country_takes_it_from_the_email_printed_under_it() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 80, 90, "Efficient Cost Modeling of Space-filling Curves", 17)
    for x, name, place, email in [(110, "Guanli Liu", "Aalborg University", "guanli@cs.aau.dk"),
                                  (280, "Lars Kulik", "Ghent University", "lkulik@ugent.be")]:
        put(page, x, 140, name, 12)
        put(page, x - 5, 152, place, 10)
        put(page, x - 8, 164, email, 10)
    put(page, 54, 200, "ABSTRACT", 11)
    page.insert_textbox(pymupdf.Rect(54, 210, 300, 600), "Curves order data points by their values. " * 30,
                        fontsize=9)
    front = parse_front_matter(pages_of(doc), {})
    assert [(a.text, a.country) for a in front.affiliations] == [("Aalborg University", "DK"), ("Ghent University", "BE")]


def test_an_address_broken_mid_word_into_another_column_names_no_city_with_the_piece() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    put(page, 71, 80, "Linear Filtering as an Imputation Method for Host-Virus Associations", 13.6)
    for x, name in [(71, "Marie-Andree Ouellet 1"), (184, "Gregory Albery 2"), (270, "Dan Becker 3")]:
        put(page, x, 185, name, 10.9)
    put(page, 71, 211, "1 Departement de Sciences Biologiques, Universite de Montreal", 10.9)
    put(page, 355, 211, "2 Department of Biology, George-", 10.9)
    put(page, 71, 237, "town University", 10.9)
    put(page, 151, 233, "3 Department of Biology, University of Oklahoma", 10.9)
    put(page, 71, 300, "Abstract", 12)
    page.insert_textbox(pymupdf.Rect(71, 310, 540, 600), "Host-virus associations are imputed here. " * 20,
                        fontsize=10)
    front = parse_front_matter(pages_of(doc), {})
    assert "ZA" not in {a.country for a in front.affiliations}  # "George" alone is George, South Africa
    assert "Department of Biology" in [a.text for a in front.affiliations]
