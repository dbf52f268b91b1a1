"""Typed records that flow one way: extract -> analyse -> score -> store -> report.

Everything serialisable is a plain dataclass so `asdict` gives the results.jsonl contract;
pixel arrays live only in the in-memory extraction records (`FigureImage`) and never reach
the store or the report.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any, Literal, Optional

import numpy as np

BBox = tuple[float, float, float, float]
"""x0, y0, x1, y1 in PDF points, origin top-left, y down, rotation applied (what a renderer shows)."""

Point = tuple[float, float]

Status = Literal["ok", "partial", "error"]
Level = Literal["high", "medium", "low", "none"]


# --- extract --------------------------------------------------------------------------------

@dataclass
class TextLine:
    """One line of text with the typography that front-matter parsing needs."""
    page: int
    bbox: BBox
    text: str
    size: float = 0.0
    bold: bool = False


@dataclass
class Word:
    """A word in figure-image pixels (from the PDF text layer or OCR)."""
    text: str
    bbox: BBox


@dataclass
class PageText:
    number: int  # 1-based
    width: float
    height: float
    text: str
    lines: list[TextLine] = field(default_factory=list)
    has_text_layer: bool = True
    ocr_used: bool = False


@dataclass
class FigureImage:
    """A figure as extracted: its record, its pixels and the words inside it (image pixels)."""
    figure: "Figure"
    pixels: np.ndarray  # H x W x 3 uint8 RGB
    words: list[Word] = field(default_factory=list)

    @property
    def scale(self) -> float:
        """Pixels per PDF point."""
        x0, _, x1, _ = self.figure.bbox
        return self.pixels.shape[1] / max(x1 - x0, 1e-6)


@dataclass
class Document:
    """Everything extraction read from one PDF; `problems` explains what it could not read."""
    page_count: int
    pages: list[PageText]
    figures: list[FigureImage]
    metadata: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


# --- analyse --------------------------------------------------------------------------------

@dataclass
class Cue:
    """A named measurement behind a shape decision, e.g. elongation 6.2 (fired: > 3)."""
    name: str
    value: float
    fired: bool
    detail: str = ""


@dataclass
class ShapeExample:
    """A labelled training figure the recogniser finds alike ("looks like these"): where it comes
    from, so a reviewer can open it; no image of it is shipped."""
    id: str  # in training/shapes_real/manifest_*.tsv
    label: int  # 1 = shows a missile-like body
    style: str
    similarity: float  # cosine in the recogniser's index space
    source: str  # repository URL at the commit, with the page for PDFs


@dataclass
class ShapeFinding:
    """The detector's verdict on one figure, with the evidence a reviewer needs to check it."""
    score: float
    flag: bool
    bbox: Optional[BBox] = None  # the shape, in page points
    axis: Optional[tuple[Point, Point]] = None  # nose end first, page points
    cues: list[Cue] = field(default_factory=list)
    rejected: Optional[str] = None  # why the figure was ruled out early (chart, table, ...)
    overlay: Optional[str] = None  # file name of the overlay PNG under OUT/figures/
    twin: Optional[BBox] = None  # a second body of the same size that the score counts, page points
    bodies: list[BBox] = field(default_factory=list)  # every separate body scoring shape_min or more, best first, page points
    examples: list[ShapeExample] = field(default_factory=list)  # nearest labelled training figures


FigureRole = Literal["figure", "decoration"]


@dataclass
class Figure:
    id: str  # "p3-f2"
    page: int
    bbox: BBox
    kind: Literal["raster", "vector", "scan"]
    caption: str = ""
    image: Optional[str] = None  # file name of the image under OUT/figures/
    width_px: int = 0
    height_px: int = 0
    shape: Optional[ShapeFinding] = None
    role: FigureRole = "figure"  # "decoration": a logo, header or watermark repeated on many pages
    panels: list[BBox] = field(default_factory=list)  # subfigures (a), (b)... when it has several

    @property
    def decoration(self) -> bool:
        """Repeated page furniture: counted and listed, but neither analysed nor in the gallery."""
        return self.role == "decoration"


