"""Build and check figscan/data/funders.tsv against the Crossref Funder Registry and ROR.

Usage:
    python tools/build_funders.py --check            # every row checked against the registry files
    python tools/build_funders.py --write            # regenerate the registry rows, keep the curated ones

Sources (bare git mirrors under /work/.mirror, pinned commits; nothing from them is committed):
- Crossref Funder Registry ids in use: ror-community/ror_funder_registry_overlap,
  data/crossref_funder_work_counts.csv (every Funder Registry DOI with its number of Crossref works,
  2025-03), MIT licence (the registry itself is CC0). The full registry.rdf of
  CrossRef/open-funder-registry is too large to be mirrored.
- Crossref Funder Registry names: rdmpage/crossref-fundref, funderNames.csv (the registry's own CSV
  export, 2013-09, 4,785 funders, CC0 registry data; no licence stated for the repository).
- Names, aliases, acronyms, labels in other languages, country and type of each funder: ROR records
  (ror-community/ror-records, CC0 data), linked to Funder Registry ids by each record's "fundref"
  external id, else by the overlap repository's data/ror_funder_registry_mapping.json.

Rows: the curated rows (origin "curated", written by hand with each funder's own page as source)
are kept and given their Funder Registry id where one registry name or ROR name equals one of
theirs; then the funders that matter for screening are added (origin "registry"): ROR type funder
or government (NIH institutes are typed "facility"; universities, companies and hospitals are left
out because authors' institutions and equipment suppliers are not funders), ranked by their
Crossref works, every funder with at least MIN_WORKS works plus the TOP_PER_COUNTRY largest of each
country with at least COUNTRY_MIN_WORKS, at most MAX_ROWS rows in all. A name shared by two
funders, a generic name ("Ministry of Education") and an acronym shorter than 3 letters, shared or
in ACRONYM_STOP are not matched on their own; a generic display name is qualified with its country.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_ror_lexicon import read_blobs, record_files  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FUNDERS = REPO / "figscan" / "data" / "funders.tsv"
COUNTRIES = REPO / "figscan" / "data" / "countries.tsv"
MIRRORS = Path("/work/.mirror")


@dataclass(frozen=True)
class Source:
    repo: str
    commit: str
    path: str

    def text(self) -> str:
        git_dir = MIRRORS / self.repo.replace("/", "+") / "repo"
        return subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{self.commit}:{self.path}"],
                              capture_output=True, text=True, check=True).stdout


WORK_COUNTS = Source("ror-community/ror_funder_registry_overlap", "1203a7ed62b404d2bcade4b55123386fb5cf4ba8",
                     "data/crossref_funder_work_counts.csv")
ROR_MAPPING = Source("ror-community/ror_funder_registry_overlap", "1203a7ed62b404d2bcade4b55123386fb5cf4ba8",
                     "data/ror_funder_registry_mapping.json")
REGISTRY_2013 = Source("rdmpage/crossref-fundref", "f47996aa8da332738feaadfba08e57cfe5f352d2", "funderNames.csv")
ROR_RECORDS = Source("ror-community/ror-records", "d93fc667872f8ef9386896bd6c68bd3c6103603e", "v*/*.json")

MIN_WORKS = 3000
COUNTRY_MIN_WORKS = 300
TOP_PER_COUNTRY = 3
MAX_ROWS = 480
KEEP_TYPES = {"funder", "government", "facility"}
DROP_TYPES = {"education", "company", "healthcare"}
SHORT_ACRONYM_MIN_WORKS = 20000  # a 3-letter acronym is matched on its own only for the much-used funders
ACRONYM_STOP = {"ARC", "CAS", "CSC", "DOE", "NRF", "MOE", "MOST", "NIH", "NSF", "STAR", "ACE", "AIM", "ART", "CARE",
                "CORE", "FIRST", "IDEA", "MORE", "NEW", "ONE", "OPEN", "SAFE", "SMART", "USA", "EU", "UK", "IT", "PI",
                "WHO", "SAS", "ACS", "ADA", "AHA", "NHS", "CARS", "VEGA", "FORTE", "FORMAS", "NIST"}
# the first set names curated funders (their rows carry them), then words, software and other bodies'
# acronyms printed in capitals (ACS: American Chemical and American Cancer Society; NIST: a lab and a funder)
GENERIC_WORDS = {"national", "science", "sciences", "scientific", "research", "foundation", "ministry", "department",
                 "education", "technology", "technological", "council", "agency", "fund", "funds", "health", "medical",
                 "office", "institute", "institutes", "state", "federal", "innovation", "higher", "culture", "energy",
                 "environment", "industry", "economy", "development", "and", "of", "for", "the", "on", "&", "natural",
                 "engineering", "program", "programme", "commission", "academy", "public", "affairs", "trade",
                 "agriculture", "defence", "defense", "ict", "information", "communications", "planning", "future",
                 "basic", "applied", "key", "social", "humanities", "arts", "university", "universities", "grants",
                 "centre", "center", "government", "administration", "authority", "foundation,", "sport", "sports",
                 "youth", "labour", "labor", "finance", "interior", "transport", "transportation", "climate",
                 "competitiveness", "digital", "space", "security", "nuclear", "medicine", "promotion", "regional",
                 "rural", "water", "marine", "fisheries", "forestry", "natural resources", "resources", "welfare",
                 "family", "women", "children", "advanced", "studies", "general", "directorate", "bureau", "board"}
HEADER = (
    "# Research funders: canonical name (Crossref Funder Registry / ROR display name), country (ISO 3166-1\n"
    "# alpha-2; the EU's bodies are BE as in ROR or EU in curated rows), other names as printed in\n"
    "# acknowledgements (own language, labels in other languages, acronyms; \"|\"-separated; acronyms of 2-7\n"
    "# capitals are matched case-sensitively as whole words), the source of the row, its Crossref Funder\n"
    "# Registry ids (10.13039/...; \"|\"-separated, the first the most used) and its origin: \"curated\" rows were\n"
    "# written by hand with the funder's own page as source; \"registry\" rows are generated by\n"
    "# tools/build_funders.py (run it with --check to validate every row, --write to regenerate) from\n"
    f"#   {WORK_COUNTS.repo} {WORK_COUNTS.path} commit {WORK_COUNTS.commit} (Funder Registry ids in use and\n"
    f"#     their Crossref works, 2025-03; MIT, registry data CC0),\n"
    f"#   {ROR_MAPPING.repo} {ROR_MAPPING.path} (same commit; Funder Registry id -> ROR id),\n"
    f"#   {REGISTRY_2013.repo} {REGISTRY_2013.path} commit {REGISTRY_2013.commit} (the registry's own CSV\n"
    f"#     export, 2013-09, CC0; no repository licence stated),\n"
    f"#   {ROR_RECORDS.repo} commit {ROR_RECORDS.commit} (names, aliases, acronyms, labels, country, type;\n"
    f"#     CC0 data, MIT repository).\n"
    "# The registry's full RDF (CrossRef/open-funder-registry registry.rdf, commit\n"
    "#   f1f549a9c485dc9d46a9dea9f0fdf95566227d27, CC0) is too large for the mirror, hence the sources above.\n"
    "# Registry rows: ROR type funder/government/facility (no universities, companies, hospitals), ranked\n"
    f"# by Crossref works: all with >= {MIN_WORKS} works, plus the {TOP_PER_COUNTRY} largest of each country with >= {COUNTRY_MIN_WORKS}.\n"
    "# Used to recognise funders of every country and to name one funder printed two ways.\n")
COLUMNS = ["name", "country", "aliases", "source", "funder_id", "origin"]


@dataclass
class Organisation:
    ror_id: str
    display: str
    country: str
    types: set[str]
    names: list[str]  # labels and aliases
    acronyms: list[str]
    active: bool
    funder_ids: list[str] = field(default_factory=list)
    works: int = 0


def organisation(record: dict) -> Organisation | None:
    """A ROR record of schema 1 or 2."""
    ror_id = record.get("id", "").rsplit("/", 1)[-1]
    if "names" in record:
        display = next((n["value"] for n in record["names"] if "ror_display" in n.get("types", [])), "")
        names = [n["value"] for n in record["names"] if "acronym" not in n.get("types", [])]
        acronyms = [n["value"] for n in record["names"] if "acronym" in n.get("types", [])]
        country = ((record.get("locations") or [{}])[0].get("geonames_details") or {}).get("country_code", "")
    else:
        display = record.get("name", "")
        names = [display, *(label.get("label", "") for label in record.get("labels", [])), *record.get("aliases", [])]
        acronyms = list(record.get("acronyms", []))
        country = (record.get("country") or {}).get("country_code", "")
    if not ror_id or not display:
        return None
    clean = [" ".join(re.sub(r"[\t|]", " ", n).split()) for n in names if n and n.strip()]
    return Organisation(ror_id, display.strip(), country.upper(), {t.lower() for t in record.get("types", [])},
                        list(dict.fromkeys(clean)), [a.strip() for a in acronyms if a.strip()],
                        record.get("status", "active") == "active")


def fundref_ids(record: dict) -> list[str]:
    external = record.get("external_ids")
    if isinstance(external, list):
        return [i for e in external if e.get("type") == "fundref" for i in e.get("all", [])]
    if isinstance(external, dict):
        return list((external.get("FundRef") or {}).get("all", []))
    return []


@dataclass
class Registry:
    works: dict[str, int]  # Funder Registry id -> Crossref works
    names_2013: dict[str, str]  # Funder Registry id -> registry name (2013 export)
    organisations: dict[str, Organisation]  # ROR id -> organisation with its Funder Registry ids


def load_registry() -> Registry:
    works = {row[0].rsplit("/", 1)[-1]: int(row[1]) for row in csv.reader(io.StringIO(WORK_COUNTS.text()))
             if len(row) > 1 and row[1].isdigit()}
    names_2013 = {row["uri"].rsplit("/", 1)[-1]: row["primary_name_display"].strip()
                  for row in csv.DictReader(io.StringIO(REGISTRY_2013.text()))}
    mapping = {fid: url.rsplit("/", 1)[-1] for fid, url in json.loads(ROR_MAPPING.text()).items()}
    mirror = MIRRORS / ROR_RECORDS.repo.replace("/", "+") / "repo"
    newest: dict[str, dict] = {}
    for content in read_blobs(mirror, [blob for _, blob in record_files(mirror)]):
        try:
            record = json.loads(content)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("id"):
            newest[record["id"].rsplit("/", 1)[-1]] = record  # later releases replace earlier versions
    organisations: dict[str, Organisation] = {}
    for ror_id, record in newest.items():
        org = organisation(record)
        if org:
            organisations[ror_id] = org
    linked: dict[str, str] = {}
    for ror_id, record in newest.items():
        for fid in fundref_ids(record):
            linked.setdefault(fid, ror_id)
    for fid, ror_id in mapping.items():
        linked.setdefault(fid, ror_id)
    for fid, ror_id in linked.items():
        if ror_id in organisations:
            organisations[ror_id].funder_ids.append(fid)
    for org in organisations.values():
        org.funder_ids.sort(key=lambda f: -works.get(f, 0))
        org.works = sum(works.get(f, 0) for f in org.funder_ids)
    return Registry(works, names_2013, organisations)


def plain(name: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", name.lower().removeprefix("the ")).split())


def is_generic(name: str) -> bool:
    words = plain(name).split()
    return bool(words) and all(w in GENERIC_WORDS for w in words)


def country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for line in COUNTRIES.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[2] == "country":
            names.setdefault(parts[1], parts[0])
    return names


def read_rows() -> list[dict[str, str]]:
    lines = [l for l in FUNDERS.read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    for row in rows:
        row.setdefault("funder_id", "")
        row["origin"] = row.get("origin") or "curated"
        row["funder_id"] = row.get("funder_id") or ""
    return rows


def names_of(row: dict[str, str]) -> list[str]:
    return [row["name"], *[a for a in row["aliases"].split("|") if a]]


def curated_ids(row: dict[str, str], registry: Registry, by_name: dict[str, list[str]]) -> list[str]:
    """Funder Registry ids of a curated row: organisations one of whose names is one of the row's,
    in the row's country (EU rows: BE), most used first."""
    country = {"EU": "BE"}.get(row["country"], row["country"])
    found: list[tuple[int, str]] = []
    for name in names_of(row):
        for ror_id in by_name.get(plain(name), []):
            org = registry.organisations[ror_id]
            if org.country == country and org.funder_ids:
                found.append((org.works, ror_id))
    if found:
        return registry.organisations[max(found)[1]].funder_ids
    names = {plain(n) for n in names_of(row)}  # organisations whose ROR record is not in ror-records
    old = [f for f, n in registry.names_2013.items() if plain(n) in names]
    return sorted(old, key=lambda f: -registry.works.get(f, 0))


