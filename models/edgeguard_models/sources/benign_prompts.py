"""Small benign prompt sets from ``benign-eval-prompts``: OpenAssistant prompts and the MT-Bench
and Vicuna questions (Apache-2.0, trained on), and the Self-Instruct seed tasks (Alpaca data,
CC-BY-NC-4.0: evaluation only).

A few OpenAssistant prompts are edgy (the SOURCE notes say so); none asks for harm, so all are
benign. Multi-turn MT-Bench questions give one row per turn, sharing the question's family.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Row
from .base import Context, Domain, labeled, read_jsonl, text_family

_CATEGORY_DOMAINS: dict[str, Domain] = {
    "coding": Domain.CODE, "math": Domain.TECHNICAL, "stem": Domain.TECHNICAL,
    "reasoning": Domain.TECHNICAL, "extraction": Domain.DOCUMENT, "fermi": Domain.TECHNICAL,
    "knowledge": Domain.TECHNICAL,
}


def load_oasst(ctx: Context) -> Iterator[Row]:
    """Yield the 350 OpenAssistant prompts (two files).

    :param ctx: the run context.
    """
    for name in ("oasst_en_100_text.jsonl", "oasst_prompt_lottery_en_250_text.jsonl"):
        for text in read_jsonl(ctx.shared("benign-eval-prompts", name)):
            yield labeled(str(text), (), source="oasst", family=text_family("oasst", str(text)),
                          domain=Domain.CHAT, file=name)


def load_benchmarks(ctx: Context) -> Iterator[Row]:
    """Yield the MT-Bench and Vicuna questions, one row per turn.

    :param ctx: the run context.
    """
    for name, prefix in (("mt_bench_question.jsonl", "mt_bench"),
                         ("vicuna_bench_question.jsonl", "vicuna_bench")):
        for record in read_jsonl(ctx.shared("benign-eval-prompts", name)):
            domain = _CATEGORY_DOMAINS.get(record.get("category", ""), Domain.CHAT)
            for turn in record.get("turns") or []:
                yield labeled(turn, (), source="mt_vicuna_bench",
                              family=f"{prefix}:{record['question_id']}", domain=domain,
                              category=record.get("category"))


def load_alpaca_seeds(ctx: Context) -> Iterator[Row]:
    """Yield the 175 Self-Instruct seed instructions (with their input, when one is given).

    :param ctx: the run context.
    """
    for record in read_jsonl(ctx.shared("benign-eval-prompts", "alpaca_seed_tasks.jsonl")):
        instances = record.get("instances") or [{}]
        extra = (instances[0].get("input") or "").strip()
        text = f"{record['instruction']}\n\n{extra}" if extra else record["instruction"]
        yield labeled(text, (), source="alpaca_seeds", family=f"alpaca_seeds:{record['id']}",
                      domain=Domain.CHAT, name=record.get("name"))