@dataclass
class TermHit:
    """A taxonomy term on one page: its first occurrence there in context, and how often."""
    category: str
    term: str  # as listed in the taxonomy
    page: int
    snippet: str
    count: int = 1  # occurrences of the term on this page
    matched: str = ""  # the first occurrence as printed ("re-entry vehicles"), found in `snippet`


@dataclass
class EntityMatch:
    """An institution or funder found in the paper that is on a watch list."""
    name: str  # canonical name on the list
    matched: str  # the text that matched
    list_name: str  # e.g. "US Entity List"
    source: str  # URL or citation of the list
    category: str  # e.g. "entity-list", "defence-university", "government-funder"
    where: str  # "affiliation", "funding", "text"
    page: int = 0
    weight: float = 0.0
    list_date: str = ""  # when the entity was listed: "2020-12-18", "2019-11", "by 2017-12" (no later than)
    country: str = ""  # ISO 3166-1 alpha-2 of the listed organisation
    similarity: float = 100.0  # rapidfuzz score of `matched` against the listed name (100: exact)
    alias: str = ""  # the listed name or alias that matched
    affiliations: list[int] = field(default_factory=list)  # where == "affiliation": indexes into PaperResult.affiliations
    citation: str = ""  # the listing's primary citation ("80 FR 8527", "UNSC res. 2270 (2016)", a list PDF)
    checked: str = ""  # the day the list row was last checked against that evidence (YYYY-MM-DD)
    rating: str = ""  # the ASPI tracker's risk rating ("very high" ... "low"), where the list rates
    parent: str = ""  # the listed parent's name when a subordinate listed on its own matched ("part of ...")
    # whether the entity was listed before the paper's date (PaperResult.paper_date); None: the dates
    # overlap (same month or year), the paper has no date, or the row is not a listing (funders)
    listed_before_paper: Optional[bool] = None


@dataclass
class Affiliation:
    """One affiliation as printed, and the parts read from it."""
    text: str
    country: Optional[str] = None  # ISO 3166-1 alpha-2
    institution: str = ""  # the top-level organisation ("Dalian University of Technology")
    city: str = ""
    emails: list[str] = field(default_factory=list)  # addresses printed with the affiliation
    marker: str = ""  # the superscript or footnote mark that links authors to it ("a", "2", "*")
    page: int = 0  # 1-based page it is printed on (0: unknown)
    ror: str = ""  # Research Organization Registry id of the institution ("00v0z9322"), when known
    unit: str = ""  # the department, school or laboratory named before the institution
    postcode: str = ""  # of the address ("410073", "M13 9PL")


@dataclass
class Author:
    name: str
    affiliations: list[int] = field(default_factory=list)  # indexes into PaperResult.affiliations
    email: str = ""


@dataclass
class FunderGrants:
    """One funder of a funding statement: its Crossref Funder Registry entry when data/funders.tsv
    knows it (so that "NSFC" and "National Natural Science Foundation of China" are one funder), and
    the grant numbers the text gives it ("NSFC (Grant No. 61703416)", "grant 1234 from the DFG")."""
    name: str  # as printed, one of Funding.funders
    registry_name: str = ""  # data/funders.tsv name (Funder Registry / ROR); "" when the funder is not listed
    registry_id: str = ""  # Crossref Funder Registry DOI ("10.13039/501100001809"); "" when the row has none
    grants: list[str] = field(default_factory=list)  # of Funding.grants, those the text links to this funder


@dataclass
class Funding:
    text: str
    funders: list[str] = field(default_factory=list)
    grants: list[str] = field(default_factory=list)
    page: int = 0
    by_funder: list[FunderGrants] = field(default_factory=list)  # one per funder, in Funding.funders order


@dataclass
class FrontMatter:
    title: str = ""
    authors: list[Author] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)  # every address in the header and page-1 notes


# --- score ----------------------------------------------------------------------------------

@dataclass
class ScoreReason:
    points: float
    reason: str  # "3 flagged figures", "affiliation on US Entity List"
    evidence: str = ""  # what exactly: figure ids, matched text, page numbers


@dataclass
class PaperScore:
    total: float
    level: Level
    reasons: list[ScoreReason] = field(default_factory=list)


# --- the record stored and reported per input file ------------------------------------------

