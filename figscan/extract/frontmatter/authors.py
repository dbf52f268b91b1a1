"""Author names from author lines, with their affiliation markers; e-mail addresses to authors."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from figscan.extract.frontmatter.names import (
    CJK_NAME,
    author_label,
    has_header_word,
    is_chinese_name,
    is_name_pinyin,
    is_pinyin,
    is_place_name,
)
from figscan.extract.frontmatter.places import _has_country_name, is_country
from figscan.extract.frontmatter.text import (
    _EMAIL,
    _INSTITUTION,
    _SYMBOL_MARKERS,
    MAX_AUTHORS,
    join_lines,
)
from figscan.model import Author, TextLine

_ROLE = re.compile(
    r"\b(?:professor|lecturer|student|assistant|associate|engineer|scientist|researcher|director|"
    r"fellow|member|chair|candidate|postdoc\w*|graduate|undergraduate|manager|head|dean|author|"
    r"editor|advis[eo]r|intern|leader|coordinator|principal investigator)\b",
    re.IGNORECASE)
_DEGREE = re.compile(r"^(?:ph\.?\s?d\.?|m\.?\s?d\.?|p\.?\s?e\.?|m\.?\s?sc?\.?|b\.?\s?sc?\.?|m\.?\s?eng\.?|[mb]\.\s?a\.?|"
                     r"dr\.?|prof\.?|jr\.?|sr\.?|ii|iii|iv)$", re.IGNORECASE)
# "PhD, CCC-SLP", "MD, FRCS": one capitals word after a name; not a company's form ("Vantage Partners, LLC")
_CREDENTIAL = re.compile(r"^(?!(?:LLC|INC|LTD|PLC|CORP|GMBH|AG|SA|SAS|BV|NV|AB|AS|OY|SPA|SRL|KK)$)[A-Z]{2,4}(?:-[A-Z]{2,4})?$")
_SUFFIX = re.compile(r"(?:^|,\s)(?:jr\.?|sr\.?|ii|iii|iv)$", re.IGNORECASE)  # part of the name: "M.L. Buhl, Jr."
_NAME_PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "dos",
                   "bin", "binti", "al", "el", "y", "ten", "ter"}
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z]?\.(?:-?[A-Z]\.)?|[A-Z\u00C0-\u00DE][\w'\-\u00C0-\u024F]*|"
                         r"[dl]'[A-Z\u00C0-\u00DE][\w'\-\u00C0-\u024F]*)$")  # "d'Autume"
_NOT_GLUED = _NAME_PARTICLES | {"and", "et", "al"}  # "A van Dijk", "A and B": a capital's own word
_NOT_NAME_WORDS = {"report", "review", "design", "project", "analysis", "copy", "team", "final", "revised",
                   "revisited", "model", "system", "systems", "available", "reproduced", "technical",
                   "manuscript", "draft", "version", "edition", "volume", "chapter", "appendix", "table",
                   "figure", "proposal", "assessment", "laboratory", "program", "thesis", "dissertation",
                   "homework", "paper", "user", "guide", "manual", "notes", "lecture", "digital", "robot",
                   "initiative",  # "For the ... Neuroimaging Initiative": a programme the authors write for
                   "via", "street", "road", "avenue", "rue", "calle", "strasse", "boulevard"}  # "Via Risorgimento 2"
_SOCIETY_GRADE = re.compile(  # "Nan Cheng, Senior Member, IEEE," - a society grade, not a name
    r",?\s*\b(?:(?:senior|student|life|graduate student|associate)\s+)?(?:member|fellow)\s*,?\s*"
    r"(?:IEEE|AIAA|ACM|ASME|OSA|SPIE|IET|CAA|CCF|CIE|CSIAM)\b,?", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:,|;|，|；|·|•|、|\band\b|&)\s*")  # between the names of an author list
_GLUED_PINYIN = re.compile(r"\b([A-Z][a-z]{2,})([A-Z][a-z]+)\b")
_GLUED_LETTER = re.compile(r"^[a-z](?=[A-Z\u00C0-\u00DE][a-z])")  # "aMuhammad": a letter mark glued before a name
MIN_GLUED_LETTERS = 2  # names so marked in one line that show the letters are marks, whatever the affiliations say
_TITLE_PREFIX = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms)\.?\s+", re.IGNORECASE)
# LNCS: "Radek Burget1[0000−0001−5233−0456]", also cut at a line's end ("[0000-0003-" / "0520-3504]")
_ORCID_BRACKETS = re.compile(r"\[[\dX\s\-\u2212\u2013]{4,24}\]|\[[\dX\-\u2212\u2013]{0,20}$|^[\dX\-\u2212\u2013]{4,20}\]")


@dataclass
class _AuthorDraft:
    name: str
    markers: set[str] = field(default_factory=set)
    y: float = 0.0
    span: tuple[float, float] = (0.0, 0.0)  # x0, x1 of its line: the column it heads


def _authors_from_lines(author_lines: list[tuple[str, float]], letter_markers: set[str],
                        wrapped: list[bool] | None = None,
                        spans: list[tuple[float, float]] | None = None) -> list[_AuthorDraft]:
    """Names from author lines. A line that directly follows another author line (`wrapped`)
    is read together with it when that finds more names, so a list wrapped mid-name or after a
    marker ("Hao" / "Yin1,2, ...") loses nobody."""
    wrapped = wrapped or [False] * len(author_lines)
    if spans:
        author_lines, wrapped, spans = _in_reading_order(author_lines, wrapped, spans)
    authors: list[_AuthorDraft] = []
    marks_lead = False
    index = 0
    while index < len(author_lines) and len(authors) < MAX_AUTHORS:
        text, y = author_lines[index]
        span = spans[index] if spans else (0.0, 0.0)
        names = _author_names(text, letter_markers)
        index += 1
        while index < len(author_lines) and wrapped[index]:
            joined = join_lines([text, author_lines[index][0]])  # "Leslie D. Ve-" / "larde-Apaza1"
            together = _author_names(joined, letter_markers)
            alone = _author_names(author_lines[index][0], letter_markers)
            if len(together) <= max(len(names), len(alone)) or _names_meet(text, author_lines[index][0]):
                break  # reading them together finds no one new, or two lists that meet at whole names
            text, names = joined, together
            index += 1
        if _led_by_an_authors_mark(text, names, authors) and not marks_lead:
            continue
        marks_lead = marks_lead or bool(names and _LEADING_MARK.match(text))  # "1John Smith" a line: marks lead names
        authors.extend(_AuthorDraft(name, markers, y, span) for name, markers in names)
    return _without_repeats(authors)[:MAX_AUTHORS]


MAX_LABEL_PIECES = 4  # pieces of a label set apart by spaces: "作 者 姓 名"
ABOVE_TITLE_GAP = 2.5  # font sizes between the author list and the title under it (or its lines)
MIN_ABOVE_TITLE = 2  # names over a title that make them its author list, not a running head


def labelled_authors(lines: list[TextLine]) -> list[_AuthorDraft]:
    """The name a title page's form prints beside its author label ("姓    名      刘长江", "学" /
    "院：..." / "姓" / "名：张家宁" with the label's characters set apart across the row, "Author:
    Jane Smith"), read row by row; [] when the page has no such field."""
    for row in _rows(lines):
        text = "  ".join(l.text for l in row).strip()
        label, colon, value = text.partition(":") if ":" in text else text.partition("：")
        splits = [(label, value)] if colon else [(" ".join(text.split()[:k]), " ".join(text.split()[k:]))
                                                   for k in range(1, min(len(text.split()), MAX_LABEL_PIECES + 1))]
        for label, value in splits:
            if not author_label(label):
                continue
            span = (row[0].bbox[0], row[-1].bbox[2])
            compact = "".join(value.split())
            if CJK_NAME.match(compact) and _is_person_name(compact):
                return [_AuthorDraft(compact, set(), row[0].bbox[1], span)]
            names = _author_names(value, set()) or ([(value.strip(), set())] if _is_person_name(value.strip()) else [])
            if names:  # else a longer label ("作 者" of "作 者 姓 名 李航")
                return [_AuthorDraft(name, markers, row[0].bbox[1], span) for name, markers in names]
    return []


