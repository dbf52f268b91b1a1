"""A learned labeller of the header page's lines (issue 26): title, author, affiliation or other.

Seven rounds of layout rules fitted to the batch in hand moved each new batch little; this model,
trained on every tuning paper's header page (training/train_line_labeller.py, weak labels from the
truth files), fills the gaps the rules leave. It never replaces what the rules read:
- affiliations: runs of lines it labels affiliation with high probability that no affiliation of
  the rules already holds are split by the parser's own affiliation reader and added (their
  countries with them);
- authors: the names on its author lines, when the rules found none;
- title: its title lines, when the rules give none or one of fewer than MIN_TITLE_WORDS words.
It is off unless figscan/data/frontmatter.toml sets line_labeller = true. The model is a set of
gradient-boosted trees stored as arrays (figscan/data/line_labeller.json), so a scan needs no
scikit-learn. The features read the lines the parser reads (`header_page`'s merged lines).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from figscan.extract.frontmatter.address import NATIVE_HEAD, postcode_of
from figscan.extract.frontmatter.affiliation_text import _affiliation_from_text
from figscan.extract.frontmatter.authors import _author_names
from figscan.extract.frontmatter.layout import MIN_TITLE_WORDS
from figscan.extract.frontmatter.names import chinese_surnames, header_words
from figscan.extract.frontmatter.places import country_of
from figscan.extract.frontmatter.text import (
    _EMAIL,
    _INSTITUTION,
    _LEADING_MARKER,
    _NOISE,
    _SYMBOL_MARKERS,
    CJK_CHARACTER,
    MAX_AFFILIATIONS,
    MAX_AUTHORS,
    _clip,
    join_lines,
    normalise,
)
from figscan.model import Affiliation, Author, FrontMatter, TextLine

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "line_labeller.json"
LABELS = ("other", "title", "author", "affiliation")
MAX_LABELLED_LINES = 300  # header-page lines labelled (in reading order); the front matter sits in the first
FILLS = ("affiliations", "authors", "title")

_TRAILING_MARKER = re.compile(rf"(?:[{re.escape(_SYMBOL_MARKERS)}]|(?<=[A-Za-z])\d{{1,2}}(?:,\d{{1,2}})*|"
                              r"(?<=[a-z])[a-f](?:,[a-f])*)\s*$")
_ABSTRACT = re.compile(r"^\W*(?:abstract|summary|摘\s*要)\b", re.IGNORECASE)
_KEYWORDS = re.compile(r"^\W*(?:key\s*words?|index terms|关键词)", re.IGNORECASE)
_HISTORY = re.compile(r"\b(?:received|revised|accepted|published|available online|submitted)\b", re.IGNORECASE)
_CORRESPONDING = re.compile(r"correspond|e-?mail|通讯作者|作者简介", re.IGNORECASE)
_HEADING = re.compile(r"^\W*(?:\d(?:\.\d)*\.?|[IVX]{1,4}\.)\s+[A-Z]|^\W*introduction\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF'\-]+\b")
_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
_WORD = re.compile(r"[^\W\d_]+")
_AND = re.compile(r"\band\b|&|，|、", re.IGNORECASE)

BASE_FEATURES = [
    "relative_size", "larger_share", "bold", "top", "bottom", "centre_x", "left", "width", "gap_above", "gap_below",
    "index", "index_share", "right_column", "full_width", "leading_marker", "trailing_marker", "same_size_near",
    "chars", "words", "institution", "native_head", "country", "postcode", "email", "digits",
    "names", "capitalised", "lower_words", "header_words", "cjk", "surname_start", "abstract", "keywords", "history",
    "corresponding", "noise", "heading", "commas", "ands", "period_end",
]
NEIGHBOUR_FEATURES = ["relative_size", "bold", "gap_above", "leading_marker", "trailing_marker", "institution",
                      "country", "email", "names", "capitalised", "lower_words", "cjk", "abstract", "noise", "words"]
FEATURES = BASE_FEATURES + [f"previous_{n}" for n in NEIGHBOUR_FEATURES] + [f"next_{n}" for n in NEIGHBOUR_FEATURES]
_NEIGHBOUR_COLUMNS = [BASE_FEATURES.index(n) for n in NEIGHBOUR_FEATURES]


PROSE_SHARE = 0.5  # lower-case words: a line with more, and no institution word, is running text
MAX_LOOKUP_CHARS = 300  # longer lines are prose or tables: no place or name look-ups


def _text_features(text: str) -> list[float]:
    """What a line's words say: institution words, places, names, contacts, headings. The place
    and name look-ups (a few milliseconds a line) are left out for running text: zero there."""
    words = text.split()
    letters = _WORD.findall(text)
    cjk = len(CJK_CHARACTER.findall(text))
    stripped = text.lstrip(f" {_SYMBOL_MARKERS}0123456789,")
    institution = bool(_INSTITUTION.search(text)) or bool(NATIVE_HEAD.search(text))
    lower = len(_LOWER_WORD.findall(text)) / max(len(letters), 1)
    look_up = len(text) <= MAX_LOOKUP_CHARS and (institution or lower <= PROSE_SHARE)
    return [
        float(len(text)), float(len(words)),
        float(bool(_INSTITUTION.search(text))), float(bool(NATIVE_HEAD.search(text))),
        float(look_up and country_of(text) is not None),
        float(bool(postcode_of(text))), float(bool(_EMAIL.search(text))),
        sum(c.isdigit() for c in text) / max(len(text), 1),
        float(min(len(_author_names(text, set())), 20)) if look_up and lower <= PROSE_SHARE else 0.0,
        len(_CAPITALISED.findall(text)) / max(len(letters), 1),
        lower,
        float(sum(w.lower().strip(".,:;") in header_words() for w in words[:12])),
        cjk / max(len(text.replace(" ", "")), 1),
        float(stripped[:1] in chinese_surnames() or stripped[:2] in chinese_surnames()),
        float(bool(_ABSTRACT.search(text))), float(bool(_KEYWORDS.search(text))), float(bool(_HISTORY.search(text))),
        float(bool(_CORRESPONDING.search(text))), float(bool(_NOISE.search(text))), float(bool(_HEADING.search(text))),
        float(text.count(",") + text.count("，")), float(len(_AND.findall(text))), float(text.rstrip().endswith(".")),
    ]


def line_features(lines: Sequence[TextLine], width: float, height: float, body_size: float) -> np.ndarray:
    """One row of FEATURES per line: its own layout and words, and its neighbours' (reading order)."""
    lines = list(lines[:MAX_LABELLED_LINES])
    if not lines:
        return np.zeros((0, len(FEATURES)))
    width, height, body = max(width, 1.0), max(height, 1.0), max(body_size, 1.0)
    sizes = np.array([l.size for l in lines])
    chars = np.array([len(l.text) for l in lines], dtype=float)
    total_chars = max(chars.sum(), 1.0)
    rows = []
    for index, line in enumerate(lines):
        x0, y0, x1, y1 = line.bbox
        size = max(line.size, 1.0)
        above = (y0 - lines[index - 1].bbox[3]) / size if index else 0.0
        below = (lines[index + 1].bbox[1] - y1) / size if index + 1 < len(lines) else 0.0
        near = sizes[max(0, index - 3):index + 4]
        text = normalise(line.text)
        rows.append([
            line.size / body, float(chars[sizes > line.size + 0.3].sum() / total_chars), float(line.bold),
            y0 / height, y1 / height, (x0 + x1) / 2 / width, x0 / width, (x1 - x0) / width,
            min(max(above, -5.0), 10.0), min(max(below, -5.0), 10.0),
            float(min(index, 100)), index / len(lines), float(x0 > width / 2), float((x1 - x0) > 0.6 * width),
            float(bool(_LEADING_MARKER.match(text))), float(bool(_TRAILING_MARKER.search(text))),
            float(np.sum(np.abs(near - line.size) < 0.3) - 1),
            *_text_features(text),
        ])
    base = np.array(rows, dtype=float)
    own = base[:, _NEIGHBOUR_COLUMNS]
    padding = np.full((1, own.shape[1]), -1.0)
    previous = np.vstack([padding, own[:-1]])
    following = np.vstack([own[1:], padding])
    return np.hstack([base, previous, following])


