"""Where the title is and is not: generated thesis covers (a degree label set largest, the title
as a field among the candidate's details, the English title on a later page), bilingual journal
headers whose English abstract is bracketed or on the next page, and lines set like titles that
are banners, identifiers or notices."""
from __future__ import annotations

import pymupdf

from figscan.extract.frontmatter.text import join_lines
from figscan.extract.frontmatter.thesis import is_degree_label
from tests.test_frontmatter_layouts import centred, new_page, prose, put, read

CN = "china-s"
CN_PROSE = "本文研究了低轨卫星网络的可靠性路由算法，提出了一种基于服务质量保障的路由方法，仿真结果表明该方法有效。" * 3


def thesis_cover(doc: pymupdf.Document, title_field: str, english_under: str = "") -> None:
    """A Chinese thesis cover: the university, the degree label in the largest type, the title as
    a field in the size of the other fields, the candidate's details under it."""
    page = doc.new_page(width=595, height=842)
    centred(page, 110, "华北航天工业大学", 22, CN)
    centred(page, 200, "本科生毕业设计(论文)", 36, CN)
    put(page, 120, 330, title_field, 15, CN)
    if english_under:
        put(page, 120, 352, english_under, 14, "hebo")
    for row, (label, value) in enumerate([("学    院", "宇航学院"), ("学生姓名", "李明"), ("指导教师", "王强 教授")]):
        put(page, 120, 420 + 30 * row, label, 14, CN)
        put(page, 250, 420 + 30 * row, value, 14, CN)


def chinese_abstract_page(doc: pymupdf.Document) -> None:
    page = doc.new_page(width=595, height=842)
    centred(page, 90, "摘 要", 16, CN)
    for row in range(8):
        put(page, 72, 130 + 22 * row, CN_PROSE[row * 20:row * 20 + 38], 12, CN)


def english_abstract_page(doc: pymupdf.Document, title: list[str]) -> None:
    page = doc.new_page(width=595, height=842)
    for row, line in enumerate(title):
        centred(page, 90 + 22 * row, line, 16, "hebo")
    centred(page, 100 + 22 * len(title), "Abstract", 16, "hebo")
    prose(page, 120 + 22 * len(title), 700, size=12)


def test_a_thesis_covers_degree_label_is_no_title_and_its_title_field_in_body_size_is() -> None:
    doc = pymupdf.open()
    thesis_cover(doc, "论文题目：低轨卫星网络的可靠性路由算法研究")
    chinese_abstract_page(doc)

    assert read(doc).title == "低轨卫星网络的可靠性路由算法研究"


def chapter_pages(doc: pymupdf.Document, count: int) -> None:
    for number in range(count):
        page = doc.new_page(width=595, height=842)
        put(page, 72, 90, f"第{number + 1}章 绪论" if number == 0 else "1.2 研究现状", 16, CN)
        for row in range(20):
            put(page, 72, 130 + 22 * row, CN_PROSE[row:row + 38], 12, CN)


def test_a_thesis_gives_the_english_title_printed_over_its_english_abstract() -> None:
    doc = pymupdf.open()
    thesis_cover(doc, "论文题目：低轨卫星网络的可靠性路由算法研究")
    chinese_abstract_page(doc)
    english_abstract_page(doc, ["Research on Reliable Routing Algorithms", "of LEO Satellite Networks"])
    chapter_pages(doc, 3)

    assert read(doc).title == "Research on Reliable Routing Algorithms of LEO Satellite Networks"


def test_a_thesis_gives_the_english_title_of_its_english_title_page() -> None:
    doc = pymupdf.open()
    thesis_cover(doc, "论文题目：小天体自主着陆制导方法研究")
    page = doc.new_page(width=595, height=842)
    centred(page, 220, "Research on Autonomous Landing Guidance", 18, "hebo")
    centred(page, 244, "on Small Bodies", 18, "hebo")
    for row, (label, value) in enumerate([("Candidate Name:", "Li Ming"), ("Supervisor:", "Prof. Wang Qiang"),
                                          ("Degree Applied:", "Master of Engineering")]):
        put(page, 120, 500 + 22 * row, label, 15)
        put(page, 300, 500 + 22 * row, value, 15)
    chinese_abstract_page(doc)

    assert read(doc).title == "Research on Autonomous Landing Guidance on Small Bodies"


def test_a_thesis_cover_that_sets_the_english_title_under_the_chinese_one_gives_it() -> None:
    doc = pymupdf.open()
    thesis_cover(doc, "题目：智能式三自由度机器人手腕设计", english_under="Design of an Intelligent 3-DOF Robot Wrist")
    chinese_abstract_page(doc)

    assert read(doc).title == "Design of an Intelligent 3-DOF Robot Wrist"


