"""Processor time per figure of the shape stage under each rescue gate of the learned recogniser.

    .venv/bin/python benchmarks/recogniser_gate_speed.py [--synthetic 3]

The rescue rule embeds a figure the cue detector did not flag only when it passes the gate
(figscan.analyse.recogniser.Recogniser.consults), so a narrower gate costs less. Same figures and
one-core setting as benchmarks/shape_speed.py (generated figures of every family, seed 4242); the
shipped model with its gate replaced, and the recogniser off, for comparison. Also counts the
figures each gate sends to the recogniser.
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

from figscan.analyse import recogniser  # noqa: E402
from figscan.analyse.shapes import ShapeParams, analyse_figure, cue_finding  # noqa: E402
from training import synthetic  # noqa: E402


def median_cpu_ms(figures, params) -> float:
    cpu = []
    for pixels, words, caption in figures:
        started = time.process_time()
        analyse_figure(pixels, words, caption, params)
        cpu.append(1000 * (time.process_time() - started))
    return sorted(cpu)[len(cpu) // 2]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", type=int, default=3, help="figures per generated family")
    args = ap.parse_args(argv)
    cv2.setNumThreads(1)
    shipped = recogniser.load_recogniser()
    figures = [(s.pixels, s.words, s.caption) for s in synthetic.generate(args.synthetic, seed=4242)]
    findings = [cue_finding(*f) for f in figures]
    off = replace(ShapeParams.load(), use_recogniser=False)
    on = replace(off, use_recogniser=True)
    analyse_figure(*figures[0], on)  # warm up: loads the model
    print(f"{len(figures)} generated figures; shipped gate '{shipped.gate}'")
    print(f"recogniser off: median processor time {median_cpu_ms(figures, off):.1f} ms")
    for gate in ("body", "candidate", "scored"):
        model = replace(shipped, gate=gate, gate_min=off.shape_min if gate == "body" else 0.0)
        original = recogniser.load_recogniser
        recogniser.load_recogniser = lambda model=model: model
        try:
            consulted = sum(model.consults(f) for f in findings)
            print(f"gate '{gate}': recogniser runs on {consulted} of {len(figures)} figures, "
                  f"median processor time {median_cpu_ms(figures, on):.1f} ms")
        finally:
            recogniser.load_recogniser = original


if __name__ == "__main__":
    main()
