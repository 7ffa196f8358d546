"""Journal storage. Reference data (regions, muscles, symptoms, tools) is stored
as knowledge-base slugs, never as foreign keys: the knowledge base is data
files, and slugs survive its edits. Every row has an owner from day one, so
clinic mode (many people) needs no migration of meaning.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

PAIN = [MinValueValidator(0), MaxValueValidator(10)]


class Size(models.TextChoices):
    PINHEAD = "pinhead", "Pinhead"
    PEA = "pea", "Pea"
    FINGERTIP = "fingertip", "Fingertip"
    THUMBPRINT = "thumbprint", "Thumbprint"


class Feel(models.TextChoices):
    DULL = "dull", "Dull"
    ACHY = "achy", "Achy"
    SHARP = "sharp", "Sharp"
    RADIATING = "radiating", "Radiating"


class Strategy(models.TextChoices):
    SELF_RELEASE = "self_release", "Self-release (pressure)"
    HEAT = "heat", "Heat"
    COLD = "cold", "Cold"
    MOVEMENT = "movement", "Movement"
    STRETCH = "stretch", "Gentle stretch"
    RELAXATION = "relaxation", "Relaxation"
    HYDRATION = "hydration", "Hydration and recovery"
    HABIT = "habit", "Habit or posture change"


class Profile(models.Model):
    """What triage needs to know about the person rather than the knot."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unknot_profile"
    )
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    conditions = models.JSONField(default=list, blank=True)  # condition slugs


class Knot(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knots"
    )
    region = models.CharField(max_length=40)  # region slug
    side = models.CharField(max_length=10, blank=True)  # left/right/both/center or ""
    muscle = models.CharField(max_length=40, blank=True)  # suspected muscle slug
    size = models.CharField(max_length=12, choices=Size.choices, blank=True)
    feel = models.JSONField(default=list, blank=True)  # Feel values
    symptoms = models.JSONField(default=list, blank=True)  # symptom slugs from the check
    limits = models.CharField(max_length=200, blank=True)
    limits_daily_activities = models.BooleanField(default=False)
    recurring = models.BooleanField(default=False)
    started_on = models.DateField()
    notes = models.TextField(blank=True, max_length=5000)
    is_archived = models.BooleanField(default=False)
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "is_archived"])]

    def __str__(self) -> str:
        return f"{self.side} {self.region}".strip()


class Activity(models.Model):
    """One Patient-Specific Functional Scale activity the person named for this knot."""

    knot = models.ForeignKey(Knot, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["knot", "name"], name="unique_activity_per_knot")
        ]


class CheckIn(models.Model):
    knot = models.ForeignKey(Knot, on_delete=models.CASCADE, related_name="checkins")
    at = models.DateTimeField()
    pain = models.PositiveSmallIntegerField(validators=PAIN)
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["knot", "-at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(pain__lte=10), name="checkin_pain_0_10")
        ]


class FunctionScore(models.Model):
    """PSFS: how well the person can do one activity today, 0 (unable) to 10 (as before)."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="scores")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(validators=PAIN)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "activity"], name="one_score_per_activity"),
            models.CheckConstraint(condition=models.Q(score__lte=10), name="score_0_10"),
        ]


class Session(models.Model):
    """A self-care session: what was done, for how long, and pain before and after."""

    knot = models.ForeignKey(Knot, on_delete=models.CASCADE, related_name="sessions")
    at = models.DateTimeField()
    strategy = models.CharField(max_length=20, choices=Strategy.choices)
    tool = models.CharField(max_length=40, blank=True)  # tool slug
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    pain_before = models.PositiveSmallIntegerField(validators=PAIN, null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(validators=PAIN, null=True, blank=True)
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["knot", "-at"])]
