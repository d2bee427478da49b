"""The message reader: Between's learned reading of a client's words, for danger and
for need, in English and Spanish.

A multilingual encoder (multilingual-e5-small cut to the vocabulary English and Spanish
use, its first six layers, fine-tuned on inbox messages by ``training/finetune.py``)
reads each 128-token window of a message; mean pooling and two heads give a danger logit
and five need logits (crisis, admin, clinical, boundary, other) per window. A message's
danger is its most alarming window's, its need the mean of its windows' logits: one
sentence buried in a long email still counts.

It runs on ONNX Runtime. The graph is written here op by op from the shipped weights
(``model/weights.npz``, float16, about 57 MB) with ``onnx.helper``: no torch, no export
step. The tokenizer is the model's own SentencePiece unigram vocabulary, read by the
``tokenizers`` library from ``model/tokenizer.json``. ``model/expected.json`` holds the
training code's own readings of a few texts, so a test proves this graph computes the
same numbers as the model that was trained.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import onnx

MODEL_DIR = Path(__file__).resolve().parent / "model"
NEEDS = ("crisis", "admin", "clinical", "boundary", "other")
WINDOW = 126  # tokens per window; 128 with the two markers
OVERLAP = 16  # a sentence cut at a window's edge is read whole in the next one
MAX_WINDOWS = 128  # about 14,000 tokens; the rules read the rest
BATCH = 32
OPSET = 17  # LayerNormalization is a standard op from opset 17
_MASK_NEG = -1e4

FloatArray = NDArray[np.float32]


class ReaderUnavailable(RuntimeError):
    """The model files are missing or unreadable, or ONNX Runtime cannot run them."""


@dataclass(frozen=True)
class Reading:
    """What the reader makes of one message."""

    danger: float  # probability that someone's safety needs checking today
    needs: dict[str, float]  # probability of each need, crisis included

    @property
    def need(self) -> str:
        """The likeliest need."""
        return max(self.needs, key=lambda name: self.needs[name])

    def routine_need(self) -> str:
        """The likeliest need other than crisis (for a message the screen did not flag)."""
        return max((n for n in self.needs if n != "crisis"), key=lambda n: self.needs[n])


def load_weights(directory: Path) -> tuple[dict[str, Any], dict[str, FloatArray]]:
    try:
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        with np.load(directory / "weights.npz") as stored:
            weights = {name: stored[name].astype(np.float32) for name in stored.files}
    except (OSError, ValueError, KeyError) as exc:
        raise ReaderUnavailable(f"cannot read the reader's model in {directory}: {exc}") from exc
    return config, weights


class _Graph:
    """Names intermediate values and collects nodes and initialisers."""

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
        from onnx import helper

        self._count += 1
        names = [f"{op_type.lower()}_{self._count}_{i}" for i in range(outputs)]
        self.nodes.append(
            helper.make_node(op_type, list(inputs), names, name=f"{op_type}_{self._count}", **attrs)
        )
        return names[0] if outputs == 1 else names


def build_graph(config: dict[str, Any], w: dict[str, FloatArray]) -> onnx.ModelProto:
    """input_ids, attention_mask (int64 [windows, seq]) -> danger [windows] and
    need [windows, 5] logits: the encoder, mean pooling over real tokens, the heads."""
    import onnx
    from onnx import TensorProto, helper

    heads, hidden = int(config["heads"]), int(config["hidden"])
    head_dim, eps = hidden // heads, float(config["eps"])
    g = _Graph()

    def dense(x: str, name: str) -> str:
        product = g.op("MatMul", x, g.const(f"{name}_w", w[name + ".weight"].T))
        return str(g.op("Add", product, g.const(f"{name}_b", w[name + ".bias"])))

    def norm(x: str, name: str) -> str:
        return str(
            g.op(
                "LayerNormalization",
                x,
                g.const(f"{name}_w", w[name + ".weight"]),
                g.const(f"{name}_b", w[name + ".bias"]),
                axis=-1,
                epsilon=eps,
            )
        )

    ids, mask = "input_ids", "attention_mask"
    word = g.op("Gather", g.const("word", w["embeddings.word"]), ids)
    table = w["embeddings.position"] + w["embeddings.token_type"][0]
    length = g.op("Slice", g.op("Shape", ids), g.ints("one", [1]), g.ints("two", [2]))
    positions = g.op("Slice", g.const("position", table), g.ints("zero", [0]), length)
    x = norm(g.op("Add", word, positions), "embeddings.norm")

    mask_f = g.op("Cast", mask, to=TensorProto.FLOAT)
    negative = g.op("Mul", g.op("Sub", g.scalar("f1", 1.0), mask_f), g.scalar("neg", _MASK_NEG))
    bias = g.op("Unsqueeze", negative, g.ints("axes12", [1, 2]))
    split_shape = g.ints("split_shape", [0, 0, heads, head_dim])
    merge_shape = g.ints("merge_shape", [0, 0, hidden])
    sizes = g.ints("qkv_sizes", [hidden, hidden, hidden])
    scale = np.float32(1.0 / math.sqrt(head_dim))
    sqrt2, one, half = g.scalar("sqrt2", math.sqrt(2.0)), g.scalar("g1", 1.0), g.scalar("gh", 0.5)

    for i in range(int(config["layers"])):
        p = f"layer{i}."
        # Fused QKV, with the score scale folded into the query weights.
        qkv_w = np.concatenate(
            [w[p + "query.weight"] * scale, w[p + "key.weight"], w[p + "value.weight"]]
        ).T
        qkv_b = np.concatenate(
            [w[p + "query.bias"] * scale, w[p + "key.bias"], w[p + "value.bias"]]
        )
        qkv = g.op(
            "Add", g.op("MatMul", x, g.const(f"l{i}_qkv_w", qkv_w)), g.const(f"l{i}_qkv_b", qkv_b)
        )
        q, k, v = g.op("Split", qkv, sizes, axis=-1, outputs=3)
        q = g.op("Transpose", g.op("Reshape", q, split_shape), perm=[0, 2, 1, 3])
        k = g.op("Transpose", g.op("Reshape", k, split_shape), perm=[0, 2, 3, 1])
        v = g.op("Transpose", g.op("Reshape", v, split_shape), perm=[0, 2, 1, 3])
        probs = g.op("Softmax", g.op("Add", g.op("MatMul", q, k), bias), axis=-1)
        context = g.op(
            "Reshape", g.op("Transpose", g.op("MatMul", probs, v), perm=[0, 2, 1, 3]), merge_shape
        )
        x = norm(g.op("Add", x, dense(context, p + "attn_out")), p + "attn_norm")
        inner = dense(x, p + "ffn_in")
        # Exact GELU, x * 0.5 * (1 + erf(x / sqrt 2)), a pattern ONNX Runtime fuses.
        inner = g.op(
            "Mul",
            g.op("Mul", inner, g.op("Add", g.op("Erf", g.op("Div", inner, sqrt2)), one)),
            half,
        )
        x = norm(g.op("Add", x, dense(inner, p + "ffn_out")), p + "ffn_norm")

    axis1 = g.ints("axis1", [1])
    summed = g.op(
        "ReduceSum",
        g.op("Mul", x, g.op("Unsqueeze", mask_f, g.ints("axism1", [-1]))),
        axis1,
        keepdims=0,
    )
    count = g.op("Max", g.op("ReduceSum", mask_f, axis1, keepdims=1), g.scalar("one_token", 1.0))
    pooled = g.op("Div", summed, count)
    danger = g.op("MatMul", pooled, g.const("danger_w", w["danger.weight"].T))
    danger = g.op("Add", danger, g.const("danger_b", w["danger.bias"]))
    g.nodes.append(
        helper.make_node("Squeeze", [danger, g.ints("axis_last", [1])], ["danger"], name="danger")
    )
    need = g.op("MatMul", pooled, g.const("need_w", w["need.weight"].T))
    g.nodes.append(
        helper.make_node("Add", [need, g.const("need_b", w["need.bias"])], ["need"], name="need")
    )
    graph = helper.make_graph(
        g.nodes,
        "between-reader",
        [
            helper.make_tensor_value_info(ids, TensorProto.INT64, ["windows", "seq"]),
            helper.make_tensor_value_info(mask, TensorProto.INT64, ["windows", "seq"]),
        ],
        [
            helper.make_tensor_value_info("danger", TensorProto.FLOAT, ["windows"]),
            helper.make_tensor_value_info("need", TensorProto.FLOAT, ["windows", len(NEEDS)]),
        ],
        initializer=g.initializers,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="between"
    )
    model.ir_version = 8  # every onnxruntime release that knows opset 17 accepts it
    onnx.checker.check_model(model)
    return model


def make_session(model: bytes, threads: int | None = None) -> Any:
    """A CPU session: every graph optimisation, up to two threads that sleep rather than
    spin when idle (spinning threads collapse when the other core is busy)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


