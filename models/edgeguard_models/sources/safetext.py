"""SafeText (MIT): commonsense physical-safety advice. Scenario plus unsafe advice is a
``physical_hazard`` text; scenario plus safe advice is a benign hard negative. All advice for one
scenario shares a family."""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Row
from .base import Context, Domain, labeled, read_json, text_family


def load(ctx: Context) -> Iterator[Row]:
    """Yield every (scenario, advice) sentence.

    :param ctx: the run context.
    """
    for scenario, advice in read_json(ctx.shared("safetext", "SafeText.json")).items():
        family = text_family("safetext", scenario)
        for text in advice.get("unsafe", []):
            yield labeled(f"{scenario.strip()} {text.strip()}", {"physical_hazard"},
                          source="safetext", family=family)
        for text in advice.get("safe", []):
            yield labeled(f"{scenario.strip()} {text.strip()}", (), source="safetext",
                          family=family, domain=Domain.CHAT, hard_negative=True)
