"""Funding statements, funders as printed and grant numbers, from every page."""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from figscan.extract.frontmatter.authors import _is_person_name
from figscan.extract.frontmatter.funder_list import (
    canonical_funder,
    listed_funders,
    plain_name,
)
from figscan.extract.frontmatter.funding_chinese import _CJK_RUN, chinese_funders, chinese_support_only
from figscan.extract.frontmatter.funding_korean import korean_funders
from figscan.extract.frontmatter.funding_links import funders_with_grants
from figscan.extract.frontmatter.funding_text import (
    _BIOGRAPHY,
    _CONTRIBUTIONS,
    _FUNDER_HEAD,
    _FUNDING_CUE,
    _FUNDING_HEADING,
    _NEXT_NOTE_START,
    _RUN_IN_FUNDING,
    _RUN_IN_SECTION,
    _SECTION_HEADING,
    funding_paragraphs,
)
from figscan.extract.frontmatter.grants import _FUNDER_DOI, find_grants
from figscan.extract.frontmatter.places import _has_country_name, is_country, place_index
from figscan.extract.frontmatter.text import (
    _SENTENCE_END,
    MAX_FUNDERS_PER_STATEMENT,
    MAX_FUNDING,
    MAX_SENTENCE_CHARS,
    _clip,
    normalise,
)
from figscan.model import FunderGrants, Funding, PageText

_IN_KIND_ONLY = re.compile(r"computational resources|comput(?:e|ing) (?:resources|facilit|time)|"
                           r"high[- ]performance computing|supercomput|allocation|\bused\s+(?:for|in)\s+(?:this|our)\b", re.IGNORECASE)
_MONEY_WORD = re.compile(r"\b(?:grants?|fund\w*|financ\w*|award\w*)\b|资助|基金", re.IGNORECASE)


_WORD_TOKEN = re.compile(r"[\w\u00C0-\u024F][\w&'.\-/]*|[(),;:]|\S")
_CONNECTORS = {"of", "for", "and", "the", "on", "in", "de", "du", "für", "&", "des", "di", "la", "voor", "van", "der",
               "pour", "para", "per", "del", "della", "do", "da", "dos", "zur", "zum", "et"}
_ELIDED = re.compile(r"^[ldLD]['’][A-ZÀ-Ý]")  # "Ministère de l'Enseignement Supérieur": an article inside the name
_ACRONYM = re.compile(r"^[A-Z][A-Z&\-]*(?:\d{1,3}[A-Z&\-]*)?$")  # NSFC, USDOT-OST; not grant codes
_ACRONYM_BEFORE = {"by", "from", "with", "and", ","}
_ACRONYM_AFTER = {"grant", "grants", "funded", "funding", "funds", "award", "awards", "contract", "project",
                  "program", "programme", "fellowship", "under", "through", "(", "no.", "nos."}
# lower-case words that may follow a funder's acronym; any other ("subtypes supported by MRI image") makes it a thing
_FOLLOWS_A_FUNDER = _ACRONYM_AFTER | {"and", "or", "to", "in", "for", "via", "as", "with", "is", "was", "were", "are", "at", "on", "of",
                     "within", "which", "who", "that", "during", "from", "by", "s", "awarded", "funds", "grants",
                     "contracts", "fellowships", "scholarships", "scholarship", "cooperative", "agreement"}
_NOT_FUNDER = {"I", "II", "III", "IV", "US", "USA", "UK", "PI", "PHD", "CFD", "FEA", "FE", "DOI",
               "AI", "OK", "R&D", "IEEE", "AIAA", "ASME", "PDF", "GPU", "CPU", "CT", "RE", "NO", "NOS",
               "THE", "THIS", "WE", "OUR", "ALSO", "CAREER", "SFB", "TRR", "GRK", "SPP"}  # programme and award types
_PERSON_TITLE = re.compile(r"^(?:dr|prof|mr|mrs|ms|professor)\.?$", re.IGNORECASE)


# --- funding --------------------------------------------------------------------------------



