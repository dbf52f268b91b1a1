"""Author lists as real journals print them, on generated first pages: markers after a comma and a
space (Wiley), "1)" markers (Chinese journals), letters set apart by spaces before an acronym's
address (Elsevier), one author a line with the address (ACM), a list whose next piece opens with a
raised marker (RSC), a Chinese name set one character at a time, a publisher's download cover,
title-page fields in bold, and the marker glyphs and name suffixes the text layer gives."""
from __future__ import annotations

import pytest

from figscan.extract.frontmatter.authors import _author_names
from tests.test_frontmatter_layouts import new_page, prose, put, put_html, read


def test_a_marker_after_the_comma_and_a_space_ends_the_name_before_it() -> None:
    doc, page = new_page()
    put(page, 51, 80, "BeeRootBot: A Bioinspired Robotic Probe Exhibiting Apical Growth", 18)
    put(page, 51, 129, "Sachin Sachin,* Alessio Mondini, Stefano Mariani, Emanuela Del Dottore,", 14)
    put(page, 51, 146, "and Barbara Mazzolai*", 14)
    put(page, 51, 175, "Bioinspired Soft Robotics Lab, Istituto Italiano di Tecnologia, 16163 Genova, Italy", 9)
    put(page, 51, 200, "Abstract", 10)
    prose(page, 208, 600)

    assert [a.name for a in read(doc).authors] == ["Sachin Sachin", "Alessio Mondini", "Stefano Mariani",
                                                   "Emanuela Del Dottore", "Barbara Mazzolai"]


def test_chinese_journal_markers_closed_by_a_bracket_link_names_to_affiliations() -> None:
    doc, page = new_page()
    put(page, 56, 150, "Comparison of Burrowing-Out Performance Between Soft Robots", 17)
    put(page, 56, 221, "HUANG Xin1), HE Jia1), *, WANG Hao1), YAN Fengyuan1), and KOU Hailei2)", 12)
    put(page, 56, 250, "1) Key Laboratory of Ministry of Education for Geomechanics, Hohai University, Nanjing 210098, China", 8)
    put(page, 56, 262, "2) College of Engineering, Ocean University of China, Qingdao 266404, China", 8)
    put(page, 56, 290, "Abstract", 10)
    prose(page, 298, 600)

    front = read(doc)

    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("HUANG Xin", [0]), ("HE Jia", [0]), ("WANG Hao", [0]), ("YAN Fengyuan", [0]), ("KOU Hailei", [1])]


def test_letter_markers_set_apart_by_spaces_link_names_to_addresses_that_open_with_an_acronym() -> None:
    doc, page = new_page()
    put(page, 38, 170, "All-At-Once formulation integrating pseudo-spectral optimal control", 13)
    put(page, 38, 205, "Mathieu Balesdent a,*, Loic Brevault a, Jorge-Luis Valderrama-Zapata a,b, Annafederica Urbano b",
        10)
    put(page, 38, 220, "a ONERA/DTIS, Universite de Paris-Saclay, Palaiseau, France", 7)
    put(page, 38, 229, "b ISAE-Supaero, Universite de Toulouse, Toulouse, France", 7)
    put(page, 38, 260, "Abstract", 10)
    prose(page, 268, 600)

    front = read(doc)

    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("Mathieu Balesdent", [0]), ("Loic Brevault", [0]), ("Jorge-Luis Valderrama-Zapata", [0, 1]),
        ("Annafederica Urbano", [1])]
    assert [a.text for a in front.affiliations] == ["ONERA/DTIS, Universite de Paris-Saclay, Palaiseau, France",
                                                    "ISAE-Supaero, Universite de Toulouse, Toulouse, France"]


def test_acm_one_author_a_line_with_the_address_gives_names_and_addresses_apart() -> None:
    doc, page = new_page()
    put(page, 46, 90, "Revisiting the Identification of the Co-Evolution of Production and Test Code", 14)
    for index, line in enumerate(["WEIFENG SUN, Chongqing University, China", "MENG YAN*, Chongqing University, China",
                                  "ZHONGXIN LIU, Zhejiang University, China",
                                  "DAVID LO, Singapore Management University, Singapore"]):
        put(page, 46, 125 + 12 * index, line, 10)
    prose(page, 190, 500, size=9)
    put(page, 46, 530, "Authors' addresses: Weifeng Sun, weifeng.sun@cqu.edu.cn, Chongqing University, China; Meng Yan,", 8)
    put(page, 46, 540, "Chongqing University, China, mengy@cqu.edu.cn; Zhongxin Liu, Zhejiang University, China,", 8)
    put(page, 46, 550, "liu_zx@zju.edu.cn; David Lo, Singapore Management University, Singapore, davidlo@smu.edu.sg.", 8)

    front = read(doc)

    assert [a.name.upper() for a in front.authors] == ["WEIFENG SUN", "MENG YAN", "ZHONGXIN LIU", "DAVID LO"]
    assert [a.text for a in front.affiliations] == ["Chongqing University, China", "Zhejiang University, China",
                                                    "Singapore Management University, Singapore"]


