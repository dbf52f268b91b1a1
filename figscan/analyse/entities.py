"""Watch-listed institutions and funders in a paper's affiliations, funding and text.

Lists live in figscan/data/entities/*.csv, one file per list, each with a header comment naming
its source and the transcription it was read from. Columns (see README, "Adding a watch list"):
name, country, list_name, list_date, citation, checked, category, weight, source are required in
every row, because a reviewer who acts on a match has to say which list, since when, by which
notice, and when the row was last checked; original_names (Chinese, Korean ...), aliases,
abbreviations, gated_aliases, parent and rating may be left out of a file.

A gated alias ("Northwestern Polytechnic University@Xi'an/China") matches only when one of its
places is named in the same affiliation, funding statement or paragraph: the Entity List gives
NWPU that alias, and an unrelated university in Fremont, CA bears it.

Two matchers, both precise before they are clever:

- exact: each name or alias on word boundaries, any case, any run of spaces or hyphens between
  its words; never a city alone ("Harbin"). A name ending in University/Institute/College/Academy
  does not match when "of"/"for" follows ("Sichuan University" is not "Sichuan University of
  Science and Engineering"), nor one ending in a subject when "and <Subject>" follows ("...
  Institute of Technology and Business"). Abbreviations ("HEU", "NSFC") are matched
  case-sensitively and only in affiliations and funding statements, where they name
  organisations; in body text they too often mean something else ("HEU": highly enriched
  uranium). Original-script names match as written.
- fuzzy (rapidfuzz), in affiliations and funding statements only: a whole comma- or
  semicolon-separated part ("Harbin Engineerinq University", "National Defense Technology
  University") matches a listed English name when both have the same words, in any order,
  after folding case, "&", "Defence"/"Defense", "Centre"/"Center" and common abbreviations
  ("Univ.", "Inst.", "Tech."), each word within one edit of its partner (none for words of five
  letters or fewer; OCR's "m" for "rn" costs none: "Northwestem") and the whole within
  `MATCHING.fuzzy_min_score` (token-sort ratio). So OCR slips and
  word order are forgiven, but "Harbin Institute of Technology" is not "Harbin Engineering
  University" and "Northwestern Polytechnic" is not "Northwestern Polytechnical". A part printed
  without spaces (a text layer that lost them: "NorthUniversityofChina") matches a listed name
  whose letters it is, whole, post code aside. Body text gets
  the exact matcher only: it is long and hostile, and a fuzzy mention there would be weak
  evidence anyway. Original-script names are never matched fuzzily: 哈尔滨工程大学 and
  哈尔滨工业大学 are one character apart.

A mention in the body text is weaker evidence than an affiliation or a funder, so its weight is
the list weight times MATCHING.text_mention_factor.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import ahocorasick
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from figscan.analyse.entity_patterns import (
    CJK,
    Required,
    acronym_alternative,
    acronym_required,
    alias_alternative,
    alias_pattern,
    alias_required,
    could_match,
    fast_alternation,
    words_are_reliable,
)
from figscan.extract.dates import is_before
from figscan.extract.frontmatter.places import ocr_fold
from figscan.extract.text import body_text
from figscan.model import EntityMatch, FrontMatter, PageText
from figscan.settings import default_matching_settings

ENTITIES_DIR = Path(__file__).resolve().parents[1] / "data" / "entities"
MATCHING = default_matching_settings()  # thresholds with their reasons: figscan/data/matching.toml
REQUIRED_COLUMNS = ("name", "country", "list_name", "list_date", "citation", "checked", "category", "weight",
                    "source")
OPTIONAL_COLUMNS = ("original_names", "aliases", "abbreviations", "gated_aliases", "parent", "rating")
RATINGS = ("very high", "high", "medium", "low")  # the ASPI China Defence Universities Tracker's risk scale
# figscan's own categories, not listings: their list_date is the day the row was written, so a match
# with one says nothing about "listed before the paper"
UNLISTED_CATEGORIES = frozenset({"government-funder", "defence-funder", "defence-laboratory"})
# A listing date as precise as the list gives it; "by 2017-12" when only a later copy of the list was
# seen: the entity was listed no later than that.
_LIST_DATE = re.compile(r"(?:by )?\d{4}(?:-\d\d(?:-\d\d)?)?")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
# words too common in affiliations to tell entries apart (for the substring pre-test only)
_COMMON_WORDS = frozenset({"university", "institute", "technology", "corporation", "engineering", "academy",
                           "sciences", "science", "research", "laboratory", "national", "chinese", "china",
                           "center", "centre", "information", "electronics", "electronic", "college", "school"})
_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "at", "on"})
_FOLD_WORDS = {"univ": "university", "inst": "institute", "tech": "technology", "technol": "technology",
               "natl": "national", "acad": "academy", "sci": "science", "eng": "engineering",
               "lab": "laboratory", "labs": "laboratory", "dept": "department", "defence": "defense",
               "centre": "center", "organisation": "organization", "programme": "program",
               "aeronautic": "aeronautics", "polytech": "polytechnic", "corp": "corporation"}
MIN_UNSPACED_PART = 12  # characters: shorter parts without a space are words or acronyms, not run-together names
_PART_SPLIT = re.compile(r"[,;()\[\]:]|\s-\s|\band the\b|\bas well as\b", re.IGNORECASE)


@dataclass(frozen=True)
class GatedAlias:
    """A name that is also borne by an unrelated organisation: it counts only next to a place."""
    alias: str
    places: tuple[str, ...]  # any one of them must be named in the same text


@dataclass(frozen=True)
class Entry:
    """One row of a watch list."""
    name: str  # the canonical English name
    aliases: tuple[str, ...]  # every English name to match, the canonical one first
    country: str
    list_name: str
    category: str
    weight: float
    source: str  # URL of the list, the notice or the entry's page
    list_date: str  # when the entity was listed: "2020-12-18", "2019-11", "by 2017-12"
    citation: str  # the primary citation: "85 FR 83416", "UNSC res. 2270 (2016)", a list PDF
    checked: str  # the day the row was last checked against its evidence (YYYY-MM-DD)
    original_names: tuple[str, ...] = ()  # in the organisation's own script
    abbreviations: tuple[str, ...] = ()
    gated_aliases: tuple[GatedAlias, ...] = ()
    parent: str = ""  # the listed organisation this one belongs to, for a subordinate listed on its own
    rating: str = ""  # ASPI risk rating, one of RATINGS, where the list rates


@dataclass(frozen=True)
class _Patterns:
    names: re.Pattern[str] | None  # full names, English and original script: everywhere
    acronyms: re.Pattern[str] | None  # only in affiliations and funding
    # (alias, its places, is an abbreviation) per gated alias; a gated abbreviation ("BIT" next to
    # Beijing) is matched case-sensitively and, like every abbreviation, not in body text
    gated: tuple[tuple[re.Pattern[str], re.Pattern[str], bool], ...] = ()


@dataclass(frozen=True)
class _Matcher:
    entry: Entry
    keys: tuple[str, ...]  # lower-case words one of which any match must contain
    # per name, what a text must hold for it to match; in body text, where abbreviations are not
    # matched, their requirements are left out
    required: tuple[Required, ...]
    required_in_text: tuple[Required, ...]

    @cached_property
    def patterns(self) -> _Patterns:
        """Compiled when a text first could match: most entries never need theirs in a process,
        and compiling all 300 took a second."""
        return _patterns(self.entry)


@dataclass(frozen=True)
class _FuzzyIndex:
    """Folded English names of every entry, for rapidfuzz to search in one call."""
    folded: tuple[str, ...]
    owners: tuple[tuple[int, str], ...]  # (matcher index, alias as listed) per folded name
    # per word count: the names' words sorted (token-sort ratio is the plain ratio of these) and
    # their indexes in `folded`; a part is compared only with names of as many words, the only
    # ones `_verdict` can accept, which keeps a list of 300 entries as fast as one of 50
    by_words: dict[int, tuple[tuple[str, ...], tuple[int, ...]]]
    # letters and digits only, lower case -> (matcher index, alias) per English name: a text layer
    # without spaces ("NorthUniversityofChina") is compared whole, part by part
    squashed: dict[str, tuple[tuple[int, str], ...]]


def load_watchlists(folder: Path = ENTITIES_DIR) -> list[Entry]:
    """Every row of every CSV in `folder`; a malformed file raises ValueError naming it, and a
    `parent` that names no row of any list raises ValueError naming the row."""
    entries = []
    for path in sorted(folder.glob("*.csv")):
        entries.extend(read_watchlist(path))
    names = {entry.name for entry in entries}
    for entry in entries:
        if entry.parent and entry.parent not in names:
            raise ValueError(f"{folder}: {entry.name} ({entry.list_name}): parent {entry.parent!r} is on no list")
    return entries


def read_watchlist(path: Path) -> list[Entry]:
    """One list file. Its header comment must name a source (a URL); every row needs a name, a
    two-letter country, a list name, a listing date, a citation, the day it was checked, a
    category, a positive weight and a source URL. A bad row raises ValueError naming the file,
    the row, its line and its name."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(True)
    comment = "".join(line for line in lines if line.startswith("#"))
    if "http" not in comment:
        raise ValueError(f"{path}: the header comment (lines starting with #) must name the list's source URL")
    data_lines = [number for number, line in enumerate(lines, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for line in lines if not line.startswith("#"))
    columns = tuple(reader.fieldnames or ())
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        raise ValueError(f"{path}: columns must be {','.join(REQUIRED_COLUMNS)} plus any of "
                         f"{','.join(OPTIONAL_COLUMNS)}; missing {missing}, unknown {unknown}")
    entries = []
    for number, row in enumerate(reader, start=2):
        try:
            entries.append(_entry(row))
        except (ValueError, TypeError) as exc:
            name = (row.get("name") or "").strip() or "no name"
            where = f"row {number} (line {data_lines[reader.line_num - 1]}, {name})"
            raise ValueError(f"{path}: {where}: {exc}") from None
    return entries


def _entry(row: dict[str, str]) -> Entry:
    def split(column: str) -> list[str]:
        return [v.strip() for v in (row.get(column) or "").split("|") if v.strip()]

    def cell(column: str) -> str:
        return (row.get(column) or "").strip()

    name = cell("name")
    weight = float(row["weight"])
    if not name or len(cell("country")) != 2 or weight <= 0 or "http" not in cell("source"):
        raise ValueError("needs a name, a two-letter country, a positive weight and a source URL")
    if not _LIST_DATE.fullmatch(cell("list_date")):
        raise ValueError(f"list_date {cell('list_date')!r} is not YYYY[-MM[-DD]] or 'by YYYY[-MM[-DD]]'")
    if not cell("citation"):
        raise ValueError("needs a citation (Federal Register document, UN reference, list PDF or page)")
    if not _DAY.fullmatch(cell("checked")):
        raise ValueError(f"checked {cell('checked')!r} is not the day the row was checked (YYYY-MM-DD)")
    if cell("rating") and cell("rating") not in RATINGS:
        raise ValueError(f"rating {cell('rating')!r} is not one of {', '.join(RATINGS)}")
    gated = tuple(_gated_alias(value) for value in split("gated_aliases"))
    originals, aliases, abbreviations = split("original_names"), split("aliases"), split("abbreviations")
    # Old-style files put everything in `aliases`: sort it out by how each name is written.
    originals += [a for a in aliases if not a.isascii()]
    abbreviations += [a for a in aliases if a.isascii() and _ACRONYM.match(a)]
    english = [a for a in [name, *aliases] if a.isascii() and not _ACRONYM.match(a)]
    return Entry(name=name, aliases=tuple(dict.fromkeys(english)), country=cell("country").upper(),
                 list_name=cell("list_name"), category=cell("category"), weight=weight, source=cell("source"),
                 list_date=cell("list_date"), citation=cell("citation"), checked=cell("checked"),
                 original_names=tuple(dict.fromkeys(originals)), abbreviations=tuple(dict.fromkeys(abbreviations)),
                 gated_aliases=gated, parent=cell("parent"), rating=cell("rating"))


def _gated_alias(value: str) -> GatedAlias:
    """"Northwestern Polytechnic University@Xi'an/Xian/China" -> the alias and its places."""
    alias, _, places = value.partition("@")
    names = tuple(p.strip() for p in places.split("/") if p.strip())
    if not alias.strip() or not names:
        raise ValueError(f"gated alias {value!r} is not 'alias@place/place'")
    return GatedAlias(alias.strip(), names)


@cache
def _default_matchers() -> tuple[_Matcher, ...]:
    return tuple(_matcher(entry) for entry in load_watchlists())


@cache
def _default_index() -> _FuzzyIndex:
    return _fuzzy_index(_default_matchers())


@cache
def _default_keys() -> _KeyIndex:
    return _key_index(_default_matchers())


def match_entities(front: FrontMatter, pages: list[PageText],
                   entries: list[Entry] | None = None, paper_date: str = "") -> list[EntityMatch]:
    """Watch-list hits, at most one per list entry and place (affiliation, funding, text);
    body-text mentions only for entries not already found in an affiliation or funder.

    An affiliation hit lists every affiliation (index into `front.affiliations`) the entry was
    found in, and gives the page of the first. Each hit carries its row's citation, listing date
    and check day, and, given the paper's date (figscan.extract.dates.paper_date), whether the
    entity was listed before it. A subordinate listed on its own names its listed parent.
    """
    if entries is None:
        matchers, index, keys = _default_matchers(), _default_index(), _default_keys()
    else:
        matchers = tuple(_matcher(e) for e in entries)
        index, keys = _fuzzy_index(matchers), _key_index(matchers)
    found: dict[tuple[str, str, str], EntityMatch] = {}
    fuzzy_budget = [MATCHING.max_fuzzy_parts]

    def record(matcher: _Matcher, where: str, page: int, matched: str, alias: str, similarity: float,
               affiliation: int | None) -> None:
        entry = matcher.entry
        key = (entry.name, entry.list_name, where)
        if key in found:  # a further affiliation naming the same entry
            if affiliation is not None and affiliation not in found[key].affiliations:
                found[key].affiliations.append(affiliation)
            return
        weight = entry.weight * (MATCHING.text_mention_factor if where == "text" else 1.0)
        found[key] = EntityMatch(
            name=entry.name, matched=matched, list_name=entry.list_name, source=entry.source,
            category=entry.category, where=where, page=page, weight=weight, list_date=entry.list_date,
            country=entry.country, similarity=round(similarity, 1), alias=alias,
            affiliations=[] if affiliation is None else [affiliation], citation=entry.citation,
            checked=entry.checked, rating=entry.rating, parent=entry.parent,
            listed_before_paper=listed_before(entry, paper_date))

    def scan(text: str, where: str, page: int, with_acronyms: bool, affiliation: int | None = None) -> None:
        text = _normalise(text)
        lowered = text.lower()
        words_hold = words_are_reliable(text)
        for matcher in (matchers[i] for i in _candidates(lowered, keys)):
            key = (matcher.entry.name, matcher.entry.list_name, where)
            if key in found and affiliation is None or where == "text" and any(k[:2] == key[:2] for k in found):
                continue  # a body-text mention adds nothing to an affiliation or funder hit
            if not could_match(matcher.required if with_acronyms else matcher.required_in_text, text, lowered,
                               words_hold):
                continue  # a word of every name is missing: no pattern to compile or run
            patterns = matcher.patterns
            match = patterns.names.search(text) if patterns.names is not None else None
            if match is None and with_acronyms and patterns.acronyms is not None:
                match = patterns.acronyms.search(text)
            if match is None:
                match = next((m for alias, places, acronym in patterns.gated if with_acronyms or not acronym
                              if (m := alias.search(text)) is not None and places.search(text)), None)
            if match is not None:
                record(matcher, where, page, match.group(0), _listed_form(matcher.entry, match.group(0)), 100.0,
                       affiliation)
        if where != "text":
            for matcher_index, alias, part, score in _fuzzy_hits(text, index, fuzzy_budget):
                matcher = matchers[matcher_index]
                key = (matcher.entry.name, matcher.entry.list_name, where)
                if key not in found or affiliation is not None:
                    record(matcher, where, page, part, alias, score, affiliation)

    for number, affiliation in enumerate(front.affiliations):
        scan(affiliation.text, "affiliation", affiliation.page or 1, with_acronyms=True, affiliation=number)
    for funding in front.funding:
        scan(" ; ".join([funding.text, *funding.funders]), "funding", funding.page, with_acronyms=True)
    for number, text in body_text(pages):
        scan(text, "text", number, with_acronyms=False)
    return list(found.values())


def listed_before(entry: Entry, paper_date: str) -> bool | None:
    """Whether `entry` was listed before a paper dated `paper_date` ("2019-03-12", "2019"); None
    when the dates overlap, the paper has no date, or the row is not a listing."""
    if entry.category in UNLISTED_CATEGORIES:
        return None
    return is_before(entry.list_date, paper_date)


def is_same_name(text: str, listed: str) -> float:
    """The fuzzy matcher's verdict on one pair: its score (0-100) when `text` passes for the
    listed English name `listed`, else 0. Word order, case, abbreviations and one-letter slips
    in long words are forgiven; a different, missing or extra word is not."""
    a, b = fold_name(text), fold_name(listed)
    if not a or not b or len(b.split()) < 2:
        return 0.0
    return _verdict(a, b)


def fold_name(text: str) -> str:
    """Lower case, punctuation out, stopwords out, common abbreviations and spellings folded."""
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " and ")
    words = []
    for word in re.findall(r"[a-z0-9]+", text):
        word = _FOLD_WORDS.get(word, word)
        if word not in _STOPWORDS:
            words.append(word)
    return " ".join(words)


