"""Share of generated figures the detector flags, per drawing family, on seeds never trained on.

    .venv/bin/python benchmarks/shape_family_rates.py FAMILY [FAMILY ...] [--n 100] [--seed 50000]
    .venv/bin/python benchmarks/shape_family_rates.py all --n 30 --set repeat_min=1.01

Single-panel figures (training.synthetic.render with panels=False) through the full
analyse_figure path with the shipped model: recall for positive families, false-positive rate
for negative ones, and both over all the families asked for. A larger sample than the 20 per
family of benchmarks/shape_families.md. `--set NAME=VALUE` overrides a shapes.toml setting, to
measure a threshold's effect on generated figures only; `--reasons` also counts the early
rejections per family by kind (chart, table, flowchart, text, ...); `--candidates` also gives,
for positive families, the share of figures where some candidate silhouette lies on the drawn
body (box IoU >= 0.4) and the mean of each figure's best box IoU: what the scorer can find at
best. `--feature NAME` gives a cue's mean over the candidates on the drawn body and over all
the others (shapes.FEATURE_NAMES), e.g. `--feature shock` for the bow-shock strength.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figscan.analyse.shapes import FEATURE_NAMES, ShapeParams, analyse_figure, figure_features  # noqa: E402
from figscan.geometry import iou  # noqa: E402
from training import synthetic  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("families", nargs="+", choices=sorted(synthetic.FAMILIES) + ["all"])
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=50000, help="first seed (training uses 100000..100199)")
    ap.add_argument("--reasons", action="store_true", help="count early rejections by kind")
    ap.add_argument("--candidates", action="store_true", help="share of positives with a candidate on the body")
    ap.add_argument("--feature", choices=FEATURE_NAMES, help="mean of this cue on and off the drawn body")
    ap.add_argument("--model", default=None, help="a shape_model.json other than the shipped one")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a shapes.toml setting")
    args = ap.parse_args(argv)
    params = ShapeParams.load(model_path=args.model)
    for item in args.set:
        name, value = item.split("=", 1)
        params = dataclasses.replace(params, **{name: type(getattr(params, name))(value)})
    families = list(synthetic.FAMILIES) if "all" in args.families else args.families
    totals = {0: [0, 0], 1: [0, 0]}
    for family in families:
        flagged, found, reasons = 0, 0, collections.Counter()
        values, best_fit = {True: [], False: []}, []
        for i in range(args.n):
            smp = synthetic.render(family, args.seed + i, panels=False)
            finding = analyse_figure(smp.pixels, smp.words, smp.caption, params)
            flagged += finding.flag
            reasons[(finding.rejected or "analysed").split(":")[0]] += 1
            if args.candidates or args.feature:
                _, candidates = figure_features(smp.pixels, smp.words, params)
                fits = [max(iou(box, body) for body in [smp.bbox] + smp.boxes) if smp.bbox else 0.0
                        for _, box in candidates]
                on_body = [fit >= 0.4 for fit in fits]
                found += any(on_body)
                best_fit.append(max(fits, default=0.0))
                if args.feature:
                    k = FEATURE_NAMES.index(args.feature)
                    for (vector, _), hit in zip(candidates, on_body):
                        values[hit].append(vector[k])
        label = synthetic.FAMILIES[family][0]
        totals[label][0] += flagged
        totals[label][1] += args.n
        kind = "recall" if label else "false-positive rate"
        why = ("  " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items()))) if args.reasons else ""
        if args.candidates and label:
            why += f"  candidate on the body {found / args.n:.2f}, best box IoU {sum(best_fit) / args.n:.3f}"
        if args.feature:
            def mean(v: list) -> str:
                return f"{sum(v) / len(v):.2f} (n={len(v)})" if v else "-"
            why += f"  {args.feature} on the body {mean(values[True])}, elsewhere {mean(values[False])}"
        print(f"{family:14s} {kind} {flagged / args.n:.2f} ({flagged} of {args.n}){why}", flush=True)
    for label, kind in ((1, "recall"), (0, "false-positive rate")):
        flagged, n = totals[label]
        if n:
            print(f"{'all':14s} {kind} {flagged / n:.3f} ({flagged} of {n})")


if __name__ == "__main__":
    main()
