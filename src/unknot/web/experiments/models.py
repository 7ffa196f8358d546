"""Stored experiments and their periods.

The design is stored whole (options, outcome, blocks, period length, washout, seed, the
smallest difference that matters), so the schedule can always be rebuilt and checked
against the stored periods. Options are knowledge-base ids with the label shown at the
time, never foreign keys into reference data. A period's outcome is a number or nothing:
a missed period is stored as missed and is never given a value.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Outcome(models.TextChoices):
    SESSION_RELIEF = "session_relief", "Relief in a session (pain before minus pain after)"
    NEXT_MORNING_PAIN = "next_morning_pain", "Pain the next morning"


class Unit(models.TextChoices):
    DAY = "day", "A day"
    SESSION = "session", "A session"


class Status(models.TextChoices):
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    STOPPED = "stopped", "Stopped early"


class Experiment(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments"
    )
    # None: a general experiment, not tied to one knot.
    knot = models.ForeignKey(
        "journal.Knot", null=True, blank=True, on_delete=models.CASCADE, related_name="experiments"
    )
    option_a = models.CharField(max_length=60)  # knowledge-base id
    option_a_label = models.CharField(max_length=120)
    option_b = models.CharField(max_length=60)
    option_b_label = models.CharField(max_length=120)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    blocks = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=8, choices=Unit.choices)
    washout_days = models.PositiveSmallIntegerField(default=0)
    seed = models.BigIntegerField()
    smallest_difference = models.FloatField(default=1.0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    created_at = models.DateTimeField(auto_now_add=True)
    started_on = models.DateField()
    stopped_on = models.DateField(null=True, blank=True)  # the day it finished or was stopped
    # What the result changed in the person's plan, said plainly ("" when it changed nothing).
    plan_note = models.CharField(max_length=300, blank=True)
    # The baseline measured from the journal when the experiment started (see
    # core.experiment_baseline): how much the knot's pain moved from one day (or session)
    # to the next before it. Empty source: none could be measured; the plain t interval.
    baseline_source = models.CharField(max_length=10, blank=True)  # "checkins", "sessions"
    baseline_spread = models.FloatField(null=True, blank=True)  # points, one pair's difference
    baseline_pairs = models.PositiveSmallIntegerField(default=0)  # degrees of freedom, <= 14
    baseline_count = models.PositiveSmallIntegerField(default=0)  # days or sessions looked at
    baseline_first = models.DateField(null=True, blank=True)  # the days the pairs span
    baseline_last = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(option_a=models.F("option_b")), name="two_different_options"
            ),
            models.CheckConstraint(
                condition=models.Q(blocks__gte=3, blocks__lte=12), name="experiment_blocks_3_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.option_a_label} or {self.option_b_label}"


class Period(models.Model):
    """One period of the schedule: which option, when, and its outcome or that it was missed."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField()  # 1.. in time order; a session's index
    block = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField()  # 1 or 2 within its block
    option = models.CharField(max_length=1)  # "a" or "b"
    planned_on = models.DateField(null=True, blank=True)  # the day to use it; None for sessions
    value = models.FloatField(null=True, blank=True)  # the outcome, in points
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)  # session relief
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    is_missed = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "number"], name="one_period_per_number"),
            models.CheckConstraint(
                condition=~models.Q(is_missed=True, value__isnull=False),
                name="a_missed_period_has_no_value",
            ),
            models.CheckConstraint(condition=models.Q(option__in=["a", "b"]), name="period_a_or_b"),
        ]
