"""Shared helpers for the crisis-detector training and evaluation scripts.

Embedding thousands of long posts takes minutes on two cores, so window embeddings
are cached on disk by the SHA-256 of each text (`BETWEEN_TRIAGE_CACHE`, default
~/.cache/between/triage). The cache only saves time: deleting it changes no result.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from between.core.triage.chunking import windows
from between.core.triage.encoder import MiniLMEncoder
from between.core.triage.head import pool_windows

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data" / "crisis"
OWN_DATA = REPO / "between" / "core" / "triage" / "data"
PUBLIC_SETS = ("cssrs", "kaggle5k", "sdcnl", "twitter1787", "twitter_intention")
# Only these may teach the shipped head (../shared/data/crisis/README.md, "Use").
SHIPPABLE_PUBLIC = ("cssrs",)
HELDOUT_FILE = Path("heldout") / "inbox_generated_heldout.csv"

csv.field_size_limit(sys.maxsize)


@dataclass
class Dataset:
    name: str
    texts: list[str]
    labels: NDArray[np.int64]
    path: Path
    groups: list[str] | None = None  # rows sharing a group (a generated template) stay together

    def __len__(self) -> int:
        return len(self.texts)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def template_group(row_id: str) -> str:
    """Generated rows (`gen-<family>-<template>-<variant>`) group by template; others by row."""
    if row_id.startswith("gen-"):
        return row_id.rsplit("-", 1)[0]
    return row_id


def load_csv(path: Path, name: str | None = None) -> Dataset:
    """Rows with `text` and `crisis` (0/1) columns; other columns are ignored."""
    texts: list[str] = []
    labels: list[int] = []
    groups: list[str] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for index, row in enumerate(csv.DictReader(handle)):
            texts.append(row["text"])
            labels.append(int(row["crisis"]))
            groups.append(template_group(row.get("id") or f"{path.name}:{index}"))
    return Dataset(
        name or path.name.split(".")[0], texts, np.array(labels, dtype=np.int64), path, groups
    )


def load_public(name: str, data_dir: Path = SHARED_DATA) -> Dataset:
    return load_csv(data_dir / f"{name}.dev.csv", name)


def own_files(data_dir: Path = OWN_DATA) -> list[Path]:
    """The project's own training files (data/*.csv; data/heldout/ is never trained on)."""
    return sorted(data_dir.glob("*.csv"))


def load_own(data_dir: Path = OWN_DATA) -> Dataset:
    """All own training messages as one set: hand-written inbox.csv and the generated corpus."""
    parts = [load_csv(path) for path in own_files(data_dir)]
    texts = [t for p in parts for t in p.texts]
    labels = np.concatenate([p.labels for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    groups = [g for p in parts for g in (p.groups or [])]
    return Dataset("own", texts, labels, data_dir, groups)


def load_own_parts(data_dir: Path = OWN_DATA) -> list[Dataset]:
    """The own training files one by one: "own" (inbox.csv, hand-written), "generated"
    (inbox_generated.csv, training/inbox_corpus.py) and any other data/*.csv by stem."""
    names = {"inbox": "own", "inbox_generated": "generated"}
    return [load_csv(p, names.get(p.stem, p.stem)) for p in own_files(data_dir)]


def load_heldout(data_dir: Path = OWN_DATA) -> Dataset:
    """The held-out generated templates (evaluation only)."""
    return load_csv(data_dir / HELDOUT_FILE, "own_heldout")


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "between" / "triage"
    path = Path(os.environ.get("BETWEEN_TRIAGE_CACHE", default))
    path.mkdir(parents=True, exist_ok=True)
    return path


class EmbeddingCache:
    """Window embeddings per text, kept in one .npz file per cache 'bucket'."""

    def __init__(self, encoder: MiniLMEncoder, bucket: str) -> None:
        self.encoder = encoder
        self.path = cache_dir() / f"{bucket}.npz"
        self.store: dict[str, NDArray[np.float32]] = {}
        if self.path.exists():
            with np.load(self.path) as data:
                keys = [str(k) for k in data["keys"]]
                offsets = data["offsets"]
                emb = data["emb"]
                for i, key in enumerate(keys):
                    self.store[key] = emb[offsets[i] : offsets[i + 1]]

    def save(self) -> None:
        keys = list(self.store)
        parts = [self.store[k] for k in keys]
        offsets = np.cumsum([0] + [len(p) for p in parts])
        emb = np.concatenate(parts) if parts else np.zeros((0, 384), dtype=np.float32)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(keys), offsets=offsets, emb=emb)
        tmp.replace(self.path)

    def windows_for(self, texts: list[str], progress: bool = False) -> list[NDArray[np.float32]]:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        pairs = zip(keys, texts, strict=True)
        missing = sorted({k: t for k, t in pairs if k not in self.store}.items())
        step = 400
        for start in range(0, len(missing), step):
            part = missing[start : start + step]
            seqs: list[list[int]] = []
            owner: list[str] = []
            for key, text in part:
                for window in windows(self.encoder.tokenizer, text):
                    seqs.append(window)
                    owner.append(key)
            emb = self.encoder.embed_ids(seqs)
            for key, _ in part:
                self.store[key] = emb[[i for i, o in enumerate(owner) if o == key]]
            self.save()
            if progress:
                print(
                    f"  {self.path.stem}: {min(start + step, len(missing))}/{len(missing)}",
                    flush=True,
                )
        return [self.store[k] for k in keys]

    def features(self, texts: list[str], progress: bool = False) -> NDArray[np.float32]:
        return np.stack([pool_windows(w) for w in self.windows_for(texts, progress)])