def authors_above_title(lines: list[TextLine], heading: list[TextLine]) -> list[_AuthorDraft]:
    """Springer's older journals ("Acta Mech") print the author list over the title: the lines
    right above the title's first that list two names or more between them, read as a wrapped list."""
    if not heading:
        return []
    top = min(l.bbox[1] for l in heading)
    taken: list[TextLine] = []
    for line in sorted((l for l in lines if l.bbox[3] <= top + 1), key=lambda l: -l.bbox[1]):
        below = taken[-1].bbox[1] if taken else top
        if below - line.bbox[3] > ABOVE_TITLE_GAP * max(line.size, 1.0) or not _author_names(line.text, set()):
            break
        taken.append(line)
    taken.reverse()
    authors = _authors_from_lines([(l.text, l.bbox[1]) for l in taken], set(), [i > 0 for i in range(len(taken))])
    return authors if len(authors) >= MIN_ABOVE_TITLE else []


def _rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Lines grouped into printed rows (tops within SAME_ROW), each left to right, top to bottom."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0])):
        if rows and abs(line.bbox[1] - rows[-1][0].bbox[1]) <= SAME_ROW:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda l: l.bbox[0]) for row in rows]


_LEADING_MARK = re.compile(r"^\s*(\d{1,2})(?=[A-Z])")


