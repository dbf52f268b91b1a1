"""The report as a reviewer meets it: Debian's Chromium opening the files from disk, offline."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import report_fixtures as fx
from conftest import CHROMIUM

from figscan.report.exports import paper_page_names, score_order
from figscan.report.html import write_report

DOCS = Path(__file__).resolve().parent.parent / "docs"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

XSS_TRAP = """
window.__xss = [];
window.alert = window.confirm = window.prompt = function (m) { window.__xss.push('dialog:' + m); };
"""

ALL_LINKS = """() => Array.from(document.querySelectorAll('[href], [src]')).map(el => ({
    tag: el.tagName.toLowerCase(),
    external: el.classList.contains('external'),
    raw: el.getAttribute('href') || el.getAttribute('src'),
    url: new URL(el.getAttribute('href') || el.getAttribute('src'), document.baseURI).href,
}))"""


def build(out: Path, results) -> Path:
    fx.write_store_files(out, results)
    write_report(out, results, fx.run_summary(results))
    return out



@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    results = fx.realistic_results(out)
    return build(out, results), results


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    results = fx.realistic_results(out) + [fx.hostile_result(out)]
    return build(out, results), results


class Visit:
    """A browser tab that records what a page logs, throws and requests."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def visible_rows(self):
        return self.page.locator("#papers tbody tr:not([hidden])")


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(XSS_TRAP)
    yield Visit(context.new_page())
    context.close()


def as_local_file(url: str) -> Path:
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    return Path(unquote(parts.path))


def assert_only_local_requests(tab: Visit, out: Path):
    assert tab.requests
    for url in tab.requests:
        assert out.resolve() in as_local_file(url).resolve().parents, url


def assert_links_resolve(page, out: Path):
    for link in page.evaluate(ALL_LINKS):
        if link["raw"].startswith(("#", "data:")):
            continue
        if link["external"]:
            assert link["url"].startswith(("https://", "http://")), link
            continue
        target = as_local_file(link["url"]).resolve()
        assert target.is_file() and out.resolve() in target.parents, f"{page.url}: {link['raw']}"


