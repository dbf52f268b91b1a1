"""Open a PDF once and read everything later stages need: pages, text, metadata, figures.

Every PDF is untrusted. Failures are turned into `DocumentError` with a reason a reviewer
understands; a page that breaks is recorded in `Document.problems` and the other pages are kept.
"""
from __future__ import annotations

import copy
import os
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pymupdf

from figscan.config import Limits
from figscan.extract.figures import (
    FIGURES,
    LayoutFn,
    Region,
    assemble_figures,
    locate_figures,
    mark_decorations,
    render_figures,
)
from figscan.extract.ocr import (
    PIXEL_LINE_TEXT,
    OcrTimeout,
    ocr_page_text,
    pixel_text,
)
from figscan.model import Document, FigureImage, PageText, TextLine

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

_MAGIC = [
    (b"PK\x03\x04", "a ZIP file?"),
    (b"\x89PNG", "a PNG image?"),
    (b"\xff\xd8\xff", "a JPEG image?"),
    (b"GIF8", "a GIF image?"),
    (b"%!PS", "a PostScript file?"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file?"),
    (b"{\\rtf", "an RTF file?"),
    (b"<", "an HTML or XML file?"),
]
BOLD_FLAG = 16
TEXT_FLAGS = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES


class DocumentError(Exception):
    """The file cannot be read as a PDF at all; the message is shown to the reviewer."""


def sniff_not_pdf(head: bytes) -> str | None:
    """Why these first bytes are not a PDF, or None if they may be one."""
    if not head:
        return "empty file (0 bytes)"
    if b"%PDF-" in head[:1024]:
        return None
    lead = head.lstrip()[:16]
    for magic, guess in _MAGIC:
        if lead.startswith(magic):
            shown = lead[:4].decode("latin-1").encode("unicode_escape").decode("ascii")
            return f"not a PDF (starts with {shown}: {guess})"
    return "not a PDF (no %PDF- header in the first 1024 bytes)"


def open_pdf(path: Path) -> pymupdf.Document:
    """The document, open and readable, or DocumentError saying why not."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    reason = sniff_not_pdf(head)
    if reason:
        raise DocumentError(reason)
    doc = None
    try:
        if _utf8_name(path):
            doc = pymupdf.open(path, filetype="pdf")
        else:  # MuPDF cannot open names that are not UTF-8; hand it the bytes instead
            doc = pymupdf.open(stream=path.read_bytes(), filetype="pdf")
        if doc.needs_pass and not doc.authenticate(""):
            raise DocumentError("encrypted: password required")
        if doc.page_count == 0:  # counting pages walks the page tree, which can be broken too
            raise DocumentError("PDF has no pages")
    except DocumentError:
        doc.close()
        raise
    except Exception as exc:  # MuPDF raises several types for broken files
        if doc is not None:
            doc.close()
        detail = _short(exc).replace(str(path), "the file")
        if detail.startswith("Failed to open file"):
            detail = "no readable PDF structure"
        raise DocumentError(f"broken PDF: {detail}{_truncation(path)}") from exc
    return doc


@dataclass
class FileInfo:
    """What opening a file tells before any page is read."""
    page_count: int
    pages_to_read: int  # page_count bounded by max_pages
    metadata: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class PageRead:
    """One page as read: its text (OCR'd when it has no text layer), the figure regions located
    on it (not yet rendered), the PDF's words when it has a text layer, and what went wrong.
    `text` is None when the page itself could not be read."""
    index: int  # 0-based
    text: PageText | None
    regions: list[Region] = field(default_factory=list)
    words: list[tuple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fatal: bool = False  # the error leaves the rest of the document not worth trying


def file_info(doc: pymupdf.Document, path: Path, limits: Limits) -> FileInfo:
    problems: list[str] = []
    if getattr(doc, "is_repaired", False):
        problems.append(f"damaged file: MuPDF repaired its cross-reference table{_truncation(path)}")
    page_count = doc.page_count
    if page_count > limits.max_pages:
        problems.append(f"only the first {limits.max_pages} of {page_count} pages were read")
    return FileInfo(page_count, min(page_count, limits.max_pages), _metadata(doc, limits), problems)


def read_page(doc: pymupdf.Document, index: int, limits: Limits, ocr: bool = True,
              layout: LayoutFn | None = None) -> PageRead:
    """Text and figure regions of one page, keeping what works.

    On a scanned page the figures are located before OCR, on the page's pixels with the text
    lines found in them (`ocr.pixel_text`), so finding them never waits for Tesseract
    and does not depend on what it reads; OCR then serves captions, terms and front matter."""
    number = index + 1
    try:
        page = doc[index]
        if page.rotation:
            page.remove_rotation()  # so every coordinate is in the page as displayed
        textpage = page.get_textpage(flags=TEXT_FLAGS)
        page_text = read_page_text(page, number, limits, textpage, ocr=False)
    except Exception as exc:
        return PageRead(index, None, problems=[f"page {number} could not be read: {_short(exc)}"], fatal=_is_fatal(exc))
    read = PageRead(index, page_text)
    scanned = not page_text.has_text_layer and is_scanned(page)
    in_pixels = None
    try:
        if not scanned:
            read_page_ocr(page, page_text, limits, ocr, read.problems)
        located = page_text
        if scanned:
            in_pixels = pixel_text(page, limits)
            located = replace(page_text, lines=[TextLine(number, box, PIXEL_LINE_TEXT) for box in in_pixels.lines])
        regions, figure_problems = locate_figures(page, located, limits, layout=layout)
        read.problems.extend(figure_problems)
        read.regions = regions
        if regions and page_text.has_text_layer:
            read.words = page.get_text("words", textpage=textpage)
    except Exception as exc:  # a page whose drawings or images break keeps its text
        read.problems.append(f"page {number}: figures could not be read: {_short(exc)}")
        read.fatal = _is_fatal(exc)
    if scanned and not read.fatal:
        read_page_ocr(page, page_text, limits, ocr, read.problems, bool(in_pixels and in_pixels.square_script))
    return read


def read_page_ocr(page: pymupdf.Page, page_text: PageText, limits: Limits, ocr: bool, problems: list[str],
                  square_script: bool = False) -> None:
    """Give a page without a usable text layer Tesseract's lines; a page OCR should have read
    but did not (a limit) is a problem, so the file is partial."""
    if page_text.has_text_layer or not _worth_ocr(page, page_text.lines):
        return
    if not ocr:
        return  # the user turned OCR off: the page is read as it is, by choice
    if page_text.number > limits.max_ocr_pages:
        problems.append(f"page {page_text.number}: not read by OCR (max_ocr_pages = {limits.max_ocr_pages})")
        return
    try:
        ocr_lines = ocr_page_text(page, page_text.number, limits, square_script)
    except OcrTimeout:
        problems.append(f"page {page_text.number}: OCR gave up after {limits.ocr_seconds_per_page} s of processor time"
                        " (ocr_seconds_per_page); its text is missing")
        return
    if ocr_lines:
        page_text.lines = ocr_lines
        page_text.text = "\n".join(line.text for line in ocr_lines)
        page_text.ocr_used = True


def is_scanned(page: pymupdf.Page) -> bool:
    """A page that is mostly one picture, as figure finding judges it (scan_coverage in
    figscan/data/figures.toml)."""
    page_area = max(page.rect.width * page.rect.height, 1.0)
    return any(pymupdf.Rect(info["bbox"]).intersect(page.rect).get_area() >= FIGURES.regions.scan_coverage * page_area
               for info in page.get_image_info())


def read_document(path: Path, limits: Limits, ocr: bool = True) -> Document:
    """Read text and figures of every page (up to `limits.max_pages`), keeping what works.

    With `ocr`, pages without a usable text layer are read by Tesseract.
    """
    doc = open_pdf(path)
    try:
        info = file_info(doc, path, limits)
        problems = list(info.problems)
        pages: list[PageText] = []
        found: dict[int, tuple[list[Region], list[tuple]]] = {}  # page index -> regions, words
        layout = LayoutBudget(limits.max_layout_pages)
        for index in range(info.pages_to_read):
            read = read_page(doc, index, limits, ocr, layout)
            problems.extend(read.problems)
            if read.text is not None:
                pages.append(read.text)
                if read.regions:
                    found[index] = (read.regions, read.words)
            if read.fatal:
                break
        figures = _render_found(doc, pages, found, limits, problems)
        if pages and len(pages) < info.pages_to_read:
            problems.append(f"{len(pages)} of {info.page_count} pages read")
        if not pages:
            raise DocumentError(f"no page could be read ({'; '.join(problems[:3])})")
        return Document(page_count=info.page_count, pages=pages, figures=figures,
                        metadata=info.metadata, problems=problems)
    finally:
        doc.close()


def _render_found(doc: pymupdf.Document, pages: list[PageText], found: dict[int, tuple[list[Region], list[tuple]]],
                  limits: Limits, problems: list[str]) -> list[FigureImage]:
    """Once every page is located: mark the decorations, group each page's panels, then
    render each figure once."""
    texts = {p.number: p for p in pages}
    mark_decorations({index + 1: regions for index, (regions, _) in found.items()},
                     {p.number: (p.width, p.height) for p in pages})
    cache: dict = {}
    figures: list[FigureImage] = []
    for index, (regions, words) in sorted(found.items()):
        try:
            page = doc[index]
            if page.rotation:  # read by another worker, or a run before: this document still has it
                page.remove_rotation()
            page_text = texts[index + 1]
            regions = assemble_figures(regions, page_text.lines, limits)
            figures.extend(render_figures(page, page_text, regions, words, limits, cache))
        except Exception as exc:
            problems.append(f"page {index + 1}: figures could not be read: {_short(exc)}")
            if _is_fatal(exc):
                break
    return figures


def layout_without_grids(page: pymupdf.Page) -> list | None:
    """What `page.get_layout()` stores in `page.layout_information` (boxes with their classes),
    without the step that then reads each table's rows and columns: figscan uses the boxes only,
    which that step does not change, and it cost about a quarter of the model's time on a page
    with a table (12 tune pages that ask the model: the same boxes on every page, 16.4 s against
    18.8 s). Falls back to `get_layout` when this version of pymupdf-layout hides its model."""
    model = _layout_model()
    if model is None:
        page.get_layout()
        return page.layout_information
    return model.predict(page)


@cache
def _layout_model():
    """A copy of the model pymupdf.layout activated (the one `pymupdf._get_layout` calls), sharing
    its ONNX sessions, without the table-grid reader; None if it cannot be found."""
    for cell in getattr(getattr(pymupdf, "_get_layout", None), "__closure__", None) or ():
        model = getattr(cell.cell_contents, "_model", None)
        if hasattr(model, "table_grid_extractor") and hasattr(model, "predict"):
            model = copy.copy(model)
            model.table_grid_extractor = None
            return model
    return None


class LayoutBudget:
    """PyMuPDF's layout model, asked about at most `pages` pages of a file (about 0.2 to 0.5 s a
    page on one core): only where figure finding's cheap signals disagree."""

    def __init__(self, pages: int, ask: Callable[[pymupdf.Page], list | None] = layout_without_grids):
        self.pages_left = pages
        self.asked: list[int] = []
        self.seconds = 0.0
        self.ask = ask

    def __call__(self, page: pymupdf.Page) -> list[tuple[tuple[float, float, float, float], str]]:
        if page.layout_information is None:
            if self.pages_left <= 0:
                return []
            self.pages_left -= 1
            self.asked.append(page.number + 1)
            started = time.perf_counter()
            try:
                page.layout_information = self.ask(page)
            except Exception:  # the model is optional: no answer, cheap signals decide
                page.layout_information = []
            self.seconds += time.perf_counter() - started
        return [(tuple(box[:4]), str(box[4])) for box in page.layout_information or [] if len(box) >= 5]


def read_page_text(page: pymupdf.Page, number: int, limits: Limits,
                   textpage: pymupdf.TextPage | None = None, ocr: bool = True) -> PageText:
    """Text in reading order, with line typography; OCR when the page has no text layer."""
    data = page.get_text("dict", sort=True, flags=TEXT_FLAGS, textpage=textpage)
    if any(_UNSPACED_FULLWIDTH.search(s["text"]) for b in data.get("blocks", []) for l in b.get("lines", [])
           for s in l.get("spans", [])):
        data = _with_fullwidth_spaces(page.get_text("rawdict", sort=True, flags=TEXT_FLAGS, textpage=textpage))
    lines: list[TextLine] = []
    budget = limits.max_text_chars_per_page
    for block in data.get("blocks", []):
        for line in block.get("lines", []):
            spans = [s for s in line.get("spans", []) if s.get("text", "").strip()]
            if not spans:
                continue
            text = "".join(s["text"] for s in line["spans"]).strip()[:budget]
            budget -= len(text)
            size = max(s.get("size", 0.0) for s in spans)
            bold = any(s.get("flags", 0) & BOLD_FLAG or "bold" in s.get("font", "").lower() for s in spans)
            lines.append(TextLine(page=number, bbox=tuple(round(v, 2) for v in line["bbox"]),
                                  text=text, size=round(size, 2), bold=bold))
            if budget <= 0:
                break
    rect = page.rect
    page_text = PageText(number=number, width=rect.width, height=rect.height,
                         text="\n".join(l.text for l in lines), lines=lines,
                         has_text_layer=_has_usable_text(lines))
    if ocr:
        read_page_ocr(page, page_text, limits, ocr, [])
    return page_text


# A Chinese journal's English block set in full-width Latin letters ("Ｒｅｖｉｅｗｏｎ...") whose
# text layer holds no spaces: the words are told apart by where each glyph starts
_UNSPACED_FULLWIDTH = re.compile("[\uff21-\uff3a\uff41-\uff5a]{12}")
FULLWIDTH_SPACE_GAP = 0.12  # font sizes: advance beyond the letter's own width that is a space (a space is 0.25)


@cache
def _proportional_font() -> pymupdf.Font:
    return pymupdf.Font("tiro")  # Times: the widths the full-width forms stand in for


def _with_fullwidth_spaces(raw: dict) -> dict:
    """A rawdict page with each span's "text" rebuilt from its glyphs, and a space put back where
    a full-width Latin glyph advances more than FULLWIDTH_SPACE_GAP of the size beyond its
    proportional (Times) width: before a letter or a digit, never inside a number
    ("２０９６－２３０４"), and after punctuation only before a capital ("nuc．edu" stays one word,
    "avoidance．It" is two)."""
    font = _proportional_font()
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            for span in line.get("spans", []):
                chars, size = span.get("chars", []), max(span.get("size", 0.0), 1.0)
                text = []
                for previous, char in zip([None, *chars], chars):
                    plain = unicodedata.normalize("NFKC", previous["c"]) if previous else ""
                    following = unicodedata.normalize("NFKC", char["c"])[:1]
                    if (len(plain) == 1 and plain.isascii() and plain != previous["c"] and following.isalnum()
                            and not (plain.isdigit() and following.isdigit())
                            and (plain.isalnum() or following.isupper())
                            and char["origin"][0] - previous["origin"][0] - font.glyph_advance(ord(plain)) * size
                            > FULLWIDTH_SPACE_GAP * size):
                        text.append(" ")
                    text.append(char["c"])
                span["text"] = "".join(text)
    return raw


def _has_usable_text(lines: list[TextLine]) -> bool:
    """A text layer counts when it has words and little font garbage: lines that carry control,
    private-use or replacement characters (what fonts without a Unicode map extract as) must
    hold under a fifth of the text. Dot leaders and punctuation are neutral (tables of contents)."""
    total = alphanumeric = garbage = 0
    for line in lines:
        chars = [c for c in line.text if not c.isspace()]
        junk = sum(unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs") or c == "\ufffd" for c in chars)
        total += len(chars)
        alphanumeric += sum(c.isalnum() for c in chars)
        if chars and junk / len(chars) > 0.05:
            garbage += len(chars)
    return alphanumeric >= 20 and garbage < 0.2 * total


def _worth_ocr(page: pymupdf.Page, lines: list[TextLine]) -> bool:
    """OCR pages that show a large image (a scan) or carry unreadable text; skip blank pages."""
    if lines:
        return True
    page_area = max(page.rect.width * page.rect.height, 1.0)
    image_area = sum(pymupdf.Rect(i["bbox"]).intersect(page.rect).get_area() for i in page.get_image_info())
    return image_area >= 0.3 * page_area


def _metadata(doc: pymupdf.Document, limits: Limits) -> dict[str, str]:
    meta = doc.metadata or {}
    return {k: str(v)[: limits.max_metadata_chars] for k, v in meta.items()
            if v and k in ("title", "author", "subject", "keywords", "creator", "producer",
                           "creationDate", "modDate")}


def _truncation(path: Path) -> str:
    """', truncated at byte N' when the file does not end with %%EOF (where a PDF ends)."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        handle.seek(max(0, size - 1024))
        tail = handle.read()
    return "" if b"%%EOF" in tail else f"; truncated at byte {size:,} (no %%EOF at the end)"


def _utf8_name(path: Path) -> bool:
    try:
        os.fsencode(path).decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _is_fatal(exc: Exception) -> bool:
    """After these errors the rest of the document is not worth trying."""
    return isinstance(exc, (MemoryError, RecursionError))


def _short(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
