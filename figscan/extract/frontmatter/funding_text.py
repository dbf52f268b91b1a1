"""Where funding statements are on a page: their cues and headings, and their paragraphs joined
back where the text layer breaks them (justified lines given word by word, line numbers, a
sentence cut by a column or a page break)."""
from __future__ import annotations

import re
from dataclasses import replace

from figscan.extract.frontmatter.funding_korean import KOREAN_FUNDING_CUE
from figscan.extract.frontmatter.grants import find_grants
from figscan.extract.frontmatter.text import MAX_LINES_PER_PAGE, join_lines, paragraphs
from figscan.model import PageText, TextLine

_FUNDING_HEADING = re.compile(
    r"^\s*(?:\d{1,2}\.?\s*)?(?:acknowledge?ments?|funding(?: information| sources?| statement)?|"
    r"financial (?:support|disclosure)|致谢|基金项目)\s*[:.\-]?\s*",
    re.IGNORECASE)
_FUNDING_CUE = re.compile(
    r"\b(?:support(?:ed)?\s+(?:in\s+part\s+|partly\s+|partially\s+|financially\s+)?(?:by|from|through|under)|"
    r"(?:acknowledge?s?|with|thank\w*(?:\s+for)?|gratitude\s+for)\s+(?:the\s+)?(?:generous\s+|financial\s+)?supports?\s+(?:of|from)|"
    r"funded|funding|sponsored|financed|(?-i:grants?|(?:Grants?|Contract)\s+(?:No|Number|#))|fellowship|"
    r"under\s+(?:an?\s+)?(?:\w+\s+){0,2}contract|grant agreement|financial(?:ly)? support|scholarship|support\s+(?:was|were|has been)\s+provided|"
    r"provided\s+(?:financial\s+)?support)\b|资助|基金|支持(?!向量)|"  # not 支持向量机, a support vector machine
    rf"{KOREAN_FUNDING_CUE}",
    re.IGNORECASE)
_FUNDER_HEAD = re.compile(
    r"\b(?:foundations?|funds?|councils?|agency|programs?|programmes?|ministry|office|administration|"
    r"department|commission|academy|laborator(?:y|ies)|labs?|network|hospital|trust|corporation|company|inc\.?|ltd\.?|"
    r"cent(?:er|re)|institutes?|university|project|plan|initiative|authority|bureau|services?|"
    r"society|organi[sz]ation|association|board|directorate|command|navy|army|air force|"
    r"endowment|consortium|scheme|government|comunidad|generalitat|junta|regione|award|professorship|undertaking|"
    r"technologies|gmbh|chair|stiftung|fonds|institut|universit[éàä]t?|universidad|universidade|région)\b|\w+(?:gemeinschaft|stiftung|fonds)\b|\b(?:fondation|fondazione|"
    r"fundaci[oó]n|funda[cç][aã]o|agence|agencia|ministerio|minist[eè]re)\b",
    re.IGNORECASE)
_PAGE_HINT = re.compile(r"support|fund|grant|financ|ﬁnanc|sponsor|fellowship|scholarship|acknowledg|contract|"
                        rf"资助|基金|支持|致谢|{KOREAN_FUNDING_CUE}", re.IGNORECASE)  # a superset of the cues, on raw page text
_OTHER_SECTIONS = (r"references|bibliography|appendix|authors?'?s?'? contributions?|conflicts? of interest|"
                   r"competing interests?|declaration|data availability")
_SECTION_HEADING = re.compile(rf"^\s*(?:\d{{1,2}}\.?\s*)?(?:{_OTHER_SECTIONS})\b", re.IGNORECASE)
# the same headings run in ("... Space Technology Research Grants Program. Competing interests: ..."): the funding ends
_RUN_IN_SECTION = re.compile(rf"(?<=[.;])\s+(?:{_OTHER_SECTIONS})\s*:", re.IGNORECASE)
# who did what ("Author Contribution Funding for this study was acquired by LSH. GLK and LSH ..."): initials, not
# funders; a run-in funding heading after it ("... wrote the paper. Funding: This work ...") starts the statement
_CONTRIBUTIONS = re.compile(r"^\s*(?:\d{1,2}\.?\s*)?(?:authors?'?s?'?\s+contributions?|contributions|CRediT)\b",
                            re.IGNORECASE)
_RUN_IN_FUNDING = re.compile(r"(?<=[.;])\s+(?=(?i:funding|acknowledge?ments?|financial support)\s*(?:[:：]|[A-Z]))")
# an author's biography at the end of a journal paper ("MARYAM HAROUTUNIAN received the B.Sc. degree ...",
# "Panagiota Bougia was born in ..."): the funding it names paid for the author's earlier work, not this paper
_BIOGRAPHY = re.compile(r"^\W*(?!(?:We|I|The|This|Our|These|All|Authors?|Funding)\b)(?:[A-Z][\w.'\-]*\s+){1,5}"
                        r"(?:\([^()]{1,40}\)\s*)?(?:received\s+(?:the|his|her|a)\b|"
                        r"was born\b|(?:is|was)\s+(?:currently\s+|now\s+)?(?:an?|the)\s+(?:[\w-]+\s+){0,2}"
                        r"(?i:professor|lecturer|researcher|student|engineer|scientist|fellow|candidate|postdoc))")


