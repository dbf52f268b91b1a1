"""Funding statements from pages drawn here and read through the real text extraction: funders
in many phrasings, on the list or recognised by their form, grant numbers, and thanks that are
not funding."""
from __future__ import annotations

import csv
from pathlib import Path

import pymupdf

from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.extract.frontmatter import find_grants, parse_front_matter
from figscan.extract.frontmatter.funder_list import FUNDERS_PATH, canonical_funder
from figscan.model import Funding, PageText


def funding_of(lines: list[str], font: str = "helv", heading: str = "Acknowledgements") -> list[Funding]:
    """A two-page paper: a title page, then a heading and the given lines at 10 pt."""
    doc = pymupdf.open()
    first = doc.new_page(width=612, height=792)
    first.insert_text((72, 80), "Thermal Loads on a Slender Body in Supersonic Flow", fontsize=18)
    first.insert_text((72, 110), "Anna Berg and Tomas Lind", fontsize=11)
    first.insert_textbox(pymupdf.Rect(72, 140, 540, 600), "We measure the heating of a slender body. " * 30,
                         fontsize=10)
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), heading, fontsize=11, fontname=font)
    for i, line in enumerate(lines):
        page.insert_text((72, 100 + 13 * i), line, fontsize=10, fontname=font)
    pages: list[PageText] = [read_page_text(doc[i], i + 1, Limits()) for i in range(doc.page_count)]
    return parse_front_matter(pages, {}).funding


def funders_of(statements: list[Funding]) -> list[str]:
    return [name for statement in statements for name in statement.funders]


def grants_of(statements: list[Funding]) -> list[str]:
    return [grant for statement in statements for grant in statement.grants]


def test_multi_funder_acknowledgement_with_grants_of_many_formats() -> None:
    statements = funding_of([
        "This work was supported by the National Natural Science Foundation of China (Grant Nos. 61703416",
        "and 11872345), JSPS KAKENHI Grant Number JP18K04567, the Deutsche Forschungsgemeinschaft",
        "(DFG, German Research Foundation) - Projektnummer 390740016, the U.S. National Science Foundation",
        "under award CMMI-1762757, the Russian Foundation for Basic Research (project 18-01-00123) and the",
        "European Union's Horizon 2020 research and innovation programme under grant agreement No 101002047.",
    ])

    funders = funders_of(statements)
    canonical = {canonical_funder(name) for name in funders}
    assert {"National Natural Science Foundation of China", "Japan Society for the Promotion of Science",
            "Deutsche Forschungsgemeinschaft", "National Science Foundation",
            "Russian Foundation for Basic Research", "European Commission"} <= canonical
    assert grants_of(statements) == ["61703416", "11872345", "JP18K04567", "390740016", "CMMI-1762757",
                                     "18-01-00123", "101002047"]


def test_chinese_funding_line_with_projects_and_a_name_broken_over_two_lines() -> None:
    statements = funding_of([
        "本研究得到了国家自然科学基金(61703416)资助、湖南省自然科学基金(2018JJ3614)资助和湖",
        "南省研究生科研创新项目(CX20190041)资助；教育部教改课题(2017YB119)。",
    ], font="china-s", heading="基金项目")

    funders = funders_of(statements)
    assert funders[:3] == ["国家自然科学基金", "湖南省自然科学基金", "湖南省研究生科研创新项目"]
    assert "教育部教改课题" in funders
    assert "了国家自然科学基金" not in funders and "教育部" not in funders
    assert {"61703416", "2018JJ3614", "CX20190041", "2017YB119"} <= set(grants_of(statements))


