"""The aggregate stage: how the scores of a text's pieces become the text's scores.

The engine scores a text in windows (and, for a text longer than one window, sentence by
sentence) and keeps, per output, the maximum over the pieces. The more pieces a text has, the
more chances one noisy score has to cross a threshold, so a raw maximum makes long benign texts
look worse than short ones. The engine therefore lowers the maximum by
``length_shift * log2(pieces)`` logits, and a lone sentence (read without its context) by
``sentence_margin`` more (``AggregateConfig`` in ``crates/edgeguard-engine/src/config.rs``).

Both numbers are chosen here, on whole validation documents of every length (the split's own, which
stop near 2,500 words, and :func:`long_documents` built from them up to 48,000 words): among the settings
that keep the recall of requests buried in long benign documents at or above
:data:`BURIED_RECALL` (or at the baseline's, for a model that reaches it with no setting) and the
overall unsafe recall within :data:`RECALL_SLACK` of the plain maximum, the one with the lowest
false-positive rate in its worst length bucket. The scores are computed by the PyTorch mirror of
the exported model with the engine's own windows.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .compose import ATTACK_LABELS, BURIED, CARRIER_DOMAINS, MAX_GOAL_WORDS
from .units import SENTENCE_ENDS, sentence_spans, spans

if TYPE_CHECKING:
    from .student import Student

log = logging.getLogger(__name__)

MARGINS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0)
"""Sentence margins tried, in logits."""
SHIFTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1.0)
"""Length shifts tried, in logits per doubling of the pieces."""
BASELINE = (1.0, 0.0)
"""The aggregation before this stage: sentences one logit down, a plain maximum."""
BURIED_RECALL = 0.92
"""Least recall on buried requests a setting may have."""
RECALL_SLACK = 0.01
"""Most overall unsafe recall a setting may give up against the baseline."""
LENGTH_EDGES = (20, 60, 150, 500, 2000)
"""Upper edges (exclusive) of the word-count buckets; the last bucket is open."""
CALIBRATION_EDGES = (*LENGTH_EDGES, 4000)
"""The buckets the choice compares: ``edgeguard eval``'s, and the long documents on their own."""
MIN_BUCKET = 30
"""Benign rows a bucket needs to count in the worst-bucket rate."""
LONG_LENGTHS = (4_000, 8_000, 16_000, 32_000, 48_000)
"""Word counts of the long calibration documents (drawn in turn)."""
LONG_PER_KIND = 40
"""Long benign documents built, and as many with a buried request."""


def length_bucket(words: int, edges: tuple[int, ...] = LENGTH_EDGES) -> str:
    """The bucket name of a text of ``words`` words, as ``edgeguard eval`` names it."""
    for edge in edges:
        if words < edge:
            return f"<{edge}"
    return f">={edges[-1]}"


def long_documents(rows: list[dict], seed: int = 0) -> list[dict]:
    """Long calibration texts from validation rows: benign ordinary documents of one carrier domain
    (drawn for each text: a long text is code, or a log, or prose) joined up to each of
    :data:`LONG_LENGTHS` words in turn, and as many again with a short harmful request of the split
    placed at a random sentence boundary (domain ``buried``, as the composed buried requests).

    The split's own texts stop near 2,500 words, and a length shift chosen without longer ones
    says nothing about the texts of 50,000 words the engine screens whole. They calibrate the
    aggregation only; ``edgeguard eval`` never reads them.
    """
    rng = random.Random(seed)
    pools: dict[str, list[str]] = {}
    for r in rows:
        if not r["labels"] and r["domain"] in CARRIER_DOMAINS and len(r["text"].split()) >= 20:
            pools.setdefault(r["domain"], []).append(r["text"])
    goals = [r for r in rows if r["labels"] and r["kind"] == "prompt" and r["domain"] != BURIED
             and not ATTACK_LABELS & set(r["labels"])
             and len(r["text"].split()) <= MAX_GOAL_WORDS]
    if not pools or not goals:
        return []
    out = []
    for k in range(2 * LONG_PER_KIND):
        pool = pools[rng.choice(sorted(pools))]
        words: list[str] = []
        while len(words) < LONG_LENGTHS[k % len(LONG_LENGTHS)]:
            words += rng.choice(pool).split()
        if k < LONG_PER_KIND:
            out.append({"text": " ".join(words), "labels": [], "kind": "prompt", "domain": "long"})
            continue
        goal = rng.choice(goals)
        ends = [i + 1 for i, w in enumerate(words) if w.endswith((".", "!", "?"))] or [len(words)]
        cut = rng.choice(ends)
        out.append({"text": " ".join(words[:cut] + [goal["text"]] + words[cut:]), "labels": goal["labels"],
                    "kind": "prompt", "domain": BURIED})
    return out


