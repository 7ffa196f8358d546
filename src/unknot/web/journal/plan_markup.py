"""The "Your plan" section's HTML, built in Python from views_plans.plan_context.

The knot page shows it on every view, and a plan repeats the same markup for each of its
steps (facts, why, how, a form of choices): the template engine's cost per variable and
tag made it the most expensive part of the page (see views_markup.py for the same choice
on Today). Every text is escaped; the markup is what a template would write.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe


def plan_section(
    plan: dict[str, Any], csrf_token: str, said: str = "", error: str = ""
) -> SafeString:
    """The whole section; htmx swaps it in place after a change (hx-target="#plan")."""
    urls = plan["urls"]
    start = (
        f'<a class="btn btn-small" href="{urls["play"]}">Start session</a>'
        if plan["allowed"] and plan["can_start"]
        else ""
    )
    notes = ""
    if said:
        notes += f'<p class="saved" role="status" tabindex="-1" data-autofocus>{escape(said)}</p>'
    if error:
        notes += (
            f'<p class="field-error" role="alert" tabindex="-1" data-autofocus>{escape(error)}</p>'
        )
    body = _allowed(plan, csrf_token) if plan["allowed"] else _not_now(plan)
    return mark_safe(
        '<section class="panel plan-panel" id="plan" aria-labelledby="plan-title">\n'
        f'<div class="section-head"><h2 id="plan-title">Your plan</h2>{start}</div>\n'
        f"{notes}{body}</section>"
    )


def _not_now(plan: dict[str, Any]) -> str:
    return (
        '<p class="plan-off"><strong>No self-care plan for now.</strong> '
        f"{escape(plan['what_next'])}</p>\n"
    )


def _allowed(plan: dict[str, Any], csrf_token: str) -> str:
    urls = plan["urls"]
    time = f"About {plan['total']}, fitted to the" if plan["total"] else "Fitted to the"
    out = [
        f'<p class="muted plan-intro">{time} {plan["minutes"]} minutes and the tools in '
        f'<a href="{urls["profile"]}">your profile</a>. Stop if it hurts more, or if numbness '
        "or tingling appears.</p>\n"
    ]
    if plan["items"]:
        steps = "".join(_step(s, urls["choose"], csrf_token) for s in plan["items"])
        out.append(f'<ol class="plan-steps">\n{steps}</ol>\n')
    else:
        out.append("<p>You have left out every step. Bring one back below to start a session.</p>")
    if plan["dropped"]:
        rows = "".join(_dropped(d, urls["choose"], csrf_token) for d in plan["dropped"])
        out.append(
            f'<h3 class="plan-subtitle">You left out</h3>\n<ul class="plan-dropped">{rows}</ul>\n'
        )
    if plan["withheld"]:
        rows = "".join(
            f"<li><strong>{escape(w['what'])}:</strong> {escape(w['why'])}</li>"
            for w in plan["withheld"]
        )
        out.append(
            f'<h3 class="plan-subtitle">Left out to keep you safe</h3>\n'
            f'<ul class="plan-withheld">{rows}</ul>\n'
        )
    if plan["notes"]:
        rows = "".join(f"<li>{escape(n)}</li>" for n in plan["notes"])
        out.append(
            '<details class="plan-notes"><summary>Good to know</summary>'
            f"<ul>{rows}</ul></details>\n"
        )
    out.append(
        f'<p class="small plan-links">Keeps coming back? <a href="{urls["causes"]}">See what may '
        "be feeding it</a>.</p>\n"
    )
    return "".join(out)


def _form(url: str, csrf_token: str, key: str, buttons: str, css: str = "") -> str:
    css = f' class="{css}"' if css else ""
    return (
        f'<form{css} method="post" action="{url}" hx-post="{url}" hx-target="#plan" '
        f'hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{escape(csrf_token)}"><input type="hidden" name="step" value="{escape(key)}">'
        f"{buttons}</form>"
    )


def _step(s: dict[str, Any], url: str, csrf_token: str) -> str:
    title = escape(s["title"])
    hidden = f'<span class="visually-hidden"> ({title})</span>'
    buttons = "".join(
        f'<button type="submit" name="action" value="swap:{escape(a["key"])}" '
        f'class="btn btn-secondary btn-small">Swap for: {escape(a["title"])}</button>'
        for a in s["alternatives"]
    )
    swapped = ""
    if s["swapped_from"]:
        buttons += (
            '<button type="submit" name="action" value="reset" '
            f'class="btn btn-secondary btn-small">Undo the swap{hidden}</button>'
        )
        swapped = (
            '<p class="small"><span class="tag tag-top">Your swap</span> in place of: '
            f"{escape(s['swapped_from'])}</p>"
        )
    buttons += (
        '<button type="submit" name="action" value="drop" class="btn btn-ghost btn-small">'
        f"Leave this step out{hidden}</button>"
    )
    return (
        f'<li class="plan-step" id="{s["id"]}">\n'
        f'<h3 class="plan-step-title">{title}</h3>\n'
        f'<p class="plan-step-facts">{escape(s["facts"])}</p>\n{swapped}'
        f'<p class="plan-why"><strong>Why:</strong> {escape(s["why"])}</p>\n'
        f'<details class="plan-more"><summary>How to do it, or change this step{hidden}</summary>'
        f"<p>{escape(s['instructions'])}</p>"
        f"{_form(url, csrf_token, s['choice_key'], buttons, 'plan-change')}</details>\n</li>\n"
    )


def _dropped(d: dict[str, Any], url: str, csrf_token: str) -> str:
    title = escape(d["title"])
    button = (
        '<button type="submit" name="action" value="reset" class="btn btn-ghost btn-small">'
        f'Bring back<span class="visually-hidden"> ({title})</span></button>'
    )
    return f"<li><span>{title}</span>{_form(url, csrf_token, d['key'], button)}</li>"