def test_funders_not_on_the_list_are_recognised_by_their_form() -> None:
    statements = funding_of([
        "Part of this work was supported by the Thomas Gessmann-Stiftung, by the Shenzhen Fundamental",
        "Research grants JCYJ20140417172417120 and by the Vrije Fonds voor Windtunnels Trust. This project",
        "received funding from the European High-Performance Computing Joint Undertaking (JU) under grant",
        "agreement No. 955513 (Project MAELSTROM).",
    ])

    funders = funders_of(statements)
    assert all(not canonical_funder(name) for name in funders)  # none of them is on the list
    assert funders == ["Thomas Gessmann-Stiftung", "Shenzhen Fundamental Research",
                       "Vrije Fonds voor Windtunnels Trust",
                       "European High-Performance Computing Joint Undertaking (JU)"]
    assert "Project MAELSTROM" not in funders


def test_thanks_institutions_companies_and_operators_are_no_funders() -> None:
    statements = funding_of([
        "We thank the anonymous reviewers for their comments, Dr. Karl Weber of the Beijing Institute of",
        "Technology for the wind tunnel time and NVIDIA Corporation for the donation of a Titan X GPU.",
        "This work was funded by the Air Force Office of Scientific Research under grant FA9550-19-1-0123.",
        "Sandia National Laboratories is a multi-mission laboratory managed and operated by National",
        "Technology and Engineering Solutions of Sandia LLC, a wholly owned subsidiary of Honeywell",
        "International Inc., for the U.S. Department of Energy's National Nuclear Security Administration",
        "under contract DE-NA0003525.",
    ])

    funders = funders_of(statements)
    assert funders == ["Air Force Office of Scientific Research",
                       "U.S. Department of Energy's National Nuclear Security Administration"]
    assert grants_of(statements) == ["FA9550-19-1-0123", "DE-NA0003525"]


def test_listed_name_printed_in_another_case_is_one_funder_not_two_fragments() -> None:
    statements = funding_of([
        "This work was supported by the Institute of Information & communications Technology Planning &",
        "Evaluation (IITP) grant funded by the Korea government (No. 2019-0-01267).",
    ])

    assert funders_of(statements) == ["Institute of Information & communications Technology Planning & Evaluation"]
    assert grants_of(statements) == ["2019-0-01267"]


def test_dotted_and_slashed_grant_numbers() -> None:
    assert find_grants("NWO grant 639.073.005, CNPq 312345/2019-0 and FAPESP 2019/12345-6, version 2.3.1") == [
        "639.073.005", "312345/2019-0", "2019/12345-6"]


def test_every_funder_row_has_a_source_and_registry_rows_a_funder_registry_id() -> None:
    with open(FUNDERS_PATH, encoding="utf-8") as handle:
        rows = list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))

    assert len(rows) >= 300
    assert all(row["source"] for row in rows)
    registry = [row for row in rows if row["origin"] == "registry"]
    assert registry and all(row["funder_id"] and all(f.isdigit() for f in row["funder_id"].split("|"))
                            for row in registry)
    assert len({row["country"] for row in rows if row["country"]}) >= 60
    assert "tools/build_funders.py" in Path(FUNDERS_PATH).read_text(encoding="utf-8")  # how the rows are rebuilt


def test_a_programme_after_under_is_the_funders_programme_but_a_fund_is_a_funder() -> None:
    statements = funding_of([
        "This project has received funding from the European Research Council (ERC) under the European",
        "Union's Horizon 2020 research and innovation programme (grant agreement No. 740696). The ADAPT",
        "Centre is funded under the SFI Research Centres Programme (Grant 13/RC/2106_P2) and is co-funded",
        "under the European Regional Development Fund. ORCID iDs: 0000-0002-3857-6633.",
    ])

    assert funders_of(statements) == ["European Research Council (ERC)", "SFI Research Centres Programme",
                                      "European Regional Development Fund"]
    assert grants_of(statements) == ["740696", "13/RC/2106_P2"]


