"""Is the teacher a teacher? Both models scored on the same texts that neither trained on.

Accuracy II asks of the fine-tuned teacher that it beat the shipped student on the external
(never-trained) sources and on the contrast pairs by a measured margin, or distilling it has
nothing to give. This compares them on one sample::

    EDGEGUARD_BIN=../target/release/edgeguard python -m edgeguard_models.compare [--student DIR]

The sample: from ``external.jsonl``, up to ``--per-domain`` benign texts of every domain and
``--unsafe`` unsafe ones, encoded texts left out (:data:`ENCODED_SOURCES`: the engine screens their
decoded views, the teacher reads text as written); from ``val.jsonl``, every text of the contrast
sources (handwritten pairs and twins; their validation split, which no model trains on). The
student's ``unsafe`` score is the engine's (``edgeguard check --jsonl``, so with its sentence
windows and decoded views); the teacher's is the maximum over the engine's windows of the
normalized text. Scores of two models are not on one scale, so each is read at its own threshold
for the same recall: on the external sample, the false-positive rate of every benign domain and
length bucket at unsafe recall ``--recall``; on the contrast sample, the false-positive rate at
recall 0.90 (Accuracy II's contrast target). Average precision of ``unsafe`` is reported for
both samples.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
from pathlib import Path

import numpy as np

from .aggregate import length_bucket
from .card_tables import LENGTH_ORDER
from .fetch import DEFAULT_CACHE_DIR
from .normalizer import edgeguard_binary, normalize_all
from .thresholds import average_precision

log = logging.getLogger(__name__)

CONTRAST_SOURCES = ("handwritten", "twins")
"""Validation sources of minimal pairs: a benign text and an unsafe one that share their words."""
ENCODED_SOURCES = ("twins_encoded",)
"""External sources whose texts are encoded ("apply rot13 to the text below ..."): the engine
screens their decoded views, which the teacher, reading text as written, never sees; left out."""
CONTRAST_RECALL = 0.90
"""Recall at which the contrast pairs' false-positive rate is read."""


