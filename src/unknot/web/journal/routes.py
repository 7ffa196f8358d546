"""Reversed URLs for the busiest pages, each route worked out once per process.

reverse() walks the URL patterns on every call, and a knot page links to about twenty
routes (the site's navigation, the knot's forms, its plan): together they cost as much
as a whole trivial request. A route's text depends only on the URL configuration and
the script prefix, so its pattern is kept per (resolver, prefix) and the arguments are
put into it: the same text reverse() gives, for any knot, without walking the patterns
again. Nothing about a particular knot or request is kept.

Finding the resolver and prefix in force reads two request-local values, which costs
more than the rest: a page that links to many routes takes `current()` once and asks it
for each (the templates do the same, see templatetags/unknot_routes.py).
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


class Routes:
    """The routes of one URL configuration and script prefix (see current())."""

    def __init__(self) -> None:
        self._patterns: dict[tuple[str, int], tuple[str, ...]] = {}

    def route(self, name: str, *args: int | str) -> str:
        """reverse(name, args=args), for routes whose arguments are ids and slugs."""
        parts = self._pattern(name, len(args))
        if not parts or not all(_plain(a) for a in args):
            return reverse(name, args=args)
        if not args:
            return parts[0]
        out = [parts[0]]
        for arg, part in zip(args, parts[1:], strict=True):
            out += (str(arg), part)
        return "".join(out)

    def maker(self, name: str) -> Callable[[int], str]:
        """route(name, pk) for many pks: Today has a few links per knot."""
        parts = self._pattern(name, 1)
        if not parts:
            return lambda pk: reverse(name, args=[pk])
        head, tail = parts
        return lambda pk: f"{head}{pk}{tail}" if _plain(pk) else reverse(name, args=[pk])

    def _pattern(self, name: str, arity: int) -> tuple[str, ...]:
        """The route's text split around its `arity` arguments; () for an unusual route,
        which reverse() then handles on every call."""
        parts = self._patterns.get((name, arity))
        if parts is None:
            parts = tuple(reverse(name, args=[_MARK] * arity).split(_MARK))
            parts = self._patterns[name, arity] = parts if len(parts) == arity + 1 else ()
        return parts


_TABLES: dict[tuple[object, str], Routes] = {}


def current() -> Routes:
    """The routes for the URL configuration and script prefix in force (tests and the
    benchmark swap them)."""
    key = (get_resolver(get_urlconf()), get_script_prefix())
    found = _TABLES.get(key)
    if found is None:
        found = _TABLES[key] = Routes()
    return found


def route(name: str, *args: int | str) -> str:
    """reverse(name, args=args), for routes whose arguments are ids and slugs."""
    return current().route(name, *args)


def _plain(arg: object) -> bool:
    """True for an argument that reverse() writes out as str(arg). The caller passes what
    the route takes (an id for <int:...>, a slug for <slug:...>), as with reverse()."""
    if isinstance(arg, int):
        return arg >= 0 and not isinstance(arg, bool)
    return isinstance(arg, str) and _PLAIN.fullmatch(arg) is not None
