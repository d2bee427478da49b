"""The client's side of intake: no account, a signed single-use link, their language.

Every page here is for someone who is not signed in. A link that is tampered with,
used, or expired gets a friendly page and records nothing. The receipt can be
downloaded right after signing by the same browser (the session remembers which one);
afterwards the practice has it on the client's page.
"""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from between.audit.log import client_ip, record
from between.clients.forms import AgreementForm, IntakeForm
from between.clients.intake import (
    Answers,
    LinkAlreadyUsed,
    complete,
    document_html,
    offered_channels,
    receipt_filename,
    version_to_agree,
)
from between.clients.links import LinkState, Resolved, document_version, resolve
from between.clients.models import ClientAcknowledgement, InvitationPurpose
from between.core.documents import Format, render_document
from between.documents.i18n import translator
from between.policies.store import parsed_policy

SESSION_KEY = "between.intake.receipt"
CLIENT_ACTOR = "client (signed link)"


def _unusable(request: HttpRequest, found: Resolved) -> HttpResponse:
    language = found.invitation.client.language if found.invitation else settings.LANGUAGE_CODE
    with translation.override(language):
        return render(
            request,
            "clients/link_unusable.html",
            {"state": found.state.value, "language": language},
            status=404 if found.state is LinkState.invalid else 410,
        )


@never_cache
def intake(request: HttpRequest, token: str) -> HttpResponse:
    found = resolve(token)
    if found.state is not LinkState.ok or found.invitation is None:
        return _unusable(request, found)
    invitation = found.invitation
    client = invitation.client
    language = client.language
    timezone.activate(client.practice.timezone)  # the middleware deactivates it after
    with translation.override(language):
        try:
            version = version_to_agree(invitation)
        except LookupError:
            return _unusable(request, Resolved(LinkState.invalid))
        policy = parsed_policy(version.text)
        asks_consent = invitation.purpose == InvitationPurpose.INTAKE
        offers = offered_channels(policy) if asks_consent else []
        data = request.POST if request.method == "POST" else None
        initial = {"version_hash": version.content_hash}
        form: AgreementForm = (
            IntakeForm(offers, data, initial=initial)
            if asks_consent
            else AgreementForm(data, initial=initial)
        )
        status = 200
        if data is not None and form.is_valid():
            if form.cleaned_data["version_hash"] != version.content_hash:
                form.add_error(
                    None,
                    _(
                        "The policy changed while you were reading it. Please read this "
                        "version and sign again."
                    ),
                )
                status = 409
            else:
                answers = Answers(
                    signed_name=form.cleaned_data["signed_name"],
                    preferred=form.cleaned_data.get("preferred", ""),
                    consents=form.consents() if isinstance(form, IntakeForm) else {},
                )
                try:
                    acknowledgement = complete(
                        invitation,
                        version,
                        answers,
                        ip=client_ip(request),
                        user_agent=request.META.get("HTTP_USER_AGENT", ""),
                    )
                except LinkAlreadyUsed:
                    return _unusable(request, Resolved(LinkState.used, invitation))
                except DatabaseError:
                    form.add_error(
                        None, _("Your answers could not be saved just now. Please try again.")
                    )
                    status = 503
                else:
                    record(
                        "client.intake_completed" if asks_consent else "client.policy_acknowledged",
                        request=request,
                        actor=CLIENT_ACTOR,
                        obj=client,
                        detail={
                            "invitation": invitation.pk,
                            "acknowledgement": acknowledgement.pk,
                            "policy_version": version.pk,
                            "content_hash": version.content_hash,
                            "preferred": answers.preferred,
                            "consents": answers.consents,
                        },
                    )
                    request.session[SESSION_KEY] = acknowledgement.pk
                    return redirect("intake-done")
        elif data is not None:
            status = 400
        return render(
            request,
            "clients/intake.html",
            {
                "practice": client.practice,
                "policy": policy,
                "version": version,
                "document": document_html(version, language),
                "form": form,
                "asks_consent": asks_consent,
                "language": language,
                "expires_at": invitation.expires_at,
            },
            status=status,
        )


def _signed_here(request: HttpRequest) -> ClientAcknowledgement:
    ack_id = request.session.get(SESSION_KEY)
    if not isinstance(ack_id, int):
        raise Http404
    found = (
        ClientAcknowledgement.objects.filter(pk=ack_id)
        .select_related("client__practice", "policy_version")
        .first()
    )
    if found is None:
        raise Http404
    return found


@never_cache
def intake_done(request: HttpRequest) -> HttpResponse:
    acknowledgement = _signed_here(request)
    language = acknowledgement.client.language
    timezone.activate(acknowledgement.client.practice.timezone)
    with translation.override(language):
        return render(
            request,
            "clients/intake_done.html",
            {
                "acknowledgement": acknowledgement,
                "practice": acknowledgement.client.practice,
                "language": language,
            },
        )


@never_cache
def intake_receipt(request: HttpRequest) -> HttpResponse:
    acknowledgement = _signed_here(request)
    if not acknowledgement.receipt_pdf:
        raise Http404
    record(
        "client.receipt_downloaded",
        request=request,
        actor=CLIENT_ACTOR,
        obj=acknowledgement.client,
        detail={"acknowledgement": acknowledgement.pk},
    )
    return pdf_response(acknowledgement)


def pdf_response(acknowledgement: ClientAcknowledgement) -> HttpResponse:
    response = HttpResponse(bytes(acknowledgement.receipt_pdf or b""), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt_filename(acknowledgement)}"'
    response["Cache-Control"] = "no-store"
    return response


FORMATS = {
    "html": "text/html",
    "md": "text/markdown",
    "txt": "text/plain",
    "pdf": "application/pdf",
}


def policy_document(request: HttpRequest, token: str) -> HttpResponse:
    """A published version's document, for the link in a policy-change notice."""
    version = document_version(token)
    if version is None:
        raise Http404
    wanted = request.GET.get("format", "html")
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if wanted not in FORMATS or language not in dict(settings.LANGUAGES):
        raise Http404
    policy = parsed_policy(version.text)
    with translation.override(language):
        if wanted == "pdf":
            from between.documents.pdf import html_to_pdf  # WeasyPrint: only when asked

            html = document_html(version, language)
            body: bytes | str = html_to_pdf(html)
        else:
            body = render_document(
                policy, cast(Format, wanted), translate=translator(language), language=language
            )
    response = HttpResponse(body, f"{FORMATS[wanted]}; charset=utf-8")
    if wanted == "pdf":
        response["Content-Type"] = "application/pdf"
        response["Content-Disposition"] = (
            f'inline; filename="communications-policy-v{version.number}.pdf"'
        )
    return response
