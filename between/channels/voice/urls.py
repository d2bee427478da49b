"""Mounted at /hooks/voice/. In Twilio, on the number: "A call comes in" ->
``BETWEEN_BASE_URL/hooks/voice/`` and "Call status changes" ->
``BETWEEN_BASE_URL/hooks/voice/status/`` (HTTP POST); the other three are named in the
TwiML Between answers with."""

from django.urls import path

from between.channels.voice import views

app_name = "voice"

urlpatterns = [
    path("", views.incoming, name="incoming"),
    path("status/", views.status, name="status"),
    path("recorded/", views.recorded, name="recorded"),
    path("recording/", views.recording, name="recording"),
    path("transcription/", views.transcription, name="transcription"),
]