def test_a_line_of_grant_numbers_cut_from_its_sentence_keeps_only_codes_like_the_found_ones() -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "ACKNOWLEDGMENT The work was supported by Shenzhen Key Laboratory grant", fontsize=10)
    page.insert_text((72, 93), "ZDSYS20140508161825065, Shenzhen Fundamental Research grants JCYJ20140417172417145", fontsize=10)
    page.insert_text((72, 106), "and", fontsize=10)
    page.insert_text((300, 160), "JCYJ20140417172417120", fontsize=10)  # set apart: a paragraph of its own
    page.insert_text((300, 220), "DM-0003958", fontsize=10)

    front = parse_front_matter([read_page_text(doc[0], 1, Limits())], {})

    assert grants_of(front.funding) == ["ZDSYS20140508161825065", "JCYJ20140417172417145", "JCYJ20140417172417120"]


def test_a_name_whose_words_the_text_layer_ran_together_is_still_its_registry_funder() -> None:
    statements = funding_of([
        "This work was supported in part by the Fundamental Research Funds for the CentralUniversities",
        "(No. 2022CDJDX-005) and the NationalNatural Science Foundation of China (No. 62002034).",
    ])

    registry = {f.registry_name for statement in statements for f in statement.by_funder}
    assert {"Fundamental Research Funds for the Central Universities",
            "National Natural Science Foundation of China"} <= registry


def test_each_grant_is_linked_to_the_funder_the_sentence_gives_it() -> None:
    statements = funding_of([
        "This work was supported by the National Natural Science Foundation of China (Grant Nos. 61703416",
        "and 11872345), JSPS KAKENHI Grant Number JP18K04567, the Army Research Office (grant no.",
        "GR10005043), the Packard Foundation, and by grant CMMI-1762757 from the U.S. National Science",
        "Foundation. We thank the NSFC under grant 52275011.",
    ])

    linked = {f.registry_name or f.name: f.grants for s in statements for f in s.by_funder}
    assert linked["National Natural Science Foundation of China"] in (["61703416", "11872345"], ["52275011"])
    assert linked["Japan Society for the Promotion of Science"] == ["JP18K04567"]
    assert linked["Army Research Office"] == ["GR10005043"]
    assert linked["Packard Foundation"] == []
    assert linked["National Science Foundation"] == ["CMMI-1762757"]
    ids = {f.registry_name: f.registry_id for s in statements for f in s.by_funder}
    assert ids["National Natural Science Foundation of China"] == "10.13039/501100001809"


def test_the_report_names_each_registry_funder_once_and_results_keep_the_links() -> None:
    from figscan.model import FunderGrants, PaperResult
    from figscan.report.exports import funders

    result = PaperResult(path="a.pdf", status="ok", funding=[
        Funding(text="Supported by NSFC (No. 61703416).", funders=["NSFC"], grants=["61703416"],
                by_funder=[FunderGrants("NSFC", "National Natural Science Foundation of China",
                                        "10.13039/501100001809", ["61703416"])]),
        Funding(text="The National Natural Science Foundation of China and the Packard Foundation.",
                funders=["National Natural Science Foundation of China", "Packard Foundation"],
                by_funder=[FunderGrants("National Natural Science Foundation of China",
                                        "National Natural Science Foundation of China"),
                           FunderGrants("Packard Foundation")])])

    assert funders(result) == ["National Natural Science Foundation of China", "Packard Foundation"]
    again = PaperResult.from_dict(result.to_dict())
    assert again.funding[0].by_funder[0].grants == ["61703416"] and again.schema == 3


def test_a_programme_listed_after_another_programme_of_the_same_funder_is_no_second_funder() -> None:
    statements = funding_of([
        "This work was supported by the U.S. National Science Foundation's Dynamics of Coupled Natural and",
        "Human Systems (CNH) Program (award 1517823) and Macrosystems Biology Program (awards EF-1638679",
        "and EF-1638554).",
    ])

    funders = funders_of(statements)
    assert [canonical_funder(name) for name in funders] == ["National Science Foundation"]
    assert "EF-1638679" in grants_of(statements)


