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

import re
from dataclasses import replace

from figscan.extract.frontmatter.address import affiliation_parts, city_of, institution_of, postcode_of, unit_of
from figscan.extract.frontmatter.affiliations import (
    _affiliation_from_text,
    _AffiliationDraft,
    _dedupe_affiliations,
    _footnote_affiliations,
    _link_authors,
    _read_front_block,
    closing_addresses,
)
from figscan.extract.frontmatter.authors import (
    _author_names,
    _AuthorDraft,
    _authors_from_lines,
    _link_emails,
    authors_above_title,
    labelled_authors,
    reads_as_author_list,
)
from figscan.extract.frontmatter.covers import cover_title, is_cover_page, is_summary_page
from figscan.extract.frontmatter.english_title import (
    bracketed_translation,
    english_heading,
    is_chinese,
    thesis_english_title,
)
from figscan.extract.frontmatter.funder_list import registry_entry
from figscan.extract.frontmatter.funding import find_funders, find_funding
from figscan.extract.frontmatter.grants import find_grants
from figscan.extract.frontmatter.layout import (
    MIN_HEADER_LINES,
    MIN_TITLE_WORDS,
    Header,
    centred_title,
    choose_title,
    front_block,
    front_block_to_stop,
    is_contents_page,
    issuer_address,
    labelled_title,
    lines_of_title,
    plausible_metadata_title,
    read_header,
    title_lines,
    with_subtitle,
)
from figscan.extract.frontmatter.line_labeller import Thresholds, fill_gaps, label_lines
from figscan.extract.frontmatter.line_labeller import load_model as load_labeller
from figscan.extract.frontmatter.names import (
    MAX_VOCABULARY_CHARS,
    lower_case_uses,
    other_role_label,
    phrase_words,
    reads_as_phrase,
)
from figscan.extract.frontmatter.places import affiliation_country, country_of, institution_country, iso_codes
from figscan.extract.frontmatter.ror import ror_match
from figscan.extract.frontmatter.sf298 import ReportForm, find_report_form
from figscan.extract.frontmatter.text import (
    _SYMBOL_MARKERS,
    MAX_AFFILIATIONS,
    MAX_AUTHORS,
    MAX_CHARS,
    MAX_LINES_PER_PAGE,
    _body_font_size,
    _clip,
    find_emails,
    join_lines,
    merge_marker_lines,
)
from figscan.extract.frontmatter.thesis import degree_label_bottom, title_field, without_title_label
from figscan.model import Affiliation, Author, FrontMatter, FunderGrants, Funding, PageText, TextLine
from figscan.settings import FrontMatterSettings, default_frontmatter_settings

__all__ = ["MAX_AFFILIATIONS", "MAX_AUTHORS", "MAX_CHARS", "city_of", "country_of", "find_emails", "find_funders",
           "find_funding", "find_grants", "institution_of", "parse_front_matter"]


