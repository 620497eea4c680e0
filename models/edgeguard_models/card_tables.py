"""Markdown tables of the model card: sources, splits, thresholds, metrics."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from .corpus import EXTERNAL, Item
from .labels import LABELS
from .rows import Role
from .sources import SOURCES
from .thresholds import BENIGN_SHARE

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


def _trains(source) -> str:
    """The card's "trains" cell of a source."""
    if source.holdout:
        return "held out"
    return "yes" if source.trainable else "eval only"


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
            f"| {s.name} | {s.licence.value} | {_trains(s)} | {c['unsafe']} "
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
    r = metrics["student"][split]
    lines = ["| label | gold | precision | recall | F1 | FPR | AUPRC |", "|---|---:|---:|---:|---:|---:|---:|"]
    for shown, m in [("unsafe (any)", r["overall"]), *((label, r["labels"][label]) for label in LABELS)]:
        lines.append(f"| {shown} | {m['support']} | {_f(m['precision'])} | {_f(m['recall'])} | {_f(m['f1'])} "
                     f"| {_f(m['fpr'])} | {_f(m['auprc'])} |")
    return lines


LENGTH_ORDER = ("<20", "<60", "<150", "<500", "<2000", ">=2000")


def _groups(groups: dict, benign_only: bool = False, order: tuple[str, ...] | None = None) -> list[str]:
    lines = ["| group | benign rows | flagged benign (FPR) | unsafe rows | recall | ECE |",
             "|---|---:|---:|---:|---:|---:|"]
    names = [n for n in order if n in groups] if order else sorted(groups)
    for name in names:
        m = groups[name]
        benign = m["fp"] + m["tn"]
        if benign_only and benign == 0:
            continue
        lines.append(f"| {name} | {benign} | {_f(m['fpr'])} | {m['support']} | {_f(m['recall'])} "
                     f"| {_f(m.get('ece'))} |")
    return lines


def _aggregate(metrics: dict) -> list[str]:
    agg = metrics.get("aggregate")
    if not agg:
        return []
    lines = [("| setting | sentence margin | length shift | recall | buried recall | benign FPR "
              "| worst length bucket FPR |"),
             "|---|---:|---:|---:|---:|---:|---:|"]
    rows = [("baseline", agg["baseline"]), ("chosen", agg["chosen"])]
    rows += [("not chosen", g) for g in agg.get("alternatives", [])]
    for name, g in rows:
        lines.append(f"| {name} | {g['margin']:.2f} | {g['shift']:.2f} | {_f(g['recall'])} | {_f(g['buried_recall'])} "
                     f"| {_f(g['fpr'])} | {_f(g['worst_bucket_fpr'])} |")
    return lines


def _behaviour(metrics: dict) -> list[str]:
    gate = metrics.get("behaviour")
    if gate is None:
        return ["Not run."]
    lines = [(f"{gate['required_passed']} of {gate['required']} required cases and {gate['targets_passed']} of "
             f"{gate['targets']} targets pass.")]
    if gate["misses"]:
        lines += ["", "| case | kind | verdict |", "|---|---|---|"]
        lines += [f"| {m['case']} | {'required' if m['required'] else 'target'} | {m['miss']} |"
                  for m in gate["misses"]]
    return lines


def render(model_dir: Path, items: list[Item], metrics: dict) -> str:
    """The generated part of the model card."""
    config = json.loads((model_dir / "config.json").read_text())
    out = ["## Files", "", *_files(model_dir), ""]
    out += ["## Training data", "",
            ("Every source, its licence as stated by its host, whether it may train the shipped model, "
            "and its items after deduplication (evaluation-only and held-out sources feed the external "
            "set only)."), "",
            *_sources(items), "", "### Items per label and split", "", *_label_counts(items), ""]
    chosen = config.get("calibration", {}).get("thresholds", config["thresholds"])
    out += ["## Default thresholds", "",
            ("Chosen on the validation texts that fit one window (a threshold decides one window; "
            "longer texts are the aggregation's part, below), re-weighted so that benign text is "
            f"{BENIGN_SHARE:.0%} of the mix (per output, the threshold that maximises F1 on that mix), "
            "then folded into "
            "the output biases, so the shipped default threshold is 0.5 for every output; the table "
            "gives the thresholds as chosen, on the unshifted scores."), "",
            "| output | chosen (folded) |", "|---|---:|"]
    for name in OUTPUTS:
        out.append(f"| {name} | {chosen[name]:.3f} |")
    labels = sorted({f"{config['thresholds'][name]:.3f}" for name in LABELS})
    out += ["", (f"Default thresholds in `config.json` (what the built-in policy uses): `unsafe` "
            f"{config['thresholds']['unsafe']:.3f} (a text no label claims; see "
            f"`thresholds.unsafe_default`), labels {', '.join(labels)}.")]
    out += ["", "## Aggregation over a text's pieces", "",
            ("How window and sentence scores become a text's scores (`aggregate` in `config.json`), "
            "chosen on whole validation documents and on documents of 4,000 to 48,000 words joined from "
            "them (see `edgeguard_models/aggregate.py`): the baseline is "
            "the earlier rule (plain maximum, sentences one logit down). A setting must keep the recall "
            "of requests buried in long documents at 0.92 or more, or, where no setting reaches that, "
            "at the baseline's; among those, the lowest false-positive rate in the worst length bucket "
            "wins, measured on the validation split of the build that made the model. The rows marked "
            "\"not chosen\" show what a length shift would buy and cost."), "",
            *_aggregate(metrics), ""]
    out += ["## Behaviour gate", "",
            ("Clear-cut cases the build screens through the runtime before it writes this card "
            "(`edgeguard_models/behaviour.py`): texts whose verdict the repository's tests assert; a "
            "required one stops the build when missed, a target is listed here when missed."), "",
            *_behaviour(metrics), ""]
    out += ["## Test split", "",
            ("Binary `unsafe (any)`: the policy does not allow the text, against any gold label; "
            "per label: the label fired, against the label being gold."), "", *_per_label(metrics, "test"), ""]
    out += ["## Validation split", "", *_per_label(metrics, "val"), ""]
    for split, title in (("test", "Test split"),
                         ("external", "External set (evaluation-only and held-out sources, never trained on)")):
        tables = metrics["student"][split]["group_tables"]
        out += [f"## {title}: by length (words)", "", *_groups(tables["length"], order=LENGTH_ORDER), ""]
        out += [f"## {title}: by domain", "", *_groups(tables["domain"]), ""]
        out += [f"## {title}: by source", "", *_groups(tables["source"]), ""]
        out += [f"## {title}: by language", "", *_groups(tables["lang"]), ""]
        hn = tables["hard_negative"].get("true")
        if hn:
            out += [(f"Benign hard negatives ({split}): {hn['fp']} of {hn['fp'] + hn['tn']} flagged, "
                    f"FPR {_f(hn['fpr'])}."), ""]
    return "\n".join(out)