def selected(registry: Registry, taken: set[str]) -> list[Organisation]:
    candidates = [o for o in registry.organisations.values()
                  if o.active and o.funder_ids and o.country and o.types & KEEP_TYPES and not o.types & DROP_TYPES
                  and ("facility" not in o.types or o.types & {"funder", "government"} or o.works >= MIN_WORKS)
                  and o.ror_id not in taken]
    candidates.sort(key=lambda o: -o.works)
    chosen = {o.ror_id: o for o in candidates if o.works >= MIN_WORKS}
    per_country: dict[str, int] = defaultdict(int)
    for org in candidates:
        if org.works >= COUNTRY_MIN_WORKS and per_country[org.country] < TOP_PER_COUNTRY:
            per_country[org.country] += 1
            chosen.setdefault(org.ror_id, org)
    return sorted(chosen.values(), key=lambda o: -o.works)


# NSF's divisions, printed in affiliations too; national laboratories host and perform more than they fund
_SUB_UNIT = re.compile(r"^(?:Division|Directorate|Directorates)\s+(?:of|for)\b|\bLaborator(?:y|ies)\b")
_NOT_A_FUNDER_NAME = re.compile(r"\b(?:universit|college|hospital|school|inc\b|ltd\b|corporation|company|gmbh|"
                                r"s\.a\.|clinic|pharma)", re.IGNORECASE)


