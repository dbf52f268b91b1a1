"""Title, authors, affiliations (with countries) and funding statements from page text lines.

Works on `PageText` records only, so text layers and OCR are parsed alike and the parser can be
tested without PDFs. Every PDF is hostile input: every list and string returned is bounded, and
every regular expression is linear (no nested quantifiers over overlapping classes).

How the first page is read:
- title: the largest-font lines near the top that are not journal headers, DOIs or dates;
  the metadata title is used when the page gives none and it does not look like a file name;
- front block: the lines between the title and the abstract; each is an author line, an
  affiliation line, or noise (dates, emails, copyright);
- footnotes: small-font lines in the lower part of page 1 that name an institution,
  including IEEE-style "X and Y are with <institution>";
- markers (1, 2, a, b, *, ...) link authors to affiliations; without markers an author gets the
  affiliation lines that follow its line in the front block.
Funding statements are sentences anywhere in the paper with a funding cue ("supported by",
"grant", 资助...) or anything under a "Funding" heading.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from statistics import median

from figscan.model import Affiliation, Author, FrontMatter, Funding, PageText, TextLine

MAX_AUTHORS = 50
MAX_AFFILIATIONS = 30
MAX_FUNDING = 20
MAX_CHARS = 500
MAX_FUNDERS_PER_STATEMENT = 12
MAX_GRANTS_PER_STATEMENT = 20
MAX_SENTENCE_CHARS = 2_000  # longer "sentences" are tables or run-on garbage
MAX_LINES_PER_PAGE = 3_000
MAX_OPEN_PARAGRAPHS = 40  # columns and side-by-side blocks a page can plausibly hold

COUNTRIES_PATH = Path(__file__).resolve().parents[1] / "data" / "countries.tsv"

_SYMBOL_MARKERS = "*∗†‡§¶‖#⁎✉"
_PUNCT_FIX = str.maketrans({
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",  # zero-width, soft hyphen
    "’": "'", "‘": "'", "–": "-", "—": "-", "‐": "-", "‑": "-",
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u00a0": " ", "\t": " "})

_INSTITUTION = re.compile(
    r"\b(?:univ\w*|universit\w*|institut\w*|college|school|department|dept\.?|laborator\w*|lab|"
    r"academy|academia|cent(?:er|re)|faculty|hospital|company|corporation|corp\.?|inc\.?|ltd\.?|"
    r"gmbh|co\.|group|agency|organi[sz]ation|polytechnic\w*|politecnico|ministry|bureau|"
    r"division|r&d|nasa|escuela|ecole|école|technische|hochschule)\b"
    r"|大学|学院|研究所|研究院|实验室|公司",
    re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|licen[cs]e|all rights reserved|published by|downloaded",
                        re.IGNORECASE)
_NOISE = re.compile(
    r"©|\(c\)|copyright|licen[cs]e|all rights reserved|published by|downloaded|https?://|www\.|"
    r"\bdoi\b|arxiv|preprint submitted|\bvol\.|\bpp\.|journal|proceedings|conference|"
    r"accepted manuscript|received:|revised:|accepted:|published online",
    re.IGNORECASE)
_TITLE_NOISE = re.compile(
    r"©|copyright|https?://|www\.|\bdoi\b|arxiv|journal|proceedings|conference|\bvol\b|"
    r"accepted manuscript|research (?:paper|article)|original (?:paper|article)|review article|"
    r"^article$|^\W*\d[\d\s\-.:/]*$|\bAIAA \d|downloaded|submitted",
    re.IGNORECASE)
_FRONT_STOP = re.compile(
    r"^(?:abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary|keywords?|key\s?words|index terms|"
    r"nomenclature|(?:1|I)\.?\s+introduction|introduction)\b",
    re.IGNORECASE)
_LABELLED = re.compile(r"^[A-Za-z][A-Za-z ]{0,24}:\s")  # "Received: ...", "Advised by: ..."
_EMAIL = re.compile(r"(?<![\w.+\-{},])[\w.+\-{},]+@[\w\-]+(?:\.[\w\-]+)+")  # starts only at run starts: linear
_CONTACT = re.compile(r"\b(?:e-?mail(?: address(?:es)?)?|tel|phone|fax|orcid)\b\s*[.:]?.*$", re.IGNORECASE)
_CORRESPONDING = re.compile(r"\bcorresponding authors?\b[:.,]?|\bcontributed equally\b.*$", re.IGNORECASE)
_IS_WITH = re.compile(r"\b(?:is|are)\s+(?:also\s+|now\s+|currently\s+)?(?:with|at)\s+", re.IGNORECASE)
_LEADING_MARKER = re.compile(
    rf"^\s*(?:([{re.escape(_SYMBOL_MARKERS)}]{{1,3}})|(\d{{1,2}})(?=\s?[A-Z])|([a-z])(?=\s?[A-Z][a-z]))\s*")
_MARKER_ONLY = re.compile(rf"^(?:[\d,\s]{{1,8}}|[a-z](?:,[a-z]){{0,3}}|[{re.escape(_SYMBOL_MARKERS)},\s]{{1,6}})$")

_ROLE = re.compile(
    r"\b(?:professor|lecturer|student|assistant|associate|engineer|scientist|researcher|director|"
    r"fellow|member|chair|candidate|postdoc\w*|graduate|undergraduate|manager|head|dean|author|"
    r"editor|advis[eo]r|intern)\b",
    re.IGNORECASE)
_DEGREE = re.compile(r"^(?:ph\.?\s?d\.?|m\.?\s?d\.?|p\.?\s?e\.?|m\.?\s?sc?\.?|b\.?\s?sc?\.?|m\.?\s?eng\.?|"
                     r"dr\.?|prof\.?|jr\.?|sr\.?|ii|iii|iv)$", re.IGNORECASE)
_NAME_PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos",
                   "bin", "binti", "al", "el", "y", "ten", "ter"}
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z]?\.(?:-?[A-Z]\.)?|[A-Z\u00C0-\u00DE][\w'\-\u00C0-\u024F]*)$")
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_NOT_NAME_WORDS = {"report", "review", "design", "project", "analysis", "copy", "team", "final", "revised",
                   "revisited", "model", "system", "systems", "available", "reproduced", "technical",
                   "manuscript", "draft", "version", "edition", "volume", "chapter", "appendix", "table",
                   "figure", "proposal", "assessment", "laboratory", "program", "thesis", "dissertation",
                   "homework", "paper", "user", "guide", "manual", "notes", "lecture", "digital", "robot"}
_TITLE_PREFIX = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms)\.?\s+", re.IGNORECASE)

_FUNDING_HEADING = re.compile(
    r"^\s*(?:\d{1,2}\.?\s*)?(?:acknowledge?ments?|funding(?: information| sources?| statement)?|"
    r"financial (?:support|disclosure)|致谢|基金项目)\s*[:.\-]?\s*",
    re.IGNORECASE)
_FUNDING_CUE = re.compile(
    r"\b(?:support(?:ed)?\s+(?:in\s+part\s+|partly\s+|partially\s+|financially\s+)?(?:by|from|through|under)|"
    r"funded|funding|sponsored|financed|(?-i:grants?|Grants?\s+(?:No|Number|#))|fellowship|"
    r"under contract|financial(?:ly)? support|scholarship)\b|资助|基金|支持",
    re.IGNORECASE)
_IN_KIND_ONLY = re.compile(r"computational resources|computing (?:resources|facilit|time)|"
                           r"high[- ]performance computing|supercomput|allocation", re.IGNORECASE)
_MONEY_WORD = re.compile(r"\b(?:grants?|fund\w*|financ\w*|award\w*)\b|资助|基金", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]])\.\s+(?=[A-Z(])|。")
_WORD_TOKEN = re.compile(r"[\w\u00C0-\u024F][\w&'.\-/]*|[(),;:]|\S")
_GRANT_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+){0,4}")
_YEARISH = re.compile(r"^(?:19|20)\d\d(?:[-/](?:19|20)?\d\d)?$")
_PHONE = re.compile(r"^\d{3}-\d{3}-\d{4}$")
_FUNDER_HEAD = re.compile(
    r"\b(?:foundations?|funds?|council|agency|programs?|programmes?|ministry|office|administration|"
    r"department|commission|academy|laborator(?:y|ies)|trust|corporation|company|inc\.?|ltd\.?|"
    r"cent(?:er|re)|institutes?|university|project|plan|initiative|authority|bureau|services?|"
    r"society|organi[sz]ation|association|board|directorate|command|navy|army|air force|"
    r"endowment|consortium|scheme)\b|\w+(?:gemeinschaft|stiftung|fonds)\b|\b(?:fondation|fondazione|"
    r"fundaci[oó]n|funda[cç][aã]o|agence|agencia|ministerio|minist[eè]re)\b",
    re.IGNORECASE)
_CONNECTORS = {"of", "for", "and", "the", "on", "in", "de", "du", "für", "&", "des", "di", "la"}
_ACRONYM = re.compile(r"^[A-Z][A-Z&\-]*(?:\d{1,3}[A-Z&\-]*)?$")  # NSFC, USDOT-OST; not grant codes
_ACRONYM_BEFORE = {"by", "from", "with", "and", ","}
_ACRONYM_AFTER = {"grant", "grants", "funded", "funding", "award", "awards", "contract", "project",
                  "program", "programme", "fellowship", "under", "through", "(", "no.", "nos."}
_NOT_FUNDER = {"I", "II", "III", "IV", "US", "USA", "UK", "EU", "PI", "PHD", "CFD", "FEA", "FE", "DOI",
               "AI", "OK", "R&D", "IEEE", "AIAA", "ASME", "PDF", "GPU", "CPU", "CT", "RE", "NO", "NOS",
               "THE", "THIS", "WE", "OUR", "ALSO"}
_PERSON_TITLE = re.compile(r"^(?:dr|prof|mr|mrs|ms|professor)\.?$", re.IGNORECASE)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,60}")
_CJK_SPLIT = re.compile(r"[、，,和与及;；]")
_CJK_PREFIX = re.compile(r"^(?:本(?:文|研究|工作|项目|论文)?|受到?|得到|获得|感谢|由|该)+")
_CJK_FUNDER = re.compile(r"^[\u4e00-\u9fff]{1,40}?(?:基金会|基金|专项资金|资金|计划|专项|委员会)")


@dataclass
class _AffiliationDraft:
    text: str
    markers: frozenset[str] = frozenset()
    who: str = ""  # "T. Qin and S. Shen" from "T. Qin and S. Shen are with ..."
    y: float = 0.0
    in_front_block: bool = False
    emails: tuple[str, ...] = ()


@dataclass
class _AuthorDraft:
    name: str
    markers: set[str] = field(default_factory=set)
    y: float = 0.0


def parse_front_matter(pages: list[PageText], metadata: dict[str, str]) -> FrontMatter:
    """Everything a reviewer wants from the paper's header and acknowledgements, bounded."""
    metadata_title = _plausible_metadata_title(metadata.get("title", ""))
    first = next((p for p in pages[:3] if p.lines), None)
    if first is None:
        return FrontMatter(title=metadata_title, funding=find_funding(pages))
    lines = merge_marker_lines(first.lines[:MAX_LINES_PER_PAGE])
    body_size = _body_font_size(lines)
    title_lines = _title_lines(lines, first.height, body_size)
    title = _clip(" ".join(l.text for l in title_lines)) if title_lines else ""
    if len(title.split()) < 3 and metadata_title:
        title = metadata_title

    top = max((l.bbox[3] for l in title_lines), default=0.0)
    front = _front_block(lines, top, {id(l) for l in title_lines})
    author_lines, front_affiliations = _read_front_block(front)
    drafts = front_affiliations + _footnote_affiliations(lines, first.height, body_size, top)
    drafts = _dedupe_affiliations(drafts)[:MAX_AFFILIATIONS]
    letter_markers = {m for d in drafts for m in d.markers if m.isalpha() and m.islower()}
    authors = _authors_from_lines(author_lines, letter_markers)

    affiliations = [Affiliation(text=d.text, country=country_of(d.text), institution=institution_of(d.text),
                                city=city_of(d.text), emails=list(d.emails), marker=",".join(sorted(d.markers)),
                                page=first.number)
                    for d in drafts]
    linked = _link_authors(authors, drafts)
    emails = find_emails("\n".join(l.text for l in lines))
    _link_emails(linked, emails, "\n".join(l.text for l in lines))
    return FrontMatter(title=title, authors=linked, affiliations=affiliations, funding=find_funding(pages),
                       emails=emails)