def find_funding(pages: list[PageText]) -> list[Funding]:
    """Funding statements with funders as printed and grant numbers, from every page; a funder
    printed two ways in one paper ("NESCent" and "National Evolutionary Synthesis Center (NESCent)",
    "NSFC" and the full name) keeps the spelling the paper used first.

    Statements about computing time only ("computational resources provided by ...") are not
    funding; a statement with no funder and no grant number is dropped.
    """
    return _one_spelling_per_funder(_english_over_chinese(_funding_statements(pages)))


def _english_over_chinese(statements: list[Funding]) -> list[Funding]:
    """A bilingual journal's 基金项目 line followed by the same in English ("Supported by: ...", sharing
    a grant): one statement, the English names standing for the Chinese ones in printed order and the
    Chinese names the English line leaves out kept; a Chinese grant cut by a line break ("19YF14184 00")
    gives way to the English one it starts."""
    out: list[Funding] = []
    for statement in statements:
        chinese = out[-1] if out else None
        if (chinese and chinese.page == statement.page and chinese.funders and statement.funders
                and all(_CJK_RUN.search(f) for f in chinese.funders)
                and not any(_CJK_RUN.search(f) for f in statement.funders)
                and set(chinese.grants) & set(statement.grants)):
            rest = chinese.funders[len(statement.funders):]
            statement.funders += rest
            statement.by_funder += [record for record in chinese.by_funder if record.name in rest]
            statement.grants += [g for g in chinese.grants if not any(e.startswith(g) for e in statement.grants)]
            out[-1] = statement
            continue
        out.append(statement)
    return out


def _one_spelling_per_funder(statements: list[Funding]) -> list[Funding]:
    first: dict[str, str] = {}
    for statement in statements:
        spelling = {name: first.setdefault(_known_key(name, first), name) for name in statement.funders}
        statement.funders = list(dict.fromkeys(spelling[name] for name in statement.funders))
        merged: dict[str, FunderGrants] = {}
        for record in statement.by_funder:
            record.name = spelling.get(record.name, record.name)
            kept = merged.setdefault(record.name, record)
            if kept is not record:  # two spellings in one statement: one record with both's grants
                kept.grants += [g for g in record.grants if g not in kept.grants]
        statement.by_funder = list(merged.values())
    return statements


def _known_key(name: str, first: dict[str, str]) -> str:
    """The funder's key, or the key of a name already seen that this one misspells ("National Agency for
    Research and Developmnet" printed once for "... Development of Chile"): their first words agree but for
    a letter or two (the same first words in full are a shorter name: another funder or the same one)."""
    key = funder_key(name)
    return key if key in first else next((k for k, seen in first.items() if _misspelt(name, seen)), key)


def _misspelt(name: str, other: str) -> bool:
    words, other_words = plain_name(name).split(), plain_name(other).split()
    n = min(len(words), len(other_words))
    head, other_head = " ".join(words[:n]), " ".join(other_words[:n])
    return len(head) >= TYPO_MIN_CHARS and head != other_head and fuzz.ratio(head, other_head) >= TYPO_RATIO


TYPO_RATIO = 95  # rapidfuzz score of two spellings of one name with a transposed or dropped letter or two in 40
TYPO_MIN_CHARS = 20  # shorter names ("NSF", "NSFC") differ by a letter and are different funders


def funder_key(name: str) -> str:
    """One key per funder: its registry name where data/funders.tsv lists it, else the name as
    printed without a trailing "(ACRONYM)", case and punctuation ignored."""
    return canonical_funder(name) or plain_name(_TRAILING_ACRONYM.sub("", name))


