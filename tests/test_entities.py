"""Watch-list matching on front matter and text read from small PDFs."""
from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from figscan.analyse.entities import (
    ENTITIES_DIR,
    MATCHING,
    RATINGS,
    is_same_name,
    load_watchlists,
    match_entities,
    read_watchlist,
)
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
    assert ("Harbin Engineering University", "ASPI China Defence Universities Tracker", "affiliation") in got
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
    ("Institute of Fluid Physics, China Academy of Engineering Physics, Mianyang", "Chinese Academy of Engineering Physics"),
    ("College of Aerospace Science, National University of Defence Technology, Changsha",
     "National University of Defense Technology"),
    ("哈尔滨工业大学 航天学院", "Harbin Institute of Technology"),
    ("Academy of National Defense Science, Pyongyang", "Academy of National Defence Science"),
])
def test_aliases_acronyms_and_chinese_names(affiliation: str, name: str) -> None:
    assert name in {m.name for m in match_entities(front(affiliation), [])}


# (place, text, the listed names it must match; empty: must match nothing). One table of true and
# false pairs: abbreviations, word order, OCR slips, Chinese and Korean names, near misses.
HEU, HIT = "Harbin Engineering University", "Harbin Institute of Technology"
NUDT, KISU = "National University of Defense Technology", "Kim Il Sung University"
PAIRS = [
    # abbreviations, of the name and inside it
    ("affiliation", "College of Shipbuilding Engineering, HEU, Harbin 150001, China", {HEU}),
    ("affiliation", "College of Aerospace Science, NUDT, Changsha 410073, China", {NUDT}),
    ("affiliation", "Beijing Inst. of Tech., Beijing 100081, China", {"Beijing Institute of Technology"}),
    ("affiliation", "School of Aeronautics, Northwestern Polytechnical Univ., Xi'an", {"Northwestern Polytechnical University"}),
    ("affiliation", "Nanjing University of Aeronautics & Astronautics, Nanjing", {"Nanjing University of Aeronautics and Astronautics"}),
    ("funding", "supported by the NSFC (Grant No. 11972125)", {"National Natural Science Foundation of China"}),
    # word order and spelling
    ("affiliation", "College of Liberal Arts, National Defence Technology University, Changsha", {NUDT}),
    ("affiliation", "HARBIN INSTITUTE OF TECHNOLOGY, HARBIN, CHINA", {HIT}),
    ("affiliation", "Faculty of Physics, Kim Il-sung University, Pyongyang, DPR Korea", {KISU}),
    # OCR slips in long words
    ("affiliation", "College of Power, Harbin Engineerinq University, Harbin 150001, China", {HEU}),
    ("affiliation", "Department of Mechanics, Kim Chaek Univerity of Technology, Pyongyang", {"Kim Chaek University of Technology"}),
    # original scripts
    ("affiliation", "哈尔滨工程大学 船舶工程学院, 哈尔滨 150001", {HEU}),
    ("affiliation", "哈尔滨工业大学 航天学院", {HIT}),
    ("affiliation", "김일성종합대학 물리학부, 평양", {KISU}),
    ("funding", "本文得到国家自然科学基金(11872345)资助", {"National Natural Science Foundation of China"}),
    # near misses: another institution, one word or a few letters apart
    ("affiliation", "School of Astronautics, Harbin Institute of Technology, Harbin", {HIT}),  # not HEU
    ("affiliation", "Harbin University of Science and Technology, Harbin 150080, China", set()),
    ("affiliation", "Harbin Engineering College, Harbin", set()),
    ("affiliation", "Northwestern Polytechnic University, Fremont, CA 94539, USA", set()),
    ("affiliation", "Northwest University, Xi'an 710069, China", set()),
    ("affiliation", "Beijing University of Technology, Beijing 100124, China", set()),
    ("affiliation", "National University of Singapore, Singapore 117575", set()),
    ("affiliation", "Nanjing University, Nanjing 210093, China", set()),
    ("affiliation", "Kim Il Song Institute, Seoul", set()),
    ("funding", "supported by the Natural Science Foundation of Shandong Province (ZR2020ME123)",
     {"Provincial Natural Science Foundation (China)"}),  # not NSFC
    ("affiliation", "哈尔滨理工大学, 哈尔滨", set()),  # Harbin University of Science and Technology
    ("affiliation", "Department of Physics, heu lab, Harbin", set()),  # abbreviations only in capitals
]


