"""The report at scale in Debian's Chromium: the index pages, filters and sorts 250 papers,
the network finds a node and lists its papers, the seed table links its papers. The results
are built from the seed corpus's plan (no scan), so the test is quick."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import CHROMIUM

from figscan.model import Affiliation, Author, EntityMatch, Funding, PaperResult, PaperScore, RunSummary, TermHit
from figscan.report.exports import paper_page_names
from figscan.report.html import INDEX_PAGE_SIZE, write_report

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from seed_corpus import (  # noqa: E402
    DPRK_INSTITUTIONS,
    FIELD_TERMS,
    OTHER_CHINESE_INSTITUTIONS,
    PLA_LINKED_INSTITUTIONS,
    TECHNOLOGY_TERMS,
    SeedPaper,
    draw_plan,
)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not installed at /usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

PAPERS = 250
HOSTILE_AUTHOR = "</script><img src=x onerror=\"window.__xss.push('net')\">"


def result_of(plan: SeedPaper, rng: random.Random, number: int) -> PaperResult:
    """What a scan would store for a planned paper: its ties as matches, its terms as hits."""
    dprk = DPRK_INSTITUTIONS[number % len(DPRK_INSTITUTIONS)][0]
    affiliations = [Affiliation(text=f"Faculty of Mechanics, {dprk}, Pyongyang, DPR Korea", country="KP", institution=dprk)]
    entities = []
    if plan.chinese_coauthor:
        pool = PLA_LINKED_INSTITUTIONS if plan.pla_linked else OTHER_CHINESE_INSTITUTIONS
        chinese = pool[number % len(pool)][0]
        affiliations.append(Affiliation(text=f"School of Mechanics, {chinese}, China", country="CN", institution=chinese))
        if plan.pla_linked:
            entities.append(EntityMatch(name=chinese, matched=chinese, list_name="ASPI China Defence Universities Tracker",
                                        source="https://unitracker.aspi.org.au/", category="defence-university",
                                        where="affiliation", country="CN", affiliations=[1], weight=3.0))
    funding = []
    if plan.cn_government_funding:
        funding.append(Funding(text="Supported by the National Natural Science Foundation of China (12345678).",
                               funders=["National Natural Science Foundation of China"], page=2))
        entities.append(EntityMatch(name="National Natural Science Foundation of China", matched="National Natural "
                                    "Science Foundation of China", list_name="Chinese government research funders",
                                    source="https://www.nsfc.gov.cn/", category="government-funder", where="funding",
                                    country="CN", weight=0.5))
    terms = []
    if plan.relevant:
        terms += [TermHit(category=plan.field, term=t, page=1, snippet=f"the {t} problem", count=2)
                  for t in FIELD_TERMS[plan.field][:2]]
        terms += [TermHit(category=plan.technology, term=t, page=1, snippet=f"the {t}", count=1)
                  for t in TECHNOLOGY_TERMS[plan.technology][:2]]
    names = [f"Author {number % 37} Kim", f"Author {number % 23} Li"][: len(affiliations)]
    if number == 7:
        names[0] = HOSTILE_AUTHOR
    authors = [Author(name=name, affiliations=[i]) for i, name in enumerate(names)]
    score = round(rng.uniform(0, 14), 1)
    level = "high" if score >= 8 else "medium" if score >= 4 else "low" if score >= 1 else "none"
    return PaperResult(path=plan.file, status="ok", sha256=f"{number:064x}", title=f"Paper {number:03d} {plan.title or 'ordinary'}",
                       page_count=2, pages_read=2, authors=authors, affiliations=affiliations, funding=funding,
                       terms=terms, entities=entities, score=PaperScore(score, level, []))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    rng = random.Random(25)
    plan = draw_plan(PAPERS, rng)
    for planned in plan:
        planned.title = f"{planned.field or 'ordinary'} {planned.technology}".strip()
    results = [result_of(p, rng, n) for n, p in enumerate(plan)]
    out = tmp_path_factory.mktemp("scale-report")
    run = RunSummary(input_dir="/data/seed", started="2026-12-07T12:00:00Z", seconds=60.0, files=PAPERS,
                     pages=2 * PAPERS, errors=0, reused=0, figscan_version="0.1.0", config_hash="cfg1")
    write_report(out, results, run)
    return out, results, plan



@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("window.__xss = []; window.alert = function (m) { window.__xss.push(m); };")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def open_ready(page, path: Path):
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready]")
    return page


def shown_titles(page) -> list[str]:
    return page.eval_on_selector_all("#papers tbody tr:not([hidden]) td.title a", "links => links.map(a => a.textContent)")


def test_index_pages_filters_and_sorts(page, site):
    out, results, plan = site
    page.set_viewport_size({"width": 1280, "height": 300})  # the pager stays out of sight until scrolled to
    open_ready(page, out / "index.html")
    assert page.locator("#shown").inner_text() == f"{PAPERS} of {PAPERS} shown"
    rows = page.locator("#papers tbody tr:not([hidden])")
    assert page.locator("#papers tbody tr").count() == INDEX_PAGE_SIZE == rows.count(), "one page, no hidden rows"
    page.evaluate("document.getElementById('show-more').click()")  # without scrolling: the button alone
    assert rows.count() == 2 * INDEX_PAGE_SIZE
    for _ in range(3 * PAPERS // INDEX_PAGE_SIZE):  # a reader scrolling down meets every row
        if rows.count() == PAPERS:
            break
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(300)
    assert rows.count() == PAPERS
    assert page.locator("#show-more").is_hidden()

    pla = sum(p.pla_linked for p in plan)
    page.select_option("#filter-entity", PLA_LINKED_INSTITUTIONS[0][0])
    wanted = sum(1 for n, p in enumerate(plan) if p.pla_linked and n % len(PLA_LINKED_INSTITUTIONS) == 0)
    assert page.locator("#shown").inner_text() == f"{wanted} of {PAPERS} shown"
    page.select_option("#filter-entity", "")
    page.fill("#filter-text", "seed_0123")
    assert [t[:9] for t in shown_titles(page)] == ["Paper 123"]
    page.fill("#filter-text", "")
    assert 0 < pla < PAPERS

    page.click("th[data-column=title] button")
    titles = shown_titles(page)
    assert len(titles) >= INDEX_PAGE_SIZE and titles == sorted(titles, key=str.casefold)
    assert titles[0] == min((r.title for r in results), key=str.casefold)
    page.click("th[data-column=score] button")
    scores = page.eval_on_selector_all("#papers tbody tr:not([hidden]) td:nth-child(2)", "c => c.map(x => parseFloat(x.dataset.sort))")
    assert scores == sorted(scores, reverse=True) and scores[0] == max(r.score.total for r in results)
    page.locator("body").press("Escape")
    assert page.locator("#shown").inner_text() == f"{PAPERS} of {PAPERS} shown"
    assert page.errors == []


def test_network_search_finds_a_node_and_lists_its_papers(page, site):
    out, results, _ = site
    open_ready(page, out / "network.html")
    name = PLA_LINKED_INSTITUTIONS[1][0]
    with_it = {r.path for r in results if any(e.name == name for e in r.entities)}
    before = page.get_attribute("#network-svg", "viewBox")
    page.fill("#network-search", name)
    page.press("#network-search", "Enter")
    expect(page.locator("#node-panel")).to_be_visible()
    assert page.locator("#node-name").inner_text() == name
    assert page.locator("#node-papers li").count() == len(with_it) > 0
    assert page.get_attribute("#network-svg", "viewBox") != before, "the view moved to the node"
    assert page.locator("a.found").count() >= 1
    page.click("#zoom-reset")
    assert page.get_attribute("#network-svg", "viewBox") == before

    author = page.locator("svg a[data-node]").first
    author.hover()
    expect(page.locator("#node-tip")).to_be_visible()
    author.click()
    assert page.locator("#node-name").inner_text() == page.locator("svg a[data-node] title").first.text_content().split(" — ")[0]
    assert page.locator("svg .cluster-label").count() >= 2
    assert page.evaluate("window.__xss") == [] and page.errors == []


def test_hostile_names_stay_text_in_the_network_data(page, site):
    out, _, _ = site
    open_ready(page, out / "network.html")
    page.fill("#network-search", "onerror")
    page.press("#network-search", "Enter")
    assert page.locator("#node-name").inner_text() == HOSTILE_AUTHOR
    assert page.locator("img[src=x]").count() == 0 and page.evaluate("window.__xss") == []
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 1, "only the JSON block"


def test_seed_table_links_the_papers_behind_each_number(page, site):
    out, results, plan = site
    page.goto((out / "seed-table.html").as_uri())
    relevant = sum(p.relevant for p in plan)
    row = page.locator("#seed-pla_linked")
    assert row.locator("td").nth(1).inner_text() == f"{sum(p.pla_linked for p in plan if p.relevant)} of {relevant}"
    row.locator("summary").click()
    names = paper_page_names(results)
    hrefs = row.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(hrefs) == sorted(f"papers/{names[p.file]}" for p in plan if p.relevant and p.pla_linked)
    with page.expect_navigation():
        row.locator("a").first.click()
    assert page.url.endswith(hrefs[0])