def parse_front_matter(pages: list[PageText], metadata: dict[str, str], line_labeller: bool | None = None
                       ) -> FrontMatter:
    """Everything a reviewer wants from the paper's header and acknowledgements, bounded.
    `line_labeller`: let the learned line labeller fill the rules' gaps (None: as
    figscan/data/frontmatter.toml says; off by default)."""
    metadata_title = plausible_metadata_title(metadata.get("title", ""))
    form = find_report_form(pages)
    funding = find_funding(pages) + _form_funding(form)
    chosen = header_page(pages, form, metadata_title)
    if chosen is None:
        front = FrontMatter(title=metadata_title, funding=funding)
        return _with_report_form(front, form) if form else front
    index, (header, lines, body_size, heading) = chosen
    first = pages[index]
    # no title: the front block opens under the banner, or under a thesis cover's degree label
    top = max((l.bbox[3] for l in heading), default=max(header.banner_bottom, degree_label_bottom(lines)))
    front_lines, stopped = front_block_to_stop(lines, top, {id(l) for l in heading})
    if not stopped and len(front_lines) >= LONG_FRONT_BLOCK:
        front_lines += _front_continued(pages, index)
    chinese_front: list[TextLine] = []
    if heading and is_chinese(join_lines([l.text for l in heading])):
        # a bilingual Chinese journal: the English title, authors and affiliations follow the
        # Chinese ones and their abstract; read those when the page prints them
        english = _without_name_lines(
            english_heading(lines, first.height, body_size, below=max(l.bbox[3] for l in front_lines or heading),
                            to_page_end=True))
        if english:
            chinese_front = front_lines
            heading = english
            top = max(l.bbox[3] for l in english)
            front_lines = front_block(lines, top, {id(l) for l in english})
        else:  # ... or at the paper's end (or on page 2), over the English abstract
            english, english_front = _english_header_elsewhere(pages, index)
            if english:
                chinese_front, heading, front_lines = front_lines, english, english_front
    title = _clip(choose_title(without_title_label(join_lines([l.text for l in heading])), metadata_title, first.text))
    if is_chinese(title):  # a thesis prints its English title under the Chinese one or on a later page
        title = _clip(thesis_english_title(pages, index, heading, lines)) or title
    else:  # a journal in another language may print the English title in brackets under its own
        title = _clip(bracketed_translation(heading, lines)) or title
    cover = next((p for p in pages[:index] if is_cover_page(p)), None)
    if cover is not None:  # a repository's cover sheet prints the paper's title as catalogued
        title = _clip(cover_title(cover)) or title
    author_lines, follows, front_affiliations, spans = _read_front_block(front_lines)
    drafts = front_affiliations + _footnote_affiliations(lines, first.height, body_size, top)
    if chinese_front and (not drafts or _spaced_inside_words([d.text for d in drafts])):
        # the English block's address is unreadable ("R esearch Institu te", "Uni versit y,Bei j i ng"): the Chinese one
        drafts = _read_front_block(chinese_front)[2] or drafts
    drafts = _dedupe_affiliations(drafts or closing_addresses(pages) or _issuer(lines, first.height, body_size)
                                  )[:MAX_AFFILIATIONS]
    letter_markers = {m for d in drafts for m in d.markers if m.isalpha() and m.islower()}
    authors = _authors_from_lines(author_lines, letter_markers, follows, spans)
    if not authors and chinese_front:  # the English header prints no names: the Chinese ones
        chinese_lines, chinese_follows, _, chinese_spans = _read_front_block(chinese_front)
        authors = _authors_from_lines(chinese_lines, letter_markers, chinese_follows, chinese_spans)
    # a thesis form's labelled author field (unless the English header names them); Springer's list over the title
    labelled = [] if chinese_front and authors else labelled_authors(lines)
    authors = labelled or authors or authors_above_title(lines, heading)

    authors = _plausible_authors(authors, title, [d.text for d in drafts], pages)
    drafts = _without_leading_names(drafts, authors)
    affiliations = [_affiliation(d.text, page=first.number, emails=list(d.emails), marker=",".join(sorted(d.markers)))
                    for d in drafts]
    linked = _link_authors(authors, drafts)
    if len(drafts) == 1 and not any(a.affiliations for a in linked):
        for author in linked:  # one affiliation and nothing to tell otherwise: everyone's
            author.affiliations = [0]
    emails = find_emails("\n".join(l.text for l in lines))
    _link_emails(linked, emails, "\n".join(l.text for l in lines))
    _countries_from_emails(affiliations, linked, emails)
    front = FrontMatter(title=title, authors=linked, affiliations=affiliations,
                        funding=_without_author_initials(funding, linked), emails=emails)
    front = _with_report_form(front, form) if form else front
    settings = default_frontmatter_settings()
    if settings.line_labeller if line_labeller is None else line_labeller:
        front = _with_labelled_lines(front, first, lines, body_size, settings)
    return front


def _with_labelled_lines(front: FrontMatter, first: PageText, lines: list[TextLine], body_size: float,
                         settings: FrontMatterSettings) -> FrontMatter:
    """The rules' front matter with the gaps the learned line labeller fills (line_labeller.py)."""
    model = load_labeller()
    if model is None:
        return front
    probabilities = label_lines(lines, first.width, first.height, body_size, model)
    thresholds = Thresholds(settings.affiliation_probability, settings.author_probability, settings.title_probability)
    return fill_gaps(front, lines, probabilities, first.number, settings.line_labeller_fills, thresholds, _affiliation)


