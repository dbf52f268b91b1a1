"""Collect candidate figures from fetched repositories, show them as contact sheets, and turn
labels decided on the sheets into manifest rows (the real-figure set of issue 23).

    harvest.py scan owner/name [--exclude REGEX] [--max-pages N]   -> candidates + their pictures
    harvest.py sheet owner/name                                     -> contact sheets to look at
    harvest.py label LABELS.txt --manifest manifest_pos.tsv --prefix p

Candidates live in /work/data/shapes_real/cand/ (cands.tsv, img/<cid>.png, sheets/); the picture of
a candidate is rendered exactly as build.py renders it, so labelling only copies it into images/.
A LABELS.txt line: `cid label style boxes | note`, boxes "x0,y0,x1,y1;..." as fractions ("-" for none).
"""
from __future__ import annotations

import argparse
import csv
import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import COLUMNS, DATA, Source, git_dir, read_blob, render  # noqa: E402

CAND = DATA / "cand"
CANDS = CAND / "cands.tsv"
CAND_COLUMNS = ["cid", "source_repo", "commit", "path", "page", "crop", "licence", "sha"]
RASTER_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"}
MIN_RASTER_SIDE = 64  # smaller files are UI glyphs
MIN_REGION_PT = 60.0  # PDF figure regions smaller than this both ways are logos and bullets
MAX_REGIONS_PER_PDF = 60
DHASH_SIDE = 16  # difference hash of a 16x16 gradient grid: 256 bits per picture
DHASH_FLAT_MARGIN = 3  # grey levels: a flat background gives 0 bits instead of noise, so line drawings on white hash stably
NEAR_DUPLICATE_BITS = 24  # of 256
NEAR_DUPLICATE_FRACTION = 0.25  # of the bits set in either hash; with the bit limit, the 31 pairs this flags
# among the 1,341 images of 7 Dec were all the same figure re-encoded or a near-identical frame (checked on sheets)
LICENCE_FILES = re.compile(r"^(licen[cs]e|copying)(\.[a-z]+)?$", re.IGNORECASE)
LICENCE_PATTERNS = [  # first match wins; order matters (LGPL before GPL, CC-BY-SA before CC-BY)
    ("MIT", r"permission is hereby granted, free of charge"),
    ("Apache-2.0", r"apache license,?\s+version 2"),
    ("LGPL-3.0", r"gnu lesser general public license\s+version 3"),
    ("LGPL-2.1", r"gnu lesser general public license"),
    ("AGPL-3.0", r"gnu affero general public license"),
    ("GPL-3.0", r"gnu general public license\s+version 3"),
    ("GPL-2.0", r"gnu general public license\s+version 2"),
    ("MPL-2.0", r"mozilla public license,?\s+v(ersion)?\.?\s*2"),
    ("BSD-3-Clause", r"neither the name of"),
    ("BSD-2-Clause", r"redistribution and use in source and binary forms"),
    ("Unlicense", r"this is free and unencumbered software"),
    ("NASA-1.3", r"nasa open source agreement version 1\.3"),
    ("CC0-1.0", r"cc0|creative commons zero"),
    ("CC-BY-NC-SA-4.0", r"attribution-noncommercial-sharealike 4"),
    ("CC-BY-NC-4.0", r"attribution-noncommercial 4"),
    ("CC-BY-SA-4.0", r"attribution-sharealike 4"),
    ("CC-BY-4.0", r"attribution 4\.0"),
]


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(git_dir(repo)), *args], check=True,
                          capture_output=True, text=True).stdout


def licence_of(repo: str, commit: str) -> str:
    """SPDX id guessed from the LICENSE file at the repository root, or 'none stated'."""
    names = [n for n in git(repo, "ls-tree", "--name-only", commit).splitlines() if LICENCE_FILES.match(n)]
    for name in names:
        text = " ".join(read_blob(repo, commit, name).decode("utf-8", "replace").lower().split())
        # GNU licences by their title first: the GPL-3.0 text itself names the Lesser and
        # Affero licences further down, so a whole-text search would call it LGPL-2.1.
        for spdx, pattern in LICENCE_PATTERNS:
            if "GPL" in spdx and re.search(pattern, text[:300]):
                return spdx
        for spdx, pattern in LICENCE_PATTERNS:
            if re.search(pattern, text):
                return spdx
        return f"see {name}"
    return "none stated"


