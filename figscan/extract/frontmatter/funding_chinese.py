"""Funders in Chinese funding statements (基金项目 lines, 本文得到...资助): the names ending in a funder word, and
Chinese running text that says 支持 ("support") with no fund named."""
from __future__ import annotations

import re

from figscan.extract.frontmatter.funding_text import _FUNDING_CUE
from figscan.extract.frontmatter.grants import find_grants

_CJK_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff“”]{1,59}")  # "国家“八六三”高技术项目"
_CJK_SPLIT = re.compile(r"[、，,和与及;；]")
_CJK_PREFIX = re.compile(r"^(?:本(?:文|研究|工作|项目|论文)?|受到?|得到|获得|感谢|由|该|了|的)+")
# the longest run ending in a funder word: "教育部教改课题" (a ministry's teaching-reform project), not "教育部"
_CJK_FUNDER = re.compile(r"^[\u4e00-\u9fff“”]{1,40}(?:基金会|基金|专项资金|资金|计划|专项|委员会|部|课题|项目)")  # 部: 科技部
_CJK_FUNDED_MARK = re.compile(r"(?:资助|支持|赞助)(?:项目|课题)?$|项目资助$")  # "湖南省自然科学基金资助项目"
_CJK_NOT_A_NAME = re.compile(r"^(?:基金|资助|项目|课题|科研)+$")  # the "基金项目" heading itself
_CJK_STATEMENT = re.compile(r"本(?:文|研究|工作|项目|论文)|得到了?|受到了?|获得了?|感谢")
_CJK_LINE_BREAK = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


_CJK_MONEY = re.compile(r"资助|基金|项目|计划|课题|专项|经费")


def chinese_support_only(sentence: str) -> bool:
    """支持 ("support") with no fund, project or grant named: Chinese running text ("基本支持技术"), not funding."""
    cues = {m.group(0) for m in _FUNDING_CUE.finditer(sentence)}
    return cues == {"支持"} and not _CJK_MONEY.search(sentence) and not find_grants(sentence)


def chinese_funders(sentence: str) -> list[str]:
    found = []
    for run in _CJK_RUN.findall(_CJK_LINE_BREAK.sub("", sentence)):
        for chunk in _CJK_SPLIT.split(run):
            chunk = _CJK_PREFIX.sub("", _CJK_STATEMENT.split(chunk)[-1])
            match = _CJK_FUNDER.match(_CJK_FUNDED_MARK.sub("", chunk))
            while match and match.group(0).endswith(("项目", "课题")) and _CJK_FUNDER.match(match.group(0)[:-2]) \
                    and match.group(0)[:-2].endswith(("基金", "计划")):
                match = _CJK_FUNDER.match(match.group(0)[:-2])  # "国家自然科学基金项目": the foundation
            if (match and len(match.group(0)) >= (3 if match.group(0).endswith("部") else 4)
                    and not _CJK_NOT_A_NAME.match(match.group(0))):
                found.append(match.group(0))
    return found
