"""Two models on the same labeled rows: each difference of their figures with a 95% interval.

Did a change of the model (another recipe, narrower weights) move F1, recall, the false-positive
rate or AUPRC, or only the noise of one sample? Both models screen the same rows through the
runtime (``edgeguard check --jsonl``, with the policy's decision and the ``unsafe`` score, as
``edgeguard eval`` reads them), and the rows are drawn again with replacement, the same draw for
both models, to give the percentile interval of every difference (B minus A)::

    EDGEGUARD_BIN=../target/release/edgeguard python -m edgeguard_models.paired A_DIR B_DIR \\
        --data .cache/work/eval/test.jsonl --data .cache/work/eval/external.jsonl

A difference whose interval holds 0 is "within" the sampling noise of these rows. When A is in an
older model format than the binary reads, ``--a-bin`` names a release that reads it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from .compare import engine_verdicts
from .thresholds import average_precision

METRICS = ("f1", "recall", "fpr", "auprc")
"""The figures compared, as ``edgeguard eval`` defines them for the binary ``unsafe`` decision."""


def figures(gold: np.ndarray, held: np.ndarray, score: np.ndarray) -> dict[str, float]:
    """F1, recall and false-positive rate of ``held`` and the AUPRC of ``score``, against ``gold``."""
    tp = float((held & gold).sum())
    fp = float((held & ~gold).sum())
    positives, negatives = float(gold.sum()), float((~gold).sum())
    f1 = 2 * tp / (2 * tp + fp + (positives - tp)) if tp else 0.0
    return {"f1": f1, "recall": tp / positives if positives else 0.0,
            "fpr": fp / negatives if negatives else 0.0, "auprc": average_precision(gold, score)}


def paired_intervals(gold: np.ndarray, a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray],
                     resamples: int, seed: int) -> dict[str, dict[str, float]]:
    """Every figure of models ``a`` and ``b`` (each ``(held, score)``), their difference and its
    95% percentile interval over ``resamples`` paired draws of the rows."""
    fa, fb = figures(gold, *a), figures(gold, *b)
    rng = np.random.default_rng(seed)
    diffs: dict[str, list[float]] = {m: [] for m in METRICS}
    for _ in range(resamples):
        at = rng.integers(0, len(gold), len(gold))
        da = figures(gold[at], a[0][at], a[1][at])
        db = figures(gold[at], b[0][at], b[1][at])
        for m in METRICS:
            diffs[m].append(db[m] - da[m])
    out = {}
    for m in METRICS:
        low, high = np.percentile(diffs[m], [2.5, 97.5])
        out[m] = {"a": fa[m], "b": fb[m], "diff": fb[m] - fa[m], "low": float(low), "high": float(high)}
    return out


def read_rows(path: Path) -> list[dict]:
    """The labeled rows of a JSON-lines file (``text``, ``labels``, optionally ``kind``, ``prompt``)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def table(name: str, rows: int, result: dict[str, dict[str, float]]) -> str:
    """A markdown table of one file's figures."""
    out = [f"{name} ({rows} rows)", "", "| figure | A | B | B - A | 95% interval | |", "|---|---:|---:|---:|---|---|"]
    for m, r in result.items():
        verdict = "within" if r["low"] <= 0 <= r["high"] else "moved"
        out.append(f"| {m} | {r['a']:.4f} | {r['b']:.4f} | {r['diff']:+.4f} | "
                   f"[{r['low']:+.4f}, {r['high']:+.4f}] | {verdict} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    """Compare two model folders on each data file (see the module docs)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a", type=Path, help="model folder A (the reference)")
    ap.add_argument("b", type=Path, help="model folder B")
    ap.add_argument("--data", type=Path, action="append", required=True, help="labeled JSON lines (repeatable)")
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    ap.add_argument("--a-bin", type=Path,
                    help="run model A with this edgeguard binary (a release that reads A's model format)")
    args = ap.parse_args(argv)
    results = {}
    for path in args.data:
        rows = read_rows(path)
        gold = np.array([bool(r["labels"]) for r in rows])
        sa, ha = engine_verdicts(rows, args.a, args.a_bin)
        sb, hb = engine_verdicts(rows, args.b)
        results[path.name] = paired_intervals(gold, (ha, sa), (hb, sb), args.resamples, args.seed)
        print(table(path.name, len(rows), results[path.name]), "\n", flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
