"""Small HTML fragments that the busiest pages repeat many times, built in Python.

Django's template engine spends several microseconds on every variable, filter,
tag and loop turn, and the knot page and Today repeat a few fragments dozens of
times (pain scales, option lists, thirty history entries, a card per knot).
Those fragments are put together here with plain string formatting; the rest of
each page stays in its template. The markup is what the templates wrote, and
every text that is not ours is escaped (html.escape, which Django's escape calls
too, without the wrapper that costs more than the escaping here).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from unknot.web.journal.views_today import KnotCard

PAINS = tuple(str(n) for n in range(11))
# English names as Django's date filter writes them ("D j M, H:i"), without its cost.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pain_radios(name: str, checked: object) -> SafeString:
    """The 0-10 radio buttons of a pain scale; the one equal to `checked` (text) is ticked.
    With nothing ticked (every fresh form) they are the same each time: written once."""
    if checked not in PAINS:
        return _blank_radios(name)
    return _radios(name, checked)


def _radios(name: str, checked: object) -> SafeString:
    return mark_safe(
        "".join(
            f'<label class="pain-radio pain-{n}"><input type="radio" name="{name}" value="{n}"'
            f"{' checked' if checked == n else ''}><span>{n}</span></label>"
            for n in PAINS
        )
    )


@functools.lru_cache(maxsize=16)
def _blank_radios(name: str) -> SafeString:
    return _radios(name, None)


def pain_options(selected: object) -> SafeString:
    """The 0-10 options of a pain select; the one equal to `selected` (text) is selected."""
    return _pain_options(selected) if selected in PAINS else _BLANK_PAIN_OPTIONS


def _pain_options(selected: object) -> SafeString:
    return mark_safe(
        "".join(
            f'<option value="{n}"{" selected" if selected == n else ""}>{n}</option>' for n in PAINS
        )
    )


_BLANK_PAIN_OPTIONS = _pain_options(None)


def options(choices: Iterable[tuple[str, str]], selected: object) -> SafeString:
    """<option>s for (value, label) pairs; the one whose value equals `selected` is selected."""
    return mark_safe(
        "".join(
            f'<option value="{escape(value)}"{" selected" if selected == value else ""}>'
            f"{escape(label)}</option>"
            for value, label in choices
        )
    )


def range_links(ranges: Iterable[tuple[int, str]], days: int) -> SafeString:
    """The chart's range links (the shown one marked current)."""
    current = ' aria-current="true"'
    return mark_safe(
        "".join(
            f'<li><a href="?days={d}#chart"{current if d == days else ""}>{escape(label)}</a></li>'
            for d, label in ranges
        )
    )


def long_date(day: date) -> str:
    """'28 Nov 2026', as the date filter's "j M Y" writes it."""
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def short_moment(moment: datetime | None) -> str:
    """'28 Nov, 08:05' in the page's time zone (the date filter's "j M, H:i"); '' for None."""
    if moment is None:
        return ""
    moment = timezone.localtime(moment)
    return f"{moment.day} {MONTHS[moment.month]}, {moment.hour:02d}:{moment.minute:02d}"


def when(moment: datetime) -> str:
    """<time> for a moment already in the page's time zone: 'Sat 28 Nov, 08:05'."""
    return (
        f'<time datetime="{moment.isoformat()}">{WEEKDAYS[moment.weekday()]} {moment.day} '
        f"{MONTHS[moment.month]}, {moment.hour:02d}:{moment.minute:02d}</time>"
    )


def _entry(kind: str, moment: datetime, line: str, notes: str) -> str:
    note = f'\n  <p class="history-note">{escape(notes)}</p>' if notes else ""
    return (
        f'<li class="history-item history-{kind}">\n'
        f'  <p class="history-when">{when(moment)}</p>\n  <p>{line}</p>{note}\n</li>'
    )


def checkin_entry(
    moment: datetime, pain: int, pain_class: str, scores: Sequence[tuple[str, int]], notes: str
) -> str:
    """A check-in in the history list: its pain, each function score and its note."""
    line = (
        f'<span class="pain-chip pain-chip-small {pain_class}">{pain}'
        '<span class="pain-chip-of">/10</span></span> Check-in'
        + "".join(
            [f'<span class="score"> · {escape(name)}: {score}/10</span>' for name, score in scores]
        )
    )
    return _entry("checkin", moment, line, notes)