def header_page(pages: list[PageText], form: ReportForm | None, metadata_title: str
                ) -> tuple[int, tuple[Header, list[TextLine], float, list[TextLine]]] | None:
    """The index of the page the header is read from, with what `_heading` reads there: the first of
    the first three pages that is not the report form, a cover or a summary page and that sets a
    title or enough lines (a scanned issue's cover and contents page come before the paper's first
    page); None when no page qualifies."""
    candidates = [i for i, p in enumerate(pages[:3]) if p.lines and not (form and p.number == form.page)
                  and not is_cover_page(p) and not is_summary_page(p)]
    if not candidates:
        return None
    for index in candidates:
        if is_contents_page(pages[index]) and index != candidates[-1]:
            continue
        read = _heading(pages[index], pages[index + 1:index + 3], metadata_title)
        if read[3] or len(pages[index].lines) >= MIN_HEADER_LINES:
            break
    return index, read


def _heading(first: PageText, later: list[PageText], metadata_title: str
             ) -> tuple[Header, list[TextLine], float, list[TextLine]]:
    """A page's header lines, body size and title lines ([] when the page sets none)."""
    header = read_header(first, later)
    lines = merge_marker_lines(header.lines[:MAX_LINES_PER_PAGE])
    body_size = _body_font_size(lines)
    heading = labelled_title(lines) or title_field(lines) or with_subtitle(
        lines, title_lines(lines, first.height, body_size, below=header.banner_bottom, running_heads=header.running_heads),
        body_size)
    if not heading and metadata_title:
        heading = lines_of_title(lines, metadata_title, first.height)
    if not heading:
        heading = centred_title(lines, first.height, below=header.banner_bottom)
    return header, lines, body_size, heading


LIGHTER_SIZE = 0.3  # points: a line this much smaller than the title's first is not set in its type


def _without_name_lines(heading: list[TextLine]) -> list[TextLine]:
    """A title without the author line it ends with ("... based on IFC" over "Lin Jiarui, Zhang
    Jianping" in lighter type): names with separators in a weight or size the title does not use."""
    while len(heading) >= 2:
        last, first_line = heading[-1], heading[0]
        names = _author_names(last.text, set())
        lighter = last.bold != first_line.bold or last.size < first_line.size - LIGHTER_SIZE
        if not (len(names) >= 2 and lighter or reads_as_author_list(last.text)):
            break
        heading = heading[:-1]
    return heading


_INSTITUTION_AFTER = r"\s+(?:State\s+|National\s+|Technical\s+)?(?:univ\w*|institut\w*|college|school|academy|laborator\w*)\b"


def _plausible_authors(authors: list[_AuthorDraft], title: str, affiliations: list[str],
                       pages: list[PageText]) -> list[_AuthorDraft]:
    """The authors that read as people against the rest of the paper: not a phrase of its running
    text ("Heat Transfer"), not a known institution ("ETH Zurich"), not a piece of its title, not the name of an institution among its
    affiliations ("Tarbiat Modares" University, "Lomonosov Moscow" State University)."""
    if not authors:
        return authors
    texts = [p.text for p in pages]
    vocabulary = lower_case_uses(phrase_words([a.name for a in authors]), texts)
    cjk_text = "".join(texts)[:MAX_VOCABULARY_CHARS] if any(is_chinese(a.name) for a in authors) else ""
    others = _named_in_other_roles(pages)
    title_plain = f" {_plain_words(title)} "
    in_title = [len(w.split()) >= 2 and f" {w} " in title_plain and len(title_plain.split()) > len(w.split())
                for w in (_plain_words(a.name) for a in authors)]
    kept = []
    for author, titled in zip(authors, in_title):
        if reads_as_phrase(author.name, vocabulary, cjk_text) or institution_country(author.name):
            continue  # "Heat Transfer"; "ETH Zurich"
        if "".join(author.name.split()) in others:
            continue  # a thesis's supervisor or dean
        if titled and sum(in_title) == 1:  # several names in the "title": the title is the author line
            continue
        if any(author.name.lower() in a.lower() and re.search(re.escape(author.name) + _INSTITUTION_AFTER, a,
                                                                re.IGNORECASE) for a in affiliations):
            continue
        kept.append(author)
    return kept


_FIELD_LABEL = re.compile(r"^\s*([^:：]{1,30}?)\s*[:：]\s*(.*)$")  # "指导老师：", "Supervisor: Jane Smith"
SAME_ROW = 5.0  # points: a label and its value printed on one row


