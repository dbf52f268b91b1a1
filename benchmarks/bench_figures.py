"""Speed of figure extraction on ../shared/corpus, and the layout model's share of it.

Run: .venv/bin/python benchmarks/bench_figures.py [CORPUS_DIR] [--ocr]
One process, one core. Each file is read with figscan.extract.document.read_document exactly as a
scan reads it; the figure steps are timed inside it: locating (images, drawing clusters, scanned
regions, captions, tables; the layout model when asked), then marking decorations and rendering.
Text reading and OCR are not figure extraction and are not counted (OCR is off unless --ocr).
It runs twice: with the layout model allowed on `max_layout_pages` pages per file (the default)
and with it off, and prints pages/s, the layout model's share and what the two runs found.
Writes benchmarks/out/bench_figures.json.
"""
from __future__ import annotations

import json
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import figscan.extract.document as document
from figscan.config import Limits

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def run(files: list[Path], limits: Limits, ocr: bool) -> dict:
    spent: Counter[str] = Counter()
    asked: dict[str, list[int]] = {}
    found: Counter[str] = Counter()
    real_locate, real_render, real_budget = document.locate_figures, document._render_found, document.LayoutBudget

    def timed(function, stage: str):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - started
        return wrapper

    locate, render = timed(real_locate, "locate"), timed(real_render, "decorations and rendering")

    budgets: list[document.LayoutBudget] = []

    def budget(pages: int) -> document.LayoutBudget:
        budgets.append(real_budget(pages))
        return budgets[-1]

    document.locate_figures, document._render_found, document.LayoutBudget = locate, render, budget
    pages = 0
    try:
        for path in files:
            doc = document.read_document(path, limits, ocr=ocr)
            pages += len(doc.pages)
            spent["layout model"] += budgets[-1].seconds
            if budgets[-1].asked:
                asked[path.name] = budgets[-1].asked
            for figure_image in doc.figures:
                figure = figure_image.figure
                found[figure.role] += 1
                found["with panels"] += bool(figure.panels)
                found["with caption"] += bool(figure.caption) and figure.role == "figure"
    finally:
        document.locate_figures, document._render_found, document.LayoutBudget = real_locate, real_render, real_budget
    figure_seconds = spent["locate"] + spent["decorations and rendering"]
    return {"pages": pages, "figure_seconds": round(figure_seconds, 2),
            "pages_per_second": round(pages / max(figure_seconds, 1e-9), 1),
            "layout_seconds": round(spent["layout model"], 2),
            "layout_share": round(spent["layout model"] / max(figure_seconds, 1e-9), 3),
            "layout_pages": sum(len(v) for v in asked.values()), "layout_pages_by_file": asked,
            "seconds": {k: round(v, 2) for k, v in spent.items()}, "found": dict(found)}


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    ocr = "--ocr" in sys.argv
    files = sorted(corpus.glob("*.pdf"))
    if not files:
        sys.exit(f"no PDFs in {corpus}")
    limits = Limits()
    results = {"with layout model": run(files, limits, ocr),
               "without layout model": run(files, replace(limits, max_layout_pages=0), ocr)}
    print(f"{len(files)} files, OCR {'on' if ocr else 'off'}, one process")
    print(f"{'':22} {'pages':>5} {'fig s':>6} {'pages/s':>8} {'layout s':>8} {'share':>6} {'asked':>5}  found")
    for name, r in results.items():
        print(f"{name:22} {r['pages']:5} {r['figure_seconds']:6.2f} {r['pages_per_second']:8.1f} "
              f"{r['layout_seconds']:8.2f} {r['layout_share']:6.1%} {r['layout_pages']:5}  {r['found']}")
    out = REPO / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "bench_figures.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
