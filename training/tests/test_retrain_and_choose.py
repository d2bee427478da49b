"""The training pipeline's own bookkeeping: no stale model is shipped, and the threshold
is refused when no reading reaches the recall target."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training import choose
from training.retrain import forget_stale


def _trained(work: Path) -> None:
    for name in ("base", "fold-T1-T3", "final"):
        (work / name).mkdir(parents=True)
        (work / name / "weights.safetensors").write_bytes(b"w")


def test_models_trained_on_other_data_are_forgotten_and_the_base_kept(tmp_path):
    _trained(tmp_path)
    (tmp_path / "data.json").write_text(json.dumps({"T1.csv": "old"}))
    forget_stale(tmp_path, {"T1.csv": "new"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base", "data.json"]
    assert json.loads((tmp_path / "data.json").read_text()) == {"T1.csv": "new"}


def test_models_trained_on_the_same_data_are_kept(tmp_path):
    _trained(tmp_path)
    (tmp_path / "data.json").write_text(json.dumps({"T1.csv": "same"}))
    forget_stale(tmp_path, {"T1.csv": "same"})
    assert (tmp_path / "final" / "weights.safetensors").exists()
    assert (tmp_path / "fold-T1-T3").is_dir()


def test_an_unrecorded_work_folder_is_not_trusted(tmp_path):
    _trained(tmp_path)
    forget_stale(tmp_path, {"T1.csv": "x"})
    assert not (tmp_path / "final").exists() and (tmp_path / "base").exists()


def _row(crisis: bool, danger: float, language: str = "en") -> dict[str, object]:
    return {
        "writer": "T1",
        "text": "",
        "crisis": crisis,
        "category": "crisis" if crisis else "admin",
        "language": language,
        "danger": danger,
        "needs": [0.0, 1.0, 0.0, 0.0, 0.0],
    }


def test_the_threshold_is_the_largest_that_keeps_recall():
    rows = [_row(True, 0.9), _row(True, 0.4), _row(False, 0.3), _row(False, 0.05)]
    assert choose.choose(rows, [False] * 4, target=1.0) == 0.4


def test_no_threshold_reaching_the_target_is_refused():
    rows = [_row(True, 0.001), _row(False, 0.9)]
    with pytest.raises(SystemExit, match="no threshold reaches recall"):
        choose.choose(rows, [False, False], target=1.0)


def test_the_rules_count_as_the_detector_counts_them():
    rows = [_row(True, 0.0), _row(False, 0.0)]
    rows[0]["text"] = "I have the pills saved up and I'm going to take them tonight"
    rows[1]["text"] = " ".join(["pills"] * 400)  # a flood reads as the word once
    assert choose.rules_flags(rows) == [True, False]
