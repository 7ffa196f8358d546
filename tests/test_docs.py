"""Docs that cannot drift: the generated reference and the README's command list."""

from pathlib import Path

import typer.main

from unknot.cli import app
from unknot.core.reference import render

ROOT = Path(__file__).resolve().parents[1]


def test_the_knowledge_base_reference_is_up_to_date(kb):
    committed = (ROOT / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    assert committed == render(kb), "run: unknot kb reference -o docs/knowledge-base.md"


def test_every_rule_and_precaution_id_appears_in_the_reference(kb):
    text = (ROOT / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    for rule in kb.rules:
        assert f"`{rule.id}`" in text
    for precaution in kb.precautions:
        assert f"`{precaution.id}`" in text


def command_paths(group, prefix=""):
    for name, cmd in group.commands.items():
        path = f"{prefix}{name}"
        if hasattr(cmd, "commands"):
            yield from command_paths(cmd, path + " ")
        else:
            yield path, cmd


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, cmd in command_paths(typer.main.get_command(app)):
        assert cmd.help, path
        assert f"unknot {path}" in readme, f"README does not show `unknot {path}`"


def test_every_kb_field_in_the_schema_is_documented():
    from unknot.core.schema import SELF_RELEASE, SPECS, STRETCH

    guide = (ROOT / "docs" / "kb-authoring.md").read_text(encoding="utf-8")
    for spec in (*SPECS.values(), SELF_RELEASE, STRETCH):
        for field in spec:
            assert any(f in guide for f in (f"{field} =", f"[{field}]", f"[[{field}]]")), field
