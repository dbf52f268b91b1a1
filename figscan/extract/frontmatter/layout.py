"""The header of page 1 read from its layout: what to set aside (line numbers, running heads,
journal banners, publisher boilerplate), the title, and the block of lines under it.

Positions and font sizes decide, not the order of the text: a banner is what sits above a
"Contents lists available at ... journal homepage" box or repeats at the top of the next pages;
line numbers are a column of bare integers in a margin; the title is the largest text below the
banner with at least three words; the front block runs from the title to the abstract, the
article-info box or the first paragraph of prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import takewhile
from string import ascii_lowercase

from rapidfuzz import fuzz

from figscan.extract.frontmatter.places import country_of
from figscan.extract.frontmatter.text import (
    _EMAIL,
    _INSTITUTION,
    CJK_CHARACTER,
    MAX_CHARS,
    TextLine,
    _body_font_size,
    line_pitch_ratio,
    normalise,
)
from figscan.extract.frontmatter.thesis import field_value, is_chinese_issuer, is_degree_label, is_title_label
from figscan.model import PageText

_TITLE_NOISE = re.compile(
    r"©|copyright|https?://|www\.|\bdoi\b|arxiv|journal|proceedings|conference|\bvol\b|"
    r"accepted manuscript|research (?:paper|article)|original (?:paper|article)|review article|"
    r"^article$|^\W*\d[\d\s\-.:/]*$|\bAIAA \d|downloaded|submitted|"
    r"contents lists available|homepage|check for updates|open access|\bissn\b|"
    r"technical (?:report|memorandum|note|paper)(?!\s*:\s*[A-Za-z]{2,}\s+[A-Za-z])|contractor report|report (?:no|number)|\bNASA/|"
    r"\b(?:AFRL|ARL|NRL|AFIT)-|distribution (?:statement|unlimited)|approved for public release|"
    r"^(?:transactions|letters|annals|bulletin|acta)\b|this article has been accepted|citation:|"
    r"^\W*preprint\b|^\W*[A-Z]{2,8}[\s-]?\d[\d-]{2,}\W*$|"  # "(Preprint) AAS 25-682", "GT2009-59391": a paper's number
    # a meeting's dates ("June 8-12, 2009, Orlando", "8-12 June 2009")
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\s*[-–]\s*\d{1,2},?\s+(?:19|20)\d\d\b|"
    r"\b\d{1,2}\s*[-–]\s*\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d\b",
    re.IGNORECASE)
_FRONT_STOP = re.compile(
    r"^(?:abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary|keywords?|key\s?words|index terms|"
    r"nomenclature|(?:1|I)\.?\s+introduction|introduction|article\s+info|a\s?r\s?t\s?i\s?c\s?l\s?e\s+i\s?n\s?f\s?o|"
    r"article history|highlights|graphical abstract|摘\s*要|关键词|中图分类号)\b",
    re.IGNORECASE)
_BANNER_END = re.compile(r"journal homepage|homepage:|www\.elsevier\.com|contents lists available|"
                         r"sciencedirect|journal home page", re.IGNORECASE)
_LINE_NUMBER = re.compile(r"^\d{1,4}$")
_LEADING_NUMBER = re.compile(r"^(\d{1,4})\s+(?=\S)")
MIN_LINE_NUMBERS = 6  # a margin column of at least this many bare integers is line numbering
LINE_NUMBERED_SHARE = 0.3  # ... and numbers glued to the text must lead this share of the page's lines
MIN_TITLE_WORDS = 3  # fewer, and a metadata or report-form title is preferred
MIN_HEADING_WORDS = 2  # a larger one-word label ("Article", "REVIEW", a journal's name) is no title
MAX_LEADING_NOTES = 3  # prose lines skipped between the title and the authors (a generator's note)
_AUTHORS_HEADING = re.compile(r"^(?:authors?|author information|affiliations?)\s*:?$", re.IGNORECASE)
MAX_TITLE_LINES = 6
TITLE_SIZE_SPREAD = 0.06  # a scan's text layer sizes one title's lines this far apart (22.0 and 20.8 pt)
TITLE_METADATA_AGREES = 90  # rapidfuzz partial ratio at which the page prints the metadata title
METADATA_OVERRIDE_WORDS = 4  # a metadata title replaces the layout's only when it is this long


_TITLE_LABEL = re.compile(r"^\s*(?:article\s+)?title\s*[.:]\s*$", re.IGNORECASE)
MAX_LABELLED_TITLE_LINES = 4


def labelled_title(lines: list[TextLine]) -> list[TextLine]:
    """A title page that labels its fields (Elsevier's "Essential title page information": a
    "Title." line over the title, then "Author names and affiliations."): the lines under the
    label, left-aligned with it, up to the first gap; [] when no line is such a label."""
    label = next((l for l in lines if _TITLE_LABEL.match(l.text)), None)
    if label is None:
        return []
    ordered = sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0]))
    title: list[TextLine] = []
    bottom = label.bbox[3]
    for line in ordered:
        if line.bbox[1] <= label.bbox[1] or abs(line.bbox[0] - label.bbox[0]) > 2 * label.size:
            continue
        if line.bbox[1] - bottom > 0.8 * max(line.size, 1.0) or len(title) == MAX_LABELLED_TITLE_LINES:
            break
        title.append(line)
        bottom = line.bbox[3]
    return title if len(" ".join(l.text for l in title).split()) >= MIN_TITLE_WORDS else []


# a page number in brackets or after dot leaders; a bare number could end a line of prose or a table
_CONTENTS_ENTRY = re.compile(r"(?:[(（〈]\s*\d{1,4}\s*[)）〉]?|\.{3,}\s*\d{1,4})\s*$")
MIN_CONTENTS_ENTRIES = 5  # lines ending with a page number ("... 朱先强, 丁兆云, 等 (104)", "Introduction .... 5")
MIN_HEADER_LINES = 8  # a page with fewer lines and no title (a scanned journal cover) is not the paper's first page


def is_contents_page(page: PageText) -> bool:
    """A journal issue's contents page, scanned before the paper: many lines, a quarter or more
    of them, end with a page number."""
    entries = sum(1 for l in page.lines if _CONTENTS_ENTRY.search(l.text))
    return entries >= max(MIN_CONTENTS_ENTRIES, len(page.lines) / 4)


@dataclass(frozen=True)
class Header:
    """Page-1 lines with the set-aside ones removed, and where the banner ends (page points)."""
    lines: list[TextLine]
    banner_bottom: float = 0.0
    set_aside: int = 0
    running_heads: tuple[TextLine, ...] = ()  # the next pages' top and bottom lines (a journal's citation)


def read_header(page: PageText, later: list[PageText]) -> Header:
    """Page-1 lines without line numbers, running heads and the journal banner box."""
    lines = merge_rows(strip_line_numbers([l for l in page.lines if not _vertical(l)], page.width))
    repeated = _running_heads(later, page.height)
    body = _body_font_size(lines)
    kept = [l for l in lines  # a title the next pages repeat as their running head stays: it is set large
            if not (_edge(l, page.height) and _shape(l.text) in repeated and l.size < 1.15 * body)]
    banner = [l for l in kept if _BANNER_END.search(l.text) and l.bbox[1] < 0.3 * page.height]
    bottom = max((l.bbox[3] for l in banner), default=0.0)
    heads = tuple(l for p in later[:2] for l in p.lines[:40] + p.lines[-20:] if _edge(l, page.height))
    return Header(kept, bottom, len(page.lines) - len(kept), heads)


def _vertical(line: TextLine) -> bool:
    """Text set sideways (arXiv's identifier stamp in the left margin, a journal's edge label):
    never part of the header, and it would join the lines it crosses."""
    width, height = line.bbox[2] - line.bbox[0], line.bbox[3] - line.bbox[1]
    return height > 2 * width and len(line.text) > 3  # OCR sizes a line by its height: not by size


def strip_line_numbers(lines: list[TextLine], width: float) -> list[TextLine]:
    """Lines without the line numbers of a review manuscript: a column of bare integers in a
    margin, or a run of lines that each start with the next integer."""
    bare = [l for l in lines if _LINE_NUMBER.match(l.text.strip())
            and (l.bbox[2] < 0.15 * width or l.bbox[0] > 0.85 * width)]
    if len(bare) >= MIN_LINE_NUMBERS:
        drop = {id(l) for l in bare}
        lines = [l for l in lines if id(l) not in drop]
    leading = [(l, int(m.group(1))) for l in lines if (m := _LEADING_NUMBER.match(l.text))]
    if len(leading) < max(MIN_LINE_NUMBERS, LINE_NUMBERED_SHARE * len(lines)):
        return lines  # a few numbered footnotes or headings ("1 Beihang University.", "1 Introduction")
    ordered = sorted(leading, key=lambda item: item[0].bbox[1])
    rising = sum(1 for (_, a), (_, b) in zip(ordered, ordered[1:]) if 0 < b - a <= 3)
    if rising < 0.7 * (len(ordered) - 1):
        return lines  # numbered affiliations or a list, not line numbering
    numbered = {id(l) for l, _ in leading}
    return [replace(l, text=_LEADING_NUMBER.sub("", l.text, count=1)) if id(l) in numbered else l for l in lines]


def merge_rows(lines: list[TextLine]) -> list[TextLine]:
    """Pieces of one printed line that the text layer split (a name, its raised markers, the
    next name) joined left to right: they share a baseline band and nearly touch. The longer
    piece gives the size, so a drop cap does not make a paragraph a title."""
    merged: list[TextLine] = []
    for line in sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0])):
        for index in range(len(merged) - 1, max(-1, len(merged) - 8), -1):
            joined = _joined(merged[index], line) or _joined(line, merged[index])
            if joined:
                merged[index] = joined
                break
        else:
            merged.append(line)
    return merged


def _joined(left: TextLine, right: TextLine) -> TextLine | None:
    """`left` and `right` as one line when `right` continues `left` on the same row, else None."""
    size = max(min(left.size, right.size), 1.0)
    overlap = min(left.bbox[3], right.bbox[3]) - max(left.bbox[1], right.bbox[1])
    gap = right.bbox[0] - left.bbox[2]
    if overlap < 0.5 * min(left.bbox[3] - left.bbox[1], right.bbox[3] - right.bbox[1]) or not -1 <= gap <= 0.6 * size:
        return None
    return replace(left, text=left.text + ("" if gap < 0.15 * size else " ") + right.text,
                   size=(left if len(left.text) >= len(right.text) else right).size, bold=left.bold or right.bold,
                   bbox=(left.bbox[0], min(left.bbox[1], right.bbox[1]), right.bbox[2],
                         max(left.bbox[3], right.bbox[3])))


def _edge(line: TextLine, height: float) -> bool:
    return line.bbox[1] < 0.09 * height or line.bbox[3] > 0.93 * height


def _shape(text: str) -> str:
    """A line's text with digits and spacing folded, so "Page 2" and "Page 3" repeat."""
    return re.sub(r"[\d\s]+", "", normalise(text).lower())[:80]


