"""The command line: the contract's JSON, readable output, and clean errors."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from unknot import __version__
from unknot.cli import app

runner = CliRunner()


def run(*args, stdin=None):
    return runner.invoke(app, list(args), input=stdin)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"unknot {__version__}"


def test_triage_facts_json_follows_the_contract(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(
        json.dumps(
            {
                "locations": [{"region": "calf", "side": "left"}],
                "pain": 6,
                "days": 3,
                "age": 52,
                "symptoms": ["swelling", "warmth"],
                "conditions": ["recent_long_travel"],
                "limits_daily_activities": False,
                "trend": "same",
                "recurring": False,
            }
        )
    )
    result = run("triage", "--facts", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["level"] == "emergency"
    assert out["self_care_allowed"] is False
    assert {"rule", "text", "source"} <= set(out["reasons"][0])
    assert out["facts"]["locations"] == [{"region": "calf", "side": "left"}]
    assert isinstance(out["advice"], str) and isinstance(out["precautions"], list)


def test_triage_json_lines_in_gives_json_lines_out():
    lines = "\n".join(
        json.dumps(o)
        for o in (
            {"locations": ["neck_back"], "pain": 3},
            {"locations": ["calf"], "symptoms": ["dark_urine"]},
            {"locations": ["temple"], "age": 74, "symptoms": ["new_headache", "scalp_tenderness"]},
        )
    )
    result = run("triage", "--facts", "-", "--format", "json", stdin=lines)
    assert result.exit_code == 0, result.output
    levels = [json.loads(line)["level"] for line in result.output.splitlines()]
    assert levels == ["self_care", "emergency", "urgent"]


def test_triage_text_echoes_what_was_understood():
    result = run(
        "triage", "--text", "left calf swollen and warm after a long flight", "--format", "json"
    )
    out = json.loads(result.output)
    assert out["level"] == "emergency"
    assert out["facts"]["locations"] == [{"region": "calf", "side": "left"}]
    assert {"swelling", "warmth"} <= set(out["facts"]["symptoms"])
    assert "recent_long_travel" in out["facts"]["conditions"]


def test_triage_for_people_says_what_to_do():
    result = run("triage", "--text", "tight knot on top of my right shoulder, 4/10, 3 days")
    assert result.exit_code == 0
    assert "Self-care looks safe" in result.output
    assert "What was understood" in result.output


def test_where_json_follows_the_contract():
    result = run("where", "--regions", "base_of_skull,around_eye", "--format", "json")
    out = json.loads(result.output)
    assert out["regions"] == [
        {"region": "around_eye", "side": None},
        {"region": "base_of_skull", "side": None},
    ]
    assert len(out["candidates"]) >= 5
    first = out["candidates"][0]
    assert set(first) == {"muscle", "name", "score", "why"}
    scores = [c["score"] for c in out["candidates"]]
    assert scores == sorted(scores, reverse=True)


def test_where_in_plain_words():
    result = run("where", "ache at the base of my skull and behind my eye", "--format", "json")
    out = json.loads(result.output)
    assert {r["region"] for r in out["regions"]} == {"base_of_skull", "around_eye"}
    assert "suboccipitals" in [c["muscle"] for c in out["candidates"][:3]]


def test_muscle_card_by_nickname():
    result = run("muscle", "traps")
    assert result.exit_code == 0
    assert "Upper trapezius" in result.output
    json_out = json.loads(run("muscle", "upper_trapezius", "--format", "json").output)
    assert json_out["muscle"] == "upper_trapezius"
    assert json_out["sources"][0]["citation"]


def test_kb_check_passes_and_reports_counts():
    result = run("kb", "check")
    assert result.exit_code == 0
    assert "Knowledge base OK" in result.output


def test_kb_check_prints_problems_as_file_field_message(tmp_path):
    import shutil

    from unknot.core.kb import DEFAULT_PATH

    root = tmp_path / "kb"
    shutil.copytree(DEFAULT_PATH, root)
    (root / "regions" / "calf.toml").write_text('schema_version = 1\nid = "calf"\n')
    result = run("kb", "check", "--path", str(root))
    assert result.exit_code == 1
    assert "regions/calf.toml:name: missing" in result.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (
            ["triage", "--facts", "-"],
            '{"locations": ["calfe"]}',
            "unknown region id 'calfe'; closest known: calf",
        ),
        (
            ["triage", "--facts", "-"],
            '{"locations": ["calf"], "symptoms": ["swolen"]}',
            "unknown symptom id 'swolen'",
        ),
        (
            ["triage", "--facts", "-"],
            '{"locations": ["calf"], "pain": 11}',
            "'pain' is 11; it must be from 0 to 10",
        ),
        (
            ["triage", "--facts", "-"],
            '{"locations": ["calf"], "pain": "six"}',
            "'pain' must be a whole number",
        ),
        (["triage", "--facts", "-"], '{"pain": 3}', "'locations' is required"),
        (
            ["triage", "--facts", "-"],
            '{"locations": ["calf"], "colour": 1}',
            "unknown field 'colour'",
        ),
        (["triage", "--facts", "-"], "{not json", "line 1 is not valid JSON"),
        (["triage", "--facts", "-"], "", "stdin is empty"),
        (
            ["triage", "--facts", "-"],
            '{"locations": ["calf"], "trend": "up"}',
            "unknown trend 'up'",
        ),
        (["triage", "--facts", "/no/such/file"], None, "cannot read /no/such/file"),
        (["triage"], None, "give exactly one of --text or --facts"),
        (["triage", "--text", "  "], None, "--text is empty"),
        (["where", "--regions", "kneecapp"], None, "unknown region id 'kneecapp'"),
        (["where", "hello there"], None, "no body region recognised"),
        (["muscle", "nosuchmuscle"], None, "no muscle called 'nosuchmuscle'"),
        (["kb", "list", "planets"], None, "unknown kind 'planets'"),
    ],
)
def test_bad_input_gives_exit_2_and_one_clear_line(args, stdin, message):
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_json_lines_name_the_bad_record():
    result = run(
        "triage", "--facts", "-", stdin='{"locations": ["calf"]}\n{"locations": ["knee"]}\n'
    )
    assert result.exit_code == 2
    assert "record 2: unknown region id 'knee'" in result.output


def test_the_installed_command_exits_2_without_a_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "unknot", "triage", "--facts", "-"],
        input='{"locations": ["calfe"]}',
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "unknot: error: unknown region id 'calfe'; closest known: calf"
    ]


@pytest.mark.parametrize(
    "command",
    [[], ["triage"], ["where"], ["muscle"], ["check"], ["kb"], ["kb", "check"], ["kb", "list"]],
)
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_shell_completion_is_offered():
    assert "--install-completion" in run("--help").output


def test_the_guided_check_ends_with_a_level_muscles_and_first_steps():
    answers = (
        "\n".join(
            [
                "top of my right shoulder",  # where
                "tender dull ache, a bit stiff",  # feel
                "4",  # pain
                "3",  # days
                "34",  # age
                "same",  # trend
                "n",  # limits
                "n",  # recurring
                *["n"] * 9,  # screening groups
                "",  # conditions
            ]
        )
        + "\n"
    )
    result = run("check", stdin=answers)
    assert result.exit_code == 0, result.output
    assert "Self-care looks safe" in result.output
    assert "Upper trapezius" in result.output
    assert "First safe steps" in result.output


def test_the_guided_check_stops_asking_once_it_is_an_emergency():
    answers = (
        "\n".join(
            [
                "left calf",
                "tight",
                "6",
                "2",
                "50",
                "same",
                "n",
                "n",
                "y",
                "y",
                "n",
                "n",  # chest pain or breathing: yes -> chest pain yes
            ]
        )
        + "\n"
    )
    result = run("check", stdin=answers)
    assert result.exit_code == 0, result.output
    assert "EMERGENCY" in result.output
    assert "Do any of these apply" not in result.output
    assert "First safe steps" not in result.output


def test_the_guided_check_asks_again_for_an_unknown_place_and_bad_numbers():
    answers = (
        "\n".join(
            [
                "somewhere",
                "left calf",
                "",
                "12",
                "5",
                "many",
                "3",
                "",
                "better",
                "n",
                "n",
                *["n"] * 9,
                "99",
                "",
            ]
        )
        + "\n"
    )
    result = run("check", stdin=answers)
    assert result.exit_code == 0, result.output
    assert "couldn't match that" in result.output
    assert "whole number from 0 to 36500" in result.output
