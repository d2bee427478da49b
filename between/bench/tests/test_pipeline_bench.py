"""`between bench pipeline` drives real traffic in and prints its figures (never asserts speed)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from between.messaging.models import Message
from between.practices.models import Practice


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("senders", ["1", "2"])
def test_the_pipeline_bench_prints_its_figures_and_leaves_nothing_behind(senders):
    if senders != "1" and connection.vendor == "sqlite":
        # pytest's SQLite database is in memory with a shared cache, which locks whole
        # tables without waiting; the bench's own store is a WAL file. Run on PostgreSQL.
        pytest.skip("concurrent senders need a database file or PostgreSQL")
    out = io.StringIO()
    call_command(
        "bench", "pipeline", "--messages", "40", "--senders", senders, "--rules-only", stdout=out
    )
    printed = out.getvalue()
    head = re.search(
        r"pipeline on \w+ \(rules only, (\d) senders? at once\): 40 messages in [\d.]+ s = "
        r"[\d,]+ messages per second \(target 200\)",
        printed,
    )
    assert head is not None and head.group(1) == senders, printed
    assert re.search(r"latency: p50 [\d.]+ ms, p99 [\d.]+ ms", printed)
    assert re.search(r"crisis: \d+ messages, each committed with its page task within", printed)
    stored = int(re.search(r"stored (\d+) messages", printed).group(1))
    calls = int(re.search(r"call: (\d+) messages", printed).group(1)) if "call:" in printed else 0
    assert stored + calls == 40
    # The bench's practice, its clients and its messages are removed afterwards.
    assert not Practice.objects.exists() and not Message.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_by_default_a_second_pass_adds_the_learned_layer_as_production_runs():
    from between.core import triage

    before = triage._default
    out = io.StringIO()
    call_command("bench", "pipeline", "--messages", "12", stdout=out)
    heads = re.findall(
        r"pipeline on \w+ \(([a-z ]+), 1 sender at once\): 12 messages .*", out.getvalue()
    )
    assert heads == ["rules only", "rules and model"], out.getvalue()
    lines = [line for line in out.getvalue().splitlines() if line.startswith("pipeline on")]
    assert lines[0].endswith("(target 200)")
    assert lines[1].endswith("(the learned layer's own target is 100)")
    assert len(re.findall(r"^  stored \d+ messages", out.getvalue(), re.MULTILINE)) == 2
    assert triage._default is before  # the rules-only pass does not leave its detector behind
    assert not Practice.objects.exists() and not Message.objects.exists()
