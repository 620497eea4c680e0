"""The teacher-against-student comparison: its sample, and its figures at matched recall."""

from __future__ import annotations

import json

import numpy as np

from edgeguard_models.compare import measure, pick, threshold_at_recall


def _row(text: str, domain: str, unsafe: bool, source: str = "s") -> dict:
    return {"text": text, "labels": ["S1"] if unsafe else [], "domain": domain, "source": source,
            "kind": "prompt"}


def _write(path, rows) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_the_sample_caps_each_domain_and_takes_every_contrast_pair(tmp_path) -> None:
    external = ([_row(f"c{i}", "code", False) for i in range(10)]
                + [_row(f"e{i}", "email", False) for i in range(2)]
                + [_row(f"u{i}", "unsafe", True) for i in range(7)])
    _write(tmp_path / "external.jsonl", external)
    _write(tmp_path / "val.jsonl", [_row("a", "chat", True, "twins"), _row("b", "chat", False, "handwritten"),
                                    _row("c", "chat", False, "evals")])
    rows = pick(tmp_path, per_domain=3, unsafe=5, seed=0)
    ext = [r for r in rows if r["set"] == "external"]
    assert sum(r["domain"] == "code" for r in ext) == 3
    assert sum(r["domain"] == "email" for r in ext) == 2
    assert sum(bool(r["labels"]) for r in ext) == 5
    assert sorted(r["text"] for r in rows if r["set"] == "contrast") == ["a", "b"]
    assert pick(tmp_path, 3, 5, 0) == rows


def test_the_threshold_keeps_the_asked_recall() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05])
    for recall in (0.1, 0.5, 0.7, 0.95, 1.0):
        t = threshold_at_recall(scores, recall)
        assert (scores >= t).mean() >= recall
        assert (scores > t).mean() < recall


def test_figures_separate_a_perfect_scorer_from_an_inverted_one() -> None:
    rows = ([dict(_row("x " * 30, "code", False), set="external") for _ in range(4)]
            + [dict(_row("y", "unsafe", True), set="external") for _ in range(4)]
            + [dict(_row("z", "chat", False), set="contrast") for _ in range(3)]
            + [dict(_row("w", "chat", True), set="contrast") for _ in range(3)])
    gold = np.array([bool(r["labels"]) for r in rows], dtype=float)
    good, bad = measure(rows, gold * 0.8 + 0.1, 0.7), measure(rows, 0.9 - gold * 0.8, 0.7)
    for sample in ("external", "contrast"):
        assert good[sample]["ap"] == 1.0 and good[sample]["fpr"] == 0.0
        assert bad[sample]["fpr"] == 1.0
    assert good["external"]["groups"]["domain:code"] == {"n": 4, "fpr": 0.0}
    assert bad["external"]["groups"]["length:<60"] == {"n": 4, "fpr": 1.0}
