"""The detector's thresholds (figscan/data/shapes.toml, where each has its provenance) and its
trained cue model (figscan/data/shape_model.json), read once into one frozen ShapeParams."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Optional

from figscan.settings import build, read_toml

_DATA = "figscan.data"


@dataclass(frozen=True)
class ShapeParams:
    """Thresholds of the detector; documented with their provenance in figscan/data/shapes.toml."""
    min_long_side_px: int = 180
    min_short_side_px: int = 24
    analysis_max_side: int = 800
    analysis_min_side: int = 320
    ink_min: float = 28
    ink_max: float = 120
    blank_ink_frac: float = 0.0015
    text_px_pt: float = 11.0
    text_frac: float = 0.06
    word_max_h_frac: float = 0.2
    mostly_text_frac: float = 0.33
    edges_midtone: float = 0.2
    annotation_colour_min: float = 0.05
    faint_ratio: float = 2.0
    regions_colour_min: float = 0.05
    regions_k: int = 6
    regions_side: int = 320
    regions_sample: int = 4000
    regions_top_k: int = 2
    regions_max_frac: float = 0.6
    even_sigma_frac: float = 0.006
    even_ratio: float = 0.4
    even_open_frac: float = 0.15
    photo_colours: int = 600
    photo_texture: float = 0.25
    photo_score_cap: float = 0.7
    close_frac: float = 0.008
    open_frac: float = 0.012
    protrude_frac: float = 0.06
    bridge_gap_frac: float = 1.0
    bridge_offset_frac: float = 0.5
    bridge_angle_deg: float = 15.0
    bridge_cover: float = 0.7
    line_frac: float = 0.35
    top_k: int = 4
    min_blob_frac: float = 0.0012
    profile_bins: int = 64
    plateau_tol: float = 0.12
    min_aligned_numbers: int = 3
    align_tol: float = 0.6
    gap_cv_max: float = 0.35
    axis_frac: float = 0.3
    min_ticks: int = 4
    chart_cover_frac: float = 0.6
    corner_tol: float = 0.03
    table_min_hlines: int = 4
    table_min_words: int = 12
    table_rule_max_frac: float = 0.012
    table_rule_frac: float = 0.15
    left_ink_min: float = 0.25
    free_line_frac: float = 0.04
    free_line_thick: float = 0.005
    frame_line_frac: float = 0.8
    frame_margin_frac: float = 0.08
    box_min_with_text: int = 3
    box_min_area_frac: float = 0.004
    box_rectangularity: float = 0.88
    flag_threshold: float = 0.85
    shape_min: float = 0.73
    word_bonus: float = 0.12
    repeat_min: float = 0.7
    repeat_area_ratio: float = 3.0
    elongation_min: float = 3.0
    elongation_max: float = 30.0
    mirror_iou_min: float = 0.7
    plateau_min: float = 0.25
    nose_taper_min: float = 0.06
    nose_taper_max: float = 0.5
    fin_bulge_min: float = 1.3
    shock_min: float = 1.5
    shock_line_frac: float = 0.012
    shock_noise_floor: float = 4.0
    shock_fan_deg: float = 75.0
    shock_rays: int = 31
    shock_reach: float = 2.5
    shock_sample_px: float = 1.0
    shock_margin: float = 0.015
    shock_step: float = 0.1
    terms: tuple[str, ...] = ("missile", "rocket", "projectile")
    use_recogniser: bool = False  # the learned recogniser re-scores findings (shapes.toml [recogniser])
    recogniser_model: str = "recogniser.json"  # which recogniser of figscan/data (shapes.toml [recogniser])
    model: Optional[dict] = field(default=None, compare=False, hash=False, repr=False)

    @classmethod
    def load(cls, path: Any = None, model_path: Any = None) -> "ShapeParams":
        """Read shapes.toml (all sections flattened) and the trained model shape_model.json."""
        raw, where = read_toml(Path(path) if path is not None else "shapes.toml")
        flat: dict[str, Any] = {}
        for section in raw.values():
            if isinstance(section, dict):
                flat.update(section)
        params = build(cls, flat, where)
        return replace(params, model=_load_model(model_path))


def _load_model(path: Any = None) -> Optional[dict]:
    try:
        if path is None:
            text = resources.files(_DATA).joinpath("shape_model.json").read_text()
        else:
            text = open(path, encoding="utf-8").read()
        return json.loads(text)
    except (FileNotFoundError, OSError, ValueError):
        return None


@lru_cache(maxsize=1)
def default_params() -> ShapeParams:
    return ShapeParams.load()
