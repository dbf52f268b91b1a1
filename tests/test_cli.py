"""The command line as a user runs it: exit codes, messages, and a re-scan that reuses results."""
import json
import os
import shutil
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from figscan.config import Config, Limits

REPO = Path(__file__).resolve().parents[1]


def figscan(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "figscan", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300)


def test_scan_of_samples_then_rescan_reuses_everything(tmp_path):
    first = figscan("scan", "samples", "--out", str(tmp_path), "--workers", "2")
    assert first.returncode == 0, first.stderr
    assert "6 files (0 unchanged, reused)" in first.stdout
    assert "[6]" in first.stderr  # plain progress lines when stderr is not a terminal
    results = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    statuses = {r["path"]: r["status"] for r in results}
    assert statuses["encrypted_user_password.pdf"] == "error"
    assert statuses["corrupt_truncated.pdf"] == "partial"
    assert statuses["rocket_profile_aero.pdf"] == "ok"
    again = figscan("scan", "samples", "--out", str(tmp_path), "--quiet")
    assert again.returncode == 0 and "6 files (6 unchanged, reused)" in again.stdout
    assert again.stderr == ""
    forced = figscan("scan", "samples", "--out", str(tmp_path), "--quiet", "--force")
    assert "6 files (0 unchanged, reused)" in forced.stdout


def test_missing_folder_is_a_usage_error(tmp_path):
    done = figscan("scan", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "input folder not found" in done.stderr
    assert not (tmp_path / "out").exists()


def test_unreachable_scheduler_is_said_plainly(tmp_path):
    pytest.importorskip("distributed", reason="dask[distributed] is an optional extra")
    done = figscan("scan", "samples", "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in done.stderr


def test_bad_config_is_a_usage_error(tmp_path):
    config = tmp_path / "figscan.toml"
    config.write_text("[limits]\nmax_pages = 0\n")
    done = figscan("scan", "samples", "--out", str(tmp_path / "out"), "--config", str(config))
    assert done.returncode == 2
    assert "max_pages must be positive" in done.stderr


def test_config_file_and_overrides_change_the_hash(tmp_path):
    config = tmp_path / "figscan.toml"
    config.write_text("[tool.figscan]\nocr = false\n[tool.figscan.limits]\nmax_pages = 7\n")
    loaded = Config.load(config, workers=3, timeout_seconds=None)
    assert loaded.limits.max_pages == 7 and loaded.ocr is False and loaded.workers == 3
    assert loaded.timeout_seconds == Config().timeout_seconds
    assert loaded.hash() != Config().hash()
    assert Config(workers=1).hash() == Config(workers=8).hash()  # workers do not change results
    with pytest.raises(ValueError, match="max_figures_per_page"):
        Limits(max_figures_per_page=-1)


def test_a_changed_line_of_analysis_code_rescans_everything(tmp_path):
    """Results are keyed on the code that made them: a copy of the package with one threshold
    changed reuses nothing that the original stored, although __version__ is the same."""
    from conftest import make_paper

    papers = tmp_path / "papers"
    papers.mkdir()
    make_paper(papers / "a.pdf")
    code = tmp_path / "code"
    shutil.copytree(REPO / "figscan", code / "figscan", ignore=shutil.ignore_patterns("__pycache__"))

    def scan() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "figscan", "scan", str(papers), "--out", str(tmp_path / "out"),
                               "--quiet", "--workers", "1"], cwd=code, capture_output=True, text=True, timeout=300, check=False,
                              env={**os.environ, "PYTHONPATH": str(code)})

    assert "1 files (0 unchanged, reused)" in scan().stdout
    assert "1 files (1 unchanged, reused)" in scan().stdout
    score = code / "figscan" / "score.py"
    score.write_text(score.read_text() + "\nUNUSED_THRESHOLD = 0.5  # a changed line\n")
    third = scan()
    assert "1 files (0 unchanged, reused)" in third.stdout, third.stdout + third.stderr
    [row] = [json.loads(line) for line in (tmp_path / "out" / "results.jsonl").read_text().splitlines()]
    assert len(row["code_hash"]) == 16
    index = (tmp_path / "out" / "index.html").read_text()
    assert f"code {row['code_hash'][:7]}" in index


def make_scanned_report(path: Path, pages: int) -> Path:
    """`pages` image-only pages, each a rendered page of text and a captioned rocket."""
    import pymupdf
    from conftest import draw_rocket

    scan = pymupdf.open()
    for number in range(1, pages + 1):
        source = pymupdf.open()
        page = source.new_page(width=595, height=842)
        page.insert_textbox(pymupdf.Rect(60, 60, 535, 300), f"Page {number}: the projectile was fired. " * 25,
                            fontsize=11)
        draw_rocket(page, 150, 450, 300)
        page.insert_text((150, 560), f"Fig. {number}. Side view of the projectile.", fontsize=11)
        scan.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842),
                                                          pixmap=page.get_pixmap(dpi=150))
    scan.save(path)
    return path


def test_a_run_killed_mid_file_is_completed_by_the_next_without_duplicates(tmp_path):
    """The run (client and workers) is killed once a page of a scanned file is checkpointed;
    the next run reads only the pages not kept, and its result equals a fresh scan's."""
    import signal
    import sqlite3
    import time

    pages = 3  # the fewest that leave a page kept and a page to read whichever page the kill lands on
    folder = tmp_path / "in"
    folder.mkdir()
    make_scanned_report(folder / "scan.pdf", pages=pages)
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "figscan", "scan", str(folder), "--out", str(out), "--workers", "1"],
                           cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def kept() -> int:
        try:
            with closing(sqlite3.connect(out / "figscan.sqlite")) as db:
                return db.execute("SELECT count(*) FROM page_checkpoints").fetchone()[0]
        except sqlite3.OperationalError:  # not created yet
            return 0

    deadline = time.monotonic() + 240
    while kept() < 1 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    pages_kept = kept()
    assert 1 <= pages_kept < pages, "killed mid-file"
    assert not (out / "results.jsonl").exists()

    again = figscan("scan", str(folder), "--out", str(out), "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert f"({pages - pages_kept} pages read so far)" in again.stderr, again.stderr
    fresh = figscan("scan", str(folder), "--out", str(tmp_path / "fresh"), "--workers", "1")
    assert fresh.returncode == 0
    [row] = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    [clean] = [json.loads(line) for line in (tmp_path / "fresh" / "results.jsonl").read_text().splitlines()]
    assert row["status"] == "ok" and row["pages_read"] == pages
    assert [f["id"] for f in row["figures"]] == ["p1-f1", "p2-f1", "p3-f1"]
    assert {**row, "seconds": 0} == {**clean, "seconds": 0}
    assert kept() == 0, "checkpoints of a finished file are dropped"
