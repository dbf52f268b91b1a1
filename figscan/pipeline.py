"""One PDF -> PaperResult plus its figure images, in steps that executors run as tasks.

A file is read in three kinds of task, so that its work is kept page by page and the pages of
a long file can be shared among workers (figscan.schedule decides what runs when):

1. `open_file`: page count, metadata, problems of the file as a whole;
2. `read_page_work`, once per page: text (OCR on scans), figure regions; on a scanned page the
   figures are rendered and analysed at once (a scan region is never page furniture), on other
   pages they wait for step 3, which needs every page to tell a repeated logo from a figure;
3. `finish_file`: decorations marked across pages, the remaining figures rendered and analysed,
   front matter, terms, watch lists and score, from the pages read. Pages not read (a time
   limit, a worker that died) are named in the result, which is then `partial`.

`scan_file` runs the three in one process, in order. None of them raises: whatever goes wrong
becomes a status and a reason, so one hostile PDF cannot stop the batch. Pages within a block
of `PAGE_BLOCK` share the layout model's budget (`Limits.max_layout_pages`), so each block is
read the same way whichever worker reads it, and results do not depend on how many there are.
"""
from __future__ import annotations

import copy
import functools
import logging
import resource
import time
import traceback
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pymupdf

from figscan import __version__
from figscan.analyse.entities import match_entities
from figscan.analyse.shapes import analyse_figure, draw_overlay
from figscan.analyse.terms import find_terms
from figscan.config import Config
from figscan.discover import InputFile
from figscan.extract.dates import paper_date
from figscan.extract.document import (
    DocumentError,
    FileInfo,
    LayoutBudget,
    _render_found,
    _short,
    file_info,
    open_pdf,
    read_page,
)
from figscan.extract.figures import Region, assemble_figures, render_figures
from figscan.extract.frontmatter import parse_front_matter
from figscan.model import (
    Figure,
    FigureImage,
    FrontMatter,
    PageText,
    PaperResult,
    ShapeFinding,
    TextLine,
    _figure_from_dict,
    scrub_text,
)
from figscan.score import score_paper

log = logging.getLogger(__name__)
ASSET_MAX_SIDE_PX = 800  # figure images in the report: enough to read a drawing's labels
PAGE_BLOCK = 16  # pages that share one layout-model budget; a paper of up to 16 pages is one block


@dataclass
class ScanOutput:
    """A worker's answer: the result and the image files it made, written by the caller."""
    result: PaperResult
    assets: dict[str, bytes] = field(default_factory=dict)
    worker_peak_rss_mb: float = 0.0  # the worker process's high-water mark so far (local pool)


@dataclass
class FileOpened:
    """What `open_file` answers: the file's facts, or why it cannot be read at all."""
    info: FileInfo | None
    error: str = ""


@dataclass
class PageWork:
    """One page's share of a file's work: what a worker returns and the store checkpoints."""
    index: int  # 0-based
    text: PageText | None  # None: the page could not be read (problems say why)
    problems: list[str] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)  # located, rendered when the file is finished
    words: list[tuple] = field(default_factory=list)  # the PDF's words, for those regions
    figures: list[Figure] = field(default_factory=list)  # scanned pages: rendered and analysed already
    layout_pages_left: int = 0  # the block's layout budget after this page
    fatal: bool = False  # the rest of the document is not worth trying
    cpu_seconds: float = 0.0  # the worker's and its Tesseract runs' processor time on this page
    assets: dict[str, bytes] = field(default_factory=dict)  # the figures' images; never checkpointed

    def to_json(self) -> dict[str, Any]:
        """The page as `dataclasses.asdict` gives it (tuples as lists), without the images.
        Built by `_plain`: asdict's deep copies made it 5.0 ms a page against 2.1 ms (JSON text included)."""
        return {name: _plain(getattr(self, name)) for name in _field_names(PageWork) if name != "assets"}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageWork:
        data = dict(data)
        if data["text"] is not None:
            text = dict(data["text"])
            text["lines"] = [TextLine(**{**line, "bbox": tuple(line["bbox"])}) for line in text["lines"]]
            data["text"] = PageText(**text)
        data["regions"] = [Region(**{**r, "bbox": tuple(r["bbox"]), "panels": [tuple(p) for p in r["panels"]],
                                     "caption_bbox": tuple(r["caption_bbox"]) if r["caption_bbox"] else None,
                                     "signature": _tuples(r["signature"])}) for r in data["regions"]]
        data["words"] = [tuple(w) for w in data["words"]]
        data["figures"] = [_figure_from_dict(f) for f in data["figures"]]
        return cls(**data)


