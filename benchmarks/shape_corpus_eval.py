"""Measure the shape detector alone on a labelled PDF corpus, without the full pipeline.

    .venv/bin/python benchmarks/shape_corpus_eval.py ../shared/corpus [--flagged] [--labelled] [--model P]

Figures are extracted once with figscan.extract (same code as `figscan scan`) and cached under
benchmarks/out/shape_cache/; every run then re-analyses the cached pixels, writes a minimal
results.jsonl (page, figure bbox, shape in page points) and scores it with
../shared/eval/score.py. For measuring only: never tune thresholds on this output.
"""
from __future__ import annotations

import argparse
import csv
import json
import pickle
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figscan.analyse.shapes import ShapeParams, analyse_figure  # noqa: E402
from figscan.config import Limits  # noqa: E402
from figscan.extract.document import read_document  # noqa: E402

CACHE = ROOT / "benchmarks" / "out" / "shape_cache"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"  # ../shared beside the clone


def extract(pdf: Path) -> list[dict]:
    key = CACHE / f"{pdf.name}.{pdf.stat().st_size}.pkl"
    if key.exists():
        return pickle.loads(key.read_bytes())
    doc = read_document(pdf, Limits())
    figs = [dict(page=f.figure.page, bbox=f.figure.bbox, id=f.figure.id, caption=f.figure.caption,
                 pixels=f.pixels, words=f.words, scale=f.scale) for f in doc.figures]
    CACHE.mkdir(parents=True, exist_ok=True)
    key.write_bytes(pickle.dumps(figs))
    return figs


def to_points(box, fig):
    x0, y0 = fig["bbox"][:2]
    s = fig["scale"]
    return [x0 + box[0] / s, y0 + box[1] / s, x0 + box[2] / s, y0 + box[3] / s]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "shape_corpus_results.jsonl")
    ap.add_argument("--flagged", action="store_true", help="list every flagged figure")
    ap.add_argument("--labelled", action="store_true", help="list figures on labelled pages")
    ap.add_argument("--model", default=None, help="a shape_model.json other than the shipped one")
    args = ap.parse_args(argv)
    params = ShapeParams.load(model_path=args.model)
    labels = {}
    with open(args.corpus / "LABELS.tsv") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["page"] != "0" and row["certainty"] != "logo":
                labels.setdefault((row["file"], int(row["page"])), []).append(row["certainty"])
    lines, times = [], []
    for pdf in sorted(args.corpus.glob("*.pdf")):
        figs = extract(pdf)
        out = []
        for fig in figs:
            t = time.perf_counter()
            f = analyse_figure(fig["pixels"], fig["words"], fig["caption"], params)
            times.append(time.perf_counter() - t)
            shape = dict(flag=f.flag, score=f.score, rejected=f.rejected,
                         bbox=to_points(f.bbox, fig) if f.bbox else None)
            out.append(dict(page=fig["page"], bbox=list(fig["bbox"]), id=fig["id"], shape=shape))
            lab = labels.get((pdf.name, fig["page"]))
            h, w = fig["pixels"].shape[:2]
            if (args.flagged and f.flag) or (args.labelled and lab):
                print(f"{'FLAG' if f.flag else '    '} {f.score:.2f} {pdf.name[:34]:34s} {fig['id']:8s} {w}x{h} "
                      f"label={','.join(lab or ['-'])} {f.rejected or ''}"[:170])
        lines.append(json.dumps(dict(path=pdf.name, status="ok", figures=out)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")
    ms = sorted(1000 * t for t in times)
    if ms:
        print(f"figures {len(ms)}  median {ms[len(ms) // 2]:.0f} ms  p95 {ms[int(0.95 * len(ms))]:.0f} ms  max {ms[-1]:.0f} ms")
    subprocess.run([sys.executable, str(SCORE), str(args.out), str(args.corpus)], check=False)


if __name__ == "__main__":
    main()