# --- lines and paragraphs ---------------------------------------------------------------------

def merge_marker_lines(lines: list[TextLine]) -> list[TextLine]:
    """Glue superscript markers that the text layer put on lines of their own to their text.

    A marker right after a line on the same baseline belongs to it (an author's "Yin" + "a");
    otherwise it belongs to the line starting just after it (an affiliation "1" + "Dalian ...").
    """
    merged = list(lines)
    dropped: set[int] = set()
    for index, line in enumerate(lines):
        text = line.text.strip()
        if len(text) > 8 or not _MARKER_ONLY.match(text):
            continue
        left = _neighbour(lines, index, side="left")
        right = _neighbour(lines, index, side="right")
        if left is not None and left not in dropped:
            merged[left] = replace(merged[left], text=merged[left].text + text)
        elif right is not None and right not in dropped:
            merged[right] = replace(merged[right], text=text + merged[right].text)
        else:
            continue
        dropped.add(index)
    return [line for i, line in enumerate(merged) if i not in dropped]


def _neighbour(lines: list[TextLine], index: int, side: str) -> int | None:
    marker = lines[index]
    mx0, my0, mx1, my1 = marker.bbox
    best, best_gap = None, 15.0 if side == "right" else 4.0
    for j in range(max(0, index - 40), min(len(lines), index + 40)):
        if j == index:
            continue
        x0, y0, x1, y1 = lines[j].bbox
        if not (y0 - 2 <= my0 <= y1 and my1 >= y0):
            continue
        gap = (mx0 - x1) if side == "left" else (x0 - mx1)
        if -1.0 <= gap < best_gap:
            best, best_gap = j, gap
    return best