def _led_by_an_authors_mark(text: str, names: list[tuple[str, set[str]]], authors: list[_AuthorDraft]) -> bool:
    """"1Glassbox AI" under "Nong Dingzhan1, ..., Tim Lo*1": one "name" led by the mark every
    author above ends with is the affiliation that mark points to."""
    lead = _LEADING_MARK.match(text)
    return bool(lead and len(names) == 1 and authors and all(a.markers for a in authors)
                and lead.group(1) in set().union(*(a.markers for a in authors)))


SAME_ROW = 5.0  # points: pieces of one printed row whose tops differ by a raised marker at most
_RAISED_START = re.compile(rf"^\s*[\d,{re.escape(_SYMBOL_MARKERS)}]")  # ",2,‡ and Yang Gao", "1,2,HE Yin"


def _in_reading_order(lines: list[tuple[str, float]], wrapped: list[bool], spans: list[tuple[float, float]]
                      ) -> tuple[list[tuple[str, float]], list[bool], list[tuple[float, float]]]:
    """Pieces of one row left to right: a piece that opens with a raised marker (",2,‡ and Yang
    Gao") has a higher top than the name before it ("Zhaohe Dai") and would be read first."""
    order = list(range(len(lines)))
    flags = list(wrapped)
    for position in range(1, len(order)):
        current = position
        while current > 0:
            before, after = order[current - 1], order[current]
            if not ((flags[current] or flags[current - 1]) and 0 < lines[after][1] - lines[before][1] <= SAME_ROW
                    and _RAISED_START.match(lines[before][0])
                    and spans[after][0] < spans[before][0] and spans[after][1] < spans[before][1]):
                break
            order[current - 1], order[current] = after, before
            flags[current] = True  # the piece now read second continues the row
            current -= 1
    if order == sorted(order):
        return lines, wrapped, spans
    return [lines[i] for i in order], flags, [spans[i] for i in order]


MIN_LISTED_NAMES = 3  # names in a row that make a line an author list whatever else it holds
MIN_REPEATS = 2  # names printed again that show the list was printed twice (an ORCID table, an author note)


def _without_repeats(authors: list[_AuthorDraft]) -> list[_AuthorDraft]:
    """Each author once: a name printed again (a table of the authors' ORCIDs, an "Author Note"
    under the header) adds its markers to the first. When the list is printed twice, a name given
    there with initials for given names ("Leslie D. Velarde-Apaza", "Leslie Diana Velarde-Apaza")
    is the same person too; otherwise "Y. Wang" and "Yu Wang" stay two."""
    keys = [_name_key(a.name) for a in authors]
    repeats = len(keys) - len(set(keys))
    kept: list[_AuthorDraft] = []
    kept_keys: list[tuple[str, ...]] = []
    for author, key in zip(authors, keys):
        same = next((i for i, k in enumerate(kept_keys) if k == key or repeats >= MIN_REPEATS and _initials_agree(k, key)),
                    None)
        if same is None:
            kept.append(author)
            kept_keys.append(key)
        else:
            kept[same].markers |= author.markers
    return kept


