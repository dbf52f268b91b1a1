"""The HTML report: an index to triage from, one page per paper, and a co-authorship network.

Two layers: pure view-model functions turn `PaperResult`s into plain dicts (no I/O, easy to
test), and `write_report` renders them with autoescaping Jinja2 templates and writes only the
files whose bytes changed. Every string that came from a PDF is hostile; it reaches the page
only through autoescaping, never `|safe`, and the pages' CSP allows only our own static files.
"""
from __future__ import annotations

import csv
import logging
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional
from urllib.parse import quote, urlsplit

import jinja2

from figscan.decisions import PaperReview
from figscan.files import write_atomic
from figscan.model import Figure, PaperResult, RunSummary
from figscan.report.exports import (
    LEVEL_RANK,
    PAPERS_DIR,
    analysed_figures,
    category_label,
    countries,
    display_title,
    flagged_entities,
    flagged_figures,
    funders,
    level_of,
    listed_by_affiliation,
    paper_page_names,
    score_of,
    score_order,
    term_category_counts,
    write_papers_csv,
)
from figscan.report.network import coauthor_graph, network_data, network_view
from figscan.report.review_view import apply_reviews, review_data
from figscan.report.seed_table import seed_table, seed_table_view

log = logging.getLogger(__name__)

FIGURES_DIR = "figures"
STATIC_DIR = "static"
STATIC_FILES = ("report.css", "report.js", "scale.css", "index.js", "network.js")
INDEX_PAGE_SIZE = 30  # rows in the page as HTML; index.js builds the others from JSON (PAGE_SIZE there)
SEED_TABLE_PAGE = "seed-table.html"
DOWNLOADS = (("papers.csv", "CSV, one row per paper"),
             ("results.jsonl", "full results, one JSON object per file"),
             ("figscan.sqlite", "result store"))
LEVELS = ("high", "medium", "low", "none", "error")
TOP_STATS = 12


_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


# --- view model: pure functions from results to template data --------------------------------