def paragraphs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Group lines into paragraphs by geometry, so two columns do not interleave.

    A line continues a paragraph when it sits one line pitch below the paragraph's last line
    (the page's own pitch, so double-spaced preprints hold together) and overlaps it in x.
    """
    ratio = line_pitch_ratio(lines)
    done: list[list[TextLine]] = []
    open_paras: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0])):
        size = max(line.size, 1.0)
        still_open = []
        for para in open_paras:
            (done if line.bbox[1] - para[-1].bbox[1] > 3 * ratio * size else still_open).append(para)
        open_paras = still_open[-MAX_OPEN_PARAGRAPHS:]
        done.extend(still_open[:-MAX_OPEN_PARAGRAPHS])
        target = next((p for p in open_paras if _continues(p[-1], line, ratio)), None)
        if target is None:
            open_paras.append([line])
        else:
            target.append(line)
    return sorted(done + open_paras, key=lambda p: (p[0].page, p[0].bbox[1], p[0].bbox[0]))


def line_pitch_ratio(lines: list[TextLine]) -> float:
    """Typical baseline-to-baseline distance over font size on this page (1.2 single-spaced)."""
    ordered = sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0]))
    ratios = []
    for index, line in enumerate(ordered[:MAX_LINES_PER_PAGE]):
        for below in ordered[index + 1:index + 12]:
            dy = below.bbox[1] - line.bbox[1]
            if dy > 0.5 * line.size and abs(below.size - line.size) < 0.5 and _x_overlap(line, below) > 0.3:
                ratios.append(dy / max(line.size, 1.0))
                break
    return min(max(median(ratios), 1.0), 2.5) if ratios else 1.25


_UNFINISHED = re.compile(r"(?:\b(?:of|and|for|the|de|di|du|in|at|on)|[,\-&/(])\s*$", re.IGNORECASE)


def _continues(last: TextLine, line: TextLine, ratio: float) -> bool:
    """`line` goes on from `last`: one line pitch below, about the same size, overlapping in x.
    A line that ends mid-phrase ("... Republic of", "Foundation,") is continued even across a
    larger size difference: OCR gives a line's height, not its font size."""
    size = max(line.size, 1.0)
    dy = line.bbox[1] - last.bbox[1]
    same_size = abs(last.size - line.size) < (4.0 if _UNFINISHED.search(last.text) else 1.6)
    return (0.5 * size <= dy <= max(1.3 * ratio, 1.7) * size and same_size
            and _x_overlap(last, line) > 0.3)


def _x_overlap(a: TextLine, b: TextLine) -> float:
    """Horizontal overlap as a share of the narrower line."""
    overlap = min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])
    return overlap / max(min(a.bbox[2] - a.bbox[0], b.bbox[2] - b.bbox[0]), 1.0)


def join_lines(texts: list[str]) -> str:
    """Join wrapped lines, undoing end-of-line hyphenation ("Sci-" + "ence")."""
    parts: list[str] = []
    for text in texts:
        text = normalise(text).strip()
        if not text:
            continue
        previous = parts[-1] if parts else ""
        if previous.endswith("-") and previous[-2:-1].islower() and text[:1].islower():
            parts[-1] = previous[:-1] + text
        elif previous.endswith(("-", "/")):
            parts[-1] = previous + text
        else:
            parts.append(text)
    return " ".join(parts)


def normalise(text: str) -> str:
    """Ligatures, superscript digits, typographic quotes, dashes and spaces to plain forms."""
    return unicodedata.normalize("NFKC", text).translate(_PUNCT_FIX)


def _body_font_size(lines: list[TextLine]) -> float:
    """The font size that carries the most characters: the body text."""
    weight: dict[float, int] = {}
    for line in lines:
        key = round(line.size * 2) / 2
        weight[key] = weight.get(key, 0) + len(line.text)
    return max(weight, key=lambda k: weight[k]) if weight else 10.0


# --- title ----------------------------------------------------------------------------------

