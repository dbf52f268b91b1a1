"""One affiliation's text: whether a front-block line reads as an address, and the records a
text gives (IEEE "are with" sentences, semicolon parts, Chinese form fields, placeholders), with
notes, roles, contacts and names set aside."""
from __future__ import annotations

import re

from figscan.extract.frontmatter.address import _SUB_UNIT, _TOP_LEVEL, NATIVE_HEAD
from figscan.extract.frontmatter.authors import _ROLE, _author_names
from figscan.extract.frontmatter.drafts import _AffiliationDraft
from figscan.extract.frontmatter.funding import _FUNDING_CUE
from figscan.extract.frontmatter.numbered import split_after_contacts
from figscan.extract.frontmatter.places import _has_country_name, _us_state_with_zip, country_of
from figscan.extract.frontmatter.text import (
    _CONTACT,
    _COPYRIGHT,
    _CORRESPONDING,
    _EMAIL,
    _INSTITUTION,
    _IS_WITH,
    _LEADING_MARKER,
    _SENTENCE_END,
    CJK_CHARACTER,
    _clip,
    find_emails,
    normalise,
)

_POSTCODE_DIGITS = re.compile(r"\d{5,6}")
MIN_CJK_PROSE = 12  # characters: a Chinese line this long without an institution or a post code is running text


def _looks_like_affiliation(text: str) -> bool:
    if _EMAIL.search(text) and len(_EMAIL.sub("", text).split()) < 3:
        return False
    if (len(CJK_CHARACTER.findall(text)) >= MIN_CJK_PROSE and not _INSTITUTION.search(text)
            and not _POSTCODE_DIGITS.search(text)):
        return False  # "...是在美国第三次抵消战略的大背景下提出的" names a country, not an address
    if _INSTITUTION.search(text) or NATIVE_HEAD.search(text) or _us_state_with_zip(text):
        return True
    if _PROSE_START.match(text):
        return False  # a copyright box's lines beside the authors: the middle of a sentence
    # "Taiza Montenegro∗†, Hugo Melo†, Roberta Coelho†": a list of names, one of which is a country's;
    # "{yr lee, sw.lee}@korea.ac.kr": e-mail addresses, whose domain names a country
    text = _BRACED_EMAILS.sub(" ", text)
    return _has_country_name(_EMAIL.sub(" ", text)) and len(_author_names(text, set())) < MIN_NAMES_NOT_AN_ADDRESS


# "{yr lee, hojoong kim}@korea.ac.kr", "(gulerdo, tahsin)@itu.edu.tr"
_BRACED_EMAILS = re.compile(r"[{(][^{}()@]{1,300}[})]\s?@[\w\-]+(?:\.[\w\-]+)+")


MIN_NAMES_NOT_AN_ADDRESS = 2
_PROSE_START = re.compile(r"^[a-z][a-z'\-]+[\s,;:.]")  # "to original U.S.", "rights reserved;": no address opens so


_WORK_NOTE = re.compile(r"^\W*(?:present|current)\s+address(?:es)?\b|"  # where an author moved to since
                        r"^\W*(?:edited|contributed|communicated|reviewed|approved|handled)\s+by\b|"
                        r"^\W*(?:equal contributions?|(?:these|the) authors contributed equally)\b|"
                        r"^\W*(?:nos?\.|grants?|awards?|contracts?)\s*(?:no\.?\s*)?[A-Z]*\d|"  # a funding line's tail
                        r"^\W*(?:(?:this|the|our|part of this)\s+)?(?:work|research|study)\s+(?:was\s+|is\s+)?"
                        r"(?:done|performed|carried out|conducted)\b[^.]{0,80}?\b(?:when|while|during)\b",
                        re.IGNORECASE)  # "This work was done when X was an intern at Y": not an address


# A sentence about the paper ("∗Corresponding authors. This paper is a collaboration between Laboratory
# X, University Y and Z"): a note, whatever institutions it names
_PAPER_NOTE = re.compile(r"(?:^|[.;:]\s)\W*(?:this|our)\s+(?:paper|article|manuscript)\s+(?:is|was)\b", re.IGNORECASE)
# A national laboratory's notice of who runs it ("NREL is operated by Midwest Research Institute",
# "Operated for the U.S. Department of Energy"): its operator and sponsor, not an author's address
_OPERATOR_NOTE = re.compile(r"^\W*operated\s+(?:by|for)\b|\bis\s+(?:managed\s+and\s+)?operated\s+(?:by|for)\b",
                            re.IGNORECASE)
# A template's placeholder left after each address ("... Chinese Academy of Sciences 1Affiliation 1,"):
# it ends one address
_PLACEHOLDER = re.compile(r"\s*\d?\s*(?<![A-Za-z])Affiliation\s+\d{1,2}\b[,;.]?\s*")


