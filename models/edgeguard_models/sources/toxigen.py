"""ToxiGen (MIT) seed sentences: implicitly hateful (S10) and neutral statements about groups.

The prompt files recombine the seed sentences into few-shot prompts (sentences joined by a
literal ``\\n-``; the bisexual files by `` - ``). Both the demonstration files and the prompt
files are split back into single sentences and deduplicated; the label comes from the file name
(``hate_`` or ``neutral_``), and a sentence found under both is dropped. Neutral sentences name
identity groups, so they are hard negatives for S10.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

from ..rows import Row
from .base import Context, Domain, labeled, match_key, text_family

_SEPARATOR = re.compile(r"\\n-|\s-\s(?=[A-Z])")
MIN_CHARS = 12
"""Shorter fragments are split artefacts, not sentences."""


def _sentences(line: str) -> list[str]:
    """Split one prompt or demonstration line into sentences."""
    parts = _SEPARATOR.split(line.strip())
    return [part.strip().lstrip("-").strip() for part in parts]


def _group_and_label(path: Path) -> tuple[str, bool]:
    """Return (group, hateful) from a file name such as ``hate_black_1k.txt.gz``."""
    stem = path.name.split(".")[0].removesuffix("_1k").removesuffix("_sentences")
    kind, _, group = stem.partition("_")
    return group, kind == "hate"


def _collect(ctx: Context) -> dict[str, tuple[str, set[bool], str]]:
    """Loose key to (sentence, labels seen, group) over every file."""
    root = ctx.shared("toxigen-prompts")
    found: dict[str, tuple[str, set[bool], str]] = {}
    files = sorted(root.glob("demonstrations/*/*.txt")) + sorted(root.glob("prompts/*.txt.gz"))
    for path in files:
        group, hateful = _group_and_label(path)
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                for sentence in _sentences(line):
                    if len(sentence) < MIN_CHARS:
                        continue
                    key = match_key(sentence)
                    if key in found:
                        found[key][1].add(hateful)
                    else:
                        found[key] = (sentence, {hateful}, group)
    return found


def load(ctx: Context) -> Iterator[Row]:
    """Yield each distinct ToxiGen sentence once.

    :param ctx: the run context.
    """
    for sentence, seen, group in _collect(ctx).values():
        if len(seen) != 1:
            continue
        hateful = next(iter(seen))
        family = text_family("toxigen", sentence)
        if hateful:
            yield labeled(sentence, {"S10"}, source="toxigen", family=family, group=group)
        else:
            yield labeled(sentence, (), source="toxigen", family=family, domain=Domain.SOCIAL,
                          hard_negative=True, group=group)