def _running_heads(later: list[PageText], height: float) -> set[str]:
    heads: set[str] = set()
    for page in later[:2]:
        heads |= {_shape(l.text) for l in page.lines[:40] + page.lines[-20:] if _edge(l, height)}
    heads.discard("")
    return heads


# --- title ----------------------------------------------------------------------------------

def title_lines(lines: list[TextLine], height: float, body_size: float, below: float = 0.0,
                running_heads: tuple[TextLine, ...] = ()) -> list[TextLine]:
    """The largest lines near the top, below the banner, that read as a title of three or more
    words; a larger one-word label ("Article", a journal section) and a journal's name that a
    citation line on the page or in the next pages' running heads gives way to the next size."""
    candidates = _title_candidates(lines, height, below)
    rejected: set[int] = set()
    for size in sorted({round(l.size, 1) for l in candidates}, reverse=True)[:4]:
        if size < body_size * 1.15:
            break
        group = _title_group([l for l in candidates
                              if l.size >= size - max(0.6, TITLE_SIZE_SPREAD * size) and id(l) not in rejected])
        if group and is_title_label(group[0].text):  # a thesis cover's "题目：" field: its value
            group = field_value(group[0], lines)[:MAX_TITLE_LINES]
        words = sum(len(l.text.split()) for l in group) + sum(len(re.findall(r"[\u4e00-\u9fff]", l.text)) // 2
                                                              for l in group)
        if words >= MIN_HEADING_WORDS and not _issuer_or_place(group) and not _cited_journal(group, [*lines, *running_heads]):
            return group
        rejected |= {id(l) for l in group}
    return _bold_title(candidates, body_size, rejected)


