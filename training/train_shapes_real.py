"""Train the candidate scorer on real figures as well as procedural ones, and cross-validate it by repository.

    nice .venv/bin/python training/train_shapes_real.py features [--jobs 2] [--part real|synthetic|both]
    nice .venv/bin/python training/train_shapes_real.py cv [--models a b c] [--real-weight 1 3]
    nice .venv/bin/python training/train_shapes_real.py final --real-weight W

The procedural-only scorer (training/train_shapes.py) meets real figures badly (issue 23). Here
every real figure of the labelled set (training/shapes_real, images rebuilt under
/work/data/shapes_real) is seen as a scan sees it: placed on a PDF page at its own size and rendered
back as figscan.extract renders a figure region (train_recogniser.py's page_native copy), and
each copy goes through the cue detector's candidate stage
(shapes.figure_features: the same cue vectors the scorer reads at runtime). Candidates are
labelled by a rule fixed before any result was seen:
- in a positive figure, positive when the candidate box overlaps a labelled body box with
  IoU >= 0.4, or covers >= 0.7 of it with IoU >= 0.25 (train_shapes.py's rule for drawn bodies);
  every other candidate of a positive figure is left out (an unlabelled second body, a fragment);
- every candidate of a negative figure is negative.
Procedural figures (training.synthetic, N_SYNTHETIC per family) are labelled as in train_shapes.py.

Evaluation: grouped 5-fold CV on source_repo (StratifiedGroupKFold), so all figures of a repository
are on one side. Compared out of fold: (a) the shipped procedural-only
model, (b) real only, (c) procedural + real. A figure's probability is its shape probability as
cue_finding computes it (best candidate, a repeated body if any); its score adds the photo cap, and
it is flagged when the score reaches the flag threshold. Writes benchmarks/shape_cue_real_cv.md.

Features are cached in /work/data/cuereal/ (keyed by image bytes, copy and detector source).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import pickle
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figscan import geometry  # noqa: E402
from figscan.analyse import shapes  # noqa: E402
from training import train_shapes  # noqa: E402
from training.train_recogniser import DATA, decode, load_items, variant_pixels  # noqa: E402

CACHE = Path("/work/data/cuereal")
# The copy a scan extracts of a figure printed at its own size (train_recogniser's page_native).
# The text-width copy (page_wide) is upscaled to ~980 px and costs twice the time (1.2 s a figure
# under load): left out so that the features of all 1,689 figures fit in one run.
COPIES = ("page_native",)
N_SYNTHETIC = 20  # procedural figures per family (train_shapes.py ships 200; 20 is what the shared machine could draw in time)
SYNTHETIC_SEED = 1
FOLDS = 5
TARGET_FPR = 0.02
OUT_TABLE = ROOT / "benchmarks" / "shape_cue_real_cv.md"
LOOKALIKES = {"pipe", "tank", "nozzle", "aircraft", "wing_blade", "tower", "bolt_fastener", "bottle", "wedge_contour",
              "ship"}


def detector_source() -> str:
    """Hash of what the candidate stage's output depends on (not the scorer's trees)."""
    h = hashlib.sha1()
    for part in sorted((ROOT / "figscan" / "analyse" / "shapes").glob("*.py")):
        if part.name not in ("scoring.py", "finding.py", "overlay.py"):
            h.update(part.read_bytes())
    h.update((ROOT / "figscan" / "data" / "shapes.toml").read_text().split("[score]")[0].encode())
    return h.hexdigest()[:12]


# --------------------------------------------------------------------------------------------
# candidate features of real figures (cached)

def _measure(args) -> tuple[str, dict]:
    """One copy of one figure through the candidate stage: rejection, cue rows, boxes, and the
    labelled bodies in the copy's pixels."""
    item_id, boxes, copy = args
    raw = (DATA / "images" / f"{item_id}.png").read_bytes()
    seed = int(hashlib.sha1(raw).hexdigest()[:8], 16)
    pixels, (ox, oy, sw, sh) = variant_pixels(copy, raw, decode(raw), seed)
    rejected, cands = shapes.figure_features(pixels, [], shapes.ShapeParams.load())
    bodies = [(ox + b[0] * sw, oy + b[1] * sh, ox + b[2] * sw, oy + b[3] * sh) for b in boxes]
    return hashlib.sha1(raw).hexdigest(), dict(rejected=rejected, X=[v for v, _ in cands], boxes=[b for _, b in cands],
                                               bodies=bodies)


