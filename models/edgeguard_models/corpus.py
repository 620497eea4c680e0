"""The corpus stage: normalize, deduplicate, group near-duplicates into families, and split by
family into train / validation / test; evaluation-only sources become the external set.

Rows whose normalized texts match (case, spacing and punctuation aside) are one row: its labels
are the union of the copies' labels (an unsafe copy wins over a benign one) and it is trainable if
any copy comes from a trainable source. Rows that share a family, or whose word shingles are
near-identical (word-trigram Jaccard of 0.8 or more, found with MinHash), are grouped, and a group goes to one split
by a hash of its name, so paraphrases of one behaviour never straddle splits (a group too large
to split fairly goes to training, see ``MAX_SPLIT_FAMILY``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .normalizer import normalize_all
from .rows import Kind, Role, Row

SPLITS = ("train", "val", "test")
"""The splits, in order."""

SPLIT_FRACTIONS = (0.8, 0.1, 0.1)
"""Share of families per split."""

MAX_SPLIT_FAMILY = 1000
"""A group larger than this goes to training whole: in validation or test it would dominate the
metrics (JailbreakBench's 100 behaviours, chained by the attack templates applied to all of them,
form one such group with the tense rewrites of the same behaviours)."""

EXTERNAL = "external"
"""The split of evaluation-only rows that do not occur in any trainable source."""

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Item:
    """A corpus row after normalization, dedup and split."""

    text: str
    labels: frozenset[str]
    kind: Kind
    role: Role
    source: str
    sources: set[str]
    family: str
    trainable: bool
    hard_negative: bool
    lang: str
    domain: str | None
    prompt: str | None
    split: str = ""
    meta: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """The item as a JSON object (one line of ``corpus.jsonl``)."""
        return {
            "text": self.text,
            "labels": sorted(self.labels),
            "kind": self.kind.value,
            "role": self.role.value,
            "source": self.source,
            "family": self.family,
            "split": self.split,
            "trainable": self.trainable,
            "hard_negative": self.hard_negative,
            "lang": self.lang,
            "domain": self.domain,
        }


def dedup_key(normalized: str) -> str:
    """The key under which two normalized texts count as the same text."""
    return " ".join(_WORD.findall(normalized.casefold()))


def build(rows: Iterable[tuple[Row, bool]], seed: int = 0) -> list[Item]:
    """Normalize, deduplicate, group and split.

    :param rows: every row with whether its source may train the shipped model.
    :param seed: salt of the split hash (fixed for reproducibility).
    :returns: the items, each with its split.
    """
    rows = list(rows)
    normalized = normalize_all([r.text for r, _ in rows])
    merged: dict[tuple[str, str, str], Item] = {}
    for (row, trainable), text in zip(rows, normalized):
        if not text.strip():
            continue
        # Labeled and unlabeled copies of a text are one item (labeled wins); templates,
        # payloads and documents are parts, kept apart from the texts they resemble.
        part = row.role in (Role.TEMPLATE, Role.PAYLOAD, Role.DOCUMENT)
        key = (dedup_key(text), row.kind.value, row.role.value if part else "text")
        item = merged.get(key)
        if item is None:
            merged[key] = Item(
                text=text,
                labels=row.labels,
                kind=row.kind,
                role=row.role,
                source=row.source,
                sources={row.source},
                family=row.family,
                trainable=trainable,
                hard_negative=row.hard_negative,
                lang=row.lang,
                domain=row.meta.get("domain"),
                prompt=row.prompt,
                meta=dict(row.meta),
            )
            continue
        item.sources.add(row.source)
        if row.role is Role.UNLABELED:
            continue
        if item.role is Role.UNLABELED:
            item.role, item.labels, item.source, item.family = row.role, row.labels, row.source, row.family
            item.hard_negative, item.trainable = row.hard_negative, trainable
            continue
        if row.labels - item.labels:
            item.labels = item.labels | row.labels
            item.hard_negative = False
        if trainable and not item.trainable:
            # Keep the provenance of the copy that licenses training.
            item.trainable, item.source, item.family = True, row.source, row.family
    items = list(merged.values())
    roots = _group(items)
    sizes: defaultdict[str, int] = defaultdict(int)
    for root in roots:
        sizes[root] += 1
    for item, root in zip(items, roots):
        item.family = root
        if not item.trainable:
            item.split = EXTERNAL
        elif sizes[root] > MAX_SPLIT_FAMILY:
            item.split = SPLITS[0]
        else:
            item.split = _split_of(root, seed)
    _drop_external_leaks(items)
    return items


def _group(items: list[Item]) -> list[str]:
    """Union declared families with near-duplicate texts; return each item's group name."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first: dict[str, int] = {}
    for i, item in enumerate(items):
        j = first.setdefault(item.family, i)
        union(i, j)
    # Near-duplicates among labeled rows only: benign pools are large and varied, and what
    # matters is that paraphrases of one unsafe behaviour do not straddle splits.
    candidates = [i for i, it in enumerate(items) if it.role is Role.LABELED or it.labels]
    for a, b in _near_duplicate_pairs([items[i].text for i in candidates]):
        union(candidates[a], candidates[b])
    return [items[find(i)].family for i in range(len(items))]


_PRIME = (1 << 61) - 1


NEAR_DUPLICATE = 0.8
"""Jaccard similarity of word-trigram sets at or above which two texts are one family."""

MIN_WORDS = 8
"""Texts shorter than this are grouped by exact match only (short texts share trigrams by
chance: "how do I ..." questions are not paraphrases of each other)."""


def _near_duplicate_pairs(texts: list[str], bands: int = 16, rows: int = 4) -> Iterable[tuple[int, int]]:
    """Index pairs whose word-trigram sets have Jaccard >= ``NEAR_DUPLICATE``: candidates from
    MinHash LSH, each confirmed on the exact sets."""
    rng = np.random.default_rng(1234)
    n_hash = bands * rows
    a = rng.integers(1, _PRIME, size=n_hash, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=n_hash, dtype=np.uint64)
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    shingle_sets: dict[int, set[int]] = {}
    for idx, text in enumerate(texts):
        words = _WORD.findall(text.casefold())
        if len(words) < MIN_WORDS:
            continue
        shingles = {hash_str(" ".join(words[i : i + 3])) for i in range(len(words) - 2)}
        shingle_sets[idx] = shingles
        x = np.fromiter(shingles, dtype=np.uint64)
        sig = ((x[:, None] * a[None, :] + b[None, :]) % np.uint64(_PRIME)).min(axis=0)
        for band in range(bands):
            buckets[(band, sig[band * rows : (band + 1) * rows].tobytes())].append(idx)
    seen: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i, first in enumerate(members):
            for other in members[i + 1 : i + 50]:
                pair = (first, other)
                if pair in seen:
                    continue
                seen.add(pair)
                mine, theirs = shingle_sets[first], shingle_sets[other]
                if len(mine & theirs) >= NEAR_DUPLICATE * len(mine | theirs):
                    yield pair


def hash_str(text: str) -> int:
    """A stable 61-bit hash of a string."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") % _PRIME


def _split_of(group: str, seed: int) -> str:
    h = hash_str(f"{seed}:{group}") / _PRIME
    edge = 0.0
    for name, share in zip(SPLITS, SPLIT_FRACTIONS):
        edge += share
        if h < edge:
            return name
    return SPLITS[-1]


def _drop_external_leaks(items: list[Item]) -> None:
    """External rows whose group also holds trainable rows are not external: drop them."""
    trained_groups = {it.family for it in items if it.trainable}
    items[:] = [it for it in items if it.trainable or it.family not in trained_groups]
