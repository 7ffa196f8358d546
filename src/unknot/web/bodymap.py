"""unknot's own body map: a standing figure seen from the front and from the back, as SVG.

The module is data first, then a renderer.

* The data: for each view, a plain silhouette (non-interactive background) and one shape per
  region and side. Shapes are written once for the half of the figure on the viewer's left and
  mirrored around the centre line for the other half. On the front view the viewer's left is
  the person's RIGHT; on the back view it is the person's LEFT (the classic mix-up).
* The renderer: `render_svg()` returns an `<svg>` fragment whose regions are keyboard-focusable
  toggles (role="checkbox") carrying `data-region`, `data-side` and `data-view`. Colours come
  only from CSS classes (`bm-region`, `is-selected`, `pain-0` .. `pain-10`, `bm-label`, ...);
  there is no inline style, so the page can keep a strict Content-Security-Policy.
* `region_list()` gives the same regions as an ordered list for the accessible checkbox list
  shown beside the map (the non-visual and no-JavaScript way to pick regions).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from unknot.core.kb import default_kb

__all__ = [
    "HEIGHT",
    "VIEWBOX",
    "VIEWS",
    "WIDTH",
    "label",
    "region_list",
    "region_sides",
    "render_svg",
    "shapes",
    "short_label",
]

WIDTH = 200
HEIGHT = 440
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"
VIEWS = ("front", "back")
_MID = WIDTH / 2

Point = tuple[float, float]


# --------------------------------------------------------------------------------------------
# Geometry helpers: every shape is a list of points, drawn either as a polygon with rounded
# corners (tidy tiles) or as a smooth closed curve through the points (blobs, silhouette).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    points: tuple[Point, ...]
    smooth: bool = False  # True: smooth curve through the points; False: rounded polygon
    radius: float = 2.2  # corner radius of a rounded polygon

    def mirrored(self) -> Shape:
        pts = tuple((WIDTH - x, y) for x, y in reversed(self.points))
        return Shape(pts, self.smooth, self.radius)

    def d(self) -> str:
        return _smooth_path(self.points) if self.smooth else _rounded_path(self.points, self.radius)

    def size(self) -> tuple[float, float]:
        xs, ys = [x for x, _ in self.points], [y for _, y in self.points]
        return max(xs) - min(xs), max(ys) - min(ys)

    def anchor(self) -> Point:
        """The centroid of the polygon through the points (where a label goes)."""
        pts = self.points
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) < 1e-9:
            return (sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts))
        return (cx / (3 * area), cy / (3 * area))


def _n(v: float) -> str:
    s = f"{v:.1f}"
    s = s.rstrip("0").rstrip(".") if "." in s else s
    return "0" if s == "-0" else s


def _p(pt: Point) -> str:
    return f"{_n(pt[0])} {_n(pt[1])}"


def _smooth_path(pts: tuple[Point, ...]) -> str:
    """A closed Catmull-Rom curve through the points, as cubic Bezier segments."""
    n = len(pts)
    out = [f"M{_p(pts[0])}"]
    for i in range(n):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[(i + 1) % n], pts[(i + 2) % n]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        out.append(f"C{_p(c1)} {_p(c2)} {_p(p2)}")
    out.append("Z")
    return "".join(out)


def _rounded_path(pts: tuple[Point, ...], radius: float) -> str:
    """A closed polygon whose corners are rounded with quadratic curves."""
    n = len(pts)
    cuts: list[tuple[Point, Point]] = []
    for i in range(n):
        (px, py), (vx, vy), (nx, ny) = pts[i - 1], pts[i], pts[(i + 1) % n]
        lp, ln = math.hypot(px - vx, py - vy), math.hypot(nx - vx, ny - vy)
        r = min(radius, lp / 2, ln / 2)
        a = (vx + (px - vx) * r / lp, vy + (py - vy) * r / lp) if lp else (vx, vy)
        b = (vx + (nx - vx) * r / ln, vy + (ny - vy) * r / ln) if ln else (vx, vy)
        cuts.append((a, b))
    out = [f"M{_p(cuts[0][1])}"]
    for i in [*range(1, n), 0]:
        a, b = cuts[i]
        out.append(f"L{_p(a)}Q{_p(pts[i])} {_p(b)}")
    out.append("Z")
    return "".join(out)


def _poly(*pts: Point, r: float = 2.2) -> Shape:
    return Shape(tuple(pts), False, r)


def _blob(*pts: Point) -> Shape:
    return Shape(tuple(pts), True)


def _ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 12) -> Shape:
    step = 2 * math.pi / n
    pts = tuple((cx + rx * math.cos(i * step), cy + ry * math.sin(i * step)) for i in range(n))
    return Shape(pts, True)


def _capsule(a: Point, b: Point, r: float) -> Shape:
    """A rounded bar of radius r from a to b (a finger, a thumb)."""
    ang = math.atan2(b[1] - a[1], b[0] - a[0])
    pts: list[Point] = []
    for centre, start in ((b, ang - math.pi / 2), (a, ang + math.pi / 2)):
        for k in range(13):
            t = start + k * math.pi / 12
            pts.append((centre[0] + r * math.cos(t), centre[1] + r * math.sin(t)))
    return Shape(tuple(pts), False, 0.4)


def _sym(*half: Point, smooth: bool = False, r: float = 2.2) -> Shape:
    """A shape symmetric about the centre line from its viewer-left half.

    `half` runs from the top of the centre line, round the viewer's left, to the bottom of the
    centre line; points lying on the centre line are not repeated.
    """
    mirror = [(WIDTH - x, y) for x, y in reversed(half) if abs(x - _MID) > 1e-9]
    return Shape((*half, *mirror), smooth, r)


@dataclass(frozen=True)
class _Limb:
    """An arm or a leg on the viewer's left: (y, centre x, width) nodes from top to bottom.

    Limbs of a standing figure are near vertical, so widths are measured horizontally and a
    region on a limb is a band between two heights and two fractions of the width (-0.5 is the
    limb's outer edge on the viewer's left, +0.5 its edge towards the body's centre line).
    """

    nodes: tuple[tuple[float, float, float], ...]

    def at(self, y: float) -> tuple[float, float]:
        ns = self.nodes
        if y <= ns[0][0]:
            return ns[0][1], ns[0][2]
        for (y0, x0, w0), (y1, x1, w1) in itertools.pairwise(ns):
            if y <= y1:
                t = (y - y0) / (y1 - y0)
                return x0 + (x1 - x0) * t, w0 + (w1 - w0) * t
        return ns[-1][1], ns[-1][2]

    def _ys(self, y0: float, y1: float) -> list[float]:
        inner = [y for y, _, _ in self.nodes if y0 + 1 < y < y1 - 1]
        return [y0, *inner, y1]

    def band(self, y0: float, y1: float, f0: float, f1: float, r: float = 2.4) -> Shape:
        ys = self._ys(y0, y1)
        left = [(self.at(y)[0] + f0 * self.at(y)[1], y) for y in ys]
        right = [(self.at(y)[0] + f1 * self.at(y)[1], y) for y in reversed(ys)]
        return Shape((*left, *right), False, r)

    def outline(self, y0: float, y1: float, cap_top: float, cap_bottom: float) -> Shape:
        ys = self._ys(y0, y1)
        left = [(self.at(y)[0] - self.at(y)[1] / 2, y) for y in ys]
        right = [(self.at(y)[0] + self.at(y)[1] / 2, y) for y in reversed(ys)]
        bottom = (self.at(y1)[0], y1 + cap_bottom)
        top = (self.at(y0)[0], y0 - cap_top)
        return Shape((*left, bottom, *right, top), True)


# --------------------------------------------------------------------------------------------
# The figure (viewBox 0 0 200 440, centre line x = 100, about eight heads tall):
# top of head y 10, chin 64, shoulders 86, nipples 115, navel 166, crotch 233, knees 322,
# ankles 398, soles 432. Arms hang slightly away from the body, palms forward.
# --------------------------------------------------------------------------------------------

_ARM = _Limb(
    (
        (89.0, 61.4, 12.0),
        (93.0, 60.6, 19.4),
        (100.0, 59.6, 22.0),
        (112.0, 58.0, 19.5),
        (130.0, 55.7, 17.6),
        (150.0, 53.0, 16.4),
        (168.0, 50.8, 16.6),
        (178.0, 49.5, 16.6),
        (195.0, 47.0, 14.2),
        (212.0, 44.0, 11.4),
        (220.0, 42.8, 11.6),
        (228.0, 41.6, 13.8),
        (238.0, 40.2, 14.2),
        (246.0, 39.0, 13.2),
        (258.0, 37.3, 11.4),
        (265.0, 36.4, 9.4),
    )
)

_LEG = _Limb(
    (
        (198.0, 84.0, 28.0),
        (214.0, 82.6, 33.4),
        (230.0, 82.6, 31.4),
        (250.0, 83.0, 29.0),
        (270.0, 83.4, 27.0),
        (290.0, 83.8, 24.6),
        (308.0, 84.2, 22.0),
        (322.0, 84.5, 21.0),
        (332.0, 84.6, 20.0),
        (346.0, 84.8, 21.6),
        (360.0, 85.0, 19.4),
        (376.0, 85.3, 16.2),
        (390.0, 85.7, 12.4),
        (398.0, 85.9, 12.4),
    )
)

_HEAD = _sym(
    (100, 10),
    (90.2, 11.9),
    (84.2, 18.2),
    (81.7, 27.5),
    (81.6, 38),
    (82.6, 46.6),
    (85.2, 54),
    (90.2, 59.8),
    (96, 63),
    (100, 63.9),
    smooth=True,
)
_EAR = _blob((82.6, 35), (79.2, 34.2), (76.5, 37.2), (76.6, 43.8), (78.9, 49.8), (82.6, 51.4))
_NECK = _sym((100, 50), (86.6, 50), (86, 72), (85, 80), (100, 80), r=3)
_TORSO = _sym(
    (100, 74),
    (88.5, 73.5),
    (84.5, 77.5),
    (77, 80.5),
    (69, 83),
    (63, 85.6),
    (59.2, 89.5),
    (58, 97),
    (61, 106),
    (67.4, 112.6),
    (70.4, 121),
    (72, 135),
    (74.2, 150),
    (76, 163),
    (76.3, 173),
    (74.6, 185),
    (71.4, 197),
    (68.2, 210),
    (68, 222),
    (78, 231),
    (92, 233),
    (100, 233.5),
    smooth=True,
)
_THUMB = _capsule((35.4, 231), (31.2, 243.2), 3.0)
_THUMB_SIL = _capsule((37.6, 228), (30.6, 246), 3.9)

# The feet: from the front the foot comes towards the viewer, toes at the bottom; from the back
# the map shows the heel and, below it, the sole (as on most pain drawings).
_FOOT_FRONT = _blob(
    (81.2, 388),
    (90.8, 388),
    (92.5, 398),
    (93.2, 410),
    (95.2, 420),
    (94.6, 428),
    (89.5, 431.2),
    (80.5, 430.6),
    (75.8, 426.6),
    (76.8, 417.5),
    (79.2, 409),
    (79.5, 398),
)
_FOOT_BACK = _blob(
    (81.2, 388),
    (90.8, 388),
    (92.5, 398),
    (92.6, 411),
    (93.6, 419),
    (94.8, 427),
    (91.5, 432.2),
    (83, 432.2),
    (78.2, 427.4),
    (78.2, 418.5),
    (79.4, 410.5),
    (79.5, 398),
)


def _silhouette(view: str) -> list[Shape]:
    arm = _ARM.outline(89, 265, 2.6, 3.2)
    leg = _LEG.outline(198, 405, 4, 1)
    foot = _FOOT_FRONT if view == "front" else _FOOT_BACK
    half = [arm, _THUMB_SIL, leg, foot, _EAR]
    return [*half, *(s.mirrored() for s in half), _NECK, _TORSO, _HEAD]


# Regions that are the same on both views.
_COMMON: dict[str, Shape] = {
    "temple": _poly((82.6, 23.6), (88, 23), (88, 34.6), (82, 34.6), r=2),
    "ear": _blob((83.4, 36.2), (79.6, 35.5), (77.4, 38), (77.5, 43.6), (79.4, 48.8), (83.4, 50.2)),
    "neck_side": _poly(
        (87.7, 62.6), (90.3, 62.6), (90.3, 82.8), (84.2, 83.4), (85.4, 80.2), (87.4, 74.4), r=1.6
    ),
    "shoulder_top": _poly(
        (83, 80.6),
        (83.6, 85.4),
        (76.6, 87),
        (69.4, 89.2),
        (64.4, 92.2),
        (61.6, 89.2),
        (67.6, 84.6),
        (75.6, 81.8),
        r=2,
    ),
    "shoulder_outer": _ARM.band(92.5, 113, -0.45, -0.04),
    "upper_arm_outer": _ARM.band(116, 157, -0.45, -0.2),
    "upper_arm_inner": _ARM.band(116, 157, 0.2, 0.45),
    "fingers": _ARM.band(244, 264, -0.42, 0.42, r=3),
    "thumb": _THUMB,
    "side_ribs": _poly((71.4, 123), (76.8, 123.8), (78.6, 151), (74.8, 151), r=2),
    "side_waist": _poly((76.6, 160.6), (81, 160.6), (81.6, 189), (75.2, 189), (76.8, 174), r=2),
    "hip_outer": _poly((71.6, 197.5), (74.6, 198), (73.4, 227), (68.4, 227), (67.8, 210), r=2.4),
    "thigh_outer": _LEG.band(231, 308, -0.45, -0.26),
    "thigh_inner": _LEG.band(243, 308, 0.24, 0.45),
    "knee_outer": _LEG.band(311, 335, -0.47, -0.22),
    "knee_inner": _LEG.band(311, 335, 0.22, 0.47),
    "ankle_outer": _ellipse(81.7, 398.6, 2.6, 4.2),
    "ankle_inner": _ellipse(90.3, 397.4, 2.6, 4.2),
}

_FRONT: dict[str, Shape] = {
    **_COMMON,
    "forehead": _poly((89.4, 22.8), (99.2, 22.6), (99.2, 34.6), (89.4, 34.6), r=2.4),
    "around_eye": _ellipse(92.6, 40.6, 5, 3.6),
    "cheek": _ellipse(88.4, 48.4, 4.2, 3.5),
    "jaw": _poly((84.6, 50.8), (92.4, 54.2), (92.6, 60), (89.6, 58), (85.2, 53.2), r=1.6),
    "teeth": _poly((93.8, 52.6), (99.3, 52.6), (99.3, 58.8), (93.8, 58.8), r=1.8),
    "neck_front": _poly((91.1, 63.8), (96.2, 64.2), (96.2, 81.2), (91.1, 81.2), r=1.8),
    "shoulder_front": _ARM.band(92.5, 110, 0.0, 0.42),
    "armpit": _ellipse(70.4, 110.6, 3.4, 4.6),
    "chest": _poly(
        (76, 89.2),
        (86, 87.6),
        (96.3, 87.6),
        (96.3, 114),
        (92, 120.6),
        (84, 122),
        (77.2, 118.6),
        (74.6, 109),
        r=3,
    ),
    "abdomen": _poly(
        (80, 125.2), (99.3, 125.2), (99.3, 195), (90, 191.6), (83.2, 189), (82.6, 160), r=3
    ),
    "hip_front": _poly((76.4, 192.4), (88.4, 192.4), (89, 225.6), (77.8, 225.6), (76, 208), r=3),
    "groin": _poly((90.6, 195.2), (99.3, 198.4), (99.3, 229), (93.6, 229), (90.8, 214), r=2.4),
    "upper_arm_front": _ARM.band(116, 157, -0.17, 0.17),
    "elbow_outer": _ARM.band(160, 177, -0.45, -0.04),
    "elbow_inner": _ARM.band(160, 177, 0.04, 0.45),
    "forearm_front": _ARM.band(180, 209, -0.45, 0.45, r=3),
    "wrist_front": _ARM.band(212, 221.6, -0.45, 0.45),
    "palm": _ARM.band(224.4, 241.6, -0.2, 0.45, r=3),
    "thigh_front": _LEG.band(231, 308, -0.23, 0.21, r=3),
    "knee_front": _ellipse(84.5, 322.6, 3.6, 10.4, n=14),
    "shin": _LEG.band(338, 392, -0.42, 0.42, r=3),
    "ankle_front": _poly((81.6, 403.2), (90.4, 403.2), (90.8, 409.2), (81.2, 409.2), r=2),
    "top_of_foot": _poly((80.4, 411.2), (91.8, 411.2), (93.8, 419.4), (78, 419.4), r=3),
    "toes": _poly(
        (77.2, 421.4),
        (94.4, 421.4),
        (93.8, 427.6),
        (89.4, 429.8),
        (80.6, 429.4),
        (76.8, 426.4),
        r=2.6,
    ),
}
_FRONT_CENTRE: dict[str, Shape] = {
    "top_of_head": _sym((100, 12.2), (91.4, 13.9), (86, 19.4), (88.2, 20.8), (100, 20.6), r=2.4),
    "throat": _sym((100, 64.4), (97.1, 64.4), (97.1, 81.2), (100, 81.2), r=1.8),
    "breastbone": _sym((100, 86.4), (97.3, 86.4), (97.3, 122), (100, 122), r=2),
}

_BACK: dict[str, Shape] = {
    **_COMMON,
    "back_of_head": _poly(
        (89.4, 22.6),
        (99.3, 22.6),
        (99.3, 46.8),
        (86.6, 46.8),
        (85, 42.4),
        (85.4, 37.6),
        (89.4, 36),
        r=2.4,
    ),
    "base_of_skull": _poly((85.2, 49.4), (99.3, 49.4), (99.3, 57.8), (89.6, 57.8), r=2),
    "neck_back": _poly((91.4, 62.6), (99.3, 62.6), (99.3, 81.2), (91.4, 81.2), r=2),
    "upper_back": _poly(
        (85.6, 87.4), (99.3, 86.2), (99.3, 98.6), (74, 98.6), (70.6, 93.6), (77.6, 89.6), r=2.4
    ),
    "shoulder_blade": _poly(
        (76, 101.6), (93, 101.6), (91.4, 117), (86.4, 131.2), (80.6, 126), (75.4, 112), r=3
    ),
    "mid_back": _poly((78.6, 136.2), (99.3, 136.2), (99.3, 158.6), (79.6, 158.6), r=2.6),
    "low_back": _poly((82.8, 161.6), (99.3, 161.6), (99.3, 185.6), (83.2, 185.6), r=2.6),
    "sacrum": _poly((87.4, 188.6), (99.3, 188.6), (99.3, 205.2), (95.2, 207), (90.8, 199), r=2),
    "buttock": _poly(
        (85.6, 189.4),
        (89.6, 201.4),
        (94.6, 209.6),
        (95, 220.6),
        (98.4, 224),
        (97.6, 236),
        (88.6, 240.4),
        (79.2, 237.8),
        (76, 226),
        (76.4, 201),
        (79.4, 191.6),
        r=3.4,
    ),
    "shoulder_back": _ARM.band(92.5, 113, 0.0, 0.42),
    "upper_arm_back": _ARM.band(116, 157, -0.17, 0.17),
    "elbow_outer": _ARM.band(160, 177, -0.47, -0.22),
    "elbow_back": _ARM.band(159, 178, -0.17, 0.17, r=2.6),
    "elbow_inner": _ARM.band(160, 177, 0.22, 0.47),
    "forearm_back": _ARM.band(180, 209, -0.45, 0.45, r=3),
    "wrist_back": _ARM.band(212, 221.6, -0.45, 0.45),
    "back_of_hand": _ARM.band(224.4, 241.6, -0.2, 0.45, r=3),
    "thigh_back": _LEG.band(243, 308, -0.23, 0.21, r=3),
    "knee_back": _LEG.band(312, 334, -0.18, 0.18, r=3),
    "calf": _LEG.band(338, 372, -0.44, 0.44, r=4),
    "achilles": _LEG.band(375, 393.6, -0.2, 0.2, r=2),
    "heel": _ellipse(86, 410.4, 5.6, 4.4),
    "sole": _poly(
        (80, 416.8), (92.2, 416.8), (94, 426.4), (91, 430.2), (83.4, 430.2), (79.2, 426.4), r=2.6
    ),
}
_BACK_CENTRE: dict[str, Shape] = {
    "top_of_head": _FRONT_CENTRE["top_of_head"],
    "between_shoulder_blades": _sym((100, 101.6), (95.4, 101.6), (95.4, 133.4), (100, 133.4)),
    "tailbone": _sym((100, 207.6), (96.8, 207.6), (97.4, 218.6), (100, 219.4), r=2),
}

# Short names for the optional visible labels on the map.
_SHORT: dict[str, str] = {
    "top_of_head": "Crown",
    "base_of_skull": "Skull base",
    "around_eye": "Eye",
    "between_shoulder_blades": "Between blades",
    "shoulder_blade": "Blade",
    "shoulder_top": "Shoulder top",
    "shoulder_front": "Front shoulder",
    "shoulder_back": "Back shoulder",
    "shoulder_outer": "Outer shoulder",
    "neck_front": "Neck",
    "neck_back": "Neck",
    "neck_side": "Neck side",
    "upper_arm_front": "Upper arm",
    "upper_arm_back": "Upper arm",
    "upper_arm_inner": "Inner arm",
    "upper_arm_outer": "Outer arm",
    "elbow_outer": "Outer elbow",
    "elbow_inner": "Inner elbow",
    "elbow_back": "Elbow",
    "forearm_front": "Forearm",
    "forearm_back": "Forearm",
    "wrist_front": "Wrist",
    "wrist_back": "Wrist",
    "back_of_hand": "Hand",
    "side_ribs": "Ribs",
    "side_waist": "Waist",
    "mid_back": "Mid back",
    "low_back": "Low back",
    "hip_front": "Front hip",
    "hip_outer": "Outer hip",
    "thigh_front": "Thigh",
    "thigh_back": "Thigh",
    "thigh_outer": "Outer thigh",
    "thigh_inner": "Inner thigh",
    "knee_front": "Knee",
    "knee_back": "Back knee",
    "knee_outer": "Outer knee",
    "knee_inner": "Inner knee",
    "ankle_front": "Ankle",
    "ankle_outer": "Outer ankle",
    "ankle_inner": "Inner ankle",
    "top_of_foot": "Foot",
    "achilles": "Achilles",
    "sole": "Sole",
    "heel": "Heel",
    "back_of_head": "Back of head",
}

# Reading order of the checkbox list: bands of region groups from head to foot; within a band,
# regions go from top to bottom.
_BANDS = (
    ("head", "face"),
    ("neck",),
    ("shoulder", "upper_back", "chest"),
    ("upper_arm", "elbow", "forearm", "hand"),
    ("abdomen", "low_back"),
    ("hip",),
    ("thigh",),
    ("knee",),
    ("lower_leg", "ankle", "foot"),
)

# --------------------------------------------------------------------------------------------
# The shape table
# --------------------------------------------------------------------------------------------

# Which person's side the shapes written for the viewer's left half belong to.
_VIEWER_LEFT_IS = {"front": "right", "back": "left"}


def _check_view(view: str) -> None:
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use 'front' or 'back'")


@functools.cache
def _table(view: str) -> dict[tuple[str, str], Shape]:
    half, centre = (_FRONT, _FRONT_CENTRE) if view == "front" else (_BACK, _BACK_CENTRE)
    near = _VIEWER_LEFT_IS[view]
    far = "left" if near == "right" else "right"
    table: dict[tuple[str, str], Shape] = {}
    for region, shape in half.items():
        table[(region, near)] = shape
        table[(region, far)] = shape.mirrored()
    for region, shape in centre.items():
        table[(region, "center")] = shape
    return table


def shapes(view: str) -> dict[tuple[str, str], str]:
    """(region id, side) -> SVG path data, for one view ("front" or "back")."""
    _check_view(view)
    return {key: shape.d() for key, shape in _table(view).items()}


def region_sides(region_id: str) -> list[str]:
    """The sides a region is drawn on: ["left", "right"], or ["center"] for a midline region."""
    region = default_kb().regions.get(region_id)
    if region is not None:
        return ["left", "right"] if region.is_sided else ["center"]
    if region_id in _FRONT_CENTRE or region_id in _BACK_CENTRE:
        return ["center"]
    if region_id in _FRONT or region_id in _BACK:
        return ["left", "right"]
    raise KeyError(region_id)


def _name(region_id: str) -> str:
    region = default_kb().regions.get(region_id)
    return region.name if region is not None else region_id.replace("_", " ").capitalize()


def _lower_first(name: str) -> str:
    first = name.split(" ", 1)[0]
    if first in {"Achilles"} or (len(first) > 1 and not first[1:].islower()):
        return name
    return name[:1].lower() + name[1:]


def label(region_id: str, side: str | None) -> str:
    """The human label of a region on a side: "Left calf", "Right side of the neck", "Throat"."""
    name = _name(region_id)
    side = None if side is None else str(side)
    if side in (None, "center") or region_sides(region_id) == ["center"]:
        return name
    if side == "both":
        return f"{name}, both sides"
    return f"{side.capitalize()} {_lower_first(name)}"


def short_label(region_id: str) -> str:
    """A short name for the small visible label on the map."""
    return _SHORT.get(region_id) or _name(region_id)


def _group_rank(region_id: str) -> int:
    region = default_kb().regions.get(region_id)
    group = region.group if region is not None else ""
    for rank, band in enumerate(_BANDS):
        if group in band:
            return rank
    return len(_BANDS)


@functools.cache
def _ordered(view: str) -> tuple[tuple[str, str], ...]:
    table = _table(view)
    tops: dict[str, float] = {}
    for (region, _side), shape in table.items():
        y = shape.anchor()[1]
        tops[region] = min(y, tops.get(region, y))
    side_rank = {"left": 0, "right": 1, "center": 0}
    keys = sorted(
        table,
        key=lambda k: (_group_rank(k[0]), round(tops[k[0]], 1), k[0], side_rank[k[1]]),
    )
    return tuple(keys)


def region_list(view: str) -> list[tuple[str, str | None, str]]:
    """(region, side, label) for every region drawn on a view, from head to foot.

    Midline regions have side None. Left comes before right.
    """
    _check_view(view)
    return [
        (region, None if side == "center" else side, label(region, side))
        for region, side in _ordered(view)
    ]


# --------------------------------------------------------------------------------------------
# The renderer
# --------------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _expand(key: tuple[str, str | None]) -> list[tuple[str, str]]:
    """The drawn (region, side) pairs that a picked (region, side) stands for.

    A side of None or "both" on a sided region stands for both sides (side not known).
    Unknown regions stand for nothing.
    """
    region, side = key[0], (None if key[1] is None else str(key[1]))
    try:
        sides = region_sides(region)
    except KeyError:
        return []
    if sides == ["center"]:
        return [(region, "center")]
    if side in (None, "both", "center"):
        return [(region, "left"), (region, "right")]
    return [(region, side)]


_LABEL_SIZE = 2.8  # font size of the visible region labels, in viewBox units
_MIN_LABEL_SIZE = 1.6
_EM = 0.6  # rough width of one character, in ems


def _label_text(region: str, shape: Shape) -> str:
    """A short visible label centred on a shape, turned upright along tall narrow shapes and
    made smaller where it would not fit."""
    text = short_label(region)
    width, height = shape.size()
    x, y = shape.anchor()
    need = _EM * _LABEL_SIZE * len(text)
    rotate = need > width and height > width
    room = (height if rotate else width) * 0.92
    size = max(_MIN_LABEL_SIZE, min(_LABEL_SIZE, room / (_EM * len(text))))
    turn = f' transform="rotate(-90 {_n(x)} {_n(y)})"' if rotate else ""
    return (
        f'<text class="bm-label" x="{_n(x)}" y="{_n(y + size * 0.35)}" '
        f'font-size="{_n(size)}" text-anchor="middle"{turn}>{_esc(text)}</text>'
    )


def render_svg(
    view: str,
    *,
    selected: Iterable[tuple[str, str | None]] = (),
    pain: Mapping[tuple[str, str | None], int] | None = None,
    interactive: bool = True,
    id_prefix: str = "bm",
    labels: bool = False,
) -> str:
    """The body map for one view as an `<svg>` fragment (no inline styles; colours from CSS).

    `selected` and `pain` are keyed by (region, side); side None (or "both") on a sided region
    marks both sides. Pain scores are clamped to 0..10 and become classes pain-0 .. pain-10.
    """
    _check_view(view)
    chosen: set[tuple[str, str]] = set()
    for key in selected:
        chosen.update(_expand(key))
    scores: dict[tuple[str, str], int] = {}
    if pain:
        # Exact sides win over "side not known", whatever the mapping's order.
        for key, score in sorted(pain.items(), key=lambda kv: kv[0][1] is not None):
            for drawn in _expand(key):
                scores[drawn] = max(0, min(10, int(score)))

    table = _table(view)
    title = f"Body map, {view} view"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}" '
        f'class="bm bm-{view}" id="{_esc(id_prefix)}-{view}" role="group" '
        f'aria-label="{title}">'
    ]

    # The silhouette, twice: an outlined pass, then a fill-only pass on top, so that only the
    # outline of the whole figure shows.
    sil = _silhouette(view)
    out.append('<g class="bm-silhouette" aria-hidden="true">')
    out.append(
        '<g class="bm-silhouette-outline" fill="#e8e4df" stroke="#8c929b" '
        'stroke-width="2.2" stroke-linejoin="round">'
    )
    out.extend(f'<path d="{s.d()}"/>' for s in sil)
    out.append('</g><g class="bm-silhouette-fill" fill="#e8e4df">')
    out.extend(f'<path d="{s.d()}"/>' for s in sil)
    out.append("</g></g>")

    out.append('<g class="bm-regions">')
    for region, side in _ordered(view):
        shape = table[(region, side)]
        text = _esc(label(region, side))
        classes = ["bm-region"]
        if (region, side) in chosen:
            classes.append("is-selected")
        if (region, side) in scores:
            classes.append(f"pain-{scores[(region, side)]}")
        attrs = [
            f'class="{" ".join(classes)}"',
            f'id="{_esc(id_prefix)}-{view}-{region}-{side}"',
            f'data-region="{region}"',
            f'data-side="{side}"',
            f'data-view="{view}"',
            f'd="{shape.d()}"',
        ]
        if interactive:
            checked = "true" if (region, side) in chosen else "false"
            attrs += [
                'tabindex="0"',
                'role="checkbox"',
                f'aria-checked="{checked}"',
                f'aria-label="{text}"',
                'focusable="true"',
            ]
        out.append(f"<path {' '.join(attrs)}><title>{text}</title></path>")
    out.append("</g>")

    if labels:
        out.append('<g class="bm-labels" aria-hidden="true">')
        out.extend(_label_text(region, table[(region, side)]) for region, side in _ordered(view))
        out.append("</g>")

    # Which side is which, and the view's name.
    viewer_left = _VIEWER_LEFT_IS[view][0].upper()
    viewer_right = "L" if viewer_left == "R" else "R"
    out.append(
        '<g class="bm-legend" aria-hidden="true">'
        f'<text class="bm-side-label" x="30" y="420" font-size="11" '
        f'text-anchor="middle">{viewer_left}</text>'
        f'<text class="bm-side-label" x="170" y="420" font-size="11" '
        f'text-anchor="middle">{viewer_right}</text>'
        f'<text class="bm-view-label" x="6" y="16" font-size="9" '
        f'text-anchor="start">{view.capitalize()}</text>'
        "</g>"
    )
    out.append("</svg>")
    return "".join(out)
