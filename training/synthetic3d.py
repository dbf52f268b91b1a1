"""Solid bodies in 3-D for the procedural figures: meshes, a view, and painter's-order polygons.

Real papers show missiles, hypersonic vehicles and waveriders as perspective CAD renders,
hidden-line drawings and see-through wireframes, not only as profiles. This module builds small
meshes (bodies of revolution, flat plates for fins and wings, waverider and box solids), turns
them to a random view and returns the 2-D polygons to draw, back to front, with a fill and the
edges a draughtsman would draw (outline, creases, plate borders). It knows nothing of pymupdf:
training.synthetic draws the polygons, so the same rasterisation path is used.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Mesh:
    """Vertices (N, 3) and polygonal faces; `closed` faces are culled when they face away."""
    vertices: np.ndarray
    faces: list[tuple[int, ...]]
    closed: list[bool] = field(default_factory=list)

    def __add__(self, other: "Mesh") -> "Mesh":
        n = len(self.vertices)
        return Mesh(np.vstack([self.vertices, other.vertices]),
                    self.faces + [tuple(i + n for i in f) for f in other.faces],
                    self.closed + other.closed)


def revolve(profile: list[tuple[float, float]], n_around: int = 24, cap_ends: bool = True) -> Mesh:
    """Body of revolution about the x axis from (x, radius) points, x increasing."""
    prof = np.asarray(profile, float)
    t = np.linspace(0, 2 * math.pi, n_around, endpoint=False)
    rings = [np.stack([np.full_like(t, x), r * np.cos(t), r * np.sin(t)], 1) for x, r in prof]
    verts = np.vstack(rings)
    faces = []
    for i in range(len(prof) - 1):
        for j in range(n_around):
            a, b = i * n_around + j, i * n_around + (j + 1) % n_around
            faces.append((a, b, b + n_around, a + n_around))
    if cap_ends:
        for i, rev in ((0, True), (len(prof) - 1, False)):
            if prof[i, 1] > 1e-6:
                ring = [i * n_around + j for j in range(n_around)]
                faces.append(tuple(reversed(ring)) if rev else tuple(ring))
    return Mesh(verts, faces, [True] * len(faces))


def plate(outline: list[tuple[float, float]], roll: float, thickness: float = 0.0) -> Mesh:
    """A flat fin or wing: outline in (x, radial) coordinates, turned `roll` radians about x."""
    pts = np.asarray(outline, float)
    c, s = math.cos(roll), math.sin(roll)
    verts = np.stack([pts[:, 0], pts[:, 1] * c, pts[:, 1] * s], 1)
    if thickness <= 0:
        return Mesh(verts, [tuple(range(len(pts)))], [False])
    off = np.array([0.0, -s, c]) * thickness / 2
    n = len(pts)
    faces = [tuple(range(n)), tuple(range(2 * n - 1, n - 1, -1))]
    faces += [(i, (i + 1) % n, n + (i + 1) % n, n + i) for i in range(n)]
    return Mesh(np.vstack([verts + off, verts - off]), faces, [False] * len(faces))


def waverider(length: float, span: float, depth: float, curvature: float, n: int = 14) -> Mesh:
    """Waverider: flat upper surface on a pointed planform, caret/curved lower surface, flat base."""
    xs = np.linspace(0, length, n)
    vs = np.linspace(-1, 1, 9)
    half = (span / 2) * (xs / length) ** (1 - curvature)
    upper, lower = [], []
    for x, hw in zip(xs, half):
        for v in vs:
            upper.append((x, v * hw, 0.02 * depth * (x / length)))
            lower.append((x, v * hw, -depth * (x / length) ** 1.2 * (1 - abs(v) ** 1.5)))
    verts = np.array(upper + lower, float)
    m, faces = len(vs), []
    off = n * m
    for i in range(n - 1):
        for j in range(m - 1):
            a = i * m + j
            faces.append((a, a + m, a + m + 1, a + 1))
            faces.append((off + a, off + a + 1, off + a + m + 1, off + a + m))
    base = [(n - 1) * m + j for j in range(m)] + [off + (n - 1) * m + j for j in reversed(range(m))]
    faces.append(tuple(base))
    return Mesh(verts, faces, [False] * len(faces))


def box(lx: float, ly: float, lz: float, at=(0.0, 0.0, 0.0)) -> Mesh:
    """Axis-aligned cuboid with its lower corner at `at`."""
    x, y, z = at
    v = np.array([(x + i * lx, y + j * ly, z + k * lz) for i in (0, 1) for j in (0, 1) for k in (0, 1)], float)
    faces = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    return Mesh(v, faces, [True] * 6)


def prism(section: list[tuple[float, float]], length: float) -> Mesh:
    """Extrusion of a (y, z) section along x (wedges, beams, brackets)."""
    sec = np.asarray(section, float)
    n = len(sec)
    verts = np.vstack([np.column_stack([np.zeros(n), sec]), np.column_stack([np.full(n, length), sec])])
    faces = [tuple(reversed(range(n))), tuple(range(n, 2 * n))]
    faces += [(i, (i + 1) % n, n + (i + 1) % n, n + i) for i in range(n)]
    return Mesh(verts, faces, [False] * len(faces))


def turned(mesh: Mesh, yaw: float, pitch: float, roll: float) -> Mesh:
    """The mesh rotated about x (roll), then y (pitch), then z (yaw); angles in radians."""
    cr, sr, cp, sp, cy, sy = (math.cos(roll), math.sin(roll), math.cos(pitch), math.sin(pitch),
                              math.cos(yaw), math.sin(yaw))
    rx = np.array([[1, 0, 0], [0, cr, -sr], [0, sr, cr]])
    ry = np.array([[cp, 0, sp], [0, 1, 0], [-sp, 0, cp]])
    rz = np.array([[cy, -sy, 0], [sy, cy, 0], [0, 0, 1]])
    return Mesh(mesh.vertices @ (rz @ ry @ rx).T, mesh.faces, mesh.closed)


def shifted(mesh: Mesh, by) -> Mesh:
    return Mesh(mesh.vertices + np.asarray(by, float), mesh.faces, mesh.closed)


@dataclass
class Polygon:
    """One face to draw: 2-D points (view plane, y down), shade in [0, 1], edges to stroke."""
    points: np.ndarray
    shade: float
    edges: list[tuple[int, int]]  # index pairs into points


def view(mesh: Mesh, elevation: float, azimuth: float, *, crease_deg: float = 35.0,
         hidden: bool = True, perspective: float = 0.0) -> list[Polygon]:
    """Polygons of the mesh seen from (azimuth, elevation), back to front.

    With `hidden`, faces turned away are dropped and each face strokes only its outline edges
    (silhouette, creases sharper than crease_deg, plate borders), so painting in order hides
    what is behind, as in a hidden-line drawing. Without it every feature edge is kept.
    """
    ca, sa, ce, se = math.cos(azimuth), math.sin(azimuth), math.cos(elevation), math.sin(elevation)
    rot = np.array([[ca, sa, 0], [-sa * se, ca * se, ce], [sa * ce, -ca * ce, se]])  # x right, y up, z to viewer
    v = mesh.vertices @ rot.T
    if perspective > 0:  # farther points (smaller z) drawn smaller
        extent = float(np.ptp(v, axis=0).max()) or 1.0
        f = 1.0 / (1.0 + perspective * (v[:, 2].max() - v[:, 2]) / extent)
        v = np.column_stack([v[:, 0] * f, v[:, 1] * f, v[:, 2]])
    normals, centres = [], []
    for face in mesh.faces:
        p = v[list(face)]
        nrm = np.cross(p[1] - p[0], p[2] - p[0]) if len(face) == 3 else np.cross(p[2] - p[0], p[3 % len(face)] - p[1])
        normals.append(nrm / (np.linalg.norm(nrm) + 1e-12))
        centres.append(p.mean(0))
    edge_faces: dict[tuple[int, int], list[int]] = {}
    for fi, face in enumerate(mesh.faces):
        for a, b in zip(face, face[1:] + face[:1]):
            edge_faces.setdefault((min(a, b), max(a, b)), []).append(fi)
    cos_crease = math.cos(math.radians(crease_deg))
    light = np.array([-0.4, 0.5, 0.77])
    out = []
    for fi in sorted(range(len(mesh.faces)), key=lambda i: centres[i][2]):
        face, nrm = mesh.faces[fi], normals[fi]
        facing = nrm[2] > 0
        if hidden and mesh.closed[fi] and not facing:
            continue
        if not facing:
            nrm = -nrm
        edges = []
        for k, (a, b) in enumerate(zip(face, face[1:] + face[:1])):
            others = [o for o in edge_faces[(min(a, b), max(a, b))] if o != fi]
            if not others:
                edges.append((k, (k + 1) % len(face)))
                continue
            o = others[0]
            other_facing = normals[o][2] > 0
            if mesh.closed[fi] and mesh.closed[o] and other_facing != facing:
                edges.append((k, (k + 1) % len(face)))  # silhouette
            elif abs(float(np.dot(normals[fi], normals[o]))) < cos_crease:
                edges.append((k, (k + 1) % len(face)))  # crease
        shade = float(np.clip(0.25 + 0.75 * max(0.0, float(np.dot(nrm, light))), 0, 1))
        out.append(Polygon(np.column_stack([v[list(face), 0], -v[list(face), 1]]), shade, edges))
    return out
