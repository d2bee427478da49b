"""Ship a trained reader: its weights in float16, its tokenizer, its threshold, and the
training code's own readings of a few texts for the runtime to match.

    python -m training.export_reader --trained DIR --base DIR --threshold T [--out DIR]

Writes ``between/core/triage/model/`` by default: ``weights.npz`` (float16),
``config.json`` (shape, special tokens, the danger threshold, what it was trained on),
``tokenizer.json`` and ``expected.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from training import blind
from training.reader_data import OWN, writers_dir
from training.reader_torch import NEEDS, Reader

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "between" / "core" / "triage" / "model"
NAME = "multilingual-e5-small (English and Spanish vocabulary, 6 layers), fine-tuned"
# Texts whose readings the runtime must reproduce (tests/test_reader.py).
PROBES = (
    "Can we move Thursday's session to 3pm?",
    "¿Podemos cambiar la cita del jueves a las 3?",
    "I have the pills saved up and I'm going to take them tonight",
    "ya no aguanto más, tengo las pastillas guardadas",
    "this commute is killing me lol",
    "hi",
    "",
    "Long message. " * 150 + "I don't think I'll still be around by then.",
)


def data_checksums(sources: Sequence[str]) -> dict[str, str]:
    """The files the model learnt from. ``sources`` is its training report's list: a
    blind set is listed only if this model learnt from it (a set spent later, to tune
    the threshold, is not)."""
    files = [*sorted(writers_dir().glob("T*.csv")), OWN / "inbox.csv", OWN / "inbox_generated.csv"]
    sums = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    # Training read each blind set only after checking it against its frozen checksum.
    frozen = blind.frozen_checksums()
    sums.update({f"blind/{n}.csv": frozen[f"{n}.csv"] for n in blind.SETS if n in sources})
    return sums


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.export_reader", description=__doc__)
    parser.add_argument("--trained", type=Path, required=True)
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--threshold", type=float, required=True)
    parser.add_argument("--out", type=Path, default=OUT)
    options = parser.parse_args(argv)
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    trained = json.loads((options.trained / "config.json").read_text())
    report = json.loads((options.trained / "report.json").read_text())
    arrays = load_file(str(options.trained / "weights.safetensors"))
    model = Reader(trained, int(trained["layers"]))
    model.load_arrays({k: v.astype(np.float32) for k, v in arrays.items()}, strict_heads=True)
    model.eval()
    tokenizer = Tokenizer.from_file(str(options.base / "tokenizer.json"))

    from training.finetune import forward, windows
    from training.reader_data import Example

    expected = []
    with torch.no_grad():
        for text in PROBES:
            danger, need = forward(
                model, [(Example(text, 0, None, "", ""), windows(tokenizer, text, 128))]
            )
            expected.append(
                {
                    "text": text,
                    "danger_logit": float(danger[0]),
                    "need_logits": [float(x) for x in need[0]],
                }
            )
    options.out.mkdir(parents=True, exist_ok=True)
    np.savez(options.out / "weights.npz", **{k: v.astype(np.float16) for k, v in arrays.items()})
    (options.out / "tokenizer.json").write_text(
        (options.base / "tokenizer.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    config = {
        "name": NAME,
        **{
            k: trained[k]
            for k in ("hidden", "layers", "heads", "inner", "positions", "eps", "vocab")
        },
        "bos": 0,
        "pad": 1,
        "eos": 2,
        "needs": list(NEEDS),
        "danger_threshold": options.threshold,
        "source": trained.get("source", ""),
        "trained_on": data_checksums(report.get("trained_on", [])),
        "training": report,
    }
    (options.out / "config.json").write_text(
        json.dumps(config, indent=1, ensure_ascii=False) + "\n"
    )
    (options.out / "expected.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n"
    )
    size = sum(p.stat().st_size for p in options.out.iterdir())
    print(f"wrote {options.out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
