from django.urls import path

from between.messaging import page_views, views

urlpatterns = [
    path("inbox/", views.inbox_view, name="inbox"),
    path("messages/<int:pk>/", views.message_view, name="message"),
    path("messages/<int:pk>/done/", views.message_done, name="message-done"),
    path("messages/<int:pk>/close/", views.message_close, name="message-close"),
    path("messages/<int:pk>/reopen/", views.message_reopen, name="message-reopen"),
    path("messages/<int:pk>/assign/", views.message_assign, name="message-assign"),
    path("messages/<int:pk>/reply/", views.message_reply, name="message-reply"),
    path("clients/<int:pk>/conversation/", views.conversation_view, name="client-conversation"),
    path(
        "clients/<int:pk>/conversation/reply/",
        views.conversation_reply,
        name="client-conversation-reply",
    ),
    path("saved-replies/", views.saved_replies, name="saved-replies"),
    path("saved-replies/<int:pk>/", views.saved_reply_edit, name="saved-reply-edit"),
    path("saved-replies/<int:pk>/delete/", views.saved_reply_delete, name="saved-reply-delete"),
    path("callbacks/", views.callbacks_view, name="callbacks"),
    path("pages/<str:token>/", page_views.page_view, name="page"),
    path("callbacks/<int:pk>/done/", views.call_done, name="call-done"),
]
