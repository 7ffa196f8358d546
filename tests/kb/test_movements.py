"""Break movements (kb/movements/) load, and every way a record or drawing can be wrong is
reported as file:field: message. Records are written into a copy of the knowledge base,
so these tests do not depend on the movement library's contents."""

import shutil
from pathlib import Path

import pytest

from unknot.core.kb import DEFAULT_PATH, check, load
from unknot.core.schema import BREAK_KINDS

DRAWING = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" role="img">
  <title>Chin tucks</title>
  <defs><marker id="tip" viewBox="0 0 10 10" refX="5" refY="5">
    <path d="M0 0L10 5L0 10z"/></marker></defs>
  <circle cx="60" cy="30" r="12" fill="none" stroke="currentColor" stroke-width="3"/>
  <path d="M60 42V90" stroke="currentColor" stroke-width="3" marker-end="url(#tip)"/>
</svg>
"""
RECORD = """schema_version = 1
id = "{id}"
name = "Chin tucks"
break_kind = "movement"
seconds = 45
position = "sitting"
equipment = []
muscles = ["upper_trapezius", "suboccipitals"]
regions = ["neck_back", "shoulder_top"]
steps = ["Sit tall with your feet flat.", "Slide your chin straight back, then let it go."]
cautions = ["Move only as far as is comfortable."]
avoid_with = []
illustration = "{id}.svg"
sources = ["{source}"]
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(DEFAULT_PATH, root)
    shutil.rmtree(root / "movements", ignore_errors=True)
    (root / "movements" / "illustrations").mkdir(parents=True)
    return root


def a_source() -> str:
    return sorted(p.stem for p in (DEFAULT_PATH / "sources").glob("*.toml"))[0]


def write(root: Path, mid: str, record: str | None = None, drawing: str = DRAWING) -> None:
    text = record if record is not None else RECORD
    (root / "movements" / f"{mid}.toml").write_text(
        text.format(id=mid, source=a_source()), encoding="utf-8"
    )
    (root / "movements" / "illustrations" / f"{mid}.svg").write_text(drawing, encoding="utf-8")


def problems(root: Path) -> list[str]:
    return [str(p) for p in check(root)]


def test_a_movement_loads_with_its_drawing_and_prefixed_ids(root):
    write(root, "chin_tucks")
    movement = load(root).movements["chin_tucks"]
    assert movement.regions == ("neck_back", "shoulder_top")
    assert movement.steps[0] == "Sit tall with your feet flat."
    assert movement.illustration.startswith("<svg")
    assert 'id="chin_tucks-tip"' in movement.illustration
    assert "url(#chin_tucks-tip)" in movement.illustration


def test_an_unknown_key_is_an_error(root):
    write(root, "chin_tucks", RECORD + 'colour = "red"\n')
    found = problems(root)
    assert len(found) == 1 and found[0].startswith("movements/chin_tucks.toml:colour: unknown key")


def test_ids_that_do_not_exist_are_errors(root):
    record = RECORD.replace('regions = ["neck_back"', 'regions = ["neck_bak"')
    record = record.replace("avoid_with = []", 'avoid_with = ["pregnant"]')
    write(root, "chin_tucks", record)
    found = problems(root)
    assert any("regions: unknown region 'neck_bak' (did you mean neck_back" in p for p in found)
    assert any("avoid_with: unknown condition 'pregnant'" in p for p in found)


def test_durations_steps_and_kinds_are_checked(root):
    record = RECORD.replace("seconds = 45", "seconds = 400").replace(
        'break_kind = "movement"', 'break_kind = "nap"'
    )
    record = record.replace('steps = ["Sit tall with your feet flat.", ', "steps = [")
    write(root, "chin_tucks", record)
    found = problems(root)
    assert "movements/chin_tucks.toml:seconds: 400 is outside 20..300" in found
    assert any(p.startswith("movements/chin_tucks.toml:break_kind: 'nap' is not") for p in found)
    assert "movements/chin_tucks.toml:steps: needs 2 to 6 steps (it has 1)" in found


def test_a_missing_drawing_is_an_error(root):
    write(root, "chin_tucks")
    (root / "movements" / "illustrations" / "chin_tucks.svg").unlink()
    assert problems(root) == [
        "movements/chin_tucks.toml:illustration: illustrations/chin_tucks.svg does not exist"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("<circle", '<circle style="fill:red"'), "must not use style= attributes"),
        (("<title>", "<script>alert(1)</script><title>"), "must not contain a script"),
        (("<circle", '<image href="https://example.org/x.png"/><circle'), "must only draw shapes"),
        (('role="img"', ""), 'needs role="img"'),
        (("<title>Chin tucks</title>", ""), "needs a <title>"),
        (('viewBox="0 0 120 120"', 'viewBox="0 0 100 100"'), 'needs viewBox="0 0 120 120"'),
        (("</svg>", ""), "is not a well-formed SVG file"),
    ],
)
def test_a_drawing_that_could_style_run_or_fetch_is_refused(root, change, message):
    write(root, "chin_tucks", drawing=DRAWING.replace(*change))
    found = problems(root)
    assert found and all(p.startswith("movements/chin_tucks.toml:illustration:") for p in found)
    assert any(message in p for p in found), found


def test_a_knowledge_base_without_movements_still_loads(root):
    shutil.rmtree(root / "movements")
    assert load(root).movements == {}


def test_the_packaged_movements_cover_every_kind_of_break(kb):
    assert len(kb.movements) >= 40
    kinds = {m.break_kind for m in kb.movements.values()}
    assert set(BREAK_KINDS) <= kinds
    assert all(m.sources and m.cautions for m in kb.movements.values())
