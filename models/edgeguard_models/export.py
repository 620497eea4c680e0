"""Export the student to the shipped files: ``model.nnef.tar`` (the graph, tract's NNEF form:
4-bit token embeddings with one scale per row, int8 dense layers), ``tokenizer.json`` and
``config.json`` (labels, thresholds, window, SHA-256 of each file).

The graph takes ``input_ids`` ``[batch, tokens]`` (int64, 0 = padding) and returns ``scores``
``[batch, 1 + labels]``: sigmoid probabilities, ``unsafe`` first, then the labels in
``LABELS`` order. Padding is masked inside the graph, so a batch of windows of different lengths
runs as one padded tensor.

The pooling (embedding lookup, dequantization, mean and attention pools) is one operator of
edgeguard's NNEF registry, ``edgeguard_pool``, and each dense layer another, ``edgeguard_dense``
(int8 weights, integer dot products; ``crates/edgeguard-engine/src/graph``); the sigmoid and the
cast are NNEF's own. :func:`reference_onnx` writes the same model in standard ONNX operators (float
dense layers, so its scores differ from the shipped graph's by about 1e-5), for ONNX Runtime
comparisons; it is not shipped.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .labels import LABELS

FORMAT = "edgeguard-model/3"
"""Version of the model-file contract, checked by the Rust engine."""

GRAPH_FILE = "model.nnef.tar"
"""The graph's file name in a model folder."""

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


CODE_ZERO = 8
"""A 4-bit code ``c`` stands for ``(c - 8) * scale``: codes 0..15, values -8..7 times the scale."""

CLIP_RATIOS = np.linspace(0.5, 1.0, 26)
"""Candidate clipping points of a row, as shares of its largest magnitude: each row keeps the one
with the least squared error (rounding a few outliers costs less than coarse steps for all)."""


