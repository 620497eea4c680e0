"""The card stage: measure the exported model with the runtime itself (``edgeguard eval``),
write the parity golden file, the manifest and the model card.

Every figure in the card comes from the Rust binary on the exported files, so ``edgeguard eval``
on the same split prints the same numbers.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import numpy as np
import torch

from .corpus import Item
from .export import dequantized
from .labels import LABELS
from .normalizer import REPO, edgeguard_binary, normalize_all
from .sources import SOURCES
from .student import Student, StudentConfig, frame
from .units import spans

OUTPUTS = ("unsafe", *LABELS)


def normalizer_version() -> str:
    """The normalizer version the Rust core declares."""
    src = (REPO / "crates" / "edgeguard-core" / "src" / "normalize" / "mod.rs").read_text()
    return re.search(r'NORMALIZER_VERSION: &str = "([^"]+)"', src).group(1)


def read_jsonl(path: Path) -> list[dict]:
    """Read a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def gold_matrix(rows: list[dict]) -> np.ndarray:
    """``[n, outputs]`` 0/1 gold targets, ``unsafe`` first."""
    out = np.zeros((len(rows), len(OUTPUTS)), dtype=np.float32)
    for i, r in enumerate(rows):
        for label in r["labels"]:
            out[i, 1 + LABELS.index(label)] = 1
        out[i, 0] = 1.0 if r["labels"] else 0.0
    return out


def _score_row(v: dict) -> list[float]:
    return [v["unsafe"], *[v["labels"][label] for label in LABELS]]


def runtime_scores(model_dir: Path, rows: list[dict]) -> np.ndarray:
    """Item-level scores of the exported model, from ``edgeguard check --jsonl``."""
    lines = "".join(
        json.dumps({"id": i, "text": r["text"], **({"response": r["text"]} if r["kind"] == "response" else {})},
                   ensure_ascii=False) + "\n"
        for i, r in enumerate(rows)
    )
    done = subprocess.run(
        [str(edgeguard_binary()), "--model", str(model_dir), "check", "--jsonl"],
        input=lines.encode(), capture_output=True, check=False,
    )
    out = np.zeros((len(rows), len(OUTPUTS)), dtype=np.float32)
    for line in done.stdout.decode().splitlines():
        v = json.loads(line)
        if "error" in v:
            raise RuntimeError(f"row {v['id']}: {v['error']}")
        out[v["id"]] = _score_row(v)
    return out


def record_chosen_thresholds(model_dir: Path, values: np.ndarray) -> None:
    """Record the thresholds chosen on validation (folded into the biases) in ``config.json``
    under ``calibration``, for the record; the default thresholds stay 0.5."""
    path = model_dir / "config.json"
    config = json.loads(path.read_text())
    config["calibration"] = {
        "method": "per-output bias shift of -logit(threshold), thresholds maximising F1 on the "
                  "validation split weighted to 90% benign",
        "thresholds": {name: round(float(v), 4) for name, v in zip(OUTPUTS, values)},
    }
    path.write_text(json.dumps(config, indent=2) + "\n")


def record_aggregate(work: Path, agg: dict) -> None:
    """Keep the aggregation grid's baseline and choice (for the card and the closing figures)."""
    (work / "aggregate.json").write_text(json.dumps(agg, indent=2) + "\n")


def python_scores(trained: dict, texts: list[str], kinds: list[str]) -> np.ndarray:
    """Scores of the quantized student computed in PyTorch with the engine's windows."""
    s = trained["student"]
    model = Student.from_weights(dequantized(s.weights()), StudentConfig(heads=s.query.shape[1], hidden=s.l1.out_features))
    tok = trained["tokenizer"]
    content = trained["content"]
    stride = trained["stride"]
    normalized = normalize_all(texts)
    out = np.zeros((len(texts), len(OUTPUTS)), dtype=np.float32)
    for i, (text, kind) in enumerate(zip(normalized, kinds)):
        ids = np.asarray(tok.encode(text, add_special_tokens=False).ids, dtype=np.int64)
        windows = [ids[a:b] for a, b in spans(len(ids), content, stride)]
        resp = np.full(len(windows), kind == "response")
        with torch.inference_mode():
            logits = model(frame(windows, resp, trained["markers"])).numpy()
        # The engine's aggregation of windows (a text of one window is unshifted).
        shift = trained.get("aggregate", {}).get("length_shift", 0.0) * np.log2(len(windows))
        out[i] = 1 / (1 + np.exp(-(logits.max(0) - shift)))
    return out


def write_golden(model_dir: Path, trained: dict, path: Path) -> None:
    """The parity golden: the project's own texts with the training framework's scores."""
    golden = read_jsonl(REPO / "models" / "data" / "golden_texts.jsonl")
    scores = python_scores(trained, [g["text"] for g in golden], [g["kind"] for g in golden])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for g, s in zip(golden, scores):
            labels = {label: round(float(p), 6) for label, p in zip(LABELS, s[1:])}
            row = {"id": g["id"], "kind": g["kind"], "text": g["text"],
                   "scores": {"unsafe": round(float(s[0]), 6), "labels": labels}}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    _ = model_dir


def _eval(model_dir: Path, data: Path, *extra: str) -> dict:
    done = subprocess.run(
        [str(edgeguard_binary()), "--model", str(model_dir), "eval", "--data", str(data), "--json", *extra],
        capture_output=True, check=False,
    )
    if done.returncode not in (0, 2) or not done.stdout:
        raise RuntimeError(f"edgeguard eval failed: {done.stderr.decode(errors='replace')}")
    return json.loads(done.stdout)


GROUPS = ("source", "domain", "length", "hard_negative", "lang")
"""The groupings measured on every split."""


def measure(model_dir: Path, eval_dir: Path) -> dict:
    """Metrics per split: overall, per label, and per source, domain, length bucket and hard
    negative, each with its calibration error."""
    args = [a for g in GROUPS for a in ("--group-by", g)]
    return {"student": {split: _eval(model_dir, eval_dir / f"{split}.jsonl", *args)
                        for split in ("val", "test", "external")}}


def write_manifest(model_dir: Path, items: list[Item], split_summary: dict, metrics: dict) -> None:
    """``manifest.json``: counts per source, label and split; split digests; headline metrics."""
    per_source: dict = {}
    for it in items:
        entry = per_source.setdefault(it.source, {"splits": Counter(), "labels": Counter(), "roles": Counter()})
        entry["splits"][it.split] += 1
        entry["roles"][it.role.value] += 1
        for label in it.labels or ("benign",):
            entry["labels"][label] += 1
    registry = {s.name: {"licence": s.licence.value, "trainable": s.trainable, "origin": s.origin} for s in SOURCES}
    manifest = {
        "model": json.loads((model_dir / "config.json").read_text())["name"],
        "splits": split_summary,
        "sources": {
            name: {**registry.get(name.split("+")[0], {"composed": True}),
                   **{k: dict(sorted(v.items())) for k, v in e.items()}}
            for name, e in sorted(per_source.items())
        },
        "metrics": {
            who: {split: m["overall"] for split, m in per_split.items()}
            for who, per_split in metrics.items() if who == "student"
        },
    }
    (model_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def write_card(path: Path, model_dir: Path, items: list[Item], metrics: dict) -> None:
    """Fill the model card's generated sections (between the ``<!-- generated -->`` markers)."""
    from .card_tables import render

    text = path.read_text(encoding="utf-8")
    start, end = "<!-- generated:start -->", "<!-- generated:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(head + start + "\n" + render(model_dir, items, metrics) + "\n" + end + tail, encoding="utf-8")
