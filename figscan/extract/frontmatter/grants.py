"""Grant numbers in a funding statement: codes in their many printed forms, not years, dates,
pages, phone numbers, postcodes or the numbers of web and mail addresses."""
from __future__ import annotations

import re

from figscan.extract.frontmatter.funder_list import funder_lexicon
from figscan.extract.frontmatter.places import _US_ZIP_BEFORE
from figscan.extract.frontmatter.text import MAX_GRANTS_PER_STATEMENT, normalise

_GRANT_TOKEN = re.compile(r"\d{2,4}(?:\.\d{2,5}){2,3}(?![\w.])|\d{4}\.\d{4,6}\.[A-Z]{2,4}\b|"  # NWO "639.073.005", FCT "2023.00422.BD"
                          r"[A-Za-z0-9]+(?:[-/_][A-Za-z0-9]+){0,4}")  # "13/RC/2106_P2"
_YEARISH = re.compile(r"^(?:19|20)\d\d(?:[-/](?:19|20)?\d\d)?$|^(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}$|"
                      r"^\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d$|^\d{1,2}[-/.]\d{1,2}$|"
                      r"^[0\-/.]+$|^(?:19|20)\d\d-[A-Za-z]+$|"
                      r"^[A-Z]+\d?/(?:19|20)\d\d-(?:19|20)\d\d$")  # years, ranges and dates ("12-05"), "FP7/2007-2013",
# placeholders ("0000-00-00"), a year in a programme's name ("STI 2030-Major Projects")
_PHONE = re.compile(r"^\d{3}-\d{3}-\d{4}$")


def find_grants(text: str) -> list[str]:
    """Grant identifiers: letter/digit codes with at least four digits, not years; a code of
    letter groups and a three-digit number in brackets is one too ("(No. SN-ZJU-SIAS-001)", "(YSBR-029)")."""
    grants: list[str] = []
    text = _FUNDER_DOI.sub(" ", _ADDRESS.sub(" ", normalise(text).replace("\u2043", "-")))  # "zxhzxh_2012@163.com", ".../projekt/535656357"
    # (a Chinese journal's hyphen bullet "2023⁃HZ⁃03" prints a hyphen)
    text = _CODE_IN_PIECES.sub(lambda m: "".join(m.group(1, 2, 3)) if m.group(1) else "-".join(m.group(4, 5)), text)
    text = _SPACED_CODE.sub(r"\1\2", _NIH_SPACED.sub(r"\1\2", text))
    text = _BRACKETED_PIECES.sub(_joined_code, text)
    text = _PREFIXED_AWARD.sub(lambda m: m.group(0) if m.group(1) in funder_lexicon().acronyms
                               or m.group(1).upper() in _LABELS else m.group(1) + m.group(2), text)
    for match in _GRANT_TOKEN.finditer(text):
        token = _GLUED_LABEL.sub("", match.group(0).strip("-/"))
        digits = sum(c.isdigit() for c in token)
        short_code = (digits == 3 and _SHORT_CODE.fullmatch(token) is not None and text[match.end():match.end() + 1] == ")"
                      and re.search(r"\((?:No\.\s*)?$", text[max(0, match.start() - 5):match.start()]) is not None)
        programme_code = _SPACED_CODE.fullmatch(token) is not None  # DFG "TRR181": three digits suffice
        if (digits < 4 and not (short_code or programme_code) or len(token) < 4 or len(token) < 5 and not programme_code
                or _RESEARCH_UNIT.match(token) or _YEARISH.match(token) or _PHONE.match(token) or _page_range(token)
                or _ISSN_CODE.match(token)
                or token.isdigit() and len(token) == 5
                and _US_ZIP_BEFORE.search(text[max(0, match.start() - 40):match.start()])
                or _NOT_A_GRANT_BEFORE.search(text[max(0, match.start() - 20):match.start()])):
            continue
        if token not in grants:
            grants.append(token)
            if len(grants) >= MAX_GRANTS_PER_STATEMENT:
                break
    return grants