def save_screenshot(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / name), full_page=True)
    if os.environ.get("FIGSCAN_UPDATE_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(tmp_path / name, DOCS / name)


def test_index_loads_offline_without_errors(tab, site, tmp_path):
    out, results = site
    page = tab.open(out / "index.html")
    expect(tab.visible_rows()).to_have_count(len(results))
    assert page.locator("#shown").inner_text() == f"{len(results)} of {len(results)} shown"
    thumbnails = page.locator("td.figs img")
    thumbnails.first.scroll_into_view_if_needed()
    page.wait_for_function("() => Array.from(document.querySelectorAll('td.figs img')).every(i => i.complete && i.naturalWidth > 0)")
    assert thumbnails.count() == 1
    assert tab.errors == []
    assert_only_local_requests(tab, out)
    save_screenshot(page, tmp_path, "screenshot-index.png")


def column(tab: Visit, index: int) -> list[str]:
    return tab.page.eval_on_selector_all(
        f"#papers tbody tr:not([hidden]) td:nth-child({index})", "cells => cells.map(c => c.dataset.sort)")


def test_sorting_by_score_and_title(tab, site):
    out, results = site
    tab.open(out / "index.html")
    scores = [float(s) for s in column(tab, 2)]
    assert scores == sorted(scores, reverse=True), "the index opens in score order"
    score_header = tab.page.locator("th[data-column=score]")
    score_header.locator("button").click()
    assert score_header.get_attribute("aria-sort") == "ascending"
    assert [float(s) for s in column(tab, 2)] == sorted(scores)

    title_button = tab.page.locator("th[data-column=title] button")
    title_button.focus()
    tab.page.keyboard.press("Enter")  # headers are buttons: sorting works from the keyboard
    titles = column(tab, 3)
    assert titles == sorted(titles, key=str.casefold)
    assert titles[0].startswith("Ablation") and titles[-1].startswith("Zebrafish")
    assert tab.page.locator("th[data-column=score]").get_attribute("aria-sort") is None
    tab.page.keyboard.press("Enter")
    assert column(tab, 3) == sorted(titles, key=str.casefold, reverse=True)
    assert tab.errors == []


def test_filters_hide_rows(tab, site):
    out, results = site
    page = tab.open(out / "index.html")
    page.select_option("#filter-level", "high")
    assert column(tab, 3) == ["Ablation behaviour of a carbon/carbon thermal protection system for hypersonic glide vehicles"]
    page.select_option("#filter-level", "")
    page.select_option("#filter-country", "KP")
    expect(tab.visible_rows()).to_have_count(2)
    page.select_option("#filter-entity", "Kim Chaek University of Technology")
    assert column(tab, 3) == ["Buckling of fibre-reinforced composite cylindrical shells under axial compression"]
    page.locator("body").press("Escape")
    expect(tab.visible_rows()).to_have_count(len(results))

    page.locator("body").press("/")
    page.keyboard.type("zebrafish")
    assert column(tab, 3) == ["Zebrafish shoaling under changing light"]
    page.fill("#filter-text", "pak myong")
    assert column(tab, 3) == ["Buckling of fibre-reinforced composite cylindrical shells under axial compression"]
    page.fill("#filter-text", "no such paper anywhere")
    expect(tab.visible_rows()).to_have_count(0)
    expect(page.locator("#no-rows")).to_be_visible()
    page.fill("#filter-text", "")

    page.locator('.stat-filter[data-filter=category][data-value="Machine: engines and parts"]').click()
    assert page.input_value("#filter-category") == "Machine: engines and parts"
    assert column(tab, 3) == ["Machinability of a refractory high-entropy alloy"]
    assert page.locator("#shown").inner_text() == f"1 of {len(results)} shown"
    assert tab.errors == []


def test_keyboard_moves_through_rows_and_opens_a_paper(tab, site):
    out, results = site
    page = tab.open(out / "index.html")
    page.locator("body").press("j")
    page.keyboard.press("j")
    assert page.locator("#papers tbody tr.current td:nth-child(2)").get_attribute("data-sort") == "9.0"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    second = score_order(results)[1]
    assert page.url.endswith("papers/" + paper_page_names(results)[second.path])
    with page.expect_navigation():
        page.keyboard.press("u")
    assert page.url.endswith("/index.html")


def test_every_link_resolves_to_a_file_in_the_report(tab, site):
    out, results = site
    pages = [out / "index.html", out / "network.html", *sorted((out / "papers").glob("*.html"))]
    assert len(pages) == len(results) + 2
    for path in pages:
        assert_links_resolve(tab.open(path), out)
    assert tab.errors == []
    assert_only_local_requests(tab, out)


def test_paper_page_shows_overlays_and_pages_with_keys(tab, site, tmp_path):
    out, results = site
    names = paper_page_names(results)
    ordered = score_order(results)
    page = tab.open(out / "papers" / names[ordered[0].path])
    overlays = page.locator("img.overlay")
    assert overlays.count() == 2
    page.wait_for_function("() => Array.from(document.querySelectorAll('img.overlay')).every(i => i.complete)")
    assert page.eval_on_selector_all("img.overlay", "imgs => imgs.map(i => i.naturalWidth)") == [320, 320]
    assert page.locator("#flagged figure").count() == 2 and page.locator("#figures img[loading=lazy]").count() == 2
    assert page.locator("mark").first.inner_text() == "hypersonic"
    save_screenshot(page, tmp_path, "screenshot-paper.png")

    with page.expect_navigation():
        page.keyboard.press("j")
    assert page.url.endswith(names[ordered[1].path])
    with page.expect_navigation():
        page.keyboard.press("ArrowLeft")
    assert page.url.endswith(names[ordered[0].path])
    assert tab.errors == []


def test_network_draws_bounded_svg(tab, site):
    out, _ = site
    page = tab.open(out / "network.html")
    assert 0 < page.locator("svg .node").count() <= 80
    assert page.locator("svg rect.node.flagged").count() == 3
    assert page.locator("table.clusters tbody tr").count() >= 2
    assert tab.errors == []


def test_hostile_strings_never_run(tab, hostile_site):
    out, results = hostile_site
    hostile_page = out / "papers" / paper_page_names(results)[fx.HOSTILE_PATH]
    for path in (out / "index.html", hostile_page, out / "network.html"):
        page = tab.open(path)
        assert page.evaluate("window.__xss") == [], path.name
        assert page.evaluate("Array.from(document.scripts).filter(s => s.type !== 'application/json')"
                             ".every(s => /\\/static\\/(report|index|network)\\.js$/.test(s.src))"), "only our own scripts run"
        assert page.locator("img[src=x], svg[onload], b").count() == 0, path.name
        assert page.evaluate("Array.from(document.querySelectorAll('*')).filter(e => "
                             "Array.from(e.attributes).some(a => a.name.startsWith('on'))).length") == 0
        assert_links_resolve(page, out)
    page = tab.open(hostile_page)
    assert page.locator("h1").inner_text() == fx.HOSTILE_SCRIPT
    assert fx.HOSTILE_IMG in page.locator(".authors").inner_text()
    assert fx.HOSTILE_SCRIPT in page.locator("#flagged .caption").inner_text()
    assert fx.HOSTILE_PATH in page.locator(".paper-head .path").inner_text()
    page = tab.open(out / "index.html")
    page.fill("#filter-text", "window.__xss")
    expect(tab.visible_rows()).to_have_count(1)
    assert tab.dialogs == [] and tab.errors == []
    assert_only_local_requests(tab, out)


@pytest.fixture(scope="module")
def samples_site(tmp_path_factory):
    """The report of a real scan of samples/, as the quick start makes it."""
    from figscan.config import Config
    from figscan.executors import LocalExecutor
    from figscan.runner import run_scan

    out = tmp_path_factory.mktemp("samples-report")
    run_scan(Path(__file__).resolve().parents[1] / "samples", out, Config(), LocalExecutor(workers=2))
    return out


def test_real_scan_of_the_samples_reads_cleanly(tab, samples_site, tmp_path):
    out = samples_site
    page = tab.open(out / "index.html")
    rows = tab.visible_rows()
    expect(rows).to_have_count(6)
    assert_links_resolve(page, out)
    save_screenshot(page, tmp_path, "samples-index.png")
    errors = page.locator("#papers tbody tr", has_text="encrypted: password required")
    expect(errors).to_have_count(1)
    first_link = page.locator("#papers tbody tr").first.locator("a").first
    first_link.click()
    page.wait_for_load_state("load")
    overlays = page.locator("img[src*='overlay']")
    assert overlays.count() >= 1
    overlays.first.scroll_into_view_if_needed()
    page.wait_for_function("() => Array.from(document.querySelectorAll(\"img[src*='overlay']\"))"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    assert_links_resolve(page, out)
    save_screenshot(page, tmp_path, "samples-paper.png")
    assert tab.errors == []
    assert_only_local_requests(tab, out)
