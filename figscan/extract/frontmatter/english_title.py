"""The title as printed in English when a header sets another language first.

A bilingual Chinese journal prints its English title under the Chinese header block: over the
English abstract, or over the funding footnotes when the abstract follows on the next page. A
Chinese thesis prints it under the Chinese title on its cover, on an English title page or over
its English abstract, among the pages before its first chapter.
"""
from __future__ import annotations

import re

from figscan.extract.frontmatter.layout import (
    _FRONT_STOP,
    CENTRED_TOP,
    MIN_TITLE_WORDS,
    TITLE_LINE_GAP,
    _is_prose,
    _names_or_address,
    _title_group,
    centred_title,
    is_contents_page,
    title_lines,
)
from figscan.extract.frontmatter.text import (
    CJK_CHARACTER,
    MAX_LINES_PER_PAGE,
    TextLine,
    _body_font_size,
    _x_overlap,
    join_lines,
    merge_marker_lines,
    normalise,
)
from figscan.extract.frontmatter.thesis import is_degree_label, is_thesis_cover
from figscan.model import PageText

_ENGLISH_ABSTRACT = re.compile(r"^\s*[【\[(（〔]?\s*(?:abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|abst\w{1,3}ct)\b",
                               re.IGNORECASE)  # "Abstmct": a scan's text layer misreads it; "【Abstract】"


def is_chinese(text: str) -> bool:
    """Mostly Chinese characters: a Chinese title or name line."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(bool(CJK_CHARACTER.match(c)) for c in letters) >= 0.5 * len(letters)


def _latin(line: TextLine) -> bool:
    return not CJK_CHARACTER.search(normalise(line.text))  # not "Multi桘Dimensional": a font's hyphen


_INTRODUCTION = re.compile(r"^\s*(?:[01]\s*\.?\s*)?(?:引\s*言|前\s*言|绪\s*论|introduction)\s*$", re.IGNORECASE)


def english_heading(lines: list[TextLine], height: float, body_size: float, below: float,
                    to_page_end: bool = False) -> list[TextLine]:
    """The English title of a bilingual Chinese journal's header: the largest Latin lines below
    the Chinese block and above an English "Abstract" line; with `to_page_end`, on a header page
    whose English abstract follows on the next page, down to the body's first heading or the
    page's end."""
    abstract = min((l.bbox[1] for l in lines if l.bbox[1] > below and _ENGLISH_ABSTRACT.match(normalise(l.text))),
                   default=None)
    if abstract is None and not to_page_end:
        return []
    body_start = min((l.bbox[1] for l in lines if l.bbox[1] > below and _INTRODUCTION.match(normalise(l.text))),
                     default=height)  # the paper's body, whose running text may hold Latin words
    end = body_start if abstract is None else abstract
    between = sorted((l for l in lines if below < l.bbox[1] < end), key=lambda l: (l.bbox[1], l.bbox[0]))
    latin = [l for l in between if _latin(l) and not _misread_chinese(l, between)]
    virtual_height = max(height, end / 0.7 + 1)  # the block above the abstract is the "top" of the page
    heading = title_lines(latin, virtual_height, min(body_size, _smallest_body(latin)), below=below)
    if abstract is None:  # no abstract under it to vouch for a title in the body's size
        return heading if len(join_lines([l.text for l in heading]).split()) >= MIN_TITLE_WORDS else []
    return heading or centred_title(latin, max(height, abstract / CENTRED_TOP + 1), below=below, frame=lines)


def _misread_chinese(line: TextLine, lines: list[TextLine]) -> bool:
    """A Latin line between two Chinese lines of its own column: a scan's misread Chinese line,
    not the English title (which the other column's Chinese body text may sit beside)."""
    column = [l for l in lines if l is line or _x_overlap(l, line) > 0.3]
    index = next(i for i, l in enumerate(column) if l is line)
    return 0 < index < len(column) - 1 and not _latin(column[index - 1]) and not _latin(column[index + 1])


