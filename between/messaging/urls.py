from django.urls import path

from between.messaging import page_views, views

urlpatterns = [
    path("inbox/", views.inbox_view, name="inbox"),
    path("messages/<int:pk>/", views.message_view, name="message"),
    path("messages/<int:pk>/done/", views.message_done, name="message-done"),
    path("messages/<int:pk>/reply/", views.message_reply, name="message-reply"),
    path("callbacks/", views.callbacks_view, name="callbacks"),
    path("pages/<str:token>/", page_views.page_view, name="page"),
    path("callbacks/<int:pk>/done/", views.call_done, name="call-done"),
]
