"""AdvBench harmful behaviours: the shared HarmBench-formatted copy and PyRIT's copy.

AdvBench has no categories, so labels come from the shared keyword table (:mod:`.keywords`),
S2 when it finds nothing (the unmatched rows are manipulation and deception requests). PyRIT's
copy carries harm categories, but they are LLM-assigned *impact* categories (an exploit script is
tagged "Violence/armed conflict", generic fake news "Electoral interference"), too loose to label
with; they are kept in ``meta["pyrit_categories"]`` only. Both copies share the family
``advbench:<n>`` so a behaviour never straddles splits.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from ..rows import Row
from .base import Context, labeled, match_key, read_csv, text_family
from .keywords import resolve

DEFAULT_LABELS = frozenset({"S2"})
"""Labels of an AdvBench behaviour the keyword table cannot place."""


def advbench_families(ctx: Context) -> dict[str, str]:
    """Map the loose key of every shared AdvBench behaviour to its family ``advbench:<n>``.

    Other sources that copy AdvBench (PyRIT, red-instruct AdversarialQA) use it to share the
    family.

    :param ctx: the run context.
    """
    families: dict[str, str] = {}
    for record in read_csv(ctx.shared("advbench", "advbench_behaviors.csv")):
        number = record["BehaviorID"].rsplit("_", 1)[-1]
        families[match_key(record["Behavior"])] = f"advbench:{number}"
    return families


def load_shared(ctx: Context) -> Iterator[Row]:
    """Yield the 520 shared AdvBench behaviours.

    :param ctx: the run context.
    """
    for record in read_csv(ctx.shared("advbench", "advbench_behaviors.csv")):
        text = record["Behavior"]
        number = record["BehaviorID"].rsplit("_", 1)[-1]
        yield labeled(text, resolve(text, DEFAULT_LABELS), source="advbench",
                      family=f"advbench:{number}")


def load_pyrit(ctx: Context) -> Iterator[Row]:
    """Yield PyRIT's AdvBench copy (``seed_datasets/local/adv_bench.prompt``).

    :param ctx: the run context.
    :raises MissingPackage: if PyRIT was not fetched.
    """
    path = ctx.package("pyrit", "pyrit", "datasets", "seed_datasets", "local", "adv_bench.prompt")
    with open(path, encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    families = advbench_families(ctx)
    for seed in document["seeds"]:
        text = str(seed["value"])
        family = families.get(match_key(text)) or text_family("advbench", text)
        yield labeled(text, resolve(text, DEFAULT_LABELS), source="pyrit_advbench",
                      family=family, pyrit_categories=list(seed.get("harm_categories") or []))
