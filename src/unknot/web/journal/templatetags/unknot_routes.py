"""{% route 'app:name' %} and {% asset 'app/file.css' %}: {% url %} and {% static %} for
links that take no arguments (the site's navigation, its scripts and styles), worked out
once per process instead of on every page (see journal/routes.py for why).

They write exactly what {% url %} and {% static %} write, and work in any template,
with or without a request (the 500 page too). Load them with {% load unknot_routes %}.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.templatetags.static import static
from django.utils.html import conditional_escape, escape

from unknot.web.journal.routes import Routes, current

register = template.Library()
_ASSETS: dict[tuple[str, str], str] = {}


def _forget_assets(**_kwargs: Any) -> None:
    _ASSETS.clear()  # a test changed the static settings


setting_changed.connect(_forget_assets)


class _Constant(template.Node):
    """A tag whose one argument is a quoted string, resolved when the page is drawn."""

    def __init__(self, text: str) -> None:
        self.text = text


def _escaped(context: template.Context, value: str) -> str:
    return conditional_escape(value) if context.autoescape else value


def _routes(context: template.Context) -> Routes:
    """The routes in force, looked up once per page rather than once per link."""
    routes = context.render_context.get(RouteNode)
    if routes is None:
        routes = context.render_context[RouteNode] = current()
    return routes


class RouteNode(_Constant):
    def render(self, context: template.Context) -> str:
        return _escaped(context, _routes(context).route(self.text))


class AssetNode(_Constant):
    def render(self, context: template.Context) -> str:
        key = (settings.STATIC_URL, self.text)
        url = _ASSETS.get(key)
        if url is None:
            url = _ASSETS[key] = static(self.text)
        return _escaped(context, url)


def _text(token: template.base.Token) -> str:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][:1] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one quoted name, nothing else.")
    return bits[1][1:-1]


@register.tag("route")
def do_route(_parser: template.base.Parser, token: template.base.Token) -> RouteNode:
    """{% route 'journal:today' %}: the same as {% url 'journal:today' %}."""
    return RouteNode(_text(token))


@register.tag("asset")
def do_asset(_parser: template.base.Parser, token: template.base.Token) -> AssetNode:
    """{% asset 'unknot/app.css' %}: the same as {% static 'unknot/app.css' %}."""
    return AssetNode(_text(token))


# The site's main navigation: the same few links on every page, with the current section
# marked. Written once per route table (see journal/routes.py) and section, rather than as
# a dozen tags and comparisons on every page.
NAV = (
    ("today", "journal:today", "Today"),
    ("check", "journal:check", "Where it hurts"),
    ("knots", "journal:knots", "Knots"),
    ("muscles", "journal:muscles", "Muscles"),
    ("prevention", "prevention:overview", "Prevention"),
    ("profile", "journal:profile", "You"),
)
_NAVS: dict[tuple[Any, str], str] = {}


class SiteNavNode(template.Node):
    def render(self, context: template.Context) -> str:
        routes = _routes(context)
        section = context.get("nav", "")
        section = section if isinstance(section, str) else ""
        found = _NAVS.get((routes, section))
        if found is None:
            found = _NAVS[routes, section] = site_nav(routes.route, section)
        return found


def site_nav(route: Any, section: str) -> str:
    """The <nav> markup, with aria-current on the link of `section` (a NAV key)."""
    current_page = ' aria-current="page"'
    items = "\n".join(
        f'          <li><a href="{escape(route(name))}"'
        f"{current_page if key == section else ''}>{label}</a></li>"
        for key, name, label in NAV
    )
    return (
        '<nav class="site-nav" aria-label="Main">\n'
        f"        <ul>\n{items}\n        </ul>\n"
        "      </nav>"
    )


@register.tag("site_nav")
def do_site_nav(_parser: template.base.Parser, token: template.base.Token) -> SiteNavNode:
    """{% site_nav %}: the main navigation, the context's `nav` section marked current."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'site_nav' takes no arguments.")
    return SiteNavNode()
