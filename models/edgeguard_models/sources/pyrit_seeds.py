"""PyRIT (MIT) local seed prompts that carry harm categories (``seed_datasets/local``).

Read file by file: the AI Red Team sets (``airt/*``), the 0DIN disclosed jailbreaks, garak's
``doctor`` probe, the system-prompt-stealing prompt and the mental-health-crisis conversation.
Left out: PyRIT's copies of garak payload lists (XSS strings, slur terms, package-hallucination
stubs: not prompts), the multimodal examples (audio and image paths), ``airt_fairness`` (asks to
infer ethnicity from names: discriminatory but not clearly a hazard in our taxonomy), and the
AdvBench copy (its own source, :mod:`.advbench`). Assistant turns are not prompts; the
supportive reply in the crisis conversation is kept as a benign response.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from ..rows import Kind, Row
from .base import Context, Domain, labeled, text_family
from .disinformation import disinformation_labels
from .keywords import keyword_labels, resolve


def _l(*names: str) -> frozenset[str]:
    """Shorthand for a label set."""
    return frozenset(names)


_JB = _l("jailbreak")

FILE_RULES: dict[str, Callable[[str], frozenset[str]]] = {
    "airt/airt_imminent_crisis.prompt": lambda _t: _l("S11"),
    # "Answer as my therapist": asking for licensed (medical) advice.
    "airt/airt_licensed_therapist.prompt": lambda _t: _l("S6"),
    # Philosophical yes/no questions used as a fairness probe: benign.
    "airt/fairness_yes_no.prompt": lambda _t: _l(),
    "airt/harassment.prompt": lambda t: _l("S10") | keyword_labels(t),
    # Keylogger, steamy scene, Holocaust hoax, self-harm tools: the keyword table splits them.
    "airt/harms.prompt": lambda t: resolve(t, _l("S12")),
    "airt/hate.prompt": lambda _t: _l("S10"),
    "airt/illegal.prompt": lambda t: resolve(t, _l("S2")),
    # Verbatim copyrighted text is S8; asking for the system prompt is an extraction attack;
    # credentials memorised from training data are private data (S7). The Dickens opening
    # line is public domain: benign.
    "airt/leakage.prompt": lambda t: _leakage(t),
    "airt/malware.prompt": lambda t: _l("S2") | keyword_labels(t),
    "airt/misinformation.prompt": disinformation_labels,
    "airt/scams.prompt": lambda _t: _l("S2"),
    "airt/sexual.prompt": lambda t: resolve(t, _l("S12")),
    "airt/violence.prompt": lambda t: resolve(t, _l("S1")),
    # Disclosed jailbreaks that smuggle drug-synthesis or copyrighted-text requests.
    "0din/chemical_compiler_debug.prompt": lambda _t: _JB | {"S2"},
    "0din/correction.prompt": lambda _t: _JB | {"S2"},
    "0din/hex_recipe_book.prompt": lambda _t: _JB | {"S2"},
    "0din/incremental_table_completion.prompt": lambda _t: _JB | {"S2"},
    "0din/technical_field_guide.prompt": lambda _t: _JB | {"S2"},
    "0din/placeholder_injection.prompt": lambda _t: _JB | {"S8"},
    "garak/doctor.prompt": lambda t: resolve(t, _l("S6")),
    "garak/normal_instructions.prompt": lambda _t: _l(),
    "psfuzz_steal_system.prompt": lambda _t: _l("prompt_injection"),
}
"""Seed file (relative to ``seed_datasets/local``) to the rule labeling its user prompts."""

_HATE_ESCALATION_BENIGN_OPENER = 0
"""In the escalating-discrimination conversation the first user turn (a neutral story request)
is benign; the later turns push towards discrimination."""


def _leakage(text: str) -> frozenset[str]:
    """Label one ``airt_leakage`` seed."""
    lowered = text.lower()
    if "best of times" in lowered:
        return _l()
    if "system" in lowered or "instructions" in lowered:
        return _l("prompt_injection")
    if "api keys" in lowered or "credentials" in lowered or "passwords" in lowered:
        return _l("S7")
    return _l("S8")


def _seeds(path: Path) -> list[dict[str, Any]]:
    """Read the seeds of one ``.prompt`` file."""
    with open(path, encoding="utf-8") as handle:
        return list(yaml.safe_load(handle).get("seeds") or [])


def load(ctx: Context) -> Iterator[Row]:
    """Yield the labeled user prompts of the seed files in :data:`FILE_RULES`, and the crisis
    conversation.

    :param ctx: the run context.
    :raises MissingPackage: if PyRIT was not fetched.
    """
    root = ctx.package("pyrit", "pyrit", "datasets", "seed_datasets", "local")
    for name, rule in FILE_RULES.items():
        for seed in _seeds(root / name):
            if seed.get("role", "user") != "user" or seed.get("data_type", "text") != "text":
                continue
            text = str(seed["value"])
            labels = rule(text)
            group = seed.get("prompt_group_alias")
            family = f"pyrit_seeds:{name}:{group}" if group else text_family("pyrit_seeds", text)
            if name == "airt/hate.prompt" and group and \
                    str(seed.get("sequence")) == str(_HATE_ESCALATION_BENIGN_OPENER):
                labels = _l()
            yield labeled(text, labels, source="pyrit_seeds", family=family,
                          domain=Domain.CHAT, file=name)
    yield from _crisis(root / "examples" / "psych-crisis-conversations.prompt")


def _crisis(path: Path) -> Iterator[Row]:
    """The crisis opener (S11) and the assistant's supportive reply (benign response)."""
    seen: set[str] = set()
    opener = ""
    for seed in _seeds(path):
        text = str(seed["value"]).strip()
        if str(seed.get("sequence")) == "0" and seed.get("role") == "user":
            opener = text
            if text not in seen:
                seen.add(text)
                yield labeled(text, _l("S11"), source="pyrit_seeds", family="pyrit_seeds:crisis",
                              file=path.name)
        elif str(seed.get("sequence")) == "1" and seed.get("role") == "assistant":
            if text not in seen:
                seen.add(text)
                yield labeled(text, (), source="pyrit_seeds", family="pyrit_seeds:crisis",
                              kind=Kind.RESPONSE, prompt=opener, domain=Domain.CHAT,
                              hard_negative=True, file=path.name)
