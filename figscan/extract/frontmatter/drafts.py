"""Affiliation drafts, as the readers of the front block, footnotes and closing addresses find
them, and the rule that keeps each affiliation once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from figscan.extract.frontmatter.address import _ORGANISATION, _SUB_UNIT, _TOP_LEVEL
from figscan.extract.frontmatter.places import country_of
from figscan.extract.frontmatter.text import _INSTITUTION


@dataclass
class _AffiliationDraft:
    text: str
    markers: frozenset[str] = frozenset()
    who: str = ""  # "T. Qin and S. Shen" from "T. Qin and S. Shen are with ..."
    y: float = 0.0
    in_front_block: bool = False
    emails: tuple[str, ...] = ()
    spans: list[tuple[float, float]] = field(default_factory=list)  # x0, x1 of each column printing it


def _dedupe_affiliations(drafts: list[_AffiliationDraft]) -> list[_AffiliationDraft]:
    """Each affiliation once; a piece printed inside a longer one ("INSTITUTE FOR DEFENSE
    ANALYSES" in the same name with its address, a column's fragment) gives way to it."""
    drafts = _units_of_the_front_institution(drafts)
    keys = [re.sub(r"\W+", "", draft.text.lower()) for draft in drafts]
    kept: list[_AffiliationDraft] = []
    seen: set[str] = set()
    for index, (draft, key) in enumerate(zip(drafts, keys)):
        if len(key) < 4:
            continue
        if key in seen:  # the same address under each author of a row (or in each author's footnote):
            same = next(k for k in kept if re.sub(r"\W+", "", k.text.lower()) == key)  # one record, every
            same.spans.extend(draft.spans)  # column and marker
            same.markers = same.markers | draft.markers
            continue
        longer = next((j for j, other in enumerate(keys) if j != index and len(other) > len(key)
                       and (key in other or _words_within(draft.text, drafts[j].text))
                       and (not draft.markers or draft.markers <= drafts[j].markers or not drafts[j].markers)), None)
        if longer is not None:
            if not drafts[longer].markers:
                drafts[longer].markers = draft.markers
            continue
        seen.add(key)
        kept.append(draft)
    return kept


MIN_WITHIN_WORDS = 4  # an affiliation of this many words, all of them in a longer one, is a piece of it


def _words_within(short: str, long: str) -> bool:
    """Every word of an affiliation printed in a longer one ("Center for X, HKUST, Hong Kong" in
    "Center for X, HKUST, Clear Water Bay, Hong Kong")."""
    words = set(re.findall(r"\w+", short.lower()))
    if len(words) < MIN_WITHIN_WORDS or ";" in short + long or not words <= set(re.findall(r"\w+", long.lower())):
        return False
    # ... unless the longer one adds a unit of its own: "School of X, Science and Technology on Aircraft
    # Control Laboratory, Beihang University" is another affiliation than "School of X, Beihang University"
    extra = [part for part in long.split(",") if not set(re.findall(r"\w+", part.lower())) <= words]
    return not any(_INSTITUTION.search(part) for part in extra)


def _units_of_the_front_institution(drafts: list[_AffiliationDraft]) -> list[_AffiliationDraft]:
    """AIAA's layout: the title block prints one institution with its address ("Purdue University,
    West Lafayette, Indiana 47907"), each author's footnote a position and a unit ("Doctoral
    Candidate, School of Aeronautics and Astronautics"). A footnote unit that names no institution
    and no place is a unit of that institution: "School of ..., Purdue University, West Lafayette,
    ...". Left as they are when the title block prints several institutions or a unit itself."""
    front = {d.text: d for d in drafts if d.in_front_block}
    if len(front) != 1:
        return drafts
    institution = next(iter(front.values()))
    if _SUB_UNIT.match(institution.text) or not (_TOP_LEVEL.search(institution.text) or _ORGANISATION.search(institution.text)):
        return drafts
    return [replace(d, text=f"{d.text}, {institution.text}") if not d.in_front_block and _bare_unit(d.text) else d
            for d in drafts]


def _bare_unit(text: str) -> bool:
    """"Department of Mechanical and Aerospace Engineering": a unit alone, no institution or place."""
    return bool(_SUB_UNIT.match(text)) and "," not in text and not _TOP_LEVEL.search(text) and not country_of(text)
