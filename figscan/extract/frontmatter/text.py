"""Lines, paragraphs and the bounds every part of front-matter parsing shares.

Every PDF is hostile input: every list and string returned is bounded, and every regular
expression is linear (no nested quantifiers over overlapping classes).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from statistics import median

from figscan.model import TextLine

MAX_AUTHORS = 500  # collaboration papers list hundreds
MAX_AFFILIATIONS = 150
MAX_FUNDING = 20
MAX_CHARS = 500
MAX_FUNDERS_PER_STATEMENT = 12
MAX_GRANTS_PER_STATEMENT = 20
MAX_SENTENCE_CHARS = 2_000  # longer "sentences" are tables or run-on garbage
MAX_LINES_PER_PAGE = 3_000
MAX_EMAILS = 50
MAX_OPEN_PARAGRAPHS = 40  # columns and side-by-side blocks a page can plausibly hold


_SYMBOL_MARKERS = "*∗†‡§¶‖#⁎✉♣♠♥♦★☆⋆⋄◇◆⇑✝※⊥"  # ⋄ ◇: ACM/IEEE templates; ⇑: Elsevier's; ⋆: LNCS
_PUNCT_FIX = str.maketrans({
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",  # zero-width, soft hyphen
    "’": "'", "‘": "'", "–": "-", "—": "-", "‐": "-", "‑": "-",
    "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u00a0": " ", "\t": " "})


_INSTITUTION = re.compile(
    r"\b(?:univ\w*|universit\w*|institut\w*|college|school|department|dept\.?|laborator\w*|lab|"
    r"academy|academia|cent(?:er|re)|faculty|hospital|company|corporation|corp\.?|inc\.?|ltd\.?|"
    r"gmbh|co\.|group|agency|organi[sz]ation|polytechnic\w*|politecnico|ministry|bureau|"
    r"division|r&d|nasa|escuela|ecole|école|technische|hochschule|science and technology on)\b"
    r"|大学|学院|研究所|研究院|实验室|公司",
    re.IGNORECASE)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|licen[cs]e|all rights reserved|published by|downloaded|"
                        r"part of springer nature",  # a copyright line's wrapped end: "Germany, part of Springer Nature 2023"
                        re.IGNORECASE)
_NOISE = re.compile(
    r"©|\(c\)|copyright|licen[cs]e|all rights reserved|published by|downloaded|https?://|www\.|"
    r"\bdoi\b|arxiv|preprint submitted|\bvol\.|\bpp\.|journal|proceedings|conference|"
    r"accepted manuscript|received:|revised:|accepted:|published online|引文格式|cite this|citation:",
    re.IGNORECASE)


_LABELLED = re.compile(r"^[A-Za-z][A-Za-z ]{0,24}:\s")  # "Received: ...", "Advised by: ..."
_EMAIL = re.compile(r"(?<![\w.+\-{},])[\w.+\-{},]+@[\w\-]+(?:\.[\w\-]+)+")  # starts only at run starts: linear
_CONTACT = re.compile(r"\b(?:e-?mail(?: address(?:es)?)?|phone|fax|orcid)\b\s*[.:]?.*$|"
                      r"\btel\b(?=\s*[.:+\d(]).*$", re.IGNORECASE)  # not "Tel Aviv"
_CORRESPONDING = re.compile(r"\bcorresponding authors?\b[:.,]?|\bcontributed equally\b.*$|"
                            r"\bcorrespondence(?: to)?\s*:.*$",
                            re.IGNORECASE)
_IS_WITH = re.compile(r"\b(?:is|are)\s+(?:also\s+|now\s+|currently\s+)?(?:with|at)\s+", re.IGNORECASE)
_LEADING_MARKER = re.compile(
    rf"^\s*[(（]?\s*(?:([{re.escape(_SYMBOL_MARKERS)}]{{1,3}})|(\d{{1,2}})[.)]?(?=\s?(?:[A-Z\u4e00-\u9fff]|[a-z][A-Z]))"
    rf"|([a-z])(?=\s?[A-Z][a-z]|\s[A-Z]{{2}}))\s*")  # "a ONERA/DTIS, ...": a letter before an acronym;
# "2iWudao Tech": a number before a name in camel case
_MARKER_ONLY = re.compile(rf"^(?:[\d,\s]{{1,8}}|[a-z](?:,[a-z]){{0,3}}|[{re.escape(_SYMBOL_MARKERS)},\s]{{1,6}})$")


_SENTENCE_END = re.compile(  # not after "No.", "Dr.", "Inc.", "et al.": "Contract No. FA8721 with ..." is one sentence
    r"(?<=[a-z0-9)\]])(?<!\b[Nn]o)(?<!\b[Nn]os)(?<!\bDr)(?<!\bProf)(?<!\bInc)(?<!\bCo)(?<!\bLtd)(?<!\bal)"
    r"(?<!\bvs)(?<!\bSt)(?<!\bDept)\.\s+(?=[A-Z(])|(?<=[A-Z]{2})\.\s+(?=[A-Z][a-z]+\s)|。")  # "WEST-AI. We thank"


# --- lines and paragraphs ---------------------------------------------------------------------

def merge_marker_lines(lines: list[TextLine]) -> list[TextLine]:
    """Glue superscript markers that the text layer put on lines of their own to their text.

    A marker right after a line on the same baseline belongs to it (an author's "Yin" + "a");
    otherwise it belongs to the line starting just after it (an affiliation "1" + "Dalian ...").
    """
    merged = list(lines)
    dropped: set[int] = set()
    for index, line in enumerate(lines):
        text = line.text.strip()
        if len(text) > 8 or not _MARKER_ONLY.match(text):
            continue
        left = _neighbour(lines, index, side="left")
        right = _neighbour(lines, index, side="right")
        if left is not None and left not in dropped:
            merged[left] = replace(merged[left], text=merged[left].text + text)
        elif right is not None and right not in dropped:
            merged[right] = replace(merged[right], text=text + merged[right].text)
        else:
            continue
        dropped.add(index)
    return _join_split_lines([line for i, line in enumerate(merged) if i not in dropped])


SPLIT_LINE_GAP = 1.5  # font sizes: the widest gap between two pieces of one printed line joined again
CJK_CHARACTER = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character (CJK Unified Ideographs)
_CJK_CHAR = re.compile(r"^[\u4e00-\u9fff]$")


def _join_split_lines(lines: list[TextLine]) -> list[TextLine]:
    """Join pieces of one printed line that the text layer gave as lines of their own: a Chinese
    name set out one character at a time ("黄", "雷" -> "黄雷"), and an author list whose next
    piece opens with a raised marker ("Ryuma Niiyama," + "*a Kazuma Matsushita, ..."), which
    sorts above its own line. The joined line keeps its first piece's place."""
    pieces = [j for j, line in enumerate(lines)  # what can continue a line: few on any page
              if _CJK_CHAR.match(line.text.strip()) or line.text.lstrip()[:1] in _SYMBOL_MARKERS]
    if not pieces:
        return lines
    out = list(lines)
    absorbed: set[int] = set()
    for index in range(len(lines)):
        if index in absorbed:
            continue
        while True:
            current = out[index]
            piece = next((j for j in pieces if abs(j - index) < 40 and j != index and j not in absorbed
                          and _continues_on_baseline(current, out[j])), None)
            if piece is None:
                break
            right = out[piece]
            glue = "" if _CJK_CHAR.match(right.text.strip()) else " "
            box = (current.bbox[0], min(current.bbox[1], right.bbox[1]), right.bbox[2],
                   max(current.bbox[3], right.bbox[3]))
            out[index] = replace(current, text=current.text.rstrip() + glue + right.text.strip(), bbox=box)
            absorbed.add(piece)
    return [line for i, line in enumerate(out) if i not in absorbed] if absorbed else lines


def _continues_on_baseline(left: TextLine, right: TextLine) -> bool:
    size = max(left.size, 1.0)
    gap = right.bbox[0] - left.bbox[2]
    if abs(left.bbox[3] - right.bbox[3]) > 0.2 * size or abs(left.size - right.size) > 0.3 or not -1.0 <= gap <= SPLIT_LINE_GAP * size:
        return False
    if _CJK_CHAR.match(right.text.strip()):
        return bool(re.search(r"[\u4e00-\u9fff]$", left.text.strip())) and len(left.text.strip()) <= 3
    raised = right.bbox[1] < left.bbox[1] - 0.2 * size
    return left.text.rstrip().endswith(",") and raised and right.text.lstrip()[:1] in _SYMBOL_MARKERS


def _neighbour(lines: list[TextLine], index: int, side: str) -> int | None:
    marker = lines[index]
    mx0, my0, mx1, my1 = marker.bbox
    best, best_gap = None, 15.0 if side == "right" else 4.0
    for j in range(max(0, index - 40), min(len(lines), index + 40)):
        if j == index:
            continue
        x0, y0, x1, y1 = lines[j].bbox
        if not (y0 - 2 <= my0 <= y1 and my1 >= y0):
            continue
        gap = (mx0 - x1) if side == "left" else (x0 - mx1)
        if -1.0 <= gap < best_gap:
            best, best_gap = j, gap
    return best


def paragraphs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Group lines into paragraphs by geometry, so two columns do not interleave.

    A line continues a paragraph when it sits one line pitch below the paragraph's last line
    (the page's own pitch, so double-spaced preprints hold together) and overlaps it in x.
    """
    ratio = line_pitch_ratio(lines)
    done: list[list[TextLine]] = []
    open_paras: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0])):
        size = max(line.size, 1.0)
        still_open: list[list[TextLine]] = []
        for para in open_paras:
            (done if line.bbox[1] - para[-1].bbox[1] > 3 * ratio * size else still_open).append(para)
        open_paras = still_open[-MAX_OPEN_PARAGRAPHS:]
        done.extend(still_open[:-MAX_OPEN_PARAGRAPHS])
        target = next((p for p in open_paras if _continues(p[-1], line, ratio)), None)
        if target is None:
            open_paras.append([line])
        else:
            target.append(line)
    return sorted(done + open_paras, key=lambda p: (p[0].page, p[0].bbox[1], p[0].bbox[0]))


def line_pitch_ratio(lines: list[TextLine]) -> float:
    """Typical baseline-to-baseline distance over font size on this page (1.2 single-spaced)."""
    ordered = sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0]))
    ratios = []
    for index, line in enumerate(ordered[:MAX_LINES_PER_PAGE]):
        for below in ordered[index + 1:index + 12]:
            dy = below.bbox[1] - line.bbox[1]
            if dy > 0.5 * line.size and abs(below.size - line.size) < 0.5 and _x_overlap(line, below) > 0.3:
                ratios.append(dy / max(line.size, 1.0))
                break
    return min(max(median(ratios), 1.0), 2.5) if ratios else 1.25


_UNFINISHED = re.compile(r"(?:\b(?:of|and|for|the|de|di|du|in|at|on)|[,\-&/(])\s*$", re.IGNORECASE)


def _continues(last: TextLine, line: TextLine, ratio: float) -> bool:
    """`line` goes on from `last`: one line pitch below, about the same size, overlapping in x.
    A line that ends mid-phrase ("... Republic of", "Foundation,") is continued even across a
    larger size difference: OCR gives a line's height, not its font size."""
    size = max(line.size, 1.0)
    dy = line.bbox[1] - last.bbox[1]
    same_size = abs(last.size - line.size) < (4.0 if _UNFINISHED.search(last.text) else 1.6)
    return (0.5 * size <= dy <= max(1.3 * ratio, 1.7) * size and same_size
            and _x_overlap(last, line) > 0.3)


def _x_overlap(a: TextLine, b: TextLine) -> float:
    """Horizontal overlap as a share of the narrower line."""
    overlap = min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])
    return overlap / max(min(a.bbox[2] - a.bbox[0], b.bbox[2] - b.bbox[0]), 1.0)


