"""The parts of one affiliation string: institution, sub-unit, city and postcode (English and
Chinese), read from its comma-separated parts with the gazetteer's help."""
from __future__ import annotations

import re

from figscan.extract.frontmatter.authors import _NAME_PARTICLES
from figscan.extract.frontmatter.names import CJK_NAME
from figscan.extract.frontmatter.places import fold, gazetteer_place, place_index
from figscan.extract.frontmatter.text import _INSTITUTION, MAX_CHARS, _clip, normalise

# Head nouns of institutions and their units in the languages papers print them in besides English
# (Turkish, Spanish, Portuguese, Italian, German, Dutch), which the English words miss: "İstanbul Teknik
# Üniversitesi", "Geomatik Mühendisliği Bölümü", "Departamento de Física", "Fakultät für Physik"
_NATIVE_TOP_LEVEL = r"üniversite\w*|universiteit|universidade|universidad|università"
_NATIVE_UNIT = (r"fakülte\w*|bölüm\w*|enstitü\w*|departamento|dipartimento|facultad|faculdade|fakultät|"
                r"lehrstuhl|faculteit|instituto|istituto")
NATIVE_HEAD = re.compile(rf"(?<!\w)(?:{_NATIVE_TOP_LEVEL}|{_NATIVE_UNIT})(?!\w)", re.IGNORECASE)
_TOP_LEVEL = re.compile(rf"\b(?:univ\w*|univ\.|polytechnic\w*|politecnico|hochschule|[ée]cole|academy|academia|"
                        rf"college)\b|(?<!\w)(?:{_NATIVE_TOP_LEVEL})(?!\w)|大学|科学院|研究院", re.IGNORECASE)
_ORGANISATION = re.compile(
    r"\b(?:institut\w*|laborator\w*|corporation|company|inc|ltd|gmbh|agency|cent(?:er|re)|hospital|ministry|"
    r"bureau|group|organi[sz]ation|nasa|administration|associates|llc)\b|学院|研究所|公司", re.IGNORECASE)
_SUB_UNIT = re.compile(r"^(?:the\s+)?(?:(?:state|national|key|joint|international)\s+)*(?:department|dept\.?|school|"
                       r"faculty|college|division|chair|section|program|laborator\w*|lab|cent(?:er|re)|institute|"
                       rf"graduate school|key laboratory)\b|^(?:\w+\s+){{0,3}}(?:{_NATIVE_UNIT})(?!\w)", re.IGNORECASE)
_COMPANY_SUFFIX = re.compile(r"^(?:inc|ltd|co|gmbh|llc|corp|s\.?a|ag|plc|pvt)\.?$", re.IGNORECASE)
_STREET = re.compile(r"\d.*\b(?:road|rd|street|st|avenue|ave|blvd|boulevard|lane|way|drive|dr|str|straße|strasse|"
                     r"no|building|bldg|room|suite|floor|p\.?o\.? box)\b\.?|\b(?:road|street|avenue|box|suite|room|"
                     r"floor|no)\b\.?\s*\d|^no\.|\b(?:park|zone|district|campus|building|tower|plaza)$",
                     re.IGNORECASE)


_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{4}\s?[A-Z]{2}|[A-Z]-?\d{4,6}|\d[\d\-]{2,9}\d)\b")
_CJK_ADDRESS_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:省|自治区)[\u4e00-\u9fff]{2,3}市")  # "湖南省长沙市国防科技大学"
_CJK_INSTITUTION = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:大学|科学院|研究院|研究所|学院|学校|公司)")


def affiliation_parts(text: str) -> list[str]:
    """Comma- and semicolon-separated parts, with "Inc."/"Ltd." kept on the name they end."""
    parts: list[str] = []
    for part in re.split(r"[,;]", normalise(text)[:MAX_CHARS]):
        part = " ".join(part.split()).strip(" .")
        if not part:
            continue
        if parts and _COMPANY_SUFFIX.match(part):
            parts[-1] = f"{parts[-1]}, {part}."
        else:
            parts.append(part)
    return parts


