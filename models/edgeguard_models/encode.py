"""The encode stage: MiniLM-L6 features of every training window, cached on disk.

The teacher sees the same windows as the student: ``[CLS] content [SEP]``. A window's feature is
the masked mean and the masked max of MiniLM's last hidden states (768 values), stored as
float16. Windows are run sorted by length (longest first), so batches carry little padding.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
import torch

from .minilm import MiniLM

log = logging.getLogger(__name__)

CLS, SEP = 101, 102
BATCH_TOKENS = 8192
"""Tokens per encoder batch (rows times padded length)."""


def digest(ids: list[np.ndarray]) -> str:
    """A digest of the windows, to key the feature cache."""
    h = hashlib.sha256()
    for x in ids:
        h.update(np.asarray(x, dtype=np.int32).tobytes())
        h.update(b"|")
    return h.hexdigest()[:16]


def features(encoder_dir: Path, ids: list[np.ndarray], cache_dir: Path) -> np.ndarray:
    """MiniLM features ``[n, 768]`` of windows, from the cache when it holds them.

    :param encoder_dir: the MiniLM checkpoint folder.
    :param ids: content token ids per window.
    :param cache_dir: where features are cached, keyed by :func:`digest`.
    """
    cache = cache_dir / f"minilm_features_{digest(ids)}.npy"
    if cache.exists():
        return np.load(cache)
    model = MiniLM.load(encoder_dir)
    out = np.zeros((len(ids), 768), dtype=np.float16)
    # Longest first: the first window of a batch sets its width.
    order = np.argsort([-len(x) for x in ids], kind="stable")
    start, done = 0, 0
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
        while start < len(order):
            width = len(ids[order[start]]) + 2
            batch = order[start : start + max(1, BATCH_TOKENS // width)]
            tokens = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for r, i in enumerate(batch):
                seq = [CLS, *ids[i].tolist(), SEP]
                tokens[r, : len(seq)] = seq
                mask[r, : len(seq)] = 1
            t, m = torch.from_numpy(tokens), torch.from_numpy(mask)
            hidden = model(t, m).float()
            mf = m[..., None].float()
            mean = (hidden * mf).sum(1) / mf.sum(1)
            mx = (hidden + (mf - 1) * 1e4).max(1).values
            out[batch] = torch.cat([mean, mx], dim=1).numpy().astype(np.float16)
            start += len(batch)
            if start - done >= 20000:
                done = start
                log.info("encoded %d / %d windows", start, len(order))
    np.save(cache, out)
    return out
