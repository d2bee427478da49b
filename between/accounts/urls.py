from django.urls import path

from between.accounts.two_factor_views import sign_in_code, two_factor_settings
from between.accounts.views import SignInView, SignOutView

urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("login/code/", sign_in_code, name="login-code"),
    path("logout/", SignOutView.as_view(), name="logout"),
    path("account/two-factor/", two_factor_settings, name="two-factor"),
]
