"""Export the student to the shipped files: ``model.onnx`` (int8 weights with per-row scales),
``tokenizer.json`` and ``config.json`` (labels, thresholds, window, SHA-256 of each file).

The graph takes ``input_ids`` ``[batch, tokens]`` (int64, 0 = padding) and returns ``scores``
``[batch, 1 + labels]``: sigmoid probabilities, ``unsafe`` first, then the labels in
``LABELS`` order. Padding is masked inside the graph, so a batch of windows of different lengths
runs as one padded tensor.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .labels import LABELS

FORMAT = "edgeguard-model/1"
"""Version of the model-file contract, checked by the Rust engine."""

OPSET = 17


@dataclass(frozen=True)
class StudentWeights:
    """Float weights of the student, as trained.

    :param embedding: ``[vocab, dim]`` token embeddings.
    :param query: ``[dim, heads]`` attention-pooling queries.
    :param w1: ``[hidden, features]`` first layer; ``features = dim * (1 + heads)``.
    :param b1: ``[hidden]``.
    :param w2: ``[outputs, hidden]`` output layer; ``outputs = 1 + len(LABELS)``.
    :param b2: ``[outputs]``.
    """

    embedding: np.ndarray
    query: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray


def quantize_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 quantization with one scale per row.

    :param matrix: a 2-D float array.
    :returns: ``(int8 values, float32 scales)`` with ``values * scales[:, None] ~= matrix``.
    """
    scale = np.abs(matrix).max(axis=1) / 127.0
    scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
    q = np.clip(np.rint(matrix / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


def dequantized(weights: StudentWeights) -> StudentWeights:
    """The weights exactly as the exported graph computes with them (for parity goldens)."""

    def rt(m: np.ndarray) -> np.ndarray:
        q, s = quantize_rows(m)
        return q.astype(np.float32) * s[:, None]

    return StudentWeights(
        embedding=rt(weights.embedding),
        query=weights.query.astype(np.float32),
        w1=rt(weights.w1),
        b1=weights.b1.astype(np.float32),
        w2=rt(weights.w2),
        b2=weights.b2.astype(np.float32),
    )


def build_graph(weights: StudentWeights) -> onnx.ModelProto:
    """Builds the ONNX graph of the student (see the module docs for its inputs and outputs).

    The graph is laid out for few, cheap operators (tract's cost per operator matters at this
    size): the attention logits of every vocabulary token are precomputed (``embedding . query``,
    a ``[vocab, heads]`` table gathered like the embeddings), the mean and the attention pools are
    rows of one weight matrix ``[batch, 1 + heads, tokens]``, and the pooling is one matrix product
    with the embeddings.
    """
    emb_q, emb_s = quantize_rows(weights.embedding)
    # Attention logits from the embeddings exactly as the graph dequantizes them.
    att_table = (emb_q.astype(np.float32) * emb_s[:, None]) @ weights.query.astype(np.float32)
    w1_q, w1_s = quantize_rows(weights.w1)
    w2_q, w2_s = quantize_rows(weights.w2)
    inits = [
        numpy_helper.from_array(emb_q, "embedding_q"),
        numpy_helper.from_array(emb_s, "embedding_scale"),
        numpy_helper.from_array(att_table.astype(np.float32), "attention_logits"),
        numpy_helper.from_array(w1_q, "w1_q"),
        numpy_helper.from_array(w1_s[:, None], "w1_scale"),
        numpy_helper.from_array(weights.b1.astype(np.float32), "b1"),
        numpy_helper.from_array(w2_q, "w2_q"),
        numpy_helper.from_array(w2_s[:, None], "w2_scale"),
        numpy_helper.from_array(weights.b2.astype(np.float32), "b2"),
        numpy_helper.from_array(np.array(0, dtype=np.int64), "pad_id"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis_1"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), "axis_2"),
        numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
        numpy_helper.from_array(np.array(1e4, dtype=np.float32), "big"),
    ]
    n = helper.make_node
    nodes = [
        # Mask: 1 for tokens, 0 for padding, as [batch, 1, tokens]; -1e4 on padding for softmax.
        n("Equal", ["input_ids", "pad_id"], ["is_pad"]),
        n("Not", ["is_pad"], ["is_token"]),
        n("Cast", ["is_token"], ["mask"], to=TensorProto.FLOAT),
        n("Unsqueeze", ["mask", "axis_1"], ["mask_row"]),
        n("Sub", ["mask_row", "one"], ["mask_minus_one"]),
        n("Mul", ["mask_minus_one", "big"], ["pad_bias"]),
        # Mean weights: mask / count.
        n("ReduceSum", ["mask_row", "axis_2"], ["count"], keepdims=1),
        n("Max", ["count", "one"], ["count1"]),
        n("Div", ["mask_row", "count1"], ["mean_weights"]),
        # Attention weights: softmax over tokens of the gathered logits, [batch, heads, tokens].
        n("Gather", ["attention_logits", "input_ids"], ["att_tokens"], axis=0),
        n("Transpose", ["att_tokens"], ["att_logits"], perm=[0, 2, 1]),
        n("Add", ["att_logits", "pad_bias"], ["att_masked"]),
        n("Softmax", ["att_masked"], ["att"], axis=2),
        n("Concat", ["mean_weights", "att"], ["pool_weights"], axis=1),
        # Token embeddings, dequantized after the gather: [batch, tokens, dim].
        n("Gather", ["embedding_q", "input_ids"], ["tok_q"], axis=0),
        n("Cast", ["tok_q"], ["tok_f"], to=TensorProto.FLOAT),
        n("Gather", ["embedding_scale", "input_ids"], ["tok_scale"], axis=0),
        n("Unsqueeze", ["tok_scale", "axis_2"], ["tok_scale3"]),
        n("Mul", ["tok_f", "tok_scale3"], ["emb"]),
        # Pooling: one product, [batch, 1 + heads, dim], flattened.
        n("MatMul", ["pool_weights", "emb"], ["pooled"]),
        n("Flatten", ["pooled"], ["features"], axis=1),
        # Head.
        n("Cast", ["w1_q"], ["w1_f"], to=TensorProto.FLOAT),
        n("Mul", ["w1_f", "w1_scale"], ["w1"]),
        n("Gemm", ["features", "w1", "b1"], ["hidden_pre"], transB=1),
        n("Relu", ["hidden_pre"], ["hidden"]),
        n("Cast", ["w2_q"], ["w2_f"], to=TensorProto.FLOAT),
        n("Mul", ["w2_f", "w2_scale"], ["w2"]),
        n("Gemm", ["hidden", "w2", "b2"], ["logits"], transB=1),
        n("Sigmoid", ["logits"], ["scores"]),
    ]
    graph = helper.make_graph(
        nodes,
        "edgeguard_student",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["batch", 1 + len(LABELS)])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.producer_name = "edgeguard-models"
    onnx.checker.check_model(model)
    return model


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_model(
    out_dir: Path,
    weights: StudentWeights,
    tokenizer_json: Path,
    *,
    name: str,
    version: str,
    thresholds: dict[str, float],
    window_tokens: int,
    window_stride: int,
    normalizer: str,
    aggregate: dict | None = None,
) -> dict:
    """Writes ``model.onnx``, ``tokenizer.json`` and ``config.json`` into ``out_dir``.

    :param thresholds: default threshold per output name (``unsafe`` and every label).
    :param window_tokens: tokens per window, special tokens included.
    :param window_stride: tokens between the starts of two windows.
    :param normalizer: the normalizer version the corpus was normalized with.
    :param aggregate: ``sentence_margin`` and ``length_shift`` (see :mod:`.aggregate`); the
        engine's defaults when ``None``.
    :returns: the config written.
    :raises ValueError: if a threshold is missing or the window is inconsistent.
    """
    missing = {"unsafe", *LABELS} - set(thresholds)
    if missing:
        raise ValueError(f"thresholds missing for {sorted(missing)}")
    if not 0 < window_stride <= window_tokens - 3:
        raise ValueError("the stride must be positive and leave room for special tokens")
    out_dir.mkdir(parents=True, exist_ok=True)
    onnx.save(build_graph(weights), str(out_dir / "model.onnx"))
    tok = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    # The engine tokenizes without special tokens and windows the ids itself: no truncation,
    # no padding, no template.
    tok["truncation"] = None
    tok["padding"] = None
    (out_dir / "tokenizer.json").write_text(
        json.dumps(tok, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    config = {
        "format": FORMAT,
        "name": name,
        "version": version,
        "labels": list(LABELS),
        "thresholds": {"unsafe": thresholds["unsafe"], **{name: thresholds[name] for name in LABELS}},
        "window": {"tokens": window_tokens, "stride": window_stride},
        "markers": {"prompt": "[unused0]", "response": "[unused1]"},
        "normalizer": normalizer,
        **({"aggregate": aggregate} if aggregate else {}),
        "files": {
            f: {"sha256": sha256(out_dir / f), "bytes": (out_dir / f).stat().st_size}
            for f in ("model.onnx", "tokenizer.json")
        },
    }
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config