@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO code -> the shortest country name in figscan/data/countries.tsv ("North Korea")."""
    names: dict[str, str] = {}
    text = resources.files("figscan.data").joinpath("countries.tsv").read_text(encoding="utf-8")
    for row in csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"):
        if row["kind"] == "country" and len(row["name"]) < len(names.get(row["code"], row["name"] + "_")):
            names[row["code"]] = row["name"]
    return names


def country_name(code: str) -> str:
    return country_names().get(code, code)


def percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def image_url(name: Optional[str], available: set[str], prefix: str) -> Optional[str]:
    """URL of an image under OUT/figures/, or None if missing or not a plain file name.

    The report links only files that exist, so no page has a broken image, and a name that
    tries to leave the figures folder is never linked.
    """
    if not name or name not in available or name != os.path.basename(name) or name.startswith("."):
        return None
    return prefix + FIGURES_DIR + "/" + quote(name)


def figure_anchor(figure: Figure) -> str:
    return "fig-" + _ANCHOR_UNSAFE.sub("_", figure.id)


def external_url(source: str) -> Optional[str]:
    """A watch list's source as a link only if it is plain http(s); anything else stays text."""
    parts = urlsplit(source.strip())
    return source.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def highlight(snippet: str, term: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_term) pieces so the template can <mark> the term
    while autoescaping every piece."""
    snippet = " ".join(snippet.split())
    if not term.strip():
        return [(snippet, False)]
    pieces = re.split("(" + re.escape(term.strip()) + ")", snippet, flags=re.IGNORECASE)
    return [(piece, index % 2 == 1) for index, piece in enumerate(pieces) if piece]


def link_figure_ids(evidence: str, anchors: dict[str, str]) -> list[tuple[str, Optional[str]]]:
    """Split score evidence into (text, anchor) pieces so figure ids link to their figure."""
    if not anchors:
        return [(evidence, None)]
    pattern = "(" + "|".join(re.escape(i) for i in sorted(anchors, key=len, reverse=True)) + r")(?![\w-])"
    pieces = re.split(pattern, evidence)
    return [(piece, anchors.get(piece) if index % 2 else None)
            for index, piece in enumerate(pieces) if piece]


def paper_row(result: PaperResult, page_name: str, images: set[str]) -> dict:
    """What the index table and the paper header show about one file."""
    flagged = flagged_figures(result)
    thumbnail = None
    if flagged:
        top = flagged[0]
        src = image_url(top.shape.overlay, images, "") or image_url(top.image, images, "")
        if src:
            thumbnail = {"src": src, "alt": f"Flagged figure {top.id} on page {top.page}"}
    entity_categories = {}
    for match in result.entities:
        entity_categories.setdefault(match.name, match.category)
    score = score_of(result)
    categories = term_category_counts(result)
    return {
        "page": f"{PAPERS_DIR}/{page_name}",
        "page_name": page_name,
        "path": result.path,
        "title": display_title(result),
        "level": level_of(result),
        "level_rank": LEVEL_RANK[level_of(result)],
        "score": score,
        "score_text": f"{score:.1f}" if score is not None else "–",
        "status": result.status,
        "error": result.error or "",
        "code": result.code_hash[:7],  # which figscan code produced this row
        "countries": [{"code": c, "name": country_name(c)} for c in countries(result)],
        "entities": [{"name": n, "category": entity_categories[n]} for n in flagged_entities(result)],
        "funders": funders(result),
        "categories": categories,
        "top_categories": categories[:3],
        "term_hits": sum(h.count for h in result.terms),
        "flagged_count": len(flagged),
        "figure_count": len(analysed_figures(result)),
        "thumbnail": thumbnail,
        "search_extra": " ".join([a.name for a in result.authors] + [a.text for a in result.affiliations]),
    }


def index_record(row: dict) -> dict:
    """One index row as index.js reads it from the page's JSON block: what its cells show, the
    sort keys that are not shown as such (level rank, score, entity weight, term hits), and the
    authors and affiliations a text search also looks in. Serialised with Jinja's tojson, which
    escapes <, > and & so no string closes the block."""
    return {
        "page": row["page"], "path": row["path"], "title": row["title"], "level": row["level"],
        "score": row["score_text"], "status": row["status"], "error": row["error"], "code": row["code"],
        "countries": [[c["code"], c["name"]] for c in row["countries"]],
        "entities": [[e["name"], e["category"]] for e in row["entities"]], "funders": row["funders"],
        "categories": [c for c, _ in row["categories"]], "top": [list(c) for c in row["top_categories"]],
        "flagged": row["flagged_count"], "figures": row["figure_count"], "thumbnail": row["thumbnail"],
        "ranks": [row["level_rank"], row["score"] if row["score"] is not None else -1,
                  len(row["entities"]) * 1000 + len(row["funders"]), row["term_hits"]],
        "extra": " ".join(row["search_extra"].split()),
        "review": {key: review[key] for key in ("sha256", "status", "status_class", "new", "new_evidence")}
        if (review := row.get("review")) else None,
    }


def _share(counter: Counter, total: int, limit: Optional[int] = None) -> list[dict]:
    items = sorted(counter.items(), key=lambda item: (-item[1], str(item[0]).casefold()))[:limit]
    return [{"key": key, "label": key, "count": count, "percent": percent(count, total)} for key, count in items]


def run_summary(results: list[PaperResult], run: RunSummary) -> dict:
    """Counts and shares across the run: each share is of the papers that could be read."""
    readable = [r for r in results if r.status != "error"]
    total = len(readable)
    levels, by_country, by_list, by_category, by_entity, by_funder, by_term = (Counter() for _ in range(7))
    for result in results:
        levels[level_of(result)] += 1
    for result in readable:
        by_country.update(countries(result))
        by_list.update({m.list_name for m in result.entities})
        by_category.update({m.category for m in result.entities})
        by_entity.update(set(flagged_entities(result)))
        by_funder.update(set(funders(result)))
        by_term.update({category for category, _ in term_category_counts(result)})
    countries_share = _share(by_country, total)
    for item in countries_share:
        item["label"] = f"{country_name(item['key'])} ({item['key']})"
    return {
        "run": run,
        "duration": f"{int(run.seconds // 60)} min {run.seconds % 60:.0f} s" if run.seconds >= 60 else f"{run.seconds:.1f} s",
        "readable": total,
        "results": len(results),
        "levels": [{"key": level, "label": level, "count": levels[level], "percent": percent(levels[level], len(results))}
                   for level in LEVELS if levels[level] or level != "error"],
        "countries": countries_share,
        "lists": _share(by_list, total),
        "entity_categories": _share(by_category, total),
        "entities": _share(by_entity, total, TOP_STATS),
        "funders": _share(by_funder, total, TOP_STATS),
        "term_categories": _share(by_term, total),
    }


def filter_options(rows: list[dict]) -> dict:
    """The choices offered by the index filters: only values that occur."""
    return {
        "levels": [level for level in LEVELS if any(r["level"] == level for r in rows)],
        "countries": sorted({(c["code"], c["name"]) for r in rows for c in r["countries"]},
                            key=lambda c: c[1].casefold()),
        "entities": sorted({e["name"] for r in rows for e in r["entities"]}, key=str.casefold),
        "categories": sorted({c for r in rows for c, _ in r["categories"]}, key=str.casefold),
    }


def problem_files(results: list[PaperResult], page_names: dict[str, str]) -> list[dict]:
    """Files that failed or were only partly read, errors first, with their reasons."""
    chosen = [r for r in results if r.status != "ok" or r.problems or r.pages_without_text]
    chosen.sort(key=lambda r: (r.status != "error", r.status != "partial", r.path))
    return [{"path": r.path, "status": r.status, "error": r.error or "", "problems": r.problems,
             "pages_without_text": r.pages_without_text, "page": f"{PAPERS_DIR}/{page_names[r.path]}"}
            for r in chosen]


def figure_view(figure: Figure, images: set[str]) -> dict:
    shape = figure.shape
    x0, y0, x1, y1 = figure.bbox
    return {
        "id": figure.id,
        "anchor": figure_anchor(figure),
        "page": figure.page,
        "kind": figure.kind,
        "caption": " ".join(figure.caption.split()),
        "bbox": f"({x0:.0f}, {y0:.0f})–({x1:.0f}, {y1:.0f}) pt",
        "size": f"{figure.width_px}×{figure.height_px} px" if figure.width_px else "",
        "image": image_url(figure.image, images, "../"),
        "overlay": image_url(shape.overlay, images, "../") if shape else None,
        "flag": bool(shape and shape.flag),
        "score": f"{shape.score:.2f}" if shape else None,
        "rejected": shape.rejected if shape else None,
        "decoration": figure.decoration,
        "panels": len(figure.panels),
        "cues": [{"name": c.name, "value": f"{c.value:.3g}", "fired": c.fired, "detail": c.detail}
                 for c in (shape.cues if shape else [])],
    }


def decoration_views(figures: list[Figure], images: set[str]) -> list[dict]:
    """Repeated logos and headers, one entry per distinct image, with the pages it is on:
    shown small, apart from the gallery, so a reviewer can see what was left out and why."""
    by_image: dict[str, list[int]] = defaultdict(list)
    for figure in figures:
        if figure.decoration:
            by_image[figure.image or ""].append(figure.page)
    return [{"image": image_url(name, images, "../"), "count": len(pages), "pages": page_ranges(sorted(set(pages)))}
            for name, pages in sorted(by_image.items(), key=lambda item: (min(item[1]), item[0]))]


def page_ranges(pages: list[int]) -> str:
    """[2, 3, 4, 7] -> "2–4, 7"."""
    parts: list[str] = []
    for page in pages:
        if parts and parts[-1][1] == page - 1:
            parts[-1][1] = page
        else:
            parts.append([page, page])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in parts)


def listing_timing(listed_before_paper: Optional[bool]) -> str:
    """How a listing relates to the paper's date, in the words the report shows."""
    return {True: "listed before the paper", False: "listed after the paper"}.get(listed_before_paper, "")