@pytest.mark.parametrize("where, text, names", PAIRS, ids=[p[1][:40] for p in PAIRS])
def test_true_and_false_pairs(where: str, text: str, names: set[str]) -> None:
    given = front(text) if where == "affiliation" else front(funding=text)
    matches = match_entities(given, [])
    assert {m.name for m in matches} == names
    assert all(m.where == where and m.list_date and m.source.startswith("http") for m in matches)


@pytest.mark.parametrize("text, listed, same", [
    ("Harbin Engineerinq University", HEU, True),
    ("National Defense Technology University", NUDT, True),
    ("Univ. of Electronic Sci. & Tech. of China", "University of Electronic Science and Technology of China", True),
    (HIT, HEU, False),
    ("Harbin Institute of Science and Technology", HIT, False),
    ("Northwestern Polytechnic University", "Northwestern Polytechnical University", False),
    ("Kim Il Song University", KISU, False),  # short words must be exact
    ("Beijing University of Technology", "Beijing Institute of Technology", False),
    ("Harbin", HEU, False),
])
def test_is_same_name(text: str, listed: str, same: bool) -> None:
    score = is_same_name(text, listed)
    assert (score >= 90) is same and (score == 0) is (not same)


def test_fuzzy_match_reports_its_similarity_and_the_text_as_printed() -> None:
    match = next(m for m in match_entities(front("Harbin Engineerinq University, Harbin"), [])
                 if m.list_name == "US Entity List")
    assert match.matched == "Harbin Engineerinq University"
    assert 90 <= match.similarity < 100 and match.alias == HEU and match.country == "CN"


def test_a_reviewers_own_list_file(tmp_path: Path) -> None:
    (tmp_path / "mine.csv").write_text(
        "# My institute's own list. Source: https://example.org/our-list (2025-06)\n"
        "name,original_names,abbreviations,country,list_name,list_date,citation,checked,category,weight,source\n"
        "Example Missile Academy,예시미사일연구원,EMA,KP,Our list,2025-06,Our list of June 2025,2025-06-30,own,2.5,"
        "https://example.org/our-list\n",
        encoding="utf-8")
    entries = read_watchlist(tmp_path / "mine.csv")
    assert entries[0].aliases == ("Example Missile Academy",) and entries[0].abbreviations == ("EMA",)
    matches = match_entities(front("Dept. 3, EMA, Pyongyang", "예시미사일연구원"), [], entries=entries)
    assert [(m.name, m.list_date, m.weight) for m in matches] == [("Example Missile Academy", "2025-06", 2.5)]


DEFENCE_LAB = "Defence science and technology key laboratory"


def test_defence_laboratory_wildcard_in_funding() -> None:
    statement = ("Supported by the Science and Technology on Transient Impact Laboratory (No. 6142606) and the "
                 "Natural Science Foundation of Heilongjiang Province (E2017023).")
    matches = match_entities(front(funding=statement), [])
    got = {m.name: (m.where, m.page) for m in matches}
    assert got[DEFENCE_LAB] == ("funding", 3)
    assert got["Provincial Natural Science Foundation (China)"] == ("funding", 3)


def test_acronyms_are_not_matched_in_body_text_and_text_mentions_weigh_less() -> None:
    pages = pdf_pages("HEU fuel and a HIT on the target; we compare with Harbin Engineering University data.")
    matches = match_entities(FrontMatter(), pages)
    assert {(m.name, m.matched, m.where) for m in matches} == {
        ("Harbin Engineering University", "Harbin Engineering University", "text")}
    entity_list = next(m for m in matches if m.list_name == "US Entity List")
    assert entity_list.weight == pytest.approx(3.0 * MATCHING.text_mention_factor)