def _funding_statements(pages: list[PageText]) -> list[Funding]:
    statements: list[Funding] = []
    seen: set[str] = set()
    for number, texts in funding_paragraphs(pages):
        in_section = False  # paragraphs after an "Acknowledgements" or "Funding" heading line
        in_contributions = False  # paragraphs after an "Author contributions" heading line
        for text in texts:
            if _BIOGRAPHY.match(text):
                in_section = False
                continue
            if _CONTRIBUTIONS.match(text) or in_contributions:
                heading_only = bool(_CONTRIBUTIONS.match(text)) and len(text) < SHORT_PARAGRAPH
                in_contributions = heading_only or in_contributions and not (
                    len(text) < SHORT_PARAGRAPH or _FUNDING_HEADING.match(text) or _SECTION_HEADING.match(text))
                if in_contributions or _CONTRIBUTIONS.match(text):
                    in_section = False
                    parts = _RUN_IN_FUNDING.split(text, maxsplit=1)
                    if len(parts) == 1:
                        continue
                    text = parts[1]
            heading = _FUNDING_HEADING.match(text)
            if heading and len(text) - heading.end() < 3:
                in_section = True
                continue
            if _SECTION_HEADING.match(text):
                in_section = False
            if not _FUNDING_CUE.search(text) and not heading:
                more = _more_of_the_same_grants(text, statements) if in_section else None
                if more and len(statements) < MAX_FUNDING:
                    statements.append(more)
                continue
            under_heading = bool(re.match(r"^\s*(?:\d{1,2}\.?\s*)?(?:funding|financial|基金项目)", text,
                                          re.IGNORECASE))
            in_statement = bool(heading) or in_section
            in_section = in_section or bool(heading)  # "ACKNOWLEDGMENT The work was ...": the section goes on
            text = _RUN_IN_SECTION.split(_NEXT_NOTE_START.split(_FUNDING_HEADING.sub("", text, count=1))[0])[0]
            for sentence in _sentences(text):
                funding = _funding_from_sentence(sentence[:MAX_SENTENCE_CHARS], number, under_heading,
                                                 in_statement)
                if funding is None:
                    continue
                names = {n.lower() for n in funding.funders} | set(funding.grants)
                if names - seen:  # the same funders and grants again (a "Funding" section repeating them)
                    seen |= names
                    statements.append(funding)
                    if len(statements) >= MAX_FUNDING:
                        return statements
    return statements


def _more_of_the_same_grants(text: str, statements: list[Funding]) -> Funding | None:
    """A line of grant numbers cut from its sentence ("... Shenzhen Fundamental Research grants" /
    "JCYJ20140417172417120"): kept when its codes start like a grant already found (a document
    number such as "DM-0003958" does not)."""
    known = {_grant_prefix(g) for s in statements for g in s.grants} - {""}
    grants = [g for g in find_grants(text) if _grant_prefix(g) in known]
    return Funding(text=_clip(text), funders=[], grants=grants, page=statements[-1].page) if grants else None


def _sentences(text: str) -> list[str]:
    """The sentences of a funding paragraph; a company's legal form ends none ("A*STAR, CISCO Systems (USA) Pte. Ltd
    and ..."); an acronym's full stop before an author's initials ends one ("a fellowship from ARC. JS was funded by")."""
    return [piece for sentence in _SENTENCE_END.split(_COMPANY_ABBREVIATION.sub(r"\1", text))
            for piece in _INITIALS_NEXT.split(sentence)]


_INITIALS_NEXT = re.compile(r"(?<=[A-Z]{2})\.\s+(?=[A-Z]{2,3}\s+(?:was|is|were|are|acknowledges?|thanks?)\b)")
_GRANT_PREFIX = re.compile(r"^[A-Za-z]{2,}")
# a company's legal form ends no sentence: "supported by A*STAR, CISCO Systems (USA) Pte. Ltd and National University ..."
_COMPANY_ABBREVIATION = re.compile(r"\b(Pte|Pty|Corp|Bhd|Ltda)\.(?=\s)")
SHORT_PARAGRAPH = 60  # characters: a heading line ("AUTHOR CONTRIBUTIONS"), not a paragraph of text


def _grant_prefix(grant: str) -> str:
    """The letters a grant code starts with ("JCYJ" of "JCYJ20140417172417120"), "" for none."""
    match = _GRANT_PREFIX.match(grant)
    return match.group(0) if match else ""




_STATEMENT = re.compile(
    r"\b(?:this|the|our|present|current)\s+(?:\w+\s+){0,2}(?-i:work|research|study|project|paper|article|thesis|"
    r"investigation|material)\b|\bauthors?\b|\bwe\b|\bI\b|\backnowledge|\bgrateful|\bthank|"
    r"\b(?:was|were|been)\s+(?:\w+\s+){0,3}(?:supported|funded|sponsored|financed)\b|"
    r"^\W*(?:partially\s+|partly\s+)?(?:supported|funded|sponsored|financed)\b|"
    r"资助|基金项目|本文|本研究", re.IGNORECASE)