SUBTITLE_MIN_SIZE = 1.25  # of the body size: a subtitle set smaller than its title but larger than authors


def with_subtitle(lines: list[TextLine], heading: list[TextLine], body_size: float) -> list[TextLine]:
    """The title and the subtitle set under it a size smaller ("CONCATENATIVE PROGRAMMING" /
    "An Overlooked Paradigm in Functional Programming"): centred under it, larger than the body,
    not a name or an address."""
    if not heading:
        return heading
    from figscan.extract.frontmatter.authors import _author_names  # authors reads names, not the layout

    size = min(l.size for l in heading)
    left, right = min(l.bbox[0] for l in heading), max(l.bbox[2] for l in heading)
    middle, bottom = (left + right) / 2, max(l.bbox[3] for l in heading)
    last_top = max(l.bbox[1] for l in heading)
    below = sorted((l for l in lines if l.bbox[1] > last_top + 0.5 * size and all(l is not h for h in heading)),
                   key=lambda l: (l.bbox[1], l.bbox[0]))
    added: list[TextLine] = []
    for line in below[:2]:
        text = normalise(line.text).strip()
        if (line.bbox[1] - (added[-1].bbox[3] if added else bottom) > 0.5 * line.size
                or not SUBTITLE_MIN_SIZE * body_size <= line.size < size - 0.3
                or abs((line.bbox[0] + line.bbox[2]) / 2 - middle) > 0.1 * (right - left) and abs(line.bbox[0] - left) > 2
                or len(text.split()) < MIN_HEADING_WORDS or _TITLE_NOISE.search(text) or _EMAIL.search(text)
                or _INSTITUTION.search(text) or _author_names(text, set(ascii_lowercase)) or _FRONT_STOP.match(text)):
            break
        added.append(line)
    return heading + added


