"""A paper's running text as the analysers read it: pages joined, the references section cut.

The references section is left out when its heading can be found ("References",
"Bibliography", "参考文献" ... on a line of its own, in the second half of the paper): cited
titles would otherwise count as if the paper itself were about them (terms) or were its
institutions (entities). Text after that heading (on its page, in its column and the columns to
its right, and on every later page) is dropped, so appendices placed after the references are
dropped too.
"""
from __future__ import annotations

import re
import unicodedata

from figscan.model import PageText, TextLine

_REFERENCES_HEADING = re.compile(
    r"^(?:\d{1,2}\.?\s*|[IVX]{1,4}\.\s*)?(?:references?(?: and notes)?|bibliography|literature cited|"
    r"works cited|cited literature|参考文献)\s*:?$",
    re.IGNORECASE)


def body_text(pages: list[PageText]) -> list[tuple[int, str]]:
    """(page number, text) for each page, without the references section when it is found."""
    start = references_start(pages)
    texts = []
    for page in pages:
        if start is not None and page.number > start[0]:
            break
        lines = page.lines
        if start is not None and page.number == start[0]:
            lines = [l for l in lines if not _after_heading(l, start[1], page.width)]
        texts.append((page.number, _join([l.text for l in lines]) if page.lines else page.text))
    return texts


def references_start(pages: list[PageText]) -> tuple[int, TextLine] | None:
    """Page number and heading line of the references section (the last such heading in the
    second half of the paper), or None."""
    if not pages:
        return None
    last_number = pages[-1].number
    for page in reversed(pages):
        if page.number < last_number / 2 and last_number > 3:
            return None
        for line in reversed(page.lines):
            if len(line.text) < 40 and _REFERENCES_HEADING.match(line.text.strip()):
                return page.number, line
    return None


def _after_heading(line: TextLine, heading: TextLine, page_width: float) -> bool:
    """Below the heading in its column, or in a column to the right of a left-column heading."""
    below = line.bbox[1] >= heading.bbox[1] - 1 and line.bbox[2] > heading.bbox[0] - 5
    heading_in_left_column = heading.bbox[2] < page_width * 0.55
    return below or heading_in_left_column and line.bbox[0] >= page_width * 0.5


def _join(texts: list[str]) -> str:
    """Lines to one string: NFKC (ligatures), end-of-line hyphenation undone."""
    out: list[str] = []
    for text in texts:
        text = unicodedata.normalize("NFKC", text).strip()
        if out and out[-1].endswith("-") and out[-1][-2:-1].islower() and text[:1].islower():
            out[-1] = out[-1][:-1] + text
        else:
            out.append(text)
    return "\n".join(out)
