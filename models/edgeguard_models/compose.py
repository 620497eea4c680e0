"""The compose stage: attacks built from parts, after the split so no part crosses splits.

- Jailbreak fills: every template is filled with harmful goals (labels: ``jailbreak`` plus the
  goal's hazards) and with benign goals (``jailbreak`` only: a DAN wrapper around a harmless
  question is still an attempt to disable the rules, but no hazard).
- Injected documents: every payload is placed at the start, middle or end of benign documents
  (``prompt_injection``); the documents on their own are benign negatives.

- Buried requests: a harmful request placed at a random sentence boundary inside benign ordinary
  text (code, docs, prose, logs ... of the same split, joined up to a drawn length of 60 to 2,500
  words): a document is unsafe iff some part of it is, so these teach and measure that a
  request is found wherever it sits, at every length. Their domain is ``buried``.
- Disguised prompts (training split only): short prompts, harmful and benign alike, with stray
  punctuation inside and between words, labels unchanged. Punctuation splits a word into
  unfamiliar pieces for a bag-of-tokens model; without these the model learns that unfamiliar
  pieces mean an attack. (Leetspeak needs no such help: the normalizer folds it back before
  tokenizing.) They are not built for validation or test, whose disguised texts the robustness
  harness makes with its own transforms.

Each composed item records where its goal or payload sits (``focus``, character offsets in the
normalized text), so a training window cut from a long composite still holds it.
"""

from __future__ import annotations

import random
from dataclasses import replace

from .corpus import Item
from .normalizer import normalize_all
from .rows import GOAL_SLOT, Kind, Role

HARMFUL_FILLS = 3
"""Harmful goals per template."""
BENIGN_FILLS = 2
"""Benign goals per template."""
DOCUMENTS_PER_PAYLOAD = 4
"""Documents each payload is injected into."""
MAX_GOAL_WORDS = 60
ATTACK_LABELS = frozenset({"jailbreak", "prompt_injection"})
BURIED_PER_SPLIT = {"train": 3000, "val": 500, "test": 500}
"""Buried requests built per split."""
BURIED_LENGTHS = (60, 150, 400, 1000, 2000, 2500)
"""Target lengths in words of the documents a request is buried in (drawn uniformly)."""
CARRIER_DOMAINS = frozenset({
    "code", "docs", "license", "changelog", "data", "log", "shell", "prose", "news", "email",
    "tool_output", "conversation", "system_prompt", "technical", "document", "security",
})
"""Benign domains whose texts carry buried requests (ordinary text, not chat prompts)."""
BURIED = "buried"
"""Source suffix and domain of buried requests."""
DISGUISED_PER_SPLIT = {"train": 2000}
"""Disguised prompts built per split (half harmful, half benign)."""
DISGUISED = "disguised"
"""Source suffix of disguised prompts."""
MARKS = (".", "..", "*", "-", "_", "!", "~", ",", "'")
"""Stray punctuation a disguise may add."""


def compose(items: list[Item], seed: int = 0) -> list[Item]:
    """Build the composed attacks for every split.

    :param items: the split corpus.
    :param seed: random seed.
    :returns: new items (templates' fills and injected documents), normalized, with ``focus``.
    """
    rng = random.Random(seed)
    # A stream of its own, so that adding training-only items leaves every split's other
    # compositions (and so the evaluation splits) as they were.
    disguise_rng = random.Random(seed + 1)
    out: list[Item] = []
    pieces: list[str] = []
    for split in sorted({it.split for it in items}):
        here = [it for it in items if it.split == split]
        out.extend(_fills(here, rng, pieces))
        out.extend(_injections(here, rng, pieces))
        out.extend(_buried(here, rng, pieces))
        out.extend(_disguised(here, disguise_rng, pieces))
    texts = normalize_all([it.text for it in out])
    focus_texts = normalize_all(pieces)
    composed = []
    for item, text, piece in zip(out, texts, focus_texts):
        start = text.find(piece)
        item = replace(item, text=text)
        item.meta = {**item.meta, "focus": [start, start + len(piece)] if start >= 0 else None}
        composed.append(item)
    return composed


def _short_prompts(items: list[Item], harmful: bool) -> list[Item]:
    return [
        it
        for it in items
        if it.role is Role.LABELED
        and it.kind is Kind.PROMPT
        and bool(it.labels) == harmful
        and not (it.labels & ATTACK_LABELS)
        and len(it.text.split()) <= MAX_GOAL_WORDS
        and (harmful or it.domain in (None, "chat", "education", "technical"))
    ]


