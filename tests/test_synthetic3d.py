"""The 3-D solids behind the render families: meshes, views and painter's order, and the
detector on fixed views of a finned missile and of a tee pipe drawn by the same renderer."""
from __future__ import annotations

import math

import numpy as np
import pymupdf
import pytest

from figscan.analyse.shapes import ShapeParams, analyse_figure
from training import synthetic3d as solid


def test_revolve_closes_the_body_with_end_caps():
    body = solid.revolve([(0.0, 0.0), (1.0, 0.5), (4.0, 0.5)], n_around=12)
    assert body.vertices.shape == (36, 3)
    assert len(body.faces) == 2 * 12 + 1  # two bands of quads and the base cap (the tip has none)
    radii = np.hypot(body.vertices[:, 1], body.vertices[:, 2])
    assert np.allclose(radii[12:], 0.5)


def test_a_side_view_of_a_cylinder_keeps_front_faces_and_draws_its_outline():
    tube = solid.revolve([(0.0, 0.5), (4.0, 0.5)], n_around=16)
    polys = solid.view(tube, elevation=0.0, azimuth=0.0)
    assert len(polys) < len(tube.faces)  # faces turned away are culled
    pts = np.vstack([p.points for p in polys])
    assert np.ptp(pts[:, 0]) == pytest.approx(4.0, abs=1e-6) and np.ptp(pts[:, 1]) == pytest.approx(1.0, abs=0.05)
    outline = [p.points[list(e)] for p in polys for e in p.edges]
    assert outline, "the silhouette and cap edges are drawn"
    wire = solid.view(tube, elevation=0.0, azimuth=0.0, hidden=False)
    assert len(wire) == len(tube.faces)


def test_faces_come_back_to_front():
    far, near = solid.box(1, 1, 1), solid.box(1, 1, 1, at=(3.0, -5.0, 0.0))  # -y is towards the viewer
    polys = solid.view(far + near, elevation=0.3, azimuth=0.0)
    order = ["near" if p.points[:, 0].mean() > 2 else "far" for p in polys]
    assert set(order) == {"near", "far"}
    assert order == sorted(order, key=lambda o: o == "near"), order  # the near box is painted last
    assert all(0.0 <= p.shade <= 1.0 for p in polys)


def shaded(mesh: solid.Mesh, elevation: float, azimuth: float, size=(420.0, 220.0)):
    """Shaded render of a mesh on a white page, rasterised at 150 dpi like production."""
    polys = solid.view(mesh, elevation, azimuth)
    pts = np.vstack([p.points for p in polys])
    lo, hi = pts.min(0), pts.max(0)
    s = 0.85 * min(size[0] / (hi - lo)[0], size[1] / (hi - lo)[1])
    doc = pymupdf.open()
    page = doc.new_page(width=size[0], height=size[1])
    shape = page.new_shape()
    for p in polys:
        q = [pymupdf.Point(size[0] / 2 + s * (x - (lo[0] + hi[0]) / 2), size[1] / 2 + s * (y - (lo[1] + hi[1]) / 2))
             for x, y in p.points]
        g = 0.2 + 0.7 * p.shade
        shape.draw_polyline(q)
        shape.finish(fill=(g, g, 0.9 * g), color=(g, g, 0.9 * g), width=0.2, closePath=True)
    shape.commit()
    pix = page.get_pixmap(dpi=150)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3].copy()
    doc.close()
    return img


def finned_missile() -> solid.Mesh:
    body = solid.revolve([(x, 0.5 * math.sqrt(max(0.0, 1 - (1 - x / 2.5) ** 2))) for x in np.linspace(0, 2.5, 14)]
                         + [(10.0, 0.5)], 24)
    fin = [(8.6, 0.5), (9.5, 1.5), (10.0, 1.5), (10.0, 0.5)]
    for k in range(4):
        body = body + solid.plate(fin, math.pi / 4 + k * math.pi / 2, 0.02)
    return body


@pytest.fixture(scope="module")
def params():
    return ShapeParams.load()


@pytest.mark.parametrize("azimuth", [0.3, -0.5])
def test_a_shaded_missile_in_three_quarter_view_is_flagged(params, azimuth):
    f = analyse_figure(shaded(finned_missile(), 0.35, azimuth), [], "", params)
    assert f.flag, f.cues[:1]


def test_a_shaded_tee_pipe_is_not_flagged(params):
    pipe = solid.revolve([(0.0, 0.5), (8.0, 0.5)], 24)
    branch = solid.shifted(solid.turned(solid.revolve([(0.0, 0.4), (2.5, 0.4)], 24), math.pi / 2, 0, 0), (4.0, 0, 0))
    for azimuth in (0.3, -0.5):
        f = analyse_figure(shaded(pipe + branch, 0.35, azimuth), [], "", params)
        assert not f.flag, f.cues[:1]
