"""training/train_shapes.py: the bag of boosted-tree models becomes one JSON model that runtime reads with numpy."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from figscan.analyse.shapes import FEATURE_NAMES, model_probabilities

pytest.importorskip("sklearn", reason="scikit-learn is the 'train' extra: training only")
_SCRIPT = Path(__file__).resolve().parents[1] / "training" / "train_shapes.py"
_spec = importlib.util.spec_from_file_location("train_shapes", _SCRIPT)
train_shapes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(train_shapes)


def test_the_json_model_is_the_members_mean_log_odds():
    rng = np.random.default_rng(0)
    figs = []
    for _ in range(60):
        y = rng.integers(0, 2, 4)
        X = rng.normal(size=(4, len(FEATURE_NAMES)))
        X[:, FEATURE_NAMES.index("elong")] += 3 * y
        figs.append(dict(X=X.tolist(), y=y.tolist()))
    models = train_shapes.fit(figs, members=2)
    model = train_shapes.to_json(models)
    assert len(model["trees"]) == 2 * train_shapes.GBM["max_iter"]
    X = np.array([row for f in figs[:20] for row in f["X"]], float)
    expected = 1 / (1 + np.exp(-np.mean([m.decision_function(X) for m in models], axis=0)))
    probs = model_probabilities(X, model)
    assert np.abs(probs - expected).max() < 1e-9
    y = np.array([v for f in figs[:20] for v in f["y"]])
    assert probs[y == 1].mean() > probs[y == 0].mean() + 0.5  # it learned the elongation
