"""One error shape for every error the API can give, wherever it comes from.

    {"error": {"status": 422, "code": "invalid_input", "message": "...", "fields": {...}}}

Clients (and people reading a response) should never have to guess which of
several shapes they got: ninja's validation errors, the journal's own
InvalidInput, the core's FactsError, a wrong method, an unknown URL and an
unexpected crash all end up here. `fields` maps a field to plain messages and
is filled only for validation errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError, ValidationError

from unknot.core.facts import FactsError
from unknot.web.journal.services import InvalidInput

logger = logging.getLogger("unknot.web.api")

CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_input",
    429: "too_many_requests",
    500: "server_error",
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def error_response(
    status: int,
    message: str,
    *,
    code: str | None = None,
    fields: Mapping[str, list[str]] | None = None,
) -> JsonResponse:
    body = {
        "error": {
            "status": status,
            "code": code or CODES.get(status, "error"),
            "message": message,
            "fields": {k: list(v) for k, v in (fields or {}).items()},
        }
    }
    return JsonResponse(body, status=status)


def _sentence(text: str) -> str:
    """The core's messages are terse lower-case lines; an API message reads as a sentence."""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _join(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def invalid_input(fields: Mapping[str, list[str]]) -> JsonResponse:
    return error_response(422, f"Please check {_join(fields)}.", fields=fields)


# --- pydantic's messages, in plain words ----------------------------------------------------

_PLAIN = {
    "missing": "This field is required.",
    "extra_forbidden": "This field is not expected here.",
    "int_type": "Use a whole number.",
    "int_parsing": "Use a whole number.",
    "int_from_float": "Use a whole number.",
    "string_type": "This should be text.",
    "bool_type": "Use true or false.",
    "bool_parsing": "Use true or false.",
    "list_type": "This should be a list.",
    "dict_type": "This should be an object.",
    "model_type": "This should be an object.",
    "model_attributes_type": "This should be an object.",
    "datetime_type": "Use a date and time like 2026-11-28T08:30:00Z.",
    "datetime_parsing": "Use a date and time like 2026-11-28T08:30:00Z.",
    "datetime_from_date_parsing": "Use a date and time like 2026-11-28T08:30:00Z.",
}


_TYPES = frozenset({"str", "int", "bool", "float", "list", "dict", "none"})


def _field_name(loc: tuple[Any, ...], from_ninja: bool) -> str:
    # ninja puts the source first ("body", "query", "path") and, for a body, the
    # parameter's name next; neither means anything to the client.
    parts = list(loc)
    if from_ninja:
        parts = parts[2:] if parts[:1] == ["body"] else parts[1:]
    # A union adds the member's type to the path ("regions.0.str"); our fields are
    # snake_case, so a type name is easy to leave out.
    parts = [p for p in parts if not (isinstance(p, str) and (p in _TYPES or p[:1].isupper()))]
    return ".".join(str(p) for p in parts) or "body"


def _plain(error: Mapping[str, Any]) -> str:
    if error["type"] in _PLAIN:
        return _PLAIN[error["type"]]
    message = str(error.get("msg", "This value is not valid"))
    message = message.removeprefix("Value error, ").replace("Input should be", "It should be")
    return _sentence(message)


def fields_of(errors: Iterable[Mapping[str, Any]], from_ninja: bool = True) -> dict[str, list[str]]:
    """Field -> plain messages, from pydantic's error list (ninja's, or pydantic's own)."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        name = _field_name(tuple(error.get("loc", ())), from_ninja)
        messages = fields.setdefault(name, [])
        if (text := _plain(error)) not in messages:
            messages.append(text)
    return fields


# --- exception handlers (installed on the NinjaAPI) ------------------------------------------


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return invalid_input(fields_of(exc.errors))


def on_invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return invalid_input(exc.errors)


def on_facts_error(request: HttpRequest, exc: FactsError) -> HttpResponse:
    return error_response(422, _sentence(f"The facts are not valid: {exc}"), code="invalid_facts")


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = str(exc) if isinstance(exc, NotFound) else f"There is nothing at {request.path}."
    return error_response(404, message)


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja turns a body it cannot parse into HttpError(400) raised from the parser's error.
    if exc.status_code == 400 and exc.__cause__ is not None:
        return error_response(400, "The request body is not valid JSON.", code="malformed_json")
    return error_response(exc.status_code, _sentence(exc.message))


def on_too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error_response(413, "The request body is too large.")


def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The traceback goes to the log, never to the client.
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(500, "Something went wrong on our side; please try again.")


class NotFound(Http404):
    """A 404 whose message is meant for the client (it never says whose a knot is)."""


HANDLERS: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
    (Exception, on_server_error),
    (Http404, on_not_found),
    (HttpError, on_http_error),
    (ValidationError, on_validation_error),
    (InvalidInput, on_invalid_input),
    (FactsError, on_facts_error),
    (RequestDataTooBig, on_too_large),
]


# --- responses made outside ninja's operations ----------------------------------------------


def _is_cross_site(request: HttpRequest) -> bool:
    """A browser page from another site posting to this computer's API.

    ninja views are exempt from Django's CSRF check (programs have no cookie to
    send). Browsers always send Origin on a cross-site write, programs usually
    send none, so a write whose Origin names another host is refused.
    """
    origin = request.headers.get("Origin")
    if request.method in SAFE_METHODS or not origin:
        return False
    return origin == "null" or urlsplit(origin).netloc != request.get_host()


def json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a URL's view so the errors Django and ninja make outside a handler share the shape."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _is_cross_site(request):
            return error_response(403, "Requests from other websites are not accepted.")
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exc:
            return on_not_found(request, exc)
        if response.status_code == 405 and not _is_json(response):
            allowed = ", ".join(sorted(str(response.get("Allow", "")).split(", ")))
            answer = error_response(405, f"{request.method} is not allowed here; use {allowed}.")
            answer["Allow"] = allowed
            return answer
        return response

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any /api/ address that names nothing (Django's own 404 page is HTML)."""
    return on_not_found(request, Http404())
