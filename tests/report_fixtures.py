"""Realistic and hostile `PaperResult`s with real figure PNGs, for the report tests.

The papers mirror what reviewers meet: North Korean co-authors with Chinese defence-linked
universities, government funders, aerospace and materials terms, missile-like figures with
detector overlays, and files that could not be read.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import cv2
import numpy as np

from figscan.model import (
    Affiliation,
    Author,
    Cue,
    EntityMatch,
    Figure,
    Funding,
    PaperResult,
    PaperScore,
    RunSummary,
    ScoreReason,
    ShapeFinding,
    TermHit,
)

HOSTILE_SCRIPT = "<script>window.__xss.push('script')</script>"
HOSTILE_IMG = "<img src=x onerror=\"window.__xss.push('img')\">"
HOSTILE_PATH = "evil/\"><img src=x onerror=alert(1)>.pdf"

ENTITY_LIST = "https://www.federalregister.gov/documents/entity-list"
DEFENCE_TRACKER = "https://unitracker.aspi.org.au/"


def missile_pixels(width: int = 320, height: int = 160, angle: float = 0.0) -> np.ndarray:
    """A schematic missile: long body, nose cone, tail fins, on white (RGB)."""
    image = np.full((height, width, 3), 255, np.uint8)
    cy = height // 2
    body = np.array([[40, cy - 12], [230, cy - 12], [290, cy], [230, cy + 12], [40, cy + 12]], np.int32)
    fins = [np.array([[40, cy - 12], [70, cy - 12], [40, cy - 42]], np.int32),
            np.array([[40, cy + 12], [70, cy + 12], [40, cy + 42]], np.int32)]
    cv2.fillPoly(image, [body, *fins], (90, 90, 100))
    if angle:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        image = cv2.warpAffine(image, matrix, (width, height), borderValue=(255, 255, 255))
    return image


def chart_pixels(width: int = 320, height: int = 200, seed: int = 0) -> np.ndarray:
    """A line chart with axes, the kind of figure the detector rules out."""
    rng = np.random.default_rng(seed)
    image = np.full((height, width, 3), 255, np.uint8)
    cv2.line(image, (30, height - 25), (width - 10, height - 25), (0, 0, 0), 1)
    cv2.line(image, (30, 10), (30, height - 25), (0, 0, 0), 1)
    points = np.cumsum(rng.normal(0, 6, 20)) + height / 2
    xs = np.linspace(35, width - 15, 20)
    curve = np.stack([xs, np.clip(points, 15, height - 30)], axis=1).astype(np.int32)
    cv2.polylines(image, [curve], False, (30, 80, 200), 2)
    return image


def overlay_pixels(pixels: np.ndarray) -> np.ndarray:
    """What the shape stage draws: the detected box and the nose-to-tail axis in red."""
    image = pixels.copy()
    height, width = image.shape[:2]
    cv2.rectangle(image, (36, height // 2 - 46), (294, height // 2 + 46), (220, 30, 30), 2)
    cv2.arrowedLine(image, (40, height // 2), (292, height // 2), (220, 30, 30), 2, tipLength=0.06)
    return image


def write_png(out_dir: Path, name: str, pixels: np.ndarray) -> str:
    path = Path(out_dir) / "figures" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR))
    return name


def missile_figure(out_dir: Path, stem: str, page: int, number: int, caption: str, score: float = 0.86,
                   angle: float = 0.0) -> Figure:
    pixels = missile_pixels(angle=angle)
    figure_id = f"p{page}-f{number}"
    image = write_png(out_dir, f"{stem}-{figure_id}.png", pixels)
    overlay = write_png(out_dir, f"{stem}-{figure_id}-overlay.png", overlay_pixels(pixels))
    cues = [Cue("elongation", 6.2, True, "length / width > 3"),
            Cue("nose taper", 0.71, True, "tapered end"),
            Cue("fin symmetry", 0.64, True, "paired fins at the tail"),
            Cue("axis straightness", 0.97, False, "needs > 0.98")]
    return Figure(figure_id, page, (72.0, 140.0, 520.0, 360.0), "raster", caption, image, 320, 160,
                  ShapeFinding(score, True, (80.0, 150.0, 510.0, 350.0), ((500.0, 250.0), (90.0, 250.0)),
                               cues, None, overlay))


def chart_figure(out_dir: Path, stem: str, page: int, number: int, caption: str, seed: int = 0) -> Figure:
    figure_id = f"p{page}-f{number}"
    image = write_png(out_dir, f"{stem}-{figure_id}.png", chart_pixels(seed=seed))
    return Figure(figure_id, page, (72.0, 400.0, 300.0, 560.0), "vector", caption, image, 320, 200,
                  ShapeFinding(0.05, False, rejected="chart: axes and tick labels"))


def letterhead_figures(pages: range) -> list[Figure]:
    """The journal logo in the header of each page, as extraction records a decoration: once per
    page, no caption, never analysed (no shape finding)."""
    return [Figure(f"p{page}-f9", page, (40.0, 20.0, 120.0, 50.0), "raster", image="logo.png",
                   width_px=160, height_px=60, role="decoration") for page in pages]


def harbin_kp_paper(out_dir: Path) -> PaperResult:
    stem = "a1b2c3d4e5f60718"
    return PaperResult(
        path="2019/hypersonic-vehicle-thermal-protection.pdf", status="ok",
        sha256=stem + "9" * 48, size=2_480_112, page_count=12, pages_read=12,
        title="Ablation behaviour of a carbon/carbon thermal protection system for hypersonic glide vehicles",
        metadata={"title": "Ablation behaviour of C/C TPS", "producer": "Elsevier", "creationDate": "2019-05-02"},
        authors=[Author("Kim Chol Jin", [0]), Author("Ri Song Il", [0]), Author("Wang Lei", [1]),
                 Author("Zhang Wei", [1, 2])],
        affiliations=[Affiliation("Faculty of Mechanics, Kim Il Sung University, Pyongyang", "KP", page=1),
                      Affiliation("College of Aerospace and Civil Engineering, Harbin Engineering University, Harbin 150001, China", "CN"),
                      Affiliation("Key Laboratory of Advanced Ship Materials, Harbin, China", "CN")],
        funding=[Funding("This work was supported by the National Natural Science Foundation of China (Grant No. 11672089).",
                         ["National Natural Science Foundation of China"], ["11672089"], 11)],
        figures=[missile_figure(out_dir, stem, 3, 1, "Fig. 1. Schematic of the glide vehicle and thermal protection layout."),
                 missile_figure(out_dir, stem, 5, 2, "Fig. 4. Re-entry body geometry used in the simulation.", 0.74, 8),
                 chart_figure(out_dir, stem, 7, 1, "Fig. 6. Surface temperature versus time.", 1),
                 chart_figure(out_dir, stem, 8, 1, "Fig. 7. Mass ablation rate.", 2)],
        terms=[TermHit("aerospace", "hypersonic", 1, "thermal protection for hypersonic glide vehicles during re-entry"),
               TermHit("aerospace", "re-entry", 2, "the re-entry heating of the nose cone exceeds 2000 K"),
               TermHit("aerospace", "hypersonic", 4, "a hypersonic flow at Mach 8 was simulated"),
               TermHit("high_performance_materials", "carbon/carbon", 2, "carbon/carbon composites with SiC coating"),
               TermHit("high_performance_materials", "ablation", 6, "the ablation rate of the C/C composite")],
        entities=[EntityMatch("Harbin Engineering University", "Harbin Engineering University", "US Entity List",
                              ENTITY_LIST, "entity-list", "affiliation", 1, 5.0, affiliations=[1]),
                  EntityMatch("Harbin Engineering University", "Harbin Engineering University",
                              "ASPI China Defence Universities Tracker", DEFENCE_TRACKER, "defence-university", "affiliation", 1, 3.0,
                              affiliations=[1]),
                  EntityMatch("Kim Il Sung University", "Kim Il Sung University", "UN 1718 sanctions (DPRK)",
                              "UN Security Council resolution 2321 (2016)", "sanctioned-country", "affiliation", 1, 4.0,
                              affiliations=[0]),
                  EntityMatch("National Natural Science Foundation of China", "National Natural Science Foundation of China",
                              "Chinese government funders", "figscan data/entities/funders.yaml", "government-funder", "funding", 11, 1.0)],
        score=PaperScore(13.5, "high", [
            ScoreReason(5.0, "affiliation on US Entity List", "Harbin Engineering University (p. 1)"),
            ScoreReason(4.0, "North Korean co-author after 2016 sanctions", "Kim Il Sung University (p. 1)"),
            ScoreReason(3.0, "2 flagged figures", "p3-f1, p5-f2"),
            ScoreReason(1.5, "aerospace and high-performance materials terms", "5 hits on pages 1-6")]),
        seconds=4.2, figscan_version="0.1.0", config_hash="cfg1")


def kp_structures_paper(out_dir: Path) -> PaperResult:
    stem = "b2c3d4e5f6071829"
    return PaperResult(
        path="2021/fibre-reinforced-shell-buckling.pdf", status="ok", sha256=stem + "8" * 48, size=1_200_000,
        page_count=9, pages_read=9,
        title="Buckling of fibre-reinforced composite cylindrical shells under axial compression",
        authors=[Author("Pak Myong Chol", [0]), Author("Li Na", [1]), Author("Wang Lei", [1])],
        affiliations=[Affiliation("Kim Chaek University of Technology, Pyongyang", "KP"),
                      Affiliation("Harbin Engineering University, Harbin, China", "CN")],
        funding=[Funding("Supported by the Fundamental Research Funds for the Central Universities (HEUCF2021).",
                         ["Fundamental Research Funds for the Central Universities"], ["HEUCF2021"], 9)],
        figures=[chart_figure(out_dir, stem, 4, 1, "Fig. 2. Load–displacement curves.", 3)],
        terms=[TermHit("advanced structures", "composite shell", 1, "buckling of a composite shell under axial load"),
               TermHit("structural reinforcement", "fibre-reinforced", 2, "fibre-reinforced laminates with [0/90] lay-up")],
        entities=[EntityMatch("Harbin Engineering University", "Harbin Engineering University", "US Entity List",
                              ENTITY_LIST, "entity-list", "affiliation", 1, 5.0, affiliations=[1]),
                  EntityMatch("Kim Chaek University of Technology", "Kim Chaek University of Technology",
                              "UN 1718 sanctions (DPRK)", "UN Security Council resolution 2321 (2016)",
                              "sanctioned-country", "affiliation", 1, 4.0, affiliations=[0])],
        score=PaperScore(9.0, "medium", [ScoreReason(5.0, "affiliation on US Entity List", "Harbin Engineering University"),
                                         ScoreReason(4.0, "North Korean co-author after 2016 sanctions", "Kim Chaek University of Technology")]),
        seconds=2.1, figscan_version="0.1.0", config_hash="cfg1")


def materials_paper(out_dir: Path) -> PaperResult:
    stem = "c3d4e5f607182930"
    return PaperResult(
        path="2020/high-entropy-alloy-machining.pdf", status="ok", sha256=stem + "7" * 48, size=900_000,
        page_count=8, pages_read=8, title="Machinability of a refractory high-entropy alloy",
        authors=[Author("Chen Hao", [0]), Author("Liu Yang", [0])],
        affiliations=[Affiliation("School of Materials Science, Northwestern Polytechnical University, Xi'an, China", "CN")],
        funding=[Funding("Funded by the National Natural Science Foundation of China (52071001).",
                         ["National Natural Science Foundation of China"], ["52071001"], 8)],
        figures=[chart_figure(out_dir, stem, 3, 1, "Fig. 3. Cutting force.", 4),
                 chart_figure(out_dir, stem, 5, 1, "Fig. 5. Tool wear.", 5)],
        terms=[TermHit("high_performance_materials", "high-entropy alloy", 1, "a refractory high-entropy alloy for turbine use"),
               TermHit("machine", "machining", 3, "precision machining of hard alloys")],
        entities=[EntityMatch("National Natural Science Foundation of China", "National Natural Science Foundation of China",
                              "Chinese government funders", "figscan data/entities/funders.yaml", "government-funder", "funding", 8, 1.0)],
        score=PaperScore(2.5, "low", [ScoreReason(1.0, "Chinese government funder", "NSFC (52071001)"),
                                      ScoreReason(1.5, "high-performance materials terms", "2 hits")]),
        seconds=1.8, figscan_version="0.1.0", config_hash="cfg1")


def unrelated_paper(out_dir: Path) -> PaperResult:
    stem = "d4e5f60718293041"
    return PaperResult(
        path="misc/zebrafish-behaviour.pdf", status="ok", sha256=stem + "6" * 48, size=400_000,
        page_count=6, pages_read=6, title="Zebrafish shoaling under changing light",
        authors=[Author("Anna Berg", [0])], affiliations=[Affiliation("Uppsala University, Sweden", "SE")],
        figures=[chart_figure(out_dir, stem, 2, 1, "Fig. 1. Shoal cohesion.", 6)],
        score=PaperScore(0.0, "none", []), seconds=0.9, figscan_version="0.1.0", config_hash="cfg1")


def scanned_partial_paper(out_dir: Path) -> PaperResult:
    return PaperResult(
        path="scans/old-report.pdf", status="partial", sha256="e5f6071829304152" + "5" * 48, size=5_000_000,
        error="pages 3-5 have no text layer and OCR is not installed", page_count=5, pages_read=2,
        pages_without_text=[3, 4, 5], problems=["OCR not available: tesseract not found"],
        title="", metadata={"title": "Scanned technical report"},
        score=PaperScore(0.0, "none", []), seconds=0.5, figscan_version="0.1.0", config_hash="cfg1")


def encrypted_paper() -> PaperResult:
    return PaperResult(path="locked/encrypted.pdf", status="error", sha256="f607182930415263" + "4" * 48,
                       size=120_000, error="the PDF is encrypted and needs a password",
                       figscan_version="0.1.0", config_hash="cfg1")


def truncated_paper() -> PaperResult:
    return PaperResult(path="broken/truncated.pdf", status="error", size=512,
                       error="not a PDF: the file ends after 512 bytes", figscan_version="0.1.0", config_hash="cfg1")


def realistic_results(out_dir: Path) -> list[PaperResult]:
    """Seven files covering every level, both failure kinds and a partly read scan."""
    return [materials_paper(out_dir), harbin_kp_paper(out_dir), unrelated_paper(out_dir),
            encrypted_paper(), kp_structures_paper(out_dir), scanned_partial_paper(out_dir), truncated_paper()]


def hostile_result(out_dir: Path) -> PaperResult:
    """A paper whose every PDF-derived string tries to inject markup or script."""
    stem = "0badc0de0badc0de"
    figure = missile_figure(out_dir, stem, 1, 1, f"Caption {HOSTILE_SCRIPT} {HOSTILE_IMG}")
    return PaperResult(
        path=HOSTILE_PATH, status="ok", sha256=stem + "0" * 48, size=1000, page_count=1, pages_read=1,
        title=HOSTILE_SCRIPT,
        metadata={"author": HOSTILE_IMG, HOSTILE_SCRIPT: "javascript:alert(1)"},
        authors=[Author(HOSTILE_IMG, [0])],
        affiliations=[Affiliation(f"{HOSTILE_SCRIPT} Institute", "CN")],
        funding=[Funding(HOSTILE_IMG, [HOSTILE_SCRIPT], ["\"><svg onload=alert(1)>"], 1)],
        figures=[figure],
        terms=[TermHit("aerospace", "<b>missile</b>", 1, f"{HOSTILE_IMG} the <b>missile</b> {HOSTILE_SCRIPT}")],
        entities=[EntityMatch("Harbin Engineering University", HOSTILE_IMG, "US Entity List",
                              "javascript:alert(1)", "entity-list", "affiliation", 1, 5.0)],
        score=PaperScore(7.0, "high", [ScoreReason(7.0, HOSTILE_SCRIPT, HOSTILE_IMG + " p1-f1")]),
        figscan_version="0.1.0", config_hash="cfg1")


def run_summary(results: list[PaperResult], seconds: float = 754.0) -> RunSummary:
    return RunSummary(input_dir="/data/review-batch-7", started="2024-03-05T09:12:00Z", seconds=seconds,
                      files=len(results), pages=sum(r.pages_read for r in results),
                      errors=sum(r.status == "error" for r in results), reused=2,
                      figscan_version="0.1.0", config_hash="cfg1")


def write_store_files(out_dir: Path, results: list[PaperResult]) -> None:
    """Stand-ins for what the store stage writes, so the index's download links resolve."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.jsonl").write_text("".join(json.dumps(r.to_dict()) + "\n" for r in results), "utf-8")
    with sqlite3.connect(out_dir / "figscan.sqlite") as db:
        db.execute("create table if not exists results (path text primary key, json text)")
    db.close()
