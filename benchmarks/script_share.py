"""Share of square ink runs along pixel-found text lines (`figscan.extract.ocr.pixel_text`), by
script, on generated 300-dpi scans: what SQUARE_SCRIPT_SHARE separates.

Pages: `ocr_resolution.test_page` (English seeds 1, 2, 5; Chinese seeds 3, 4) and a page of
Korean drawn here, scanned the same way.

    python benchmarks/script_share.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ocr_resolution import test_page  # noqa: E402

from figscan.config import Limits  # noqa: E402
from figscan.extract.ocr import SQUARE_SCRIPT_SHARE, pixel_text  # noqa: E402

KOREAN = "김일성종합대학 물리학부 평양 연구소에서 로켓 엔진 시험을 진행하였다. " * 30


def as_page(gray: np.ndarray) -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=cv2.imencode(".png", gray)[1].tobytes())
    return doc[0]


def korean_scan() -> np.ndarray:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), KOREAN, fontsize=10, fontname="korea")
    pix = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()


def main() -> None:
    pages = [(f"eng:{seed}", test_page("eng", seed)[0]) for seed in (1, 2, 5)]
    pages += [(f"chi_sim:{seed}", test_page("chi_sim", seed)[0]) for seed in (3, 4)]
    pages.append(("kor", korean_scan()))
    for name, gray in pages:
        share = pixel_text(as_page(gray), Limits()).square_share
        print(f"{name}\t{share:.2f}\t{'square' if share >= SQUARE_SCRIPT_SHARE else 'latin'}")


if __name__ == "__main__":
    main()
