"""Two small middlewares: a strict Content-Security-Policy, and the implicit local person."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Everything is served by the app itself: no third-party requests, no inline script.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

Handler = Callable[[HttpRequest], HttpResponse]


def content_security_policy(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    return middleware


def local_person(get_response: Handler) -> Handler:
    """In local mode there is one person and no login: every request is theirs."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if settings.UNKNOT_MODE == "local":
            from unknot.web.journal.services import local_user

            request.user = local_user()
        return get_response(request)

    return middleware