def _fills(items: list[Item], rng: random.Random, pieces: list[str]) -> list[Item]:
    templates = [it for it in items if it.role is Role.TEMPLATE]
    harmful = _short_prompts(items, harmful=True)
    benign = _short_prompts(items, harmful=False)
    out = []
    for template in templates:
        goals = rng.sample(harmful, min(HARMFUL_FILLS, len(harmful))) + rng.sample(
            benign, min(BENIGN_FILLS, len(benign))
        )
        for goal in goals:
            out.append(
                replace(
                    template,
                    text=template.text.replace(GOAL_SLOT, goal.text),
                    labels=frozenset({"jailbreak"}) | goal.labels,
                    role=Role.LABELED,
                    source=f"{template.source}+fill",
                    hard_negative=False,
                    domain=None,
                )
            )
            pieces.append(goal.text)
    return out


def _injections(items: list[Item], rng: random.Random, pieces: list[str]) -> list[Item]:
    payloads = [it for it in items if it.role is Role.PAYLOAD]
    documents = [it for it in items if it.role is Role.DOCUMENT]
    out: list[Item] = []
    if not documents:
        return out
    for payload in payloads:
        for doc in rng.sample(documents, min(DOCUMENTS_PER_PAYLOAD, len(documents))):
            words = doc.text.split()
            where = rng.choice(("start", "middle", "end"))
            # Keep the carrier short enough that payload and context share one window.
            words = words[: rng.randint(30, 90)]
            cut = {"start": 0, "middle": len(words) // 2, "end": len(words)}[where]
            text = " ".join(words[:cut] + [payload.text] + words[cut:])
            out.append(
                replace(
                    payload,
                    text=text,
                    labels=frozenset({"prompt_injection"}) | payload.labels,
                    role=Role.LABELED,
                    source=f"{payload.source}+{doc.source}",
                    hard_negative=False,
                    domain=None,
                )
            )
            pieces.append(payload.text)
    return out


def _buried(items: list[Item], rng: random.Random, pieces: list[str]) -> list[Item]:
    goals = _short_prompts(items, harmful=True)
    carriers = [
        it
        for it in items
        if it.role is Role.LABELED and not it.labels and it.domain in CARRIER_DOMAINS
        and len(it.text.split()) >= 20
    ]
    split = items[0].split if items else ""
    if not goals or not carriers:
        return []
    out = []
    for goal in rng.sample(goals, min(BURIED_PER_SPLIT.get(split, 0), len(goals))):
        target = rng.choice(BURIED_LENGTHS)
        words: list[str] = []
        sources = []
        while len(words) < target:
            doc = rng.choice(carriers)
            words += doc.text.split()
            sources.append(doc.source)
        words = words[:target]
        # A sentence boundary when there is one, else any word.
        ends = [i + 1 for i, w in enumerate(words) if w.endswith((".", "!", "?", ":", ";"))]
        cut = rng.choice(ends) if ends else rng.randrange(len(words) + 1)
        text = " ".join(words[:cut] + [goal.text] + words[cut:])
        out.append(
            replace(
                goal,
                text=text,
                source=f"{goal.source}+{BURIED}",
                hard_negative=False,
                domain=BURIED,
                meta={**goal.meta, "carriers": sorted(set(sources))},
            )
        )
        pieces.append(goal.text)
    return out


def _disguised(items: list[Item], rng: random.Random, pieces: list[str]) -> list[Item]:
    split = items[0].split if items else ""
    n = DISGUISED_PER_SPLIT.get(split, 0) // 2
    out = []
    for harmful in (True, False):
        pool = _short_prompts(items, harmful=harmful)
        for item in rng.sample(pool, min(n, len(pool))):
            text = disguise(item.text, rng)
            out.append(replace(item, text=text, source=f"{item.source}+{DISGUISED}"))
            pieces.append(text)
    return out


def disguise(text: str, rng: random.Random) -> str:
    """``text`` with stray punctuation inside about a fifth of its longer words and after about a
    third of all words (at least one mark)."""
    words = text.split()
    marked = False
    for i, word in enumerate(words):
        if len(word) > 3 and rng.random() < 0.2:
            cut = len(word) // 2
            word, marked = word[:cut] + rng.choice(MARKS) + word[cut:], True
        if rng.random() < 0.3 or (not marked and i == len(words) - 1):
            word, marked = word + rng.choice(MARKS), True
        words[i] = word
    return " ".join(words)
