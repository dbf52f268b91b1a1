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
import subprocess
from pathlib import Path

import pymupdf

HERE = Path(__file__).resolve().parent
FRONTMATTER_PDFS = Path("/work/data/frontmatter_dev/pdfs")
HOLDOUT2_MANIFEST = HERE / "MANIFEST_holdout2.tsv"


def git_dir(mirror: Path, repo: str) -> Path:
    root = mirror / repo.replace("/", "+")
    for candidate in (root / "repo", root / "repo" / ".git", root, root / ".git"):
        if (candidate / "HEAD").is_file():
            return candidate
    raise FileNotFoundError(f"no git directory for {repo} under {root}")


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
            blob = subprocess.run(["git", "--git-dir", str(git_dir(args.mirror, row["source_repo"])), "show",
                                   f"{row['commit']}:{row['source_path']}"], check=True, capture_output=True).stdout
            target.write_bytes(blob)
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