def _verdict(a: str, b: str) -> float:
    score = fuzz.token_sort_ratio(a, b)
    if score < MATCHING.fuzzy_min_score:
        return 0.0
    left, right = a.split(), b.split()
    if len(left) != len(right):
        return 0.0
    left, right = [ocr_fold(w) for w in left], [ocr_fold(w) for w in right]
    unused = list(right)
    for word in sorted(left, key=len, reverse=True):
        allowed = 1 if len(word) > 5 else 0
        partner = next((w for w in unused if Levenshtein.distance(word, w, score_cutoff=allowed) <= allowed), None)
        if partner is None:
            return 0.0
        unused.remove(partner)
    return float(score)


@dataclass(frozen=True)
class _KeyIndex:
    """Every matcher's keys in one Aho-Corasick automaton: one pass over a text names the
    matchers worth a regex search (300 entries cost about what 50 did with a test per entry)."""
    automaton: Any  # ahocorasick.Automaton: key -> indexes of the matchers holding it
    always: tuple[int, ...]  # matchers without a key (none today): searched in every text


def _key_index(matchers: tuple[_Matcher, ...]) -> _KeyIndex:
    owners: dict[str, list[int]] = {}
    always = []
    for index, matcher in enumerate(matchers):
        if "" in matcher.keys or not matcher.keys:
            always.append(index)
        for key in matcher.keys:
            if key:
                owners.setdefault(key, []).append(index)
    automaton = ahocorasick.Automaton()
    for key, indexes in owners.items():
        automaton.add_word(key, tuple(indexes))
    if owners:
        automaton.make_automaton()
    return _KeyIndex(automaton, tuple(always))