def _title_candidates(lines: list[TextLine], height: float, below: float) -> list[TextLine]:
    return [l for l in lines
            if below - 1 <= l.bbox[1] < 0.7 * height
            and sum(c.isalnum() for c in l.text) >= 0.6 * len(l.text) > (1 if CJK_CHARACTER.search(l.text) else 2)  # "算法"
            and "=" not in l.text and not _TITLE_NOISE.search(l.text) and not _EMAIL.search(l.text)]


# a manuscript's title-page fields in bold ("Author contributions: ...", "Acknowledgements: ..."):
# a label of a capitalised word and lower-case ones, or a section's name, before a colon
_FIELD_LABEL = re.compile(r"^(?:[A-Z][a-z]+(?:\s[a-z]+){1,3}|(?i:acknowledg\w*|funding|correspondence|"
                          r"abbreviations|conflicts?|declarations?|keywords))\s*:")
MAX_BOLD_GROUPS = 6  # bold groups tried, largest first, when no line is set larger than the body


def _bold_title(candidates: list[TextLine], body_size: float, rejected: set[int]) -> list[TextLine]:
    """A title set in bold at the body's size (ASME's capitals, a report's title page): the
    largest bold group of three or more words that is not an issuer's name or a place."""
    bold = [l for l in candidates if l.bold and l.size >= body_size - 0.5 and id(l) not in rejected]
    for _ in range(MAX_BOLD_GROUPS):
        if not bold:
            break
        size = max(l.size for l in bold)
        group = _title_group([l for l in bold if l.size >= size - 0.6], _body_title_gap(candidates))
        if (sum(len(l.text.split()) for l in group) >= MIN_TITLE_WORDS and not _issuer_or_place(group)
                and not _FRONT_STOP.match(group[0].text.strip()) and not _FIELD_LABEL.match(normalise(group[0].text).strip())):
            return group
        bold = [l for l in bold if all(l is not g for g in group)]
    return []


