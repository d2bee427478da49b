"""Where each client stands with the newest published policy (R15, R17).

"Newest" is the latest published version that governs the client, in force or not
yet: a clinician's own policy where they have one, otherwise the practice's. Clients
are asked to acknowledge it before it takes effect.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from between.clients.models import Client, ClientAcknowledgement
from between.policies.models import PolicyNotice, PolicyVersion


@dataclass(frozen=True)
class Standing:
    version: PolicyVersion | None
    acknowledged: bool = False
    could_not_notify: str = ""

    @property
    def outstanding(self) -> bool:
        return self.version is not None and not self.acknowledged


def _newest_by_clinician(practice_id: int) -> dict[int | None, PolicyVersion]:
    newest: dict[int | None, PolicyVersion] = {}
    rows = PolicyVersion.objects.filter(
        practice_id=practice_id, published_at__isnull=False
    ).order_by("published_at", "number")
    for version in rows:
        newest[version.clinician_id] = version  # later rows replace earlier ones
    return newest


def standings(clients: Iterable[Client]) -> dict[int, Standing]:
    """Client id → standing, in a handful of queries whatever the number of clients."""
    clients = list(clients)
    if not clients:
        return {}
    newest: dict[int, dict[int | None, PolicyVersion]] = {}
    for practice_id in {c.practice_id for c in clients}:
        newest[practice_id] = _newest_by_clinician(practice_id)
    ids = [c.pk for c in clients]
    acknowledged = set(
        ClientAcknowledgement.objects.filter(client_id__in=ids).values_list(
            "client_id", "policy_version_id"
        )
    )
    acknowledged |= set(
        PolicyNotice.objects.filter(client_id__in=ids, acknowledged_at__isnull=False).values_list(
            "client_id", "version_id"
        )
    )
    unreachable = {
        (client_id, version_id): why
        for client_id, version_id, why in PolicyNotice.objects.filter(client_id__in=ids)
        .exclude(could_not_notify="")
        .values_list("client_id", "version_id", "could_not_notify")
    }
    result = {}
    for client in clients:
        versions = newest[client.practice_id]
        version = versions.get(client.clinician_id) if client.clinician_id else None
        version = version or versions.get(None)
        if version is None:
            result[client.pk] = Standing(None)
            continue
        key = (client.pk, version.pk)
        result[client.pk] = Standing(version, key in acknowledged, unreachable.get(key, ""))
    return result


def standing(client: Client) -> Standing:
    return standings([client])[client.pk]