def test_a_title_field_whose_value_wraps_right_of_its_label_gives_the_value_not_the_next_name() -> None:
    doc, page = new_page()
    centred(page, 200, "本科生毕业设计(论文)", 40, CN)
    put(page, 140, 445, "设计（论文）题目：", 18, CN)
    put(page, 300, 442, "基于基尔霍夫理论的水下", 15, CN)
    put(page, 300, 473, "单刚体运动仿真算法研究", 15, CN)
    for row, (label, value) in enumerate([("学生姓名：", "王艺菲"), ("指导老师：", "周世哲")]):
        put(page, 190, 500 + 26 * row, label, 14, CN)
        put(page, 376, 500 + 26 * row, value, 15, CN)
    chinese_abstract_page(doc)

    assert read(doc).title == "基于基尔霍夫理论的水下单刚体运动仿真算法研究"


def test_degree_labels_are_told_from_titles_that_name_a_thesis() -> None:
    assert is_degree_label("专业学位硕士学位论文")
    assert is_degree_label("硕士学位论文 中期报告")
    assert is_degree_label("MASTER THESIS FOR PROFESSIONAL DEGREE")
    assert not is_degree_label("基于深度学习的毕业论文查重系统")
    assert not is_degree_label("A Master Thesis Submitted to")


def bilingual_header(page: pymupdf.Page) -> None:
    put(page, 54, 60, "第48卷 第5期          计算机工程          2022年5月", 9, CN)
    centred(page, 110, "基于软件定义网络的低轨道卫星星间路由算法", 16, CN)
    centred(page, 135, "王奎宇，宋晓勤", 12, CN)
    centred(page, 155, "（南京航空航天大学 电子信息工程学院，南京 211106）", 8, CN)
    for row in range(4):
        put(page, 54, 180 + 14 * row, ("摘要：" if row == 0 else "") + CN_PROSE[row * 30:row * 30 + 40], 9, CN)


def test_a_bilingual_journal_with_a_bracketed_english_abstract_gives_the_english_title() -> None:
    doc, page = new_page()
    bilingual_header(page)
    centred(page, 270, "A Routing Algorithm for Low-Earth Orbit Satellites", 13, "hebo")
    centred(page, 290, "WANG Kuiyu, SONG Xiaoqin", 10)
    put(page, 54, 320, "【Abstract】The low-Earth orbit satellite system has the advantages of global coverage.", 9)
    prose(page, 330, 700, size=9)

    assert read(doc).title == "A Routing Algorithm for Low-Earth Orbit Satellites"


def test_a_bilingual_journal_whose_english_abstract_is_on_the_next_page_gives_the_english_title() -> None:
    doc, page = new_page()
    bilingual_header(page)
    put(page, 54, 270, "中图分类号：TN927", 9, CN)
    put(page, 54, 300, "A Routing Algorithm for Low-Earth Orbit Satellites", 12, "hebo")
    put(page, 54, 318, "WANG Kuiyu, SONG Xiaoqin", 9)
    put(page, 54, 334, "(College of Electronic and Information Engineering, Nanjing, China)", 8)
    put(page, 54, 700, "基金项目：国家自然科学基金(61572254)", 8, CN)
    second = doc.new_page(width=595, height=842)
    put(second, 54, 80, "Abstract: The low-Earth orbit satellite system has the advantages of global coverage.", 8)
    prose(second, 90, 700, size=8)

    assert read(doc).title == "A Routing Algorithm for Low-Earth Orbit Satellites"


def test_an_english_title_beside_the_chinese_body_of_the_other_column_is_read_whole() -> None:
    """Two columns under a Chinese header: the English title's two lines at the foot of the left
    column sit level with Chinese body lines of the right column; a Latin line between Chinese
    lines is a misread Chinese line only within its own column."""
    doc, page = new_page()
    bilingual_header(page)
    for row in range(12):  # the right column's Chinese body text, from the abstract down
        put(page, 308, 300 + 16 * row, CN_PROSE[row * 14:row * 14 + 18], 10.5, CN)
    put(page, 54, 300, "中图分类号：TU201", 9, CN)
    put(page, 70, 330, "Data conversion and sharing for building", 11, "hebo")
    put(page, 83, 346, "performance analysis based on IFC", 11, "hebo")
    put(page, 54, 370, "LIN Jiarui, ZHANG Jianping", 9)
    put(page, 54, 390, "Abstract: A method for converting building models is presented.", 9)

    assert read(doc).title == "Data conversion and sharing for building performance analysis based on IFC"


