"""A learned title chooser, an experiment kept with its training script: the first page's line
groups scored by a small ranker trained on the front-matter tuning sets
(training/train_title_ranker.py, weights would go to figscan/data/title_ranker.json).

Candidates are runs of consecutive lines set in one size and weight (a title, a banner, an
author line, a university's name on a thesis cover), a run joined with the smaller run under it
(title and subtitle), the rules' title and the metadata title. Each is described by its layout
(size against the body and the page's largest, weight, position, centring, width) and its words
(case, digits, the words of banners, addresses and theses); the ranker scores every candidate and
the best one above the model's threshold is the title. Runtime needs numpy only: the model is a
list of regression trees (gradient boosting) stored as arrays.

Not wired into parse_front_matter: grouped cross-validation on the tuning sets
(benchmarks/title_ranker_cv.md) found it no better than the rules (0.961 against 0.957 out of
fold, the brief asked for +0.03), so no model ships and `load_model` returns None. The training
script writes data/title_ranker.json only when a run passes that test.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from figscan.extract.frontmatter.layout import _FRONT_STOP, _TITLE_NOISE
from figscan.extract.frontmatter.text import _EMAIL, _INSTITUTION, join_lines, normalise
from figscan.model import PageText, TextLine

MODEL_PATH = Path(__file__).resolve().parents[1] / "figscan" / "data" / "title_ranker.json"  # where it would ship
MAX_RUN_LINES = 6  # a title wraps over at most this many lines; longer runs are prose, cut to this
RUN_GAP = 1.6  # font sizes: the widest gap between two lines of one run
SIZE_SPREAD = 0.06  # of the size: a scan's text layer sizes one title's lines this far apart
MAX_CANDIDATES = 200  # per page, top first: every page is hostile input
LOWEST_TOP = 0.8  # of the page height: runs that start lower are not considered
AGREES = 90  # rapidfuzz ratio of the plain texts at which two titles are the same

_JOURNAL = re.compile(r"journal|\bvol\b|volume|\bno\.|issue|\bpp\b|doi|issn|©|copyright|https?:|www\.|"
                      r"proceedings|conference|transactions|letters|press|elsevier|springer|wiley|ieee|"
                      r"received|accepted|published|available online|citation|arxiv", re.IGNORECASE)
_THESIS = re.compile(r"thesis|dissertation|submitted|degree|fulfil+ment|master|doctor|bachelor|"
                     r"supervisor|advisor|committee|candidate|presented|学位|论文", re.IGNORECASE)
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
                   re.IGNORECASE)
_SECTION = re.compile(r"^(?:research|review|original|article|paper|letter|communication|technical note|"
                      r"short communication|full length article|regular article)s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class TitleScene:
    """What the title is chosen from: the paper's first page as the parser picked it, its header
    lines (line numbers, running heads set aside), a repository cover page before it, and the
    rules' and the metadata's titles."""
    page: PageText
    lines: list[TextLine]
    body_size: float
    banner_bottom: float
    cover_lines: list[TextLine]
    cover_height: float
    rule_title: str
    metadata_title: str


@dataclass(frozen=True)
class Candidate:
    text: str
    features: list[float]


FEATURES = [
    "size_to_body", "size_to_largest", "size_rank", "bold", "top", "bottom", "centre_offset", "width_share",
    "lines", "log_words", "log_chars", "capitalised_share", "upper_share", "digit_share", "punct_share",
    "journal_words", "institution_words", "thesis_words", "date_words", "email", "noise", "front_stop",
    "section_label", "prose", "reads_as_names", "chinese", "on_cover", "run_order", "below_banner",
    "author_below", "author_gap", "larger_above", "agrees_rule", "agrees_metadata", "metadata_inside",
    "rule_only", "metadata_only", "joined_subtitle", "no_rule_title", "gap_above", "gap_below", "whole_run",
]


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", normalise(text).lower()).split())


def _runs(lines: list[TextLine], height: float) -> list[list[TextLine]]:
    """Consecutive lines (top to bottom) of one size and weight, close together."""
    ordered = sorted((l for l in lines if l.bbox[1] < LOWEST_TOP * height and l.text.strip()),
                     key=lambda l: (round(l.bbox[1]), l.bbox[0]))
    runs: list[list[TextLine]] = []
    for line in ordered:
        last = runs[-1][-1] if runs else None
        if (last is not None and len(runs[-1]) < MAX_RUN_LINES and last.bold == line.bold
                and abs(last.size - line.size) <= max(0.6, SIZE_SPREAD * line.size)
                and line.bbox[1] - last.bbox[3] <= RUN_GAP * max(line.size, 1.0)):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _names(text: str) -> bool:
    from figscan.extract.frontmatter.authors import _author_names  # authors reads names, not the layout

    return bool(_author_names(text, set()))


def _layout_features(run: list[TextLine], before: TextLine | None, after: TextLine | None, page: _Page,
                     order: int, whole: bool) -> dict[str, float]:
    size = max(l.size for l in run)
    top, bottom = min(l.bbox[1] for l in run), max(l.bbox[3] for l in run)
    x0, x1 = min(l.bbox[0] for l in run), max(l.bbox[2] for l in run)
    width = max(page.right - page.left, 1.0)
    author = next((i for i in range(order + 1, min(order + 6, len(page.runs))) if page.names[i]), None)
    return {
        "size_to_body": size / max(page.body, 1.0), "size_to_largest": size / max(page.largest, 1.0),
        "size_rank": float(min(sum(1 for s in page.sizes if s > size + 0.3), 6)),
        "bold": float(all(l.bold for l in run)), "top": top / page.height, "bottom": bottom / page.height,
        "centre_offset": abs((x0 + x1) / 2 - (page.left + page.right) / 2) / width, "width_share": (x1 - x0) / width,
        "lines": float(len(run)), "on_cover": float(page.on_cover), "run_order": float(min(order, 20)),
        "below_banner": float(top >= page.banner_bottom - 1), "author_below": float(author is not None),
        "author_gap": ((page.runs[author][0].bbox[1] - bottom) / page.height) if author is not None else 1.0,
        "larger_above": float(sum(1 for r in page.runs[:order] if max(l.size for l in r) > size + 0.3)),
        "gap_above": min((top - before.bbox[3]) / max(size, 1.0), 10.0) if before else 10.0,
        "gap_below": min((after.bbox[1] - bottom) / max(size, 1.0), 10.0) if after else 10.0,
        "whole_run": float(whole),
    }


@dataclass(frozen=True)
class _Page:
    """One page's runs and the measures every candidate on it is compared with."""
    runs: list[list[TextLine]]
    names: list[bool]  # each run reads as a list of names
    height: float
    body: float
    largest: float
    sizes: list[float]
    left: float
    right: float
    banner_bottom: float
    on_cover: bool


