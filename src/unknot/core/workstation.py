"""The workstation check: a guided checklist read from kb/workstation/, a score, and what
changed between two checks.

The questions, answers and recommendations are data (one TOML file per item, like the
rest of the knowledge base) so they can be reviewed and cited without touching code. They
are not a kind of kb.py's: a checklist item is not a clinical record that triage or the
planner reads, so it gets this small loader with its own checks, reported the same way
(`file:field: message`, every problem at once) through schema.Loader.

The score: every answered item that applies to the person scores 2 (fits you), 1 (partly)
or 0 (worth changing); items skipped or that do not apply ("I do not use a laptop") are
left out. The score is the points as a share of the most the counted items could give
(2 each), in percent, so skipping an item never lowers it.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from unknot.core.kb import default_kb
from unknot.core.schema import SCHEMA_VERSION, Loader, Problem, Spec

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "kb" / "workstation"
BEST = 2  # the points of an answer that fits the person
KIND = "workstation"

ITEM: Spec = {
    "schema_version": (int, True),
    "id": (str, True),
    "order": (int, True),
    "title": (str, True),
    "question": (str, True),
    "why": (str, True),
    "sources": (list, True),
    "options": (tuple, True),
}
OPTION: Spec = {
    "id": (str, True),
    "label": (str, True),
    "points": (int, False),
    "recommendation": (str, False),
    "applies": (bool, False),
}


class WorkstationError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        super().__init__(f"{len(problems)} problem(s) in the workstation checklist:\n{shown}")


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    points: int | None  # None: the item does not apply to the person (not counted)
    recommendation: str = ""

    @property
    def applies(self) -> bool:
        return self.points is not None

    @property
    def fits(self) -> bool:
        return self.points == BEST


@dataclass(frozen=True)
class Item:
    id: str
    order: int
    title: str
    question: str
    why: str
    sources: tuple[str, ...]
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


# --- loading --------------------------------------------------------------------------------


def load(path: Path | None = None, known_sources: Collection[str] = ()) -> tuple[Item, ...]:
    """Every item, in their `order`; raises WorkstationError listing every problem.
    Source ids are checked against `known_sources` when it is given."""
    items, problems = _read(path or DEFAULT_PATH, known_sources)
    if problems:
        raise WorkstationError(problems)
    return items


def check(path: Path | None = None, known_sources: Collection[str] = ()) -> list[Problem]:
    """The problems of the checklist files, as `file:field: message` (none: it loads)."""
    return _read(path or DEFAULT_PATH, known_sources)[1]


@functools.cache
def default_items() -> tuple[Item, ...]:
    """The packaged checklist, read once, its sources checked against the knowledge base."""
    return load(DEFAULT_PATH, frozenset(default_kb().sources))


def _read(path: Path, known_sources: Collection[str]) -> tuple[tuple[Item, ...], list[Problem]]:
    loader = Loader(path)
    items: list[Item] = []
    if not path.is_dir():
        loader.report(f"{KIND}/", "-", "folder is missing")
    for file in sorted(path.glob("*.toml")) if path.is_dir() else []:
        rel = f"{KIND}/{file.name}"
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            loader.report(rel, "-", f"not valid TOML: {exc}")
            continue
        item = _item(loader, rel, file.stem, data, known_sources)
        if item is not None:
            items.append(item)
    _check_orders(loader, items)
    if path.is_dir() and not items and not loader.problems:
        loader.report(f"{KIND}/", "-", "no checklist items")
    return tuple(sorted(items, key=lambda i: (i.order, i.id))), loader.problems


def _item(
    loader: Loader, rel: str, stem: str, data: dict[str, Any], known_sources: Collection[str]
) -> Item | None:
    if not loader.check_fields(rel, "", data, ITEM):
        return None
    before = len(loader.problems)
    if data["id"] != stem:
        loader.report(rel, "id", f"must equal the file name {stem!r}")
    if data["schema_version"] != SCHEMA_VERSION:
        loader.report(rel, "schema_version", f"must be {SCHEMA_VERSION}")
    if not data["sources"]:
        loader.report(rel, "sources", "cite at least one source")
    if known_sources:
        loader.check_ids(rel, "sources", data["sources"], dict.fromkeys(known_sources), "source")
    options = _options(loader, rel, data["options"])
    if len(loader.problems) > before:
        return None
    return Item(
        id=data["id"],
        order=data["order"],
        title=data["title"].strip(),
        question=data["question"].strip(),
        why=" ".join(data["why"].split()),
        sources=tuple(data["sources"]),
        options=options,
    )


def _options(loader: Loader, rel: str, raw: list[dict[str, Any]]) -> tuple[Option, ...]:
    options: list[Option] = []
    seen: set[str] = set()
    for i, data in enumerate(raw):
        where = f"options[{i}]."
        if not loader.check_fields(rel, where, data, OPTION):
            continue
        option = _option(loader, rel, where, data)
        if option.id in seen:
            loader.report(rel, where + "id", f"duplicate option id {option.id!r}")
        seen.add(option.id)
        options.append(option)
    if len(raw) < 2:
        loader.report(rel, "options", "give at least two answers to choose from")
    elif options and not any(o.fits for o in options):
        loader.report(rel, "options", f"one answer must fit the person (points = {BEST})")
    return tuple(options)


def _option(loader: Loader, rel: str, where: str, data: dict[str, Any]) -> Option:
    applies = data.get("applies", True)
    points = data.get("points")
    advice = " ".join(data.get("recommendation", "").split())
    if not applies:
        if points is not None:
            loader.report(rel, where + "points", "an answer that does not apply scores nothing")
        return Option(data["id"], data["label"].strip(), None, advice)
    if points is None:
        loader.report(rel, where + "points", "missing (or set applies = false)")
        points = 0
    loader.check_range(rel, where + "points", points, 0, BEST)
    if points < BEST and not advice:
        loader.report(rel, where + "recommendation", "say what to change for this answer")
    return Option(data["id"], data["label"].strip(), points, advice)


def _check_orders(loader: Loader, items: Iterable[Item]) -> None:
    taken: dict[int, str] = {}
    for item in items:
        if item.order in taken:
            loader.report(
                f"{KIND}/{item.id}.toml", "order", f"{item.order} is also {taken[item.order]}'s"
            )
        taken.setdefault(item.order, item.id)


# --- answers, the score and what changed ---------------------------------------------------


def clean_answers(
    items: Iterable[Item], answers: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """(the answers that name a known item and one of its options, {item id: why not} for
    the others). An empty answer is a skip, not a problem."""
    known = {item.id: item for item in items}
    kept: dict[str, str] = {}
    wrong: dict[str, str] = {}
    for item_id, option_id in answers.items():
        if not option_id:
            continue
        item = known.get(item_id)
        if item is None:
            wrong[item_id] = "There is no such question in the checklist."
        elif item.option(option_id) is None:
            wrong[item_id] = "Choose one of the answers."
        else:
            kept[item_id] = option_id
    return kept, wrong


@dataclass(frozen=True)
class Score:
    points: int
    possible: int  # BEST for every counted item
    counted: int  # items answered that apply
    not_applicable: int
    skipped: int

    @property
    def percent(self) -> int | None:
        """The points as a share of the most possible, or None when nothing counted."""
        return round(100 * self.points / self.possible) if self.possible else None


def score(items: Iterable[Item], answers: Mapping[str, str]) -> Score:
    points = counted = not_applicable = skipped = 0
    for item in items:
        option = item.option(answers.get(item.id, ""))
        if option is None:
            skipped += 1
        elif option.points is None:
            not_applicable += 1
        else:
            points += option.points
            counted += 1
    return Score(points, BEST * counted, counted, not_applicable, skipped)


@dataclass(frozen=True)
class Advice:
    item: Item
    option: Option


def recommendations(items: Iterable[Item], answers: Mapping[str, str]) -> list[Advice]:
    """What to change, the answers furthest from fitting first (then in checklist order)."""
    found = [
        Advice(item, option)
        for item in items
        if (option := item.option(answers.get(item.id, ""))) is not None
        and option.points is not None
        and option.points < BEST
    ]
    return sorted(found, key=lambda a: (a.option.points or 0, a.item.order))


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    CHANGED = "changed"  # a different answer with the same points, or one that does not apply
    NEW = "new"  # answered now, skipped last time
    DROPPED = "dropped"  # answered last time, skipped now


@dataclass(frozen=True)
class Change:
    item: Item
    before: Option | None
    after: Option | None
    direction: Direction


def changes(
    items: Iterable[Item], before: Mapping[str, str], after: Mapping[str, str]
) -> list[Change]:
    """Item by item, how the answers moved from one check (`before`) to the next."""
    found = []
    for item in items:
        old = item.option(before.get(item.id, ""))
        new = item.option(after.get(item.id, ""))
        if old is None and new is None:
            continue
        found.append(Change(item, old, new, _direction(old, new)))
    return found


def _direction(old: Option | None, new: Option | None) -> Direction:
    if old is None:
        return Direction.NEW
    if new is None:
        return Direction.DROPPED
    if old.id == new.id:
        return Direction.SAME
    if old.points is None or new.points is None or old.points == new.points:
        return Direction.CHANGED
    return Direction.BETTER if new.points > old.points else Direction.WORSE
