"""The behaviour gate's cases are well formed and hold what the repository's tests rely on."""

from edgeguard_models import behaviour


def test_cases_have_known_expectations_and_unique_names():
    gate = behaviour.cases()
    assert {c.expect for c in gate} <= {"block", "held", "allow"}
    assert len({c.name for c in gate}) == len(gate)
    assert all(c.text.strip() for c in gate)


def test_required_cases_cover_both_ways_of_failing():
    required = [c for c in behaviour.cases() if c.required]
    assert any(c.expect == "allow" for c in required)
    assert any(c.expect != "allow" for c in required)
    assert any(c.response for c in required)
    # The long-document payloads are long: over 40,000 words.
    assert max(len(c.text.split()) for c in required) > 40_000


def test_summary_counts_misses_by_kind():
    gate = behaviour.cases()
    target = behaviour.Case("a target", "some text", "allow", required=False)
    s = behaviour.summary([(gate[0], "missed"), (target, "missed")])
    assert s["required_passed"] == s["required"] - 1
    assert s["targets_passed"] == s["targets"] - 1
    assert [m["required"] for m in s["misses"]] == [True, False]


def test_generated_commands_pair_each_harmful_order_with_a_benign_twin():
    from edgeguard_models.sources import commands

    for load in (commands.load, commands.load_holdout):
        rows = list(load(None))
        assert rows and len(rows) % 2 == 0
        for bad, good in zip(rows[::2], rows[1::2]):
            assert "physical_hazard" in bad.labels and not good.labels
            assert bad.family == good.family
    trained = {r.text for r in commands.load(None)}
    assert not trained & {r.text for r in commands.load_holdout(None)}
    # The repository's tests use a kitchen arson command; no generated room is a kitchen.
    assert "kitchen" not in commands._PLACES
    assert not any("kitchen on fire" in t.lower() for t in trained)
