"""Affiliations from the front block and page-1 footnotes; their institution and city; the
links from authors to them."""
from __future__ import annotations

import re
from dataclasses import replace

from figscan.extract.frontmatter.address import _ORGANISATION, _SUB_UNIT, _TOP_LEVEL
from figscan.extract.frontmatter.affiliation_text import (  # noqa: F401 (_affiliation_from_text: read by __init__)
    _CJK_FORM_LABEL,
    _PROSE_START,
    _affiliation_from_text,
    _looks_like_affiliation,
    _reads_as_prose,
)
from figscan.extract.frontmatter.authors import (
    _author_names,
    _AuthorDraft,
    reads_as_author_list,
)
from figscan.extract.frontmatter.drafts import _AffiliationDraft, _dedupe_affiliations  # noqa: F401 (read by __init__)
from figscan.extract.frontmatter.numbered import (
    MIN_RUN_IN_LIST,
    join_marked_row,
    join_words_on_a_baseline,
    next_marker,
    numbered_list,
    split_at_markers,
    split_by_trailing_marks,
    split_run_in,
    unbracket_marked,
)
from figscan.extract.frontmatter.places import (
    _ends_with_country,
    _has_country_name,
    country_of,
)
from figscan.extract.frontmatter.text import (
    _EMAIL,
    _INSTITUTION,
    _IS_WITH,
    _LABELLED,
    _LEADING_MARKER,
    _NOISE,
    _SYMBOL_MARKERS,
    MAX_AUTHORS,
    MAX_SENTENCE_CHARS,
    _body_font_size,
    _clip,
    _continues,
    _x_overlap,
    find_emails,
    join_lines,
    line_pitch_ratio,
    normalise,
    paragraphs,
)
from figscan.model import Author, PageText, TextLine

_HISTORY_LABEL = re.compile(r"^\W*(?:received|revised|accepted(?: for publication)?|published(?: online)?)\W*$",
                            re.IGNORECASE)
AUTHOR_SIZE_SLACK = 1.0  # points: one paper's author lines share a font size
MIN_LISTED_NAMES = 3  # ... unless a scan's text layer sizes them apart: a list of this many names stays