def test_the_name_of_a_grant_and_of_a_project_are_no_funders() -> None:
    statements = funding_of([
        "This work is supported by the Packard Foundation and by an Early Career Faculty grant from NASA.",
        "We are grateful for the support from the China Scholarship Council and the UK-funded project",
        "REASON.",
    ])

    funders = funders_of(statements)
    assert "Early Career Faculty" not in funders and "REASON" not in funders
    assert {"Packard Foundation", "NASA", "China Scholarship Council"} <= set(funders)


def test_from_inside_a_capitalised_name_does_not_start_a_funder() -> None:
    statements = funding_of([
        "This work was carried out in the framework of the European Partnership for the Assessment of Risks",
        "from Chemicals (PARC) and has received funding from the European Union's Horizon Europe research",
        "and innovation programme under Grant Agreement No 101057014.",
    ])

    funders = funders_of(statements)
    assert not any("Chemicals" in name for name in funders)
    assert {canonical_funder(name) for name in funders} == {"European Commission"}


def test_chinese_grants_are_linked_to_their_funder_also_when_it_is_named_twice() -> None:
    statements = funding_of([
        "山西省基础研究计划资助项目(202103021224182);",
        "山西省基础研究计划资助项目(202103021224187);国家自然科学基金(61703416)。",
    ], font="china-s", heading="基金项目")

    linked = {f.name: f.grants for s in statements for f in s.by_funder}
    assert linked["山西省基础研究计划"] == ["202103021224182", "202103021224187"]
    assert linked["国家自然科学基金"] == ["61703416"]


def test_a_funder_printed_two_ways_in_one_paper_keeps_one_spelling() -> None:
    statements = funding_of([
        "This work was supported by the National Evolutionary Synthesis Center and by the NSFC",
        "(No. 61703416).",
        "",
        "Funding: National Evolutionary Synthesis Center (NESCent); National Natural Science Foundation of",
        "China (No. 62002034).",
    ])

    funders = funders_of(statements)
    assert sorted(set(funders)) == ["NSFC", "National Evolutionary Synthesis Center"]
    assert [[(f.name, f.grants) for f in s.by_funder] for s in statements] == [
        [("National Evolutionary Synthesis Center", []), ("NSFC", ["61703416"])],
        [("National Evolutionary Synthesis Center", []), ("NSFC", ["62002034"])]]


def test_grant_codes_printed_apart_years_in_programme_names_and_patents_under_competing_interests() -> None:
    statements = funding_of([
        "This work was supported by STI 2030-Major Projects (No. 2022ZD0208900) and the Natural Science",
        "Foundation of Jiangsu Province, China (No. BK 20221502).",
        "",
        "Competing interests: A.B. is an author of patent application WO2020060858A1.",
    ])

    assert grants_of(statements) == ["2022ZD0208900", "BK20221502"]


def test_a_bracketed_code_of_letter_groups_and_three_digits_is_a_grant() -> None:
    statements = funding_of([
        "This work was supported by the CAS Project for Young Scientists in Basic Research (YSBR-029) and",
        "the Starry Night Science Fund of Zhejiang University (No. SN-ZJU-SIAS-001), not by COVID-19 (ABC 123).",
    ])

    assert grants_of(statements) == ["YSBR-029", "SN-ZJU-SIAS-001"]


def test_a_grant_before_by_the_next_funder_stays_with_its_own_funder() -> None:
    statements = funding_of([
        "This work was supported by the Netherlands Organisation for Scientific Research (NWO) under grant",
        "639.073.005, by the Commission of the European Communities through the Horizon 2020 program under",
        "project number 645622, and by the National Science Foundation under grant 1314919.",
    ])

    linked = {f.registry_name or f.name: f.grants for s in statements for f in s.by_funder}
    assert linked["Nederlandse Organisatie voor Wetenschappelijk Onderzoek"] == ["639.073.005"]  # NWO
    assert linked["National Science Foundation"] == ["1314919"]
    assert "639.073.005" not in linked.get("European Commission", [])
    assert not any("645622" in grants for grants in linked.values())  # "program under project number": unsaid