def read_cands() -> list[dict[str, str]]:
    if not CANDS.exists():
        return []
    with CANDS.open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def append_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    new = not path.exists()
    with path.open("a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter="\t", quoting=csv.QUOTE_NONE,
                                escapechar=None, lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerows(rows)


def pdf_regions(data: bytes, max_pages: int,
                max_regions: int = MAX_REGIONS_PER_PDF) -> list[tuple[int, tuple[float, float, float, float]]]:
    """(page, bbox in points) of the figures figscan's extractor finds, largest first per page."""
    from figscan.config import Limits
    from figscan.extract.document import read_page_text
    from figscan.extract.figures import assemble_figures, locate_figures
    limits = Limits()
    found = []
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for index in range(min(len(doc), max_pages)):
            page = doc[index]
            text = read_page_text(page, index + 1, limits, ocr=False)
            try:
                regions, _ = locate_figures(page, text, limits)
                regions = assemble_figures(regions, text.lines, limits)
            except Exception as error:  # a hostile page: skip it, keep the document
                print(f"page {index + 1}: {error}", file=sys.stderr)
                continue
            for region in regions:
                x0, y0, x1, y1 = region.bbox
                if max(x1 - x0, y1 - y0) >= MIN_REGION_PT and region.role == "figure":
                    found.append((index + 1, (round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1))))
            if len(found) >= max_regions:
                break
    return found[:max_regions]


def scan(repo: str, exclude: str, include: str, max_pages: int, max_files: int,
         max_regions: int = MAX_REGIONS_PER_PDF) -> None:
    """Render every candidate figure of the repository's newest commit into cand/img/."""
    commit = git(repo, "rev-parse", "HEAD").strip()
    licence = licence_of(repo, commit)
    seen = {(c["sha"], c["page"], c["crop"]) for c in read_cands()}
    listing = git(repo, "ls-tree", "-r", "-l", commit).splitlines()
    files = []
    for line in listing:
        meta, path = line.split("\t", 1)
        _, kind, sha, size = meta.split()
        suffix = Path(path).suffix.lower()
        if kind != "blob" or not size.isdigit() or (suffix not in RASTER_SUFFIXES and suffix not in {".pdf", ".svg"}):
            continue
        if (exclude and re.search(exclude, path, re.IGNORECASE)) or (include and not re.search(include, path, re.IGNORECASE)):
            continue
        files.append((path, sha, int(size), suffix))
    print(f"{repo} @ {commit[:10]} ({licence}): {len(files)} image/PDF files")
    rows = []
    pending = CAND / "pending" / str(os.getpid())  # pictures wait here until their ids are handed out
    pending.mkdir(parents=True, exist_ok=True)
    for path, sha, _size, suffix in files[:max_files]:
        try:
            data = read_blob(repo, commit, path)
        except subprocess.CalledProcessError:
            continue  # absent from the snapshot (large file)
        if suffix == ".pdf":
            try:
                placements = [(page, crop) for page, crop in pdf_regions(data, max_pages, max_regions)]
            except Exception as error:
                print(f"{path}: {error}", file=sys.stderr)
                continue
        elif suffix == ".svg":
            placements = [(1, None)]
        else:
            try:
                with Image.open(__import__("io").BytesIO(data)) as probe:
                    if min(probe.size) < MIN_RASTER_SIDE:
                        continue
            except Exception:
                continue
            placements = [(None, None)]
        for page, crop in placements:
            key = (sha, str(page or ""), " ".join(f"{v:g}" for v in crop) if crop else "")
            if key in seen:
                continue
            seen.add(key)
            try:
                image = render(Source(repo, commit, path, page, crop), data)
                image.save(pending / f"{len(rows)}.png")  # an empty render fails here and is skipped
            except Exception as error:
                print(f"{path} p{page}: {error}", file=sys.stderr)
                continue
            rows.append({"cid": "", "source_repo": repo, "commit": commit, "path": path, "page": key[1],
                         "crop": key[2], "licence": licence, "sha": sha})
    publish_candidates(rows, pending)
    print(f"{len(rows)} candidates: {rows[0]['cid'] if rows else '-'}..{rows[-1]['cid'] if rows else '-'}")


