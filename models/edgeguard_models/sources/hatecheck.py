"""HateCheck (CC-BY-4.0): functional tests for hate speech, hateful and non-hateful.

Hateful cases are S10 (threats against a group also S1). Non-hateful cases (counter-speech,
negation, reclaimed slurs, neutral mentions of groups, profanity aimed at no group) are benign
hard negatives. The family is the root template: a case's ``ref_templ_id`` when it derives from
another template (spelling variants, quoted counter-speech, negations), else its own
``templ_id``, so contrast twins land in one split.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..rows import Row
from .base import Context, Domain, labeled, read_csv

THREAT_FUNCTIONALITIES: frozenset[str] = frozenset({"threat_dir_h", "threat_norm_h"})
"""Functional tests whose hateful cases threaten violence (S1 as well as S10)."""


def load(ctx: Context) -> Iterator[Row]:
    """Yield the 3,728 HateCheck cases.

    :param ctx: the run context.
    """
    for record in read_csv(ctx.shared("hatecheck", "test_suite_cases.csv")):
        root = record["ref_templ_id"].strip() or record["templ_id"].strip()
        family = f"hatecheck:t{root}"
        functionality = record["functionality"]
        meta: dict[str, Any] = {"functionality": functionality, "target": record["target_ident"]}
        if record["label_gold"] == "hateful":
            labels = {"S10"} | ({"S1"} if functionality in THREAT_FUNCTIONALITIES else set())
            yield labeled(record["test_case"], labels, source="hatecheck", family=family, **meta)
        else:
            yield labeled(record["test_case"], (), source="hatecheck", family=family,
                          domain=Domain.SOCIAL, hard_negative=True, **meta)
