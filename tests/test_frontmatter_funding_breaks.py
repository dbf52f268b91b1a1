"""Funding statements the text layer breaks (a page break, a draft's line numbers, a Chinese footnote
run together with its English version, a code in pieces) and names that the sentence shows are no
funders (a host in brackets, a grant's title, a laboratory that is funded, a fund paid from another
funder, a field's funders in running text). Pages are drawn here and read through the real text
extraction."""
from __future__ import annotations

from figscan.extract.frontmatter import find_funders, find_funding, find_grants
from figscan.model import Funding
from tests.text_pages import text_pages


def _funders(statements: list[Funding]) -> list[str]:
    return [name for statement in statements for name in statement.funders]


def _grants(statements: list[Funding]) -> list[str]:
    return [grant for statement in statements for grant in statement.grants]


def test_a_statement_cut_by_a_page_break_and_line_numbers_goes_on_under_the_next_running_head() -> None:
    body = [(90, 100 + 14 * i, "We compare the measures of complexity on many signals and report them.")
            for i in range(8)]
    numbers = [(40, 100 + 14 * i, str(260 + i)) for i in range(12)]
    first = [(90, 40, "STRUCTURE OF CHAOS"), *body, (90, 240, "Acknowledgments"),
             (90, 254, "The study was funded partly by the Presidential Post-Doctoral Award to DM and"), *numbers]
    second = [(90, 40, "STRUCTURE OF CHAOS"),
              (90, 80, "Ministry of Education Academic Research Fund Tier 2 Grant (Project No.: MOE2019-T2-1-019)"),
              (90, 94, "to AC. The authors declare no conflict of interest."), (40, 80, "272"), (40, 94, "273")]

    statements = find_funding(text_pages(first, second))

    assert any(name.startswith("Ministry of Education Academic Research Fund") for name in _funders(statements))
    assert "MOE2019-T2-1-019" in _grants(statements)
    assert not any(g.isdigit() and len(g) <= 4 for g in _grants(statements))


def test_a_chinese_footnote_run_together_with_its_english_version_gives_the_english_names() -> None:
    lines = [(60, 80, "收稿日期: 2021-03-23; 修回日期: 2021-05-11 * 通信作者: 熊玉洁 xiong@sues.edu.cn"),
             (60, 94, "基金项目: 国家重点研发计划项目(2019YFC1509202); 国家自然科学基金项目(62006150);"),
             (60, 108, "上海市多维度信息处理重点实验室开放课题基金资助项目(2020MIP001); 中央高校基本科研业务费专项资金资助"),
             (60, 122, "Supported by: National Key Research and Development"),
             (60, 136, "Program of China (2019YFC1509202); National Natural"),
             (60, 150, "Science Foundation of China (62006150)")]

    statements = find_funding(text_pages(lines, font="china-s"))

    assert _funders(statements) == ["National Key Research and Development Program of China",
                                    "National Natural Science Foundation of China",
                                    "上海市多维度信息处理重点实验室开放课题基金", "中央高校基本科研业务费专项资金"]
    assert sorted(_grants(statements)) == ["2019YFC1509202", "2020MIP001", "62006150"]


def test_a_support_vector_machine_is_no_funding_statement() -> None:
    lines = [(60, 80, "本文方法的总体分类精度高于支持向量机(support vector machine, SVM)等算法。")]

    assert find_funding(text_pages(lines, font="china-s")) == []


def test_a_code_in_pieces_alone_in_brackets_is_one_grant_but_a_listed_acronym_and_two_numbers_stay_apart() -> None:
    assert find_grants("国家重点研发计划项目(2019 YF C1509202); 上海扬帆计划项目(19 YF1418400)") == [
        "2019YFC1509202", "19YF1418400"]
    assert find_grants("the Foundation (NSFC 62006150)") == ["62006150"]
    assert find_grants("grants (51705174 51775210)") == ["51705174", "51775210"]


def test_a_host_in_brackets_after_a_fund_is_not_a_funder() -> None:
    funders = find_funders(
        "This research was financially supported by the National Natural Science Foundation of China (12372103), "
        "the Opening Fund of State Key Laboratory of Nonlinear Mechanics (Institute of Mechanics, CAS), and the "
        "Fundamental Research Funds for Central Universities (Peking University).")

    assert funders == ["National Natural Science Foundation of China",
                       "Opening Fund of State Key Laboratory of Nonlinear Mechanics",
                       "Fundamental Research Funds for Central Universities"]


def test_the_titles_in_a_bracketed_list_of_grants_are_no_funders() -> None:
    funders = find_funders(
        "This work was supported by the Institute of Information & Communications Technology Planning & Evaluation "
        "(IITP) grant, funded by the Korea government (MSIT) (No. RS-2019-II190079, Artificial Intelligence Graduate "
        "School Program (Korea University), No. RS-2024-00457882, AI Research Hub Project, No. RS-2025-02304828, "
        "Artificial Intelligence Star Fellowship Support Program to Nurture the Best Talents).")

    assert funders == ["Institute of Information & Communications Technology Planning & Evaluation (IITP)", "MSIT"]


