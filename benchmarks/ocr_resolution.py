"""Word accuracy and time of Tesseract against resolution and engine settings, on generated scans.

Pages are drawn here from `scanned_report`'s sentences in three blocks, at 7, 8.5 and 10.5 pt
(footnotes, affiliations, body), scanned at 300 dpi in grey with blur and specks as
`scanned_report` does; each is rendered at every DPI tried and read with each setting, in one
process with one thread (OMP_THREAD_LIMIT=1, as figscan's workers run). Accuracy is word recall: the share of
the page's words (lower case, letters and digits) that the reading contains, counted with
multiplicity; on Chinese pages it is the share of the Han characters. Also measured: script
detection (Tesseract OSD) on a band of the page, which picks the languages per page.

    python benchmarks/ocr_resolution.py --out /tmp/ocr_resolution.tsv
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

os.environ["OMP_THREAD_LIMIT"] = "1"
import numpy as np
import pymupdf
import pytesseract

sys.path.insert(0, str(Path(__file__).resolve().parent))
import random

import cv2
import scanned_report

SETTINGS = {
    "psm3": "--psm 3",
    "psm3-noinvert": "--psm 3 -c tessedit_do_invert=0",
    "psm6-noinvert": "--psm 6 -c tessedit_do_invert=0",
}


def tokens(text: str, chinese: bool) -> Counter:
    if chinese:
        return Counter(c for c in text if "\u4e00" <= c <= "\u9fff")
    return Counter(re.findall(r"[a-z0-9]+", text.lower()))


def recall(truth: Counter, read: Counter) -> float:
    return sum(min(n, read[w]) for w, n in truth.items()) / max(sum(truth.values()), 1)


SIZES = (7.0, 8.5, 10.5)


def test_page(language: str, seed: int) -> tuple[np.ndarray, dict[float, str]]:
    """A 300-dpi grey scan with one block of text per size, and the text of each block."""
    rng = random.Random(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=scanned_report.PAGE_W, height=scanned_report.PAGE_H)
    chinese = language == "chi_sim"
    texts = {}
    for k, size in enumerate(SIZES):
        pieces = [rng.choice(scanned_report.CHINESE) if chinese else
                  f"{rng.choice(scanned_report.SUBJECTS)} {rng.choice(scanned_report.VERBS)} "
                  f"{rng.choice(scanned_report.OBJECTS)} {rng.choice(scanned_report.ENDINGS)}" for _ in range(8)]
        rect = pymupdf.Rect(72, 60 + k * 250, 523, 60 + k * 250 + 230)
        while page.insert_textbox(rect, ("" if chinese else " ").join(pieces), fontsize=size,
                                  fontname="china-s" if chinese else "helv") < 0:
            pieces.pop()
        texts[size] = ("" if chinese else " ").join(pieces)
    pix = page.get_pixmap(dpi=scanned_report.SCAN_DPI, colorspace=pymupdf.csGRAY)
    pixels = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width)
    pixels = cv2.GaussianBlur(pixels, (3, 3), 0.8)
    specks = np.random.default_rng(seed).integers(0, pixels.size, pixels.size // 4000)
    pixels.reshape(-1)[specks] = 0
    _, jpeg = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE), texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", nargs="+", default=["eng:1", "eng:2", "chi_sim:3"], help="language:seed")
    parser.add_argument("--dpi", type=int, nargs="+", default=[100, 150, 200, 300])
    parser.add_argument("--settings", nargs="+", default=list(SETTINGS))
    parser.add_argument("--out", type=Path, default=None, help="TSV of every reading")
    args = parser.parse_args()
    rows = []
    for spec in args.pages:
        language, seed = spec.split(":")
        scan, texts = test_page(language, int(seed))
        chinese = language == "chi_sim"
        lang = "chi_sim+eng" if chinese else "eng"
        for dpi in args.dpi:
            factor = dpi / scanned_report.SCAN_DPI
            pixels = scan if factor == 1 else cv2.resize(scan, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
            for name in args.settings:
                started = time.perf_counter()
                data = pytesseract.image_to_data(pixels, lang=lang, config=SETTINGS[name],
                                                 output_type=pytesseract.Output.DICT)
                seconds = time.perf_counter() - started
                for k, size in enumerate(SIZES):  # the words Tesseract placed in each block
                    top, bottom = (60 + k * 250) * dpi / 72, (60 + k * 250 + 240) * dpi / 72
                    read = " ".join(t for t, y in zip(data["text"], data["top"]) if top <= y <= bottom)
                    rows.append((spec, language, size, dpi, name, recall(tokens(texts[size], chinese), tokens(read, chinese)),
                                 seconds))
                    print("\t".join(map(str, rows[-1][:5])) + f"\t{rows[-1][5]:.3f}\t{seconds:.2f}", flush=True)
    print("\nmean over pages: dpi, setting, recall at 7 / 8.5 / 10.5 pt (eng), the same (chi), seconds per page")
    for dpi in args.dpi:
        for name in args.settings:
            mine = [r for r in rows if r[3] == dpi and r[4] == name]
            cells = [np.mean([r[5] for r in mine if (r[1] == "eng") == eng and r[2] == size] or [np.nan])
                     for eng in (True, False) for size in SIZES]
            seconds = np.mean([r[6] for r in mine if r[2] == SIZES[0]])
            print(f"{dpi}\t{name}\t" + " / ".join(f"{c:.3f}" for c in cells[:3]) + "\t"
                  + " / ".join(f"{c:.3f}" for c in cells[3:]) + f"\t{seconds:.2f}")
    if args.out:
        args.out.write_text("page\tlanguage\tsize_pt\tdpi\tsetting\trecall\tseconds\n" +
                            "".join("\t".join(map(str, r)) + "\n" for r in rows))


if __name__ == "__main__":
    main()
