"""Author lines as real headers print them, on generated first pages: a Japanese society's "By"
before the names with "1)" marks after commas, a labelled list with degrees and marks in brackets,
an unmapped star glyph among the marks (MNRAS), an accent printed after its letter at a name's end,
a bilingual header's English names apart by full-width commas, a capitals family name before a
hyphenated given name, and a consortium named after the authors."""
from __future__ import annotations

import pymupdf

from figscan.extract.frontmatter.authors import _author_names
from tests.test_frontmatter_layouts import PROSE, new_page, prose, put, put_html, read


def test_by_before_the_names_and_marks_closed_by_a_bracket_after_commas() -> None:
    doc, page = new_page()
    put(page, 110, 98, "Capability of a Time-of-Flight Camera as a Hazard Detection", 14)
    put(page, 119, 116, "and Avoidance Sensor for a Moon Exploration Microrover", 14)
    put(page, 126, 145, "By Kentaro UNO,1) Louis-jerome BURTZ,2) Marc HULCELLE,3) and Kazuya YOSHIDA1)", 10)
    put(page, 178, 165, "1)Department of Aerospace Engineering, Tohoku University, Sendai, Japan", 8)
    put(page, 248, 178, "2)KK ispace Inc., Tokyo, Japan", 8)
    put(page, 228, 190, "3)Ecole des Mines de Saint-Etienne, France", 8)
    put(page, 254, 212, "(Received June 21st, 2017)", 8)
    prose(page, 225, 700, size=8)

    front = read(doc)

    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("Kentaro UNO", [0]), ("Louis-jerome BURTZ", [1]), ("Marc HULCELLE", [2]), ("Kazuya YOSHIDA", [0])]


def test_a_labelled_author_list_with_degrees_and_marks_in_brackets() -> None:
    doc, page = new_page()
    put(page, 72, 85, "Title: Speaker-induced suppression in EEG during a naturalistic reading task", 12)
    put(page, 72, 114, "Authors: Garret L. Kurteff, M.S.[1], Rosemary A. Lester-Smith, PhD[1], CCC-SLP, Amanda", 11)
    put(page, 72, 130, "Martinez, B.S.[1], Nicole Currens, B.A.[1], Jade Holder, M.S.[1],", 11)
    put(page, 72, 146, "& Liberty S. Hamilton, PhD[1, 2]*", 11)
    put(page, 72, 180, "[1] Department of Speech, The University of Texas at Austin, Austin, TX, USA", 11)
    put(page, 72, 196, "[2] Department of Neurology, Dell Medical School, Austin, TX, USA", 11)
    put(page, 72, 240, "Abstract", 12)
    prose(page, 250, 700)

    assert [a.name for a in read(doc).authors] == [
        "Garret L. Kurteff", "Rosemary A. Lester-Smith", "Amanda Martinez", "Nicole Currens", "Jade Holder",
        "Liberty S. Hamilton"]
    names = _author_names("Pokharel, B.S.[1], & Liberty S. Hamilton, PhD[1, 2]*, Jade Holder, M.S.[1]", set())
    assert names[0] == ("Liberty S. Hamilton", {"1", "2", "*"})


def test_an_unmapped_star_glyph_among_the_marks_ends_no_name() -> None:
    assert _author_names("Lorenzo Iorio , 1 ‹ Athul Pradeepkumar Girija 2 and Daniele Durante 3", set()) == [
        ("Lorenzo Iorio", {"1", "*"}), ("Athul Pradeepkumar Girija", {"2"}), ("Daniele Durante", {"3"})]


def test_an_accent_printed_after_its_letter_at_a_names_end() -> None:
    doc, page = new_page()
    put(page, 63, 160, "Palimpsest: an R package for studying mutational signatures", 16)
    put(page, 63, 190, "Jayendra Shinde1,*, Quentin Bayard1, Sandrine Imbeaud1,", 11)
    put(page, 63, 204, "Feng Liu2, Victor Renault2, Jessica Zucman-Rossi1,3 and", 11)
    put_html(page, 63, 210, "Eric Letouze\u00b4 1,*", 11)
    put(page, 63, 250, "1INSERM, UMR-1162, Institut Universitaire d'Hematologie, Paris, France", 9)
    put(page, 63, 262, "2Laboratory for Bioinformatics, Fondation Jean Dausset, Paris F-75010, France", 9)
    put(page, 63, 274, "3Assistance Publique-Hopitaux de Paris, Paris F-75015, France", 9)
    put(page, 63, 310, "Abstract", 10)
    prose(page, 320, 700)

    assert [a.name for a in read(doc).authors][-2:] == ["Jessica Zucman-Rossi", "Eric Letouzé"]


