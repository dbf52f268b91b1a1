"""The detector's entry points: one figure image to a ShapeFinding (score, flag, box, axis, cues),
optionally re-scored by the learned recogniser."""
from __future__ import annotations

import numpy as np

from figscan.analyse.recogniser import load_recogniser, recognise
from figscan.analyse.shapes.analysis import analyse
from figscan.analyse.shapes.params import ShapeParams, default_params
from figscan.analyse.shapes.scoring import explain_cues, figure_probability, model_probabilities, rule_probability, separate_bodies
from figscan.analyse.shapes.text import word_terms
from figscan.model import Cue, ShapeFinding, Word


def _in_box(point: tuple[float, float], s: float, box: tuple[float, float, float, float]) -> tuple[float, float]:
    """An axis end in input pixels, kept on the shape's box (the principal axis of a lopsided
    silhouette can end just outside it)."""
    return (min(max(point[0] / s, box[0]), box[2]), min(max(point[1] / s, box[1]), box[3]))


def cue_finding(pixels: np.ndarray, words: list[Word], caption: str = "",
                params: ShapeParams | None = None) -> ShapeFinding:
    """Score one figure image for a missile-like body; bbox and axis are in input image pixels.

    Never raises on odd arrays: anything unusable comes back as a rejected, unflagged finding.
    """
    return cue_finding_and_candidates(pixels, words, caption, params)[0]


def cue_finding_and_candidates(pixels: np.ndarray, words: list[Word], caption: str = "", params: ShapeParams | None = None
                               ) -> tuple[ShapeFinding, list[tuple[tuple[float, float, float, float], float]]]:
    """cue_finding, and every candidate's (box in input pixels, shape probability): the recogniser's
    extra views look at the next candidates too."""
    p = params or default_params()
    try:
        an = analyse(pixels, words, p)
    except Exception as exc:  # robustness contract: a figure must never stop a scan
        return ShapeFinding(score=0.0, flag=False, rejected=f"error: {type(exc).__name__}: {exc}"), []
    terms = word_terms(words, caption, p)
    word_cue = Cue("words", float(len(terms)), bool(terms), ", ".join(terms[:6]) or "no missile vocabulary")
    if an.rejected:
        return ShapeFinding(score=0.0, flag=False, cues=[word_cue], rejected=an.rejected), []
    if not an.candidates:
        return ShapeFinding(score=0.0, flag=False, cues=[word_cue], rejected="no object: no candidate silhouette"), []
    probs = model_probabilities(np.array([c.vector(an.glob) for c in an.candidates], float), p.model)
    if probs is None:
        probs = np.array([rule_probability(c.profile, p) for c in an.candidates])
    best_i, twin_i, best_p = figure_probability([c.box for c in an.candidates], probs, p)
    best = an.candidates[best_i]
    score = best_p
    if terms and best_p >= p.shape_min - p.word_bonus:
        score = min(1.0, best_p + p.word_bonus)
    photo = an.glob.ncolours >= p.photo_colours and an.glob.texture >= p.photo_texture
    if photo:  # silhouettes of photographs are unreliable: a photo alone is never convincing
        score = min(score, p.photo_score_cap)
    flag = bool(score >= p.flag_threshold and best_p >= p.shape_min)
    s = an.scale
    x0, y0, x1, y1 = best.box
    bbox = (x0 / s, y0 / s, x1 / s, y1 / s)
    axis = (_in_box(best.nose, s, bbox), _in_box(best.tail, s, bbox))
    model_name = "model" if p.model else "rule"
    cues = [Cue("shape_probability", round(best_p, 3), best_p >= p.shape_min,
                f"{model_name} probability of a missile-like body ({best.variant_name} silhouette)")]
    cues += explain_cues(best, p)
    twin = None
    if twin_i is not None:
        twin = tx0, ty0, tx1, ty1 = tuple(v / s for v in an.candidates[twin_i].box)
        cues.append(Cue("repeated_body", round(float(probs[twin_i]), 3), True,
                        f"a second body of similar size at ({tx0:.0f}, {ty0:.0f})-({tx1:.0f}, {ty1:.0f}) px "
                        f"scores {probs[twin_i]:.2f}: shape probability {best_p:.2f} if either is missile-like"))
    cues.append(Cue("photo", an.glob.ncolours, bool(photo),
                    (f"photograph, score capped at {p.photo_score_cap}: " if photo else "")
                    + f"{int(an.glob.ncolours)} colours, {an.glob.texture:.0%} fine texture"))
    cues.append(word_cue)
    bodies = [tuple(v / s for v in an.candidates[i].box) for i in separate_bodies([c.box for c in an.candidates], probs, p)]
    candidates = [((c.box[0] / s, c.box[1] / s, c.box[2] / s, c.box[3] / s), float(q)) for c, q in zip(an.candidates, probs)]
    return ShapeFinding(score=round(float(score), 4), flag=flag, bbox=bbox, axis=axis, twin=twin, cues=cues,
                        bodies=bodies), candidates


def analyse_figure(pixels: np.ndarray, words: list[Word], caption: str = "",
                   params: ShapeParams | None = None) -> ShapeFinding:
    """Score one figure image for a missile-like body; bbox and axis are in input image pixels.

    The cue detector (cue_finding) finds the body and measures it; with `use_recogniser` the
    learned recogniser (figscan.analyse.recogniser, trained on real figures) then sets score and
    flag to its calibrated probability. Never raises: a recogniser failure leaves the cue
    detector's verdict.
    """
    p = params or default_params()
    finding, candidates = cue_finding_and_candidates(pixels, words, caption, p)
    if not p.use_recogniser:
        return finding
    try:
        return recognise(pixels, finding, load_recogniser(p.recogniser_model), candidates)
    except Exception as exc:  # robustness contract: a figure must never stop a scan
        finding.cues.append(Cue("recogniser", 0.0, False, f"error: {type(exc).__name__}: {exc}"))
        return finding
