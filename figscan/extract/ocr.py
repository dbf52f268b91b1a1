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
from collections.abc import Callable
from functools import cache

import cv2
import numpy as np
import pymupdf

from figscan.config import Limits
from figscan.model import TextLine, Word

_MIN_CONFIDENCE = 30
_FEW_WORDS = 3  # fewer words than this from page segmentation: read the page again as one block
_DOUBTFUL_SHARE = 0.1  # more of English's words doubted than this: read the page again in its script's language
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
    installed = _installed_languages()
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


class OcrTimeout(Exception):
    """Tesseract did not finish a page within `Limits.ocr_seconds_per_page`."""


def ocr_words(pixels: np.ndarray, seconds: int, dense: Callable[[], np.ndarray] | None = None
              ) -> tuple[list[tuple[Word, tuple[int, int, int]]], np.ndarray]:
    """Words with (block, paragraph, line) keys, and the pixels they are in: `pixels`, or
    `dense()` (the page at a higher resolution) for Chinese and Korean, whose strokes need more
    pixels than Latin letters (benchmarks/ocr_resolution.py). Raises OcrTimeout when the
    page's time is up before it has been read as well as it can be.

    Tesseract's automatic page segmentation finds no text at all on some pages that hold only
    Korean (it takes the Hangul blocks for pictures); when it finds almost nothing, the page is
    read again as one uniform block of text and the reading with more words is kept.
    """
    languages = ocr_languages()
    if not languages:
        return [], pixels
    started = time.monotonic()

    def remaining() -> int:
        left = int(seconds - (time.monotonic() - started))
        if left < 1:
            raise OcrTimeout(f"gave up after {seconds} s")
        return left

    first = "eng" if languages != "eng" and "eng" in languages.split("+") else languages
    words, doubtful = _tesseract(pixels, first, "", seconds)
    if first != languages and (
            len(words) < _FEW_WORDS or doubtful > _DOUBTFUL_SHARE * (len(words) + doubtful)):
        # English alone left words it could not read (Chinese, Korean, or noise): read the page
        # again in the language of the script Tesseract's OSD sees, with English for the Latin
        # words that such papers carry; every language only when OSD cannot tell
        script = _script_languages(pixels, languages, remaining())
        if script != "eng":  # Latin script: the English reading stands
            if script and dense is not None:
                pixels = dense()
            words, _ = _tesseract(pixels, script or languages, "", remaining())
    if len(words) < _FEW_WORDS:
        block, _ = _tesseract(pixels, languages, "--psm 6", remaining())
        if len(block) > len(words):
            words = block
    return words, pixels


SCRIPT_LANGUAGES = {"Han": "chi_sim", "Hangul": "kor"}  # Tesseract OSD script name -> language


def _script_languages(pixels: np.ndarray, installed: str, seconds: int) -> str:
    """"eng+chi_sim" for a page whose script OSD reads as Han, "eng+kor" for Hangul, "eng" for
    Latin; "" when OSD cannot tell (too little text) or the language is not installed."""
    import pytesseract

    if "osd" not in _installed_languages():
        return ""
    try:
        report = pytesseract.image_to_osd(pixels, config="--psm 0", timeout=seconds)
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrTimeout(str(exc)) from exc
    except pytesseract.TesseractError:  # too few characters to tell
        return ""
    script = next((line.split(":", 1)[1].strip() for line in report.splitlines() if line.startswith("Script:")), "")
    if script == "Latin":
        return "eng"
    language = SCRIPT_LANGUAGES.get(script, "")
    return f"eng+{language}" if language and language in installed.split("+") else ""


@cache
def _installed_languages() -> frozenset[str]:
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (OSError, RuntimeError, pytesseract.TesseractError):
        return frozenset()


def _tesseract(pixels: np.ndarray, languages: str, config: str,
               seconds: int) -> tuple[list[tuple[Word, tuple[int, int, int]]], int]:
    """The words Tesseract is confident of, and how many others it doubted."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(pixels, lang=languages, config=config,
                                         output_type=pytesseract.Output.DICT, timeout=seconds)
    except RuntimeError as exc:  # pytesseract's timeout
        raise OcrTimeout(str(exc)) from exc
    except pytesseract.TesseractError:
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
    """Lines of OCR text in page points, in Tesseract's reading order; OcrTimeout when the
    page's OCR time (`Limits.ocr_seconds_per_page`) ran out."""
    if not ocr_languages():
        return []
    pixels, _ = render(page, page.rect, limits.ocr_dpi, limits.max_render_pixels * 4)
    words, pixels = ocr_words(pixels, limits.ocr_seconds_per_page,
                              lambda: render(page, page.rect, limits.ocr_dpi_dense_script, limits.max_render_pixels * 4)[0])
    scale = pixels.shape[1] / page.rect.width
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word, key in words:
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


# --- text lines in a scan's pixels, without OCR ------------------------------------------------

PIXEL_LINE_TEXT = "[text]"  # what a line found in pixels says: masked like text, never a caption or term
LINE_FINDING_DPI = 100
GLYPH_HEIGHT_PT = (2.0, 14.0)  # a character's ink, body text to headings; smaller is specks
GLYPH_MAX_WIDTH_PT = 45.0  # letters that touch at this resolution make a word at most this wide
WORD_GAP_PT = 5.0  # glyphs closer than this side by side are one line


def pixel_text_lines(page: pymupdf.Page, limits: Limits) -> list[tuple[float, float, float, float]]:
    """Boxes (page points) of the text lines on a scanned page, found in its pixels: runs of
    character-sized ink side by side. Cheap (one render at 100 dpi, two labellings), so figures
    on scans are found without waiting for OCR. Labels inside a drawing are lines too, which is
    what masking them needs; strokes of a drawing are longer than a character and stay."""
    pixels, scale = render(page, page.rect, LINE_FINDING_DPI, limits.max_render_pixels)
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[:, cv2.CC_STAT_HEIGHT] / scale
    widths = stats[:, cv2.CC_STAT_WIDTH] / scale
    glyph = (heights >= GLYPH_HEIGHT_PT[0]) & (heights <= GLYPH_HEIGHT_PT[1]) & (widths <= GLYPH_MAX_WIDTH_PT)
    glyph[0] = False  # the background
    glyphs = np.where(glyph[labels], 255, 0).astype(np.uint8)
    reach = max(1, round(WORD_GAP_PT * scale))
    joined = cv2.dilate(glyphs, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1)))
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    lines = []
    for x, y, w, h, _area in stats[1:]:
        x0, x1 = x + reach // 2, x + w - (reach - reach // 2)  # undo the dilation's growth
        if h / scale <= 2 * GLYPH_HEIGHT_PT[1] and x1 > x0:
            lines.append((round(x0 / scale, 2), round(y / scale, 2), round(x1 / scale, 2), round((y + h) / scale, 2)))
    return lines
