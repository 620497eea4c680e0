"""Label names, read from the Rust core crate so that the taxonomy is spelled in one place."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_LABEL_RS = Path(__file__).resolve().parents[2] / "crates" / "edgeguard-core" / "src" / "label.rs"
_WIRE_NAME = re.compile(r'Label::\w+ => "([A-Za-z0-9_]+)",')


@lru_cache(maxsize=1)
def labels() -> tuple[str, ...]:
    """Return the wire names of all labels, in model-output order.

    The names are taken from ``Label::as_str`` in ``crates/edgeguard-core/src/label.rs``; a test
    in ``models/tests`` checks them against ``edgeguard labels`` when the binary is built.

    :raises RuntimeError: if the Rust source cannot be read or lists no labels.
    """
    source = _LABEL_RS.read_text(encoding="utf-8")
    body = source.split("pub const fn as_str", 1)[1].split("pub const fn", 1)[0]
    names = tuple(_WIRE_NAME.findall(body))
    if len(names) < 17:
        raise RuntimeError(f"could not read the label names from {_LABEL_RS}")
    return names


LABELS: tuple[str, ...] = labels()
"""All label wire names (``S1``..``S14``, ``jailbreak``, ``prompt_injection``,
``physical_hazard``), in model-output order."""
