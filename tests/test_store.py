import json
import sqlite3
from contextlib import closing
from dataclasses import replace

import report_fixtures as fx

from figscan.files import write_atomic
from figscan.model import (
    Cue,
    Figure,
    PaperResult,
    PaperScore,
    ScoreReason,
    ShapeFinding,
    TermHit,
)
from figscan.store import ADDED_FIGURE_COLUMNS, Store


def sample_result(path="a.pdf", sha="ab" * 32) -> PaperResult:
    finding = ShapeFinding(score=0.9, flag=True, bbox=(1, 2, 3, 4), axis=((1, 2), (3, 4)), twin=(5, 2, 7, 4),
                           bodies=[(1, 2, 3, 4), (5, 2, 7, 4)],
                           cues=[Cue("elongation", 6.2, True, "> 3")], overlay="x-overlay.png")
    return PaperResult(path=path, status="ok", sha256=sha, size=10, title="T",
                       figures=[Figure("p1-f1", 1, (0, 0, 10, 10), "vector", "Fig. 1", "x.png", 5, 5, finding)],
                       terms=[TermHit("aerospace", "missile", 1, "a missile here")],
                       score=PaperScore(5.0, "medium", [ScoreReason(5.0, "1 figure", "p1-f1")]),
                       figscan_version="1", config_hash="c", code_hash="k")


def test_result_survives_a_round_trip(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save(sample_result())
        [loaded] = store.results()
    assert loaded == sample_result()


def test_cached_needs_same_code_and_config(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save(sample_result())
        assert store.cached("ab" * 32, "k", "c") == sample_result()
        assert store.cached("ab" * 32, "other code", "c") is None
        assert store.cached("ab" * 32, "k", "other") is None


def test_papers_stored_before_code_hashes_are_not_reused(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save(sample_result())
    with closing(sqlite3.connect(path)) as db:  # the papers table as stores were written before
        db.execute("ALTER TABLE papers DROP COLUMN code_hash")
        db.commit()
    with Store(path) as store:
        assert store.cached("ab" * 32, "k", "c") is None
        assert store.cached("ab" * 32, "", "c") is not None, "the column is added, empty"


def test_duplicates_share_a_result_and_errors_without_hash_are_kept(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save(sample_result("a.pdf"))
        store.save(sample_result("copy/a.pdf"))
        store.save(PaperResult(path="locked.pdf", status="error", error="unreadable: permission denied"))
        results = store.results()
    assert [r.path for r in results] == ["a.pdf", "copy/a.pdf", "locked.pdf"]
    assert results[2].error == "unreadable: permission denied"
    db = sqlite3.connect(tmp_path / "s.sqlite")
    assert db.execute("SELECT count(*) FROM papers").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM figures WHERE flagged = 1").fetchone() == (1,)


def test_resaving_replaces_rows_instead_of_duplicating(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save(sample_result())
        store.save(sample_result())
    db = sqlite3.connect(tmp_path / "s.sqlite")
    assert db.execute("SELECT count(*) FROM term_hits").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM figures").fetchone() == (1,)


def test_forget_drops_deleted_inputs_and_their_papers(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save(sample_result("a.pdf", "aa" * 32))
        store.save(sample_result("b.pdf", "bb" * 32))
        assert store.forget_inputs_except(["a.pdf"]) == ["b.pdf"]
        assert [r.path for r in store.results()] == ["a.pdf"]
        assert store.cached("bb" * 32, "k", "c") is None


def test_write_atomic_skips_unchanged_files(tmp_path):
    target = tmp_path / "sub" / "f.html"
    assert write_atomic(target, b"one") is True
    assert write_atomic(target, b"one") is False
    assert write_atomic(target, b"two") is True
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["f.html"]


def test_save_input_points_a_new_path_at_a_stored_result(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save(sample_result("a.pdf"))
        store.save_input(sample_result("renamed/a.pdf"))
        assert [r.path for r in store.results()] == ["a.pdf", "renamed/a.pdf"]
        assert store.results()[1].figures == sample_result().figures


def figures_with_role_and_panels() -> PaperResult:
    """A letterhead logo on three pages, and a figure of two side-by-side panels (a), (b)."""
    two_panels = Figure("p2-f1", 2, (72.0, 100.0, 520.0, 300.0), "vector", "Fig. 2. (a) Side. (b) Top.",
                        panels=[(72.0, 100.0, 290.0, 300.0), (300.0, 100.0, 520.0, 300.0)])
    result = sample_result()
    return replace(result, figures=result.figures + [two_panels] + fx.letterhead_figures(range(1, 4)))


def figure_columns(db: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    return {figure_id: (role, panels) for figure_id, role, panels in db.execute(
        "SELECT figure_id, role, panels FROM figures")}


def test_figures_table_has_role_and_panels(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save(figures_with_role_and_panels())
    db = sqlite3.connect(tmp_path / "s.sqlite")
    columns = figure_columns(db)
    assert columns["p1-f1"] == ("figure", "[]")
    assert [columns[f"p{page}-f9"] for page in (1, 2, 3)] == [("decoration", "[]")] * 3
    role, panels = columns["p2-f1"]
    assert role == "figure"
    assert json.loads(panels) == [[72.0, 100.0, 290.0, 300.0], [300.0, 100.0, 520.0, 300.0]]
    assert db.execute("SELECT figure_id FROM figures WHERE role = 'figure' AND json_array_length(panels) > 1"
                      ).fetchall() == [("p2-f1",)]


def test_store_without_role_and_panels_columns_is_upgraded_on_open(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save(figures_with_role_and_panels())
        new_columns = store.db.execute("PRAGMA table_info(figures)").fetchall()
        expected = figure_columns(store.db)
    with closing(sqlite3.connect(path)) as db:  # the figures table as stores were written before
        for name in ADDED_FIGURE_COLUMNS:
            db.execute(f"ALTER TABLE figures DROP COLUMN {name}")
        assert len(db.execute("PRAGMA table_info(figures)").fetchall()) == len(new_columns) - len(ADDED_FIGURE_COLUMNS)
    with Store(path) as store:
        assert store.db.execute("PRAGMA table_info(figures)").fetchall() == new_columns
        assert figure_columns(store.db) == expected, "filled from the stored results, not left at defaults"
        assert store.results() == [figures_with_role_and_panels()]
        store.save(figures_with_role_and_panels())
        assert figure_columns(store.db) == expected
