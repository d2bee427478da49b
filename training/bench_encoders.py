"""Speed and agreement of the three MiniLM encoders: numpy, ONNX Runtime fp32, ORT int8.

    python -m training.bench_encoders [--generated 600] [--per-public-set 100] [--repeats 300]

Everything runs on one thread so the runtimes compare like for like (one BLAS thread for
numpy, as between.core.triage._one_blas_thread sets; intra_op_num_threads=1 for ORT,
where production lets ONNX Runtime use two threads that do not spin: see
onnx_encoder.make_session for those figures). Latency calls are
interleaved round-robin across the encoders so background load hits all of them alike.
Agreement is measured on every window (between.core.triage.chunking.windows) of
inbox.csv, a sample of inbox_generated.csv and of each ../shared/data/crisis/*.dev.csv
(when present), embedded in batches of 32 as the detector does; "detector" rows run
the shipped head on each encoder's embeddings and count changed decisions.

Last run (2026-11-23, onnxruntime 1.32.0, 2-core AVX2 host, 1,503 texts / 2,175 windows),
median / p95 ms for embed_ids:
    batch 1, 18 tokens:   numpy 13.4 / 16.8   ORT fp32 7.5 / 8.8   ORT int8 4.4 / 5.6
    batch 32, ~16 tokens: numpy 278 / 326     ORT fp32 203 / 229   ORT int8 137 / 173
ORT fp32 vs numpy: cosine min 0.9999995, max |diff| 3.1e-7, no decision changed.
ORT int8 vs numpy: cosine min 0.965, mean 0.991; 22 of 1,503 crisis flags changed (-15 / +7).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

SHORT_MESSAGE = "Hi, can we move Thursday to 4pm? Something came up at work."  # 18 tokens


def quantize_model(model: Any) -> bytes:
    """int8 dynamic quantisation of the MatMul weights, per-channel QInt8 (activations
    are quantised per call): the variant measured here and not shipped."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "model.int8.onnx"
        quantize_dynamic(
            model,
            out,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            weight_type=QuantType.QInt8,
        )
        return out.read_bytes()


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1e3, p95 * 1e3


class _Lookup:
    """An encoder that returns embeddings computed earlier (for the detector comparison)."""

    def __init__(self, tokenizer: Any, table: dict[tuple[int, ...], NDArray[np.float32]]) -> None:
        self.tokenizer = tokenizer
        self.table = table

    def embed_ids(self, sequences: Sequence[Sequence[int]], batch_size: int = 32) -> Any:
        return np.stack([self.table[tuple(s)] for s in sequences])


