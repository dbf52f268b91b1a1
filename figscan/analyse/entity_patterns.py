"""Watch-list names as regular expressions, written so that Python's `re` scans a page fast.

A name pattern starts with a look-behind (no word character or hyphen before the name). `re`
cannot skip ahead to such a pattern's first letter, so it tries every alternative at every
position of the text: with about 300 list entries that was most of the time spent matching
body text. `fast_alternation` writes the same alternatives as one character class of every
first letter they can start with, then, per alternative, look-behinds that check that letter
and the boundary before it, then the rest. The class lets `re` jump from one possible first
letter to the next in C, and the alternatives are tried in the same order at the same
positions with the same backtracking, so every search finds the same match (same span, same
text). `plain_alternation` is the form as it was written before: tests compare both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

BOUNDARY = r"(?<![\w\-])"  # no word character or hyphen right before a name
# "*" in an alias: a name of one to six capitalised words, which may be joined by "and", "&" or a
# comma ("Science and Technology on Combustion, Internal Flow and Thermo-Structure Laboratory")
_WILDCARD_FIRST = "[A-Z]"
_WILDCARD_REST = r"[\w\-]*(?:(?:,?\s+(?:and\s+|&\s+)?)[A-Z][\w\-]*){0,5}"
WILDCARD = _WILDCARD_FIRST + _WILDCARD_REST
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_OPEN_ENDED = re.compile(r"\b(?:university|institute|college|academy|univ\.)$", re.IGNORECASE)
_SUBJECT_ENDED = re.compile(r"\b(?:technology|science|sciences|engineering|physics)$", re.IGNORECASE)


@dataclass(frozen=True)
class Alternative:
    """One name as a pattern: its first character, the rest, and whether a boundary must
    precede it. `first` matches exactly one character: a literal, a case-insensitive literal
    "(?i:h)", or the wildcard's "[A-Z]"."""
    first: str
    rest: str
    bounded: bool

    @property
    def plain(self) -> str:
        return (BOUNDARY if self.bounded else "") + self.first + self.rest


def alias_alternative(alias: str, guarded: bool = True) -> Alternative:
    """Case-insensitive words, any whitespace or hyphen between them, "*" as a capitalised name.
    `guarded`: refuse "X Institute of ..." and "X Technology and ..." (another organisation); a gated
    alias needs no guard, since its place or parent must be named beside it ("14th Research Institute
    of CETC")."""
    if CJK.search(alias):  # CJK and Hangul: no word boundaries; OCR may space every character
        characters = [re.escape(c) for c in alias if not c.isspace()]
        return Alternative(characters[0], "".join(r"\s?" + c for c in characters[1:]), bounded=False)
    words = alias.split()
    first_word, others = words[0], words[1:]
    if first_word == "*":
        first, rest = _WILDCARD_FIRST, _WILDCARD_REST
    else:
        first, rest = "(?i:{})".format(re.escape(first_word[0])), _insensitive(first_word[1:])
    rest += "".join(r"[\s\-]+" + (WILDCARD if word == "*" else _insensitive(word)) for word in others)
    if guarded and _OPEN_ENDED.search(alias):
        tail = r"(?!\s+(?i:of|for)\s)"
    elif guarded and _SUBJECT_ENDED.search(alias):
        tail = r"(?!\s+(?:and|&)\s+[A-Z][a-z])"  # "... of Technology and Business" is another school
    else:
        tail = ""
    return Alternative(first, rest + r"(?![\w\-])" + tail, bounded=True)


def acronym_alternative(acronym: str) -> Alternative:
    """An abbreviation as printed (case-sensitive), between boundaries."""
    return Alternative(re.escape(acronym[0]), re.escape(acronym[1:]) + r"(?![\w\-])", bounded=True)


def alias_pattern(alias: str, guarded: bool = True) -> str:
    return alias_alternative(alias, guarded).plain


def plain_alternation(alternatives: list[Alternative]) -> str:
    return "|".join(a.plain for a in alternatives)


