"""The units stage: each corpus item becomes one or more training windows of token ids.

A window holds at most ``content`` tokens (the model window less ``[CLS]``, the marker and
``[SEP]``), exactly as the engine cuts long inputs. An item longer than that is cropped: around
its ``focus`` (a composed goal or payload) when it has one; otherwise its beginning, plus up to
two more crops for benign texts and jailbreak templates, which are benign or jailbreak-like
throughout. Unsafe items without focus keep only their beginning, where the request usually is.

A benign text longer than one window also gives a few of its sentences as windows of their own,
cut as the engine cuts sentence windows (at ``.``, ``!``, ``?``, at most
:data:`SENTENCE_TOKENS` tokens): the engine scores every sentence of a long text alone, so the
model must learn what a lone sentence of code, a licence or a log looks like. A long composed
text gives the sentence window that holds its goal (a request buried in a document), labeled.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .corpus import Item
from .labels import LABELS
from .rows import Kind, Role

if TYPE_CHECKING:
    from tokenizers import Tokenizer

EXTRA_CROPS = 2
"""Further crops of a long benign text or template, besides its beginning."""
SENTENCE_CROPS = 3
"""Sentence windows taken from a long benign text."""
SENTENCE_TOKENS = 48
"""Most content tokens in one sentence window (the engine's ``SENTENCE_TOKENS``)."""
SENTENCE_STRIDE = 40
"""Start-to-start distance of the pieces of a long sentence (the engine's)."""
MIN_SENTENCE_TOKENS = 3
"""Sentences shorter than this get no window (the engine's)."""
SENTENCE_ENDS = (".", "!", "?")
"""Tokens that end a sentence."""


def sentence_spans(tokens: list[int] | np.ndarray, ends: set[int]) -> list[tuple[int, int]]:
    """The engine's sentence windows (``Windows::of_sentences``) over content token ids: empty for
    a text of fewer than two sentences."""
    sentences, start = [], 0
    for i, t in enumerate(tokens):
        if int(t) in ends:
            sentences.append((start, i + 1))
            start = i + 1
    if start < len(tokens):
        sentences.append((start, len(tokens)))
    if len(sentences) < 2:
        return []
    return [
        (s + a, s + b)
        for s, e in sentences
        if e - s >= MIN_SENTENCE_TOKENS
        for a, b in spans(e - s, SENTENCE_TOKENS, SENTENCE_STRIDE)
    ]


@dataclass
class Units:
    """Training windows, row-aligned arrays.

    :param ids: content token ids of each window (no special tokens).
    :param response: whether the window is a response.
    :param y: ``[n, 1 + labels]`` gold targets (``unsafe`` then labels); NaN rows = unlabeled.
    :param item: index of the corpus item each window comes from.
    """

    ids: list[np.ndarray]
    response: np.ndarray
    y: np.ndarray
    item: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def save(self, path: Path) -> None:
        """Write to an ``.npz`` file."""
        lengths = np.array([len(x) for x in self.ids], dtype=np.int32)
        flat = np.concatenate(self.ids) if self.ids else np.zeros(0, np.int32)
        np.savez(path, flat=flat, lengths=lengths, response=self.response, y=self.y, item=self.item)

    @classmethod
    def load(cls, path: Path) -> Units:
        """Read from an ``.npz`` file written by :meth:`save`."""
        z = np.load(path)
        ids = np.split(z["flat"], np.cumsum(z["lengths"])[:-1]) if len(z["lengths"]) else []
        return cls(ids=list(ids), response=z["response"], y=z["y"], item=z["item"])


def targets(labels: frozenset[str]) -> np.ndarray:
    """The target row of a label set: ``unsafe`` first, then one column per label."""
    row = np.zeros(1 + len(LABELS), dtype=np.float32)
    for label in labels:
        row[1 + LABELS.index(label)] = 1.0
    row[0] = 1.0 if labels else 0.0
    return row


def spans(n: int, width: int, stride: int) -> list[tuple[int, int]]:
    """The engine's windows over ``n`` content tokens (``window.rs``): ``width`` tokens each,
    starting every ``stride`` tokens, the last one ending at ``n``."""
    if n <= width:
        return [(0, n)]
    out, start = [], 0
    while start + width < n:
        out.append((start, start + width))
        start += stride
    out.append((n - width, n))
    return out


def build(
    items: list[Item],
    tokenizer: Tokenizer,
    content: int,
    stride: int,
    unlabeled: set[int],
    full_cover: set[int],
) -> Units:
    """Cut items into windows.

    :param items: the corpus (composed items included).
    :param tokenizer: the model's tokenizer (no padding, no truncation).
    :param content: content tokens per window.
    :param stride: tokens between window starts, for ``full_cover`` items.
    :param unlabeled: indices of items to use without gold labels (the distillation pool).
    :param full_cover: indices of items cut exactly as the engine cuts them (evaluation),
        rather than cropped (training).
    """
    encodings = tokenizer.encode_batch([it.text for it in items], add_special_tokens=False)
    ends = {i for t in SENTENCE_ENDS if (i := tokenizer.token_to_id(t)) is not None}
    ids, response, ys, owner = [], [], [], []
    nan_row = np.full(1 + len(LABELS), np.nan, dtype=np.float32)
    for index, (item, enc) in enumerate(zip(items, encodings)):
        tokens = np.asarray(enc.ids, dtype=np.int32)
        y = nan_row if index in unlabeled else targets(item.labels)
        if index in full_cover:
            cuts = spans(len(tokens), content, stride)
        else:
            cuts = [(s, s + content) for s in _crop_starts(item, enc.offsets, len(tokens), content)]
            if len(tokens) > content and index not in unlabeled:
                cuts += _sentence_crops(item, enc.offsets, tokens, ends)
        for start, end in cuts:
            ids.append(tokens[start:end])
            response.append(item.kind is Kind.RESPONSE)
            ys.append(y)
            owner.append(index)
    return Units(
        ids=ids,
        response=np.asarray(response, dtype=bool),
        y=np.stack(ys) if ys else np.zeros((0, 1 + len(LABELS)), np.float32),
        item=np.asarray(owner, dtype=np.int64),
    )


def _sentence_crops(item: Item, offsets: list[tuple[int, int]], tokens: np.ndarray,
                    ends: set[int]) -> list[tuple[int, int]]:
    """Sentence windows of a long text, as the engine cuts them: a few random ones of a benign
    text, and the one holding most of a composed goal (a request buried in a document)."""
    pieces = sentence_spans(tokens, ends)
    if not item.labels:
        rng = random.Random(f"sentences:{item.text[:200]}")
        return rng.sample(pieces, min(SENTENCE_CROPS, len(pieces)))
    focus = item.meta.get("focus")
    if not focus or not pieces:
        return []
    inside = {i for i, (a, b) in enumerate(offsets) if b > focus[0] and a < focus[1]}
    best = max(pieces, key=lambda p: len(inside.intersection(range(*p))))
    # Only a piece that holds most of the goal carries its labels.
    return [best] if len(inside.intersection(range(*best))) * 2 >= len(inside) else []


def _crop_starts(item: Item, offsets: list[tuple[int, int]], n: int, content: int) -> list[int]:
    if n <= content:
        return [0]
    focus = item.meta.get("focus")
    if focus:
        inside = [i for i, (a, b) in enumerate(offsets) if b > focus[0] and a < focus[1]]
        if inside:
            first, last = inside[0], inside[-1]
            slack = max(0, content - (last - first + 1))
            return [max(0, min(first - slack // 2, n - content))]
    starts = [0]
    if not item.labels or item.role is Role.TEMPLATE or item.labels == {"jailbreak"}:
        rng = random.Random(item.text)
        starts += sorted({rng.randrange(1, n - content + 1) for _ in range(EXTRA_CROPS)})
    return starts
