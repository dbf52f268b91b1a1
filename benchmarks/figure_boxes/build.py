"""Rebuild /work/data/figure_boxes/pdfs/ (the PDFs of truth.tsv, never committed) from the mirrors.

Run: .venv/bin/python benchmarks/figure_boxes/build.py [--mirror /work/.mirror] [--out DIR]

Rows whose `via` is a frontmatter_dev manifest come from that set's PDFs
(benchmarks/frontmatter_dev/build.py rebuilds them); the others are `git show COMMIT:PATH`
from the fetched repository. Each file is checked to open as a PDF with the truth's pages, and
the holdout2 files (MANIFEST_holdout2.tsv: repository, path, commit, licence) against their sha256.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools import mirrors  # noqa: E402

HERE = Path(__file__).resolve().parent
FRONTMATTER_PDFS = Path("/work/data/frontmatter_dev/pdfs")
HOLDOUT2_MANIFEST = HERE / "MANIFEST_holdout2.tsv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=Path("/work/data/figure_boxes/pdfs"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = list(csv.DictReader(open(HERE / "truth.tsv", encoding="utf-8"), delimiter="\t"))
    pages: dict[str, int] = {}
    for row in rows:
        pages[row["file"]] = max(pages.get(row["file"], 0), int(row["page"]))
        target = args.out / row["file"]
        if target.exists():
            continue
        if row["via"].startswith("frontmatter_dev/"):
            shutil.copyfile(FRONTMATTER_PDFS / row["file"], target)
        else:
            target.write_bytes(mirrors.blob(row["source_repo"], row["commit"], row["source_path"], args.mirror))
    for row in csv.DictReader(open(HOLDOUT2_MANIFEST, encoding="utf-8"), delimiter="\t"):
        if hashlib.sha256((args.out / row["file"]).read_bytes()).hexdigest() != row["sha256"]:
            raise SystemExit(f"{row['file']}: sha256 differs from {HOLDOUT2_MANIFEST.name}")
    for name, last_page in sorted(pages.items()):
        with pymupdf.open(args.out / name) as doc:
            if doc.page_count < last_page:
                raise SystemExit(f"{name}: {doc.page_count} pages, truth needs page {last_page}")
    print(f"{len(pages)} PDFs in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
