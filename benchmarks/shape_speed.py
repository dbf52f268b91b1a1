"""Time the shape detector per figure on one core: median, p95 and max milliseconds.

    .venv/bin/python benchmarks/shape_speed.py [--corpus ../shared/corpus] [--synthetic 10] [--recogniser on|off]

One core: OpenCV and the BLAS pools are pinned to one thread before anything is imported. Two
sets: generated figures of every family (always), and the figures that `figscan.extract` finds
in a labelled corpus when the folder is there (extracted once, cached with
benchmarks/shape_corpus_eval.py's cache). Only `analyse_figure` is timed, as the pipeline calls
it (with the learned recogniser as shapes.toml sets it, or as --recogniser says); the target is
a median of at most 50 ms per figure. Processor time is reported beside wall time, since on a
shared machine the wall clock also counts other processes.
"""
from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from figscan.analyse.shapes import ShapeParams, analyse_figure  # noqa: E402
from training import synthetic  # noqa: E402

TARGET_MEDIAN_MS = 50.0


def timed(figures, params) -> tuple[list[float], list[float]]:
    """Wall and processor milliseconds per figure, each sorted."""
    wall, cpu = [], []
    for pixels, words, caption in figures:
        started, started_cpu = time.perf_counter(), time.process_time()
        analyse_figure(pixels, words, caption, params)
        wall.append(1000 * (time.perf_counter() - started))
        cpu.append(1000 * (time.process_time() - started_cpu))
    return sorted(wall), sorted(cpu)


def summary(name: str, times: tuple[list[float], list[float]]) -> str:
    ms, cpu = times
    if not ms:
        return f"{name}: no figures"
    median = ms[len(ms) // 2]
    verdict = "meets" if median <= TARGET_MEDIAN_MS else "misses"
    return (f"{name}: {len(ms)} figures  median {median:.1f} ms  p95 {ms[int(0.95 * (len(ms) - 1))]:.1f} ms  "
            f"max {ms[-1]:.1f} ms  ({verdict} the {TARGET_MEDIAN_MS:.0f} ms median target); "
            f"processor time median {cpu[len(cpu) // 2]:.1f} ms")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--synthetic", type=int, default=10, help="figures per generated family")
    ap.add_argument("--recogniser", choices=("on", "off"), default=None, help="override shapes.toml's use_recogniser")
    args = ap.parse_args(argv)
    cv2.setNumThreads(1)
    params = ShapeParams.load()
    if args.recogniser:
        params = replace(params, use_recogniser=args.recogniser == "on")
    print(f"recogniser {'on' if params.use_recogniser else 'off'}")
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