def _funding_from_sentence(sentence: str, page: int, under_heading: bool, in_statement: bool = False
                           ) -> Funding | None:
    """A funding statement from one sentence. Outside an acknowledgements or funding section a
    sentence must read as one: a grant number, a listed funder, or "this work was supported"."""
    sentence = " ".join(normalise(sentence).split())
    if not under_heading and not _FUNDING_CUE.search(sentence):
        return None
    if not (under_heading or in_statement) and (_CITATION.search(sentence) or chinese_support_only(sentence)):
        return None  # "an A-Team study [6] funded by NASA ...", "以太坊以区块链作为其基本支持技术": running text
    pieces = _BULLET.split(sentence)  # "Center for X; Division of Y · Funded by Z": the affiliations are no funders
    if len(pieces) > 1:
        sentence = " · ".join(p for p in pieces if _FUNDING_CUE.search(p)) or sentence
    if _IN_KIND_ONLY.search(sentence) and not _MONEY_WORD.search(sentence):
        return None
    grants = find_grants(sentence)
    funders = find_funders(sentence)
    if not funders and not grants or not (under_heading or in_statement or grants) and (
            _REPORTED_WORK.search(sentence) or _OTHERS_FUNDED.search(sentence)):
        return None
    if not (under_heading or in_statement or grants or _STATEMENT.search(sentence)
            or any(canonical_funder(f) for f in funders)):
        return None  # "taxonomies supported by DateLife": running text, not a funding statement
    return Funding(text=_clip(sentence), funders=funders, grants=grants, page=page,
                   by_funder=funders_with_grants(sentence, funders, grants))


_CITATION = re.compile(r"\[\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*\]")  # a reference: the sentence is about cited work
# running text on who pays for a field: "the U.S. Air Force has funded research on the airframe digital twin"
# or on others' work: "He worked on different projects that are supported by The Scientific and Technological ..."
_OTHERS_FUNDED = re.compile(r"\b(?:has|have|had)\s+(?:also\s+)?(?:funded|supported|sponsored|financed)\s+"
                            r"(?!this\b|our\b|the\s+(?:present|current)\b)|"
                            r"\b(?:projects|studies|works|programs|programmes)\s+(?:that|which)\s+(?:are|were|have been)\s+"
                            r"(?:\w+ly\s+)?(?:funded|supported|sponsored|financed)\b", re.IGNORECASE)
# running text about other work: "Several reports by the NRC (and sponsored by DOT&E) addressed ..."
_REPORTED_WORK = re.compile(r"\b(?:reports?|studies|papers|articles|efforts|programs?|projects?)\s+(?:\w+\s+){0,2}"
                            r"(?:by|from|of)\b.{0,120}\b(?:addressed|showed|found|reported|described|studied|"
                            r"examined|investigated|proposed|developed|contributed)\b", re.IGNORECASE)
_BULLET = re.compile(r"\s[·•]\s")


def find_funders(sentence: str) -> list[str]:
    """Organisation names in a funding sentence, as printed.

    A name is a run of capitalised words (with "of", "and", "the" inside and an "(ACRONYM)");
    it counts when it has a funder word (Foundation, Council, Program, ...), is an acronym, or
    directly follows "by"/"from". Recipients ("grants to the X") are skipped. Funders named in
    data/funders.tsv are found whatever the words around them ("JSPS KAKENHI Grant Number ...").
    """
    funders: list[str] = []
    seen: set[str] = set()
    sentence = _FUNDER_DOI.sub(" ", sentence)  # ".../AEI/10.13039/501100011033": a grant's suffix, not a funder named
    english, rejected = _english_funders(sentence)
    listed = [n for n in listed_funders(sentence) if not any(plain_name(n) in plain_name(r) for r in rejected)]
    listed_keys = [plain_name(n) for n in listed]
    for name in english + chinese_funders(sentence) + korean_funders(sentence):
        canonical = canonical_funder(name)
        key = plain_name(_TRAILING_ACRONYM.sub("", name))
        if any(key != k and key in k for k in listed_keys):
            continue  # "Institute of Information", cut at "& communications" from a listed name
        if name not in funders and not (canonical and canonical in seen):
            funders.append(name)
            seen.add(canonical)
    for name, key in zip(listed, listed_keys):
        if not any(key in plain_name(f) or canonical_funder(f) == canonical_funder(name) for f in funders):
            funders.append(name)
    return [f for f in funders if not _programme_of_another(f, funders, sentence)][:MAX_FUNDERS_PER_STATEMENT]


