"""Harmful-instruction sets without a permissive licence (evaluation only): MaliciousInstruct and
the refusal-direction splits (harmful side from public benchmarks, harmless side Alpaca,
CC-BY-NC-4.0)."""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Row
from .base import Context, Domain, labeled, match_key, read_json, read_lines, text_family
from .harmbench import CATEGORY_RULES as HARMBENCH_RULES
from .jailbreakbench import jbb_goals
from .jbb_behaviours import BEHAVIOUR_LABELS
from .keywords import resolve
from .strongreject import CATEGORY_RULES as STRONGREJECT_RULES

_S2 = frozenset({"S2"})


def load_maliciousinstruct(ctx: Context) -> Iterator[Row]:
    """Yield the 100 MaliciousInstruct questions, labeled by the keyword table (S2 default).

    :param ctx: the run context.
    """
    for text in read_lines(ctx.shared("maliciousinstruct", "malicious_instruct.txt")):
        yield labeled(text, resolve(text, _S2), source="maliciousinstruct",
                      family=text_family("maliciousinstruct", text))


def load_refusal_splits(ctx: Context) -> Iterator[Row]:
    """Yield the harmful and harmless instruction splits.

    Harmful rows use the rule of the benchmark their category names (HarmBench, StrongREJECT,
    or the JBB behaviour their text matches), else the keyword table.

    :param ctx: the run context.
    """
    goals = {match_key(goal): index for index, goal in jbb_goals(ctx).items()}
    for split in ("train", "val", "test"):
        for record in read_json(ctx.shared("refusal-direction-splits", f"harmful_{split}.json")):
            text, category = record["instruction"], record.get("category")
            index = goals.get(match_key(text))
            if index is not None:
                labels, family = BEHAVIOUR_LABELS[index], f"jbb:{index}"
            elif category in HARMBENCH_RULES:
                labels, family = HARMBENCH_RULES[category](text), text_family("refusal", text)
            elif category in STRONGREJECT_RULES:
                labels = STRONGREJECT_RULES[category](text)
                family = text_family("strongreject", text)
            else:
                labels, family = resolve(text, _S2), text_family("refusal", text)
            yield labeled(text, labels, source="refusal_splits", family=family, split=split,
                          category=category)
        for record in read_json(ctx.shared("refusal-direction-splits",
                                           f"harmless_{split}.json")):
            text = record["instruction"]
            yield labeled(text, (), source="refusal_splits",
                          family=text_family("refusal_harmless", text), domain=Domain.CHAT,
                          split=split)
