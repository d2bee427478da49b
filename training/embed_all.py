"""Warm the window-embedding cache for every development set (slow: ~20 min on 2 cores)."""

from __future__ import annotations

import sys
import time

from between.core.triage.encoder import MiniLMEncoder
from training.common import PUBLIC_SETS, EmbeddingCache, load_heldout, load_own, load_public


def main(names: list[str]) -> None:
    encoder = MiniLMEncoder()
    for name in names or ["own", "own_heldout", *PUBLIC_SETS]:
        if name == "own":
            data = load_own()
        elif name == "own_heldout":
            data = load_heldout()
        else:
            data = load_public(name)
        start = time.perf_counter()
        EmbeddingCache(encoder, name).windows_for(data.texts, progress=True)
        print(f"{name}: {len(data)} texts in {time.perf_counter() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
