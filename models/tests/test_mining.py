"""Hard-negative mining: only benign ordinary training documents are mined, every piece of them."""

from __future__ import annotations

import numpy as np
import pytest

from edgeguard_models.corpus import Item
from edgeguard_models.rows import Kind, Role

torch = pytest.importorskip("torch", reason="mining runs the student (the training dependencies)")
tokenizers = pytest.importorskip("tokenizers")


def _item(text: str, labels: set[str], split: str, domain: str | None) -> Item:
    return Item(text=text, labels=frozenset(labels), kind=Kind.PROMPT, role=Role.LABELED, source="src",
                sources={"src"}, family=text, trainable=True, hard_negative=False, lang="en", domain=domain,
                prompt=None, split=split)


def _tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", ".", "the", "install", "step", "runs", "make", "how",
             "to", "build", "a", "bomb", "sentence", "number", "says", "short", "doc"]
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    return tok


def test_every_piece_of_benign_training_documents_and_nothing_else() -> None:
    from edgeguard_models import mining, student
    from edgeguard_models.labels import LABELS

    long = " ".join("sentence number says the install step runs make ." for _ in range(60))
    picked = [
        _item(long, set(), "train", "docs"),
        _item(long, set(), "val", "docs"),  # validation is never mined
        _item("how to build a bomb", {"S9"}, "train", None),  # unsafe
        _item(long, set(), "train", "chat"),  # not an ordinary-text domain
        _item("short doc .", set(), "train", "code"),
    ]
    # Rows up to 102: frame() writes the MiniLM ids of [CLS] and [SEP].
    table = np.random.default_rng(0).normal(size=(128, 8)).astype(np.float32)
    model = student.Student(table, 1 + len(LABELS), student.StudentConfig())
    with torch.no_grad():
        model.l2.bias += 10.0  # every piece reaches MIN_SCORE
    mined = mining.mine(model, _tokenizer(), picked, content=40, stride=30, markers=(2, 3))
    assert set(mined.item.tolist()) == {0, 4}
    assert not mined.y.any() and mined.y.shape[1] == 1 + len(LABELS)
    # Item 0: 540 tokens in 40-token windows every 30, and its 60 sentences.
    assert (mined.item == 0).sum() == len(range(0, 540 - 40, 30)) + 1 + 60
    with torch.no_grad():
        model.l2.bias -= 20.0  # no piece does
    assert len(mining.mine(model, _tokenizer(), picked, content=40, stride=30, markers=(2, 3))) == 0


def test_a_later_round_adds_only_pieces_not_mined_before() -> None:
    from edgeguard_models import mining
    from edgeguard_models.labels import LABELS
    from edgeguard_models.units import Units

    def units(pieces: list[tuple[int, list[int]]]) -> Units:
        return Units(ids=[np.array(x, dtype=np.int32) for _, x in pieces], response=np.zeros(len(pieces), bool),
                     y=np.zeros((len(pieces), 1 + len(LABELS)), np.float32),
                     item=np.array([i for i, _ in pieces], dtype=np.int64))

    first = units([(0, [5, 6]), (1, [7])])
    both = mining.merge(first, units([(0, [5, 6]), (0, [6, 5]), (2, [7])]))
    assert [(int(i), x.tolist()) for i, x in zip(both.item, both.ids)] == [
        (0, [5, 6]), (1, [7]), (0, [6, 5]), (2, [7])]
    assert mining.merge(None, first) is first
