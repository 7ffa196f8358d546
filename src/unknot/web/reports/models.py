"""What the person adds to their report: the name to print on it (optional: unknot needs
no name) and their questions for the physical therapist."""

from __future__ import annotations

from django.conf import settings
from django.db import models

MAX_NAME = 100
MAX_QUESTIONS = 3000


class ReportNotes(models.Model):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_notes"
    )
    name = models.CharField(max_length=MAX_NAME, blank=True)
    questions = models.TextField(max_length=MAX_QUESTIONS, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "report notes"
