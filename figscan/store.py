"""The embedded store: SQLite at OUT/figscan.sqlite, keyed by each PDF's sha256.

One transaction per finished paper, so a run that is killed keeps every paper it finished and
a second run picks up where it stopped. `papers` holds one result per distinct file content
(with the hashes of the code and config that made it); `inputs` holds one row per file path,
so duplicates share a result and errors for unreadable files are kept too. The other tables are
flattened views of the results for reviewers who query the store directly; a store written
by an older figscan gains the columns added since when it is opened (`_upgrade`).

Reviewer decisions (`decisions`, with every one ever stored in `decision_log`), when each
evidence item was first seen (`evidence_seen`), review sessions and run summaries are kept
beside the results, keyed by content and stable evidence ids (figscan/decisions.py), and are
never dropped with the papers.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from figscan.decisions import (
    PAPER,
    Decision,
    PaperReview,
    check_decision,
    evidence_items,
    now_precise,
    paper_review,
    same_ids,
)
from figscan.model import Figure, PaperResult, RunSummary

SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    sha256 TEXT PRIMARY KEY,
    figscan_version TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    code_hash TEXT NOT NULL DEFAULT '',  -- figscan.files.code_fingerprint of the code that made it
    status TEXT NOT NULL,
    level TEXT,
    score REAL,
    title TEXT,
    result_json TEXT NOT NULL,
    scanned_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS inputs (
    path TEXT PRIMARY KEY,
    sha256 TEXT,  -- the content's result in papers; NULL when the file cannot be read
    size INTEGER NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    result_json TEXT  -- only for inputs that have no sha256 (unreadable files)
);
CREATE TABLE IF NOT EXISTS figures (
    sha256 TEXT NOT NULL REFERENCES papers(sha256) ON DELETE CASCADE,
    figure_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    bbox TEXT NOT NULL,
    kind TEXT NOT NULL,
    caption TEXT,
    shape_score REAL,
    flagged INTEGER NOT NULL,
    role TEXT NOT NULL DEFAULT 'figure',  -- or 'decoration': page furniture, never analysed
    panels TEXT NOT NULL DEFAULT '[]',  -- JSON list of subfigure boxes like bbox; json_array_length() counts them
    PRIMARY KEY (sha256, figure_id)
);
CREATE TABLE IF NOT EXISTS term_hits (
    sha256 TEXT NOT NULL REFERENCES papers(sha256) ON DELETE CASCADE,
    category TEXT NOT NULL, term TEXT NOT NULL, page INTEGER, snippet TEXT
);
CREATE TABLE IF NOT EXISTS entity_matches (
    sha256 TEXT NOT NULL REFERENCES papers(sha256) ON DELETE CASCADE,
    name TEXT NOT NULL, list_name TEXT, category TEXT, found_in TEXT, matched TEXT, page INTEGER
);
CREATE TABLE IF NOT EXISTS page_checkpoints (  -- pages read of files not finished yet
    sha256 TEXT NOT NULL,
    page INTEGER NOT NULL,  -- 0-based
    code_hash TEXT NOT NULL,
    config_hash TEXT NOT NULL,
    work_json TEXT NOT NULL,  -- figscan.pipeline.PageWork
    PRIMARY KEY (sha256, page)
);
-- Reviewer decisions (figscan/decisions.py), keyed by content and a stable evidence id; never
-- dropped with the papers, so a file that leaves the folder and comes back keeps them.
CREATE TABLE IF NOT EXISTS decisions (
    sha256 TEXT NOT NULL,
    evidence_id TEXT NOT NULL,  -- 'paper' for the paper's status and note
    decision TEXT NOT NULL,  -- paper: to review, cleared, escalated; evidence: confirmed, dismissed, open
    note TEXT NOT NULL DEFAULT '',  -- the paper's note or the decision's reason
    decided_at TEXT NOT NULL,  -- UTC, ISO 8601 to the microsecond
    reviewer TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sha256, evidence_id)
);
CREATE TABLE IF NOT EXISTS decision_log (  -- every decision ever stored or imported, in order
    sha256 TEXT NOT NULL, evidence_id TEXT NOT NULL, decision TEXT NOT NULL, note TEXT NOT NULL,
    decided_at TEXT NOT NULL, reviewer TEXT NOT NULL, source TEXT NOT NULL  -- 'review' or the import file
);
CREATE TABLE IF NOT EXISTS evidence_seen (  -- when each piece of evidence first appeared
    sha256 TEXT NOT NULL,
    evidence_id TEXT NOT NULL,  -- 'paper' for the paper itself
    first_seen TEXT NOT NULL,
    PRIMARY KEY (sha256, evidence_id)
);
CREATE TABLE IF NOT EXISTS review_sessions (started_at TEXT NOT NULL, reviewer TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS runs (started TEXT NOT NULL, summary_json TEXT NOT NULL);  -- figscan.model.RunSummary
CREATE INDEX IF NOT EXISTS inputs_sha256 ON inputs(sha256);
CREATE INDEX IF NOT EXISTS term_hits_sha256 ON term_hits(sha256);
CREATE INDEX IF NOT EXISTS entity_matches_sha256 ON entity_matches(sha256);
"""

