"""Shared fixtures: where the shared corpus lives, and small PDFs drawn for the tests.

Every skip in this suite means a tool or data set is missing (Tesseract, Chromium, ../shared).
On a developer's machine that is a skip; under CI (the CI environment variable set, as
.ci/run's runner does) it is a failure, so a broken install step cannot pass as green.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pymupdf
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's, installed by `make setup`
# No sandbox (CI runs as root); no background connections, which this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a test that scans real corpora or many files (deselect with -m 'not slow')")


# `make test` runs on pytest-xdist workers (`--dist loadgroup`). The tests whose node id starts
# with a prefix named here go to one worker as one unit, so a module fixture (a scan, a generated
# corpus, a Dask cluster) is made once and the browser modules share one Chromium; every other test
# goes to whichever worker is free. xdist's own xdist_group mark does nothing under pytest 9 (xdist
# 3.8 renames item._nodeid, which pytest 9 no longer reads), hence this scheduler.
XDIST_GROUPS = {
    "tests/test_corpus.py::": "corpus-scan",
    "tests/test_hostile_scan.py::": "hostile-scan",
    "tests/test_hostile_corpus.py::": "hostile-corpus",
    "tests/test_review_server.py::": "review-server",
    "tests/test_report_browser.py::": "browser",
    "tests/test_review_browser.py::": "browser",
    "tests/test_scale_browser.py::": "browser",
    "tests/test_executors.py::test_dask_local_cluster_runs_the_same_tasks": "dask-cluster",
    "tests/test_executors.py::test_dask_scan_of_the_samples_matches_the_local_scan": "dask-cluster",
}


def xdist_group(nodeid: str) -> str:
    """The unit of work a test belongs to: its group, or the test alone."""
    return next((group for prefix, group in XDIST_GROUPS.items() if nodeid.startswith(prefix)), nodeid)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist (the test extra); absent without it
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        """xdist's scope scheduler with XDIST_GROUPS as the scopes (groups go out first, largest first)."""

        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid)

    return GroupScheduling(config, log)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every tool and ../shared must be present: {reason}"


@pytest.fixture
def corpus() -> Path:
    if not (CORPUS / "MANIFEST.tsv").exists():
        pytest.skip(f"shared corpus not found at {CORPUS} (it sits beside the clone in CI)")
    return CORPUS


def draw_rocket(page: pymupdf.Page, x: float, y: float, length: float, radius: float | None = None,
                width: float = 1.2) -> None:
    """A side-profile rocket outline: ogive-ish nose, body tube, two trapezoid fins."""
    r = radius or length / 14
    shape = page.new_shape()
    nose = length * 0.22
    shape.draw_bezier((x, y), (x + nose * 0.4, y - r * 1.1), (x + nose * 0.8, y - r), (x + nose, y - r))
    shape.draw_line((x + nose, y - r), (x + length, y - r))
    shape.draw_line((x + length, y - r), (x + length, y + r))
    shape.draw_line((x + length, y + r), (x + nose, y + r))
    shape.draw_bezier((x + nose, y + r), (x + nose * 0.8, y + r), (x + nose * 0.4, y + r * 1.1), (x, y))
    for sign in (-1, 1):
        shape.draw_polyline([(x + length * 0.8, y + sign * r), (x + length * 0.93, y + sign * r * 2.6),
                             (x + length, y + sign * r * 2.6), (x + length, y + sign * r)])
    shape.finish(color=(0, 0, 0), width=width)
    shape.commit()


def draw_table(page: pymupdf.Page, rect: pymupdf.Rect, rows: int = 6, cols: int = 4, vertical: bool = True,
               cell=lambda r, c: f"value {r}{c}", fontsize: float = 8, pad: float = 3) -> None:
    """A ruled grid (row rules, and column rules when `vertical`) with `cell(r, c)` in every cell."""
    shape = page.new_shape()
    for r in range(rows + 1):
        y = rect.y0 + r * rect.height / rows
        shape.draw_line((rect.x0, y), (rect.x1, y))
    for c in range(cols + 1) if vertical else ():
        x = rect.x0 + c * rect.width / cols
        shape.draw_line((x, rect.y0), (x, rect.y1))
    shape.finish(color=(0, 0, 0), width=0.5)
    shape.commit()
    for r in range(rows):
        for c in range(cols):
            page.insert_text((rect.x0 + c * rect.width / cols + pad, rect.y0 + (r + 0.7) * rect.height / rows),
                             cell(r, c), fontsize=fontsize)


def make_paper(path: Path, *, title: str = "Vibration of a finned body", with_raster: bool = True) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 80), title, fontsize=18)
    page.insert_text((72, 110), "Kim Chol, Li Wei", fontsize=11)
    page.insert_text((72, 130), "Harbin Engineering University, Harbin 150001, China", fontsize=9)
    page.insert_textbox(pymupdf.Rect(72, 150, 523, 260),
                        "Abstract. We study the vibration control of composite shells. " * 6, fontsize=10)
    draw_rocket(page, 120, 340, 340)
    page.insert_text((120, 420), "Fig. 1. Side view of the finned body.", fontsize=9)
    if with_raster:
        gradient = np.tile(np.linspace(0, 255, 200, dtype=np.uint8), (120, 1))
        pix = pymupdf.Pixmap(pymupdf.csGRAY, 200, 120, gradient.tobytes(), False)
        page.insert_image(pymupdf.Rect(150, 480, 450, 660), pixmap=pix)
        page.insert_text((150, 680), "Figure 2: A measured temperature field.", fontsize=9)
    doc.save(path)
    return path


def make_scanned_page(path: Path) -> Path:
    """An image-only page: a rendered page of text and a rocket, inserted as one picture."""
    source = pymupdf.open()
    page = source.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(60, 60, 535, 250), "Penetration of a projectile into concrete. " * 20, fontsize=11)
    draw_rocket(page, 150, 450, 300)
    pix = page.get_pixmap(dpi=100)
    scan = pymupdf.open()
    scan_page = scan.new_page(width=595, height=842)
    scan_page.insert_image(scan_page.rect, pixmap=pix)
    scan.save(path)
    return path


@pytest.fixture
def paper_pdf(tmp_path: Path) -> Path:
    return make_paper(tmp_path / "paper.pdf")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test (each test opens its own context)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