_PROGRAMME = re.compile(r"\b(?:program(?:me)?s?|Horizon|Framework|H2020|FP7|scheme)\b", re.IGNORECASE)


def _programme_of_another(name: str, funders: list[str], sentence: str) -> bool:
    """"the ERC under the European Union's Horizon 2020 programme", "the DoD via the SBIR Program": the programme a funder named
    before it pays from, not a second funder; "the NSF's CNH Program (award 1) and Macrosystems Biology
    Program": a programme listed after another programme of the same funder."""
    at = sentence.find(name)
    if at <= 0 or not _PROGRAMME.search(name):
        return False
    before = [(sentence.find(other), other) for other in funders if other != name and 0 <= sentence.find(other) < at]
    if before and re.search(r"\b(?:under|via|through)\s+(?:the\s+)?$", sentence[:at]):  # "the DoD via the SBIR Program"
        return True
    if not before:
        return False
    where, previous = max(before)
    between = re.sub(r"\([^()]*\)", "", sentence[where + len(previous):at])
    return ("'s " in previous and bool(_PROGRAMME.search(previous)) and not canonical_funder(name)
            and re.fullmatch(r"[\s,]*(?:and\s+)?(?:the\s+)?", between) is not None)


_TRAILING_ACRONYM = re.compile(r"\s*\([^()]{1,20}\)\s*$")