# Columns added after stores were first written, declared as in SCHEMA. Papers stored before
# `code_hash` existed keep '' there, which no code matches: they are scanned again.
ADDED_PAPER_COLUMNS = {
    "code_hash": "TEXT NOT NULL DEFAULT ''",
}
ADDED_FIGURE_COLUMNS = {
    "role": "TEXT NOT NULL DEFAULT 'figure'",
    "panels": "TEXT NOT NULL DEFAULT '[]'",
}


class Store:
    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        # a commit per page read: NORMAL syncs the WAL to disk at checkpoints, not at each commit
        # (5.6 ms a commit against 0.6 ms here). A killed run still keeps every commit; only a
        # power cut can take back the last ones, which the next run reads again.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)
        self._upgrade()

    def _upgrade(self) -> None:
        """Add the columns an older store lacks; fill the figure columns from each stored
        result, in one transaction, so old decorations are not left looking like analysed figures."""
        present = {row[1] for row in self.db.execute("PRAGMA table_info(papers)")}
        with self.db:
            for name, decl in ADDED_PAPER_COLUMNS.items():
                if name not in present:
                    self.db.execute(f"ALTER TABLE papers ADD COLUMN {name} {decl}")
        present = {row[1] for row in self.db.execute("PRAGMA table_info(figures)")}
        missing = {name: decl for name, decl in ADDED_FIGURE_COLUMNS.items() if name not in present}
        if not missing:
            return
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")  # DDL opens no implicit transaction
            for name, decl in missing.items():
                self.db.execute(f"ALTER TABLE figures ADD COLUMN {name} {decl}")
            for sha, paper_json in self.db.execute("SELECT sha256, result_json FROM papers").fetchall():
                self.db.execute("DELETE FROM figures WHERE sha256 = ?", (sha,))
                self._save_figures(sha, PaperResult.from_dict(json.loads(paper_json)).figures)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cached(self, sha256: str, code_hash: str, config_hash: str) -> PaperResult | None:
        """The stored result for this content, if the same code and config produced it."""
        row = self.db.execute(
            "SELECT result_json FROM papers WHERE sha256 = ? AND code_hash = ? AND config_hash = ?",
            (sha256, code_hash, config_hash)).fetchone()
        return PaperResult.from_dict(json.loads(row[0])) if row else None

    def checkpoint(self, sha256: str, code_hash: str, config_hash: str, page: int, work: dict) -> None:
        """Keep one page read (`figscan.pipeline.PageWork.to_json`) of a file not finished yet."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO page_checkpoints VALUES (?, ?, ?, ?, ?)",
                            (sha256, page, code_hash, config_hash, json.dumps(work)))

    def checkpoints(self, sha256: str, code_hash: str, config_hash: str) -> dict[int, dict]:
        """The pages kept of this content by the same code and config, by 0-based index."""
        rows = self.db.execute("SELECT page, work_json FROM page_checkpoints WHERE sha256 = ? AND code_hash = ?"
                               " AND config_hash = ?", (sha256, code_hash, config_hash))
        return {page: json.loads(work) for page, work in rows}

    def save(self, result: PaperResult) -> None:
        """Store one input's result in a single transaction; a file read to its end needs its
        page checkpoints no more (one a limit stopped keeps them, to be continued)."""
        with self.db:
            if result.sha256:
                self._save_paper(result)
                self._save_input_row(result)
                if not result.stopped:
                    self.db.execute("DELETE FROM page_checkpoints WHERE sha256 = ?", (result.sha256,))
            else:
                self.db.execute(
                    "INSERT OR REPLACE INTO inputs (path, sha256, size, status, error, result_json)"
                    " VALUES (?, NULL, ?, ?, ?, ?)",
                    (result.path, result.size, result.status, result.error, json.dumps(result.to_dict())))

    def save_input(self, result: PaperResult) -> None:
        """Point an input path at a result already stored for its content (a reused result)."""
        with self.db:
            self._save_input_row(result)

    def _save_input_row(self, result: PaperResult) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO inputs (path, sha256, size, status, error, result_json)"
            " VALUES (?, ?, ?, ?, ?, NULL)",
            (result.path, result.sha256, result.size, result.status, result.error))

    def _save_paper(self, result: PaperResult) -> None:
        sha = result.sha256
        score = result.score
        self.db.execute("DELETE FROM papers WHERE sha256 = ?", (sha,))
        self.db.execute(
            "INSERT INTO papers (sha256, figscan_version, config_hash, code_hash, status, level, score, title,"
            " result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha, result.figscan_version, result.config_hash, result.code_hash, result.status,
             score.level if score else None, score.total if score else None, result.title,
             json.dumps(result.to_dict())))
        self._save_figures(sha, result.figures)
        self.db.executemany(
            "INSERT INTO term_hits VALUES (?, ?, ?, ?, ?)",
            [(sha, t.category, t.term, t.page, t.snippet) for t in result.terms])
        self.db.executemany(
            "INSERT INTO entity_matches VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(sha, e.name, e.list_name, e.category, e.where, e.matched, e.page) for e in result.entities])

    def _save_figures(self, sha: str, figures: list[Figure]) -> None:
        self.db.executemany(
            "INSERT INTO figures (sha256, figure_id, page, bbox, kind, caption, shape_score, flagged, role, panels)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(sha, f.id, f.page, json.dumps(f.bbox), f.kind, f.caption, f.shape.score if f.shape else None,
              int(bool(f.shape and f.shape.flag)), f.role, json.dumps(f.panels)) for f in figures])

    def forget_inputs_except(self, paths: Iterable[str]) -> list[str]:
        """Drop inputs that are no longer in the folder (and papers no input refers to)."""
        keep = set(paths)
        gone = [p for (p,) in self.db.execute("SELECT path FROM inputs") if p not in keep]
        with self.db:
            self.db.executemany("DELETE FROM inputs WHERE path = ?", [(p,) for p in gone])
            self.db.execute("DELETE FROM papers WHERE sha256 NOT IN (SELECT sha256 FROM inputs WHERE sha256 IS NOT NULL)")
        return gone

    def results(self) -> list[PaperResult]:
        """One result per input path, in path order."""
        rows = self.db.execute(
            "SELECT inputs.path, inputs.result_json, papers.result_json FROM inputs"
            " LEFT JOIN papers ON papers.sha256 = inputs.sha256 ORDER BY inputs.path")
        results = []
        for path, own_json, paper_json in rows:
            result = PaperResult.from_dict(json.loads(paper_json or own_json))
            result.path = path
            results.append(result)
        return results


    def result(self, sha256: str) -> PaperResult | None:
        row = self.db.execute("SELECT result_json FROM papers WHERE sha256 = ?", (sha256,)).fetchone()
        return PaperResult.from_dict(json.loads(row[0])) if row else None

    # --- runs and reviews ----------------------------------------------------------------------

    def save_run(self, run: RunSummary) -> None:
        with self.db:
            self.db.execute("INSERT INTO runs VALUES (?, ?)", (run.started, json.dumps(asdict(run))))

    def last_run(self) -> RunSummary | None:
        row = self.db.execute("SELECT summary_json FROM runs ORDER BY rowid DESC LIMIT 1").fetchone()
        return RunSummary(**json.loads(row[0])) if row else None

    def begin_review(self, reviewer: str) -> str:
        started = now_precise()
        with self.db:
            self.db.execute("INSERT INTO review_sessions VALUES (?, ?)", (started, reviewer))
        return started

    def review_began(self) -> str | None:
        """When reviewing began in this store: the first session or decision, whichever came first."""
        (first,) = self.db.execute(
            "SELECT min(t) FROM (SELECT min(started_at) AS t FROM review_sessions"
            " UNION ALL SELECT min(decided_at) FROM decisions)").fetchone()
        return first

    def decide(self, decision: Decision, source: str = "review") -> None:
        """Store one decision (the latest for its item replaces the one before) and log it."""
        check_decision(decision)
        with self.db:
            self._write_decision(decision, source)

    def write_decisions(self, decisions: list[Decision], source: str) -> None:
        """Several decisions in one transaction (an import)."""
        for decision in decisions:
            check_decision(decision)
        with self.db:
            for decision in decisions:
                self._write_decision(decision, source)

    def log_decisions(self, decisions: list[Decision], source: str) -> None:
        """Keep decisions that were not applied (the losing side of an import) in the log only."""
        with self.db:
            self.db.executemany("INSERT INTO decision_log VALUES (?, ?, ?, ?, ?, ?, ?)",
                                [(d.sha256, d.evidence_id, d.decision, d.note, d.decided_at, d.reviewer, source)
                                 for d in decisions])

    def _write_decision(self, d: Decision, source: str) -> None:
        row = (d.sha256, d.evidence_id, d.decision, d.note, d.decided_at, d.reviewer)
        self.db.execute("INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?, ?)", row)
        self.db.execute("INSERT INTO decision_log VALUES (?, ?, ?, ?, ?, ?, ?)", (*row, source))

    def decisions(self, sha256: str | None = None) -> list[Decision]:
        where, args = ("WHERE sha256 = ?", (sha256,)) if sha256 else ("", ())
        rows = self.db.execute("SELECT sha256, evidence_id, decision, note, decided_at, reviewer FROM decisions"
                               f" {where} ORDER BY sha256, evidence_id", args)
        return [Decision(*row) for row in rows]

    def note_seen(self, results: Iterable[PaperResult]) -> None:
        """Record the first sighting of each paper and each evidence item not seen before (a
        figure whose box moved a little counts as seen under its old id)."""
        now = now_precise()
        with self.db:
            for result in results:
                if not result.sha256 or result.status == "error":
                    continue
                known = {k for (k,) in self.db.execute(
                    "SELECT evidence_id FROM evidence_seen WHERE sha256 = ?", (result.sha256,))}
                mapping = same_ids(evidence_items(result), known)
                self.db.executemany("INSERT OR IGNORE INTO evidence_seen VALUES (?, ?, ?)",
                                    [(result.sha256, stored, now) for stored in {PAPER, *mapping.values()}])

    def paper_review(self, result: PaperResult, review_began: str | None = None) -> PaperReview:
        sha = result.sha256 or ""
        decisions = {d.evidence_id: d for d in self.decisions(sha)}
        first_seen = dict(self.db.execute("SELECT evidence_id, first_seen FROM evidence_seen WHERE sha256 = ?", (sha,)))
        return paper_review(result, decisions, first_seen, review_began)

    def reviews(self, results: Iterable[PaperResult]) -> dict[str, PaperReview]:
        """Every readable paper's review, by sha256."""
        began = self.review_began()
        return {r.sha256: self.paper_review(r, began) for r in results if r.sha256 and r.status != "error"}
