"""Hard negatives mined from whole benign training documents.

The units stage trains on a few crops of each long benign text, but the engine scores every
window and every sentence of a text and keeps the highest score: a benign document is held back
when its single worst piece is, and random crops seldom are the worst. So after a first training
every piece of every benign ordinary training document (the carrier domains of :mod:`compose`:
code, docs, logs, prose ...) is scored, and the pieces on which some output still reaches
:data:`MIN_SCORE` become extra benign training windows (at most :data:`MINED`, the highest first)
for a second training from scratch. A further round mines again with that student and trains
with the pieces of every round (:func:`merge`): each student has new worst pieces. Only the
training split is mined; validation still measures documents the model never saw.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np

from .aggregate import piece_logits, pieces_of
from .compose import CARRIER_DOMAINS
from .labels import LABELS
from .rows import Kind, Role
from .units import Units

if TYPE_CHECKING:
    from .corpus import Item
    from .student import Student

log = logging.getLogger(__name__)

MIN_SCORE = 0.3
"""Least probability some output must reach on a piece for it to be mined (before thresholds:
the chosen thresholds of the labels lie between 0.2 and 0.75)."""
MINED = 30_000
"""Most pieces mined."""


def mine(model: Student, tokenizer, picked: list[Item], content: int, stride: int,
         markers: tuple[int, int]) -> Units:
    """The mined pieces as benign windows (``item`` is the document each comes from)."""
    docs = [k for k, it in enumerate(picked)
            if it.split == "train" and it.role is Role.LABELED and not it.labels
            and it.domain in CARRIER_DOMAINS]
    pieces = pieces_of(tokenizer, [picked[k].text for k in docs],
                       [picked[k].kind is Kind.RESPONSE for k in docs], content, stride)
    worst = 1 / (1 + np.exp(-piece_logits(model, pieces, markers).max(1)))
    keep = np.flatnonzero(worst >= MIN_SCORE)
    keep = keep[np.argsort(-worst[keep], kind="stable")][:MINED]
    owners = np.asarray(docs)[pieces.owner[keep]]
    log.info("mining: %d pieces of %d benign training documents scored, %d kept (from %d documents)",
             len(pieces.ids), len(docs), len(keep), len(set(owners.tolist())))
    return Units(
        ids=[pieces.ids[j].astype(np.int32) for j in keep],
        response=pieces.response[keep],
        y=np.zeros((len(keep), 1 + len(LABELS)), dtype=np.float32),
        item=owners.astype(np.int64),
    )


def merge(earlier: Units | None, new: Units) -> Units:
    """The pieces of ``earlier`` rounds, then those of ``new`` not mined before (same document,
    same tokens)."""
    if earlier is None:
        return new
    seen = {(int(i), x.tobytes()) for i, x in zip(earlier.item, earlier.ids)}
    fresh = [k for k, (i, x) in enumerate(zip(new.item, new.ids)) if (int(i), x.tobytes()) not in seen]
    log.info("mining: %d of the %d pieces are new", len(fresh), len(new))
    return Units(
        ids=earlier.ids + [new.ids[k] for k in fresh],
        response=np.r_[earlier.response, new.response[fresh]],
        y=np.r_[earlier.y, new.y[fresh]],
        item=np.r_[earlier.item, new.item[fresh]],
    )