def pick(eval_dir: Path, per_domain: int, unsafe: int, seed: int) -> list[dict]:
    """The sample (see the module docs); every row gets ``set``: ``external`` or ``contrast``."""
    rng = np.random.default_rng(seed)
    by_domain: dict[str, list[dict]] = {}
    with open(eval_dir / "external.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["source"] in ENCODED_SOURCES:
                continue
            key = "unsafe" if row["labels"] else row["domain"]
            by_domain.setdefault(key, []).append(row)
    out = []
    for key in sorted(by_domain):
        rows = by_domain[key]
        n = min(len(rows), unsafe if key == "unsafe" else per_domain)
        out += [dict(rows[i], set="external") for i in sorted(rng.choice(len(rows), n, replace=False))]
    with open(eval_dir / "val.jsonl", encoding="utf-8") as f:
        out += [dict(row, set="contrast") for line in f
                if (row := json.loads(line))["source"] in CONTRAST_SOURCES]
    return out


def engine_verdicts(rows: list[dict], model: Path | None,
                    binary: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The engine's ``unsafe`` score of every row and whether the policy held it back (flag or
    block), with the model in ``model`` (default: the embedded one), run by ``binary`` (default:
    :func:`edgeguard_binary`). A row of ``kind`` ``response`` is screened as the answer to its
    ``prompt`` (empty when absent)."""
    lines = []
    for i, row in enumerate(rows):
        if row.get("kind") == "response":
            lines.append(json.dumps({"id": i, "text": row.get("prompt", ""), "response": row["text"]}))
        else:
            lines.append(json.dumps({"id": i, "text": row["text"]}))
    cmd = [str(binary or edgeguard_binary()), "check", "--jsonl", *(["--model", str(model)] if model else [])]
    done = subprocess.run(cmd, input="\n".join(lines).encode(), capture_output=True, check=False)
    if done.returncode not in (0, 1):  # 1: some text flagged or blocked
        raise RuntimeError(f"edgeguard check failed: {done.stderr.decode(errors='replace')}")
    scores = np.full(len(rows), np.nan, dtype=np.float64)
    held = np.zeros(len(rows), dtype=bool)
    for line in done.stdout.decode().splitlines():
        v = json.loads(line)
        scores[v["id"]] = v["unsafe"]
        held[v["id"]] = v["action"] != "allow"
    if np.isnan(scores).any():
        raise RuntimeError(f"edgeguard check left {int(np.isnan(scores).sum())} rows unscored")
    return scores, held


def teacher_scores(rows: list[dict], cache: Path) -> tuple[np.ndarray, int]:
    """The teacher's ``unsafe`` score of every row, and the step of its checkpoint."""
    from .build import WINDOW_STRIDE, WINDOW_TOKENS, encoder_dir, encoder_tokenizer, token_id
    from .teacher import load_checkpoint, score_texts

    tokenizer = encoder_tokenizer(encoder_dir(cache))
    model, step = load_checkpoint(cache)
    texts = normalize_all([r["text"] for r in rows])
    ids = [np.asarray(e.ids, dtype=np.int32) for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    markers = (token_id(tokenizer, "[unused0]"), token_id(tokenizer, "[unused1]"))
    response = np.array([r.get("kind") == "response" for r in rows])
    scores = score_texts(model, ids, response, markers, WINDOW_TOKENS - 3, WINDOW_STRIDE)
    return scores[:, 0].astype(np.float64), step


def threshold_at_recall(scores: np.ndarray, recall: float) -> float:
    """The highest threshold at which at least ``recall`` of ``scores`` (of unsafe texts) are at
    or above it."""
    ordered = np.sort(scores)[::-1]
    return float(ordered[max(0, int(np.ceil(recall * len(ordered))) - 1)])


def measure(rows: list[dict], scores: np.ndarray, recall: float) -> dict:
    """Average precision and false-positive rates at matched recall (see the module docs)."""
    out: dict = {}
    for name, at_recall in (("external", recall), ("contrast", CONTRAST_RECALL)):
        mask = np.array([r["set"] == name for r in rows])
        s = scores[mask]
        sub = [r for r, m in zip(rows, mask) if m]
        gold = np.array([bool(r["labels"]) for r in sub])
        t = threshold_at_recall(s[gold], at_recall)
        benign = ~gold
        groups: dict[str, list[float]] = {}
        for r, v, g in zip(sub, s, gold):
            if not g:
                for key in (f"domain:{r['domain']}", f"length:{length_bucket(len(r['text'].split()))}"):
                    groups.setdefault(key, []).append(float(v >= t))
        out[name] = {"texts": int(mask.sum()), "unsafe": int(gold.sum()), "scores": s.tolist(),
                     "ap": average_precision(gold, s), "recall": at_recall, "threshold": t,
                     "fpr": float((s[benign] >= t).mean()),
                     "groups": {k: {"n": len(v), "fpr": float(np.mean(v))}
                                for k, v in sorted(groups.items(), key=_group_order)}}
    return out


def _group_order(group: tuple[str, list[float]]) -> tuple[str, int | str]:
    """Domains by name, then length buckets from short to long."""
    kind, _, name = group[0].partition(":")
    return (kind, LENGTH_ORDER.index(name) if kind == "length" else name)


def table(results: dict[str, dict]) -> str:
    """A markdown table of the models' figures side by side."""
    names = list(results)
    first = results[names[0]]
    lines = [f"| | {' | '.join(names)} |", "|---|" + "---:|" * len(names)]
    for sample in ("external", "contrast"):
        s = first[sample]
        lines.append(f"| {sample} ({s['texts']} texts, {s['unsafe']} unsafe): AP | "
                     + " | ".join(f"{results[n][sample]['ap']:.3f}" for n in names) + " |")
        lines.append(f"| {sample}: FPR at recall {s['recall']:.2f} | "
                     + " | ".join(f"{results[n][sample]['fpr']:.3f}" for n in names) + " |")
        for key, g in s["groups"].items():
            if sample == "external" or key.startswith("length"):
                lines.append(f"| {sample} {key} ({g['n']}) | "
                             + " | ".join(f"{results[n][sample]['groups'][key]['fpr']:.3f}" for n in names) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Score the sample with the student(s) and the teacher, print the table, write the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE_DIR)
    ap.add_argument("--student", type=Path, action="append", default=[],
                    help="a model folder to compare (repeatable; default: the embedded model)")
    ap.add_argument("--per-domain", type=int, default=150, help="benign external texts per domain")
    ap.add_argument("--unsafe", type=int, default=600, help="unsafe external texts")
    ap.add_argument("--recall", type=float, default=0.70, help="external unsafe recall to read FPR at")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-teacher", action="store_true", help="compare students only")
    ap.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    rows = pick(args.cache / "work" / "eval", args.per_domain, args.unsafe, args.seed)
    log.info("compare: %d texts", len(rows))
    results = {}
    for model in args.student or [None]:
        results[f"student {model.name if model else '(embedded)'}"] = measure(
            rows, engine_verdicts(rows, model)[0], args.recall)
    if not args.no_teacher:
        scores, step = teacher_scores(rows, args.cache)
        results[f"teacher (step {step})"] = measure(rows, scores, args.recall)
    print(table(results))
    if args.out:
        args.out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