@dataclass(frozen=True)
class LabellerModel:
    """Multi-class gradient-boosted trees (scikit-learn's, exported): per class the sum of its
    trees' leaves plus a baseline is the class's raw score; softmax gives probabilities."""
    features: list[str]
    baseline: np.ndarray  # classes
    tree_class: np.ndarray  # trees: the class each tree scores
    feature: np.ndarray  # trees x nodes, -1 at leaves
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """rows x LABELS probabilities."""
        raw = np.tile(self.baseline, (len(rows), 1))
        if not len(rows):
            return raw
        index = np.arange(len(rows))[:, None]
        node = np.zeros((len(rows), self.feature.shape[0]), dtype=int)
        trees = np.arange(self.feature.shape[0])[None, :]
        for _ in range(self.depth):
            feature = self.feature[trees, node]
            go_left = rows[index, np.maximum(feature, 0)] <= self.threshold[trees, node]
            node = np.where(feature >= 0, np.where(go_left, self.left[trees, node], self.right[trees, node]), node)
        leaves = self.value[trees, node]  # rows x trees
        for label in range(len(self.baseline)):
            raw[:, label] += leaves[:, self.tree_class == label].sum(axis=1)
        raw -= raw.max(axis=1, keepdims=True)
        odds = np.exp(raw)
        return odds / odds.sum(axis=1, keepdims=True)


