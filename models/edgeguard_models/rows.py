"""The row every source yields: one text, its labels, and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .labels import LABELS


class Kind(str, Enum):
    """Which side of the screen a text sits on."""

    PROMPT = "prompt"
    RESPONSE = "response"


class Role(str, Enum):
    """How the pipeline uses a row."""

    LABELED = "labeled"
    """A labeled example, used as it is (empty labels = benign)."""
    TEMPLATE = "template"
    """A jailbreak template holding the slot ``{GOAL}``; filled with goals after the split."""
    PAYLOAD = "payload"
    """An injected instruction, to be placed inside documents after the split."""
    DOCUMENT = "document"
    """A benign document or tool output: a negative, and a carrier for payloads."""
    UNLABELED = "unlabeled"
    """Text without gold labels, for distillation from the teacher."""


GOAL_SLOT = "{GOAL}"
"""The canonical placeholder for the request inside a jailbreak template."""


@dataclass(frozen=True)
class Row:
    """One text with its labels and provenance.

    :param text: the text to screen (a prompt, or a response).
    :param labels: wire names of the labels that apply; empty for benign.
    :param kind: prompt or response.
    :param source: the registered source name (see ``sources.SOURCES``).
    :param family: the split-group key: rows sharing a family always land in one split
        (paraphrases of one behaviour, one template, one conversation, one hand-written pair).
    :param role: how the pipeline uses the row.
    :param prompt: for a response, the prompt it answers (context only).
    :param hard_negative: a benign text chosen because it resembles unsafe text (trigger words,
        refusals, safety advice, counter-speech); reported separately for false positives.
    :param lang: ISO 639-1 language code of the text.
    """

    text: str
    labels: frozenset[str]
    kind: Kind
    source: str
    family: str
    role: Role = Role.LABELED
    prompt: str | None = None
    hard_negative: bool = False
    lang: str = "en"
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        unknown = set(self.labels) - set(LABELS)
        if unknown:
            raise ValueError(f"{self.source}: unknown labels {sorted(unknown)}")
        if not self.text.strip():
            raise ValueError(f"{self.source}: empty text in family {self.family!r}")
        if self.role is Role.TEMPLATE and GOAL_SLOT not in self.text:
            raise ValueError(f"{self.source}: template without {GOAL_SLOT} slot")
