"""The knowledge base loads, covers the contract, and reports problems precisely."""

import shutil

import pytest

from unknot.core.facts import parse_facts
from unknot.core.kb import DEFAULT_PATH, check, load

# The id lists of shared/spec/triage-and-where.md (the contract), copied here so the
# test needs nothing outside the checkout.
REGIONS = set(
    """forehead temple top_of_head back_of_head base_of_skull around_eye ear jaw cheek
teeth throat neck_back neck_side neck_front shoulder_top shoulder_front shoulder_outer
shoulder_back shoulder_blade between_shoulder_blades chest breastbone side_ribs upper_arm_front
upper_arm_back upper_arm_outer upper_arm_inner armpit elbow_outer elbow_inner elbow_back
forearm_front forearm_back wrist_front wrist_back palm back_of_hand thumb fingers upper_back
mid_back low_back abdomen side_waist sacrum tailbone buttock hip_outer hip_front groin
thigh_front thigh_back thigh_inner thigh_outer knee_front knee_back knee_inner knee_outer shin
calf achilles ankle_outer ankle_inner ankle_front heel sole top_of_foot toes""".split()
)
MUSCLES = set(
    """upper_trapezius middle_trapezius lower_trapezius levator_scapulae
sternocleidomastoid scalenes splenius_capitis splenius_cervicis suboccipitals temporalis
masseter lateral_pterygoid rhomboids infraspinatus supraspinatus teres_minor teres_major
subscapularis latissimus_dorsi serratus_anterior serratus_posterior_superior pectoralis_major
pectoralis_minor deltoid biceps_brachii triceps_brachii brachialis brachioradialis
wrist_extensors finger_extensors wrist_flexors supinator thenar_muscles erector_spinae
multifidus quadratus_lumborum rectus_abdominis iliopsoas gluteus_maximus gluteus_medius
gluteus_minimus piriformis tensor_fasciae_latae hamstrings rectus_femoris vastus_medialis
vastus_lateralis adductors gastrocnemius soleus tibialis_anterior peroneals tibialis_posterior
extensor_digitorum_longus plantar_foot_muscles""".split()
)
SYMPTOMS = set(
    """tender_spot taut_band dull_ache sharp_pain stiffness limited_motion
radiating_pain numbness tingling weakness swelling warmth redness bruising fever chills
chest_pain shortness_of_breath sweating nausea dizziness fainting pain_on_exertion dark_urine
sudden_severe_headache vision_change jaw_pain_when_chewing scalp_tenderness
unexplained_weight_loss night_pain constant_pain bladder_or_bowel_change saddle_numbness
recent_trauma deformity unable_to_bear_weight rapidly_worsening pain_out_of_proportion
pale_or_cold_limb stiff_neck_with_fever rash difficulty_speaking facial_droop
loss_of_coordination widespread_muscle_weakness new_headache light_sensitivity
vomiting""".split()
)
CONDITIONS = set(
    """circulatory_disorder nerve_disorder recent_serious_injury recent_surgery
anticoagulants statin cancer_history pregnancy diabetes osteoporosis immunosuppressed
recent_long_travel heart_disease bleeding_disorder previous_blood_clot recent_intense_exercise
hormonal_contraception high_blood_pressure""".split()
)


def test_the_packaged_knowledge_base_has_no_problems():
    assert check() == []


def test_every_contract_id_exists(kb):
    assert REGIONS <= set(kb.regions)
    assert MUSCLES <= set(kb.muscles)
    assert SYMPTOMS <= set(kb.symptoms)
    assert CONDITIONS <= set(kb.conditions)


def test_regions_have_at_least_three_everyday_phrasings(kb):
    assert all(len(r.aliases) >= 3 for r in kb.regions.values())


def test_muscles_refer_to_known_regions_and_cite_sources(kb):
    for m in kb.muscles.values():
        assert m.referral_primary and m.regions and m.sources, m.id
        assert set(m.referral_primary + m.referral_spillover + m.regions) <= set(kb.regions)


def test_there_are_enough_rules_and_every_one_cites_a_source(kb):
    assert len(kb.rules) >= 35
    for rule in kb.rules:
        assert rule.sources and all(s in kb.sources for s in rule.sources), rule.id
        assert rule.rationale.strip() and rule.advice.strip(), rule.id