def _candidates(lowered: str, keys: _KeyIndex) -> list[int]:
    """Indexes (in list order) of the matchers one of whose keys `lowered` contains."""
    found = set(keys.always)
    if len(keys.automaton):
        for _, indexes in keys.automaton.iter(lowered):
            found.update(indexes)
    return sorted(found)


def _fuzzy_index(matchers: tuple[_Matcher, ...]) -> _FuzzyIndex:
    folded, owners = [], []
    for index, matcher in enumerate(matchers):
        for alias in matcher.entry.aliases:
            name = fold_name(alias)
            if "*" not in alias and len(name.split()) >= 2:
                folded.append(name)
                owners.append((index, alias))
    groups: dict[int, list[int]] = {}
    for i, name in enumerate(folded):
        groups.setdefault(len(name.split()), []).append(i)
    by_words = {count: (tuple(_sorted_words(folded[i]) for i in members), tuple(members))
                for count, members in groups.items()}
    squashed: dict[str, list[tuple[int, str]]] = {}
    for index, matcher in enumerate(matchers):
        for alias in matcher.entry.aliases:
            if "*" not in alias and len(alias.split()) >= 2:
                squashed.setdefault(_squash(alias), []).append((index, alias))
    return _FuzzyIndex(tuple(folded), tuple(owners), by_words,
                       {key: tuple(owners) for key, owners in squashed.items()})


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKC", text).lower())


