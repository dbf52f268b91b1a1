"""Watch-list matching on front matter and text read from small PDFs."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from figscan.analyse.entities import ENTITIES_DIR, TEXT_MENTION_FACTOR, load_watchlists, match_entities
from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.extract.frontmatter import parse_front_matter
from figscan.model import Affiliation, FrontMatter, Funding, PageText


def pdf_pages(*texts: str) -> list[PageText]:
    doc = pymupdf.open()
    for text in texts:
        page = doc.new_page(width=595, height=842)
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 800), text, fontsize=10)
    return [read_page_text(doc[i], i + 1, Limits()) for i in range(doc.page_count)]


def front(*affiliations: str, funding: str = "") -> FrontMatter:
    statements = [Funding(text=funding, page=3)] if funding else []
    return FrontMatter(affiliations=[Affiliation(a) for a in affiliations], funding=statements)


def test_paper_with_entity_list_affiliation_and_chinese_funder() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 90), "Penetration of Projectiles into Layered Targets", fontsize=18)
    page.insert_text((72, 120), "Li Wei, Kim Chol", fontsize=11)
    page.insert_text((72, 140), "College of Aerospace, Harbin Engineering University, Harbin 150001, China", fontsize=9)
    page.insert_text((72, 152), "Kim Il Sung University, Pyongyang, DPR Korea", fontsize=9)
    page.insert_textbox(pymupdf.Rect(72, 180, 523, 400), "Abstract. We study projectile penetration. " * 5,
                        fontsize=10)
    page.insert_textbox(pymupdf.Rect(72, 600, 523, 700),
                        "Acknowledgements. This work was supported by the National Natural Science Foundation "
                        "of China (No. 11872345).", fontsize=10)
    pages = [read_page_text(doc[0], 1, Limits())]

    matches = match_entities(parse_front_matter(pages, {}), pages)

    got = {(m.name, m.list_name, m.where) for m in matches}
    assert ("Harbin Engineering University", "US Entity List", "affiliation") in got
    assert ("Harbin Engineering University", "Seven Sons of National Defence (ASPI China Defence Universities "
            "Tracker)", "affiliation") in got
    assert ("Kim Il Sung University", "UN Security Council resolution 2321 (2016) para 11: DPRK scientific "
            "cooperation", "affiliation") in got
    assert ("National Natural Science Foundation of China", "Chinese government research funders", "funding") in got
    assert not any(m.where == "text" and m.name == "Harbin Engineering University" for m in matches)
    assert all(m.source.startswith("http") for m in matches)


@pytest.mark.parametrize("affiliation", [
    "Harbin University of Science and Technology, Harbin, China",
    "Sichuan University of Science and Engineering, Zigong, China",
    "Northwestern University, Evanston, IL 60208, USA",
    "Nanjing University, Nanjing 210093, China",
    "Beijing Institute of Technology and Business",
])
def test_similar_names_do_not_match(affiliation: str) -> None:
    assert match_entities(front(affiliation), []) == []


@pytest.mark.parametrize("affiliation, name", [
    ("School of Astronautics, Beihang University (BUAA), Beijing", "Beihang University"),
    ("Beijing University of Aeronautics and Astronautics, Beijing 100191", "Beihang University"),
    ("School of Mechanical Engineering, NJUST, Nanjing", "Nanjing University of Science and Technology"),
    ("Institute of Fluid Physics, China Academy of Engineering Physics, Mianyang", "China Academy of Engineering Physics"),
    ("College of Aerospace Science, National University of Defence Technology, Changsha",
     "National University of Defense Technology"),
    ("哈尔滨工业大学 航天学院", "Harbin Institute of Technology"),
    ("Academy of National Defense Science, Pyongyang", "Academy of National Defence Science"),
])
def test_aliases_acronyms_and_chinese_names(affiliation: str, name: str) -> None:
    assert name in {m.name for m in match_entities(front(affiliation), [])}


def test_defence_laboratory_wildcard_in_funding() -> None:
    statement = ("Supported by the Science and Technology on Transient Impact Laboratory (No. 6142606) and the "
                 "Natural Science Foundation of Heilongjiang Province (E2017023).")
    matches = match_entities(front(funding=statement), [])
    got = {m.name: (m.where, m.page) for m in matches}
    assert got["Defence key laboratory (Science and Technology on ... Laboratory)"] == ("funding", 3)
    assert got["Provincial Natural Science Foundation (China)"] == ("funding", 3)


def test_acronyms_are_not_matched_in_body_text_and_text_mentions_weigh_less() -> None:
    pages = pdf_pages("HEU fuel and a HIT on the target; we compare with Harbin Engineering University data.")
    matches = match_entities(FrontMatter(), pages)
    assert {(m.name, m.matched, m.where) for m in matches} == {
        ("Harbin Engineering University", "Harbin Engineering University", "text")}
    entity_list = next(m for m in matches if m.list_name == "US Entity List")
    assert entity_list.weight == pytest.approx(3.0 * TEXT_MENTION_FACTOR)


def test_every_list_file_names_its_source_and_date() -> None:
    for path in ENTITIES_DIR.glob("*.csv"):
        header = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
        assert "http" in header and "As of" in header, path.name
    entries = load_watchlists()
    assert all(e.source.startswith("http") and e.weight > 0 and len(e.country) == 2 for e in entries)


def test_malformed_list_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("# no source\nname,aliases\nX,Y\n")
    with pytest.raises(ValueError, match="bad.csv"):
        load_watchlists(tmp_path)