def real_features(jobs: int, copies: tuple[str, ...] = COPIES) -> list[dict]:
    """Per real figure: id, label, style, group and its copies' candidates (cached per copy;
    the copies are measured one after the other, so a partial cache holds whole copies)."""
    items = load_items(DATA)
    path = CACHE / f"real-{detector_source()}.pkl"
    cache = pickle.loads(path.read_bytes()) if path.exists() else {}
    for it in items:
        it.digest = hashlib.sha1((DATA / "images" / f"{it.id}.png").read_bytes()).hexdigest()
        it.key = (it.digest, tuple(it.boxes if it.label else []))
    for copy in copies:
        todo = [(it.id, list(it.key[1]), copy) for it in items if it.key + (copy,) not in cache]
        if not todo:
            continue
        started = time.time()
        print(f"measuring {len(todo)} of {len(items)} real figures, {copy}", flush=True)
        with multiprocessing.Pool(jobs) as pool:
            for n, ((digest, measured), (_, boxes, _)) in enumerate(zip(pool.imap(_measure, todo, chunksize=4), todo)):
                cache[(digest, tuple(boxes), copy)] = measured
                if (n + 1) % 100 == 0 or n + 1 == len(todo):
                    CACHE.mkdir(parents=True, exist_ok=True)
                    path.with_suffix(".tmp").write_bytes(pickle.dumps(cache))
                    path.with_suffix(".tmp").replace(path)
                    print(f"  {n + 1}/{len(todo)} ({time.time() - started:.0f} s)", flush=True)
    return [dict(id=it.id, label=it.label, style=it.style, group=it.group,
                 copies={c: cache[it.key + (c,)] for c in copies}) for it in items]


def synthetic_features(jobs: int) -> list[dict]:
    """Procedural figures as train_shapes.build draws and labels them (cached)."""
    path = CACHE / f"synthetic-{detector_source()}-{N_SYNTHETIC}-{SYNTHETIC_SEED}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    started = time.time()
    figs = train_shapes.build(N_SYNTHETIC, SYNTHETIC_SEED, shapes.ShapeParams.load(), jobs)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(figs))
    print(f"synthetic: {len(figs)} figures in {time.time() - started:.0f} s", flush=True)
    return figs


def _cover(body, box) -> float:
    return geometry.area(geometry.intersection(body, box)) / max(1e-9, geometry.area(body))


def labelled_rows(copy: dict, label: int) -> tuple[list, list]:
    """Training rows of one copy by the rule of the module docstring."""
    X, y = [], []
    for vec, box in zip(copy["X"], copy["boxes"]):
        if not label:
            X.append(vec)
            y.append(0)
            continue
        iou = max((geometry.iou(box, b) for b in copy["bodies"]), default=0.0)
        cov = max((_cover(b, box) * (geometry.iou(box, b) >= 0.25) for b in copy["bodies"]), default=0.0)
        if iou >= 0.4 or cov >= 0.7:
            X.append(vec)
            y.append(1)
    return X, y


def real_as_training(figs: list[dict]) -> list[dict]:
    """Real figures in train_shapes.fit's format: one entry per figure, both copies' rows."""
    out = []
    for f in figs:
        X, y = [], []
        for copy in f["copies"].values():
            cx, cy = labelled_rows(copy, f["label"])
            X += cx
            y += cy
        out.append(dict(X=X, y=y, real=True))
    return out


# --------------------------------------------------------------------------------------------
# models