@dataclass
class PaperResult:
    path: str  # relative to the scanned folder
    status: Status
    sha256: Optional[str] = None
    size: int = 0
    error: Optional[str] = None  # for "error" and "partial": a reason a reviewer understands
    problems: list[str] = field(default_factory=list)
    page_count: int = 0
    pages_read: int = 0
    pages_without_text: list[int] = field(default_factory=list)  # no usable text layer
    pages_ocr: list[int] = field(default_factory=list)  # of those, the pages Tesseract read
    pages_unread: list[int] = field(default_factory=list)  # pages a limit or a failure left unread
    stopped: str = ""  # the limit that ended the reading early ("time limit"); a re-run continues it
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    paper_date: str = ""  # "2019-03-12", "2019-03" or "2019": when the paper was written, as far as it says
    paper_date_source: str = ""  # where that date was read ("received date, page 1", "PDF creationDate")
    authors: list[Author] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    terms: list[TermHit] = field(default_factory=list)
    entities: list[EntityMatch] = field(default_factory=list)
    score: Optional[PaperScore] = None
    seconds: float = 0.0
    figscan_version: str = ""
    config_hash: str = ""
    code_hash: str = ""  # figscan.files.code_fingerprint of the code that made this result
    schema: int = 3  # of this record in results.jsonl; what each number added: README, "results.jsonl"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PaperResult":
        data = dict(data)
        data["authors"] = [_known(Author, a) for a in data.get("authors") or []]
        data["affiliations"] = [_known(Affiliation, a) for a in data.get("affiliations") or []]
        data["funding"] = [_funding_from_dict(f) for f in data.get("funding") or []]
        data["terms"] = [_known(TermHit, t) for t in data.get("terms") or []]
        data["entities"] = [_known(EntityMatch, e) for e in data.get("entities") or []]
        data["figures"] = [_figure_from_dict(f) for f in data.get("figures") or []]
        if data.get("score"):
            s = data["score"]
            data["score"] = PaperScore(s["total"], s["level"], [ScoreReason(**r) for r in s["reasons"]])
        return cls(**data)


def _known(cls: type, data: dict[str, Any]) -> Any:
    """A text record from a stored row: fields a newer version added take their defaults, fields
    an older version had and this one dropped are ignored."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def _funding_from_dict(data: dict[str, Any]) -> Funding:
    funding = _known(Funding, data)
    funding.by_funder = [_known(FunderGrants, f) for f in data.get("by_funder") or []]
    return funding


def _figure_from_dict(data: dict[str, Any]) -> Figure:
    data = dict(data)
    data["bbox"] = tuple(data["bbox"])
    data["panels"] = [tuple(p) for p in data.get("panels") or []]  # rows stored before panels existed have none
    if data.get("shape"):
        s = dict(data["shape"])
        s["cues"] = [Cue(**c) for c in s.get("cues") or []]
        s["examples"] = [ShapeExample(**e) for e in s.get("examples") or []]
        for box in ("bbox", "twin"):
            if s.get(box):
                s[box] = tuple(s[box])
        s["bodies"] = [tuple(b) for b in s.get("bodies") or []]
        if s.get("axis"):
            s["axis"] = tuple(tuple(p) for p in s["axis"])
        data["shape"] = ShapeFinding(**s)
    return Figure(**data)


@dataclass
class RunSummary:
    """What the report says about the run as a whole."""
    input_dir: str
    started: str  # ISO 8601, UTC
    seconds: float
    files: int
    pages: int
    errors: int
    reused: int  # results taken from the store unchanged (incremental re-scan)
    figscan_version: str
    config_hash: str


def scrub_text(value: Any) -> Any:
    """Make every string in a record storable: lone surrogates and NULs from broken PDFs
    become visible escapes instead of errors in SQLite, JSON or HTML writers."""
    if isinstance(value, str):
        if value.isascii() and "\x00" not in value:
            return value
        return value.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, list):
        return [scrub_text(v) for v in value]
    if isinstance(value, tuple):
        return tuple(scrub_text(v) for v in value)
    if isinstance(value, dict):
        return {scrub_text(k): scrub_text(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            setattr(value, f.name, scrub_text(getattr(value, f.name)))
    return value