def _named_in_other_roles(pages: list[PageText]) -> set[str]:
    """What a title page prints beside the label of someone who is not an author ("指导老师：
    周世哲", "学院院长： 李肯立", "Supervisor: Jane Smith"), spaces removed."""
    named: set[str] = set()
    for page in pages[:3]:
        lines = page.lines[:MAX_LINES_PER_PAGE]
        for label in lines:
            field = _FIELD_LABEL.match(label.text)
            if not field or not other_role_label(field.group(1)):
                continue
            values = [field.group(2)] + [l.text for l in lines if l is not label and l.bbox[0] >= label.bbox[2] - 2
                                         and abs(l.bbox[1] - label.bbox[1]) <= SAME_ROW]
            named |= {"".join(_TITLE_WORD.sub("", v).split()) for v in values if v.strip()}
    return named


_TITLE_WORD = re.compile(r"^\s*(?:prof(?:essor)?|dr|mr|mrs|ms)\.?\s+", re.IGNORECASE)


def _without_leading_names(drafts: list[_AffiliationDraft], authors: list[_AuthorDraft]) -> list[_AffiliationDraft]:
    """Addresses without the author's name they open with ("Meng Yan, Chongqing University, China":
    ACM's line per author and its footnote of authors' addresses), each address then once."""
    names = {a.name.lower() for a in authors}
    changed = False
    for draft in drafts:
        head, _, rest = draft.text.partition(",")
        if rest.strip() and head.strip(f" {_SYMBOL_MARKERS}").lower() in names:
            draft.text, changed = rest.strip(), True
    return _dedupe_affiliations(drafts) if changed else drafts


_WORD_TAIL = re.compile(r"(?<![^\s,;(])[a-z]{1,3}(?![^\s,;)])")  # "y" of "Uni versit y", "ona" of "Aer ona uti c"
_SHORT_WORDS = {"of", "and", "for", "the", "in", "at", "on", "to", "by", "de", "di", "du", "da", "do", "la", "le",
                "y", "e", "et", "und", "del", "des", "los", "las", "van", "von", "der", "den", "dei"}
MIN_WORD_TAILS = 3  # tails of words set apart by a space that show a text layer broke its words


def _spaced_inside_words(texts: list[str]) -> bool:
    """Addresses from a text layer that put spaces inside words ("Uni versit y,Bei j i ng")."""
    words = [w for t in texts for w in re.split(r"[\s,;()]+", t) if w]
    tails = [m.group(0) for t in texts for m in _WORD_TAIL.finditer(t) if m.group(0) not in _SHORT_WORDS]
    return len(tails) >= MIN_WORD_TAILS and len(tails) >= 0.2 * len(words)


def _plain_words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def _english_header_elsewhere(pages: list[PageText], index: int) -> tuple[list[TextLine], list[TextLine]]:
    """A Chinese journal's English title and the names and addresses under it, printed with the
    English abstract at the end of the paper or on the next page; ([], []) when none is."""
    later = {p.number: p for p in pages[index + 1:index + 2] + pages[-2:] if p.number != pages[index].number}
    for page in later.values():
        lines = merge_marker_lines(page.lines[:MAX_LINES_PER_PAGE])
        english = english_heading(lines, page.height, _body_font_size(lines), below=0.0)
        if len(join_lines([l.text for l in english]).split()) >= MIN_TITLE_WORDS:
            return english, front_block(lines, max(l.bbox[3] for l in english), {id(l) for l in english})
    return [], []


LONG_FRONT_BLOCK = 15  # lines: a front block this long that runs off the page goes on on the next
MAX_FRONT_PAGES = 6  # pages an author list may run over (a manuscript's hundreds of names)


def _front_continued(pages: list[PageText], index: int) -> list[TextLine]:
    """The front block's lines on the pages after the first, until an abstract or prose ends it;
    each page's lines moved below the last one's, so the block reads top to bottom."""
    continued: list[TextLine] = []
    offset = 0.0
    for page in pages[index + 1:index + MAX_FRONT_PAGES]:
        offset += page.height
        header = read_header(page, pages[page.number:page.number + 2])
        block, stopped = front_block_to_stop(merge_marker_lines(header.lines[:MAX_LINES_PER_PAGE]),
                                             header.banner_bottom, set())
        continued += [replace(l, bbox=(l.bbox[0], l.bbox[1] + offset, l.bbox[2], l.bbox[3] + offset)) for l in block]
        if stopped or not block:
            break
    return continued


_VANITY_DOMAINS = {"co", "io", "ai", "me", "tv", "cc", "ly", "fm", "am", "to", "ws", "gg", "la", "nu", "sh", "tk",
                   "ml", "ga", "cf", "gq", "eu"}  # country codes sold worldwide, and the EU's


