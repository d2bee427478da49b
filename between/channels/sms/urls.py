"""Mounted at /hooks/sms/. In Twilio, set the number's "A message comes in" webhook to
``BETWEEN_BASE_URL/hooks/sms/`` (HTTP POST)."""

from django.urls import path

from between.channels.sms import views

app_name = "sms"

urlpatterns = [
    path("", views.incoming, name="incoming"),
]
