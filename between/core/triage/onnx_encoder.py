"""all-MiniLM-L6-v2 sentence embeddings run by ONNX Runtime: the shipped encoder.

Same weights, same tokenizer and the same numbers as `encoder.MiniLMEncoder` (cosine
0.9999995 at worst, no decision of the shipped head changed; training/bench_encoders.py
measures it), about 1.8 times faster on one thread, and it can use the second core
without collapsing when that core is busy: numpy pays Python and a temporary array for
every small operation, ONNX Runtime fuses them. The graph is written here op by op from
the safetensors weights with `onnx.helper` -- no torch, no export step and no model file
of ours: the plain BERT encoder (embeddings and LayerNorm, six layers of fused-QKV
self-attention and erf-GELU feed-forward) with mean pooling over real tokens and L2
normalisation inside the graph. Building takes about a second at load.

int8 quantisation was measured and not shipped: about 1.7 times faster again, but it
moved 22 of 1,503 decisions (15 crises lost) on this CPU.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from between.core.triage.encoder import (
    MAX_TOKENS,
    ModelUnavailable,
    find_model_dir,
    padded_batches,
    read_safetensors,
)
from between.core.triage.tokenizer import WordPieceTokenizer

if TYPE_CHECKING:
    import onnx

FloatArray = NDArray[np.float32]

OPSET = 17  # LayerNormalization is a standard op from opset 17
_LN_EPS = 1e-12
_MASK_NEG = -1e9  # additive score for padded keys, as encoder.py


class _Graph:
    """Tiny helper that names intermediate values and collects nodes and initialisers."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def const(self, name: str, value: NDArray[Any]) -> str:
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def scalar(self, name: str, value: float) -> str:
        return self.const(name, np.array(value, dtype=np.float32))

    def ints(self, name: str, values: Sequence[int]) -> str:
        return self.const(name, np.array(values, dtype=np.int64))

    def op(self, op_type: str, *inputs: str, outputs: int = 1, **attrs: Any) -> Any:
        """Add one node; returns its output name (or a list of names if outputs > 1)."""
        from onnx import helper

        self._count += 1
        names = [f"{op_type.lower()}_{self._count}_{i}" for i in range(outputs)]
        node_name = f"{op_type}_{self._count}"
        self.nodes.append(helper.make_node(op_type, list(inputs), names, name=node_name, **attrs))
        return names[0] if outputs == 1 else names


def build_model(model_dir: Path | None = None) -> onnx.ModelProto:
    """The fp32 ONNX graph: input_ids, attention_mask (int64 [batch, seq]) -> [batch, 384]."""
    import onnx
    from onnx import TensorProto, helper

    directory = model_dir or find_model_dir()
    try:
        w = read_safetensors(directory / "model.safetensors")
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelUnavailable(f"cannot read model files in {directory}: {exc}") from exc

    def get(name: str) -> FloatArray:
        return np.asarray(w[name], dtype=np.float32)

    heads = int(config["num_attention_heads"])
    hidden = int(config["hidden_size"])
    head_dim = hidden // heads
    g = _Graph()

    def dense(x: str, name: str, weights: str) -> str:
        """x @ W.T + b for a torch Linear layer's weights."""
        product = g.op("MatMul", x, g.const(f"{name}_w", get(weights + ".weight").T))
        return str(g.op("Add", product, g.const(f"{name}_b", get(weights + ".bias"))))

    def add_norm(x: str, y: str, name: str, weights: str) -> str:
        """LayerNorm(x + y): the residual connection after attention and feed-forward."""
        return str(
            g.op(
                "LayerNormalization",
                g.op("Add", x, y),
                g.const(f"{name}_w", get(weights + ".weight")),
                g.const(f"{name}_b", get(weights + ".bias")),
                axis=-1,
                epsilon=_LN_EPS,
            )
        )

    # Embeddings: word[ids] + (position + token type 0)[:seq], then LayerNorm.
    ids, mask = "input_ids", "attention_mask"
    word = g.op("Gather", g.const("word_embeddings", get("embeddings.word_embeddings.weight")), ids)
    pos_table = (
        get("embeddings.position_embeddings.weight")
        + get("embeddings.token_type_embeddings.weight")[0]
    )
    seq_len = g.op("Slice", g.op("Shape", ids), g.ints("one", [1]), g.ints("two", [2]))
    positions = g.op(
        "Slice", g.const("position_embeddings", pos_table), g.ints("zero", [0]), seq_len
    )
    x = g.op(
        "LayerNormalization",
        g.op("Add", word, positions),
        g.const("emb_ln_w", get("embeddings.LayerNorm.weight")),
        g.const("emb_ln_b", get("embeddings.LayerNorm.bias")),
        axis=-1,
        epsilon=_LN_EPS,
    )

    # Additive attention mask [batch, 1, 1, seq]: 0 for real tokens, -1e9 for padding.
    mask_f = g.op("Cast", mask, to=TensorProto.FLOAT)
    neg = g.op("Mul", g.op("Sub", g.scalar("f_one", 1.0), mask_f), g.scalar("mask_neg", _MASK_NEG))
    bias = g.op("Unsqueeze", neg, g.ints("axes_1_2", [1, 2]))

    split_shape = g.ints("split_shape", [0, 0, heads, head_dim])
    merge_shape = g.ints("merge_shape", [0, 0, hidden])
    split_sizes = g.ints("qkv_sizes", [hidden, hidden, hidden])
    scale = np.float32(1.0 / math.sqrt(head_dim))
    sqrt2 = g.scalar("sqrt2", math.sqrt(2.0))
    one = g.scalar("gelu_one", 1.0)
    half = g.scalar("gelu_half", 0.5)

    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}."
        # Fused QKV; the 1/sqrt(head_dim) score scale is folded into the query weights.
        qkv_w = np.concatenate(
            [
                get(p + "attention.self.query.weight") * scale,
                get(p + "attention.self.key.weight"),
                get(p + "attention.self.value.weight"),
            ]
        ).T
        qkv_b = np.concatenate(
            [
                get(p + "attention.self.query.bias") * scale,
                get(p + "attention.self.key.bias"),
                get(p + "attention.self.value.bias"),
            ]
        )
        qkv = g.op(
            "Add", g.op("MatMul", x, g.const(f"l{i}_qkv_w", qkv_w)), g.const(f"l{i}_qkv_b", qkv_b)
        )
        q, k, v = g.op("Split", qkv, split_sizes, axis=-1, outputs=3)
        q = g.op("Transpose", g.op("Reshape", q, split_shape), perm=[0, 2, 1, 3])
        k = g.op("Transpose", g.op("Reshape", k, split_shape), perm=[0, 2, 3, 1])
        v = g.op("Transpose", g.op("Reshape", v, split_shape), perm=[0, 2, 1, 3])
        probs = g.op("Softmax", g.op("Add", g.op("MatMul", q, k), bias), axis=-1)
        context = g.op(
            "Reshape",
            g.op("Transpose", g.op("MatMul", probs, v), perm=[0, 2, 1, 3]),
            merge_shape,
        )
        attn = dense(context, f"l{i}_out", p + "attention.output.dense")
        x = add_norm(x, attn, f"l{i}_ln1", p + "attention.output.LayerNorm")
        ff = dense(x, f"l{i}_ff1", p + "intermediate.dense")
        # Exact GELU, x * 0.5 * (1 + erf(x / sqrt 2)), the pattern ORT fuses into one op.
        ff = g.op(
            "Mul", g.op("Mul", ff, g.op("Add", g.op("Erf", g.op("Div", ff, sqrt2)), one)), half
        )
        x = add_norm(
            x, dense(ff, f"l{i}_ff2", p + "output.dense"), f"l{i}_ln2", p + "output.LayerNorm"
        )

    # Mean over real tokens, then L2 normalisation.
    axis1 = g.ints("axis_1", [1])
    summed = g.op(
        "ReduceSum",
        g.op("Mul", x, g.op("Unsqueeze", mask_f, g.ints("axis_m1", [-1]))),
        axis1,
        keepdims=0,
    )
    count = g.op("Max", g.op("ReduceSum", mask_f, axis1, keepdims=1), g.scalar("eps_count", 1e-9))
    pooled = g.op("Div", summed, count)
    norm = g.op("Max", g.op("ReduceL2", pooled, axes=[-1], keepdims=1), g.scalar("eps_norm", 1e-12))
    g.nodes.append(helper.make_node("Div", [pooled, norm], ["embedding"], name="l2_normalise"))

    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "seq"]),
            helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "seq"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", hidden])],
        initializer=g.initializers,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="between"
    )
    model.ir_version = 8  # accepted by every onnxruntime release that knows opset 17
    onnx.checker.check_model(model)
    return model


