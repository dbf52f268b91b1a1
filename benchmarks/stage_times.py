"""Where one worker's time goes: seconds per pipeline stage over a folder, in one process.

Run: .venv/bin/python benchmarks/stage_times.py [FOLDER]   (default ../shared/corpus)
Each stage function that figscan.pipeline calls is wrapped with a timer; nothing else changes.
OpenCV runs one thread, as in a scan's worker (figscan.executors.LocalPool).
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import cv2

import figscan.pipeline as pipeline
from figscan.config import Config
from figscan.discover import discover

STAGES = {"open_pdf": "open", "read_page": "extract (text, figure regions, OCR)",
          "render_figures": "figure rendering", "parse_front_matter": "front matter",
          "find_terms": "terms", "match_entities": "entities", "analyse_figure": "shapes",
          "draw_overlay": "overlays", "encode_image": "figure images", "score_paper": "score"}


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    spent: Counter[str] = Counter()
    cv2.setNumThreads(1)

    def timed(name: str):
        function = getattr(pipeline, name)

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[STAGES[name]] += time.perf_counter() - started
        return wrapper

    for name in STAGES:
        setattr(pipeline, name, timed(name))
    started = time.perf_counter()
    items = discover(folder)
    results = [pipeline.scan_file(item, Config()).result for item in items]
    total = time.perf_counter() - started
    print(f"{len(items)} files, {sum(r.pages_read for r in results)} pages, {total:.1f} s in one process")
    for stage, seconds in spent.most_common():
        print(f"{stage:32} {seconds:6.1f} s {100 * seconds / total:5.0f}%")
    print(f"{'OCR pages (text found)':32} {sum(len(r.pages_ocr) for r in results):6d}")


if __name__ == "__main__":
    main()