def test_every_list_file_names_its_source_and_every_row_is_cited_and_dated() -> None:
    for path in ENTITIES_DIR.glob("*.csv"):
        header = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
        assert "http" in header and "As of" in header, path.name
    entries = load_watchlists()
    assert len(entries) >= 250
    assert all(e.source.startswith("http") and e.weight > 0 and len(e.country) == 2 for e in entries)
    assert all(re.fullmatch(r"(by )?\d{4}(-\d\d){0,2}", e.list_date) for e in entries)
    assert all(e.citation and re.fullmatch(r"\d{4}-\d\d-\d\d", e.checked) for e in entries)
    assert all(e.rating in RATINGS for e in entries if "ASPI" in e.list_name)
    # the audit's wrong rows stay out: CASC on 1260H, CALT itself and Skoltech on the Entity List
    listed = {(e.name, e.list_name) for e in entries}
    assert ("China Aerospace Science and Technology Corporation", "US DoD Section 1260H Chinese military companies") \
        not in listed
    assert not {("China Academy of Launch Vehicle Technology", "US Entity List"),
                ("Skolkovo Institute of Science and Technology", "US Entity List")} & listed


COLUMNS = "name,country,list_name,list_date,citation,checked,category,weight,source"


@pytest.mark.parametrize("content, problem", [
    ("# no source\nname,aliases\nX,Y\n", "source URL"),
    ("# https://x.org\nname,aliases\nX,Y\n", "missing"),
    (f"# https://x.org\n{COLUMNS},colour\n", "unknown"),
    (f"# https://x.org\n{COLUMNS}\nX,CN,L,2020-01-02,85 FR 1,2026-01-02,c,0,https://x.org\n", "row 2"),
    (f"# https://x.org\n{COLUMNS}\nX,CN,L,2020-01-02,85 FR 1,2026-01-02,c,1,\n", "row 2"),
    (f"# https://x.org\n{COLUMNS},rating\nX,CN,L,2020,ASPI page,2026-01-02,c,1,https://x.org,severe\n", "rating"),
    (f"# https://x.org\n{COLUMNS},gated_aliases\nX,CN,L,2020,ASPI page,2026-01-02,c,1,https://x.org,Y Univ\n",
     "gated alias"),
])
def test_malformed_list_is_refused(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "bad.csv").write_text(content)
    with pytest.raises(ValueError, match=f"bad.csv.*{problem}"):
        load_watchlists(tmp_path)


def test_an_affiliation_match_names_every_affiliation_it_was_found_in_and_their_page() -> None:
    affiliations = [Affiliation("Department of Physics, Stanford University, Stanford, CA, USA", page=1),
                    Affiliation("College of Shipbuilding, Harbin Engineering University, Harbin, China", page=2),
                    Affiliation("Yantai Research Institute, Harbin Engineering University, Yantai, China", page=2)]
    matches = [m for m in match_entities(FrontMatter(affiliations=affiliations), [])
               if m.name == "Harbin Engineering University" and m.where == "affiliation"]
    assert matches, "HEU is on the watch lists"
    assert all(m.affiliations == [1, 2] and m.page == 2 for m in matches)


@pytest.mark.parametrize("column, value", [("list_date", ""), ("list_date", "2024-1"), ("citation", ""),
                                           ("checked", ""), ("checked", "2026-12")])
def test_a_row_without_listing_date_citation_or_check_day_is_refused_naming_file_and_row(
        tmp_path: Path, column: str, value: str) -> None:
    good = {"name": "Example Missile Academy", "country": "KP", "list_name": "Our list", "list_date": "2020-12-18",
            "citation": "85 FR 83416", "checked": "2026-12-07", "category": "own", "weight": "2.5",
            "source": "https://example.org/our-list"}
    rows = [good, {**good, "name": "Example Rocket Institute", column: value}]
    lines = ["# Our list. Source: https://example.org/our-list", ",".join(good)]
    lines += [",".join(row.values()) for row in rows]
    (tmp_path / "ours.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"ours\.csv: row 3 \(line 4, Example Rocket Institute\): {column}"
                       if column != "citation" else r"ours\.csv: row 3 \(line 4, Example Rocket Institute\): needs a citation"):
        read_watchlist(tmp_path / "ours.csv")


