"""Movement breaks: the person's settings, every break shown or taken, and the movements
they never want again. Movements are stored as knowledge-base slugs, never foreign keys.

The schedule itself is never stored: it is worked out again from these rows and the clock
(core/schedule.py), so a change of settings applies at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from unknot.core.schedule import DEFAULT_HOURS, EXTRA_KINDS
from unknot.core.schema import EQUIPMENT


def default_hours() -> list[list[list[str]]]:
    """Monday to Friday, 09:00-17:30 (index 0 is Monday)."""
    return [[[f"{s.start:%H:%M}", f"{s.end:%H:%M}"] for s in day] for day in DEFAULT_HOURS]


def default_kinds() -> list[str]:
    return [k.value for k in EXTRA_KINDS]


def default_equipment() -> list[str]:
    return list(EQUIPMENT)


class Kind(models.TextChoices):
    MICRO = "micro", "Micro-break"
    LONG = "long", "Movement break"
    SIT_STAND = "sit_stand", "Sit–stand change"
    WATER = "water", "Glass of water"
    POSTURE_RESET = "posture_reset", "Posture reset"


class Outcome(models.TextChoices):
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"
    POSTPONED = "postponed", "Postponed"
    NATURAL = "natural", "Away (counts as a break)"
    UNANSWERED = "unanswered", "Not answered"


class Felt(models.TextChoices):
    FINE = "fine", "Fine"
    HURT = "hurt", "It hurt"
    DISLIKED = "disliked", "Not for me"


class Notify(models.TextChoices):
    OVERLAY = "overlay", "A calm overlay on the open unknot page"
    NOTIFICATION = "notification", "The overlay and a system notification"
    QUIET = "quiet", "Nothing pops up: I look at Today myself"


class BreakSettings(models.Model):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="break_settings"
    )
    is_enabled = models.BooleanField(default=True)
    hours = models.JSONField(default=default_hours)  # 7 lists of ["HH:MM", "HH:MM"] spans
    micro_every_min = models.PositiveSmallIntegerField(default=30)
    micro_min_s = models.PositiveSmallIntegerField(default=30)
    micro_max_s = models.PositiveSmallIntegerField(default=60)
    long_every_min = models.PositiveSmallIntegerField(default=90)
    long_min_s = models.PositiveSmallIntegerField(default=180)
    long_max_s = models.PositiveSmallIntegerField(default=300)
    min_gap_min = models.PositiveSmallIntegerField(default=10)
    postpone_min = models.PositiveSmallIntegerField(default=5)
    max_postpones = models.PositiveSmallIntegerField(default=3)
    idle_threshold_s = models.PositiveSmallIntegerField(default=60)
    kinds = models.JSONField(default=default_kinds, blank=True)  # extra kinds mixed in
    equipment = models.JSONField(default=default_equipment, blank=True)
    notify = models.CharField(max_length=12, choices=Notify.choices, default=Notify.OVERLAY)
    updated_at = models.DateTimeField(auto_now=True)


class BreakEvent(models.Model):
    """One break: shown and answered (done, skipped, postponed), unanswered, or natural."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="break_events"
    )
    at = models.DateTimeField()
    kind = models.CharField(max_length=13, choices=Kind.choices)
    movement = models.CharField(max_length=60, blank=True)  # the main movement's slug
    extra = models.JSONField(default=list, blank=True)  # a longer break's further slugs
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    seconds = models.PositiveIntegerField(default=0)
    felt = models.CharField(max_length=8, choices=Felt.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["owner", "at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome__in=Outcome.values), name="break_outcome_known"
            )
        ]

    @property
    def movements(self) -> tuple[str, ...]:
        return ((self.movement,) if self.movement else ()) + tuple(self.extra)


class MovementFeedback(models.Model):
    """A movement the person said hurt or did not like: it leaves the rotation for good
    (until they bring it back from the movement library)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="movement_feedback"
    )
    movement = models.CharField(max_length=60)
    felt = models.CharField(max_length=8, choices=[c for c in Felt.choices if c[0] != "fine"])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["movement"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "movement"], name="one_feeling_per_movement")
        ]
