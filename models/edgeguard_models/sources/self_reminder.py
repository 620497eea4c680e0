"""Self-Reminder jailbreak data (MIT): 155 jailbreakchat templates and 10 harmful tasks."""

from __future__ import annotations

from collections.abc import Iterator

from ..rows import Row
from .base import Context, labeled, read_csv, read_json
from .disinformation import disinformation_labels
from .keywords import resolve
from .templates import template_rows


def load_templates(ctx: Context) -> Iterator[Row]:
    """Yield the test and train templates (``[INSERT PROMPT HERE]`` becomes the goal slot).

    :param ctx: the run context.
    """
    for name in ("jailbreak_prompts.csv", "jailbreak_prompts_train.csv"):
        for record in read_csv(ctx.shared("self-reminder-jailbreaks", name)):
            yield from template_rows(record["prompt"], source="self_reminder",
                                     family=f"self_reminder:{record['name']}",
                                     name=record["name"])


def load_tasks(ctx: Context) -> Iterator[Row]:
    """Yield the 10 harmful tasks used with the templates (fake news, rumours, phishing, ...):
    the keyword table decides, the disinformation rule when it finds nothing.

    :param ctx: the run context.
    """
    for record in read_json(ctx.shared("self-reminder-jailbreaks", "attack_prompt_raw.json")):
        text = record["prompt"]
        labels = resolve(text, disinformation_labels(text))
        if record["name"] == "EatGlass":
            labels = frozenset({"physical_hazard"})  # promoting eating glass: a bodily hazard
        yield labeled(text, labels, source="self_reminder",
                      family=f"self_reminder_task:{record['name']}", name=record["name"])
