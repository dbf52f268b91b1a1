"""Watch-listed institutions and funders in a paper's affiliations, funding and text.

Lists live in figscan/data/entities/*.csv, one file per list, each with a header comment naming
its source and date. Matching is by alias on word boundaries, never by a city alone ("Harbin"),
and an alias ending in University/Institute/College/Academy does not match when "of"/"for"
follows ("Sichuan University" is not "Sichuan University of Science and Engineering"), nor one
ending in a subject when "and <Subject>" follows ("... Institute of Technology and Business").
All-caps acronyms ("HEU", "NSFC") are matched case-sensitively and only in affiliations and
funding statements, where they name organisations; in body text they too often mean something
else ("HEU": highly enriched uranium).

A mention in the body text is weaker evidence than an affiliation or a funder, so its weight is
the list weight times TEXT_MENTION_FACTOR.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from figscan.analyse.terms import body_text
from figscan.model import EntityMatch, FrontMatter, PageText

ENTITIES_DIR = Path(__file__).resolve().parents[1] / "data" / "entities"
TEXT_MENTION_FACTOR = 0.25
_COLUMNS = ("name", "aliases", "country", "list_name", "category", "weight", "source")
_WILDCARD = r"[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2}"  # "*" in an alias: 1-3 capitalised words
_OPEN_ENDED = re.compile(r"\b(?:university|institute|college|academy|univ\.)$", re.IGNORECASE)
_SUBJECT_ENDED = re.compile(r"\b(?:technology|science|sciences|engineering|physics)$", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")


@dataclass(frozen=True)
class Entry:
    """One row of a watch list."""
    name: str
    aliases: tuple[str, ...]
    country: str
    list_name: str
    category: str
    weight: float
    source: str


@dataclass(frozen=True)
class _Matcher:
    entry: Entry
    names: re.Pattern[str]  # full names: everywhere
    acronyms: re.Pattern[str] | None  # only in affiliations and funding
    keys: tuple[str, ...]  # lower-case words one of which any match must contain


def load_watchlists(folder: Path = ENTITIES_DIR) -> list[Entry]:
    """Every row of every CSV in `folder`; a malformed file raises ValueError naming it."""
    entries = []
    for path in sorted(folder.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(line for line in handle if not line.startswith("#"))
            if tuple(reader.fieldnames or ()) != _COLUMNS:
                raise ValueError(f"{path}: columns must be {','.join(_COLUMNS)}, got {reader.fieldnames}")
            for row in reader:
                aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
                entries.append(Entry(row["name"], aliases or (row["name"],), row["country"], row["list_name"],
                                     row["category"], float(row["weight"]), row["source"]))
    return entries


@cache
def _default_matchers() -> tuple[_Matcher, ...]:
    return tuple(_matcher(entry) for entry in load_watchlists())


def match_entities(front: FrontMatter, pages: list[PageText],
                   entries: list[Entry] | None = None) -> list[EntityMatch]:
    """Watch-list hits, at most one per list entry and place (affiliation, funding, text);
    body-text mentions only for entries not already found in an affiliation or funder.

    Affiliations carry no page number in the model; their hits say page 1, where they are read.
    """
    matchers = _default_matchers() if entries is None else tuple(_matcher(e) for e in entries)
    found: dict[tuple[str, str, str], EntityMatch] = {}

    def scan(text: str, where: str, page: int, with_acronyms: bool) -> None:
        text = _normalise(text)
        lowered = text.lower()
        for matcher in matchers:
            if not any(key in lowered for key in matcher.keys):
                continue  # a substring test rules out most entries far faster than their regex
            key = (matcher.entry.name, matcher.entry.list_name, where)
            if key in found or where == "text" and any(k[:2] == key[:2] for k in found):
                continue  # a body-text mention adds nothing to an affiliation or funder hit
            match = matcher.names.search(text)
            if match is None and with_acronyms and matcher.acronyms is not None:
                match = matcher.acronyms.search(text)
            if match is not None:
                entry = matcher.entry
                weight = entry.weight * (TEXT_MENTION_FACTOR if where == "text" else 1.0)
                found[key] = EntityMatch(name=entry.name, matched=match.group(0), list_name=entry.list_name,
                                         source=entry.source, category=entry.category, where=where,
                                         page=page, weight=weight)

    for affiliation in front.affiliations:
        scan(affiliation.text, "affiliation", 1, with_acronyms=True)
    for funding in front.funding:
        scan(" ; ".join([funding.text, *funding.funders]), "funding", funding.page, with_acronyms=True)
    for number, text in body_text(pages):
        scan(text, "text", number, with_acronyms=False)
    return list(found.values())


def _matcher(entry: Entry) -> _Matcher:
    names = [a for a in entry.aliases if not _ACRONYM.match(a)]
    acronyms = [a for a in entry.aliases if _ACRONYM.match(a)]
    name_pattern = re.compile("|".join(_alias_pattern(a) for a in sorted(names, key=len, reverse=True)))
    acronym_pattern = (re.compile(r"(?<![\w\-])(?:{})(?![\w\-])".format("|".join(map(re.escape, acronyms))))
                       if acronyms else None)
    keys = tuple({_longest_word(a) for a in entry.aliases})
    return _Matcher(entry, name_pattern, acronym_pattern, keys)


def _longest_word(alias: str) -> str:
    """The alias's longest literal word, lower-cased (the whole alias for CJK and Hangul)."""
    words = [w for w in alias.split() if w != "*"]
    return max(words, key=len).lower() if words else ""


def _alias_pattern(alias: str) -> str:
    """Case-insensitive words, any whitespace or hyphen between them, "*" as a capitalised name."""
    if not alias.isascii():  # CJK and Hangul: no word boundaries in those scripts
        return re.escape(alias)
    parts = []
    for word in alias.split():
        parts.append(_WILDCARD if word == "*" else "(?i:{})".format(re.escape(word)))
    body = r"[\s\-]+".join(parts)
    tail = ""
    if _OPEN_ENDED.search(alias):
        tail = r"(?!\s+(?i:of|for)\s)"
    elif _SUBJECT_ENDED.search(alias):
        tail = r"(?!\s+(?:and|&)\s+[A-Z][a-z])"  # "... of Technology and Business" is another school
    return rf"(?<![\w\-]){body}(?![\w\-]){tail}"


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").split())
