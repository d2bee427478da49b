import gc

from between.conf.process import freeze_start_up_objects


def test_what_start_up_loaded_is_left_out_of_later_collections():
    try:
        frozen = freeze_start_up_objects()
        assert frozen == gc.get_freeze_count() > 1000  # Django alone is more than that
        assert gc.collect() >= 0  # collecting still works, on what came after
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_ready_for_traffic_loads_the_model_then_freezes(monkeypatch):
    from between.conf.process import ready_for_traffic
    from between.core import triage

    monkeypatch.setattr(triage, "_default", triage.Detector(use_model=False))
    try:
        line = ready_for_traffic()
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
    assert line == "Crisis screening: rules only (the learned layer is unavailable: disabled)"
