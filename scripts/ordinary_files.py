#!/usr/bin/env python3
"""Screen this machine's ordinary files with the release CLI and report how many are held back.

Every file is benign: READMEs under /usr/share/doc and modules of the Python standard library,
2 to 60 KiB, as the stop checklist samples them. They never train the model (the pipeline reads
only pinned downloads), so this is a quick out-of-distribution check on text of every length:

    cargo build --release -p edgeguard-cli
    python3 scripts/ordinary_files.py [--bin target/release/edgeguard] [--model DIR]
"""

from __future__ import annotations

import argparse
import glob
import json
import subprocess
from collections import Counter
from pathlib import Path

EDGES = (20, 60, 150, 500, 2000)


def bucket(words: int) -> str:
    """The word-count bucket, as ``edgeguard eval --group-by length`` names it."""
    return next((f"<{e}" for e in EDGES if words < e), f">={EDGES[-1]}")


def files() -> list[Path]:
    """The sampled files: ``find /usr/share/doc /usr/lib/python3*/ -type f ( -name 'README*' -o
    -name '*.py' ) -size +2k -size -60k``."""
    roots = ["/usr/share/doc", *glob.glob("/usr/lib/python3*/")]
    out = subprocess.run(["find", *roots, "-type", "f", "(", "-name", "README*", "-o", "-name", "*.py", ")",
                          "-size", "+2k", "-size", "-60k"], capture_output=True, text=True, check=False)
    return sorted(Path(p) for p in out.stdout.split())


def main() -> None:
    """Screen the files and print the held-back share overall, per kind and per length."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/edgeguard")
    ap.add_argument("--model", help="a model folder (default: the embedded model)")
    ap.add_argument("--show", type=int, default=10, help="list this many held-back files")
    args = ap.parse_args()
    rows = []
    for i, path in enumerate(files()):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if text.strip():
            rows.append((path, text))
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, (_, t) in enumerate(rows))
    cmd = [args.bin, *(["--model", args.model] if args.model else []), "check", "--jsonl"]
    done = subprocess.run(cmd, input=lines.encode(), capture_output=True, check=False)
    total, held = Counter(), Counter()
    shown = []
    for line in done.stdout.decode().splitlines():
        v = json.loads(line)
        path, text = rows[v["id"]]
        kind = "readme" if path.name.startswith("README") else "python"
        keys = ("all", kind, bucket(len(text.split())))
        blocked = v.get("action", "allow") != "allow"
        for k in keys:
            total[k] += 1
            held[k] += blocked
        if blocked and len(shown) < args.show:
            shown.append(f"  {v['action']:5} {v['unsafe']:.2f} {','.join(v.get('fired', [])) or '-':20} {path}")
    for k in ("all", "readme", "python", *(f"<{e}" for e in EDGES), f">={EDGES[-1]}"):
        if total[k]:
            print(f"{k:8} {held[k]:5} of {total[k]:5} held back ({held[k] / total[k]:.3f})")
    print("\n".join(shown))


if __name__ == "__main__":
    main()
