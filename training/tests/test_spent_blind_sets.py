"""The blind sets' two lives: a set judges the readers trained before it was read, then
teaches the ones after. The split must never let a set both teach and judge one
reader, and a set edited after it was frozen is refused in either life."""

from __future__ import annotations

import shutil

import pytest

from training import blind, reader_data


def test_a_set_is_either_spent_or_still_judging_never_both():
    assert set(blind.SPENT) | set(blind.UNSPENT) == set(blind.SETS)
    assert not set(blind.SPENT) & set(blind.UNSPENT)
    assert blind.UNSPENT, "some set must still judge the reader trained on the spent ones"


def test_the_reader_learns_from_the_spent_sets_only():
    sources = {e.source for e in reader_data.all_examples()}
    assert set(blind.SPENT) <= sources
    assert not set(blind.UNSPENT) & sources


def test_by_default_only_the_sets_still_judging_are_measured(monkeypatch):
    measured: list[str] = []
    monkeypatch.setattr(blind, "load_set", lambda name: measured.append(name) or [])
    monkeypatch.setattr(blind, "production_reader", lambda rules_only: lambda texts: [])
    assert blind.main(["--rules-only", "--json"]) == 0
    assert measured == list(blind.UNSPENT)


def test_an_edited_spent_set_is_refused_as_training_data(tmp_path, monkeypatch):
    folder = tmp_path / "blind"
    shutil.copytree(blind.BLIND_DIR, folder)
    spent = folder / f"{blind.SPENT[0]}.csv"
    spent.write_text(spent.read_text(encoding="utf-8") + "x,late edit,0,admin,en,sms\n")
    original = blind.load_set
    monkeypatch.setattr(blind, "load_set", lambda name: original(name, folder))
    with pytest.raises(blind.ChangedSet):
        reader_data.spent_blind_examples()


def test_a_threshold_is_never_tuned_on_a_set_that_still_judges_or_was_learnt_from():
    from training import validation

    spent, judging = blind.SPENT[-1], blind.UNSPENT[0]
    validation.check_sets([spent], trained_on=["T1.csv"])
    with pytest.raises(validation.NotForTuning, match="still judges"):
        validation.check_sets([judging], trained_on=[])
    with pytest.raises(validation.NotForTuning, match="learnt from"):
        validation.check_sets([spent], trained_on=[f"blind/{spent}.csv"])


def test_the_shipped_reader_refuses_to_be_tuned_on_what_it_learnt_from(capsys):
    from training import validation

    assert validation.main(["--sets", blind.SPENT[0]]) == 2
    assert "learnt from" in capsys.readouterr().err
