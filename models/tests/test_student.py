"""The student's training regularisers: token dropout and the embedding anchor."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the student trains with the training dependencies")

from edgeguard_models import student  # noqa: E402


def _windows(n: int, length: int) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.integers(1000, 2000, size=length) for _ in range(n)]


def test_token_dropout_keeps_the_frame_and_drops_about_its_share():
    torch.manual_seed(0)
    x = student.frame(_windows(64, 100), np.zeros(64, dtype=bool), (1, 2))
    dropped = student.drop_tokens(x, 0.3)
    assert torch.equal(dropped[:, :2], x[:, :2]), "[CLS] and the input marker stay"
    assert (dropped == student.SEP).sum() == (x == student.SEP).sum(), "[SEP] stays"
    content = x[:, 2:-1]
    share = float((dropped[:, 2:-1] == 0).sum()) / content.numel()
    assert 0.25 < share < 0.35
    assert torch.equal(student.drop_tokens(x, 0.0), x)


def test_the_anchor_keeps_embeddings_nearer_their_distilled_values():
    rng = np.random.default_rng(1)
    table = rng.normal(0, 0.1, size=(2100, 16)).astype(np.float32)
    ids = _windows(256, 20)
    gold = np.array([[float(w[0] % 2)] for w in ids], dtype=np.float32)
    rows = np.arange(256)

    def drift(anchor: float) -> float:
        config = student.StudentConfig(heads=1, hidden=8, epochs=2, batch=64, embedding_anchor=anchor)
        s = student.train(table, ids, np.zeros(256, dtype=bool), gold, np.ones(256, dtype=np.float32),
                          rows, rows, (1, 2), config)
        return float(np.abs(s.weights().embedding - table).sum())

    assert drift(10.0) < 0.5 * drift(0.0)


def test_a_frequency_weighted_anchor_frees_frequent_tokens():
    rng = np.random.default_rng(2)
    table = rng.normal(0, 0.1, size=(2100, 16)).astype(np.float32)
    # Tokens 1000-1003 are in every window, and decide the label; 1100-1999 are rare.
    ids = [np.r_[rng.integers(1000, 1004, size=4), rng.integers(1100, 2000, size=4)] for _ in range(256)]
    gold = np.array([[float(w[0] % 2)] for w in ids], dtype=np.float32)
    rows = np.arange(256)

    def drift(free_count: int) -> np.ndarray:
        config = student.StudentConfig(heads=1, hidden=8, epochs=2, batch=64, embedding_anchor=10.0,
                                       anchor_free_count=free_count)
        s = student.train(table, ids, np.zeros(256, dtype=bool), gold, np.ones(256, dtype=np.float32),
                          rows, rows, (1, 2), config)
        return np.abs(s.weights().embedding - table).sum(1)

    uniform, weighted = drift(0), drift(5)
    assert weighted[1000:1004].mean() > 2 * uniform[1000:1004].mean()
    assert weighted[1000:1004].mean() > 2 * weighted[1100:2000].mean()