def test_a_parent_must_name_a_listed_row(tmp_path: Path) -> None:
    (tmp_path / "ours.csv").write_text(
        "# Source: https://example.org/our-list\n"
        f"{COLUMNS},parent\n"
        "Example Institute 5,KP,Our list,2020,Our list,2026-12-07,own,1,https://example.org/our-list,Example Academy\n",
        encoding="utf-8")
    with pytest.raises(ValueError, match="Example Institute 5.*parent 'Example Academy' is on no list"):
        load_watchlists(tmp_path)


def test_a_gated_alias_needs_one_of_its_places_in_the_same_affiliation(tmp_path: Path) -> None:
    (tmp_path / "ours.csv").write_text(
        "# Source: https://example.org/our-list\n"
        f"{COLUMNS},gated_aliases\n"
        "Example Polytechnical University,CN,Our list,2020,Our list,2026-12-07,own,1,https://example.org/x,"
        "Example Polytechnic University@Xi'an/China\n", encoding="utf-8")
    entries = load_watchlists(tmp_path)
    assert entries[0].gated_aliases[0].places == ("Xi'an", "China")
    hit = match_entities(front("School of Physics, Example Polytechnic University, Xi’an 710072"), [], entries=entries)
    assert [(m.name, m.alias, m.affiliations) for m in hit] == [
        ("Example Polytechnical University", "Example Polytechnic University", [0])]
    assert match_entities(front("Example Polytechnic University, Fremont, CA 94539, USA"), [], entries=entries) == []
    assert match_entities(front("Example Polytechnic University", "Xi'an, China"), [], entries=entries) == [], \
        "the place must be in the same affiliation"


NWPU = "Northwestern Polytechnical University"


@pytest.mark.parametrize("affiliation, lists", [
    ("Northwestern Polytechnic University, Xi'an, China", {"US Entity List", "DoD Section 1286 list"}),
    ("School of Astronautics, Northwest Polytechnic University, Xi'an 710072, Shaanxi", {"US Entity List",
                                                                                       "DoD Section 1286 list"}),
    ("Northwestern Polytechnic University, Fremont, CA 94539, USA", set()),
    ("Northwestern Polytechnic University, 47671 Westinghouse Dr, Fremont, California", set()),
])
def test_nwpu_alias_of_the_entity_list_is_gated_on_china(affiliation: str, lists: set[str]) -> None:
    matches = match_entities(front(affiliation), [])
    assert {m.list_name for m in matches if m.name == NWPU} == lists
    assert all(m.name == NWPU for m in matches)


