"""Out-of-fold results of the shipped recipe split by row set: the rows a round added (their own manifest)
against the older rows, so a retrain's CV can be compared with the previous one on the same rows.

    nice .venv/bin/python training/recogniser_oof_by_rows.py [--add manifest_round4.tsv] [--data /work/data/shapes_real]

Runs the same grouped CV as train_recogniser.py (its recipe, C, folds on source_repo, Platt or
isotonic calibration and the rescue threshold at the negative-paper budget, gate chosen as there),
then reports, per row set, the AUC of the recogniser's decision (page copies, as the CV scores them),
the rescue recall on positives, the flag rate on negatives, and rescue recall by style.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

import train_recogniser as tr  # noqa: E402

from figscan.analyse import shapes  # noqa: E402

RECIPE = "PNG + scan copies + augmented, whole figure + crop"  # the shipped recipe (benchmarks/shape_real_cv.md)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--add", default=tr.EVAL_MANIFESTS[0], help="the manifest of the rows trained on with the others")
    ap.add_argument("--data", type=Path, default=tr.DATA)
    args = ap.parse_args(argv)
    recipe = next(r for r in tr.recipes() if r.name == RECIPE)
    added = {it.id for it in tr.load_items(args.data, (args.add,))}
    items = tr.measure_views(tr.load_items(args.data, (*tr.MANIFESTS, args.add)), args.data, margin=recipe.tta)
    pooled = tr.Pooled.of(items)
    s = pooled.decisions(tr.out_of_fold(items, recipe, tr.C))
    ev = tr.evaluate_rescue(pooled, s, shapes.ShapeParams.load().shape_min)
    shipped = ev.shipped
    new = np.tile([it.id in added for it in items], len(tr.SCORED_VARIANTS))
    print(f"{len(items)} figures; rule: {shipped.name}; all rows: AUC {tr.auc(s, pooled.y):.3f}, "
          f"rescue recall {shipped.flagged[pooled.y == 1].mean():.3f}")
    for name, rows in (("old rows", ~new), ("new rows", new)):
        y, f, cue = pooled.y[rows], shipped.flagged[rows], pooled.flags[rows] > 0
        print(f"{name}: {rows.sum()} page copies ({int(y.sum())} positive); AUC of the decision {tr.auc(s[rows], y):.3f}; "
              f"rescue recall {f[y == 1].mean():.3f} (cue detector {cue[y == 1].mean():.3f}); "
              f"flag rate on negatives {f[y == 0].mean():.3f} (cue detector {cue[y == 0].mean():.3f})")
    print("| style (new rows) | copies | kind | rescue | cue detector alone |")
    print("|---|---|---|---|---|")
    for style in sorted(set(pooled.styles[new])):
        m = new & (pooled.styles == style)
        kind = "positive: recall" if pooled.y[m][0] == 1 else "negative: flag rate"
        print(f"| {style} | {int(m.sum())} | {kind} | {shipped.flagged[m].mean():.3f} | {(pooled.flags[m] > 0).mean():.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
