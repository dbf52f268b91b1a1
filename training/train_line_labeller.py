"""Train the front-matter line labeller (figscan/extract/frontmatter/line_labeller.py) and measure
by grouped cross-validation what it adds to the rules (issue 26).

Data: every paper of the tuning sets dev (TRUTH_cn, TRUTH_intl), fresh, fresh2 ... fresh7
(benchmarks/frontmatter_dev/, PDFs under /work/data/frontmatter_dev/; never fresh8, never
../shared/corpus*). Lines: the header page's lines exactly as parse_front_matter reads them
(`header_page`). Weak labels from the truth (rapidfuzz partial ratios of the normalised texts):
title when the line lies inside the truth title, affiliation when inside an affiliation, author
when truth names cover half its letters, else other.

Cross-validation: 5 folds grouped by source repository (StratifiedGroupKFold, stratified by set);
each paper's lines are labelled by a model trained without its repository, and the paper's front
matter is scored with benchmarks/frontmatter_eval.py's own scoring for: the rules alone; the rules
plus each fill of the labeller (affiliations, authors, title) and all together; the labeller alone.

Usage (reruns from a fresh clone given /work/data/frontmatter_dev):
    OMP_NUM_THREADS=1 PYTHONPATH=. python training/train_line_labeller.py [--write] [--cache DIR] [--sample N]
--write: the table to benchmarks/line_labeller_cv.md and the model trained on all papers to
figscan/data/line_labeller.json. --sample N prints N papers' labelled lines (label noise check).
"""
from __future__ import annotations

import argparse
import copy
import csv
import hashlib
import json
import os
import pickle
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ["FIGSCAN_ROR_LEXICON"] = ""  # as frontmatter_eval.py --no-ror: the lead's check runs without ROR

import numpy as np  # noqa: E402
import pymupdf  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from frontmatter_eval import Report, plain, read_pages, score_file, split, summary  # noqa: E402

from figscan.config import Limits  # noqa: E402
from figscan.extract.frontmatter import _affiliation, header_page, parse_front_matter  # noqa: E402
from figscan.extract.frontmatter.layout import plausible_metadata_title  # noqa: E402
from figscan.extract.frontmatter.line_labeller import (  # noqa: E402
    FEATURES,
    FILLS,
    LABELS,
    MAX_LABELLED_LINES,
    MODEL_PATH,
    Thresholds,
    fill_gaps,
    line_features,
    model_from_json,
)
from figscan.extract.frontmatter.sf298 import find_report_form  # noqa: E402
from figscan.model import FrontMatter, TextLine  # noqa: E402
from training.tree_arrays import padded_tree_arrays  # noqa: E402

DEV_DIR = REPO / "benchmarks" / "frontmatter_dev"
PDF_ROOT = Path("/work/data/frontmatter_dev")
SETS = {  # set name: (PDF folder, truth files, manifest files)
    "dev": ("pdfs", ["TRUTH_cn.tsv", "TRUTH_intl.tsv"], ["MANIFEST_cn.tsv", "MANIFEST_intl.tsv"]),
    "fresh": ("pdfs", ["TRUTH_fresh.tsv"], ["MANIFEST_fresh.tsv"]),
    **{f"fresh{n}": (f"pdfs_fresh{n}", [f"TRUTH_fresh{n}.tsv"], [f"MANIFEST_fresh{n}.tsv"]) for n in range(2, 8)},
}
FOLDS, SEED = 5, 0
MATCH = 90  # partial ratio: a line inside a truth string
MIN_LABEL_CHARS = 6  # shorter lines ("1", "and") match anything: other
SHORT_LINE = 16  # characters: a line this short is a piece of the title only word for word
_NOT_LABELLED = re.compile(r"@|©|copyright", re.IGNORECASE)  # e-mail addresses spell names; copyright lines list them
AUTHOR_COVER = 0.5  # share of a line's letters truth names must cover for an author line
VARIANTS = {"rules": (), "+affiliations": ("affiliations",), "+authors": ("authors",), "+title": ("title",),
            "+affiliations+authors": ("affiliations", "authors"), "+all": FILLS}