# New entries (issue 24): each as an affiliation or funder prints it, and the listed rows it must match.
CAEP, CASIC2 = "Chinese Academy of Engineering Physics", "China Aerospace Science and Industry Corporation Second Academy"
NEW_ENTRIES = [
    ("affiliation", "Beijing Institute of Radio Measurement, Beijing 100854, China", {CASIC2}),
    ("affiliation", "Beijing Institute of Remote Sensing Equipment, Beijing 100854, China", {CASIC2}),
    ("affiliation", "Institute of Applied Physics and Computational Mathematics, Beijing 100088, China",
     {CAEP, "China Academy of Engineering Physics"}),
    ("affiliation", "Southwest Institute of Fluid Physics, Mianyang 621900, Sichuan, China",
     {CAEP, "China Academy of Engineering Physics"}),
    ("affiliation", "College of Intelligence Science, Hunan Guofang Keji University, Changsha",
     {"National University of Defense Technology"}),
    ("affiliation", "Xi'an Microelectronics Technology Institute, Xi'an 710065, China",
     {"China Aerospace Science and Technology Corporation (CASC) 9th Academy 771 Research Institute"}),
    ("affiliation", "Beijing Institute of Control Engineering, Beijing 100190, China",
     {"China Academy of Space Technology 502 Research Institute"}),
    ("affiliation", "Rocket Force Engineering University, Xi'an 710025, China", {"Rocket Force Engineering University"}),
    ("affiliation", "Army Engineering University of PLA, Nanjing 210007, China", {"Army Engineering University (PLA)"}),
    ("affiliation", "Institute of Physics, Chinese Academy of Sciences, Beijing 100190, China",
     {"Chinese Academy of Sciences, Institute of Physics", "Chinese Academy of Sciences – Institute of Physics"}),
    ("affiliation", "Institute of Basic Medicine, Academy of Military Medical Sciences, Beijing 100850, China",
     {"Academy of Military Medical Sciences", "Academy of Military Medical Sciences, Institute of Basic Medicine"}),
    ("affiliation", "The 14th Research Institute of China Electronics Technology Group Corporation, Nanjing, China",
     {"14th Research Institute of CETC", "China Electronics Technology Group Corporation"}),
    ("affiliation", "School of Chemistry, Tianjin University, Tianjin 300072, China", {"Tianjin University"}),
    ("affiliation", "Department of Physics, Sharif University of Technology, Tehran, Iran",
     {"Sharif University of Technology"}),
    ("affiliation", "Korean Committee for Space Technology, Pyongyang, DPR Korea", {"Korean Committee for Space Technology"}),
    ("affiliation", "Munitions Industry Department, Pyongyang, DPRK", {"Munitions Industry Department"}),
    ("funding", "This work was supported by the Thousand Talents Program for Young Scholars.", {"Thousand Talents Plan"}),
    ("funding", "Supported by the Fundamental Science on Inertial Instrumentation Laboratory (No. 6142601).",
     {"Defence key discipline laboratory"}),
    # near misses
    ("affiliation", "Institute of High Energy Physics, Chinese Academy of Sciences, Beijing 100049, China", set()),
    ("affiliation", "Institute of Physics, University of Tartu, 50411 Tartu, Estonia", set()),
    ("affiliation", "Institute of Radiation Medicine, Fudan University, Shanghai 200032, China", {"Fudan University"}),
    ("affiliation", "National Defense University, Washington, DC 20319, USA", set()),
    ("affiliation", "Ministry of National Defense, Seoul, Republic of Korea", set()),
    ("affiliation", "Xi'an University of Technology, Xi'an 710048, China", set()),
    ("affiliation", "西安电子科技大学 电子工程学院, 西安 710071", {"Xidian University"}),  # not UESTC (电子科技大学)
    ("affiliation", "电子科技大学 物理学院, 成都 611731", {"University of Electronic Science and Technology of China"}),
    # abbreviations other institutions bear count only next to the listed one's place
    ("affiliation", "School of Optics and Photonics, BIT, Beijing 100081, China", {"Beijing Institute of Technology"}),
    ("affiliation", "Birla Institute of Technology (BIT) Mesra, Ranchi 835215, India", set()),
    ("affiliation", "AIRI, Moscow 121170, Russia", set()),
    ("affiliation", "IHU Mediterranee Infection, 13005 Marseille, France", set()),
    ("affiliation", "Faculty of Mathematics, SUT, 44-100 Gliwice, Poland", set()),
    ("affiliation", "SANS Technology Institute, Rockville, MD, USA", set()),
]


@pytest.mark.parametrize("where, text, names", NEW_ENTRIES, ids=[p[1][:40] for p in NEW_ENTRIES])
def test_new_entries_match_their_aliases_and_near_misses_do_not(where: str, text: str, names: set[str]) -> None:
    given = front(text) if where == "affiliation" else front(funding=text)
    matches = match_entities(given, [])
    assert {m.name for m in matches} == names
    assert all(m.list_date and m.source.startswith("http") for m in matches)


# Issue 24's match table, continued: the issue's named pairs first, then subordinates under their own
# names, defence-laboratory names and near misses. Together with PAIRS and NEW_ENTRIES it holds at
# least 80 labelled pairs (test_the_match_table_holds_at_least_80_labelled_pairs).
NWPU_ = "Northwestern Polytechnical University"
BEIHANG = {"Beihang University", "Beijing University of Aeronautics and Astronautics"}
CAEP_BOTH = {"Chinese Academy of Engineering Physics", "China Academy of Engineering Physics"}
KEY_DISCIPLINE_LAB = "Defence key discipline laboratory"
HEU_NAME = "Harbin Engineering University"
ICT_BOTH = {"Chinese Academy of Sciences Institute of Computing Technology",
            "Chinese Academy of Sciences – Institute of Computing Technology"}
