"""Fine-tuning the message reader (danger and need together) on CPU.

    python -m training.finetune --base DIR --out DIR [--layers 6] [--hold-out T3]

Starts from ``training.e5_source``'s cut multilingual-e5-small, keeps its first
``--layers`` layers (the whole pipeline must read 100 messages a second), and trains the
encoder and both heads on ``training.reader_data``. A message longer than one window
is read window by window: its danger is the most alarming window's, its need the mean
of the windows' (so one sentence buried in a long email still counts).

``--hold-out`` leaves writers' sets out and writes the model's readings of them to
``OUT/heldout.csv``: the cross-writer figures, and the out-of-fold readings the danger
threshold is chosen on (``training.choose``). The blind sets are never read here.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from training.reader_data import Example, all_examples
from training.reader_torch import NEEDS, Reader, load

WINDOW = 128  # tokens a window holds, its two markers included
MAX_WINDOWS = 6  # per message in training; the runtime reads more (see the reader)


def windows(tokenizer: object, text: str, limit: int = MAX_WINDOWS) -> list[list[int]]:
    """The token ids of each window of ``text``, markers added (bos ... eos): the same
    windows as the runtime reads (between.core.triage.reader.MessageReader.windows)."""
    ids = tokenizer.encode(text, add_special_tokens=False).ids  # type: ignore[attr-defined]
    body, overlap = WINDOW - 2, 16
    out: list[list[int]] = []
    start = 0
    while len(out) < limit:
        out.append([0, *ids[start : start + body], 2])
        if start + body >= len(ids):
            break
        start += body - overlap
    return out


def batches(
    items: Sequence[tuple[Example, list[list[int]]]], size: int, rng: random.Random
) -> list[list[tuple[Example, list[list[int]]]]]:
    """Batches of similar length (less padding), in random order."""
    order = list(items)
    rng.shuffle(order)
    out = []
    for start in range(0, len(order), size * 50):
        block = sorted(order[start : start + size * 50], key=lambda it: sum(map(len, it[1])))
        out += [block[i : i + size] for i in range(0, len(block), size)]
    rng.shuffle(out)
    return out


def forward(
    model: Reader, batch: Sequence[tuple[Example, list[list[int]]]]
) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-message danger logit (max over windows) and need logits (mean over windows)."""
    flat = [w for _, ws in batch for w in ws]
    owner = torch.tensor([i for i, (_, ws) in enumerate(batch) for _ in ws])
    length = max(map(len, flat))
    ids = torch.full((len(flat), length), 1, dtype=torch.long)  # 1: <pad>
    mask = torch.zeros((len(flat), length), dtype=torch.long)
    for row, window in enumerate(flat):
        ids[row, : len(window)] = torch.tensor(window)
        mask[row, : len(window)] = 1
    danger, need = model(ids, mask)
    n = len(batch)
    danger_max = torch.full((n,), -1e9).scatter_reduce(0, owner, danger, "amax")
    counts = torch.zeros(n).index_add(0, owner, torch.ones(len(flat)))
    need_mean = torch.zeros(n, need.shape[1]).index_add(0, owner, need) / counts[:, None]
    return danger_max, need_mean


