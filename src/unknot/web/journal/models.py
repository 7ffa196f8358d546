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


class StopReason(models.TextChoices):
    HURTS_MORE = "hurts_more", "It hurt more"
    NUMBNESS = "numbness", "Numbness appeared"
    TINGLING = "tingling", "Tingling appeared"
    OTHER = "other", "Something else"


class HeatCold(models.TextChoices):
    """Which of warmth or cold suits the person; blank: not known yet (the plan suggests trying)."""

    HEAT = "heat", "Warmth"
    COLD = "cold", "Cold"


class Profile(models.Model):
    """What triage needs to know about the person rather than the knot."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unknot_profile"
    )
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    conditions = models.JSONField(default=list, blank=True)  # condition slugs
    # What the plan builder fits a routine to (see journal/plans.py).
    tools = models.JSONField(default=list, blank=True)  # tool slugs the person owns
    heat_cold = models.CharField(max_length=4, choices=HeatCold.choices, blank=True)
    minutes = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    causes = models.JSONField(default=dict, blank=True)  # core.causes.CauseProfile.to_json()


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
    # The day a guided session was stopped because it hurt more: for two weeks after it the
    # knot's triage counts as getting worse (the guidance: stop and seek advice).
    worse_reported_on = models.DateField(null=True, blank=True)
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
    # Why a guided session was stopped early for safety ("" when it was finished or logged).
    stop_reason = models.CharField(max_length=12, choices=StopReason.choices, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["knot", "-at"])]


class PlanChoice(models.Model):
    """A step of a knot's plan that the person dropped or swapped for another.

    The plan itself is never stored: it is built again from the knowledge base whenever
    the profile, the knot or its triage changes. A choice names the step by a stable key
    (kind and knowledge-base record, e.g. "movement:shoulder_rolls"), so it still applies
    to the regenerated plan, and simply stops applying if that step is no longer in it.
    """

    class Action(models.TextChoices):
        DROP = "drop", "Leave out"
        SWAP = "swap", "Swap"

    knot = models.ForeignKey(Knot, on_delete=models.CASCADE, related_name="plan_choices")
    step_key = models.CharField(max_length=90)
    action = models.CharField(max_length=4, choices=Action.choices)
    replacement = models.CharField(max_length=90, blank=True)  # a step key, for a swap
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["knot", "step_key"], name="one_choice_per_step"),
            models.CheckConstraint(
                condition=models.Q(action__in=["drop", "swap"]), name="plan_choice_action"
            ),
        ]


class Exposure(models.Model):
    """One bout of an activity with a knot, and how the knot answered ("Can I still train?").

    `activity` is the normalised name (core.dosing.activity_key), so "Long  Run" and
    "long run" are one history; `name` keeps the words as last typed, for display.
    `next_morning` is "better", "same" or "worse", a pain number "0".."10", or blank
    when it is not known yet.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exposures"
    )
    activity = models.CharField(max_length=100)
    name = models.CharField(max_length=100)
    day = models.DateField()
    pain_during = models.PositiveSmallIntegerField(validators=PAIN)
    pain_after = models.PositiveSmallIntegerField(validators=PAIN)
    pain_before = models.PositiveSmallIntegerField(validators=PAIN, null=True, blank=True)
    next_morning = models.CharField(max_length=6, blank=True)
    is_sample = models.BooleanField(default=False)  # added by `unknot demo`; removed with it
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["owner", "activity", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pain_during__lte=10, pain_after__lte=10),
                name="exposure_pain_0_10",
            )
        ]
