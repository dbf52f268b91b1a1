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


def _pooled(y, flags, rejected, cue_probability):
    n = len(y)
    return train_recogniser.Pooled(y=np.asarray(y), groups=np.array(["g"] * n), styles=np.array(["s"] * n),
                                   flags=np.asarray(flags, float), scored=np.ones(n, bool),
                                   layout=np.array(["page_native"] * n), rejected=np.asarray(rejected, object),
                                   cue_probability=np.asarray(cue_probability, float))


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
