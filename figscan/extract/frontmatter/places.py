"""Countries of affiliations: ISO names and aliases (data/countries.tsv), US states with ZIP
codes, Chinese provinces and cities."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from figscan.extract.frontmatter.text import MAX_CHARS, normalise

COUNTRIES_PATH = Path(__file__).resolve().parents[2] / "data" / "countries.tsv"


# --- countries ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Places:
    by_name: dict[str, tuple[str, str]]  # lower-case name -> (ISO code, kind)
    any_case: re.Pattern[str]
    exact_case: re.Pattern[str]
    state_codes: frozenset[str]


@cache
def _places() -> _Places:
    by_name: dict[str, tuple[str, str]] = {}
    state_codes = set()
    folded, exact, cjk = [], [], []
    with open(COUNTRIES_PATH, encoding="utf-8") as handle:
        rows = csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t")
        for row in rows:
            name, code, kind = row["name"], row["code"], row["kind"]
            if kind == "us-state-code":
                state_codes.add(name)
                continue
            by_name.setdefault(name.lower(), (code, kind))
            short_caps = len(name) <= 5 and name.replace(".", "").isupper()
            if not name.isascii():
                cjk.append(name)
            else:
                (exact if short_caps else folded).append(name)

    def alternation(names: list[str]) -> str:
        return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))

    boundary = r"(?<![\w.])(?:{})(?![\w])"
    return _Places(by_name,
                   re.compile(boundary.format(alternation(folded)), re.IGNORECASE),
                   re.compile(boundary.format(alternation(exact)) + "|" + alternation(cjk)),
                   frozenset(state_codes))


_US_ZIP = re.compile(r"\b([A-Z]{2})\.?\s+\d{5}(?:-\d{4})?\b")
_US_ZIP_BEFORE = re.compile(r"(?:\b[A-Z]{2}|[A-Z][a-z]+),?\s+$")  # "Missouri 63166": a ZIP, not a grant
_MORE_SPECIFIC = {"CN": ("HK", "MO", "TW"), "KR": ("KP",)}
_KIND_RANK = {"country": 0, "country-last": 0, "alias": 0, "us-state": 1, "region": 2, "city": 2}


def country_of(text: str) -> str | None:
    """ISO 3166-1 alpha-2 country of an affiliation, from the last place name it gives.

    Countries and their aliases win over US states (or a state code before a ZIP code), which
    win over Chinese provinces and well-known cities. "Hong Kong ..., China" is HK.
    """
    text = normalise(text)[:MAX_CHARS * 2]
    places = _places()
    last_segment_start = text.rstrip(" .;").rfind(",") + 1
    found: list[tuple[int, int, str]] = []  # (rank, -position, code)
    for pattern in (places.any_case, places.exact_case):
        for match in pattern.finditer(text):
            code, kind = places.by_name.get(match.group(0).lower(), ("", ""))
            if not code or kind == "country-last" and match.start() < last_segment_start:
                continue
            if match.group(0).isascii() and match.group(0).islower():
                continue  # "china" in "chinaware"-like lower-case prose is not an address
            found.append((_KIND_RANK[kind], -match.start(), code))
    if _us_state_with_zip(text):
        found.append((1, -_US_ZIP.search(text).start(), "US"))
    if not found:
        return None
    code = min(found)[2]
    codes = {c for _, _, c in found}
    for specific in _MORE_SPECIFIC.get(code, ()):
        if specific in codes:
            return specific
    return code


def _us_state_with_zip(text: str) -> bool:
    return any(m.group(1) in _places().state_codes for m in _US_ZIP.finditer(text))


def _has_country_name(text: str) -> bool:
    places = _places()
    for pattern in (places.any_case, places.exact_case):
        for match in pattern.finditer(text):
            if places.by_name.get(match.group(0).lower(), ("", ""))[1] in ("country", "alias"):
                return True
    return False


def _ends_with_country(text: str) -> bool:
    """Whether the text's last comma part is a country ("..., Harbin 150001, China")."""
    last = normalise(text).rstrip(" .;").rsplit(",", 1)[-1].strip()
    entry = _places().by_name.get(last.lower())
    return bool(entry and entry[1] in ("country", "country-last", "alias"))
