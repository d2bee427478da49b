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
