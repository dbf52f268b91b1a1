"""The learned recogniser as a scan uses it (figscan.analyse.recogniser, shapes.toml [recogniser]
turns it on): a drawn rocket must score above drawn lookalikes, a scan must see the probability
training computed for the same figure (benchmarks/recogniser_skew.py measures the whole real
set), and the early rejections it re-scores must be the ones recogniser.json names."""
from __future__ import annotations

import hashlib
from dataclasses import replace

import drawn_figures as drawn
import numpy as np
import pymupdf
import pytest

from figscan import pipeline
from figscan.analyse import embedding, recogniser, shapes
from figscan.config import Config
from figscan.discover import InputFile
from figscan.model import ShapeFinding


@pytest.fixture(scope="module")
def model() -> recogniser.Recogniser:
    found = recogniser.load_recogniser()
    assert found is not None, "figscan/data/recogniser.json is missing"
    return found


def rocket(page, shape):
    drawn.finned_missile(shape, 40.0, 100.0, 320.0, 13.0)


def bars(page, shape):
    """A bar chart without tick labels: axes, five tall bars."""
    shape.draw_line(pymupdf.Point(50, 170), pymupdf.Point(380, 170))
    shape.draw_line(pymupdf.Point(50, 170), pymupdf.Point(50, 20))
    shape.finish(width=0.8)
    for i, height in enumerate([60, 120, 90, 140, 40]):
        shape.draw_rect(pymupdf.Rect(80 + i * 60, 170 - height, 104 + i * 60, 170))
        shape.finish(width=0.6, fill=(0.4, 0.5, 0.8))


def probability(model, pixels, words=()) -> float:
    """The recogniser's probability of a figure, whatever the cue detector decided."""
    finding = shapes.cue_finding(pixels, list(words))
    row, _ = recogniser.measure_figure(pixels, finding, model)
    return float(model.probability(row, finding.flag)[0])


def test_a_drawn_rocket_scores_above_a_bar_chart_a_wedge_contour_and_a_stress_contour(model):
    p_rocket = probability(model, *drawn.render(rocket, 400, 200))
    lookalikes = {"bars": drawn.render(bars, 400, 200), "wedge": drawn.render(drawn.mach_wedge, 420, 260),
                  "stress": drawn.render(drawn.stress_t, 420, 260)}
    for name, (img, words) in lookalikes.items():
        p = probability(model, img, words)
        assert p_rocket > p + 0.2, (name, p_rocket, p)
        assert p < model.threshold, (name, p)


@pytest.fixture(scope="module")
def params() -> shapes.ShapeParams:
    return replace(shapes.ShapeParams.load(), use_recogniser=True)


def test_the_recogniser_decides_score_and_flag_when_on(model, params):
    img, words = drawn.render(rocket, 400, 200)
    cue_flag = shapes.cue_finding(img, words).flag
    f = shapes.analyse_figure(img, words, "", params)
    p = next(c for c in f.cues if c.name == "recogniser").value
    assert f.flag == (p >= model.threshold or (model.union and cue_flag))
    assert f.score == pytest.approx(p, abs=1e-3) or (model.union and cue_flag and f.score > p)
    assert f.bbox is not None and len(f.examples) == 3


def _flagged_by_the_cue_detector(img) -> ShapeFinding:
    finding = shapes.cue_finding(img, [])
    return replace(finding, flag=True, score=max(finding.score, 0.9))


def test_under_the_union_rule_the_cue_detectors_flag_stands(model):
    """A recogniser that never flags (threshold 1) cannot take the cue detector's flag away, and
    the score stays the cue detector's; without the cue flag nothing is flagged."""
    img, _ = drawn.render(rocket, 400, 200)
    union = replace(model, union=True, threshold=1.0)
    flagged = recogniser.recognise(img, _flagged_by_the_cue_detector(img), union)
    assert flagged.flag and flagged.score >= 0.9
    assert any(c.name == "recogniser" and "its flag stands" in c.detail for c in flagged.cues)
    assert not recogniser.recognise(img, replace(_flagged_by_the_cue_detector(img), flag=False), union).flag


