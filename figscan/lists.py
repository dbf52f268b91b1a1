"""`figscan lists import FILE` and `figscan lists show`: watch lists from their publishers' exports.

Two exports are read, whichever FILE is (told apart by their columns):

- the US Consolidated Screening List (International Trade Administration, trade.gov; a US
  government work, public domain), JSON (`{"results": [...]}`) or CSV. Each party's `name`,
  `alt_names`, `source` (the list: "Entity List (EL) - Bureau of Industry and Security"),
  `start_date` (the listing date), `federal_register_notice` (the citation) and address country
  make a row; individuals and vessels are left out (papers name institutions).
- OpenSanctions' `targets.simple.csv` (CC BY-NC 4.0: the user downloads it under its licence and
  supplies it): `name`, `aliases`, `countries`, `dataset` (the list), `first_seen` (the day
  OpenSanctions first saw the entry: the entity was listed no later than that, so list_date is
  "by" that day) and `sanctions`/`program_ids` (the citation); only organisations.

A party without a country or listing date cannot make a cited, dated row: it is left out and
counted. The output is a watch-list CSV for figscan/data/entities/ whose header comment names the
input file, its SHA-256, the import day and the licence; `checked` is the import day (the day the
row was last read from its list). `figscan lists show` prints the rows per list and every row whose
check is more than a year old.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

CSL_URL = "https://www.trade.gov/consolidated-screening-list"
OPENSANCTIONS_URL = "https://www.opensanctions.org/datasets/"
STALE_AFTER_DAYS = 365  # a row not checked for a year may have left its list or changed
OUTPUT_COLUMNS = ("name", "aliases", "country", "list_name", "list_date", "citation", "checked", "category",
                  "weight", "source")
# the CSL's list codes (in brackets in its `source` field) -> figscan categories
CSL_CATEGORIES = {"EL": "entity-list", "MEU": "military-end-user", "UVL": "unverified-list", "DPL": "denied-persons",
                  "SDN": "sdn", "NS-CMIC": "military-company", "CMIC": "military-company", "ISN": "nonproliferation",
                  "FSE": "sanctions-evader", "SSI": "sectoral-sanctions", "DTC": "itar-debarred"}
OPENSANCTIONS_ORGANISATIONS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
_CSL_MARKERS = {"alt_names", "federal_register_notice", "start_date"}
_OPENSANCTIONS_MARKERS = {"schema", "aliases", "dataset", "first_seen"}
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_COUNTRY_AT_END = re.compile(r"(?:^|,\s*)([A-Z]{2})\s*$")


@dataclass
class ImportedList:
    """The rows an export gave, what it left out and why, and where it came from."""
    rows: list[dict[str, str]]
    format: str  # "Consolidated Screening List (JSON)", ...
    source_file: str
    sha256: str
    licence: str
    left_out: Counter[str] = field(default_factory=Counter)  # reason -> rows

    def header(self, today: date) -> str:
        lines = [f"Imported by `figscan lists import` on {today.isoformat()} from {self.source_file}",
                 f"({self.format}, sha256 {self.sha256}).",
                 f"Licence: {self.licence}.",
                 f"{len(self.rows)} rows; left out: "
                 + (", ".join(f"{n} {reason}" for reason, n in sorted(self.left_out.items())) or "none") + ".",
                 "list_date: the listing date the export gives ('by' a day: listed no later than that day);",
                 "citation: the notice it gives; checked: the import day. Weights are figscan's choice.",
                 f"Sources: {CSL_URL} ; {OPENSANCTIONS_URL} . As of {today.isoformat()}."]
        return "".join(f"# {line}\n" for line in lines)


def import_list(path: Path, *, weight: float = 2.0, countries: Iterable[str] = (),
                today: Optional[date] = None) -> ImportedList:
    """Read a CSL export (JSON or CSV) or an OpenSanctions targets.simple.csv into watch-list rows;
    `countries` keeps only parties of those ISO codes. ValueError names a file it cannot read."""
    today = today or date.today()
    data = path.read_bytes()
    text = data.decode("utf-8-sig")
    wanted = {c.upper() for c in countries}
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not JSON: {exc}") from None
        records = parsed.get("results", []) if isinstance(parsed, dict) else parsed
        imported = _from_csl(records, "Consolidated Screening List (JSON)", weight, today)
    else:
        reader = csv.DictReader(io.StringIO(text))
        columns = set(reader.fieldnames or ())
        if _CSL_MARKERS <= columns:
            imported = _from_csl(list(reader), "Consolidated Screening List (CSV)", weight, today)
        elif _OPENSANCTIONS_MARKERS <= columns:
            imported = _from_opensanctions(reader, weight, today)
        else:
            raise ValueError(f"{path}: neither a Consolidated Screening List export (columns "
                             f"{', '.join(sorted(_CSL_MARKERS))}) nor an OpenSanctions targets.simple.csv "
                             f"(columns {', '.join(sorted(_OPENSANCTIONS_MARKERS))})")
    imported.source_file, imported.sha256 = path.name, hashlib.sha256(data).hexdigest()
    if wanted:
        kept = [row for row in imported.rows if row["country"] in wanted]
        imported.left_out[f"outside {'/'.join(sorted(wanted))}"] += len(imported.rows) - len(kept)
        imported.rows = kept
    return imported


def write_list(imported: ImportedList, out: Path, today: Optional[date] = None) -> None:
    """The rows as a watch-list file; read back by the loader, so a row it would refuse fails here."""
    from figscan.analyse.entities import read_watchlist  # its module reads the matching settings

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, OUTPUT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(imported.rows)
    out.write_text(imported.header(today or date.today()) + buffer.getvalue(), encoding="utf-8")
    read_watchlist(out)


@dataclass(frozen=True)
class ListSummary:
    counts: dict[str, int]  # list name -> rows
    stale: list[tuple[str, str, str, str]]  # (file, list name, name, checked) checked over a year ago


def summarise_lists(folder: Optional[Path] = None, today: Optional[date] = None) -> ListSummary:
    """Rows per list across the watch-list files in `folder` (figscan's own by default), and the
    rows whose check is older than STALE_AFTER_DAYS."""
    from figscan.analyse.entities import ENTITIES_DIR, read_watchlist

    today = today or date.today()
    counts: Counter[str] = Counter()
    stale = []
    for path in sorted((folder or ENTITIES_DIR).glob("*.csv")):
        for entry in read_watchlist(path):
            counts[entry.list_name] += 1
            if (today - date.fromisoformat(entry.checked)).days > STALE_AFTER_DAYS:
                stale.append((path.name, entry.list_name, entry.name, entry.checked))
    return ListSummary(dict(sorted(counts.items())), stale)


def format_summary(summary: ListSummary) -> str:
    width = max((len(name) for name in summary.counts), default=0)
    lines = [f"{count:5d}  {name}" for name, count in summary.counts.items()]
    lines.append(f"{sum(summary.counts.values()):5d}  {'rows in all':{width}}")
    if summary.stale:
        lines.append(f"{len(summary.stale)} rows last checked more than {STALE_AFTER_DAYS} days ago:")
        lines += [f"  {checked}  {name} ({list_name}, {file})" for file, list_name, name, checked in summary.stale]
    else:
        lines.append(f"every row was checked in the last {STALE_AFTER_DAYS} days")
    return "\n".join(lines)


def add_lists_command(commands: Any) -> None:
    """`figscan lists import FILE` and `figscan lists show`, on the CLI's sub-command parser."""
    lists = commands.add_parser("lists", help="import a watch list from an export; show the lists")
    actions = lists.add_subparsers(dest="lists_command", required=True)
    importer = actions.add_parser("import", help="a Consolidated Screening List export (JSON or CSV) or an "
                                                 "OpenSanctions targets.simple.csv -> a watch-list CSV")
    importer.add_argument("file", type=Path, metavar="FILE")
    importer.add_argument("--out", type=Path, default=None,
                          help="watch-list CSV to write (default: FILE's name with .watchlist.csv)")
    importer.add_argument("--country", action="append", default=[], metavar="CC",
                          help="keep only parties of this ISO country code (repeatable)")
    importer.add_argument("--weight", type=float, default=2.0, help="points a match adds (default: 2)")
    show = actions.add_parser("show", help="rows per list, and rows not checked for over a year")
    show.add_argument("--folder", type=Path, default=None, help="watch-list folder (default: figscan's own)")


def run_lists_command(args: argparse.Namespace) -> int:
    """0 when done, 2 when the input cannot be read (the CLI's usage-error code)."""
    import sys

    try:
        if args.lists_command == "import":
            imported = import_list(args.file, weight=args.weight, countries=args.country)
            out = args.out or args.file.with_name(args.file.stem + ".watchlist.csv")
            write_list(imported, out)
            left = ", ".join(f"{n} {reason}" for reason, n in sorted(imported.left_out.items())) or "none"
            print(f"figscan: {len(imported.rows)} rows -> {out} (left out: {left})")
        else:
            print(format_summary(summarise_lists(args.folder)))
    except (OSError, ValueError) as exc:
        print(f"figscan: {exc}", file=sys.stderr)
        return 2
    return 0


def _from_csl(records: list[dict[str, Any]], kind: str, weight: float, today: date) -> ImportedList:
    imported = ImportedList([], kind, "", "", "US government work (public domain), International Trade "
                            "Administration, Consolidated Screening List")
    for record in records:
        if (record.get("type") or "").strip().lower() in ("individual", "vessel"):
            imported.left_out["individuals and vessels"] += 1
            continue
        name = " ".join(str(record.get("name") or "").split())
        country = _csl_country(record)
        start = str(record.get("start_date") or "").strip()[:10]
        if not name or not country:
            imported.left_out["without a country"] += 1
            continue
        if not _DAY.fullmatch(start):
            imported.left_out["without a listing date"] += 1
            continue
        source = str(record.get("source") or "Consolidated Screening List").strip()
        code = (re.search(r"\(([^)]+)\)", source) or [None, ""])[1].strip()
        notice = " ".join(str(record.get("federal_register_notice") or "").split())
        imported.rows.append({
            "name": name, "aliases": "|".join(_alt_names(record.get("alt_names"), name)), "country": country,
            "list_name": source.split(" - ")[0], "list_date": start,
            "citation": notice or f"{source} (the export gives no Federal Register notice)",
            "checked": today.isoformat(), "category": CSL_CATEGORIES.get(code, f"csl-{code.lower() or 'other'}"),
            "weight": f"{weight:g}",
            "source": str(record.get("source_information_url") or record.get("source_list_url") or CSL_URL).strip()})
    return imported


def _from_opensanctions(reader: csv.DictReader, weight: float, today: date) -> ImportedList:
    imported = ImportedList([], "OpenSanctions targets.simple.csv", "", "",
                            "CC BY-NC 4.0, OpenSanctions (https://www.opensanctions.org/licensing/)")
    for record in reader:
        if record.get("schema") not in OPENSANCTIONS_ORGANISATIONS:
            imported.left_out[f"{record.get('schema') or 'unknown'} entries"] += 1
            continue
        name = " ".join((record.get("name") or "").split())
        countries = [c.strip().upper() for c in (record.get("countries") or "").split(";") if c.strip()]
        first_seen = (record.get("first_seen") or "").strip()[:10]
        if not name or len(countries) != 1 or len(countries[0]) != 2:
            imported.left_out["without one country"] += 1
            continue
        if not _DAY.fullmatch(first_seen):
            imported.left_out["without a first-seen day"] += 1
            continue
        citation = "; ".join(v for v in ((record.get("sanctions") or "").strip(),
                                         (record.get("program_ids") or "").strip()) if v)
        imported.rows.append({
            "name": name, "aliases": "|".join(_alt_names(record.get("aliases"), name)), "country": countries[0],
            "list_name": (record.get("dataset") or "OpenSanctions").strip(), "list_date": f"by {first_seen}",
            "citation": citation or f"OpenSanctions entity {record.get('id', '')}",
            "checked": today.isoformat(), "category": "opensanctions", "weight": f"{weight:g}",
            "source": f"https://www.opensanctions.org/entities/{record.get('id', '')}/"})
    return imported


def _csl_country(record: dict[str, Any]) -> str:
    """The first address's country code: a list of address dicts (JSON) or "street, city, CN; ..." (CSV)."""
    addresses = record.get("addresses")
    if isinstance(addresses, list):
        codes = [str(a.get("country") or "").strip().upper() for a in addresses if isinstance(a, dict)]
    else:
        codes = [m.group(1) for part in str(addresses or "").split(";") if (m := _COUNTRY_AT_END.search(part.strip()))]
    code = next((c for c in codes if len(c) == 2), "") or str(record.get("country") or "").strip().upper()
    return code if re.fullmatch(r"[A-Z]{2}", code) else ""


def _alt_names(value: Any, name: str) -> list[str]:
    """Alternative names, as a JSON list or a ';'-separated string, without the name itself and
    without characters a watch-list cell cannot hold."""
    names = value if isinstance(value, list) else str(value or "").split(";")
    cleaned = (" ".join(str(n).replace("|", " ").split()) for n in names)
    return list(dict.fromkeys(n for n in cleaned if n and n != name))