def test_the_dangerous_look_alikes_all_have_rules(kb):
    text = " ".join(f"{r.id} {r.title}".lower() for r in kb.rules)
    for needle in (
        "clot",
        "heart",
        "stroke",
        "cauda",
        "infection",
        "rhabdo",
        "arteritis",
        "compartment",
        "fracture",
        "cancer",
        "meningitis",
        "statin",
        "nerve",
    ):
        assert needle in text, needle


def test_red_flags_come_first_and_are_urgent_or_worse(kb):
    flags = [r.is_red_flag for r in kb.rules]
    assert flags == sorted(flags, reverse=True)


@pytest.mark.parametrize("kind", ["examples"])
def test_every_rule_example_behaves_as_its_author_says(kb, kind):
    for rule in kb.rules:
        assert any(e.expect_match for e in rule.examples), rule.id
        for example in rule.examples:
            facts = parse_facts(example.facts, kb)
            assert rule.when.holds(facts) is example.expect_match, (rule.id, example.facts)


def test_self_release_precautions_cover_the_guidance(kb):
    by_id = {p.id: p for p in kb.precautions}
    always = [p for p in kb.precautions if p.when is None]
    assert always, "some precautions apply to everyone"
    excluded_for_thinners = set().union(
        *(
            p.excluded_tools
            for p in kb.precautions
            if p.when is not None
            and p.when.holds(
                parse_facts({"locations": ["calf"], "conditions": ["anticoagulants"]}, kb)
            )
        )
    )
    assert "massage_gun" in excluded_for_thinners
    assert any(
        p.excluded_regions_for_percussion >= {"neck_front", "neck_side"} for p in by_id.values()
    )


def copy_kb(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(DEFAULT_PATH, root)
    return root


def test_problems_are_reported_as_file_field_message(tmp_path):
    root = copy_kb(tmp_path)
    calf = root / "regions" / "calf.toml"
    calf.write_text(calf.read_text() + 'colour = "red"\n')
    muscle = root / "muscles" / "soleus.toml"
    muscle.write_text(
        muscle.read_text().replace("referral_primary = [", 'referral_primary = ["kneecap", ', 1)
    )
    problems = [str(p) for p in check(root)]
    assert (
        "regions/calf.toml:colour: unknown key; allowed: schema_version, id, name, group, "
        "view, sided, aliases, description" in problems
    )
    assert any(
        p.startswith("muscles/soleus.toml:referral_primary: unknown region 'kneecap'")
        for p in problems
    )


def test_a_rule_with_a_typo_and_a_wrong_example_is_reported(tmp_path):
    root = copy_kb(tmp_path)
    (root / "rules" / "zz_test.toml").write_text("""
schema_version = 1
id = "zz_test"
title = "Test"
level = "urgent"
is_red_flag = true
rationale = "r"
advice = "a"
sources = ["nosuchsource"]
when = { all = [{ symptom = "fevr" }] }
[[examples]]
facts = { locations = ["calf"] }
expect_match = true
""")
    problems = [str(p) for p in check(root)]
    assert any(
        p.startswith("rules/zz_test.toml:sources: unknown source 'nosuchsource'") for p in problems
    )
    assert "rules/zz_test.toml:when.all[0].symptom: unknown symptom 'fevr'" in problems


def test_duplicate_ids_and_broken_toml_are_reported(tmp_path):
    root = copy_kb(tmp_path)
    (root / "regions" / "calf2.toml").write_text((root / "regions" / "calf.toml").read_text())
    (root / "symptoms" / "broken.toml").write_text("id = [unclosed")
    problems = [str(p) for p in check(root)]
    assert any(p.startswith("regions/calf2.toml:id: must equal the file name") for p in problems)
    assert any(p.startswith("symptoms/broken.toml:-: not valid TOML") for p in problems)


def test_loading_a_broken_knowledge_base_raises_with_every_problem(tmp_path):
    from unknot.core.kb import KnowledgeBaseError

    root = copy_kb(tmp_path)
    (root / "regions" / "calf.toml").unlink()
    with pytest.raises(KnowledgeBaseError) as info:
        load(root)
    assert len(info.value.problems) >= 2  # muscles and rules that name the calf
