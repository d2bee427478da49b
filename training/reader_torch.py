"""The message reader in torch, for training only (Between runs it with ONNX Runtime).

A BERT encoder (post-layer-norm, exact GELU) as multilingual-e5-small is built, kept
to its first ``layers`` layers, then mean pooling over the tokens and two heads read
the pooled vector: ``danger`` (one logit: someone's safety needs checking today) and
``need`` (five logits: crisis, admin, clinical, boundary, other). The weight names
are the ones ``training.e5_source`` writes and ``between.core.triage.reader`` reads.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

NEEDS = ("crisis", "admin", "clinical", "boundary", "other")


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, inner: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=eps)
        self.ffn_in = nn.Linear(hidden, inner)
        self.ffn_out = nn.Linear(inner, hidden)
        self.ffn_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        d = h // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, h)
        x = self.attn_norm(x + self.attn_out(context))
        return self.ffn_norm(x + self.ffn_out(F.gelu(self.ffn_in(x))))


class Reader(nn.Module):
    def __init__(self, config: dict[str, Any], layers: int | None = None) -> None:
        super().__init__()
        hidden, eps = int(config["hidden"]), float(config["eps"])
        self.config = {**config, "layers": layers or int(config["layers"])}
        self.word = nn.Embedding(int(config["vocab"]), hidden)
        self.position = nn.Embedding(int(config["positions"]), hidden)
        self.token_type = nn.Parameter(torch.zeros(1, hidden))
        self.norm = nn.LayerNorm(hidden, eps=eps)
        self.layers = nn.ModuleList(
            Layer(hidden, int(config["heads"]), int(config["inner"]), eps)
            for _ in range(int(self.config["layers"]))
        )
        self.dropout = nn.Dropout(0.1)
        self.danger = nn.Linear(hidden, 1)
        self.need = nn.Linear(hidden, len(NEEDS))

    def pooled(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.word(ids) + self.position(positions)[None] + self.token_type
        x = self.norm(x)
        bias = (1.0 - mask[:, None, None, :].float()) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        weights = mask[..., None].float()
        return (x * weights).sum(1) / weights.sum(1).clamp(min=1.0)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        pooled = self.dropout(self.pooled(ids, mask))
        return self.danger(pooled).squeeze(-1), self.need(pooled)

    # -- weights by the names the runtime reads -------------------------------------------

    def named_arrays(self) -> dict[str, torch.Tensor]:
        out = {
            "embeddings.word": self.word.weight,
            "embeddings.position": self.position.weight,
            "embeddings.token_type": self.token_type,
            "embeddings.norm.weight": self.norm.weight,
            "embeddings.norm.bias": self.norm.bias,
            "danger.weight": self.danger.weight,
            "danger.bias": self.danger.bias,
            "need.weight": self.need.weight,
            "need.bias": self.need.bias,
        }
        for i, layer in enumerate(self.layers):
            for name, param in layer.named_parameters():
                out[f"layer{i}.{name}"] = param
        return out

    def load_arrays(self, arrays: dict[str, Any], strict_heads: bool = False) -> None:
        mine = self.named_arrays()
        with torch.no_grad():
            for name, param in mine.items():
                if name not in arrays:
                    if name.startswith(("danger", "need")) and not strict_heads:
                        continue
                    raise KeyError(f"missing weight {name}")
                param.copy_(torch.as_tensor(arrays[name]).reshape(param.shape))


def load(directory: Path, layers: int | None = None) -> Reader:
    import json

    from safetensors.numpy import load_file

    config = json.loads((directory / "config.json").read_text())
    model = Reader(config, layers)
    model.load_arrays(load_file(str(directory / "weights.safetensors")))
    return model
