"""Reviewer decisions in the report: scores without dismissed evidence, and the plain dicts the
templates show (status, note, "dismissed: reason", "new").

Kept apart from html.py so the report's other views do not change with the review workflow;
`write_report` calls `apply_reviews` once and hands each page its `review_data`.
"""
from __future__ import annotations

from typing import Optional

from figscan.decisions import PaperReview, match_evidence_id, rescore
from figscan.model import PaperResult


def apply_reviews(results: list[PaperResult], reviews: dict[str, PaperReview]) -> list[PaperResult]:
    """Each result with the score its dismissals leave; the scan's score goes to
    `PaperReview.score_before` when it changed."""
    applied = []
    for result in results:
        review = reviews.get(result.sha256 or "")
        if review is None or not review.dismissed or result.score is None:
            applied.append(result)
            continue
        adjusted = rescore(result, review.dismissed)
        if adjusted.score and adjusted.score.total != result.score.total:
            review.score_before = result.score.total
        applied.append(adjusted)
    return applied


def review_data(review: Optional[PaperReview], result: PaperResult) -> Optional[dict]:
    """What a page shows of a paper's review; None for a file that cannot be reviewed (unread)."""
    if review is None:
        return None
    evidence = [{"id": e.evidence.id, "kind": e.evidence.kind, "label": e.evidence.label,
                 "anchor": e.evidence.anchor, "decision": e.decision, "reason": e.reason,
                 "text": e.text, "new": e.new, "reviewer": e.reviewer, "decided_at": e.decided_at}
                for e in review.evidence]
    by_anchor = {e["anchor"]: e for e in evidence if e["kind"] == "figure"}
    by_id = {e["id"]: e for e in evidence}
    by_name = {}  # a watch-list match's name -> its entry (every match of an entry shares it)
    for match in result.entities:
        if match_evidence_id(match) in by_id:
            by_name[match.name] = by_id[match_evidence_id(match)]
    return {
        "sha256": review.sha256, "status": review.status, "status_class": review.status.replace(" ", "-"),
        "note": review.note, "decided_at": review.decided_at, "reviewer": review.reviewer,
        "new": review.new, "new_evidence": sum(e.new for e in review.evidence),
        "dismissed": len(review.dismissed),
        "score_before": f"{review.score_before:.1f}" if review.score_before is not None else "",
        "evidence": evidence, "figure_marks": by_anchor, "match_marks": by_name,
    }
