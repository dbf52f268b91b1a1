"""Evidence -> a score, a level and the reasons behind every point.

Weights are data (figscan/data/weights.toml), so a reviewer can see and change them; the score
is a sum of capped parts, one part per kind of evidence, each part a reason with its evidence.
"""
from __future__ import annotations

from collections import Counter

from figscan.model import EntityMatch, Level, PaperResult, PaperScore, ScoreReason
from figscan.settings import Weights, default_term_categories, default_weights


def score_paper(result: PaperResult, weights: Weights | None = None) -> PaperScore:
    weights = weights or default_weights()
    reasons = [r for r in (_figure_reason(result, weights), _country_reason(result, weights),
                           _entity_reason(result, weights, funders=False), _entity_reason(result, weights, funders=True),
                           _terms_reason(result, weights)) if r]
    total = round(sum(r.points for r in reasons), 2)
    return PaperScore(total=total, level=level_for(total, weights), reasons=reasons)


def level_for(total: float, weights: Weights) -> Level:
    if total >= weights.levels.high:
        return "high"
    if total >= weights.levels.medium:
        return "medium"
    return "low" if total >= weights.levels.low else "none"


def _figure_reason(result: PaperResult, weights: Weights) -> ScoreReason | None:
    flagged = [(f, f.shape.score) for f in result.figures if f.shape and f.shape.flag]
    if not flagged:
        return None
    part = weights.figures
    points = min(part.max_points, sum(part.per_flagged_figure * score for _, score in flagged))
    evidence = ", ".join(f"{f.id} (page {f.page}, shape score {score:.2f})" for f, score in flagged[:10])
    return ScoreReason(round(points, 2), f"{len(flagged)} figure(s) with a missile-like shape", evidence)


def _country_reason(result: PaperResult, weights: Weights) -> ScoreReason | None:
    part = weights.countries
    found = sorted({a.country for a in result.affiliations if a.country in part.points})
    if not found:
        return None
    points = min(part.max_points, sum(part.points[c] for c in found))
    texts = [a.text for a in result.affiliations if a.country in found]
    return ScoreReason(round(points, 2), f"co-author affiliation in a sanctioned country: {', '.join(found)}",
                       "; ".join(texts[:5]))


def _entity_reason(result: PaperResult, weights: Weights, funders: bool) -> ScoreReason | None:
    """Watch-listed institutions, or (with `funders`) funders: each entry once, at its heaviest
    match (an affiliation outweighs a mention in the text), the part capped. A subordinate and its
    listed parent found in the same affiliation are one institution: only the heavier counts."""
    matches = [m for m in result.entities if m.category.endswith("funder") == funders]
    best: dict[str, float] = {}
    where: dict[str, str] = {}
    for match in matches:
        if match.weight > best.get(match.name, -1.0):
            best[match.name] = match.weight
            where[match.name] = f"{match.where}, page {match.page}" if match.page else match.where
    for unit in matches:
        if unit.parent in best and unit.name in best and any(
                whole.name == unit.parent and _same_place(unit, whole) for whole in matches):
            heavier, lighter = sorted((unit.name, unit.parent), key=lambda name: -best[name])
            del best[lighter]
            where[heavier] += f"; with {lighter}, counted once: {unit.name} is part of {unit.parent}"
    if not best:
        return None
    cap = (weights.funders if funders else weights.entities).max_points
    points = min(cap, sum(best.values()))
    lists = sorted({m.list_name for m in matches})
    what = "watch-listed funder(s)" if funders else "watch-listed institution(s)"
    evidence = "; ".join(f"{name} ({where[name]})" for name in sorted(best))
    return ScoreReason(round(points, 2), f"{len(best)} {what}", f"{evidence} (on: {', '.join(lists)})")


def _same_place(a: EntityMatch, b: EntityMatch) -> bool:
    """Found in one affiliation, or in the same funding statement or text page."""
    if a.where == "affiliation" or b.where == "affiliation":
        return bool(set(a.affiliations) & set(b.affiliations))
    return a.where == b.where and a.page == b.page


def _terms_reason(result: PaperResult, weights: Weights) -> ScoreReason | None:
    part = weights.terms
    counts: Counter[str] = Counter()
    for hit in result.terms:
        counts[hit.category] += hit.count
    strong = {c: n for c, n in counts.items() if n >= part.min_hits}
    if not strong:
        return None
    category_weight = {cid: c.weight for cid, c in default_term_categories().items()}
    points = min(part.max_points,
                 sum(category_weight.get(c, part.default_category_weight) for c in strong))
    evidence = ", ".join(f"{c} ({n} occurrences)" for c, n in sorted(strong.items(), key=lambda kv: -kv[1]))
    return ScoreReason(round(points, 2), f"dual-use technology terms in {len(strong)} categories", evidence)