def paper_view(result: PaperResult, page_name: str, images: set[str],
               previous: Optional[dict], following: Optional[dict]) -> dict:
    """Everything one paper page shows, with the evidence behind the score next to it."""
    row = paper_row(result, page_name, images)
    listed = listed_by_affiliation(result)
    affiliations = []
    for number, affiliation in enumerate(result.affiliations, start=1):
        text = " ".join(affiliation.text.split())
        code = (affiliation.country or "").upper()
        affiliations.append({
            "number": number, "text": text, "country": code, "country_name": country_name(code) if code else "",
            "entities": sorted(listed.get(number - 1, ())),
            "institution": affiliation.institution, "city": affiliation.city, "emails": affiliation.emails,
            "page": affiliation.page,
        })
    authors = [{"name": " ".join(a.name.split()), "email": a.email,
                "affiliations": [i + 1 for i in a.affiliations if 0 <= i < len(result.affiliations)]}
               for a in result.authors]
    terms_by_category: dict[str, list] = defaultdict(list)
    for hit in sorted(result.terms, key=lambda h: (h.page, h.term.casefold())):
        terms_by_category[category_label(hit.category)].append({"term": hit.term, "page": hit.page,
                                                "count": hit.count,
                                                "pieces": highlight(hit.snippet, hit.matched or hit.term)})
    figures = [figure_view(f, images) for f in result.figures]
    flagged_ids = [f.id for f in flagged_figures(result)]
    anchors = {f["id"]: f["anchor"] for f in figures}
    return {
        **row,
        "sha256": result.sha256 or "",
        "size": result.size,
        "page_count": result.page_count,
        "pages_read": result.pages_read,
        "pages_without_text": result.pages_without_text,
        "problems": result.problems,
        "seconds": result.seconds,
        "metadata": sorted(result.metadata.items()),
        "authors": authors,
        "affiliations": affiliations,
        "funding": [{"text": " ".join(f.text.split()), "funders": f.funders, "grants": f.grants, "page": f.page,
                     "by_funder": [{"name": b.name, "registry_name": b.registry_name if b.registry_name != b.name else "",
                                    "grants": b.grants} for b in f.by_funder]}
                    for f in result.funding],
        "paper_date": result.paper_date, "paper_date_source": result.paper_date_source,
        "matches": [{"name": m.name, "matched": m.matched, "list_name": m.list_name,
                     "source": m.source, "source_url": external_url(m.source), "category": m.category,
                     "where": m.where, "page": m.page, "weight": f"{m.weight:g}", "list_date": m.list_date,
                     "citation": m.citation, "checked": m.checked, "rating": m.rating, "parent": m.parent,
                     "alias": m.alias if m.alias not in (m.name, m.matched) else "",
                     "timing": listing_timing(m.listed_before_paper),
                     "similarity": f"{m.similarity:g}" if m.similarity < 100 else ""}
                    for m in sorted(result.entities, key=lambda m: (-m.weight, m.name.casefold(), m.page))],
        "reasons": [{"points": f"{r.points:+g}", "reason": r.reason,
                     "evidence": link_figure_ids(r.evidence, anchors)}
                    for r in (result.score.reasons if result.score else [])],
        "term_groups": [{"category": category, "hits": hits, "terms": top_terms_in(hits)}
                        for category, hits in sorted(terms_by_category.items(), key=lambda kv: (-len(kv[1]), kv[0]))],
        "flagged_figures": sorted((f for f in figures if f["flag"]), key=lambda f: flagged_ids.index(f["id"])),
        "other_figures": [f for f in figures if not f["flag"] and not f["decoration"]],
        "decorations": decoration_views(result.figures, images),
        "previous": previous,
        "next": following,
    }


