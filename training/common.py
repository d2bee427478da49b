"""Shared helpers for the triage training and evaluation scripts: reading labelled CSVs
and the public data sets, and checksums."""

from __future__ import annotations

import csv
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data" / "crisis"
OWN_DATA = REPO / "between" / "core" / "triage" / "data"
PUBLIC_SETS = ("cssrs", "kaggle5k", "sdcnl", "twitter1787", "twitter_intention")
# Only these may teach a shipped model (../shared/data/crisis/README.md, "Use"); the
# message reader learns from none of them (training/reader_data.py).
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
