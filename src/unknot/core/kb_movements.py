"""Movements for breaks (kb/movements/): checked like every other record, plus their drawings.

The illustrations are inlined into pages whose Content-Security-Policy forbids inline
styles and scripts, and they sit next to each other on the movement library page, so
the loader refuses anything in them that could run, style, fetch or clash: the checks
here are what makes inlining them safe. Ids inside a drawing are prefixed with the
movement's id, so two drawings on one page never share an id.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from unknot.core.model import Movement, Muscle, Region, Source, Term
from unknot.core.schema import (
    BREAK_KINDS,
    EQUIPMENT,
    ILLUSTRATION_MAX_BYTES,
    MOVEMENT_SECONDS,
    MOVEMENT_STEPS,
    POSITIONS,
    Loader,
)

ILLUSTRATIONS = "illustrations"
VIEWBOX = "0 0 120 120"
_SVG_NS = "{http://www.w3.org/2000/svg}"
# What an inlined drawing may not carry: scripts, styles, event handlers, outside links.
_FORBIDDEN = (
    (re.compile(r"<\s*script", re.I), "must not contain a script"),
    (re.compile(r"<\s*style", re.I), "must not contain a <style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "must not use style= attributes (use fill=, stroke=)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "must not use event handlers (on...=)"),
    (re.compile(r"href\s*=\s*[\"'](?!#)", re.I), "must not link outside the drawing"),
    (re.compile(r"url\(\s*[\"']?(?!#)", re.I), "must not fetch anything (url(...))"),
    (re.compile(r"<\s*(foreignObject|image|iframe)", re.I), "must only draw shapes"),
)
_ID = re.compile(r"""\bid\s*=\s*(["'])([^"']+)\1""")


def build_movements(
    ld: Loader,
    raw: Mapping[str, tuple[str, dict[str, Any]]],
    regions: Mapping[str, Region],
    muscles: Mapping[str, Muscle],
    conditions: Mapping[str, Term],
    sources: Mapping[str, Source],
    folder: Path,
) -> dict[str, Movement]:
    out: dict[str, Movement] = {}
    for mid, (rel, d) in sorted(raw.items()):
        _check_fields(ld, rel, d, regions, muscles, conditions, sources)
        drawing = _illustration(ld, rel, mid, d["illustration"], folder)
        if drawing is None:
            continue
        out[mid] = Movement(
            mid,
            d["name"],
            d["break_kind"],
            d["seconds"],
            d["position"],
            tuple(d["equipment"]),
            tuple(d["muscles"]),
            tuple(d["regions"]),
            tuple(s.strip() for s in d["steps"]),
            tuple(c.strip() for c in d["cautions"]),
            tuple(d["avoid_with"]),
            drawing,
            tuple(d["sources"]),
        )
    return out


def _check_fields(
    ld: Loader,
    rel: str,
    d: dict[str, Any],
    regions: Mapping[str, Region],
    muscles: Mapping[str, Muscle],
    conditions: Mapping[str, Term],
    sources: Mapping[str, Source],
) -> None:
    ld.check_enum(rel, "break_kind", d["break_kind"], BREAK_KINDS)
    ld.check_enum(rel, "position", d["position"], POSITIONS)
    for item in d["equipment"]:
        ld.check_enum(rel, "equipment", item, EQUIPMENT)
    ld.check_range(rel, "seconds", d["seconds"], *MOVEMENT_SECONDS)
    ld.check_ids(rel, "muscles", d["muscles"], muscles, "muscle")
    ld.check_ids(rel, "regions", d["regions"], regions, "region")
    ld.check_ids(rel, "avoid_with", d["avoid_with"], conditions, "condition")
    ld.check_ids(rel, "sources", d["sources"], sources, "source")
    if d["break_kind"] == "movement" and not d["regions"]:
        ld.report(rel, "regions", "a movement needs at least one region it helps")
    low, high = MOVEMENT_STEPS
    if not low <= len(d["steps"]) <= high:
        ld.report(rel, "steps", f"needs {low} to {high} steps (it has {len(d['steps'])})")
    if any(not s.strip() for s in d["steps"]):
        ld.report(rel, "steps", "a step must not be empty")
    if not d["cautions"] or any(not c.strip() for c in d["cautions"]):
        ld.report(rel, "cautions", "needs at least one caution, none of them empty")
    if not d["sources"]:
        ld.report(rel, "sources", "a movement needs at least one source")


def _illustration(ld: Loader, rel: str, mid: str, name: str, folder: Path) -> str | None:
    """The drawing's markup, checked and with its ids prefixed; None (reported) if unusable."""
    fld = "illustration"
    path = folder / ILLUSTRATIONS / name
    if "/" in name or "\\" in name or not name.endswith(".svg"):
        ld.report(rel, fld, f"{name!r} should be a file name ending in .svg")
        return None
    if not path.is_file():
        ld.report(rel, fld, f"{ILLUSTRATIONS}/{name} does not exist")
        return None
    data = path.read_bytes()
    if len(data) > ILLUSTRATION_MAX_BYTES:
        ld.report(rel, fld, f"{name} is {len(data)} bytes; keep it under {ILLUSTRATION_MAX_BYTES}")
    try:
        text = data.decode("utf-8")
        root = ET.fromstring(text)
    except (UnicodeDecodeError, ET.ParseError) as exc:
        ld.report(rel, fld, f"{name} is not a well-formed SVG file: {exc}")
        return None
    problems = [message for pattern, message in _FORBIDDEN if pattern.search(text)]
    if root.tag not in (f"{_SVG_NS}svg", "svg"):
        problems.append("must be an <svg> drawing")
    if root.get("viewBox") != VIEWBOX:
        problems.append(f'needs viewBox="{VIEWBOX}"')
    if root.get("role") != "img":
        problems.append('needs role="img"')
    title = root.find(f"{_SVG_NS}title")
    title = title if title is not None else root.find("title")
    if title is None or not (title.text or "").strip():
        problems.append("needs a <title> naming the movement")
    for message in problems:
        ld.report(rel, fld, f"{name} {message}")
    if problems:
        return None
    return _namespaced(text[text.index("<svg") :].strip(), mid)


def _namespaced(markup: str, prefix: str) -> str:
    """Prefix every id (and the references to it) with the movement's id."""
    ids = {m.group(2) for m in _ID.finditer(markup)}
    for old in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{old}"
        markup = re.sub(rf"""\bid\s*=\s*(["']){re.escape(old)}\1""", f'id="{new}"', markup)
        markup = markup.replace(f"#{old})", f"#{new})").replace(f'"#{old}"', f'"#{new}"')
        markup = re.sub(rf"""(aria-[a-z]+=["'][^"']*)\b{re.escape(old)}\b""", rf"\1{new}", markup)
    return markup