_ATOMS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """JSON-ready lists and dicts from dataclasses, lists, tuples and dicts: the values asdict
    gives, as lists where it gives tuples (JSON writes both the same), nothing copied twice."""
    if isinstance(value, _ATOMS):
        return value
    if isinstance(value, (list, tuple)):
        return [v if isinstance(v, _ATOMS) else _plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    return copy.deepcopy(value)  # what asdict does with any other value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _tuples(value: Any) -> Any:
    """JSON's lists back to the tuples a region's signature is compared as."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


class _OpenDocument:
    """The one PDF a worker process has open, kept between its tasks on the same file."""
    key: tuple = ()
    doc: pymupdf.Document | None = None

    @classmethod
    def get(cls, item: InputFile) -> pymupdf.Document:
        key = (str(item.path), item.sha256)
        if cls.key != key or cls.doc is None:
            cls.close()
            cls.doc = open_pdf(Path(item.path))
            cls.key = key
        return cls.doc

    @classmethod
    def close(cls) -> None:
        if cls.doc is not None:
            cls.doc.close()
        cls.doc, cls.key = None, ()


def open_file(item: InputFile, config: Config) -> FileOpened:
    try:
        if item.error:
            raise DocumentError(item.error)
        return FileOpened(file_info(_OpenDocument.get(item), Path(item.path), config.limits))
    except DocumentError as exc:
        return FileOpened(None, str(exc))
    except MemoryError:
        return FileOpened(None, "out of memory while reading this PDF (memory guard)")
    except Exception as exc:
        return FileOpened(None, _unexpected(item, exc))


def read_page_work(item: InputFile, config: Config, index: int, layout_pages_left: int) -> PageWork:
    """One page read, and on a scanned page its figures analysed; `layout_pages_left` is the
    block's layout budget before this page."""
    layout = LayoutBudget(layout_pages_left)
    cpu_started = cpu_seconds()
    try:
        doc = _OpenDocument.get(item)
        read = read_page(doc, index, config.limits, config.ocr, layout)
        work = PageWork(index, read.text, read.problems, read.regions, read.words, fatal=read.fatal)
        if read.text is not None and read.regions and all(r.kind == "scan" for r in read.regions):
            regions = assemble_figures(read.regions, read.text.lines, config.limits)
            images = render_figures(doc[index], read.text, regions, [], config.limits)
            work.figures = analyse_figures(images, item.sha256 or "", work.assets)
            work.regions = []
    except MemoryError:
        work = PageWork(index, None, [f"page {index + 1}: out of memory while reading it (memory guard)"], fatal=True)
    except Exception as exc:
        work = PageWork(index, None, [f"page {index + 1} could not be read: {_short(exc)}"])
    work.layout_pages_left = layout.pages_left
    work.cpu_seconds = round(cpu_seconds() - cpu_started, 3)
    scrub_text(work.text)
    scrub_text(work.problems)
    return work


def finish_file(item: InputFile, config: Config, info: FileInfo, pages: list[PageWork],
                unread: dict[int, str], stopped: str = "") -> ScanOutput:
    """The file's result from the pages read: `unread` names each page left unread and why
    (the reason becomes a problem), `stopped` is the limit that ended the reading early."""
    result = PaperResult(path=item.relative, status="ok", sha256=item.sha256, size=item.size,
                         figscan_version=__version__, config_hash=config.hash())
    output = ScanOutput(result)
    try:
        pages = sorted(pages, key=lambda p: p.index)
        texts = [p.text for p in pages if p.text is not None]
        problems = list(info.problems) + [problem for p in pages for problem in p.problems]
        problems += unread_problems(unread)
        if not texts:
            raise DocumentError(f"no page could be read ({'; '.join(problems[:3])})")
        doc = _OpenDocument.get(item)
        deferred = {p.index: (p.regions, p.words) for p in pages if p.text is not None and p.regions}
        rendered = _render_found(doc, texts, deferred, config.limits, problems)
        figures = [f for p in pages for f in p.figures] + analyse_figures(rendered, item.sha256 or "", output.assets)
        result.figures = sorted(figures, key=lambda f: (f.page, int(f.id.rsplit("f", 1)[1])))
        read = {p.index for p in pages if p.text is not None}
        read_to = next((i for i in range(info.pages_to_read) if i not in read), info.pages_to_read)
        if len(texts) < info.pages_to_read and not unread:
            problems.append(f"{len(texts)} of {info.page_count} pages read")
        describe(result, info, texts, problems)
        result.pages_unread = [i + 1 for i in range(info.pages_to_read) if i not in read]
        if stopped:
            result.stopped = stopped
            result.status, result.error = "partial", f"stopped after page {read_to} of {info.page_count}: {stopped}"
        read_front_matter(result, texts, info.metadata)
        result.score = score_paper(result)
    except DocumentError as exc:
        result.status, result.error = "error", str(exc)
    except MemoryError:
        result.status, result.error = "error", "out of memory while reading this PDF (memory guard)"
    except Exception as exc:  # a bug or a MuPDF failure we did not foresee: keep the batch going
        result.status, result.error = "error", _unexpected(item, exc)
    scrub_text(result)
    return output


def unread_problems(unread: dict[int, str]) -> list[str]:
    """"pages 51-120 not read: time limit": one problem per run of pages left for one reason."""
    problems: list[str] = []
    runs: list[list] = []  # [first, last, reason], 0-based pages
    for index in sorted(unread):
        if runs and runs[-1][1] == index - 1 and runs[-1][2] == unread[index]:
            runs[-1][1] = index
        else:
            runs.append([index, index, unread[index]])
    for first, last, reason in runs:
        pages = f"page {first + 1}" if first == last else f"pages {first + 1}-{last + 1}"
        problems.append(f"{pages} not read: {reason}")
    return problems


def scan_file(item: InputFile, config: Config) -> ScanOutput:
    """The three steps in one process, page after page: what one worker does with one file."""
    started = time.perf_counter()
    try:
        opened = open_file(item, config)
        if opened.info is None:
            output = ScanOutput(PaperResult(path=item.relative, status="error", sha256=item.sha256, size=item.size,
                                            error=opened.error, figscan_version=__version__,
                                            config_hash=config.hash()))
        else:
            pages, assets = [], {}
            for block in range(0, opened.info.pages_to_read, PAGE_BLOCK):
                layout_left = config.limits.max_layout_pages
                for index in range(block, min(block + PAGE_BLOCK, opened.info.pages_to_read)):
                    work = read_page_work(item, config, index, layout_left)
                    layout_left = work.layout_pages_left
                    assets.update(work.assets)
                    pages.append(work)
                    if work.fatal:
                        break
                if pages and pages[-1].fatal:
                    break
            output = finish_file(item, config, opened.info, pages, {})
            output.assets.update(assets)
    finally:
        _OpenDocument.close()
    output.result.seconds = round(time.perf_counter() - started, 3)
    return output


def describe(result: PaperResult, info: FileInfo, texts: list[PageText], problems: list[str]) -> None:
    result.page_count = info.page_count
    result.pages_read = len(texts)
    result.pages_without_text = [p.number for p in texts if not p.has_text_layer]
    result.pages_ocr = [p.number for p in texts if p.ocr_used]
    result.metadata = info.metadata
    result.problems = problems
    if problems:
        result.status, result.error = "partial", "; ".join(problems[:3])


def read_front_matter(result: PaperResult, texts: list[PageText], metadata: dict[str, str]) -> None:
    """Title, people, funding and watch-list matches. A parser failure on a layout nobody foresaw
    costs the paper its front matter only: figures, terms and mentions in the text still count."""
    try:
        front = parse_front_matter(texts, metadata)
    except Exception as exc:
        log.debug("front matter failed on %s\n%s", result.path, traceback.format_exc())
        front = FrontMatter()
        result.problems.append(f"front matter not read (parser error {type(exc).__name__}: {str(exc)[:200]})")
        if result.status == "ok":
            result.status, result.error = "partial", result.problems[-1]
    result.title = front.title
    result.authors, result.affiliations, result.funding = front.authors, front.affiliations, front.funding
    result.terms = find_terms(texts)
    dated = paper_date(metadata, texts[0].text if texts else "")
    result.paper_date, result.paper_date_source = (dated.date, dated.source) if dated else ("", "")
    result.entities = match_entities(front, texts, paper_date=result.paper_date)


def analyse_figures(images: list[FigureImage], sha256: str, assets: dict[str, bytes]) -> list[Figure]:
    """Each figure analysed for shapes, its image (and overlay when flagged) put in `assets`;
    decorations are listed with one image per distinct picture, never analysed."""
    prefix = sha256[:16]
    figures = []
    decoration_images: dict[int, str] = {}  # one image file per distinct decoration (shared pixels)
    for figure_image in images:
        figure = figure_image.figure
        if figure.decoration:  # a logo or header repeated on many pages: listed, never analysed
            key = id(figure_image.pixels)
            if key not in decoration_images:
                decoration_images[key] = f"{prefix}-{figure.id}.jpg"
                assets[decoration_images[key]] = encode_image(figure_image.pixels, ".jpg")
            figure.image = decoration_images[key]
            figures.append(figure)
            continue
        finding = analyse_figure(figure_image.pixels, figure_image.words, figure.caption)
        figure.image = f"{prefix}-{figure.id}.jpg"
        assets[figure.image] = encode_image(figure_image.pixels, ".jpg")
        if finding.flag:
            finding.overlay = f"{prefix}-{figure.id}-overlay.png"
            assets[finding.overlay] = encode_image(draw_overlay(figure_image.pixels, finding), ".png")
        figure.shape = finding_in_page_points(finding, figure_image)
        figures.append(figure)
    return figures


def cpu_seconds() -> float:
    """Processor time of this process and of its finished children (Tesseract runs): what a
    page costs whatever else the machine is doing."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _unexpected(item: InputFile, exc: Exception) -> str:
    log.debug("unexpected failure on %s\n%s", item.relative, traceback.format_exc())
    return f"unexpected error: {type(exc).__name__}: {str(exc)[:200]}"


def finding_in_page_points(finding: ShapeFinding, figure_image: FigureImage) -> ShapeFinding:
    """The detector works in figure pixels; the results speak page points."""
    x0, y0 = figure_image.figure.bbox[:2]
    scale = figure_image.scale

    def point(x: float, y: float) -> tuple[float, float]:
        return (round(x0 + x / scale, 2), round(y0 + y / scale, 2))

    def box(b: tuple) -> tuple:
        return point(*b[:2]) + point(*b[2:])

    if finding.bbox:
        finding.bbox = box(finding.bbox)
    if finding.twin:
        finding.twin = box(finding.twin)
    finding.bodies = [box(b) for b in finding.bodies]
    if finding.axis:
        finding.axis = (point(*finding.axis[0]), point(*finding.axis[1]))
    return finding


def encode_image(pixels: np.ndarray, extension: str) -> bytes:
    """A bounded-size image for the report: JPEG for every figure (ten times faster to write
    than PNG, half the size), lossless PNG for the overlays a reviewer checks a flag on."""
    height, width = pixels.shape[:2]
    if max(height, width) > ASSET_MAX_SIDE_PX:
        factor = ASSET_MAX_SIDE_PX / max(height, width)
        pixels = cv2.resize(pixels, (max(1, int(width * factor)), max(1, int(height * factor))),
                            interpolation=cv2.INTER_AREA)
    params = [cv2.IMWRITE_JPEG_QUALITY, 90] if extension == ".jpg" else [cv2.IMWRITE_PNG_COMPRESSION, 1]
    ok, data = cv2.imencode(extension, cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR), params)
    return data.tobytes() if ok else b""