def test_a_run_in_competing_interests_heading_ends_the_funding_paragraph() -> None:
    statements = funding_of([
        "Funding: This work is supported by the Army Research Office (grant no. GR10005043). Competing",
        "interests: A.B. is an author of international patent application WO2020060858A1.",
    ], heading="Acknowledgments")

    assert grants_of(statements) == ["GR10005043"]


def test_grant_numbers_printed_in_pieces_and_addresses_that_are_no_grants():
    text = ("supported by the Generalitat de Catalunya (2021 SGR 01545), the Natural Science Foundation of Shaanxi "
            "(2016 JM1014), the FCT with the scholarship 2023.00422.BD and the Ministry of Science and Technology "
            "under grant number 104-2220-E-033 -001, and by Grant 2020-67012-31772 (accession 1022881). "
            "Web: https://hkxb. buaa. edu. cn/CN/Y2024/V45/I20/630912, https://gepris.dfg.de/gepris/projekt/535656 "
            "Mail: {liu hao97, lixiang19950719}@hotmail.com, zxhzxh_2012@163.com")
    assert find_grants(text) == ["2021SGR01545", "2016JM1014", "2023.00422.BD", "104-2220-E-033-001",
                                 "2020-67012-31772"]


def test_support_of_a_funder_acknowledged_and_tools_used_are_no_funders():
    statements = funding_of(["We gratefully acknowledge the support of the Helmholtz-Gemeinschaft Deutscher",
                             "Forschungszentren (HGF). We also acknowledge the support of MindSpore, CANN and",
                             "the Ascend AI Processor used for this research."])
    assert funders_of(statements) == ["Helmholtz-Gemeinschaft Deutscher Forschungszentren"]


def test_a_first_page_footnote_ends_at_the_next_notes_marker():
    statements = funding_of(["This work was supported by the National Key R&D Program of China under Grant No.",
                             "2021YFA0716603 1The authors are with the Lab for High Technology, Tsinghua",
                             "University, Beijing, China"], heading="")
    assert funders_of(statements) == ["National Key R&D Program of China"]
    assert grants_of(statements) == ["2021YFA0716603"]


