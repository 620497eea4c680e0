"""bastioncorpus (MIT): prompt-injection rows with benign false-positive traps.

Malicious rows are injection payloads; those arriving as the user's own turn
(``channel == "user_input"``) are complete attacks and are also labeled ``prompt_injection``
(``jailbreak`` for the persona category). Rows arriving through tool output or memory are
payloads only: they need a carrier document. Benign trap rows ("ignore the typo above",
base64 that decodes to a recipe) are labeled benign hard negatives. ``{canary}`` placeholders
are removed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Role, Row
from .base import Context, Domain, labeled, other_role, read_jsonl

_CANARY = "{canary}"


def _labels(category: str) -> frozenset[str]:
    """Labels of a malicious row: persona jailbreaks are ``jailbreak``, the rest injections."""
    return frozenset({"jailbreak"}) if category == "jailbreak_persona" else \
        frozenset({"prompt_injection"})


def load(ctx: Context) -> Iterator[Row]:
    """Yield the 181 corpus rows.

    :param ctx: the run context.
    :raises MissingPackage: if bastioncorpus was not fetched.
    """
    path = ctx.package("bastioncorpus", "bastioncorpus", "corpus", "injections.jsonl")
    for record in read_jsonl(path):
        text = " ".join(record["text"].replace(_CANARY, "").split()) \
            if _CANARY in record["text"] else record["text"]
        family = f"bastioncorpus:{record['id']}"
        lang = record.get("lang") or "en"
        meta = {"category": record["category"], "tactic": record.get("tactic") or "",
                "channel": record.get("channel")}
        if record["label"] == "benign":
            yield labeled(text, (), source="bastioncorpus", family=family, lang=lang,
                          domain=Domain.MULTILINGUAL if lang != "en" else Domain.CHAT,
                          hard_negative=True, **meta)
            continue
        labels = _labels(record["category"])
        yield other_role(text, Role.PAYLOAD, source="bastioncorpus", family=family,
                         labels=labels, lang=lang, **meta)
        if record.get("channel") == "user_input":
            yield labeled(text, labels, source="bastioncorpus", family=family, lang=lang, **meta)
