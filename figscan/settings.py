"""Settings files as typed, validated records: one way to read every knob figscan has.

Limits (`figscan.toml`), score weights (`data/weights.toml`), term categories (`data/terms.toml`)
and the shape detector's settings (`data/shapes.toml`) are all read through `build`, so a typo,
a missing key or a value of the wrong type stops the run at once with a message naming the file
and the key, instead of surfacing later as an error on every paper. The files keep their own
comments: each setting's reason and source live next to its value.
"""
from __future__ import annotations

import difflib
import tomllib
import types
import typing
from dataclasses import MISSING, dataclass, fields, is_dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
DATA = "figscan.data"


class SettingsError(ValueError):
    """A settings file that cannot be used; the message names the file and the key."""


def read_toml(source: str | Path) -> tuple[dict[str, Any], str]:
    """A TOML file's tables and the name to cite in errors: a path, or a figscan/data file name."""
    if isinstance(source, Path):
        text, where = source.read_text(encoding="utf-8"), str(source)
    else:
        text, where = resources.files(DATA).joinpath(source).read_text(encoding="utf-8"), f"figscan/data/{source}"
    try:
        return tomllib.loads(text), where
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{where}: not valid TOML: {error}") from None


def build(cls: type[T], raw: Any, where: str, key: str = "") -> T:
    """A frozen dataclass `cls` from a TOML table. Refuses unknown keys (suggesting the nearest
    known one), missing keys without a default, and values of the wrong type."""
    label = f"{where}: [{key}]" if key else where
    if not isinstance(raw, dict):
        raise SettingsError(f"{label}: expected a table, got {type(raw).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    for name in raw:
        if name not in known:
            near = difflib.get_close_matches(name, list(known), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f" (known: {', '.join(sorted(known))})"
            raise SettingsError(f"{label}: unknown key {name!r}{hint}")
    values = {}
    for name, spec in known.items():
        if name in raw:
            values[name] = _coerce(hints[name], raw[name], where, f"{key}.{name}" if key else name)
        elif spec.default is MISSING and spec.default_factory is MISSING:
            raise SettingsError(f"{label}: missing key {name!r}")
    try:
        return cls(**values)
    except (TypeError, ValueError) as error:
        raise SettingsError(f"{label}: {error}") from None


def _coerce(hint: Any, value: Any, where: str, key: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    wrong = SettingsError(f"{where}: {key} = {value!r} is not {_describe(hint)}")
    if is_dataclass(hint):
        return build(hint, value, where, key)  # type: ignore[arg-type]
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        return _coerce(next(a for a in args if a is not type(None)), value, where, key)
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise wrong
        return float(value)
    if hint in (int, bool, str):
        if type(value) is not hint:
            raise wrong
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise wrong
        item = args[0]
        return tuple(_coerce(item, v, where, f"{key}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise wrong
        return {str(k): _coerce(args[1], v, where, f"{key}.{k}") for k, v in value.items()}
    if hint is Any:
        return value
    raise SettingsError(f"{where}: {key}: no reader for type {hint!r}")  # a programming error


def _describe(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin is tuple:
        return "a list"
    if origin is dict:
        return "a table"
    return {int: "an integer", float: "a number", str: "a string", bool: "true or false"}.get(hint, repr(hint))


# --- score weights: data/weights.toml --------------------------------------------------------

@dataclass(frozen=True)
class Levels:
    high: float
    medium: float
    low: float


@dataclass(frozen=True)
class FigureWeights:
    per_flagged_figure: float
    max_points: float


@dataclass(frozen=True)
class CappedPart:
    max_points: float


@dataclass(frozen=True)
class CountryWeights:
    max_points: float
    points: dict[str, float]


@dataclass(frozen=True)
class TermWeights:
    min_hits: int
    default_category_weight: float
    max_points: float


@dataclass(frozen=True)
class Weights:
    """How evidence becomes a score (figscan/score.py); each value's reason is in the file."""
    levels: Levels
    figures: FigureWeights
    entities: CappedPart
    funders: CappedPart
    countries: CountryWeights
    terms: TermWeights


def load_weights(path: Path | None = None) -> Weights:
    raw, where = read_toml(path or "weights.toml")
    return build(Weights, raw, where)


@cache
def default_weights() -> Weights:
    return load_weights()


# --- term categories: data/terms.toml --------------------------------------------------------

@dataclass(frozen=True)
class TermCategory:
    """One category of dual-use technology terms, with the control lists it echoes."""
    group: str  # "weapons", "field" or "technology"
    label: str
    weight: float
    source: str
    terms: tuple[str, ...]
    rationale: str = ""
    controls: tuple[str, ...] = ()  # control-list entries the category echoes ("MTCR Annex Item 3")
    variants: dict[str, tuple[str, ...]] | None = None  # term as listed -> its other spellings


@dataclass(frozen=True)
class TermsMeta:
    version: int
    as_of: str


@dataclass(frozen=True)
class TermsFile:
    categories: dict[str, TermCategory]
    meta: TermsMeta | None = None  # the file's version and date; optional in test files


def load_term_categories(path: Path | None = None) -> dict[str, TermCategory]:
    """Categories by id; a variant of a term its category does not list is refused."""
    raw, where = read_toml(path or "terms.toml")
    categories = build(TermsFile, raw, where).categories
    for cid, category in categories.items():
        unknown = sorted(set(category.variants or {}) - set(category.terms))
        if unknown:
            raise SettingsError(f"{where}: [categories.{cid}] variants of terms it does not list: {unknown}")
    return categories


@cache
def default_term_categories() -> dict[str, TermCategory]:
    return load_term_categories()


# --- figure finding: data/figures.toml -------------------------------------------------------

@dataclass(frozen=True)
class CaptionSettings:
    caption_gap_pt: float
    x_overlap_share: float


@dataclass(frozen=True)
class RegionSettings:
    scan_coverage: float
    max_drawings: int
    max_cluster_mask_side: int
    label_margin_pt: float
    tile_gap_pt: float
    max_candidates: int
    max_images: int


@dataclass(frozen=True)
class PanelSettings:
    panel_gap_pt: float
    sentence_words: int


@dataclass(frozen=True)
class TableSettings:
    ruled_text_coverage: float
    glyph_max_pt: float
    thin_stroke_pt: float
    glyph_ink_share: float
    pasted_text_max_pt: float


@dataclass(frozen=True)
class DecorationSettings:
    min_pages: int
    max_area: float
    margin: float
    tolerance_pt: float


@dataclass(frozen=True)
class ScanSettings:
    band_aspect: float
    scattered_share: float
    edge_share: float


@dataclass(frozen=True)
class FigureSettings:
    """How figures are found on a page; each value's reason is in the file."""
    captions: CaptionSettings
    regions: RegionSettings
    panels: PanelSettings
    tables_and_equations: TableSettings
    decorations: DecorationSettings
    scans: ScanSettings


def load_figure_settings(path: Path | None = None) -> FigureSettings:
    raw, where = read_toml(path or "figures.toml")
    return build(FigureSettings, raw, where)


@cache
def default_figure_settings() -> FigureSettings:
    return load_figure_settings()


# --- watch-list matching: data/matching.toml -------------------------------------------------

@dataclass(frozen=True)
class MatchingSettings:
    """How names are matched against the watch lists (figscan/analyse/entities.py)."""
    text_mention_factor: float
    fuzzy_min_score: float
    max_fuzzy_parts: int
    max_part_chars: int


def load_matching_settings(path: Path | None = None) -> MatchingSettings:
    raw, where = read_toml(path or "matching.toml")
    return build(MatchingSettings, raw.get("matching", {}), where, "matching")


@cache
def default_matching_settings() -> MatchingSettings:
    return load_matching_settings()


# --- front-matter parsing: data/frontmatter.toml ----------------------------------------------

@dataclass(frozen=True)
class FrontMatterSettings:
    """Whether the learned line labeller fills the rules' gaps, what, and from which probability."""
    line_labeller: bool
    line_labeller_fills: tuple[str, ...]
    affiliation_probability: float
    author_probability: float
    title_probability: float


def load_frontmatter_settings(path: Path | None = None) -> FrontMatterSettings:
    raw, where = read_toml(path or "frontmatter.toml")
    return build(FrontMatterSettings, raw.get("frontmatter", {}), where, "frontmatter")


@cache
def default_frontmatter_settings() -> FrontMatterSettings:
    return load_frontmatter_settings()


def validate_data_files() -> None:
    """Read every settings file in figscan/data once, raising SettingsError on the first problem."""
    default_weights()
    default_term_categories()
    default_figure_settings()
    default_matching_settings()
    default_frontmatter_settings()