def fit(procedural: list[dict], real: list[dict], real_weight: float, members: int = train_shapes.MEMBERS) -> list:
    """train_shapes.fit's bag (bootstrap of figures, classes balanced) with the real figures'
    rows weighted real_weight x relative to procedural rows of the same class."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    figs = procedural + real
    models = []
    for k in range(members):
        idx = np.random.default_rng(k).integers(0, len(figs), len(figs))
        X = np.array([r for i in idx for r in figs[i]["X"]], float)
        y = np.array([v for i in idx for v in figs[i]["y"]], int)
        src = np.array([1.0 if figs[i].get("real") else 0.0 for i in idx for _ in figs[i]["y"]])
        w = np.where(y == 1, (y == 0).sum() / max(1, (y == 1).sum()), 1.0)
        w = w * np.where(src == 1, real_weight, 1.0)
        models.append(HistGradientBoostingClassifier(**train_shapes.GBM, random_state=k).fit(X, y, sample_weight=w))
    return models


def copy_scores(copy: dict, model: dict, params) -> tuple[float, float]:
    """(shape probability, score) of one copy as cue_finding computes them without words: the
    score is the probability capped for photographs, and the copy is flagged when it reaches
    the flag threshold (without words, score >= flag_threshold implies probability >= shape_min)."""
    if copy["rejected"] or not copy["X"]:
        return 0.0, 0.0
    X = np.array(copy["X"], float)
    probs = shapes.model_probabilities(X, model)
    prob = shapes.figure_probability(copy["boxes"], probs, params)[2]
    names = shapes.FEATURE_NAMES
    photo = X[0, names.index("ncolours")] >= params.photo_colours and X[0, names.index("texture")] >= params.photo_texture
    score = min(prob, params.photo_score_cap) if photo else prob
    return prob, score


def folds(figs: list[dict]) -> list[np.ndarray]:
    y = np.array([f["label"] for f in figs])
    groups = np.array([f["group"] for f in figs])
    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    return [test for _, test in splitter.split(np.zeros(len(y)), y, groups)]


def out_of_fold(figs, procedural, real_rows, params, real_weight: float, use_real: bool, use_procedural: bool):
    """Per figure, per copy: (probability, flag) with the figure's fold left out of training."""
    scores = [None] * len(figs)
    for k, test in enumerate(folds(figs)):
        held = set(test.tolist())
        train_real = [r for i, r in enumerate(real_rows) if i not in held] if use_real else []
        started = time.time()
        model = train_shapes.to_json(fit(procedural if use_procedural else [], train_real, real_weight))
        for i in test:
            scores[i] = [copy_scores(figs[i]["copies"][c], model, params) for c in COPIES]
        print(f"  fold {k + 1}/{FOLDS} ({time.time() - started:.0f} s)", flush=True)
    return scores


# --------------------------------------------------------------------------------------------
# metrics (pooled over page copies, as benchmarks/shape_real_cv.md counts them)

def pooled(figs, scores):
    p = np.array([s[0] for fs in scores for s in fs])
    flag = np.array([s[1] for fs in scores for s in fs])  # the capped score: flagged at >= the threshold
    y = np.array([f["label"] for f in figs for _ in COPIES])
    style = np.array([f["style"] for f in figs for _ in COPIES])
    return p, flag, y, style


def threshold_at_fpr(p, y, fpr: float) -> float:
    """The lowest threshold whose false-positive rate on the negatives is at most fpr."""
    neg = np.sort(p[y == 0])[::-1]
    k = int(np.floor(fpr * len(neg)))
    return float(np.nextafter(neg[k], 1.0)) if k < len(neg) else 0.0


def row(name, p, score, y, style, threshold: float, fpr: float = TARGET_FPR) -> dict:
    """AUC of the shape probability; recall and FPR where the scan's score (photos capped)
    crosses the threshold of fpr on all negatives, and at the current flag threshold."""
    look = np.isin(style, list(LOOKALIKES)) & (y == 0)
    ordinary = ~np.isin(style, list(LOOKALIKES)) & (y == 0)
    t = threshold_at_fpr(score, y, fpr)
    flag = score >= threshold
    return dict(name=name, auc=roc_auc_score(y, p), t2=t, rec2=np.mean(score[y == 1] >= t),
                fpr2_look=np.mean(score[look] >= t), fpr2_ord=np.mean(score[ordinary] >= t),
                auc_score=roc_auc_score(y, score), score=score,
                rec=np.mean(flag[y == 1]), fpr=np.mean(flag[y == 0]), fpr_look=np.mean(flag[look]),
                fpr_ord=np.mean(flag[ordinary]), flag=flag, p=score)


