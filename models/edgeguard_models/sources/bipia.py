"""BIPIA (MIT repository) indirect prompt injection: attack instructions and benign contexts.

- Attack files: every instruction is a **payload** for composition into documents. Many are
  harmless tasks on their own ("What is the capital of Brazil?"); they are injections only once
  they sit inside content the model was asked to process, so they are not labeled rows. Payload
  labels: ``prompt_injection``, plus S2 for the malicious-code attacks and for malware, scam and
  misinformation text attacks (what the composed document would then also carry).
- Email contexts: benign **documents** (and negatives).
- Code contexts: Stack Overflow answers, licensed CC-BY-SA-4.0 by their authors whatever the repo
  licence says. Like the WikiTableQuestions tables, they are not permissive: they are loaded as a
  separate evaluation-only source (``bipia_code``). The table contexts are not loaded at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Role, Row
from .base import Context, Domain, other_role, read_json, read_jsonl, text_family

_INJECTION = frozenset({"prompt_injection"})

HAZARDOUS_TEXT_ATTACKS: dict[str, frozenset[str]] = {
    "Malware Distribution": frozenset({"S2"}),
    "Scams & Fraud": frozenset({"S2"}),
    # Injected propaganda; the shared disinformation rule's default for generic deception.
    "Misinformation & Propaganda": frozenset({"S2"}),
}
"""Text attack types whose instruction carries a hazard of its own."""


def load_attacks(ctx: Context) -> Iterator[Row]:
    """Yield the text and code attack instructions (train and test files) as payloads.

    :param ctx: the run context.
    """
    for kind in ("text", "code"):
        for split in ("train", "test"):
            attacks = read_json(ctx.shared("bipia", f"{kind}_attack_{split}.json"))
            for attack_type, instructions in attacks.items():
                if kind == "code":
                    labels = _INJECTION | {"S2"}
                else:
                    labels = _INJECTION | HAZARDOUS_TEXT_ATTACKS.get(attack_type, frozenset())
                for instruction in instructions:
                    yield other_role(instruction, Role.PAYLOAD, source="bipia_attacks",
                                     family=f"bipia:{kind}:{attack_type}", labels=labels,
                                     attack_type=attack_type, split=split, carrier=kind)


def load_email(ctx: Context) -> Iterator[Row]:
    """Yield the email contexts as benign documents.

    :param ctx: the run context.
    """
    for split in ("train", "test"):
        for record in read_jsonl(ctx.shared("bipia", "email", f"{split}.jsonl")):
            text = record["context"]
            yield other_role(text, Role.DOCUMENT, source="bipia_email",
                             family=text_family("bipia_email", text), domain=Domain.EMAIL,
                             question=record.get("question"), split=split)


def load_code(ctx: Context) -> Iterator[Row]:
    """Yield the code contexts (Stack Overflow answers) as benign documents, evaluation only.

    :param ctx: the run context.
    """
    for split in ("train", "test"):
        for record in read_jsonl(ctx.shared("bipia", "code", f"{split}.jsonl")):
            context = record["context"]
            text = "\n".join(context) if isinstance(context, list) else str(context)
            if not text.strip():
                continue
            yield other_role(text, Role.DOCUMENT, source="bipia_code",
                             family=text_family("bipia_code", text), domain=Domain.CODE,
                             url=record.get("context_url"), split=split)
