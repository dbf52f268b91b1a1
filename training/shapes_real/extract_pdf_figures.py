"""Cut candidate figures out of fetched repositories for the real-figure shape set (issue 23).

Why: the recogniser needs real negatives (figures without a missile-like body), and the cheapest
large pool is papers and reports that public repositories keep as PDFs, plus their image files.
Figures in PDFs are found with figscan's own extractor, so the training crops look like what
figscan meets at run time; each crop is recorded as (page, crop in PDF points) and rendered by
the convention of /work/helpers/SHAPES_DATA.md: `page.get_pixmap(clip=crop, dpi=150)`, then
downsized so the long side is at most 512 px. Image files are kept whole.

Subcommands (all output stays under /work/data, outside git):
  candidates  REPO_DIR OWNER/NAME OUT_DIR PATH...   crops + candidates.tsv for a repository
  sheet       OUT_DIR                                 contact sheets (ids burnt in) to label from
  accept      OUT_DIR DECISIONS MANIFEST IMAGES_DIR   labelled candidates -> images/ + manifest rows
  render      MANIFEST IMAGES_DIR                     rebuild images/ from the mirrors and a manifest

Labels come from the contact sheets, by eye: DECISIONS lines "c001 style note". A note starting
"[lookalike]" marks a hard negative whose style is generic (render_other, drawing_other, chart):
CFD/FE contours of non-missile parts, P&ID sheets, shafts and cylinders. Figures that show a
missile-, rocket- or torpedo-like body (or might) are left out, never labelled 0.
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import MAX_SIDE, PDF_DPI, downsize  # noqa: E402

from figscan.config import Limits
from figscan.extract.document import read_document

MIN_FIGURE_SIDE_PT = 60.0  # smaller regions are icons, logos and bullets, not figures worth labelling
MIN_IMAGE_SIDE_PX = 96  # image files smaller than this are icons
MAX_PDF_PAGES = 80  # theses are long; their first 80 pages hold plenty of figures
MANIFEST_COLUMNS = ["id", "label", "style", "source_repo", "commit", "path", "page", "crop",
                    "licence", "boxes", "note"]
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"}
LICENCE_MARKERS = [  # (text near the top of the LICENSE file, SPDX id), most specific first
    ("GNU AFFERO GENERAL PUBLIC LICENSE", "AGPL-3.0"), ("GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 2.1", "LGPL-2.1"),
    ("GNU LESSER GENERAL PUBLIC LICENSE", "LGPL-3.0"), ("GNU GENERAL PUBLIC LICENSE\n                       Version 2", "GPL-2.0"),
    ("GNU GENERAL PUBLIC LICENSE", "GPL-3.0"), ("either version 3 of the License", "GPL-3.0"),
    ("either version 2 of the License", "GPL-2.0"), ("Apache License", "Apache-2.0"), ("MIT License", "MIT"),
    ("Permission is hereby granted, free of charge", "MIT"), ("Mozilla Public License", "MPL-2.0"),
    ("Attribution-NonCommercial-ShareAlike 4.0", "CC-BY-NC-SA-4.0"), ("Attribution-ShareAlike 4.0", "CC-BY-SA-4.0"),
    ("Attribution 4.0 International", "CC-BY-4.0"), ("CC0 1.0", "CC0-1.0"), ("The Unlicense", "Unlicense"),
    ("This is free and unencumbered", "Unlicense"), ("Redistribution and use in source and binary forms", "BSD-3-Clause"),
    ("BSD 2-Clause", "BSD-2-Clause"), ("ISC License", "ISC"),
]
LICENCE_HEAD_CHARS = 300  # the title and version; GPL texts name the AGPL and LGPL further down


@dataclass
class Candidate:
    """One crop waiting for a label: where it came from and where its pixels are."""
    cand: str
    path: str
    page: str  # 1-based for PDFs, "" for image files
    crop: str  # "x0 y0 x1 y1" in PDF points, "" for the whole file


def git_dir(repo_dir: Path) -> Path:
    return repo_dir / ".git" if (repo_dir / ".git").is_dir() else repo_dir


def git_show(repo_dir: Path, path: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir(repo_dir)), "show", f"HEAD:{path}"],
                          check=True, capture_output=True).stdout


def head_commit(repo_dir: Path) -> str:
    return subprocess.run(["git", "--git-dir", str(git_dir(repo_dir)), "rev-parse", "HEAD"],
                          check=True, capture_output=True, text=True).stdout.strip()


def licence_of(repo_dir: Path) -> str:
    """SPDX id guessed from the top-level LICENSE/COPYING file; "none stated" when there is none."""
    names = subprocess.run(["git", "--git-dir", str(git_dir(repo_dir)), "ls-tree", "--name-only", "HEAD"],
                           check=True, capture_output=True, text=True).stdout.split("\n")
    files = [n for n in names if n.lower().startswith(("licen", "copying"))]
    if not files:
        return "none stated"
    return spdx_of(git_show(repo_dir, files[0]).decode("utf-8", "replace")) or "see " + files[0]


def spdx_of(text: str) -> str:
    """SPDX id of a licence text, judged by its title first (the GPL's own text names the LGPL
    and AGPL further down); "" when no marker matches."""
    for part in (text[:LICENCE_HEAD_CHARS], text):
        normalised = " ".join(part.split()).lower()
        for marker, spdx in LICENCE_MARKERS:
            if " ".join(marker.split()).lower() in normalised:
                return spdx
    return ""



def render_pdf_crop(pdf: pymupdf.Document, page: int, crop: str) -> Image.Image:
    """The SHAPES_DATA.md convention: clip in PDF points, 150 dpi, then downsized."""
    pdf_page = pdf[page - 1]
    if pdf_page.rotation:
        pdf_page.remove_rotation()  # figscan's coordinates are of the page as displayed
    clip = pymupdf.Rect(*map(float, crop.split())) if crop else None
    pixmap = pdf_page.get_pixmap(clip=clip, dpi=PDF_DPI)
    return downsize(Image.open(io.BytesIO(pixmap.tobytes("png"))))


def render_image_file(data: bytes, crop: str) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.seek(0)  # first frame of a GIF
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    if crop:
        image = image.crop(tuple(int(float(v)) for v in crop.split()))
    return downsize(image)


def pdf_figure_crops(pdf_path: Path) -> list[tuple[int, str]]:
    """(page, crop) of each figure figscan finds (decorations left out). A one-page PDF with no
    text layer around its drawing (a figure saved as PDF) is kept whole."""
    doc = read_document(pdf_path, Limits(max_pages=MAX_PDF_PAGES, max_layout_pages=0), ocr=False)
    if doc.page_count == 1 and not doc.figures:
        return [(1, "")]
    crops = []
    for found in doc.figures:
        figure = found.figure
        x0, y0, x1, y1 = figure.bbox
        if figure.decoration or min(x1 - x0, y1 - y0) < MIN_FIGURE_SIDE_PT:
            continue
        crops.append((figure.page, f"{x0:.1f} {y0:.1f} {x1:.1f} {y1:.1f}"))
    return crops


def candidates(repo_dir: Path, repo: str, out_dir: Path, paths: list[str], per_repo: int = 60) -> None:
    """Crop every figure of the given files into OUT_DIR/cNNN.png with candidates.tsv, at most
    `per_repo` (spread over the files) so that many repositories contribute."""
    out_dir.mkdir(parents=True, exist_ok=True)
    found: list[tuple[str, str, str, Image.Image]] = []
    per_file = max(2, per_repo // max(1, len(paths)) + 1)
    for path in paths:
        try:
            data = git_show(repo_dir, path)
            if Path(path).suffix.lower() == ".pdf":
                with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
                    tmp.write(data)
                    tmp.flush()
                    crops = pdf_figure_crops(Path(tmp.name))
                    crops = crops[:: max(1, len(crops) // per_file)][:per_file]
                    with pymupdf.open(tmp.name) as pdf:
                        found += [(path, str(page), crop, render_pdf_crop(pdf, page, crop)) for page, crop in crops]
            elif Path(path).suffix.lower() in IMAGE_SUFFIXES:
                image = render_image_file(data, "")
                if min(image.size) >= MIN_IMAGE_SIDE_PX * min(1.0, MAX_SIDE / max(image.size)):
                    found.append((path, "", "", image))
        except Exception as exc:  # a broken file costs only itself
            print(f"skip {path}: {exc}", file=sys.stderr)
        if len(found) >= per_repo:
            break
    with open(out_dir / "candidates.tsv", "w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["cand", "source_repo", "commit", "licence", "path", "page", "crop"])
        commit, licence = head_commit(repo_dir), licence_of(repo_dir)
        for index, (path, page, crop, image) in enumerate(found[:per_repo], 1):
            cand = f"c{index:03d}"
            image.save(out_dir / f"{cand}.png")
            writer.writerow([cand, repo, commit, licence, path, page, crop])
    print(f"{repo}: {min(len(found), per_repo)} candidates in {out_dir}")


def sheet(out_dir: Path, columns: int = 6, thumb: int = 200) -> None:
    """Contact sheets of 6 x 5 thumbnails with the candidate id burnt in, sheetN.png."""
    cands = sorted(out_dir.glob("c[0-9][0-9][0-9].png"))
    per_sheet = columns * 5
    for number, start in enumerate(range(0, len(cands), per_sheet), 1):
        chunk = cands[start:start + per_sheet]
        rows = (len(chunk) + columns - 1) // columns
        canvas = Image.new("RGB", (columns * thumb, rows * (thumb + 16)), "white")
        draw = ImageDraw.Draw(canvas)
        for i, path in enumerate(chunk):
            image = Image.open(path).convert("RGB")
            image.thumbnail((thumb - 4, thumb - 4))
            x, y = (i % columns) * thumb, (i // columns) * (thumb + 16)
            canvas.paste(image, (x + 2, y + 16))
            draw.rectangle([x, y, x + thumb - 1, y + thumb + 15], outline="gray")
            draw.text((x + 3, y + 2), path.stem, fill="red")
        canvas.save(out_dir / f"sheet{number}.png")


def accept(out_dir: Path, decisions: Path, manifest: Path, images_dir: Path) -> None:
    """DECISIONS lines "c001 style note" (note optional) move candidates into images/ as the
    next n-ids and append their manifest rows (label 0). Candidates not listed are left out."""
    rows = {r["cand"]: r for r in csv.DictReader(open(out_dir / "candidates.tsv"), delimiter="\t")}
    new_file = not manifest.exists()
    taken = [int(p.stem[1:]) for p in images_dir.glob("n[0-9]*.png")]
    next_id = max(taken, default=0) + 1
    with open(manifest, "a", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        if new_file:
            writer.writerow(MANIFEST_COLUMNS)
        for line in decisions.read_text().splitlines():
            parts = line.split(maxsplit=2)
            if not parts or parts[0].startswith("#"):
                continue
            cand, style, note = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
            row = rows[cand]
            new_id = f"n{next_id:04d}"
            next_id += 1
            Image.open(out_dir / f"{cand}.png").save(images_dir / f"{new_id}.png")
            writer.writerow([new_id, 0, style, row["source_repo"], row["commit"], row["path"], row["page"],
                             row["crop"], row["licence"], "", note])


def render(manifest: Path, images_dir: Path, mirror_root: Path = Path("/work/.mirror")) -> None:
    """Rebuild images/ from the mirrors: the same crops, the same convention."""
    images_dir.mkdir(parents=True, exist_ok=True)
    for row in csv.DictReader(open(manifest), delimiter="\t"):
        repo_dir = mirror_root / row["source_repo"].replace("/", "+") / "repo"
        data = git_show(repo_dir, row["path"])
        if row["page"]:
            with pymupdf.open(stream=data, filetype="pdf") as pdf:
                image = render_pdf_crop(pdf, int(row["page"]), row["crop"])
        else:
            image = render_image_file(data, row["crop"])
        image.save(images_dir / f"{row['id']}.png")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "candidates":
        candidates(Path(args[0]), args[1], Path(args[2]), args[3:])
    elif command == "sheet":
        sheet(Path(args[0]))
    elif command == "accept":
        accept(Path(args[0]), Path(args[1]), Path(args[2]), Path(args[3]))
    elif command == "render":
        render(Path(args[0]), Path(args[1]))
    else:
        sys.exit(__doc__)
