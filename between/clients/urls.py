from django.urls import path

from between.clients import views

urlpatterns = [
    path("clients/", views.client_list, name="clients"),
    path("clients/<int:pk>/", views.client_detail, name="client"),
    path("clients/<int:pk>/portal-link/", views.portal_link, name="client-portal-link"),
]
