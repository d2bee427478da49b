"""The portal "sends" by showing the reply in the client's portal thread."""

from __future__ import annotations

from between.messaging.models import Outbound
from between.messaging.transport import register_transport


class PortalTransport:
    def send(self, outbound: Outbound) -> str:
        # Nothing leaves the building: the thread page reads sent portal replies.
        return f"portal:{outbound.pk}"


def register() -> None:
    register_transport("portal", PortalTransport)
