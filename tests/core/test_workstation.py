"""The workstation checklist: its data files load and validate, the score, and what changed
between two checks (pure; the files are real files read back)."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.core import workstation as ws
from unknot.core.workstation import Direction

ITEMS = ws.default_items()
BY_ID = {item.id: item for item in ITEMS}
TOPICS = {
    "chair_height", "feet", "lumbar_support", "monitor_height", "monitor_distance",
    "keyboard_mouse", "laptop", "phone", "standing_desk",
}  # fmt: skip


def test_the_packaged_checklist_covers_every_topic_and_cites_known_sources(kb):
    assert {item.id for item in ITEMS} == TOPICS
    assert ws.check(ws.DEFAULT_PATH, kb.sources) == []
    for item in ITEMS:
        assert item.sources and set(item.sources) <= set(kb.sources)
        assert any(o.fits for o in item.options), item.id
        for option in item.options:
            assert option.fits or not option.applies or option.recommendation, option.id


def test_the_items_come_in_their_order():
    assert [item.order for item in ITEMS] == sorted(item.order for item in ITEMS)
    assert ITEMS[0].id == "chair_height"


def test_the_score_counts_two_one_or_nothing_and_leaves_out_what_does_not_apply():
    answers = {"chair_height": "level", "feet": "tucked", "monitor_height": "too_low",
               "laptop": "no_laptop"}  # fmt: skip
    score = ws.score(ITEMS, answers)
    assert (score.points, score.possible, score.counted) == (3, 6, 3)
    assert score.not_applicable == 1 and score.skipped == len(ITEMS) - 4
    assert score.percent == 50


def test_nothing_answered_has_no_score_rather_than_zero():
    assert ws.score(ITEMS, {}).percent is None
    assert ws.score(ITEMS, {"laptop": "no_laptop"}).percent is None


def test_recommendations_start_with_the_answers_furthest_from_fitting():
    answers = {"feet": "tucked", "monitor_height": "too_low", "chair_height": "level"}
    advice = ws.recommendations(ITEMS, answers)
    assert [(a.item.id, a.option.points) for a in advice] == [
        ("monitor_height", 0),
        ("feet", 1),
    ]
    assert "monitor stand" in advice[0].option.recommendation


def test_what_changed_between_two_checks():
    before = {"monitor_height": "too_low", "feet": "flat", "chair_height": "below",
              "laptop": "hours_flat", "phone": "cradled"}  # fmt: skip
    after = {"monitor_height": "top_at_eye", "feet": "tucked", "chair_height": "above",
             "laptop": "set_up", "standing_desk": "sits_all_day"}  # fmt: skip
    found = {c.item.id: c.direction for c in ws.changes(ITEMS, before, after)}
    assert found == {
        "monitor_height": Direction.BETTER,
        "feet": Direction.WORSE,
        "chair_height": Direction.CHANGED,  # another answer, both worth changing
        "laptop": Direction.BETTER,
        "phone": Direction.DROPPED,
        "standing_desk": Direction.NEW,
    }


def test_unknown_items_and_options_are_refused_and_empty_answers_are_skips():
    kept, wrong = ws.clean_answers(ITEMS, {"feet": "flat", "chair": "level", "phone": "shouting",
                                           "laptop": ""})  # fmt: skip
    assert kept == {"feet": "flat"}
    assert wrong == {
        "chair": "There is no such question in the checklist.",
        "phone": "Choose one of the answers.",
    }


answer_sets = st.fixed_dictionaries(
    {}, optional={item.id: st.sampled_from([o.id for o in item.options]) for item in ITEMS}
)


@given(answer_sets)
def test_the_score_is_a_percentage_and_best_answers_score_one_hundred(answers):
    score = ws.score(ITEMS, answers)
    assert score.percent is None or 0 <= score.percent <= 100
    assert (score.percent is None) == (score.counted == 0)
    best = {i: next(o.id for o in BY_ID[i].options if o.fits) for i in answers}
    assert ws.score(ITEMS, best).percent in (None, 100)


@given(answer_sets)
def test_a_check_compared_with_itself_has_nothing_but_sameness(answers):
    assert {c.direction for c in ws.changes(ITEMS, answers, answers)} <= {Direction.SAME}


# --- the loader's own checks, on real files ------------------------------------------------

GOOD = """schema_version = 1
id = "{id}"
order = {order}
title = "A title"
question = "A question?"
why = "Because."
sources = ["{source}"]

[[options]]
id = "fits"
label = "It fits"
points = 2

[[options]]
id = "change"
label = "It does not"
points = 0
recommendation = "Change it."
"""


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


def test_a_good_item_loads(tmp_path):
    write(tmp_path, "desk", GOOD.format(id="desk", order=1, source="s1"))
    (item,) = ws.load(tmp_path, {"s1"})
    assert item.id == "desk" and [o.id for o in item.options] == ["fits", "change"]


DESK = GOOD.format(id="desk", order=1, source="s1")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (GOOD.format(id="other", order=1, source="s1"), "workstation/desk.toml:id: must equal"),
        (DESK.replace('"s1"', '"s2"'), "workstation/desk.toml:sources: unknown source 's2'"),
        ("colour = 'red'\n" + DESK, "workstation/desk.toml:colour: unknown key"),
        (DESK.replace("points = 0", "points = 3"), "options[1].points: 3 is outside 0..2"),
        (DESK.replace('recommendation = "Change it."', ""),
         "desk.toml:options[1].recommendation: say what to change"),
        (DESK.replace('"change"', '"fits"'), "desk.toml:options[1].id: duplicate option id 'fits'"),
        (DESK.replace("points = 2", "points = 1\nrecommendation = 'x'"),
         "desk.toml:options: one answer must fit the person"),
        ("schema_version = 1\nid = [", "workstation/desk.toml:-: not valid TOML"),
    ],
)  # fmt: skip
def test_each_problem_is_reported_as_file_field_message(tmp_path, text, problem):
    write(tmp_path, "desk", text)
    problems = [str(p) for p in ws.check(tmp_path, {"s1"})]
    assert any(problem in p for p in problems), problems
    with pytest.raises(ws.WorkstationError):
        ws.load(tmp_path, {"s1"})


def test_two_items_with_one_order_and_an_empty_folder_are_reported(tmp_path):
    write(tmp_path, "a", GOOD.format(id="a", order=1, source="s1"))
    write(tmp_path, "b", GOOD.format(id="b", order=1, source="s1"))
    assert [str(p) for p in ws.check(tmp_path, {"s1"})] == [
        "workstation/b.toml:order: 1 is also a's"
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert [str(p) for p in ws.check(empty)] == ["workstation/:-: no checklist items"]
