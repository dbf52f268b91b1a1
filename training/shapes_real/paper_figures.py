"""Figures cut by figscan's own extractor out of the front-matter TUNING papers, as labelled rows
of the real-figure shape set (issue 23).

Why: the recogniser was trained on website rockets and renders; a scan meets figures cut out of
scientific papers. This turns the papers of benchmarks/frontmatter_dev/MANIFEST_<batch>.tsv into
candidates (extract_pdf_figures.pdf_figure_crops, i.e. figscan.extract.document.read_document, on
the blob at the manifest's commit), rendered exactly as build.py rebuilds them, then into manifest
rows with harvest.py's `label` (boxes for positives, near-duplicate check).

    paper_figures.py BATCH extract MANIFEST.tsv ...  -> candidates in harvest's cand/ (at most 25 per paper)
    paper_figures.py BATCH sheets                     -> contact sheets of the candidates not yet on a sheet
    paper_figures.py BATCH label DECISIONS.txt        -> rows appended to /work/data/shapes_real/manifest_BATCH.tsv

BATCH is papers1 (ids f..., the papers of MANIFEST_cn, intl, fresh, fresh2) or papers2 (ids g...,
fresh3, fresh4, fresh5); fresh6 is held out and never cut.

DECISIONS: `@sheet NAME STYLE` sets the style of every candidate of that sheet; lines
`cid STYLE [x0,y0,x1,y1;...] [| note]` override it (STYLE "-" leaves the figure out). The label
follows from the style (the positive styles of /work/helpers/SHAPES_DATA.md are 1).
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from pathlib import Path

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harvest  # noqa: E402
from build import DATA, Source, read_blob, render  # noqa: E402
from extract_pdf_figures import pdf_figure_crops  # noqa: E402

ID_PREFIXES = {"papers1": "f", "papers2": "g"}  # one id prefix per labelled batch
MAX_PER_PAPER = 25  # the largest figures of a paper; one thesis must not dominate a fold
HELD_OUT_LISTS = [Path("/work/shared/eval/HELD_OUT_SOURCES.txt")]
CORPUS_MANIFESTS = sorted(Path("/work/shared").glob("corpus*/MANIFEST.tsv"))
POSITIVE_STYLES = {"line_drawing", "annotated_drawing", "cad_render", "photo", "cfd_fe_plot", "schlieren",
                   "icon_patch", "waverider_hypersonic", "shell_structure", "projectile", "torpedo_hull",
                   "other_pos"}
NEGATIVE_STYLES = {"pipe", "tank", "nozzle", "aircraft", "wing_blade", "tower", "bolt_fastener", "bottle",
                   "wedge_contour", "chart", "flowchart", "ship", "photo_other", "render_other",
                   "drawing_other", "micrograph", "other_neg"}
DEFAULT_NOTES = {  # what a figure of that style shows, when the decision line gives no note
    "chart": "chart/plot", "flowchart": "flowchart/block diagram", "photo_other": "photo, no body",
    "render_other": "render/3-D view, no body", "drawing_other": "schematic/drawing, no body",
    "micrograph": "micrograph/microscopy", "other_neg": "other figure, no body",
}
LICENCES = [(r"none stated", "none stated"), (r"MIT License|^MIT", "MIT"),
            (r"Apache License", "Apache-2.0"), (r"GNU GENERAL PUBLIC LICENSE Version 3", "GPL-3.0"),
            (r"BSD 3-Clause", "BSD-3-Clause"), (r"CC0 1\.0", "CC0-1.0"), (r"CC by 4\.0", "CC-BY-4.0"),
            (r"Mozilla Public License Version 2", "MPL-2.0"),
            (r"Attribution-NonCommercial-ShareAlike 4", "CC-BY-NC-SA-4.0")]


def batch_files(batch: str) -> tuple[Path, Path, Path]:
    """The batch's work folder, its cid -> paper table (harvest's cands.tsv has no column for it), its
    sheet -> cids table."""
    work = DATA / batch
    return work, work / "papers.tsv", work / "sheets.tsv"


def held_out() -> tuple[set[str], set[str]]:
    """Repositories (lower case) of the held-out lists and their owners."""
    repos = set()
    for path in HELD_OUT_LISTS:
        repos |= {line.strip().lower() for line in path.read_text().splitlines()
                  if line.strip() and not line.startswith("#")}
    for path in CORPUS_MANIFESTS:
        with path.open(newline="") as handle:
            repos |= {row["source_repo"].strip().lower() for row in csv.DictReader(handle, delimiter="\t")}
    return repos, {repo.split("/")[0] for repo in repos}


def spdx(licence_note: str) -> str:
    """The licence of a front-matter manifest's note as an SPDX id, or a pointer to the LICENSE file."""
    text = licence_note.replace("repo LICENSE: ", "").replace("repo LICENSE.txt: ", "")
    for pattern, value in LICENCES:
        if re.search(pattern, text):
            return value
    return "see repository LICENSE"


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def largest(crops: list[tuple[int, str]], count: int) -> list[tuple[int, str]]:
    """The `count` largest crops by area, back in page order."""
    def area(crop: tuple[int, str]) -> float:
        x0, y0, x1, y1 = (float(v) for v in crop[1].split())
        return (x1 - x0) * (y1 - y0)
    chosen = set(sorted(range(len(crops)), key=lambda i: -area(crops[i]))[:count])
    return [crop for i, crop in enumerate(crops) if i in chosen]


