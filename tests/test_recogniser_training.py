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
