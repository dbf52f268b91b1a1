"""Front-matter benchmark: countries and funders on generated papers and on ../shared/corpus2.

Usage:
    python benchmarks/text_eval.py [--n 40] [--seed 8] [--keep DIR] [--skip-shared]

1. Generates `--n` papers with known truth (benchmarks/synthetic_papers.py: DPRK, Chinese
   defence-linked and ordinary affiliations; Chinese, other and no funders; four header styles;
   one and two columns; with and without a text layer) in a temporary folder, reads them as
   figscan does (text layer, OCR where there is none), and scores them with
   ../shared/eval/score_text.py, the scorer the held-out papers are scored with.
2. Does the same on ../shared/corpus2 against its AFFIL.tsv, twice: as scored, and with the
   truth's "; " separators normalised to ";" (a copy in the temporary folder; the scorer splits
   on ";" and keeps the space, so only a row's first country can match as scored).

Prints each scorer's output and the misses per generated paper, so a regression can be read.
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from frontmatter_eval import read_pages  # noqa: E402
from synthetic_papers import make_corpus  # noqa: E402

from figscan.config import Limits  # noqa: E402
from figscan.extract.frontmatter import parse_front_matter  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (REPO.parent / "shared", Path("/work/shared")) if p.exists()), REPO.parent / "shared")
SCORER = SHARED / "eval" / "score_text.py"


def run_folder(folder: Path, out: Path) -> dict[str, dict]:
    """Read every PDF in `folder`, write results.jsonl records to `out`; records by file name."""
    limits = Limits()
    records = {}
    with open(out, "w", encoding="utf-8") as handle:
        for path in sorted(folder.glob("*.pdf")):
            started = time.perf_counter()
            pages, metadata = read_pages(path, limits)
            front = parse_front_matter(pages, metadata)
            record = {"path": path.name, "seconds": round(time.perf_counter() - started, 2),
                      "pages_ocr": [p.number for p in pages if p.ocr_used], **asdict(front)}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            records[path.name] = record
    return records


def score(results: Path, truth: Path) -> dict:
    output = subprocess.run([sys.executable, str(SCORER), str(results), str(truth), "--json"],
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output)


def misses(records: dict[str, dict], truth: Path) -> list[str]:
    """Per paper: countries and funders wanted but not found, or found but not wanted."""
    lines = []
    for row in csv.DictReader(open(truth, encoding="utf-8"), delimiter="\t"):
        record = records.get(row["file"], {})
        want_c = {c for c in row["countries"].split(";") if c}
        got_c = {a["country"] for a in record.get("affiliations", []) if a.get("country")}
        want_f = [f.lower() for f in row["funders"].split(";") if f]
        got_f = [n.lower() for f in record.get("funding", []) for n in f["funders"]]
        lost_f = [f for f in want_f if not any(f in g or g in f for g in got_f)]
        extra_f = [g for g in got_f if not any(f in g or g in f for f in want_f)]
        if want_c != got_c or lost_f or extra_f:
            kind = f"{row.get('style', '')} {row.get('columns', '')}col {'scan' if row.get('scanned') == '1' else 'text'}"
            lines.append(f"  {row['file']} ({kind}): countries want {sorted(want_c)} got {sorted(got_c)}; "
                         f"funders lost {lost_f} extra {extra_f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--keep", type=Path, help="write the generated papers here instead of a temp folder")
    parser.add_argument("--skip-shared", action="store_true")
    args = parser.parse_args(argv)
    if not SCORER.exists():
        print(f"needs {SCORER}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = args.keep or tmp / "synthetic"
        started = time.perf_counter()
        papers = make_corpus(folder, args.n, args.seed)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        records = run_folder(folder, tmp / "synthetic.jsonl")
        scanned = sum(p.scanned for p in papers)
        print(f"generated: {len(papers)} papers ({scanned} scanned, "
              f"{sum(p.columns == 2 for p in papers)} two-column) in {generated:.1f} s, read in "
              f"{time.perf_counter() - started:.1f} s")
        print("  score_text.py:", json.dumps(score(tmp / "synthetic.jsonl", folder / "TRUTH.tsv")))
        for subset, keep in (("text layer", False), ("scanned", True)):
            truth = tmp / f"truth-{keep}.tsv"
            rows = list(csv.reader(open(folder / "TRUTH.tsv", encoding="utf-8"), delimiter="\t"))
            with open(truth, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, delimiter="\t").writerows(
                    [rows[0]] + [r for r in rows[1:] if (r[-1] == "1") == keep])
            subset_out = tmp / f"subset-{keep}.jsonl"
            names = {r[0] for r in rows[1:] if (r[-1] == "1") == keep}
            subset_out.write_text("".join(json.dumps(records[n], ensure_ascii=False) + "\n" for n in sorted(names)))
            print(f"  {subset} only:", json.dumps(score(subset_out, truth)))
        print("\n".join(misses(records, folder / "TRUTH.tsv")) or "  no misses")

        corpus2 = SHARED / "corpus2"
        if not args.skip_shared and (corpus2 / "AFFIL.tsv").exists():
            shared_records = run_folder(corpus2, tmp / "corpus2.jsonl")
            print(f"../shared/corpus2 ({len(shared_records)} PDFs, AFFIL.tsv rows scored):")
            print("  as scored:", json.dumps(score(tmp / "corpus2.jsonl", corpus2 / "AFFIL.tsv")))
            normalised = tmp / "AFFIL-normalised.tsv"
            with open(corpus2 / "AFFIL.tsv", encoding="utf-8") as source, \
                    open(normalised, "w", encoding="utf-8", newline="") as target:
                reader = csv.DictReader(source, delimiter="\t")
                writer = csv.DictWriter(target, fieldnames=reader.fieldnames, delimiter="\t")
                writer.writeheader()
                for row in reader:
                    for column in ("countries", "funders"):
                        row[column] = ";".join(p.strip() for p in row[column].split(";"))
                    writer.writerow(row)
            print("  separators normalised:", json.dumps(score(tmp / "corpus2.jsonl", normalised)))
            print("\n".join(misses(shared_records, normalised)) or "  no misses")
    return 0


if __name__ == "__main__":
    pymupdf.TOOLS.mupdf_display_errors(False)
    raise SystemExit(main())
