"""Shared pytest setup for the model pipeline tests: make ``edgeguard_models`` importable."""

from __future__ import annotations

import sys
from pathlib import Path

_MODELS = Path(__file__).resolve().parents[1]
if str(_MODELS) not in sys.path:
    sys.path.insert(0, str(_MODELS))