def _title_lines(lines: list[TextLine], height: float, body_size: float) -> list[TextLine]:
    candidates = [l for l in lines
                  if l.bbox[1] < 0.65 * height and sum(c.isalnum() for c in l.text) >= 0.6 * len(l.text) > 2
                  and "=" not in l.text and not _TITLE_NOISE.search(l.text) and not _EMAIL.search(l.text)]
    if not candidates:
        return []
    biggest = max(l.size for l in candidates)
    if biggest < body_size * 1.15:
        return []
    ordered = sorted((l for l in candidates if l.size >= biggest - 0.6), key=lambda l: (l.bbox[1], l.bbox[0]))
    title = [ordered[0]]
    for line in ordered[1:]:
        if line.bbox[1] - title[-1].bbox[3] > 1.2 * line.size or len(title) >= 6:
            break
        title.append(line)
    return title


def _plausible_metadata_title(title: str) -> str:
    """The metadata title, unless it is a file name, a tool's placeholder or too short."""
    title = " ".join(title.split())[:MAX_CHARS]
    if len(title.split()) < 3 or re.search(
            r"\.(?:docx?|dvi|tex|pdf|ps|indd|rtf)\b|^microsoft |^untitled|^title$", title, re.IGNORECASE):
        return ""
    return title


# --- front block: authors and affiliations under the title ------------------------------------

def _front_block(lines: list[TextLine], top: float, title_ids: set[int]) -> list[TextLine]:
    below = sorted((l for l in lines if l.bbox[1] >= top - 1 and id(l) not in title_ids),
                   key=lambda l: (l.bbox[1], l.bbox[0]))
    block: list[TextLine] = []
    for line in below:
        text = line.text.strip()
        if _FRONT_STOP.match(text) or _is_prose(text):
            break
        block.append(line)
    return block


def _is_prose(text: str) -> bool:
    """A sentence of running text (abstract or body), not a name or an address."""
    words = text.split()
    if len(words) < 8 or _INSTITUTION.search(text):
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower / len(words) > 0.45


def _read_front_block(block: list[TextLine]) -> tuple[list[tuple[str, float]], list[_AffiliationDraft]]:
    """Split the front block into author-line candidates and affiliations (one per paragraph)."""
    author_lines: list[tuple[str, float]] = []
    affiliations: list[_AffiliationDraft] = []
    ratio = line_pitch_ratio(block)
    current: list[TextLine] = []

    def flush() -> None:
        if current:
            text = join_lines([l.text for l in current])
            affiliations.extend(_affiliation_from_text(text, current[0].bbox[1], in_front_block=True))
            current.clear()

    for line in block:
        text = normalise(line.text[:MAX_SENTENCE_CHARS]).strip()
        misread_marker = _misread_marker(text)
        if misread_marker:  # OCR read a superscript as "©" or "=": a marker all the same
            text = text[misread_marker:]
            line = replace(line, text=text)
        if not text or _NOISE.search(text) or _LABELLED.match(text):
            continue
        if _looks_like_affiliation(text):
            country_only = _ends_with_country(text) and "," not in text and not _INSTITUTION.search(text)
            if current and country_only and not _ends_with_country(current[-1].text):
                current.append(line)  # "..., Democratic People's" + "Republic of Korea": OCR sizes differ
                continue
            if current and (misread_marker or _LEADING_MARKER.match(text) or _ends_with_country(current[-1].text)
                            or not _continues(current[-1], line, ratio)):
                flush()  # a new affiliation: a marker starts it, or the one before ended with its country
            current.append(line)
        else:
            flush()
            author_lines.append((text, line.bbox[1]))
    flush()
    return author_lines, affiliations


_MISREAD_MARKER = re.compile(r"^(?:[^\w\s(\[]{1,2}|[\uac00-\ud7af\u4e00-\u9fff])\s+(?=[A-Z])")  # "©", "본"
_NOT_AN_ADDRESS = re.compile(r"rights reserved|licen[cs]|published|elsevier|springer|wiley|\b(?:19|20)\d\d\b",
                             re.IGNORECASE)


def _misread_marker(text: str) -> int:
    """Length of a leading symbol that can only be an OCR-misread marker ("© School of ...,
    University of Manchester, UK"), else 0. A real copyright line has a year or a publisher."""
    lead = _MISREAD_MARKER.match(text)
    if not lead or text[:1] in _SYMBOL_MARKERS or _NOT_AN_ADDRESS.search(text):
        return 0
    rest = text[lead.end():]
    return lead.end() if _INSTITUTION.search(rest) and country_of(rest) else 0


def _ends_with_country(text: str) -> bool:
    """Whether the text's last comma part is a country ("..., Harbin 150001, China")."""
    last = normalise(text).rstrip(" .;").rsplit(",", 1)[-1].strip()
    entry = _places().by_name.get(last.lower())
    return bool(entry and entry[1] in ("country", "country-last", "alias"))


def _authors_from_lines(author_lines: list[tuple[str, float]], letter_markers: set[str]) -> list[_AuthorDraft]:
    authors: list[_AuthorDraft] = []
    for text, y in author_lines:
        authors.extend(_AuthorDraft(name, markers, y) for name, markers in _author_names(text, letter_markers))
        if len(authors) >= MAX_AUTHORS:
            break
    return authors[:MAX_AUTHORS]


def _looks_like_affiliation(text: str) -> bool:
    if _EMAIL.search(text) and len(_EMAIL.sub("", text).split()) < 3:
        return False
    return bool(_INSTITUTION.search(text) or _us_state_with_zip(text) or _has_country_name(text))