def quantize_rows_4bit(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """4-bit quantization with one scale per row, the scale chosen per row for the least squared
    error among :data:`CLIP_RATIOS` of the row's largest magnitude. Scales are rounded to float16
    (the file stores them so).

    :param matrix: a 2-D float array.
    :returns: ``(int8 values in -8..7, float32 scales)``.
    """
    m = matrix.astype(np.float32)
    amax = np.abs(m).max(axis=1)
    amax = np.where(amax == 0, 1.0, amax)
    best_q = np.zeros(m.shape, dtype=np.int8)
    best_s = np.ones(m.shape[0], dtype=np.float32)
    best_err = np.full(m.shape[0], np.inf)
    for ratio in CLIP_RATIOS:
        scale = (amax * ratio / 7.0).astype(np.float16).astype(np.float32)
        q = np.clip(np.rint(m / scale[:, None]), -CODE_ZERO, CODE_ZERO - 1)
        err = ((q * scale[:, None] - m) ** 2).sum(axis=1)
        better = err < best_err
        best_q[better] = q[better].astype(np.int8)
        best_s[better] = scale[better]
        best_err = np.where(better, err, best_err)
    return best_q, best_s


def pack_4bit(q: np.ndarray) -> np.ndarray:
    """Packs 4-bit values ``[rows, width]`` two per byte: byte ``j`` holds column ``j`` in its low
    nibble and column ``j + width / 2`` in its high one, each as ``value + 8``."""
    half = q.shape[1] // 2
    codes = (q.astype(np.int16) + CODE_ZERO).astype(np.uint8)
    return (codes[:, :half] | (codes[:, half:] << 4)).astype(np.uint8)


EMBEDDING_BITS = 4
"""Bits per embedding value in the shipped file (4; 8 is the reference the pipeline chooses
thresholds with, see :func:`.build.export_all`)."""


def quantize_embedding(embedding: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """The embedding's int8 values (-8..7 for 4 bits) and float32 row scales."""
    if bits == 4:
        return quantize_rows_4bit(embedding)
    if bits == 8:
        return quantize_rows(embedding)
    raise ValueError(f"no {bits}-bit embedding")


def dequantized(weights: StudentWeights, embedding_bits: int = EMBEDDING_BITS) -> StudentWeights:
    """The weights exactly as the exported graph computes with them (for parity goldens)."""

    def rt(m: np.ndarray) -> np.ndarray:
        q, s = quantize_rows(m)
        return q.astype(np.float32) * s[:, None]

    emb_q, emb_s = quantize_embedding(weights.embedding, embedding_bits)
    return StudentWeights(
        embedding=emb_q.astype(np.float32) * emb_s[:, None],
        query=weights.query.astype(np.float32),
        w1=rt(weights.w1),
        b1=weights.b1.astype(np.float32),
        w2=rt(weights.w2),
        b2=weights.b2.astype(np.float32),
    )


def nnef_tensor(array: np.ndarray) -> bytes:
    """One tensor in NNEF's binary tensor-file form (a 128-byte header, then the data, little
    endian), for the element types the graph uses."""
    kinds = {np.dtype(np.float32): 0, np.dtype(np.float16): 0, np.dtype(np.uint8): 1,
             np.dtype(np.int8): 3, np.dtype(np.int64): 3}
    a = np.ascontiguousarray(array)
    if a.dtype not in kinds or a.ndim > 8:
        raise ValueError(f"no NNEF tensor for {a.dtype} of rank {a.ndim}")
    data = a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
    dims = list(a.shape) + [0] * (8 - a.ndim)
    header = bytes([0x4E, 0xEF, 1, 0]) + np.array([len(data), a.ndim, *dims, a.dtype.itemsize * 8],
                                                    dtype="<u4").tobytes()
    header += np.array([kinds[a.dtype], 0], dtype="<u2").tobytes()
    header += bytes(128 - len(header))
    return header + data


def nnef_graph(weights: StudentWeights, embedding_bits: int = EMBEDDING_BITS) -> tuple[str, dict[str, np.ndarray]]:
    """The graph's text (``graph.nnef``) and its tensors by label (see the module docs).

    Dense layers are int8 rows with a float32 scale each, run by ``edgeguard_dense`` as integer
    dot products (each input row quantized to 16-bit codes on the fly); the embedding stays 4-bit
    in memory and is read by ``edgeguard_pool``.
    """
    vocab, width = weights.embedding.shape
    heads = weights.query.shape[1]
    emb_q, emb_s = quantize_embedding(weights.embedding, embedding_bits)
    table = pack_4bit(emb_q) if embedding_bits == 4 else emb_q
    w1_q, w1_s = quantize_rows(weights.w1)
    w2_q, w2_s = quantize_rows(weights.w2)
    hidden, features = weights.w1.shape
    outputs = weights.w2.shape[0]
    tensors = {
        "embedding": table,
        "embedding_scale": emb_s.astype(np.float16 if embedding_bits == 4 else np.float32),
        "query": weights.query.astype(np.float32),
        "w1_q": w1_q,
        "w1_scale": w1_s[:, None].astype(np.float32),
        "b1": weights.b1.astype(np.float32)[None, :],
        "w2_q": w2_q,
        "w2_scale": w2_s[:, None].astype(np.float32),
        "b2": weights.b2.astype(np.float32)[None, :],
    }
    text = f"""version 1.0;

extension tract_registry edgeguard;
extension tract_symbol batch;
extension tract_symbol tokens;

graph network(input_ids) -> (scores)
{{
  input_ids = external<integer>(shape = [batch, tokens]);
  embedding = variable<integer>(label = "embedding", shape = [{vocab}, {table.shape[1]}]);
  embedding_scale_stored = variable<scalar>(label = "embedding_scale", shape = [{vocab}]);
  embedding_scale = tract_core_cast(embedding_scale_stored, to = "f32");
  query = variable<scalar>(label = "query", shape = [{width}, {heads}]);
  features = edgeguard_pool(input_ids, embedding, embedding_scale, query, pad = 0);
  w1_q = variable<integer>(label = "w1_q", shape = [{hidden}, {features}]);
  w1_scale = variable<scalar>(label = "w1_scale", shape = [{hidden}, 1]);
  b1 = variable<scalar>(label = "b1", shape = [1, {hidden}]);
  hidden = edgeguard_dense(features, w1_q, w1_scale, b1, relu = true);
  w2_q = variable<integer>(label = "w2_q", shape = [{outputs}, {hidden}]);
  w2_scale = variable<scalar>(label = "w2_scale", shape = [{outputs}, 1]);
  b2 = variable<scalar>(label = "b2", shape = [1, {outputs}]);
  logits = edgeguard_dense(hidden, w2_q, w2_scale, b2, relu = false);
  scores = sigmoid(logits);
}}
"""
    return text, tensors


def nnef_archive(weights: StudentWeights, embedding_bits: int = EMBEDDING_BITS) -> bytes:
    """``model.nnef.tar``: ``graph.nnef`` and one ``.dat`` file per tensor, in a plain tar whose
    bytes depend on the weights only (sorted names, no times or owners)."""
    text, tensors = nnef_graph(weights, embedding_bits)
    files = {"graph.nnef": text.encode("utf-8")}
    files.update({f"{label}.dat": nnef_tensor(t) for label, t in tensors.items()})
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(files[name]), 0o644, 0
            tar.addfile(info, io.BytesIO(files[name]))
    return out.getvalue()


def reference_onnx(weights: StudentWeights) -> onnx.ModelProto:
    """The exported arithmetic in standard ONNX operators (the 4-bit codes held as int8), for ONNX
    Runtime comparisons (``benches/benches/ort.rs``); not shipped.

    The attention logits of every vocabulary token are precomputed (``embedding . query``, a
    ``[vocab, heads]`` table gathered like the embeddings), the mean and the attention pools are
    rows of one weight matrix ``[batch, 1 + heads, tokens]``, and the pooling is one matrix product
    with the embeddings.
    """
    emb_q, emb_s = quantize_rows_4bit(weights.embedding)
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
    embedding_bits: int = EMBEDDING_BITS,
) -> dict:
    """Writes ``model.nnef.tar``, ``tokenizer.json`` and ``config.json`` into ``out_dir``.

    :param thresholds: default threshold per output name (``unsafe`` and every label).
    :param window_tokens: tokens per window, special tokens included.
    :param window_stride: tokens between the starts of two windows.
    :param normalizer: the normalizer version the corpus was normalized with.
    :param aggregate: ``sentence_margin`` and ``length_shift`` (see :mod:`.aggregate`); the
        engine's defaults when ``None``.
    :param embedding_bits: 4 (shipped) or 8.
    :returns: the config written.
    :raises ValueError: if a threshold is missing or the window is inconsistent.
    """
    missing = {"unsafe", *LABELS} - set(thresholds)
    if missing:
        raise ValueError(f"thresholds missing for {sorted(missing)}")
    if not 0 < window_stride <= window_tokens - 3:
        raise ValueError("the stride must be positive and leave room for special tokens")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / GRAPH_FILE).write_bytes(nnef_archive(weights, embedding_bits))
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
            for f in (GRAPH_FILE, "tokenizer.json")
        },
    }
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config
