import gc

import pytest

from between.conf.process import freeze_start_up_objects


def test_what_start_up_loaded_is_left_out_of_later_collections():
    try:
        frozen = freeze_start_up_objects()
        # Frozen objects can still be freed (another thread may drop one meanwhile), but
        # nothing joins them until the next freeze.
        assert 1000 < gc.get_freeze_count() <= frozen  # Django alone is more than 1000
        assert gc.collect() >= 0  # collecting still works, on what came after
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_ready_for_traffic_loads_the_model_then_freezes(monkeypatch, settings):
    from between.conf.process import ready_for_traffic
    from between.core import triage

    settings.CRISIS_RULES_ONLY = True
    monkeypatch.setattr(triage, "_default", triage.Detector(use_model=False))
    try:
        line = ready_for_traffic()
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
    assert line == "Crisis screening: rules only (the learned layer is unavailable: disabled)"


def test_without_the_reader_a_server_refuses_to_start_unless_told(monkeypatch, settings):
    from between.conf.process import RulesOnlyRefused, ready_for_traffic
    from between.core import triage

    monkeypatch.setattr(triage, "_default", triage.Detector(use_model=False))
    settings.DEBUG, settings.CRISIS_RULES_ONLY = False, False
    with pytest.raises(RulesOnlyRefused, match="BETWEEN_CRISIS_RULES_ONLY=true"):
        ready_for_traffic()
    assert gc.get_freeze_count() == 0  # refused before freezing anything
    settings.DEBUG = True  # development runs on whatever loads
    try:
        assert "rules only" in ready_for_traffic()
    finally:
        gc.unfreeze()


@pytest.mark.django_db
def test_the_serve_command_refuses_before_it_starts_a_worker(monkeypatch, settings):
    from django.core.management import CommandError, call_command

    from between.core import triage
    from between.web import worker

    started = []
    monkeypatch.setattr(worker, "start_in_thread", lambda: started.append(True))
    monkeypatch.setattr(triage, "_default", triage.Detector(use_model=False))
    settings.DEBUG, settings.CRISIS_RULES_ONLY = False, False
    with pytest.raises(CommandError, match="rules alone"):
        call_command("serve", "--port", "8765")
    assert not started


def test_a_wsgi_server_gets_the_same_refusal(db, monkeypatch, settings):
    """gunicorn and the like import between.wsgi and never run `between serve`."""
    import importlib
    import sys

    from between.conf.process import RulesOnlyRefused
    from between.core import triage

    monkeypatch.setattr(triage, "_default", triage.Detector(use_model=False))
    monkeypatch.delitem(sys.modules, "between.wsgi", raising=False)
    settings.DEBUG, settings.CRISIS_RULES_ONLY = False, False
    with pytest.raises(RulesOnlyRefused):
        importlib.import_module("between.wsgi")
    assert "between.wsgi" not in sys.modules  # nothing half-started is left to serve
    settings.CRISIS_RULES_ONLY = True
    try:
        assert importlib.import_module("between.wsgi").application is not None
    finally:
        gc.unfreeze()