def _author_names(text: str, letter_markers: set[str]) -> list[tuple[str, set[str]]]:
    """Names with their markers when the line reads as an author list, else [].

    `letter_markers` are the letters affiliations are marked with ("aDepartment ..."): only those
    are taken off the end of a name ("Hao Yina" -> "Hao Yin" + a).
    """
    text = _EMAIL.sub(" ", text)
    text = re.sub(r"\([^()]{0,80}\)", " ", text)
    text = re.sub(r"(?<=\d)\s*,\s*(?=\d)", "|", text)  # "Liu1,3" keeps its markers together
    text = re.sub(r"(?<=[a-z\d]),(?=[a-z](?:[,|\s]|$))", "|", text)  # "Yina,b"
    text = re.sub(rf",\s*(?=[{re.escape(_SYMBOL_MARKERS)}])", "|", text)  # "Cusatisa,∗"
    pieces = re.split(r"\s*(?:,|;|·|•|\band\b|&)\s*", text)
    names: list[tuple[str, set[str]]] = []
    other = 0
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        name, markers = _strip_markers(piece, letter_markers)
        if not name and markers and names:
            names[-1][1].update(markers)
        elif _DEGREE.match(name) or _ROLE.search(name):
            continue  # "Ph.D.", "Assistant Professor": allowed beside a name, not counted
        elif _is_person_name(name):
            names.append((name, markers))
        else:
            other += 1
    return names if names and other <= len(names) // 2 else []


def _strip_markers(piece: str, letter_markers: set[str]) -> tuple[str, set[str]]:
    markers: set[str] = set()
    piece = _TITLE_PREFIX.sub("", piece)
    lead = re.match(rf"^([{re.escape(_SYMBOL_MARKERS)}]+|\d{{1,2}}(?=[A-Z]))", piece)
    if lead:
        markers.add(lead.group(1))
        piece = piece[lead.end():]
    trail = re.search(rf"(?<![\d|{re.escape(_SYMBOL_MARKERS)}])([\d|{re.escape(_SYMBOL_MARKERS)}]+)$", piece)
    if trail:
        markers.update(_split_markers(trail.group(1)))
        piece = piece[:trail.start()]
    letters = re.search(r"(?<=[a-z]{2})([a-z](?:\|[a-z]){0,3})\|?$", piece)
    if letters and " " in piece.strip() and set(letters.group(1).split("|")) <= letter_markers:
        markers.update(_split_markers(letters.group(1)))
        piece = piece[:letters.start()]
    return " ".join(piece.split()).strip(" |.,"), {m for m in markers if m}


def _split_markers(run: str) -> set[str]:
    """'1|3' -> {1, 3}; '∗∗' stays one marker; 'ab' -> {a, b}."""
    markers: set[str] = set()
    for part in run.split("|"):
        for token in re.findall(rf"\d+|[a-z]|[{re.escape(_SYMBOL_MARKERS)}]+", part):
            markers.add(token)
    return markers


def _is_person_name(name: str) -> bool:
    if _CJK_NAME.match(name):
        return True
    tokens = name.split()
    if not 2 <= len(tokens) <= 6 or len(name) > 60 or _INSTITUTION.search(name) or _has_country_name(name):
        return False
    capitalised = 0
    for token in tokens:
        if token.lower() in _NAME_PARTICLES:
            continue
        if token.lower().strip(".-") in _NOT_NAME_WORDS:
            return False
        if not _NAME_TOKEN.match(token) or token.isupper() and len(token) > 3:
            return False
        capitalised += 1
    return capitalised >= 2


# --- affiliations in page-1 footnotes ---------------------------------------------------------

def _footnote_affiliations(lines: list[TextLine], height: float, body_size: float,
                           top: float) -> list[_AffiliationDraft]:
    """Small-font lines low on the page that name an institution (Springer, IEEE, AIAA styles)."""
    notes = [l for l in lines if l.bbox[1] > max(0.55 * height, top) and l.size < body_size - 0.4]
    drafts: list[_AffiliationDraft] = []
    for para in paragraphs(notes):
        if _CAPTION.match(normalise(para[0].text)):
            continue  # a figure or table caption that mentions a "centre" is not an address
        for texts, y in _split_at_markers(para):
            drafts.extend(_affiliation_from_text(join_lines(texts), y, in_front_block=False))
    return drafts


_CONTACT_GROUP = re.compile(r"(\((?:e-?mails?|phone|tel)\b[^()]{0,200}\)\.?)", re.IGNORECASE)


def _split_after_contacts(text: str) -> list[str]:
    """Text cut after each bracketed contact: "... Iran (e-mail: x@y.edu)." | "|. Tanaka is ..."."""
    out, current = [], ""
    for index, piece in enumerate(_CONTACT_GROUP.split(text)):
        current += piece
        if index % 2 == 1:
            out.append(current)
            current = ""
    if current.strip():
        out.append(current)
    return out


_CAPTION = re.compile(r"^\s*(?:fig(?:ure)?s?\.?|tab(?:le)?\.?|scheme|chart)\s*[\dIVX]", re.IGNORECASE)


def _split_at_markers(para: list[TextLine]) -> list[tuple[list[str], float]]:
    groups: list[tuple[list[str], float]] = []
    for line in para:
        text = normalise(line.text)
        if not groups or _LEADING_MARKER.match(text):
            groups.append(([text], line.bbox[1]))
        else:
            groups[-1][0].append(text)
    return groups


def _affiliation_from_text(text: str, y: float, in_front_block: bool) -> list[_AffiliationDraft]:
    """One affiliation per marker-led text; IEEE footnotes may hold several "are with" sentences."""
    text = normalise(text)
    if _COPYRIGHT.search(text) or _FUNDING_CUE.search(text) and not _IS_WITH.search(text):
        return []
    markers: set[str] = set()
    lead = _LEADING_MARKER.match(text)
    if lead:
        markers.add(next(g for g in lead.groups() if g))
        text = text[lead.end():]
    drafts = []
    if _IS_WITH.search(text):
        # IEEE style: "A and B are with X (e-mail: ...). C is with Y (e-mail: ...)." The bracketed
        # contact ends a sentence even when OCR garbles the next initial ("|. Tanaka is with").
        sentences = [p for chunk in _split_after_contacts(text) for p in _SENTENCE_END.split(chunk)]
        for sentence in sentences:
            parts = _IS_WITH.split(sentence, maxsplit=1)
            if len(parts) == 2:
                drafts.append(_AffiliationDraft(_clean_affiliation(parts[1]), frozenset(markers),
                                                who=parts[0][:200], y=y, in_front_block=in_front_block,
                                                emails=tuple(find_emails(parts[1]))))
    else:
        drafts.append(_AffiliationDraft(_clean_affiliation(text), frozenset(markers), y=y,
                                        in_front_block=in_front_block, emails=tuple(find_emails(text))))
    return [d for d in drafts if _INSTITUTION.search(d.text) or in_front_block and d.text]


