"""Learned visual features of figures: the frozen ImageNet EfficientNet-Lite0 embedding.

Pure functions on arrays, plus one onnxruntime session created on first use (one intra-op
thread: a scan runs one figure per worker process). The graph, figscan/data/embedder.onnx, is
made by training/export_embedder.py from the Apache-2.0 weights named in figscan/data/NOTES.md;
no torch is needed here.

A figure and a candidate body are both shown to the network the same way: the region is padded
with white to a square (so an elongated body keeps its proportions), its dark strokes thickened
to the shrink factor (a hairline of a 900 px drawing would otherwise fade to a faint
grey at 224 px), and resized to 224 x 224.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional, Sequence

import cv2
import numpy as np

__all__ = ["INPUT_SIDE", "Embeddings", "square_input", "margin_input", "crop_input", "embed"]

INPUT_SIDE = 224
EMBEDDING_SIZE = 1280
_MEAN, _STD = 127.0, 128.0  # the TF Lite models' input scaling: (rgb - 127) / 128
_WHITE = 255
PREPROCESSING = "square-white-ink1"  # changes whenever square_input does: training caches key on it
MARGIN_VIEW = 0.06  # margin_input's white border, a share of the long side on every side
MARGIN_PREPROCESSING = f"margin{MARGIN_VIEW}-" + PREPROCESSING


@dataclass(frozen=True)
class Embeddings:
    """Per input row: the pooled 1280-d embedding and the softmax probabilities of ImageNet's
    missile (657), projectile (744) and space shuttle (812) classes."""
    vectors: np.ndarray  # (n, 1280) float32
    imagenet: np.ndarray  # (n, 3) float32


def _rgb(pixels: np.ndarray) -> Optional[np.ndarray]:
    """uint8 RGB of a grey, RGB or RGBA array (alpha composited on white); None when empty."""
    a = np.asarray(pixels)
    if a.size == 0 or a.ndim not in (2, 3) or min(a.shape[:2]) < 1:
        return None
    if a.dtype != np.uint8:
        a = np.clip(a, 0, 255).astype(np.uint8)
    if a.ndim == 2:
        return np.repeat(a[:, :, None], 3, axis=2)
    if a.shape[2] == 4:
        alpha = a[:, :, 3:4].astype(np.float32) / 255.0
        return (a[:, :, :3] * alpha + _WHITE * (1 - alpha)).astype(np.uint8)
    if a.shape[2] == 1:
        return np.repeat(a, 3, axis=2)
    return a[:, :, :3]


def square_input(pixels: np.ndarray) -> np.ndarray:
    """One network input (3, 224, 224) float32: the image padded with white to a square, resized.

    >>> square_input(np.zeros((10, 40), np.uint8)).shape
    (3, 224, 224)
    """
    rgb = _rgb(pixels)
    if rgb is None:
        rgb = np.full((1, 1, 3), _WHITE, np.uint8)
    h, w = rgb.shape[:2]
    side = max(h, w)
    canvas = np.full((side, side, 3), _WHITE, np.uint8)
    y0, x0 = (side - h) // 2, (side - w) // 2
    canvas[y0:y0 + h, x0:x0 + w] = rgb
    k = int(round(side / INPUT_SIDE))
    if k >= 2:  # a minimum filter over the shrink factor keeps a hairline about one output pixel wide
        canvas = cv2.erode(canvas, np.ones((k, k), np.uint8))
    interpolation = cv2.INTER_AREA if side > INPUT_SIDE else cv2.INTER_LINEAR
    small = cv2.resize(canvas, (INPUT_SIDE, INPUT_SIDE), interpolation=interpolation)
    return ((small.astype(np.float32) - _MEAN) / _STD).transpose(2, 0, 1)


def margin_input(pixels: np.ndarray) -> np.ndarray:
    """A second view of the figure for test-time averaging: a white border of MARGIN_VIEW of the
    long side on every side, then as square_input. The figure lands on the 224 px grid at another
    scale and phase, so averaging both views damps the embedding's sensitivity to how a page was
    resampled (benchmarks/recogniser_skew.md).

    >>> margin_input(np.zeros((10, 40), np.uint8)).shape
    (3, 224, 224)
    """
    rgb = _rgb(pixels)
    if rgb is None:
        return square_input(np.full((1, 1, 3), _WHITE, np.uint8))
    pad = int(round(MARGIN_VIEW * max(rgb.shape[:2])))
    return square_input(cv2.copyMakeBorder(rgb, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(_WHITE,) * 3))


def crop_input(pixels: np.ndarray, box: Sequence[float], margin: float = 0.1) -> np.ndarray:
    """The network input of one body: its box (x0, y0, x1, y1 in image pixels) grown by `margin`
    of its longer side on every side, clipped to the image, then as square_input."""
    rgb = _rgb(pixels)
    if rgb is None:
        return square_input(np.full((1, 1, 3), _WHITE, np.uint8))
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = (float(v) for v in box)
    pad = margin * max(x1 - x0, y1 - y0)
    c0, r0 = max(0, int(np.floor(x0 - pad))), max(0, int(np.floor(y0 - pad)))
    c1, r1 = min(w, int(np.ceil(x1 + pad))), min(h, int(np.ceil(y1 + pad)))
    if c1 <= c0 or r1 <= r0:
        return square_input(rgb)
    return square_input(rgb[r0:r1, c0:c1])


@lru_cache(maxsize=1)
def _session():
    import onnxruntime as ort
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    model = resources.files("figscan.data").joinpath("embedder.onnx").read_bytes()
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def embed(inputs: np.ndarray | Sequence[np.ndarray], batch: int = 16) -> Embeddings:
    """Embeddings of network inputs (n, 3, 224, 224) from square_input / crop_input, in batches."""
    x = np.ascontiguousarray(np.stack(list(inputs)) if not isinstance(inputs, np.ndarray) else inputs,
                             dtype=np.float32)
    if x.ndim == 3:
        x = x[None]
    if x.shape[1:] != (3, INPUT_SIDE, INPUT_SIDE):
        raise ValueError(f"inputs must be (n, 3, {INPUT_SIDE}, {INPUT_SIDE}), got {x.shape}")
    vectors, imagenet = [], []
    for i in range(0, len(x), batch):
        v, p = _session().run(None, {"image": x[i:i + batch]})
        vectors.append(v)
        imagenet.append(p)
    if not vectors:
        return Embeddings(np.zeros((0, EMBEDDING_SIZE), np.float32), np.zeros((0, 3), np.float32))
    return Embeddings(np.concatenate(vectors), np.concatenate(imagenet))
