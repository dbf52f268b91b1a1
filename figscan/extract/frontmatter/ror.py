"""Institutions from the Research Organization Registry (ROR): a compact lexicon built by
tools/build_ror_lexicon.py from a ror-records snapshot, read when FIGSCAN_ROR_LEXICON names it.

An affiliation part matches an organisation when it is one of its names, labels or aliases
exactly (case, accents, punctuation and a leading "the" aside; a trailing "(Country)" of ROR's
display names dropped). Names shared by organisations of different countries are left out, so
a match gives one country. Without the lexicon nothing changes.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from figscan.extract.frontmatter.places import _cache_dir
from figscan.extract.frontmatter.text import normalise

ROR_LEXICON_ENV = "FIGSCAN_ROR_LEXICON"
MIN_NAME_CHARS = 6  # shorter names ("IBM", "CERN") are acronyms in all but name: too ambiguous
INDEX_RULES = 2  # bump when _index changes, so cached indexes are rebuilt
ACRONYM_KEY = "acronym:"  # acronyms of 4-10 capitals, one country's only, matched when a part is the acronym alone
_WHOLE_ACRONYM = re.compile(r"^[A-Z][A-Z&\-]{3,9}$")


@dataclass(frozen=True)
class RorMatch:
    ror_id: str  # "00v0z9322"
    country: str  # ISO 3166-1 alpha-2
    name: str  # the name as listed that matched


def ror_key(name: str) -> str:
    name = unicodedata.normalize("NFKD", normalise(name))
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"^the\s+", "", name)
    return " ".join(re.sub(r"[^\w\u4e00-\u9fff]+", " ", name).split())


@cache
def _lexicon(path: str) -> dict[str, RorMatch]:
    """Name key -> organisation. Folding 150,000 names takes seconds, so the index is kept in the
    user's cache folder, keyed by the lexicon file's size and time."""
    stat = Path(path).stat()
    cached = _cache_dir() / f"ror-index-v{INDEX_RULES}-{stat.st_size}-{int(stat.st_mtime)}.json"
    try:
        return {key: RorMatch(*value) for key, value in json.loads(cached.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, TypeError):
        pass
    index = _index(path)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({k: [m.ror_id, m.country, m.name] for k, m in index.items()},
                                        ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, cached)
    except OSError:
        pass  # a read-only home: rebuild next time
    return index


def _index(path: str) -> dict[str, RorMatch]:
    by_key: dict[str, RorMatch | None] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(("#", "ror_id\t")):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4:
                continue
            ror_id, country, names = fields[0], fields[1], fields[3]
            acronyms = fields[4].split("|") if len(fields) > 4 else []
            keyed = [(ror_key(re.sub(r"\s*\([^()]*\)\s*$", "", name)), name) for name in names.split("|")]
            keyed = [(k, n) for k, n in keyed if len(k) >= MIN_NAME_CHARS or re.search(r"[\u4e00-\u9fff]{3}", k)]
            keyed += [(ACRONYM_KEY + a, a) for a in acronyms if _WHOLE_ACRONYM.match(a)]
            for key, name in keyed:
                known = by_key.get(key, RorMatch(ror_id, country, name))
                by_key[key] = None if key in by_key and (known is None or known.country != country) else known
    return {key: match for key, match in by_key.items() if match is not None}


def lexicon_path() -> str:
    """The lexicon file named by FIGSCAN_ROR_LEXICON when it exists, else ""."""
    path = os.environ.get(ROR_LEXICON_ENV, "")
    return path if path and Path(path).is_file() else ""


def ror_match(parts: list[str]) -> RorMatch | None:
    """The first affiliation part (institution first) that names a ROR organisation."""
    path = lexicon_path()
    if not path:
        return None
    lexicon = _lexicon(path)
    for part in parts:
        if _WHOLE_ACRONYM.match(part.strip()):  # an affiliation that is an acronym alone: "KAIST"
            match = lexicon.get(ACRONYM_KEY + part.strip())
            if match:
                return match
        key = ror_key(part)
        match = lexicon.get(key) or lexicon.get(_COMPANY_SUFFIX.sub("", key))  # "Google, Inc." is Google
        if match:
            return match
    return None


_COMPANY_SUFFIX = re.compile(r"\s+(?:inc|ltd|llc|gmbh|corp|co|plc|ag|s a)$")
