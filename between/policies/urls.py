"""The policy editor (under /policies/: /policy/<token>/ is the client's signed link)."""

from django.urls import path

from between.policies import views

urlpatterns = [
    path("policies/", views.policy_list, name="policy"),
    path("policies/new/", views.policy_new, name="policy-new"),
    path("policies/<int:pk>/", views.policy_version, name="policy-version"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy-edit"),
    path("policies/<int:pk>/yaml/", views.policy_yaml, name="policy-yaml"),
    path("policies/<int:pk>/validate/", views.policy_validate, name="policy-validate"),
    path("policies/<int:pk>/preview/", views.policy_preview, name="policy-preview"),
    path("policies/<int:pk>/simulate/", views.policy_simulate, name="policy-simulate"),
    path("policies/<int:pk>/submit/", views.policy_submit, name="policy-submit"),
    path("policies/<int:pk>/approve/", views.policy_approve, name="policy-approve"),
    path("policies/<int:pk>/return/", views.policy_send_back, name="policy-return"),
    path("policies/<int:pk>/publish/", views.policy_publish, name="policy-publish"),
    path(
        "policies/<int:pk>/publish/check/",
        views.policy_publish_preview,
        name="policy-publish-preview",
    ),
    path(
        "policies/<int:pk>/publish/cancel/",
        views.policy_publish_cancel,
        name="policy-publish-cancel",
    ),
]
