"""Hostile and broken PDFs through the whole scan: nothing stops the batch, nothing is lost,
nothing reaches the reviewer's browser unescaped, nothing is written outside --out."""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile import XSS_FILE_NAME, make_hostile_corpus, mutate_pdf
from inprocess import scan
from markupsafe import escape

import figscan.pipeline
from figscan.config import Config
from figscan.discover import discover
from figscan.executors import LocalExecutor
from figscan.runner import run_scan

pytestmark = pytest.mark.slow  # scans whole folders: deselect with -m "not slow" while developing

REPO = Path(__file__).resolve().parents[1]
SAFE_OUTPUT_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
EXPECTED_STATUS = {
    "empty.pdf": ("error", "empty file (0 bytes)"),
    "zip_disguised.pdf": ("error", "not a PDF (starts with PK"),
    "html_disguised.pdf": ("error", "not a PDF (starts with <"),
    "random_bytes.pdf": ("error", "not a PDF"),
    "random_bytes_pdf_header.pdf": ("error", "broken PDF"),
    "truncated_header_only.pdf": ("error", "truncated at byte 9"),
    "zero_pages.pdf": ("error", "PDF has no pages"),
    "encrypted_user_password.pdf": ("error", "encrypted: password required"),
    "dangling_link.pdf": ("error", "broken link"),
    "link_outside.pdf": ("error", "skipped: link points outside the scanned folder"),
    "link_etc_passwd.pdf": ("error", "skipped: link points outside the scanned folder"),
    "broken_xref.pdf": ("partial", "repaired its cross-reference table"),
    "truncated_at_page2.pdf": ("partial", "truncated at byte"),
    "kids_loop.pdf": ("partial", "cycle in page tree"),
    "parent_loop.pdf": ("partial", "cycle in page tree"),
    "image_bomb_flate.pdf": ("partial", "image declares 20000 x 20000 pixels"),
    "image_bomb_short_data.pdf": ("partial", "image declares 30000 x 30000 pixels"),
    "encrypted_owner_only.pdf": ("ok", None),
    "openaction_javascript.pdf": ("ok", None),
    "launch_action.pdf": ("ok", None),
    "embedded_files.pdf": ("ok", None),
    "huge_page.pdf": ("ok", None),
    "cmyk_image.pdf": ("ok", None),
    "alpha_image.pdf": ("ok", None),
    "jbig2_image.pdf": ("ok", None),
    "file with spaces.pdf": ("ok", None),
    "résumé 論文.pdf": ("ok", None),
    "it's \"x\".pdf": ("ok", None),
    "latin1-\\xe9t\\xe9.pdf": ("ok", None),
    "directory.pdf/nested.pdf": ("ok", None),
    "subdir/inside.pdf": ("ok", None),
    XSS_FILE_NAME: ("ok", None),
}


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


