"""Our own hard negatives, unsafe twins and synthetic ordinary text (no downloads)."""

from __future__ import annotations

import base64
import codecs
from collections import defaultdict

import pytest

from edgeguard_models.labels import LABELS
from edgeguard_models.rows import Kind
from edgeguard_models.sources import SOURCES, source, synthetic, twins
from edgeguard_models.sources.base import Context

CTX = Context(data_dir=__import__("pathlib").Path("."))

THEMES = {"violence", "medicine", "law", "security", "selfharm", "drugs", "weapons", "hate",
          "sexual", "elections", "privacy", "code_interpreter", "physical", "prompt_injection",
          "jailbreak", "photography"}


def _bucket(text: str) -> str:
    words = len(text.split())
    for limit in (20, 60, 150, 500, 2000):
        if words < limit:
            return f"<{limit}"
    return ">=2000"


def test_pairs_cover_every_theme_with_at_least_20():
    pairs = twins.read_pairs()
    counts = defaultdict(int)
    for pair in pairs:
        counts[pair.theme] += 1
    assert set(counts) == THEMES
    assert min(counts.values()) >= 20
    assert len(pairs) >= 400
    assert len({pair.pair_id for pair in pairs}) == len(pairs)


def test_pair_ids_and_texts_are_unique():
    pairs = twins.read_pairs()
    texts = [text for pair in pairs for text in (pair.benign, pair.unsafe)]
    assert len(set(texts)) == len(texts)


def test_twins_share_a_family_and_labels_are_right():
    by_family = defaultdict(list)
    for row in twins.load(CTX):
        by_family[row.family].append(row)
        if row.labels:
            assert set(row.labels) <= set(LABELS)
            assert not row.hard_negative
            assert row.kind is Kind.PROMPT
        else:
            assert row.hard_negative
            assert row.meta["domain"]
    assert len(by_family) == len(twins.read_pairs())
    for rows in by_family.values():
        assert any(row.labels for row in rows) and any(not row.labels for row in rows)
        assert len({row.meta["pair"] for row in rows}) == 1
        framings = {row.meta["framing"] for row in rows}
        assert {"plain", "chat", "context"} <= framings


def test_unsafe_wrappers_keep_the_unsafe_text():
    for pair in twins.read_pairs()[:50]:
        for framing, side, text, _, _ in twins.framings(pair):
            if side == "unsafe":
                assert pair.unsafe in text
                assert framing in {"plain", "chat", "context"}


def test_expansion_size():
    rows = list(twins.load(CTX))
    assert 1500 <= len(rows) <= 3000


def test_encoded_frames_decode_to_the_twins():
    pairs = {pair.family: pair for pair in twins.read_pairs()}
    rows = list(twins.load_encoded(CTX))
    assert len(rows) == 2 * len(pairs)
    for row in rows[:60]:
        pair = pairs[row.family.removesuffix(":encoded")]
        target = pair.unsafe if row.labels else pair.benign
        payload = row.text.split("\n")[-1].split(": ")[-1].strip()
        decoded = {"base64": lambda s: base64.b64decode(s).decode("utf-8"),
                   "hex": lambda s: bytes.fromhex(s).decode("utf-8"),
                   "rot13": lambda s: codecs.decode(s, "rot13")}[row.meta["encoding"]](payload)
        assert decoded == target
        assert bool(row.labels) == (target == pair.unsafe)


def test_encoded_source_is_held_out():
    assert source("twins_encoded").holdout
    assert not source("twins").holdout


@pytest.mark.parametrize("name", sorted(synthetic.GENERATORS) + sorted(synthetic.HOLDOUT_GENERATORS))
def test_generators_are_deterministic(name):
    assert [synthetic.generate(name, n) for n in range(5)] == \
        [synthetic.generate(name, n) for n in range(5)]
    assert len({synthetic.generate(name, n) for n in range(10)}) > 1


def test_synthetic_rows_are_benign_and_span_the_length_buckets():
    rows = list(synthetic.load(CTX))
    assert all(not row.labels and row.meta["domain"] for row in rows)
    assert {_bucket(row.text) for row in rows} == {"<20", "<60", "<150", "<500", "<2000",
                                                   ">=2000"}
    domains = {row.meta["domain"] for row in rows}
    assert domains == {"log", "shell", "security", "data", "email"}


def test_one_held_out_generator_per_domain():
    held = {domain.value for _, domain, _ in synthetic.HOLDOUT_GENERATORS.values()}
    trained = {domain.value for _, domain, _ in synthetic.GENERATORS.values()}
    assert held == trained
    assert not set(synthetic.HOLDOUT_GENERATORS) & set(synthetic.GENERATORS)
    assert source("synthetic_holdout").holdout and not source("synthetic").holdout
    assert all(row.source == "synthetic_holdout" for row in synthetic.load_holdout(CTX))


def test_new_sources_are_registered_once():
    names = [entry.name for entry in SOURCES]
    for name in ("twins", "twins_encoded", "synthetic", "synthetic_holdout",
                 "evals_system_prompts", "pyrit_system_prompts", "inspect_system_prompts",
                 "chatterbot_chats", "evals_chats", "evals_passages", "tau2_bank_documents"):
        assert names.count(name) == 1
        assert source(name).trainable
