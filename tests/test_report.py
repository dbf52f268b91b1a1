"""The HTML report and CSV export, checked without a browser: files, escaping, incremental writes."""
from __future__ import annotations

import csv
import dataclasses
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import report_fixtures as fx

from figscan.files import spreadsheet_safe
from figscan.model import EntityMatch, Figure, PaperScore
from figscan.report.exports import paper_page_names, score_order, write_papers_csv
from figscan.report.html import highlight, image_url, link_figure_ids, run_summary, write_report
from figscan.report.network import coauthor_graph, network_view

CSP = "default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'"


class _Collector(HTMLParser):
    """Every tag with its attributes, so tests can inspect what the browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def parse(path: Path) -> list[tuple[str, dict[str, str]]]:
    collector = _Collector()
    collector.feed(path.read_text("utf-8"))
    return collector.tags


def html_files(out: Path) -> list[Path]:
    return [out / "index.html", out / "network.html", *sorted((out / "papers").glob("*.html"))]


def report(out: Path, results) -> Path:
    fx.write_store_files(out, results)
    return write_report(out, results, fx.run_summary(results))


@pytest.fixture
def built(tmp_path):
    results = fx.realistic_results(tmp_path)
    return tmp_path, results, report(tmp_path, results)


def test_writes_index_paper_pages_network_csv_and_assets(built):
    out, results, index = built
    assert index == out / "index.html"
    for name in ("network.html", "papers.csv", "static/report.css", "static/report.js"):
        assert (out / name).is_file(), name
    names = paper_page_names(results)
    assert sorted(p.name for p in (out / "papers").glob("*.html")) == sorted(names.values())
    assert all(re.fullmatch(r"[0-9a-f]{16}\.html", n) for n in names.values())
    text = index.read_text("utf-8")
    assert text.count("<tr class=\"row-") == len(results)
    assert "Harbin Engineering University" in text and "North Korea (KP)" in text
    assert "not a PDF: the file ends after 512 bytes" in text


def test_every_page_has_the_csp_and_runs_only_our_script(built):
    out, _, _ = built
    for page in html_files(out):
        tags = parse(page)
        csp = [a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert csp and csp[0].startswith(CSP), page
        scripts = [a for t, a in tags if t == "script" and a.get("type") != "application/json"]  # JSON is data, never run
        names = [Path(s["src"]).name for s in scripts]
        assert names[0] == "report.js" and set(names) <= {"report.js", "index.js", "network.js"}, page


def test_local_links_resolve_to_existing_files(built):
    out, _, _ = built
    for page in html_files(out):
        for tag, attrs in parse(page):
            for attr in ("href", "src"):
                url = attrs.get(attr)
                if not url or url.startswith(("#", "data:")) or (tag == "a" and "external" in attrs.get("class", "")):
                    continue
                target = (page.parent / unquote(urlsplit(url).path)).resolve()
                assert target.is_file() and out in target.parents, f"{page.name}: {url}"


def test_index_lists_papers_in_score_order(built):
    out, results, _ = built
    page_names = paper_page_names(results)
    links = [a["href"] for t, a in parse(out / "index.html") if t == "a" and a.get("href", "").startswith("papers/")]
    ordered = [f"papers/{page_names[r.path]}" for r in score_order(results)]
    assert [link for link in dict.fromkeys(links) if link in ordered][: len(ordered)] == ordered


def test_paper_page_shows_evidence(built):
    out, results, _ = built
    page = out / "papers" / paper_page_names(results)[fx.harbin_kp_paper(out).path]
    text = page.read_text("utf-8")
    tags = parse(page)
    overlays = [a["src"] for t, a in tags if t == "img" and "overlay" in a.get("class", "")]
    assert overlays == ["../figures/a1b2c3d4e5f60718-p3-f1-overlay.png", "../figures/a1b2c3d4e5f60718-p5-f2-overlay.png"]
    lazy = [a for t, a in tags if t == "img" and "thumb" in a.get("class", "")]
    assert len(lazy) == 2 and all(a["loading"] == "lazy" for a in lazy)
    assert text.index('id="flagged"') < text.index('id="figures"')
    assert "<mark>hypersonic</mark>" in text and "p. 4" in text
    assert '<a href="#fig-p3-f1">p3-f1</a>' in text
    first_affiliation = text[text.index('<ol class="affiliations">'):].split("</li>")[0]
    assert "Kim Il Sung University" in first_affiliation and '<small class="page-ref">p. 1</small>' in first_affiliation
    assert "elongation" in text and "11672089" in text and "(72, 140)–(520, 360) pt" in text
    assert any(t == "a" and a.get("href") == fx.ENTITY_LIST and "noreferrer" in a.get("rel", "") for t, a in tags)
    assert any(t == "a" and a.get("id") == "next" for t, a in tags)
    assert not any(t == "a" and a.get("id") == "prev" for t, a in tags), "the top paper has no previous"


def test_hostile_strings_are_escaped_in_text_and_attributes(tmp_path):
    results = fx.realistic_results(tmp_path) + [fx.hostile_result(tmp_path)]
    report(tmp_path, results)
    hostile_page = tmp_path / "papers" / paper_page_names(results)[fx.HOSTILE_PATH]
    for page in html_files(tmp_path):
        text = page.read_text("utf-8")
        for raw in ("<script>window", "<img src=x", "<svg onload", "<b>missile</b>"):
            assert raw not in text, f"{page.name} contains raw {raw!r}"
        for tag, attrs in parse(page):
            assert not any(name.startswith("on") for name in attrs), f"{page.name}: event handler on <{tag}>"
            assert not any(v.strip().lower().startswith("javascript:") for k, v in attrs.items() if k in ("href", "src")), page.name
    text = hostile_page.read_text("utf-8")
    assert "&lt;script&gt;window.__xss.push(&#39;script&#39;)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=&#34;window.__xss.push(&#39;img&#39;)&#34;&gt;" in text
    assert "<mark>&lt;b&gt;missile&lt;/b&gt;</mark>" in text
    assert "javascript:alert(1)" in text, "an unsafe list source is shown as text, not linked"


def test_second_run_rewrites_nothing(built, caplog):
    out, results, _ = built
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    with caplog.at_level(logging.INFO, logger="figscan.report.html"):
        write_report(out, results, fx.run_summary(results))
    assert "0 paper pages written, 7 unchanged, 0 removed" in caplog.text
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}
    assert [p.relative_to(out) for p in before if before[p] != after[p]] == []
    assert not list(out.rglob("*.tmp")), "no temporary files left behind"


def test_changed_result_rewrites_its_page_only(built, caplog):
    out, results, _ = built
    results[2] = dataclasses.replace(results[2], problems=["font could not be decoded on page 2"])
    with caplog.at_level(logging.INFO, logger="figscan.report.html"):
        report(out, results)
    assert "1 paper pages written, 6 unchanged, 0 removed" in caplog.text
    assert "font could not be decoded" in (out / "papers" / paper_page_names(results)[results[2].path]).read_text("utf-8")


def test_removed_result_deletes_its_page(built, caplog):
    out, results, _ = built
    gone = results.pop(4)
    gone_page = out / "papers" / paper_page_names([gone])[gone.path]
    assert gone_page.exists()
    with caplog.at_level(logging.INFO, logger="figscan.report.html"):
        report(out, results)
    assert not gone_page.exists()
    assert "1 removed" in caplog.text
    assert gone.path not in (out / "index.html").read_text("utf-8")


def test_csv_has_one_row_per_paper_in_score_order(tmp_path):
    results = fx.realistic_results(tmp_path)
    results[0] = dataclasses.replace(results[0], title="=HYPERLINK(\"http://evil\",\"click\")")
    path = write_papers_csv(tmp_path, results)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["path"] for r in rows] == [r.path for r in score_order(results)]
    top = rows[0]
    assert top["level"] == "high" and top["score"] == "13.5" and top["countries"] == "CN; KP"
    assert top["entities"].split("; ")[0] == "Harbin Engineering University"
    assert top["funders"] == "National Natural Science Foundation of China"
    assert top["flagged_figures"] == "2" and top["figures"] == "4"
    assert top["term_categories"] == "Aerospace (3); High-performance materials (2)"
    assert top["top_terms"].startswith("hypersonic (2)")
    assert re.fullmatch(r"papers/[0-9a-f]{16}\.html", top["report_page"])
    materials = next(r for r in rows if r["path"] == results[0].path)
    assert materials["title"].startswith("'=HYPERLINK"), "formulas from PDFs are neutralised"
    encrypted = next(r for r in rows if r["path"] == "locked/encrypted.pdf")
    assert (encrypted["status"], encrypted["level"], encrypted["score"]) == ("error", "", "")
    assert encrypted["error"] == "the PDF is encrypted and needs a password"


def test_csv_counts_figures_without_decorations(tmp_path):
    results = fx.realistic_results(tmp_path)
    results[2] = dataclasses.replace(results[2], figures=results[2].figures + fx.letterhead_figures(range(1, 7)))
    path = write_papers_csv(tmp_path, results)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == ["path", "status", "error", "level", "score", "title", "countries", "entities", "funders",
                      "flagged_figures", "figures", "term_categories", "top_terms", "sha256", "report_page",
                      "decorations"], "a new column goes last, existing ones keep their place"
    rows_by_path = {row[0]: dict(zip(header, row)) for row in rows}
    logo_paper = rows_by_path[results[2].path]
    assert (logo_paper["figures"], logo_paper["decorations"]) == ("1", "6")
    assert (rows_by_path[results[1].path]["figures"], rows_by_path[results[1].path]["decorations"]) == ("4", "0")


def test_spreadsheet_safe_only_touches_formula_starts():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("Harbin") == "Harbin"


def test_run_summary_shares_are_of_readable_papers(tmp_path):
    results = fx.realistic_results(tmp_path)
    summary = run_summary(results, fx.run_summary(results))
    assert summary["readable"] == 5
    shares = {s["key"]: (s["count"], s["percent"]) for s in summary["countries"]}
    assert shares["CN"] == (3, 60) and shares["KP"] == (2, 40)
    assert {s["key"]: s["count"] for s in summary["levels"]} == {"high": 1, "medium": 1, "low": 1, "none": 2, "error": 2}
    assert {s["key"]: s["percent"] for s in summary["entity_categories"]}["government-funder"] == 40
    assert {s["key"]: s["percent"] for s in summary["term_categories"]}["Aerospace"] == 20


def test_highlight_marks_every_occurrence_case_insensitively():
    assert highlight("Hypersonic flow, a  hypersonic\nvehicle", "hypersonic") == [
        ("Hypersonic", True), (" flow, a ", False), ("hypersonic", True), (" vehicle", False)]
    assert highlight("a (b) c", "(b)") == [("a ", False), ("(b)", True), (" c", False)]


def test_evidence_links_only_whole_figure_ids():
    anchors = {"p3-f1": "fig-p3-f1", "p3-f10": "fig-p3-f10"}
    assert link_figure_ids("p3-f1, p3-f10 and p3-f11", anchors) == [
        ("p3-f1", "fig-p3-f1"), (", ", None), ("p3-f10", "fig-p3-f10"), (" and p3-f11", None)]


def test_image_url_links_only_existing_plain_file_names():
    available = {"a.png", "b c.png"}
    assert image_url("a.png", available, "../") == "../figures/a.png"
    assert image_url("b c.png", available, "") == "figures/b%20c.png"
    assert image_url("missing.png", available, "") is None
    assert image_url("../index.html", available | {"../index.html"}, "") is None
    assert image_url(None, available, "") is None


def test_missing_figure_image_is_not_linked(tmp_path):
    paper = fx.unrelated_paper(tmp_path)
    paper.figures.append(Figure("p4-f1", 4, (0, 0, 10, 10), "raster", "lost", "never-written.png"))
    report(tmp_path, [paper])
    page = (tmp_path / "papers" / paper_page_names([paper])[paper.path]).read_text("utf-8")
    assert "never-written.png" not in page and "no image" in page


def test_page_names_come_from_hashes_and_survive_duplicate_content(tmp_path):
    first, second = fx.unrelated_paper(tmp_path), fx.unrelated_paper(tmp_path)
    second.path = "copy/zebrafish-behaviour.pdf"
    no_hash = fx.truncated_paper()
    names = paper_page_names([first, second, no_hash])
    assert len(set(names.values())) == 3
    assert names[second.path] == first.sha256[:16] + ".html"  # sorted by path: "copy/" comes first
    assert all(re.fullmatch(r"[0-9a-f]{16}\.html", n) for n in names.values())


def test_network_merges_institutions_and_stays_bounded(tmp_path):
    results = fx.realistic_results(tmp_path)
    names = paper_page_names(results)
    graph = coauthor_graph(results, names)
    heu = graph.nodes["institution:harbin engineering university"]
    assert heu["flagged"] and len(heu["papers"]) == 2, "two spellings of HEU are one node"
    assert graph.has_edge("author:wang lei", "author:pak myong chol")
    view = network_view(graph, max_nodes=5)
    assert len(view["nodes"]) == 5 and view["total_nodes"] == graph.number_of_nodes()
    assert sum(n["flagged"] for n in view["nodes"]) == 3, "watch-listed institutions are always drawn"
    assert all(40 <= n["x"] <= view["width"] - 40 and 40 <= n["y"] <= view["height"] - 40 for n in view["nodes"])
    assert view == network_view(graph, max_nodes=5), "the layout is seeded"


def test_empty_run_still_writes_a_report(tmp_path):
    write_report(tmp_path, [], fx.run_summary([]))
    assert "No paper matches" in (tmp_path / "index.html").read_text("utf-8")
    assert "no network to draw" in (tmp_path / "network.html").read_text("utf-8")


def test_unscored_error_sorts_last():
    ok = fx.truncated_paper()
    ok.path, ok.status, ok.score = "z.pdf", "ok", PaperScore(0.0, "none")
    assert [r.path for r in score_order([fx.truncated_paper(), ok])] == ["z.pdf", "broken/truncated.pdf"]


def test_a_match_shows_its_list_listing_date_citation_parent_and_timing(tmp_path):
    paper = dataclasses.replace(
        fx.harbin_kp_paper(tmp_path), paper_date="2019-03-12", paper_date_source="received date, page 1",
        entities=[EntityMatch("14th Research Institute of CETC", "The 14th Research Institute of CETC",
                              "US DoD Section 1260H Chinese military companies", fx.ENTITY_LIST, "military-company",
                              "affiliation", 1, 3.0, list_date="2021-01-12", affiliations=[1],
                              citation="DoD 1260H list of 2021-01-12", checked="2026-12-07",
                              parent="China Electronics Technology Group Corporation", listed_before_paper=False),
                  EntityMatch("Harbin Engineering University", "Harbin Engineering University", "US Entity List",
                              fx.ENTITY_LIST, "entity-list", "affiliation", 1, 3.0, list_date="2020-12-18",
                              affiliations=[1], citation="85 FR 83416", checked="2026-12-07", rating="very high",
                              listed_before_paper=False)])
    report(tmp_path, [paper])
    page = tmp_path / "papers" / paper_page_names([paper])[paper.path]
    section = page.read_text("utf-8").split('id="matches"')[1].split("</section>")[0]
    assert "Paper dated 2019-03-12" in section and "received date, page 1" in section
    assert "part of China Electronics Technology Group Corporation" in section
    assert "listed 2021-01-12" in section and "listed after the paper" in section
    assert "ASPI rating: very high" in section and "row checked 2026-12-07" in section
    citations = [a["href"] for t, a in parse(page) if t == "a" and "external" in a.get("class", "")]
    assert fx.ENTITY_LIST in citations
    assert '85 FR 83416</a>' in section, "the citation links to its source"
