"""kb/strategies/: every record is sound, cited and covers what plans need."""

import shutil

from unknot.core.kb import DEFAULT_PATH, check
from unknot.core.schema import FACTORS, STRATEGY_KINDS


def test_every_strategy_is_complete_and_cites_existing_sources(kb):
    assert kb.strategies
    for s in kb.strategies.values():
        assert s.kind in STRATEGY_KINDS, s.id
        assert s.title.strip() and s.instructions.strip() and s.why.strip(), s.id
        assert s.sources and all(src in kb.sources for src in s.sources), s.id
        assert 0 <= s.min_seconds <= s.seconds, s.id


def test_heat_and_cold_carry_their_limits_and_a_skin_check(kb):
    for s in kb.strategies.values():
        if s.kind in ("heat", "cold"):
            assert s.temperature and s.skin_check, s.id
            assert 1 <= s.max_minutes <= 20 and s.seconds <= s.max_minutes * 60, s.id
            assert "towel" in s.instructions.lower() or "cloth" in s.temperature.lower(), s.id


def test_movements_name_real_regions_and_every_muscle_has_one(kb):
    covered = set()
    for s in kb.strategies.values():
        if s.kind == "movement":
            assert s.regions and set(s.regions) <= set(kb.regions), s.id
            assert s.repetitions >= 1, s.id
            covered |= set(s.regions)
    for muscle in kb.muscles.values():
        assert covered & set(muscle.regions), muscle.id


def test_there_is_a_habit_for_every_contributing_factor(kb):
    causes = {s.cause for s in kb.strategies.values() if s.kind == "habit"}
    assert causes == set(FACTORS)
    for s in kb.strategies.values():
        if s.kind in ("habit", "hydration"):
            assert s.seconds <= 60, f"{s.id}: reminders stay short"


def test_paced_breathing_has_a_pacer_with_a_longer_breath_out(kb):
    paced = [s for s in kb.strategies.values() if s.kind == "relaxation" and s.inhale_s]
    assert paced
    for s in paced:
        assert s.exhale_s > s.inhale_s, s.id
        assert 5 <= 60 / (s.inhale_s + s.exhale_s) <= 7, "about six breaths a minute"


def test_bad_strategy_records_are_reported_as_file_field_message(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(DEFAULT_PATH, root)
    folder = root / "strategies"
    (folder / "zz_bad.toml").write_text(
        """
schema_version = 1
id = "zz_bad"
kind = "movement"
title = "Bad"
instructions = "Do it."
seconds = 5
why = "Because."
sources = ["nosuchsource"]
regions = ["kneecap"]
temperature = "warm"
"""
    )
    (folder / "zz_stretch.toml").write_text(
        """
schema_version = 1
id = "zz_stretch"
kind = "stretch"
title = "A stretch"
instructions = "Stretch."
seconds = 30
why = "Because."
sources = ["mpft_neck"]
"""
    )
    (folder / "zz_heat.toml").write_text(
        """
schema_version = 1
id = "zz_heat"
kind = "heat"
title = "Hot"
instructions = "Heat it."
seconds = 1500
why = "Because."
sources = ["mpft_neck"]
temperature = "warm"
max_minutes = 15
skin_check = "Look."
cause = "boredom"
"""
    )
    (folder / "habit_stress.toml").unlink()
    problems = [str(p) for p in check(root)]
    expected = [
        "strategies/zz_bad.toml:temperature: only used by cold and heat records",
        "strategies/zz_bad.toml:repetitions: missing (every movement record needs it)",
        "strategies/zz_bad.toml:seconds: 5 is outside 10..1800",
        "strategies/zz_bad.toml:sources: unknown source 'nosuchsource'",
        "strategies/zz_heat.toml:cause: only used by habit records",
        "strategies/zz_heat.toml:seconds: is longer than max_minutes allows",
        "strategies/:cause: no habit record for the factor 'stress'",
    ]
    for line in expected:
        assert line in problems, (line, problems)
    assert any(
        p.startswith("strategies/zz_bad.toml:regions: unknown region 'kneecap'") for p in problems
    )
    assert any(
        p.startswith("strategies/zz_stretch.toml:kind:") and "each muscle" in p for p in problems
    )
    assert any(
        p.startswith("strategies/zz_heat.toml:cause: 'boredom' is not one of") for p in problems
    )