def _page_candidates(lines: list[TextLine], height: float, body: float, banner_bottom: float,
                     on_cover: bool) -> list[tuple[list[str], dict[str, float]]]:
    """Every stretch of up to MAX_RUN_LINES lines inside a run (a run can hold a banner line and
    the title under it), and each whole run joined with the smaller run under it."""
    runs = _runs(lines, height)
    if not runs:
        return []
    kept = [l for r in runs for l in r]
    page = _Page(runs, [any(_line_counts(normalise(l.text))[-1] for l in r) for r in runs], height, body, max(l.size for l in kept),
                 sorted({round(l.size, 1) for l in kept}, reverse=True), min(l.bbox[0] for l in lines),
                 max(l.bbox[2] for l in lines), banner_bottom, on_cover)
    flat = [(order, line) for order, run in enumerate(runs) for line in run]
    found = []
    start = 0
    for order, run in enumerate(runs):
        for i in range(len(run)):
            for j in range(i, len(run)):
                before = flat[start + i - 1][1] if start + i > 0 else None
                after = flat[start + j + 1][1] if start + j + 1 < len(flat) else None
                layout = _layout_features(run[i:j + 1], before, after, page, order, i == 0 and j == len(run) - 1)
                found.append(([normalise(l.text) for l in run[i:j + 1]], {**layout, "joined_subtitle": 0.0}))
        following = runs[order + 1] if order + 1 < len(runs) else None
        if (following and max(l.size for l in following) < max(l.size for l in run) - 0.3
                and following[0].bbox[1] - run[-1].bbox[3] <= RUN_GAP * following[0].size):
            after = flat[start + len(run) + len(following)][1] if start + len(run) + len(following) < len(flat) else None
            layout = _layout_features(run + following, flat[start - 1][1] if start else None, after, page, order, True)
            found.append(([normalise(l.text) for l in run + following],
                          {**layout, "lines": float(len(run) + len(following)), "joined_subtitle": 1.0}))
        start += len(run)
        if len(found) >= MAX_CANDIDATES:
            break
    return found[:MAX_CANDIDATES]