def train(
    model: Reader,
    examples: Sequence[Example],
    tokenizer: object,
    *,
    epochs: int,
    batch_size: int,
    seed: int,
    lr: float = 4e-5,
    log: object = print,
) -> None:
    rng = random.Random(seed)
    torch.manual_seed(seed)
    items = [(e, windows(tokenizer, e.text)) for e in examples]
    encoder = [p for n, p in model.named_parameters() if not n.startswith(("danger", "need"))]
    heads = [p for n, p in model.named_parameters() if n.startswith(("danger", "need"))]
    optimiser = torch.optim.AdamW(
        [{"params": encoder, "lr": lr}, {"params": heads, "lr": 1e-3}], weight_decay=0.01
    )
    steps = epochs * ((len(items) + batch_size - 1) // batch_size)
    warmup = max(1, steps // 20)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    need_index = {name: i for i, name in enumerate(NEEDS)}
    model.train()
    step, started = 0, time.monotonic()
    for epoch in range(epochs):
        total = 0.0
        for batch in batches(items, batch_size, rng):
            danger, need = forward(model, batch)
            weight = torch.tensor([e.weight for e, _ in batch])
            labels = torch.tensor([float(e.crisis) for e, _ in batch])
            loss = (
                F.binary_cross_entropy_with_logits(danger, labels, reduction="none") * weight
            ).sum()
            known = [i for i, (e, _) in enumerate(batch) if e.need is not None]
            if known:
                targets = torch.tensor([need_index[batch[i][0].need] for i in known])  # type: ignore[index]
                ce = F.cross_entropy(need[known], targets, reduction="none")
                loss = loss + (ce * weight[known]).sum()
            loss = loss / weight.sum()
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            total += float(loss.detach())
            if step % 50 == 0:
                log(
                    f"epoch {epoch + 1} step {step}/{steps} loss {total / 50:.4f} "  # type: ignore[operator]
                    f"({time.monotonic() - started:.0f} s)"
                )
                total = 0.0


@torch.no_grad()
def read(model: Reader, texts: Sequence[str], tokenizer: object) -> tuple[np.ndarray, np.ndarray]:
    """Danger probability and need probabilities per text (windows: up to 128)."""
    model.eval()
    dangers, needs = [], []
    for start in range(0, len(texts), 32):
        part = [
            (Example(t, 0, None, "", ""), windows(tokenizer, t, 128))
            for t in texts[start : start + 32]
        ]
        danger, need = forward(model, part)
        dangers.append(torch.sigmoid(danger).numpy())
        needs.append(torch.softmax(need, -1).numpy())
    return np.concatenate(dangers), np.concatenate(needs)


def save(model: Reader, out: Path, *, half: bool, report: dict[str, object]) -> None:
    from safetensors.numpy import save_file

    out.mkdir(parents=True, exist_ok=True)
    arrays = {k: v.detach().numpy() for k, v in model.named_arrays().items()}
    if half:
        arrays = {k: v.astype(np.float16) for k, v in arrays.items()}
    save_file(
        {k: np.ascontiguousarray(v) for k, v in arrays.items()}, str(out / "weights.safetensors")
    )
    config = {**model.config, "needs": list(NEEDS), "window": WINDOW}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    (out / "report.json").write_text(json.dumps(report, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.finetune", description=__doc__)
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--hold-out", default="", help="writers to leave out (T1,T3)")
    parser.add_argument("--limit", type=int, default=0, help="train on this many (smoke runs)")
    parser.add_argument("--lr", type=float, default=4e-5, help="the encoder's learning rate")
    parser.add_argument(
        "--generated-weight",
        type=float,
        default=None,
        help="weight of the generated rows (0: none)",
    )
    options = parser.parse_args(argv)
    torch.set_num_threads(options.threads)
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(options.base / "tokenizer.json"))
    model = load(options.base, options.layers)
    examples = all_examples()
    if options.generated_weight is not None:
        examples = [
            e if e.source != "generated" else replace(e, weight=options.generated_weight)
            for e in examples
            if e.source != "generated" or options.generated_weight > 0
        ]
    left_out = {w for w in options.hold_out.split(",") if w}
    held = [e for e in examples if e.source in left_out]
    training = [e for e in examples if e.source not in left_out]
    if options.limit:
        training = random.Random(options.seed).sample(training, options.limit)
    started = time.monotonic()
    train(
        model,
        training,
        tokenizer,
        epochs=options.epochs,
        batch_size=options.batch_size,
        seed=options.seed,
        lr=options.lr,
    )
    report: dict[str, object] = {
        "lr": options.lr,
        "generated_weight": options.generated_weight,
        "layers": options.layers,
        "epochs": options.epochs,
        "seed": options.seed,
        "trained_on": sorted({e.source for e in training}),
        "examples": len(training),
        "seconds": round(time.monotonic() - started),
    }
    if held:
        danger, need = read(model, [e.text for e in held], tokenizer)
        options.out.mkdir(parents=True, exist_ok=True)
        with (options.out / "heldout.csv").open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["source", "crisis", "category", "language", "danger", *NEEDS])
            for e, d, n in zip(held, danger, need, strict=True):
                out.writerow(
                    [e.source, e.crisis, e.need, e.language, f"{d:.5f}", *(f"{x:.5f}" for x in n)]
                )
    save(model, options.out, half=not options.hold_out, report=report)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