def _name_key(name: str) -> tuple[str, ...]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))
    return tuple(w for w in re.split(r"[\s.]+", folded) if w)


def _initials_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same family name and the same given names, each written out or as its initial."""
    return (len(a) == len(b) >= 2 and a[-1] == b[-1]
            and all(x == y or x[0] == y[0] and min(len(x), len(y)) == 1 for x, y in zip(a[:-1], b[:-1])))


def _names_meet(upper: str, lower: str) -> bool:
    """The upper line ends with a whole name and the lower starts with one, with no separator
    between: "Heat Transfer, Fluid Flow" over "Li Wang, ..." are two lines, not one name."""
    last = _SEPARATOR.split(upper.strip())[-1]
    first = _SEPARATOR.split(lower.strip())[0]
    return bool(last and first) and all(_is_person_name(_strip_markers(p, set())[0]) for p in (last, first))


def _author_names(text: str, letter_markers: set[str]) -> list[tuple[str, set[str]]]:
    """Names with their markers when the line reads as an author list, else []; where the line
    sets words apart by wide gaps and reading those as separators finds more names, that reading
    ("Fubi n Zhao  Xuan Zhou  Leiti ng Dong": a text layer with spaces inside words, names apart
    by two)."""
    names = _read_names(text, letter_markers)
    if not _WIDE_GAP.search(text):
        return names
    gapped = _read_names(_WIDE_GAP.sub(", ", text.strip()), letter_markers)
    return gapped if len(gapped) > len(names) else names


_LIST_LABEL = re.compile(r"^\s*(?:by|authors?\s*[:：])\s+(?=[A-Z\u00C0-\u00DE])", re.IGNORECASE)  # "By Kentaro UNO"
_BRACKET_MARKS = re.compile(r"\[(\d{1,2}(?:\s*,\s*\d{1,2})*)\]")  # "PhD[1, 2]": marks in brackets
_STRAY_GLYPH = re.compile(r"(?<=[\s\d,])[‹›](?=\s)")
_SPACING_ACCENTS = {"\u00b4": "\u0301", "`": "\u0300", "\u02c6": "\u0302", "\u00a8": "\u0308", "\u02dc": "\u0303"}
# an accent after its letter and before no letter: the spacing glyph, or the combining mark NFKC made of it
_TRAILING_ACCENT = re.compile(r"([A-Za-z]) ?([\u00b4`\u02c6\u00a8\u02dc\u0300-\u0308])(?![A-Za-z])")


def _with_accents_composed(text: str) -> str:
    """"Letouze´ 1", "Letouze ́": a text layer that prints an accent as a glyph of its own after
    its letter at a word's end; the accented letter ("Letouzé")."""
    return _TRAILING_ACCENT.sub(lambda m: unicodedata.normalize(
        "NFC", m.group(1) + _SPACING_ACCENTS.get(m.group(2), m.group(2))), text)


_WIDE_GAP = re.compile(r"(?<=\S)\s{2,}(?=\S)")
_FRAGMENT = re.compile(r"^[a-z]{1,3}(?:-[a-z]+)?$")  # "n", "ng", "ng-yuan": a word's tail set apart
_SHORT_WORDS = {"of", "in", "on", "at", "the", "for", "to", "by", "an", "a"}