def test_english_names_apart_by_full_width_commas() -> None:
    assert [n for n, _ in _author_names("WANG Kuiyu，SONG Xiaoqin，MIAO Juanjuan，ZHANG Xinting，LEI Lei", set())] == [
        "WANG Kuiyu", "SONG Xiaoqin", "MIAO Juanjuan", "ZHANG Xinting", "LEI Lei"]


def test_a_capitals_family_name_before_a_hyphenated_given_name() -> None:
    names = _author_names("ZHANG Zhuo1, XUE Jian-Xin3, YAN Meng4, CHEN Jia-Chi5, MAO Xiao-Guang2", set())
    assert [n for n, _ in names] == ["ZHANG Zhuo", "XUE Jian-Xin", "YAN Meng", "CHEN Jia-Chi", "MAO Xiao-Guang"]


def test_a_consortium_after_the_authors_is_no_author() -> None:
    doc, page = new_page()
    put(page, 43, 90, "Molecular Subtyping of Mild Cognitive Impairment Based on Genetic", 16)
    put(page, 43, 108, "Polymorphism and Gene Expression", 16)
    put(page, 43, 135, "H.-T. Li1, S.-X. Yuan1, J.-S. Wu2, X. Sun1 and For the Alzheimer's Disease", 12)
    put(page, 43, 149, "Neuroimaging Initiative", 12)
    put(page, 43, 170, "1. Southeast University, Nanjing, P. R. China; 2. Nanjing University of Posts and", 7)
    put(page, 43, 178, "Telecommunications, Nanjing, P.R. China", 7)
    put(page, 43, 210, "Abstract", 10)
    prose(page, 220, 700)

    assert [a.name for a in read(doc).authors] == ["H.-T. Li", "S.-X. Yuan", "J.-S. Wu", "X. Sun"]


def test_springer_prints_the_author_list_over_the_title() -> None:
    doc, page = new_page()
    put(page, 76, 60, "Acta Mech 224, 2281-2289 (2013)", 9)
    put(page, 76, 69, "DOI 10.1007/s00707-013-0924-0", 9)
    put(page, 76, 152, "J. Einarsson · A. Johansson · S. K. Mahato · Y. N. Mishra ·", 10)
    put(page, 76, 163, "J.R. Angilella · D. Hanstorp · B. Mehlig", 10)
    put(page, 76, 192, "Periodic and aperiodic tumbling of microrods advected", 17)
    put(page, 76, 210, "in a microchannel flow", 17)
    put(page, 76, 272, "Received: 24 November 2012 / Revised: 19 February 2013", 8)
    put(page, 76, 316, "Abstract We report on an experimental investigation of the tumbling of microrods.", 10)
    prose(page, 330, 650)
    put(page, 76, 690, "Department of Physics, University of Gothenburg, 412 96 Gothenburg, Sweden", 8)

    assert [a.name for a in read(doc).authors] == [
        "J. Einarsson", "A. Johansson", "S. K. Mahato", "Y. N. Mishra", "J.R. Angilella", "D. Hanstorp", "B. Mehlig"]


def test_a_thesis_cover_names_its_author_in_a_labelled_field() -> None:
    doc, page = new_page()
    put_html(page, 115, 200, "本科生毕业设计[论文]", 30)
    put_html(page, 88, 320, "基于SSM框架报名助手后台管理系统的设计与实现", 20)
    for y, label, value in [(460, "院 系", "软件学院"), (506, "专业班级", "数字媒体技术201501班"), (552, "姓 名", "刘长江"),
                            (598, "指导教师", "方少红")]:
        for x, piece in zip((173, 215), label.split()):  # label characters spread over the label's width
            put(page, x, y, piece, 16, font="china-s")
        put(page, 290, y, value, 16, font="china-s")
    put(page, 228, 740, "2019", 16)

    assert [a.name for a in read(doc).authors] == ["刘长江"]


