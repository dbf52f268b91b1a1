"""Author lists as real layouts print them, on generated first pages: ORCID numbers in brackets
after each name (Springer LNCS), marks after a comma (APS) with a row whose next piece opens with a
raised mark, names each followed by its country (FIG), a letter mark glued before each name, a
given name that is a role word, an affiliation led by the authors' mark, teaser-figure labels under
the header, and a thesis cover's supervisor and dean."""
from __future__ import annotations

from figscan.extract.frontmatter.authors import _author_names
from figscan.extract.frontmatter.names import is_name_pinyin, is_pinyin
from tests.test_frontmatter_layouts import new_page, prose, put, put_html, read


def _names(doc) -> list[str]:
    return [a.name for a in read(doc).authors]


def test_orcid_numbers_in_brackets_after_the_names_are_no_part_of_them() -> None:
    doc, page = new_page()
    put(page, 125, 148, "The Role of Natural Language Understanding in", 14)
    put(page, 160, 164, "Multimodal Video-Based Dengue Diagnosis", 14)
    put(page, 135, 190, "Danial Sharifrazi1*[0000-0002-8158-0961], Saadat Behzadi2[0000-0002-8354-0103], Julakha Jahan", 8)
    put(page, 129, 201, "Jui1[0009-0001-8476-6788], Mojtaba Mohammadi1[0000-0002-6443-5930], Nouman Javed1[0000-0003-", 8)
    put(page, 125, 212, "0520-3504], Roohallah Alizadehsani1[0000-0003-0898-5054], Prasad N. Paradkar3[0000-0002-6553-2214]", 8)
    put(page, 231, 224, "and Asim Bhatti1[0000-0001-6876-1437]", 8)
    put(page, 139, 246, "1 Institute for Intelligent Systems Research and Innovations, Deakin University, Geelong, Australia", 7)
    put(page, 155, 257, "2 Department of Electronic Engineering, University of Bologna, Bologna, Italy", 7)
    put(page, 133, 268, "3 CSIRO Health and Biosecurity, Australian Animal Health Laboratory, Geelong, Australia", 7)
    put(page, 153, 300, "Abstract.", 9)
    prose(page, 310, 700)

    front = read(doc)

    assert [a.name for a in front.authors] == [
        "Danial Sharifrazi", "Saadat Behzadi", "Julakha Jahan Jui", "Mojtaba Mohammadi", "Nouman Javed",
        "Roohallah Alizadehsani", "Prasad N. Paradkar", "Asim Bhatti"]
    assert [a.affiliations for a in front.authors][-2:] == [[2], [0]]


def test_marks_after_a_comma_end_the_name_before_them_and_a_row_reads_left_to_right() -> None:
    doc, page = new_page()
    put(page, 80, 98, "Probing the elastic coupling at van der Waals interfaces", 12)
    put(page, 87, 119, "Xiaomeng Wang,1,* Erteng Chen,2,* Qianglong Wu,1,* Xiaoyi Yuan,1,3 Tianyi Zhang,1 Shuze Zhu,1,3,*",
        9)
    # the next row: its second piece opens with the raised marks of the name before it
    put(page, 200, 133, "Zhaohe Dai", 10)
    put(page, 250, 128, ",2,*", 6)
    put(page, 265, 133, "and Yang Gao1,3", 10)
    put(page, 80, 148, "1Center for X-Mechanics, Zhejiang University, Hangzhou 310027, China", 8)
    put(page, 80, 160, "2College of Engineering, Peking University, Beijing 100871, China", 8)
    put(page, 80, 172, "3Key Laboratory of Soft Machines, Zhejiang University, Hangzhou 310027, China", 8)
    put(page, 80, 200, "Abstract", 10)
    prose(page, 210, 700)

    front = read(doc)

    assert [(a.name, a.affiliations) for a in front.authors] == [
        ("Xiaomeng Wang", [0]), ("Erteng Chen", [1]), ("Qianglong Wu", [0]), ("Xiaoyi Yuan", [0, 2]),
        ("Tianyi Zhang", [0]), ("Shuze Zhu", [0, 2]), ("Zhaohe Dai", [1]), ("Yang Gao", [0, 2])]


def test_names_each_followed_by_its_country_are_an_author_list() -> None:
    doc, page = new_page()
    put(page, 137, 82, "3D Registration of Apartment Rights using BIM/IFC:", 14)
    put(page, 97, 98, "Comparing the cases of the Netherlands, Saudi Arabia, and Turkey", 14)
    put(page, 72, 130, "Dogus GULER, Turkey, Abdullah ALATTAS, Saudi Arabia, Marjan BROEKHUIZEN,", 12)
    put(page, 95, 144, "The Netherlands, Eftychia KALOGIANNI, The Netherlands, Abdullah KARA,", 12)
    put(page, 141, 158, "The Netherlands, Peter VAN OOSTEROM, The Netherlands", 12)
    put(page, 71, 199, "Key words: 3D Land Administration, LADM, BIM, IFC, Apartment Rights", 12)
    put(page, 71, 240, "SUMMARY", 12)
    prose(page, 250, 700, size=11)

    assert _names(doc) == ["Dogus GULER", "Abdullah ALATTAS", "Marjan BROEKHUIZEN", "Eftychia KALOGIANNI",
                           "Abdullah KARA", "Peter VAN OOSTEROM"]