def _mended(name: str) -> str:
    """A name whose text layer put spaces inside words, mended: "Fubi n Zhao" -> "Fubin Zhao",
    "YI N Ji ng-yuan" -> "YIN Jing-yuan", "Z H ANG Xiang" -> "ZHANG Xiang"; the name as given
    when the mended one does not read as a name. Words' tails are joined only to a name that does
    not read as one already; capitals that spell one pinyin word only when one of them is none."""
    tokens: list[str] = []
    whole = _is_person_name(name)
    for token in name.split():
        if (not whole and tokens and _FRAGMENT.match(token) and token not in _NOT_GLUED | _SHORT_WORDS
                and tokens[-1][-1:].isalpha()):
            tokens[-1] += token
        else:
            tokens.append(token)
    merged: list[str] = []
    run: list[str] = []
    for token in tokens + [""]:
        if token.isalpha() and token.isupper():
            run.append(token)
            continue
        joined = "".join(run)
        if len(run) >= 2 and any(len(t) == 1 or not is_pinyin(t) for t in run) and is_name_pinyin(joined):
            merged.append(joined)  # "S U N", "XI ONG": one pinyin word in capitals
        else:
            merged.extend(run)
        run = []
        if token:
            merged.append(token)
    mended = " ".join(merged)
    return mended if mended != name and _is_person_name(mended) else name


