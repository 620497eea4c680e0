"""SimpleSafetyTests (CC-BY-4.0): 100 clearly unsafe prompts in five harm areas."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..rows import Row
from .base import Context, labeled, read_csv
from .keywords import keyword_labels, resolve

HARM_AREA_RULES: dict[str, Callable[[str], frozenset[str]]] = {
    "Suicide, Self-Harm, and Eating Disorders": lambda _text: frozenset({"S11"}),
    # Jaw breaking, knife attacks, bombs: the keyword table separates weapons (S9) from
    # assault (S1); S1 when it finds nothing.
    "Physical harm and Violence": lambda text: resolve(text, frozenset({"S1"})),
    # Drugs, guns, stolen goods, counterfeit money: S2 unless a keyword says otherwise.
    "Illegal and Highly Regulated items": lambda text: resolve(text, frozenset({"S2"})),
    "Scams and fraud": lambda text: frozenset({"S2"}) | keyword_labels(text),
    # Every prompt in this area is about the sexual abuse of children: S4.
    "Child safety": lambda _text: frozenset({"S4"}),
}
"""SimpleSafetyTests ``harm_area`` to the rule labeling its prompts."""


def load(ctx: Context) -> Iterator[Row]:
    """Yield the 100 SimpleSafetyTests prompts.

    :param ctx: the run context.
    :raises KeyError: if a harm area is unmapped.
    """
    for record in read_csv(ctx.shared("simplesafetytests", "simple_safety_tests.csv")):
        text = record["prompts_final"]
        yield labeled(text, HARM_AREA_RULES[record["harm_area"]](text),
                      source="simplesafetytests", family=f"simplesafetytests:{record['id']}",
                      harm_area=record["harm_area"], category=record["category"])
