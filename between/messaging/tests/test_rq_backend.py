"""The Redis task backend (django-tasks-rq) against the real Redis on 127.0.0.1:6379."""

import os

import pytest
from django.utils import timezone

from between.messaging import tasks
from between.messaging.models import Outbound

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def rq_backend(settings):
    import django_rq
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # db 15 is the suite's own
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    yield django_rq.get_queue("default")
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.mark.service
@pytest.mark.django_db
def test_a_delivery_goes_through_redis_and_a_worker(rq_backend, riverside):
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    outbound = Outbound.objects.create(
        practice=riverside,
        channel="portal",
        to="1",
        kind="typed",
        body="See you Tuesday.",
        created_at=timezone.now(),
    )
    result = tasks.deliver.enqueue(outbound.pk)
    assert rq_backend.count == 1 and result.id in rq_backend.job_ids
    outbound.refresh_from_db()
    assert outbound.status == "queued"  # nothing runs until a worker takes it

    SimpleWorker([rq_backend], connection=rq_backend.connection, job_class=Job).work(burst=True)
    outbound.refresh_from_db()
    assert outbound.status == "sent"
    assert list(outbound.attempts.values_list("outcome", flat=True)) == ["sent"]
    assert rq_backend.count == 0
