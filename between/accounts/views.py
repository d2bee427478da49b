"""Sign-in with a generic error and a growing wait after repeated failures.

For an account with two-factor sign-in on, a right password leads to the code step
(between.accounts.two_factor_views) instead of signing in.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from between.accounts import throttle, two_factor
from between.audit.log import client_ip, record
from between.practices.access import membership_or_none

log = logging.getLogger(__name__)


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # Neither the account nor the password is singled out: both would help a guesser.
        "invalid_login": "That username and password do not match. Please try again.",
    }


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150]
        account = throttle.account_label(username)  # never the typed name: it may be a password
        attempt = throttle.begin(username, client_ip(request), timezone.now())
        wait = attempt.seconds_to_wait()
        if wait > 0:
            attempt.turned_away()
            log.warning(
                "sign-in refused while throttled: account=%s ip=%s", account, client_ip(request)
            )
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                f"Too many attempts. Please wait {wait} seconds before trying again.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        form = self.get_form()
        if form.is_valid():
            attempt.succeeded()
            if two_factor.enrolled(form.get_user()):
                # Not signed in yet: the code step signs in once a code matches.
                two_factor.begin_pending(request, form.get_user(), self.get_success_url())
                return redirect("login-code")
            response = self.form_valid(form)
            member = membership_or_none(form.get_user())
            record(
                "auth.sign_in",
                request=request,
                actor=form.get_user(),
                practice=member.practice if member else None,
            )
            return response
        log.warning("sign-in failed: account=%s ip=%s", account, client_ip(request))
        return self.form_invalid(form)


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"