def test_an_author_list_continued_after_a_raised_marker_on_the_same_line_is_read_in_order() -> None:
    doc, page = new_page()
    put(page, 172, 140, "A 3D printed hydrostatic skeleton for an", 16)
    put(page, 172, 158, "earthworm-inspired soft burrowing robot", 16)
    end = put(page, 172, 191, "Ryuma Niiyama,", 10)
    x = put(page, end + 12, 183, "*a", 6)  # the marker is raised: its piece's box starts above the line
    put(page, x + 1, 191, " Kazuma Matsushita,*b Masahiro Ikeda,a Keung Ora and", 10)
    put(page, 172, 203, "Yasuo Kuniyoshib", 10)
    put(page, 172, 250, "Moving through soil is challenging for robots, particularly for soft robots.", 8)
    put(page, 172, 215, "a Meiji University, 1-1-1 Higashimita, Kawasaki, Japan", 8)
    put(page, 172, 225, "b The University of Tokyo, 7-3-1 Hongo, Tokyo, Japan", 8)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Ryuma Niiyama", "Kazuma Matsushita", "Masahiro Ikeda", "Keung Or",
                                               "Yasuo Kuniyoshi"]


def test_a_chinese_name_set_one_character_at_a_time_is_one_name() -> None:
    doc, page = new_page()
    put(page, 73, 170, "美军小精灵无人机群项目发展现状综述", 25, font="china-s")
    put(page, 285, 215, "黄", 14, font="china-s")
    put(page, 313, 215, "雷", 14, font="china-s")
    put(page, 86, 250, "摘要", 9, font="china-s")
    put(page, 122, 250, "空射可回收无人机群项目是在美国第三次抵消战略的大背景下提出的。", 9, font="china-s")

    assert [a.name for a in read(doc).authors] == ["黄雷"]


def test_a_publishers_download_cover_is_not_the_papers_header() -> None:
    doc, cover = new_page()
    put(cover, 39, 137, "Mechanism design and experiment verification of a mole-inspired robot", 16)
    put(cover, 39, 188, "To cite this article: Tao Zhang et al 2026 Bioinspir. Biomim. 21 016010", 8)
    put(cover, 39, 231, "View the article online for updates and enhancements.", 8)
    put(cover, 404, 110, "You may also like", 12)
    put(cover, 423, 196, "Yuyan Chen, Ali Khosravi, Alejandro", 7)
    put(cover, 423, 204, "Martinez et al.", 7)
    put(cover, 146, 795, "This content was downloaded from IP address 45.196.236.68 on 21/03/2026 at 04:14", 8)
    _, page = new_page(doc)
    put(page, 57, 100, "Mechanism design and experiment verification of a mole-inspired robot", 16)
    put(page, 57, 130, "Tao Zhang1, Ran Xu1 and Yisheng Guan2", 11)
    put(page, 57, 150, "1 School of Mechanical Engineering and Automation, Beihang University, Beijing, China", 8)
    put(page, 57, 160, "2 School of Electro-mechanical Engineering, Guangdong University of Technology, Guangzhou, China", 8)
    put(page, 57, 185, "Abstract", 10)
    prose(page, 193, 600)

    front = read(doc)

    assert [(a.name, a.affiliations) for a in front.authors] == [("Tao Zhang", [0]), ("Ran Xu", [0]),
                                                                 ("Yisheng Guan", [1])]


def test_title_page_fields_in_bold_are_no_title_and_leave_the_authors_to_be_read() -> None:
    doc, page = new_page()
    put(page, 272, 160, "CentralRange", 12)
    put(page, 178, 198, "Grant Fostera,*, Cleber Ten Catena and Tad A Dallasa", 12)
    put(page, 128, 232, "aDepartment of Biological Sciences, University of South Carolina, Columbia, SC, 29208", 10)
    for index, field in enumerate(["Running title:", "Author contributions: All authors contributed to writing.",
                                   "Acknowledgements: This work has been supported by the university.",
                                   "Conflict of interest: The authors have no conflicts of interest to declare."]):
        put(page, 78, 297 + 29 * index, field, 12, font="hebo")

    front = read(doc)

    assert "contributions" not in front.title and "interest" not in front.title
    assert [a.name for a in front.authors] == ["Grant Foster", "Cleber Ten Caten", "Tad A Dallas"]


