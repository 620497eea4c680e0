"""The project's own hand-written contrast pairs (``models/data/handwritten``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..rows import Kind, Row
from .base import Context

HANDWRITTEN_DIR = Path(__file__).resolve().parents[2] / "data" / "handwritten"
"""Where the hand-written files live."""

SOURCE = "handwritten"


def load(ctx: Context, root: Path = HANDWRITTEN_DIR) -> Iterator[Row]:
    """Yield every hand-written item; both items of a pair share a family.

    :param ctx: the run context (unused: the files live in the repository).
    :param root: the folder holding the ``*.jsonl`` files.
    :raises ValueError: for a malformed line or a twin that does not resolve.
    """
    for path in sorted(root.glob("*.jsonl")):
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        ids = {item["id"] for item in items}
        for n, item in enumerate(items, 1):
            twin = item.get("twin")
            if twin not in ids:
                raise ValueError(f"{path.name}:{n}: twin {twin!r} of {item['id']!r} not found")
            pair = min(item["id"], twin)
            yield Row(
                text=item["text"],
                labels=frozenset(item["labels"]),
                kind=Kind(item["kind"]),
                source=SOURCE,
                family=f"{SOURCE}:{pair}",
                prompt=item.get("prompt"),
                hard_negative=not item["labels"],
                lang=item.get("lang", "en"),
                meta={"domain": "chat", "file": path.stem},
            )
