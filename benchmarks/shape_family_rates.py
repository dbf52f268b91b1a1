"""Share of generated figures the detector flags, per drawing family, on seeds never trained on.

    .venv/bin/python benchmarks/shape_family_rates.py FAMILY [FAMILY ...] [--n 100] [--seed 50000]

Single-panel figures (figscan.analyse.synthetic.render with panels=False) through the full
analyse_figure path with the shipped model: recall for positive families, false-positive rate
for negative ones. A larger sample than the 20 per family of benchmarks/shape_families.md.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figscan.analyse import synthetic  # noqa: E402
from figscan.analyse.shapes import ShapeParams, analyse_figure  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("families", nargs="+", choices=sorted(synthetic.FAMILIES))
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=50000, help="first seed (training uses 100000..100079)")
    args = ap.parse_args(argv)
    params = ShapeParams.load()
    for family in args.families:
        flagged = 0
        for i in range(args.n):
            smp = synthetic.render(family, args.seed + i, panels=False)
            flagged += analyse_figure(smp.pixels, smp.words, smp.caption, params).flag
        kind = "recall" if synthetic.FAMILIES[family][0] else "false-positive rate"
        print(f"{family:14s} {kind} {flagged / args.n:.2f} ({flagged} of {args.n})")


if __name__ == "__main__":
    main()
