"""Dual-use technology terms in a paper's text, by category (taxonomy in figscan/data/terms.toml).

Matching is one Aho-Corasick pass (pyahocorasick) over the page text folded to lower case with
hyphens and line breaks as spaces, so its cost does not grow with the number of terms: every
term's spellings (spaced, hyphenated, joined: "re-entry", "re entry", "reentry"; plurals "s",
"es", "y" -> "ies"; and the `variants` a category lists) are keys of one automaton. A hit must
stand on word boundaries in the original text, and where hits overlap the leftmost longest one
wins ("titanium alloy" is counted once, not also as "alloy"). `benchmarks/terms_speed.py`
measures it against the single compiled regular expression it replaced.

The references section is left out (`figscan.extract.text.body_text`): cited titles would
otherwise count as if the paper itself were about them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from figscan.extract.text import body_text
from figscan.model import PageText, TermHit
from figscan.settings import TermCategory, default_term_categories, load_term_categories

SNIPPET_CHARS = 160

_VOWEL = set("aeiou")


@dataclass(frozen=True)
class Taxonomy:
    categories: dict[str, TermCategory]
    automaton: ahocorasick.Automaton  # folded spelling -> (its length, category id, term as listed)

    @property
    def by_key(self) -> dict[str, tuple[str, str]]:
        """Folded spelling -> (category id, term as listed)."""
        return {key: (cid, term) for key, (_, cid, term) in self.automaton.items()}


_SEPARATORS = str.maketrans({c: " " for c in "-\u2010\u2011\u2012\u2013\n\r\t\u00a0"})


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Read a taxonomy file (figscan.settings validates it) and build its automaton; the
    default one is cached by `default_taxonomy`."""
    categories = load_term_categories(path) if path else default_term_categories()
    automaton = ahocorasick.Automaton()
    for cid, category in categories.items():
        variants = [(v, term) for term, others in (category.variants or {}).items() for v in others]
        for spelling, term in [(t, t) for t in category.terms] + variants:
            for key in spellings(spelling):
                if key not in automaton:  # the first category to list a spelling keeps it
                    automaton.add_word(key, (len(key), cid, term))
    automaton.make_automaton()
    return Taxonomy(categories, automaton)


@cache
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()


def spellings(term: str) -> set[str]:
    """The folded forms a term is found as: words joined by a space or by nothing, the last
    word also plural ("vibration", "vibrations"; "body", "bodies"; "re entry", "reentry")."""
    words = [w for w in re.split(r"[\s\-]+", fold_text(term.strip())) if w]
    if not words:
        return set()
    last = words[-1]
    endings = {last}
    if last[-1:].isalpha():
        endings |= {last + "s", last + "es"}
        if len(last) > 2 and last.endswith("y") and last[-2] not in _VOWEL:
            endings.add(last[:-1] + "ies")
    forms = set()
    for ending in endings:
        parts = words[:-1] + [ending]
        forms.add(" ".join(parts))
        if len(parts) > 1:
            forms.add("".join(parts))
    return forms


def fold_text(text: str) -> str:
    """Lower case, hyphens and line breaks as spaces, same length as `text` (offsets carry over)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lower-cases to two characters: fold one by one
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_SEPARATORS)


def find_terms(pages: list[PageText], max_hits_per_term: int = 20,
               taxonomy: Taxonomy | None = None) -> list[TermHit]:
    """Taxonomy terms in the body text: one hit per term and page, with how often the term
    occurs on that page and ~160 characters around its first occurrence (whitespace collapsed)
    so a reviewer can judge it without opening the PDF. A term's hits stop after
    `max_hits_per_term` pages, which bounds the list on long documents."""
    taxonomy = taxonomy or default_taxonomy()
    pages_per_term: Counter[str] = Counter()
    hits: list[TermHit] = []
    for number, text in body_text(pages):
        on_page: dict[str, TermHit] = {}
        for start, end, (category, term) in match_terms(text, taxonomy):
            hit = on_page.get(term)
            if hit is not None:
                hit.count += 1
                continue
            if pages_per_term[term] >= max_hits_per_term:
                continue
            pages_per_term[term] += 1
            on_page[term] = TermHit(category=category, term=term, page=number, snippet=_snippet(text, start, end),
                                    matched=" ".join(text[start:end].split()))
        hits.extend(on_page.values())
    return hits


def match_terms(text: str, taxonomy: Taxonomy | None = None) -> list[tuple[int, int, tuple[str, str]]]:
    """(start, end, (category id, term)) of every term in `text`: on word boundaries, leftmost
    longest where they overlap, in text order."""
    taxonomy = taxonomy or default_taxonomy()
    folded = fold_text(text)
    found = []
    for last, (key_length, category, term) in taxonomy.automaton.iter(folded):
        start, end = last - key_length + 1, last + 1
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if before.isalnum() or before in "_-" or after.isalnum() or after == "_":
            continue
        found.append((start, end, (category, term)))
    found.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))
    chosen, reach = [], 0
    for hit in found:
        if hit[0] >= reach:
            chosen.append(hit)
            reach = hit[1]
    return chosen


def count_by_category(hits: list[TermHit]) -> dict[str, int]:
    """Occurrences per category id, most frequent first."""
    counts: Counter[str] = Counter()
    for hit in hits:
        counts[hit.category] += hit.count
    return dict(counts.most_common())


def count_by_page(hits: list[TermHit]) -> dict[int, dict[str, int]]:
    """Occurrences per page and category id, pages in order."""
    pages: dict[int, Counter[str]] = {}
    for hit in sorted(hits, key=lambda h: h.page):
        pages.setdefault(hit.page, Counter())[hit.category] += hit.count
    return {page: dict(counts.most_common()) for page, counts in pages.items()}


def _snippet(text: str, start: int, end: int) -> str:
    half = max((SNIPPET_CHARS - (end - start)) // 2, 20)
    left, right = max(0, start - half), min(len(text), end + half)
    snippet = " ".join(text[left:right].split())
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")
