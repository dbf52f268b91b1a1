"""Axis-aligned boxes `(x0, y0, x1, y1)`: the one place their arithmetic lives.

Boxes come in page points (figures, text lines) and in pixels (shape candidates); the helpers
do not care which, as long as both arguments use the same unit.
"""
from __future__ import annotations

Box = tuple[float, float, float, float]


def area(box: Box) -> float:
    """Area, zero for an empty or inverted box."""
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def union(a: Box, b: Box) -> Box:
    """The smallest box holding both."""
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def intersection(a: Box, b: Box) -> Box:
    """The shared box; inverted (zero `area`) when they do not meet."""
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def iou(a: Box, b: Box) -> float:
    """Intersection over union, 0 for boxes that do not meet or have no area."""
    shared = area(intersection(a, b))
    whole = area(a) + area(b) - shared
    return shared / whole if whole > 0 else 0.0


def touch(a: Box, b: Box, gap: float) -> bool:
    """The boxes meet once each is grown by `gap` on every side."""
    return a[0] - gap <= b[2] and b[0] - gap <= a[2] and a[1] - gap <= b[3] and b[1] - gap <= a[3]


def contains(outer: Box, inner: Box, slack: float = 1.0) -> bool:
    """`inner` lies inside `outer`, allowing `slack` for rounding at every edge."""
    return (outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1]
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def merge_touching(boxes: list[Box], gap: float = 2.0) -> list[Box]:
    """Union boxes that overlap or come within `gap` of each other, until none do."""
    merged = [(float(b[0]), float(b[1]), float(b[2]), float(b[3])) for b in boxes]
    changed = True
    while changed:
        changed = False
        result: list[Box] = []
        for box in merged:
            for i, other in enumerate(result):
                if touch(box, other, gap):
                    result[i] = union(box, other)
                    changed = True
                    break
            else:
                result.append(box)
        merged = result
    return merged


def x_overlap(a: Box, b: Box) -> float:
    """Shared width as a share of the narrower box (0 when they do not overlap in x)."""
    shared = min(a[2], b[2]) - max(a[0], b[0])
    return max(0.0, shared) / max(min(a[2] - a[0], b[2] - b[0]), 1e-6)


def y_overlap(a: Box, b: Box) -> float:
    """Shared height as a share of the shorter box (0 when they do not overlap in y)."""
    shared = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, shared) / max(min(a[3] - a[1], b[3] - b[1]), 1e-6)


def rounded(box: Box, digits: int = 2) -> Box:
    """Plain floats rounded for storage, so equal boxes compare and serialise equal."""
    x0, y0, x1, y1 = (round(float(v), digits) for v in box)
    return (x0, y0, x1, y1)
