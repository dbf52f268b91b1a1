"""The seed-scale corpus and the seed table (issue 25): the generator is deterministic, the
table's rules classify what they say, and a real scan of a generated corpus reproduces the
generator's truth within 2 points on every row."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from figscan.config import Config
from figscan.executors import LocalExecutor
from figscan.model import Affiliation, EntityMatch, PaperResult, TermHit
from figscan.report.seed_table import classify, seed_table, seed_table_settings
from figscan.runner import run_scan

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from seed_corpus import draw_plan, exact_counts, make_seed_corpus, truth_table  # noqa: E402

TIES = ("chinese_coauthor", "cn_government_funding", "pla_linked")


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_generator_is_deterministic_from_its_seed(tmp_path):
    make_seed_corpus(tmp_path / "a", n=12, seed=3)
    make_seed_corpus(tmp_path / "b", n=12, seed=3)
    make_seed_corpus(tmp_path / "c", n=12, seed=4)
    assert digests(tmp_path / "a") == digests(tmp_path / "b"), "same seed, same bytes (PDFs and truth)"
    assert digests(tmp_path / "a") != digests(tmp_path / "c")
    assert len([n for n in digests(tmp_path / "a") if n.endswith(".pdf")]) == 12


def test_plan_keeps_the_original_proportions_at_700():
    import random

    plan = draw_plan(700, random.Random(25))
    table = truth_table(plan)
    assert table["relevant"]["count"] == 117  # 110 of 657, scaled to 700
    assert [table[k]["count"] for k in TIES] == [100, 71, 94]  # 94, 67, 88 of 110, scaled
    assert table["aerospace"]["count"] + table["advanced_structures"]["count"] == 117
    assert abs(table["aerospace"]["percent"] - 62.0) < 0.5
    assert abs(table["high_performance_materials"]["percent"] - 48.0) < 0.5
    assert all(p.chinese_coauthor for p in plan if p.pla_linked or p.cn_government_funding)
    assert exact_counts(10, {"a": 0.62, "b": 0.38}) == {"a": 6, "b": 4}


def paper(terms: dict[str, int], countries=("KP",), entities=()) -> PaperResult:
    return PaperResult(path="p.pdf", status="ok",
                       affiliations=[Affiliation(text=c, country=c) for c in countries],
                       terms=[TermHit(category=c, term=c, page=1, snippet="", count=n) for c, n in terms.items()],
                       entities=list(entities))


def match(category: str, where: str, country: str = "CN") -> EntityMatch:
    return EntityMatch(name="x", matched="x", list_name="l", source="s", category=category, where=where,
                       country=country)


def test_classify_follows_the_rules_in_seed_table_toml():
    rules = seed_table_settings().rules
    assert not classify(paper({"aerospace": rules.min_field_hits - 1})).relevant, "a stray word is not a field"
    mixed = classify(paper({"aerospace": 4, "advanced_structures": 6, "machine": 2, "structural_reinforcement": 1}))
    assert (mixed.relevant, mixed.field, mixed.technology) == (True, "advanced_structures", "machine")
    assert classify(paper({"aerospace": 5, "weapons": 9})).technology == "other"
    tied = classify(paper({"aerospace": 3, "advanced_structures": 3}))
    assert tied.field == "aerospace", "a tie goes to the category listed first in terms.toml"
    ties = classify(paper({}, countries=("KP", "CN"), entities=[
        match("government-funder", "funding"), match("defence-university", "affiliation")]))
    assert (ties.chinese_coauthor, ties.cn_government_funding, ties.pla_linked) == (True, True, True)
    elsewhere = classify(paper({}, entities=[
        match("government-funder", "text"),  # a funder named in the body is not funding
        match("research-security-list", "affiliation"),  # not a PLA-linked category
        match("dprk-institution", "affiliation", country="KP")]))
    assert (elsewhere.chinese_coauthor, elsewhere.cn_government_funding, elsewhere.pla_linked) == (False, False, False)


@pytest.mark.slow
def test_a_scan_of_generated_papers_reproduces_the_truth_table(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    plan = make_seed_corpus(corpus, n=60, seed=25)
    run_scan(corpus, out, Config(), LocalExecutor(workers=2))
    results = [PaperResult.from_dict(json.loads(line)) for line in (out / "results.jsonl").open(encoding="utf-8")]
    assert len(results) == 60 and all(r.status == "ok" for r in results)
    truth = truth_table(plan)
    table = seed_table(results)
    assert table.relevant.count == truth["relevant"]["count"] == 10
    for row in table.rows():
        assert abs(row.percent - truth[row.key]["percent"]) <= 2.0, (row.key, row.percent, truth[row.key])
    truth_of = {p.file: p for p in plan}
    behind = {row.key: set(row.papers) for row in table.rows()}
    assert behind["pla_linked"] == {p.file for p in plan if p.relevant and p.pla_linked}, "the right papers, not just as many"
    assert (out / "seed-table.html").exists()
    assert all(truth_of[path].relevant for path in behind["relevant"])