def test_a_letter_mark_glued_before_each_name_links_it() -> None:
    doc, page = new_page()
    put(page, 56, 72, "Remote Sensing and Machine Learning-Based Analysis of Land Use", 14)
    put(page, 90, 114, "aMuhammad Masud Tarek, bMd. Alamgir Hossain, cMd. Samiul Islam", 11)
    put(page, 69, 141, "aDepartment of Computer Science and Engineering, State University of Bangladesh, Dhaka", 9)
    put(page, 76, 155, "b, cSkill Morph Research Lab., Skill Morph, Dhaka, Bangladesh", 9)
    put(page, 36, 200, "Abstract", 10)
    prose(page, 210, 700)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Muhammad Masud Tarek", "Md. Alamgir Hossain", "Md. Samiul Islam"]
    assert front.authors[0].affiliations == [0]


def test_a_marked_name_whose_given_name_is_a_role_word_is_a_name() -> None:
    assert _author_names("Thomas Krijnen 1, Helen Eriksson 2, Dean Hintz 7, Mojgan A. Jadidi 8", set()) == [
        ("Thomas Krijnen", {"1"}), ("Helen Eriksson", {"2"}), ("Dean Hintz", {"7"}), ("Mojgan A. Jadidi", {"8"})]
    assert _author_names("Dean Hintz, Assistant Professor", set()) == []  # unmarked: still a role


def test_an_affiliation_led_by_the_authors_mark_is_no_author() -> None:
    doc, page = new_page()
    put(page, 87, 90, "Sign Language Video Synthesis via Loss-Guided Multi-Expert GANs", 14)
    put(page, 164, 140, "Nong Dingzhan1, REN Zhihao1, Li Ziqi1, and Tim Lo*1", 12)
    put(page, 265, 165, "1Glassbox AI", 12)
    put(page, 63, 180, "nongdingzhan@gmail.com, renzhihao0919@gmail.com, tim.lo@xai.hk", 12)
    put(page, 158, 232, "Abstract", 12)
    prose(page, 245, 700)

    assert _names(doc) == ["Nong Dingzhan", "REN Zhihao", "Li Ziqi", "Tim Lo"]


def test_teaser_figure_labels_under_the_header_are_no_authors() -> None:
    doc, page = new_page()
    put(page, 71, 94, "Semantic Steering for Controllable Generation: Concept Erasure", 16)
    for x, name in ((110, "Qiao Li"), (260, "Xiaomeng Fu"), (420, "Yuanshu Zhao")):
        put(page, x, 140, name, 12)
        put(page, x - 40, 154, "Institute of Information Engineering,", 10)
        put(page, x - 30, 166, "Chinese Academy of Sciences", 10)
        put(page, x - 10, 178, "Beijing, China", 10)
    for x, label in ((134, "Erase  Art  Style"), (297, "Erase  Celebrity"), (436, "Erase  Nudity")):
        put(page, x, 260, label, 11.2)
    put(page, 54, 420, "Figure 1: Our method erases art styles, celebrities and nudity while keeping the image.", 9)
    put(page, 54, 440, "Abstract", 11)
    text = ("We erase a concept from the model: to erase an art style, a celebrity or nudity, we steer the "
            "style of the art and the celebrity away; nudity and art and style and celebrity are erased. ") * 4
    prose(page, 450, 780, text + "The style and the art of the celebrity; nudity.")

    assert _names(doc) == ["Qiao Li", "Xiaomeng Fu", "Yuanshu Zhao"]


def test_a_thesis_covers_supervisor_and_dean_are_no_authors() -> None:
    doc, page = new_page()
    put_html(page, 180, 170, "HUNAN UNIVERSITY", 26)
    put_html(page, 94, 250, "本科生毕业设计(论文)", 40)
    rows = (("设计（论文）题目：", "基于基尔霍夫理论的水下刚体运动仿真"), ("学生姓名：", "王艺菲"), ("专业班级：", "数字媒体技术1501"),
            ("学院名称：", "信息科学与工程学院"), ("指导老师：", "周世哲"), ("学院院长：", "李肯立"))
    for row, (label, value) in enumerate(rows):
        put_html(page, 150, 420 + 26 * row, label, 14)
        put_html(page, 320, 420 + 26 * row, value, 14)

    assert _names(doc) == ["王艺菲"]


def test_pinyin_that_spells_a_name_has_at_most_two_syllables() -> None:
    assert is_pinyin("Erase")  # er-a-se
    assert not is_name_pinyin("Erase")
    assert all(is_name_pinyin(w) for w in ("Long", "He", "Xiaoming", "Ouyang", "Shanshan"))


