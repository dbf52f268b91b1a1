"""Numbered and marked affiliation lists: markers that count up (1, 2, 3 or a, b, c), lists run
together in one paragraph, rows of footnotes set side by side."""
from __future__ import annotations

import re
from dataclasses import replace

from figscan.extract.frontmatter.text import _LEADING_MARKER, _SYMBOL_MARKERS, MAX_SENTENCE_CHARS, normalise
from figscan.model import TextLine

MIN_RUN_IN_LIST = 3
MARKED_ROW_GAP = 4.0  # font sizes: "1Columbia University   2Toyota Research Institute   3UT Austin" is one row


def numbered_list(groups: list[tuple[list[str], float]], minimum: int = MIN_RUN_IN_LIST) -> bool:
    """Footnote lines led by markers that count up (1, 2, 3 or a, b, c), three or more: a list
    of affiliations, whatever each names."""
    markers = []
    for texts, _ in groups:
        lead = _LEADING_MARKER.match(texts[0])
        marker = next((g for g in lead.groups() if g), "") if lead else ""
        if marker.isalnum():
            markers.append(marker)
    run = 1
    for previous, marker in zip(markers, markers[1:]):
        run = run + 1 if marker == next_marker(previous) else 1
        if run >= minimum:
            return True
    return False


def join_marked_row(lines: list[TextLine]) -> list[TextLine]:
    """Numbered affiliations set side by side in one footnote row, joined left to right, so the
    row and the line it wraps onto read as one run-in list."""
    joined: list[TextLine] = []
    for line in sorted(lines, key=lambda l: (round(l.bbox[1]), l.bbox[0])):
        last = joined[-1] if joined else None
        if (last is not None and _LEADING_MARKER.match(normalise(line.text))
                and min(last.bbox[3], line.bbox[3]) - max(last.bbox[1], line.bbox[1]) > 0.5 * (line.bbox[3] - line.bbox[1])
                and 0 <= line.bbox[0] - last.bbox[2] < MARKED_ROW_GAP * max(line.size, 1.0)):
            joined[-1] = replace(last, text=f"{last.text} {line.text}", bbox=(
                last.bbox[0], min(last.bbox[1], line.bbox[1]), line.bbox[2], max(last.bbox[3], line.bbox[3])))
        else:
            joined.append(line)
    return joined


WORD_GAP = 1.6  # font sizes: a justified line's widest gap between words, narrower than a column gap
JUSTIFIED_GAP = 2.5  # font sizes: a wider gap joins words only when the row's other gaps are as wide
EVEN_GAPS = 2  # ... that many other gaps of the row within EVEN_GAP_SLACK of it: a justified line's spacing
EVEN_GAP_SLACK = 0.1


def join_words_on_a_baseline(lines: list[TextLine]) -> list[TextLine]:
    """Fragments of one printed line joined left to right: some text layers give each word of a
    justified footnote as its own line ("The" "authors" "are" "with" ...), which then reads as
    words, not an address. Only same-size fragments on one baseline, a word gap apart, one of
    them a single word, are joined, so two columns' lines stay apart; a gap up to JUSTIFIED_GAP
    wide counts as a word gap when the row spaces other words as widely ("Research  Organisation
    (CSIRO),  Canberra,  ACT"), which a column gap never matches."""
    ordered = sorted(lines, key=lambda l: (round(l.bbox[3]), l.bbox[0]))
    gaps = [(b, b.bbox[0] - a.bbox[2]) for a, b in zip(ordered, ordered[1:]) if _one_row(a, b)]
    joined: list[TextLine] = []
    for line in ordered:
        last = joined[-1] if joined else None
        gap = line.bbox[0] - last.bbox[2] if last is not None else -1.0
        size = max(line.size, 1.0)
        if (last is not None and _one_row(last, line) and 0 <= gap
                and (" " not in last.text.strip() or " " not in line.text.strip())
                and (gap < WORD_GAP * size or gap < JUSTIFIED_GAP * size and sum(
                    abs(other - gap) <= EVEN_GAP_SLACK * gap and _one_row(right, line) for right, other in gaps) > EVEN_GAPS)):
            joined[-1] = replace(last, text=f"{last.text.rstrip()} {line.text.lstrip()}", bbox=(
                last.bbox[0], min(last.bbox[1], line.bbox[1]), line.bbox[2], max(last.bbox[3], line.bbox[3])))
        else:
            joined.append(line)
    return joined


def _one_row(a: TextLine, b: TextLine) -> bool:
    return abs(a.bbox[3] - b.bbox[3]) < 0.3 * max(b.size, 1.0) and abs(a.size - b.size) < 0.3


_CONTACT_GROUP = re.compile(r"(\((?:e-?mails?|phone|tel)\b[^()]{0,200}\)\.?)", re.IGNORECASE)


def split_after_contacts(text: str) -> list[str]:
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


_RUN_IN_MARKER = re.compile(  # also after a note's symbol that closes the last part: "3Apple∗4Aarhus University"
    rf"(?:^|(?<=[\s;,.)（({re.escape(_SYMBOL_MARKERS)}])|(?<=[a-z](?=\d)))[(（]?(\d{{1,2}}|[a-z])(?:[.)）]\s*|\s?)"
    r"(?=[A-Z\u4e00-\u9fff])")