CENTRED_SLACK = 0.04  # of the text width: how far a centred line's middle may sit from the text's
CENTRED_TOP = 0.4  # of the page height: a title set in the body's size and weight is this high up
CENTRED_INSET = 0.01  # of the text width: the margin a wide centred line keeps on each side (justified prose: none)


def centred_title(lines: list[TextLine], height: float, below: float = 0.0,
                  frame: list[TextLine] | None = None) -> list[TextLine]:
    """A title set in the body's font, size and weight (a Chinese conference submission): the top
    line of two or more words centred over the text (`lines` give its extent), with the centred
    lines that follow it. The last resort: a metadata title the page prints comes first."""
    candidates = _title_candidates(lines, height, below)
    lines = frame or lines
    if not lines:
        return []
    left, right = min(l.bbox[0] for l in lines), max(l.bbox[2] for l in lines)
    width = max(right - left, 1.0)

    def centred(line: TextLine) -> bool:
        """Centred over the text, and not a full line of justified prose: a line nearly as wide as
        the text (an APA manuscript's long title) keeps a margin on both sides."""
        middle = (line.bbox[0] + line.bbox[2]) / 2
        inset = min(line.bbox[0] - left, right - line.bbox[2])
        return (abs(middle - (left + right) / 2) < CENTRED_SLACK * width
                and (line.bbox[2] - line.bbox[0] < 0.9 * width or inset > CENTRED_INSET * width))

    for line in sorted(candidates, key=lambda l: (l.bbox[1], l.bbox[0])):
        if line.bbox[1] > CENTRED_TOP * height:
            break
        words = len(line.text.split()) + len(CJK_CHARACTER.findall(line.text)) // 2
        if (not centred(line) or words < MIN_HEADING_WORDS or _is_prose(line.text)
                or _FRONT_STOP.match(line.text.strip()) or _issuer_or_place([line])):
            continue
        group = _title_group([l for l in candidates if centred(l) and abs(l.size - line.size) < 0.6
                              and l.bbox[1] >= line.bbox[1]], _body_title_gap(lines))
        return group[:1] + list(takewhile(lambda l: not _names_or_address(l.text), group[1:]))
    return []


def _names_or_address(text: str) -> bool:
    """A line that lists names or gives an address: where a title set like its authors ends."""
    from figscan.extract.frontmatter.authors import _author_names  # authors reads names, not the layout

    return bool(_INSTITUTION.search(text) or _author_names(text, set()))


_ISSUER_END = re.compile(r"\b(?:university|school|institute|laborator(?:y|ies)|college|academy|cent(?:er|re)|"
                         r"agency|command|corporation|division)$", re.IGNORECASE)
_ISSUER_OF = re.compile(r"\b(?:university|institute|college|academy)\s+of\s+\S+(?:\s+\S+)?$", re.IGNORECASE)  # "X Institute of Technology"
MAX_ISSUER_WORDS = 5


def _issuer_or_place(group: list[TextLine]) -> bool:
    """A report cover's large issuer ("NAVAL POSTGRADUATE SCHOOL") or its place ("MONTEREY,
    CALIFORNIA"), a thesis cover's degree label or university: set like a title, but no title."""
    text = " ".join(" ".join(l.text for l in group).split()).strip(" .,")
    words = text.split()
    if is_degree_label(text) or is_chinese_issuer(text):
        return True  # a thesis cover's "硕士学位论文", "MASTER THESIS", "电子科技大学"
    if len(words) > MAX_ISSUER_WORDS:
        return False
    return bool(_ISSUER_END.search(text) or _ISSUER_OF.search(text)) or "," in text and country_of(text) is not None


# a citation line's journal, before its volume or year: "Appl. Math. Mech. -Engl. Ed., 47(7), 1603-1624 (2026)"
_CITATION = re.compile(r"^\s*([^\W\d_][^\d:;]{3,80}?)[\s,.]*\d{1,4}\s*[(,:]")
_MINOR_WORDS = {"and", "of", "the", "for", "in", "on"}


