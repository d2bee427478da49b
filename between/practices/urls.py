from django.urls import path

from between.practices import staff_views, views

urlpatterns = [
    path("absences/", views.absences_view, name="absences"),
    path("absences/calendar/", views.calendar_view, name="absence-calendar"),
    path(
        "absences/calendar/<int:year>/<int:month>/",
        views.calendar_view,
        name="absence-calendar-month",
    ),
    path("absences/new/", views.absence_add, name="absence-add"),
    path("absences/covering/", views.covering_options, name="absence-covering-options"),
    path("absences/import/", views.absence_import, name="absence-import"),
    path("absences/import/confirm/", views.absence_import_confirm, name="absence-import-confirm"),
    path("absences/<int:pk>/", views.absence_view, name="absence"),
    path("absences/<int:pk>/edit/", views.absence_edit, name="absence-edit"),
    path("absences/<int:pk>/delete/", views.absence_delete, name="absence-delete"),
    path("staff/", staff_views.staff_list, name="staff"),
    path("staff/new/", staff_views.staff_add, name="staff-add"),
    path("staff/<int:pk>/", staff_views.staff_member, name="staff-member"),
    path("staff/<int:pk>/active/", staff_views.staff_active, name="staff-active"),
    path("staff/<int:pk>/link/", staff_views.staff_link, name="staff-link"),
    path(
        "welcome/<uidb64>/<token>/",
        staff_views.SetPasswordView.as_view(),
        name="staff-set-password",
    ),
]