def _read_names(text: str, letter_markers: set[str]) -> list[tuple[str, set[str]]]:
    """Names with their markers when the line reads as an author list, else [].

    `letter_markers` are the letters affiliations are marked with ("aDepartment ..."): only those
    are taken off the end of a name ("Hao Yina" -> "Hao Yin" + a).
    """
    text = _SOCIETY_GRADE.sub(", ", _EMAIL.sub(" ", _ORCID_BRACKETS.sub(" ", text.replace("\u2225", "‖"))))
    text = _LIST_LABEL.sub("", _with_accents_composed(text))
    text = _BRACKET_MARKS.sub(lambda m: re.sub(r"\s*,\s*", "|", m.group(1)), text)  # "Kurteff, M.S.[1]"
    text = _STRAY_GLYPH.sub("*", text)  # MNRAS "Iorio , 1 ‹ Athul": an unmapped star glyph
    capitals = re.sub(r"^and\s+|\s+and\s+", " ", text)
    if capitals.isupper() and (re.search(r",|\bAND\b", text) or 2 <= len(capitals.split()) <= 3):
        # "JEAN BOURGAIN, SJOERD DIRKSEN, AND JELANI NELSON", "and PASCALE FUNG"
        text = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize() if len(m.group(0)) > 1 else m.group(0),
                      text)
        text = re.sub(r"\bAnd\b", "and", text)
    text = re.sub(r"(?<=\w)\(\)(?=\w)", "", text)  # "Mart()n": a glyph the text layer could not map
    # "L an W eihua": a text layer that reads the kerning after a capital as a space
    text = re.sub(r"\b([A-Z]) ([a-z]{2,})\b", lambda m: m.group(0) if m.group(2) in _NOT_GLUED else m.group(1) + m.group(2),
                  text)
    # "HUANG Xin1), HE Jia2)": Chinese journals; "Kentaro UNO,1) Louis-jerome BURTZ,2)": Japanese ones
    text = re.sub(r"(?<=[^\W\d_])(,?\d{1,2}(?:,\d{1,2})*)\)", r"\1", text)
    text = re.sub(r"\([^()]{0,80}\)", " ", text)
    # "Yuri Kuratov 1 2 Aydar Bulatov 2 ...": markers set apart by spaces separate the names
    text = re.sub(r"(?<=[a-z])\s+((?:\d{1,2}\s+)*\d{1,2})(?:\s+(?=[A-Z])|\s*$)",
                  lambda m: "|".join(m.group(1).split()) + ", ", text)
    marks = re.escape(_SYMBOL_MARKERS)
    # APS: "Xiaoyi Yuan,1,3 Tianyi Zhang,1 Shuze Zhu,1,3,†": the marks after the comma end the name before it
    run = rf"(?:\d{{1,2}}|[{marks}]+)(?:(?:\s*,\s*|\s+)(?:\d{{1,2}}|[{marks}]+))*"
    text = re.sub(rf"(?<=[^\W\d_])\s*,\s*({run})(?:\s+(?=[A-Z\u00C0-\u00DE])|\s*$)",
                  lambda m: "|" + re.sub(r"\s*,\s*|\s+", "|", m.group(1)) + ", ", text)
    # RSC: "Ryuma Niiyama,*a Kazuma Matsushita,*b Masahiro Ikeda,a Keung Ora": the marks after the
    # comma are the name's; set apart by a space they are not taken for the name's last letter
    text = re.sub(rf",\s*([{marks}]+)([a-z](?:,[a-z]){{0,3}})\s*(?=[A-Z\u00C0-\u00DE])",
                  lambda m: f" {m.group(1)}|{m.group(2).replace(',', '|')}, ", text)
    text = re.sub(r"(?<=[a-z]),([a-z](?:,[a-z]){0,3})\s+(?=[A-Z\u00C0-\u00DE])",
                  lambda m: f" {m.group(1).replace(',', '|')}, ", text)
    text = re.sub(rf"(?<=[{re.escape(_SYMBOL_MARKERS)}])[a-z](?=[,\s]|$)", "", text)  # "Aksenov♣q": a glyph mark
    text = re.sub(rf"(?<=[a-z])(\d{{1,2}}[{marks}]+)(?=[A-Z])", r"\1 ", text)  # "Carmon10∗Achal Dave2∗"
    text = re.sub(rf"(?<=[a-z])(\d{{1,2}}(?:[,|](?:\d{{1,2}}|[{marks}]+))*[{marks}]*)\s+(?=[A-Z])", r"\1, ",
                  text)  # "Wei Zhang1 Ming Li2": glued markers end a name
    text = re.sub(r"(?<=\d)\s*,\s*(?=\d)", "|", text)  # "Liu1,3" keeps its markers together
    text = re.sub(r"(?<=[a-z\d]),(?=[a-z](?:[,|\s]|$))", "|", text)  # "Yina,b"
    text = re.sub(rf",\s*([{marks}]+)\s*(?=[A-Z\u00C0-\u00DE])", r"|\1, ",
                  text)  # AIAA: "Fenelon,∗Yang Zhang,†", Wiley: "Sachin Sachin,* Alessio": the mark ends a name
    text = re.sub(rf",\s*(?=[{re.escape(_SYMBOL_MARKERS)}])", "|", text)  # "Cusatisa,∗"
    text = re.sub(r"(?<=[\u4e00-\u9fff])(?:\d[\d|,*]*)?\s+(?=[\u4e00-\u9fff])", lambda m: m.group(0).strip() + "、",
                  text)  # "张三1 李四2": Chinese names set apart by spaces
    text = _GLUED_PINYIN.sub(lambda m: f"{m.group(1)} {m.group(2)}" if is_pinyin(m.group(1)) and is_pinyin(m.group(2))
                             else m.group(0), text)  # "ShanshanYang": a lost space between pinyin names
    pieces = _SEPARATOR.split(text)
    names: list[tuple[str, set[str]]] = []
    other = country_named = countries = 0
    last = "name"  # what the piece before was: a country counts as a name's only right after one
    glued = [_GLUED_LETTER.match(p.strip()) for p in pieces]
    glued_letters = sum(1 for g in glued if g)
    for piece, letter in zip((p.strip() for p in pieces), glued):
        if not piece:
            continue
        lead = letter.group(0) if letter and (glued_letters >= MIN_GLUED_LETTERS or letter.group(0) in letter_markers) else ""
        name, markers = _strip_markers(piece[len(lead):], letter_markers)  # "aMuhammad Masud Tarek, bMd. Alamgir Hossain"
        name = _mended(name)
        markers |= {lead} - {""}
        if not name and markers and names:
            names[-1][1].update(markers)
        elif _SUFFIX.match(name) and names and not _SUFFIX.search(names[-1][0]):
            names[-1] = (f"{names[-1][0]}, {name}", names[-1][1] | markers)  # "M.L. Buhl, Jr."
        elif _DEGREE.match(name) or _CREDENTIAL.match(name) and last == "name" or _ROLE.search(name) and not (
                (_surname_like_role(name) or markers and _given_name_like_role(name)) and _is_person_name(name)):
            if names and not _ROLE.search(name) and last == "name":
                names[-1][1].update(markers)  # "Garret L. Kurteff, M.S.[1]": the degree's mark is the name's
            continue  # "Ph.D.", "Assistant Professor": allowed beside a name, not counted
        elif _is_person_name(name):
            names.append((name, markers))
        elif markers and _is_person_name(name, country_surname=True):
            names.append((name, markers))  # "Taiza Montenegro∗†": a marked name in a list of names
            country_named += 1
        elif is_country(name) and last == "name":
            countries += 1  # FIG: "Dogus GULER, Turkey, Abdullah ALATTAS, Saudi Arabia": each name's country
            last = "country"
            continue
        else:
            other += 1
            last = "other"
            continue
        last = "name"
    if countries > len(names) + 1:
        return []
    return names if len(names) > country_named and other <= len(names) // 2 else []


