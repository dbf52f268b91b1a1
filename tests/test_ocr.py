"""OCR of pages without a text layer: generated scans, Chinese and Korean, and the corpus scans."""
from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest

from figscan.analyse.entities import match_entities
from figscan.config import Limits
from figscan.extract.document import open_pdf, read_page_text
from figscan.extract.ocr import OCR_LANGUAGES, join_words, ocr_languages, tesseract_available
from figscan.model import Affiliation, FrontMatter

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")

TEXT = ("The free vibration of functionally graded conical shells is studied with the Ritz method. "
        "Natural frequencies of titanium alloy shells agree with finite element results within two "
        "percent. Laser cladding changes the stiffness near the clamped edge, and the underwater "
        "explosion load excites the breathing modes of the stiffened cylinder. The authors thank the "
        "National Natural Science Foundation of China for its support under grant 11972125.")


def scanned_page(text: str, fontname: str = "helv", fontsize: float = 11, dpi: int = 300) -> pymupdf.Document:
    """`text` drawn on an A4 page, rasterised at `dpi` and put back as an image: no text layer."""
    drawn = pymupdf.open()
    page = drawn.new_page(width=595, height=842)
    assert page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontsize=fontsize, fontname=fontname) >= 0
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    scan = pymupdf.open()
    scan.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=pix)
    return scan


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def test_join_words_keeps_chinese_together_and_korean_apart() -> None:
    assert join_words(["哈尔滨", "工程", "大学", "(HEU)"]) == "哈尔滨工程大学 (HEU)"
    assert join_words(["김일성종합대학", "물리학부"]) == "김일성종합대학 물리학부"
    assert join_words(["Harbin", "150001"]) == "Harbin 150001"


@needs_tesseract
def test_languages_are_the_installed_subset() -> None:
    languages = ocr_languages().split("+")
    assert languages[0] == "eng" and set(languages) <= set(OCR_LANGUAGES)


@needs_tesseract
def test_a_scanned_page_gets_a_text_layer_with_its_words() -> None:
    page_text = read_page_text(scanned_page(TEXT)[0], 1, Limits())

    assert not page_text.has_text_layer and page_text.ocr_used
    want, got = words(TEXT), set(words(page_text.text))
    recall = sum(w in got for w in want) / len(want)
    assert recall >= 0.9, f"word recall {recall:.2f}: {page_text.text[:300]!r}"
    assert all(line.page == 1 and 0 <= line.bbox[0] < line.bbox[2] <= 595 for line in page_text.lines)


@needs_tesseract
@pytest.mark.parametrize("language, text, fontname, entity", [
    ("chi_sim", "哈尔滨工程大学 船舶工程学院\n黑龙江 哈尔滨 150001", "china-s", "Harbin Engineering University"),
    ("kor", "김일성종합대학 물리학부\n평양", "korea", "Kim Il Sung University"),
])
def test_chinese_and_korean_scans_are_read_and_matched(language: str, text: str, fontname: str,
                                                       entity: str) -> None:
    if language not in ocr_languages():
        pytest.skip(f"Tesseract language {language} is not installed (Debian: tesseract-ocr-{language.replace('_', '-')})")
    page_text = read_page_text(scanned_page(text, fontname=fontname, fontsize=20)[0], 1, Limits())

    assert page_text.ocr_used
    first_line = page_text.lines[0].text
    matches = match_entities(FrontMatter(affiliations=[Affiliation(first_line)]), [])
    assert entity in {m.name for m in matches}, first_line


@needs_tesseract
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_scanned_pages_of_the_corpus_get_a_text_layer() -> None:
    """Every corpus page without a usable text layer that shows a large image is read by
    Tesseract, and most give words. Some scans hold nothing to read: the corpus has a page with
    only a handwritten "Blank" and a pencil sketch."""
    limits = Limits()
    read, empty = [], []
    for path in sorted(CORPUS.glob("*.pdf")):
        doc = open_pdf(path)
        try:
            for index in range(min(doc.page_count, limits.max_ocr_pages)):
                page = doc[index]
                if read_page_text(page, index + 1, limits, ocr=False).has_text_layer:
                    continue
                image_area = sum(pymupdf.Rect(i["bbox"]).intersect(page.rect).get_area() for i in page.get_image_info())
                if image_area < 0.3 * page.rect.get_area():
                    continue  # a blank or vector-only page: not a scan
                page_text = read_page_text(page, index + 1, limits)
                name = f"{path.name} p{index + 1}"
                (read if page_text.ocr_used and len(words(page_text.text)) >= 10 else empty).append(name)
        finally:
            doc.close()
    assert len(read) >= 3 and len(read) >= 0.6 * (len(read) + len(empty)), (read, empty)