AFFILIATION_THRESHOLDS = (0.5, 0.7, 0.8, 0.9)  # reported side by side for the affiliations fill
NOTES = "## Recommendation and notes"  # the table file's hand-written part, kept when the table is rewritten


@dataclass
class Paper:
    set_name: str
    row: dict[str, str]
    repo: str
    page: int
    lines: list[TextLine]
    rules: FrontMatter
    features: np.ndarray
    labels: np.ndarray


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(open(DEV_DIR / name, encoding="utf-8"), delimiter="\t"))


def weak_labels(lines: list[TextLine], row: dict[str, str]) -> np.ndarray:
    """LABELS index per line from the truth row (the first MAX_LABELLED_LINES lines)."""
    title = plain(row.get("title", ""))
    affiliations = [plain(a) for a in split(row.get("affiliations"))]
    authors = [plain(a) for a in split(row.get("authors")) if len(plain(a)) >= 3]
    labels = []
    for line in lines[:MAX_LABELLED_LINES]:
        text = plain(line.text)
        letters = len(text.replace(" ", ""))
        if len(text) < MIN_LABEL_CHARS or _NOT_LABELLED.search(line.text):
            labels.append(0)
            continue
        title_score = fuzz.partial_ratio(text, title) if title and len(text) <= 1.2 * len(title) + 5 else 0
        if len(text) < SHORT_LINE and f" {text} " not in f" {title} ":
            title_score = 0  # "ABSTRACT" is no piece of a title on "abstraction"
        affiliation_score = max((fuzz.partial_ratio(text, a) for a in affiliations if len(text) <= 1.2 * len(a) + 5),
                                default=0)
        covered = sum(len(a.replace(" ", "")) for a in authors if fuzz.partial_ratio(a, text) >= MATCH
                      and len(a) <= len(text))
        if title_score >= MATCH and title_score >= affiliation_score:
            labels.append(1)
        elif affiliation_score >= MATCH:
            labels.append(3)
        elif covered >= AUTHOR_COVER * letters:
            labels.append(2)
        else:
            labels.append(0)
    return np.array(labels, dtype=int)


def header_of(pages, metadata: dict[str, str]):
    """The header page's number, width, height, lines and body size, as parse_front_matter reads them."""
    chosen = header_page(pages, find_report_form(pages), plausible_metadata_title(metadata.get("title", "")))
    if chosen is None:
        return None
    index, (_, lines, body_size, _) = chosen
    return pages[index], lines, body_size