def test_a_text_layer_with_spaces_inside_words_still_gives_the_names() -> None:
    """Converted Chinese-journal pages: names apart by two spaces, words broken by one."""
    doc, page = new_page()
    put(page, 150, 343, "An I nt elli gent Di git al-t wi n-based St r at egy for t he", 13)
    put(page, 156, 363, "I nspecti on and Repair of Aircr aft Ski n Cr acks", 13)
    put(page, 195, 400, "Fubi n Zhao  Xuan Zhou  Leiti ng Dong", 9.7)
    put(page, 127, 416, "(School of Aer ona uti c Sci ence and Engi neeri ng,Bei hang Uni versit y,Bei j i ng,100191)", 8)
    put(page, 76, 446, "Abst r act", 9.7)
    prose(page, 456, 700)

    assert _names(doc) == ["Fubin Zhao", "Xuan Zhou", "Leiting Dong"]
    assert [n for n, _ in _author_names("Z H ANG Xiang 1,S U N Xian-kun 1,H U J un 2,YI N Ji ng-yuan 2", set())] == [
        "ZHANG Xiang", "SUN Xian-kun", "HU Jun", "YIN Jing-yuan"]
    assert [n for n, _ in _author_names("LI HUA, WANG Wei, Maria van Dijk", set())] == [
        "LI HUA", "WANG Wei", "Maria van Dijk"]  # whole pinyin words in capitals stay apart


def test_names_a_line_each_led_by_their_marks_are_all_authors() -> None:
    doc, page = new_page()
    put(page, 72, 90, "A Study of Marks Printed Before the Names of the Authors", 16)
    for row, name in enumerate(("1John Smith", "2Jane Doe", "1Robert Lee")):
        put(page, 72, 130 + 14 * row, name, 11)
    put(page, 72, 190, "1Department of Physics, University of Oxford, Oxford, UK", 9)
    put(page, 72, 202, "2Department of Chemistry, University of Cambridge, Cambridge, UK", 9)
    put(page, 72, 240, "Abstract", 10)
    prose(page, 250, 700)

    assert _names(doc) == ["John Smith", "Jane Doe", "Robert Lee"]


def test_a_bilingual_pages_broken_english_address_gives_way_to_the_chinese_one() -> None:
    doc, page = new_page()
    put_html(page, 78, 90, "基于数字孪生的飞机蒙皮裂纹智能检查维修策略", 18)
    put_html(page, 228, 140, "赵福斌，周轩，董雷霆", 11)
    put_html(page, 202, 160, "（北京航空航天大学航空科学与工程学院，北京 100191）", 8)
    put_html(page, 78, 190, "摘要 飞机结构的检修工作需要根据裂纹扩展预测结果制定出检查时间，而裂纹扩展受到多种随机不确定因素的影响。", 8)
    put(page, 100, 330, "An I nt elli gent Di git al-t wi n-based St r at egy for t he", 13)
    put(page, 110, 350, "I nspecti on and Repair of Aircr aft Ski n Cr acks", 13)
    put(page, 195, 380, "Fubi n Zhao  Xuan Zhou  Leiti ng Dong", 9.7)
    put(page, 100, 396, "(School of Aer ona uti c Sci ence and Engi neeri ng,Bei hang Uni versit y,Bei j i ng,100191)", 8)
    put(page, 76, 426, "Abst r act I n or der t o ens ur e t he safet y of aircr aft st r uct ur es", 9.7)
    prose(page, 440, 700)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Fubin Zhao", "Xuan Zhou", "Leiting Dong"]
    assert [a.country for a in front.affiliations] == ["CN"]
    assert "北京航空航天大学" in front.affiliations[0].text


def test_the_english_titles_author_line_in_lighter_type_is_no_part_of_the_title() -> None:
    doc, page = new_page()
    put_html(page, 92, 160, "基于IFC的绿色性能分析模型转换与共享", 22)
    put_html(page, 243, 215, "林佳瑞，张建平", 14)
    put_html(page, 213, 255, "(清华大学 土木工程系，北京 100084)", 10.6)
    put_html(page, 51, 300, "摘要：针对目前建筑领域绿色性能分析数据交换与共享存在的问题，提出一种基于建筑信息模型数据标准的方法。", 9)
    put(page, 70, 550, "Data conversion and sharing for building", 11, font="hebo")
    put(page, 83, 566, "performance analysis based on IFC", 11, font="hebo")
    put(page, 111, 581, "Lin Jiarui, Zhang Jianping", 10.6)
    put(page, 73, 597, "(Department of Civil Engineering, Tsinghua", 10, font="hebo")
    put(page, 93, 612, "University, Beijing, China 100084)", 10, font="hebo")
    put(page, 51, 629, "Abstract: To eliminate effort needed in data conversion and", 9, font="hebo")
    prose(page, 640, 800, size=9)

    front = read(doc)

    assert [a.name for a in front.authors] == ["Lin Jiarui", "Zhang Jianping"]
    assert "Jiarui" not in front.title