def _smallest_body(lines: list[TextLine]) -> float:
    sizes = sorted(l.size for l in lines)
    return sizes[len(sizes) // 4] if sizes else 10.0


THESIS_FRONT_PAGES = 8  # pages after the cover searched for the English title
_CHAPTER_START = re.compile(r"^\s*(?:第\s*[一1]\s*章|1\.?\s*(?:绪\s*论|引\s*言|前\s*言|概\s*述)|chapter\s+(?:1|one)\b)",
                            re.IGNORECASE)
TITLE_PAGE_TOP = 0.5  # of the page height: an English title page sets its title in the upper half


def thesis_english_title(pages: list[PageText], index: int, heading: list[TextLine], lines: list[TextLine]) -> str:
    """A Chinese thesis's English title: the Latin lines right under the Chinese title on its
    cover, else the title of an English title page or the one over the English abstract among
    the pages before the first chapter; "" when the cover is no thesis's or none is printed."""
    if not heading or not is_thesis_cover(lines):
        return ""
    under = _latin_under(heading, lines, _body_font_size(lines))
    if under:
        return join_lines([l.text for l in under])
    for page in pages[index + 1:index + 1 + THESIS_FRONT_PAGES]:
        page_lines = merge_marker_lines(page.lines[:MAX_LINES_PER_PAGE])
        if not page_lines or is_contents_page(page):
            continue
        if any(_CHAPTER_START.match(normalise(l.text)) for l in sorted(page_lines, key=lambda l: l.bbox[1])[:3]):
            break
        english = (_english_title_page(page_lines, page.height)
                   or english_heading(page_lines, page.height, _body_font_size(page_lines), below=0.0))
        text = join_lines([l.text for l in english])
        if len(text.split()) >= MIN_TITLE_WORDS and not CJK_CHARACTER.search(text):
            return text
    return ""


def _latin_under(heading: list[TextLine], lines: list[TextLine], body_size: float) -> list[TextLine]:
    """The English title a cover sets right under the Chinese one: the next line down is Latin,
    no smaller than the body, and with the lines of its size under it reads as no names or address."""
    bottom = max(l.bbox[3] for l in heading)
    after = _lines_under(heading, lines)
    if not after or not _latin(after[0]) or after[0].bbox[1] - bottom > TITLE_LINE_GAP * after[0].size:
        return []
    first = after[0]
    group = _title_group([l for l in after if _latin(l) and abs(l.size - first.size) < 0.6])
    text = join_lines([l.text for l in group])
    if (first.size < body_size or len(text.split()) < MIN_TITLE_WORDS or _names_or_address(text)
            or is_degree_label(text) or _FRONT_STOP.match(text)):
        return []
    return group


def _english_title_page(lines: list[TextLine], height: float) -> list[TextLine]:
    """An English title page: no running text, a title of Latin lines in its upper half."""
    if any(_is_prose(l.text) for l in lines):
        return []
    heading = title_lines([l for l in lines if _latin(l)], height, _body_font_size(lines))
    if not heading or heading[0].bbox[1] > TITLE_PAGE_TOP * height or _FRONT_STOP.match(heading[0].text.strip()):
        return []
    return heading


# words of English that titles in other languages using the Latin script do not (German "in", "an", "von" aside)
_ENGLISH_WORDS = {"the", "of", "and", "for", "with", "based", "using", "via", "from", "on", "by", "to", "its", "their"}
MAX_TRANSLATION_LINES = 4


def bracketed_translation(heading: list[TextLine], lines: list[TextLine]) -> str:
    """The English title a journal in another language prints in brackets right under its own
    ("Açık Kaynak Kodlu CBS Yazılımı ..." / "(A Proposal for Electric Vehicle ...)"), when the
    bracketed lines read as English and the title does not; "" otherwise."""
    if not heading:
        return ""
    bottom = max(l.bbox[3] for l in heading)
    after = _lines_under(heading, lines)
    group: list[TextLine] = []
    for line in after[:MAX_TRANSLATION_LINES]:
        if line.bbox[1] - (group[-1].bbox[3] if group else bottom) > TITLE_LINE_GAP * line.size:
            break
        group.append(line)
        if normalise(line.text).rstrip().endswith(")"):
            break
    text = join_lines([l.text for l in group])
    if not (text.startswith("(") and text.endswith(")")):
        return ""
    inner = text[1:-1].strip()
    if len(inner.split()) < MIN_TITLE_WORDS or not _reads_english(inner) or _reads_english(
            join_lines([l.text for l in heading])):
        return ""
    return inner


def _reads_english(text: str) -> bool:
    return any(word in _ENGLISH_WORDS for word in re.findall(r"[a-z]+", text.lower()))


def _lines_under(heading: list[TextLine], lines: list[TextLine]) -> list[TextLine]:
    """The lines below a heading's last line, top first (tightly set lines' boxes overlap)."""
    last = max(heading, key=lambda l: l.bbox[1])
    return sorted((l for l in lines if l.bbox[1] > last.bbox[1] + 0.5 * last.size and all(l is not h for h in heading)),
                  key=lambda l: (l.bbox[1], l.bbox[0]))
