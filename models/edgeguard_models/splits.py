"""The evaluation files: validation, test and external splits as labeled JSON lines, in the
format ``edgeguard eval --data`` reads, and a digest that pins their content."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .corpus import EXTERNAL, Item
from .rows import Role

EVAL_SPLITS = ("val", "test", EXTERNAL)
"""The splits written for evaluation."""


def eval_rows(items: list[Item], split: str) -> list[dict]:
    """Labeled rows of one split, sorted for a stable file (templates, payloads and unlabeled
    text are parts, not examples, and are left out)."""
    rows = [
        {
            "text": it.text,
            "labels": sorted(it.labels),
            "kind": it.kind.value,
            "source": it.source,
            "domain": it.domain or ("unsafe" if it.labels else "other"),
            "hard_negative": it.hard_negative,
        }
        for it in items
        if it.split == split and it.role in (Role.LABELED, Role.DOCUMENT)
    ]
    rows.sort(key=lambda r: (r["source"], r["kind"], r["text"]))
    return rows


def digest(rows: list[dict]) -> str:
    """SHA-256 over the rows' texts, kinds and labels: the identity of a split."""
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps([r["text"], r["kind"], r["labels"]], ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def write(items: list[Item], out_dir: Path) -> dict[str, dict]:
    """Write ``<split>.jsonl`` for each evaluation split.

    :returns: per split, its row count and digest.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = {}
    for split in EVAL_SPLITS:
        rows = eval_rows(items, split)
        with (out_dir / f"{split}.jsonl").open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        summary[split] = {"rows": len(rows), "sha256": digest(rows)}
    return summary
