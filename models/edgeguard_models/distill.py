"""Static token embeddings distilled from MiniLM-L6 (the Model2Vec recipe).

Every vocabulary token is run through the encoder on its own (``[CLS] token [SEP]``) and the
mean of the output states is its vector; PCA keeps the leading ``dim`` directions; each vector is
then scaled by a smooth inverse frequency weight, ``a / (a + p(token))``, with token frequencies
counted on the corpus, so frequent function words weigh little in a mean.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from .minilm import MiniLM

CLS, SEP = 101, 102
SIF_A = 1e-3


def token_vectors(encoder_dir: Path, vocab_size: int, batch: int = 2048) -> np.ndarray:
    """The encoder's output vector for every token on its own, ``[vocab, hidden]``."""
    model = MiniLM.load(encoder_dir)
    out = []
    with torch.inference_mode():
        for start in range(0, vocab_size, batch):
            ids = torch.arange(start, min(start + batch, vocab_size))
            seq = torch.stack([torch.full_like(ids, CLS), ids, torch.full_like(ids, SEP)], dim=1)
            hidden = model(seq, torch.ones_like(seq))
            out.append(hidden.mean(1).numpy())
    return np.concatenate(out).astype(np.float32)


def pca(vectors: np.ndarray, dim: int) -> np.ndarray:
    """Project centred vectors on their ``dim`` leading principal directions."""
    centred = vectors - vectors.mean(0, keepdims=True)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return (centred @ vt[:dim].T).astype(np.float32)


def sif_weights(counts: np.ndarray) -> np.ndarray:
    """Smooth inverse frequency weights from token counts (add-one smoothed)."""
    p = (counts + 1.0) / (counts.sum() + len(counts))
    return (SIF_A / (SIF_A + p)).astype(np.float32)


def static_embeddings(
    encoder_dir: Path, vocab_size: int, dim: int, counts: np.ndarray, cache_dir: Path
) -> np.ndarray:
    """The distilled table ``[vocab, dim]``; the encoder pass is cached on disk.

    :param counts: occurrences of each token id in the corpus.
    """
    cache = cache_dir / "token_vectors.npy"
    if cache.exists():
        vectors = np.load(cache)
    else:
        vectors = token_vectors(encoder_dir, vocab_size)
        np.save(cache, vectors)
    table = pca(vectors, dim) * sif_weights(counts)[:, None]
    # Scale to unit mean norm, a comfortable range for fine-tuning and int8.
    return (table / np.linalg.norm(table, axis=1).mean()).astype(np.float32)
