"""The learned title chooser on generated first pages (a journal banner over a larger title, a
thesis cover whose university is set larger than its title): the title is among the candidates,
trees exported as the training script ships them score as scikit-learn's and, with no rules' answer
to lean on, pick the title, and reversed trees do not."""
from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pymupdf
import pytest

from figscan.extract.frontmatter import _heading
from tests.test_frontmatter_layouts import author_line, new_page, pages_of, prose, put
from training.title_ranker import (
    TitleScene,
    TreeEnsemble,
    load_model,
    model_from_json,
    ranked_title,
    title_candidates,
)

BANNER_TITLE = "Inverse design of waveriders from osculating cones"
THESIS_TITLE = "Cooperative Guidance of Hypersonic Glide Vehicles under Impact Angle Constraints"


def banner_paper() -> pymupdf.Document:
    """A journal page: issue line, a large journal name in the banner box, the title set larger still."""
    doc, page = new_page()
    put(page, 60, 40, "Aerospace Science and Technology 98 (2020) 105678", 8)
    put(page, 220, 62, "Contents lists available at ScienceDirect", 9)
    put(page, 150, 88, "Aerospace Science and Technology", 17)
    put(page, 200, 104, "journal homepage: www.elsevier.com/locate/aescte", 8)
    put(page, 60, 150, BANNER_TITLE, 19)
    author_line(page, 60, 178, [("Marco Bianchi", "a"), ("Sarah O'Neil", "b")], size=11)
    put(page, 60, 198, "a Department of Industrial Engineering, University of Naples Federico II, Naples, Italy", 7)
    put(page, 60, 208, "b School of Mechanical and Aerospace Engineering, Queen's University Belfast, UK", 7)
    put(page, 60, 240, "Abstract", 10)
    prose(page, 250, 700)
    return doc


def thesis_cover() -> pymupdf.Document:
    """A thesis title page: the university in the largest bold type on top, the title under it."""
    doc, page = new_page()
    put(page, 110, 120, "NATIONAL UNIVERSITY OF DEFENSE TECHNOLOGY", 20, font="hebo")
    put(page, 230, 170, "MASTER'S THESIS", 14, font="hebo")
    put(page, 70, 260, "Cooperative Guidance of Hypersonic Glide Vehicles", 17)
    put(page, 110, 284, "under Impact Angle Constraints", 17)
    put(page, 90, 380, "A thesis submitted in partial fulfilment of the requirements", 12)
    put(page, 140, 396, "for the degree of Master of Engineering", 12)
    put(page, 250, 460, "by Li Wei", 12)
    put(page, 200, 480, "Supervisor: Prof. Zhang Hua", 12)
    put(page, 170, 560, "College of Aerospace Science and Engineering", 12)
    put(page, 230, 580, "Changsha, Hunan, China", 12)
    put(page, 260, 600, "June 2021", 12)
    _, second = new_page(doc)
    put(second, 72, 80, "Abstract", 14, font="hebo")
    prose(second, 100, 700)
    return doc


def ranker_alone(doc: pymupdf.Document) -> TitleScene:
    """The first page's scene with no rules' title and no metadata: only the ranker can answer."""
    pages = pages_of(doc)
    header, lines, body_size, _ = _heading(pages[0], pages[1:3], "")
    return TitleScene(pages[0], lines, body_size, header.banner_bottom, [], 0.0, "", "")


PAGES = [(banner_paper, BANNER_TITLE), (thesis_cover, THESIS_TITLE)]


@pytest.mark.parametrize("make, title", PAGES)
def test_the_title_is_a_candidate_beside_the_banner_or_the_university(make, title: str) -> None:
    texts = [c.text for c in title_candidates(ranker_alone(make()))]
    assert title in texts
    assert any(t.startswith(("Aerospace Science and Technology", "NATIONAL UNIVERSITY")) for t in texts)


@pytest.fixture(scope="module")
def trained() -> TreeEnsemble:
    """Trees fitted on the two pages' candidates and exported as the training script ships them."""
    ensemble = pytest.importorskip("sklearn.ensemble")
    from training.train_title_ranker import export

    rows, labels = [], []
    for make, title in PAGES:
        for candidate in title_candidates(ranker_alone(make())):
            rows.append(candidate.features)
            labels.append(candidate.text == title)
    x = np.array(rows)
    model = ensemble.HistGradientBoostingClassifier(max_iter=30, min_samples_leaf=1, early_stopping=False).fit(x, labels)
    shipped = model_from_json(json.loads(json.dumps(export(model, 0.0))))
    assert np.allclose(shipped.scores(x), model.decision_function(x))  # the numpy trees are sklearn's
    return shipped


@pytest.mark.parametrize("make, title", PAGES)
def test_the_exported_ranker_picks_the_title_and_a_broken_one_does_not(trained: TreeEnsemble, make, title: str) -> None:
    scene = ranker_alone(make())

    assert ranked_title(scene, trained) == title
    broken = replace(trained, value=-trained.value, min_score=-np.inf)  # every leaf's vote reversed
    assert ranked_title(scene, broken) != title


def test_no_model_ships_so_the_rules_title_stands() -> None:
    scene = replace(ranker_alone(banner_paper()), rule_title="The rules' title")
    assert load_model() is None
    assert ranked_title(scene) == "The rules' title"
