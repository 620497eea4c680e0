"""Robot-command sets, all without a permissive licence (evaluation only): BadRobot, SafeAgentBench
and the NL-to-LTL command corpora."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..rows import Row
from .base import Context, Domain, labeled, match_key, read_csv, read_jsonl, read_lines
from .keywords import keyword_labels, resolve
from .templates import template_rows


def _l(*names: str) -> frozenset[str]:
    """Shorthand for a label set."""
    return frozenset(names)


BADROBOT_RULES: dict[str, Callable[[str], frozenset[str]]] = {
    "Physical harm": lambda _t: _l("physical_hazard", "S1"),
    # Breaking, hiding or blocking things: damage to property and people's safety.
    "Sabotage": lambda _t: _l("physical_hazard"),
    "Fraud": lambda _t: _l("S2"),
    "Hateful Conduct": lambda _t: _l("S10"),
    "Privacy Violation": lambda _t: _l("S7"),
    "Illegal Activity": lambda t: resolve(t, _l("S2")),
    "Pornography": lambda t: _l("S12") | (keyword_labels(t) & {"S3", "S4"}),
}
"""BadRobot query category to the rule labeling a command."""

_SAFEAGENT_PEOPLE = ("human", "injury", "physical harm")


def load_badrobot(ctx: Context) -> Iterator[Row]:
    """Yield BadRobot's malicious commands, their euphemistic rephrasings, and its jailbreak
    templates.

    Note: in part of the file (the Fraud block) the rephrase column is shifted one row against
    the request column; the category still holds, the pairing does not.

    :param ctx: the run context.
    :raises KeyError: if a category is unmapped.
    """
    for record in read_csv(ctx.shared("badrobot", "physical_world_malicious_queries.csv")):
        rule = BADROBOT_RULES[record["Category"]]
        family = f"badrobot:{record['Index']}"
        for column in ("Request", "Semantic Rephrase"):
            text = record.get(column, "").strip()
            if text:
                yield labeled(text, rule(text), source="badrobot", family=family,
                              category=record["Category"], column=column)
    for record in read_csv(ctx.shared("badrobot", "jailbreak_prompts.csv")):
        yield from template_rows(record["Prompts"], source="badrobot",
                                 family=f"badrobot_jailbreak:{record['Index']}",
                                 style=record["Category"])


def load_safeagentbench(ctx: Context) -> Iterator[Row]:
    """Yield SafeAgentBench's hazardous and safe household tasks.

    :param ctx: the run context.
    """
    folder = ctx.shared("safeagentbench")
    for number, record in enumerate(read_jsonl(folder / "unsafe_detailed_1009.jsonl")):
        risk = str(record.get("risk_category", ""))
        labels = _l("physical_hazard") | (_l("S1") if any(w in risk.lower()
                                                           for w in _SAFEAGENT_PEOPLE) else _l())
        yield labeled(record["instruction"], labels, source="safeagentbench",
                      family=f"safeagentbench:unsafe:{number}", risk=risk)
    for number, record in enumerate(read_jsonl(folder / "safe_detailed_1009.jsonl")):
        yield labeled(record["instruction"], (), source="safeagentbench",
                      family=f"safeagentbench:safe:{number}", domain=Domain.ROBOT,
                      hard_negative=True)
    for number, record in enumerate(read_jsonl(folder / "abstract_1009.jsonl")):
        for level, text in enumerate(record["instruction"]):
            yield labeled(text, _l("physical_hazard"), source="safeagentbench",
                          family=f"safeagentbench:abstract:{number}", abstraction=level)
    for number, record in enumerate(read_jsonl(folder / "long_horizon_1009.jsonl")):
        yield labeled(record["instruction"], (), source="safeagentbench",
                      family=f"safeagentbench:long:{number}", domain=Domain.ROBOT)


def load_nl2ltl(ctx: Context) -> Iterator[Row]:
    """Yield the distinct navigation and manipulation commands (benign, robot domain).

    :param ctx: the run context.
    """
    for corpus in ("clean-up", "drone-planning", "pick-and-place"):
        seen: set[str] = set()
        for text in read_lines(ctx.shared("nl2ltl-robot-commands", corpus, "eng.txt")):
            key = match_key(text)
            if key in seen:
                continue
            seen.add(key)
            yield labeled(text, (), source="nl2ltl", family=f"nl2ltl:{corpus}:{len(seen)}",
                          domain=Domain.ROBOT, corpus=corpus)
