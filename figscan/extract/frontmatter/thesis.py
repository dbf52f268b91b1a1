"""A thesis's cover and title pages: what is set large there but is no title (the degree label
"本科生毕业设计(论文)", "MASTER THESIS FOR PROFESSIONAL DEGREE", the university's name) and
where the title is written instead (the value of a "题目" / "Title:" field).

A Chinese thesis prints its degree label in the largest type on the cover, the university's
name above it and the title as a field among the candidate's name, school and supervisor; its
English title follows on an English title page or over the English abstract (see
english_title.py).
"""
from __future__ import annotations

import re

from figscan.extract.frontmatter.text import TextLine, normalise

_CJK_BRACKETS = "()（）[]【】"
# "本科生毕业设计(论文)", "专业学位硕士学位论文", "硕士学位论文 中期报告", "学 位 论 文": the kind of document
_CHINESE_DEGREE_LABEL = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:学位论文|毕业论文|毕业设计[(（\[【]?(?:论文)?[)）\]】]?|论文)?"
    r"(?:中期报告|开题报告|中期检查报告)?")
_DEGREE_WORDS = re.compile(r"学位论文|毕业论文|毕业设计|[硕博学]士论文|中期报告|开题报告|中期检查报告")
_ENGLISH_DEGREE_LABEL = re.compile(
    r"(?:an?\s+)?(?:(?:master|doctoral|doctor|bachelor|ph\.?\s?d\.?|undergraduate|graduate|senior|honou?rs)(?:'s)?\s+)?"
    r"(?:thesis|dissertation|graduation (?:project|thesis))(?:\s+for\s+(?:the\s+)?(?:professional\s+)?degree"
    r"(?:\s+of\s+[a-z ]{3,40})?)?", re.IGNORECASE)
MAX_LABEL_CHARS = 20  # a degree label is short; a Chinese title that names a thesis is longer


def is_degree_label(text: str) -> bool:
    """The kind of document a thesis cover names in its largest type, not its title."""
    plain = "".join(normalise(text).split())
    if _DEGREE_WORDS.search(plain) and len(plain) <= MAX_LABEL_CHARS:
        return bool(_CHINESE_DEGREE_LABEL.fullmatch(plain.strip(_CJK_BRACKETS + ":：")))
    return bool(_ENGLISH_DEGREE_LABEL.fullmatch(" ".join(normalise(text).split()).strip(" .:")))


def degree_label_bottom(lines: list[TextLine]) -> float:
    """The bottom of a thesis cover's degree label (0 when the page prints none): what is set
    above it (the university, the label) is no author and no affiliation."""
    return max((l.bbox[3] for l in lines if is_degree_label(l.text)), default=0.0)


_CHINESE_ISSUER = re.compile(r"[\u4e00-\u9fff]{2,12}(?:大学|学院|研究院|研究所)")


def is_chinese_issuer(text: str) -> bool:
    """A university's or institute's name alone ("电子科技大学"), set large on a thesis cover."""
    return bool(_CHINESE_ISSUER.fullmatch("".join(normalise(text).split())))


# "论文题目：", "设计（论文）题目：", "题 目", "Title:", "Thesis title:": the label of a title field
_TITLE_FIELD = re.compile(r"^\s*(?:[\u4e00-\u9fff（）()]{0,8}题\s*目\s*[:：]?|(?:thesis\s+|dissertation\s+)?title\s*[:：])\s*",
                          re.IGNORECASE)


def without_title_label(text: str) -> str:
    """A title without the field label printed before it on the same line ("论文题目：X" -> "X")."""
    stripped = _TITLE_FIELD.sub("", text, count=1) if _TITLE_FIELD.match(text) else text
    return stripped if len(stripped.strip()) >= 2 else text


def is_title_label(text: str) -> bool:
    """A line that is a title field's label and nothing more ("设计（论文）题目：")."""
    match = _TITLE_FIELD.match(text)
    return match is not None and not text[match.end():].strip()


LABEL_ROW_SLACK = 0.5  # font sizes: a value's top may sit this far above its label's


def field_value(label: TextLine, lines: list[TextLine]) -> list[TextLine]:
    """The lines of a field's value: the label's own line when the value follows on it, and the
    lines that start where the value starts, from the label's row down to the row of the next
    label (a line that starts left of the value), top to bottom."""
    match = _TITLE_FIELD.match(label.text)
    label_chars = match.end() if match else len(label.text)
    width = label.bbox[2] - label.bbox[0]
    value_x = label.bbox[0] + width * label_chars / max(len(label.text), 1)  # where the value starts
    ordered = sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0]))
    next_label = next((l.bbox[1] for l in ordered if l is not label and l.bbox[1] > label.bbox[1] + 1
                       and l.bbox[0] < value_x - label.size), float("inf"))
    value = [l for l in ordered if l is not label and l.bbox[0] >= value_x - label.size
             and l.bbox[1] >= label.bbox[1] - LABEL_ROW_SLACK * label.size
             and (l.bbox[1] + l.bbox[3]) / 2 < next_label]
    return value if is_title_label(label.text) else [label] + [l for l in value if l.bbox[1] > label.bbox[1] + 1]


MAX_FIELD_LINES = 4


def title_field(lines: list[TextLine]) -> list[TextLine]:
    """A thesis cover's title field, whatever its type size (a cover may set it no larger than
    the candidate's name): the line that carries the label and its value, or the value's lines
    right of a label alone; [] when the page is no thesis cover (no degree label) or has none."""
    if not any(is_degree_label(l.text) for l in lines):
        return []
    label = next((l for l in sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0])) if _TITLE_FIELD.match(l.text)), None)
    if label is None:
        return []
    return field_value(label, lines)[:MAX_FIELD_LINES]


# the labels of a thesis cover's fields that name its supervisor, degree or defence, at a line's start
# (an author note's "教授、博士生导师" names a supervisor too, but is no field)
_THESIS_FIELD = re.compile(r"^(?:指导(?:教师|老师)|导师|申请学位|学位类别|学位级别|答辩|学位授予|supervisor|advisor|"
                           r"degreeapplied)", re.IGNORECASE)


def is_thesis_cover(lines: list[TextLine]) -> bool:
    """A thesis's cover or title page: a degree label, or a field naming its supervisor or degree."""
    return any(is_degree_label(l.text) or _THESIS_FIELD.match("".join(l.text.split())) for l in lines)