def test_a_title_page_that_labels_its_fields_gives_the_labelled_title_and_only_people_as_authors() -> None:
    doc, page = new_page()
    put(page, 90, 90, "Essential title page information", 14, font="hebo")
    put(page, 90, 130, "Title.", 12, font="hebo")
    put(page, 90, 146, "CTSSP: A Temporal-Spectral-Spatial Joint Optimization Algorithm for Motor", 12)
    put(page, 90, 162, "Imagery EEG Decoding", 12)
    put(page, 90, 193, "Author names and affiliations.", 12, font="hebo")
    put(page, 90, 209, "Lincong Pan a, panlincong@tju.edu.cn", 12, font="hebo")
    put(page, 90, 225, "Weibo Yi b, yiweibo1987@163.com", 12, font="hebo")
    put(page, 90, 256, "a Academy of Medical Engineering, Tianjin University, Tianjin 300072, China", 12, font="hebo")
    put(page, 90, 272, "b Beijing Machine and Equipment Institute, Beijing 100192, China", 12, font="hebo")

    front = read(doc)

    assert front.title == "CTSSP: A Temporal-Spectral-Spatial Joint Optimization Algorithm for Motor Imagery EEG Decoding"
    assert [(a.name, a.affiliations) for a in front.authors] == [("Lincong Pan", [0]), ("Weibo Yi", [1])]


@pytest.mark.parametrize("text, names", [
    ("Dingji Li†§, Haibo Chen†, Haibing Guan⋄", ["Dingji Li", "Haibo Chen", "Haibing Guan"]),  # ACM's ⋄
    ("Wei Yang ⇑, Yaowen Fu, Xiang Li", ["Wei Yang", "Yaowen Fu", "Xiang Li"]),  # Elsevier's corresponding author
    ("B.J. Jonkman, M.L. Buhl, Jr., and A. Platt", ["B.J. Jonkman", "M.L. Buhl, Jr", "A. Platt"]),  # a suffix
])
def test_marker_glyphs_and_name_suffixes_keep_every_name(text: str, names: list[str]) -> None:
    assert [name for name, _ in _author_names(text, set())] == names


def test_lncs_star_markers_and_tex_accents_over_a_dotless_i_keep_every_name() -> None:
    doc, page = new_page()
    put(page, 140, 120, "Branch and price for nonlinear production-maintenance scheduling", 14)
    put_html(page, 100, 180, "Jo˜ao Dion´ısio1,2⋆, Ambros Gleixner2, and Wenjian Luo⋆", 10)
    put(page, 100, 215, "1 Faculdade de Ciencias, Universidade do Porto, 4169-007 Porto, Portugal", 9)
    put(page, 100, 227, "2 Zuse Institute Berlin, Takustr. 7, 14195 Berlin, Germany", 9)
    put(page, 100, 260, "Abstract", 10)
    prose(page, 268, 600)

    front = read(doc)

    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("João Dionísio", [0, 1]), ("Ambros Gleixner", [1]), ("Wenjian Luo", [])]


def test_a_letter_marker_after_a_comma_before_and_is_taken_off_the_name() -> None:
    doc, page = new_page()
    put(page, 85, 90, "The level crossing and inverse statistic analysis of German stock", 14)
    put(page, 130, 125, "F. Shayeganfar,a M. Holling,b J. Peinke,b and M. Reza Rahimi Tabar,a,c", 12)
    put(page, 90, 150, "aDepartment of Physics, Sharif University of Technology, Tehran 11365, Iran", 11)
    put(page, 100, 170, "bCarl von Ossietzky University, Institute of Physics, D-26111 Oldenburg, Germany", 11)
    put(page, 78, 190, "cFachbereich Physik, Universitat Osnabruck, 49076 Osnabruck, Germany", 11)
    prose(page, 230, 600)

    front = read(doc)

    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("F. Shayeganfar", [0]), ("M. Holling", [1]), ("J. Peinke", [1]), ("M. Reza Rahimi Tabar", [0, 2])]


