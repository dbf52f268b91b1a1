"""Affiliations on generated pages in the layouts whose real papers (fresh4, fresh5 batches) lost
them: each test fails on the parser before the fix it names."""
from __future__ import annotations

import pymupdf

from figscan.extract.frontmatter import parse_front_matter
from figscan.model import PageText, TextLine
from tests.test_frontmatter_affiliations import paper
from tests.test_frontmatter_layouts import new_page, pages_of, put, put_html


def test_ieee_bullet_footnotes_under_an_abstract_in_their_size_are_read() -> None:
    """IEEE Computer Society: an 8 pt abstract across the page outweighs the 9.5 pt body on page 1,
    and the first footnote's "are" ends a line over "with the Department of ..."."""
    doc, page = new_page(size=(612, 792))
    put(page, 60, 70, "TabSOM: A tabular-to-image encoding method", 20)
    put(page, 60, 110, "Ana Ruiz, Eva Milara, Luis Vera", 11)
    abstract = "Abstract: tabular data are encoded as images with a self-organizing map here. " * 26
    assert page.insert_textbox(pymupdf.Rect(68, 130, 542, 380), abstract, fontsize=8) >= 0
    body = "Tabular data are among the most used formats for representing structured data. "
    assert page.insert_textbox(pymupdf.Rect(48, 410, 300, 630), body * 10, fontsize=9.5) >= 0
    assert page.insert_textbox(pymupdf.Rect(312, 410, 564, 750), body * 16, fontsize=9.5) >= 0
    for y, text in [(650, "Ana Ruiz and Eva Milara are"),
                    (659, "with the Department of Signal Theory, Rey Juan Carlos University,"),
                    (668, "Madrid, Spain. E-mail: {ana.ruiz, eva.milara}@urjc.es"),
                    (686, "Luis Vera is with the School of Mathematical Sciences, Yachay Tech"),
                    (695, "University, Ecuador. E-mail: lvera@yachaytech.edu.ec")]:
        put(page, 62, y, text, 8)
    for y in (650, 686):
        put(page, 48, y, "\u2022", 8)
    front = parse_front_matter(pages_of(doc), {})
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("Department of Signal Theory, Rey Juan Carlos University, Madrid, Spain", "ES"),
        ("School of Mathematical Sciences, Yachay Tech University, Ecuador", "EC")]


def test_braced_emails_whose_domain_names_a_country_are_no_affiliation() -> None:
    """"{yr lee, hojoong kim, sw.lee}@korea.ac.kr" under the address: "korea" is the domain."""
    pages = paper("TF-CADE: Foreground-Concentrated Text-Video Alignment", [
        ("Yearang Lee, Ho-Joong Kim, Seong-Whan Lee", 12),
        ("Dept. of Artificial Intelligence, Korea University, Seoul, Korea", 10),
        ("{yr lee, hojoong kim, sw.lee}@korea.ac.kr", 9)])
    front = parse_front_matter(pages, {})
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("Dept. of Artificial Intelligence, Korea University, Seoul, Korea", "KR")]


def test_a_head_noun_alone_is_no_affiliation_and_the_chinese_address_stands_in() -> None:
    """A bilingual journal's English address whose words the text layer breaks apart leaves "(School"
    alone on a line: no affiliation, so the Chinese address above is read instead."""
    doc, page = new_page(size=(595, 842))
    put(page, 80, 100, "基于数字孪生的飞机蒙皮裂纹智能检查维修策略", 19, "china-s")
    put(page, 230, 150, "赵福斌  周轩  董雷霆", 11, "china-s")
    put(page, 170, 172, "（北京航空航天大学航空科学与工程学院，北京，100191）", 8, "china-s")
    put(page, 80, 200, "摘 要: 飞机结构的检修工作需要根据裂纹扩展预测结果制定出检查时间。", 8, "china-s")
    put(page, 150, 330, "An Intelligent Digital-twin-based Strategy for Aircraft Skin Cracks", 13)
    put(page, 195, 370, "Fubin Zhao   Xuan Zhou   Leiting Dong", 9.7)
    put(page, 127, 390, "(School", 8.2)
    put(page, 76, 420, "Abstract In order to ensure the safety of aircraft structures, inspections are planned.", 9.7)
    front = parse_front_matter(pages_of(doc), {})
    assert [a.text for a in front.affiliations] == ["北京航空航天大学航空科学与工程学院,北京,100191"]


