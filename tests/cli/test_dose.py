"""`unknot dose` and `unknot causes`: JSON shapes, readable text, and one-line errors."""

import json

import pytest
from typer.testing import CliRunner

from unknot.cli import app
from unknot.core.kb import default_kb

runner = CliRunner()


APP = app


def run(*args, stdin=None):
    return runner.invoke(APP, list(args), input=stdin)


def test_dose_json_has_the_agreed_shape():
    result = run("dose", "deadlift", "--during", "4", "--after", "3", "--morning", "same",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert {"light", "headline", "why", "adjustments", "source"} <= set(out)
    assert out["light"] == "amber"
    assert out["source"] == "silbernagel_2007"
    assert all(set(a) == {"kind", "text"} for a in out["adjustments"])
    assert "extrapolation" in out["note"]


@pytest.mark.parametrize(
    ("args", "light"),
    [
        (["run", "--during", "2", "--after", "1", "--morning", "better"], "green"),
        (["run", "-d", "2", "-a", "1", "-m", "WORSE"], "amber"),
        (["long drive", "--during", "7", "--after", "6"], "red"),
        (["yoga", "--during", "3", "--after", "2", "--morning", "5", "--before", "2"], "amber"),
    ],
)
def test_dose_lights(args, light):
    result = run("dose", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["light"] == light


def test_dose_text_shows_headline_advice_note_and_source():
    result = run("dose", "run", "--during", "7", "--after", "6")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Run: red." in text
    assert "What to do:" in text and "Shorten your stride" in text
    assert "extrapolation" in text and "Silbernagel" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dose", "run", "--during", "11", "--after", "2"], "--during '11' is not a pain number"),
        (["dose", "run", "--during", "two", "--after", "2"], "--during 'two' is not a pain number"),
        (["dose", "run", "--during", "2"], "give --during and --after"),
        (["dose", "run", "-d", "2", "-a", "1", "-m", "meh"], "--morning 'meh': use better, same"),
        (["dose", "run", "-d", "2", "-a", "1", "-b", "x"], "--before 'x' is not a pain number"),
        (["dose", " ", "-d", "2", "-a", "1"], "name the activity"),
        (["dose", "x" * 101, "-d", "2", "-a", "1"], "the activity name is too long"),
        (["causes", "--answers", "stres_level=2"], "unknown question 'stres_level'"),
        (["causes", "--answers", "stress_level=9"], "9 is not one of its answers"),
        (["causes", "--answers", "stress_level"], "is not question_id=number"),
        (["causes", "--answers", " , "], "--answers is empty"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("unknot: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_causes_with_answers_prints_json():
    result = run("causes", "--answers", "stress_level=3,stress_clenching=2", "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["factors"][0]["factor"] == "stress"
    assert out["answers"] == {"stress_level": 3, "stress_clenching": 2}


def test_causes_asks_every_question_and_skips_on_enter():
    kb = default_kb()
    n = len(kb.questions)
    # Highest answer everywhere except: the first question skipped, one typo retried.
    replies = ["", "9"] + [str(len(q.answers)) for q in list(kb.questions.values())[1:]]
    result = run("causes", "--format", "json", stdin="\n".join(replies) + "\n")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)  # the questions went to stderr
    first = next(iter(kb.questions))
    assert out["unanswered"] == [first]
    assert len(out["answers"]) == n - 1
    assert "Please type a number from 1 to" in result.stderr
    assert all(f["score"] == 100 for f in out["factors"])


def test_causes_text_ranks_factors_and_says_what_to_change():
    kb = default_kb()
    replies = []
    for q in kb.questions.values():
        replies.append(str(len(q.answers)) if q.factor == "posture" else "1")
    result = run("causes", stdin="\n".join(replies) + "\n")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "1. Posture — high (100/100)" in text
    assert "What to change:" in text
    assert kb.factors["posture"].what_to_change[0] in text
    assert "not a diagnosis" in text


def test_causes_stops_cleanly_when_input_ends():
    result = run("causes", "--format", "json", stdin="2\n")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert len(out["answers"]) == 1