def test_an_author_list_printed_again_in_an_orcid_table_gives_each_author_once() -> None:
    doc, page = new_page()
    put(page, 36, 85, "Efficacy of Biological and Chemical Control Agents Against the Potato Psyllid", 14)
    put(page, 36, 120, "Gabriela Cardenas-Huaman1; Henry Morocho-Romero1; Leslie D. Ve-", 11)
    put(page, 36, 137, "larde-Apaza1; Flavio Lozano-Isla1,2*", 11)
    put(page, 36, 160, "1 Estacion Experimental Agraria El Chira, Instituto Nacional de Innovacion Agraria, Piura, Peru", 10)
    put(page, 36, 175, "2 Facultad de Ingenieria, Universidad Nacional Toribio Rodriguez de Mendoza, Chachapoyas, Peru", 10)
    put(page, 36, 205, "ORCIDs", 11)
    put(page, 41, 225, "Author", 11)
    put(page, 214, 225, "ORCID", 11)
    put(page, 386, 225, "Email", 11)
    for row, name in enumerate(["Gabriela Cardenas-Huaman", "Henry Morocho-Romero", "Leslie Diana Velarde-Apaza",
                                "Flavio Lozano-Isla"]):
        put(page, 41, 242 + 16 * row, name, 11)
        put(page, 214, 242 + 16 * row, f"0000-0002-8379-546{row}", 11)
        put(page, 386, 242 + 16 * row, f"person{row}@inia.gob.pe", 11)
    put(page, 36, 330, "Abstract", 11)
    prose(page, 340, 700)

    front = read(doc)

    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("Gabriela Cardenas-Huaman", [0]), ("Henry Morocho-Romero", [0]), ("Leslie D. Velarde-Apaza", [0]),
        ("Flavio Lozano-Isla", [0, 1])]


def test_two_people_with_one_family_name_and_one_initial_stay_two() -> None:
    doc, page = new_page()
    put(page, 60, 90, "Distributed formation control of quadrotor swarms with delays", 16)
    put(page, 60, 120, "Y. Wang1, Yu Wang2, Li Chen1", 11)
    put(page, 60, 140, "1 School of Automation, Beijing Institute of Technology, Beijing 100081, China", 9)
    put(page, 60, 152, "2 College of Engineering, Peking University, Beijing 100871, China", 9)
    put(page, 60, 180, "Abstract", 10)
    prose(page, 190, 600)

    assert [a.name for a in read(doc).authors] == ["Y. Wang", "Yu Wang", "Li Chen"]


def test_an_anonymous_submission_and_a_department_line_name_no_author() -> None:
    doc, page = new_page()
    put(page, 54, 90, "Capturing Geopolitical Network Dynamics for Crude Oil Volatility Forecasting", 16)
    put(page, 250, 120, "Anonymous Author(s)", 12)
    put(page, 250, 135, "*Informatics Superintendence", 10)
    put(page, 54, 165, "Abstract", 11)
    prose(page, 175, 600)

    assert read(doc).authors == []


def test_a_name_whose_text_layer_spaces_it_after_each_capital_is_joined() -> None:
    doc, page = new_page()
    put(page, 120, 90, "The Primary Concept and Key Technology of Multi-target Attack", 15)
    put(page, 250, 120, "L an W eihua", 10)
    put(page, 137, 135, "(The 613th Research Institute of AVIC, Luoyang 471009, China)", 10)
    put(page, 77, 165, "Abstract: This paper briefly introduces the primary concept of the attack.", 10)
    prose(page, 175, 600)

    assert [a.name for a in read(doc).authors] == ["Lan Weihua"]


def test_a_marked_author_whose_family_name_is_a_country_keeps_the_line_an_author_list() -> None:
    doc, page = new_page(size=(612, 792))
    put(page, 56, 70, "Improving Developers Awareness of the Exception Handling Policy", 20)
    put_html(page, 160, 110, "Taiza Montenegro∗†, Hugo Melo†, Roberta Coelho†, Eiji Adachi‡", 11)
    put_html(page, 194, 135, "†Department of Informatics and Applied Mathematics", 10)
    put_html(page, 246, 148, "‡Digital Metropolis Institute", 10)
    put(page, 217, 172, "Federal University of Rio Grande do Norte", 10)
    put(page, 278, 185, "Natal, Brazil", 10)
    put(page, 59, 230, "Abstract", 10)
    prose(page, 240, 600)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Taiza Montenegro", "Hugo Melo", "Roberta Coelho", "Eiji Adachi"]


def test_a_country_alone_or_in_an_address_line_is_no_author() -> None:
    assert _author_names("Huawei China*", set()) == []
    assert _author_names("Queen Mary, Mile End Road, London, United Kingdom", set()) == []