def registry_only_rows(registry: Registry, taken_ids: set[str], known_names: set[str]) -> list[dict[str, str]]:
    """Much-used Funder Registry ids with no ROR record in ror-records: the 2013 registry name only,
    no universities, hospitals or companies."""
    by_id = {f for o in registry.organisations.values() for f in o.funder_ids}
    rows = []
    for fid, name in sorted(registry.names_2013.items(), key=lambda item: -registry.works.get(item[0], 0)):
        if registry.works.get(fid, 0) < MIN_WORKS:
            break
        if (fid in by_id or fid in taken_ids or _NOT_A_FUNDER_NAME.search(name) or _SUB_UNIT.search(name)
                or plain(name) in known_names):
            continue
        display = name if not is_generic(name) else ""
        if display:
            known_names.add(plain(name))
            rows.append({"name": display, "country": "", "aliases": "", "source": f"https://doi.org/10.13039/{fid}",
                         "funder_id": fid, "origin": "registry"})
    return rows


def registry_rows(registry: Registry, curated: list[dict[str, str]]) -> list[dict[str, str]]:
    taken_ids = {f for row in curated for f in row["funder_id"].split("|") if f}
    taken = {o.ror_id for o in registry.organisations.values() if set(o.funder_ids) & taken_ids}
    curated_names = {plain(n) for row in curated for n in names_of(row)}
    curated_acronyms = {n for row in curated for n in names_of(row)}
    orgs = [o for o in selected(registry, taken) if not _SUB_UNIT.search(o.display)]
    room = MAX_ROWS - len(curated)
    orgs = orgs[:max(0, room)]
    name_count: dict[str, int] = defaultdict(int)
    acronym_count: dict[str, int] = defaultdict(int)
    for org in orgs:
        for name in {plain(n) for n in org.names}:
            name_count[name] += 1
        for acronym in set(org.acronyms):
            acronym_count[acronym] += 1
    countries = country_names()
    rows = []
    for org in orgs:
        display = org.display
        if is_generic(display) or name_count[plain(display)] > 1 or plain(display) in curated_names:
            display = f"{display} ({countries.get(org.country, org.country)})"
        aliases = [n for n in org.names if n != org.display and not is_generic(n) and name_count[plain(n)] == 1
                   and plain(n) not in curated_names and len(plain(n)) >= 4]
        old = registry.names_2013.get(org.funder_ids[0], "")
        if old and old not in aliases and old != org.display and not is_generic(old) and plain(old) not in curated_names:
            aliases.append(old)
        acronyms = [a for a in org.acronyms if re.fullmatch(r"[A-Z][A-Za-z&*\-]{2,9}", a) and a not in ACRONYM_STOP
                    and acronym_count[a] == 1 and a not in curated_acronyms
                    and (len(a) >= 4 or org.works >= SHORT_ACRONYM_MIN_WORKS)]
        aliases = [a for a in dict.fromkeys(aliases + acronyms) if a != display]
        rows.append({"name": display, "country": org.country, "aliases": "|".join(aliases),
                     "source": f"https://ror.org/{org.ror_id}", "funder_id": "|".join(org.funder_ids[:4]),
                     "origin": "registry"})
    known = curated_names | {plain(n) for row in rows for n in names_of(row)}
    return rows + registry_only_rows(registry, taken_ids, known)


