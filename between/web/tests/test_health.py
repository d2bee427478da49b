from pathlib import Path

import pytest
from django.urls import reverse

from between.core import triage
from between.core.triage import reader


@pytest.mark.django_db
def test_health_reports_database_and_crisis_model(client):
    body = client.get(reverse("health")).json()
    assert body["checks"]["database"] == "ok" and body["checks"]["crisis_rules"] == "ok"
    assert body["checks"]["crisis_model"] == "ok" and body["status"] == "ok"


@pytest.mark.django_db
def test_a_missing_model_degrades_but_the_rules_still_run(client, monkeypatch):
    monkeypatch.setattr(reader, "MODEL_DIR", Path("/nonexistent/model"))
    monkeypatch.setattr(triage, "_default", triage.Detector())
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["checks"]["crisis_model"].startswith("unavailable")
    assert triage.screen("I want to kill myself").crisis  # the rules carry on


@pytest.mark.django_db
def test_a_crisis_page_waiting_over_a_minute_says_down(client, riverside):
    from datetime import timedelta

    from django.utils import timezone

    from between.messaging.models import Page

    page = Page.objects.create(
        practice=riverside,
        audience="clinician",
        name="Dr. Rivera",
        email="rivera@example.org",
        created_at=timezone.now() - timedelta(seconds=30),
    )
    assert client.get(reverse("health")).json()["status"] == "ok"
    Page.objects.filter(pk=page.pk).update(created_at=timezone.now() - timedelta(seconds=61))
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 503 and body["status"] == "down"
    assert body["checks"]["pages"].startswith("a crisis page has waited 61 s")
    assert body["workers"]["oldest_unsent_page_seconds"] >= 61
    assert "Rivera" not in response.content.decode()  # which parts, never what they hold


@pytest.mark.django_db
def test_the_workers_heartbeats_and_the_oldest_task_are_reported(client, settings, riverside):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from between.messaging import tasks, workers
    from between.messaging.models import WorkerBeat

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_BACKEND = "database"
    body = client.get(reverse("health")).json()
    assert body["status"] == "degraded" and body["checks"]["workers"] == "none alive"

    now = timezone.now()
    WorkerBeat.objects.create(
        worker_id="w1", backend="database", host="h", pid=1, started_at=now, beat_at=now
    )
    result = tasks.send_page.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=now - timedelta(seconds=90))
    body = client.get(reverse("health")).json()
    assert body["checks"]["workers"] == "1 alive" and body["workers"]["alive"] == 1
    assert body["workers"]["oldest_queued_task_seconds"] >= 90
    assert body["status"] == "degraded" and body["checks"]["tasks"].startswith("a task has waited")

    WorkerBeat.objects.filter(worker_id="w1").update(
        beat_at=now - workers.DEAD_AFTER - timedelta(seconds=1)
    )
    DBTaskResult.objects.all().delete()
    body = client.get(reverse("health")).json()
    assert body["checks"]["workers"] == "none alive" and body["workers"]["alive"] == 0
    assert body["workers"]["last_beat_seconds"] > workers.DEAD_AFTER.total_seconds()