def _code_digest(paths: list[Path]) -> str:
    """A short digest of source files: a cache made by other code is not read."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def load_papers(cache: Path) -> list[Paper]:
    papers, limits = [], Limits()
    reader = _code_digest([REPO / "figscan" / "extract" / "document.py", REPO / "figscan" / "extract" / "text.py"])
    parser = _code_digest([*(REPO / "figscan" / "extract" / "frontmatter").glob("*.py"), REPO / "figscan" / "model.py"])
    for set_name, (folder, truths, manifests) in SETS.items():
        repos = {r["file"]: r["source_repo"] for m in manifests for r in _rows(m)}
        for row in (r for t in truths for r in _rows(t)):
            path = PDF_ROOT / folder / row["file"]
            cached = cache / f"{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}_{reader}.pkl"
            if not cached.exists():
                cached.write_bytes(pickle.dumps(read_pages(path, limits)))
            pages, metadata = pickle.loads(cached.read_bytes())
            parsed = cache / f"rules_{parser}" / cached.name  # the rules' output and the header page's lines
            if not parsed.exists():
                parsed.parent.mkdir(exist_ok=True)
                parsed.write_bytes(pickle.dumps((parse_front_matter(pages, metadata, line_labeller=False),
                                                 header_of(pages, metadata))))
            rules, header = pickle.loads(parsed.read_bytes())
            if header is None:
                first, lines, features = 0, [], np.zeros((0, len(FEATURES)))
            else:
                page, lines, body_size = header
                first, features = page.number, line_features(lines, page.width, page.height, body_size)
            papers.append(Paper(set_name, row, repos[row["file"]], first, lines, rules, features,
                                weak_labels(lines, row)))
    return papers


def make_model() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=20,
                                          l2_regularization=1.0, early_stopping=False, random_state=SEED)


def fit(papers: list[Paper]) -> HistGradientBoostingClassifier:
    x = np.vstack([p.features for p in papers])
    y = np.concatenate([p.labels for p in papers])
    return make_model().fit(x, y)


def export(model: HistGradientBoostingClassifier) -> dict:
    """The trees as padded arrays (line_labeller.LabellerModel): a row goes left when its feature
    is <= the node's threshold (no feature is ever missing); leaves point at themselves and hold
    their value already scaled by the learning rate."""
    assert list(model.classes_) == list(range(len(LABELS))), model.classes_
    trees, classes = [], []
    for predictors in model._predictors:
        for label, predictor in enumerate(predictors):
            trees.append(predictor.nodes)
            classes.append(label)
    depth = max(int(nodes["depth"].max()) for nodes in trees)
    return {"source": "training/train_line_labeller.py on dev, fresh, fresh2..fresh7 (tuning sets)",
            "labels": list(LABELS), "features": FEATURES,
            "baseline": np.ravel(model._baseline_prediction).tolist(), "tree_class": classes, "depth": depth,
            **padded_tree_arrays(trees)}


def front_with(paper: Paper, probabilities: np.ndarray, fills: tuple[str, ...], thresholds: Thresholds,
               alone: bool = False) -> FrontMatter:
    base = FrontMatter(title="") if alone else copy.deepcopy(paper.rules)
    return fill_gaps(base, paper.lines, probabilities, paper.page, fills, thresholds, _affiliation)


def score(papers: list[Paper], fronts: list[FrontMatter]) -> dict[str, dict]:
    """frontmatter_eval's summary per set and over all sets (watch-listed left out: no entities)."""
    reports = {name: Report() for name in [*SETS, "all"]}
    for paper, front in zip(papers, fronts):
        record = asdict(front)
        for name in (paper.set_name, "all"):
            score_file(paper.row, record, [], {}, reports[name], False)
    return {name: summary(name, None, report) for name, report in reports.items()}


def cross_validate(papers: list[Paper]) -> list[np.ndarray]:
    """Out-of-fold line probabilities per paper."""
    folds = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    out: list[np.ndarray] = [np.zeros((0, len(LABELS)))] * len(papers)
    for number, (train, test) in enumerate(folds.split(papers, [p.set_name for p in papers],
                                                      groups=[p.repo for p in papers])):
        started = time.time()
        model = model_from_json(export(fit([papers[i] for i in train])))
        for i in test:
            out[i] = model.probabilities(papers[i].features)
        print(f"fold {number}: {len(train)} train, {len(test)} test papers, {time.time() - started:.0f} s", flush=True)
    return out


FIELDS = [("title", None), ("authors", "recall"), ("authors", "precision"), ("affiliations", "recall"),
          ("affiliations", "precision"), ("countries", "recall"), ("countries", "precision")]


def table(results: dict[str, dict[str, dict]], papers: list[Paper]) -> list[str]:
    head = "| set | papers | variant | title | authors R | authors P | affiliations R | affiliations P | countries R | countries P |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name in [*SETS, "all"]:
        count = sum(name in ("all", p.set_name) for p in papers)
        for variant, by_set in results.items():
            row = by_set[name]
            cells = [row[f] if k is None else row[f][k] for f, k in FIELDS]
            lines.append(f"| {name} | {count} | {variant} | " + " | ".join("-" if c is None else f"{c:.3f}" for c in cells)
                         + " |")
    return lines