def _sorted_words(folded: str) -> str:
    return " ".join(sorted(folded.split()))


def _fuzzy_hits(text: str, index: _FuzzyIndex, budget: list[int]) -> list[tuple[int, str, str, float]]:
    """(matcher index, alias, part as printed, score) for the parts of `text` that pass for a
    listed name; at most `budget[0]` parts are compared (shared across one paper)."""
    hits = []
    for part in _parts(text):
        if budget[0] <= 0:
            break
        budget[0] -= 1
        folded = fold_name(part)
        if len(folded.split()) == 1 and len(part) >= MIN_UNSPACED_PART:  # "NorthUniversityofChina,Taiyuan030051"
            for owner, alias in index.squashed.get(_squash(part.rstrip("0123456789")), ()):
                hits.append((owner, alias, part, 100.0))
            continue
        if len(folded.split()) < 2 or len(folded.split()) not in index.by_words:
            continue
        names, members = index.by_words[len(folded.split())]
        for _, _, j in process.extract(_sorted_words(folded), names, scorer=fuzz.ratio, processor=None,
                                           score_cutoff=MATCHING.fuzzy_min_score, limit=5):
            i = members[j]
            verdict = _verdict(folded, index.folded[i])
            if verdict:
                hits.append((index.owners[i][0], index.owners[i][1], part, verdict))
    return hits


