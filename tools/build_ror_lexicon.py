"""Build figscan's compact ROR lexicon from a snapshot of ror-community/ror-records.

Usage:
    python tools/build_ror_lexicon.py [--mirror /work/.mirror/ror-community+ror-records/repo]
                                        [--out /work/data/ror/lexicon.tsv]

The Research Organization Registry (https://ror.org, records CC0) publishes the records added or
changed in each release as one JSON file per organisation under v<release>/ in
github.com/ror-community/ror-records; the full dumps are too large to fetch. This script reads
every release folder of a bare mirror of that repository in release order, keeps the newest
version of each record, drops withdrawn and inactive ones, and writes one TSV row per
organisation: ror id, country, types, names (display name, labels in every language,
aliases; "|"-separated) and acronyms. The lexicon is derived from fetched data, so it lives
outside git (/work/data/ror/ by default); figscan reads it when FIGSCAN_ROR_LEXICON names it.
The header comment records the source commit.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
from pathlib import Path

DEFAULT_MIRROR = Path("/work/.mirror/ror-community+ror-records/repo")
DEFAULT_OUT = Path("/work/data/ror/lexicon.tsv")


def release_key(folder: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", folder))


def git(mirror: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(mirror), *args], capture_output=True, text=True,
                          check=True).stdout


def record_files(mirror: Path) -> list[tuple[str, str]]:
    """(release folder, blob id) of every record file, oldest release first."""
    rows = []
    for line in git(mirror, "ls-tree", "-r", "HEAD").splitlines():
        meta, path = line.split("\t", 1)
        folder, _, name = path.partition("/")
        if re.fullmatch(r"v\d+(?:\.\d+)*", folder) and name.endswith(".json") and "/" not in name:
            rows.append((folder, meta.split()[2]))
    return sorted(rows, key=lambda row: release_key(row[0]))


def read_blobs(mirror: Path, blobs: list[str]) -> list[bytes]:
    """Blob contents through one `git cat-file --batch`, in the order asked."""
    process = subprocess.run(["git", "--git-dir", str(mirror), "cat-file", "--batch"],
                             input="\n".join(blobs).encode() + b"\n", capture_output=True, check=True)
    out, position, contents = process.stdout, 0, []
    for _ in blobs:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        contents.append(out[header_end + 1:header_end + 1 + size])
        position = header_end + 1 + size + 1
    return contents


def lexicon_row(record: dict) -> list[str] | None:
    """One TSV row for an active record of schema 1 or 2, else None."""
    if record.get("status", "active") != "active":
        return None
    ror_id = record.get("id", "").rsplit("/", 1)[-1]
    if "names" in record:  # schema 2
        names, acronyms = [], []
        for entry in record["names"]:
            (acronyms if "acronym" in entry.get("types", []) else names).append(entry.get("value", ""))
        display = [e["value"] for e in record["names"] if "ror_display" in e.get("types", [])]
        names = display + [n for n in names if n not in display]
        locations = record.get("locations") or [{}]
        country = (locations[0].get("geonames_details") or {}).get("country_code", "")
    else:  # schema 1
        names = [record.get("name", "")] + [label.get("label", "") for label in record.get("labels", [])]
        names += record.get("aliases", [])
        acronyms = record.get("acronyms", [])
        country = (record.get("country") or {}).get("country_code", "")
    types = [t.lower() for t in record.get("types", [])]
    clean = [re.sub(r"[\t|\n]+", " ", n).strip() for n in names if n and n.strip()]
    acronyms = [re.sub(r"[\t|\n]+", " ", a).strip() for a in acronyms if a and a.strip()]
    if not ror_id or not clean or not country:
        return None
    return [ror_id, country.upper(), ",".join(types), "|".join(dict.fromkeys(clean)), "|".join(dict.fromkeys(acronyms))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    commit = git(args.mirror, "rev-parse", "HEAD").strip()
    files = record_files(args.mirror)
    newest: dict[str, dict] = {}
    for content in read_blobs(args.mirror, [blob for _, blob in files]):
        try:
            record = json.loads(content)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("id"):
            newest[record["id"]] = record  # later releases replace earlier versions
    rows = [row for row in (lexicon_row(r) for r in newest.values()) if row]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(f"# ROR lexicon built by tools/build_ror_lexicon.py from github.com/ror-community/ror-records "
                     f"commit {commit} ({len(files)} record files, {len(rows)} active organisations); "
                     f"ROR data CC0 1.0, repository MIT licence.\n")
        handle.write("ror_id\tcountry\ttypes\tnames\tacronyms\n")
        for row in sorted(rows):
            handle.write("\t".join(row) + "\n")
    print(f"{args.out}: {len(rows)} organisations from {len(files)} record files at {commit[:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