def session_entry(
    moment: datetime,
    strategy: str,
    tool: str,
    minutes: int,
    before: int | None,
    after: int | None,
    notes: str,
) -> str:
    """A self-care session in the history list: what, with what, how long, pain before/after."""
    line = f'<span class="session-mark" aria-hidden="true"></span> {escape(strategy)}'
    if tool:
        line += f" with {escape(tool.lower())}"
    line += f", {minutes} min"
    if before is not None and after is not None:
        line += f" · pain {before} → {after}"
    return _entry("session", moment, line, notes)


PAIN_BUTTONS = (
    '<div class="pain-buttons">\n  '
    + "".join(
        f'<button type="submit" name="pain" value="{n}" class="pain-btn pain-{n}" '
        f'aria-label="Pain {n} out of 10">{n}</button>'
        for n in PAINS
    )
    + "\n</div>"
)


def knot_card(card: KnotCard, csrf_token: str) -> SafeString:
    """A knot's card on Today: its pain, trend and care level, and the one-tap check-in."""
    pk, level, pain = card.knot.pk, card.level, card.status.latest_pain
    edge = f" edge-{level.slug}" if level.needs_attention else ""
    muscle = f'<p class="muted small">{escape(card.muscle_name)}</p>' if card.muscle_name else ""
    chip = (
        f'<span class="visually-hidden">Latest pain </span>{pain}'
        '<span class="pain-chip-of">/10</span>'
        if pain is not None
        else '<span class="small">No pain logged</span>'
    )
    sample = '<li><span class="tag">Sample</span></li>' if card.knot.is_sample else ""
    badge = (
        f'<p class="badge level-{level.slug}"><span class="badge-word">Needs attention:</span> '
        f"{escape(level.label.lower())}</p>"
        if level.needs_attention
        else ""
    )
    return mark_safe(
        f'<article class="knot-card{edge}" id="knot-{pk}" aria-labelledby="knot-{pk}-title">\n'
        '  <div class="knot-card-head">\n    <div>\n'
        f'      <h3 class="knot-card-title" id="knot-{pk}-title"><a href="{card.url}">'
        f"{escape(card.title)}</a></h3>\n      {muscle}\n    </div>\n"
        f'    <p class="pain-chip {card.pain_class}">{chip}</p>\n  </div>\n'
        '  <ul class="knot-facts">\n'
        f'    <li class="trend trend-{card.status.verdict.trend or "none"}">'
        f"{escape(card.trend_word)}</li>\n"
        f"    <li>Last check-in: {escape(card.last_seen)}</li>\n    {sample}\n  </ul>\n"
        f"  {badge}\n{_quick_checkin(card, csrf_token)}{_card_notes(card)}{_play(card)}</article>"
    )


def _play(card: KnotCard) -> str:
    if not card.play_url:
        return ""
    return (
        f'  <p class="card-play"><a class="btn btn-secondary" href="{card.play_url}">'
        f'Guided session<span class="visually-hidden"> for {escape(card.title)}</span></a></p>\n'
    )


def _quick_checkin(card: KnotCard, csrf_token: str) -> str:
    pk = card.knot.pk
    legend = "Check in again?" if card.is_checked_today else "How is it right now?"
    return (
        f'  <form class="quick-checkin" method="post" action="{card.checkin_url}" '
        f'hx-post="{card.checkin_url}" hx-target="#knot-{pk}" hx-swap="outerHTML">\n'
        f'    <input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">\n'
        '    <input type="hidden" name="from" value="today">\n'
        f'    <input type="hidden" name="next" value="{card.next_url}">\n'
        f"    <fieldset>\n      <legend>{legend} "
        '<span class="legend-hint">0 = no pain, 10 = worst imaginable</span></legend>\n'
        f"      {PAIN_BUTTONS}\n    </fieldset>\n  </form>\n"
    )


def _card_notes(card: KnotCard) -> str:
    """What the one-tap check-in said: saved, or why not."""
    out = ""
    if card.saved_pain is not None:
        out += (
            '  <p class="saved" role="status" tabindex="-1" data-autofocus>Saved: pain '
            f'{card.saved_pain} out of 10. <a href="{card.url}">Add more detail</a></p>\n'
        )
    if card.errors:
        spans = "".join(f"<span>{escape(e)}</span>" for e in card.errors)
        out += f'  <p class="field-error" role="alert" tabindex="-1" data-autofocus>{spans}</p>\n'
    return out


def attention_item(card: KnotCard) -> str:
    """A knot in Today's "Needs attention" list: its care level, name and what to do."""
    level = card.level
    return (
        f'<li><span class="badge level-{level.slug}">{escape(level.label)}</span> '
        f'<a href="{card.url}">{escape(card.title)}</a>: {escape(card.status.triage.advice)}</li>'
    )