def _clean_affiliation(text: str) -> str:
    """Without emails, phone numbers, "Corresponding author" and job titles ("Professor, ...")."""
    text = _EMAIL.sub(" ", text)
    text = _CORRESPONDING.sub(" ", text)
    text = _CONTACT.sub(" ", text)
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"^\s*the\s+", "", text, flags=re.IGNORECASE)  # "(is with) the School of ..."
    segments = [seg for seg in text.split(",") if not (_ROLE.search(seg) and not _INSTITUTION.search(seg))]
    return _clip(" ".join(",".join(segments).split()).strip(" ,;.:-(["))


def _dedupe_affiliations(drafts: list[_AffiliationDraft]) -> list[_AffiliationDraft]:
    seen: set[str] = set()
    kept = []
    for draft in drafts:
        key = re.sub(r"\W+", "", draft.text.lower())
        if len(key) >= 4 and key not in seen:
            seen.add(key)
            kept.append(draft)
    return kept


def _link_authors(authors: list[_AuthorDraft], drafts: list[_AffiliationDraft]) -> list[Author]:
    """Markers when both sides have them; else "are with" names; else the lines below the author."""
    linked = []
    for author in authors[:MAX_AUTHORS]:
        indexes = [i for i, d in enumerate(drafts) if d.markers and d.markers & author.markers]
        if not indexes:
            surname = author.name.split()[-1].lower()
            indexes = [i for i, d in enumerate(drafts) if d.who and re.search(
                rf"\b{re.escape(surname)}\b", d.who.lower())]
        if not indexes and not any(d.markers for d in drafts):
            later = [a.y for a in authors if a.y > author.y]
            next_author_y = min(later, default=float("inf"))
            indexes = [i for i, d in enumerate(drafts)
                       if d.in_front_block and author.y < d.y < next_author_y]
        linked.append(Author(name=_clip(author.name), affiliations=indexes))
    return linked


# --- the parts of an affiliation: institution, city; emails ------------------------------------

MAX_EMAILS = 50
_TOP_LEVEL = re.compile(r"\b(?:universit\w*|univ\.|polytechnic\w*|politecnico|hochschule|[ée]cole|academy|academia|"
                        r"college)\b|大学|科学院|研究院", re.IGNORECASE)
_ORGANISATION = re.compile(
    r"\b(?:institut\w*|laborator\w*|corporation|company|inc|ltd|gmbh|agency|cent(?:er|re)|hospital|ministry|"
    r"bureau|group|organi[sz]ation|nasa|administration|associates|llc)\b|学院|研究所|公司", re.IGNORECASE)
_SUB_UNIT = re.compile(r"^(?:the\s+)?(?:(?:state|national|key|joint|international)\s+)*(?:department|dept\.?|school|"
                       r"faculty|college|division|chair|section|program|laborator\w*|lab|cent(?:er|re)|institute|"
                       r"graduate school|key laboratory)\b", re.IGNORECASE)
_COMPANY_SUFFIX = re.compile(r"^(?:inc|ltd|co|gmbh|llc|corp|s\.?a|ag|plc|pvt)\.?$", re.IGNORECASE)
_STREET = re.compile(r"\d.*\b(?:road|rd|street|st|avenue|ave|blvd|boulevard|lane|way|drive|dr|str|straße|strasse|"
                     r"no|building|bldg|room|suite|floor|p\.?o\.? box)\b\.?|\b(?:road|street|avenue|box|suite|room|"
                     r"floor|no)\b\.?\s*\d|^no\.|\b(?:park|zone|district|campus|building|tower|plaza)$",
                     re.IGNORECASE)
_BRACED_EMAILS = re.compile(r"\{([^{}@]{1,300})\}\s?@([\w\-]+(?:\.[\w\-]+)+)")
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{4}\s?[A-Z]{2}|[A-Z]-?\d{4,6}|\d[\d\-]{2,9}\d)\b")
_CJK_INSTITUTION = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:大学|科学院|研究院|研究所|学院|公司)")


def affiliation_parts(text: str) -> list[str]:
    """Comma- and semicolon-separated parts, with "Inc."/"Ltd." kept on the name they end."""
    parts: list[str] = []
    for part in re.split(r"[,;]", normalise(text)[:MAX_CHARS]):
        part = " ".join(part.split()).strip(" .")
        if not part:
            continue
        if parts and _COMPANY_SUFFIX.match(part):
            parts[-1] = f"{parts[-1]}, {part}."
        else:
            parts.append(part)
    return parts


def institution_of(text: str) -> str:
    """The top-level organisation an affiliation names: a university, academy or college over
    the institutes, laboratories and companies, over departments and schools; "" if none."""
    cjk = _CJK_INSTITUTION.search(text)
    if cjk and not re.search(r"[A-Za-z]{4}", text):
        return cjk.group(0)
    best, best_rank = "", 0
    for part in affiliation_parts(text):
        sub_unit = bool(_SUB_UNIT.match(part))
        if _TOP_LEVEL.search(part) and not (sub_unit and not re.search(r"universit|academy", part, re.I)):
            rank = 3
        elif _ORGANISATION.search(part) and not sub_unit:
            rank = 2
        elif sub_unit or _INSTITUTION.search(part):
            rank = 1
        else:
            rank = 0
        if rank > best_rank:
            best, best_rank = part, rank
    return _clip(best)