_CJK_END = re.compile(r"[\u4e00-\u9fff]$")


def join_lines(texts: list[str]) -> str:
    """Join wrapped lines, undoing end-of-line hyphenation ("Sci-" + "ence") and without a space
    between two lines of Chinese."""
    parts: list[str] = []
    for text in texts:
        text = normalise(text).strip()
        if not text:
            continue
        previous = parts[-1] if parts else ""
        if previous.endswith("-") and previous[-2:-1].islower() and text[:1].islower():
            parts[-1] = previous[:-1] + text
        elif previous.endswith(("-", "/")) or _CJK_END.search(previous) and _CJK_CHAR.match(text[0]):
            parts[-1] = previous + text  # Chinese wraps between characters: no space to restore
        else:
            parts.append(text)
    return " ".join(parts)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # icon fonts (ORCID, envelope) and unmapped glyphs


_SPACING_ACCENT = re.compile("([\u02dc\u00b4\u00a8\u02c6\u02c7\u00b8\u02d8\u02da])\\s?([A-Za-z\u0131])")  # ı: TeX's \\'{\\i}
# a glyph a Chinese journal's font maps to a CJK code point inside Latin words ("Multi桘Dimensional",
# "Xiao桘huan"): one CJK character between two Latin letters is that font's hyphen
_CJK_IN_LATIN = re.compile("(?<=[A-Za-z])[\u4e00-\u9fff](?=[A-Za-z])")
_COMBINING = {"\u02dc": "\u0303", "\u00b4": "\u0301", "\u00a8": "\u0308", "\u02c6": "\u0302", "\u02c7": "\u030c",
              "\u00b8": "\u0327", "\u02d8": "\u0306", "\u02da": "\u030a"}