def test_a_footnote_justified_with_wide_even_word_gaps_is_read_as_one_address() -> None:
    """Each word its own fragment, 2 font sizes apart (wider than WORD_GAP) but evenly: one line."""
    pages = paper("Foundation Models for Thermal Depth", [("Jie Hong1, Xuesong Li2", 11)], [
        "1Jie Hong is with the Department of Civil Engineering, The University of Hong Kong,",
        "Hong Kong SAR, China. 2Xuesong Li is with Commonwealth Scientific and Industrial",
        "Research Organisation (CSIRO), Canberra, ACT, Australia"], word_gap=16.0)
    front = parse_front_matter(pages, {})
    assert [(a.text, a.country) for a in front.affiliations][-1] == (
        "Commonwealth Scientific and Industrial Research Organisation (CSIRO), Canberra, ACT, Australia", "AU")


def test_a_run_in_list_whose_part_ends_with_a_note_symbol_is_split_there() -> None:
    """"3Apple∗4Aarhus University": the next number follows the symbol of a note, not a space."""
    pages = paper("The Working Set of a Coding Agent", [
        ("Bardia Mohammadi1, Lars Klein2, Aman Chadha3, Akhil Arora4", 12),
        ("1Max Planck Institute for Software Systems 2EPFL 3Apple*4Aarhus University", 10)])
    front = parse_front_matter(pages, {})
    assert [(a.text, a.marker) for a in front.affiliations] == [
        ("Max Planck Institute for Software Systems", "1"), ("EPFL", "2"), ("Apple", "3"), ("Aarhus University", "4")]


def test_a_numbered_line_under_authors_with_that_number_is_their_affiliation_whatever_it_names() -> None:
    """"1Glassbox AI" names no institution word, but "Tim Lo*1" above carries its number."""
    pages = paper("Sign Language Video Synthesis via Multi-Expert GANs", [
        ("Nong Dingzhan1, Ren Zhihao1, Li Ziqi1, and Tim Lo*1", 12),
        ("1Glassbox AI", 12),
        ("nongdingzhan@gmail.com, tim.lo@example.org", 12)])
    front = parse_front_matter(pages, {})
    assert [(a.text, a.marker) for a in front.affiliations] == [("Glassbox AI", "1")]
    assert "Glassbox AI" not in [a.name for a in front.authors]


def test_a_comma_glyph_without_a_unicode_map_still_separates_the_address_parts() -> None:
    """A Chinese journal's font gives its comma a private-use code point ("Engineering\\ue00fShanghai"):
    the parts stay apart, so "China" is the last one. (Lines as such a text layer gives them.)"""
    rows = [(72, 80, 520, 96, "Anti-interference Design of a UAV Attitude Control System", 14.0),
            (150, 110, 420, 121, "YU Xiaoyan1, SUN Xiankun1, HU Qingli2", 10.3),
            (79, 130, 513, 139, "(1. School of Electronic and Electrical Engineering\ue00fShanghai University of "
                                "Engineering Science\ue00fShanghai 201600\ue00fChina;", 8.8),
            (100, 144, 492, 153, "2. School of Computer and Information Engineering\ue00fXiamen University of "
                                 "Technology\ue00fXiamen 361024\ue00fChina)", 8.8),
            (72, 170, 522, 180, "Abstract: The quadrotor UAV has complex aerodynamic characteristics here.", 10.3)]
    lines = [TextLine(page=1, bbox=(x0, y0, x1, y1), text=text, size=size) for x0, y0, x1, y1, text, size in rows]
    page = PageText(number=1, width=595, height=842, text="\n".join(line.text for line in lines), lines=lines)
    front = parse_front_matter([page], {})
    assert [(a.text, a.country) for a in front.affiliations] == [
        ("School of Electronic and Electrical Engineering, Shanghai University of Engineering Science, "
         "Shanghai 201600, China", "CN"),
        ("School of Computer and Information Engineering, Xiamen University of Technology, Xiamen 361024, China",
         "CN")]