def _read_front_block(block: list[TextLine]) -> tuple[list[tuple[str, float]], list[bool], list[_AffiliationDraft],
                                                     list[tuple[float, float]]]:
    """Split the front block into author-line candidates (each with whether it directly follows
    another, and its x extent) and affiliations (one per paragraph or numbered part). Address
    lines side by side (one column per author) are grouped by column."""
    author_lines: list[tuple[str, float]] = []
    follows: list[bool] = []
    spans: list[tuple[float, float]] = []
    last_was_author = False
    author_size = 0.0
    affiliations: list[_AffiliationDraft] = []
    ratio = line_pitch_ratio(block)
    groups: list[list[TextLine]] = []  # open affiliation paragraphs, one per column
    emails = [l for l in block if _EMAIL.search(l.text)]
    over_email = {id(l) for l in block for m in emails if l is not m and not _EMAIL.search(l.text)
                  and 0 < m.bbox[1] - l.bbox[1] < 2.5 * max(l.size, 1.0) and _x_overlap(l, m) > 0.3}

    def flush() -> None:
        for group in groups:
            span = (min(l.bbox[0] for l in group), max(l.bbox[2] for l in group))
            texts = [part for text in split_run_in(_without_broken_word(_join_address(group)))
                     for part in split_by_trailing_marks(text, country_of)]
            below = _emails_below(group, emails) if len(texts) == 1 else ()
            for text in texts:
                for draft in _affiliation_from_text(text, group[0].bbox[1], in_front_block=True):
                    draft.spans = [span]
                    draft.emails = draft.emails or below
                    affiliations.append(draft)
        groups.clear()

    for line in block:
        if _GLYPH_BETWEEN_WORDS.search(line.text):
            line = replace(line, text=_GLYPH_BETWEEN_WORDS.sub(", ", line.text))
        text = unbracket_marked(normalise(line.text[:MAX_SENTENCE_CHARS]).strip())
        misread_marker = _misread_marker(text)
        if misread_marker:  # OCR read a superscript as "©" or "=": a marker all the same
            text = text[misread_marker:]
            line = replace(line, text=text)
        if (not text or _NOISE.search(text) or _LABELLED.match(text) and not _AUTHORS_LABEL.match(text)
                or _HISTORY_LABEL.match(text)
                or line.size < MIN_FRONT_SIZE * author_size  # a teaser figure's label: "(A) Universal 2D Patch"
                or _CJK_FORM_LABEL.match(text)):
            last_was_author = False
            continue
        # ACM: "and PASCALE FUNG, Center for Artificial Intelligence Research (CAiRE), ...", or one
        # author a line: "MENG YAN∗, Chongqing University, China"
        opens_in_capitals = text.split(",")[0].isupper()
        leading, rest = _leading_names(text) if last_was_author or opens_in_capitals else ("", text)
        if leading:
            author_lines.append((leading, line.bbox[1]))
            follows.append(last_was_author)
            spans.append((line.bbox[0], line.bbox[2]))
            text, line = rest, replace(line, text=rest)
        current = groups[-1] if groups else []
        if _looks_like_affiliation(_LEADING_MARKER.sub("", text, count=1)) and not reads_as_author_list(text) or (
                _led_by_an_author_marker(text, author_lines)) or _next_in_sequence(
                text, current, affiliations) or _continues_address(groups, line, text, ratio) or (
                id(line) in over_email and not _author_names(text, set()) and not _CONTACT_LABEL.match(text)):
            # "KAIST" over "x@kaist.ac.kr"
            # "aUniversity of ...", then "cMagnet Forensics"; "Information Systems" under "Science and Technology on"
            last_was_author = False
            group = _group_for(groups, line, text, ratio, misread_marker > 0)
            if group is None:
                groups.append([line])
            else:
                group.append(line)
        else:
            flush()
            names = _author_names(text, set())
            if author_size and abs(line.size - author_size) > AUTHOR_SIZE_SLACK and len(names) < MIN_LISTED_NAMES:
                if _right_under_an_author(line, author_lines, spans, author_size):
                    groups.append([line])  # ACM's grid: "Jun Bi" over "USTC" over "SKL of processors, ICT, CAS"
                    last_was_author = False
                continue  # else labels of a teaser figure under the authors, not more authors
            if names and not author_size:
                author_size = line.size
            author_lines.append((text, line.bbox[1]))
            follows.append(last_was_author)
            spans.append((line.bbox[0], line.bbox[2]))
            last_was_author = True
    flush()
    return author_lines, follows, affiliations, spans


# A font without a Unicode map gives its comma a private-use code point, which normalise drops:
# "Engineering\ue00fShanghai University" would read "EngineeringShanghai University"
_GLYPH_BETWEEN_WORDS = re.compile("(?<=[a-z0-9])[\ue000-\uf8ff](?=[A-Z])")
_DATED = re.compile(r"\b(?:19|20)\d\d\b(?!\s*[,)]?\s*\d)")  # a year, not a post code ("Beijing 100190")
_CONTRIBUTION_NOTE = re.compile(r"^\W*(?:joint|equal|co-?first|these authors|contributed|work done)", re.IGNORECASE)
UNDER_AUTHOR_PITCH = 1.8  # author font sizes: how far below a name's top its own first address line starts


_BROKEN_LAST_WORD = re.compile(r"[,\s]+[A-Za-z]+-$")


def _without_broken_word(text: str) -> str:
    """An address whose last word breaks at the line's end and goes on in another column's block
    ("Department of Biology, George-" ... "town University"), without the broken piece: "George"
    alone would name a city of South Africa."""
    return _BROKEN_LAST_WORD.sub("", text.rstrip()) or text


def _emails_below(group: list[TextLine], email_lines: list[TextLine]) -> tuple[str, ...]:
    """The e-mail addresses printed right under an address in its column (ACM's author grid:
    "Aalborg University" over "csj@cs.aau.dk"), which tell its country when it names none."""
    last = group[-1]
    return tuple(address for line in email_lines
                 if 0 < line.bbox[1] - last.bbox[1] < 2.5 * max(last.size, 1.0) and _x_overlap(last, line) > 0.3
                 for address in find_emails(line.text))


