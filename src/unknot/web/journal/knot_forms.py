"""The knot page's two forms, check-in and self-care session, as markup written in Python.

They are the largest part of the knot page's template and the same on almost every view
(empty, without messages): written as template tags and lookups they cost more than the
chart. Here every text the person typed and every message is escaped; the option lists and
pain scales come ready-made (and escaped) from views_markup. The markup is what the template
wrote before, so the browser tests and the accessibility check see the same page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from unknot.web.journal.forms import FormState


def field_error(field_id: str, errs: Sequence[str]) -> str:
    """A field's messages, tied to it by aria-describedby="<id>-error"."""
    if not errs:
        return ""
    spans = "".join(f"<span>{escape(e)}</span>" for e in errs)
    return f'<p class="field-error" id="{field_id}-error">{spans}</p>'


def error_summary(form: FormState, prefix: str) -> str:
    """The list of what to fix at the top of a refused form, each linking to its field."""
    if not form.errors:
        return ""
    found = form.summary
    things = "one thing" if len(found) == 1 else f"{len(found)} things"
    items = "".join(
        f'<li><a href="#{prefix}{escape(field)}">{escape(message)}</a></li>'
        for field, message in found
    )
    return (
        f'<div class="error-summary" id="{prefix}error-summary" role="alert" '
        f'aria-labelledby="{prefix}error-summary-title">\n'
        f'  <h2 id="{prefix}error-summary-title">Please check {things}</h2>\n'
        f"  <ul>\n    {items}\n  </ul>\n</div>"
    )


def _invalid(field_id: str, errs: Sequence[str]) -> str:
    """aria-invalid and aria-describedby for a field with messages; nothing otherwise."""
    return f' aria-invalid="true" aria-describedby="{field_id}-error"' if errs else ""


def _csrf(token: str) -> str:
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


def checkin_form(urls: Mapping[str, str], checkin: Mapping[str, Any], token: str) -> SafeString:
    """The check-in panel: pain now, the PSFS activities, a note (see checkin_fields)."""
    errors = checkin["errors"]
    pain_errs, notes_errs = errors["pain"], errors["notes"]
    summary = error_summary(checkin["form"], "ci-") if checkin["has_errors"] else ""
    scores = ""
    if checkin["scores"]:
        boxes = "".join(_score_box(f) for f in checkin["scores"])
        scores = (
            '\n        <fieldset class="field">\n'
            "          <legend>How well can you do these today?</legend>\n"
            '          <p class="hint" id="ci-scores-hint">0 = can’t do it at all, 10 = as well '
            "as before. Leave empty to skip.</p>"
            f"{boxes}\n        </fieldset>"
        )
    return mark_safe(
        '<section class="panel" id="checkin" aria-labelledby="checkin-title">\n'
        '      <h2 id="checkin-title">Check in</h2>\n'
        f'      <form method="post" action="{escape(urls["knot_checkin"])}" novalidate>\n'
        f"        {_csrf(token)}\n"
        f'        <input type="hidden" name="next" value="{escape(urls["knot"])}">\n'
        f"        {summary}\n"
        '        <fieldset class="field" id="ci-pain" aria-describedby="ci-pain-hint'
        f'{" ci-pain-error" if pain_errs else ""}">\n'
        "          <legend>Pain right now</legend>\n"
        '          <p class="hint" id="ci-pain-hint">0 = no pain, 10 = the worst you can '
        "imagine.</p>\n"
        '          <div class="pain-scale pain-scale-compact">\n'
        f"            {checkin['pain']}\n"
        "          </div>\n"
        f"          {field_error('ci-pain', pain_errs)}\n"
        f"        </fieldset>{scores}\n"
        '        <div class="field">\n'
        '          <label for="ci-notes">Note <span class="optional">(optional)</span></label>\n'
        '          <input id="ci-notes" name="notes" type="text" '
        f'value="{escape(str(checkin["notes"]))}"{_invalid("ci-notes", notes_errs)}>\n'
        f"          {field_error('ci-notes', notes_errs)}\n"
        "        </div>\n"
        '        <button type="submit" class="btn btn-block">Save check-in</button>\n'
        "      </form>\n"
        "    </section>"
    )