def normalise(text: str) -> str:
    """Ligatures, superscript digits, typographic quotes, dashes and spaces to plain forms;
    TeX's spacing accents joined to their letter ("Avenda˜no" -> "Avendaño", "Dion´ısio" ->
    "Dionísio"); a lone CJK glyph between Latin letters read as the hyphen it prints; icon glyphs
    from private-use code points dropped."""
    if not text.isascii():
        text = _SPACING_ACCENT.sub(lambda m: unicodedata.normalize(
            "NFC", m.group(2).replace("\u0131", "i") + _COMBINING[m.group(1)]), text)
        text = _CJK_IN_LATIN.sub("-", text)
    return _PRIVATE_USE.sub("", unicodedata.normalize("NFKC", text).translate(_PUNCT_FIX))


def _body_font_size(lines: list[TextLine]) -> float:
    """The font size that carries the most characters: the body text."""
    weight: dict[float, int] = {}
    for line in lines:
        key = round(line.size * 2) / 2
        weight[key] = weight.get(key, 0) + len(line.text)
    return max(weight, key=lambda k: weight[k]) if weight else 10.0


_BRACED_EMAILS = re.compile(r"\{([^{}@]{1,300})\}\s?@([\w\-]+(?:\.[\w\-]+)+)")


def find_emails(text: str) -> list[str]:
    """E-mail addresses, "{a,b}@x.org" expanded, in order, each once."""
    text = normalise(text)[:MAX_SENTENCE_CHARS * 10]
    found: list[str] = []
    for match in _BRACED_EMAILS.finditer(text):
        for name in match.group(1).split(","):
            if re.fullmatch(r"[\w.+\-]+", name.strip()):
                found.append(f"{name.strip()}@{match.group(2)}".lower())
    for match in _EMAIL.finditer(_BRACED_EMAILS.sub(" ", text)):
        found.append(match.group(0).strip(".,;").lower())
    return list(dict.fromkeys(found))[:MAX_EMAILS]


def _clip(text: str) -> str:
    return text[:MAX_CHARS]
