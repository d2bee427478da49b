import logging

from between.demo.data import CLIENTS, MESSAGES, private_strings
from between.testing.pytest_plugin import RECORDER, find_leaks


def test_the_scanner_finds_a_client_name_in_any_case():
    leaks = find_leaks(["INFO x sent reply to MAYA THORNTON"], private_strings())
    assert [secret for secret, _ in leaks] == ["Maya Thornton"]


def test_the_probe_covers_every_demo_name_and_message():
    probe = private_strings()
    assert all(client.name in probe for client in CLIENTS)
    assert all(message.body in probe for message in MESSAGES)


def test_the_recorder_is_listening():
    logging.getLogger("between.probe").debug("probe record")
    assert any("probe record" in line for line in RECORDER.lines)
