"""Check the movement library (src/unknot/kb/movements/) before the real loader exists.

A stand-alone, standard-library-only check that the records follow the agreed schema,
that every id they name exists, and that every illustration is a small, safe SVG
(no style attributes, scripts or external references: the pages run under a strict CSP).
It also prints the coverage the break scheduler relies on: region groups, muscles,
positions and duration bands. Exit status 1 when any problem is found.

    .venv/bin/python scripts/check_movements.py
"""

from __future__ import annotations

import sys
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

KB = Path(__file__).resolve().parents[1] / "src" / "unknot" / "kb"
MOVES = KB / "movements"
SVG_NS = "{http://www.w3.org/2000/svg}"

KEYS = (
    "schema_version id name break_kind seconds position equipment muscles regions steps "
    "cautions avoid_with illustration sources"
).split()
BREAK_KINDS = {"movement", "sit_stand", "water", "posture_reset"}
POSITIONS = {"sitting", "standing", "floor", "any"}
EQUIPMENT = {"chair", "wall", "desk", "door_frame", "towel", "water_glass"}
BANDS = ((20, 60, "20-60 s"), (61, 179, "61-179 s"), (180, 300, "180-300 s"))


def ids(kind: str) -> set[str]:
    return {p.stem for p in (KB / kind).glob("*.toml")}


def region_groups() -> dict[str, str]:
    return {
        p.stem: tomllib.loads(p.read_text(encoding="utf-8"))["group"]
        for p in (KB / "regions").glob("*.toml")
    }


def check_svg(path: Path) -> list[str]:
    """Problems with one illustration, as short messages."""
    if not path.is_file():
        return ["illustration file is missing"]
    problems = []
    raw = path.read_bytes()
    if len(raw) >= 4096:
        problems.append(f"illustration is {len(raw)} bytes (limit 4 KB)")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        return [f"illustration is not well-formed XML: {exc}"]
    if root.tag != f"{SVG_NS}svg":
        problems.append("root element is not <svg> in the SVG namespace")
    if root.get("viewBox") != "0 0 120 120":
        problems.append('viewBox must be "0 0 120 120"')
    if root.get("role") != "img":
        problems.append('root needs role="img"')
    title = root.find(f"{SVG_NS}title")
    if title is None or not (title.text or "").strip():
        problems.append("a non-empty <title> is required")
    for el in root.iter():
        tag = el.tag.replace(SVG_NS, "")
        if tag in {"style", "script", "foreignObject", "image", "use"}:
            problems.append(f"<{tag}> is not allowed")
        for attr in el.attrib:
            name = attr.split("}")[-1]
            if name == "style" or name.startswith("on") or name == "href":
                problems.append(f"attribute {name!r} is not allowed on <{tag}>")
    if b"currentColor" not in raw:
        problems.append("figure strokes should use currentColor")
    return problems


def check_record(path: Path, known: dict[str, set[str]]) -> list[str]:
    try:
        d = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        return [f"not valid TOML: {exc}"]
    problems = [f"unknown key {k!r}" for k in d if k not in KEYS]
    problems += [f"missing key {k!r}" for k in KEYS if k not in d]
    if problems:
        return problems
    if d["schema_version"] != 1:
        problems.append("schema_version must be 1")
    if d["id"] != path.stem:
        problems.append("id must equal the file name")
    if d["break_kind"] not in BREAK_KINDS:
        problems.append(f"break_kind {d['break_kind']!r} is not one of {sorted(BREAK_KINDS)}")
    if not isinstance(d["seconds"], int) or not 20 <= d["seconds"] <= 300:
        problems.append("seconds must be a whole number from 20 to 300")
    if d["position"] not in POSITIONS:
        problems.append(f"position {d['position']!r} is not one of {sorted(POSITIONS)}")
    problems += [f"unknown equipment {e!r}" for e in d["equipment"] if e not in EQUIPMENT]
    for field, kind in (
        ("muscles", "muscles"),
        ("regions", "regions"),
        ("avoid_with", "conditions"),
        ("sources", "sources"),
    ):
        problems += [f"{field}: unknown id {i!r}" for i in d[field] if i not in known[kind]]
        if len(set(d[field])) != len(d[field]):
            problems.append(f"{field}: an id is listed twice")
    if d["break_kind"] == "movement" and not d["muscles"]:
        problems.append("a movement needs at least one muscle")
    if not d["regions"]:
        problems.append("at least one region is needed")
    if not d["sources"]:
        problems.append("at least one source is needed")
    if not 2 <= len(d["steps"]) <= 6:
        problems.append("steps: 2 to 6 are needed")
    if not d["cautions"]:
        problems.append("cautions: at least one is needed")
    for field in ("name", "steps", "cautions"):
        texts = [d[field]] if isinstance(d[field], str) else d[field]
        problems += [f"{field}: empty text" for t in texts if not t.strip()]
    if d["illustration"] != f"{d['id']}.svg":
        problems.append("illustration must be named <id>.svg")
    problems += check_svg(MOVES / "illustrations" / d["illustration"])
    return problems


def report(records: list[dict]) -> None:
    groups = region_groups()
    moves = [r for r in records if r["break_kind"] == "movement"]
    covered_groups = Counter(groups[g] for r in moves for g in set(r["regions"]))
    missing_groups = sorted(set(groups.values()) - set(covered_groups))
    muscles = ids("muscles") - {m for r in moves for m in r["muscles"]}
    print(f"records: {len(records)}  ({Counter(r['break_kind'] for r in records)})")
    print("positions (movements):", dict(Counter(r["position"] for r in moves)))
    bands = Counter(next(b for lo, hi, b in BANDS if lo <= r["seconds"] <= hi) for r in moves)
    print("durations (movements):", dict(bands))
    print("movements per region group:", dict(sorted(covered_groups.items())))
    print("region groups without a movement:", missing_groups or "none")
    desk = [r for r in moves if r["seconds"] <= 60 and r["position"] in ("sitting", "any")]
    desk_micro = {groups[g] for r in desk for g in r["regions"]}
    print(
        "region groups without a 20-60 s movement for the desk:",
        sorted(set(groups.values()) - desk_micro) or "none",
    )
    print("muscles without a movement:", sorted(muscles) or "none")
    print("equipment:", dict(Counter(e for r in records for e in r["equipment"] or ["none"])))


def main() -> int:
    known = {k: ids(k) for k in ("muscles", "regions", "conditions", "sources")}
    records, failed = [], 0
    for path in sorted(MOVES.glob("*.toml")):
        problems = check_record(path, known)
        for p in problems:
            print(f"{path.relative_to(KB.parent.parent.parent)}: {p}")
        failed += bool(problems)
        if not problems:
            records.append(tomllib.loads(path.read_text(encoding="utf-8")))
    drawn = {p.stem for p in (MOVES / "illustrations").glob("*.svg")}
    stray = drawn - {p.stem for p in MOVES.glob("*.toml")}
    for s in sorted(stray):
        print(f"illustrations/{s}.svg: no record uses this illustration")
    report(records)
    print("OK" if not failed and not stray else f"{failed} file(s) with problems")
    return 1 if failed or stray else 0


if __name__ == "__main__":
    sys.exit(main())
