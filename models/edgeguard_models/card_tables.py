"""Markdown tables of the model card: sources, splits, thresholds, metrics."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from .corpus import EXTERNAL, Item
from .labels import LABELS
from .rows import Role
from .sources import SOURCES

OUTPUTS = ("unsafe", *LABELS)


def _f(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def _metrics_header() -> list[str]:
    return ["| label | gold | precision | recall | F1 | FPR | AUPRC |", "|---|---:|---:|---:|---:|---:|---:|"]


def _metrics_row(name: str, m: dict) -> str:
    return (f"| {name} | {m['support']} | {_f(m['precision'])} | {_f(m['recall'])} | {_f(m['f1'])} "
            f"| {_f(m['fpr'])} | {_f(m['auprc'])} |")


def _files(model_dir: Path) -> list[str]:
    config = json.loads((model_dir / "config.json").read_text())
    lines = ["| file | bytes | SHA-256 |", "|---|---:|---|"]
    for name, d in config["files"].items():
        lines.append(f"| `{name}` | {d['bytes']:,} | `{d['sha256']}` |")
    size = (model_dir / "config.json").stat().st_size
    lines.append(f"| `config.json` | {size:,} | (holds the two digests above) |")
    total = sum(d["bytes"] for d in config["files"].values()) + size
    lines.append(f"\nTotal: {total:,} bytes ({total / 1e6:.2f} MB).")
    return lines


def _sources(items: list[Item]) -> list[str]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for it in items:
        base = it.source.split("+")[0]
        if it.role is Role.UNLABELED:
            counts[base]["unlabeled"] += 1
        elif it.role in (Role.TEMPLATE, Role.PAYLOAD, Role.DOCUMENT):
            counts[base][it.role.value] += 1
        elif "+" not in it.source:
            counts[base]["unsafe" if it.labels else "benign"] += 1
            counts[base][it.split] += 1
    lines = [
        "| source | licence | trains | unsafe | benign | train / val / test / external | parts | unlabeled |",
        "|---|---|---|---:|---:|---|---|---:|",
    ]
    for s in SOURCES:
        c = counts.get(s.name, Counter())
        parts = ", ".join(f"{c[r]} {r}s" for r in ("template", "payload", "document") if c[r]) or "–"
        splits = " / ".join(str(c[x]) for x in ("train", "val", "test", EXTERNAL))
        lines.append(
            f"| {s.name} | {s.licence.value} | {'yes' if s.trainable else 'eval only'} | {c['unsafe']} "
            f"| {c['benign']} | {splits} | {parts} | {c['unlabeled']} |"
        )
    composed = Counter(it.split for it in items if "+" in it.source)
    lines.append(
        f"\nComposed attacks (jailbreak templates filled with goals, payloads injected into documents, "
        f"built after the split inside each split): {sum(composed.values())} items "
        f"(train {composed['train']}, val {composed['val']}, test {composed['test']})."
    )
    return lines


def _label_counts(items: list[Item]) -> list[str]:
    c: dict[str, Counter] = defaultdict(Counter)
    for it in items:
        if it.role in (Role.LABELED, Role.DOCUMENT):
            for label in it.labels or ("benign",):
                c[label][it.split] += 1
    lines = ["| label | train | val | test | external |", "|---|---:|---:|---:|---:|"]
    for label in (*LABELS, "benign"):
        lines.append(f"| {label} | " + " | ".join(str(c[label][s]) for s in ("train", "val", "test", EXTERNAL)) + " |")
    return lines


def _per_label(metrics: dict, split: str) -> list[str]:
    s = metrics["student"][split]["by_source"]
    t = metrics["teacher"].get(split, {}).get("by_source")
    lines = ["| label | gold | student P / R / F1 | student FPR | student AUPRC | teacher P / R / F1 | teacher FPR | teacher AUPRC |",
             "|---|---:|---|---:|---:|---|---:|---:|"]
    names = [("unsafe (any)", "overall")] + [(label, label) for label in LABELS]
    for shown, key in names:
        sm = s["overall"] if key == "overall" else s["labels"][key]
        tm = (t["overall"] if key == "overall" else t["labels"][key]) if t else None
        tcol = (f"{_f(tm['precision'])} / {_f(tm['recall'])} / {_f(tm['f1'])} | {_f(tm['fpr'])} | {_f(tm['auprc'])}"
                if tm else "– | – | –")
        lines.append(f"| {shown} | {sm['support']} | {_f(sm['precision'])} / {_f(sm['recall'])} / {_f(sm['f1'])} "
                     f"| {_f(sm['fpr'])} | {_f(sm['auprc'])} | {tcol} |")
    return lines


def _groups(groups: dict, benign_only: bool) -> list[str]:
    lines = ["| group | rows | unsafe rows | flagged benign (FPR) | recall |", "|---|---:|---:|---:|---:|"]
    for name, m in sorted(groups.items()):
        c = m
        rows = c["tp"] + c["fp"] + c["fn"] + c["tn"]
        if benign_only and c["fp"] + c["tn"] == 0:
            continue
        lines.append(f"| {name} | {rows} | {m['support']} | {_f(m['fpr'])} | {_f(m['recall'])} |")
    return lines


def render(model_dir: Path, items: list[Item], metrics: dict) -> str:
    """The generated part of the model card."""
    config = json.loads((model_dir / "config.json").read_text())
    out = ["## Files", "", *_files(model_dir), ""]
    out += ["## Training data", "",
            "Every source, its licence as stated by its host, whether it may train the shipped model, "
            "and its items after deduplication (evaluation-only sources feed the external set only).", "",
            *_sources(items), "", "### Items per label and split", "", *_label_counts(items), ""]
    chosen = config.get("calibration", {}).get("thresholds", config["thresholds"])
    out += ["## Default thresholds", "",
            "Chosen on the validation split re-weighted so that benign text is 90% of the mix "
            "(per output, the threshold that maximises F1 on that mix). The student's are folded "
            "into its output biases, so its shipped default threshold is 0.5 for every output; "
            "the table gives the thresholds as chosen, on the unshifted scores.", "",
            "| output | student (chosen, folded) | teacher |", "|---|---:|---:|"]
    for name in OUTPUTS:
        out.append(f"| {name} | {chosen[name]:.3f} | {metrics['teacher_thresholds'][name]:.3f} |")
    out += ["", "## Test split: student (shipped) and teacher", "",
            "Binary `unsafe (any)`: the policy does not allow the text, against any gold label; "
            "per label: the label fired, against the label being gold.", "", *_per_label(metrics, "test"), ""]
    out += ["## Validation split", "", *_per_label(metrics, "val"), ""]
    for split, title in (("test", "Test split"), ("external", "External set (evaluation-only sources, never trained on)")):
        st = metrics["student"][split]
        out += [f"## {title}: student by source", "", *_groups(st["by_source"]["groups"], False), ""]
        out += [f"## {title}: false positives on benign text by domain", "", *_groups(st["by_domain"], True), ""]
        hn = st["hard_negative"].get("true")
        if hn:
            out += [f"Benign hard negatives ({split}): {hn['counts']['fp'] if 'counts' in hn else hn['fp']} of "
                    f"{hn['fp'] + hn['tn']} flagged, FPR {_f(hn['fpr'])}.", ""]
    return "\n".join(out)