def extract(batch: str, manifests: list[Path]) -> None:
    """Candidates for every paper not extracted before; a held-out repository or owner is dropped."""
    work, papers, _ = batch_files(batch)
    repos, owners = held_out()
    done = {row["paper"] for row in read_tsv(papers)}
    work.mkdir(parents=True, exist_ok=True)
    for manifest in manifests:
        for paper in read_tsv(manifest):
            repo = paper["source_repo"]
            if paper["file"] in done:
                continue
            if repo.lower() in repos or repo.split("/")[0].lower() in owners:
                print(f"DROP {paper['file']}: {repo} is held out", flush=True)
                continue
            data = read_blob(repo, paper["commit"], paper["source_path"])
            rows, pending = [], harvest.CAND / "pending" / f"papers2_{paper['file']}"
            pending.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
                tmp.write(data)
                tmp.flush()
                try:
                    crops = pdf_figure_crops(Path(tmp.name))
                except Exception as error:  # an unreadable paper costs only itself
                    print(f"SKIP {paper['file']}: {error}", flush=True)
                    pending.rmdir()
                    continue
                with pymupdf.open(tmp.name) as pdf:  # build.py renders pages unrotated: skip rotated ones
                    rotated = {i + 1 for i, page in enumerate(pdf) if page.rotation}
            crops = [(page, crop) for page, crop in crops if crop and page not in rotated]
            for page, crop in largest(crops, MAX_PER_PAPER):
                source = Source(repo, paper["commit"], paper["source_path"], page,
                                tuple(float(v) for v in crop.split()))
                try:
                    render(source, data).save(pending / f"{len(rows)}.png")
                except Exception as error:
                    print(f"{paper['file']} p{page}: {error}", file=sys.stderr)
                    continue
                rows.append({"cid": "", "source_repo": repo, "commit": paper["commit"],
                             "path": paper["source_path"], "page": str(page), "crop": crop,
                             "licence": spdx(paper["licence_note"]), "sha": paper["sha256"]})
            harvest.publish_candidates(rows, pending)
            harvest.append_rows(papers, ["cid", "paper", "batch"],
                                [{"cid": r["cid"], "paper": paper["file"], "batch": manifest.stem} for r in rows]
                                or [{"cid": "", "paper": paper["file"], "batch": manifest.stem}])
            print(f"{paper['file']}: {len(crops)} figures, kept {len(rows)}", flush=True)


def make_sheets(batch: str, columns: int, rows: int) -> None:
    """Contact sheets (harvest's, ids burnt in, ticks at tenths) of candidates not yet on one."""
    _, papers, sheets = batch_files(batch)
    placed = {cid for row in read_tsv(sheets) for cid in row["cids"].split()}
    todo = [row["cid"] for row in read_tsv(papers) if row["cid"] and row["cid"] not in placed]
    number = len(read_tsv(sheets)) + 1
    per_sheet = columns * rows
    for start in range(0, len(todo), per_sheet):
        chunk = todo[start:start + per_sheet]
        name = f"{batch}_{number:03d}"
        path, = harvest.sheets(chunk, name, columns=columns, rows=rows, cell=170)
        renamed = path.with_name(f"{name}.png")
        path.replace(renamed)
        harvest.append_rows(sheets, ["sheet", "cids"], [{"sheet": name, "cids": " ".join(chunk)}])
        print(renamed)
        number += 1


def label(batch: str, decisions: Path) -> None:
    """Expand the decisions into harvest LABELS lines (with the paper in the note) and label them."""
    _, papers, sheets = batch_files(batch)
    sheet_cids = {row["sheet"]: row["cids"].split() for row in read_tsv(sheets)}
    paper_of = {row["cid"]: row["paper"] for row in read_tsv(papers)}
    chosen: dict[str, tuple[str, str, str]] = {}
    for line in decisions.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        head, _, note = line.partition("|")
        parts = head.split()
        if parts[0] == "@sheet":
            for cid in sheet_cids[parts[1]]:
                chosen[cid] = (parts[2], "-", note.strip())
            continue
        chosen[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "-", note.strip())
    lines = []
    for cid, (style, boxes, note) in chosen.items():
        if style == "-":
            continue
        if style not in POSITIVE_STYLES | NEGATIVE_STYLES:
            raise SystemExit(f"{cid}: unknown style {style}")
        value = "1" if style in POSITIVE_STYLES else "0"
        text = note or DEFAULT_NOTES.get(style, style)
        lines.append(f"{cid} {value} {style} {boxes} | {text} paper:{paper_of[cid]}")
    expanded = decisions.with_suffix(".labels")
    expanded.write_text("\n".join(lines) + "\n")
    harvest.label(expanded, DATA / f"manifest_{batch}.tsv", ID_PREFIXES[batch])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batch", choices=sorted(ID_PREFIXES))
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract")
    e.add_argument("manifests", nargs="+", type=Path)
    s = sub.add_parser("sheets")
    s.add_argument("--columns", type=int, default=6)
    s.add_argument("--rows", type=int, default=5)
    lab = sub.add_parser("label")
    lab.add_argument("decisions", type=Path)
    args = parser.parse_args()
    if args.command == "extract":
        extract(args.batch, args.manifests)
    elif args.command == "sheets":
        make_sheets(args.batch, args.columns, args.rows)
    else:
        label(args.batch, args.decisions)


if __name__ == "__main__":
    main()
