"""The accuracy floors of ``tests/accuracy.rs``, set from the committed model's measured figures.

A floor sits a little under what the shipped files measure (a ceiling a little over), so that a
regression fails CI while the nondeterminism of a rebuild does not. The figures are those of
:func:`card.measure` (``edgeguard eval`` on the fixed splits), written next to the card.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

SLACK = 0.02
"""Validation F1, recall, AUPRC and buried-request recall may fall this much."""
FPR_SLACK = 0.01
"""Validation false-positive rate may rise this much."""
LABEL_SLACK = 0.04
"""Per-label validation AUPRC may fall this much."""
EXTERNAL_SLACK = 0.03
"""External false-positive rates (per domain, per length) may rise, and recall per unsafe
source fall, this much."""
MIN_ROWS = 20
"""Rows a group needs to get a floor or ceiling."""


def _under(x: float, slack: float) -> float:
    return max(0.0, math.floor((x - slack) * 100) / 100)


def _over(x: float, slack: float) -> float:
    return math.ceil((x + slack) * 100) / 100


def floors(student: dict) -> dict:
    """The floors for measured figures ``student`` (``{split: eval JSON}``)."""
    val, ext = student["val"], student["external"]
    o = val["overall"]
    buried = val["group_tables"]["domain"].get("buried", {}).get("recall") or 0.0
    tables = ext["group_tables"]
    return {
        "_comment": (
            "Floors on the validation split and the external set (tests/accuracy.rs), written by the "
            "pipeline (models/edgeguard_models/floors.py) from the committed model's figures measured "
            f"by `edgeguard eval` (models/MODEL_CARD.md): validation F1, recall, AUPRC and "
            f"buried-request recall {SLACK} under, FPR {FPR_SLACK} over, per-label AUPRC "
            f"{LABEL_SLACK} under; external false-positive rates {EXTERNAL_SLACK} over per domain "
            f"and per length bucket ({MIN_ROWS} or more benign rows), recall {EXTERNAL_SLACK} under "
            f"per unsafe source ({MIN_ROWS} or more unsafe rows)."
        ),
        "overall": {
            "f1": _under(o["f1"], SLACK),
            "recall": _under(o["recall"], SLACK),
            "max_fpr": _over(o["fpr"], FPR_SLACK),
            "auprc": _under(o["auprc"], SLACK),
            "buried_recall": _under(buried, SLACK),
        },
        "labels": {
            label: {"auprc": _under(m["auprc"], LABEL_SLACK)}
            for label, m in sorted(val["labels"].items()) if m.get("auprc") is not None and m["support"]
        },
        "external": {
            f"max_fpr_by_{group}": {
                name: _over(m["fpr"], EXTERNAL_SLACK)
                for name, m in sorted(tables[group].items())
                if m["benign"] >= MIN_ROWS and m["fpr"] is not None
            }
            for group in ("domain", "length")
        } | {
            "min_recall_by_source": {
                name: _under(m["recall"], EXTERNAL_SLACK)
                for name, m in sorted(tables["source"].items())
                if m["support"] >= MIN_ROWS and m["recall"] is not None
            },
        },
    }


def write(student: dict, path: Path) -> None:
    """Write :func:`floors` of ``student`` to ``path`` (``tests/data/accuracy_floors.json``)."""
    path.write_text(json.dumps(floors(student), indent=2) + "\n")


def violations(student: dict, committed: dict) -> list[str]:
    """Where measured figures ``student`` break the ``committed`` floors and ceilings: what
    ``tests/accuracy.rs`` would fail on (the build checks it before it replaces the floors)."""
    out = []
    o, f = student["val"]["overall"], committed["overall"]
    for key, ours in (("f1", o["f1"]), ("recall", o["recall"]), ("auprc", o["auprc"]),
                      ("buried_recall", student["val"]["group_tables"]["domain"].get("buried", {}).get("recall"))):
        if key in f and (ours or 0.0) < f[key]:
            out.append(f"validation {key} {ours:.3f} under {f[key]}")
    if "max_fpr" in f and (o["fpr"] or 0.0) > f["max_fpr"]:
        out.append(f"validation FPR {o['fpr']:.3f} over {f['max_fpr']}")
    tables = student["external"]["group_tables"]
    ext = committed.get("external", {})
    for group in ("domain", "length"):
        for name, ceiling in ext.get(f"max_fpr_by_{group}", {}).items():
            fpr = tables[group].get(name, {}).get("fpr")
            if fpr is not None and fpr > ceiling:
                out.append(f"external {group} {name}: FPR {fpr:.3f} over {ceiling}")
    for name, floor in ext.get("min_recall_by_source", {}).items():
        recall = tables["source"].get(name, {}).get("recall")
        if recall is not None and recall < floor:
            out.append(f"external source {name}: recall {recall:.3f} under {floor}")
    return out
