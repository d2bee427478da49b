"""Contracts of `between triage score|eval|train` (plain pytest, no Django)."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from between.core.triage import Detector
from between.core.triage.tests.fakes import FakeEncoder, fake_head
from between.triage.cli import build_parser, run


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="between triage")
    build_parser(parser.add_subparsers(dest="anything", required=True))
    return parser.parse_args(list(argv))


def fake_detector() -> Detector:
    return Detector(encoder=FakeEncoder(), head=fake_head())


def call(*argv: str, stdin: str = "", detector: Detector | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(parse(*argv), io.StringIO(stdin), out, err, detector=detector or fake_detector())
    return code, out.getvalue(), err.getvalue()


def test_score_reads_stdin_and_writes_one_line_per_input_in_order() -> None:
    lines = [
        {"id": "a", "text": "Can we move Thursday?"},
        {"id": 2, "text": "I want to kill myself"},
        {"id": "c", "text": "gloomy dark gloomy dark"},
        {"id": "d", "text": ""},
    ]
    code, out, _ = call("score", stdin="\n".join(json.dumps(x) for x in lines) + "\n\n")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["a", 2, "c", "d"]
    for record in records:
        assert set(record) == {"id", "crisis", "score", "category", "signals"}
        assert isinstance(record["crisis"], bool)
        assert 0.0 <= record["score"] <= 1.0
        assert record["crisis"] == (record["score"] >= 0.5)
    assert [r["crisis"] for r in records] == [False, True, True, False]
    assert records[1]["category"] == "suicidal_ideation"
    assert records[1]["signals"][0]["span"] == [10, 21]
    assert records[2]["category"] == "model"
    assert records[0]["category"] == "none"


def test_score_reads_a_file_and_handles_long_texts(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    long_text = (
        "Notes about scheduling and homework. " * 1500 + "By the time you read this I'll be gone."
    )
    rows = [{"id": i, "text": "hello"} for i in range(150)] + [{"id": "long", "text": long_text}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    code, out, _ = call("score", str(path))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert len(records) == 151
    assert records[-1]["id"] == "long" and records[-1]["crisis"]
    assert records[-1]["category"] == "goodbye"


def test_score_marks_bad_lines_in_place_and_exits_1() -> None:
    stdin = (
        '{"id": 1, "text": "hi"}\nnot json\n{"id": 3}\n[1]\n{"id": 5, "text": "I want to die"}\n'
    )
    code, out, _ = call("score", stdin=stdin)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert len(records) == 5
    assert "error" in records[1] and "error" in records[2] and "error" in records[3]
    assert records[2]["id"] == 3
    assert records[4]["crisis"] is True


def test_score_does_not_echo_message_text() -> None:
    _, out, err = call(
        "score", stdin=json.dumps({"id": "x", "text": "Bartholomew: I want to kill myself tonight"})
    )
    assert json.loads(out)["crisis"]
    assert "Bartholomew" not in out + err and "myself" not in out + err


def test_eval_prints_metrics_and_confusion_matrix(tmp_path: Path) -> None:
    path = tmp_path / "labelled.csv"
    path.write_text(
        "text,crisis\n"
        '"I want to kill myself",1\n'
        '"gloomy dark gloomy dark",1\n'
        '"hello there",1\n'
        '"Can we move Thursday?",0\n'
        '"I could kill my roommate for eating my lunch lol",0\n',
        encoding="utf-8",
    )
    code, out, _ = call("eval", str(path))
    assert code == 0
    assert "recall: 0.6667" in out
    assert "precision: 1.0000" in out
    assert "f1: 0.8000" in out
    assert "false_positive_rate: 0.0000" in out
    assert "confusion matrix" in out
    matrix = [line.split() for line in out.splitlines()[-2:]]
    assert matrix == [["crisis", "2", "1"], ["not", "0", "2"]]


def test_eval_rejects_bad_csv(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("message,label\nhi,0\n", encoding="utf-8")
    code, _, err = call("eval", str(path))
    assert code == 2 and "missing column" in err
    path.write_text("text,crisis\nhi,yes\n", encoding="utf-8")
    code, _, err = call("eval", str(path))
    assert code == 2 and "line 2" in err


def test_rules_only_flag_and_unavailable_warning(tmp_path: Path) -> None:
    options = parse("score", "--rules-only")
    assert options.rules_only
    out, err = io.StringIO(), io.StringIO()
    broken = Detector(head_path=tmp_path / "none.npz", head_json=tmp_path / "none.json")
    code = run(
        parse("score"),
        io.StringIO('{"id": 1, "text": "I want to die"}\n'),
        out,
        err,
        detector=broken,
    )
    assert code == 0
    assert "unavailable" in err.getvalue()
    assert json.loads(out.getvalue())["crisis"] is True


def test_train_rebuilds_the_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import training.train_crisis as train_module

    def fake_featurizer() -> train_module.Featurizer:
        encoder = FakeEncoder()

        def featurize(texts: Sequence[str], bucket: str) -> np.ndarray:
            rng = np.random.default_rng(len(bucket))
            return rng.normal(size=(len(texts), 8))

        assert encoder.tokenizer
        return featurize

    monkeypatch.setattr(train_module, "embedding_featurizer", fake_featurizer)
    code, out, _ = call(
        "train", "--out-dir", str(tmp_path), "--data-dir", str(tmp_path / "no-shared-data")
    )
    assert code == 0
    summary = json.loads(out)
    assert set(summary["trained_on"]) == {"own", "generated"}  # no cssrs without shared data
    assert 0.0 <= summary["threshold"] <= 1.0
    assert (tmp_path / "head.npz").exists()
    meta = json.loads((tmp_path / "head.json").read_text(encoding="utf-8"))
    assert any(key.endswith("inbox.csv") for key in meta["data_sha256"])
    assert meta["combined_pool"]["recall"] >= 0.98


def test_train_lets_a_public_set_choose_the_threshold_without_training_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A public set whose licence is not stated may lower the threshold to reach its recall
    (and is cross-validated for it), but never appears among the training sets."""
    import csv

    import training.train_crisis as train_module

    def fake_featurizer() -> train_module.Featurizer:
        def featurize(texts: Sequence[str], bucket: str) -> np.ndarray:
            rng = np.random.default_rng(len(bucket))
            return rng.normal(size=(len(texts), 8))

        return featurize

    shared = tmp_path / "shared"
    shared.mkdir()
    with (shared / "twitter1787.dev.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "label_orig", "crisis"])
        for i in range(60):
            writer.writerow([f"t{i}", f"tweet number {i} about the weather", "x", i % 2])
    monkeypatch.setattr(train_module, "embedding_featurizer", fake_featurizer)
    # The shipped default lets only the inbox sets choose the threshold (the public sets
    # choose the L2 penalty and are reported):
    code, _out, _ = call("train", "--out-dir", str(tmp_path), "--data-dir", str(shared))
    assert code == 0
    meta = json.loads((tmp_path / "head.json").read_text(encoding="utf-8"))
    assert meta["threshold"] == meta["inbox_threshold"]
    assert meta["public_threshold_cv"] == {}
    assert "twitter1787" in meta["l2_public_auc"]["30.0"]
    # With a public target, the public set lowers the threshold to reach its recall.
    summary = train_module.train(tmp_path, shared, public_target=0.98)
    assert "twitter1787" not in summary["trained_on"]
    meta = json.loads((tmp_path / "head.json").read_text(encoding="utf-8"))
    assert meta["threshold"] <= meta["inbox_threshold"]
    assert meta["threshold_sets"]["twitter1787"]["combined"]["recall"] >= 0.98
    assert set(meta["public_threshold_cv"]) == {"fold_thresholds", "twitter1787"}
    assert "shared/data/crisis/twitter1787.dev.csv" in meta["threshold_data_sha256"]
    assert "shared/data/crisis/twitter1787.dev.csv" not in meta["data_sha256"]
