"""Rebuild the front-matter development PDFs from repository mirrors.

The PDFs are third-party papers, so they are never committed: the manifests record where each one
came from (repository, path, commit) and the sha256 of the original blob, and this script takes
them back out of the bare mirrors that the search tool's `fetch` leaves under /work/.mirror.

    python benchmarks/frontmatter_dev/build.py            # all manifests, skip files already there
    python benchmarks/frontmatter_dev/build.py --force    # rewrite every file
    python benchmarks/frontmatter_dev/build.py --check    # only verify what is on disk

A row whose description carries ``pages_kept=1-4,17`` (1-based page numbers) was cut from a long
PDF: the original blob is checked against the manifest's sha256, then only those pages are written.
MANIFEST_fresh2.tsv ... MANIFEST_fresh8.tsv (batches held out from all tuning) are written to
pdfs_fresh2/ ... pdfs_fresh8/ beside --out, never into it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tools import mirrors as mirror_files  # noqa: E402

HERE = Path(__file__).resolve().parent
MANIFESTS = (
    "MANIFEST_cn.tsv",
    "MANIFEST_intl.tsv",
    "MANIFEST_fresh.tsv",
    "MANIFEST_fresh2.tsv",
    "MANIFEST_fresh3.tsv",
    "MANIFEST_fresh4.tsv",
    "MANIFEST_fresh5.tsv",
    "MANIFEST_fresh6.tsv",
    "MANIFEST_fresh7.tsv",
    "MANIFEST_fresh8.tsv",
)
# The fresh batches from the second on are held out from everyone who tunes: their PDFs go to folders of their own next
# to --out (/work/data/frontmatter_dev/pdfs_fresh2 ... pdfs_fresh8), so that nothing run over --out reads them.
OWN_FOLDER = {
    "MANIFEST_fresh2.tsv": "pdfs_fresh2",
    "MANIFEST_fresh3.tsv": "pdfs_fresh3",
    "MANIFEST_fresh4.tsv": "pdfs_fresh4",
    "MANIFEST_fresh5.tsv": "pdfs_fresh5",
    "MANIFEST_fresh6.tsv": "pdfs_fresh6",
    "MANIFEST_fresh7.tsv": "pdfs_fresh7",
    "MANIFEST_fresh8.tsv": "pdfs_fresh8",
}
DEFAULT_MIRRORS = Path("/work/.mirror")
DEFAULT_OUT = Path("/work/data/frontmatter_dev/pdfs")
PAGES_KEPT = re.compile(r"pages_kept=([0-9,\-]+)")


@dataclass(frozen=True)
class ManifestRow:
    """One PDF of the set: where it lives and what its original blob must hash to."""

    file: str
    source_repo: str
    source_path: str
    commit: str
    sha256: str
    description: str

    @property
    def pages_kept(self) -> list[int] | None:
        """0-based pages to keep, or None for the whole document."""
        match = PAGES_KEPT.search(self.description)
        if not match:
            return None
        pages: list[int] = []
        for part in match.group(1).split(","):
            first, _, last = part.partition("-")
            pages.extend(range(int(first) - 1, int(last or first)))
        return pages


def read_manifest(path: Path) -> list[ManifestRow]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            ManifestRow(r["file"], r["source_repo"], r["source_path"], r["commit"], r["sha256"], r["description"])
            for r in reader
        ]


def keep_pages(data: bytes, pages: list[int]) -> bytes:
    import pymupdf

    source = pymupdf.open(stream=data, filetype="pdf")
    cut = pymupdf.open()
    for page in pages:
        cut.insert_pdf(source, from_page=page, to_page=page)
    return cut.tobytes(garbage=3, deflate=True)


def build_one(row: ManifestRow, mirrors: Path, out_dir: Path, force: bool) -> str:
    target = out_dir / row.file
    if target.exists() and not force and row.pages_kept is None:
        if hashlib.sha256(target.read_bytes()).hexdigest() == row.sha256:
            return "ok"
    if target.exists() and not force and row.pages_kept is not None:
        return "ok (cut, not re-checked)"
    data = mirror_files.blob(row.source_repo, row.commit, row.source_path, mirrors)
    digest = hashlib.sha256(data).hexdigest()
    if digest != row.sha256:
        raise ValueError(f"{row.file}: sha256 {digest} differs from manifest {row.sha256}")
    pages = row.pages_kept
    target.write_bytes(keep_pages(data, pages) if pages else data)
    return "written" + (f" ({len(pages)} pages kept)" if pages else "")


def check_one(row: ManifestRow, out_dir: Path) -> str:
    target = out_dir / row.file
    if not target.exists():
        return "MISSING"
    if row.pages_kept is not None:
        return "present (cut copy; sha256 is of the original)"
    ok = hashlib.sha256(target.read_bytes()).hexdigest() == row.sha256
    return "ok" if ok else "SHA256 MISMATCH"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=DEFAULT_MIRRORS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="rewrite files that already exist")
    parser.add_argument("--check", action="store_true", help="verify files on disk, write nothing")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for name in MANIFESTS:
        path = HERE / name
        if not path.exists():
            print(f"{name}: not present, skipped")
            continue
        out_dir = args.out.parent / OWN_FOLDER[name] if name in OWN_FOLDER else args.out
        out_dir.mkdir(parents=True, exist_ok=True)
        for row in read_manifest(path):
            try:
                status = check_one(row, out_dir) if args.check else build_one(row, args.mirrors, out_dir, args.force)
            except (FileNotFoundError, ValueError) as error:
                status = f"FAILED: {error}"
            failures += status.startswith(("FAILED", "MISSING", "SHA256"))
            print(f"{name}\t{row.file}\t{status}")
    print(f"{failures} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