def fast_alternation(alternatives: list[Alternative]) -> str:
    """The alternatives as "[every possible first character](?:(?<=first)(?<!boundary)rest|...)":
    the same matches as `plain_alternation`, found without trying every position."""
    branches = []
    for alternative in alternatives:
        boundary = r"(?<![\w\-](?s:.))" if alternative.bounded else ""  # the character before the first one
        branches.append(f"(?<={alternative.first}){boundary}{alternative.rest}")
    return "[{}](?:{})".format(_class_of(tuple(sorted({a.first for a in alternatives}))), "|".join(branches))


@cache
def _class_of(firsts: tuple[str, ...]) -> str:
    """The inside of a case-sensitive character class holding every character one of `firsts`
    matches ("(?i:k)" matches k, K and the Kelvin sign)."""
    matched: set[str] = set()
    for first in firsts:
        if first == _WILDCARD_FIRST:
            matched.update(chr(c) for c in range(ord("A"), ord("Z") + 1))
        elif first.startswith("(?i:"):
            character = first[4:-1][-1]  # re.escape of one character: itself, perhaps after a backslash
            matched.update(c for c in _case_partners(character) if re.fullmatch(first, c))
        else:  # a literal: itself only
            matched.add(first[-1])
    return "".join(re.escape(c) for c in sorted(matched))


@cache
def _case_partners(character: str) -> str:
    """Every character that matches `character` case-insensitively, among all of Unicode ("k":
    k, K and the Kelvin sign). Letters and digits of ASCII share one pass."""
    if character.isascii() and character.isalnum():
        return _ascii_partners()
    return "".join(re.findall("(?i:{})".format(re.escape(character)), _every_character()))


@cache
def _ascii_partners() -> str:
    return "".join(re.findall("(?i:[A-Za-z0-9])", _every_character()))


@cache
def _every_character() -> str:
    """All of Unicode, lone surrogates too, in one string (50 ms)."""
    return np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")


def _insensitive(word: str) -> str:
    return "(?i:{})".format(re.escape(word)) if word else ""


@dataclass(frozen=True)
class Required:
    """What a text must hold for one name's pattern to match it, checked before the pattern is
    compiled or run: its words in lower case (in `str.lower` of the text) and its
    case-sensitive pieces (abbreviations, CJK characters) as they are."""
    lowered: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()


def alias_required(alias: str) -> Required:
    """A match of `alias_alternative(alias)` holds each of its words, in any case, and each
    character of a CJK name. Words outside ASCII are not required (their case partners are
    not all `str.lower`'s)."""
    if CJK.search(alias):
        return Required(exact=tuple(dict.fromkeys(c for c in alias if not c.isspace())))
    words = {w.lower() for w in alias.split() if w != "*" and w.isascii()}
    return Required(lowered=tuple(sorted(words, key=len, reverse=True)))  # the longest fails first


def acronym_required(acronym: str) -> Required:
    return Required(exact=(acronym,))


def could_match(requirements: tuple[Required, ...], text: str, lowered: str, words_hold: bool) -> bool:
    """Whether one of the names could match `text` (`lowered` is `text.lower()`); False only
    when none can. `words_hold`: `words_are_reliable(text)`, else words are not checked."""
    for required in requirements:  # plain loops: this runs for every entry a page names a key of
        for piece in required.exact:
            if piece not in text:
                break
        else:
            if not words_hold:
                return True
            for word in required.lowered:
                if word not in lowered:
                    break
            else:
                return True
    return False


def words_are_reliable(text: str) -> bool:
    """Whether every word `re` matches case-insensitively in `text` is in `text.lower()`: unless
    the text holds a character `re` takes for an ASCII letter that `str.lower` does not turn
    into it (the dotted and dotless i, long s, Kelvin sign)."""
    return not any(c in text for c in _non_ascii_partners())


@cache
def _non_ascii_partners() -> str:
    return "".join(c for c in _ascii_partners() if not c.isascii())
