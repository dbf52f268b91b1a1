"""The funder list (data/funders.tsv: curated rows and Crossref Funder Registry rows) as a
lexicon: every name, alias and acronym to its registry name and Funder Registry id, and the
listed names found in a sentence."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from figscan.extract.frontmatter.text import MAX_SENTENCE_CHARS, normalise

FUNDERS_PATH = Path(__file__).resolve().parents[2] / "data" / "funders.tsv"


def registry_entry(name: str) -> tuple[str, str]:
    """The data/funders.tsv name and Crossref Funder Registry DOI of a funder as printed."""
    canonical = canonical_funder(name)
    funder_id = funder_lexicon().ids.get(canonical, "")
    return canonical, f"10.13039/{funder_id}" if funder_id else ""


@dataclass(frozen=True)
class FunderLexicon:
    canonical: dict[str, str]  # plain name or alias -> canonical name
    compact: dict[str, str]  # the same without spaces: "Central Universities" printed "CentralUniversities"
    acronyms: dict[str, str]  # acronym as printed -> canonical name
    pattern: re.Pattern[str]  # every listed acronym, case-sensitive, longest first
    names_pattern: re.Pattern[str]  # every listed name, any case ("Information & communications Technology")
    ids: dict[str, str]  # canonical name -> its most used Crossref Funder Registry id


@cache
def funder_lexicon() -> FunderLexicon:
    canonical: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    printed: set[str] = set()
    ids: dict[str, str] = {}
    with open(FUNDERS_PATH, encoding="utf-8") as handle:
        for row in csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"):
            ids.setdefault(row["name"], row["funder_id"].split("|")[0])
            for name in [row["name"], *row["aliases"].split("|")]:
                name = " ".join(name.split())
                if not name:
                    continue
                if _LISTED_ACRONYM.match(name):
                    acronyms.setdefault(name, row["name"])
                elif canonical.setdefault(plain_name(name), row["name"]) == row["name"]:
                    printed.add(name)
    return FunderLexicon(canonical, {k.replace(" ", ""): v for k, v in canonical.items()}, acronyms,
                          re.compile(rf"(?<![\w&.-]){_trie_pattern(set(acronyms))}(?![\w&-])"),
                          re.compile(rf"(?<![\w&.-]){_trie_pattern(printed)}(?![\w&-])", re.IGNORECASE), ids)


def _trie_pattern(names: set[str]) -> str:
    """One regular expression for many names, shared prefixes factored out (a trie): with 450 funders
    and their aliases a plain alternation takes ten times longer to compile and to match. Longer
    names are tried first; spaces match any run of white space."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + ("?" if ends else "") if not (len(branches) == 1 and ends) else f"(?:{branches[0]})?"

    return "(?:" + pattern(trie) + ")"


_LISTED_ACRONYM = re.compile(r"^[A-Z][A-Za-z.&\-]{1,9}$")
_PLAIN_DROP = re.compile(r"[^\w\u4e00-\u9fff&]+")


def plain_name(name: str) -> str:
    name = normalise(name).lower()
    name = re.sub(r"^the\s+", "", name)
    return " ".join(_PLAIN_DROP.sub(" ", name).split())


_DASHED_ACRONYM = re.compile(r"\s*[-\u2013]\s*[A-Z]{2,8}$")


def canonical_funder(name: str) -> str:
    """The data/funders.tsv name of a funder as printed ("NSFC", "the National Natural Science
    Foundation of China (NSFC)" -> "National Natural Science Foundation of China"), else ""."""
    lexicon = funder_lexicon()
    key = plain_name(name)
    bare = plain_name(re.sub(r"\s*\([^()]{1,20}\)\s*$", "", normalise(name).strip()))
    dashed = plain_name(_DASHED_ACRONYM.sub("", normalise(name).strip()))  # "Deutsche Forschungsgemeinschaft-DFG"
    for plain in (key, bare, dashed):
        if plain in lexicon.canonical:
            return lexicon.canonical[plain]
        if plain.replace(" ", "") in lexicon.compact:  # words run together by the text layer
            return lexicon.compact[plain.replace(" ", "")]
    text = normalise(name)
    found = [m.group(0) for p in (lexicon.names_pattern, lexicon.pattern) for m in p.finditer(text)]
    for match in sorted(found, key=len, reverse=True):
        return lexicon.acronyms.get(match) or lexicon.canonical.get(plain_name(match), "")
    return ""


def listed_funders(sentence: str) -> list[str]:
    """Listed names and acronyms in a sentence, as printed; words in lower case are not funders
    ("in the arc of ..."): the acronym pattern is case-sensitive and names must be capitalised."""
    lexicon = funder_lexicon()
    sentence = normalise(sentence)[:MAX_SENTENCE_CHARS]
    matches = sorted((m for p in (lexicon.names_pattern, lexicon.pattern) for m in p.finditer(sentence)),
                     key=lambda m: (m.start(), -m.end()))
    found, end = [], -1
    for match in matches:
        text = match.group(0)
        if match.start() >= end and (text[:1].isupper() or text[:1].isdigit() or not text.isascii()):  # "111 Project"
            found.append(" ".join(text.split()))
            end = match.end()
    return found