def _parts(text: str) -> list[str]:
    """Comma-, semicolon- and bracket-separated parts, also without trailing post codes."""
    parts = []
    for part in _PART_SPLIT.split(text):
        part = " ".join(part.split()).strip(" .")
        if not part or len(part) > MATCHING.max_part_chars:
            continue
        parts.append(part)
        trimmed = re.sub(r"(?:\s+[\w\-]*\d[\w\-]*)+$", "", part)  # "... University 150001"
        if trimmed != part and trimmed:
            parts.append(trimmed)
    return parts


def _listed_form(entry: Entry, matched: str) -> str:
    """Which listed name an exact match is (for the report): the first one it equals, folded."""
    folded = fold_name(matched)
    for name in (*entry.aliases, *entry.original_names, *entry.abbreviations, *(g.alias for g in entry.gated_aliases)):
        if fold_name(name) == folded and folded or name == matched:
            return name
    return next((name for name in entry.aliases if "*" in name and re.fullmatch(alias_pattern(name, guarded=False), matched)),
                matched)


def _matcher(entry: Entry) -> _Matcher:
    names = (*entry.aliases, *entry.original_names, *entry.abbreviations, *(g.alias for g in entry.gated_aliases))
    in_text = [alias_required(a) for a in (*entry.aliases, *entry.original_names)]
    in_text += [alias_required(g.alias) for g in entry.gated_aliases if not _ACRONYM.match(g.alias)]
    acronyms = [acronym_required(a) for a in entry.abbreviations]
    acronyms += [acronym_required(g.alias) for g in entry.gated_aliases if _ACRONYM.match(g.alias)]
    return _Matcher(entry, tuple({_longest_word(a) for a in names}), tuple(in_text + acronyms), tuple(in_text))