def write_table(path: Path, figs, rows: list[dict], y, style, command: str, extra: list[str]) -> None:
    n_pos = sum(f["label"] for f in figs)
    lines = ["# Cue scorer trained on real figures: grouped cross-validation", "",
             f"Made by `{command}`. {len(figs)} real figures ({n_pos} with a body, {len(set(f['group'] for f in figs))} "
             f"repositories, training/shapes_real), each scored on its page copy (placed on a PDF page at its own "
             f"size and rendered back as figscan.extract renders a figure). Grouped {FOLDS}-fold CV on source_repo "
             f"(StratifiedGroupKFold, seed 0): every fold's "
             f"model is trained without the fold's repositories. Probability = cue_finding's shape probability "
             f"(best candidate, combined with a repeated body); score = cue_finding's score (photos capped at "
             f"{shapes.ShapeParams.load().photo_score_cap}, no words), flagged at >= the threshold. Recall and FPR "
             f"at 2% FPR: on the score, at the threshold where 2% of all negatives pass; lookalikes = "
             f"{', '.join(sorted(LOOKALIKES))}. "
             f"Procedural = {N_SYNTHETIC} generated figures per family (training.synthetic, seed {SYNTHETIC_SEED}).", "",
             "Candidate labels (fixed before results): in a positive figure, positive when IoU with a labelled body "
             ">= 0.4, or it covers >= 0.7 of the body with IoU >= 0.25, other candidates of positive figures "
             "left out; every candidate of a negative figure is negative.", "",
             "| model | AUC (probability / score) | recall at 2% FPR (threshold) | FPR lookalikes / ordinary at it | recall at current flag | "
             "FPR at current flag (lookalikes / ordinary) |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['name']} | {r['auc']:.3f} / {r['auc_score']:.3f} | {r['rec2']:.3f} ({r['t2']:.3f}) | {r['fpr2_look']:.3f} / "
                     f"{r['fpr2_ord']:.3f} | {r['rec']:.3f} | {r['fpr']:.3f} ({r['fpr_look']:.3f} / {r['fpr_ord']:.3f}) |")
    for label, heading in ((1, "Recall by style (positives)"), (0, "False-positive rate by negative style")):
        lines += ["", f"{heading}, at 2% FPR / at the current flag:", "",
                  "| style | n copies | " + " | ".join(r["name"] for r in rows) + " |",
                  "|---|---|" + "---|" * len(rows)]
        for st in sorted(set(style[y == label])):
            m = (style == st) & (y == label)
            lines.append(f"| {st} | {m.sum()} | " + " | ".join(
                f"{np.mean(r['p'][m] >= r['t2']):.2f} / {np.mean(r['flag'][m]):.2f}" for r in rows) + " |")
    path.write_text("\n".join(lines + [""] + extra) + "\n")


def diagnostics(figs: list[dict], results: list[dict]) -> list[str]:
    """Where recall is lost: positives with no candidate on the body (no scorer can find them),
    and each model's AUC on the positives that have one, and against lookalikes only."""
    y = np.array([f["label"] for f in figs for _ in COPIES])
    style = np.array([f["style"] for f in figs for _ in COPIES])
    on_body = np.array([not f["label"] or bool(sum(labelled_rows(f["copies"][c], 1)[1])) for f in figs for c in COPIES])
    hard = (y == 1) | np.isin(style, list(LOOKALIKES))
    lines = [f"Positives with a candidate on a labelled body (the rule above): {int(on_body[y == 1].sum())} of "
             f"{int((y == 1).sum())}; the others no scorer can find.", "",
             "| model | AUC, positives with a body candidate vs all negatives | AUC, all positives vs lookalikes |",
             "|---|---|---|"]
    for r in results:
        lines.append(f"| {r['name']} | {roc_auc_score(y[on_body], r['score'][on_body]):.3f} | "
                     f"{roc_auc_score(y[hard], r['score'][hard]):.3f} |")
    return lines


AUC_GAIN, RECALL_GAIN = 0.05, 0.10  # "(c) beats (a) clearly", registered before the CV ran (commit a6eeae8)


