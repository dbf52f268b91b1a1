"""Time the shape detector per figure on one core: median, p95 and max milliseconds.

    .venv/bin/python benchmarks/shape_speed.py [--corpus ../shared/corpus] [--synthetic 10]

One core: OpenCV and the BLAS pools are pinned to one thread before anything is imported. Two
sets: generated figures of every family (always), and the figures that `figscan.extract` finds
in a labelled corpus when the folder is there (extracted once, cached with
benchmarks/shape_corpus_eval.py's cache). Only `analyse_figure` is timed, as the pipeline calls
it; the target is a median of at most 50 ms per figure.
"""
from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from figscan.analyse.shapes import ShapeParams, analyse_figure  # noqa: E402
from training import synthetic  # noqa: E402

TARGET_MEDIAN_MS = 50.0


def timed(figures, params) -> list[float]:
    out = []
    for pixels, words, caption in figures:
        started = time.perf_counter()
        analyse_figure(pixels, words, caption, params)
        out.append(1000 * (time.perf_counter() - started))
    return sorted(out)


def summary(name: str, ms: list[float]) -> str:
    if not ms:
        return f"{name}: no figures"
    median = ms[len(ms) // 2]
    verdict = "meets" if median <= TARGET_MEDIAN_MS else "misses"
    return (f"{name}: {len(ms)} figures  median {median:.1f} ms  p95 {ms[int(0.95 * (len(ms) - 1))]:.1f} ms  "
            f"max {ms[-1]:.1f} ms  ({verdict} the {TARGET_MEDIAN_MS:.0f} ms median target)")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--synthetic", type=int, default=10, help="figures per generated family")
    args = ap.parse_args(argv)
    cv2.setNumThreads(1)
    params = ShapeParams.load()
    generated = [(s.pixels, s.words, s.caption) for s in synthetic.generate(args.synthetic, seed=4242)]
    analyse_figure(*generated[0], params)  # warm up: first call loads the model
    print(summary("generated", timed(generated, params)))
    if args.corpus.is_dir():
        from shape_corpus_eval import extract
        figures = [(f["pixels"], f["words"], f["caption"]) for pdf in sorted(args.corpus.glob("*.pdf"))
                   for f in extract(pdf)]
        print(summary(f"corpus {args.corpus}", timed(figures, params)))
    else:
        print(f"corpus {args.corpus}: not there, skipped")


if __name__ == "__main__":
    main()
