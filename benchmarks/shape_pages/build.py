"""Rebuild /work/data/shape_pages/pdfs/ (the PDFs of MANIFEST.tsv, never committed) from the mirrors.

Run: .venv/bin/python benchmarks/shape_pages/build.py [--batch batch1|batch2] [--mirror /work/.mirror] [--out DIR]

Batch 1 is MANIFEST.tsv beside this script (PDFs in /work/data/shape_pages/pdfs/); batch 2 is
batch2/MANIFEST.tsv (PDFs in /work/data/shape_pages/pdfs_batch2/), the same format, gathered later
from other repositories.

Each row is `git show COMMIT:SOURCE_PATH` from the fetched repository. The blob's sha256 must equal
the `orig_sha256=` recorded in the row's description; documents longer than 40 pages are cut to the
pages named there (`pages 1-28,62-73 of N`: 1-based ranges, pymupdf `select` then a save without a
new file ID, which is byte-stable), and the written file's sha256 must equal the manifest's `sha256`. A mismatch stops the
run: the labels describe those exact bytes.

`--init SOURCES` (used once, when the set was gathered) writes MANIFEST.tsv from a table of
file, source_repo, source_path, kind, license_note, description and an optional `keep` page list.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools import mirrors  # noqa: E402

HERE = Path(__file__).resolve().parent
BATCH_DIRS = {"batch1": HERE, "batch2": HERE / "batch2"}
DEFAULT_OUT = {"batch1": Path("/work/data/shape_pages/pdfs"), "batch2": Path("/work/data/shape_pages/pdfs_batch2")}
MAX_PAGES = 40
COLUMNS = ["file", "source_repo", "source_path", "commit", "sha256", "pages", "kind", "license_note", "description"]
CUT = re.compile(r"pages ([0-9,-]+) of (\d+)")
ORIG = re.compile(r"orig_sha256=([0-9a-f]{64})")


def page_list(spec: str) -> list[int]:
    """0-based page numbers of a 1-based range list such as '1-28,62-73'."""
    pages: list[int] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        pages.extend(range(int(first) - 1, int(last or first)))
    return pages


def cut(data: bytes, spec: str | None) -> bytes:
    """The pages of `spec` (all when None), saved without a new file ID so the bytes are the same every run."""
    if spec is None:
        return data
    doc = pymupdf.open(stream=data, filetype="pdf")
    doc.select(page_list(spec))
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build(mirror: Path, out: Path, folder: Path = HERE) -> int:
    out.mkdir(parents=True, exist_ok=True)
    rows = list(csv.DictReader(open(folder / "MANIFEST.tsv", encoding="utf-8"), delimiter="\t"))
    for row in rows:
        data = mirrors.blob(row["source_repo"], row["commit"], row["source_path"], mirror)
        recorded = ORIG.search(row["description"])
        if recorded and sha(data) != recorded.group(1):
            raise SystemExit(f"{row['file']}: source blob sha256 differs from orig_sha256 in MANIFEST")
        keep = CUT.search(row["description"])
        data = cut(data, keep.group(1) if keep else None)
        if sha(data) != row["sha256"]:
            raise SystemExit(f"{row['file']}: written sha256 differs from MANIFEST")
        (out / row["file"]).write_bytes(data)
    print(f"{len(rows)} PDFs written to {out}, sha256 checked")
    return 0


def init(mirror: Path, sources: Path, folder: Path = HERE) -> int:
    """Write MANIFEST.tsv from the gathering table (the one-off step that fixed the set)."""
    rows = []
    for src in csv.DictReader(open(sources, encoding="utf-8"), delimiter="\t"):
        gd = mirrors.git_dir(src["source_repo"], mirror)
        commit = subprocess.run(["git", "--git-dir", str(gd), "rev-parse", "HEAD"], check=True,
                                capture_output=True, text=True).stdout.strip()
        data = mirrors.blob(src["source_repo"], commit, src["source_path"], mirror)
        total = pymupdf.open(stream=data, filetype="pdf").page_count
        spec = src.get("keep") or (f"1-{MAX_PAGES}" if total > MAX_PAGES else None)
        written = cut(data, spec)
        pages = len(page_list(spec)) if spec else total
        if pages > MAX_PAGES:
            raise SystemExit(f"{src['file']}: {pages} pages kept, more than {MAX_PAGES}")
        extra = f"; orig_sha256={sha(data)}"
        if spec:
            extra = f"; pages {spec} of {total} (cut with pymupdf select){extra}"
        rows.append({**{k: src[k] for k in ("file", "source_repo", "source_path", "kind", "license_note")},
                     "commit": commit, "sha256": sha(written), "pages": str(pages),
                     "description": src["description"] + extra})
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "MANIFEST.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {folder / 'MANIFEST.tsv'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", choices=sorted(BATCH_DIRS), default="batch1")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, help="default: /work/data/shape_pages/pdfs (batch1) or pdfs_batch2")
    parser.add_argument("--init", type=Path, help="gathering table to write MANIFEST.tsv from")
    args = parser.parse_args(argv)
    folder = BATCH_DIRS[args.batch]
    if args.init:
        return init(args.mirror, args.init, folder)
    return build(args.mirror, args.out or DEFAULT_OUT[args.batch], folder)


if __name__ == "__main__":
    sys.exit(main())