def _score_box(box: Mapping[str, Any]) -> str:
    """One PSFS activity's 0-10 box (see checkin_fields)."""
    box_id, errs = box["id"], box["errs"]
    described = f"ci-scores-hint {box_id}-error" if errs else "ci-scores-hint"
    invalid = ' aria-invalid="true"' if errs else ""
    return (
        '\n          <div class="score-field">\n'
        f'            <label for="{box_id}">{escape(box["label"])}</label>\n'
        f'            <input id="{box_id}" name="{box["name"]}" type="number" inputmode="numeric" '
        f'min="0" max="10" class="input-tiny" value="{escape(str(box["value"]))}" '
        f'aria-describedby="{described}"{invalid}>\n'
        f"            {field_error(box_id, errs)}\n"
        "          </div>"
    )


def _select(
    name: str, label: str, blank: str, options: str, errs: Sequence[str], css: str = ""
) -> str:
    css = f' class="{css}"' if css else ""
    return (
        '<div class="field">\n'
        f'            <label for="se-{name}">{label}</label>\n'
        f'            <select id="se-{name}" name="{name}"{css}{_invalid("se-" + name, errs)}>\n'
        f'              <option value="">{blank}</option>\n'
        f"              {options}\n"
        "            </select>\n"
        f"            {field_error('se-' + name, errs)}\n"
        "          </div>"
    )


def session_form(
    urls: Mapping[str, str], session: Mapping[str, Any], plan_allowed: bool, token: str
) -> SafeString:
    """The panel for a session done another way than the guided player (see session_fields)."""
    errors = session["errors"]
    has_errors = session["has_errors"]
    player = (
        f'Following your plan? <a href="{escape(urls["session_play"])}">Start a guided '
        "session</a>: it times each step and is logged for you. "
        if plan_allowed
        else ""
    )
    minutes_errs, notes_errs = errors["minutes"], errors["notes"]
    return mark_safe(
        '<section class="panel" id="session" aria-labelledby="session-title">\n'
        '      <h2 id="session-title">Self-care on your own</h2>\n'
        f'      <p class="hint">{player}Log here anything you did another way.</p>\n'
        f'      <details class="log-by-hand"{" open" if has_errors else ""}>\n'
        "      <summary>Log a session by hand</summary>\n"
        f'      <form method="post" action="{escape(urls["knot_session"])}" novalidate>\n'
        f"        {_csrf(token)}\n"
        f"        {error_summary(session['form'], 'se-') if has_errors else ''}\n"
        "        "
        + _select(
            "strategy",
            "What did you do?",
            "Choose…",
            session["strategies"],
            errors["strategy"],
        ).replace("\n            ", "\n          ")
        + '\n        <div class="field-row">\n          '
        + _select(
            "tool",
            'Tool <span class="optional">(optional)</span>',
            "None",
            session["tools"],
            errors["tool"],
        )
        + '\n          <div class="field">\n'
        '            <label for="se-minutes">Minutes</label>\n'
        '            <input id="se-minutes" name="minutes" type="number" inputmode="numeric" '
        'min="1" max="240" class="input-tiny" '
        f'value="{escape(str(session["minutes"]))}"{_invalid("se-minutes", minutes_errs)}>\n'
        f"            {field_error('se-minutes', minutes_errs)}\n"
        "          </div>\n"
        "        </div>\n"
        '        <div class="field-row">\n          '
        + _select(
            "pain_before",
            "Pain before",
            "–",
            session["pain_before"],
            errors["pain_before"],
            "input-tiny",
        )
        + "\n          "
        + _select(
            "pain_after",
            "Pain after",
            "–",
            session["pain_after"],
            errors["pain_after"],
            "input-tiny",
        )
        + "\n        </div>\n"
        '        <div class="field">\n'
        '          <label for="se-notes">Note <span class="optional">(optional)</span></label>\n'
        '          <input id="se-notes" name="notes" type="text" '
        f'value="{escape(str(session["notes"]))}"{_invalid("se-notes", notes_errs)}>\n'
        f"          {field_error('se-notes', notes_errs)}\n"
        "        </div>\n"
        '        <button type="submit" class="btn btn-secondary btn-block">Save session</button>\n'
        "      </form>\n"
        "      </details>\n"
        "    </section>"
    )
