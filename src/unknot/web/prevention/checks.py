"""Workstation checks: store a run through the checklist with its score, and compare it
with the one before. The checklist and the scoring are core/workstation.py's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from unknot.core import workstation as ws
from unknot.core.clock import Clock, SystemClock
from unknot.web.journal.services import MAX_ID, InvalidInput
from unknot.web.prevention.models import WorkstationCheck


def save_check(
    owner: Any,
    answers: Mapping[str, Any],
    clock: Clock | None = None,
    items: tuple[ws.Item, ...] | None = None,
) -> WorkstationCheck:
    """Store the answers {item id: option id} (an empty answer is a skip) and their score."""
    items = items or ws.default_items()
    if not isinstance(answers, Mapping) or not all(
        isinstance(v, str) or v is None for v in answers.values()
    ):
        raise InvalidInput({"answers": ["Give each answer as the id of one of its options."]})
    kept, wrong = ws.clean_answers(items, {k: v or "" for k, v in answers.items()})
    if wrong:
        raise InvalidInput({k: [v] for k, v in wrong.items()})
    if not kept:
        raise InvalidInput({"answers": ["Answer at least one question."]})
    scored = ws.score(items, kept)
    now = (clock or SystemClock()).now()
    return WorkstationCheck.objects.create(
        owner=owner,
        day=(clock or SystemClock()).today(),
        at=now,
        answers=kept,
        points=scored.points,
        possible=scored.possible,
        score=scored.percent,
    )


def checks_of(owner: Any, limit: int = 50) -> list[WorkstationCheck]:
    return list(WorkstationCheck.objects.filter(owner=owner).order_by("-at", "-id")[:limit])


def find_check(owner: Any, pk: int) -> WorkstationCheck | None:
    if not 0 < pk <= MAX_ID:
        return None
    return WorkstationCheck.objects.filter(owner=owner, pk=pk).first()


def previous(check: WorkstationCheck) -> WorkstationCheck | None:
    """The person's check just before this one."""
    earlier = WorkstationCheck.objects.filter(owner_id=check.owner_id, at__lte=check.at).exclude(
        pk=check.pk
    )
    return earlier.filter(at__lt=check.at).order_by("-at", "-id").first() or (
        earlier.filter(at=check.at, pk__lt=check.pk).order_by("-id").first()
    )


@dataclass(frozen=True)
class Report:
    """A check as the pages show it: score, what to change, and what changed since."""

    check: WorkstationCheck
    score: ws.Score
    advice: list[ws.Advice]
    before: WorkstationCheck | None
    changes: list[ws.Change]

    @property
    def moved(self) -> list[ws.Change]:
        """The changes worth telling: everything but the answers that stayed the same."""
        return [c for c in self.changes if c.direction is not ws.Direction.SAME]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.check.pk,
            "day": self.check.day.isoformat(),
            "at": self.check.at.isoformat(),
            "answers": dict(self.check.answers),
            "score": self.score.percent,
            "points": self.score.points,
            "possible": self.score.possible,
            "counted": self.score.counted,
            "not_applicable": self.score.not_applicable,
            "skipped": self.score.skipped,
            "recommendations": [
                {"item": a.item.id, "title": a.item.title, "text": a.option.recommendation}
                for a in self.advice
            ],
            "previous": self.before.pk if self.before else None,
            "changes": [
                {
                    "item": c.item.id,
                    "before": c.before.id if c.before else None,
                    "after": c.after.id if c.after else None,
                    "direction": c.direction.value,
                }
                for c in self.changes
            ],
        }


def report(check: WorkstationCheck, items: tuple[ws.Item, ...] | None = None) -> Report:
    """The check scored again from its answers (an edited checklist is picked up; an
    answer that no longer exists counts as skipped) and compared with the one before."""
    items = items or ws.default_items()
    before = previous(check)
    answers = dict(check.answers)
    return Report(
        check,
        ws.score(items, answers),
        ws.recommendations(items, answers),
        before,
        ws.changes(items, dict(before.answers), answers) if before else [],
    )
