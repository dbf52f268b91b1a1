"""One PDF -> PaperResult plus its figure images: the task that executors run.

`scan_file` never raises: whatever goes wrong becomes a status and a reason on the result, so
one hostile PDF cannot stop the batch. Stages run in one direction: extract, analyse, score;
storing and reporting happen in the calling process (figscan.runner).
"""
from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field

import cv2
import numpy as np

from figscan import __version__
from figscan.analyse.entities import match_entities
from figscan.analyse.shapes import analyse_figure, draw_overlay
from figscan.analyse.terms import find_terms
from figscan.config import Config
from figscan.discover import InputFile
from figscan.extract.dates import paper_date
from figscan.extract.document import DocumentError, read_document
from figscan.extract.frontmatter import parse_front_matter
from figscan.model import FigureImage, PaperResult, ShapeFinding, scrub_text
from figscan.score import score_paper

log = logging.getLogger(__name__)
ASSET_MAX_SIDE_PX = 800  # figure images in the report: enough to read a drawing's labels


@dataclass
class ScanOutput:
    """A worker's answer: the result and the image files it made, written by the caller."""
    result: PaperResult
    assets: dict[str, bytes] = field(default_factory=dict)
    worker_peak_rss_mb: float = 0.0  # the worker process's high-water mark so far (local pool)


def scan_file(item: InputFile, config: Config) -> ScanOutput:
    started = time.perf_counter()
    result = PaperResult(path=item.relative, status="ok", sha256=item.sha256, size=item.size,
                         figscan_version=__version__, config_hash=config.hash())
    output = ScanOutput(result)
    try:
        if item.error:
            raise DocumentError(item.error)
        document = read_document(item.path, config.limits, ocr=config.ocr)
        analyse_document(document, result, output.assets)
        result.score = score_paper(result)
    except DocumentError as exc:
        result.status, result.error = "error", str(exc)
    except MemoryError:
        result.status, result.error = "error", "out of memory while reading this PDF (memory guard)"
    except Exception as exc:  # a bug or a MuPDF failure we did not foresee: keep the batch going
        log.debug("unexpected failure on %s\n%s", item.relative, traceback.format_exc())
        result.status, result.error = "error", f"unexpected error: {type(exc).__name__}: {str(exc)[:200]}"
    result.seconds = round(time.perf_counter() - started, 3)
    scrub_text(result)
    return output


def analyse_document(document, result: PaperResult, assets: dict[str, bytes]) -> None:
    result.page_count = document.page_count
    result.pages_read = len(document.pages)
    result.pages_without_text = [p.number for p in document.pages if not p.has_text_layer]
    result.pages_ocr = [p.number for p in document.pages if p.ocr_used]
    result.metadata = document.metadata
    result.problems = document.problems
    if document.problems:
        result.status, result.error = "partial", "; ".join(document.problems[:3])
    front = parse_front_matter(document.pages, document.metadata)
    result.title = front.title
    result.authors, result.affiliations, result.funding = front.authors, front.affiliations, front.funding
    result.terms = find_terms(document.pages)
    dated = paper_date(document.metadata, document.pages[0].text if document.pages else "")
    result.paper_date, result.paper_date_source = (dated.date, dated.source) if dated else ("", "")
    result.entities = match_entities(front, document.pages, paper_date=result.paper_date)
    prefix = result.sha256[:16]
    decoration_images: dict[int, str] = {}  # one image file per distinct decoration (shared pixels)
    for figure_image in document.figures:
        figure = figure_image.figure
        if figure.decoration:  # a logo or header repeated on many pages: listed, never analysed
            key = id(figure_image.pixels)
            if key not in decoration_images:
                decoration_images[key] = f"{prefix}-{figure.id}.jpg"
                assets[decoration_images[key]] = encode_image(figure_image.pixels, ".jpg")
            figure.image = decoration_images[key]
            result.figures.append(figure)
            continue
        finding = analyse_figure(figure_image.pixels, figure_image.words, figure.caption)
        figure.image = f"{prefix}-{figure.id}.jpg"
        assets[figure.image] = encode_image(figure_image.pixels, ".jpg")
        if finding.flag:
            finding.overlay = f"{prefix}-{figure.id}-overlay.png"
            assets[finding.overlay] = encode_image(draw_overlay(figure_image.pixels, finding), ".png")
        figure.shape = finding_in_page_points(finding, figure_image)
        result.figures.append(figure)


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

