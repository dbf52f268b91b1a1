"""training/train_recogniser.py: the copies a figure is trained on must put its labelled body where
the copy's pixels hold it, and the decision rules must be scored as the runtime applies them."""
import importlib.util
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

pytest.importorskip("sklearn", reason="scikit-learn is the 'train' extra: training only")
_SCRIPT = Path(__file__).resolve().parents[1] / "training" / "train_recogniser.py"
_spec = importlib.util.spec_from_file_location("train_recogniser", _SCRIPT)
train_recogniser = importlib.util.module_from_spec(_spec)
sys.modules["train_recogniser"] = train_recogniser  # dataclasses look their module up
_spec.loader.exec_module(train_recogniser)


def _figure_with_a_dark_block() -> tuple[bytes, np.ndarray, tuple[float, float, float, float]]:
    """A 300 x 200 white PNG with a black block; the block's box as fractions of the image."""
    rgb = np.full((200, 300, 3), 255, np.uint8)
    rgb[60:100, 150:240] = 0
    ok, png = cv2.imencode(".png", rgb)
    return png.tobytes(), rgb, (150 / 300, 60 / 200, 240 / 300, 100 / 200)


def _dark_box(pixels: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(pixels.min(axis=2) < 100)
    return xs.min(), ys.min(), xs.max() + 1, ys.max() + 1


@pytest.mark.parametrize("variant", train_recogniser.VARIANTS)
def test_every_copy_maps_the_labelled_box_onto_its_pixels(variant):
    raw, rgb, box = _figure_with_a_dark_block()
    pixels, (ox, oy, sw, sh) = train_recogniser.variant_pixels(variant, raw, rgb, seed=5)
    mapped = (ox + box[0] * sw, oy + box[1] * sh, ox + box[2] * sw, oy + box[3] * sh)
    found = _dark_box(pixels)
    assert np.allclose(found, mapped, atol=3.0), (variant, found, mapped)


def test_page_copies_are_resampled_as_a_scan_renders_them():
    """Native: about the PNG's own size (150 dpi); wide: the text width at 150 dpi, upsampled."""
    raw, rgb, _ = _figure_with_a_dark_block()
    native, _ = train_recogniser.variant_pixels("page_native", raw, rgb, seed=1)
    wide, _ = train_recogniser.variant_pixels("page_wide", raw, rgb, seed=1)
    assert abs(native.shape[1] - 300) <= 6 and abs(wide.shape[1] - 468 * 150 / 72) <= 8


def test_the_union_rule_keeps_every_cue_flag_and_the_threshold_caps_false_positives():
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0] * 25)
    rng = np.random.default_rng(0)
    z = y * 2.0 + rng.normal(size=len(y))
    flags = np.zeros(len(y))
    flags[:3] = 1.0  # the cue detector flags three positives
    union = train_recogniser.rule("union", np.where(flags > 0, train_recogniser.UNION_SCORE, z), y)
    assert union.flagged()[:3].all()
    assert union.flagged()[y == 0].mean() <= train_recogniser.TARGET_FPR


def _pooled(y, flags, rejected, cue_probability, papers=None):
    n = len(y)
    return train_recogniser.Pooled(y=np.asarray(y), groups=np.array(["g"] * n), styles=np.array(["s"] * n),
                                   flags=np.asarray(flags, float), scored=np.ones(n, bool),
                                   layout=np.array(["page_native"] * n), rejected=np.asarray(rejected, object),
                                   cue_probability=np.asarray(cue_probability, float),
                                   papers=np.asarray(papers if papers is not None else [""] * n, str))


def test_the_rescue_rule_keeps_every_cue_flag_and_its_threshold_caps_the_added_false_positives():
    """200 negatives: the cue detector flags 10 of them and 3 positives; at a 1.5% budget the
    recogniser may add 3 negatives, whatever the cue detector's own false flags."""
    rng = np.random.default_rng(1)
    y = np.array([1] * 50 + [0] * 200)
    p = np.clip(0.5 * y + rng.uniform(0, 0.6, len(y)), 0, 1)
    flags = np.zeros(len(y))
    flags[:3] = 1
    flags[50:60] = 1
    pooled = _pooled(y, flags, [None] * len(y), rng.uniform(0, 1, len(y)))
    r = train_recogniser.rescue(pooled, p, "candidate", 0.73, budget=0.015)
    assert r.flagged[flags > 0].all()
    assert r.added[y == 0].sum() <= 3 and not r.added[flags > 0].any()
    assert r.added[y == 0].sum() == 3  # the lowest such threshold: the budget is used
    assert r.flagged[y == 1].sum() > 3


def test_the_rescue_gates_nest_and_the_narrowest_within_noise_is_chosen():
    y = np.array([1, 1, 0, 0, 0, 0] * 40)
    rejected = np.array([None, "chart", None, None, "chart", None] * 40, object)
    cue_p = np.array([0.9, 0.0, 0.8, 0.1, 0.0, 0.2] * 40)
    pooled = _pooled(y, np.zeros(len(y)), rejected, cue_p)
    masks = {g: train_recogniser.gate_mask(pooled, g, 0.73) for g in train_recogniser.GATES}
    assert (masks["body"] <= masks["candidate"]).all() and (masks["candidate"] <= masks["scored"]).all()
    assert masks["body"].sum() < masks["candidate"].sum() < masks["scored"].sum()
    p = np.where(y == 1, 0.95, 0.1)
    rules = [train_recogniser.rescue(pooled, p, g, 0.73) for g in train_recogniser.GATES]
    assert train_recogniser.choose_gate(rules, y).gate == "scored"  # only it reaches the charted positives
    p_body = np.where((y == 1) & (cue_p >= 0.73), 0.95, 0.1)
    rules = [train_recogniser.rescue(pooled, p_body, g, 0.73) for g in train_recogniser.GATES]
    assert train_recogniser.choose_gate(rules, y).gate == "body"  # equal recall: the narrowest