def _joined_paragraphs(page: PageText) -> list[str]:
    """The page's paragraphs as text, a funding paragraph that stops mid-sentence joined to the next
    one ("Funding was provided by NSF Plant Genome Research" / "Project 1238014 and the USDA ..."), or,
    when the next one does not go on with it, to its rest at the top of the next column."""
    lines = [l for l in page.lines[:MAX_LINES_PER_PAGE] if not _LINE_NUMBER.fullmatch(l.text.strip())]
    paras = paragraphs(_whole_lines(lines))
    texts = [join_lines([l.text for l in para]) for para in paras]
    out: dict[int, str] = {}  # paragraph index -> its text, joined ones under their first paragraph's index
    pending, pending_at = "", -1
    for index, text in enumerate(texts):
        if pending:
            if re.search(r"[a-z]-$", pending) and text[:1].islower():
                text = pending[:-1] + text  # "the Spe-" / "cial Project for Innovation ..."
            elif ((_CONTINUES.match(text) or _OPEN_END.search(pending) or _wraps(paras[index - 1][-1], paras[index][0], lines))
                  and not (_SECTION_HEADING.match(text) or _NEW_BLOCK.match(text) or _FUNDING_HEADING.match(text))):
                text = pending + " " + text
            else:
                out[pending_at] = _with_rest_in_next_column(pending, pending_at, paras, texts, out)
            pending = ""
        heading = _FUNDING_HEADING.match(text)
        if (_FUNDING_CUE.search(text) and not (heading and len(text) - heading.end() < 3)
                and not _ENDS_SENTENCE.search(text)):
            pending, pending_at = text, index
            continue
        out[index] = text
    if pending:
        out[pending_at] = _with_rest_in_next_column(pending, pending_at, paras, texts, out)
    return [piece for _, text in sorted(out.items()) if text
            for piece in _INLINE_LABEL.split(_SPLIT_SUFFIX.sub("", text)) if piece.strip()]


_SPLIT_SUFFIX = re.compile(r"(?<=[a-z]{4})-(?=ed\b)")  # "This work was support-ed by": one word
# a draft's line numbers ("649", "650"): no grant number has fewer than five characters
_LINE_NUMBER = re.compile(r"\d{1,4}")
# a Chinese journal's footnote runs its lines together: "收稿日期: ... 基金项目: ... Supported by: ..."; each label
# starts a statement of its own
_INLINE_LABEL = re.compile(r"(?<=\S)\s*(?=基金项目\s*[:：]|\b(?:Supported by|Foundation items?|Fund(?:ing|ed) by)\s*[:：])")


def _wraps(last: TextLine, first: TextLine, lines: list[TextLine]) -> bool:
    """A line that reaches the right edge of its column wraps onto the line under it, whatever that starts
    with ("... funded by Defense Acquisition" / "Program Administration under Grant UD200046CD.")."""
    column = [l for l in lines if l.bbox[0] < last.bbox[2] and l.bbox[2] > last.bbox[0]]
    left, right = min(l.bbox[0] for l in column), max(l.bbox[2] for l in column)
    return (last.bbox[2] >= right - WRAP_SLACK * (right - left) and first.bbox[1] > last.bbox[1]
            and first.bbox[0] < last.bbox[2] and first.bbox[2] > left)


WRAP_SLACK = 0.03  # a justified line ends at the column's right edge; a ragged one within a few characters of it


def funding_paragraphs(pages: list[PageText]) -> list[tuple[int, list[str]]]:
    """Each page's paragraphs (pages without a funding word left out), a funding sentence cut by the
    page break joined to its rest, the first paragraph of the next page ("... funded partly by the X
    Award to DM and" / "Ministry of Education Academic Research Fund Tier 2 Grant ...")."""
    out: list[tuple[int, list[str]]] = []
    for page in pages:
        previous = out[-1][1] if out and out[-1][0] == page.number - 1 and out[-1][1] else []
        # the statement is the previous page's last paragraph but for its running foot, printed on this page too
        # ("Frontiers in Genetics | www.frontiersin.org"), and its page number
        page_words = " ".join(page.text.split()) if previous else ""
        last = next((i for i in range(len(previous) - 1, -1, -1) if not previous[i].strip().isdigit()
                     and not (sum(c.isalnum() for c in previous[i]) >= 4 and not _FUNDING_CUE.search(previous[i])
                              and " ".join(previous[i].split()) in page_words)), None)
        # a statement that stops after a bracket of grants goes on when the next page starts in lower case
        # ("... China (Nos. 81830053, 61972084)" / "and the Key Research & Development Program ...")
        after_bracket = last is not None and bool(_FUNDING_CUE.search(previous[last])) and previous[last].endswith(")")
        unfinished = last is not None and (_unfinished(previous[last]) or after_bracket)
        if not (unfinished or _PAGE_HINT.search(page.text)):
            continue  # most pages name no funding at all: skip building their paragraphs
        texts = _joined_paragraphs(page)
        # the rest is the first paragraph under the running head (a line both pages print) or page number
        rest = next((i for i, text in enumerate(texts) if text not in previous and not text.strip().isdigit()), None
                    ) if unfinished else None
        if rest is not None and last is not None and not (_SECTION_HEADING.match(texts[rest]) or _NEW_BLOCK.match(texts[rest])
                                     or _FUNDING_HEADING.match(texts[rest])) and (
                _unfinished(previous[last]) or texts[rest][:1].islower()):
            previous[last] += " " + texts.pop(rest)
        out.append((page.number, texts))
    return out