def name_index(registry: Registry) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for org in registry.organisations.values():
        for name in [org.display, *org.names, *org.acronyms]:
            index[plain(name)].append(org.ror_id)
    return index


def check(rows: list[dict[str, str]], registry: Registry) -> list[str]:
    """Problems: a row without a source; a registry row whose ids are not Funder Registry ids in use
    or whose names are not its organisation's; a curated row's id that names none of its names."""
    problems = []
    by_id = {f: o for o in registry.organisations.values() for f in o.funder_ids}
    for row in rows:
        ids = [f for f in row["funder_id"].split("|") if f]
        if not row["source"]:
            problems.append(f"{row['name']}: no source")
        for fid in ids:
            if fid not in registry.works and fid not in registry.names_2013:
                problems.append(f"{row['name']}: {fid} is not a Funder Registry id")
        if not ids:
            if row["origin"] == "registry":
                problems.append(f"{row['name']}: registry row without a Funder Registry id")
            continue
        org = by_id.get(ids[0])
        known = {plain(n) for n in ([*org.names, org.display, *org.acronyms] if org else [])}
        known |= {plain(registry.names_2013.get(f, "")) for f in ids}
        if not {plain(n) for n in names_of(row)} & known and plain(re.sub(r"\s*\([^)]*\)$", "", row["name"])) not in known:
            problems.append(f"{row['name']}: none of its names is the registry's name for {ids[0]}")
    return problems


def write(rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    out.write(HEADER)
    writer = csv.DictWriter(out, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            escapechar="\\")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in COLUMNS})
    FUNDERS.write_text(out.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="validate every row against the registry files")
    mode.add_argument("--write", action="store_true", help="regenerate the registry rows of funders.tsv")
    args = parser.parse_args(argv)
    registry = load_registry()
    rows = read_rows()
    if args.write:
        index = name_index(registry)
        curated = [r for r in rows if r["origin"] == "curated"]
        for row in curated:
            row["funder_id"] = row["funder_id"] or "|".join(curated_ids(row, registry, index)[:4])
        rows = curated + registry_rows(registry, curated)
        write(rows)
        print(f"{FUNDERS}: {len(curated)} curated + {len(rows) - len(curated)} registry rows, "
              f"{len({r['country'] for r in rows})} countries")
    problems = check(rows, registry)
    for problem in problems:
        print("PROBLEM", problem)
    print(f"checked {len(rows)} rows: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