def city_of(text: str) -> str:
    """The city of an affiliation: the first part after the institution that is a place name and
    not a country, state, province, street or post code alone ("Harbin 150001" -> "Harbin")."""
    parts = affiliation_parts(text)
    institution = institution_of(text)
    start = parts.index(institution) + 1 if institution in parts else 0
    places = _places()
    for part in parts[start:] + parts[:start]:
        if _INSTITUTION.search(part) or _STREET.search(part) or "@" in part:
            continue
        name = " ".join(w for w in _POSTCODE.sub(" ", part).split() if not any(c.isdigit() for c in w)).strip(" -.")
        words = name.split()
        if words and words[0] in places.state_codes and len(words) == 1:
            continue  # "IL 61801"
        kind = places.by_name.get(name.lower(), ("", ""))[1]
        if not name or kind in ("country", "country-last", "alias", "us-state", "region") and kind != "city":
            if not (kind == "region" and name.lower() in _CITY_REGIONS):
                continue
        if _CJK_NAME.match(name):
            return name
        if 1 <= len(words) <= 4 and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words) \
                and not any(c.isdigit() for c in name):
            return _clip(name)
    return ""


_CITY_REGIONS = {"beijing", "shanghai", "tianjin", "chongqing", "hong kong", "macau", "macao", "singapore"}


def find_emails(text: str) -> list[str]:
    """E-mail addresses, "{a,b}@x.org" expanded, in order, each once."""
    text = normalise(text)[:MAX_SENTENCE_CHARS * 10]
    found: list[str] = []
    for match in _BRACED_EMAILS.finditer(text):
        for name in match.group(1).split(","):
            if re.fullmatch(r"[\w.+\-]+", name.strip()):
                found.append(f"{name.strip()}@{match.group(2)}".lower())
    for match in _EMAIL.finditer(_BRACED_EMAILS.sub(" ", text)):
        found.append(match.group(0).strip(".,;").lower())
    return list(dict.fromkeys(found))[:MAX_EMAILS]


def _link_emails(authors: list[Author], emails: list[str], text: str) -> None:
    """Give an author the address whose local part spells their name ("hao.yin@", "gcusatis@",
    "yinh@") or that is followed by their name in brackets ("x@y.edu (H. Yin)")."""
    for email in emails:
        local = re.sub(r"[^a-z]", "", email.split("@")[0])
        after = re.search(re.escape(email) + r"\s*\(([^()]{2,60})\)", text, re.IGNORECASE)
        named = after.group(1).lower() if after else ""
        candidates = []
        for author in authors:
            words = [re.sub(r"[^a-z]", "", w) for w in unicodedata.normalize("NFKD", author.name.lower()).split()]
            words = [w for w in words if w]
            if len(words) < 2 or author.email:
                continue
            given, family = words[0], words[-1]
            by_local = len(family) >= 2 and family in local and (given in local or local.startswith(given[0])
                                                                   or local.endswith(given[0]))
            by_name = bool(named) and family in named and given[0] in named.replace(family, "")
            if by_local or by_name:
                candidates.append(author)
        if len(candidates) == 1:
            candidates[0].email = email


# --- countries ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Places:
    by_name: dict[str, tuple[str, str]]  # lower-case name -> (ISO code, kind)
    any_case: re.Pattern[str]
    exact_case: re.Pattern[str]
    state_codes: frozenset[str]


@cache
def _places() -> _Places:
    by_name: dict[str, tuple[str, str]] = {}
    state_codes = set()
    folded, exact, cjk = [], [], []
    with open(COUNTRIES_PATH, encoding="utf-8") as handle:
        rows = csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t")
        for row in rows:
            name, code, kind = row["name"], row["code"], row["kind"]
            if kind == "us-state-code":
                state_codes.add(name)
                continue
            by_name.setdefault(name.lower(), (code, kind))
            short_caps = len(name) <= 5 and name.replace(".", "").isupper()
            if not name.isascii():
                cjk.append(name)
            else:
                (exact if short_caps else folded).append(name)

    def alternation(names: list[str]) -> str:
        return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))

    boundary = r"(?<![\w.])(?:{})(?![\w])"
    return _Places(by_name,
                   re.compile(boundary.format(alternation(folded)), re.IGNORECASE),
                   re.compile(boundary.format(alternation(exact)) + "|" + alternation(cjk)),
                   frozenset(state_codes))


_US_ZIP = re.compile(r"\b([A-Z]{2})\.?\s+\d{5}(?:-\d{4})?\b")
_US_ZIP_BEFORE = re.compile(r"(?:\b[A-Z]{2}|[A-Z][a-z]+),?\s+$")  # "Missouri 63166": a ZIP, not a grant
_MORE_SPECIFIC = {"CN": ("HK", "MO", "TW"), "KR": ("KP",)}
_KIND_RANK = {"country": 0, "country-last": 0, "alias": 0, "us-state": 1, "region": 2, "city": 2}


def country_of(text: str) -> str | None:
    """ISO 3166-1 alpha-2 country of an affiliation, from the last place name it gives.

    Countries and their aliases win over US states (or a state code before a ZIP code), which
    win over Chinese provinces and well-known cities. "Hong Kong ..., China" is HK.
    """
    text = normalise(text)[:MAX_CHARS * 2]
    places = _places()
    last_segment_start = text.rstrip(" .;").rfind(",") + 1
    found: list[tuple[int, int, str]] = []  # (rank, -position, code)
    for pattern in (places.any_case, places.exact_case):
        for match in pattern.finditer(text):
            code, kind = places.by_name.get(match.group(0).lower(), ("", ""))
            if not code or kind == "country-last" and match.start() < last_segment_start:
                continue
            if match.group(0).isascii() and match.group(0).islower():
                continue  # "china" in "chinaware"-like lower-case prose is not an address
            found.append((_KIND_RANK[kind], -match.start(), code))
    if _us_state_with_zip(text):
        found.append((1, -_US_ZIP.search(text).start(), "US"))
    if not found:
        return None
    code = min(found)[2]
    codes = {c for _, _, c in found}
    for specific in _MORE_SPECIFIC.get(code, ()):
        if specific in codes:
            return specific
    return code


def _us_state_with_zip(text: str) -> bool:
    return any(m.group(1) in _places().state_codes for m in _US_ZIP.finditer(text))


def _has_country_name(text: str) -> bool:
    places = _places()
    for pattern in (places.any_case, places.exact_case):
        for match in pattern.finditer(text):
            if places.by_name.get(match.group(0).lower(), ("", ""))[1] in ("country", "alias"):
                return True
    return False


