from django.contrib import admin

from between.audit.admin import ViewsAudited
from between.messaging.models import Call, Message
from between.practices.admin_scope import PracticeScopedAdmin


@admin.register(Message)
class MessageAdmin(ViewsAudited, PracticeScopedAdmin):
    list_display = ["__str__", "channel", "category", "crisis", "status", "due_at"]
    list_filter = ["channel", "category", "crisis", "status"]
    exclude = ["raw"]


@admin.register(Call)
class CallAdmin(ViewsAudited, PracticeScopedAdmin):
    list_display = ["__str__", "at", "voicemail", "status", "callback_due"]
    list_filter = ["voicemail", "status"]