def test_a_laboratory_the_work_was_done_in_and_a_fund_paid_by_another_funder_are_no_funders() -> None:
    assert find_funders(
        "The experimental work in this paper was conducted in the JC STEM Lab of Advanced Wireless Networks "
        "funded by The Hong Kong Jockey Club Charities Trust.") == ["Hong Kong Jockey Club Charities Trust"]
    assert find_funders(
        "X.Y. is supported by the Distinguished Young Scientists Fund from the Natural Science Foundation of "
        "Zhejiang Province (Grant No. LR23A020001).") == ["Natural Science Foundation of Zhejiang Province"]


def test_who_funds_a_field_in_running_text_and_a_copyright_line_are_no_funding() -> None:
    body = [(72, 80, "To address this limitation, the U.S. Air Force has funded research on the airframe"),
            (72, 94, "digital twin, an extension of individual aircraft tracking.")]
    note = [(72, 700, "Project supported by the National Natural Science Foundation of China (Nos. 12372103 and"),
            (72, 714, "12432003)"), (72, 728, "© Shanghai University 2026")]

    statements = find_funding(text_pages(body + note))

    assert _funders(statements) == ["National Natural Science Foundation of China"]
    assert _grants(statements) == ["12372103", "12432003"]


def test_a_verb_with_a_stray_hyphen_still_reads_as_support() -> None:
    lines = [(72, 700, "This work was support-ed by the National Natural Science Foundation of China under"),
             (72, 714, "Grant 51705174, Grant 51775210, and Grant 51625502. (Corresponding author: Bo Luo.)")]

    statements = find_funding(text_pages(lines))

    assert _funders(statements) == ["National Natural Science Foundation of China"]
    assert _grants(statements) == ["51705174", "51775210", "51625502"]


def test_a_programme_reached_via_a_funder_and_the_funders_of_others_projects_are_no_funders() -> None:
    assert find_funders(
        "Portions of this research were supported by the United States Department of Defense via the Small "
        "Business Innovation Research (SBIR) Program, topic number AF05-181.") == ["United States Department of Defense"]
    lines = [(72, 80, "He worked on different projects that are supported by The Scientific and Technological"),
             (72, 94, "Research Council of Turkey (TUBITAK).")]
    assert find_funding(text_pages(lines)) == []


def test_a_year_inside_a_capitalised_name_and_quotes_inside_a_chinese_name_keep_the_name_whole() -> None:
    funders = find_funders(
        "This project has received funding from the European Research Council (ERC) and from the European "
        "Union's Horizon 2020 Research & Innovation Programme Marie Sklodowska-Curie (grant agreement No. 707404).")
    chinese = find_funders("基金项目： 国家“八六三”高技术项目(2013AA041307) 国家自然科学基金面上项目(51278274)")

    assert any("Horizon 2020 Research & Innovation Programme" in name for name in funders)
    assert chinese == ["国家“八六三”高技术项目", "国家自然科学基金面上项目"]


def test_a_list_cut_after_no_and_a_line_ending_in_and_the_go_on_on_the_next_lines() -> None:
    lines = [(72, 300, "Acknowledgments"),
             (72, 330, "This work was supported by the National Natural Science Foundation of China (No. 51278274, No."),
             (72, 360, "51478249), the Beijing Municipal Science and Technology Project (No. Z151100002115054), and the"),
             (72, 390, "Tsinghua University-Glodon Joint Research Center for Building Information Model (RCBIM).")]
    lines += [(40, 300 + 15 * i, str(640 + i)) for i in range(8)]

    statements = find_funding(text_pages(lines))

    assert _funders(statements)[1:] == ["Beijing Municipal Science and Technology Project",
                                        "Tsinghua University-Glodon Joint Research Center for Building Information "
                                        "Model (RCBIM)"]
    assert _grants(statements) == ["51278274", "51478249", "Z151100002115054"]


def test_who_funds_a_field_is_no_funder_also_in_a_sentence_about_the_project() -> None:
    lines = [(72, 80, "To address this, the U.S. Air Force has funded research on the airframe digital twin, also"),
             (72, 94, "referred to as individual aircraft tracking in Spiral 1 of the project.")]

    assert find_funding(text_pages(lines)) == []


def test_an_item_with_its_own_grant_bracket_in_a_list_of_funders_is_a_funder_whatever_its_words() -> None:
    funders = find_funders(
        "This work was supported by the National Natural Science Foundation of China (No. 62476124, 62276134), the "
        "Natural Science Foundation of Jiangsu Province (No. BK20242015), the Gusu Innovation and Entrepreneur "
        "Leading Talents (No. ZXL2025322), and Nanjing University.")

    assert "Gusu Innovation and Entrepreneur Leading Talents" in funders
    assert "Dr. Wang" not in find_funders("This work was supported by the NSFC (No. 62476124), Dr. Wang (No. 1234567).")
