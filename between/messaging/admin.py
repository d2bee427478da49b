from django.contrib import admin

from between.messaging.models import Call, Message
from between.practices.admin_scope import PracticeScopedAdmin


@admin.register(Message)
class MessageAdmin(PracticeScopedAdmin):
    list_display = ["__str__", "channel", "category", "crisis", "status", "due_at"]
    list_filter = ["channel", "category", "crisis", "status"]
    exclude = ["raw"]


@admin.register(Call)
class CallAdmin(PracticeScopedAdmin):
    list_display = ["__str__", "at", "voicemail", "status", "callback_due"]
    list_filter = ["voicemail", "status"]