@dataclass
class PieceScores:
    """Per text: the maximum logit per output over its windows and over its sentence windows
    (``-inf`` without sentences), and how many of each."""

    windows: np.ndarray
    n_windows: np.ndarray
    sentences: np.ndarray
    n_sentences: np.ndarray

    def combined(self, margin: float, shift: float) -> np.ndarray:
        """Logits ``[n, outputs]`` of the texts under a setting (the engine's rule)."""
        win = self.windows - shift * np.log2(np.maximum(self.n_windows, 1))[:, None]
        sent = self.sentences - (margin + shift * np.log2(np.maximum(self.n_sentences, 1)))[:, None]
        return np.maximum(win, sent)


@dataclass
class Pieces:
    """Every piece the engine scores in a batch of texts: windows, then (for a text longer than
    one window) sentence windows, row-aligned."""

    ids: list[np.ndarray]
    owner: np.ndarray
    is_sentence: np.ndarray
    response: np.ndarray


def pieces_of(tokenizer, texts: list[str], responses: list[bool], content: int, stride: int) -> Pieces:
    """Cut normalized texts into the engine's pieces (see :func:`piece_scores`)."""
    ends = {tokenizer.token_to_id(t) for t in SENTENCE_ENDS} - {None}
    encodings = tokenizer.encode_batch(texts, add_special_tokens=False)
    ids, owner, is_sentence, resp = [], [], [], []
    for i, enc in enumerate(encodings):
        tokens = np.asarray(enc.ids, dtype=np.int64)
        cuts = [(a, b, False) for a, b in spans(len(tokens), content, stride)]
        if len(tokens) > content:
            cuts += [(a, b, True) for a, b in sentence_spans(tokens, ends)]
        for a, b, sentence in cuts:
            ids.append(tokens[a:b])
            owner.append(i)
            is_sentence.append(sentence)
            resp.append(responses[i])
    return Pieces(ids, np.asarray(owner, dtype=np.int64), np.asarray(is_sentence, dtype=bool),
                  np.asarray(resp, dtype=bool))


def piece_logits(model: Student, pieces: Pieces, markers: tuple[int, int]) -> np.ndarray:
    """Logits ``[pieces, outputs]`` of the student on every piece."""
    import torch  # the training dependencies; choosing a setting needs only numpy

    from .student import frame

    logits = np.zeros((len(pieces.ids), model.l2.out_features), dtype=np.float32)
    order = np.argsort([len(x) for x in pieces.ids], kind="stable")
    model.eval()
    with torch.inference_mode():
        for k in range(0, len(order), 1024):
            batch = order[k : k + 1024]
            logits[batch] = model(frame([pieces.ids[j] for j in batch], pieces.response[batch], markers)).numpy()
    return logits


