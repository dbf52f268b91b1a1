"""Front-matter benchmark: title, authors, affiliations, countries, funders, grants and watch-listed
institutions against TRUTH.tsv files, with the time front matter takes.

Usage:
    python benchmarks/frontmatter_eval.py [--set dev|corpus3|corpus2|DIR:TRUTH.tsv ...] [--half tune|holdout]
                                          [--misses] [--out FILE.jsonl] [--no-ror] [--line-labeller on|off]

Sets:
- dev: /work/data/frontmatter_dev/pdfs (rebuilt by benchmarks/frontmatter_dev/build.py), truth in
  benchmarks/frontmatter_dev/TRUTH_{cn,intl}.tsv (read from the fmdev-cn / fmdev-intl branches
  when the files are not in this checkout); `--half` picks the MANIFEST's tune or holdout rows.
  Both halves are now tuning data (issue 26, round 3); a fresh unseen batch measures generalisation.
- corpus3: ../shared/corpus3 with TRUTH.tsv; corpus2: ../shared/corpus2 with AFFIL.tsv. Both are
  held out: measure, never tune, never print their misses (`--misses` is refused for them).

Scoring (per file, summed over the set):
- title: correct when rapidfuzz's ratio of the normalised strings is >= 90 (case, punctuation,
  accents and spacing ignored);
- authors and affiliations: one-to-one matches by rapidfuzz ratio >= 85 (token_set_ratio >= 90 for
  affiliations, which are printed with and without their address), recall and precision;
- countries and grants: exact pairs (grants without spaces, upper case);
- funders: the truth name and a found name match when one contains the other (as
  ../shared/eval/score_text.py) or both name the same funder in figscan/data/funders.tsv;
- watch-listed: a truth institution counts as found when an entity match on an affiliation or a
  funding statement has that name or abbreviation; listed funders (NSFC...) are not institutions.
  Precision counts the found entities that name no truth institution as false hits (several list
  rows naming one truth institution count once; names are compared folded, so one institution on two
  lists, "X Institute" and "X – Institute", is one name, and so are two lists' rows that share an
  original-script name).
Timing: seconds reading the text layer and seconds in parse_front_matter, per set.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pymupdf
from rapidfuzz import fuzz

from figscan.analyse.entities import fold_name, load_watchlists, match_entities
from figscan.config import Limits
from figscan.extract.document import open_pdf, read_page_text
from figscan.extract.frontmatter import parse_front_matter
from figscan.extract.frontmatter.funder_list import canonical_funder

REPO = Path(__file__).resolve().parents[1]
SHARED = next((p for p in (REPO.parent / "shared", Path("/work/shared")) if p.exists()), REPO.parent / "shared")
DEV_PDFS = Path(os.environ.get("FIGSCAN_FMDEV_PDFS", "/work/data/frontmatter_dev/pdfs"))
DEV_DIR = REPO / "benchmarks" / "frontmatter_dev"
DEV_BRANCHES = {"cn": "fmdev-cn", "intl": "fmdev-intl"}
HELD_OUT = {"corpus3", "corpus2"}
TITLE_OK = 90
NAME_OK = 85
AFFILIATION_OK = 90


def read_pages(path: Path, limits: Limits) -> tuple[list, dict[str, str]]:
    doc = open_pdf(path)
    try:
        pages = [read_page_text(doc[i], i + 1, limits) for i in range(min(doc.page_count, limits.max_pages))]
        metadata = {k: str(v) for k, v in (doc.metadata or {}).items() if v}
        return pages, metadata
    finally:
        doc.close()


def _dev_file(name: str) -> str:
    """A dev-set file from this checkout, else from the branch that writes it."""
    path = DEV_DIR / name
    if path.exists():
        return path.read_text(encoding="utf-8")
    kind = name.split("_")[-1].split(".")[0]
    result = subprocess.run(["git", "-C", str(REPO), "show", f"{DEV_BRANCHES[kind]}:benchmarks/frontmatter_dev/{name}"],
                            capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else ""


def dev_rows(half: str | None) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for kind in DEV_BRANCHES:
        halves = {r["file"]: r.get("half", "") for r in csv.DictReader(io.StringIO(_dev_file(f"MANIFEST_{kind}.tsv")),
                                                                         delimiter="\t")}
        for row in csv.DictReader(io.StringIO(_dev_file(f"TRUTH_{kind}.tsv")), delimiter="\t"):
            if row.get("file") and (half is None or halves.get(row["file"]) == half):
                rows.append(row)
    return rows


def set_rows(name: str, half: str | None) -> tuple[Path, list[dict[str, str]]]:
    if name == "dev":
        return DEV_PDFS, dev_rows(half)
    if name in HELD_OUT:
        folder = SHARED / name
        truth = folder / ("TRUTH.tsv" if name == "corpus3" else "AFFIL.tsv")
    else:
        folder_text, truth_text = name.split(":", 1)
        folder, truth = Path(folder_text), Path(truth_text)
    return folder, list(csv.DictReader(open(truth, encoding="utf-8"), delimiter="\t"))


def split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w\u4e00-\u9fff]+", " ", text).split())


def one_to_one(want: list[str], got: list[str], scorer, threshold: float) -> int:
    """Greedy one-to-one matches, best pairs first."""
    pairs = sorted(((scorer(plain(w), plain(g)), i, j) for i, w in enumerate(want) for j, g in enumerate(got)),
                   reverse=True)
    used_w, used_g, hits = set(), set(), 0
    for score, i, j in pairs:
        if score >= threshold and i not in used_w and j not in used_g:
            used_w.add(i)
            used_g.add(j)
            hits += 1
    return hits


def funder_hit(want: str, got: str) -> bool:
    a, b = plain(want), plain(got)
    if a and b and (a in b or b in a):
        return True
    ca, cb = canonical_funder(want), canonical_funder(got)
    return bool(ca) and ca == cb


@dataclass
class Tally:
    hit: int = 0
    want: int = 0
    got: int = 0

    def add(self, hit: int, want: int, got: int) -> None:
        self.hit, self.want, self.got = self.hit + hit, self.want + want, self.got + got

    def scores(self) -> dict[str, float | None]:
        return {"recall": round(self.hit / self.want, 3) if self.want else None,
                "precision": round(self.hit / self.got, 3) if self.got else None, "n": self.want}


@dataclass
class Report:
    files: int = 0
    title_ok: int = 0
    titles: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in (
        "authors", "affiliations", "countries", "funders", "grants", "watchlisted")})
    read_seconds: float = 0.0
    front_seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # truth rows whose PDF is not in the folder


def _entity_names() -> dict[str, set[str]]:
    """Canonical watch-list name -> every name and abbreviation a truth row may use for it. Rows of
    two lists that share an original-script name are one institution ("Chinese Academy of Sciences –
    Shenyang Institute of Automation" on the 1286 list, "China Academy of Science—Shenyang Institute
    of Automation" on the Entity List, both 中国科学院沈阳自动化研究所): each answers to the other's names."""
    entries = load_watchlists()
    names: dict[str, set[str]] = {}
    for entry in entries:
        keys = names.setdefault(entry.name, {entry.name})
        keys.update(getattr(entry, "abbreviations", ()) or ())
    by_original: dict[str, set[str]] = {}
    for entry in entries:
        for original in entry.original_names:
            by_original.setdefault(original, set()).add(entry.name)
    for same in (group for group in by_original.values() if len(group) > 1):
        shared = set().union(*(names[name] for name in same))
        for name in same:
            names[name] |= shared
    return names


def score_file(row: dict[str, str], record: dict, entities: list, names: dict[str, set[str]], report: Report,
               want_misses: bool) -> None:
    report.files += 1
    missed: list[str] = []
    if row.get("title", "").strip():
        report.titles += 1
        ratio = fuzz.ratio(plain(row["title"]), plain(record["title"]))
        report.title_ok += ratio >= TITLE_OK
        if ratio < TITLE_OK:
            missed.append(f"title want {row['title'][:90]!r} got {record['title'][:90]!r}")
    got_authors = [a["name"] for a in record["authors"]]
    want = split(row.get("authors"))
    hits = one_to_one(want, got_authors, fuzz.ratio, NAME_OK)
    report.tallies["authors"].add(hits, len(want), len(got_authors))
    if hits < max(len(want), len(got_authors)):
        missed.append(f"authors {hits}/{len(want)} of {len(got_authors)}: want {want[:8]} got {got_authors[:8]}")
    got_aff = [a["text"] for a in record["affiliations"]]
    want = split(row.get("affiliations"))
    hits = one_to_one(want, got_aff, fuzz.token_set_ratio, AFFILIATION_OK)
    report.tallies["affiliations"].add(hits, len(want), len(got_aff))
    if hits < max(len(want), len(got_aff)):
        missed.append(f"affiliations {hits}/{len(want)} of {len(got_aff)}: want {want[:4]} got {got_aff[:6]}")
    want_c = set(split(row.get("countries")))
    got_c = {a["country"] for a in record["affiliations"] if a.get("country")}
    report.tallies["countries"].add(len(want_c & got_c), len(want_c), len(got_c))
    if want_c != got_c:
        missed.append(f"countries want {sorted(want_c)} got {sorted(got_c)}")
    want = split(row.get("funders"))
    got = list(dict.fromkeys(n for f in record["funding"] for n in f["funders"]))
    hit_w = sum(any(funder_hit(w, g) for g in got) for w in want)
    hit_g = sum(any(funder_hit(w, g) for w in want) for g in got)
    report.tallies["funders"].add(hit_w, len(want), len(got) - hit_g + hit_w)
    if hit_w < len(want) or hit_g < len(got):
        missed.append(f"funders want {want} got {got}")
    want_g = {re.sub(r"\s+", "", g).upper() for g in split(row.get("grant_ids"))}
    got_g = {re.sub(r"\s+", "", g).upper() for f in record["funding"] for g in f["grants"]}
    report.tallies["grants"].add(len(want_g & got_g), len(want_g), len(got_g))
    if want_g != got_g:
        missed.append(f"grants want {sorted(want_g)} got {sorted(got_g)}")
    want_w = split(row.get("watchlisted"))
    found = {m.name for m in entities if m.where in ("affiliation", "funding") and not m.category.endswith("funder")}
    def names_it(w: str, f: str) -> bool:  # one institution on two lists may be spelt with a dash on one
        return (w in names.get(f, {f}) or fold_name(w) == fold_name(f)) or w.startswith("OTHER:") and w[6:] == f

    hits = sum(any(names_it(w, f) for f in found) for w in want_w)
    # a found entity that names no truth institution is a false hit; several list rows naming one
    # truth institution (a laboratory and its university, one body on two lists) are one hit
    got_w = hits + sum(not any(names_it(w, f) for w in want_w) for f in found)
    report.tallies["watchlisted"].add(hits, len(want_w), got_w)
    if hits < len(want_w):
        missed.append(f"watchlisted want {want_w} got {sorted(found)}")
    if want_misses and missed:
        report.misses.append(f"{row['file']}:\n    " + "\n    ".join(missed))


def run_set(name: str, half: str | None, want_misses: bool, out, line_labeller: bool | None = None) -> Report:
    folder, rows = set_rows(name, half)
    limits, names, report = Limits(), _entity_names(), Report()
    for row in rows:
        path = folder / row["file"]
        if not path.exists():
            report.absent.append(row["file"])
            continue
        started = time.perf_counter()
        pages, metadata = read_pages(path, limits)
        report.read_seconds += time.perf_counter() - started
        started = time.perf_counter()
        front = parse_front_matter(pages, metadata, line_labeller=line_labeller)
        report.front_seconds += time.perf_counter() - started
        entities = match_entities(front, pages)
        record = asdict(front)
        if out is not None:
            out.write(json.dumps({"set": name, "path": row["file"], **record}, ensure_ascii=False) + "\n")
        score_file(row, record, entities, names, report, want_misses)
    return report


def summary(name: str, half: str | None, report: Report) -> dict:
    return {"set": name + (f" ({half})" if half else ""), "files": report.files,
            "title": round(report.title_ok / report.titles, 3) if report.titles else None,
            **{k: t.scores() for k, t in report.tallies.items()},
            "seconds": {"read_text": round(report.read_seconds, 2), "front_matter": round(report.front_seconds, 2)}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", help="dev, corpus3, corpus2 or DIR:TRUTH.tsv")
    parser.add_argument("--half", choices=("tune", "holdout"), help="dev set half (MANIFEST column)")
    parser.add_argument("--misses", action="store_true", help="print each file's misses (not for held-out sets)")
    parser.add_argument("--out", type=Path, help="write the parsed front matter as JSON lines")
    parser.add_argument("--no-ror", action="store_true", help="ignore the ROR lexicon (FIGSCAN_ROR_LEXICON)")
    parser.add_argument("--line-labeller", choices=("on", "off"),
                        help="the learned line labeller on or off (default: figscan/data/frontmatter.toml)")
    args = parser.parse_args(argv)
    line_labeller = None if args.line_labeller is None else args.line_labeller == "on"
    if args.no_ror:
        os.environ["FIGSCAN_ROR_LEXICON"] = ""
    sets = args.sets or ["dev", "corpus3", "corpus2"]
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    absent_files = False
    try:
        for name in sets:
            halves = [args.half] if name == "dev" and args.half else (["tune", "holdout"] if name == "dev" else [None])
            for half in halves:
                misses = args.misses and name not in HELD_OUT
                report = run_set(name, half, misses, out, line_labeller)
                print(json.dumps(summary(name, half, report)))
                if report.absent:
                    absent_files = True
                    print(f"{name}: {len(report.absent)} truth rows have no PDF in the folder and are left out of "
                          f"the scores (rebuild with benchmarks/frontmatter_dev/build.py): {', '.join(report.absent[:5])}",
                          file=sys.stderr)
                for line in report.misses:
                    print("  " + line)
    finally:
        if out is not None:
            out.close()
    return 1 if absent_files else 0


if __name__ == "__main__":
    pymupdf.TOOLS.mupdf_display_errors(False)
    raise SystemExit(main())
