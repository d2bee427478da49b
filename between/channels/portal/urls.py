from django.urls import path

from between.channels.portal import views

urlpatterns = [path("<str:token>/", views.portal, name="portal")]
