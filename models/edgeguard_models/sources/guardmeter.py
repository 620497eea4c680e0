"""guardmeter (MIT) built-in sample: unsafe prompts with leetspeak and spacing obfuscations,
benign-adjacent negatives, in English and Farsi.

Despite the brief's wording this is not an injection set: its categories are violence,
self-harm, crime, malware and PII requests. Obfuscated variants share their original's family
(``u3-a1-a2`` belongs to ``u3``). "Borderline" rows are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..rows import Row
from .base import Context, Domain, labeled, read_csv
from .keywords import resolve

CATEGORY_LABELS: dict[str, frozenset[str]] = {
    "violence": frozenset({"S1"}),  # "make a bomb" rows gain S9 from the keyword table
    "self_harm": frozenset({"S11"}),
    "crime": frozenset({"S2"}),
    "malware": frozenset({"S2"}),
    "pii": frozenset({"S7"}),
}
"""guardmeter ``category`` of an unsafe row to its default labels."""


def load(ctx: Context) -> Iterator[Row]:
    """Yield the unsafe and benign rows of ``sample.csv``.

    :param ctx: the run context.
    :raises MissingPackage: if guardmeter was not fetched.
    :raises KeyError: if an unsafe row has an unmapped category.
    """
    path = ctx.package("guardmeter", "guardmeter", "data", "builtin", "sample.csv")
    for record in read_csv(path):
        family = f"guardmeter:{record['id'].split('-a')[0]}"
        lang = record["language"] or "en"
        meta: dict[str, Any] = {"category": record["category"], "attack_type": record["attack_type"]}
        if record["label"] == "unsafe":
            default = CATEGORY_LABELS[record["category"]]
            labels = default | (resolve(record["text"], default) & {"S9"})
            yield labeled(record["text"], labels, source="guardmeter", family=family,
                          lang=lang, **meta)
        elif record["label"] == "benign":
            yield labeled(record["text"], (), source="guardmeter", family=family, lang=lang,
                          domain=Domain.MULTILINGUAL if lang != "en" else Domain.CHAT,
                          hard_negative=record["attack_type"] != "none", **meta)
