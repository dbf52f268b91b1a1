"""The rebuild script of the real-figure set must render a manifest row exactly as it was labelled:
crop in the right units, 150 dpi for documents, white under transparency, long side <= 512 px."""
import importlib.util
import io
import math
import sys
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

BUILD = Path(__file__).resolve().parents[1] / "training" / "shapes_real" / "build.py"
spec = importlib.util.spec_from_file_location("shapes_real_build", BUILD)
build = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = build  # dataclasses look their module up
spec.loader.exec_module(build)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_raster_crop_is_in_source_pixels_and_transparency_becomes_white():
    image = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (200, 0, 400, 200))  # right half opaque red
    source = build.Source("o/r", "c", "fig.png", None, (150.0, 50.0, 250.0, 150.0))
    out = build.render(source, _png(image))
    pixels = np.asarray(out)
    assert out.size == (100, 100)
    assert tuple(pixels[50, 10]) == (255, 255, 255)  # transparent left part -> white
    assert tuple(pixels[50, 90]) == (255, 0, 0)


def test_long_side_is_downsized_to_512():
    source = build.Source("o/r", "c", "big.jpg", None, None)
    out = build.render(source, _png(Image.new("RGB", (2048, 1024), (10, 20, 30))))
    assert out.size == (512, 256)


def test_pdf_crop_is_in_points_rendered_at_150_dpi():
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.draw_rect(pymupdf.Rect(0, 0, 100, 50), color=(0, 0, 1), fill=(0, 0, 1))
    data = doc.tobytes()
    source = build.Source("o/r", "c", "paper.pdf", 1, (0.0, 0.0, 200.0, 100.0))
    out = build.render(source, data)
    assert out.size == (math.ceil(200 * 150 / 72), math.ceil(100 * 150 / 72))  # pymupdf rounds up
    pixels = np.asarray(out)
    assert tuple(pixels[10, 10]) == (0, 0, 255)  # inside the filled rect
    assert tuple(pixels[150, 300]) == (255, 255, 255)


def test_manifest_rows_parse_to_sources(tmp_path):
    manifest = tmp_path / "m.tsv"
    manifest.write_text("\t".join(build.COLUMNS) + "\n"
                        "p0001\t1\tphoto\to/r\tabc\tx.pdf\t3\t1 2 3 4\tMIT\t0 0 1 1\tnote\n")
    rows = build.read_manifest(manifest)
    source = build.source_of(rows[0])
    assert source.page == 3 and source.crop == (1.0, 2.0, 3.0, 4.0) and source.repo == "o/r"
