"""The teacher: frozen MiniLM-L6 features (mean and max of the last layer) and an MLP head.

It is trained on the gold labels of the training split, stopped early on the validation split,
and then labels every window, including the unlabeled distillation pool, with soft targets.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from .nn import batches, pos_weights, soft_bce

log = logging.getLogger(__name__)


class TeacherHead(nn.Module):
    """Two-layer MLP over MiniLM features plus a response flag."""

    def __init__(self, features: int, outputs: int, hidden: int = 512) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.LayerNorm(features + 1),
            nn.Dropout(0.1),
            nn.Linear(features + 1, hidden),
            nn.GELU(),
            nn.Dropout(0.1),
            nn.Linear(hidden, outputs),
        )

    def forward(self, x: torch.Tensor, response: torch.Tensor) -> torch.Tensor:
        """Logits ``[batch, outputs]``."""
        return self.net(torch.cat([x, response[:, None].float()], dim=1))


@dataclass
class Teacher:
    """A trained teacher head."""

    head: TeacherHead

    def predict(self, x: np.ndarray, response: np.ndarray) -> np.ndarray:
        """Probabilities ``[n, outputs]`` for features ``x``."""
        self.head.eval()
        out = []
        with torch.inference_mode():
            for i in range(0, len(x), 4096):
                xb = torch.from_numpy(x[i : i + 4096].astype(np.float32))
                rb = torch.from_numpy(response[i : i + 4096])
                out.append(torch.sigmoid(self.head(xb, rb)).numpy())
        return np.concatenate(out) if out else np.zeros((0, self.head.net[-1].out_features))


def train(
    x: np.ndarray,
    response: np.ndarray,
    y: np.ndarray,
    weight: np.ndarray,
    train_rows: np.ndarray,
    val_rows: np.ndarray,
    *,
    epochs: int = 30,
    seed: int = 0,
) -> Teacher:
    """Train the head on ``train_rows``; keep the epoch with the lowest validation loss.

    :param x: MiniLM features of every window.
    :param response: response flag of every window.
    :param y: gold targets (NaN rows are not used).
    :param weight: per-window training weight.
    :param train_rows: indices of training windows.
    :param val_rows: indices of validation windows.
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    head = TeacherHead(x.shape[1], y.shape[1])
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=1e-4)
    pw = pos_weights(y[train_rows])
    xt = torch.from_numpy(x.astype(np.float32))
    rt = torch.from_numpy(response)
    yt = torch.from_numpy(y)
    wt = torch.from_numpy(weight.astype(np.float32))
    best, best_state = float("inf"), None
    for epoch in range(epochs):
        head.train()
        for b in batches(len(train_rows), 256, rng):
            idx = torch.from_numpy(train_rows[b])
            loss = soft_bce(head(xt[idx], rt[idx]), yt[idx], pw, wt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        head.eval()
        with torch.inference_mode():
            idx = torch.from_numpy(val_rows)
            val = soft_bce(head(xt[idx], rt[idx]), yt[idx], pw, wt[idx]).item()
        log.info("teacher epoch %d: validation loss %.4f", epoch, val)
        if val < best - 1e-4:
            best, best_state = val, {k: v.clone() for k, v in head.state_dict().items()}
    if best_state is not None:
        head.load_state_dict(best_state)
    return Teacher(head)
