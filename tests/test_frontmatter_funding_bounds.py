"""Where a funding statement starts and ends: author biographies, author-contribution paragraphs, cited
work and Chinese running text are no statements; a line that fills its column, a sentence cut by a running
foot at a page break or by a column break after "de la" goes on. Pages are drawn here and read through the
real text extraction."""
from __future__ import annotations

from figscan.extract.frontmatter import find_funding
from figscan.model import Funding
from tests.text_pages import text_pages


def _funders(statements: list[Funding]) -> list[str]:
    return [name for statement in statements for name in statement.funders]


def _grants(statements: list[Funding]) -> list[str]:
    return [grant for statement in statements for grant in statement.grants]


def test_an_author_biography_names_no_funder_of_the_paper() -> None:
    lines = [(60, 80, "ACKNOWLEDGMENT"),
             (60, 94, "This work was supported by the Leverhulme Trust under Grant RPG-2019-123."),
             (60, 150, "MARYAM HAROUTUNIAN received the B.Sc. degree from the Amirkabir University of Technology,"),
             (60, 164, "Tehran, Iran, and the Ph.D. degree from Newcastle University for her research which was"),
             (60, 178, "sponsored by the EPSRC-UK, in 2014. She is a Lecturer at Newcastle University."),
             (60, 230, "Panagiota Bougia was born in Ioannina, Greece, in 1980. She has participated in a large number"),
             (60, 244, "of European Commission funded projects as a Technical Manager.")]

    statements = find_funding(text_pages(lines))

    assert _funders(statements) == ["Leverhulme Trust"]
    assert _grants(statements) == ["RPG-2019-123"]


def test_who_acquired_funding_in_an_author_contributions_paragraph_is_no_funder() -> None:
    lines = [(60, 80, "Author Contribution Funding for this study was acquired by LSH. GLK and LSH conceptualized"),
             (60, 94, "the study along with consultation from RLS. All authors edited the manuscript."),
             (60, 130, "AUTHOR CONTRIBUTIONS"),
             (60, 150, "XS conceived the project and acquired funding from the MRC. HaL and HoL wrote the manuscript."),
             (60, 190, "FUNDING"),
             (60, 210, "This work was supported by the Wellcome Trust (Grant 208375)."),
             (60, 250, "Contributions: YL wrote the code. Funding: The work was funded by the Simons Foundation."),
             (60, 290, "Author Contributions Conceptualization, G.C.-H.; funding acquisition, J.C. All authors have read"),
             (60, 304, "the manuscript. Funding This research was funded by the Instituto Nacional de Innovación Agraria"),
             (60, 318, "(INIA) under the investment project No. 2472190.")]

    statements = find_funding(text_pages(lines))

    assert _funders(statements) == ["Wellcome Trust", "Simons Foundation",
                                    "Instituto Nacional de Innovación Agraria (INIA)"]
    assert _grants(statements) == ["208375", "2472190"]


def test_cited_work_and_chinese_running_text_are_no_funding_statements() -> None:
    english = [(60, 80, "The study showed that drag modulation is viable on Venus. In 2016, the NASA Jet Propulsion"),
               (60, 94, "Laboratory (JPL) performed an A-Team study [6] funded by the NASA Planetary Science Division to"),
               (60, 108, "determine the status of aerocapture technologies. The study identified no new needs.")]
    chinese = [(60, 80, "以太坊以区块链作为其基本支持技术, 本文首先将源代码解析为AST, 然后从AST 中提取数据流图(DFG)."),
               (60, 110, "基金项目: 国家重点研发计划 (2021YFB1714200)")]

    assert find_funding(text_pages(english)) == []
    statements = find_funding(text_pages(chinese, font="china-s"))
    assert _funders(statements) == ["国家重点研发计划"]
    assert _grants(statements) == ["2021YFB1714200"]


def test_a_funding_line_that_fills_its_column_goes_on_on_the_next_line_whatever_its_case() -> None:
    body = [(72, 80 + 23 * i, "we can use stratified K-fold cross-validation, where the folds are made with the same")
            for i in range(3)]
    lines = [*body, (260, 160, "Acknowledgments"),
             (86, 190, "This work was supported by Data-driven Flow Modeling Research Laboratory funded by Defense"),
             (72, 213, "Acquisition Program Administration under Grant UD200046CD."), (280, 250, "References"),
             *[(108, 280 + 17 * i, "Zhang, Y., and Mavris, D. N. Application of convolutional neural networks")
               for i in range(12)]]  # a double-spaced draft: the references' pitch is the page's, each line a paragraph
    pages = text_pages(lines)
    right = max(line.bbox[2] for line in pages[0].lines)
    assert right - next(l for l in pages[0].lines if l.text.startswith('This work')).bbox[2] < 3  # fills the column

    statements = find_funding(pages)

    assert any(name.startswith("Defense Acquisition Program Administration") for name in _funders(statements))
    assert "UD200046CD" in _grants(statements)


def test_a_statement_goes_on_past_the_running_foot_and_after_a_bracket_of_grants_on_the_next_page() -> None:
    foot = [(60, 760, "Frontiers in Genetics | www.frontiersin.org"), (400, 760, "March 2020 | Volume 11 | Article 230")]
    first = [(60, 60, "Li et al."), (60, 600, "FUNDING"),
             (60, 620, "This work was supported by grants from the National Natural Science Foundation of China"),
             (60, 634, "(Nos. 81830053, 61972084)"), *foot]
    second = [(60, 60, "Li et al."), (60, 120, "and the Key Research & Development Program of Jiangsu Province (BE2016002-3)."),
              (60, 160, "ACKNOWLEDGMENTS"), *foot]

    statements = find_funding(text_pages(first, second))

    assert "Key Research & Development Program of Jiangsu Province" in _funders(statements)
    assert set(_grants(statements)) == {"81830053", "61972084", "BE2016002-3"}


def test_a_statement_cut_after_de_la_goes_on_at_the_top_of_the_next_column_in_capitals() -> None:
    left = [(56, 600 + 12 * i, "in the clinics to identify patients who may benefit from it") for i in range(3)]
    lines = [*left, (56, 660, "Acknowledgements"),
             (56, 680, "The unit was supported by the Centre National de la"),
             (56, 692, "Recherche Scientifique, the Institut National de la"),
             (306, 504, "Santé et de la Recherche Médicale (INSERM) and"),
             (306, 516, "the Agence Nationale de la Recherche"),
             (306, 528, "(No ANR-10-NANO-0002-09).")]

    statements = find_funding(text_pages(lines))

    assert "Institut National de la Santé et de la Recherche Médicale (INSERM)" in _funders(statements)
    assert "Agence Nationale de la Recherche" in _funders(statements)
    assert "ANR-10-NANO-0002-09" in _grants(statements)


def test_a_first_page_footnote_does_not_go_on_past_a_page_ornament_repeated_on_the_next_page() -> None:
    first = [(60, 80, "This paper reviews the swarm programme and its background in detail for the reader."),
             (83, 706, "基金项目: 国家自然科学基金(60908044); 火箭军工程大学青年科研基金(QNKY201507)"),
             (83, 719, "本文2018-03-02 收到"), (300, 745, "·")]
    second = [(300, 40, "·"), (60, 80, "这种无人驾驶的集群作战样式既可解决作战前沿区域部署机动性的现实需求")]

    statements = find_funding(text_pages(first, second, font="china-s"))

    assert _funders(statements) == ["国家自然科学基金", "火箭军工程大学青年科研基金"]
