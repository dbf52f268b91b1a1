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

from figscan.extract.frontmatter.affiliations import (
    _dedupe_affiliations,
    _footnote_affiliations,
    _link_authors,
    _read_front_block,
    city_of,
    institution_of,
)
from figscan.extract.frontmatter.authors import _authors_from_lines, _link_emails
from figscan.extract.frontmatter.funding import find_funders, find_funding, find_grants
from figscan.extract.frontmatter.layout import (
    choose_title,
    front_block,
    plausible_metadata_title,
    read_header,
    title_lines,
)
from figscan.extract.frontmatter.places import country_of
from figscan.extract.frontmatter.text import (
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
from figscan.model import Affiliation, FrontMatter, PageText

__all__ = ["MAX_AFFILIATIONS", "MAX_AUTHORS", "MAX_CHARS", "city_of", "country_of", "find_emails", "find_funders",
           "find_funding", "find_grants", "institution_of", "parse_front_matter"]


def parse_front_matter(pages: list[PageText], metadata: dict[str, str]) -> FrontMatter:
    """Everything a reviewer wants from the paper's header and acknowledgements, bounded."""
    metadata_title = plausible_metadata_title(metadata.get("title", ""))
    index = next((i for i, p in enumerate(pages[:3]) if p.lines), None)
    if index is None:
        return FrontMatter(title=metadata_title, funding=find_funding(pages))
    first = pages[index]
    header = read_header(first, pages[index + 1:index + 3])
    lines = merge_marker_lines(header.lines[:MAX_LINES_PER_PAGE])
    body_size = _body_font_size(lines)
    heading = title_lines(lines, first.height, body_size, below=header.banner_bottom)
    title = _clip(choose_title(join_lines([l.text for l in heading]), metadata_title, first.text))

    top = max((l.bbox[3] for l in heading), default=header.banner_bottom)
    front = front_block(lines, top, {id(l) for l in heading})
    author_lines, follows, front_affiliations = _read_front_block(front)
    drafts = front_affiliations + _footnote_affiliations(lines, first.height, body_size, top)
    drafts = _dedupe_affiliations(drafts)[:MAX_AFFILIATIONS]
    letter_markers = {m for d in drafts for m in d.markers if m.isalpha() and m.islower()}
    authors = _authors_from_lines(author_lines, letter_markers, follows)

    affiliations = [Affiliation(text=d.text, country=country_of(d.text), institution=institution_of(d.text),
                                city=city_of(d.text), emails=list(d.emails), marker=",".join(sorted(d.markers)),
                                page=first.number)
                    for d in drafts]
    linked = _link_authors(authors, drafts)
    emails = find_emails("\n".join(l.text for l in lines))
    _link_emails(linked, emails, "\n".join(l.text for l in lines))
    return FrontMatter(title=title, authors=linked, affiliations=affiliations, funding=find_funding(pages),
                       emails=emails)
