"""unknot's JSON API at /api/v1/ (django-ninja), for programs on this computer.

The endpoints are thin: parse, call one journal service or core function,
answer. What is special lives here and in errors.py: every error, including
Django's own 404 and 405, comes back in one JSON shape; the OpenAPI document
is served at /api/v1/openapi.json, but the interactive docs page is off
because ninja's Swagger UI loads its files from a CDN and unknot makes no
third-party requests.

CSRF: ninja views are exempt (programs send no cookies). In local mode the
server listens on loopback only, and a write that a browser sends from another
site (an Origin header naming another host) is refused.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from django.views.decorators.http import require_safe
from ninja import NinjaAPI

from unknot.web.api import breaks, errors, experiments, knots, plans, prevention, reference, reports


class UnknotAPI(NinjaAPI):
    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                view: Any = pattern.callback
                if pattern.name == "openapi-json":
                    view = require_safe(view)
                pattern.callback = errors.json_errors(view)
        return patterns


api = UnknotAPI(
    title="unknot",
    version="1",
    description=(
        "Knots, check-ins, self-care sessions, plans, movement dosing, triage and the "
        "muscle library."
    ),
    urls_namespace="api-v1",
    docs_url=None,
)
for exc_class, handler in errors.HANDLERS:
    api.add_exception_handler(exc_class, handler)
api.add_router("", knots.router)
api.add_router("", reference.router)
api.add_router("", plans.router)
api.add_router("", prevention.router)
api.add_router("", breaks.router)
api.add_router("", experiments.router)
api.add_router("", reports.router)

__all__ = ["api"]