def _led_by_an_author_marker(text: str, author_lines: list[tuple[str, float]]) -> bool:
    """A line led by a symbol or number the author lines above set after a name ("∗Informatics
    Superintendence" under "Taiza Montenegro∗†, ...", "1Glassbox AI" under "Tim Lo*1"): that
    author's affiliation, even with no institution word in it; not an e-mail line or a note."""
    lead = _LEADING_MARKER.match(text)
    if lead is None:
        return False
    marker = lead.group(1) or lead.group(2)
    if not marker or _EMAIL.search(text) or _CONTRIBUTION_NOTE.match(text[lead.end():]) or (
            lead.group(2) and len(text.split()) > MAX_MARKED_ADDRESS_WORDS):
        return False
    return any(re.search(rf"[^\W\d_]\W{{0,3}}{re.escape(marker)}(?!\d)", line) for line, _ in author_lines)


MAX_MARKED_ADDRESS_WORDS = 12  # a numbered line longer than this with no institution word is prose


def _right_under_an_author(line: TextLine, author_lines: list[tuple[str, float]], spans: list[tuple[float, float]],
                           author_size: float) -> bool:
    """A smaller line set directly under an author's name, in the name's column: in ACM's author
    grid that is the author's affiliation, even with no institution word in it ("SKL of processors,
    ICT, CAS", "USTC"); not an e-mail address or a dated line ("Updated July 17, 2013"), nor the far
    smaller label of a teaser figure ("Ink Wash" under "Erase Art Style"), nor a line under e-mail
    addresses."""
    if (_EMAIL.search(line.text) or _DATED.search(line.text) or _CONTACT_LABEL.match(line.text)
            or _CONTRIBUTION_NOTE.match(line.text) or _PROSE_START.match(line.text) or line.size < MIN_GRID_SIZE * author_size):
        return False
    return any(0 < line.bbox[1] - y < UNDER_AUTHOR_PITCH * author_size and _overlaps(span, (line.bbox[0], line.bbox[2]))
               and "@" not in text for (text, y), span in zip(author_lines, spans))


MIN_GRID_SIZE = 0.75  # an author grid's address lines are set at least this fraction of the names' size
MIN_FRONT_SIZE = 0.5  # a front-block line under half the authors' size is a figure's text


def _leading_names(text: str) -> tuple[str, str]:
    """The names that open an address line, and the address: ACM journals run the last authors
    and their affiliation together ("and PASCALE FUNG, Center for ..., Hong Kong"). ("", text)
    when the line does not open with a name or the rest is no address."""
    pieces = text.split(",")
    count = 0
    for piece in pieces[:-1]:
        name = re.sub(r"^\s*and\s+", "", piece).strip()
        if not _author_names(name, set()) or _looks_like_affiliation(name):
            break
        count += 1
    rest = ",".join(pieces[count:]).strip()
    leading = ",".join(pieces[:count]).strip()
    if not count or not _looks_like_affiliation(rest) or not (leading.startswith("and ") or leading.isupper()):
        return "", text  # ACM sets the names in capitals after "and": not "1ETH Zurich, 2Warsaw ..."
    return leading, rest


def _continues_address(groups: list[list[TextLine]], line: TextLine, text: str, ratio: float) -> bool:
    """A line with no institution word that goes on with an open address paragraph in its column
    ("Science and Technology on" / "Information Systems" / "Engineering Laboratory"): not names,
    or anything after a line left open ("National University of" / "Defense Technology")."""
    if not groups or _LEADING_MARKER.match(text) or _EMAIL.search(text):
        return False
    group = _group_for(groups, line, text, ratio, False)
    return group is not None and (bool(_OPEN_END.search(group[-1].text)) or not _author_names(text, set()))


_AUTHORS_LABEL = re.compile(r"^\s*authors?\s*:", re.IGNORECASE)  # "Authors: Garret L. Kurteff, ...": the list, labelled
_CONTACT_LABEL = re.compile(r"^\W*(?:contact|correspond|e-?mail|phone|address)", re.IGNORECASE)
_OPEN_END = re.compile(r"(?:[,;:&/(\-]|\b(?:of|and|for|the|on|in|at|de|di|du))\s*$", re.IGNORECASE)


