import sqlite3

from figscan.model import Cue, Figure, PaperResult, PaperScore, ScoreReason, ShapeFinding, TermHit
from figscan.store import Store, write_atomic


def sample_result(path="a.pdf", sha="ab" * 32) -> PaperResult:
    finding = ShapeFinding(score=0.9, flag=True, bbox=(1, 2, 3, 4), axis=((1, 2), (3, 4)),
                           cues=[Cue("elongation", 6.2, True, "> 3")], overlay="x-overlay.png")
    return PaperResult(path=path, status="ok", sha256=sha, size=10, title="T",
                       figures=[Figure("p1-f1", 1, (0, 0, 10, 10), "vector", "Fig. 1", "x.png", 5, 5, finding)],
                       terms=[TermHit("aerospace", "missile", 1, "a missile here")],
                       score=PaperScore(5.0, "medium", [ScoreReason(5.0, "1 figure", "p1-f1")]),
                       figscan_version="1", config_hash="c")


def test_result_survives_a_round_trip(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save(sample_result())
        [loaded] = store.results()
    assert loaded == sample_result()


def test_cached_needs_same_version_and_config(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save(sample_result())
        assert store.cached("ab" * 32, "1", "c") == sample_result()
        assert store.cached("ab" * 32, "2", "c") is None
        assert store.cached("ab" * 32, "1", "other") is None


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
        assert store.cached("bb" * 32, "1", "c") is None


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
