"""Training helpers shared by the teacher and the student: masked BCE, class weights, batching."""

from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional as F


def pos_weights(y: np.ndarray, cap: float = 4.0) -> torch.Tensor:
    """Per-output weight of positives, ``negatives / positives`` capped, from labeled rows.

    A low cap keeps the scores of rare labels from being pushed up across the board (which a
    benign-heavy deployment pays for in false positives); thresholds are chosen afterwards.
    """
    labeled = y[~np.isnan(y[:, 0])]
    pos = labeled.sum(0)
    neg = len(labeled) - pos
    return torch.tensor(np.clip(neg / np.maximum(pos, 1.0), 1.0, cap), dtype=torch.float32)


def soft_bce(
    logits: torch.Tensor, target: torch.Tensor, pos_weight: torch.Tensor, weight: torch.Tensor
) -> torch.Tensor:
    """Binary cross-entropy with soft targets, positive weights and per-row weights."""
    loss = F.binary_cross_entropy_with_logits(
        logits, target, pos_weight=pos_weight, reduction="none"
    ).mean(1)
    return (loss * weight).sum() / weight.sum().clamp(min=1e-6)


def batches(n: int, size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled index batches covering ``range(n)``."""
    order = rng.permutation(n)
    return [order[i : i + size] for i in range(0, n, size)]