@pytest.mark.parametrize("draw, size", [(drawn.annotated_side_view, (520, 260)), (drawn.drawing_sheet, (560, 380))])
def test_the_shipped_rule_never_removes_a_cue_flag(model, draw, size):
    """Issue 23's drawings, flagged by the cue detector: a recogniser that is never sure (threshold
    above 1) leaves the flag, its box and its score (a "replace" rule would drop it, see below)."""
    img, words = drawn.render(draw, *size)
    cue = shapes.cue_finding(img, words)
    assert cue.flag
    f = recogniser.recognise(img, cue, replace(model, threshold=1.01))
    assert f.flag and f.bbox == cue.bbox and f.score >= cue.score


def _rescuable(img, words) -> ShapeFinding:
    """The cue detector's finding on a drawn figure with a candidate body, its flag taken away (the
    cue detector missed it) and its candidate's probability at the body gate's minimum."""
    finding = shapes.cue_finding(img, words)
    assert finding.rejected is None and finding.bbox is not None
    cues = [replace(c, value=max(c.value, 0.73)) if c.name == "shape_probability" else c for c in finding.cues]
    return replace(finding, flag=False, score=min(finding.score, 0.5), cues=cues)


def test_a_rescued_flag_on_a_drawn_figure_keeps_its_box_cues_and_nearest_examples(model):
    """The cue detector found the body but did not flag it; the recogniser is sure (threshold 0 here):
    the flag points at the candidate's box, keeps the cue detector's cues and names the nearest
    training figures."""
    img, words = drawn.render(drawn.annotated_side_view, 520, 260)
    missed = _rescuable(img, words)
    sure = replace(model, union=True, gate="body", gate_min=0.73, threshold=0.0)
    f = recogniser.recognise(img, missed, sure)
    assert f.flag and f.rejected is None
    assert f.bbox == missed.bbox and f.axis == missed.axis
    x0, y0, x1, y1 = drawn.px(drawn.BODY_SIDE)
    assert f.bbox[0] < (x0 + x1) / 2 < f.bbox[2] and f.bbox[1] < (y0 + y1) / 2 < f.bbox[3]
    names = [c.name for c in f.cues]
    assert names[0] == "shape_probability" and {"recogniser", "looks_like"} <= set(names)
    assert all(c in f.cues for c in missed.cues)
    assert any(c.name == "recogniser" and "added by the recogniser" in c.detail for c in f.cues)
    assert len(f.examples) == 3 and all(e.source.startswith("https://github.com/") for e in f.examples)


def test_the_rescue_gate_leaves_figures_outside_it_as_the_cue_detector_said(model):
    """Not embedded at all: an early rejection under the 'candidate' and 'body' gates, a weak
    candidate under the 'body' gate; the 'scored' gate still scores the rejection."""
    img, words = drawn.render(drawn.annotated_side_view, 520, 260)
    chart = ShapeFinding(score=0.0, flag=False, rejected="chart: 3 row(s) / 4 column(s) of regularly spaced numbers")
    weak = replace(_rescuable(img, words), cues=[])  # no shape probability: 0
    sure = replace(model, union=True, threshold=0.0, rescored=("chart",))
    for gate in ("candidate", "body"):
        assert recogniser.recognise(img, chart, replace(sure, gate=gate, gate_min=0.73)) is chart
    assert recogniser.recognise(img, weak, replace(sure, gate="body", gate_min=0.73)) is weak
    assert recogniser.recognise(img, weak, replace(sure, gate="candidate")).flag
    assert recogniser.recognise(img, chart, replace(sure, gate="scored")).flag


def test_under_the_replace_rule_the_recogniser_can_drop_a_cue_flag(model):
    img, _ = drawn.render(rocket, 400, 200)
    replacing = replace(model, union=False, threshold=1.0, cue_flag_bonus=0.0)
    assert not recogniser.recognise(img, _flagged_by_the_cue_detector(img), replacing).flag


def test_the_cue_detectors_flag_raises_the_probability_by_the_bonus(model):
    img, _ = drawn.render(rocket, 400, 200)
    row, _ = recogniser.measure_figure(img, shapes.cue_finding(img, []), model)
    with_bonus = replace(model, cue_flag_bonus=1.0)
    assert with_bonus.probability(row, True)[0] > with_bonus.probability(row, False)[0]


