"""Which grant numbers of a funding sentence belong to which of its funders (Funding.by_funder)."""
from __future__ import annotations

import re

from figscan.extract.frontmatter.funder_list import registry_entry
from figscan.extract.frontmatter.text import normalise
from figscan.model import FunderGrants


def funders_with_grants(sentence: str, funders: list[str], grants: list[str]) -> list[FunderGrants]:
    """Each funder with its registry entry and the grants the sentence gives it: a grant right
    after a funder with only grant labels between ("NSFC (Grant Nos. 1, 2)", "JSPS KAKENHI Grant
    Number JP1") is that funder's, a grant followed by "from"/"by"/"of" and a funder ("under grant 5
    from the DFG") is the next funder's; other grants stay unlinked (only in Funding.grants)."""
    text = normalise(sentence)
    spans = sorted((span, name) for name in funders for span in _spans(text, name))  # a name printed twice: both
    records = {name: FunderGrants(name, *registry_entry(name)) for name in funders}
    for grant in grants:
        where = next(iter(_spans(text, grant)), None)
        if not where:
            continue
        after = next(((span, name) for span, name in spans if span[0] >= where[1]), None)
        before = next(((span, name) for span, name in reversed(spans) if span[1] <= where[0]), None)
        if after and _GRANT_FROM.fullmatch(_without_grants(text[where[1]:after[0][0]], grants)):
            records[after[1]].grants.append(grant)
        elif before and _GRANT_LABELS.fullmatch(_without_grants(text[before[0][1]:where[0]], grants)):
            records[before[1]].grants.append(grant)
    return [records[name] for name in funders]


def _spans(text: str, printed: str) -> list[tuple[int, int]]:
    """Where a funder or grant is printed, spaces optional ("BK 20221502" read as "BK20221502")."""
    pattern = r"\s*".join(re.escape(c) for c in printed if not c.isspace())
    return [m.span() for m in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", text)] or [
        m.span() for m in re.finditer(pattern, text)]


def _without_grants(between: str, grants: list[str]) -> str:
    for grant in grants:
        for start, end in reversed(_spans(between, grant)):  # also as printed with a space ("AF 1901292")
            between = between[:start] + " " + between[end:]
    return between


# what may stand between a funder and its grant number: labels, brackets, other grant numbers
_GRANT_LABELS = re.compile(r"(?:[\s,;:()\[\]#.&/-]|\b(?:and|under|with|the|grants?|awards?|contracts?|projects?|"
                           r"nos?|numbers?|agreements?|ref|reference|id|code|funding|funded|supported)\b|"
                           r"(?-i:[A-Z]{3,})\b|资助|项目|编号|批准号|号)*", re.IGNORECASE)  # KAKENHI
# "grant 5 from the DFG", "(Grant Number: N1) from the ONR"; ", by the X" after a grant starts the next funder
_GRANT_FROM = re.compile(r"[\s)]*(?:(?:awarded|provided|given|funded)\s+(?:by|from)|from|of)\s+(?:the\s+)?",
                         re.IGNORECASE)