# letters and digits of one code printed apart: an NSF division and its award ("CCF 1934932"), a
# Jiangsu grant ("BK 20221502"); a listed funder's acronym before a number stays a name ("ERC 320959")
_SHORT_CODE = re.compile(r"[A-Z]{2,}(?:-[A-Z]{2,})*-\d{3}")  # "SN-ZJU-SIAS-001", "YSBR-029"
# a code alone in brackets, printed in pieces by the text layer: "(2019 YF C1509202)", "(19 YF1418400)"
_BRACKETED_PIECES = re.compile(r"(?<=\()\s*([A-Z0-9]{1,12}(?:\s[A-Z0-9]{1,12}){1,3})\s*(?=\))")


def _joined_code(match: re.Match[str]) -> str:
    """The pieces as one code when they read as one: letters and digits, a short piece among them, at most
    one long piece (two grant numbers side by side stay two), no listed acronym ("NSFC 62006150")."""
    pieces = match.group(1).split()
    joined = "".join(pieces)
    if (any(c.isalpha() for c in joined) and any(c.isdigit() for c in joined) and min(map(len, pieces)) < 4
            and sum(len(p) >= 5 for p in pieces) <= 1 and not any(p in funder_lexicon().acronyms for p in pieces)):
        return joined
    return match.group(0)


_PREFIXED_AWARD = re.compile(r"\b([A-Z]{2,4})\s(\d{6,10})\b")
_SPACED_CODE = re.compile(r"\b(SFB|TRR|GRK|SPP|FOR)\s*(?:grant\s+|project\s+)?(\d{3,4})\b")  # DFG: "SFB (grant) 1060"
_LABELS = {"ID", "NO", "NR", "REF"}  # "Project-ID 274762653": a label, not a code's letters
# a laboratory's unit code, not a grant: "The INSERM U1162 team", "INSERM UMR-S1147", "UMR 8104"
_RESEARCH_UNIT = re.compile(r"^(?:UMR|UPR|UMS|URA|FRE|ERL)-?S?\d{3,4}$|^U\d{3,4}$")
_NIH_SPACED = re.compile(r"\b(\d?[A-Z]\d{2}|[A-Z]\d[A-Z])\s+([A-Z]{2}\d{6}(?:-\d{2}[A-Z0-9]*)?)\b")  # "U2C HL138346-03"


# a web or mail address, also with the spaces some text layers put after its dots ("hkxb. buaa. edu. cn/CN/...")
# and a group of mail names ("{liu, lixiang19950719}@hotmail.com"): its numbers are no grants
_ADDRESS = re.compile(r"(?:https?://|www\.)(?:\.\s(?=[a-z])|[\w\-./:%?=&#~+])+|"
                      r"(?:\{[^{}]{0,200}\}|[\w.+\-]+)\s*@\s*[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE)
# one code printed in pieces: a year and the code after it ("2016 JM1014", "2021 SGR 01545"), the last group of
# a dashed code after a line break ("104-2220-E-033 -001")
_CODE_IN_PIECES = re.compile(r"\b((?:19|20)\d\d)\s([A-Z]{2,5})\s?(\d{3,8})\b|"
                             r"\b([A-Z0-9]+(?:-[A-Z0-9]+){2,})\s+-(\d{2,6})\b")
# a funder's Crossref Funder Registry DOI after a grant, with the acronyms of the bodies before it, as Spanish grants
# print them ("PID2019-104080GB-I00/AEI/10.13039/501100011033", ".../MCIN/AEI/10.13039/..."): the DOI names the funder
_FUNDER_DOI = re.compile(r"(?:/[A-Z]{2,8})*/?\s*\b10\.13039/\d{6,12}")
_GLUED_LABEL = re.compile(r"^N[Oo](?=\d{5,}$)")  # "grant agreement No101121405": the label run into the number
_ISSN_CODE = re.compile(r"^\d{4}-\d{3}[\dX]/|^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")  # IEEE copyright line, ORCID iD
_NOT_A_GRANT_BEFORE = re.compile(r"\b(?:task|tel|phone|fax|room|suite|box|pp|vol|issn|isbn|doi|matlab|version|accession)\.?\s*"
                                 r"(?:no\.?\s*)?$",
                                 re.IGNORECASE)  # "Task 229990", "Tel. 555-1234"


def _page_range(token: str) -> bool:
    """"736-740", "8811-8825": pages of a reference, not a grant."""
    match = re.fullmatch(r"(\d{1,5})-(\d{1,5})", token)
    return match is not None and 0 < int(match.group(2)) - int(match.group(1)) < 200