def model_from_json(data: dict) -> LabellerModel:
    return LabellerModel(features=list(data["features"]), baseline=np.array(data["baseline"], dtype=float),
                         tree_class=np.array(data["tree_class"], dtype=int), feature=np.array(data["feature"], dtype=int),
                         threshold=np.array(data["threshold"], dtype=float), left=np.array(data["left"], dtype=int),
                         right=np.array(data["right"], dtype=int), value=np.array(data["value"], dtype=float),
                         depth=int(data["depth"]))


@cache
def load_model(path: Path = MODEL_PATH) -> LabellerModel | None:
    """The shipped model, or None when it is absent or was trained on other features."""
    if not path.exists():
        return None
    model = model_from_json(json.loads(path.read_text(encoding="utf-8")))
    return model if model.features == FEATURES else None


def label_lines(lines: Sequence[TextLine], width: float, height: float, body_size: float,
                model: LabellerModel) -> np.ndarray:
    """Each labelled line's LABELS probabilities (the first MAX_LABELLED_LINES lines)."""
    return model.probabilities(line_features(lines, width, height, body_size))


@dataclass(frozen=True)
class Thresholds:
    """The probability a line needs before its label fills a gap, per field."""
    affiliation: float = 0.8
    author: float = 0.7
    title: float = 0.7


RUN_GAP = 2.5  # line heights: a wider gap ends a run of lines with one label
ALREADY_READ = 90  # rapidfuzz partial ratio: a run this close to an affiliation the rules read is that one


def _runs(lines: Sequence[TextLine], probabilities: np.ndarray, label: str, threshold: float) -> list[list[TextLine]]:
    """Consecutive lines (reading order) that carry `label` above `threshold`, close together."""
    column = LABELS.index(label)
    runs: list[list[TextLine]] = []
    previous = -2
    for index, line in enumerate(lines[:len(probabilities)]):
        if probabilities[index, column] < threshold or int(np.argmax(probabilities[index])) != column:
            continue
        run = runs[-1] if runs and previous == index - 1 else None
        if run is not None and line.bbox[1] - run[-1].bbox[3] <= RUN_GAP * max(line.size, 1.0):
            run.append(line)
        else:
            runs.append([line])
        previous = index
    return runs


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", normalise(text).lower()))


MIN_NEW_WORDS = 0.3  # share of an address's words no known affiliation prints: less, and it repeats one


_HEAD = re.compile(r"\b(?:univ\w*|college|school|institut\w*|academy)\b|大学|学院|研究所", re.IGNORECASE)
MAX_HEADED_PARTS = 2  # comma parts naming an institution: more is a list of them (thanks to seminar hosts), no address


def _lists_institutions(text: str) -> bool:
    """"Kong University of Science and Technology, London School of Economics, Shanghai Advanced
    Institute": an acknowledgement's list of places, not one author's address."""
    return sum(bool(_HEAD.search(part)) for part in text.split(",")) > MAX_HEADED_PARTS


