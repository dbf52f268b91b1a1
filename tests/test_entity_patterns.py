"""The fast watch-list patterns find exactly what the patterns written before them found.

`written_before` is a copy of how figscan/analyse/entities.py wrote an entry's patterns until
this round (one alternation per entry, each name behind a look-behind): the reference. Every
comparison is of all matches `finditer` yields, span and text, so a fast pattern that skipped a
position, matched elsewhere or chose another alternative fails here.
"""
from __future__ import annotations

import re

import pytest

from figscan.analyse.entities import _ACRONYM, Entry, _matcher, _patterns, load_watchlists
from figscan.analyse.entity_patterns import (
    acronym_alternative,
    alias_alternative,
    alias_pattern,
    could_match,
    fast_alternation,
    plain_alternation,
    words_are_reliable,
)

# --- the reference: the patterns as written before this round ---------------------------------
_OLD_WILDCARD = r"[A-Z][\w\-]*(?:(?:,?\s+(?:and\s+|&\s+)?)[A-Z][\w\-]*){0,5}"
_OLD_OPEN_ENDED = re.compile(r"\b(?:university|institute|college|academy|univ\.)$", re.IGNORECASE)
_OLD_SUBJECT_ENDED = re.compile(r"\b(?:technology|science|sciences|engineering|physics)$", re.IGNORECASE)
_OLD_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _old_alias_pattern(alias: str, guarded: bool = True) -> str:
    if _OLD_CJK.search(alias):
        return r"\s?".join(re.escape(c) for c in alias if not c.isspace())
    parts = [_OLD_WILDCARD if word == "*" else "(?i:{})".format(re.escape(word)) for word in alias.split()]
    body = r"[\s\-]+".join(parts)
    tail = ""
    if guarded and _OLD_OPEN_ENDED.search(alias):
        tail = r"(?!\s+(?i:of|for)\s)"
    elif guarded and _OLD_SUBJECT_ENDED.search(alias):
        tail = r"(?!\s+(?:and|&)\s+[A-Z][a-z])"
    return rf"(?<![\w\-]){body}(?![\w\-]){tail}"


def written_before(entry: Entry) -> list[re.Pattern[str] | None]:
    """names, abbreviations, then (alias, places) per gated alias, as compiled before."""
    names = [*entry.aliases, *entry.original_names]
    patterns: list[re.Pattern[str] | None] = [
        re.compile("|".join(_old_alias_pattern(a) for a in sorted(names, key=len, reverse=True))) if names else None,
        re.compile(r"(?<![\w\-])(?:{})(?![\w\-])".format("|".join(map(re.escape, entry.abbreviations))))
        if entry.abbreviations else None]
    for gated in entry.gated_aliases:
        patterns.append(re.compile(r"(?<![\w\-]){}(?![\w\-])".format(re.escape(gated.alias)) if _ACRONYM.match(gated.alias)
                                   else _old_alias_pattern(gated.alias, guarded=False)))
        patterns.append(re.compile("|".join(_old_alias_pattern(place) for place in gated.places)))
    return patterns


def written_now(entry: Entry) -> list[re.Pattern[str] | None]:
    compiled = _patterns(entry)
    return [compiled.names, compiled.acronyms, *[p for alias, places, _ in compiled.gated for p in (alias, places)]]


def all_matches(pattern: re.Pattern[str] | None, text: str) -> list[tuple[tuple[int, int], str]] | None:
    return None if pattern is None else [(m.span(), m.group(0)) for m in pattern.finditer(text)]


CONTEXTS = ["{}", "x{}", "{}x", "-{}", "{}-", "The {} of Physics", "at {} and Technology of", "{} and Business",
            "({})", "{}, Harbin 150001, China", "a{} b {}c {}", "Dept. 3, {}; {}"]


def texts_about(entry: Entry) -> list[str]:
    """The entry's own names, abbreviations, gated aliases and places, as printed, in capitals, in
    lower case, hyphenated and spaced out, in contexts that end or continue a name."""
    names = {*entry.aliases, *entry.original_names, *entry.abbreviations,
             *(g.alias for g in entry.gated_aliases), *(p for g in entry.gated_aliases for p in g.places)}
    forms = {form for name in names for form in (name, name.upper(), name.lower(), name.replace(" ", "-"),
                                                 name.replace(" ", "  "), " ".join(name))}
    return [context.format(form, form, form) for form in sorted(forms) for context in CONTEXTS]


ENTRIES = load_watchlists()


def test_every_list_entry_matches_its_own_names_as_before() -> None:
    # every entry against its own names in many forms and against all the lists' names: the same matches
    every_name = " ; ".join(sorted({a for e in ENTRIES for a in (*e.aliases, *e.original_names, *e.abbreviations)}))
    compared = 0
    for entry in ENTRIES:
        before, now = written_before(entry), written_now(entry)
        assert len(before) == len(now)
        for text in [*texts_about(entry), every_name]:
            for old, new in zip(before, now):
                assert all_matches(new, text) == all_matches(old, text), (entry.name, text)
                compared += 1
    assert compared > 50_000