def _english_funders(sentence: str) -> tuple[list[str], list[str]]:
    """Names that read as funders, and names that the words around them show are no funders
    (recipients, operators, the subject of "is funded by")."""
    tokens = _WORD_TOKEN.findall(sentence)
    found: list[str] = []
    rejected: list[str] = []
    i = 0
    list_end = -1  # where the last name of a list after "by"/"from" ended ("gifts by Western Digital, Amazon, ...")
    hosts, titles, paying = _host_brackets(tokens), _grant_titles(tokens), _project_funders(tokens)
    while i < len(tokens):
        if not _starts_name(tokens[i]):
            i += 1
            continue
        start = i
        run = [tokens[i]]
        i += 1
        while i < len(tokens):
            token = tokens[i]
            if token == "(" and i + 2 < len(tokens) and tokens[i + 2] == ")" and _starts_name(tokens[i + 1]):
                run += ["(", tokens[i + 1], ")"]
                i += 3
                continue
            if token.lower() in _CONNECTORS or _ELIDED.match(token):
                nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
                ends_complete = _FUNDER_HEAD.search(run[-1]) or _ACRONYM.match(run[-1]) or run[-1] == ")"
                if token.lower() in ("and", "&", "et") and (nxt.lower() == "the" or ends_complete):
                    break
                run.append(token)
                i += 1
                continue
            if _starts_name(token) or (_YEAR.fullmatch(token) and i + 1 < len(tokens) and _starts_name(tokens[i + 1])
                                       and _starts_name(run[-1])):  # "European Union's Horizon 2020 Research & ..."
                run.append(token)
                i += 1
                continue
            break
        while run and (run[-1].lower() in _CONNECTORS or run[-1] == "("):
            run.pop()
        while run and run[0].lower() in ("the", "this", "a", "an", "these", "our"):
            run.pop(0)
        name = re.sub(r"\s+([)])|([(])\s+", r"\1\2", " ".join(run)).rstrip(".,")
        after = tokens[i].lower() if i < len(tokens) else ""
        context = " ".join(tokens[max(0, start - 8):start])
        funded = _FUNDED_SUBJECT.match(" ".join(tokens[i:i + 3]))  # "The ADAPT Centre is funded under ..."
        # "an Early Career Faculty grant from NASA": the grant's name, its funder follows
        names_grant = (i + 1 < len(tokens) and (after in _GRANT_KINDS and tokens[i + 1].lower() in ("from", "by")
                                                 or after == "from" and _PAYS_OUT.search(name) is not None))
        place_funded = (_PLACE_HEAD.search(name) is not None and after in ("funded", "supported", "sponsored", "financed")
                        and tokens[i + 1:i + 2] == ["by"])  # "the JC STEM Lab of ... funded by The Hong Kong Jockey Club"
        if name and (_RECIPIENT.search(context) or funded or place_funded or start in hosts or start in titles
                     or _names_a_project(name, tokens, i)):
            rejected.append(name)
        elif name and start in paying and (_is_funder(name, "by", after) or _has_country_name(name) and not is_country(name)
                                           and len(name.split()) <= 3 and not _is_person_name(name)):
            found.append(_clip(name))  # "the ICE project (FUI, MEDICEN, Région Ile de France)": who pays for it
        else:
            before = "" if _after_from_in_a_name(tokens, start) else _word_before(tokens, start)
            # an item of the list: between commas ("Western Digital, Amazon, ..."), not a word of the list's
            # last name ("Hatch project") nor of a name's own list ("Foundation for the Arts, Sciences, & Humanities")
            # an item's own grant numbers in brackets ("the Gusu Innovation and Entrepreneur Leading Talents (No. 1), and")
            granted = _past_grant_bracket(tokens, i)
            item_end = _past_remark(tokens, granted)  # "the Ligue ... (Equipe Labellisée), Labex ...": the list goes on
            next_word = tokens[item_end].lower() if item_end < len(tokens) else ""
            in_list = (list_end >= 0 and all(t.lower() in ("and", ",", ";", "the") for t in tokens[list_end:start])
                       and next_word in (",", ";", ".", "and", "") and tokens[i + 1:i + 2] != ["&"])
            before = "by" if in_list and before in ("and", ",", ";") else before
            if name and not (names_grant and not canonical_funder(name)) and (
                    _is_funder(name, before, after) or in_list and granted > i and not _is_person_name(name)
                    and not _PERSON_TITLE.match(name.split()[0])):
                found.append(_clip(name))
                list_end = item_end if before in ("by", "from") else -1
                i = granted
                continue
        list_end = list_end if start < list_end else -1  # a name inside the remark the list skips keeps the list
    return found, rejected


def _past_remark(tokens: list[str], index: int) -> int:
    """Where the tokens go on after a short bracketed remark at index ("(Equipe Labellisée)"), else index."""
    if index >= len(tokens) or tokens[index] != "(":
        return index
    close = next((j for j in range(index + 1, min(len(tokens), index + 12)) if tokens[j] in "()"), None)
    return close + 1 if close is not None and tokens[close] == ")" else index


def _past_grant_bracket(tokens: list[str], index: int) -> int:
    """Where the tokens go on after a bracket of grant labels and numbers at index ("(No. BK20242015)"),
    else index."""
    if index >= len(tokens) or tokens[index] != "(":
        return index
    close = next((j for j in range(index + 1, min(len(tokens), index + 20)) if tokens[j] in "()"), None)
    if close is None or tokens[close] != ")":
        return index
    inside = tokens[index + 1:close]
    codes = [t for t in inside if sum(c.isdigit() for c in t) >= 4]
    words = [t for t in inside if t not in codes and t not in ",;:" and t.lower().rstrip(".") not in _LABEL_WORDS]
    return close + 1 if codes and not words else index


_PROJECT_WORDS = {"project", "projects", "program", "programs", "programme", "programmes"}


def _names_a_project(name: str, tokens: list[str], end: int) -> bool:
    """An acronym that names a project or programme ("the ICE project", "HETCOLI projects", "the ICE (Interpretation
    of Clinical Exome) project", "HTE program"), not a listed funder: the work paid for, not who pays."""
    if not _ACRONYM.match(name) or canonical_funder(name):
        return False
    if end < len(tokens) and tokens[end] == "(":
        end = next((j + 1 for j in range(end + 1, min(len(tokens), end + 12)) if tokens[j] == ")"), end)
    return end < len(tokens) and tokens[end].lower() in _PROJECT_WORDS