def verdict(done: dict) -> list[str]:
    """Whether a procedural + real scorer replaces the shipped one, by the registered rule."""
    if "a" not in done or not any(k.startswith("c") for k in done):
        return []
    a = done["a"]
    best = max((r for k, r in done.items() if k.startswith("c")), key=lambda r: r["rec2"])
    wins = best["auc"] - a["auc"] >= AUC_GAIN and best["rec2"] - a["rec2"] >= RECALL_GAIN
    return ["", f"Decision rule (registered before the CV ran): (c) replaces the shipped scorer only if out of fold its "
            f"AUC is >= {AUC_GAIN} higher and its recall at 2% FPR >= {RECALL_GAIN} higher than (a)'s. Best (c): AUC "
            f"{best['auc'] - a['auc']:+.3f}, recall at 2% FPR {best['rec2'] - a['rec2']:+.3f}: "
            + ("replaces it." if wins else "it does not; the shipped scorer stays.")]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("features", "cv", "final"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--part", choices=("real", "synthetic", "both"), default="both", help="features: which set to measure")
    ap.add_argument("--real-weight", type=float, nargs="+", default=[1.0],
                    help="weight of a real row relative to a procedural row of its class, (c) per value")
    ap.add_argument("--models", nargs="*", choices=("a", "b", "c"), default=["a", "b", "c"],
                    help="cv: which rows to (re)compute; the others are read from earlier runs' cache")
    ap.add_argument("--baseline", default=str(ROOT / "figscan" / "data" / "shape_model.json"),
                    help="cv: the procedural-only scorer of row (a)")
    ap.add_argument("--out", default=str(ROOT / "figscan" / "data" / "shape_model.json"))
    args = ap.parse_args(argv)
    params = shapes.ShapeParams.load()
    if args.step == "features" and args.part == "synthetic":
        print(f"procedural: {len(synthetic_features(args.jobs))} figures")
        return 0
    real = real_features(args.jobs)
    real_rows = real_as_training(real)
    print(f"real: {len(real)} figures, {sum(len(r['y']) for r in real_rows)} labelled candidates, "
          f"{sum(sum(r['y']) for r in real_rows)} positive", flush=True)
    if args.step == "features":
        if args.part == "both":
            print(f"procedural: {len(synthetic_features(args.jobs))} figures")
        return 0
    if args.step == "final":
        procedural = synthetic_features(args.jobs)
        models = fit(procedural, real_rows, args.real_weight[0])
        mj = train_shapes.to_json(models)
        mj["trained_on"] = (f"training.synthetic procedural figures ({N_SYNTHETIC} per family, seed {SYNTHETIC_SEED}) + "
                            f"{len(real)} real figures of training/shapes_real as page copies, real rows weighted "
                            f"{args.real_weight[0]} (training/train_shapes_real.py)")
        Path(args.out).write_text(json.dumps(mj, separators=(",", ":")))
        print(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KB)")
        return 0
    rows_path = CACHE / f"cv-{detector_source()}-{N_SYNTHETIC}.pkl"
    done = {}
    if "a" in args.models:
        baseline = json.loads(Path(args.baseline).read_text())
        scores = [[copy_scores(f["copies"][c], baseline, params) for c in COPIES] for f in real]
        done["a"] = row("(a) procedural only (shipped scorer)", *pooled(real, scores), params.flag_threshold)
    if "b" in args.models:
        scores = out_of_fold(real, [], real_rows, params, 1.0, use_real=True, use_procedural=False)
        done["b"] = row("(b) real only", *pooled(real, scores), params.flag_threshold)
    if "c" in args.models:
        procedural = synthetic_features(args.jobs)
        for wgt in args.real_weight:
            scores = out_of_fold(real, procedural, real_rows, params, wgt, use_real=True, use_procedural=True)
            done[f"c{wgt:g}"] = row(f"(c) procedural + real, real rows x{wgt:g}", *pooled(real, scores),
                                    params.flag_threshold)
    if rows_path.exists():  # rows another run wrote meanwhile (rows are computed in parallel runs)
        done = {**pickle.loads(rows_path.read_bytes()), **done}
    rows_path.write_bytes(pickle.dumps(done))
    results = [done[k] for k in sorted(done)]
    for r in results:
        print(f"{r['name']:45s} AUC {r['auc']:.3f} rec@2% {r['rec2']:.3f} (t {r['t2']:.3f}) "
              f"rec@flag {r['rec']:.3f} FPR@flag {r['fpr']:.3f} ({r['fpr_look']:.3f}/{r['fpr_ord']:.3f})")
    y = np.array([f["label"] for f in real for _ in COPIES])
    style = np.array([f["style"] for f in real for _ in COPIES])
    command = ("nice .venv/bin/python training/train_shapes_real.py cv --models a b c --real-weight "
               + " ".join(f"{w:g}" for w in args.real_weight))
    write_table(OUT_TABLE, real, results, y, style, command, diagnostics(real, results) + verdict(done))
    print(f"wrote {OUT_TABLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