def test_an_address_in_turkish_is_an_affiliation_with_its_country() -> None:
    """"Bölümü", "Üniversitesi": the head nouns of a Turkish address, which no English word matches."""
    doc, page = new_page(size=(595, 842))
    put_html(page, 150, 80, "Elektrikli Araç Şarj İstasyonu Yer Seçimi Önerisi", 14)
    put_html(page, 200, 120, "Doğuş GÜLER, Tahsin YOMRALIOĞLU", 10)
    put_html(page, 150, 138, "Geomatik Mühendisliği Bölümü, İstanbul Teknik Üniversitesi, 34469, İstanbul", 9)
    put_html(page, 240, 152, "(gulerdo, tahsin)@itu.edu.tr", 9)
    put(page, 80, 200, "ÖZ", 9)
    assert page.insert_textbox(pymupdf.Rect(80, 210, 300, 700), "Bilgi teknolojilerinden faydalanilarak yasanilan "
                               "dunyaya iliskin gunumuzde bircok arastirma yapilmaktadir. " * 10, fontsize=9) >= 0
    front = parse_front_matter(pages_of(doc), {})
    assert [(a.text, a.institution, a.country) for a in front.affiliations] == [(
        "Geomatik Mühendisliği Bölümü, İstanbul Teknik Üniversitesi, 34469, İstanbul", "İstanbul Teknik Üniversitesi",
        "TR")]


def test_a_teaser_figures_labels_under_the_author_grid_are_no_affiliations() -> None:
    """A figure right under the authors: its headings in nearly the names' size, its smaller labels
    under them and its tiny panel captions are not addresses ("Ink Wash", "(A) Universal 2D Patch")."""
    doc, page = new_page(size=(612, 792))
    put(page, 90, 80, "Semantic Steering for Tuning-Free Concept Erasure", 17)
    for x, name in [(110, "Qiao Li"), (280, "Yuanshu Zhao")]:
        put(page, x, 130, name, 12)
        put(page, x - 10, 144, "Institute of Information Engineering,", 10)
        put(page, x - 10, 156, "Chinese Academy of Sciences", 10)
        put(page, x - 10, 168, "Beijing, China", 10)
        put(page, x - 10, 180, f"{name.split()[0].lower()}@iie.ac.cn", 10)
    for x, heading, label in [(100, "Erase Nudity", "Nude"), (250, "Erase Art Style", "Ink Wash"),
                              (400, "Erase Celebrity", "Audrey Hepburn")]:
        put(page, x, 215, heading, 11.2)
        put(page, x, 230, label, 8)
        put(page, x, 245, "(A) Universal 2D Patch", 4.8)
    put(page, 54, 300, "Abstract", 11)
    assert page.insert_textbox(pymupdf.Rect(54, 310, 558, 700), "Concepts are erased from the model here. " * 40,
                               fontsize=10) >= 0
    front = parse_front_matter(pages_of(doc), {})
    texts = [a.text for a in front.affiliations]
    assert len(texts) == 1 and texts[0].startswith("Institute of Information Engineering, Chinese Academy of Sciences")


