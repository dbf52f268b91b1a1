"""One config object: defaults, an optional `figscan.toml`, then command-line overrides.

The config hash goes into the store with every result, so a re-scan with other settings
recomputes instead of reusing stale results.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from figscan.settings import build, read_toml, validate_data_files


@lru_cache(maxsize=1)
def data_fingerprint() -> str:
    """sha256 over the data files (names and bytes), so editing a list re-scans papers."""
    digest = hashlib.sha256()
    root = resources.files("figscan.data")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in (".toml", ".json", ".csv", ".tsv"):
            digest.update(path.relative_to(Path(str(root))).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


_MAY_BE_ZERO = ("max_layout_pages",)


@dataclass(frozen=True)
class Limits:
    """Bounds on what one PDF may cost: every PDF is untrusted."""
    max_pages: int = 500
    max_figures_per_page: int = 24
    max_text_chars_per_page: int = 100_000
    max_metadata_chars: int = 2_000
    max_render_pixels: int = 1600 * 1600  # per rendered page (scans, OCR) or figure
    max_figure_side_px: int = 1000  # the shape detector works at 800 px at most
    render_dpi: int = 150
    max_image_pixels: int = 60_000_000  # an embedded image declaring more is a decompression bomb
    min_figure_side_pt: float = 24.0  # smaller things are icons, bullets, rules
    ocr_dpi: int = 150  # English read as well as at 200-300 dpi, 7 to 10.5 pt (benchmarks/ocr_resolution.py)
    ocr_dpi_dense_script: int = 300  # Chinese and Korean: at 150 dpi 7 pt Chinese lost 13% of its characters
    ocr_seconds_per_page: int = 20  # processor seconds of Tesseract runs on one page
    max_ocr_pages: int = 500  # as max_pages: the time budget bounds OCR (a page past it is a problem)
    max_term_hits_per_term: int = 20
    max_layout_pages: int = 4  # per file: pages where figure finding asks the layout model (0: never)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value < 0 or (value == 0 and f.name not in _MAY_BE_ZERO):
                raise ValueError(f"limit {f.name} must be positive, got {value!r}")


@dataclass(frozen=True)
class Config:
    limits: Limits = field(default_factory=Limits)
    workers: int = 0  # 0: all cores
    timeout_seconds: float = 60.0  # per file: this base, plus timeout_seconds_per_page for each page
    timeout_seconds_per_page: float = 30.0  # covers a page's OCR limit (ocr_seconds_per_page) and its figures
    memory_limit_mb: int = 3072  # address-space cap per worker process: the memory guard
    ocr: bool = True

    def hash(self) -> str:
        """Hash of everything that changes results: limits, OCR, and every list, weight,
        threshold and model in figscan/data (not workers or timeouts)."""
        payload = {"limits": asdict(self.limits), "ocr": self.ocr, "data": data_fingerprint()}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]

    @classmethod
    def load(cls, path: Path | None = None, **overrides: Any) -> "Config":
        """Defaults, then `path` (a figscan.toml), then non-None keyword overrides. The settings
        files in figscan/data are checked too, so a typo stops the run before any paper is read."""
        config = cls()
        if path is not None:
            data, where = read_toml(path)
            config = build(cls, data.get("tool", {}).get("figscan", data), where)
        validate_data_files()
        overrides = {k: v for k, v in overrides.items() if v is not None}
        return replace(config, **overrides)
