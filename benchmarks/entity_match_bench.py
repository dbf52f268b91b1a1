"""Match 10,000 affiliation strings against every watch list: time, affiliations and matches per second.

The strings are generated here, deterministically (seed 24), never read from a corpus: 40% name a
listed organisation (a listed name, alias or original-script name of the lists in THIS script's
checkout, with a department before it and a city and post code after it; a fifth of those in
capitals or with one letter dropped from a long word), 40% name ordinary institutions (and near
misses of listed names), 20% are noise (emails, numbers, stray words). The names are read from the
CSV files directly, not through figscan, so the same 10,000 strings can be matched by an older
figscan: run the script with PYTHONPATH pointing at that checkout, e.g.

    git worktree add /tmp/old a1ffa18
    PYTHONPATH=/tmp/old python benchmarks/entity_match_bench.py   # the matcher and lists of a1ffa18
    PYTHONPATH=$PWD python benchmarks/entity_match_bench.py       # this checkout

Each string is one paper's only affiliation (one `match_entities` call). The first call, which
compiles the lists, is timed apart. Prints the figscan it loaded, the list rows, the CPU seconds
(and wall seconds), the affiliations and matches per CPU second, and the matches found.
"""
from __future__ import annotations

import argparse
import csv
import random
import time
from pathlib import Path

import figscan
from figscan.analyse.entities import load_watchlists, match_entities
from figscan.model import Affiliation, FrontMatter

LISTS = Path(__file__).resolve().parents[1] / "figscan" / "data" / "entities"
DEPARTMENTS = ["School of Astronautics", "College of Aerospace Science", "Department of Physics",
               "State Key Laboratory of Explosion Science and Technology", "School of Mechanical Engineering",
               "Institute of Fluid Mechanics", "College of Shipbuilding Engineering", "Faculty of Mathematics",
               "Key Laboratory of Advanced Materials", "School of Electronic Engineering"]
PLACES = ["Beijing 100081, China", "Changsha 410073, China", "Harbin 150001, China", "Xi'an 710072, China",
          "Nanjing 210094, China", "Mianyang 621900, China", "Pyongyang, DPR Korea", "Tehran, Iran",
          "Moscow 141701, Russia", "Chengdu 611731, China"]
ORDINARY = ["Stanford University, Stanford, CA 94305, USA", "University of Michigan, Ann Arbor, MI 48109, USA",
            "Technical University of Munich, 85748 Garching, Germany", "University of Edinburgh, Edinburgh, UK",
            "Seoul National University, Seoul 08826, Republic of Korea", "Université de Lille, 59000 Lille, France",
            "Delft University of Technology, 2629 HS Delft, The Netherlands", "Imperial College London, London, UK",
            "Nanjing University, Nanjing 210093, China", "Harbin University of Science and Technology, Harbin 150080",
            "Northwestern Polytechnic University, Fremont, CA 94539, USA", "Beijing University of Technology, Beijing",
            "Sichuan University of Science and Engineering, Zigong 643000, China", "Northwestern University, Evanston",
            "National University of Singapore, Singapore 117575", "Tsinghua University, Beijing 100084, China",
            "Zhejiang University, Hangzhou 310027, China", "Indian Institute of Science, Bangalore 560012, India",
            "University of Tokyo, Tokyo 113-8656, Japan", "Politecnico di Milano, 20156 Milano, Italy",
            "KTH Royal Institute of Technology, Stockholm, Sweden", "University of Cape Town, South Africa",
            "Southwest Jiaotong University, Chengdu 610031, China", "Harbin Normal University, Harbin 150025",
            "Institute of Applied Physics, University of Bern, Switzerland", "Tianjin University of Technology",
            "National Defense University, Washington, DC 20319, USA", "Beijing Institute of Technology and Business",
            "Kim Il Song Institute, Seoul", "Birla Institute of Technology (BIT) Mesra, Ranchi 835215, India"]
NOISE_WORDS = ["corresponding author", "e-mail", "tel", "fax", "received", "equal contribution", "ORCID", "and",
               "present address", "also at", "Department", "Lab", "Room", "Building", "Road", "No."]


def listed_names() -> list[str]:
    """Every name, alias and original-script name of the watch-list files beside this script."""
    names = []
    for path in sorted(LISTS.glob("*.csv")):
        rows = csv.DictReader(line for line in path.read_text("utf-8").splitlines() if not line.startswith("#"))
        for row in rows:
            for column in ("name", "aliases", "original_names"):
                names += [n.strip() for n in (row.get(column) or "").split("|") if n.strip() and "*" not in n]
    return sorted(set(names))


def affiliation_strings(count: int, seed: int = 24) -> list[str]:
    rng = random.Random(seed)
    names = listed_names()
    strings = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.4:
            name = rng.choice(names)
            style = rng.random()
            if style < 0.1:
                name = name.upper()
            elif style < 0.2:
                words = name.split()
                long_words = [i for i, w in enumerate(words) if len(w) > 6]
                if long_words:
                    i = rng.choice(long_words)
                    j = rng.randrange(1, len(words[i]) - 1)
                    words[i] = words[i][:j] + words[i][j + 1:]
                name = " ".join(words)
            strings.append(f"{rng.choice(DEPARTMENTS)}, {name}, {rng.choice(PLACES)}")
        elif kind < 0.8:
            strings.append(f"{rng.choice(DEPARTMENTS)}, {rng.choice(ORDINARY)}")
        else:
            words = [rng.choice(NOISE_WORDS) for _ in range(rng.randint(2, 8))]
            strings.append(" ".join(words) + f" {rng.randint(1, 99999)} x{rng.randint(100, 999)}@mail.example.org")
    return strings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    strings = affiliation_strings(args.count)
    rows = len(load_watchlists())
    started = time.perf_counter()
    match_entities(FrontMatter(affiliations=[Affiliation(strings[0])]), [])  # compiles the lists
    first = time.perf_counter() - started
    matches = matched = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in strings:
        found = match_entities(FrontMatter(affiliations=[Affiliation(text)]), [])
        matches += len(found)
        matched += bool(found)
    wall, seconds = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"figscan: {Path(figscan.__file__).parents[1]}")
    print(f"list rows: {rows}; strings: {len(strings)} (seed 24); first call (compiles the lists): {first:.2f} s")
    print(f"matching: {seconds:.2f} s CPU ({wall:.2f} s wall), {len(strings) / seconds:.0f} affiliations/s, "
          f"{matches / seconds:.0f} matches/s (per CPU second: the machine is shared)")
    print(f"matches: {matches} in {matched} affiliations ({matched / len(strings):.1%})")


if __name__ == "__main__":
    main()
