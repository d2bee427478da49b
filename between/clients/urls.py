from django.urls import path

from between.clients import (
    data_views,
    edit_views,
    import_views,
    public_views,
    sending_views,
    staff_views,
    views,
)

urlpatterns = [
    path("clients/", views.client_list, name="clients"),
    path("clients/add/", edit_views.client_add, name="client-add"),
    path("clients/import/", import_views.upload, name="client-import"),
    path("clients/import/confirm/", import_views.confirm, name="client-import-confirm"),
    path("clients/import/template.csv", import_views.template, name="client-import-template"),
    path("clients/<int:pk>/", views.client_detail, name="client"),
    path("clients/<int:pk>/edit/", edit_views.client_edit, name="client-edit"),
    path(
        "clients/<int:pk>/intake-link/send/",
        sending_views.send_intake_link,
        name="client-intake-send",
    ),
    path("clients/<int:pk>/portal-link/", views.portal_link, name="client-portal-link"),
    path("clients/<int:pk>/intake-link/", staff_views.create_link, name="client-intake-link"),
    path("clients/<int:pk>/consents/", staff_views.record_consent, name="client-consent"),
    path(
        "clients/<int:pk>/accommodations/",
        staff_views.add_accommodation,
        name="client-accommodation-add",
    ),
    path(
        "clients/<int:pk>/accommodations/<int:accommodation>/end/",
        staff_views.deactivate_accommodation,
        name="client-accommodation-end",
    ),
    path(
        "clients/<int:pk>/receipts/<int:acknowledgement>/",
        staff_views.receipt,
        name="client-receipt",
    ),
    path("clients/<int:pk>/export.json", data_views.export_json, name="client-export-json"),
    path("clients/<int:pk>/export.pdf", data_views.export_pdf, name="client-export-pdf"),
    path("clients/<int:pk>/discharge/", data_views.discharge, name="client-discharge"),
    path("clients/retention/", data_views.retention_page, name="client-retention"),
    # The client's side: no account, a signed link.
    path("intake/done/", public_views.intake_done, name="intake-done"),
    path("intake/receipt/", public_views.intake_receipt, name="intake-receipt"),
    path("intake/<str:token>/", public_views.intake, name="intake"),
    path("policy/<str:token>/", public_views.policy_document, name="policy-document"),
]
