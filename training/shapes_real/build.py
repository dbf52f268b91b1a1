"""Rebuild /work/data/shapes_real/images/ from the manifests and the fetched mirrors.

The real-figure set (issue 23) is committed as manifests only: provenance (repository, commit,
path, page, crop) and our labels. The pictures themselves stay outside git, so anyone with the
mirrors under /work/.mirror can recreate them here, byte for byte the same rendering:

- PDF (and SVG) pages: pymupdf `page.get_pixmap(clip=crop, dpi=150)`, crop in PDF points;
- raster images: the first frame, alpha composited on white, cropped in source pixels;
- then RGB, long side downsized to at most 512 px (Lanczos), saved as PNG.

Usage:
    python training/shapes_real/build.py [--manifest M ...] [--out DIR] [--only ID ...] [--check]
`--check` renders into a temporary folder and compares with the existing images instead.
"""
from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np
import pymupdf
from PIL import Image

MIRRORS = Path("/work/.mirror")
DATA = Path("/work/data/shapes_real")
HERE = Path(__file__).resolve().parent
MANIFESTS = [HERE / "manifest_pos.tsv", HERE / "manifest_neg.tsv", HERE / "manifest_papers1.tsv", HERE / "manifest_papers2.tsv",
             HERE / "manifest_round4.tsv"]
MAX_SIDE = 512
PDF_DPI = 150
COLUMNS = ["id", "label", "style", "source_repo", "commit", "path", "page", "crop", "licence", "boxes", "note"]
DOCUMENT_SUFFIXES = {".pdf", ".svg"}


@dataclass(frozen=True)
class Source:
    """Where one figure comes from: enough to render it again."""
    repo: str
    commit: str
    path: str
    page: Optional[int]  # 1-based, PDFs and SVGs only
    crop: Optional[tuple[float, float, float, float]]  # PDF points or source pixels


def git_dir(repo: str) -> Path:
    """The bare git directory that `fetch` made for owner/name."""
    base = MIRRORS / repo.replace("/", "+")
    for candidate in (base / "repo", base / "repo" / ".git", base):
        if (candidate / "HEAD").exists():
            return candidate
    raise FileNotFoundError(f"no mirror of {repo} under {MIRRORS} (fetch it first)")


def read_blob(repo: str, commit: str, path: str) -> bytes:
    """The file as it was at that commit."""
    return subprocess.run(["git", "--git-dir", str(git_dir(repo)), "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout


def parse_crop(text: str) -> Optional[tuple[float, float, float, float]]:
    if not text.strip():
        return None
    x0, y0, x1, y1 = (float(v) for v in text.split())
    return x0, y0, x1, y1


def downsize(image: Image.Image) -> Image.Image:
    """RGB, long side at most MAX_SIDE."""
    image = image.convert("RGB")
    scale = MAX_SIDE / max(image.size)
    if scale < 1:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                             Image.LANCZOS)
    return image


def render_document_page(data: bytes, suffix: str, page_number: int,
                         crop: Optional[tuple[float, float, float, float]]) -> Image.Image:
    """A PDF/SVG page region at PDF_DPI."""
    with pymupdf.open(stream=data, filetype=suffix.lstrip(".")) as doc:
        page = doc[page_number - 1]
        clip = pymupdf.Rect(crop) if crop else None
        pix = page.get_pixmap(clip=clip, dpi=PDF_DPI, alpha=False)
        return Image.frombytes("RGB", (pix.width, pix.height), pix.samples)


def render_raster(data: bytes, crop: Optional[tuple[float, float, float, float]]) -> Image.Image:
    """A raster file's first frame on white, cropped in source pixels."""
    image = Image.open(io.BytesIO(data))
    image.seek(0)
    image = image.convert("RGBA")
    white = Image.new("RGBA", image.size, (255, 255, 255, 255))
    image = Image.alpha_composite(white, image).convert("RGB")
    if crop:
        image = image.crop(tuple(round(v) for v in crop))
    return image


def render(source: Source, data: Optional[bytes] = None) -> Image.Image:
    """The saved picture for a source (data: the file's bytes, if already read)."""
    if data is None:
        data = read_blob(source.repo, source.commit, source.path)
    suffix = Path(source.path).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        return downsize(render_document_page(data, suffix, source.page or 1, source.crop))
    return downsize(render_raster(data, source.crop))


def read_manifest(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def source_of(row: dict[str, str]) -> Source:
    return Source(repo=row["source_repo"], commit=row["commit"], path=row["path"],
                  page=int(row["page"]) if row["page"].strip() else None, crop=parse_crop(row["crop"]))


def build(manifests: list[Path], out: Path, only: set[str], check_against: Optional[Path]) -> int:
    """Render every row; returns the number of failures (missing mirror, or a mismatch)."""
    out.mkdir(parents=True, exist_ok=True)
    failures = done = 0
    for manifest in manifests:
        if not manifest.exists():
            continue
        for row in read_manifest(manifest):
            if only and row["id"] not in only:
                continue
            try:
                image = render(source_of(row))
            except Exception as error:  # one broken row must not stop the rebuild
                print(f"{row['id']}: {error}", file=sys.stderr)
                failures += 1
                continue
            target = out / f"{row['id']}.png"
            image.save(target)
            done += 1
            if check_against is not None:
                reference = check_against / target.name
                same = reference.exists() and np.array_equal(np.asarray(Image.open(reference).convert("RGB")),
                                                             np.asarray(image))
                if not same:
                    print(f"{row['id']}: differs from {reference}", file=sys.stderr)
                    failures += 1
    print(f"rendered {done}, failures {failures}")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, action="append", help="default: the committed manifests")
    parser.add_argument("--out", type=Path, default=DATA / "images")
    parser.add_argument("--only", nargs="*", default=[], help="ids to render (default: all)")
    parser.add_argument("--check", action="store_true", help="render to a temp dir and compare with --out")
    args = parser.parse_args()
    manifests = args.manifest or MANIFESTS
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            failures = build(manifests, Path(tmp), set(args.only), check_against=args.out)
    else:
        failures = build(manifests, args.out, set(args.only), check_against=None)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
