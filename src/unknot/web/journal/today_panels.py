"""Panels other parts of unknot add to the Today page (experiments, breaks, early warnings).

Today should show everything that matters now without the journal knowing about every
feature. An app registers a function in its AppConfig.ready(); Today calls each one and
shows the panels that answer, in the order of their `order` number (lower first). A panel
that fails to render is left out rather than breaking the page people open every day.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Panel:
    """One section on Today: a heading and its markup (already escaped)."""

    title: str
    html: SafeString
    order: int = 50


PanelMaker = Callable[[HttpRequest, Any], Panel | None]
_MAKERS: dict[str, PanelMaker] = {}


def register(name: str, maker: PanelMaker) -> None:
    """Add (or replace) the panel maker called `name`; `maker(request, owner)` returns a
    Panel, or None when it has nothing to show today."""
    _MAKERS[name] = maker


def panels(request: HttpRequest, owner: Any) -> list[Panel]:
    shown = []
    for name, maker in list(_MAKERS.items()):
        try:
            panel = maker(request, owner)
        except Exception:
            log.exception("Today panel %s failed", name)
            continue
        if panel is not None:
            shown.append(panel)
    return sorted(shown, key=lambda p: p.order)
