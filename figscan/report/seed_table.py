"""The original analysis's table, computed from a run: who co-authored, who paid, which field.

A reviewer who knows the analysis figscan follows (657 papers, 110 relevant: shares with Chinese
co-authors, Chinese-government funding, PLA-linked institutions, and the split by field and
technology) reads the same table for their own folder, each number linked to the papers behind
it. Every rule is in figscan/data/seed_table.toml; the classification uses only what the scan
stored (term hits, affiliation countries, watch-list matches), never the PDFs.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from figscan.model import PaperResult
from figscan.report.exports import countries, display_title, score_order
from figscan.settings import TermCategory, build, default_term_categories, read_toml

OTHER_TECHNOLOGY = "other"


@dataclass(frozen=True)
class OriginalTable:
    papers: int
    relevant: int
    source: str
    chinese_coauthor: float
    cn_government_funding: float
    pla_linked: float
    fields: dict[str, float]
    technologies: dict[str, float]


@dataclass(frozen=True)
class SeedRules:
    min_field_hits: int
    field_group: str
    technology_group: str
    chinese_country: str
    government_funder_categories: tuple[str, ...]
    pla_linked_categories: tuple[str, ...]


@dataclass(frozen=True)
class SeedTableFile:
    original: OriginalTable
    rules: SeedRules


@cache
def seed_table_settings() -> SeedTableFile:
    raw, where = read_toml("seed_table.toml")
    return build(SeedTableFile, raw, where)


@dataclass(frozen=True)
class PaperClass:
    """What one paper counts as in the table."""
    relevant: bool
    field: str  # a term category id of the field group, "" when not relevant
    technology: str  # a term category id of the technology group or "other"; "" when not relevant
    chinese_coauthor: bool
    cn_government_funding: bool
    pla_linked: bool


def _strongest(counts: Counter, categories: list[str]) -> str:
    """The category with most occurrences; ties go to the one listed first in terms.toml."""
    best = max(categories, key=lambda c: (counts[c], -categories.index(c)), default="")
    return best if counts[best] > 0 else ""


def classify(result: PaperResult, rules: SeedRules | None = None,
             categories: dict[str, TermCategory] | None = None) -> PaperClass:
    """A paper's row in the seed table, from its stored term hits, countries and matches."""
    rules = rules or seed_table_settings().rules
    categories = categories or default_term_categories()
    counts: Counter = Counter()
    for hit in result.terms:
        counts[hit.category] += hit.count
    fields = [c for c, category in categories.items() if category.group == rules.field_group]
    technologies = [c for c, category in categories.items() if category.group == rules.technology_group]
    relevant = result.status != "error" and sum(counts[c] for c in fields) >= rules.min_field_hits
    chinese = [m for m in result.entities if m.country == rules.chinese_country]
    return PaperClass(
        relevant=relevant,
        field=_strongest(counts, fields) if relevant else "",
        technology=(_strongest(counts, technologies) or OTHER_TECHNOLOGY) if relevant else "",
        chinese_coauthor=rules.chinese_country in countries(result),
        cn_government_funding=any(m.where == "funding" and m.category in rules.government_funder_categories
                                  for m in chinese),
        pla_linked=any(m.where == "affiliation" and m.category in rules.pla_linked_categories for m in chinese),
    )


@dataclass(frozen=True)
class SeedRow:
    key: str  # "chinese_coauthor", a field or technology category id, "other"
    label: str
    count: int
    total: int
    original: float | None  # the original analysis's percent, when it gave one
    papers: tuple[str, ...]  # paths, highest score first

    @property
    def percent(self) -> float:
        return round(100 * self.count / self.total, 1) if self.total else 0.0


@dataclass(frozen=True)
class SeedTable:
    papers: int  # readable papers in the run
    relevant: SeedRow  # share of all readable papers
    ties: list[SeedRow]  # Chinese co-authors, government funding, PLA-linked: shares of the relevant
    fields: list[SeedRow]
    technologies: list[SeedRow]
    original: OriginalTable

    def rows(self) -> list[SeedRow]:
        return [self.relevant, *self.ties, *self.fields, *self.technologies]


def seed_table(results: list[PaperResult]) -> SeedTable:
    """The original analysis's table for this run: relevant papers, then their shares."""
    settings = seed_table_settings()
    rules, original = settings.rules, settings.original
    categories = default_term_categories()
    readable = [r for r in score_order(results) if r.status != "error"]
    classes = {r.path: classify(r, rules, categories) for r in readable}
    relevant = [r.path for r in readable if classes[r.path].relevant]

    def row(key: str, label: str, chosen: list[str], total: int, reference: float | None) -> SeedRow:
        return SeedRow(key, label, len(chosen), total, reference, tuple(chosen))

    ties = [row(key, label, [p for p in relevant if getattr(classes[p], key)], len(relevant),
                getattr(original, key))
            for key, label in (("chinese_coauthor", "Chinese co-authors"),
                               ("cn_government_funding", "Chinese-government funding"),
                               ("pla_linked", "PLA-linked institutions"))]
    fields = [row(c, categories[c].label, [p for p in relevant if classes[p].field == c], len(relevant),
                  original.fields.get(c))
              for c, category in categories.items() if category.group == rules.field_group]
    technologies = [row(c, categories[c].label, [p for p in relevant if classes[p].technology == c], len(relevant),
                        original.technologies.get(c))
                    for c, category in categories.items() if category.group == rules.technology_group]
    technologies.append(row(OTHER_TECHNOLOGY, "Other technologies",
                            [p for p in relevant if classes[p].technology == OTHER_TECHNOLOGY], len(relevant),
                            round(100 - sum(original.technologies.values()), 1)))
    return SeedTable(
        papers=len(readable),
        relevant=row("relevant", "Relevant papers (a watched field)", relevant, len(readable),
                     round(100 * original.relevant / original.papers, 1)),
        ties=ties, fields=fields, technologies=technologies, original=original)


def seed_table_view(table: SeedTable, results: list[PaperResult], page_of: dict[str, str]) -> dict:
    """Template data: each row with its papers as (page, title) links."""
    titles = {r.path: display_title(r) for r in results}

    def view(row: SeedRow) -> dict:
        return {"key": row.key, "label": row.label, "count": row.count, "total": row.total,
                "percent": f"{row.percent:.1f}", "original": f"{row.original:.1f}" if row.original is not None else "",
                "difference": f"{row.percent - row.original:+.1f}" if row.original is not None else "",
                "papers": [{"page": page_of[p], "title": titles[p], "path": p} for p in row.papers]}

    return {"papers": table.papers, "relevant": view(table.relevant), "ties": [view(r) for r in table.ties],
            "fields": [view(r) for r in table.fields], "technologies": [view(r) for r in table.technologies],
            "original": table.original}