def label_report(papers: list[Paper], probabilities: list[np.ndarray]) -> list[str]:
    """Per-label out-of-fold precision and recall of the lines (argmax), against the weak labels."""
    truth = np.concatenate([p.labels for p in papers])
    guess = np.concatenate([np.argmax(q, axis=1) if len(q) else np.zeros(0, int) for q in probabilities])
    lines = ["| label | weak-labelled lines | precision | recall |", "|---|---|---|---|"]
    for index, label in enumerate(LABELS):
        hit = int(np.sum((truth == index) & (guess == index)))
        lines.append(f"| {label} | {int(np.sum(truth == index))} | {hit / max(np.sum(guess == index), 1):.3f} | "
                     f"{hit / max(np.sum(truth == index), 1):.3f} |")
    return lines


def print_sample(papers: list[Paper], count: int) -> None:
    rng = np.random.default_rng(SEED)
    for i in rng.choice(len(papers), count, replace=False):
        paper = papers[i]
        print(f"=== {paper.set_name} {paper.row['file']}")
        for line, label in zip(paper.lines[:60], paper.labels):
            print(f"  {LABELS[label][:5]:5} {line.size:5.1f} {line.text[:100]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/work/data/fmlabel/pages"))
    parser.add_argument("--write", action="store_true", help="write the table and the model trained on all papers")
    parser.add_argument("--sample", type=int, default=0, help="print this many papers' weak-labelled lines")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    started = time.time()
    papers = load_papers(args.cache)
    counts = np.bincount(np.concatenate([p.labels for p in papers]), minlength=len(LABELS))
    print(f"{len(papers)} papers, {len({p.repo for p in papers})} repositories, lines per label "
          f"{dict(zip(LABELS, counts.tolist()))}, {time.time() - started:.0f} s", flush=True)
    if args.sample:
        print_sample(papers, args.sample)
        return 0
    probabilities = cross_validate(papers)
    defaults = Thresholds()
    results = {}
    for variant, fills in VARIANTS.items():
        results[variant] = score(papers, [front_with(p, q, fills, defaults) for p, q in zip(papers, probabilities)])
    for threshold in AFFILIATION_THRESHOLDS:
        chosen = Thresholds(affiliation=threshold, author=defaults.author, title=defaults.title)
        results[f"+affiliations p>={threshold}"] = score(
            papers, [front_with(p, q, ("affiliations",), chosen) for p, q in zip(papers, probabilities)])
    results["labeller alone"] = score(papers, [front_with(p, q, FILLS, Thresholds(0.5, 0.5, 0.5), alone=True)
                                               for p, q in zip(papers, probabilities)])
    report = ["# Learned front-matter line labeller: grouped cross-validation (tuning data, out of fold)", "",
              "Written by `OMP_NUM_THREADS=1 PYTHONPATH=. python training/train_line_labeller.py --write`. "
              "TUNING data only (dev, fresh, fresh2 to fresh7; never fresh8 or ../shared/corpus*). Each paper's "
              f"header-page lines are labelled by a model trained without its source repository ({FOLDS} folds "
              "grouped by repository, stratified by set), and its front matter is scored with "
              "benchmarks/frontmatter_eval.py's functions (ROR off, as `--no-ror`). The rules were written and tuned "
              "on these very papers, so `rules` is favoured here; `labeller alone` (title, authors and affiliations "
              "straight from the labelled lines, probability >= 0.5) is the honest measure of what the model learned.",
              "", f"Default fill thresholds: {defaults}.", "", *table(results, papers), "",
              "Out-of-fold line labels (argmax) against the weak labels:", "", *label_report(papers, probabilities)]
    print("\n".join(report))
    if args.write:
        table_path = REPO / "benchmarks" / "line_labeller_cv.md"
        notes = table_path.read_text(encoding="utf-8").partition(NOTES)[2] if table_path.exists() else ""
        table_path.write_text("\n".join(report) + "\n" + (f"\n{NOTES}{notes}" if notes else ""), encoding="utf-8")
        MODEL_PATH.write_text(json.dumps(export(fit(papers))) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    pymupdf.TOOLS.mupdf_display_errors(False)
    raise SystemExit(main())
