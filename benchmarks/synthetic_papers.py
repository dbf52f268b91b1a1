"""Generated paper first pages with known truth, for the front-matter benchmark.

`make_corpus(folder, n, rng)` writes `n` two-page PDFs and `TRUTH.tsv` in the format of
../shared/corpus2/AFFIL.tsv (file, title, authors, affiliations, countries, funders, grant_ids;
lists joined by ";"). Papers mix DPRK, Chinese defence-linked and ordinary affiliations, Chinese
and other funders (or none; some with their acronym, some in a page-1 footnote), affiliations
with and without a country, four header styles (Elsevier letters, numbered, IEEE footnotes,
plain address blocks), one- and two-column bodies, and text layers or 300-dpi scans without one.

Nothing here is read from ../shared; the institutions and funders are public names, the people
invented.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import pymupdf

# (institution, sub-unit, city and post code, country as printed variants, ISO code)
INSTITUTIONS = {
    "dprk": [
        ("Kim Il Sung University", "Faculty of Physics", "Pyongyang",
         ["DPR Korea", "Democratic People's Republic of Korea", "D.P.R. Korea", "DPRK"], "KP"),
        ("Kim Chaek University of Technology", "Faculty of Mechanical Engineering", "Pyongyang",
         ["DPR Korea", "Democratic People's Republic of Korea"], "KP"),
        ("State Academy of Sciences", "Institute of Mechanics", "Pyongyang",
         ["DPR Korea", "Democratic People's Republic of Korea"], "KP"),
        ("Pyongyang University of Science and Technology", "School of Engineering", "Pyongyang",
         ["DPR Korea", "North Korea"], "KP"),
    ],
    "cn_defence": [
        ("Harbin Engineering University", "College of Shipbuilding Engineering", "Harbin 150001",
         ["China", "P.R. China", "People's Republic of China"], "CN"),
        ("National University of Defense Technology", "College of Aerospace Science and Engineering",
         "Changsha 410073", ["China", "P.R. China"], "CN"),
        ("Beihang University", "School of Astronautics", "Beijing 100191", ["China", "PR China"], "CN"),
        ("Northwestern Polytechnical University", "School of Aeronautics", "Xi'an 710072",
         ["China", "People's Republic of China"], "CN"),
        ("Harbin Institute of Technology", "School of Astronautics", "Harbin 150001", ["China"], "CN"),
        ("Nanjing University of Science and Technology", "School of Mechanical Engineering",
         "Nanjing 210094", ["China", "P.R. China"], "CN"),
        ("Beijing Institute of Technology", "State Key Laboratory of Explosion Science and Technology",
         "Beijing 100081", ["China"], "CN"),
    ],
    "ordinary": [
        ("Tsinghua University", "Department of Engineering Mechanics", "Beijing 100084", ["China"], "CN"),
        ("Zhejiang University", "School of Aeronautics and Astronautics", "Hangzhou 310027",
         ["China", "P.R. China"], "CN"),
        ("Technical University of Munich", "Chair of Structural Mechanics", "80333 Munich", ["Germany"], "DE"),
        ("The University of Tokyo", "Department of Aeronautics and Astronautics", "Tokyo 113-8656",
         ["Japan"], "JP"),
        ("Korea Advanced Institute of Science and Technology", "Department of Aerospace Engineering",
         "Daejeon 34141", ["Republic of Korea", "South Korea", "Korea"], "KR"),
        ("Politecnico di Milano", "Department of Aerospace Science and Technology", "20156 Milan",
         ["Italy"], "IT"),
        ("University of Manchester", "School of Engineering", "Manchester M13 9PL", ["United Kingdom", "UK"],
         "GB"),
        ("Purdue University", "School of Aeronautics and Astronautics", "West Lafayette, IN 47907",
         ["USA", "United States"], "US"),
        ("Indian Institute of Science", "Department of Aerospace Engineering", "Bangalore 560012",
         ["India"], "IN"),
        ("University of Tehran", "School of Mechanical Engineering", "Tehran", ["Iran"], "IR"),
        ("Moscow Institute of Physics and Technology", "Department of Aeromechanics", "Dolgoprudny 141701",
         ["Russia", "Russian Federation"], "RU"),
        ("Delft University of Technology", "Faculty of Aerospace Engineering", "2629 HS Delft",
         ["The Netherlands", "Netherlands"], "NL"),
    ],
}

FUNDERS = {
    "cn": ["National Natural Science Foundation of China", "National Key Research and Development Program of China",
           "Fundamental Research Funds for the Central Universities", "China Postdoctoral Science Foundation",
           "Natural Science Foundation of Heilongjiang Province", "China Scholarship Council"],
    "other": ["National Science Foundation", "Deutsche Forschungsgemeinschaft", "Japan Society for the Promotion "
              "of Science", "National Research Foundation of Korea", "Engineering and Physical Sciences Research "
              "Council", "Office of Naval Research", "European Research Council", "Russian Science Foundation"],
}
ACKNOWLEDGEMENTS = [
    "This work was supported by the {0} (Grant No. {g0}){rest}.",
    "The authors gratefully acknowledge the financial support of the {0} under Grant {g0}{rest}.",
    "This research was funded by the {0} (No. {g0}){rest}.",
    "The work was financially supported by the {0} ({g0}){rest}.",
]
GIVEN = ["Wei", "Chol", "Jin", "Hao", "Ming", "Song", "Yong", "Anna", "Marco", "Kenji", "Priya", "Ivan", "Lukas",
         "Sara", "Tae", "Hui", "Jun", "Lei"]
FAMILY = ["Li", "Kim", "Zhang", "Pak", "Wang", "Ri", "Chen", "Rossi", "Tanaka", "Sharma", "Petrov", "Becker",
          "Jones", "Park", "Liu", "Zhao", "Sun", "Choe"]
TOPICS = ["Free vibration of functionally graded conical shells with elastic boundary constraints",
          "Penetration of long-rod projectiles into layered ceramic targets",
          "Aerodynamic heating of a hypersonic waverider at high Mach number",
          "Laser cladding of titanium alloy for turbine blade repair",
          "Dynamic response of stiffened cylindrical shells to underwater explosion",
          "Ablation of carbon/carbon nozzle throats in solid rocket motors",
          "Buckling of composite laminated plates under thermal loads",
          "Topology optimization of lattice structures for energy absorption"]
BODY = ("The governing equations are derived from first-order shear deformation theory and solved with a "
        "Rayleigh-Ritz method. Natural frequencies converge quickly with the number of terms, and the results "
        "agree with finite element predictions within two percent. Parametric studies show the effects of the "
        "material gradient index, the semi-vertex angle and the boundary springs on the response. ")


@dataclass
class Paper:
    file: str
    title: str
    authors: list[str]
    affiliations: list[tuple[str, str]]  # (text as printed, ISO code)
    author_affiliations: list[list[int]]
    funders: list[str]
    grants: list[str]
    style: str
    columns: int
    scanned: bool
    acknowledgement: str = ""
    emails: list[str] = field(default_factory=list)
    body: str = BODY  # running text, repeated to fill the pages (benchmarks/seed_corpus.py writes its own)
    figure: Optional[Callable[[pymupdf.Page, pymupdf.Rect], str]] = None  # draws a page-2 figure, returns its caption


def draw_paper(rng: random.Random, index: int) -> Paper:
    kinds = rng.choice([["dprk"], ["dprk", "cn_defence"], ["cn_defence"], ["cn_defence", "ordinary"],
                        ["ordinary"], ["ordinary", "ordinary"], ["dprk", "ordinary"]])
    picked = []
    for kind in kinds:
        options = [i for i in INSTITUTIONS[kind] if i not in picked]
        picked.append(rng.choice(options))
    affiliations = []
    for name, unit, city, countries, code in picked:
        country = rng.choice(countries)
        if rng.random() < 0.15:  # some journals print no country after a well-known city
            affiliations.append((f"{unit}, {name}, {city}", code))
        else:
            affiliations.append((f"{unit}, {name}, {city}, {country}", code))
    n_authors = rng.randint(max(2, len(affiliations)), 5)
    authors = []
    while len(authors) < n_authors:
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        if name not in authors:
            authors.append(name)
    links = [[i % len(affiliations)] for i in range(n_authors)]
    funder_pool = rng.choice([[], FUNDERS["cn"], FUNDERS["other"], FUNDERS["cn"] + FUNDERS["other"]])
    if any(code == "KP" for _, code in affiliations) and funder_pool is FUNDERS["other"]:
        funder_pool = []
    funders = rng.sample(funder_pool, k=min(len(funder_pool), rng.randint(1, 3))) if funder_pool else []
    grants = [_grant(rng, f) for f in funders]
    style = rng.choice(["letters", "numbers", "ieee", "plain"])
    return Paper(file=f"synthetic_{index:03d}.pdf", title=rng.choice(TOPICS), authors=authors,
                 affiliations=affiliations, author_affiliations=links, funders=funders, grants=grants,
                 style=style, columns=rng.choice([1, 2]), scanned=rng.random() < 0.4,
                 emails=[f"{authors[0].split()[-1].lower()}.{authors[0].split()[0].lower()}@example.edu"])


def _grant(rng: random.Random, funder: str) -> str:
    if "Key Research" in funder:
        return f"2020YFA{rng.randint(1000000, 9999999)}"
    if "Central Universities" in funder:
        return f"3072020CF{rng.randint(1000, 9999)}"
    return str(rng.randint(10000000, 99999999))


ACRONYMS = {"National Natural Science Foundation of China": "NSFC", "National Science Foundation": "NSF",
            "Deutsche Forschungsgemeinschaft": "DFG", "Japan Society for the Promotion of Science": "JSPS",
            "Engineering and Physical Sciences Research Council": "EPSRC", "Office of Naval Research": "ONR",
            "European Research Council": "ERC", "National Research Foundation of Korea": "NRF"}


def acknowledgement_text(rng: random.Random, paper: Paper) -> str:
    if not paper.funders:
        return "The authors thank the anonymous reviewers for their comments."

    def named(funder: str, grant: str) -> str:  # "the X (ACR, Grant No. n)" or "the X (n)"
        acronym = ACRONYMS.get(funder)
        return f"{funder} ({acronym}, Grant No. {grant})" if acronym and rng.random() < 0.4 else f"{funder} ({grant})"

    rest = "".join(f", the {named(f, g)}" for f, g in zip(paper.funders[1:-1], paper.grants[1:-1]))
    if len(paper.funders) > 1:
        rest += f" and the {named(paper.funders[-1], paper.grants[-1])}"
    return rng.choice(ACKNOWLEDGEMENTS).format(paper.funders[0], g0=paper.grants[0], rest=rest)


def render_pdf(paper: Paper, rng: random.Random, path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    margin, width = 56, 595 - 112
    y = 70.0
    y = _textbox(page, pymupdf.Rect(margin, y, margin + width, y + 60), paper.title, 16, "hebo", align=1)
    marks = ("abcdefgh" if paper.style == "letters" else "12345678")
    y += 10
    if paper.style in ("letters", "numbers"):
        x = margin + 40
        for i, author in enumerate(paper.authors):
            sup = ",".join(marks[j] for j in paper.author_affiliations[i]) + ("*" if i == 0 else "")
            page.insert_text((x, y + 11), author, fontsize=11, fontname="helv")
            x += pymupdf.get_text_length(author, "helv", 11) + 1
            page.insert_text((x, y + 6), sup, fontsize=7, fontname="helv")
            x += pymupdf.get_text_length(sup, "helv", 7) + 4
            if i < len(paper.authors) - 1:
                page.insert_text((x - 3, y + 11), ",", fontsize=11, fontname="helv")
                x += 4
        y += 24
        for j, (text, _) in enumerate(paper.affiliations):
            page.insert_text((margin + 40, y + 5), marks[j], fontsize=6, fontname="heit")
            y = _textbox(page, pymupdf.Rect(margin + 46, y, margin + width - 30, y + 40), text, 8.5, "heit") + 3
        y += 4
        page.insert_text((margin + 40, y + 8), f"* Corresponding author. E-mail address: {paper.emails[0]}",
                         fontsize=7.5, fontname="helv")
        y += 18
        if paper.funders and rng.random() < 0.3:  # "Project supported by ..." as a page-1 footnote
            text = acknowledgement_text(rng, paper)
            head, by, tail = text.partition(" by the ")
            paper.acknowledgement = f"Project supported by the {tail}" if by else text
            _textbox(page, pymupdf.Rect(margin, 842 - 70, margin + width, 842 - 30), paper.acknowledgement, 7.5, "helv")
    elif paper.style == "ieee":
        y = _textbox(page, pymupdf.Rect(margin, y, margin + width, y + 30), ", ".join(paper.authors), 11, "helv",
                     align=1) + 10
    else:  # plain: each author, then the address lines below
        for i, author in enumerate(paper.authors):
            y = _textbox(page, pymupdf.Rect(margin, y, margin + width, y + 20), author, 11, "hebo", align=1)
            text = paper.affiliations[paper.author_affiliations[i][0]][0]
            y = _textbox(page, pymupdf.Rect(margin + 40, y, margin + width - 40, y + 40), text, 9, "heit",
                         align=1) + 6
            if y > 420:
                break
    y = _textbox(page, pymupdf.Rect(margin, y + 6, margin + width, y + 130),
                 "Abstract. " + paper.body + paper.body[:200], 9, "helv") + 12
    footnote_top = 842 - 60.0
    if paper.acknowledgement:  # already printed as a page-1 footnote
        ack = ""
        footnote_top = 842 - 80.0
    else:
        ack = acknowledgement_text(rng, paper)
        paper.acknowledgement = ack
    if paper.style == "ieee":
        notes = [f"Manuscript received March 3, 2023. {ack if paper.funders and rng.random() < 0.5 else ''}"]
        for j, (text, _) in enumerate(paper.affiliations):
            who = [paper.authors[i] for i in range(len(paper.authors)) if j in paper.author_affiliations[i]]
            initials = [f"{a.split()[0][0]}. {a.split()[-1]}" for a in who]
            verb = "is" if len(initials) == 1 else "are"
            notes.append(f"{' and '.join(initials)} {verb} with the {text} (e-mail: {paper.emails[0]}).")
        note_text = "\n".join(n for n in notes if n.strip())
        footnote_top = 842 - 50 - 11 * (2 + sum(len(n) // 45 for n in notes))
        if not notes[0].endswith("2023. "):
            ack = ""  # the acknowledgement went into the footnote
        page.draw_line((margin, footnote_top - 4), (margin + 120, footnote_top - 4), width=0.4)
        _textbox(page, pymupdf.Rect(margin, footnote_top, margin + (width / 2 - 8 if paper.columns == 2 else width),
                                    842 - 40), note_text, 7.5, "helv")
    _body(page, paper.columns, y, footnote_top - 10, margin, width, paper.body * 6)
    page2 = doc.new_page(width=595, height=842)
    figure_top = 842 - 250.0
    end = _body(page2, paper.columns, 60, figure_top - 170 if paper.figure else 842 - 220, margin, width,
                paper.body * 5)
    if paper.figure:
        box = pymupdf.Rect(margin + 60, figure_top, margin + width - 60, figure_top + 150)
        caption = paper.figure(page2, box)
        _textbox(page2, pymupdf.Rect(margin, box.y1 + 8, margin + width, box.y1 + 40), caption, 8.5, "helv", align=1)
    if ack:
        heading = rng.choice(["Acknowledgements", "Acknowledgments", "Funding"])
        col_x0 = margin if paper.columns == 1 else margin + width / 2 + 8
        col_w = width if paper.columns == 1 else width / 2 - 8
        top = end + 14
        page2.insert_text((col_x0, top), heading, fontsize=10, fontname="hebo")
        _textbox(page2, pymupdf.Rect(col_x0, top + 6, col_x0 + col_w, top + 150), ack, 9, "helv")
    if paper.scanned:
        doc = _scan(doc, rng)
    doc.save(path, garbage=3, deflate=True, no_new_id=True)


def _textbox(page: pymupdf.Page, rect: pymupdf.Rect, text: str, size: float, font: str, align: int = 0) -> float:
    """Insert text; the y just below what was written."""
    height = rect.height
    while True:
        spare = page.insert_textbox(rect, text, fontsize=size, fontname=font, align=align)
        if spare >= 0:
            return rect.y1 - spare
        height += 40
        rect = pymupdf.Rect(rect.x0, rect.y0, rect.x1, rect.y0 + height)


def _body(page: pymupdf.Page, columns: int, top: float, bottom: float, margin: float, width: float,
          text: str) -> float:
    if columns == 1:
        rect = pymupdf.Rect(margin, top, margin + width, bottom)
        spare = page.insert_textbox(rect, text[: int(len(text) * 0.9)], fontsize=9.5, fontname="tiro")
        while spare < 0 and len(text) > 100:
            text = text[: int(len(text) * 0.8)]
            spare = page.insert_textbox(rect, text, fontsize=9.5, fontname="tiro")
        return bottom - max(spare, 0)
    half = width / 2 - 8
    ends = []
    for x0 in (margin, margin + half + 16):
        rect = pymupdf.Rect(x0, top, x0 + half, bottom)
        chunk = text[: len(text) // 2]
        spare = page.insert_textbox(rect, chunk, fontsize=9.5, fontname="tiro")
        while spare < 0 and len(chunk) > 100:
            chunk = chunk[: int(len(chunk) * 0.8)]
            spare = page.insert_textbox(rect, chunk, fontsize=9.5, fontname="tiro")
        ends.append(bottom - max(spare, 0))
    return ends[-1]


def _scan(doc: pymupdf.Document, rng: random.Random, dpi: int = 300) -> pymupdf.Document:
    """Each page as a greyscale 300-dpi image with a little noise: no text layer left."""
    scanned = pymupdf.open()
    for page in doc:
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        pixels = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).astype(np.int16)
        noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 6, pixels.shape)
        pixels = np.clip(pixels + noise, 0, 255).astype(np.uint8)
        image = pymupdf.Pixmap(pymupdf.csGRAY, pix.width, pix.height, pixels.tobytes(), False)
        new = scanned.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, pixmap=image)
    return scanned


def make_corpus(folder: Path, n: int = 40, seed: int = 8) -> list[Paper]:
    """Write `n` PDFs and TRUTH.tsv into `folder`; the papers with their truth."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    papers = []
    for index in range(n):
        paper = draw_paper(rng, index)
        render_pdf(paper, rng, folder / paper.file)
        papers.append(paper)
    with open(folder / "TRUTH.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["file", "title", "authors", "affiliations", "countries", "funders", "grant_ids",
                         "style", "columns", "scanned"])
        for p in papers:
            funders = p.funders if p.acknowledgement and p.funders else []
            writer.writerow([p.file, p.title, ";".join(p.authors), ";".join(a for a, _ in p.affiliations),
                             ";".join(sorted({c for _, c in p.affiliations})), ";".join(funders),
                             ";".join(p.grants if funders else []), p.style, p.columns, int(p.scanned)])
    return papers