MATCH_TABLE = [
    # named in the issue
    ("affiliation", "School of Astronautics, Northwestern Polytechnical University, Xi'an 710072, China", {NWPU_}),
    ("affiliation", "Science and Technology on Scramjet Laboratory, National University of Defense Technology, "
                    "Changsha", {NUDT, DEFENCE_LAB}),
    ("affiliation", "国防科技大学 空天科学学院, 长沙 410073", {NUDT}),
    ("affiliation", "Southwest Institute of Nuclear Physics and Chemistry, Mianyang 621900, China", CAEP_BOTH),
    # subordinates under their own names, and original scripts
    ("affiliation", "High Power Laser Laboratory, Shanghai 201800, China", CAEP_BOTH),
    ("affiliation", "中国工程物理研究院 流体物理研究所, 绵阳 621900", CAEP_BOTH),
    ("affiliation", "Institute of Systems Engineering, China Academy of Engineering Physics, Mianyang", CAEP_BOTH),
    # defence laboratories: English patterns (names with commas and "and") and Chinese
    ("affiliation", "Science and Technology on Combustion, Internal Flow and Thermo-Structure Laboratory, "
                    "Northwestern Polytechnical University, Xi'an", {NWPU_, DEFENCE_LAB}),
    ("affiliation", "Fundamental Science on Ergonomics and Environment Control Laboratory, Beihang University, "
                    "Beijing 100191", BEIHANG | {KEY_DISCIPLINE_LAB}),
    ("affiliation", "National Key Laboratory of Science and Technology on Aero-Engine Aero-thermodynamics, "
                    "Beihang University, Beijing", BEIHANG | {DEFENCE_LAB}),
    ("affiliation", "冲击波物理与爆轰物理国防科技重点实验室, 绵阳 621900", {DEFENCE_LAB}),
    ("funding", "国防重点学科实验室开放基金资助 (No. 2019-03)", {KEY_DISCIPLINE_LAB}),
    # more listed institutions
    ("affiliation", "University of Science and Technology of China, Hefei 230026, China",
     {"University of Science and Technology of China"}),
    ("affiliation", "Beijing University of Posts and Telecommunications, Beijing 100876, China",
     {"Beijing University of Posts and Telecommunications"}),
    ("affiliation", "Harbin Institute of Technology (Shenzhen), Shenzhen 518055, China", {HIT}),
    ("affiliation", "Nanjing University of Science & Technology, Nanjing 210094, China",
     {"Nanjing University of Science and Technology"}),
    ("affiliation", "Second Economic Committee, Pyongyang, DPRK", {"Second Economic Committee"}),
    ("affiliation", "Skolkovo Institute of Science and Technology, Moscow 121205, Russia",
     {"Skolkovo Institute of Science and Technology"}),
    ("affiliation", "Malek Ashtar University of Technology, Tehran, Iran", {"Malek Ashtar University"}),
    # near misses: a state key laboratory is not a defence laboratory, nor is every "Science and Technology"
    ("affiliation", "State Key Laboratory of Fire Science, University of Science and Technology of China, Hefei",
     {"University of Science and Technology of China"}),
    ("affiliation", "Key Laboratory of Science and Technology on Food Safety, Jiangnan University, Wuxi", set()),
    ("affiliation", "Fundamental Science Laboratory, University of Tokyo, Tokyo", set()),
    ("affiliation", "Science and Technology Department, Northwestern University, Evanston, IL", set()),
    ("affiliation", "Southwest Jiaotong University, Chengdu 610031, China", set()),
    ("affiliation", "Southwest Research Institute, San Antonio, TX 78238, USA", set()),
    ("affiliation", "Institute of Applied Physics, University of Bern, 3012 Bern, Switzerland", set()),
    ("affiliation", "Chinese Academy of Engineering, Beijing 100088, China", set()),
    ("affiliation", "National Defence University of Malaysia, Kuala Lumpur", set()),
    ("affiliation", "Harbin Normal University, Harbin 150025, China", set()),
    ("affiliation", "Tianjin University of Technology, Tianjin 300384, China", set()),
    ("affiliation", "Beijing University of Chemical Technology, Beijing 100029, China", set()),
    ("affiliation", "Iran University of Science and Technology, Tehran", set()),
    # ICT: the lists' "CAS ICT" / "(ICT)", as ACM headers print it, and only next to CAS (fresh2 batch)
    ("affiliation", "SKL of processors, ICT, CAS, Beijing, China", ICT_BOTH),
    ("affiliation", "School of ICT, Beijing Jiaotong University, Beijing, China", set()),
    # PLA schools by their Chinese names (a Chinese journal's footnote: 黄雷系火箭军士官学校讲师)
    ("affiliation", "火箭军士官学校", {"Rocket Force Non-Commissioned Officer School (PLA)"}),
    ("affiliation", "海军潜艇学院, 青岛 266199", {"Naval Submarine Academy (PLA)"}),
    # a text layer without spaces (兵器装备工程学报), and one with OCR's "m" for "rn"
    ("affiliation", "SchoolofAerospaceEngineering,NorthUniversityofChina,Taiyuan030051,China",
     {"North University of China"}),
    ("affiliation", "SchoolofAerospaceEngineering,NorthUniversityofChinaTechnology,Taiyuan,China", set()),
    ("affiliation", "Northwestem Polytechnical University, Xi'an", {NWPU_}),
    ("affiliation", "Northwestem University, Evanston, IL", set()),
    ("affiliation", "Dept. of Physics, Harbin-Engineerinq-University, Harbin", {HEU_NAME}),  # hyphens, not run together
]


