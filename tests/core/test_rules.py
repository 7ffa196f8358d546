"""The rule language: every node, its errors, and the monotonicity guard."""

import pytest

from unknot.core.model import Facts, Location, Side, Trend
from unknot.core.rules import ConditionError, Vocabulary, compile_condition, mentioned_ids

VOCAB = Vocabulary(
    regions=frozenset({"calf", "chest", "jaw"}),
    symptoms=frozenset({"swelling", "warmth", "redness", "fever"}),
    conditions=frozenset({"recent_long_travel", "statin"}),
)


def holds(tree, **facts):
    return compile_condition(tree, VOCAB).holds(Facts(**facts))


def test_symptom_nodes():
    assert holds({"symptom": "swelling"}, symptoms=frozenset({"swelling"}))
    assert not holds({"any_symptom": ["warmth", "redness"]}, symptoms=frozenset({"swelling"}))
    assert holds(
        {"all_symptoms": ["warmth", "redness"]}, symptoms=frozenset({"warmth", "redness", "fever"})
    )
    assert not holds({"all_symptoms": ["warmth", "redness"]}, symptoms=frozenset({"warmth"}))


def test_condition_and_region_nodes():
    assert holds({"any_condition": ["statin"]}, conditions=frozenset({"statin"}))
    assert holds({"region_in": ["calf"]}, locations=(Location("calf", Side.LEFT),))
    assert not holds({"region_in": ["jaw"]}, locations=(Location("calf", None),))


def test_a_location_with_sides_counts_an_unknown_side_to_be_safe():
    tree = {"location": {"regions": ["chest"], "sides": ["left"]}}
    assert holds(tree, locations=(Location("chest", Side.LEFT),))
    assert holds(tree, locations=(Location("chest", None),))
    assert not holds(tree, locations=(Location("chest", Side.RIGHT),))


def test_compare_never_holds_on_a_missing_fact():
    assert holds({"compare": {"fact": "days", "op": ">=", "value": 14}}, days=20)
    assert not holds({"compare": {"fact": "days", "op": ">=", "value": 14}})
    assert not holds({"compare": {"fact": "age", "op": "<", "value": 50}})


def test_region_count_is_a_derived_fact():
    tree = {"compare": {"fact": "region_count", "op": ">=", "value": 2}}
    assert holds(tree, locations=(Location("calf", None), Location("jaw", None)))
    assert not holds(tree, locations=(Location("calf", Side.LEFT), Location("calf", Side.RIGHT)))


def test_not_of_a_trend_holds_when_the_trend_is_unknown():
    tree = {"not": {"is": "trend_better"}}
    assert holds(tree)
    assert holds(tree, trend=Trend.SAME)
    assert not holds(tree, trend=Trend.BETTER)


def test_at_least_counts_parts():
    tree = {
        "at_least": {
            "n": 2,
            "of": [{"symptom": "swelling"}, {"symptom": "warmth"}, {"symptom": "redness"}],
        }
    }
    assert holds(tree, symptoms=frozenset({"swelling", "redness"}))
    assert not holds(tree, symptoms=frozenset({"swelling"}))


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        ({"symptom": "swolen"}, "unknown symptom 'swolen'"),
        ({"region_in": ["knee"]}, "unknown region 'knee'"),
        ({"all": []}, "non-empty list"),
        ({"symptom": "fever", "condition": "statin"}, "exactly one key"),
        ({"maybe": "fever"}, "unknown condition 'maybe'"),
        ({"compare": {"fact": "mood", "op": ">", "value": 1}}, "must be one of"),
        ({"compare": {"fact": "pain", "op": "=~", "value": 1}}, "must be one of"),
        ({"at_least": {"n": 4, "of": [{"symptom": "fever"}]}}, "from 1 to 1"),
        ({"is": "trend_sideways"}, "must be one of"),
    ],
)
def test_bad_trees_are_rejected_with_a_path(tree, message):
    with pytest.raises(ConditionError, match=message) as info:
        compile_condition(tree, VOCAB)
    assert info.value.path.startswith("when")


@pytest.mark.parametrize(
    "inner",
    [
        {"symptom": "fever"},
        {"any_condition": ["statin"]},
        {"region_in": ["calf"]},
        {"all": [{"is": "recurring"}, {"symptom": "fever"}]},
    ],
)
def test_not_may_not_hold_findings_so_more_findings_never_lower_the_level(inner):
    with pytest.raises(ConditionError, match="`not` may only hold"):
        compile_condition({"not": inner}, VOCAB)


def test_mentioned_ids_lists_what_a_rule_names():
    tree = compile_condition(
        {"all": [{"region_in": ["calf"]}, {"symptom": "fever"}, {"not": {"is": "trend_better"}}]},
        VOCAB,
    )
    assert set(mentioned_ids(tree)) == {"calf", "fever"}
