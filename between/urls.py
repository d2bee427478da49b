from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from between.web import views as web

admin.site.site_header = "Between administration"
admin.site.site_title = "Between"

urlpatterns = [
    path("", web.home, name="home"),
    path("health/", web.health, name="health"),
    # Browsers ask for it on every page that names no icon (the admin's, for one).
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("between/icon.svg"), permanent=True),
        name="favicon",
    ),
    path("", include("between.accounts.urls")),
    path("", include("between.messaging.urls")),
    path("", include("between.clients.urls")),
    path("", include("between.policies.urls")),
    path("", include("between.practices.urls")),
    path("", include("between.reports.urls")),
    path("", include("between.audit.urls")),
    path("hooks/sms/", include("between.channels.sms.urls")),
    path("hooks/voice/", include("between.channels.voice.urls")),
    path("portal/", include("between.channels.portal.urls")),
    path("admin/", admin.site.urls),
]
