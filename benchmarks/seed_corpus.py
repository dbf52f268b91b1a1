"""A corpus at the original analysis's scale and proportions, with its truth (issue 25).

The analysis figscan follows went through 657 papers with DPRK co-authors and judged 110 of
them relevant: 94 of the 110 had Chinese co-authors, 67 Chinese-government funding, 88 a
PLA-linked institution; 62% were aerospace and 38% advanced structures; 48% were about
materials, 22% structural reinforcement, 19% machines (figscan/data/seed_table.toml keeps these
numbers with their source). `make_seed_corpus(folder, n=700, seed=25)` writes `n` two-page PDFs
in those proportions (exact counts, largest remainder), `TRUTH.json` (every paper's truth and
the table it implies) and `TRUTH.tsv` beside them. Every paper has a DPRK co-author; relevant
papers are written with the terms of their field and technology, some carry a missile-like
drawing; ordinary papers (mathematics, agronomy, medicine...) carry none of the watched terms.
Same seed, same PDFs and truth.

Usage:
    python benchmarks/seed_corpus.py OUT_DIR [--papers 700] [--seed 25]

People, grants and results are invented; institutions and funders are public names (the
watch-listed ones are on figscan's lists, which is what the table counts).
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Optional

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from drawn_figures import finned_missile  # noqa: E402
from synthetic_papers import Paper, render_pdf  # noqa: E402

# The original analysis (figscan/data/seed_table.toml [original]): per 110 relevant of 657.
ORIGINAL_PAPERS, ORIGINAL_RELEVANT = 657, 110
ORIGINAL_SHARES = {"chinese_coauthor": 94 / 110, "cn_government_funding": 67 / 110, "pla_linked": 88 / 110}
FIELD_SHARES = {"aerospace": 0.62, "advanced_structures": 0.38}
TECHNOLOGY_SHARES = {"high_performance_materials": 0.48, "structural_reinforcement": 0.22, "machine": 0.19,
                     "other": 0.11}
MISSILE_FIGURE_SHARE = 0.3  # of relevant papers; the analysis gives no number, ours is a guess
ORDINARY_CHINESE_SHARE = 0.4  # of ordinary papers; ordinary ones do not enter the table
ORDINARY_PLA_SHARE = 0.3  # of ordinary papers with Chinese co-authors
ORDINARY_FUNDED_SHARE = 0.3  # likewise
CHART_SHARE = 0.15  # papers without a missile drawing that carry a plain line chart

# (institution, unit, city, printed country); units carry none of the watched terms.
DPRK_INSTITUTIONS = [
    ("Kim Il Sung University", "Faculty of Mechanics", "Pyongyang", "DPR Korea"),
    ("Kim Chaek University of Technology", "Faculty of Mechanical Engineering", "Pyongyang",
     "Democratic People's Republic of Korea"),
    ("State Academy of Sciences", "Institute of Mechanics", "Pyongyang", "DPR Korea"),
    ("Pyongyang University of Science and Technology", "School of Engineering", "Pyongyang", "DPR Korea"),
    ("University of Sciences", "Department of Physics", "Pyongyang", "DPR Korea"),
]
PLA_LINKED_INSTITUTIONS = [  # defence universities, Entity List and 1286 entries (figscan/data/entities/)
    ("Harbin Engineering University", "College of Shipbuilding Engineering", "Harbin 150001", "China"),
    ("National University of Defense Technology", "College of Science", "Changsha 410073", "China"),
    ("Beihang University", "School of Astronautics", "Beijing 100191", "China"),
    ("Northwestern Polytechnical University", "School of Mechanics", "Xi'an 710072", "China"),
    ("Harbin Institute of Technology", "School of Astronautics", "Harbin 150001", "China"),
    ("Nanjing University of Science and Technology", "School of Mechanical Engineering", "Nanjing 210094", "China"),
    ("Beijing Institute of Technology", "School of Mechatronical Engineering", "Beijing 100081", "China"),
    ("Nanjing University of Aeronautics and Astronautics", "College of Energy and Power", "Nanjing 210016", "China"),
]
OTHER_CHINESE_INSTITUTIONS = [  # on none of figscan's lists
    ("Yanbian University", "College of Engineering", "Yanji 133002", "China"),
    ("Jilin University", "College of Mechanical Science and Engineering", "Changchun 130025", "China"),
    ("Northeast Normal University", "School of Physics", "Changchun 130024", "China"),
    ("Zhejiang University", "Department of Mechanics", "Hangzhou 310027", "China"),
    ("Liaoning Technical University", "School of Mechanics", "Fuxin 123000", "China"),
    ("Central South University", "School of Civil Engineering", "Changsha 410075", "China"),
]
CN_GOVERNMENT_FUNDERS = ["National Natural Science Foundation of China",
                         "National Key Research and Development Program of China",
                         "Fundamental Research Funds for the Central Universities",
                         "China Postdoctoral Science Foundation", "China Scholarship Council"]

KOREAN_FAMILY = ["Kim", "Ri", "Pak", "Choe", "Jong", "Kang", "Han", "Jo", "Ryu", "Hwang", "Ro", "Yun"]
KOREAN_GIVEN = ["Chol", "Song", "Myong", "Il", "Hyok", "Jin", "Nam", "Yong", "Hak", "Gwang", "Un", "Chun", "Sun",
                "Hui", "Ho", "Su"]
CHINESE_FAMILY = ["Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma",
                  "Zhu", "Hu", "Guo"]
CHINESE_GIVEN = ["Wei", "Jing", "Hao", "Ming", "Lei", "Yan", "Jun", "Tao", "Xin", "Peng", "Qiang", "Fang",
                 "Bo", "Yu", "Chao", "Lin"]
PEOPLE_PER_INSTITUTION = 10

# Words that each put a paper in one category of figscan/data/terms.toml and no other.
FIELD_TERMS = {
    "aerospace": ["hypersonic", "aerodynamic heating", "wind tunnel", "flight vehicle", "thermal protection system",
                  "spacecraft", "flutter", "attitude control"],
    "advanced_structures": ["lattice structure", "honeycomb", "energy absorption", "crashworthiness",
                            "thin-walled structure", "impact resistance", "metamaterial", "lightweight structure"],
}
TECHNOLOGY_TERMS = {
    "high_performance_materials": ["titanium alloy", "laser cladding", "superalloy", "selective laser melting",
                                   "carbon fibre", "high-entropy alloy", "heat treatment"],
    "structural_reinforcement": ["vibration control", "buckling", "cylindrical shell", "composite laminate",
                                 "free vibration", "sandwich panel", "modal analysis"],
    "machine": ["turbine blade", "combustion chamber", "scramjet", "nozzle", "gearbox", "rotor", "turbopump"],
    "other": [],
}
TITLE_SUBJECTS = {
    "aerospace": ["a hypersonic flight vehicle", "a spacecraft panel", "a wind tunnel model",
                  "a thermal protection system"],
    "advanced_structures": ["a honeycomb core", "a lattice structure", "a thin-walled structure",
                            "an energy absorption device"],
}
TITLE_TOPICS = {
    "high_performance_materials": ["Microstructure of titanium alloy parts for", "Laser cladding of superalloy repairs for",
                                   "Heat treatment of high-entropy alloy members in"],
    "structural_reinforcement": ["Free vibration of composite laminate plates in", "Buckling of sandwich panel skins in",
                                 "Vibration control of cylindrical shell parts in"],
    "machine": ["Cooling of turbine blade rows in", "Wear of gearbox and rotor parts in",
                "Injection in the combustion chamber of"],
    "other": ["Measurement uncertainty in tests of", "A numerical study of", "Design procedure for"],
}
ORDINARY_TITLES = [
    "Yield response of maize to nitrogen fertilisation on upland soils",
    "Genetic diversity of rice landraces assessed with microsatellite markers",
    "Existence of positive solutions for a class of nonlinear fractional differential equations",
    "Antioxidant activity of extracts from pine needles",
    "Prevalence of hepatitis B among adults in rural counties",
    "Photocatalytic activity of titanium dioxide nanoparticles under visible light",
    "Sentence segmentation for Korean texts with conditional random fields",
    "Growth of larch seedlings under drought stress",
    "Stability of a predator-prey model with time delay",
    "Soil erosion on sloping farmland under different tillage practices",
    "Fermentation of soybean paste with selected lactic acid bacteria",
    "A parallel algorithm for sparse matrix factorisation on multicore processors",
]
NEUTRAL = ("The method is described in the next section and its assumptions are stated there. Measurements were "
           "repeated three times and the mean values are reported with their standard deviations. The numerical "
           "results agree with the experimental data within the measurement uncertainty, and the remaining "
           "differences are discussed. ")
ORDINARY_BODY = ("Samples were collected over two seasons and analysed with standard procedures. The data were "
                 "checked for normality, and differences between groups were tested at the five percent level. "
                 "The results show a clear trend that is consistent with earlier reports from the region. ")


@dataclass
class SeedPaper:
    """One generated paper's truth: what the run's seed table should find in it."""
    file: str
    title: str
    relevant: bool
    field: str  # "aerospace", "advanced_structures" or "" (ordinary)
    technology: str  # a technology category of terms.toml, "other", or "" (ordinary)
    chinese_coauthor: bool
    cn_government_funding: bool
    pla_linked: bool
    missile_figure: bool
    chart_figure: bool
    authors: list[str] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    funders: list[str] = field(default_factory=list)


def exact_counts(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Split `total` by `shares` in whole numbers that add up (largest remainder)."""
    raw = {key: total * share / sum(shares.values()) for key, share in shares.items()}
    counts = {key: math.floor(value) for key, value in raw.items()}
    for key in sorted(raw, key=lambda k: (counts[k] - raw[k], k))[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def korean_name(rng: random.Random) -> str:
    return f"{rng.choice(KOREAN_GIVEN)}-{rng.choice(KOREAN_GIVEN).lower()} {rng.choice(KOREAN_FAMILY)}"


def chinese_name(rng: random.Random) -> str:
    return f"{rng.choice(CHINESE_GIVEN)}{rng.choice(CHINESE_GIVEN).lower()} {rng.choice(CHINESE_FAMILY)}"


def people(rng: random.Random, institutions: list[tuple[str, str, str, str]], name: Callable[[random.Random], str],
           taken: set[str]) -> dict[str, list[str]]:
    """A fixed staff per institution, so authors recur across papers and the network has clusters."""
    staff: dict[str, list[str]] = {}
    for institution, *_ in institutions:
        staff[institution] = []
        while len(staff[institution]) < PEOPLE_PER_INSTITUTION:
            person = name(rng)
            if person not in taken:
                taken.add(person)
                staff[institution].append(person)
    return staff


def draw_plan(n: int, rng: random.Random) -> list[SeedPaper]:
    """Which paper is relevant, in which field and technology, with which ties: exact counts."""
    n_relevant = round(n * ORIGINAL_RELEVANT / ORIGINAL_PAPERS)
    order = list(range(n))
    rng.shuffle(order)
    relevant = set(order[:n_relevant])
    rel = [i for i in range(n) if i in relevant]
    ordinary = [i for i in range(n) if i not in relevant]

    def pick(pool: list[int], count: int) -> set[int]:
        return set(rng.sample(pool, count))

    chinese = pick(rel, round(n_relevant * ORIGINAL_SHARES["chinese_coauthor"]))
    pla = pick(sorted(chinese), round(n_relevant * ORIGINAL_SHARES["pla_linked"]))
    funded = pick(sorted(chinese), round(n_relevant * ORIGINAL_SHARES["cn_government_funding"]))
    fields = _assign(rel, exact_counts(n_relevant, FIELD_SHARES), rng)
    technologies = _assign(rel, exact_counts(n_relevant, TECHNOLOGY_SHARES), rng)
    missiles = pick(rel, round(n_relevant * MISSILE_FIGURE_SHARE))
    chinese |= pick(ordinary, round(len(ordinary) * ORDINARY_CHINESE_SHARE))
    ordinary_chinese = sorted(chinese - set(rel))
    pla |= pick(ordinary_chinese, round(len(ordinary_chinese) * ORDINARY_PLA_SHARE))
    funded |= pick(ordinary_chinese, round(len(ordinary_chinese) * ORDINARY_FUNDED_SHARE))
    plain = [i for i in range(n) if i not in missiles]
    charts = pick(plain, round(len(plain) * CHART_SHARE))
    return [SeedPaper(file=f"seed_{i:04d}.pdf", title="", relevant=i in relevant, field=fields.get(i, ""),
                      technology=technologies.get(i, ""), chinese_coauthor=i in chinese,
                      cn_government_funding=i in funded, pla_linked=i in pla, missile_figure=i in missiles,
                      chart_figure=i in charts) for i in range(n)]


def _assign(pool: list[int], counts: dict[str, int], rng: random.Random) -> dict[int, str]:
    shuffled = list(pool)
    rng.shuffle(shuffled)
    labels = [label for label, count in counts.items() for _ in range(count)]
    return dict(zip(shuffled, labels))


def relevant_text(rng: random.Random, seed_paper: SeedPaper) -> str:
    """Running text with 3 terms of the paper's field and 3 of its technology, and nothing else watched."""
    field_terms = rng.sample(FIELD_TERMS[seed_paper.field], 3)
    technology_terms = rng.sample(TECHNOLOGY_TERMS[seed_paper.technology], min(3, len(TECHNOLOGY_TERMS[seed_paper.technology])))
    sentences = [f"This study concerns the {term} problem in current engineering practice. " for term in field_terms]
    sentences += [f"The {term} is examined with care in the tests. " for term in technology_terms]
    rng.shuffle(sentences)
    return "".join(sentences) + NEUTRAL


def missile_figure(page: pymupdf.Page, box: pymupdf.Rect) -> str:
    shape = page.new_shape()
    length = box.width * 0.8
    finned_missile(shape, box.x0 + box.width * 0.1, (box.y0 + box.y1) / 2, length, length / 22)
    shape.commit()
    return "Fig. 1. Side view of the test model."


def chart_figure(page: pymupdf.Page, box: pymupdf.Rect) -> str:
    """Axes with numbered ticks and one curve: a figure the shape detector should pass over."""
    shape = page.new_shape()
    x0, y0, x1, y1 = box.x0 + 30, box.y0 + 5, box.x1 - 10, box.y1 - 20
    shape.draw_polyline([pymupdf.Point(x0, y0), pymupdf.Point(x0, y1), pymupdf.Point(x1, y1)])
    shape.finish(width=0.8)
    for k in range(6):
        x = x0 + k * (x1 - x0) / 5
        y = y1 - k * (y1 - y0) / 5
        shape.draw_line(pymupdf.Point(x, y1), pymupdf.Point(x, y1 + 3))
        shape.draw_line(pymupdf.Point(x0 - 3, y), pymupdf.Point(x0, y))
        page.insert_text(pymupdf.Point(x - 4, y1 + 12), str(k * 20), fontsize=7)
        page.insert_text(pymupdf.Point(x0 - 18, y + 2), f"{k * 0.2:.1f}", fontsize=7)
    shape.finish(width=0.6)
    points = [pymupdf.Point(x0 + t * (x1 - x0), y1 - (y1 - y0) * (1 - math.exp(-3 * t)) * 0.9)
              for t in [i / 40 for i in range(41)]]
    shape.draw_polyline(points)
    shape.finish(width=1.2, color=(0.1, 0.3, 0.7))
    shape.commit()
    return "Fig. 1. Measured values against time."


def compose(rng: random.Random, seed_paper: SeedPaper, staff: dict[str, list[str]]) -> Paper:
    """Authors, affiliations, funders and text for one planned paper."""
    dprk = rng.choice(DPRK_INSTITUTIONS)
    institutions = [dprk]
    if seed_paper.chinese_coauthor:
        institutions.append(rng.choice(PLA_LINKED_INSTITUTIONS if seed_paper.pla_linked else OTHER_CHINESE_INSTITUTIONS))
    authors, links = [], []
    for number, institution in enumerate(institutions):
        for person in rng.sample(staff[institution[0]], rng.randint(1, 2)):
            authors.append(person)
            links.append([number])
    funders = (rng.sample(CN_GOVERNMENT_FUNDERS, rng.randint(1, 2)) if seed_paper.cn_government_funding else [])
    if seed_paper.relevant:
        subject = rng.choice(TITLE_SUBJECTS[seed_paper.field])
        title = f"{rng.choice(TITLE_TOPICS[seed_paper.technology])} {subject}"
        body = relevant_text(rng, seed_paper)
    else:
        title = rng.choice(ORDINARY_TITLES)
        body = ORDINARY_BODY + NEUTRAL
    seed_paper.title, seed_paper.authors, seed_paper.funders = title, authors, funders
    seed_paper.institutions = [name for name, *_ in institutions]
    seed_paper.countries = sorted({"KP"} | ({"CN"} if seed_paper.chinese_coauthor else set()))
    figure: Optional[Callable[[pymupdf.Page, pymupdf.Rect], str]] = (
        missile_figure if seed_paper.missile_figure else chart_figure if seed_paper.chart_figure else None)
    return Paper(file=seed_paper.file, title=title, authors=authors,
                 affiliations=[(f"{unit}, {name}, {city}, {country}", "KP" if name == dprk[0] else "CN")
                               for name, unit, city, country in institutions],
                 author_affiliations=links, funders=funders,
                 grants=[str(rng.randint(10000000, 99999999)) for _ in funders],
                 style=rng.choice(["letters", "numbers"]), columns=rng.choice([1, 2]), scanned=False,
                 emails=[f"{authors[0].split()[-1].lower()}@example.edu"], body=body, figure=figure)


def make_seed_corpus(folder: Path, n: int = 700, seed: int = 25) -> list[SeedPaper]:
    """Write `n` PDFs, TRUTH.json and TRUTH.tsv into `folder`; the papers' truth."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    staff = people(rng, DPRK_INSTITUTIONS, korean_name, taken)
    staff |= people(rng, PLA_LINKED_INSTITUTIONS + OTHER_CHINESE_INSTITUTIONS, chinese_name, taken)
    plan = draw_plan(n, rng)
    for seed_paper in plan:
        paper = compose(rng, seed_paper, staff)
        render_pdf(paper, rng, folder / paper.file)
        _fix_dates(folder / paper.file)
    truth = {"seed": seed, "papers": n, "table": truth_table(plan), "rows": [asdict(p) for p in plan]}
    (folder / "TRUTH.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    with open(folder / "TRUTH.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        columns = ["file", "relevant", "field", "technology", "chinese_coauthor", "cn_government_funding",
                   "pla_linked", "missile_figure", "chart_figure", "title"]
        writer.writerow(columns)
        for p in plan:
            writer.writerow([int(v) if isinstance(v, bool) else v for v in (getattr(p, c) for c in columns)])
    return plan


def _fix_dates(path: Path) -> None:
    """Fixed metadata dates and no random /ID, so a rerun writes the same bytes."""
    doc = pymupdf.open(path)
    doc.set_metadata({"creationDate": "D:20240315093000+00'00'", "modDate": "D:20240315093000+00'00'",
                      "producer": "figscan benchmarks/seed_corpus.py"})
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    path.write_bytes(data)


def truth_table(plan: list[SeedPaper]) -> dict[str, dict]:
    """The seed table the generator intended: each row's count and percent of the relevant papers."""
    relevant = [p for p in plan if p.relevant]
    rows = {"relevant": sum(p.relevant for p in plan)}
    rows |= {key: sum(getattr(p, key) for p in relevant)
             for key in ("chinese_coauthor", "cn_government_funding", "pla_linked")}
    rows |= {key: sum(p.field == key for p in relevant) for key in FIELD_SHARES}
    rows |= {key: sum(p.technology == key for p in relevant) for key in TECHNOLOGY_SHARES}
    return {key: {"count": count, "percent": round(100 * count / (len(plan) if key == "relevant" else len(relevant)), 1)}
            for key, count in rows.items()}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--papers", type=int, default=700)
    parser.add_argument("--seed", type=int, default=25)
    args = parser.parse_args(argv)
    plan = make_seed_corpus(args.out, args.papers, args.seed)
    print(json.dumps(truth_table(plan), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