def _project_funders(tokens: list[str]) -> set[int]:
    """Tokens in brackets right after "project" or "programme": the bodies that pay for it ("the ICE project (BPI
    France)")."""
    inside: set[int] = set()
    for open_at in range(1, len(tokens)):
        if tokens[open_at] == "(" and tokens[open_at - 1].lower() in _PROJECT_WORDS:
            close = next((j for j in range(open_at + 1, min(len(tokens), open_at + 16)) if tokens[j] in "()"), None)
            words = tokens[open_at + 1:close] if close is not None and tokens[close] == ")" else []
            if words and all(_starts_name(t) or t.lower() in _CONNECTORS or t in ",;" or _ELIDED.match(t) for t in words) \
                    and not any(t.lower().rstrip(".") in _LABEL_WORDS for t in words):  # names only, no "(No. 1)"
                inside |= set(range(open_at + 1, open_at + 1 + len(words)))
    return inside


def _host_brackets(tokens: list[str]) -> set[int]:
    """Tokens in brackets that name a host after a name ("Opening Fund of State Key Laboratory of
    Nonlinear Mechanics (Institute of Mechanics, CAS)", "Program (Korea University)"): where the fund's
    laboratory or the programme's school is, not who pays."""
    inside: set[int] = set()
    for open_at, token in enumerate(tokens):
        if token != "(" or open_at == 0 or not (_starts_name(tokens[open_at - 1]) or tokens[open_at - 1] == ")"):
            continue
        close = next((j for j in range(open_at + 1, min(len(tokens), open_at + 16)) if tokens[j] in "()"), None)
        if close is not None and tokens[close] == ")" and _HOST.search(" ".join(tokens[open_at + 1:close])):
            inside |= set(range(open_at + 1, close))
    return inside


_HOST = re.compile(r"\b(?:universit(?:y|ies)|institute|college|school|hospital)\b", re.IGNORECASE)


def _grant_titles(tokens: list[str]) -> set[int]:
    """Where a name follows a grant number in a bracketed list of grants, or opens a bracket right after one:
    the grant's title ("(No. RS-2019-II190079, Artificial Intelligence Graduate School Program, No.
    RS-2024-00457882, AI Research Hub Project)", "Grant Agreement No. 785907 (Human Brain Project SGA2)"), not
    its funder."""
    titles: set[int] = set()
    depth = 0
    for index, token in enumerate(tokens):
        depth += (token == "(") - (token == ")")
        if (depth > 0 and index >= 2 and tokens[index - 1] in (",", "(") and _starts_name(token)
                and sum(c.isdigit() for c in tokens[index - 2]) >= 4
                and tokens[index + 1:index + 2] != ["funds"]):  # "(PID2019-1, FEDER funds)": who pays
            titles.add(index)
    return titles


