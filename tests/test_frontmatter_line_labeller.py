"""The learned line labeller (issue 26): its model file, and the gaps it fills when the setting is on."""
from __future__ import annotations

import numpy as np
import pymupdf

from figscan.extract.frontmatter import _affiliation, parse_front_matter
from figscan.extract.frontmatter.line_labeller import (
    FEATURES,
    LABELS,
    Thresholds,
    fill_gaps,
    label_lines,
    line_features,
    load_model,
)
from figscan.model import Affiliation, FrontMatter, TextLine
from figscan.settings import default_frontmatter_settings
from tests.test_frontmatter_affiliations import paper
from tests.test_frontmatter_layouts import pages_of, put


def _line(y: float, text: str, size: float = 10.0) -> TextLine:
    return TextLine(page=1, bbox=(60.0, y, 400.0, y + size), text=text, size=size)


def _probabilities(labels: list[str]) -> np.ndarray:
    """One-hot probabilities: the labeller's answer, given."""
    rows = np.zeros((len(labels), len(LABELS)))
    for row, label in enumerate(labels):
        rows[row, LABELS.index(label)] = 1.0
    return rows


def test_the_setting_is_off_by_default_and_names_the_fills() -> None:
    settings = default_frontmatter_settings()
    assert settings.line_labeller is False
    assert set(settings.line_labeller_fills) <= {"affiliations", "authors", "title"}


def test_the_model_file_loads_and_labels_a_page_the_same_way_twice() -> None:
    model = load_model()
    assert model is not None and model.features == FEATURES
    pages = paper("Hypersonic Vehicle Trajectory Optimisation with Learned Constraints",
                  [("Wei Zhang and Li Na", 11), ("School of Astronautics, Beihang University, Beijing 100191, China", 9)])
    page = pages[0]
    first = label_lines(page.lines, page.width, page.height, 10.0, model)
    again = label_lines(page.lines, page.width, page.height, 10.0, model)
    assert first.shape == (len(page.lines), len(LABELS))
    assert np.array_equal(first, again)
    assert np.allclose(first.sum(axis=1), 1.0)
    texts = [l.text for l in page.lines]
    address = next(i for i, t in enumerate(texts) if t.startswith("School of Astronautics"))
    assert LABELS[int(np.argmax(first[address]))] == "affiliation"
    title = next(i for i, t in enumerate(texts) if t.startswith("Hypersonic"))
    assert LABELS[int(np.argmax(first[title]))] == "title"


def test_features_are_one_row_per_line_and_bounded() -> None:
    lines = [_line(80 + 14 * i, f"Line {i} of running text that goes on and on.") for i in range(5)]
    rows = line_features(lines, 612, 792, 10.0)
    assert rows.shape == (5, len(FEATURES))
    assert np.isfinite(rows).all()


def test_an_address_the_rules_did_not_read_is_added_with_its_country() -> None:
    lines = [_line(100, "Wei Zhang, Li Na"), _line(120, "Department of Physics, University of Manchester,"),
             _line(132, "Manchester M13 9PL, UK"), _line(160, "Paul Scherrer Institute, 5232 Villigen, Switzerland")]
    rules = FrontMatter(title="Total cross sections", affiliations=[_affiliation(
        "Department of Physics, University of Manchester, Manchester M13 9PL, UK", page=1)])
    front = fill_gaps(rules, lines, _probabilities(["author", "affiliation", "affiliation", "affiliation"]), 1,
                      ["affiliations"], Thresholds(), _affiliation)
    assert [a.country for a in front.affiliations] == ["GB", "CH"]  # the Manchester run is read already
    assert front.affiliations[1].text.startswith("Paul Scherrer Institute")


def test_lines_below_the_threshold_or_without_an_institution_add_nothing() -> None:
    lines = [_line(100, "Escuela de Ingenieros, Universidad de Sevilla, Spain"), _line(140, "Sevilla, Spain")]
    probabilities = np.array([[0.3, 0.0, 0.0, 0.7], [0.0, 0.0, 0.0, 1.0]])
    front = fill_gaps(FrontMatter(title="A title of words"), lines, probabilities, 1, ["affiliations"],
                      Thresholds(affiliation=0.8), lambda text, page: Affiliation(text=text, page=page))
    assert front.affiliations == []  # the address is under 0.8; "Sevilla, Spain" names no institution


def test_authors_and_title_fill_only_when_the_rules_found_none() -> None:
    lines = [_line(60, "Learning to Rank Lines", 18), _line(100, "Wei Zhang, Maria Rossi and John Smith")]
    probabilities = _probabilities(["title", "author"])
    empty = fill_gaps(FrontMatter(title=""), lines, probabilities, 1, ["authors", "title"], Thresholds(), _affiliation)
    assert empty.title == "Learning to Rank Lines"
    assert [a.name for a in empty.authors] == ["Wei Zhang", "Maria Rossi", "John Smith"]
    ruled = FrontMatter(title="The Rules' Own Title", authors=empty.authors[:1])
    kept = fill_gaps(ruled, lines, probabilities, 1, ["authors", "title"], Thresholds(), _affiliation)
    assert kept.title == "The Rules' Own Title" and [a.name for a in kept.authors] == ["Wei Zhang"]


def test_the_parser_leaves_the_page_alone_when_the_setting_is_off() -> None:
    pages = paper("Hypersonic Vehicle Trajectory Optimisation with Learned Constraints",
                  [("Wei Zhang and Li Na", 11), ("School of Astronautics, Beihang University, Beijing 100191, China", 9)])
    assert parse_front_matter(pages, {}) == parse_front_matter(pages, {}, line_labeller=False)


def _address_after_the_abstract() -> list:
    """A first page whose address sits under the abstract in body type, where the rules look for
    none (no footnote size, no front block)."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    body = "The method is described and compared with earlier work on the same problem. " * 12
    put(page, 60, 70, "Hypersonic Vehicle Trajectory Optimisation with Learned Constraints", 18)
    put(page, 60, 100, "Wei Zhang1 and Li Na1", 11)
    page.insert_textbox(pymupdf.Rect(54, 120, 299, 620), "Abstract. " + body, fontsize=10)
    put(page, 54, 650, "1School of Astronautics, Beihang University,", 10)
    put(page, 54, 662, "Beijing 100191, China", 10)
    page.insert_textbox(pymupdf.Rect(313, 130, 558, 740), body, fontsize=10)
    return pages_of(doc)


def test_an_address_the_rules_miss_is_added_with_its_country_when_the_setting_is_on() -> None:
    pages = _address_after_the_abstract()
    off = parse_front_matter(pages, {}, line_labeller=False)
    assert off.affiliations == [] and parse_front_matter(pages, {}) == off  # off by default: nothing changes
    on = parse_front_matter(pages, {}, line_labeller=True)
    assert [(a.institution, a.country) for a in on.affiliations] == [("Beihang University", "CN")]
    assert on.title == off.title and on.authors == off.authors  # the shipped fills touch affiliations only
