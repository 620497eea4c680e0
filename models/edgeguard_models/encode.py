"""The encode stage: MiniLM-L6 features of every training window, cached on disk per window.

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
    """A digest of a list of windows (to key caches of whole stages)."""
    h = hashlib.sha256()
    for x in ids:
        h.update(np.asarray(x, dtype=np.int32).tobytes())
        h.update(b"|")
    return h.hexdigest()[:16]


def _window_key(x: np.ndarray) -> bytes:
    return hashlib.blake2b(np.asarray(x, dtype=np.int32).tobytes(), digest_size=12).digest()


def features(encoder_dir: Path, ids: list[np.ndarray], cache_dir: Path) -> np.ndarray:
    """MiniLM features ``[n, 768]`` of windows.

    Features are cached per window (keyed by a hash of its token ids) in
    ``cache_dir/minilm_features.npz``, so a corpus that changes a little is re-encoded a little.

    :param encoder_dir: the MiniLM checkpoint folder.
    :param ids: content token ids per window.
    :param cache_dir: where the cache lives.
    """
    cache = cache_dir / "minilm_features.npz"
    known: dict[bytes, int] = {}
    stored = np.zeros((0, 768), dtype=np.float16)
    if cache.exists():
        z = np.load(cache)
        stored = z["features"]
        known = {k.tobytes(): i for i, k in enumerate(z["keys"])}
    keys = [_window_key(x) for x in ids]
    missing = sorted({k: i for i, k in enumerate(keys) if k not in known}.values())
    log.info("MiniLM features: %d windows cached, %d to encode", len(ids) - len(missing), len(missing))
    fresh = _encode(encoder_dir, [ids[i] for i in missing])
    if missing:
        start = len(stored)
        stored = np.concatenate([stored, fresh])
        for j, i in enumerate(missing):
            known[keys[i]] = start + j
        key_array = np.zeros((len(stored), 12), dtype=np.uint8)
        for k, row in known.items():
            key_array[row] = np.frombuffer(k, dtype=np.uint8)
        np.savez(cache, features=stored, keys=key_array)
    return stored[[known[k] for k in keys]]


def _encode(encoder_dir: Path, ids: list[np.ndarray]) -> np.ndarray:
    out = np.zeros((len(ids), 768), dtype=np.float16)
    if not ids:
        return out
    model = MiniLM.load(encoder_dir)
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
    return out
