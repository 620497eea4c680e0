"""Default thresholds, chosen on validation texts of one window re-weighted to a benign-heavy mix.

A threshold decides one window; how the windows and sentences of a longer text combine is the
aggregate stage's part (:mod:`aggregate`), so the build passes only the validation texts that fit
one window.

A balanced split rewards thresholds that flag too much: in real traffic most texts are benign.
Benign rows are weighted so that they carry ``BENIGN_SHARE`` of the total weight (optionally
spread evenly over their domains, ``domains=``; the build does not, since on validation that
raised the thresholds of short requests), and each label's threshold maximises its weighted F1 on
that mix. ``unsafe`` gets its threshold the same way, on its own, so that ``unsafe`` 0.5 means
what it means for a label (folded in jointly, a blocked bomb request read ``unsafe`` 0.28). What
the policy does with ``unsafe`` alone (flag a text no label claims) is a different decision: its
default threshold is the joint choice (:func:`unsafe_threshold`, the F1 of "any label fired, or
``unsafe`` reached"), expressed on the folded scale by :func:`unsafe_default`; flagging from 0.5
up doubled the false-positive rate on short chat.

The chosen thresholds are then folded into the model (:func:`fold`): each output's bias is moved
by ``-logit(threshold)``, so the shipped model's default threshold is 0.5 for every output. The
decisions are unchanged (a monotonic shift), the ranking metrics too, and a score of 0.5 means the
same thing for ``unsafe`` and for every label, which is what users and evaluation harnesses
assume.
"""

from __future__ import annotations

import numpy as np

BENIGN_SHARE = 0.8
"""Share of benign text assumed in real traffic. At 0.9 the thresholds of the rarer labels
(``physical_hazard``, ``S9``) rose to 0.94 and above on validation, and plain cases of the
behaviour gate (an arson command) fell under them; 0.8 keeps them."""

DEFAULT = 0.5
"""Threshold of an output without validation positives."""


def mix_weights(gold: np.ndarray, domains: list[str] | None = None) -> np.ndarray:
    """Row weights giving benign rows (no gold label) ``BENIGN_SHARE`` of the total weight,
    each benign domain an equal part of it.

    :param gold: ``[n, outputs]`` 0/1 gold targets, ``unsafe`` first.
    :param domains: each row's domain (benign rows are spread evenly over them when given).
    """
    benign = gold[:, 0] == 0
    n_benign, n_unsafe = benign.sum(), (~benign).sum()
    w = np.ones(len(gold))
    if domains is not None and n_benign:
        d = np.asarray(domains)
        names, counts = np.unique(d[benign], return_counts=True)
        per = dict(zip(names, counts))
        w[benign] = [n_benign / (len(names) * per[x]) for x in d[benign]]
    if n_benign and n_unsafe:
        w[benign] *= BENIGN_SHARE / (1 - BENIGN_SHARE) * n_unsafe / n_benign
    return w


def best_f1_threshold(scores: np.ndarray, gold: np.ndarray, weight: np.ndarray) -> float:
    """The threshold on ``scores`` maximising weighted F1 of ``scores >= t`` against ``gold``."""
    if gold.sum() == 0:
        return DEFAULT
    order = np.argsort(-scores, kind="stable")
    s, g, w = scores[order], gold[order], weight[order]
    tp = np.cumsum(w * g)
    fp = np.cumsum(w * (1 - g))
    total_pos = (w * g).sum()
    f1 = 2 * tp / (tp + fp + total_pos)
    # Only cut between distinct scores.
    last_of_run = np.r_[s[1:] != s[:-1], True]
    f1 = np.where(last_of_run, f1, -1)
    k = int(np.argmax(f1))
    below = s[k + 1] if k + 1 < len(s) else 0.0
    return float(np.clip((s[k] + below) / 2 if below < s[k] else s[k], 0.01, 0.99))


def choose(scores: np.ndarray, gold: np.ndarray, domains: list[str] | None = None) -> np.ndarray:
    """One threshold per output (``unsafe`` first; see the module docs).

    :param scores: ``[n, outputs]`` item-level probabilities.
    :param gold: ``[n, outputs]`` 0/1 gold targets.
    :param domains: each row's domain, to spread the benign weight evenly over domains.
    """
    weight = mix_weights(gold, domains)
    t = np.array(
        [best_f1_threshold(scores[:, j], gold[:, j], weight) for j in range(scores.shape[1])]
    )
    return t


def unsafe_threshold(scores: np.ndarray, gold: np.ndarray, weight: np.ndarray, t: np.ndarray) -> float:
    """The ``unsafe`` threshold maximising the weighted F1 of the policy's decision (any label at
    its threshold, or ``unsafe`` at this one) given the label thresholds ``t[1:]``."""
    labels = (scores[:, 1:] >= t[1:]).any(1)
    candidates = np.unique(np.r_[np.quantile(scores[:, 0], np.linspace(0.5, 1.0, 101)), 0.99])
    best, best_f1 = 0.99, -1.0
    for c in candidates:
        flagged = labels | (scores[:, 0] >= c)
        tp = (weight * gold * flagged).sum()
        fp = (weight * (1 - gold) * flagged).sum()
        f1 = 2 * tp / (tp + fp + (weight * gold).sum())
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(c), f1
    return float(np.clip(best, 0.01, 0.99))


def unsafe_default(scores: np.ndarray, gold: np.ndarray, chosen: np.ndarray) -> float:
    """The policy's default ``unsafe`` threshold on the folded scale: the joint choice
    (:func:`unsafe_threshold`), moved by the fold of ``chosen[0]``.

    :param scores: ``[n, outputs]`` unfolded probabilities; :param gold: 0/1 targets;
    :param chosen: the thresholds :func:`choose` gave (folded into the model).
    """
    joint = unsafe_threshold(scores, gold[:, 0], mix_weights(gold), chosen)
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    t = np.clip(np.array([joint, chosen[0]]), 1e-4, 1 - 1e-4)
    return float(np.clip(1 / (1 + np.exp(-(logit(t[0]) - logit(t[1])))), 0.01, 0.99))


def fold(model, chosen: np.ndarray):
    """Shift the student's output biases so that ``chosen`` thresholds become 0.5.

    :param model: a :class:`~edgeguard_models.student.Student`.
    :param chosen: one threshold per output, in ``(0, 1)``.
    :returns: the same model, modified in place.
    """
    import torch

    t = np.clip(chosen, 1e-4, 1 - 1e-4)
    with torch.no_grad():
        model.l2.bias -= torch.from_numpy(np.log(t / (1 - t)).astype(np.float32))
    return model


def average_precision(gold: np.ndarray, scores: np.ndarray) -> float:
    """Average precision of ``scores`` against 0/1 ``gold`` (0 without positives)."""
    order = np.argsort(-scores, kind="stable")
    g = gold[order]
    precision = np.cumsum(g) / np.arange(1, len(g) + 1)
    return float((precision * g).sum() / g.sum()) if g.sum() else 0.0
