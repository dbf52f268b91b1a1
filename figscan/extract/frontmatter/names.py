"""Is a span a person's name? Evidence for and against beyond its shape.

The author-line reader takes "capitalised words, two to six of them" as a name, which lets
header words ("Open Access", "Article Recommendations"), places ("Changsha Hunan") and, in
Chinese, any short run of characters ("算法", "框架") through. This module holds the checks that
tell them apart:
- a word that headers print and names never hold (data/names/header_words.txt);
- places: every word a city, province, state or country, one of them more than a city;
- Chinese names: a family name from data/names/chinese_surnames.txt and one or two more characters;
- per paper: a name whose every word the paper's own running text uses in lower case ("heat",
  "transfer") is a phrase, not a person, unless a word can spell a Chinese name in pinyin ("He",
  "Long"; at most two syllables, so not "Erase").
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

from figscan.extract.frontmatter.places import city_countries, city_key, fold, gazetteer_city, place_index

NAMES_DIR = Path(__file__).resolve().parents[2] / "data" / "names"
MAX_VOCABULARY_CHARS = 400_000  # text read for the paper's own lower-case vocabulary
MIN_LOWER_USES = 2  # a word the running text prints in lower case this often is a common word
MIN_TERM_USES = 4  # a CJK "name" the text repeats this often is a term ("算法"), not an author
CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")  # a Chinese name as printed: two to four characters
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_PLACE_KINDS = {"country", "country-last", "alias", "us-state", "region"}


@cache
def _words(name: str) -> frozenset[str]:
    path = NAMES_DIR / name
    return frozenset(w for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
                     for w in line.split())


@cache
def header_words() -> frozenset[str]:
    return frozenset(_words("header_words.txt"))


@cache
def chinese_surnames() -> frozenset[str]:
    return frozenset(_words("chinese_surnames.txt"))


@cache
def _pinyin() -> frozenset[str]:
    return frozenset(_words("pinyin_syllables.txt"))


@cache
def is_pinyin(word: str) -> bool:
    """"Xiaohua", "Zhang", "Xi'an", "He": one to three pinyin syllables run together."""
    return _fewest_syllables(word) is not None


MAX_NAME_SYLLABLES = 2  # a Chinese family name or given name in pinyin: "Ouyang", "Xiaoming"


def is_name_pinyin(word: str) -> bool:
    """Pinyin that can spell a Chinese name: "Long", "Xiaoming"; not "Erase" (er-a-se), which
    only three syllables spell."""
    fewest = _fewest_syllables(word)
    return fewest is not None and fewest <= MAX_NAME_SYLLABLES


@cache
def _fewest_syllables(word: str) -> int | None:
    """The fewest pinyin syllables that spell the word, None when none do."""
    word = word.lower().replace("'", "").replace("-", "")
    if not word.isascii() or not word.isalpha() or len(word) > 18:
        return None
    fewest: list[int | None] = [0] + [None] * len(word)
    syllables = _pinyin()
    for end in range(1, len(word) + 1):
        counts = [c + 1 for start in range(max(0, end - 6), end)
                  if (c := fewest[start]) is not None and word[start:end] in syllables]
        fewest[end] = min(counts) if counts else None
    return fewest[-1]


def is_chinese_name(name: str) -> bool:
    """"王小明", "欧阳修": a family name and one or two characters more (three for a compound one),
    not a place."""
    if not CJK_NAME.match(name) or name in _words("chinese_provinces.txt") or name in city_countries():
        return False  # "江苏", "武汉", "沈阳": provinces and cities that open with a family name
    surnames = chinese_surnames()
    if name[:2] in surnames and len(name) >= 3:
        return True
    return name[:1] in surnames and len(name) <= 3


def other_role_label(label: str) -> bool:
    """A title-page label of someone who is not an author: "指导老师", "Thesis Supervisor"."""
    words = _words("other_role_labels.txt")
    return (any(w in label for w in words if not w.isascii())
            or any(w in words for w in re.findall(r"[a-z\-]+", label.lower())))


@cache
def _author_labels() -> frozenset[str]:
    path = NAMES_DIR / "author_labels.txt"
    return frozenset("".join(l.lower().split()) for l in path.read_text(encoding="utf-8").splitlines()
                     if l.strip() and not l.startswith("#"))


def author_label(label: str) -> bool:
    """"姓  名", "作 者 姓 名", "Author", "Submitted by": the label of a title page's author field."""
    return "".join(label.lower().split()) in _author_labels()


def has_header_word(name: str) -> bool:
    if _CJK_RUN.search(name):
        return any(w in name for w in header_words() if not w.isascii())
    return any(w in header_words() for w in re.findall(r"[a-z]+", fold(name).lower()))


def is_place_phrase(tokens: list[str]) -> bool:
    """"Changsha Hunan", "Xi'an Shaanxi", "Saint Petersburg Russia": every word a known place and
    one of them a province, state or country (two city names can be a person: "Florence Jackson")."""
    by_name = place_index().by_name
    kinds = []
    for token in tokens:
        key = city_key(token.strip(".,"))
        entry = by_name.get(key)
        if entry and entry[1] in _PLACE_KINDS:
            kinds.append("region")
        elif gazetteer_city(token):
            kinds.append("city")
        else:
            return False
    return "region" in kinds


@cache
def is_place_name(name: str) -> bool:
    tokens = name.split()
    if is_place_phrase(tokens):
        return True
    joined = " ".join(tokens)
    return len(tokens) >= 2 and (gazetteer_city(joined) is not None and city_key(joined) != city_key(tokens[0])
                                 and not any(is_pinyin(t) for t in tokens))  # "Saint Petersburg"


def phrase_words(names: list[str]) -> set[str]:
    """The lower-cased words of Latin candidate names that could make them phrases: two or more
    words of three letters or more, none of them pinyin."""
    words: set[str] = set()
    for name in names:
        content = _content_words(name)
        if len(content) >= 2 and not any(is_name_pinyin(t) for t in content):
            words |= {t.lower() for t in content}
    return words


def lower_case_uses(words: set[str], texts: list[str]) -> Counter[str]:
    """How often the paper's text prints each of `words` in lower case, as a word of its own (not
    inside an e-mail address or a link, which spell names in lower case)."""
    counts: Counter[str] = Counter()
    if not words:
        return counts
    pattern = re.compile(r"(?<![\w\-@./])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                         + r")(?![\w@/]|\.\w)")
    budget = MAX_VOCABULARY_CHARS
    for text in texts:
        counts.update(pattern.findall(text[:budget]))
        budget -= len(text)
        if budget <= 0:
            break
    return counts


def _content_words(name: str) -> list[str]:
    tokens = [t.strip(".,") for t in name.split()]
    return [t for t in tokens if len(t) > 2 and t.isalpha() and t.isascii()]


def reads_as_phrase(name: str, vocabulary: Counter[str], cjk_text: str = "") -> bool:
    """A candidate name made only of words the paper's running text uses in lower case (or, in
    Chinese, a run it keeps repeating): a phrase of the paper, not a person."""
    if CJK_NAME.match(name):
        return cjk_text.count(name) >= MIN_TERM_USES
    content = _content_words(name)
    if len(content) < 2 or any(is_name_pinyin(t) for t in content):
        return False
    return all(vocabulary[t.lower()] >= MIN_LOWER_USES for t in content)