def test_chinese_lines_join_without_a_space() -> None:
    assert join_lines(["基于SDN 的低轨卫星网络控制器动态", "部署研究"]) == "基于SDN 的低轨卫星网络控制器动态部署研究"
    assert join_lines(["Control of", "Spacecraft"]) == "Control of Spacecraft"


def test_a_preprints_number_set_like_its_title_is_no_title() -> None:
    doc, page = new_page(size=(612, 792))
    put(page, 380, 70, "(Preprint) AAS 25-682", 13.9, "hebo")
    centred(page, 140, "RBFNN-BASED ADAPTIVE ATTITUDE CONTROLLER WITH", 13.9, "hebo")
    centred(page, 156, "REACTION WHEEL HEALTH ESTIMATION", 13.9, "hebo")
    centred(page, 190, "Morokot Sakal, George Nehma, and Madhur Tiwari", 12, "hebo")
    put(page, 90, 230, "ABSTRACT", 10.9, "hebo")
    prose(page, 240, 700, size=10.9)

    assert read(doc).title == "RBFNN-BASED ADAPTIVE ATTITUDE CONTROLLER WITH REACTION WHEEL HEALTH ESTIMATION"


def test_a_meetings_dates_and_paper_number_over_the_title_are_no_title() -> None:
    doc, page = new_page()
    put(page, 180, 82, "Proceedings of ASME Turbo Expo 2009: Power for Land, Sea and Air", 11.7, "hebo")
    put(page, 300, 95, "GT2009 June 8-12, 2009, Orlando, Florida, USA", 11.7, "hebo")
    put(page, 460, 124, "GT2009-59391", 11.7, "hebo")
    put(page, 36, 152, "Hard Ceramic and Cermet Coatings for Erosion Protection of Turbomachinery", 11.7, "hebo")
    put(page, 36, 165, "Components", 11.7, "hebo")
    put(page, 36, 186, "Vladimir Gorokhovsky, Chris Bowman, John Wallace", 8.8)
    put(page, 36, 206, "Arcomac Surface Engineering, LLC, Bozeman, MT, USA", 8.8)
    put(page, 36, 258, "ABSTRACT", 8.8, "hebo")
    prose(page, 262, 700, size=8.8)

    assert read(doc).title == ("Hard Ceramic and Cermet Coatings for Erosion Protection of Turbomachinery "
                               "Components")


def test_a_journals_name_that_its_citation_line_abbreviates_is_no_title() -> None:
    doc, page = new_page()
    centred(page, 112, "Appl. Math. Mech. -Engl. Ed., 47(7), 1603-1624 (2026)", 9, "hebo")
    centred(page, 133, "APPLIED MATHEMATICS AND MECHANICS (ENGLISH EDITION)", 11.9, "hebo")
    put(page, 85, 152, "https://doi.org/10.1007/s10483-026-3406-8", 9)
    centred(page, 214, "Asymptotic models for thin transversely isotropic elastic layers", 11.9, "hebo")
    centred(page, 247, "Guozheng ZHANG, Zhaohe DAI", 10)
    centred(page, 268, "School of Mechanics and Engineering Science, Peking University, Beijing 100871, China", 9)
    put(page, 108, 330, "Abstract", 9, "hebo")
    prose(page, 335, 700, size=9)

    assert read(doc).title == "Asymptotic models for thin transversely isotropic elastic layers"


def test_an_author_copy_notice_before_the_paper_gives_no_title_and_the_paper_does() -> None:
    doc, page = new_page()
    notice = ["This article appeared in a journal published by Elsevier. The attached",
              "copy is furnished to the author for internal non-commercial research",
              "and education use, including for instruction at the authors institution",
              "and sharing with colleagues.",
              "Other uses, including reproduction and distribution, or selling or",
              "licensing copies, or posting to personal, institutional or third party",
              "websites are prohibited."]
    for row, line in enumerate(notice):
        centred(page, 528 + 13.5 * row, line, 10.9, "hebo")
    second = doc.new_page(width=595, height=842)
    centred(second, 20, "Author's personal copy", 15, "hebo")
    centred(second, 130, "Wear 265 (2008) 741-755", 8)
    centred(second, 182, "Deposition and characterization of hybrid filtered arc/magnetron", 16.9)
    centred(second, 202, "multilayer nanocomposite cermet coatings", 16.9)
    centred(second, 245, "V.I. Gorokovsky, C. Bowman, P.E. Gannon", 13)
    centred(second, 276, "Arcomac Surface Engineering, LLC, Bozeman, MT 59715, United States", 8)
    put(second, 43, 358, "Abstract", 9, "hebo")
    prose(second, 365, 700, size=9)

    assert read(doc).title == ("Deposition and characterization of hybrid filtered arc/magnetron multilayer "
                               "nanocomposite cermet coatings")


