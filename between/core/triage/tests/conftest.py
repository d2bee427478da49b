import pytest

from between.core.triage import Detector


@pytest.fixture(scope="module")
def shipped() -> Detector:
    """The detector as shipped: rules and the message reader. A missing reader fails the
    test that asks for it, never skips it."""
    detector = Detector()
    assert detector.available(), detector.status().reason
    return detector
