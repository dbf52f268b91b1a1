"""The embedded store: SQLite at OUT/figscan.sqlite, keyed by each PDF's sha256.

One transaction per finished paper, so a run that is killed keeps every paper it finished and
a second run picks up where it stopped. `papers` holds one result per distinct file content
(with the hashes of the code and config that made it); `inputs` holds one row per file path,
so duplicates share a result and errors for unreadable files are kept too. The other tables are
flattened views of the results for reviewers who query the store directly; a store written
by an older figscan gains the columns added since when it is opened (`_upgrade`).
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from figscan.model import Figure, PaperResult

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