def institution_of(text: str) -> str:
    """The top-level organisation an affiliation names: a university, academy or college over
    the institutes, laboratories and companies, over departments and schools; "" if none."""
    cjk = _CJK_INSTITUTION.search(_CJK_ADDRESS_PREFIX.sub("", text))
    if cjk and not re.search(r"[A-Za-z]{4}", text):
        return cjk.group(0)
    best, best_rank = "", 0
    for part in affiliation_parts(text):
        sub_unit = bool(_SUB_UNIT.match(part))
        if _TOP_LEVEL.search(part) and not (sub_unit and not re.search(r"universit|academy", part, re.I)):
            rank = 3
        elif _ORGANISATION.search(part) and not sub_unit:
            rank = 2
        elif sub_unit or _INSTITUTION.search(part):
            rank = 1
        else:
            rank = 0
        if rank > best_rank:
            best, best_rank = part, rank
    return _clip(best)


def unit_of(text: str) -> str:
    """The sub-unit an affiliation names before its institution (a department, school, college
    or laboratory: "School of Astronautics", "空天科学学院"), or ""."""
    institution = institution_of(text)
    cjk = re.search(r"[\u4e00-\u9fff]{2,20}?(?:学院|系|实验室|研究所|研究室|中心)", text.replace(institution, " ", 1))
    if cjk and institution and not re.search(r"[A-Za-z]{4}", text):
        return cjk.group(0)
    for part in affiliation_parts(text):
        if part == institution:
            break
        if _SUB_UNIT.match(part) or _INSTITUTION.search(part):
            return _clip(part)
    return ""


_POSTCODE_IN_PART = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|\d{4}\s?[A-Z]{2}|[A-Z]{1,2}-?\d{4,6}|"
                               r"\d{3}-\d{4}|\d{4,6}(?:-\d{4})?)\b")


def postcode_of(text: str) -> str:
    """The post code of an affiliation's address ("410073", "M13 9PL", "2629 HS", "61801"), taken
    from the parts after the institution that are not streets, or ""."""
    parts = affiliation_parts(text)
    institution = institution_of(text)
    start = parts.index(institution) + 1 if institution in parts else 0
    for part in reversed(parts[start:]):
        if _STREET.search(part) or "@" in part:
            continue
        match = _POSTCODE_IN_PART.search(re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)", " ", part))
        if match:
            return match.group(0)
    return ""


def city_of(text: str) -> str:
    """The city of an affiliation: the first part after the institution that the gazetteer knows
    as a city, else that is a capitalised place-like name; never a country, state, province,
    street or post code alone ("Harbin 150001" -> "Harbin")."""
    parts = affiliation_parts(text)
    institution = institution_of(text)
    start = parts.index(institution) + 1 if institution in parts else 0
    names = [name for name in (_place_name(part) for part in parts[start:] + parts[:start]) if name]
    for name in names:
        place = gazetteer_place(name)
        if place:
            return _clip(place[0])
    for name in names:
        words = name.split()
        if CJK_NAME.match(name):
            return name
        if 1 <= len(words) <= 4 and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words):
            return _clip(name)
    return ""


def _place_name(part: str) -> str:
    """An address part without post codes when it can name a city, else ""."""
    if _INSTITUTION.search(part) or _STREET.search(part) or "@" in part:
        return ""
    places = place_index()
    name = " ".join(w for w in _POSTCODE.sub(" ", part).split() if not any(c.isdigit() for c in w)).strip(" -.")
    words = name.split()
    if not words or words[0] in places.state_codes and len(words) == 1:
        return ""  # "IL 61801"
    kind = places.by_name.get(fold(name).lower(), ("", ""))[1]
    if kind in ("country", "country-last", "alias", "us-state") or kind == "region" and (
            name.lower() not in _CITY_REGIONS):
        return ""
    return name


_CITY_REGIONS = {"beijing", "shanghai", "tianjin", "chongqing", "北京", "上海", "天津", "重庆", "hong kong", "macau", "macao",
                 "singapore"}
