from django.urls import path

from between.reports import views

urlpatterns = [
    path("reports/", views.reports_view, name="reports"),
    path("reports/report.csv", views.reports_csv, name="reports-csv"),
    path("clients/<int:pk>/boundaries/", views.client_boundaries, name="client-boundaries"),
]