# --- funding --------------------------------------------------------------------------------

def find_funding(pages: list[PageText]) -> list[Funding]:
    """Funding statements with funders as printed and grant numbers, from every page.

    Statements about computing time only ("computational resources provided by ...") are not
    funding; a statement with no funder and no grant number is dropped.
    """
    statements: list[Funding] = []
    seen: set[str] = set()
    for page in pages:
        for para in paragraphs(page.lines[:MAX_LINES_PER_PAGE]):
            text = join_lines([l.text for l in para])
            if not _FUNDING_CUE.search(text) and not _FUNDING_HEADING.match(text):
                continue
            under_heading = bool(re.match(r"^\s*(?:\d{1,2}\.?\s*)?(?:funding|financial|基金项目)", text,
                                          re.IGNORECASE))
            text = _FUNDING_HEADING.sub("", text, count=1)
            for sentence in _SENTENCE_END.split(text):
                funding = _funding_from_sentence(sentence[:MAX_SENTENCE_CHARS], page.number, under_heading)
                if funding is None:
                    continue
                names = {n.lower() for n in funding.funders} | set(funding.grants)
                if names - seen:  # the same funders and grants again (a "Funding" section repeating them)
                    seen |= names
                    statements.append(funding)
                    if len(statements) >= MAX_FUNDING:
                        return statements
    return statements


def _funding_from_sentence(sentence: str, page: int, under_heading: bool) -> Funding | None:
    sentence = " ".join(normalise(sentence).split())
    if not under_heading and not _FUNDING_CUE.search(sentence):
        return None
    if _IN_KIND_ONLY.search(sentence) and not _MONEY_WORD.search(sentence):
        return None
    grants = find_grants(sentence)
    funders = find_funders(sentence)
    if not funders and not grants:
        return None
    return Funding(text=_clip(sentence), funders=funders, grants=grants, page=page)


def find_grants(text: str) -> list[str]:
    """Grant identifiers: letter/digit codes with at least four digits, not years."""
    grants: list[str] = []
    for match in _GRANT_TOKEN.finditer(normalise(text)):
        token = match.group(0).strip("-/")
        digits = sum(c.isdigit() for c in token)
        if (digits < 4 or len(token) < 5 or _YEARISH.match(token) or _PHONE.match(token)
                or token.isdigit() and len(token) == 5
                and _US_ZIP_BEFORE.search(text[max(0, match.start() - 40):match.start()])):
            continue
        if token not in grants:
            grants.append(token)
            if len(grants) >= MAX_GRANTS_PER_STATEMENT:
                break
    return grants


def find_funders(sentence: str) -> list[str]:
    """Organisation names in a funding sentence, as printed.

    A name is a run of capitalised words (with "of", "and", "the" inside and an "(ACRONYM)");
    it counts when it has a funder word (Foundation, Council, Program, ...), is an acronym, or
    directly follows "by"/"from". Recipients ("grants to the X") are skipped.
    """
    funders: list[str] = []
    for name in _english_funders(sentence) + _chinese_funders(sentence):
        if name not in funders:
            funders.append(name)
    return funders[:MAX_FUNDERS_PER_STATEMENT]


def _english_funders(sentence: str) -> list[str]:
    tokens = _WORD_TOKEN.findall(sentence)
    found = []
    i = 0
    while i < len(tokens):
        if not _starts_name(tokens[i]):
            i += 1
            continue
        start = i
        run = [tokens[i]]
        i += 1
        while i < len(tokens):
            token = tokens[i]
            if token == "(" and i + 2 < len(tokens) and tokens[i + 2] == ")" and _starts_name(tokens[i + 1]):
                run += ["(", tokens[i + 1], ")"]
                i += 3
                continue
            if token.lower() in _CONNECTORS:
                nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
                ends_complete = _FUNDER_HEAD.search(run[-1]) or _ACRONYM.match(run[-1]) or run[-1] == ")"
                if token.lower() in ("and", "&") and (nxt.lower() == "the" or ends_complete):
                    break
                run.append(token)
                i += 1
                continue
            if _starts_name(token):
                run.append(token)
                i += 1
                continue
            break
        while run and (run[-1].lower() in _CONNECTORS or run[-1] == "("):
            run.pop()
        while run and run[0].lower() in ("the", "this", "a", "an", "these", "our"):
            run.pop(0)
        name = re.sub(r"\s+([)])|([(])\s+", r"\1\2", " ".join(run)).rstrip(".,")
        after = tokens[i].lower() if i < len(tokens) else ""
        if name and _is_funder(name, _word_before(tokens, start), after):
            found.append(_clip(name))
    return found


def _starts_name(token: str) -> bool:
    return token[:1].isupper() and token[:1].isalpha()


def _word_before(tokens: list[str], index: int) -> str:
    j = index - 1
    while j >= 0 and tokens[j].lower() == "the":
        j -= 1
    return tokens[j].lower() if j >= 0 else ""


def _is_funder(name: str, before: str, after: str) -> bool:
    words = name.split()
    if before in ("to", "at") or _PERSON_TITLE.match(words[0]) or len(name) > 200:
        return False
    if _ACRONYM.match(name):
        return (name.upper() not in _NOT_FUNDER and not _has_country_name(name)
                and (before in _ACRONYM_BEFORE or after in _ACRONYM_AFTER))
    if _FUNDER_HEAD.search(name) and (len(words) >= 2 or before in ("by", "from")):
        return True
    return (before in ("by", "from") and len(words) <= 3  # "supported by Boeing", not by a model's name
            and not _is_person_name(name) and not _has_country_name(name))


def _chinese_funders(sentence: str) -> list[str]:
    found = []
    for run in _CJK_RUN.findall(sentence):
        for chunk in _CJK_SPLIT.split(run):
            chunk = _CJK_PREFIX.sub("", chunk)
            match = _CJK_FUNDER.match(chunk)
            if match and len(match.group(0)) >= 4:
                found.append(match.group(0))
    return found


def _clip(text: str) -> str:
    return text[:MAX_CHARS]
