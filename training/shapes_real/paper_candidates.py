"""Cut the figures of the front-matter tuning papers into labelling candidates (issue 23).

Why: the recogniser's real set holds mostly hobby-rocket pictures; a scan meets figures that
figscan's own extractor cuts out of scientific papers. The front-matter tuning papers
(benchmarks/frontmatter_dev/MANIFEST_*.tsv, never fresh6) are such papers with recorded provenance.

For each manifest row: the PDF blob at the row's commit and source_path (mirror under /work/.mirror),
figure regions from extract_pdf_figures.pdf_figure_crops (figscan's extractor; decorations and
regions under its minimum side left out), the largest MAX_FIGURES_PER_PAPER of them, rendered by
build.render (the convention build.py rebuilds from) and handed to harvest.py's candidate store,
so `harvest.py sheet` and `harvest.py label` work on them unchanged. Which paper each candidate
came from goes to OUT/paper_cands.tsv (for the "paper:<file>" note).

    paper_candidates.py OUT_DIR MANIFEST_TSV... [--exclude-repos FILE] [--exclude-owners FILE]
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import Source, read_blob, render  # noqa: E402
from extract_pdf_figures import pdf_figure_crops  # noqa: E402
from harvest import CAND, publish_candidates  # noqa: E402

MAX_FIGURES_PER_PAPER = 25  # so that one thesis does not dominate its fold


def area(crop: str) -> float:
    x0, y0, x1, y1 = (float(v) for v in crop.split())
    return (x1 - x0) * (y1 - y0)


def read_lines(path: Path | None) -> set[str]:
    if path is None:
        return set()
    return {line.split()[0].lower() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")}


def paper_candidates(row: dict[str, str], licence: str) -> list[dict[str, str]]:
    """Render the paper's largest figures into harvest's pending folder; return their cand rows."""
    data = read_blob(row["source_repo"], row["commit"], row["source_path"])
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        crops = pdf_figure_crops(Path(tmp.name))
    crops = [c for c in crops if c[1]]  # a whole page is not a figure of a paper
    crops = sorted(crops, key=lambda c: -area(c[1]))[:MAX_FIGURES_PER_PAPER]
    crops.sort()
    pending = CAND / "pending" / str(os.getpid())
    pending.mkdir(parents=True, exist_ok=True)
    rows = []
    for page, crop in crops:
        source = Source(row["source_repo"], row["commit"], row["source_path"], page,
                        tuple(float(v) for v in crop.split()))
        try:
            render(source, data).save(pending / f"{len(rows)}.png")
        except Exception as error:  # an empty render costs only itself
            print(f"{row['file']} p{page}: {error}", file=sys.stderr)
            continue
        rows.append({"cid": "", "source_repo": row["source_repo"], "commit": row["commit"],
                     "path": row["source_path"], "page": str(page), "crop": crop,
                     "licence": licence, "sha": row["sha256"]})
    publish_candidates(rows, pending)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("manifests", type=Path, nargs="+")
    parser.add_argument("--exclude-repos", type=Path)
    parser.add_argument("--exclude-owners", type=Path)
    args = parser.parse_args()
    excluded_repos, excluded_owners = read_lines(args.exclude_repos), read_lines(args.exclude_owners)
    args.out.mkdir(parents=True, exist_ok=True)
    index_path = args.out / "paper_cands.tsv"
    done = set()
    if index_path.exists():
        done = {line.split("\t")[1] for line in index_path.read_text().splitlines()[1:]}
    else:
        index_path.write_text("cid\tpaper\tmanifest\n")
    for manifest in args.manifests:
        with manifest.open(newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                repo = row["source_repo"]
                if repo.lower() in excluded_repos or repo.split("/")[0].lower() in excluded_owners:
                    print(f"dropped {row['file']}: {repo} is held out")
                    continue
                if row["file"] in done:
                    continue
                licence = row["licence_note"].replace("\t", " ")
                try:
                    rows = paper_candidates(row, licence)
                except Exception as error:
                    print(f"dropped {row['file']}: {error}", file=sys.stderr)
                    continue
                with index_path.open("a") as index:
                    index.write("".join(f"{r['cid']}\t{row['file']}\t{manifest.name}\n" for r in rows))
                    if not rows:
                        index.write(f"-\t{row['file']}\t{manifest.name}\n")
                print(f"{row['file']}: {len(rows)} candidates", flush=True)


if __name__ == "__main__":
    main()
