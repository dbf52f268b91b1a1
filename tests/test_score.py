"""Evidence -> score, level and reasons, with the weights of figscan/data/weights.toml."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from figscan.model import Affiliation, EntityMatch, Figure, PaperResult, ShapeFinding, TermHit
from figscan.score import score_paper
from figscan.settings import CappedPart, SettingsError, default_weights, load_weights


def match(name: str, category: str, weight: float, where: str = "affiliation", list_name: str = "L") -> EntityMatch:
    return EntityMatch(name=name, matched=name, list_name=list_name, source="https://x.org", category=category,
                       where=where, page=1, weight=weight)


def test_each_kind_of_evidence_is_its_own_capped_reason() -> None:
    weights = default_weights()
    result = PaperResult(
        path="p.pdf", status="ok",
        affiliations=[Affiliation("Kim Il Sung University, Pyongyang, DPR Korea", country="KP")],
        figures=[Figure(id="p2-f1", page=2, bbox=(0, 0, 10, 10), kind="vector",
                        shape=ShapeFinding(score=0.9, flag=True))],
        entities=[match("Kim Il Sung University", "dprk-institution", 4.0),
                  match("Kim Il Sung University", "dprk-institution", 1.0, where="text"),
                  match("Harbin Engineering University", "entity-list", 3.0),
                  match("Beihang University", "defence-university", 2.0),
                  match("National Natural Science Foundation of China", "government-funder", 1.0, where="funding")],
        terms=[TermHit("weapons", "warhead", 3, "…warhead…", count=2), TermHit("machine", "nozzle", 3, "…", count=1)])

    score = score_paper(result)

    reasons = {r.reason: r for r in score.reasons}
    assert reasons["1 figure(s) with a missile-like shape"].points == pytest.approx(
        weights.figures.per_flagged_figure * 0.9)
    assert reasons["co-author affiliation in a sanctioned country: KP"].points == weights.countries.points["KP"]
    institutions = reasons["3 watch-listed institution(s)"]
    assert institutions.points == min(weights.entities.max_points, 4.0 + 3.0 + 2.0)
    assert "Kim Il Sung University (affiliation, page 1)" in institutions.evidence  # the heaviest match
    assert reasons["1 watch-listed funder(s)"].points == 1.0
    terms = reasons["dual-use technology terms in 1 categories"]  # machine: one occurrence, under min_hits
    assert "weapons (2 occurrences)" in terms.evidence
    assert score.total == pytest.approx(sum(r.points for r in score.reasons))
    assert score.level == "high"


def test_no_evidence_no_reasons() -> None:
    score = score_paper(PaperResult(path="p.pdf", status="ok"))
    assert (score.total, score.level, score.reasons) == (0, "none", [])


@pytest.mark.parametrize("level", ["low", "medium", "high"])
def test_levels_follow_the_weights_file(level: str) -> None:
    weights = replace(default_weights(), entities=CappedPart(max_points=100.0))
    threshold = getattr(weights.levels, level)

    def level_at(total: float) -> str:
        return score_paper(PaperResult(path="p", status="ok", entities=[match("X", "entity-list", total)]),
                           weights).level

    assert level_at(threshold) == level
    assert level_at(threshold - 0.01) != level


def test_a_typo_in_the_weights_file_names_the_file_and_key(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[1] / "figscan" / "data" / "weights.toml").read_text(encoding="utf-8")
    assert "per_flagged_figure = 5.0" in text
    path = tmp_path / "weights.toml"
    path.write_text(text.replace("per_flagged_figure = 5.0", "per_flaged_figure = 5.0"), encoding="utf-8")
    with pytest.raises(SettingsError, match=r"weights.toml: \[figures\]: unknown key 'per_flaged_figure' "
                                            r"\(did you mean 'per_flagged_figure'\?\)"):
        load_weights(path)
    path.write_text(text.replace("high = 8.0", 'high = "eight"'), encoding="utf-8")
    with pytest.raises(SettingsError, match=r"weights.toml: levels.high = 'eight' is not a number"):
        load_weights(path)
    path.write_text(text.replace("min_hits = 2\n", ""), encoding="utf-8")
    with pytest.raises(SettingsError, match=r"\[terms\]: missing key 'min_hits'"):
        load_weights(path)


def part_of(name: str, parent: str, weight: float, affiliations: list[int]) -> EntityMatch:
    return replace(match(name, "entity-list", weight), parent=parent, affiliations=affiliations)


@pytest.mark.parametrize("part_weight, whole_weight, kept", [(3.0, 2.0, "14th Research Institute of CETC"),
                                                            (2.0, 3.0, "China Electronics Technology Group Corporation")])
def test_a_subordinate_and_its_parent_in_one_affiliation_count_once_at_the_heavier(
        part_weight: float, whole_weight: float, kept: str) -> None:
    cetc = "China Electronics Technology Group Corporation"
    result = PaperResult(path="p", status="ok", entities=[
        part_of("14th Research Institute of CETC", cetc, part_weight, [0]),
        replace(match(cetc, "military-company", whole_weight), affiliations=[0])])
    reason = next(r for r in score_paper(result).reasons if "institution" in r.reason)
    assert reason.points == 3.0 and reason.reason == "1 watch-listed institution(s)"
    assert reason.evidence.startswith(kept) and "counted once" in reason.evidence


def test_a_subordinate_and_its_parent_in_different_affiliations_both_count() -> None:
    cetc = "China Electronics Technology Group Corporation"
    result = PaperResult(path="p", status="ok", entities=[
        part_of("14th Research Institute of CETC", cetc, 3.0, [0]),
        replace(match(cetc, "military-company", 2.0), affiliations=[1])])
    reason = next(r for r in score_paper(result).reasons if "institution" in r.reason)
    assert reason.points == min(default_weights().entities.max_points, 5.0)
    assert reason.reason == "2 watch-listed institution(s)"