_PAYS_OUT = re.compile(r"\b(?:funds?|program(?:me)?s?|scheme|plan)$", re.IGNORECASE)  # "X Fund from the Y Foundation"
_PLACE_HEAD = re.compile(r"\b(?:lab|laborator(?:y|ies)|cent(?:er|re)s?|facilit(?:y|ies)|institute)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_GRANT_KINDS = {"grant", "grants", "award", "awards", "fellowship", "scholarship"}
_MONEY_NOUNS = _GRANT_KINDS | {"support", "funding", "funds", "money"}


def _after_from_in_a_name(tokens: list[str], start: int) -> bool:
    """"Partnership for the Assessment of Risks from Chemicals": a "from" between two capitalised
    words inside a sentence is part of a name, not the word that introduces a funder."""
    return (start >= 3 and tokens[start - 1].lower() == "from" and _starts_name(tokens[start - 2])
            and tokens[start - 2].lower() not in _MONEY_NOUNS)


# "... under Contract No. FA8702-15-D-0002 with Carnegie Mellon University for the operation of the
# Software Engineering Institute": the contractor and what it runs receive the money
_RECIPIENT = re.compile(r"(?:contract|grant|award|agreement)\b.{0,40}\bwith\s*(?:the\s*)?$|"
                        r"\bfor the operation of\s*(?:the\s*)?$|\bsubsidiary of\s*(?:the\s*)?$|"
                        r"\b(?:managed|operated)\s+(?:and\s+operated\s+)?(?:by|for)\s*(?:the\s*)?$|"
                        r"\b(?:conducted|performed|carried out|prepared|written|done|operated)\s+by\s*(?:the\s*)?$|"
                        r"\b(?:conducted|performed|carried out|done|undertaken)\s+(?:in|at)\s*(?:the\s*)?$",
                        re.IGNORECASE)  # performers and contractors, not funders


_FUNDED_SUBJECT = re.compile(r"(?:is|are|was|were)\s+(?:(?:\w+ly\s+)?(?:funded|supported|sponsored|financed)\b|"
                             r"an?\s)",  # "Sandia National Laboratories is a multimission laboratory"
                             re.IGNORECASE)


def _starts_name(token: str) -> bool:
    """A capitalised word that can be part of a name: grant codes ("U2C", "HL138346") end a name."""
    return token[:1].isupper() and token[:1].isalpha() and not any(c.isdigit() for c in token)


def _word_before(tokens: list[str], index: int) -> str:
    j = index - 1
    while j >= 0 and tokens[j].lower() == "the":
        j -= 1
    return tokens[j].lower() if j >= 0 else ""


_PERSON_ROLE = re.compile(r"\b(?:managers?|officers?|directors?|editors?|reviewers?)$", re.IGNORECASE)


_RESOURCE_NOUNS = {"testbed", "cluster", "supercomputer", "computer", "facility", "facilities", "system", "machine",
                   "allocation", "resources", "software", "package", "database", "platform", "workflow"}  # "the Darwin testbed"


_LABEL_WORDS = {"project", "projects", "grant", "grants", "contract", "award", "agreement", "no", "no.", "nos",
                "nos.", "number", "task", "acknowledgements", "acknowledgments", "funding"}  # "(Project PSAP, No. ...)"
_GRANT_AFTER = {"grant", "grants", "award", "awards", "fellowship", "under", "contract"}


def _is_funder(name: str, before: str, after: str) -> bool:
    words = name.split()
    if (before in ("to", "at", "project", "its") or _PERSON_TITLE.match(words[0]) or len(name) > 200 or _PERSON_ROLE.search(name)
            or after in _RESOURCE_NOUNS or words[0].lower() in _LABEL_WORDS and len(words) <= 3):
        return False
    if (after in _GRANT_AFTER and len(words) >= 2 and not _ACRONYM.match(name)  # "Shenzhen Fundamental Research grants"
            and not (len(words) <= 2 and _is_person_name(name)) and not _has_country_name(name)):
        return True
    if _ACRONYM.match(name):
        return (name.upper() not in _NOT_FUNDER and not (after.isdigit() and len(after) >= 4)  # "CNS 2148141": a code
                and not (after.isalpha() and after.islower() and after not in _FOLLOWS_A_FUNDER)  # "by MRI image"
                and name not in place_index().state_codes and not _has_country_name(name)
                and (before in _ACRONYM_BEFORE or after in _ACRONYM_AFTER))
    if _FUNDER_HEAD.search(name) and (len(words) >= 2 or before in ("by", "from")):
        return True
    if words[-1].lower() == "fellowship" and len(words) >= 2 and not _is_person_name(" ".join(words[:-1])):
        return True  # "by a Microsoft Research Fellowship": its name starts with who pays it (a scholarship's, often a donor's)
    return (before in ("by", "from") and len(words) <= 3  # "supported by Boeing", not by a model's name
            and not _is_person_name(name) and (not _has_country_name(name) or _NATIONAL_BRANCH.match(name) is not None))


_NATIONAL_BRANCH = re.compile(r"^[A-Z]{3,}\s+[A-Z][a-z]+$")  # a company's branch in a country: "ANSYS Canada"