_COUNTED = ("words", "chars", "capitalised", "lower_words", "upper", "letters", "cjk", "digits", "punct",
            "journal_words", "institution_words", "thesis_words", "date_words", "email", "noise", "names")


@lru_cache(maxsize=4096)
def _line_counts(text: str) -> tuple[int, ...]:
    """A line's counts (_COUNTED order), summed over a candidate's lines: each line is read once."""
    words = text.split()
    return (len(words), len(text), sum(w[:1].isupper() for w in words), sum(w[:1].islower() for w in words),
            len(_UPPER.findall(text)), len(_LETTER.findall(text)), len(_CJK.findall(text)), len(_DIGIT.findall(text)),
            len(_PUNCT.findall(text)),
            len(_JOURNAL.findall(text)), len(_INSTITUTION.findall(text)), len(_THESIS.findall(text)),
            len(_DATE.findall(text)), int(bool(_EMAIL.search(text))), int(bool(_TITLE_NOISE.search(text))),
            int(_names(text)))


_UPPER, _LETTER, _CJK, _DIGIT, _PUNCT = (re.compile(r"[A-Z]"), re.compile(r"[^\W\d_]"), re.compile(r"[\u4e00-\u9fff]"),
                                         re.compile(r"\d"), re.compile(r"[^\w\s]"))
PROSE_WORDS, PROSE_LOWER_SHARE = 8, 0.45  # a line of running text: this many words, this share lower-case (layout._is_prose)


def _text_features(texts: list[str], scene: TitleScene) -> dict[str, float]:
    """Word and character measures of a candidate printed as `texts` (its lines)."""
    counts = dict(zip(_COUNTED, (sum(c) for c in zip(*(_line_counts(t) for t in texts)))))
    text = join_lines(texts)
    plain, rule, meta = _plain(text), _plain(scene.rule_title), _plain(scene.metadata_title)
    return {
        "log_words": math.log1p(counts["words"]), "log_chars": math.log1p(counts["chars"]),
        "capitalised_share": counts["capitalised"] / max(counts["words"], 1),
        "upper_share": counts["upper"] / max(counts["letters"], 1),
        "digit_share": counts["digits"] / max(counts["chars"], 1), "punct_share": counts["punct"] / max(counts["chars"], 1),
        **{k: float(counts[k]) for k in ("journal_words", "institution_words", "thesis_words", "date_words")},
        "email": float(counts["email"] > 0), "noise": float(counts["noise"] > 0),
        "reads_as_names": counts["names"] / len(texts),
        "front_stop": float(bool(_FRONT_STOP.match(text.strip()))), "section_label": float(bool(_SECTION.match(text.strip()))),
        "prose": float(counts["words"] >= PROSE_WORDS and counts["lower_words"] > PROSE_LOWER_SHARE * counts["words"]
                       and not counts["institution_words"]),
        "chinese": float(counts["cjk"] >= 0.5 * max(counts["letters"], 1)),
        "agrees_rule": float(bool(rule) and fuzz.ratio(plain, rule) >= AGREES),
        "agrees_metadata": float(bool(meta) and fuzz.ratio(plain, meta) >= AGREES),
        "metadata_inside": float(bool(meta) and len(plain) >= 8 and fuzz.partial_ratio(plain, meta) >= AGREES),
        "no_rule_title": float(not rule),
    }


