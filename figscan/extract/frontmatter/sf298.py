"""The report documentation page of US technical reports (Standard Form 298 and its 1989 form):
title, authors, the performing organisation (an affiliation), the sponsoring or monitoring
agency (a funder) and the contract and grant numbers.

The form is a grid of numbered boxes ("4. TITLE AND SUBTITLE", "7. PERFORMING ORGANIZATION
NAME(S) AND ADDRESS(ES)"). A box's value is the text below its label, left of the next label on
the same row and above the next label below it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from figscan.extract.frontmatter.text import MAX_CHARS, _clip, join_lines, normalise
from figscan.model import PageText, TextLine

_FORM = re.compile(r"REPORT\s+DOCUMENTATION\s+PAGE", re.IGNORECASE)
_LABEL = re.compile(r"(?<![\w.])(\d{1,2}[a-g]?)\s?\.\s+(?=[A-Z][A-Z/()' ,\-]{3})")
_NOT_A_VALUE = re.compile(r"^(?:n/?a|none|unclassified|unlimited|same as report|sar|\(?dd-mm-yyyy\)?|see .*)\.?$",
                          re.IGNORECASE)
_FIELD_NAMES = {
    "title": re.compile(r"^TITLE", re.IGNORECASE),
    "authors": re.compile(r"^AUTHOR", re.IGNORECASE),
    "performing": re.compile(r"^PERFORMING ORGANI[SZ]ATION NAME", re.IGNORECASE),
    "sponsor": re.compile(r"^SPONSORING\s*/?\s*MONITORING AGENCY NAME", re.IGNORECASE),
    "contract": re.compile(r"^CONTRACT NUMBER|^GRANT NUMBER|^FUNDING NUMBERS", re.IGNORECASE),
}
MAX_FORM_LINES = 400
PAGES_SEARCHED = 6  # the form is among the first pages (after a cover, a blank and a title page), or the last


@dataclass
class ReportForm:
    """What an SF 298 says, as printed."""
    page: int
    title: str = ""
    authors: list[str] = field(default_factory=list)
    performing: str = ""
    sponsor: str = ""
    sponsor_name: str = ""  # the agency alone, the box's first line
    grants: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Label:
    number: str
    name: str
    x0: float
    y0: float
    y1: float


def find_report_form(pages: list[PageText]) -> ReportForm | None:
    """The first report documentation page among the first and last pages, read box by box."""
    candidates = pages[:PAGES_SEARCHED] + [p for p in pages[-PAGES_SEARCHED:] if p not in pages[:PAGES_SEARCHED]]
    for page in candidates:
        if _FORM.search(page.text[:3000]):
            form = read_report_form(page)
            if form.title or form.performing or form.sponsor:
                return form
    return None


def read_report_form(page: PageText) -> ReportForm:
    lines = page.lines[:MAX_FORM_LINES]
    labels = _labels(lines)
    form = ReportForm(page=page.number)
    values: dict[str, list[str]] = {}
    for label in labels:
        key = next((k for k, pattern in _FIELD_NAMES.items() if pattern.match(label.name)), None)
        if key:
            values.setdefault(key, []).extend(_box_value(label, labels, lines, page.width))
    form.title = _clip(join_lines(values.get("title", [])))
    form.authors = _authors(values.get("authors", []))
    form.performing = _clip(_organisation(values.get("performing", [])))
    form.sponsor = _clip(_organisation(values.get("sponsor", [])))
    first_line = (values.get("sponsor") or [""])[0]  # a sponsor box can be present and empty
    form.sponsor_name = _clip(", ".join(p.strip() for p in first_line.split(",")
                                        if p.strip() and not any(c.isdigit() for c in p)))  # "..., 3E1088"
    form.grants = [g for text in values.get("contract", []) for g in re.findall(r"[A-Z0-9][A-Z0-9\-/.]{4,30}", text)
                   if sum(c.isdigit() for c in g) >= 3][:10]
    return form


def _labels(lines: list[TextLine]) -> list[_Label]:
    """Every numbered box label; several on one text line get x positions by character share."""
    labels = []
    for line in lines:
        text = normalise(line.text)
        matches = list(_LABEL.finditer(text))
        width = line.bbox[2] - line.bbox[0]
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            x0 = line.bbox[0] + width * match.start() / max(len(text), 1)
            labels.append(_Label(match.group(1), text[match.end():end].strip(), x0, line.bbox[1], line.bbox[3]))
    return labels


def _box_value(label: _Label, labels: list[_Label], lines: list[TextLine], width: float) -> list[str]:
    same_row = [l.x0 for l in labels if abs(l.y0 - label.y0) < 4 and l.x0 > label.x0 + 5]
    right = min(same_row, default=width)
    below = [l.y0 for l in labels if l.y0 > label.y1 - 1 and label.x0 - 20 < l.x0 < right - 5]
    bottom = min(below, default=label.y1 + 120)
    texts = []
    for line in lines:
        x0, y0 = line.bbox[0], line.bbox[1]
        if label.y1 - 2 <= y0 < bottom - 1 and label.x0 - 6 <= x0 < right - 4 and not _LABEL.match(line.text):
            text = normalise(line.text).strip()
            if text and not _NOT_A_VALUE.match(text):
                texts.append(text)
    return texts


_SURNAME_FIRST = re.compile(r"^([A-Z][\w'\-]+),\s*([A-Z][\w'\-]*\.?)(?:,?\s*([A-Z]\.?)(?=,|$))?")


def _authors(texts: list[str]) -> list[str]:
    """Names as "Given Family": the form prints "Metts, Carrington, A; Miller, Curtis, G" or
    "Jane Doe, John Roe"."""
    joined = "; ".join(texts)
    pieces = re.split(r"\s*;\s*|\s+and\s+", joined)
    names = []
    for piece in pieces:
        surname_first = _SURNAME_FIRST.match(piece.strip())
        if surname_first and (";" in joined or len(pieces) == 1):
            family, given, initial = surname_first.groups()
            middle = initial.rstrip(".") + "." if initial else ""
            names.append(" ".join(n for n in (given, middle, family) if n))
        else:
            names.extend(p.strip(" .,") for p in piece.split(","))
    return [_clip(n) for n in names if 2 <= len(n.split()) <= 6][:50]


def _organisation(texts: list[str]) -> str:
    return ", ".join(t.strip(" ,") for t in texts)[:MAX_CHARS]
