"""The header of page 1: the body font size, the title, and the block of lines under it."""
from __future__ import annotations

import re

from figscan.extract.frontmatter.text import _EMAIL, _INSTITUTION, MAX_CHARS, TextLine

_TITLE_NOISE = re.compile(
    r"©|copyright|https?://|www\.|\bdoi\b|arxiv|journal|proceedings|conference|\bvol\b|"
    r"accepted manuscript|research (?:paper|article)|original (?:paper|article)|review article|"
    r"^article$|^\W*\d[\d\s\-.:/]*$|\bAIAA \d|downloaded|submitted",
    re.IGNORECASE)
_FRONT_STOP = re.compile(
    r"^(?:abstract|a\s?b\s?s\s?t\s?r\s?a\s?c\s?t|summary|keywords?|key\s?words|index terms|"
    r"nomenclature|(?:1|I)\.?\s+introduction|introduction)\b",
    re.IGNORECASE)


# --- title ----------------------------------------------------------------------------------

def _title_lines(lines: list[TextLine], height: float, body_size: float) -> list[TextLine]:
    candidates = [l for l in lines
                  if l.bbox[1] < 0.65 * height and sum(c.isalnum() for c in l.text) >= 0.6 * len(l.text) > 2
                  and "=" not in l.text and not _TITLE_NOISE.search(l.text) and not _EMAIL.search(l.text)]
    if not candidates:
        return []
    biggest = max(l.size for l in candidates)
    if biggest < body_size * 1.15:
        return []
    ordered = sorted((l for l in candidates if l.size >= biggest - 0.6), key=lambda l: (l.bbox[1], l.bbox[0]))
    title = [ordered[0]]
    for line in ordered[1:]:
        if line.bbox[1] - title[-1].bbox[3] > 1.2 * line.size or len(title) >= 6:
            break
        title.append(line)
    return title


def _plausible_metadata_title(title: str) -> str:
    """The metadata title, unless it is a file name, a tool's placeholder or too short."""
    title = " ".join(title.split())[:MAX_CHARS]
    if len(title.split()) < 3 or re.search(
            r"\.(?:docx?|dvi|tex|pdf|ps|indd|rtf)\b|^microsoft |^untitled|^title$", title, re.IGNORECASE):
        return ""
    return title


# --- front block: authors and affiliations under the title ------------------------------------

def _front_block(lines: list[TextLine], top: float, title_ids: set[int]) -> list[TextLine]:
    below = sorted((l for l in lines if l.bbox[1] >= top - 1 and id(l) not in title_ids),
                   key=lambda l: (l.bbox[1], l.bbox[0]))
    block: list[TextLine] = []
    for line in below:
        text = line.text.strip()
        if _FRONT_STOP.match(text) or _is_prose(text):
            break
        block.append(line)
    return block


def _is_prose(text: str) -> bool:
    """A sentence of running text (abstract or body), not a name or an address."""
    words = text.split()
    if len(words) < 8 or _INSTITUTION.search(text):
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower / len(words) > 0.45
