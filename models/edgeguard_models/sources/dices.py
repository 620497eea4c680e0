"""DICES (data CC-BY-4.0): chatbot responses in adversarial conversations, rated for safety.

Polarity, checked on samples: ``"Yes"`` means rated *unsafe* (a plain reply such as "Sorry" or
"ok" is "No"; "you just die, no need for Jesus" is "Yes"), despite JUDGE-BENCH's "is the
response safe?" wording.

- ``dices_350_expert`` gives one expert gold label; ``dices_350_crowdsourced`` holds the same 350
  items with a crowd majority that disagrees on 121 of them, so it is not loaded: the expert
  label wins.
- ``dices_990``: each item has about 70 crowd ratings. Unsafe needs a majority of "Yes"; benign
  needs at most a third of raters saying "Yes" (else the item is ambiguous and left out).

DICES has no hazard categories. An unsafe response takes the keyword table's labels found in the
response itself. Many responses are rated unsafe for what they fail to do (not pushing back on a
hateful user turn: "That's ok, I like when people try new things"), which no text-only response
label can express; when the table finds nothing in the response the item is left out. Benign
responses are hard negatives: the conversations are adversarial.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Kind, Row
from .base import Context, Domain, labeled, read_json
from .keywords import keyword_labels

BENIGN_MAX_YES = 1 / 3
"""Largest share of "Yes" (unsafe) votes a crowd-rated response may have to count as benign."""


def _verdict(annotation: dict, expert: bool) -> bool | None:
    """True unsafe, False benign, None ambiguous."""
    if expert:
        return annotation["majority_human"] == "Yes"
    votes = annotation.get("individual_human_scores") or []
    if not votes:
        return None
    share = sum(1 for vote in votes if vote == "Yes") / len(votes)
    if annotation["majority_human"] == "Yes" and share > 0.5:
        return True
    if annotation["majority_human"] == "No" and share <= BENIGN_MAX_YES:
        return False
    return None


def load(ctx: Context) -> Iterator[Row]:
    """Yield the decided DICES responses.

    :param ctx: the run context.
    """
    for name, expert in (("dices_350_expert.json", True), ("dices_990.json", False)):
        for item in read_json(ctx.shared("dices", name))["instances"]:
            conversation = item["instance"]["user_prompt"]
            response = item["instance"]["response"].strip()
            verdict = _verdict(item["annotations"]["safety"], expert)
            if not response or verdict is None:
                continue
            family = f"dices:{name.split('_')[1]}:{item['id']}"
            if verdict:
                labels = keyword_labels(response)
                if labels:
                    yield labeled(response, labels, source="dices", family=family,
                                  kind=Kind.RESPONSE, prompt=conversation, file=name)
            else:
                yield labeled(response, (), source="dices", family=family, kind=Kind.RESPONSE,
                              prompt=conversation, domain=Domain.CHAT, hard_negative=True,
                              file=name)