def test_an_english_title_in_brackets_under_a_title_in_another_language_is_the_title() -> None:
    doc, page = new_page()
    put(page, 85, 45, "Harita Dergisi, Ocak 2020; 163: 17-28", 8)
    centred(page, 97, "Acik Kaynak Kodlu CBS Yazilimi ve Bulanik Analitik Hiyerarsi", 12, "hebo")
    centred(page, 111, "Yontemini Iceren Elektrikli Arac Sarj Istasyonu Yer Secimi Onerisi", 12, "hebo")
    centred(page, 124, "(A Proposal for Electric Vehicle Charging Station Location Selection with", 11)
    centred(page, 137, "Open Source GIS Software and Fuzzy Analytic Hierarchy Process)", 11)
    centred(page, 163, "Dogus GULER, Tahsin YOMRALIOGLU", 10, "hebo")
    centred(page, 174, "Geomatik Muhendisligi Bolumu, Istanbul Teknik Universitesi, 34469, Istanbul", 9)
    put(page, 86, 226, "OZ", 9, "hebo")
    prose(page, 232, 700, size=9)

    assert read(doc).title == ("A Proposal for Electric Vehicle Charging Station Location Selection with Open "
                               "Source GIS Software and Fuzzy Analytic Hierarchy Process")


def test_latin_words_in_a_chinese_papers_body_are_no_english_title() -> None:
    """A Chinese-only paper: the English words its body text sets on lines of their own, under
    the introduction's heading, are not read as an English title."""
    doc, page = new_page()
    bilingual_header(page)
    put(page, 54, 262, "DOI: 10.19636/j.cnki.cjsm42-1250/o3.2021.005", 8.2)
    put(page, 54, 280, "0  引言", 11, CN)
    for row in range(10):
        put(page, 54, 300 + 16 * row, CN_PROSE[row * 14:row * 14 + 18], 9.7, CN)
    put(page, 308, 310, "Aircraft Tracking Program Design)", 9.7)
    put(page, 54, 780, "E-mail: lei.lei@nuaa.edu.cn", 7.7)

    assert read(doc).title == "基于软件定义网络的低轨道卫星星间路由算法"


def test_a_supervisor_named_in_an_author_note_makes_no_thesis_of_a_journal_paper() -> None:
    """A Chinese-only journal paper whose author note reads "博士生导师": its later pages are not
    searched for a thesis's English title page (a page of figures with a large Latin label)."""
    doc, page = new_page()
    bilingual_header(page)
    for row in range(20):
        put(page, 54, 260 + 20 * row, CN_PROSE[row * 10:row * 10 + 38], 10, CN)
    put(page, 54, 780, "作者简介：王奎宇（1996—），男，硕士研究生；宋晓勤，教授、博士生导师。", 8, CN)
    figures = doc.new_page(width=595, height=842)
    centred(figures, 120, "Satellite Network Test Bench Overview", 16, "hebo")
    centred(figures, 400, "图1 卫星网络测试平台", 9, CN)

    assert read(doc).title == "基于软件定义网络的低轨道卫星星间路由算法"


def test_a_journals_name_that_the_next_pages_running_head_cites_is_no_title() -> None:
    doc, page = new_page()
    centred(page, 120, "SCIENCE CHINA TECHNOLOGICAL SCIENCES", 12, "hebo")
    centred(page, 200, "Thermal protection of a hypersonic leading edge by transpiration", 12, "hebo")
    centred(page, 230, "Wei Zhang, Li Wang", 10)
    centred(page, 246, "School of Astronautics, Beihang University, Beijing 100191, China", 9)
    put(page, 72, 280, "Abstract", 9, "hebo")
    prose(page, 285, 760, size=9)
    second = doc.new_page(width=595, height=842)
    put(second, 72, 40, "Sci. China Technol. Sci., 2021, 64(3): 512-520", 8)
    prose(second, 80, 760, size=9)

    assert read(doc).title == "Thermal protection of a hypersonic leading edge by transpiration"


def test_a_thesis_title_page_sets_its_university_largest_and_the_title_under_it() -> None:
    doc = pymupdf.open()
    thesis_cover(doc, "论文题目：小天体自主着陆制导方法研究")
    page = doc.new_page(width=595, height=842)
    centred(page, 120, "BEIJING INSTITUTE OF TECHNOLOGY", 22, "hebo")
    centred(page, 220, "Research on Autonomous Landing Guidance", 18, "hebo")
    centred(page, 244, "on Small Bodies", 18, "hebo")
    put(page, 120, 500, "Supervisor:", 15)
    put(page, 300, 500, "Prof. Wang Qiang", 15)
    chinese_abstract_page(doc)

    assert read(doc).title == "Research on Autonomous Landing Guidance on Small Bodies"
