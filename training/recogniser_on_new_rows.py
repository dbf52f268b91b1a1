"""Score the figures a round added to the real-figure set with a recogniser that never saw them,
to measure how well the current model already does on the new styles (issue 23).

    nice .venv/bin/python training/recogniser_on_new_rows.py --model figscan/data/recogniser.json \
        [--manifest manifest_round4.tsv] [--data /work/data/shapes_real]

The model file must have been trained without the new rows (its meta says on what); the new rows
come from repositories no old row comes from, so its scores are held out by repository as in the
grouped CV. Each new figure is scored as the CV scores it (train_recogniser.py): its two page copies,
the recogniser's calibrated probability on the copies it scores, and the model's decision rule
(rescue: the cue detector's flag stands, the recogniser adds a flag at p >= threshold).
Prints AUC (new positives against new negatives), the rescue and cue-detector recall on the new
positives by style, and the flag rate on the new negatives, all per copy.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "training"))

import train_recogniser as tr  # noqa: E402

from figscan.analyse import recogniser  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, required=True, help="a recogniser.json trained without the new rows")
    ap.add_argument("--manifest", default=tr.EVAL_MANIFESTS[0], help="the manifest of the new rows")
    ap.add_argument("--data", type=Path, default=tr.DATA)
    args = ap.parse_args(argv)
    model = recogniser._parse(json.loads(args.model.read_text()))
    new = tr.load_items(args.data, (args.manifest,))
    new = tr.measure_views(new, args.data, margin="margin" in model.views)
    y = np.array([it.label for it in new])
    styles = np.array([it.style for it in new])
    probs: list[np.ndarray] = []
    flags: list[np.ndarray] = []
    cues: list[np.ndarray] = []
    for variant in tr.SCORED_VARIANTS:
        rows = tr.rows(new, variant, False, "margin" in model.views)
        cue_flags = np.array([it.views[variant].cue_flag for it in new], dtype=bool)
        scored = tr.scored(new, variant)
        prob = np.where(scored, model.probability(rows, cue_flags), 0.0)
        probs.append(prob)
        cues.append(cue_flags)
        flags.append((model.union & cue_flags) | (scored & (prob >= model.threshold)))
    p, flag, cue = np.concatenate(probs), np.concatenate(flags), np.concatenate(cues)
    yy, ss = np.tile(y, len(tr.SCORED_VARIANTS)), np.tile(styles, len(tr.SCORED_VARIANTS))
    meta = json.loads(args.model.read_text())["meta"]
    print(f"model: {args.model} ({meta['trained_on']}; {meta['decision']})")
    print(f"new rows: {len(new)} figures ({int(y.sum())} positive, {int((y == 0).sum())} negative) from "
          f"{len({it.group for it in new})} repositories; {len(yy)} page copies")
    print(f"AUC of the calibrated probability, new positives against new negatives: {tr.auc(p, yy):.3f}")
    pos, neg = yy == 1, yy == 0
    print(f"rescue recall on new positives: {flag[pos].mean():.3f} (cue detector alone {cue[pos].mean():.3f}); "
          f"flag rate on new negatives: {flag[neg].mean():.3f} (cue detector alone {cue[neg].mean():.3f})")
    print("| style | copies | kind | rescue (cue flag OR recogniser) | cue detector alone | mean probability |")
    print("|---|---|---|---|---|---|")
    for style in sorted(set(ss)):
        m = ss == style
        kind = "positive: recall" if yy[m][0] == 1 else "negative: flag rate"
        print(f"| {style} | {int(m.sum())} | {kind} | {flag[m].mean():.3f} | {cue[m].mean():.3f} | {p[m].mean():.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