def piece_scores(model: Student, tokenizer, texts: list[str], responses: list[bool], content: int,
                 stride: int, markers: tuple[int, int]) -> PieceScores:
    """Score normalized texts piece by piece as the engine does.

    :param model: the student (thresholds folded).
    :param tokenizer: the model's tokenizer (no padding, no truncation).
    :param texts: normalized texts.
    :param responses: whether each text is a response.
    :param content: content tokens per window.
    :param stride: tokens between window starts.
    :param markers: the prompt and response marker ids.
    """
    pieces = pieces_of(tokenizer, texts, responses, content, stride)
    logits = piece_logits(model, pieces, markers)
    n, outputs = len(texts), logits.shape[1]
    win = np.full((n, outputs), -np.inf, dtype=np.float32)
    sent = np.full((n, outputs), -np.inf, dtype=np.float32)
    n_win = np.zeros(n, dtype=np.int64)
    n_sent = np.zeros(n, dtype=np.int64)
    for flag, best, count in ((False, win, n_win), (True, sent, n_sent)):
        rows = np.flatnonzero(pieces.is_sentence == flag)
        np.maximum.at(best, pieces.owner[rows], logits[rows])
        np.add.at(count, pieces.owner[rows], 1)
    return PieceScores(win, n_win, sent, n_sent)


def evaluate(scores: PieceScores, unsafe: np.ndarray, buried: np.ndarray, words: np.ndarray,
             margin: float, shift: float, cut: np.ndarray | float = 0.0) -> dict:
    """Recall, buried recall and benign false-positive rate per length bucket of a setting
    (a text is flagged when any output reaches its default threshold: ``cut``, in logits per
    output, 0 where the threshold is folded to 0.5)."""
    flagged = np.asarray((scores.combined(margin, shift) >= cut).any(1))
    buckets = np.array([length_bucket(int(w), CALIBRATION_EDGES) for w in words])
    fpr = {}
    for name in sorted(set(buckets[~unsafe])):
        rows = ~unsafe & (buckets == name)
        fpr[name] = (float(flagged[rows].mean()), int(rows.sum()))
    counted = [r for r, n in fpr.values() if n >= MIN_BUCKET]
    return {
        "margin": margin,
        "shift": shift,
        "recall": float(flagged[unsafe].mean()) if unsafe.any() else 0.0,
        "buried_recall": float(flagged[buried].mean()) if buried.any() else 1.0,
        "fpr": float(flagged[~unsafe].mean()) if (~unsafe).any() else 0.0,
        "worst_bucket_fpr": max(counted) if counted else 0.0,
        "fpr_by_length": fpr,
    }


def choose(scores: PieceScores, unsafe: np.ndarray, buried: np.ndarray, words: np.ndarray,
           cut: np.ndarray | float = 0.0) -> dict:
    """The setting to ship (see the module docs), with the grid it was chosen from.

    :param scores: the validation texts' piece scores.
    :param unsafe: whether each text has a gold label.
    :param buried: whether each text is a buried request.
    :param words: word counts.
    :param cut: each output's default threshold in logits (see :func:`evaluate`).
    """
    grid = [evaluate(scores, unsafe, buried, words, m, s, cut) for m in MARGINS for s in SHIFTS]
    base = evaluate(scores, unsafe, buried, words, *BASELINE, cut)
    # A model that cannot reach BURIED_RECALL at all must at least keep the baseline's.
    floor = min(BURIED_RECALL, base["buried_recall"])
    ok = [g for g in grid
          if g["buried_recall"] >= floor and g["recall"] >= base["recall"] - RECALL_SLACK]
    best = min(ok, key=lambda g: (round(g["worst_bucket_fpr"], 4), round(g["fpr"], 4), g["shift"],
                                  abs(g["margin"] - BASELINE[0]))) if ok else base
    log.info("aggregate: baseline %s", {k: v for k, v in base.items() if k != "fpr_by_length"})
    log.info("aggregate: chosen %s", best)
    return {"chosen": best, "baseline": base,
            "alternatives": [g for g in grid if g["margin"] == BASELINE[0] and g["shift"] in (0.2, 0.5)]}
