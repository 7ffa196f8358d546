"""Reversed URLs for the busiest pages, each route worked out once per process.

reverse() walks the URL patterns on every call, and a knot page links to about twenty
routes (the site's navigation, the knot's forms, its plan): together they cost as much
as a whole trivial request. A route's text depends only on the URL configuration and
the script prefix, so its pattern is kept per (resolver, prefix) and the arguments are
put into it: the same text reverse() gives, for any knot, without walking the patterns
again. Nothing about a particular knot or request is kept.

Templates use the same through `{% load unknot_routes %}` (see templatetags/).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

# An argument the patterns never contain themselves (the largest id a row can have): the
# route is reversed once with it, and split where it appears.
_MARK = "9223372036854775807"
# Arguments that reverse() writes out unchanged (it percent-quotes anything else).
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
_PATTERNS: dict[tuple[object, str, str, int], tuple[str, ...]] = {}


def _pattern(name: str, arity: int) -> tuple[str, ...]:
    """The route's text split around its `arity` arguments, for the URL configuration
    and script prefix in force (tests and the benchmark swap them)."""
    key = (get_resolver(get_urlconf()), get_script_prefix(), name, arity)
    parts = _PATTERNS.get(key)
    if parts is None:
        parts = _PATTERNS[key] = tuple(reverse(name, args=[_MARK] * arity).split(_MARK))
        if len(parts) != arity + 1:  # an unusual route: let reverse() handle every call
            parts = _PATTERNS[key] = ()
    return parts


def route(name: str, *args: int | str) -> str:
    """reverse(name, args=args), for routes whose arguments are ids and slugs."""
    parts = _pattern(name, len(args))
    if not parts or not all(_plain(a) for a in args):
        return reverse(name, args=args)
    if not args:
        return parts[0]
    out = [parts[0]]
    for arg, part in zip(args, parts[1:], strict=True):
        out += (str(arg), part)
    return "".join(out)


def maker(name: str) -> Callable[[int], str]:
    """route(name, pk) for many pks: Today has a few links per knot."""
    parts = _pattern(name, 1)
    if not parts:
        return lambda pk: reverse(name, args=[pk])
    head, tail = parts
    return lambda pk: f"{head}{pk}{tail}" if _plain(pk) else reverse(name, args=[pk])


def _plain(arg: object) -> bool:
    """True for an argument that reverse() writes out as str(arg). The caller passes what
    the route takes (an id for <int:...>, a slug for <slug:...>), as with reverse()."""
    if isinstance(arg, int):
        return arg >= 0 and not isinstance(arg, bool)
    return isinstance(arg, str) and _PLAIN.fullmatch(arg) is not None