def _two_column_page(left: list[str], right: list[str], words_of_one_line: list[str] = ()) -> list[Funding]:
    """A two-column page: left lines end at the column's foot, right lines start at the top of the
    next column; words_of_one_line are drawn one by one, widely spaced, on a line of the left column."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for i, line in enumerate(left):
        page.insert_text((50, 600 + 12 * i), line, fontsize=9)
    x = 50.0
    for word in words_of_one_line:
        page.insert_text((x, 600 + 12 * len(left)), word, fontsize=9)
        x += pymupdf.get_text_length(word, fontsize=9) + 14
    for i, line in enumerate(right):
        page.insert_text((320, 80 + 12 * i), line, fontsize=9)
    return parse_front_matter([read_page_text(page, 1, Limits())], {}).funding


def test_a_statement_at_a_columns_foot_goes_on_at_the_top_of_the_next_column():
    statements = _two_column_page(
        ["ACKNOWLEDGMENT", "This work was supported in part by the National Key", "Research and Development Project (No. 2021YFB1714200),"],
        ["the National Natural Science Foundation of China (No.", "62002034), and the Starry Night Science Fund of",
         "Zhejiang University (No. SN-ZJU-SIAS-001).", "", "REFERENCES", "[1] A. Author. A paper. 2020."])
    assert grants_of(statements) == ["2021YFB1714200", "62002034", "SN-ZJU-SIAS-001"]
    assert "Starry Night Science Fund of Zhejiang University" in funders_of(statements)


def test_words_of_one_justified_line_read_as_one_line():
    statements = _two_column_page(
        ["This work is supported by the National Natural Science Foundation of China (Grant",
         "No. 52275011), the Natural Science Foundation of Guangdong"],
        [], words_of_one_line=["Province", "(Grant", "No.", "2023B1515020080),", "the"])
    assert "2023B1515020080" in grants_of(statements)
    assert "Natural Science Foundation of Guangdong Province" in funders_of(statements)


def test_a_misspelt_second_printing_of_a_funder_keeps_the_first_spelling():
    statements = funding_of(["Funding: National Agency for Research and Development of Chile, Fondecyt 1191282.",
                             "A. Castillo was supported by the National Agency for Research and Developmnet",
                             "(FONDECYT regular #1191282). The National Natural Science Foundation of Shaanxi",
                             "Province and the National Natural Science Foundation of China supported B. Li."])
    assert list(dict.fromkeys(funders_of(statements))) == [
        "National Agency for Research and Development of Chile",
        "National Natural Science Foundation of Shaanxi Province", "National Natural Science Foundation of China"]


def test_a_contract_number_on_a_report_cover_is_a_grant():
    statements = funding_of(["NREL is a national laboratory of the U.S. Department of Energy, operated by the Alliance",
                             "for Sustainable Energy, LLC.", "", "Contract No. DE-AC36-08GO28308"], heading="")
    assert grants_of(statements) == ["DE-AC36-08GO28308"]


def test_every_item_of_a_list_after_by_is_a_funder_but_not_the_words_of_one_name():
    statements = funding_of([
        "This research has been supported by research gifts by Western Digital, Amazon, WNCG IAP, UT Austin",
        "Machine Learning Lab (MLL), Cisco, and the Stanly P. Finch Centennial Professorship in Engineering.",
        "Colloquia were supported by a gift from The Dame Jillian and Dr. Arthur M. Sackler Foundation for the",
        "Arts, Sciences, & Humanities. P. S. was also supported by the USDA National Institute of Food and",
        "Agriculture, Hatch project 1013544."])
    assert funders_of(statements) == [
        "Western Digital", "Amazon", "WNCG IAP", "UT Austin Machine Learning Lab (MLL)", "Cisco",
        "Stanly P. Finch Centennial Professorship in Engineering",
        "Dame Jillian and Dr. Arthur M. Sackler Foundation for the Arts",
        "USDA National Institute of Food and Agriculture"]


def test_the_eu_named_as_a_projects_funder():
    statements = funding_of(["T. D. G. and S. D. S. acknowledge the financial support of EU project",
                             "FP7-REGPOT-2011-1 and of the NSF."])
    assert funders_of(statements) == ["EU", "NSF"]
    assert grants_of(statements) == ["FP7-REGPOT-2011-1"]


def test_networks_and_hospitals_in_a_list_of_funders():
    statements = funding_of(["Funded by Lustgarten Foundation; Allegheny Health Network; Emerson Foundation (640183);",
                             "Children's Brain Tumor Network; Children's Hospital of Philadelphia Division of",
                             "Neurosurgery"], heading="")
    assert funders_of(statements) == ["Lustgarten Foundation", "Allegheny Health Network", "Emerson Foundation",
                                      "Children's Brain Tumor Network",
                                      "Children's Hospital of Philadelphia Division of Neurosurgery"]


def test_a_justified_paragraph_given_word_by_word_reads_as_lines():
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    lines = [(200, ["The", "work", "supported", "by", "Shenzhen", "Peacock", "Plan"]),
             (72, ["Team", "grant", "KQTD20140630150243062,", "Shenzhen"]),
             (72, ["Fundamental", "Research", "grant", "JCYJ20140417172417120."])]
    page.insert_text((72, 88), "ACKNOWLEDGMENT", fontsize=10)
    for row, (x, words) in enumerate(lines):
        gap = (540 - x - sum(pymupdf.get_text_length(w, fontsize=10) for w in words)) / (len(words) - 1)
        for word in words:
            page.insert_text((x, 100 + 12 * row), word, fontsize=10)
            x += pymupdf.get_text_length(word, fontsize=10) + gap
    statements = parse_front_matter([read_page_text(page, 1, Limits())], {}).funding
    assert funders_of(statements)[:2] == ["Shenzhen Peacock Plan Team", "Shenzhen Fundamental Research"]