def build_model_bytes(model_dir: Path | None = None) -> bytes:
    """The serialized fp32 model, ready for onnxruntime.InferenceSession."""
    return bytes(build_model(model_dir).SerializeToString())


def make_session(model: bytes | str | Path, threads: int | None = None) -> Any:
    """An onnxruntime CPU session: every graph optimisation, up to two threads that sleep
    rather than spin when idle.

    Measured on the 2-core machine, one 20-token message: one thread 7.6 ms; two
    spinning threads 4.7 ms alone but 8.7 ms (p95 15.8) with the other core busy; two
    threads that do not spin 4.6 ms alone and 6.1 ms (p95 8.2) with the other core busy,
    and no worse than one thread with two callers at once. (Spinning pool threads are
    what made two OpenBLAS threads collapse; see triage._one_blas_thread.)
    """
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    source = model if isinstance(model, bytes) else str(model)
    return ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])


class OnnxMiniLMEncoder:
    """Sentence encoder on ONNX Runtime: list of texts -> (n, 384) unit vectors.

    The graph is built from the packaged weights unless `model` (a serialized model)
    is given. One session serves concurrent callers (see `make_session` for threads).
    """

    runtime = "ONNX Runtime"

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        model: bytes | None = None,
        threads: int | None = None,
    ) -> None:
        import onnxruntime  # noqa: F401  (missing: fail before spending a second building)

        directory = model_dir or find_model_dir()
        try:
            self.tokenizer = WordPieceTokenizer.from_file(directory / "vocab.txt")
        except (OSError, ValueError, KeyError) as exc:
            raise ModelUnavailable(f"cannot read model files in {directory}: {exc}") from exc
        self.model_dir = directory
        self.session = make_session(model or build_model_bytes(directory), threads)
        self.hidden = int(self.session.get_outputs()[0].shape[-1])

    def embed_ids(self, sequences: Sequence[Sequence[int]], batch_size: int = 32) -> FloatArray:
        """Embed already tokenised sequences ([CLS] ... [SEP], at most 512 ids each)."""
        out = np.zeros((len(sequences), self.hidden), dtype=np.float32)
        for chunk, ids, mask in padded_batches(sequences, batch_size, self.tokenizer.pad_id):
            (embedding,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[chunk] = embedding
        return out

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> FloatArray:
        """Embed texts, truncating each to 128 tokens (use chunking for longer texts)."""
        return self.embed_ids([self.tokenizer.encode(t, MAX_TOKENS) for t in texts], batch_size)