def test_two_views_average_the_whole_figure_embedding(model):
    """Test-time averaging: the whole-figure columns are the mean of the square and margin views."""
    img, _ = drawn.render(rocket, 400, 200)
    finding = replace(shapes.cue_finding(img, []), bbox=None)
    averaged = replace(model, views=("square", "margin"))
    row, _ = recogniser.measure_figure(img, finding, averaged)
    e = embedding.embed(np.stack([embedding.square_input(img), embedding.margin_input(img)]))
    n = embedding.EMBEDDING_SIZE
    np.testing.assert_allclose(row[:n], e.vectors.mean(axis=0), rtol=1e-4, atol=1e-5)
    assert not np.allclose(e.vectors[0], e.vectors[1])  # the margin view is another view


def _scan_image(pixels: np.ndarray, tmp_path, monkeypatch) -> ShapeFinding:
    """The finding a scan gives `pixels` placed at 150 dpi on a page with a caption below."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    h, w = pixels.shape[:2]
    rect = pymupdf.Rect(100, 150, 100 + w * 72 / 150, 150 + h * 72 / 150)
    page.insert_image(rect, pixmap=pymupdf.Pixmap(pymupdf.csRGB, w, h, np.ascontiguousarray(pixels).tobytes(), False))
    page.insert_textbox(pymupdf.Rect(72, rect.y1 + 8, 523, rect.y1 + 40),
                        "Fig. 1. Overview of the configuration used in the experiments.", fontsize=9)
    path = tmp_path / "page.pdf"
    doc.save(path)
    data = path.read_bytes()
    item = InputFile(path=path, relative=path.name, size=len(data), sha256=hashlib.sha256(data).hexdigest())
    on = replace(shapes.ShapeParams.load(), use_recogniser=True)
    monkeypatch.setattr(pipeline, "analyse_figure", lambda px, words, caption="": shapes.analyse_figure(px, words, caption, on))
    figures = pipeline.scan_file(item, Config(ocr=False)).result.figures
    assert len(figures) == 1, figures
    return figures[0].shape


def test_a_scan_gives_a_figure_the_probability_training_computed_for_it(model, tmp_path, monkeypatch):
    """Train/serve skew: training measures the PNG (no words); the scan renders the placed image
    again, a pixel larger, and finds its region. The cue model's probability flips on such
    resamplings (0.98 -> 0.41 on a real drawing), which is why the shipped head does not read it;
    the embedding moves a little (benchmarks/recogniser_skew.md: mean 0.04)."""
    img, _ = drawn.render(rocket, 400, 200)
    trained = probability(model, img)
    scanned = next(c for c in _scan_image(img, tmp_path, monkeypatch).cues if c.name == "recogniser")
    assert scanned.value == pytest.approx(trained, abs=0.1), (scanned.value, trained)


def test_a_figure_the_cue_detector_rejects_as_a_chart_keeps_its_probability_in_a_scan(model, tmp_path, monkeypatch):
    """Under the 'scored' gate training scores every figure; a scan used to give 0 to those the cue
    detector rejected early (a chart test that also fires on photos and drawings with a grid)."""
    assert "chart" in model.rescored  # chosen by grouped cross-validation (benchmarks/shape_real_cv.md)
    img, words = drawn.render(drawn.mach_wedge, 420, 260)
    assert shapes.cue_finding(img, words).rejected.startswith("chart")
    monkeypatch.setattr(recogniser, "load_recogniser", lambda: replace(model, gate="scored"))
    scanned = _scan_image(img, tmp_path, monkeypatch)
    assert any(c.name == "recogniser" for c in scanned.cues)
    assert scanned.score == pytest.approx(probability(model, img), abs=0.1) and scanned.score > 0
    assert not scanned.flag


def test_early_rejections_are_rescored_only_as_the_model_says(model):
    img, _ = drawn.render(rocket, 400, 200)
    chart = ShapeFinding(score=0.0, flag=False, rejected="chart: 3 row(s) / 4 column(s) of regularly spaced numbers")
    small = ShapeFinding(score=0.0, flag=False, rejected="too small: 90x40 px (logo or icon)")
    eager = replace(model, rescored=("chart",), threshold=0.0, gate="scored")
    rescored = recogniser.recognise(img, chart, eager)
    assert rescored.flag and rescored.rejected is None
    assert rescored.bbox == (0.0, 0.0, float(img.shape[1]), float(img.shape[0]))  # the flag points at the figure
    assert any(c.name == "cue_detector" and "chart" in c.detail for c in rescored.cues)
    assert recogniser.recognise(img, small, eager) is small  # logos stay out
    assert recogniser.recognise(img, chart, replace(eager, rescored=())) is chart
    assert set(model.rescored) <= {"chart", "table", "flowchart", "text", "no object"}


def test_isotonic_calibration_is_monotone_steps(model):
    iso = replace(model, platt=None, isotonic=(np.array([-2.0, 0.0, 2.0]), np.array([0.1, 0.5, 0.9])))
    img, _ = drawn.render(rocket, 400, 200)
    row, _ = recogniser.measure_figure(img, shapes.cue_finding(img, []), iso)
    p = iso.probability(np.vstack([row, row]))
    assert 0.1 <= p[0] <= 0.9 and p[0] == p[1]


@pytest.mark.parametrize("draw, size, body", [(drawn.annotated_side_view, (520, 260), drawn.BODY_SIDE),
                                              (drawn.drawing_sheet, (560, 380), drawn.BODY_PROBE)])
def test_issue_23_drawings_still_flag_their_body_with_the_recogniser_on(params, draw, size, body):
    """An annotated side view and a drawing sheet: the cue detector finds and flags the body, and
    with the recogniser on the flag and the box stay."""
    img, words = drawn.render(draw, *size)
    f = shapes.analyse_figure(img, words, "", params)
    assert f.flag and f.rejected is None, f.score
    x0, y0, x1, y1 = drawn.px(body)
    assert f.bbox[0] < (x0 + x1) / 2 < f.bbox[2] and f.bbox[1] < (y0 + y1) / 2 < f.bbox[3]


def test_a_wedge_contour_plot_does_not_flag_with_the_recogniser_on(params):
    img, words = drawn.render(drawn.mach_wedge, 420, 260)
    assert not shapes.analyse_figure(img, words, "Fig. 4 Mach number contours, M = 3 over a wedge", params).flag


# --- extra views (shapes.toml [recogniser] recogniser_model; benchmarks/shape_multiview_cv.md) ---

def _chart_and_small_rocket(page, shape):
    """A wide figure: a bar chart on the left, a small finned rocket on the right."""
    for i, height in enumerate([60, 120, 90, 140, 40, 100, 70]):
        shape.draw_rect(pymupdf.Rect(30 + i * 50, 170 - height, 60 + i * 50, 170))
        shape.finish(width=0.6, fill=(0.4, 0.5, 0.8))
    shape.draw_line(pymupdf.Point(25, 170), pymupdf.Point(400, 170))
    shape.finish(width=0.8)
    drawn.finned_missile(shape, 700.0, 100.0, 160.0, 7.0)


WIDE_ROCKET = drawn.px((700, 93, 860, 107))
WIDE_CHART = drawn.px((25, 30, 400, 172))


def test_the_shipped_recogniser_reads_the_best_box_only():
    """The default stays the recogniser the held-out check accepted: no extra views."""
    params = shapes.ShapeParams.load()
    assert params.recogniser_model == "recogniser.json"
    assert recogniser.load_recogniser(params.recogniser_model).extra == recogniser.ExtraViews()


def test_the_multiview_recogniser_sees_the_next_candidate_when_chosen():
    """recogniser_multiview.json (training/multiview_cv.py ship): the head also reads the cue
    detector's 2nd distinct candidate; chosen in shapes.toml, a scan's finding says which view
    scored it when that is not the best box."""
    multi = recogniser.load_recogniser("recogniser_multiview.json")
    assert multi.extra.candidates == 1 and multi.extra.tile_aspect == 0.0
    img, words = drawn.render(_chart_and_small_rocket, 900, 200)
    params = replace(shapes.ShapeParams.load(), recogniser_model="recogniser_multiview.json")
    f = shapes.analyse_figure(img, words, params=params)
    assert any(c.name == "recogniser" and c.detail.startswith("learned recogniser") for c in f.cues)


def test_distinct_candidates_skip_boxes_overlapping_a_more_probable_one():
    candidates = [((0, 0, 10, 10), 0.5), ((1, 0, 11, 10), 0.9), ((50, 0, 60, 10), 0.4), ((0, 1, 10, 11), 0.45)]
    assert recogniser.distinct_boxes(candidates, 2, 0.5) == [(1.0, 0.0, 11.0, 10.0), (50.0, 0.0, 60.0, 10.0)]
    assert recogniser.distinct_boxes(candidates, 3, 0.95) == [(1.0, 0.0, 11.0, 10.0), (0.0, 0.0, 10.0, 10.0),
                                                             (0.0, 1.0, 10.0, 11.0)]


def test_the_cue_detectors_candidates_start_with_its_best_box():
    img, words = drawn.render(_chart_and_small_rocket, 900, 200)
    finding, candidates = shapes.finding.cue_finding_and_candidates(img, words)
    assert finding == shapes.cue_finding(img, words)
    assert recogniser.distinct_boxes(candidates, 1, 0.5)[0] == pytest.approx(finding.bbox)


def test_a_small_body_in_a_wide_figure_gets_a_tile_on_it(model):
    """Strip tiles of a wide figure: one of them holds the small rocket whole, the figure's
    probability is the highest over its views, and a flag a tile scores takes that tile's box."""
    img, words = drawn.render(_chart_and_small_rocket, 900, 200)
    h, w = img.shape[:2]
    tiled = replace(model, extra=recogniser.ExtraViews(tile_aspect=1.8))
    tiles = [box for box, _ in tiled.extra.boxes(w, h, [])]
    assert len(tiles) == 3 and recogniser.ExtraViews().boxes(w, h, []) == []
    x0, y0, x1, y1 = WIDE_ROCKET
    assert any(t[0] <= x0 and x1 <= t[2] and t[1] <= y0 and y1 <= t[3] for t in tiles)
    nothing = ShapeFinding(score=0.0, flag=False, rejected="no object: no candidate silhouette")
    alone = recogniser.recognise(img, nothing, replace(model, threshold=1.01)).score
    seen = recogniser.recognise(img, nothing, replace(tiled, threshold=1.01))
    assert seen.score > alone
    f = recogniser.recognise(img, nothing, replace(tiled, union=True, threshold=(alone + seen.score) / 2))
    assert f.flag and f.bbox in tiles and f.axis is None
    assert any(c.name == "recogniser" and "seen on tile" in c.detail for c in f.cues)


def test_the_next_distinct_candidate_is_seen_and_a_flag_it_scores_takes_its_box(model):
    """The cue detector's best box is the bar chart; its next candidate, the rocket, is embedded
    too: the probability rises, and the flag the recogniser adds points at the rocket."""
    img, words = drawn.render(_chart_and_small_rocket, 900, 200)
    wrong = ShapeFinding(score=0.2, flag=False, bbox=WIDE_CHART, axis=((60.0, 200.0), (800.0, 200.0)))
    candidates = [(WIDE_CHART, 0.6), (WIDE_ROCKET, 0.5)]
    two = replace(model, union=True, extra=recogniser.ExtraViews(candidates=1))
    alone = recogniser.recognise(img, wrong, replace(model, threshold=1.01)).score
    seen = recogniser.recognise(img, wrong, replace(two, threshold=1.01), candidates).score
    assert seen > alone + 0.1
    f = recogniser.recognise(img, wrong, replace(two, threshold=(alone + seen) / 2), candidates)
    assert f.flag and f.bbox == pytest.approx(WIDE_ROCKET) and f.axis is None
    assert any(c.name == "recogniser" and "seen on candidate 2" in c.detail for c in f.cues)