def test_a_chinese_thesis_covers_form_labels_and_declaration_are_no_affiliations() -> None:
    """"学院名称：" over its value, and the declaration "...独立进行研究所取得的成果" (研究所 inside a
    sentence): only the school the form names is an affiliation."""
    doc, page = new_page(size=(595, 842))
    put(page, 180, 210, "HUNAN UNIVERSITY", 26)
    put(page, 120, 300, "本科生毕业设计（论文）", 40, "china-s")
    rows = [("学生姓名：", "王艺菲"), ("学生学号：", "201526010204"), ("专业班级：", "数字媒体技术1501"),
            ("学院名称：", "信息科学与工程学院"), ("指导老师：", "周世哲"), ("学院院长：", "李肯立")]
    for index, (label, value) in enumerate(rows):
        put(page, 190, 500 + 26 * index, label, 14, "china-s")
        put(page, 320, 500 + 26 * index, value, 15, "china-s")
    doc, second = new_page(doc, size=(595, 842))
    put(second, 200, 100, "湖南大学毕业设计（论文）原创性声明", 16, "china-s")
    put(second, 80, 140, "本人郑重声明：所呈交的设计（论文）是本人在导师的指导下独立进行研究所取得的成果。", 10.5, "china-s")
    front = parse_front_matter(pages_of(doc), {})
    assert [a.text for a in front.affiliations] == ["信息科学与工程学院"]


def test_a_taylor_and_francis_download_sheet_gives_way_to_the_papers_affiliations() -> None:
    """The sheet names the paper and its authors but no address; page 2 prints them."""
    doc, cover = new_page(size=(612, 842))
    put(cover, 128, 55, "Virtual and Physical Prototyping", 15)
    put(cover, 97, 185, "Toughening of polyamide 11 with carbon nanotubes", 18)
    put(cover, 97, 245, "Jiaming Bai, Shangqin Yuan & Jun Wei", 12)
    put(cover, 97, 295, "To cite this article: Jiaming Bai, Shangqin Yuan & Jun Wei (2017) Toughening", 10)
    put(cover, 97, 350, "To link to this article: http://dx.doi.org/10.1080/17452759.2017.1315146", 10)
    put(cover, 195, 777, "Full Terms & Conditions of access and use can be found at", 9)
    put(cover, 24, 815, "Download by: [Nanyang Technological University]", 9)
    doc, page = new_page(doc, size=(612, 842))
    put(page, 60, 50, "VIRTUAL AND PHYSICAL PROTOTYPING, 2017", 7.5)
    put(page, 60, 115, "Toughening of polyamide 11 with carbon nanotubes", 14)
    put(page, 60, 133, "Jiaming Baia, Shangqin Yuanb and Jun Weia", 10.5)
    put(page, 60, 152, "aSingapore Institute of Manufacturing Technology, Singapore; bSchool of Mechanical and", 9)
    put(page, 60, 163, "Aerospace Engineering, Nanyang Technological University, Singapore", 9)
    put(page, 72, 192, "ABSTRACT", 7.5)
    assert page.insert_textbox(pymupdf.Rect(72, 196, 440, 500), "Nanotubes toughen the polymer here. " * 40,
                               fontsize=9) >= 0
    front = parse_front_matter(pages_of(doc), {})
    assert [(a.marker, a.country) for a in front.affiliations] == [("a", "SG"), ("b", "SG")]


def test_a_numbered_footnote_that_cites_a_reference_is_a_note_not_an_address() -> None:
    """Footnotes 1, 2, 3 make a numbered list, whose parts are kept whatever they name, but "[1]"
    cites a reference: "3 Alstrup and Holm [1] calculate this constant" is a note."""
    pages = paper("The Level Ancestor Problem Simplified", [("Michael A. Bender1, Martin Farach-Colton2", 11)], [
        "1 Department of Computer Science, Rutgers University, Piscataway, NJ 08854, USA",
        "2 Partially supported by NSF CCR 9820879.",
        "3 Alstrup and Holm [1] calculate this constant to be 2228."])
    front = parse_front_matter(pages, {})
    assert [a.text for a in front.affiliations] == [
        "Department of Computer Science, Rutgers University, Piscataway, NJ 08854, USA"]