# The Journal of Software (软件学报) prints each address in brackets after its number, one a line
# or run together: "1(College of Computer Science, Zhejiang University, Hangzhou 310007, China)"
_MARKED_BRACKET = re.compile(r"(?:^|(?<=[\s;,.]))(\d{1,2})\s?[(（]\s*(?=[A-Z\u4e00-\u9fff])([^()（）]{4,400})[)）]")


# bioRxiv preprints number addresses in square brackets: "[1] The University of Texas at Austin, ..."
_SQUARE_MARKER = re.compile(r"(?:^|(?<=\s))\[(\d{1,2})\]\s*(?=[A-Z])")


def unbracket_marked(text: str) -> str:
    """"1(College of X, ..., China) 2(Faculty of Y, ...)" and "[1] College of X [2] Faculty of Y"
    as "1 College of X, ..., China 2 Faculty of Y, ...", so their numbers lead the addresses as
    markers do."""
    return _SQUARE_MARKER.sub(r"\1 ", _MARKED_BRACKET.sub(r"\1 \2", text))


def split_run_in(text: str) -> list[str]:
    """Numbered or lettered affiliations run together in one paragraph, one text each:
    "1 School of X, ..., China; 2 Institute of Y, ..., Russia" or "(1. 国防科技大学..., 长沙 410073;
    2. ...)". Markers must count up from the first (1, 2, 3 or a, b, c), so "No. 1 Road" or a
    post code never splits an address."""
    text = unbracket_marked(text.strip())
    if text[:1] in "(（" and text[-1:] in ")）":
        text = text[1:-1]
    found = [(m.start(), m.group(1)) for m in _RUN_IN_MARKER.finditer(text[:MAX_SENTENCE_CHARS])]
    if not found or found[0][0] != 0:
        return split_at_glued_marks(text)
    cuts = [found[0]]
    for start, marker in found[1:]:
        if marker == next_marker(cuts[-1][1]):
            cuts.append((start, marker))
    if len(cuts) < 2:
        return split_at_glued_marks(text)
    ends = [start for start, _ in cuts[1:]] + [len(text)]
    return [text[start:end].strip(" ;,").rstrip(_SYMBOL_MARKERS) for (start, _), end in zip(cuts, ends)]


_MARK_THEN_NAME = re.compile(rf"([{re.escape(_SYMBOL_MARKERS)}]+)\s+(?=[A-Z])")
_TRAILING_MARKS = re.compile(rf"\s*([{re.escape(_SYMBOL_MARKERS)}]+)$")
MIN_MARKED_GROUPS = 2


def split_by_trailing_marks(text: str, is_place) -> list[str]:
    """Institutions set side by side with their places on the next line, each part closed by its
    authors' symbols ("BITS Pilani∗, Dalhousie University‡" over "Hyderabad, India∗, Halifax,
    Canada†‡"): one text per symbol, led by it ("∗BITS Pilani, Hyderabad, India"), unmarked parts
    going with the next marked one; a symbol's group of places alone is dropped. The text whole
    when fewer than two symbols close its parts. `is_place(part)` tells a city or country."""
    parts = [p.strip() for p in _MARK_THEN_NAME.sub(r"\1, ", text).split(",") if p.strip()]
    groups: dict[str, list[str]] = {}
    pending: list[str] = []
    for part in parts:
        mark = _TRAILING_MARKS.search(part)
        name = part[:mark.start()].strip() if mark else part
        if not name:
            return [text]
        pending.append(name)
        if mark:
            for symbol in mark.group(1):
                groups.setdefault(symbol, []).extend(pending)
            pending = []
    if pending or len(groups) < MIN_MARKED_GROUPS:
        return [text]
    return [symbol + ", ".join(names) for symbol, names in groups.items()
            if not all(is_place(name) for name in names)]


_GLUED_MARK = re.compile(rf"\s+(?=(?:[{re.escape(_SYMBOL_MARKERS)}]{{1,3}}|[a-z])[A-Z][a-z])")


def split_at_glued_marks(text: str) -> list[str]:
    """Affiliations set side by side, each led by a symbol or letter glued to its first word
    ("♣Tinkoff qHigher School of Economics"); the text whole when it has no such mark."""
    if not _SYMBOL_LEAD.match(text):
        return [text]
    pieces = [p.strip(" ;,") for p in _GLUED_MARK.split(text[:MAX_SENTENCE_CHARS])]
    return pieces if len(pieces) > 1 and all(len(p) > 2 for p in pieces) else [text]


_SYMBOL_LEAD = re.compile(rf"^(?:[{re.escape(_SYMBOL_MARKERS)}]{{1,3}}|[a-z])[A-Z][a-z]")


def next_marker(marker: str) -> str:
    return str(int(marker) + 1) if marker.isdigit() else chr(ord(marker) + 1)


# A note symbol the font maps to no character ("§" read as U+009F or a private-use code point)
_UNMAPPED_MARK = re.compile("^\\s*[\x80-\x9f\ue000-\uf8ff]\\s?(?=[A-Z])")


def split_at_markers(para: list[TextLine]) -> list[tuple[list[str], float]]:
    """Footnote lines grouped into notes, each led by a marker (or a note symbol left unmapped)."""
    groups: list[tuple[list[str], float]] = []
    for line in para:
        text = unbracket_marked(normalise(line.text))
        unmapped = _UNMAPPED_MARK.match(text)
        if unmapped:
            text = text[unmapped.end():]
        if not groups or unmapped or _LEADING_MARKER.match(text):
            groups.append(([text], line.bbox[1]))
        else:
            groups[-1][0].append(text)
    return groups