_HEAD_LAST = re.compile(r"\b(?:laborator(?:y|ies)|lab|universit\w*|institute|college|school|department|cent(?:er|re)|"
                        r"academy|company|inc\.?|ltd\.?|corporation|group|division|faculty|hospital|agency)$",
                        re.IGNORECASE)


def _complete_unit(text: str) -> bool:
    """A line that names a whole unit (not "Science and Technology on Information", whose
    laboratory follows on the next line)."""
    return bool(_SUB_UNIT.match(text) or _TOP_LEVEL.search(text) or _ORGANISATION.search(text) or _HEAD_LAST.search(text)
                or re.search(r"\d", text) or _has_country_name(text))


def _join_address(lines: list[TextLine]) -> str:
    """An address block's lines as one text: a line that wraps goes on with a space; a short line
    that ends a unit (an IEEE conference block: laboratory / university / city) with a comma."""
    width = max(l.bbox[2] for l in lines) - min(l.bbox[0] for l in lines)
    centres = [(l.bbox[0] + l.bbox[2]) / 2 for l in lines]
    centred = (len(lines) > 1 and max(centres) - min(centres) < 3
               and max(l.bbox[0] for l in lines) - min(l.bbox[0] for l in lines) > 3)  # an IEEE author block
    texts = [normalise(lines[0].text).strip()]
    for previous, line in zip(lines, lines[1:]):
        text = normalise(line.text).strip()
        short = previous.bbox[2] - previous.bbox[0] < 0.8 * width
        unit = join_lines(texts).rsplit(",", 1)[-1]  # the unit so far: "National University of" + "Defense Technology"
        if ((short or centred or _SUB_UNIT.match(text)) and text[:1].isupper() and _complete_unit(unit)
                and (_complete_unit(text) or country_of(text)) and not _OPEN_END.search(texts[-1])
                and not _LEADING_MARKER.match(text)):  # not "National University of Defense" + "Technology"
            texts[-1] += ","
        texts.append(text)
    return join_lines(texts)


def _group_for(groups: list[list[TextLine]], line: TextLine, text: str, ratio: float,
               misread_marker: bool) -> list[TextLine] | None:
    """The open affiliation paragraph this line continues: the latest one in its column that it
    follows at the line pitch, unless a marker starts a new one or the last ended with its country."""
    if misread_marker or _LEADING_MARKER.match(text):
        return None
    for group in reversed(groups):
        last = group[-1]
        country_only = _ends_with_country(text) and "," not in text and not _INSTITUTION.search(text)
        if country_only and not _ends_with_country(last.text) and 0 < line.bbox[1] - last.bbox[1] < 3 * line.size:
            return group  # "..., Democratic People's" + "Republic of Korea": OCR sizes differ
        if _ends_with_country(last.text) or not _continues(last, line, ratio):
            continue
        return group
    return None


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


# --- affiliations in page-1 footnotes ---------------------------------------------------------