def publish_candidates(rows: list[dict[str, str]], pending: Path) -> None:
    """Hand out candidate ids and move the pictures into cand/img/ under a lock on cands.tsv, so
    several scans can run at once without two of them taking the same ids."""
    (CAND / "img").mkdir(parents=True, exist_ok=True)
    with (CAND / "cands.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        number = len(read_cands()) + 1
        for index, row in enumerate(rows):
            row["cid"] = f"c{number + index:05d}"
            (pending / f"{index}.png").replace(CAND / "img" / f"{row['cid']}.png")
        append_rows(CANDS, CAND_COLUMNS, rows)
    pending.rmdir()


def thumbnail(path: Path, cell: int) -> Image.Image:
    """The candidate scaled into a cell, with ticks every tenth on its border to read boxes off."""
    image = Image.open(path).convert("RGB")
    image.thumbnail((cell, cell))
    draw = ImageDraw.Draw(image)
    w, h = image.size
    for k in range(1, 10):
        length = 8 if k == 5 else 4
        x, y = round(k * w / 10), round(k * h / 10)
        for (a, b) in (((x, 0), (x, length)), ((x, h - 1 - length), (x, h - 1)),
                       ((0, y), (length, y)), ((w - 1 - length, y), (w - 1, y))):
            draw.line([a, b], fill=(255, 0, 255))
    return image


def sheets(cids: list[str], name: str, columns: int = 6, rows: int = 5, cell: int = 190,
           source: Path = CAND / "img") -> list[Path]:
    out = CAND / "sheets"
    out.mkdir(parents=True, exist_ok=True)
    made = []
    per_sheet = columns * rows
    for start in range(0, len(cids), per_sheet):
        chunk = cids[start:start + per_sheet]
        sheet = Image.new("RGB", (columns * (cell + 6), rows * (cell + 20)), (200, 200, 200))
        draw = ImageDraw.Draw(sheet)
        for k, cid in enumerate(chunk):
            x, y = (k % columns) * (cell + 6), (k // columns) * (cell + 20)
            thumb = thumbnail(source / f"{cid}.png", cell)
            sheet.paste(thumb, (x + 3, y + 18))
            draw.text((x + 3, y + 3), cid, fill=(0, 0, 160))
        used_rows = (len(chunk) + columns - 1) // columns
        sheet = sheet.crop((0, 0, sheet.width, used_rows * (cell + 20)))
        target = out / f"{name}_{start // per_sheet + 1:02d}.png"
        sheet.save(target)
        made.append(target)
    return made


def box_sheets(manifest: Path, first: str) -> list[Path]:
    """Contact sheets of the labelled positives with their boxes drawn, to check the boxes."""
    with manifest.open(newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r["label"] == "1" and r["id"] >= first]
    out = CAND / "boxcheck"
    out.mkdir(parents=True, exist_ok=True)
    for row in rows:
        image = Image.open(DATA / "images" / f"{row['id']}.png").convert("RGB")
        draw = ImageDraw.Draw(image)
        for box in row["boxes"].split(";"):
            x0, y0, x1, y1 = (float(v) for v in box.split())
            draw.rectangle([x0 * image.width, y0 * image.height, x1 * image.width - 1, y1 * image.height - 1],
                           outline=(255, 0, 0), width=3)
        image.save(out / f"{row['id']}.png")
    return sheets([r["id"] for r in rows], f"boxes_{first}", source=out)


def dhash(path: Path) -> int:
    """Difference hash: sign of the horizontal gradient on a small grey thumbnail, as 64 bits.
    Survives re-encoding, resizing and mild recolouring, so the same figure kept by two
    repositories (or twice in one) hashes alike."""
    grey = Image.open(path).convert("L").resize((DHASH_SIDE + 1, DHASH_SIDE), Image.LANCZOS)
    pixels = grey.tobytes()
    bits = 0
    for row in range(DHASH_SIDE):
        for col in range(DHASH_SIDE):
            left = pixels[row * (DHASH_SIDE + 1) + col]
            bits = (bits << 1) | (left > pixels[row * (DHASH_SIDE + 1) + col + 1] + DHASH_FLAT_MARGIN)
    return bits


def near_duplicate(candidate: int, known: dict[str, int]) -> str:
    """The id of a known picture whose hash differs from the candidate's in at most
    NEAR_DUPLICATE_BITS bits and at most NEAR_DUPLICATE_FRACTION of the bits set in either
    (sparse drawings on white set few bits, so a bare bit count would call them all alike), or ''."""
    for name, value in known.items():
        differing = bin(candidate ^ value).count("1")
        if differing <= NEAR_DUPLICATE_BITS and differing <= NEAR_DUPLICATE_FRACTION * bin(candidate | value).count("1"):
            return name
    return ""


def label(labels: Path, manifest: Path, prefix: str) -> None:
    """Append the labelled candidates to the manifest and copy their pictures into images/.
    A candidate whose picture near-duplicates one already in images/ (or one labelled earlier
    in the same run) is dropped and reported, so no figure enters the set twice."""
    cands = {c["cid"]: c for c in read_cands()}
    known = {path.stem: dhash(path) for path in sorted((DATA / "images").glob("*.png"))}
    dropped = []
    existing = []
    if manifest.exists():
        with manifest.open(newline="") as handle:
            existing = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    used = {r["note"].rsplit("[", 1)[-1].rstrip("]") for r in existing if "[c" in r["note"]}
    number = max([int(r["id"][1:]) for r in existing if r["id"].startswith(prefix)] + [0]) + 1  # per prefix: q/m rows start at 1
    rows = []
    for line in labels.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, _, note = line.partition("|")
        parts = head.split()
        cid, value, style = parts[0], parts[1], parts[2]
        boxes = parts[3] if len(parts) > 3 else "-"
        if cid in used:
            continue
        cand = cands[cid]
        if value == "1" and boxes == "-":
            raise SystemExit(f"{cid}: a positive needs a box")
        picture_hash = dhash(CAND / "img" / f"{cid}.png")
        twin = near_duplicate(picture_hash, known)
        if twin:
            dropped.append(f"{cid}~{twin}")
            continue
        box_text = "" if boxes == "-" else ";".join(" ".join(f"{float(v):.3f}" for v in b.split(","))
                                                     for b in boxes.split(";"))
        pid = f"{prefix}{number:04d}"
        number += 1
        shutil.copyfile(CAND / "img" / f"{cid}.png", DATA / "images" / f"{pid}.png")
        known[pid] = picture_hash
        rows.append({"id": pid, "label": value, "style": style, "source_repo": cand["source_repo"],
                     "commit": cand["commit"], "path": cand["path"], "page": cand["page"],
                     "crop": cand["crop"], "licence": cand["licence"], "boxes": box_text,
                     "note": f"{note.strip().replace(chr(9), ' ')} [{cid}]"})
        used.add(cid)
    append_rows(manifest, COLUMNS, rows)
    positives = sum(r["label"] == "1" for r in rows)
    print(f"added {len(rows)} rows ({positives} positive) to {manifest}")
    print(f"dropped {len(dropped)} near-duplicates (dHash <= {NEAR_DUPLICATE_BITS} bits): {' '.join(dropped)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scan")
    s.add_argument("repo")
    s.add_argument("--exclude", default=r"node_modules|/textures?/|\.github/|favicon")
    s.add_argument("--include", default="")
    s.add_argument("--max-pages", type=int, default=80)
    s.add_argument("--max-files", type=int, default=400)
    s.add_argument("--max-regions", type=int, default=MAX_REGIONS_PER_PDF,
                   help="figure regions kept per PDF (raise it for an illustrated report)")
    h = sub.add_parser("sheet")
    h.add_argument("repo")
    h.add_argument("--first", default="")
    b = sub.add_parser("boxes")
    b.add_argument("--first", default="p0000")
    b.add_argument("--manifest", type=Path, default=DATA / "manifest_pos.tsv")
    lab = sub.add_parser("label")
    lab.add_argument("labels", type=Path)
    lab.add_argument("--manifest", type=Path, default=DATA / "manifest_pos.tsv")
    lab.add_argument("--prefix", default="p")
    args = parser.parse_args()
    if args.command == "scan":
        scan(args.repo, args.exclude, args.include, args.max_pages, args.max_files, args.max_regions)
    elif args.command == "sheet":
        cids = [c["cid"] for c in read_cands() if c["source_repo"] == args.repo and c["cid"] >= args.first]
        for path in sheets(cids, args.repo.replace("/", "+")):
            print(path)
    elif args.command == "boxes":
        for path in box_sheets(args.manifest, args.first):
            print(path)
    else:
        label(args.labels, args.manifest, args.prefix)


if __name__ == "__main__":
    main()