_CJK_ADDRESS_FIELD = re.compile(r"(?:工作单位|单位|通讯地址|通信地址)\s*[:：]\s*([\u4e00-\u9fff\w（）()]{4,60})")
# A Chinese journal's note on its author: "黄雷系火箭军士官学校讲师" (Huang Lei is a lecturer at ...),
# often in the footnote that also holds the 基金项目 line
_CJK_STAFF_NOTE = re.compile(r"[\u4e00-\u9fff]{2,4}系([\u4e00-\u9fff]{2,30}?(?:大学|学院|学校|研究所|研究院|中心|公司))"
                             r"(?:副?教授|讲师|助教|副?研究员|(?:高级|助理)?工程师|博士|硕士|研究生|学生)")


def _affiliation_from_text(text: str, y: float, in_front_block: bool,
                           address_block: bool = False) -> list[_AffiliationDraft]:
    """One affiliation per marker-led text; IEEE footnotes may hold several "are with" sentences."""
    text = re.split(r"\s[·•]\s(?=(?:funded|supported) by)", normalise(text), maxsplit=1, flags=re.IGNORECASE)[0]
    placed = [p for p in _PLACEHOLDER.split(text) if p.strip()]
    if len(placed) > 1:
        return [d for p in placed for d in _affiliation_from_text(p, y, in_front_block, address_block)]
    staff = _CJK_STAFF_NOTE.findall(text)
    if staff:
        return [_AffiliationDraft(value, y=y, in_front_block=in_front_block) for value in dict.fromkeys(staff)]
    if _COPYRIGHT.search(text) or (_FUNDING_CUE.search(text) or _WORK_NOTE.match(text) or _OPERATOR_NOTE.search(text)
                                   or _PAPER_NOTE.search(text)
                                   ) and not _IS_WITH.search(text):
        return []
    fields = _CJK_ADDRESS_FIELD.findall(text)
    if fields:  # a Chinese submission's author note: "第一作者:... 单位:国防科技大学... 通讯地址:湖南省长沙市..."
        return [_AffiliationDraft(value, y=y, in_front_block=in_front_block) for value in dict.fromkeys(fields)]
    markers: set[str] = set()
    lead = _LEADING_MARKER.match(text)
    if lead:
        markers.add(next(g for g in lead.groups() if g))
        text = text[lead.end():]
    drafts = []
    if _IS_WITH.search(text):
        # IEEE style: "A and B are with X (e-mail: ...). C is with Y (e-mail: ...)." The bracketed
        # contact ends a sentence even when OCR garbles the next initial ("|. Tanaka is with").
        sentences = [p for chunk in split_after_contacts(text) for p in _SENTENCE_END.split(chunk)]
        for sentence in sentences:
            parts = _IS_WITH.split(sentence, maxsplit=1)
            if len(parts) == 2:  # "... Xidian University, Xi'an 710071, China, and also with the School of ..."
                for place in (p for also in _ALSO_WITH.split(parts[1]) for p in _two_institutions(also)):
                    drafts.append(_AffiliationDraft(_clean_affiliation(place), frozenset(markers),
                                                    who=parts[0][:200], y=y, in_front_block=in_front_block,
                                                    emails=tuple(find_emails(place))))
    else:
        for part in _semicolon_parts(text):
            drafts.append(_AffiliationDraft(_clean_affiliation(part), frozenset(markers), y=y,
                                            in_front_block=in_front_block, emails=tuple(find_emails(part))))
    return [d for d in drafts if _LETTERS.search(d.text) and not _a_role(d.text) and not _a_bare_head_word(d.text)
            and not _cjk_sentence(d.text) and not _CJK_FORM_ROW.match(d.text)
            and (_INSTITUTION.search(d.text) or NATIVE_HEAD.search(d.text) or d.who and country_of(d.text)  # "are with SRI
                                  or (in_front_block or address_block) and d.text)                # International, CA"
            and (in_front_block or not _reads_as_prose(d.text) and not _CITATION.search(d.text))]


_CITATION = re.compile(r"\[\d{1,3}(?:[,\-]\s?\d{1,3})*\]")  # "Alstrup and Holm [1] calculate ...": a note, no address


# A thesis cover's form: a label alone on its line ("学院名称："), or its labels read as one text
# ("学生姓名: 学生学号: 专业班级: 学院名称"), their values printed beside them
_CJK_FORM_LABEL = re.compile(r"^\s*[\u4e00-\u9fff]{2,6}\s*[:：]\s*$")
_CJK_FORM_ROW = re.compile(r"^(?:\s*[\u4e00-\u9fff]{2,6}\s*[:：]){2,}\s*(?:[\u4e00-\u9fff]{2,6}\s*)?$")
_CJK_PARTICLES = re.compile(r"[的是了]|本人")  # "...是本人在导师的指导下...": a sentence, no institution name


def _cjk_sentence(text: str) -> bool:
    """A Chinese sentence (a thesis's declaration) that happens to hold "研究所" or "学院"."""
    return len(CJK_CHARACTER.findall(text)) >= MIN_CJK_PROSE and len(_CJK_PARTICLES.findall(text)) >= 2


def _a_bare_head_word(text: str) -> bool:
    """"School", "Organisation": a head noun alone is a piece of an address the text layer broke
    apart (a word per line, letters spaced out), not an affiliation."""
    word = text.strip(" ,.;:()（）")
    return " " not in word and bool(_INSTITUTION.fullmatch(word))


