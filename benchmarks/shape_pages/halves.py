"""Write per-half label folders (OUT/tune, OUT/holdout) that /work/shared/eval/score.py reads.

Run: .venv/bin/python benchmarks/shape_pages/halves.py [--batch batch1|batch2|all] --out /tmp/sp_halves
then: python /work/shared/eval/score.py RESULTS.jsonl /tmp/sp_halves/tune   (or .../holdout)

batch1 is the tables beside this script, batch2 those in batch2/ (same format, other repositories);
`all` writes both batches' rows together (score it with the two scans' results.jsonl concatenated).

A file's half is fixed by its name alone (HALVES.tsv: tune when
int(sha256(name).hexdigest(), 16) % 2 == 0, else holdout), so adding files never moves old ones.
Tune on `tune` only; `holdout` is scored, never looked at for choices.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BATCH_DIRS = {"batch1": [HERE], "batch2": [HERE / "batch2"], "all": [HERE, HERE / "batch2"]}


def half_of(name: str) -> str:
    return "tune" if int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "holdout"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", choices=sorted(BATCH_DIRS), default="batch1")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    folders = BATCH_DIRS[args.batch]
    halves = {row["file"]: row["half"] for folder in folders
              for row in csv.DictReader(open(folder / "HALVES.tsv", encoding="utf-8"), delimiter="\t")}
    wrong = [name for name, half in halves.items() if half != half_of(name)]
    if wrong:
        raise SystemExit(f"HALVES.tsv disagrees with the sha256 rule for: {', '.join(wrong)}")
    for table in ("MANIFEST.tsv", "LABELS.tsv"):
        rows, fields = [], []
        for folder in folders:
            with open(folder / table, encoding="utf-8") as handle:
                reader = csv.DictReader(handle, delimiter="\t")
                rows += list(reader)
                fields = fields or list(reader.fieldnames or [])
        for half in ("tune", "holdout"):
            folder = args.out / half
            folder.mkdir(parents=True, exist_ok=True)
            with open(folder / table, "w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fields, delimiter="\t", lineterminator="\n")
                writer.writeheader()
                writer.writerows(row for row in rows if halves[row["file"]] == half)
    print(f"tune and holdout folders written under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
