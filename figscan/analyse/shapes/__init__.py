"""Find missile-, rocket- and projectile-like bodies in figure images.

Pure functions on arrays. The detector follows /work/shared/notes/shape-detection.md:

1. reject early what cannot be a body drawing: tiny logos, blank crops, charts (axes with
   numeric tick labels or periodic ticks), tables, mostly-text regions, flowchart/UML boxes;
2. build filled silhouettes of candidate objects (text removed; with and without long
   horizontal/vertical lines; thin bodies cut off the thick ones they touch; plus an edge-based
   variant for photos and renders);
3. read each candidate's width profile along its main axis (elongation, mirror symmetry,
   cylindrical plateau, nose taper, tip, fin bulge) and score the cue vector with a small
   gradient-boosted model trained only on procedurally drawn figures (figscan/data/shape_model.json);
4. words in the figure and caption can lift a borderline score but never flag on their own.

Every decision is reported as named `Cue`s so a reviewer can see why a figure was flagged.

The modules, in the order a figure meets them:

- params: ShapeParams, the thresholds of figscan/data/shapes.toml and the trained model;
- image: the figure as RGB at analysis scale, its ink mask, photo measures, connected components;
- text: words in analysis pixels, rows and columns of numbers, glyph clusters, text removal;
- layout: long lines, ticks, axes, ruled tables, boxes of text, a sheet's frame: what is masked;
- silhouettes: the candidate silhouette variants (lines cut, thin parts, colour and even regions);
- features: the cue records of a candidate and of its figure, in the model's feature order;
- profile: the cues of one silhouette: width profile along its axis, bow shock ahead of the nose;
- analysis: one figure through early rejections, masking and candidates to measured cues;
- scoring: the tree model (or the hand rule), repeated bodies, and the cues a reviewer reads;
- finding: the figure's verdict as a ShapeFinding, optionally re-scored by the recogniser;
- overlay: the verdict drawn on the figure for the report.
"""
from figscan.analyse.shapes.analysis import figure_features
from figscan.analyse.shapes.features import FEATURE_NAMES
from figscan.analyse.shapes.finding import analyse_figure, cue_finding
from figscan.analyse.shapes.overlay import draw_overlay
from figscan.analyse.shapes.params import ShapeParams
from figscan.analyse.shapes.scoring import figure_probability, model_probabilities

__all__ = ["ShapeParams", "analyse_figure", "cue_finding", "draw_overlay", "figure_features", "FEATURE_NAMES",
           "figure_probability", "model_probabilities"]