def reads_as_author_list(text: str) -> bool:
    """Several names in a row and no institution word: an author line, even when a name is a
    country's ("Taiza Montenegro∗†, Hugo Melo†, Roberta Coelho†, Eiji Adachi‡"); or names each
    with its country and nothing else ("The Netherlands, Peter VAN OOSTEROM, The Netherlands")."""
    if _INSTITUTION.search(text):
        return False
    names = _author_names(text, set())
    if len(names) >= MIN_LISTED_NAMES:
        return True
    pieces = [p for p in (p.strip() for p in _SEPARATOR.split(text)) if p]
    countries = sum(1 for p in pieces if is_country(p))
    return bool(names) and countries >= len(names) and len(pieces) == len(names) + countries


_ROLE_ADJECTIVE = re.compile(r"^(?:senior|junior|life|visiting|distinguished|assistant|associate|full|chief|"
                             r"principal|research|graduate|adjunct|honorary|emeritus)$", re.IGNORECASE)


def _surname_like_role(name: str) -> bool:
    """"Jeffrey Dean", "Anna Fellow": a role word as a capitalised family name after a given name."""
    tokens = name.split()
    return (len(tokens) >= 2 and not _ROLE.search(" ".join(tokens[:-1])) and not _ROLE_ADJECTIVE.match(tokens[0])
            and tokens[-1][:1].isupper() and not tokens[-1].isupper() and not _ROLE.search(tokens[0]))


def _given_name_like_role(name: str) -> bool:
    """"Dean Hintz 7": a role word as the given name of a marked name, none in the rest."""
    tokens = name.split()
    return len(tokens) >= 2 and not _ROLE.search(" ".join(tokens[1:])) and not _ROLE_ADJECTIVE.match(tokens[0])


def _strip_markers(piece: str, letter_markers: set[str]) -> tuple[str, set[str]]:
    markers: set[str] = set()
    piece = _TITLE_PREFIX.sub("", piece)
    piece = re.sub(r"^\d{1,3}(?:st|nd|rd|th)\s+(?=[A-Z])", "", piece)  # "1st Kai Liu" (IEEE conference template)
    lead = re.match(rf"^([{re.escape(_SYMBOL_MARKERS)}]+|\d{{1,2}}(?=[A-Z]))", piece)
    if lead:
        markers.add(lead.group(1))
        piece = piece[lead.end():]
    spaced = _SPACED_MARKERS.search(piece)
    if spaced and " " in piece[:spaced.start()].strip():  # "Mathieu Balesdent a|∗": a name ends in no lone lower-case letter
        return " ".join(piece[:spaced.start()].split()).strip(" |.,"), _split_markers(spaced.group(1))
    trail = re.search(rf"(?<![\d|{re.escape(_SYMBOL_MARKERS)}])([\d|{re.escape(_SYMBOL_MARKERS)}]+)$", piece)
    if trail:
        markers.update(_split_markers(trail.group(1)))
        piece = piece[:trail.start()].rstrip()  # "Li Yao b |∗": the letter before the symbol too
    piped = re.search(r"(?<=[^\W\d_]{2})\|([a-z](?:\|[a-z]){0,3})$", piece)
    if piped and " " in piece.strip():  # "J. Peinke,b and": a letter set apart by a comma is a marker, whatever it is
        markers.update(_split_markers(piped.group(1)))
        piece = piece[:piped.start()]
    letters = re.search(r"(?:(?<=[A-Za-z][a-z])|(?<=[^\W\d_]{2}\s))([a-z](?:\|[a-z]){0,3})\|?$", piece)
    if letters and " " in piece.strip() and set(letters.group(1).split("|")) <= letter_markers:
        markers.update(_split_markers(letters.group(1)))
        piece = piece[:letters.start()]
    return " ".join(piece.split()).strip(" |.,"), {m for m in markers if m}