def _country_domain(email: str) -> str | None:
    tld = email.rsplit(".", 1)[-1].lower()
    code = "GB" if tld == "uk" else tld.upper()
    return code if len(tld) == 2 and tld not in _VANITY_DOMAINS and code in iso_codes() else None


def _countries_from_emails(affiliations: list[Affiliation], authors: list[Author], emails: list[str]) -> None:
    """An affiliation whose address names no country takes the one its authors' e-mail addresses
    agree on ("haogangzhu@buaa.edu.cn": CN); a page with one such affiliation, the one all the
    page's addresses agree on ("leebk@kaist.ac.kr" under "KAIST": KR)."""
    bare = [i for i, a in enumerate(affiliations) if not a.country]
    for index in bare:
        own = list(affiliations[index].emails) + [a.email for a in authors if index in a.affiliations and a.email]
        codes = {_country_domain(e) for e in (own or (emails if len(bare) == len(affiliations) == 1 else []))}
        if len(codes) == 1 and None not in codes:
            affiliations[index].country = codes.pop()


def _issuer(lines: list[TextLine], height: float, body_size: float) -> list[_AffiliationDraft]:
    """A report cover that names no affiliation but is issued, in large type, by an institution."""
    text, top = issuer_address(lines, height, body_size)
    return _affiliation_from_text(text, top, in_front_block=True) if text else []


def _without_author_initials(funding: list[Funding], authors: list[Author]) -> list[Funding]:
    """Funding statements without the authors' initials taken for acronyms ("JAS was funded
    by ...", "CSG and ACR thank ...")."""
    initials = set()
    for author in authors:
        words = re.findall(r"[A-Z][\w'\-]*", author.name)
        if len(words) >= 2:
            initials |= {"".join(w[0] for w in words), words[0][0] + words[-1][0]}
    for statement in funding:
        statement.funders = [f for f in statement.funders if f not in initials]
        statement.by_funder = [f for f in statement.by_funder if f.name not in initials]
    return [s for s in funding if s.funders or s.grants]


def _affiliation(text: str, page: int, emails: list[str] | None = None, marker: str = "") -> Affiliation:
    """An affiliation's parts; the printed address names the country, else the ROR lexicon's
    record of the institution (when FIGSCAN_ROR_LEXICON names one), else a listed university."""
    institution = institution_of(text)
    registry = ror_match([institution, *affiliation_parts(text)])
    return Affiliation(text=text, country=affiliation_country(text, registry.country if registry else None),
                       institution=institution, city=city_of(text), emails=emails or [], marker=marker, page=page,
                       ror=registry.ror_id if registry else "", unit=unit_of(text), postcode=postcode_of(text))


def _form_funding(form: ReportForm | None) -> list[Funding]:
    if form is None or not (form.sponsor_name or form.grants):
        return []
    funders = [form.sponsor_name] if form.sponsor_name else []
    return [Funding(text=_clip(f"Sponsoring/monitoring agency: {form.sponsor}"), funders=funders,
                    grants=form.grants, page=form.page,  # the form's contract numbers are its sponsor's
                    by_funder=[FunderGrants(name, *registry_entry(name), grants=list(form.grants)) for name in funders])]


def _with_report_form(front: FrontMatter, form: ReportForm) -> FrontMatter:
    """A technical report: the form's title when the pages give none of three words; its
    performing organisation and authors when the pages name none."""
    if len(front.title.split()) < MIN_TITLE_WORDS and form.title:
        front.title = form.title
    performing = _affiliation(form.performing, page=form.page) if form.performing else None
    same = next((i for i, a in enumerate(front.affiliations) if performing and performing.institution
                 and performing.institution.lower() in a.text.lower()), None)
    existing = front.affiliations[same] if same is not None else None
    if performing and existing and same is not None and (
            not existing.country or performing.postcode and not existing.postcode):
        front.affiliations[same] = performing  # the form prints the address the title page leaves out
    elif performing and same is None:
        front.affiliations.append(performing)
        for author in front.authors:
            author.affiliations = author.affiliations or [len(front.affiliations) - 1]
    if form.authors and not front.authors:
        front.authors = [Author(name=name, affiliations=[len(front.affiliations) - 1] if performing else [])
                         for name in form.authors]
    return front
