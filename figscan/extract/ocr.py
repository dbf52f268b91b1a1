"""Tesseract for pages without a usable text layer: scans and fonts without Unicode maps.

OCR is the slowest stage by far, so it runs only where the PDF has no text of its own, with a
time limit per page; a page it cannot read keeps no text rather than stopping the paper.

Languages: English, Simplified Chinese and Korean (`OCR_LANGUAGES`, Debian packages
tesseract-ocr-eng, tesseract-ocr-chi-sim, tesseract-ocr-kor), or those of them that are
installed, so a machine with English only still reads English scans.
"""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pymupdf

from figscan.config import Limits
from figscan.model import TextLine, Word

_MIN_CONFIDENCE = 30
_FEW_WORDS = 3  # fewer words than this from page segmentation: read the page again as one block
_DOUBTFUL_SHARE = 0.1  # more of English's words doubted than this: read the page again in its script's language
WALL_PER_PROCESSOR_SECOND = 10  # a Tesseract run may wait this long per second of its processor budget
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


def ocr_words(pixels: np.ndarray, seconds: int, dense: Callable[[], np.ndarray] | None = None,
              square_script: bool = False) -> tuple[list[tuple[Word, tuple[int, int, int]]], np.ndarray]:
    """Words with (block, paragraph, line) keys, and the pixels they are in: `pixels`, or
    `dense()` (the page at a higher resolution) for Chinese and Korean, whose strokes need more
    pixels than Latin letters (benchmarks/ocr_resolution.py). Raises OcrTimeout when the
    page's time is up before it has been read as well as it can be.

    Languages: a page is read in English first; when English doubts its words, or at once when
    the page's glyphs are square (`square_script`, see `pixel_text`), Tesseract's OSD names the
    script and the page is read in that script's language with English, or in every installed
    language when OSD cannot tell. The cheap first pass only saves time: a wrong guess costs
    one OSD run or one English run, never a wrong language.

    Tesseract's automatic page segmentation finds no text at all on some pages that hold only
    Korean (it takes the Hangul blocks for pictures); when it finds almost nothing, the page is
    read again as one uniform block of text and the reading with more words is kept.
    """
    languages = ocr_languages()
    if not languages:
        return [], pixels
    budget = ProcessorBudget(seconds)
    first = "eng" if languages != "eng" and "eng" in languages.split("+") else languages
    words, doubtful = [], 0
    if not (square_script and first != languages):
        words, doubtful = _tesseract(pixels, first, "", budget)
    if first != languages and (square_script or len(words) < _FEW_WORDS
                               or doubtful > _DOUBTFUL_SHARE * (len(words) + doubtful)):
        # English alone left words it could not read (Chinese, Korean, or noise), or would:
        # read the page in the language of the script Tesseract's OSD sees, with English for
        # the Latin words that such papers carry
        script = _script_languages(pixels, languages, budget)
        if script == "eng" and not words:  # square glyphs after all: a typewriter, say
            words, _ = _tesseract(pixels, "eng", "", budget)
        elif script != "eng":
            if script and dense is not None:
                pixels = dense()
            words, _ = _tesseract(pixels, script or languages, "", budget)
    if len(words) < _FEW_WORDS:
        block, _ = _tesseract(pixels, languages, "--psm 6", budget)
        if len(block) > len(words):
            words = block
    return words, pixels


SCRIPT_LANGUAGES = {"Han": "chi_sim", "Hangul": "kor"}  # Tesseract OSD script name -> language


def _script_languages(pixels: np.ndarray, installed: str, budget: ProcessorBudget) -> str:
    """"eng+chi_sim" for a page whose script OSD reads as Han, "eng+kor" for Hangul, "eng" for
    Latin; "" when OSD cannot tell (too little text) or the language is not installed."""
    if "osd" not in _installed_languages():
        return ""
    ok, report = _run_tesseract(pixels, ["--psm", "0"], budget)
    if not ok:  # too few characters to tell
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
               budget: ProcessorBudget) -> tuple[list[tuple[Word, tuple[int, int, int]]], int]:
    """The words Tesseract is confident of, and how many others it doubted."""
    ok, tsv = _run_tesseract(pixels, ["-l", languages, *config.split(), "tsv"], budget)
    if not ok:
        return [], 0
    words = []
    doubtful = 0
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t", 11)
        if len(cells) < 12 or not cells[11].strip():
            continue
        text = cells[11].strip()
        if float(cells[10]) < _MIN_CONFIDENCE:
            doubtful += 1
            continue
        x, y, w, h = (int(v) for v in cells[6:10])
        key = (int(cells[2]), int(cells[3]), int(cells[4]))
        words.append((Word(text, (x, y, x + w, y + h)), key))
    return words, doubtful