def _footnote_affiliations(lines: list[TextLine], height: float, body_size: float,
                           top: float) -> list[_AffiliationDraft]:
    """Small-font lines low on the page that name an institution (Springer, IEEE, AIAA styles)."""
    low = [l for l in lines if l.bbox[1] > max(0.55 * height, top)]
    body_size = max(body_size, _body_font_size(low)) if low else body_size  # an IEEE abstract in the
    # footnotes' size can outweigh the body text on page 1; under it, the body's size leads
    notes = join_marked_row(join_words_on_a_baseline([l for l in low if l.size < body_size - 0.4]))
    drafts: list[_AffiliationDraft] = []
    for para in paragraphs(notes):
        if _CAPTION.match(normalise(para[0].text)):
            continue  # a figure or table caption that mentions a "centre" is not an address
        first = normalise(para[0].text)
        if (len(para) > 1 and _author_names(first, set()) and not _looks_like_affiliation(first)
                and not _IS_WITH.search(join_lines([first, normalise(para[1].text)]))):
            # Springer's svjour: "F. Author · S. Author" over their address lines (not names whose
            # "are" ends the line over "with the Department of ...")
            address = _join_address(para[1:])
            if _INSTITUTION.search(address):
                drafts += [replace(d, who=first[:200]) for d in
                           _affiliation_from_text(address, para[1].bbox[1], in_front_block=False, address_block=True)]
            continue
        groups = split_at_markers(para)
        listed, counted = numbered_list(groups), numbered_list(groups, minimum=2)
        for texts, y in groups:
            parts = split_run_in(join_lines(texts))
            for text in parts:  # a numbered part with a country is an address ("1AIRI, Moscow, Russia";
                # "2 Service de Biostatistique, Hospices Civils de Lyon, Lyon, France" after "1 ..."),
                # and so is every part of a numbered list of three or more ("4Apple", "2 JD.com.")
                drafts.extend(_affiliation_from_text(text, y, in_front_block=False, address_block=(
                    listed or len(parts) >= MIN_RUN_IN_LIST or (len(parts) > 1 or counted) and bool(country_of(text)))))
    return drafts


_CAPTION = re.compile(r"^\s*(?:fig(?:ure)?s?\.?|tab(?:le)?\.?|scheme|chart)\s*[\dIVX]", re.IGNORECASE)


def _next_in_sequence(text: str, current: list[TextLine], affiliations: list[_AffiliationDraft]) -> bool:
    """A line led by the marker that follows the last affiliation's ("c" after "b"): the next
    affiliation, even when it names no institution word ("cMagnet Forensics")."""
    lead = _LEADING_MARKER.match(text)
    if not lead or len(text.split()) > 12:
        return False
    marker = next(g for g in lead.groups() if g)
    previous = _LEADING_MARKER.match(current[0].text) if current else None
    last = next((g for g in previous.groups() if g), "") if previous else ""
    if not last and affiliations and len(affiliations[-1].markers) == 1:
        last = next(iter(affiliations[-1].markers))
    return bool(last) and last.isalnum() and marker == next_marker(last)


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return min(a[1], b[1]) - max(a[0], b[0]) > 0.3 * min(a[1] - a[0], b[1] - b[0])


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
            later = [a.y for a in authors if a.y > author.y + 2]
            next_author_y = min(later, default=float("inf"))
            indexes = [i for i, d in enumerate(drafts)
                       if d.in_front_block and author.y < d.y < next_author_y]
            row = [a for a in authors if abs(a.y - author.y) <= 2 and a.span != author.span]
            if row:  # authors side by side, each heading a column of address lines
                indexes = [i for i in indexes if any(_overlaps(span, author.span) for span in drafts[i].spans)]
        linked.append(Author(name=_clip(author.name), affiliations=indexes))
    return linked


_ADDRESS_EMAIL = re.compile(r"^\s*e-?mail(?: address(?:es)?)?\s*:", re.IGNORECASE)
MAX_ADDRESS_LINES = 4


def closing_addresses(pages: list[PageText]) -> list[_AffiliationDraft]:
    """Authors' addresses printed at the paper's end, each above its "E-mail address:" line
    (the American Mathematical Society's style and arXiv papers that follow it)."""
    drafts: list[_AffiliationDraft] = []
    for page in pages[-2:]:
        lines = sorted(page.lines[-200:], key=lambda l: (l.bbox[1], l.bbox[0]))
        for index, line in enumerate(lines):
            if not _ADDRESS_EMAIL.match(line.text):
                continue
            block: list[TextLine] = []
            for above in reversed(lines[max(0, index - MAX_ADDRESS_LINES):index]):
                last = block[0] if block else line
                if last.bbox[1] - above.bbox[3] > 1.2 * max(above.size, 1.0) or _ADDRESS_EMAIL.match(above.text):
                    break
                block.insert(0, above)
            text = join_lines([l.text for l in block])
            if block and (_INSTITUTION.search(text) or country_of(text)) and not _reads_as_prose(text):
                drafts.extend(_affiliation_from_text(text, block[0].bbox[1], in_front_block=False, address_block=True))
    return drafts
