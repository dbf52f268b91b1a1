"""Reviewer decisions: what counts as one piece of evidence, its stable id, and what a decision
does to the score and the report.

A decision is keyed by the PDF's sha256 and an evidence id computed from the evidence's content
(never from row order, figure numbering or the code version), so it survives re-scans, a
folder that grows and a code update. The ids, one per thing a score point rests on:

- `figure:p<page>:<x0>-<y0>-<x1>-<y1>`: a flagged figure, its box rounded to a 10-point grid;
  a box that moved a little (IoU 0.7 or more on the same page) keeps the id it had before;
- `entity:<name>` / `funder:<name>`: a watch-listed institution or funder, its canonical list
  name normalised (NFKC, case-folded, spaces collapsed); every match of that entry is one item,
  as the score counts each entry once;
- `country:<ISO code>`: co-authors in a sanctioned country (weights.toml [countries]);
- `terms:<category>`: a dual-use term category with enough hits to count.

The paper itself has the id `paper`: its status (to review, cleared, escalated) and note.
A dismissed item leaves the score (`rescore`); "new" is worked out in `PaperReview`.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal, Optional

from figscan.files import spreadsheet_plain, spreadsheet_safe
from figscan.geometry import iou
from figscan.model import BBox, EntityMatch, PaperResult
from figscan.score import score_paper
from figscan.settings import Weights, default_term_categories, default_weights

PAPER = "paper"
PAPER_STATUSES = ("to review", "cleared", "escalated")
EVIDENCE_DECISIONS = ("open", "confirmed", "dismissed")  # "open": a decision taken back
FIGURE_GRID_PT = 10  # box rounding: finer than any figure, coarser than re-extraction jitter
SAME_FIGURE_IOU = 0.7  # a re-extracted box this close to an old one is the same figure
NOTE_MAX_CHARS = 4000
EXPORT_FORMAT = "figscan-decisions"
EXPORT_VERSION = 1
CSV_FIELDS = ("sha256", "evidence_id", "decision", "note", "decided_at", "reviewer")
_SHA256 = re.compile(r"[0-9a-f]{64}")

EvidenceKind = Literal["figure", "entity", "funder", "country", "terms"]


def now_precise() -> str:
    """UTC to the microsecond, so decisions taken within one second still order."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class Evidence:
    """One thing a score point rests on, as the reviewer confirms or dismisses it."""
    id: str
    kind: EvidenceKind
    label: str  # what the reviewer reads
    anchor: str  # where on the paper page it is shown


def figure_evidence_id(page: int, bbox: BBox) -> str:
    grid = [round(v / FIGURE_GRID_PT) * FIGURE_GRID_PT for v in bbox]
    return f"figure:p{page}:" + "-".join(str(int(v)) for v in grid)


def figure_box(evidence_id: str) -> Optional[tuple[int, BBox]]:
    """(page, box) back from a figure id; None for other ids."""
    match = re.fullmatch(r"figure:p(\d+):(-?\d+)-(-?\d+)-(-?\d+)-(-?\d+)", evidence_id)
    if not match:
        return None
    page, *box = (int(v) for v in match.groups())
    return page, tuple(float(v) for v in box)  # type: ignore[return-value]


def match_evidence_id(match: EntityMatch) -> str:
    """Every match of one watch-list entry shares this id (funders apart, as the score counts them)."""
    kind = "funder" if match.category.endswith("funder") else "entity"
    return f"{kind}:{normalise_name(match.name)}"


def evidence_items(result: PaperResult, weights: Weights | None = None) -> list[Evidence]:
    """Every piece of evidence the score of `result` could rest on, in page order within kind."""
    weights = weights or default_weights()
    items: list[Evidence] = []
    for figure in result.figures:
        if figure.shape and figure.shape.flag and figure_evidence_id(figure.page, figure.bbox) not in {
                i.id for i in items}:  # one box found twice is one piece of evidence
            items.append(Evidence(figure_evidence_id(figure.page, figure.bbox), "figure",
                                  f"figure {figure.id}, page {figure.page}, shape score {figure.shape.score:.2f}",
                                  "fig-" + re.sub(r"[^A-Za-z0-9_-]", "_", figure.id)))
    for code in sorted({a.country for a in result.affiliations if a.country in weights.countries.points}):
        items.append(Evidence(f"country:{code}", "country", f"co-author affiliation in {code}", "authors"))
    seen: dict[str, list[str]] = {}
    for match in sorted(result.entities, key=lambda m: (m.name.casefold(), m.page)):
        kind: EvidenceKind = "funder" if match.category.endswith("funder") else "entity"
        key = match_evidence_id(match)
        where = f"{match.where} p. {match.page}" if match.page else match.where
        if key not in seen:
            seen[key] = [match.name]
            items.append(Evidence(key, kind, match.name, "matches"))
        if where not in seen[key]:
            seen[key].append(where)
    items = [replace(e, label=f"{e.label} ({', '.join(seen[e.id][1:])})") if e.id in seen else e for e in items]
    counts: Counter[str] = Counter()
    for hit in result.terms:
        counts[hit.category] += hit.count
    labels = {cid: c.label for cid, c in default_term_categories().items()}
    for category, count in sorted(counts.items()):
        if count >= weights.terms.min_hits:
            items.append(Evidence(f"terms:{category}", "terms",
                                  f"{labels.get(category, category)} terms, {count} occurrences", "terms"))
    return items