class ProcessorBudget:
    """The processor seconds a page's Tesseract runs may use together. Processor time, not
    wall time: a machine busy with other work makes a page slower, not unreadable (the file's
    own wall-clock budget still holds, in figscan.schedule)."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        self.used = 0.0

    def left(self) -> int:
        left = int(self.seconds - self.used)
        if left < 1:
            raise OcrTimeout(f"gave up after {self.seconds} s of processor time")
        return left


def _run_tesseract(pixels: np.ndarray, arguments: list[str], budget: ProcessorBudget) -> tuple[bool, str]:
    """Whether Tesseract ran, and what it printed, for `pixels`; each run is capped at the
    budget's processor seconds left (RLIMIT_CPU through util-linux's `prlimit`, when present),
    with a wall-clock backstop of WALL_PER_PROCESSOR_SECOND times that. OcrTimeout past either."""
    seconds = budget.left()
    with tempfile.TemporaryDirectory(prefix="figscan-ocr-") as folder:
        image = Path(folder) / "page.png"
        cv2.imwrite(str(image), pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR),
                    [cv2.IMWRITE_PNG_COMPRESSION, 1])
        command = ["tesseract", str(image), "stdout", *arguments]
        if shutil.which("prlimit"):
            command = ["prlimit", f"--cpu={seconds}", *command]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            done = subprocess.run(command, capture_output=True, timeout=seconds * WALL_PER_PROCESSOR_SECOND,
                                  check=False)
        except subprocess.TimeoutExpired as exc:
            raise OcrTimeout(f"gave up after {seconds * WALL_PER_PROCESSOR_SECOND} s") from exc
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    budget.used += after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL) or budget.used >= budget.seconds:
        raise OcrTimeout(f"gave up after {budget.seconds} s of processor time")
    return done.returncode == 0, done.stdout.decode("utf-8", "replace")


def ocr_page_text(page: pymupdf.Page, number: int, limits: Limits, square_script: bool = False) -> list[TextLine]:
    """Lines of OCR text in page points, in Tesseract's reading order; OcrTimeout when the
    page's OCR time (`Limits.ocr_seconds_per_page`) ran out."""
    if not ocr_languages():
        return []
    pixels, _ = render(page, page.rect, limits.ocr_dpi, limits.max_render_pixels * 4)
    words, pixels = ocr_words(pixels, limits.ocr_seconds_per_page,
                              lambda: render(page, page.rect, limits.ocr_dpi_dense_script, limits.max_render_pixels * 4)[0],
                              square_script)
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
MIN_RUNS_PER_LINE = 4
# Generated 300-dpi scans (benchmarks/script_share.py; pages of benchmarks/scanned_report.py):
# English 0.16 to 0.30 of runs square, Chinese 0.90 to 0.92, Korean 0.90
SQUARE_SCRIPT_SHARE = 0.6


@dataclass
class PixelText:
    """What a scan's pixels tell of its text before OCR."""
    lines: list[tuple[float, float, float, float]]  # text line boxes, page points
    square_share: float  # share of a line's ink runs that are about as wide as the line is high

    @property
    def square_script(self) -> bool:
        """Chinese, Japanese or Korean: each character a square cell, one ink run each."""
        return self.square_share >= SQUARE_SCRIPT_SHARE


def pixel_text(page: pymupdf.Page, limits: Limits) -> PixelText:
    """Text lines on a scanned page, found in its pixels: runs of character-sized ink side by
    side. Cheap (one render at 100 dpi, two labellings), so figures on scans are found without
    waiting for OCR. Labels inside a drawing are lines too, which is what masking them needs;
    strokes of a drawing are longer than a character and stay.

    Also the share of square ink runs along the lines (columns with ink between empty ones, as
    wide as 0.6 to 1.2 line heights): Latin letters and words are narrower or wider, Han and
    Hangul characters are square cells."""
    pixels, scale = render(page, page.rect, LINE_FINDING_DPI, limits.max_render_pixels)
    gray = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[:, cv2.CC_STAT_HEIGHT] / scale
    widths = stats[:, cv2.CC_STAT_WIDTH] / scale
    glyph = (heights >= GLYPH_HEIGHT_PT[0]) & (heights <= GLYPH_HEIGHT_PT[1]) & (widths <= GLYPH_MAX_WIDTH_PT)
    glyph[0] = False  # the background
    glyphs = np.where(glyph[labels], 255, 0).astype(np.uint8)
    reach = max(1, round(WORD_GAP_PT * scale))
    joined = cv2.dilate(glyphs, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1)))
    _, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    lines = []
    square = runs = 0
    for x, y, w, h, _area in stats[1:]:
        x0, x1 = x + reach // 2, x + w - (reach - reach // 2)  # undo the dilation's growth
        if h / scale > 2 * GLYPH_HEIGHT_PT[1] or x1 <= x0:
            continue
        lines.append((round(x0 / scale, 2), round(y / scale, 2), round(x1 / scale, 2), round((y + h) / scale, 2)))
        columns = (glyphs[y:y + h, x0:x1] > 0).any(axis=0).astype(np.int8)
        edges = np.flatnonzero(np.diff(np.concatenate(([0], columns, [0]))))
        run_widths = edges[1::2] - edges[::2]
        if len(run_widths) >= MIN_RUNS_PER_LINE:
            runs += len(run_widths)
            square += int(((run_widths >= 0.6 * h) & (run_widths <= 1.2 * h)).sum())
    return PixelText(lines, square / runs if runs else 0.0)
