"""Dual-use term matching on text read from small PDFs."""
from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from figscan.analyse.terms import count_by_category, count_by_page, find_terms, load_taxonomy, match_terms
from figscan.config import Limits
from figscan.extract.document import read_page_text
from figscan.extract.text import references_start
from figscan.model import PageText
from figscan.settings import default_term_categories


def pdf_pages(*texts: str) -> list[PageText]:
    """One page per text, with "References" as a heading line wherever the text says so."""
    doc = pymupdf.open()
    for text in texts:
        page = doc.new_page(width=595, height=842)
        y = 72.0
        for paragraph in text.split("\n"):
            used = page.insert_textbox(pymupdf.Rect(72, y, 523, 800), paragraph, fontsize=10)
            y = 800 - used + 12 if used >= 0 else 800
    return [read_page_text(doc[i], i + 1, Limits(), ocr=False) for i in range(doc.page_count)]


def test_variants_plurals_and_longest_phrase() -> None:
    pages = pdf_pages("Two re-entry vehicles and a reentry test; the solid rocket motors burned. "
                      "Titanium alloys were laser-cladded; laser cladding of superalloys; UNDEX loads.")
    found = {(h.category, h.term) for h in find_terms(pages)}
    assert ("weapons", "re-entry vehicle") in found
    assert ("weapons", "re-entry") in found  # "reentry test"
    assert ("weapons", "solid rocket motor") in found
    assert ("high_performance_materials", "titanium alloy") in found
    assert ("high_performance_materials", "laser cladding") in found
    assert ("high_performance_materials", "superalloy") in found
    assert ("weapons", "UNDEX") in found
    assert ("high_performance_materials", "alloy") not in found  # counted as "titanium alloy"
    assert ("weapons", "rocket motor") not in found


def test_word_boundaries_keep_out_longer_words() -> None:
    pages = pdf_pages("Missileworks engineering and enginery; the shellfish shelling; homework.")
    assert find_terms(pages) == []


def test_one_hit_per_term_and_page_with_its_count_and_snippet() -> None:
    pages = pdf_pages("intro text", "The warhead " * 40, "A warhead and two re-entry vehicles.")
    hits = find_terms(pages)
    warheads = [h for h in hits if h.term == "warhead"]
    assert [(h.page, h.count) for h in warheads] == [(2, 40), (3, 1)]
    assert all("warhead" in h.snippet.lower() and len(h.snippet) <= 170 for h in hits)
    assert "  " not in warheads[0].snippet
    vehicle = next(h for h in hits if h.term == "re-entry vehicle")
    assert vehicle.matched == "re-entry vehicles" and vehicle.matched in vehicle.snippet
    assert count_by_page(hits) == {2: {"weapons": 40}, 3: {"weapons": 2}}


def test_hits_of_a_term_stop_after_max_pages() -> None:
    pages = pdf_pages(*["A missile test."] * 8)
    hits = find_terms(pages, max_hits_per_term=3)
    assert [h.page for h in hits] == [1, 2, 3]


def test_leftmost_longest_on_word_boundaries() -> None:
    text = "anti-missile, missile-like; a missile guidance law for thin-walled structures (UNDEX)"
    found = [(text[s:e], term) for s, e, (_, term) in match_terms(text)]
    assert found == [("missile", "missile"), ("missile guidance", "missile guidance"),
                     ("thin-walled structures", "thin-walled structure"), ("UNDEX", "UNDEX")]


def test_variants_listed_in_the_taxonomy(tmp_path: Path) -> None:
    path = tmp_path / "terms.toml"
    path.write_text('[categories.x]\ngroup = "field"\nlabel = "X"\nweight = 1\nsource = "https://x.org"\n'
                    'terms = ["thermal protection system"]\nvariants = { "thermal protection system" = ["TPS"] }\n')
    taxonomy = load_taxonomy(path)
    assert [t for _, _, (_, t) in match_terms("The TPS and thermal-protection systems.", taxonomy)] == [
        "thermal protection system", "thermal protection system"]
    path.write_text(path.read_text().replace('{ "thermal protection system"', '{ "heat shield"'))
    with pytest.raises(ValueError, match="variants"):
        load_taxonomy(path)


def test_references_section_is_not_counted() -> None:
    body = "We model a composite sandwich panel under impact."
    refs = "References\n[1] A. Smith, Missile warhead penetration into concrete, Int. J. Impact Eng. 2001."
    pages = pdf_pages(body, body, refs)
    start = references_start(pages)
    assert start is not None and start[0] == 3
    categories = count_by_category(find_terms(pages))
    assert "weapons" not in categories
    assert categories["structural_reinforcement"] >= 2


def test_count_by_category_orders_by_count() -> None:
    pages = pdf_pages("missile missile missile nozzle")
    assert list(count_by_category(find_terms(pages)).items()) == [("weapons", 3), ("machine", 1)]


def test_every_category_has_weight_source_and_terms() -> None:
    for cid, category in default_term_categories().items():
        assert category.weight > 0, cid
        assert "http" in category.source, cid
        assert category.terms, cid
        assert category.controls, cid  # the control-list entries it maps to
    assert set(load_taxonomy().categories) >= {"weapons", "aerospace", "advanced_structures",
                                                 "high_performance_materials", "structural_reinforcement",
                                                 "machine"}


def test_taxonomy_without_source_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "terms.toml"
    path.write_text('[categories.x]\ngroup = "field"\nlabel = "X"\nweight = 1\nterms = ["x"]\n')
    with pytest.raises(ValueError, match="source"):
        load_taxonomy(path)