def test_the_paper_budget_caps_the_negative_papers_the_recogniser_adds_a_flag_to():
    """100 negative papers of 4 figures and 2 positive papers; a 2% budget lets the recogniser add
    flags to at most 2 negative papers, however many figures of them, and the positive papers'
    flags, the cue detector's flags and the hand-collected figures do not count against it."""
    rng = np.random.default_rng(3)
    papers = [f"n{i}.pdf" for i in range(100) for _ in range(4)] + ["p0.pdf"] * 4 + ["p1.pdf"] * 4 + [""] * 50
    y = np.array([0] * 400 + [1, 0, 0, 0] * 2 + [1] * 25 + [0] * 25)
    p = rng.uniform(0, 0.8, len(y))
    p[y == 1] = rng.uniform(0.6, 1.0, int(y.sum()))
    flags = np.zeros(len(y))
    flags[[0, 5, 9]] = 1  # the cue detector flags figures of three negative papers
    pooled = _pooled(y, flags, [None] * len(y), np.ones(len(y)), papers)
    assert len(train_recogniser.negative_papers(pooled)) == 100
    r = train_recogniser.rescue_by_papers(pooled, p, "candidate", 0.73, budget=0.02)
    assert r.flagged[flags > 0].all() and not r.added[flags > 0].any()
    assert train_recogniser.paper_flag_rate(r.added, pooled) == 0.02  # the lowest such threshold: budget used
    assert train_recogniser.paper_flag_rate(flags > 0, pooled) == 0.03
    looser = train_recogniser.rescue_at(pooled, p, "candidate", 0.73, np.nextafter(r.threshold, 0), "")
    assert train_recogniser.paper_flag_rate(looser.added, pooled) > 0.02


def test_every_manifest_is_read_and_paper_figures_carry_their_paper(tmp_path):
    (tmp_path / "images").mkdir()
    header = "\t".join(["id", "label", "style", "source_repo", "commit", "path", "page", "crop", "licence", "boxes",
                        "note"])
    rows = {"manifest_pos.tsv": ["p1\t1\tphoto\ta/b\tc\tx.png\t\t\tMIT\t0 0 1 1\trocket paper:not_a_paper.pdf"],
            "manifest_neg.tsv": ["n1\t0\tchart\ta/b\tc\ty.png\t\t\tMIT\t\tchart"],
            "manifest_papers1.tsv": ["f1\t0\tchart\tq/r\tc\tdoc.pdf\t3\t1 2 3 4\tMIT\t\tplot paper:one.pdf [c1]",
                                     "f2\t1\tphoto\tq/r\tc\tdoc.pdf\t4\t1 2 3 4\tMIT\t0.1 0.2 0.5 0.6\tmissile"],
            "manifest_papers2.tsv": ["g1\t0\tchart\ts/t\tc\tother.pdf\t1\t1 2 3 4\tMIT\t\tmap paper:two.pdf"]}
    for name, lines in rows.items():
        (tmp_path / name).write_text("\n".join([header, *lines]) + "\n")
        for line in lines:
            (tmp_path / "images" / f"{line.split()[0]}.png").write_bytes(b"png")
    items = {it.id: it for it in train_recogniser.load_items(tmp_path)}
    assert sorted(items) == ["f1", "f2", "g1", "n1", "p1"]
    assert items["f1"].paper == "one.pdf" and items["g1"].paper == "two.pdf"
    assert items["f2"].paper == "q/r/doc.pdf" and items["f2"].boxes == [(0.1, 0.2, 0.5, 0.6)]
    assert items["p1"].paper == "" and items["n1"].paper == ""  # the hand-collected set has no papers


def test_a_view_measured_without_the_margin_view_holds_the_same_embeddings():
    """The cache may hold views without the margin view (recipes without test-time averaging):
    the whole figure, the detector's crop and the labelled crop must be the same embeddings."""
    raw, rgb, box = _figure_with_a_dark_block()
    pixels, placement = train_recogniser.variant_pixels("page_native", raw, rgb, seed=2)
    cue = {"box": (0.45, 0.25, 0.85, 0.55), "probability": 0.5, "score": 0.5, "flag": False, "rejected": None}
    full = train_recogniser.measure_view(pixels, placement, [box], cue)
    lean = train_recogniser.measure_view(pixels, placement, [box], cue, margin=False)
    assert lean.margin is None and full.margin is not None
    for name in ("whole", "det", "lab"):
        assert np.allclose(getattr(full, name)[0], getattr(lean, name)[0], atol=1e-5), name
    assert not np.allclose(full.det[0], full.lab[0]) and not np.allclose(full.det[0], full.whole[0])


def test_rule_a_needs_the_margin_over_the_cue_detector_and_negative_papers():
    rule = train_recogniser.RuleA
    assert rule(True, 0.43, 0.325, 250).passed
    assert not rule(True, 0.42, 0.325, 250).passed
    assert not rule(False, 0.9, 0.325, 0).passed  # no paper-figure set: nothing to decide on
    assert "NOT met" in str(rule(True, 0.42, 0.325, 250))