def top_terms_in(hits: list[dict]) -> list[tuple[str, int]]:
    return Counter(h["term"].casefold() for h in hits).most_common(5)


# --- seed table ------------------------------------------------------------------------------

def write_seed_table(out_dir: Path, env: jinja2.Environment, results: list[PaperResult],
                     page_names: dict[str, str], common: dict) -> None:
    """OUT/seed-table.html: the original analysis's table for this run."""
    page_of = {path: f"{PAPERS_DIR}/{name}" for path, name in page_names.items()}
    view = seed_table_view(seed_table(results), results, page_of)
    html = env.get_template(SEED_TABLE_PAGE).render(seed=view, root="", **common)
    write_atomic(out_dir / SEED_TABLE_PAGE, html.encode("utf-8"))


# --- writing ---------------------------------------------------------------------------------

@dataclass
class WriteCounts:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


@lru_cache(maxsize=1)
def template_environment() -> jinja2.Environment:
    """One environment per process, so templates compile once (the review server rewrites the
    report after decisions); the loader still reloads a template whose file changed."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["kb"] = lambda size: f"{size / 1024:,.0f} KB" if size else "–"
    return env


def write_report(out_dir: Path, results: list[PaperResult], run: RunSummary,
                 reviews: Optional[dict[str, PaperReview]] = None) -> Path:
    """Write index.html, one page per paper, network.html, papers.csv and the static assets
    into `out_dir`; rewrite only changed files and drop pages of inputs that are gone.
    `reviews` (by sha256, from the store) put reviewer decisions on the pages and take
    dismissed evidence out of the scores."""
    out_dir = Path(out_dir)
    reviews = reviews or {}
    results = apply_reviews(results, reviews)
    env = template_environment()
    figures_dir = out_dir / FIGURES_DIR
    images = set(os.listdir(figures_dir)) if figures_dir.is_dir() else set()
    page_names = paper_page_names(results)
    ordered = score_order(results)
    rows = [paper_row(r, page_names[r.path], images) for r in ordered]
    for row, result in zip(rows, ordered):
        row["review"] = review_data(reviews.get(result.sha256 or ""), result)
    common = {"version": run.figscan_version, "config_hash": run.config_hash}

    for name in STATIC_FILES:
        write_atomic(out_dir / STATIC_DIR / name, (Path(__file__).with_name(STATIC_DIR) / name).read_bytes())

    pages = WriteCounts()
    for position, result in enumerate(ordered):
        view = paper_view(result, page_names[result.path], images,
                          rows[position - 1] if position > 0 else None,
                          rows[position + 1] if position + 1 < len(rows) else None)
        view["review"] = rows[position]["review"]
        html = env.get_template("paper.html").render(paper=view, root="../", position=position + 1,
                                                     total=len(rows), **common)
        if write_atomic(out_dir / PAPERS_DIR / page_names[result.path], html.encode("utf-8")):
            pages.written += 1
        else:
            pages.unchanged += 1
    current = set(page_names.values())
    for stale in (out_dir / PAPERS_DIR).glob("*.html") if (out_dir / PAPERS_DIR).is_dir() else []:
        if stale.name not in current:
            stale.unlink()
            pages.removed += 1

    write_papers_csv(out_dir, results)
    network = network_view(coauthor_graph(results, page_names))
    titles = {row["page"]: row["title"] for row in rows}
    write_atomic(out_dir / "network.html", env.get_template("network.html").render(
        network=network, titles=titles, data=network_data(network, titles), root="", papers=len(results),
        **common).encode("utf-8"))
    write_seed_table(out_dir, env, results, page_names, common)
    downloads = [{"name": name, "description": description} for name, description in DOWNLOADS
                 if (out_dir / name).exists()]
    index = out_dir / "index.html"
    write_atomic(index, env.get_template("index.html").render(
        summary=run_summary(results, run), rows=rows, records=[index_record(row) for row in rows],
        options=filter_options(rows),
        problems=problem_files(results, page_names), downloads=downloads, root="", page_size=INDEX_PAGE_SIZE,
        **common).encode("utf-8"))
    log.info("report: %d paper pages written, %d unchanged, %d removed", pages.written, pages.unchanged, pages.removed)
    return index
