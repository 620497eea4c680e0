"""The paired comparison: figures as `edgeguard eval` defines them, and intervals that hold 0 for
two identical models and exclude it for a clearly better one."""

from __future__ import annotations

import numpy as np

from edgeguard_models.paired import figures, paired_intervals


def test_figures_of_a_small_confusion() -> None:
    gold = np.array([True, True, False, False, False])
    held = np.array([True, False, True, False, False])
    f = figures(gold, held, np.array([0.9, 0.2, 0.8, 0.1, 0.0]))
    assert f["recall"] == 0.5 and abs(f["fpr"] - 1 / 3) < 1e-12 and f["f1"] == 0.5
    assert abs(f["auprc"] - (1.0 + 2 / 3) / 2) < 1e-12


def test_identical_models_are_within_and_a_better_one_moved() -> None:
    rng = np.random.default_rng(0)
    gold = rng.random(400) < 0.4
    score = np.where(gold, rng.random(400) * 0.6 + 0.3, rng.random(400) * 0.6)
    a = (score > 0.5, score)
    same = paired_intervals(gold, a, a, resamples=200, seed=1)
    assert all(r["low"] <= 0 <= r["high"] and r["diff"] == 0 for r in same.values())
    better = np.where(gold, score + 0.3, score - 0.3)
    moved = paired_intervals(gold, a, (better > 0.5, better), resamples=200, seed=1)
    assert moved["f1"]["low"] > 0 and moved["fpr"]["high"] < 0 and moved["auprc"]["low"] > 0
