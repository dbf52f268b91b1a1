"""Funders in Korean funding statements. Korean journals print the wording the National Research
Foundation of Korea asks for: "이 논문은 2014년도 정부(미래창조과학부)의 재원으로 한국연구재단의 지원을 받아
수행된 기초연구사업임(NRF-...)" ("funded by the government (ministry) and supported by the NRF"): the
ministry in the brackets after 정부 ("government") and each body whose 의 ("of") support or funds it names."""
from __future__ import annotations

import re

_HANGUL = "\uac00-\ud7af"
# the ministry in brackets after "government": 정부(과학기술정보통신부)
_GOVERNMENT_BODY = re.compile(rf"정부\s*\(\s*([{_HANGUL}]{{2,30}})\s*\)")
# a body ending in an organisation word, then 의 ("of"): 한국연구재단의 (지원), 정보통신기술진흥센터의 (지원); the text
# layer may put a side column's lines between the name and 지원 ("support"), so 의 alone marks it
_SUPPORTING_BODY = re.compile(rf"(?<![{_HANGUL}])([{_HANGUL}]{{2,30}}(?:재단|센터|진흥원|연구원|위원회|부|청))\s*의(?![{_HANGUL}])")
# the Korean funding cue: 지원을 받아 ("with the support of"), 재원으로 ("with the funds of"), 지원으로, 지원에 의하여
KOREAN_FUNDING_CUE = r"지원(?:을|으로|에\s*의)|재원으로"


def korean_funders(sentence: str) -> list[str]:
    """The ministries and agencies a Korean funding sentence names, in printed order."""
    if not re.search(KOREAN_FUNDING_CUE, sentence):
        return []
    found = sorted([(m.start(1), m.group(1)) for m in _GOVERNMENT_BODY.finditer(sentence)]
                   + [(m.start(1), m.group(1)) for m in _SUPPORTING_BODY.finditer(sentence) if m.group(1) != "정부"])
    return list(dict.fromkeys(name for _, name in found))