class MessageReader:
    """Reads messages for danger and need. One session serves concurrent callers."""

    runtime = "ONNX Runtime"

    def __init__(self, model_dir: Path = MODEL_DIR, *, threads: int | None = None) -> None:
        try:
            import onnxruntime  # noqa: F401  (missing: fail before building anything)
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ReaderUnavailable(f"{exc.name} is not installed") from exc
        config, weights = load_weights(model_dir)
        try:
            self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except Exception as exc:  # the library raises its own exception type
            raise ReaderUnavailable(f"cannot read the reader's tokenizer: {exc}") from exc
        self.config = config
        self.name = str(config.get("name", "the message reader"))
        self.bos, self.eos, self.pad = int(config["bos"]), int(config["eos"]), int(config["pad"])
        self.session = make_session(build_graph(config, weights).SerializeToString(), threads)

    def windows(self, text: str) -> list[list[int]]:
        """Token-id windows of ``text``, each wrapped in its markers; at least one."""
        ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        stride = WINDOW - OVERLAP
        out: list[list[int]] = []
        start = 0
        while len(out) < MAX_WINDOWS:
            out.append([self.bos, *ids[start : start + WINDOW], self.eos])
            if start + WINDOW >= len(ids):
                break
            start += stride
        return out

    def logits(self, sequences: Sequence[Sequence[int]]) -> tuple[FloatArray, FloatArray]:
        """Danger and need logits of each window, in batches of similar length."""
        danger = np.zeros(len(sequences), dtype=np.float32)
        need = np.zeros((len(sequences), len(NEEDS)), dtype=np.float32)
        order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            length = max(len(sequences[i]) for i in chunk)
            ids = np.full((len(chunk), length), self.pad, dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.int64)
            for row, i in enumerate(chunk):
                ids[row, : len(sequences[i])] = sequences[i]
                mask[row, : len(sequences[i])] = 1
            d, n = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            danger[chunk], need[chunk] = d, n
        return danger, need

    def read_many(self, texts: Sequence[str]) -> list[Reading]:
        sequences: list[list[int]] = []
        owners: list[int] = []
        for index, text in enumerate(texts):
            for window in self.windows(text):
                sequences.append(window)
                owners.append(index)
        if not sequences:
            return []
        danger, need = self.logits(sequences)
        owner = np.array(owners)
        readings = []
        for index in range(len(texts)):
            mine = owner == index
            logits = need[mine].mean(axis=0)
            probabilities = np.exp(logits - logits.max())
            probabilities /= probabilities.sum()
            readings.append(
                Reading(
                    danger=_sigmoid(float(danger[mine].max())),
                    needs={n: float(p) for n, p in zip(NEEDS, probabilities, strict=True)},
                )
            )
        return readings

    def read(self, text: str) -> Reading:
        return self.read_many([text])[0]
