"""scikit-learn's HistGradientBoosting trees as padded arrays, the form figscan's own tree
walkers read (training/title_ranker.TreeEnsemble, figscan/extract/frontmatter/line_labeller.py),
so a scan needs no scikit-learn."""
from __future__ import annotations

import numpy as np


def padded_tree_arrays(trees: list[np.ndarray]) -> dict[str, list]:
    """One row per tree (its `predictor.nodes`), padded to the widest: a row goes left when its
    feature is <= the node's threshold (no feature is ever missing); leaves have feature -1, point
    at themselves and hold their value already scaled by the learning rate."""
    width = max(len(t) for t in trees)
    arrays = {k: np.zeros((len(trees), width)) for k in ("feature", "threshold", "left", "right", "value")}
    arrays["feature"][:] = -1
    for n, nodes in enumerate(trees):
        index = np.arange(len(nodes))
        leaf = nodes["is_leaf"].astype(bool)
        arrays["feature"][n, :len(nodes)] = np.where(leaf, -1, nodes["feature_idx"])
        arrays["threshold"][n, :len(nodes)] = nodes["num_threshold"]
        arrays["left"][n, :len(nodes)] = np.where(leaf, index, nodes["left"])
        arrays["right"][n, :len(nodes)] = np.where(leaf, index, nodes["right"])
        arrays["value"][n, :len(nodes)] = np.where(leaf, nodes["value"], 0.0)
    return {k: (v.astype(int) if k in ("feature", "left", "right") else v).tolist() for k, v in arrays.items()}