def _new_words(text: str, known_words: set[str]) -> float:
    words = [w for w in _plain(text).split() if len(w) >= 3]
    return sum(w not in known_words for w in words) / max(len(words), 1)


def _unread_pieces(run: list[TextLine], known_plain: list[str]) -> list[list[TextLine]]:
    """The run's stretches of lines that no known affiliation holds (a run may go on from an
    address the rules read to one they missed)."""
    pieces: list[list[TextLine]] = [[]]
    for line in run:
        plain = _plain(line.text)
        if any(fuzz.partial_ratio(plain, k) >= ALREADY_READ for k in known_plain if len(plain) <= len(k)):
            pieces.append([])
        else:
            pieces[-1].append(line)
    return [p for p in pieces if p]


def labelled_affiliations(lines: Sequence[TextLine], probabilities: np.ndarray, known: list[str],
                          threshold: float) -> list[tuple[str, float]]:
    """Affiliation texts (with their y) read from runs of affiliation lines that the known
    affiliations do not already print: an institution word in them, no list of institutions, and
    enough words of their own (a grid of addresses set side by side repeats the rules' "College of
    ..." line by line)."""
    found: list[tuple[str, float]] = []
    known_plain = [_plain(k) for k in known if k.strip()]
    for run in (piece for whole in _runs(lines, probabilities, "affiliation", threshold)
                for piece in _unread_pieces(whole, known_plain)):
        texts = [l.text for l in run] if any(_LEADING_MARKER.match(normalise(l.text)) for l in run[1:]) else [
            join_lines([l.text for l in run])]  # a run of marker-led lines is one address per line
        for text in texts:
            for draft in _affiliation_from_text(text, run[0].bbox[1], in_front_block=True):
                plain = _plain(draft.text)
                read = known_plain + [_plain(t) for t, _ in found]
                known_words = {w for k in read for w in k.split()}
                if not (_INSTITUTION.search(draft.text) or NATIVE_HEAD.search(draft.text)) or _lists_institutions(
                        draft.text) or any(
                        fuzz.partial_ratio(plain, k) >= ALREADY_READ for k in read) or _new_words(
                        draft.text, known_words) < MIN_NEW_WORDS:
                    continue
                found.append((draft.text, run[0].bbox[1]))
    return found[:MAX_AFFILIATIONS]


def labelled_authors(lines: Sequence[TextLine], probabilities: np.ndarray, threshold: float) -> list[str]:
    """The names on the lines labelled author, in order, each once."""
    names: list[str] = []
    for run in _runs(lines, probabilities, "author", threshold):
        for line in run:
            names += [name for name, _ in _author_names(normalise(line.text), set())]
    return list(dict.fromkeys(names))[:MAX_AUTHORS]


def labelled_title(lines: Sequence[TextLine], probabilities: np.ndarray, threshold: float) -> str:
    """The first run of title lines, joined."""
    runs = _runs(lines, probabilities, "title", threshold)
    return _clip(join_lines([l.text for l in runs[0]])) if runs else ""


def fill_gaps(front: FrontMatter, lines: Sequence[TextLine], probabilities: np.ndarray, page: int,
              fills: Sequence[str], thresholds: Thresholds,
              make_affiliation: Callable[[str, int], Affiliation]) -> FrontMatter:
    """`front` with what the labelled lines add where the rules left a gap (`fills`: FILLS)."""
    if "affiliations" in fills:
        known = [a.text for a in front.affiliations]
        added = labelled_affiliations(lines, probabilities, known, thresholds.affiliation)
        room = MAX_AFFILIATIONS - len(front.affiliations)
        front.affiliations += [make_affiliation(text, page) for text, _ in added[:max(room, 0)]]
    if "authors" in fills and not front.authors:
        front.authors = [Author(name=name) for name in labelled_authors(lines, probabilities, thresholds.author)]
    if "title" in fills and len(front.title.split()) < MIN_TITLE_WORDS and not CJK_CHARACTER.search(front.title):
        front.title = labelled_title(lines, probabilities, thresholds.title) or front.title
    return front

