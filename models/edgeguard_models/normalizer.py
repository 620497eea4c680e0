"""Normalization through the Rust binary, so the corpus is normalized by the runtime's own code."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
"""The repository root."""


BINARY_ENV = "EDGEGUARD_BIN"
"""Environment variable naming an ``edgeguard`` binary to use instead of building one."""


@lru_cache(maxsize=1)
def edgeguard_binary() -> Path:
    """The ``edgeguard`` binary: ``$EDGEGUARD_BIN`` if set, else the release build (built now if
    needed).

    :raises subprocess.CalledProcessError: if cargo fails.
    """
    if os.environ.get(BINARY_ENV):
        return Path(os.environ[BINARY_ENV])
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "-p", "edgeguard-cli"], cwd=REPO, check=True
    )
    return REPO / "target" / "release" / "edgeguard"


def normalize_all(texts: Sequence[str]) -> list[str]:
    """Normalize texts with ``edgeguard normalize``.

    :param texts: raw texts.
    :returns: the normalized texts, in order.
    :raises RuntimeError: if the binary fails or returns a different number of lines.
    """
    payload = "".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts).encode("utf-8")
    done = subprocess.run(
        [str(edgeguard_binary()), "normalize"], input=payload, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"edgeguard normalize failed: {done.stderr.decode(errors='replace')}")
    out = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    if len(out) != len(texts):
        raise RuntimeError(f"edgeguard normalize returned {len(out)} lines for {len(texts)} texts")
    return out


def labels_from_binary() -> list[str]:
    """The label names as the Rust binary reports them (``edgeguard labels --json``)."""
    done = subprocess.run(
        [str(edgeguard_binary()), "labels", "--json"], capture_output=True, check=True
    )
    return json.loads(done.stdout)
