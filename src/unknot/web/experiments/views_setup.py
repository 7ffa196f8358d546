"""Setting up an experiment: a few choices with sensible defaults, so that warmth or cold
for a neck knot takes one button, and a plain account of what will happen.

Options the person's precautions rule out are shown but cannot be chosen, with the reason.
A knot that needs a professional's look gets no form at all, only what to do next.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from unknot.core import experiment_options
from unknot.core.experiments import DEFAULT_BLOCKS, MAX_BLOCKS, MIN_BLOCKS
from unknot.core.kb import KnowledgeBase, default_kb
from unknot.core.model import Facts
from unknot.web.experiments import services
from unknot.web.experiments.models import Experiment, Status
from unknot.web.journal.forms import FormState
from unknot.web.journal.models import Knot
from unknot.web.journal.services import InvalidInput, find_knot
from unknot.web.journal.views import clock, knot_title

PRESET_WORDS = {
    "heat_cold": ("Warmth or cold", "A heat pack on some days, a cool pack on the others."),
    "ball_roller": (
        "Massage ball or foam roller",
        "Gentle pressure with a ball on some days, a foam roller on the others.",
    ),
    "morning_evening": (
        "Morning or evening",
        "Your plan's routine in the morning on some days, in the evening on the others.",
    ),
}
FIELDS = (
    "compare",
    "option_a",
    "option_b",
    "outcome",
    "blocks",
    "unit",
    "washout_days",
    "smallest_difference",
)
DEFAULTS = {
    "option_a": "",
    "option_b": "",
    "outcome": "session_relief",
    "blocks": str(DEFAULT_BLOCKS),
    "unit": "day",
    "washout_days": "0",
    "smallest_difference": "1",
}
SMALLEST = (("0.5", "Half a point"), ("1", "1 point"), ("1.5", "1.5 points"), ("2", "2 points"))


def _knot(request: HttpRequest, raw: str | None) -> Knot | None:
    if not raw:
        return None
    knot = find_knot(request.user, int(raw)) if raw.isdigit() else None
    if knot is None:
        raise Http404("No such knot.")
    return knot


def _presets(facts: Facts | None, kb: KnowledgeBase) -> list[dict[str, str]]:
    found = []
    for value, (a, b) in experiment_options.PRESETS.items():
        label, description = PRESET_WORDS[value]
        reason = ""
        if facts is not None:
            reason = next(
                (r for r in (experiment_options.ruled_out(o, facts, kb) for o in (a, b)) if r), ""
            )
        found.append(
            {"value": value, "label": label, "description": description, "blocked": reason}
        )
    return found


def what_will_happen(values: dict[str, str], labels: tuple[str, str]) -> list[str]:
    """The plan in plain words, for the settings shown."""
    a, b = labels
    blocks = int(values["blocks"]) if values["blocks"].isdigit() else DEFAULT_BLOCKS
    periods, rest = 2 * blocks, int(values["washout_days"] or 0)
    morning = values["outcome"] == "next_morning_pain"
    if values["unit"] == "session":
        first = f"For your next {periods} sessions, unknot tells you which to use: {a} or {b}."
    else:
        days = periods + rest * (periods - 1) + (1 if morning else 0)
        first = f"For the next {days} days, unknot tells you each day which to use: {a} or {b}."
    return [
        f"{first} They come in {blocks} pairs; in each pair you use each once, in an order "
        "picked at random, so that neither gets the better days by chance or habit.",
        "Each morning, tap how your pain is, from 0 to 10: a few seconds."
        if morning
        else "Before and after each session, tap how your pain is, from 0 to 10: a few seconds.",
        "Missed one? That is fine: it is left out, never filled in with a guess.",
        "The comparison stays hidden until the end, so it cannot sway your ratings. Then you "
        "see which helped more, how sure that is, and a chart of every period. A clear winner "
        "becomes the default in your plan.",
    ]


def _context(
    request: HttpRequest, knot: Knot | None, form: FormState, kb: KnowledgeBase
) -> dict[str, Any]:
    facts, blocked = services.safety_facts(request.user, knot, clock(), kb)
    presets = _presets(facts, kb)
    values = form.values
    if not values.get("compare"):
        values["compare"] = next((p["value"] for p in presets if not p["blocked"]), "other")
    pair = experiment_options.PRESETS.get(values["compare"])
    ids = pair or (values["option_a"], values["option_b"])
    labels = tuple(_label(i, kb) for i in ids)
    running = Experiment.objects.filter(owner=request.user, knot=knot, status=Status.RUNNING)
    return {
        "nav": "knots",
        "knot": knot,
        "knot_name": knot_title(kb, knot) if knot else "",
        "knot_url": reverse("journal:knot", args=[knot.pk]) if knot else "",
        "blocked": blocked,
        "running": running.first(),
        "presets": presets,
        "choices": experiment_options.choices(kb),
        "form": form,
        "values": values,
        "errors": form.errors,
        "blocks_range": (MIN_BLOCKS, MAX_BLOCKS),
        "smallest_choices": SMALLEST,
        "pick_fields": (("option_a", "First"), ("option_b", "Second")),
        "happens": what_will_happen(values, (labels[0] or "one", labels[1] or "the other")),
    }


def _label(option_id: str, kb: KnowledgeBase) -> str:
    try:
        return experiment_options.option(option_id, kb).label.lower()
    except ValueError:
        return ""


@require_http_methods(["GET", "POST"])
def experiment_new(request: HttpRequest) -> HttpResponse:
    kb = default_kb()
    source = request.POST if request.method == "POST" else request.GET
    knot = _knot(request, source.get("knot"))
    if request.method == "GET":
        form = FormState(dict(DEFAULTS))
        return render(request, "experiments/new.html", _context(request, knot, form, kb))
    form = FormState({name: request.POST.get(name, "").strip() for name in FIELDS})
    values = form.values
    pair = experiment_options.PRESETS.get(values["compare"])
    setup = services.Setup(
        option_a=pair[0] if pair else values["option_a"],
        option_b=pair[1] if pair else values["option_b"],
        outcome=values["outcome"],
        blocks=values["blocks"],
        unit=values["unit"],
        washout_days=values["washout_days"] or 0,
        smallest_difference=values["smallest_difference"],
    )
    try:
        exp = services.create_experiment(request.user, setup, knot, clock(), kb)
    except InvalidInput as exc:
        form.merge(_on_form(exc.errors, preset=pair is not None))
        context = _context(request, knot, form, kb)
        return render(request, "experiments/new.html", context, status=422)
    first = services.refresh(exp, clock()).plan.use
    said = "Your experiment has started."
    if first is not None:
        label = exp.option_a_label if first.option == "a" else exp.option_b_label
        said += f" First up: {label.lower()}."
    messages.success(request, said)
    return redirect("experiments:detail", pk=exp.pk)


def _on_form(errors: dict[str, list[str]], preset: bool) -> dict[str, list[str]]:
    """A preset's option errors belong next to the preset's choice."""
    if not preset:
        return errors
    moved: dict[str, list[str]] = {}
    for name, found in errors.items():
        key = "compare" if name in ("option_a", "option_b") else name
        moved.setdefault(key, []).extend(m for m in found if m not in moved.get(key, []))
    return moved