@pytest.fixture(scope="module")
def hostile_scan(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    source = base / "in"
    make_hostile_corpus(source)
    before = files_under(base)
    out = base / "out"
    run_scan(source, out, Config(), LocalExecutor(workers=2, timeout_seconds=60, memory_limit_mb=3072))
    results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    return base, source, out, before, {r["path"]: r for r in results}


def test_every_input_appears_once_with_a_status(hostile_scan):
    _base, source, out, _before, results = hostile_scan
    expected = {item.relative for item in discover(source)}
    assert set(results) == expected and len(expected) >= 40
    assert all(r["status"] in ("ok", "partial", "error") for r in results.values())
    with sqlite3.connect(out / "figscan.sqlite") as db:
        stored = [p for (p,) in db.execute("SELECT path FROM inputs")]
    assert sorted(stored) == sorted(expected)
    index = (out / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="papers-data">(.*?)</script>', index, re.S)
    assert block and {row["path"] for row in json.loads(block.group(1))} == expected  # every row, as JSON
    first_rows = [row["path"] for row in json.loads(block.group(1))][:50]  # INDEX_PAGE_SIZE rows are HTML too
    for path in first_rows:
        assert str(escape(path)) in index, path


@pytest.mark.parametrize("name", sorted(EXPECTED_STATUS))
def test_status_and_reason_say_what_happened(hostile_scan, name):
    results = hostile_scan[4]
    status, reason = EXPECTED_STATUS[name]
    result = results[name]
    assert result["status"] == status, result.get("error")
    if reason:
        assert reason in result["error"]


def test_partial_files_keep_the_pages_that_could_be_read(hostile_scan):
    results = hostile_scan[4]
    assert results["kids_loop.pdf"]["pages_read"] >= 1
    assert results["truncated_before_xref.pdf"]["pages_read"] >= 1


def test_font_garbage_is_read_by_ocr(hostile_scan):
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed (make setup installs it)")
    result = hostile_scan[4]["garbage_text_fonts.pdf"]
    assert result["pages_ocr"] == [1]
    assert "missile guidance" in {hit["term"].lower() for hit in result["terms"]}


def test_unreadable_file_is_an_error_unless_running_as_root(hostile_scan):
    result = hostile_scan[4]["unreadable.pdf"]
    assert result["status"] == ("ok" if os.geteuid() == 0 else "error")


def test_nothing_is_written_outside_out_and_names_come_from_hashes(hostile_scan):
    base, _source, out, before, _results = hostile_scan
    assert {p for p in files_under(base) if out not in p.parents} == before
    for path in files_under(out):
        assert all(SAFE_OUTPUT_NAME.match(part) for part in path.relative_to(out).parts), path


def test_payloads_are_escaped_everywhere_in_the_report(hostile_scan):
    out = hostile_scan[2]
    for page in [out / "index.html", *(out / "papers").glob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x onerror" not in text, page
    xss = hostile_scan[4][XSS_FILE_NAME]
    assert "<script>" in xss["title"] or "<script>" in json.dumps(xss["metadata"])


def test_killed_run_finishes_on_the_next_run_without_loss_or_duplicates(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    samples = sorted((REPO / "samples").glob("*.pdf"))
    for copy in range(2):  # two copies: files that differ only in their bytes' hash, and enough to kill mid-batch
        for sample in samples:
            data = sample.read_bytes() + f"\n% copy {copy}\n".encode()  # distinct content, same PDF
            (source / f"{copy}-{sample.name}").write_bytes(data)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "figscan", "scan", str(source), "--out", str(out), "--workers", "1", "--quiet"]
    process = subprocess.Popen(command, cwd=REPO, start_new_session=True)
    store = out / "figscan.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if store.exists():
            try:
                with sqlite3.connect(store) as db:
                    if db.execute("SELECT count(*) FROM inputs").fetchone()[0] >= 2:
                        break
            except sqlite3.OperationalError:  # the file is there a moment before its tables
                pass
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(store) as db:
        kept = db.execute("SELECT count(*) FROM inputs").fetchone()[0]
    assert 2 <= kept < len(samples) * 3
    finished = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert f"({kept} unchanged, reused)" in finished.stdout
    paths = [json.loads(line)["path"] for line in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(paths) == sorted(p.name for p in source.iterdir())


def test_mutated_pdfs_never_stop_the_batch(tmp_path):
    rng = random.Random(20261125)
    seeds = [p.read_bytes() for p in sorted((REPO / "samples").glob("*.pdf"))]
    source = tmp_path / "mutants"
    source.mkdir()
    for index in range(24):
        (source / f"mutant-{index:03}.pdf").write_bytes(mutate_pdf(rng.choice(seeds), rng))
    out = tmp_path / "out"
    run_scan(source, out, Config(), LocalExecutor(workers=2, timeout_seconds=30, memory_limit_mb=3072))
    results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert sorted(r["path"] for r in results) == sorted(p.name for p in source.iterdir())
    assert all(r["status"] in ("ok", "partial", "error") for r in results)
    assert all(r["error"] for r in results if r["status"] != "ok")


def test_a_front_matter_parser_failure_costs_only_the_front_matter(tmp_path, monkeypatch):
    """A parser bug on an unforeseen header layout leaves the paper partial, with its figures,
    their flags and its terms, instead of an error row with nothing scored."""
    def broken_parser(pages, metadata):
        raise IndexError("list index out of range")

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPO / "samples" / "rocket_profile_aero.pdf", folder)
    monkeypatch.setattr(figscan.pipeline, "parse_front_matter", broken_parser)
    scan(folder, tmp_path / "out")
    row = json.loads((tmp_path / "out" / "results.jsonl").read_text().splitlines()[0])
    assert row["status"] == "partial"
    assert "front matter not read (parser error IndexError: list index out of range)" in row["problems"]
    assert row["title"] == "" and row["authors"] == []
    assert any((f.get("shape") or {}).get("flag") for f in row["figures"])
    assert row["terms"] and row["score"]["total"] > 0