def title_candidates(scene: TitleScene) -> list[Candidate]:
    """Every title the page could print, each with its feature vector (FEATURES order)."""
    found = _page_candidates(scene.lines, scene.page.height, scene.body_size, scene.banner_bottom, False)
    if scene.cover_lines:
        found += _page_candidates(scene.cover_lines, scene.cover_height, scene.body_size, 0.0, True)
    blank = {name: 0.0 for name in FEATURES}
    candidates = []
    for texts, layout in found:
        text = join_lines(texts)
        if len(text.strip()) < 2:
            continue
        values = {**blank, **layout, **_text_features(texts, scene)}
        candidates.append(Candidate(text, [values[name] for name in FEATURES]))
    for text, flag, agree in ((scene.rule_title, "rule_only", "agrees_rule"),
                              (scene.metadata_title, "metadata_only", "agrees_metadata")):
        if text.strip() and not any(c.features[FEATURES.index(agree)] for c in candidates):
            values = {**blank, "size_to_body": 1.0, "size_to_largest": 1.0, "author_gap": 1.0,
                      **_text_features([text], scene), flag: 1.0}
            candidates.append(Candidate(text, [values[name] for name in FEATURES]))
    return candidates


@dataclass(frozen=True)
class TreeEnsemble:
    """Gradient-boosted regression trees on the log-odds scale (scikit-learn's, exported)."""
    base: float
    rate: float
    feature: np.ndarray  # trees x nodes, -1 at leaves
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    min_score: float  # below it the ranker has no title and the rules decide
    features: list[str]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Log-odds that each row is the title."""
        total = np.full(len(rows), self.base)
        index = np.arange(len(rows))
        for tree in range(self.feature.shape[0]):
            node = np.zeros(len(rows), dtype=int)
            for _ in range(self.feature.shape[1]):
                feature = self.feature[tree, node]
                inner = feature >= 0
                if not inner.any():
                    break
                go_left = rows[index, np.maximum(feature, 0)] <= self.threshold[tree, node]
                node = np.where(inner, np.where(go_left, self.left[tree, node], self.right[tree, node]), node)
            total += self.rate * self.value[tree, node]
        return total


def model_from_json(data: dict) -> TreeEnsemble:
    return TreeEnsemble(base=float(data["base"]), rate=float(data["rate"]),
                        feature=np.array(data["feature"], dtype=int), threshold=np.array(data["threshold"], dtype=float),
                        left=np.array(data["left"], dtype=int), right=np.array(data["right"], dtype=int),
                        value=np.array(data["value"], dtype=float), min_score=float(data["min_score"]),
                        features=list(data["features"]))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> TreeEnsemble | None:
    """The shipped model, or None when there is none or it was trained on other features."""
    if not path.exists():
        return None
    model = model_from_json(json.loads(path.read_text(encoding="utf-8")))
    return model if model.features == FEATURES else None


def ranked_title(scene: TitleScene, model: TreeEnsemble | None = None) -> str:
    """The ranker's best candidate when it clears the model's threshold, else the rules' title."""
    model = model or load_model()
    candidates = title_candidates(scene)
    if model is None or not candidates:
        return scene.rule_title
    scores = model.scores(np.array([c.features for c in candidates], dtype=float))
    best = int(np.argmax(scores))
    return candidates[best].text if scores[best] >= model.min_score else scene.rule_title
