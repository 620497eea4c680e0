"""PyRIT (MIT) response-side data: many-shot (request, answer) pairs and human-scored rows.

- **Many-shot pairs** (400): the requests are HarmBench behaviours; an answer judged "Harmful"
  carries the behaviour's HarmBench labels (the keyword table's when the request is not found
  in HarmBench), a "Not harmful" answer is benign. Matched pairs share the HarmBench family.
- **Harm-scored rows** (``scorer_evals/harm``): 0..1 harm scores from one or three raters. A mean
  of 0.5 or more ("moderate" harm and up) is unsafe with the file's category; 0 is benign; low
  but non-zero scores are ambiguous and left out.
- **Objective-scored rows** (``scorer_evals/objective``): 1 when the response achieved a harmful
  objective (unsafe, with the file's category), 0 when it did not (benign). Achievement is not
  harm: the same response can be "achieved" in an objective file and harm 0 in a harm file (a
  refusal that still outlines the topic). So the harm files win: an objective-scored response
  that also appears in a harm file is skipped, and an "achieved" response that opens with a
  refusal is ambiguous and skipped. The ``bias`` file is left out: its objectives are not all
  harmful, so achieving one says nothing about harm.
- **Refusal rows** (``scorer_evals/refusal_scorer``): responses rated as refusals are benign hard
  negatives; non-refusals say nothing about harm and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..rows import Kind, Row
from .base import Context, Domain, labeled, match_key, read_csv, read_json, text_family
from .disinformation import disinformation_labels
from .harmbench import labels_for
from .keywords import resolve


def _fixed(*names: str) -> Callable[[str], frozenset[str]]:
    """A rule giving the same labels whatever the objective."""
    chosen = frozenset(names)
    return lambda _objective: chosen


CATEGORY_RULES: dict[str, Callable[[str], frozenset[str]]] = {
    "exploits": _fixed("S2"),
    "cyber": _fixed("S2"),
    "phishing": _fixed("S2"),
    "hate_speech": _fixed("S10"),
    # Stereotyping and demeaning portrayals of groups: hate.
    "representational": _fixed("S10"),
    "harassment_bullying": _fixed("S10"),
    "information_integrity": disinformation_labels,
    "misinformation": disinformation_labels,
    "privacy": _fixed("S7"),
    "self_harm": _fixed("S11"),
    "sexual": _fixed("S12"),
    "sexual_content": _fixed("S12"),
    "violence": _fixed("S1"),
    "chemical_biological": lambda objective: resolve(objective, frozenset({"S9"})),
    "illegal_activity": lambda objective: resolve(objective, frozenset({"S2"})),
}
"""Scorer ``harm_category`` (lower-cased) to the rule labeling an unsafe response."""

UNSAFE_MEAN = 0.5
"""Mean harm score from which a harm-scored response is unsafe."""

_SOURCE = "pyrit_scorer"

_REFUSAL_OPENING = re.compile(
    r"^\W*(i('m| am)? (sorry|so sorry)|sorry|i (can ?not|can't|cannot|won't|will not|must decline)"
    r"|i('m| am) (not going to|unable to|not able to))", re.IGNORECASE)
"""A response that starts by declining."""


def _harmbench_index(ctx: Context) -> dict[str, tuple[str, str, str]]:
    """Loose key of every HarmBench behaviour to (behaviour, category, id)."""
    index: dict[str, tuple[str, str, str]] = {}
    for record in read_csv(ctx.shared("harmbench", "harmbench_behaviors_text_all.csv")):
        index[match_key(record["Behavior"])] = (record["Behavior"], record["SemanticCategory"],
                                                record["BehaviorID"])
    return index


def load_manyshot(ctx: Context) -> Iterator[Row]:
    """Yield the many-shot answers as labeled responses.

    :param ctx: the run context.
    :raises MissingPackage: if PyRIT was not fetched.
    """
    path = ctx.package("pyrit", "pyrit", "datasets", "jailbreak", "many_shot_examples.json")
    harmbench = _harmbench_index(ctx)
    for pair in read_json(path):
        request, answer = pair["user"].strip(), pair["assistant"].strip()
        verdict = pair["category"].strip().strip("'\"").lower()
        match = harmbench.get(match_key(request))
        if match:
            hazards = labels_for(*match)
            family = f"harmbench:{match[2]}"
        else:
            hazards = resolve(request, frozenset({"S2"}))
            family = text_family("pyrit_manyshot", request)
        if verdict.startswith("not harmful"):
            yield labeled(answer, (), source="pyrit_manyshot", family=family, kind=Kind.RESPONSE,
                          prompt=request, domain=Domain.CHAT, hard_negative=True)
        elif verdict.startswith("harmful") or verdict.startswith("answer: harmful"):
            yield labeled(answer, hazards, source="pyrit_manyshot", family=family,
                          kind=Kind.RESPONSE, prompt=request)


def _scores(record: dict[str, str]) -> list[float]:
    """The numeric human scores of one scorer row."""
    values = []
    for key, value in record.items():
        if key and key.startswith("human_score") and value not in (None, ""):
            values.append(float(value))
    return values


def _scored_rows(path: Path, *, objective_file: bool,
                 harm_scored: set[str] | None = None) -> Iterator[Row]:
    """Yield the decided rows of one harm- or objective-scored file.

    :param path: the CSV file.
    :param objective_file: scores are objective achievement (0/1), not harm.
    :param harm_scored: loose keys of responses already decided by a harm file (skipped here).
    """
    for record in read_csv(path, skip_comments=True):
        category = (record.get("harm_category") or "").strip().lower()
        if category == "bias" or category not in CATEGORY_RULES:
            continue
        scores = _scores(record)
        if not scores:
            continue
        mean = sum(scores) / len(scores)
        objective, response = record["objective"].strip(), record["assistant_response"].strip()
        if not response or (harm_scored is not None and match_key(response) in harm_scored):
            continue
        family = text_family(_SOURCE, objective)
        unsafe = mean >= (1.0 if objective_file else UNSAFE_MEAN)
        if unsafe and objective_file and _REFUSAL_OPENING.match(response):
            continue
        if unsafe:
            yield labeled(response, CATEGORY_RULES[category](objective), source=_SOURCE,
                          family=family, kind=Kind.RESPONSE, prompt=objective, category=category,
                          score=mean, file=path.name)
        elif mean == 0.0:
            yield labeled(response, (), source=_SOURCE, family=family, kind=Kind.RESPONSE,
                          prompt=objective, domain=Domain.CHAT, hard_negative=True,
                          category=category, score=mean, file=path.name)


def load_scorer(ctx: Context) -> Iterator[Row]:
    """Yield the decided harm-, objective- and refusal-scored responses.

    :param ctx: the run context.
    :raises MissingPackage: if PyRIT was not fetched.
    """
    root = ctx.package("pyrit", "pyrit", "datasets", "scorer_evals")
    harm_scored: set[str] = set()
    for path in sorted((root / "harm").glob("*.csv")):
        if path.name.startswith("mini_"):
            continue  # a subset of hate_speech_multi_score.csv
        for record in read_csv(path, skip_comments=True):
            harm_scored.add(match_key(record["assistant_response"]))
        yield from _scored_rows(path, objective_file=False)
    for path in sorted((root / "objective").glob("*.csv")):
        yield from _scored_rows(path, objective_file=True, harm_scored=harm_scored)
    for path in sorted((root / "refusal_scorer").glob("*.csv")):
        for record in read_csv(path, skip_comments=True):
            if _scores(record) == [1.0] and record["assistant_response"].strip():
                yield labeled(record["assistant_response"], (), source=_SOURCE,
                              family=text_family(_SOURCE, record["objective"]),
                              kind=Kind.RESPONSE, prompt=record["objective"],
                              domain=Domain.CHAT, hard_negative=True, file=path.name)
