"""Insights: how habits go with the next day's pain, said honestly.

Each habit gets its own card: either how many more days it needs, or the two means
(pain after high days, after low days, drawn as two bars on the 0-10 scale), r with the
number of days, and the words for both. The caveat (association, not proof) and the way
to test it properly (a personal experiment) are on the page every time.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from unknot.core import insights as core_insights
from unknot.web.prevention import habits
from unknot.web.prevention.views import clock

EXPERIMENTS_URL = "/experiments/"  # the personal experiments (N-of-1 trials) feature


@require_GET
def insights(request: HttpRequest) -> HttpResponse:
    found = habits.person_insights(request.user, clock())
    context = {
        "nav": "prevention",
        "section": "insights",
        "cards": [_card(a) for a in found],
        "ready": any(a.is_enough for a in found),
        "needed": core_insights.MIN_DAYS,
        "experiments_url": EXPERIMENTS_URL,
    }
    return render(request, "prevention/insights.html", context)


def _card(a: core_insights.Association) -> dict[str, Any]:
    s = a.split
    return {
        "key": a.habit.key,
        "name": a.habit.name.capitalize(),
        "enough": a.is_enough,
        "days": a.days,
        "needed": a.needed,
        "text": core_insights.describe(a),
        "r": f"{a.r:+.2f}" if a.r is not None else "",
        "interval": f"{a.r_low:+.2f} to {a.r_high:+.2f}"
        if a.r_low is not None and a.r_high is not None
        else "",
        "strength": a.strength,
        "chance": a.could_be_chance,
        "chart": bars(a) if s is not None else "",
        "high_days": s.high_days if s else 0,
        "low_days": s.low_days if s else 0,
    }


W, H, TOP, BOTTOM, LEFT = 320, 150, 12, 34, 34


def bars(a: core_insights.Association) -> SafeString:
    """Two bars on the 0-10 pain scale: the day after low days, the day after high days."""
    s = a.split
    assert s is not None
    label = f"{a.habit.name}: pain the day after"
    rows = [
        (a.habit.less_is.capitalize(), s.pain_low, s.low_days, "insight-bar-low"),
        (a.habit.more_is.capitalize(), s.pain_high, s.high_days, "insight-bar-high"),
    ]
    scale = (H - TOP - BOTTOM) / 10
    parts = [
        f'<svg class="chart insight-chart" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{escape(label)}: {s.pain_low:.1f} after fewer, {s.pain_high:.1f} after '
        f'more" xmlns="http://www.w3.org/2000/svg">',
        '<g class="chart-grid">',
    ]
    for value in (0, 5, 10):
        y = H - BOTTOM - value * scale
        parts.append(f'<line x1="{LEFT}" x2="{W - 8}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="chart-label" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{value}</text>"
        )
    parts.append("</g>")
    width = (W - LEFT - 8) / 2
    for i, (name, value, days, css) in enumerate(rows):
        x, height = LEFT + i * width + width * 0.2, value * scale
        y = H - BOTTOM - height
        parts.append(
            f'<rect class="{css}" x="{x:.1f}" y="{y:.1f}" width="{width * 0.6:.1f}" '
            f'height="{max(height, 1):.1f}" rx="3"/>'
            f'<text class="chart-label insight-value" x="{x + width * 0.3:.1f}" '
            f'y="{y - 4:.1f}" text-anchor="middle">{value:.1f}</text>'
            f'<text class="chart-label" x="{x + width * 0.3:.1f}" y="{H - 16}" '
            f'text-anchor="middle">{escape(name)}</text>'
            f'<text class="chart-label" x="{x + width * 0.3:.1f}" y="{H - 3}" '
            f'text-anchor="middle">{days} days</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