@pytest.mark.parametrize("where, text, names", MATCH_TABLE, ids=[p[1][:40] for p in MATCH_TABLE])
def test_match_table(where: str, text: str, names: set[str]) -> None:
    given = front(text) if where == "affiliation" else front(funding=text)
    matches = match_entities(given, [])
    assert {m.name for m in matches} == names
    assert all(m.citation and m.checked and m.list_date and m.source.startswith("http") for m in matches)


def test_the_match_table_holds_at_least_80_labelled_pairs() -> None:
    table = PAIRS + NEW_ENTRIES + MATCH_TABLE
    assert len(table) >= 80
    assert sum(1 for _, _, names in table if not names) >= 25, "near misses that must match nothing"
    assert len({text for _, text, _ in table}) == len(table), "no pair twice"


def test_a_match_carries_its_rows_citation_check_day_and_rating() -> None:
    matches = match_entities(front("College of Aerospace Science, National University of Defense Technology, "
                                   "Changsha"), [])
    entity_list = next(m for m in matches if m.list_name == "US Entity List")
    assert (entity_list.list_date, entity_list.citation.split(" (")[0]) == ("2015-02-18", "80 FR 8527")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", entity_list.checked) and entity_list.parent == ""
    rated = match_entities(front("College of Shipbuilding Engineering, Harbin Engineering University, Harbin"), [])
    assert {m.rating for m in rated if "ASPI" in m.list_name} <= set(RATINGS) - {""}
    assert any("ASPI" in m.list_name for m in rated)


def test_a_subordinate_names_its_listed_parent() -> None:
    matches = match_entities(front("The 14th Research Institute of China Electronics Technology Group "
                                   "Corporation, Nanjing, China"), [])
    parts = {m.name: m.parent for m in matches}
    assert parts == {"14th Research Institute of CETC": "China Electronics Technology Group Corporation",
                     "China Electronics Technology Group Corporation": ""}


@pytest.mark.parametrize("paper_date, before", [
    ("2019-03-12", {"US Entity List": True, "DoD Section 1286 list": False}),  # listed 2015-02-18 / 2023-06-29
    ("2015", {"US Entity List": None, "DoD Section 1286 list": False}),  # 2015-02-18 lies inside 2015
    ("2010-05", {"US Entity List": False, "DoD Section 1286 list": False}),
    ("", {"US Entity List": None, "DoD Section 1286 list": None}),
])
def test_a_match_says_whether_the_entity_was_listed_before_the_paper(paper_date: str, before: dict) -> None:
    matches = match_entities(front("Science and Technology on Scramjet Laboratory, National University of Defense "
                                   "Technology, Changsha"), [], paper_date=paper_date)
    got = {m.list_name: m.listed_before_paper for m in matches if m.name == NUDT}
    assert got == before
    lab = next(m for m in matches if m.name == DEFENCE_LAB)
    assert lab.category == "defence-laboratory" and lab.listed_before_paper is None, "a naming pattern is no listing"