def _cited_journal(group: list[TextLine], lines: list[TextLine]) -> bool:
    """A journal's name set like a title ("APPLIED MATHEMATICS AND MECHANICS (ENGLISH EDITION)")
    that the page's citation line names, in full or abbreviated word by word ("Appl. Math. Mech.
    -Engl. Ed., 47(7), ...")."""
    words = [w for w in re.findall(r"[^\W\d_]+", normalise(" ".join(l.text for l in group)).lower())
             if w not in _MINOR_WORDS]
    if len(words) < MIN_HEADING_WORDS or len(words) > MAX_ISSUER_WORDS * 2:
        return False
    for line in lines:
        cited = _CITATION.match(normalise(line.text))
        short = [w for w in re.findall(r"[^\W\d_]+", cited.group(1).lower()) if w not in _MINOR_WORDS] if cited else []
        if len(short) == len(words) and all(w.startswith(a) for w, a in zip(words, short)) and line not in group:
            return True
    return False


TITLE_LINE_GAP = 1.2  # font sizes: the widest gap between two lines of one title


def _title_group(lines: list[TextLine], gap: float = TITLE_LINE_GAP) -> list[TextLine]:
    ordered = sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0]))
    if not ordered:
        return []
    group = [ordered[0]]
    for line in ordered[1:]:
        if line.bbox[1] - group[-1].bbox[3] > gap * line.size or len(group) >= MAX_TITLE_LINES:
            break
        group.append(line)
    return group


def _body_title_gap(lines: list[TextLine]) -> float:
    """The gap between two lines of a title set in the body's size: the page's own line spacing
    (a double-spaced manuscript's title is double-spaced too), at least TITLE_LINE_GAP."""
    return max(TITLE_LINE_GAP, line_pitch_ratio(lines) - 1 + TITLE_LINE_GAP / 4)




def plausible_metadata_title(title: str) -> str:
    """The metadata title, unless it is a file name, a tool's placeholder or too short."""
    title = " ".join(title.split())[:MAX_CHARS]
    if len(title.split()) < 3 or re.search(
            r"\.(?:docx?|dvi|tex|pdf|ps|indd|rtf)\b|^microsoft |^untitled|^title$|^\s*doi\b|^untitled|"
            r"^(?:manuscript|paper|article|template|draft)\b", title, re.IGNORECASE):
        return ""
    return title


def choose_title(layout_title: str, metadata_title: str, page_text: str) -> str:
    """The layout's title, unless the metadata title is printed on the page and the layout's is
    not the same: then the metadata's (a banner or a label took the layout's place)."""
    if not metadata_title:
        return layout_title
    if len(layout_title.split()) < MIN_TITLE_WORDS:
        return metadata_title
    plain_meta, plain_layout = _plain(metadata_title), _plain(layout_title)
    if fuzz.ratio(plain_meta, plain_layout) >= TITLE_METADATA_AGREES:
        return layout_title
    trusted = (len(metadata_title.split()) >= METADATA_OVERRIDE_WORDS and not _TITLE_NOISE.search(metadata_title)
               and len(plain_meta) >= 0.5 * len(plain_layout))  # a journal's name cannot displace a title
    if trusted and fuzz.partial_ratio(plain_meta, _plain(page_text[:6000])) >= TITLE_METADATA_AGREES:
        return metadata_title
    return layout_title


def lines_of_title(lines: list[TextLine], title: str, height: float) -> list[TextLine]:
    """The page lines that print `title` (a metadata title the layout did not single out: a
    manuscript set in one font size), top first; [] when the page does not print it."""
    plain_title = _plain(title)
    found: list[TextLine] = []
    for line in sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0])):
        text = _plain(line.text)
        inside = len(text) >= 8 and fuzz.partial_ratio(text, plain_title) >= TITLE_METADATA_AGREES
        if inside and (found or line.bbox[1] < 0.7 * height and len(text.split()) >= 3):
            found.append(line)
        elif found:
            break
    return found if sum(len(_plain(l.text)) for l in found) >= 0.6 * len(plain_title) else []


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", normalise(text).lower()).split())


# --- front block: authors and affiliations under the title ------------------------------------

def front_block(lines: list[TextLine], top: float, title_ids: set[int]) -> list[TextLine]:
    """The lines between the title and the abstract (or the first prose, or the page's end)."""
    return front_block_to_stop(lines, top, title_ids)[0]


