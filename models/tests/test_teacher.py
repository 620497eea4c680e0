"""The teacher's training slices: a run stops on time, resumes from its checkpoint, and does not
resume a checkpoint of other windows (a tiny encoder with random weights)."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the teacher trains with the training dependencies")

from edgeguard_models.minilm import MiniLM  # noqa: E402
from edgeguard_models.teacher import (  # noqa: E402
    Teacher,
    TeacherConfig,
    Windows,
    batch_order,
    label,
    predict,
    sample,
    soft_labels,
    train,
    validation_ranking,
    window_key,
)

TINY = {"hidden_size": 16, "vocab_size": 128, "max_position_embeddings": 64, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "num_attention_heads": 2, "intermediate_size": 32, "num_hidden_layers": 1}


def _windows(seed: int = 0, n: int = 40) -> Windows:
    rng = np.random.default_rng(seed)
    ids = [rng.integers(3, 100, size=rng.integers(2, 10)) for _ in range(n)]
    y = np.zeros((n, 3), dtype=np.float32)
    y[: n // 4, 0] = y[: n // 4, 1] = 1.0
    weight = np.ones(n, dtype=np.float32)
    weight[n // 4 : n // 4 + 2] = 2.0
    return Windows(ids=ids, response=np.zeros(n, dtype=bool), y=y, weight=weight, item=np.arange(n),
                   train_rows=np.arange(0, n, 2), val_rows=np.arange(1, n, 2), markers=(1, 2))


def _teacher() -> Teacher:
    torch.manual_seed(0)
    return Teacher(MiniLM(TINY), 3)


def test_sample_keeps_every_unsafe_and_weighted_window() -> None:
    w = _windows()
    rows = set(sample(w, 1).tolist())
    train = w.train_rows
    assert {int(r) for r in train if w.y[r].max() > 0.5 or w.weight[r] > 1} <= rows
    assert rows <= set(train.tolist())


def test_a_slice_stops_on_time_and_the_next_resumes(tmp_path) -> None:
    w, ckpt = _windows(), tmp_path / "checkpoint.pt"
    config = TeacherConfig(batch=4, epochs=2)
    assert train(_teacher(), w, ckpt, config, seconds=0.0) == 0
    assert ckpt.exists()
    total = train(_teacher(), w, ckpt, config, seconds=60.0)
    assert total == 2 * -(-len(sample(w, config.seed)) // config.batch)
    # Complete: a further slice resumes at the end and does nothing.
    assert train(_teacher(), w, ckpt, config, seconds=60.0) == total
    scores = validation_ranking(_teacher(), w, texts=10)
    assert scores["texts"] == 10 and 0.0 <= scores["unsafe_ap"] <= 1.0


def test_a_checkpoint_of_other_windows_is_not_resumed(tmp_path) -> None:
    ckpt = tmp_path / "checkpoint.pt"
    config = TeacherConfig(batch=4)
    done = train(_teacher(), _windows(0), ckpt, config, seconds=60.0)
    assert done > 0
    assert train(_teacher(), _windows(1), ckpt, config, seconds=0.0) == 0


def test_windows_round_trip(tmp_path) -> None:
    w = _windows()
    w.save(tmp_path / "w.npz")
    back = Windows.load(tmp_path / "w.npz")
    assert back.key() == w.key() and back.markers == w.markers
    assert all(np.array_equal(a, b) for a, b in zip(back.ids, w.ids))


def test_soft_labels_cover_every_training_window_and_resume(tmp_path) -> None:
    w, model, path = _windows(), _teacher(), tmp_path / "labels.npz"
    # No time: nothing labeled, and the pipeline refuses the file.
    assert label(model, w, path, step=7, seconds=0.0) == 0
    with pytest.raises(ValueError, match="not labeled yet"):
        soft_labels(path, w.key(), w.train_rows)
    # Chunks of 3: the run resumes and finishes; the scores are the teacher's.
    assert label(model, w, path, step=7, seconds=60.0, chunk=3) == len(w.train_rows)
    scores, digest = soft_labels(path, window_key(w.ids, w.y), w.train_rows)
    assert digest.startswith("7_")
    assert np.allclose(scores[w.train_rows], predict(model, w, w.train_rows), atol=1e-6)
    assert not scores[w.val_rows].any()
    # Windows of other data are refused.
    with pytest.raises(ValueError, match="other windows"):
        soft_labels(path, _windows(1).key(), w.train_rows)


def test_a_text_scores_the_maximum_of_its_windows() -> None:
    from edgeguard_models.teacher import score_texts
    from edgeguard_models.units import spans

    model, rng = _teacher(), np.random.default_rng(3)
    ids = [rng.integers(3, 100, size=n) for n in (3, 11, 0)]
    got = score_texts(model, ids, np.array([False, True, False]), (1, 2), content=4, stride=3)
    for text, tokens in enumerate(ids):
        cut = [tokens[s:e] for s, e in spans(len(tokens), 4, 3)]
        w = Windows(ids=cut, response=np.full(len(cut), text == 1), y=np.zeros((len(cut), 3), np.float32),
                    weight=np.ones(len(cut), np.float32), item=np.zeros(len(cut), np.int64),
                    train_rows=np.arange(len(cut)), val_rows=np.zeros(0, np.int64), markers=(1, 2))
        np.testing.assert_allclose(got[text], predict(model, w, np.arange(len(cut))).max(0), rtol=1e-5, atol=1e-6)
    assert len(spans(11, 4, 3)) > 1


def test_batches_cover_every_row_once_per_epoch_and_group_lengths() -> None:
    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 128, size=1000)
    rows = np.arange(0, 1000, 2)
    batches = batch_order(rows, lengths, batch=8, epochs=2, seed=1)
    assert len(batches) == 2 * -(-len(rows) // 8)
    flat = np.concatenate(batches)
    assert sorted(flat.tolist()) == sorted(np.r_[rows, rows].tolist())
    # Sorted pools: a batch spans a small part of the length range, unlike random batches.
    spread = np.mean([np.ptp(lengths[b]) for b in batches])
    assert spread < 20
    assert batch_order(rows, lengths, 8, 2, seed=1)[5].tolist() == batches[5].tolist()


def test_soft_targets_blend_and_keep_unknown_labels() -> None:
    from edgeguard_models.build import soft_targets

    y = np.array([[1.0, 0.0, np.nan]], dtype=np.float32)
    scores = np.array([[0.6, 0.4, 0.9]], dtype=np.float32)
    blended = soft_targets(y, scores, 0.5, hard_positives=False)
    assert np.allclose(blended[0, :2], [0.8, 0.2]) and np.isnan(blended[0, 2])
    hard = soft_targets(y, scores, 0.5, hard_positives=True)
    assert np.allclose(hard[0, :2], [1.0, 0.2]) and np.isnan(hard[0, 2])


def test_complete_trains_then_labels_and_a_second_call_has_nothing_left(tmp_path, monkeypatch) -> None:
    from edgeguard_models import build, teacher

    monkeypatch.setattr(build, "encoder_dir", lambda cache: tmp_path)
    monkeypatch.setattr(teacher.MiniLM, "load", classmethod(lambda cls, path: MiniLM(TINY)))
    w, config = _windows(), TeacherConfig(batch=4)
    path = teacher.complete(tmp_path, w, config)
    scores, digest = soft_labels(path, w.key(), w.train_rows)
    assert scores.shape == w.y.shape and np.all((scores[w.train_rows] > 0) & (scores[w.train_rows] < 1))
    assert teacher.complete(tmp_path, w, config) == path
    assert soft_labels(path, w.key(), w.train_rows)[1] == digest
