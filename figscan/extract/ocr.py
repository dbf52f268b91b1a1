"""Tesseract for pages without a usable text layer: scans and fonts without Unicode maps.

OCR is the slowest stage by far, so it runs only where the PDF has no text of its own, with a
time limit per page; a page it cannot read keeps no text rather than stopping the paper.

Languages: English, Simplified Chinese and Korean (`OCR_LANGUAGES`, Debian packages
tesseract-ocr-eng, tesseract-ocr-chi-sim, tesseract-ocr-kor), or those of them that are
installed, so a machine with English only still reads English scans.
"""
from __future__ import annotations

import os
import shutil
import time
from functools import cache

import numpy as np
import pymupdf

from figscan.config import Limits
from figscan.model import TextLine, Word

_MIN_CONFIDENCE = 30
_FEW_WORDS = 3  # fewer words than this from page segmentation: read the page again as one block
_DOUBTFUL_SHARE = 0.1  # more of English's words doubted than this: read the page in every language
OCR_LANGUAGES = ("eng", "chi_sim", "kor")  # papers of the original analysis: English, Chinese, Korean
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per worker process; parallelism is ours


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


@cache
def ocr_languages(wanted: tuple[str, ...] = OCR_LANGUAGES) -> str:
    """The Tesseract language string for the wanted languages that are installed ("eng+kor"),
    or "" when Tesseract or all of them are missing."""
    if not tesseract_available():
        return ""
    import pytesseract

    try:
        installed = set(pytesseract.get_languages(config=""))
    except (OSError, RuntimeError, pytesseract.TesseractError):
        return ""
    return "+".join(lang for lang in wanted if lang in installed)


def render(page: pymupdf.Page, rect: pymupdf.Rect, dpi: float, max_pixels: int,
           max_side_px: int = 0) -> tuple[np.ndarray, float]:
    """RGB pixels of `rect` on the page, at `dpi` or less so they stay under `max_pixels` (and
    under `max_side_px` on the long side, when given); also the pixels-per-point scale used."""
    scale = dpi / 72
    if max_side_px:
        long_side = max(rect.width, rect.height) * scale
        if long_side > max_side_px - 1:  # pixmaps round their size up
            scale *= (max_side_px - 1) / long_side
    pixel_count = rect.width * rect.height * scale * scale
    if pixel_count > max_pixels:
        scale *= (max_pixels / pixel_count) ** 0.5
    pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), clip=rect, colorspace=pymupdf.csRGB, alpha=False)
    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3).copy()
    return pixels, scale


def ocr_words(pixels: np.ndarray, seconds: int) -> list[tuple[Word, tuple[int, int, int]]]:
    """Words with (block, paragraph, line) keys, in pixel coordinates of `pixels`.

    Tesseract's automatic page segmentation finds no text at all on some pages that hold only
    Korean (it takes the Hangul blocks for pictures); when it finds almost nothing, the page is
    read again as one uniform block of text and the reading with more words is kept.
    """
    languages = ocr_languages()
    if not languages:
        return []
    started = time.monotonic()

    def remaining() -> int:
        return int(seconds - (time.monotonic() - started))

    first = "eng" if languages != "eng" and "eng" in languages.split("+") else languages
    words, doubtful = _tesseract(pixels, first, "", seconds)
    if first != languages and remaining() >= 1 and (
            len(words) < _FEW_WORDS or doubtful > _DOUBTFUL_SHARE * (len(words) + doubtful)):
        # English alone left words it could not read (Chinese, Korean, or noise): every
        # language is slower (4.4 s against 1.7 s a page), so only such pages pay for it
        words, _ = _tesseract(pixels, languages, "", remaining())
    if len(words) < _FEW_WORDS and remaining() >= 1:
        block, _ = _tesseract(pixels, languages, "--psm 6", remaining())
        if len(block) > len(words):
            words = block
    return words


def _tesseract(pixels: np.ndarray, languages: str, config: str,
               seconds: int) -> tuple[list[tuple[Word, tuple[int, int, int]]], int]:
    """The words Tesseract is confident of, and how many others it doubted."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(pixels, lang=languages, config=config,
                                         output_type=pytesseract.Output.DICT, timeout=seconds)
    except (RuntimeError, pytesseract.TesseractError):  # timeout or a tesseract failure
        return [], 0
    words = []
    doubtful = 0
    for i, text in enumerate(data["text"]):
        text = text.strip()
        if not text:
            continue
        if float(data["conf"][i]) < _MIN_CONFIDENCE:
            doubtful += 1
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.append((Word(text, (x, y, x + w, y + h)), key))
    return words, doubtful


def ocr_page_text(page: pymupdf.Page, number: int, limits: Limits) -> list[TextLine]:
    """Lines of OCR text in page points, in Tesseract's reading order."""
    if not ocr_languages() or number > limits.max_ocr_pages:
        return []
    pixels, scale = render(page, page.rect, limits.ocr_dpi, limits.max_render_pixels * 4)
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word, key in ocr_words(pixels, limits.ocr_seconds_per_page):
        lines.setdefault(key, []).append(word)
    # Tesseract gives no font size; a line's height depends on its letters ("ace" vs "Big").
    # Every line of one Tesseract paragraph gets the paragraph's median line height, so lines
    # set in one size keep one size and paragraphs hold together downstream.
    heights: dict[tuple[int, int], list[float]] = {}
    for key, words in lines.items():
        heights.setdefault(key[:2], []).append((max(w.bbox[3] for w in words) - min(w.bbox[1] for w in words)) / scale)
    result = []
    for key, words in lines.items():
        x0 = min(w.bbox[0] for w in words) / scale
        y0 = min(w.bbox[1] for w in words) / scale
        x1 = max(w.bbox[2] for w in words) / scale
        y1 = max(w.bbox[3] for w in words) / scale
        size = float(np.median(heights[key[:2]]))
        result.append(TextLine(page=number, bbox=(round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)),
                               text=join_words([w.text for w in words]), size=round(size, 2)))
    return result


def join_words(words: list[str]) -> str:
    """Words of one line with spaces, except between Chinese or Japanese characters, which
    Tesseract returns as separate words ("哈尔滨 工程 大学") but are written without (Korean
    keeps its spaces: it is written with them)."""
    out = ""
    for word in words:
        if out and not (_is_han_or_kana(out[-1]) and _is_han_or_kana(word[0])):
            out += " "
        out += word
    return out


def _is_han_or_kana(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\u3040" <= char <= "\u30ff" or "\uf900" <= char <= "\ufaff"
