"""Contracts of `between triage score|eval|train` (plain pytest, no Django)."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from between.core.triage import Detector
from between.core.triage.tests.fakes import FakeReader
from between.triage.cli import build_parser, run


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="between triage")
    build_parser(parser.add_subparsers(dest="anything", required=True))
    return parser.parse_args(list(argv))


def fake_detector() -> Detector:
    return Detector(reader=FakeReader())


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


def test_a_missing_file_or_an_empty_one_is_a_clear_error(tmp_path: Path) -> None:
    code, out, err = call("score", str(tmp_path / "absent.jsonl"))
    assert code == 2 and out == "" and "absent.jsonl" in err and "Traceback" not in err
    code, out, err = call("eval", str(tmp_path / "absent.csv"))
    assert code == 2 and "absent.csv" in err
    empty = tmp_path / "empty.csv"
    empty.write_text("text,crisis,category\n", encoding="utf-8")
    code, out, err = call("eval", str(empty))
    assert code == 2 and out == "" and "no labelled rows" in err


def test_rules_only_flag_and_unavailable_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from between.core.triage import reader

    options = parse("score", "--rules-only")
    assert options.rules_only
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(reader, "MODEL_DIR", tmp_path / "none")
    broken = Detector()
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


def test_train_runs_the_retraining_in_the_training_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`train` hands its options to training.retrain; without torch (Between's own
    environment) it says where training runs and exits 2."""
    import sys
    import types

    calls: list[list[str]] = []
    retrain = types.ModuleType("training.retrain")

    def main(argv: list[str]) -> int:
        calls.append(argv)
        return 0

    retrain.main = main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "training.retrain", retrain)
    import training  # `from training import retrain` reads the package's attribute first

    monkeypatch.setattr(training, "retrain", retrain, raising=False)
    monkeypatch.setitem(sys.modules, "torch", types.ModuleType("torch"))
    code, _, _ = call("train", "--work", str(tmp_path / "w"), "--data-dir", str(tmp_path / "d"))
    assert code == 0
    code, _, _ = call("train", "--out-dir", str(tmp_path / "model"))
    assert code == 0
    assert calls == [
        ["--work", str(tmp_path / "w"), "--data-dir", str(tmp_path / "d")],
        ["--work", "var/train", "--out", str(tmp_path / "model")],
    ]
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    code, _, err = call("train")
    assert code == 2 and "make train" in err and "torch" in err


def test_eval_reports_the_category_when_the_file_has_one(tmp_path: Path) -> None:
    path = tmp_path / "labelled.csv"
    path.write_text(
        "text,crisis,category\n"
        '"Can we move Thursday?",0,admin\n'
        '"I feel so sad about my mother",0,clinical\n'
        '"I want to kill myself",1,crisis\n'
        '"hello there",0,boundary\n',
        encoding="utf-8",
    )
    code, out, _ = call("eval", str(path))
    assert code == 0
    assert "category_accuracy: 0.7500" in out
    assert "category_admin: 1.0000 (1/1)" in out
    assert "category_crisis: 1.0000 (1/1)" in out
    assert "category_boundary: 0.0000 (0/1)" in out  # the stand-in reader says "other"
    assert "category_other" not in out  # no row of that category
    path.write_text("text,crisis,category\nhi,0,spam\n", encoding="utf-8")
    code, _, err = call("eval", str(path))
    assert code == 2 and "line 2: category must be one of" in err
