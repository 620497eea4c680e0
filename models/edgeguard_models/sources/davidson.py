"""Davidson et al. hate speech and offensive language tweets (MIT).

- Majority "hate speech" (class 0): S10.
- "Offensive language" with every annotator agreeing (no hate, no "neither" vote): S10, as
  harassment and abuse; capped at :data:`OFFENSIVE_CAP` so this one source does not dominate
  S10. Offensive tweets beyond the cap, and those without agreement, go to the unlabeled pool.
- "Neither" with every annotator agreeing: benign social text; split votes go unlabeled.

Tweets keep their wording; HTML entities are unescaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from ..rows import Role, Row
from .base import Context, Domain, labeled, other_role, read_csv, short_hash

OFFENSIVE_CAP = 4000
"""Most unanimously offensive tweets labeled S10 (chosen by a stable hash order)."""


def load(ctx: Context) -> Iterator[Row]:
    """Yield the tweets as labeled or unlabeled rows.

    :param ctx: the run context.
    """
    records = read_csv(ctx.shared("davidson-hate-offensive", "labeled_data.csv"))
    offensive = sorted((r for r in records if _unanimous(r, "offensive_language")),
                       key=lambda r: short_hash(r["tweet"]))
    labeled_offensive = {id(r) for r in offensive[:OFFENSIVE_CAP]}
    for record in records:
        text = html.unescape(record["tweet"]).strip()
        if not text:
            continue
        family = f"davidson:{record['']}"
        votes: dict[str, Any] = {"hate": int(record["hate_speech"]), "offensive": int(record["offensive_language"]),
                 "neither": int(record["neither"]), "count": int(record["count"])}
        if record["class"] == "0":
            yield labeled(text, {"S10"}, source="davidson", family=family, kind_of="hate", **votes)
        elif id(record) in labeled_offensive:
            yield labeled(text, {"S10"}, source="davidson", family=family, kind_of="offensive",
                          **votes)
        elif record["class"] == "2" and _unanimous(record, "neither"):
            yield labeled(text, (), source="davidson", family=family, domain=Domain.SOCIAL,
                          **votes)
        else:
            yield other_role(text, Role.UNLABELED, source="davidson", family=family,
                             domain=Domain.SOCIAL, **votes)


def _unanimous(record: dict[str, str], column: str) -> bool:
    """Every annotator voted for ``column``."""
    return int(record[column]) == int(record["count"])