def _unfinished(text: str) -> bool:
    heading = _FUNDING_HEADING.match(text)
    return (bool(_FUNDING_CUE.search(text)) and not (heading and len(text) - heading.end() < 3)
            and not _ENDS_SENTENCE.search(text))


def _with_rest_in_next_column(text: str, index: int, paras: list, texts: list[str], out: dict[int, str]) -> str:
    """An unfinished funding paragraph at the foot of a column goes on at the top of the next one, which
    the page's top-to-bottom order put before it: the highest paragraph right of it that names a funder or a
    grant and starts in lower case, or in capitals after a word that needs more ("... Institut National de la
    Santé et de la" / "Recherche Médicale (INSERM), ...")."""
    last = paras[index][-1]
    for other, rest in sorted(enumerate(texts), key=lambda item: paras[item[0]][0].bbox[1]):
        first = paras[other][0]
        if (out.get(other) == rest and first.bbox[0] > last.bbox[2] - 5 and first.bbox[1] < last.bbox[1]
                and (rest[:1].islower() or _OPEN_END.search(text)) and (find_grants(rest) or _FUNDER_HEAD.search(rest))):
            out[other] = ""  # read once, as the statement's rest
            return text + " " + rest
    return text


def _whole_lines(lines: list[TextLine]) -> list[TextLine]:
    """Words of one justified line that the text layer gave as separate lines ("Province", "(Grant",
    "No.", "2023B1515020080),", "the"), joined back: a run of lines on one baseline, in reading order, that
    fits within the width of the line before or after it (so the two columns' lines never join)."""
    runs: list[list[TextLine]] = []
    for line in lines:
        last = runs[-1][-1] if runs else None
        if (last and abs(line.bbox[3] - last.bbox[3]) < 0.25 * max(line.size, 1.0)
                and abs(line.size - last.size) < 0.5 and line.bbox[0] > last.bbox[2]):
            runs[-1].append(line)
        else:
            runs.append([line])
    spans = [(run[0].bbox[0], run[-1].bbox[2]) for run in runs]
    out: list[TextLine] = []
    for index, run in enumerate(runs):
        neighbours = spans[max(0, index - 1):index] + spans[index + 1:index + 2]
        if len(run) > 1 and any(x0 - 3 <= spans[index][0] and spans[index][1] <= x1 + 3 for x0, x1 in neighbours):
            out.append(replace(run[0], bbox=(run[0].bbox[0], min(l.bbox[1] for l in run), run[-1].bbox[2],
                                             max(l.bbox[3] for l in run)),
                               text=" ".join(l.text for l in run)))
        else:
            out.extend(run)
    return out


_NEW_BLOCK = re.compile(r"^\s*(?:[A-Z]{4,}\b|\[\d+\]|\d+(?:\.\d+)*\.?\s+[A-Z]|(?:Fig|Table)\b|"
                        r"[一二三四五六七八九十]+\s*[、.]|第[一二三四五六七八九十\d]+|关键[词字]|摘\s*要|作者简介|引\s*言|"
                        r"中图分类号|文献标[识志]码|图\s*\d|表\s*\d)")  # a heading, a reference, a caption
# where a funding note ends: a Chinese header's author notes follow its 基金项目 line; a first-page footnote's
# next note starts with its marker ("... Grant No. 2021YFA0716603 1The authors are with ...")
_NEXT_NOTE_START = re.compile(r"作者简介|通信作者|通讯作者|(?<=\s)\d{1,2}(?=[A-Z][a-z]{2,}\b)|"
                          r"©|c\u20dd")  # the copyright line under a footnote ("c⃝Shanghai University 2026")
_CONTINUES = re.compile(r"[a-z\d(]|[\u4e00-\u9fff]")  # a sentence's rest starts in lower case, or is Chinese
_ENDS_SENTENCE = re.compile(r"(?:(?<!\b[Nn]o)(?<!\b[Nn]os)\.|[!?。;；:：)）])[^\w,，、]*$")  # not "(No. 2021YFB1714200),"
# nor "(No. 51278274, No.": a list goes on
# a line that stops on a word that needs more ("..., and the" / "Tsinghua University-Glodon Joint ..."): the next line goes on
_OPEN_END = re.compile(r"(?:\b(?:and|the|of|for|by|from|to|under|with|de|la|du|des|et|di|del|della|für|und)|[,(&])\s*$")
