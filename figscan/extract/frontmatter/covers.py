"""The pages set before a paper's own first page and what they say about it: a repository's or
publisher's cover sheet (which may catalogue the title), a journal system's submission sheet
(its "Full Title:" field) and an Elsevier preprint's graphical-abstract or highlights page.
"""
from __future__ import annotations

import re

from figscan.extract.frontmatter.layout import MIN_TITLE_WORDS, title_lines
from figscan.extract.frontmatter.text import (
    MAX_CHARS,
    MAX_LINES_PER_PAGE,
    _body_font_size,
    join_lines,
    merge_marker_lines,
)
from figscan.model import PageText

_COVER = re.compile(r"see discussions, stats,? and author profiles|researchgate\.net/publication|"
                    r"follow this and additional works at|brought to you (?:for free and open access )?by|"
                    r"this (?:article|thesis|report) is brought to you|digital commons|escholarship\.org|"
                    r"downloaded from https?://\S+ on|terms of use,? available at|"
                    r"this content was downloaded from ip address|"  # IOP's download cover sheet
                    r"view the article online for updates and enhancements|"
                    # Taylor & Francis's download sheet; Elsevier's author-copy notice
                    r"full terms & conditions of access and use can be found at|"
                    r"the attached\s+copy\s+is\s+furnished\s+to\s+the\s+author|"
                    r"powered by editorial manager|^\W*manuscript draft\W*$|"
                    # institutional repositories' sheets (NPS Calhoun, DSpace, Pure portals, DTIC)
                    r"calhoun: the nps institutional archive|dspace repository|downloaded from nps archive|"
                    r"take down policy|citation for published version|link to publication record|"
                    r"this is a self-archived version|defense technical information center",
                    re.IGNORECASE | re.MULTILINE)
_SUBMISSION_SHEET = re.compile(r"powered by editorial manager|^\W*manuscript draft\W*$", re.IGNORECASE | re.MULTILINE)
_FULL_TITLE = re.compile(r"^\s*full title\s*:\s*$", re.IGNORECASE)


def is_cover_page(page: PageText) -> bool:
    """A repository's or ResearchGate's cover sheet: it names the paper and its authors' later
    profiles, not the paper's own header, which is on the next page."""
    return (bool(_COVER.search(page.text[:4000])) and len(page.text) < 4000
            or bool(_SUBMISSION_SHEET.search(page.text[:MAX_CHARS * 40])))


def submission_title(page: PageText) -> str:
    """The "Full Title:" field of a journal system's submission sheet (Editorial Manager): the
    lines to the label's right, top to bottom, until the next label; "" when there is none."""
    ordered = sorted(page.lines, key=lambda l: (l.bbox[1], l.bbox[0]))
    label = next((l for l in ordered if _FULL_TITLE.match(l.text)), None)
    if label is None:
        return ""
    texts: list[str] = []
    for line in ordered:
        if line.bbox[1] < label.bbox[1] - 2 or line is label:
            continue
        if line.bbox[0] < label.bbox[2]:  # the next label in the left column
            break
        texts.append(line.text)
    return " ".join(" ".join(texts).split())[:MAX_CHARS]


_SUMMARY_PAGE = re.compile(r"^\s*(?:graphical abstract|highlights|research highlights)\s*$", re.IGNORECASE)


def is_summary_page(page: PageText) -> bool:
    """An Elsevier preprint's "Graphical Abstract" or "Highlights" page, set before the paper's
    own first page: its heading is the page's largest text among its first lines."""
    top = sorted(page.lines, key=lambda l: (l.bbox[1], l.bbox[0]))[:3]
    largest = max((l.size for l in top), default=0.0)
    return any(_SUMMARY_PAGE.match(l.text) and l.size >= largest - 0.1 for l in top)



def cover_title(cover: PageText) -> str:
    """The title a cover sheet catalogues: a submission sheet's "Full Title:" field, else the
    title the sheet sets; "" when what it sets largest is running text (a publisher's notice)."""
    submitted = submission_title(cover)
    if submitted:
        return submitted
    lines = merge_marker_lines(cover.lines[:MAX_LINES_PER_PAGE])
    heading = title_lines(lines, cover.height, _body_font_size(lines))
    title = join_lines([l.text for l in heading])
    return title if len(title.split()) >= MIN_TITLE_WORDS and not _SENTENCE_BREAK.search(title) else ""


# a full stop between two sentences: a notice's running text ("... by Elsevier. The attached copy ..."), no title
_SENTENCE_BREAK = re.compile(r"[a-z]{2}\.\s+[A-Z][a-z]")
