"""Run front-matter parsing over the shared corpora and write results for score_text.py.

Usage:
    python benchmarks/frontmatter_eval.py [--out benchmarks/out/frontmatter.jsonl] [PDF_DIR ...]
    python ../shared/eval/score_text.py benchmarks/out/frontmatter.jsonl ../shared/corpus2/AFFIL.tsv

Only text is read (no figures, no OCR unless a page has no text layer), so a run takes seconds.
benchmarks/text_eval.py runs the same reading on generated papers with known truth as well, and
scores both with score_text.py.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pymupdf

from figscan.config import Limits
from figscan.extract.document import open_pdf, read_page_text
from figscan.extract.frontmatter import parse_front_matter

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_DIRS = [SHARED / "corpus2", SHARED / "corpus"]


def read_pages(path: Path, limits: Limits) -> tuple[list, dict[str, str]]:
    doc = open_pdf(path)
    try:
        pages = [read_page_text(doc[i], i + 1, limits) for i in range(min(doc.page_count, limits.max_pages))]
        metadata = {k: str(v) for k, v in (doc.metadata or {}).items() if v}
        return pages, metadata
    finally:
        doc.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "frontmatter.jsonl")
    args = parser.parse_args(argv)
    limits = Limits()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for folder in args.dirs:
            for path in sorted(folder.glob("*.pdf")):
                started = time.perf_counter()
                pages, metadata = read_pages(path, limits)
                front = parse_front_matter(pages, metadata)
                record = {"path": str(path), "seconds": round(time.perf_counter() - started, 2), **asdict(front)}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                countries = sorted({a.country for a in front.affiliations if a.country})
                funders = [f for s in front.funding for f in s.funders]
                print(f"{path.name}: {len(front.authors)} authors, countries {countries}, funders {funders}",
                      file=sys.stderr)
    print(args.out)
    return 0


if __name__ == "__main__":
    pymupdf.TOOLS.mupdf_display_errors(False)
    raise SystemExit(main())