def front_block_to_stop(lines: list[TextLine], top: float, title_ids: set[int]) -> tuple[list[TextLine], bool]:
    """The front block, and whether an abstract, a heading or prose ended it before the page did."""
    below = sorted((l for l in lines if (l.bbox[1] >= top - 1 or _middle(l) > top) and id(l) not in title_ids),
                   key=lambda l: (l.bbox[1], l.bbox[0]))
    block: list[TextLine] = []
    notes = 0
    side = float("inf")  # where a column beside the block starts (SIGCHI: the abstract right of the author grid)
    for index, line in enumerate(below):
        text = line.text.strip()
        if line.bbox[0] >= side:
            continue
        if _FRONT_STOP.match(text.lstrip("【[(（〔 ")):
            if block and line.bbox[0] > max(l.bbox[2] for l in block):
                side = line.bbox[0] - 1
                continue
            return block + _side_column(below[index + 1:], line), True
        if _is_prose(text):
            if block or notes >= MAX_LEADING_NOTES:
                return block, True
            notes += 1  # "This manuscript was automatically generated from ..." above the authors
            continue
        if not _AUTHORS_HEADING.match(text):
            block.append(line)
    return block, False


def _middle(line: TextLine) -> float:
    """A line's vertical middle: OCR boxes of consecutive lines overlap, so the line under the
    title can start above the title's bottom."""
    return (line.bbox[1] + line.bbox[3]) / 2


_SIDE_STOP = re.compile(r"^\s*(?:correspondence|funding(?: information)?|present address|keywords?|"
                        r"article history|received|e-?mail)\b", re.IGNORECASE)


def _side_column(after: list[TextLine], stop: TextLine) -> list[TextLine]:
    """The lines of a narrow column left of an indented "Abstract" (Wiley's layout prints the
    numbered affiliations there, beside the abstract), down to its next label or a wide gap."""
    if stop.bbox[0] < 100:
        return []
    side: list[TextLine] = []
    for line in after:
        if line.bbox[2] > stop.bbox[0] - 2:
            continue  # the abstract itself
        gap = line.bbox[1] - (side[-1].bbox[3] if side else stop.bbox[1])
        if _SIDE_STOP.match(line.text) or gap > 2.5 * max(line.size, 1.0):
            break
        side.append(line)
    return side if any(_INSTITUTION.search(l.text.lstrip("0123456789 ")) for l in side) else []


MIN_CJK_PROSE = 25  # Chinese characters in a punctuated line of running text (names and titles are shorter)


def _is_prose(text: str) -> bool:
    """A sentence of running text (abstract or body), not a name or an address."""
    words = text.split()
    if _INSTITUTION.search(text):
        return False
    if len(CJK_CHARACTER.findall(text)) >= MIN_CJK_PROSE and re.search(r"[，。；]", text):
        return True  # a line of Chinese running text
    if len(words) < 8:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower / len(words) > 0.45


def issuer_address(lines: list[TextLine], height: float, body_size: float) -> tuple[str, float]:
    """A report cover's issuer set large and the place under it ("NAVAL POSTGRADUATE SCHOOL" /
    "MONTEREY, CALIFORNIA") as one address, with its top; ("", 0) when the cover has none."""
    large = sorted((l for l in lines if l.bbox[1] < 0.7 * height and l.size >= 1.15 * body_size),
                   key=lambda l: (l.bbox[1], l.bbox[0]))
    for size in sorted({round(l.size, 1) for l in large}, reverse=True)[:4]:
        group = _title_group([l for l in large if abs(l.size - size) <= 0.6])
        text = " ".join(" ".join(l.text for l in group).split())
        if not group or not _ISSUER_END.search(text) or len(text.split()) > MAX_ISSUER_WORDS:
            continue
        bottom = group[-1].bbox[3]
        place = next((l for l in large if 0 <= l.bbox[1] - bottom < 2.5 * l.size and l not in group
                      and country_of(l.text)), None)
        return (f"{text}, {' '.join(place.text.split())}" if place else text), group[0].bbox[1]
    return "", 0.0