_ROLE_END = re.compile(r"\b(?:director|manager|officer|chief|head|chair(?:man|person)?|president|dean)\W*$", re.IGNORECASE)


def _a_role(text: str) -> bool:
    """"IDA Division Director": a person's role ending a sentence of a notice, no address."""
    return bool(_ROLE_END.search(text)) and not re.search(r"\d", text) and not country_of(text)


def _semicolon_parts(text: str) -> list[str]:
    """One author's affiliations set in a row with semicolons ("Center for X, Children's Hospital
    of Philadelphia; Rowan University, Glassboro, NJ, USA"), each its own; the text whole unless
    every part names an institution or a country."""
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if len(parts) > 1 and all(_INSTITUTION.search(p) or country_of(p) for p in parts):
        return parts
    return [text]


_LETTERS = re.compile(r"[^\W\d_]{2}")  # "+86 15116333743" under an address is a phone number, no affiliation
def _without_leading_names(text: str) -> str:
    """The address after the names and empty places that open an author-address note."""
    pieces = re.split(r"([,;])", text)
    start = 0
    for index in range(0, len(pieces), 2):
        piece = pieces[index].strip()
        if piece and "@" not in piece and not (_author_names(piece, set()) and not _INSTITUTION.search(piece)):
            break
        start = index + 2
    return "".join(pieces[start:]).strip() or text


_AND_THE = re.compile(r",?\s+and\s+(?:the\s+|at\s+(?:the\s+)?)?(?=[A-Z])")


def _two_institutions(place: str) -> list[str]:
    """"School of X, University of Technology Sydney and the Dept. of Y, The University of Sydney"
    (who "is with" both): one text per university, when each side names a university of its own."""
    for joint in _AND_THE.finditer(place):
        pieces = [place[:joint.start()], place[joint.end():]]
        if all(_TOP_LEVEL.search(p) and _SUB_UNIT.match(p.strip()) for p in pieces):
            return pieces
    return [place]


_ALSO_WITH = re.compile(r",?\s+and\s+(?:is\s+|are\s+)?(?:also|now)\s+with\s+", re.IGNORECASE)


def _reads_as_prose(text: str) -> bool:
    """A disclaimer or a sentence of running text ("Certain products may be identified in this
    document, but ..."): many words, mostly in lower case."""
    words = text.split()
    return len(words) >= 14 and sum(w[:1].islower() for w in words) > 0.5 * len(words)


_ADDRESS_LABEL = re.compile(r"^\W*(?:authors?['’]?\s+)?(?:addresse?s?|affiliations?)\s*:\s*", re.IGNORECASE)


# An e-mail address broken at a line's end ("apradee@" / "purdue.edu") or by a ligature the text
# layer leaves out ("maxgreene12@u .edu" for "ufl.edu"), as AIAA footnotes print them
_BROKEN_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@\s?[\w\-]*(?:\s?\.[A-Za-z]{2,})+")
# A society's membership grade after an author's position ("Student Member AIAA", "Fellow, IEEE"):
# no part of the address
_MEMBERSHIP = re.compile(r"\b(?:(?:student|senior|associate|life|honorary)\s+)?(?:member|fellow),?\s+(?:of\s+(?:the\s+)?)?"
                         r"(?:AIAA|IEEE|ASME|SIAM|ACM|AAS)\b\.?|\b(?:AIAA|IEEE|ASME)\s+(?:(?:student|senior|associate|life)\s+)?"
                         r"(?:member|fellow)\b\.?", re.IGNORECASE)


def _clean_affiliation(text: str) -> str:
    """Without emails, phone numbers, "Corresponding author", job titles ("Professor, ...") and the
    name that opens a correspondence address; an ACM "Authors' address: A, ; B, ; C, , Center ..."
    without its label and names."""
    text = _EMAIL.sub(" ", _BRACED_EMAILS.sub(" ", text))
    text = _MEMBERSHIP.sub(" ", _BROKEN_EMAIL.sub(" ", text))
    if _ADDRESS_LABEL.match(text):
        text = _without_leading_names(_ADDRESS_LABEL.sub("", text))
    name, _, rest = text.partition(",")
    if rest and _SUB_UNIT.match(rest.strip()) and _author_names(name.strip(), set()) and not _looks_like_affiliation(name):
        text = rest  # a correspondence address: "Seyed Ali Hosseini, Faculty of Mechanical Engineering, ..."
    text = _CORRESPONDING.sub(" ", text)
    text = _CONTACT.sub(" ", text)
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"^\s*the\s+", "", text, flags=re.IGNORECASE)  # "(is with) the School of ..."
    segments = [seg for seg in text.split(",") if not (_ROLE.search(seg) and not _INSTITUTION.search(seg))]
    text = " ".join(",".join(segments).split())
    text = re.sub(r"[;,]?\s*\band$", "", text).strip(" ,;.:-([")
    if text.endswith((")", "）")) and text.count("(") + text.count("（") < text.count(")") + text.count("）"):
        text = text[:-1].rstrip(" ,;.")  # the bracket that closes a run-in list "(1. ...; 2. ..., China)"
    return _clip(text)