def same_ids(current: list[Evidence], known: set[str]) -> dict[str, str]:
    """Current id -> the id it was stored under: itself, or for a figure whose box moved a
    little, the known figure id on the same page that overlaps it most (IoU >= 0.7)."""
    mapping: dict[str, str] = {}
    known_boxes = [(k, figure_box(k)) for k in known if k.startswith("figure:")]
    for item in current:
        mapping[item.id] = item.id
        if item.kind != "figure" or item.id in known:
            continue
        page, box = figure_box(item.id)  # type: ignore[misc]
        overlaps = [(iou(box, old[1]), k) for k, old in known_boxes if old and old[0] == page]
        best = max(overlaps, default=(0.0, ""))
        if best[0] >= SAME_FIGURE_IOU:
            mapping[item.id] = best[1]
    return mapping


def rescore(result: PaperResult, dismissed: set[str], weights: Weights | None = None) -> PaperResult:
    """`result` with its score recomputed without the dismissed evidence (everything else, the
    dismissed items included, is kept for the report to show them as dismissed)."""
    if not dismissed or result.score is None:
        return result
    weights = weights or default_weights()
    figures = [replace(f, shape=replace(f.shape, flag=False))
               if f.shape and f.shape.flag and figure_evidence_id(f.page, f.bbox) in dismissed else f
               for f in result.figures]
    affiliations = [replace(a, country=None) if f"country:{a.country}" in dismissed else a for a in result.affiliations]
    entities = [m for m in result.entities if match_evidence_id(m) not in dismissed]
    terms = [t for t in result.terms if f"terms:{t.category}" not in dismissed]
    without = replace(result, figures=figures, affiliations=affiliations, entities=entities, terms=terms)
    return replace(result, score=score_paper(without, weights))


# --- decisions as records ----------------------------------------------------------------------

@dataclass(frozen=True)
class Decision:
    """One reviewer decision: a paper's status and note (evidence_id "paper"), or an evidence
    item confirmed, dismissed or taken back ("open"), with the reason in `note`."""
    sha256: str
    evidence_id: str
    decision: str
    note: str = ""
    decided_at: str = ""
    reviewer: str = ""


