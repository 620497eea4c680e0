"""PyRIT (MIT) jailbreak templates (``datasets/jailbreak/templates``), about 650 with a
``{{ prompt }}`` slot, including 488 in-the-wild prompts converted to single-slot wrappers.

Only single-parameter templates are used. Left out: the many-shot template (a Jinja loop over
examples, composed elsewhere), the multi-parameter ones (target group, Greek translation), and
``dt_stereotypes_benign`` (a plain "You are a helpful assistant" control prompt, not a jailbreak).
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from ..rows import Row
from .base import Context
from .templates import template_rows

EXCLUDED: frozenset[str] = frozenset({"dt_stereotypes_benign.yaml"})
"""Template files that are not jailbreaks."""


def load(ctx: Context) -> Iterator[Row]:
    """Yield a template row and a labeled jailbreak row per usable template.

    :param ctx: the run context.
    :raises MissingPackage: if PyRIT was not fetched.
    """
    root = ctx.package("pyrit", "pyrit", "datasets", "jailbreak", "templates")
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        if path.name in EXCLUDED:
            continue
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
        if list(document.get("parameters") or []) != ["prompt"]:
            continue
        yield from template_rows(str(document["value"]), source="pyrit_templates",
                                 family=f"pyrit_templates:{relative}", name=relative)
