"""The person's knots and profile, read once for everything one request shows.

Today's cards and the panels other apps add to Today (movement breaks favour the active
knots and causes; early warnings watch the places of past and present knots) all need the
same two reads. `for_request` keeps one OwnerReads on the request, so it lives exactly
as long as that request: nothing is carried over to the next one, and a change the person
makes shows at once. Code without a request makes its own OwnerReads(owner).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from unknot.web.journal import services
from unknot.web.journal.models import Knot, Profile

_ATTRIBUTE = "_unknot_owner_reads"


class OwnerReads:
    """An owner's knots and profile, each read on first use and then kept."""

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        self._knots: list[Knot] | None = None
        self._profile: Profile | None = None

    @property
    def knots(self) -> list[Knot]:
        """Every knot, archived ones too, newest first."""
        if self._knots is None:
            self._knots = services.knots_of(self.owner)
        return self._knots

    @property
    def active_knots(self) -> list[Knot]:
        return [k for k in self.knots if not k.is_archived]

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            self._profile = services.read_profile(self.owner)
        return self._profile


def for_request(request: HttpRequest | None, owner: Any) -> OwnerReads:
    """The request's OwnerReads for `owner` (a fresh one without a request)."""
    if request is None:
        return OwnerReads(owner)
    found = getattr(request, _ATTRIBUTE, None)
    if found is None or found.owner != owner:
        found = OwnerReads(owner)
        setattr(request, _ATTRIBUTE, found)
    return found
