"""Prevention storage: the recovery and stress log, early-warning check-ins on risk areas,
the places a person watches, workstation checks, and the few settings these need.

Like the journal, reference data (regions, checklist items and their answers) is stored
as knowledge-base slugs, and every row has an owner from day one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

PAIN = [MinValueValidator(0), MaxValueValidator(10)]


class WaterUnit(models.TextChoices):
    GLASSES = "glasses", "Glasses"
    LITRES = "litres", "Litres"


class PreventionSettings(models.Model):
    """How often the early-warning check-ins ask, and how the log counts water."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prevention_settings"
    )
    every_days = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(14)]
    )
    per_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    water_unit = models.CharField(
        max_length=7, choices=WaterUnit.choices, default=WaterUnit.GLASSES
    )
    # area key -> ISO date: the nudge for that area stays quiet until then ("Not now").
    quiet = models.JSONField(default=dict, blank=True)


class WatchedArea(models.Model):
    """A place the person watches themselves (their knots' places are watched anyway)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watched_areas"
    )
    region = models.CharField(max_length=40)  # region slug
    side = models.CharField(max_length=10, blank=True)
    added_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "region", "side"], name="one_watch_per_place")
        ]


class AreaCheckIn(models.Model):
    """How a risk area felt one day (0-10), or that the person skipped the question.

    One row per area and day: answering again the same day changes that day's answer.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_checkins"
    )
    region = models.CharField(max_length=40)
    side = models.CharField(max_length=10, blank=True)
    day = models.DateField()
    at = models.DateTimeField()
    pain = models.PositiveSmallIntegerField(validators=PAIN, null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["owner", "day"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "region", "side", "day"], name="one_area_checkin_a_day"
            ),
            models.CheckConstraint(condition=models.Q(pain__lte=10), name="area_pain_0_10"),
        ]


class RecoveryEntry(models.Model):
    """One day of the recovery and stress log. Every measure may be left out.

    `sleep_hours` is the night before `day` (logged the morning after); water is kept in
    millilitres whatever unit the person types in (a glass is 250 ml).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_entries"
    )
    day = models.DateField()
    sleep_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    sleep_quality = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    water_ml = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    stress = models.PositiveSmallIntegerField(null=True, blank=True, validators=PAIN)
    exercise_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    exercise_kind = models.CharField(max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "day"], name="one_recovery_entry_a_day"),
            # A NULL (left out) passes a CHECK in SQL, so these only bound what is given.
            models.CheckConstraint(condition=models.Q(stress__lte=10), name="recovery_stress"),
            models.CheckConstraint(
                condition=models.Q(sleep_quality__gte=1, sleep_quality__lte=5),
                name="recovery_sleep_quality",
            ),
        ]


class WorkstationCheck(models.Model):
    """One run through the workstation checklist: the answers {item id: option id} and
    the score they gave at the time (see core/workstation.py for how it is computed)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workstation_checks"
    )
    day = models.DateField()
    at = models.DateTimeField()
    answers = models.JSONField(default=dict)
    points = models.PositiveSmallIntegerField(default=0)
    possible = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # percent; None: none counted

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["owner", "-at"])]