def test_a_label_split_across_a_row_and_a_supervisor_beside_it() -> None:
    doc, page = new_page()
    put_html(page, 190, 225, "硕士学位论文", 34)
    put_html(page, 90, 390, "基于SDN的低轨卫星网络控制器动态部署研究", 22)
    for y, label, value in [(510, "学", "院：电子信息工程学院"), (541, "专", "业：交通信息工程及控制"),
                            (572, "姓", "名：张家宁"), (635, "指", "导教师：张涛")]:
        put(page, 202, y, label, 14, font="china-s")
        put(page, 244, y, value, 14, font="china-s")

    assert [a.name for a in read(doc).authors] == ["张家宁"]


def test_a_bilingual_header_whose_english_abstract_label_is_in_brackets() -> None:
    doc, page = new_page()
    put(page, 228, 58, "Computer Engineering", 10)
    put(page, 100, 115, "基于SDN的高性能QoS保障低轨道卫星星间路由算法", 16, font="china-s")
    put(page, 179, 143, "王奎宇，宋晓勤，缪娟娟，张昕婷，雷磊", 13, font="china-s")
    put(page, 191, 158, "（南京航空航天大学电子信息工程学院，南京211106）", 8, font="china-s")
    put(page, 54, 185, "摘要：低轨道卫星通信系统具有全球覆盖性、移动性、可扩展性等优势，在提供全球互联网服务", 9, font="china-s")
    put(page, 54, 280, "关键词：低轨道卫星；软件定义网络；服务质量", 9, font="china-s")
    put(page, 70, 405, "SDN-Based High-Performance and QoS Guaranteed Inter-Satellite Routing", 13, font="hebo")
    put(page, 175, 423, "Algorithm for Low-Earth Orbit Satellites", 13, font="hebo")
    put(page, 100, 447, "WANG Kuiyu，SONG Xiaoqin，MIAO Juanjuan，ZHANG Xinting，LEI Lei", 8, font="china-s")
    put(page, 58, 458, "(College of Electronic and Information Engineering, Nanjing University of Aeronautics and", 8)
    put(page, 58, 468, "Astronautics, Nanjing 211106, China)", 8)
    put(page, 51, 484, "【Abstract】The Low-Earth Orbit satellite communication system has the advantages of good", 9,
        font="china-s")
    prose(page, 495, 700, size=9)

    front = read(doc)

    assert front.title.startswith("SDN-Based High-Performance")
    assert [a.name for a in front.authors] == ["WANG Kuiyu", "SONG Xiaoqin", "MIAO Juanjuan", "ZHANG Xinting", "LEI Lei"]


def test_an_author_grid_beside_the_abstract_column_is_read_to_its_end() -> None:
    doc, page = new_page(size=(792, 612))  # SIGCHI extended abstract: landscape, abstract right of the grid
    put(page, 279, 138, "Wearable Audio-Feedback System", 25)
    put(page, 279, 163, "for Gait Rehabilitation in Subjects", 25)
    for top, pair in [(216, ("Filippo Casamassima", "Laura Rocchi")), (303, ("Alberto Ferrari", "Elisabetta Farella")),
                      (389, ("Bojan Milosevic",))]:
        for x, name in zip((180, 302), pair):
            put(page, x, top, name, 9, font="hebo")
            put(page, x, top + 11, "DEI - University of Bologna", 9)
            put(page, x, top + 22, "Via Risorgimento 2", 9)
            put(page, x, top + 33, "Bologna, Italy", 9)
            put(page, x, top + 44, name.split()[-1].lower() + "@unibo.it", 9)
    put(page, 459, 230, "Abstract", 12, font="hebo")
    page.insert_textbox(pymupdf.Rect(459, 236, 720, 460), PROSE * 3, fontsize=10)
    put(page, 180, 480, "Permission to make digital or hard copies of part or all of this work for", 7)
    put(page, 180, 488, "personal or classroom use is granted without fee provided that copies are not", 7)

    assert [a.name for a in read(doc).authors] == [
        "Filippo Casamassima", "Laura Rocchi", "Alberto Ferrari", "Elisabetta Farella", "Bojan Milosevic"]


def test_a_postcode_after_a_place_is_no_name() -> None:
    assert _author_names("Edgbaston-Birmingham B15-2TT", set()) == []
    assert _author_names("Garret Kurteff, Amanda Martinez", set()) != []
    assert _author_names("Vantage Partners, LLC", set()) == []  # a company's form is no credential


def test_a_capitals_family_name_after_a_given_name_outside_latin_1() -> None:
    assert _author_names("Doğuş GÜLER", set()) == [("Doğuş GÜLER", set())]
