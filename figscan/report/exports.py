"""Per-paper facts shared by the HTML report and the CSV export, and the atomic writer both use.

The HTML table and the CSV must never disagree about what a paper is flagged for, so both
read the same small functions here.
"""
from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Optional

from figscan.files import spreadsheet_safe, write_atomic
from figscan.model import Figure, PaperResult
from figscan.settings import default_term_categories

PAPERS_DIR = "papers"  # one HTML page per paper, under OUT/
LEVEL_RANK = {"error": -1, "none": 0, "low": 1, "medium": 2, "high": 3}

CSV_COLUMNS = (
    "path", "status", "error", "level", "score", "title", "countries", "entities", "funders",
    "flagged_figures", "figures", "term_categories", "top_terms", "sha256", "report_page",
    "decorations",  # new columns go last: spreadsheets and scripts read the others by position
)

# A spreadsheet treats a cell starting with one of these as a formula: PDF text must not run.


def display_title(result: PaperResult) -> str:
    """The title a reviewer recognises: parsed title, else PDF metadata title, else file name."""
    for candidate in (result.title, result.metadata.get("title", "")):
        candidate = " ".join((candidate or "").split())
        if candidate:
            return candidate
    return PureWindowsPath(PurePosixPath(result.path).name).name or result.path


def level_of(result: PaperResult) -> str:
    """The score level, or "error" for a file that could not be scored at all."""
    if result.score is not None:
        return result.score.level
    return "error" if result.status == "error" else "none"


def score_of(result: PaperResult) -> Optional[float]:
    return result.score.total if result.score is not None else None


def score_order(results: list[PaperResult]) -> list[PaperResult]:
    """What to read first: highest score first, unscored files last, ties by path."""
    def key(result: PaperResult) -> tuple[float, int, str]:
        score = score_of(result)
        return (-(score if score is not None else -1.0), -LEVEL_RANK[level_of(result)], result.path)
    return sorted(results, key=key)


def countries(result: PaperResult) -> list[str]:
    return sorted({a.country.strip().upper() for a in result.affiliations if a.country and a.country.strip()})


def flagged_entities(result: PaperResult) -> list[str]:
    """Watch-list names matched in the paper, heaviest first, each once."""
    by_weight: dict[str, float] = {}
    for match in result.entities:
        by_weight[match.name] = max(by_weight.get(match.name, 0.0), match.weight)
    return sorted(by_weight, key=lambda name: (-by_weight[name], name.casefold()))


def funders(result: PaperResult) -> list[str]:
    """The paper's funders, each once: by its Funder Registry name where data/funders.tsv knows it
    ("NSFC" and "National Natural Science Foundation of China" are one), else as printed."""
    seen: dict[str, None] = {}
    for funding in result.funding:
        registry = {f.name: f.registry_name for f in funding.by_funder}
        for funder in funding.funders:
            funder = registry.get(funder) or " ".join(funder.split())
            if funder:
                seen.setdefault(funder, None)
    return list(seen)


def analysed_figures(result: PaperResult) -> list[Figure]:
    """The paper's own figures: decorations (logos, running headers) are never analysed, so
    counting them would inflate the figure count of every paper with a letterhead."""
    return [f for f in result.figures if not f.decoration]


def flagged_figures(result: PaperResult) -> list[Figure]:
    """Figures the shape detector flagged, most missile-like first."""
    flagged = [(f.shape.score, f) for f in result.figures if f.shape is not None and f.shape.flag]
    return [f for _, f in sorted(flagged, key=lambda item: (-item[0], item[1].page, item[1].id))]


def category_label(category: str) -> str:
    """A term category's name for people ("High-performance materials"), from data/terms.toml."""
    known = default_term_categories().get(category)
    return known.label if known else category


def term_category_counts(result: PaperResult) -> list[tuple[str, int]]:
    """Term categories (field and technology), by label, by number of hits, most first."""
    counts = Counter(category_label(hit.category) for hit in result.terms)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def top_terms(result: PaperResult, limit: int = 5) -> list[tuple[str, int]]:
    counts = Counter(hit.term.casefold() for hit in result.terms)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def paper_page_names(results: list[PaperResult]) -> dict[str, str]:
    """Map each result's path to its report page file name, derived only from hashes.

    The content hash keeps a page's name stable when a file is moved; files without a hash, or
    a second copy of identical content, fall back to a hash of the path.
    """
    names: dict[str, str] = {}
    taken: set[str] = set()
    for result in sorted(results, key=lambda r: r.path):
        stem = (result.sha256 or "")[:16].lower()
        if len(stem) < 16 or not all(c in "0123456789abcdef" for c in stem) or stem in taken:
            stem = hashlib.sha256(("path:" + result.path).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        taken.add(stem)
        names[result.path] = stem + ".html"
    return names



def papers_csv_rows(results: list[PaperResult], page_names: dict[str, str]) -> list[list[str]]:
    """One row per input file in score order; `page_names` maps path -> report page file name."""
    rows = []
    for result in score_order(results):
        score = score_of(result)
        page = page_names.get(result.path)
        analysed = len(analysed_figures(result))
        rows.append([
            result.path,
            result.status,
            result.error or "",
            level_of(result) if result.score is not None else "",
            f"{score:g}" if score is not None else "",
            display_title(result),
            "; ".join(countries(result)),
            "; ".join(flagged_entities(result)),
            "; ".join(funders(result)),
            str(len(flagged_figures(result))),
            str(analysed),
            "; ".join(f"{category} ({count})" for category, count in term_category_counts(result)),
            "; ".join(f"{term} ({count})" for term, count in top_terms(result)),
            result.sha256 or "",
            f"papers/{page}" if page else "",
            str(len(result.figures) - analysed),
        ])
    return [[spreadsheet_safe(cell) for cell in row] for row in rows]


def write_papers_csv(out_dir: Path, results: list[PaperResult]) -> Path:
    """Write OUT/papers.csv (UTF-8 with BOM so spreadsheets read non-ASCII names correctly)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(papers_csv_rows(results, paper_page_names(results)))
    path = Path(out_dir) / "papers.csv"
    write_atomic(path, buffer.getvalue().encode("utf-8-sig"))
    return path


def listed_by_affiliation(result: PaperResult) -> dict[int, set[str]]:
    """Affiliation index -> names of the watch-list entries the matcher found in it."""
    listed: dict[int, set[str]] = defaultdict(set)
    for match in result.entities:
        for index in match.affiliations:
            listed[index].add(match.name)
    return listed