def check_decision(decision: Decision) -> None:
    """Raise ValueError with a reviewer-readable reason if the decision cannot be stored."""
    if not _SHA256.fullmatch(decision.sha256):
        raise ValueError(f"not a sha256: {decision.sha256!r}")
    if decision.evidence_id == PAPER:
        if decision.decision not in PAPER_STATUSES:
            raise ValueError(f"a paper's status is one of {', '.join(PAPER_STATUSES)}, not {decision.decision!r}")
    else:
        if not re.fullmatch(r"(figure|entity|funder|country|terms):\S.{0,400}", decision.evidence_id, re.S):
            raise ValueError(f"not an evidence id: {decision.evidence_id[:80]!r}")
        if decision.decision not in EVIDENCE_DECISIONS:
            raise ValueError(f"an evidence decision is one of {', '.join(EVIDENCE_DECISIONS)}, not {decision.decision!r}")
        if decision.decision == "dismissed" and not decision.note.strip():
            raise ValueError("a dismissal needs a reason")
    if len(decision.note) > NOTE_MAX_CHARS:
        raise ValueError(f"the note is longer than {NOTE_MAX_CHARS} characters")
    try:
        datetime.strptime(decision.decided_at, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        try:
            datetime.strptime(decision.decided_at, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            raise ValueError(f"decided_at is not a UTC time like 2026-12-07T12:00:00.000000Z: {decision.decided_at!r}") from None


# --- what a paper's review looks like in the report --------------------------------------------

@dataclass
class EvidenceReview:
    evidence: Evidence
    decision: str = "open"
    reason: str = ""
    decided_at: str = ""
    reviewer: str = ""
    new: bool = False

    @property
    def text(self) -> str:
        """What the report shows: "dismissed: reason", "confirmed", or "" (no decision)."""
        if self.decision == "dismissed":
            return f"dismissed: {self.reason}"
        if self.decision == "confirmed":
            return f"confirmed: {self.reason}" if self.reason else "confirmed"
        return ""


@dataclass
class PaperReview:
    """A paper's status, note and evidence decisions, with what is new since it was last reviewed."""
    sha256: str
    status: str = "to review"
    note: str = ""
    decided_at: str = ""
    reviewer: str = ""
    new: bool = False  # first seen after reviewing began, and not decided on since
    evidence: list[EvidenceReview] = field(default_factory=list)
    score_before: Optional[float] = None  # the scan's score, when dismissals changed it

    @property
    def dismissed(self) -> set[str]:
        return {e.evidence.id for e in self.evidence if e.decision == "dismissed"}

    def to_json(self) -> dict:
        data = asdict(self)
        for entry, review in zip(data["evidence"], self.evidence):
            entry["text"] = review.text
        return data


def paper_review(result: PaperResult, decisions: dict[str, Decision], first_seen: dict[str, str],
                 review_began: Optional[str], weights: Weights | None = None) -> PaperReview:
    """The review of one paper from its stored decisions and first-seen times (both keyed by
    evidence id as stored; `same_ids` maps the current ids onto them).

    "New" reads: since this paper was last decided on; for a paper never decided on, since
    reviewing began in this store (`review_began`). Before any review nothing is new.
    """
    items = evidence_items(result, weights)
    mapping = same_ids(items, set(decisions) | set(first_seen))
    paper = decisions.get(PAPER)
    times = [d.decided_at for d in decisions.values()]
    reference = max(times) if times else review_began
    review = PaperReview(sha256=result.sha256 or "")
    if paper:
        review.status, review.note, review.decided_at, review.reviewer = (
            paper.decision, paper.note, paper.decided_at, paper.reviewer)
    seen_paper = first_seen.get(PAPER)
    review.new = bool(not times and review_began and seen_paper and seen_paper > review_began)
    for item in items:
        stored = mapping[item.id]
        entry = EvidenceReview(item)
        if stored in decisions:
            d = decisions[stored]
            entry.decision, entry.reason, entry.decided_at, entry.reviewer = d.decision, d.note, d.decided_at, d.reviewer
        seen = first_seen.get(stored)
        entry.new = bool(reference and seen and seen > reference)
        review.evidence.append(entry)
    return review


# --- export and import ------------------------------------------------------------------------

def export_json(decisions: list[Decision], labels: dict[tuple[str, str], str]) -> str:
    rows = [{**asdict(d), "label": labels.get((d.sha256, d.evidence_id), "")} for d in decisions]
    return json.dumps({"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "decisions": rows},
                      ensure_ascii=False, indent=1) + "\n"


def export_csv(decisions: list[Decision], labels: dict[tuple[str, str], str]) -> str:
    """CSV with the fields of `Decision` and a `label` column for people (ignored on import);
    a text cell a spreadsheet would run as a formula gets a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow((*CSV_FIELDS, "label"))
    for d in decisions:
        cells = [getattr(d, name) for name in CSV_FIELDS] + [labels.get((d.sha256, d.evidence_id), "")]
        writer.writerow([spreadsheet_safe(c) for c in cells])
    return buffer.getvalue()


def parse_export(text: str) -> list[Decision]:
    """Decisions from an export (JSON or CSV, told apart by the first character); every row
    checked, and the first bad one raises ValueError naming its row, so nothing half-imports."""
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        if data.get("format") != EXPORT_FORMAT or data.get("version") != EXPORT_VERSION:
            raise ValueError(f"not a {EXPORT_FORMAT} version {EXPORT_VERSION} file")
        rows = data.get("decisions") or []
    else:
        reader = csv.DictReader(io.StringIO(text))
        missing = set(CSV_FIELDS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"CSV columns missing: {', '.join(sorted(missing))}")
        rows = [{k: spreadsheet_plain(v or "") for k, v in row.items()} for row in reader]
    decisions = []
    for number, row in enumerate(rows, start=1):
        try:
            decision = Decision(**{name: str(row.get(name) or "") for name in CSV_FIELDS})
            check_decision(decision)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"decision {number}: {exc}") from None
        decisions.append(decision)
    return decisions



@dataclass
class MergeOutcome:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)  # same item decided differently on both sides


def merge(local: dict[tuple[str, str], Decision], incoming: list[Decision]) -> tuple[list[Decision], MergeOutcome]:
    """The incoming decisions to write: the latest `decided_at` wins; a different decision or
    note on both sides is a conflict, reported whichever side wins (ties keep the local one)."""
    outcome = MergeOutcome()
    winners: dict[tuple[str, str], Decision] = {}
    for theirs in sorted(incoming, key=lambda d: d.decided_at):
        key = (theirs.sha256, theirs.evidence_id)
        ours = winners.get(key) or local.get(key)
        if ours is None:
            winners[key] = theirs
            outcome.added += 1
            continue
        if (ours.decision, ours.note) == (theirs.decision, theirs.note):
            outcome.unchanged += 1
            continue
        newer = theirs.decided_at > ours.decided_at
        kept = theirs if newer else ours
        outcome.conflicts.append(
            f"{theirs.sha256[:12]} {theirs.evidence_id}: {_said(ours)} here, {_said(theirs)} in the import;"
            f" kept {kept.decision!r} ({'imported, newer' if newer else 'local, newer or as new'})")
        if newer:
            if key not in winners:
                outcome.replaced += 1
            winners[key] = theirs
    return list(winners.values()), outcome


def _said(d: Decision) -> str:
    who = f" by {d.reviewer}" if d.reviewer else ""
    return f"{d.decision!r}{' (' + d.note[:40] + ')' if d.note else ''}{who} at {d.decided_at}"
