from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from between.audit.admin import ViewsAudited
from between.messaging.models import Call, Message
from between.practices.admin_scope import PracticeScopedAdmin


class ArrivesByChannel(PracticeScopedAdmin):
    """Messages and calls arrive through a channel, which reads, triages and answers them;
    one typed into the admin would skip all of that, so the admin never adds one."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ViewsAudited, ArrivesByChannel):
    list_display = ["__str__", "practice", "channel", "category", "crisis", "status", "due_at"]
    list_filter = ["channel", "category", "crisis", "status", "practice"]
    exclude = ["raw"]


@admin.register(Call)
class CallAdmin(ViewsAudited, ArrivesByChannel):
    list_display = ["__str__", "practice", "at", "voicemail", "status", "callback_due"]
    list_filter = ["voicemail", "status", "practice"]
