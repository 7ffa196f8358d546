"""`unknot plan`: the JSON contract, readable output and one-line errors (exit code 2)."""

import json

import pytest
from typer.testing import CliRunner

from unknot.cli import app

runner = CliRunner()
KINDS = {"self_release", "heat", "cold", "movement", "stretch", "relaxation", "hydration", "habit"}


def run(*args, stdin=None):
    return runner.invoke(app, ["plan", *args], input=stdin)


def json_plan(*args, stdin=None):
    result = run(*args, "--format", "json", stdin=stdin)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_follows_the_contract():
    out = json_plan("--muscle", "upper_trapezius", "--tools", "ball", "--minutes", "10")
    assert set(out) >= {"steps", "withheld"}
    assert out["steps"]
    for step in out["steps"]:
        assert {"kind", "tool", "region", "seconds", "why", "source"} <= set(step)
        assert step["kind"] in KINDS
        assert step["why"] and step["source"]
    for item in out["withheld"]:
        assert set(item) == {"what", "why"}
    assert out["steps"][0]["kind"] == "self_release"
    assert out["steps"][0]["tool"] == "massage_ball"  # "ball" is the massage ball's alias
    assert sum(s["seconds"] for s in out["steps"]) <= 600


def test_names_and_nicknames_work_for_the_muscle():
    out = json_plan("--muscle", "traps")
    assert out["muscle"] == "upper_trapezius"


def test_blood_thinners_through_the_command_line():
    out = json_plan(
        "--muscle", "upper_trapezius", "--tools", "ball", "--conditions", "anticoagulants"
    )
    tools = {s["tool"] for s in out["steps"]}
    assert "massage_gun" not in tools and "massage_ball" not in tools
    assert any("blood thinner" in w["why"] for w in out["withheld"])


def test_facts_above_self_care_give_no_steps_only_what_to_do_next(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"locations": ["calf"], "symptoms": ["swelling", "warmth"]}))
    out = json_plan("--muscle", "gastrocnemius", "--facts", str(path))
    assert out["steps"] == []
    assert out["level"] != "self_care"
    assert len(out["withheld"]) == 1 and "What to do next" in out["withheld"][0]["why"]


def test_facts_without_locations_use_the_muscle_and_stdin_works():
    out = json_plan("--muscle", "gastrocnemius", "--facts", "-", stdin='{"pain": 3, "age": 40}')
    assert out["level"] == "self_care" and out["steps"]


def test_a_preference_for_cold():
    out = json_plan("--muscle", "upper_trapezius", "--prefer", "cold")
    assert "cold" in {s["kind"] for s in out["steps"]}


def test_text_output_for_people():
    result = run("--muscle", "upper_trapezius", "--tools", "ball")
    assert result.exit_code == 0, result.output
    assert "plan for the upper trapezius" in result.output
    assert "Why:" in result.output and "Source:" in result.output


def test_text_output_when_there_is_no_plan():
    result = run("--muscle", "gastrocnemius", "--conditions", "circulatory_disorder")
    assert result.exit_code == 0, result.output
    assert "no self-care plan yet" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--muscle", "kneecap_muscle"], "no muscle called 'kneecap_muscle'"),
        (["--muscle", "traps", "--conditions", "diabetis"], "unknown condition 'diabetis'"),
        (["--muscle", "traps", "--conditions", "diabetis"], "did you mean diabetes"),
        (["--muscle", "traps", "--tools", "chainsaw"], "unknown tool 'chainsaw'"),
        (["--muscle", "traps", "--tools", "massage_bal"], "massage_ball"),
        (["--muscle", "traps", "--tools", ","], "--tools is empty"),
        (["--muscle", "traps", "--minutes", "0"], "--minutes must be from 1 to 60"),
        (["--muscle", "traps", "--minutes", "61"], "--minutes must be from 1 to 60"),
        (["--muscle", "traps", "--prefer", "warm"], "--prefer must be heat or cold"),
        (["--muscle", "traps", "--facts", "/nonexistent/facts.json"], "cannot read"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_bad_facts_exit_2_naming_the_problem():
    result = run("--muscle", "traps", "--facts", "-", stdin='{"locations": ["knee"]}')
    assert result.exit_code == 2
    assert "unknown region id 'knee'" in result.output
    two = '{"locations": ["calf"]}\n{"locations": ["calf"]}\n'
    result = run("--muscle", "traps", "--facts", "-", stdin=two)
    assert result.exit_code == 2 and "a plan needs exactly one" in result.output


def test_the_command_line_and_the_core_agree_on_the_longest_plan():
    from unknot.cli import plan as cli_plan
    from unknot.core import planner

    assert cli_plan.MAX_MINUTES == planner.MAX_MINUTES