def _texts(generated: int, per_public: int) -> list[tuple[str, str]]:
    from training.common import OWN_DATA, PUBLIC_SETS, SHARED_DATA, load_csv

    rng = random.Random(0)
    out = [("inbox", t) for t in load_csv(OWN_DATA / "inbox.csv").texts]
    rows = load_csv(OWN_DATA / "inbox_generated.csv").texts
    out += [("generated", t) for t in rng.sample(rows, min(generated, len(rows)))]
    for name in PUBLIC_SETS:
        path = SHARED_DATA / f"{name}.dev.csv"
        if path.exists():
            rows = load_csv(path).texts
            out += [(name, t[:3000]) for t in rng.sample(rows, min(per_public, len(rows)))]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=600)
    parser.add_argument("--per-public-set", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=300, help="batch-1 calls per encoder")
    parser.add_argument("--batch-repeats", type=int, default=30, help="batch-32 calls")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    import onnxruntime

    import_ort = time.perf_counter() - start
    from threadpoolctl import threadpool_limits

    from between.core.triage.chunking import windows
    from between.core.triage.detector import Detector
    from between.core.triage.encoder import MiniLMEncoder
    from between.core.triage.onnx_encoder import (
        OnnxMiniLMEncoder,
        build_model,
        make_session,
    )

    threadpool_limits(limits=1, user_api="blas")
    print(f"onnxruntime {onnxruntime.__version__}, numpy {np.__version__}, one thread")
    print(f"import onnxruntime: {import_ort:.2f} s")

    # Build / load -----------------------------------------------------------------------
    encoders: dict[str, Any] = {}
    start = time.perf_counter()
    encoders["numpy fp32"] = MiniLMEncoder()
    print(f"\nnumpy fp32: load safetensors {time.perf_counter() - start:.2f} s")
    for name, quantized in (("ORT fp32", False), ("ORT int8", True)):
        start = time.perf_counter()
        graph = build_model()
        data = quantize_model(graph) if quantized else bytes(graph.SerializeToString())
        built = time.perf_counter() - start
        start = time.perf_counter()
        make_session(data, threads=1)
        session = time.perf_counter() - start
        encoders[name] = OnnxMiniLMEncoder(model=data, threads=1)
        print(
            f"{name}: build graph{' + quantize' if quantized else ''} {built:.2f} s, "
            f"session {session:.2f} s, model {len(data) / 1e6:.1f} MB"
        )
    names = list(encoders)
    tokenizer = encoders["numpy fp32"].tokenizer

    # Latency ----------------------------------------------------------------------------
    texts = _texts(args.generated, args.per_public_set)
    short = [tokenizer.encode(SHORT_MESSAGE)]
    batch = [windows(tokenizer, t)[0] for _, t in texts[:32]]
    cases: list[tuple[str, list[Any], int]] = [
        (f"batch 1 ({len(short[0])} tokens)", short, args.repeats),
        (
            f"batch 32 (mean {np.mean([len(s) for s in batch]):.0f} tokens, per call)",
            batch,
            args.batch_repeats,
        ),
    ]
    print("\nlatency of embed_ids, ms: median / p95")
    for label, inputs, repeats in cases:
        samples: dict[str, list[float]] = {n: [] for n in names}
        for encoder in encoders.values():
            for _ in range(max(3, repeats // 10)):
                encoder.embed_ids(inputs)
        for _ in range(repeats):
            for name in names:
                start = time.perf_counter()
                encoders[name].embed_ids(inputs)
                samples[name].append(time.perf_counter() - start)
        row = []
        for name in names:
            median, p95 = _ms(samples[name])
            row.append(f"{name} {median:7.2f} / {p95:7.2f}")
        print(f"  {label:40s} " + "   ".join(row))

    # Agreement --------------------------------------------------------------------------
    sequences: list[list[int]] = []
    for _, text in texts:
        sequences += windows(tokenizer, text)
    counts: dict[str, int] = {}
    for source, _ in texts:
        counts[source] = counts.get(source, 0) + 1
    print(f"\nagreement on {len(texts)} texts {counts}, {len(sequences)} windows, batch 32")
    embedded: dict[str, NDArray[np.float32]] = {}
    for name in names:
        start = time.perf_counter()
        embedded[name] = encoders[name].embed_ids(sequences)
        elapsed = time.perf_counter() - start
        print(f"  {name}: all windows in {elapsed:.1f} s ({len(sequences) / elapsed:.0f}/s)")
    reference = embedded["numpy fp32"]
    for name in names[1:]:
        cosine = (embedded[name] * reference).sum(axis=1)
        worst = np.abs(embedded[name] - reference).max()
        print(
            f"  {name} vs numpy: cosine min {cosine.min():.7f} mean {cosine.mean():.7f} "
            f"p1 {np.percentile(cosine, 1):.7f}; max |diff| {worst:.2e}"
        )

    # Batch composition: int8 quantises activations per call, so a window's embedding
    # depends a little on what else is in its batch.
    few = sequences[:200]
    for name in names[1:]:
        alone = encoders[name].embed_ids(few, batch_size=1)
        cosine = (alone * embedded[name][:200]).sum(axis=1)
        print(f"  {name} batch 1 vs batch 32 (200 windows): cosine min {cosine.min():.7f}")

    # Detector decisions -----------------------------------------------------------------
    only = [t for _, t in texts]
    results: dict[str, Any] = {}
    threshold = 0.0
    for name in names:
        table = {tuple(s): e for s, e in zip(sequences, embedded[name], strict=True)}
        detector = Detector(encoder=_Lookup(tokenizer, table))
        results[name] = (detector.model_probabilities(only), detector.screen_many(only))
        threshold = detector.threshold
    base_p, base_r = results["numpy fp32"]
    print(f"\ndetector (head threshold {threshold:.3f}) vs numpy, {len(only)} texts")
    for name in names[1:]:
        p, r = results[name]
        delta = np.abs(np.array(p, dtype=float) - np.array(base_p, dtype=float))
        up = sum(a >= threshold > b for a, b in zip(p, base_p, strict=True))
        down = sum(b >= threshold > a for a, b in zip(p, base_p, strict=True))
        gained = sum(a.crisis and not b.crisis for a, b in zip(r, base_r, strict=True))
        lost = sum(b.crisis and not a.crisis for a, b in zip(r, base_r, strict=True))
        print(
            f"  {name}: |Δp| max {delta.max():.2e} mean {delta.mean():.2e}; "
            f"model decisions changed {up + down} (+{up} / -{down}); "
            f"final crisis flags changed {gained + lost} (+{gained} / -{lost})"
        )


if __name__ == "__main__":
    main()
