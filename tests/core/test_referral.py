"""Where it hurts -> likely muscles."""

from unknot.core.referral import PRIMARY, SPILLOVER, rank


def test_primary_zones_outrank_spillover(kb):
    region = "heel"
    ranked = rank([region], kb, limit=60)
    weights = {c.muscle: c.score for c in ranked}
    primaries = [m for m in kb.muscles.values() if region in m.referral_primary]
    spills = [
        m for m in kb.muscles.values() if region in m.referral_spillover and region not in m.regions
    ]
    assert primaries and PRIMARY > SPILLOVER
    for p in primaries:
        for s in spills:
            assert weights[p.id] > weights[s.id]


def test_muscles_that_explain_every_region_rank_highest(kb):
    ranked = rank(["temple", "teeth"], kb)
    top = kb.muscles[ranked[0].muscle]
    zones = set(top.referral_primary) | set(top.referral_spillover) | set(top.regions)
    assert {"temple", "teeth"} <= zones


def test_at_least_five_candidates_when_five_exist(kb):
    assert len(rank(["shoulder_top"], kb)) >= 5


def test_the_why_names_the_zone(kb):
    best = rank(["base_of_skull", "around_eye"], kb)[0]
    assert "around the eye" in best.why.lower() or "eye" in best.why.lower()
    assert best.score <= 1.0


def test_no_regions_no_candidates(kb):
    assert rank([], kb) == []
