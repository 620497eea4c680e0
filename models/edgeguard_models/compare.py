"""Design comparison on the validation split: the shipped student against the recommended
start (Model2Vec static embeddings, mean pooling, an MLP), trained on the same windows with the
same teacher labels.

``python -m edgeguard_models.compare`` (after ``build`` has cached the teacher labels) trains
each variant and prints validation metrics computed the way the engine scores texts: maximum
over each text's windows. It writes ``models/.cache/work/compare.json``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import build, student, thresholds
from .fetch import DEFAULT_CACHE_DIR
from .splits import assemble

log = logging.getLogger("edgeguard_models")

VARIANTS = {
    "model2vec_mean_mlp (recommended start)": replace(student.StudentConfig(), heads=0),
    "mean_plus_4_attention_heads (shipped)": student.StudentConfig(),
}


def _item_scores(probs: np.ndarray, owner: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    items = np.unique(owner[rows])
    index = {item: k for k, item in enumerate(items)}
    out = np.zeros((len(items), probs.shape[1]), dtype=np.float32)
    for r in rows:
        k = index[owner[r]]
        out[k] = np.maximum(out[k], probs[r])
    return items, out


def _auprc(scores: np.ndarray, gold: np.ndarray) -> float:
    order = np.argsort(-scores, kind="stable")
    g = gold[order]
    if g.sum() == 0:
        return float("nan")
    tp = np.cumsum(g)
    return float((tp / np.arange(1, len(g) + 1))[g == 1].mean())


def main() -> None:
    """Train and measure every variant."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cache = DEFAULT_CACHE_DIR
    items = assemble(cache)
    trained = build.train(items, cache, cache / "work")
    u, soft, markers = trained["units"], trained["teacher"], trained["markers"]
    picked = trained["picked"]
    split = np.array([picked[i].split for i in u.item])
    train_rows = np.flatnonzero(split == "train")
    val_rows = np.flatnonzero((split == "val") & ~np.isnan(u.y[:, 0]))
    weight = build._weights(picked, u, train_rows)
    table = trained["table"]
    results = {}
    for name, config in VARIANTS.items():
        model = student.train(table, u.ids, u.response, u.y, soft, weight, train_rows,
                              np.flatnonzero(split == "val"), markers, config, seed=build.SEED)
        probs = student.predict(model, [u.ids[i] for i in val_rows], u.response[val_rows], markers)
        full = np.zeros((len(u), probs.shape[1]), dtype=np.float32)
        full[val_rows] = probs
        items_v, scores = _item_scores(full, u.item, val_rows)
        gold = np.stack([u.y[np.flatnonzero(u.item == i)[0]] for i in items_v])
        w = thresholds.mix_weights(gold)
        t = thresholds.best_f1_threshold(scores[:, 0], gold[:, 0], w)
        pred = scores[:, 0] >= t
        tp, fp = (w * pred * gold[:, 0]).sum(), (w * pred * (1 - gold[:, 0])).sum()
        fn = (w * (~pred) * gold[:, 0]).sum()
        label_ap = [_auprc(scores[:, j], gold[:, j]) for j in range(1, scores.shape[1])]
        results[name] = {
            "unsafe_auprc": _auprc(scores[:, 0], gold[:, 0]),
            "unsafe_f1_on_90pct_benign_mix": float(2 * tp / (2 * tp + fp + fn)),
            "macro_label_auprc": float(np.nanmean(label_ap)),
            "parameters": int(sum(p.numel() for p in model.parameters())),
        }
        log.info("%s: %s", name, results[name])
    out = cache / "work" / "compare.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