@pytest.mark.parametrize("alias", ["Harbin Engineering University", "Beijing Institute of Technology",
                                   "Science and Technology on * Laboratory", "* Key Laboratory", "哈尔滨工程大学",
                                   "14th Research Institute", "Московский авиационный институт", "Xi'an"])
def test_plain_form_is_the_pattern_written_before(alias: str) -> None:
    # the new module's plain pattern is the old one, split after the first letter
    for guarded in (True, False):
        text = f"{alias}; {alias.upper()} of X; -{alias}; {alias} and Business"
        assert all_matches(re.compile(alias_pattern(alias, guarded)), text) == \
            all_matches(re.compile(_old_alias_pattern(alias, guarded)), text)


@pytest.mark.parametrize("text, expected", [
    ("Harbin Engineering University", "Harbin Engineering University"),
    ("HARBIN  ENGINEERING-UNIVERSITY, Harbin", "HARBIN  ENGINEERING-UNIVERSITY"),
    ("North Harbin Engineering University", "Harbin Engineering University"),
    ("xHarbin Engineering University", None),  # a word character before the name
    ("-Harbin Engineering University", None),  # a hyphen before the name
    ("Harbin Engineering University of Technology", None),  # another school
    ("\u212aim Il Sung University", "\u212aim Il Sung University"),  # the Kelvin sign is a K to re
    ("Kim Chaek", None),
])
def test_fast_alternation_boundaries_and_case(text: str, expected: str | None) -> None:
    alternatives = [alias_alternative(a) for a in ("Harbin Engineering University", "Kim Il Sung University")]
    fast, plain = re.compile(fast_alternation(alternatives)), re.compile(plain_alternation(alternatives))
    found = fast.search(text)
    assert (found.group(0) if found else None) == expected
    assert all_matches(fast, text) == all_matches(plain, text)


def test_alternatives_are_tried_in_order_at_one_position() -> None:
    # at one start position the first alternative that matches wins, as in a plain alternation:
    # "AB" before "ABC" loses only when its boundary fails
    acronyms = [acronym_alternative(a) for a in ("AB", "ABC")]
    fast = re.compile(fast_alternation(acronyms))
    assert [m.group(0) for m in fast.finditer("AB ABC ABCD xAB")] == ["AB", "ABC"]
    names = [alias_alternative(a) for a in ("Institute of Physics", "Institute")]
    text = "Institute of Physics; Institute of Optics; Institute"
    assert all_matches(re.compile(fast_alternation(names)), text) == \
        all_matches(re.compile(plain_alternation(names)), text)


def test_fast_pattern_starts_with_a_class_re_can_skip_to() -> None:
    # the speed comes from this: a leading character class, which re scans for in C
    pattern = fast_alternation([alias_alternative("Harbin Engineering University")])
    assert pattern.startswith("[") and "(?<![\\w\\-](?s:.))" in pattern
    assert re.fullmatch(r"\[[^\]]*\]", pattern[:pattern.index("]") + 1])
    assert set(pattern[1:pattern.index("]")]) == {"H", "h"}


def test_a_text_ruled_out_before_matching_has_no_match() -> None:
    # could_match skips an entry's patterns (not even compiled) only when none of them can match:
    # checked on every entry's own names, including forms with characters re folds to ASCII
    # letters but str.lower does not ("HARBİN": re's (?i:i) matches the dotted capital I)
    skipped = 0
    for entry in ENTRIES:
        matcher, before = _matcher(entry), written_before(entry)
        texts = texts_about(entry)
        texts += [t.replace("I", "\u0130").replace("i", "\u0131") for t in texts[::7]] + ["nothing listed here"]
        for text in texts:
            lowered, hold = text.lower(), words_are_reliable(text)
            with_acronyms = could_match(matcher.required, text, lowered, hold)
            without = could_match(matcher.required_in_text, text, lowered, hold)
            # names and gated aliases may match in body text, abbreviations (gated ones too)
            # elsewhere; a gated alias's places alone match nothing
            names, abbreviations, gated = before[0], before[1], before[2::2]
            gated_names = [p for p, g in zip(gated, entry.gated_aliases) if not _ACRONYM.match(g.alias)]
            if any(p is not None and p.search(text) for p in [names, *gated_names]):
                assert without, (entry.name, text)
            if any(p is not None and p.search(text) for p in [names, abbreviations, *gated]):
                assert with_acronyms, (entry.name, text)
            skipped += not with_acronyms
    assert skipped > 100  # and it does rule texts out


def test_words_are_not_checked_where_str_lower_and_re_disagree() -> None:
    harbin = alias_alternative("Harbin Engineering University")
    text = "HARB\u0130N ENGINEERING UNIVERSITY"
    assert re.search(fast_alternation([harbin]), text)
    assert "harbin" not in text.lower() and not words_are_reliable(text)
    required = _matcher(next(e for e in ENTRIES if e.name == "Harbin Engineering University")).required
    assert could_match(required, text, text.lower(), words_are_reliable(text))
    assert not could_match(required, "Harbin Institute of Technology", "harbin institute of technology", True)