def _patterns(entry: Entry) -> _Patterns:
    """The entry's names, abbreviations and gated aliases as patterns (entity_patterns.py: the
    same matches as one alternation of the names, longest first, found faster)."""
    names = sorted([*entry.aliases, *entry.original_names], key=len, reverse=True)
    name_pattern = re.compile(fast_alternation([alias_alternative(a) for a in names])) if names else None
    acronym_pattern = (re.compile(fast_alternation([acronym_alternative(a) for a in entry.abbreviations]))
                       if entry.abbreviations else None)
    gated = tuple((re.compile(fast_alternation([acronym_alternative(g.alias) if _ACRONYM.match(g.alias)
                                                else alias_alternative(g.alias, guarded=False)])),
                   re.compile(fast_alternation([alias_alternative(place) for place in g.places])),
                   bool(_ACRONYM.match(g.alias))) for g in entry.gated_aliases)
    return _Patterns(name_pattern, acronym_pattern, gated)


def _longest_word(alias: str) -> str:
    """The alias's longest literal word that is not a word most affiliations hold ("University",
    "Institute"), lower-cased and without punctuation, so that a substring test rules the entry
    out for most texts; for CJK and Hangul its first character (OCR may put spaces between the
    characters)."""
    if CJK.search(alias):
        return alias.strip()[:1]
    words = [w.strip(",.;:()'\"").lower() for w in alias.split() if w != "*"]
    words = [w for w in words if w]
    rare = [w for w in words if w not in _COMMON_WORDS]
    return max(rare or words, key=len) if words else ""


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).replace("’", "'").split())