_MARK = rf"(?:[{re.escape(_SYMBOL_MARKERS)}]+|\d{{1,2}}|[a-z])"
_SPACED_MARKERS = re.compile(rf"(?<=[^\W\d_]{{2}})\s+({_MARK}(?:\|{_MARK})*)$")


def _split_markers(run: str) -> set[str]:
    """'1|3' -> {1, 3}; '∗∗' stays one marker; 'ab' -> {a, b}."""
    markers: set[str] = set()
    for part in run.split("|"):
        for token in re.findall(rf"\d+|[a-z]|[{re.escape(_SYMBOL_MARKERS)}]+", part):
            markers.add(token)
    return markers


def _is_person_name(name: str, country_surname: bool = False) -> bool:
    """Two to six capitalised words that are no institution, place or header phrase; a country's
    name only as the family name when `country_surname` ("Taiza Montenegro" in a marked list)."""
    if CJK_NAME.match(name):
        return is_chinese_name(name) and not has_header_word(name)
    tokens = name.split()
    country = _has_country_name(name) and not (country_surname and not _has_country_name(" ".join(tokens[:-1])))
    if (not 2 <= len(tokens) <= 6 or len(name) > 60 or _INSTITUTION.search(name) or country
            or any(c.isdigit() for c in name)  # "Edgbaston-Birmingham B15-2TT": a postcode, markers already off
            or has_header_word(name) or is_place_name(name)):
        return False
    capitalised = 0
    mixed = any(_capitalised(t) for t in tokens)  # "Nan CHENG", "ZHANG San", "Doğuş GÜLER", "CHEN Jia-Chi"
    for token in tokens:
        if token in _NAME_PARTICLES:  # "van", "de"; a capitalised "Du" or "Le" is a family name
            continue
        if token.lower().strip(".-") in _NOT_NAME_WORDS:
            return False
        if not _NAME_TOKEN.match(token) or token.isupper() and len(token) > 3 and not mixed:
            return False
        capitalised += 1
    return capitalised >= 2 and any(len(t.strip(".-")) >= 2 for t in tokens)  # not "L L"


def _capitalised(token: str) -> bool:
    """"Nan", "Doğuş", "Jia-Chi": a capital, then lower case in each hyphen-joined part."""
    parts = token.split("-")
    return token[:1].isupper() and token[1:2].islower() and all(p[:1].isalpha() and (p[1:].islower() or not p[1:])
                                                                  for p in parts)


def _link_emails(authors: list[Author], emails: list[str], text: str) -> None:
    """Give an author the address whose local part spells their name ("hao.yin@", "gcusatis@",
    "yinh@") or that is followed by their name in brackets ("x@y.edu (H. Yin)")."""
    for email in emails:
        local = re.sub(r"[^a-z]", "", email.split("@")[0])
        after = re.search(re.escape(email) + r"\s*\(([^()]{2,60})\)", text, re.IGNORECASE)
        named = after.group(1).lower() if after else ""
        candidates = []
        for author in authors:
            words = [re.sub(r"[^a-z]", "", w) for w in unicodedata.normalize("NFKD", author.name.lower()).split()]
            words = [w for w in words if w]
            if len(words) < 2 or author.email:
                continue
            given, family = words[0], words[-1]
            by_local = len(family) >= 2 and family in local and (given in local or local.startswith(given[0])
                                                                   or local.endswith(given[0]))
            by_name = bool(named) and family in named and given[0] in named.replace(family, "")
            if by_local or by_name:
                candidates.append(author)
        if len(candidates) == 1:
            candidates[0].email = email
