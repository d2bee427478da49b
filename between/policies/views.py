"""The policy editor: versions, editing as a form or as YAML, live checks, previews, the
simulator, and the way from draft to published.

Every query is scoped by the signed-in member's practice, so another practice's versions
are simply not found. Within a practice the role decides: owners and clinicians write and
submit, supervisors approve, the owner publishes, and front-desk staff read the version
in force and nothing else. Every refusal is a 404, as everywhere in Between: a page
that may not be used does not exist for that person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages as notices
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from between.audit.log import record
from between.core.policy import Severity, reference_policy_text
from between.core.policy.lifecycle import Status, in_words
from between.core.policy.source import YamlSyntaxError, parse
from between.messaging.simulate import SimulationError
from between.policies import lifecycle
from between.policies import notices as notices_module
from between.policies.cli import RENDER_LANGUAGES, CheckReport
from between.policies.editor import file_name, previews, report_for, run_simulation
from between.policies.forms import (
    ConfirmPublishForm,
    PolicyForm,
    PublishForm,
    SimulatorForm,
    YamlForm,
    field_for,
)
from between.policies.models import PolicyStatus, PolicyVersion
from between.policies.notices import NoticePlan
from between.practices.access import membership_or_404
from between.practices.models import Membership, Practice, Role

STATUS_LABELS = {
    Status.draft: "Draft",
    Status.submitted: "Submitted for approval",
    Status.approved: "Approved",
    Status.published: "Published, not yet in force",
    Status.in_force: "In force",
    Status.superseded: "Superseded",
}
WRITERS = (Role.OWNER, Role.CLINICIAN)
CHANGED_ELSEWHERE = (
    "This draft was changed by someone else since you opened it, so your changes were "
    "not saved. Reload the page to see the new text."
)


@dataclass(frozen=True)
class Allowed:
    """What the member may do with one version now; the templates show only these."""

    edit: bool
    submit: bool
    approve: bool
    send_back: bool
    publish: bool
    simulate: bool
    new_draft: bool
    workflow: bool  # sees the next step at all (everyone but front desk)


def _may_edit(member: Membership, version: PolicyVersion) -> bool:
    """A draft is its author's to change, the owner's, or (for a clinician's own policy)
    that clinician's; colleagues start a draft of their own rather than rewrite another's.
    """
    if member.role not in WRITERS:
        return False
    return (
        version.created_by_id == member.user_id
        or member.manages_practice
        or (version.clinician_id is not None and version.clinician_id == member.pk)
    )


def _allowed(member: Membership, version: PolicyVersion, report: CheckReport) -> Allowed:
    writer = member.role in WRITERS
    author = version.created_by_id == member.user_id
    approval = report.result.policy.approval_required if report.result else None
    draft = version.status == PolicyStatus.DRAFT
    return Allowed(
        edit=_may_edit(member, version) and draft,
        submit=writer and draft and approval is True and (author or member.manages_practice),
        approve=(
            version.status == PolicyStatus.SUBMITTED
            and member.role == Role.SUPERVISOR
            and not author
        ),
        send_back=(
            version.status in (PolicyStatus.SUBMITTED, PolicyStatus.APPROVED)
            and (member.role == Role.SUPERVISOR or author or member.manages_practice)
        ),
        publish=member.manages_practice
        and (
            (draft and approval is False) or (version.status == PolicyStatus.APPROVED and report.ok)
        ),
        simulate=member.role != Role.FRONT_DESK,
        new_draft=writer,
        workflow=member.role != Role.FRONT_DESK,
    )


def _in_force(practice: Practice) -> PolicyVersion | None:
    return lifecycle.in_force(practice, timezone.now())


def _version_or_404(member: Membership, pk: int) -> PolicyVersion:
    """A version of the member's own practice; front desk sees only the one in force."""
    version = get_object_or_404(
        PolicyVersion.objects.filter(practice=member.practice).select_related(
            "practice", "clinician", "created_by__membership", "approved_by__membership"
        ),
        pk=pk,
    )
    if member.role == Role.FRONT_DESK and lifecycle.display_status(version) is not Status.in_force:
        raise Http404
    return version


def _writer(member: Membership) -> None:
    if member.role not in WRITERS:
        raise Http404


def _page(
    request: HttpRequest,
    template: str,
    member: Membership,
    version: PolicyVersion,
    report: CheckReport,
    tab: str,
    **extra: Any,
) -> HttpResponse:
    status = lifecycle.display_status(version)
    context = {
        "version": version,
        "status": status.value,
        "status_label": STATUS_LABELS[status],
        "report": report,
        "allowed": _allowed(member, version, report),
        "file_name": file_name(version),
        "tab": tab,
        **extra,
    }
    return render(request, template, context)


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    member = membership_or_404(request.user)
    current = _in_force(member.practice)
    rows = []
    if member.role == Role.FRONT_DESK:
        versions = [current] if current else []
    else:
        versions = list(
            PolicyVersion.objects.filter(practice=member.practice)
            .select_related("clinician", "created_by__membership", "approved_by__membership")
            .order_by("clinician_id", "-number")
        )
    for version in versions:
        status = lifecycle.display_status(version)
        rows.append({"version": version, "status": status.value, "label": STATUS_LABELS[status]})
    return render(
        request,
        "policies/list.html",
        {"rows": rows, "current": current, "can_write": member.role in WRITERS},
    )


@login_required
@require_POST
def policy_new(request: HttpRequest) -> HttpResponse:
    """A new draft copied from a chosen version, the one in force, or the reference."""
    member = membership_or_404(request.user)
    _writer(member)
    source: PolicyVersion | None = None
    chosen = request.POST.get("from", "")
    if chosen:
        if not chosen.isdigit():
            raise Http404
        source = _version_or_404(member, int(chosen))
    else:
        source = _in_force(member.practice)
    text = source.text if source is not None else reference_policy_text()
    clinician = source.clinician if source is not None else None
    with transaction.atomic():
        # Numbers are per practice: lock it so two new drafts cannot take the same one.
        Practice.objects.select_for_update().filter(pk=member.practice_id).first()
        latest = PolicyVersion.objects.filter(
            practice=member.practice, clinician=clinician
        ).aggregate(n=Max("number"))["n"]
        version = PolicyVersion.objects.create(
            practice=member.practice,
            clinician=clinician,
            number=(latest or 0) + 1,
            text=text,
            status=PolicyStatus.DRAFT,
            created_by=member.user,
        )
        record(
            "policy.created",
            request=request,
            obj=version,
            detail={"from_version": source.pk if source else None},
        )
    notices.success(request, f"Draft version {version.number} started.")
    return redirect("policy-edit", pk=version.pk)


@login_required
def policy_version(request: HttpRequest, pk: int) -> HttpResponse:
    member = membership_or_404(request.user)
    version = _version_or_404(member, pk)
    report = report_for(version)
    publish_form = PublishForm(initial={"effective": _earliest_effective(version, report)})
    return _page(
        request,
        "policies/version.html",
        member,
        version,
        report,
        "overview",
        publish_form=publish_form,
    )


def _earliest_effective(version: PolicyVersion, report: CheckReport) -> date:
    """The first date a version could take effect: today for the first, else after notice."""
    today = timezone.localdate()
    published = PolicyVersion.objects.filter(
        practice=version.practice,
        clinician=version.clinician,
        status__in=[PolicyStatus.PUBLISHED, PolicyStatus.SUPERSEDED],
    ).exclude(pk=version.pk)
    if not published.exists() or report.result is None:
        return today
    return today + timedelta(days=report.result.policy.notice_days + 1)


def _draft(request: HttpRequest, pk: int) -> tuple[Membership, PolicyVersion]:
    member = membership_or_404(request.user)
    version = _version_or_404(member, pk)
    if not _may_edit(member, version):
        raise Http404
    return member, version


@login_required
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member, version = _draft(request, pk)
    if version.status != PolicyStatus.DRAFT:
        notices.info(request, "Only a draft can be edited; start a new draft to change it.")
        return redirect("policy-version", pk=version.pk)
    unreadable = ""
    form: PolicyForm | None = None
    try:
        data = parse(version.text).data
    except YamlSyntaxError as exc:
        data, unreadable = None, f"line {exc.line}, column {exc.col}: {exc.message}"
    if data is not None and not isinstance(data, dict):
        data, unreadable = None, "it is not a set of keys and values"
    report = report_for(version)
    if request.method == "POST" and data is not None:
        form = PolicyForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["base"] != version.content_hash:
                notices.error(request, CHANGED_ELSEWHERE)
            else:
                return _save(request, version, form.apply(version.text), "form", "policy-edit")
        else:
            report = _partial_report(version, form, data) or report
    elif data is not None:
        form = PolicyForm(initial=PolicyForm.initial_from(data, base=version.content_hash))
    summary = _summary(version, report, form) if form is not None else None
    return _page(
        request,
        "policies/edit.html",
        member,
        version,
        report,
        "form",
        form=form,
        unreadable=unreadable,
        summary=summary,
    )


@dataclass(frozen=True)
class SummaryItem:
    """One line of the error summary: the sentence, where to fix it, and the YAML detail."""

    text: str
    href: str
    detail: str = ""


@dataclass(frozen=True)
class Summary:
    errors: list[SummaryItem]
    warnings: list[SummaryItem]
    ok: bool


def _summary(version: PolicyVersion, report: CheckReport | None, form: PolicyForm) -> Summary:
    """Every problem at once, each linked to its field; the fields are marked to match.

    The form's own errors (a reply time that is not a number) come first, in the form's
    order; then what the policy check found, placed next to the field it is about, or
    pointed at the YAML editor when the form does not show that part of the policy.
    """
    yaml_url = reverse("policy-yaml", args=[version.pk])
    errors: list[SummaryItem] = []
    marks: dict[str, list[str]] = {}
    for name, found in form.errors.items():
        if name in form.fields:
            bound = form[name]
            errors += [SummaryItem(f"{bound.label}: {e}", f"#{bound.auto_id}") for e in found]
            marks[name] = [str(e) for e in found]
    warnings: list[SummaryItem] = []
    for problem in report.problems if report is not None else ():
        field = field_for(problem.loc) if problem.loc else None
        if field is not None and field in form.errors:
            continue  # checked with the value as saved; the form's own message says it
        if field is None:
            item = SummaryItem(
                f"{problem.sentence} (this is not on the form: fix it as YAML)",
                f"{yaml_url}#problems",
                problem.format(),
            )
        else:
            item = SummaryItem(problem.sentence, f"#{form[field].auto_id}", problem.format())
            bound = form[field]
            shown = getattr(bound, "problems", [])
            warning = problem.severity is Severity.warning
            shown.append({"text": problem.sentence, "warning": warning})
            bound.problems = shown  # type: ignore[attr-defined]
            if not warning:
                marks.setdefault(field, []).append(problem.sentence)
        (errors if problem.severity is Severity.error else warnings).append(item)
    form.mark_problems(marks)
    return Summary(errors, warnings, ok=not errors and report is not None and report.ok)


def _partial_report(
    version: PolicyVersion, form: PolicyForm, data: dict[str, Any]
) -> CheckReport | None:
    """The check of everything typed, with the fields the form refused left as they were.

    So a reply time of "soon" does not hide that Friday ends before it starts: the
    person sees every problem at once and fixes them in one go.
    """
    current = PolicyForm.initial_from(data, base=version.content_hash)
    merged = cast(QueryDict, form.data).copy()
    for name in form.errors:
        if name not in form.fields:
            continue
        value = current.get(name)
        if isinstance(value, list):
            merged.setlist(name, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                merged[name] = "on"
            else:
                merged.pop(name, None)
        else:
            merged[name] = "" if value is None else str(value)
    second = PolicyForm(merged)
    if not second.is_valid():
        return None
    try:
        return report_for(version, second.apply(version.text))
    except (YamlSyntaxError, ValueError):
        return None


@login_required
def policy_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    member = membership_or_404(request.user)
    version = _version_or_404(member, pk)
    editable = _may_edit(member, version) and version.status == PolicyStatus.DRAFT
    form: YamlForm | None = None
    if request.method == "POST":
        if not editable:
            raise Http404
        form = YamlForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["base"] != version.content_hash:
                notices.error(request, CHANGED_ELSEWHERE)
            else:
                return _save(request, version, form.cleaned_data["text"], "yaml", "policy-yaml")
    elif editable:
        form = YamlForm(initial={"text": version.text, "base": version.content_hash})
    return _page(
        request, "policies/yaml.html", member, version, report_for(version), "yaml", form=form
    )


def _save(
    request: HttpRequest, version: PolicyVersion, text: str, via: str, page: str
) -> HttpResponse:
    """Keep the new text (errors and all: a draft may be unfinished) and say how it stands."""
    if text == version.text:
        notices.info(request, "Nothing changed.")
        return redirect(page, pk=version.pk)
    version.text = text
    version.save(update_fields=["text", "content_hash"])
    report = report_for(version)
    record(
        "policy.edited",
        request=request,
        obj=version,
        detail={"via": via, "errors": len(report.errors), "warnings": len(report.warnings)},
    )
    if report.ok:
        notices.success(request, "Saved. The policy has no errors.")
    else:
        count = len(report.errors)
        notices.warning(
            request,
            f"Saved, with {count} error{'' if count == 1 else 's'} to fix before it can "
            "be submitted or published.",
        )
    return redirect(page, pk=version.pk)


@login_required
@require_POST
def policy_validate(request: HttpRequest, pk: int) -> HttpResponse:
    """Check what is being typed, without saving: the same report `check` prints."""
    _member, version = _draft(request, pk)
    field_errors: list[str] = []
    report: CheckReport | None = None
    if request.POST.get("mode") == "yaml":
        form = YamlForm(request.POST)
        if form.is_valid():
            report = report_for(version, form.cleaned_data["text"])
        else:
            field_errors = ["The policy is empty."]
    else:
        policy_form = PolicyForm(request.POST)
        if policy_form.is_valid():
            try:
                report = report_for(version, policy_form.apply(version.text))
            except (YamlSyntaxError, ValueError):
                field_errors = ["The YAML cannot be read; fix it in the YAML editor."]
        else:
            field_errors = [
                f"{policy_form[name].label}: {' '.join(str(e) for e in errors)}"
                for name, errors in policy_form.errors.items()
                if name in policy_form.fields
            ]
            try:
                data = parse(version.text).data
            except YamlSyntaxError:
                data = None
            if isinstance(data, dict):
                report = _partial_report(version, policy_form, data)
        summary = _summary(version, report, policy_form)
        return render(
            request,
            "policies/_summary.html",
            {"report": report, "field_errors": field_errors, "live": True, "summary": summary},
        )
    return render(
        request,
        "policies/_problems.html",
        {"report": report, "field_errors": field_errors, "live": True},
    )


@login_required
def policy_preview(request: HttpRequest, pk: int) -> HttpResponse:
    member = membership_or_404(request.user)
    version = _version_or_404(member, pk)
    report = report_for(version)
    language = request.GET.get("language", "en")
    if language not in RENDER_LANGUAGES:
        language = "en"
    shown = previews(report.result.policy, language) if report.result else None
    return _page(
        request,
        "policies/preview.html",
        member,
        version,
        report,
        "preview",
        previews=shown,
        language=language,
        languages=[("en", "English"), ("es", "Español")],
    )


@login_required
def policy_simulate(request: HttpRequest, pk: int) -> HttpResponse:
    """The simulator: the same code as `between simulate`, on this version's text."""
    member = membership_or_404(request.user)
    version = _version_or_404(member, pk)
    if member.role == Role.FRONT_DESK:
        raise Http404
    report = report_for(version)
    outcomes = None
    problem = ""
    if request.method == "POST":
        form = SimulatorForm(request.POST)
        if form.is_valid():
            try:
                outcomes = run_simulation(version, form, timezone.localdate())
            except SimulationError as exc:
                problem = str(exc)
    else:
        form = SimulatorForm()
    context = {"form": form, "outcomes": outcomes, "problem": problem}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "policies/_simulation.html", context)
    return _page(request, "policies/simulate.html", member, version, report, "simulate", **context)


def _workflow(request: HttpRequest, pk: int) -> tuple[Membership, PolicyVersion, Allowed]:
    member = membership_or_404(request.user)
    version = _version_or_404(member, pk)
    return member, version, _allowed(member, version, report_for(version))


def _refused(request: HttpRequest, version: PolicyVersion, why: str) -> HttpResponse:
    notices.error(request, why)
    return redirect("policy-version", pk=version.pk)


def _step(
    request: HttpRequest,
    version: PolicyVersion,
    move: Callable[[], object],
    verb: str,
    done: str,
) -> HttpResponse:
    """One lifecycle move: its refusal is shown kindly, its success says what comes next."""
    try:
        move()
    except lifecycle.LifecycleError as exc:
        return _refused(request, version, f"It could not be {verb}: {exc}.")
    notices.success(request, done)
    return redirect("policy-version", pk=version.pk)


@login_required
@require_POST
def policy_submit(request: HttpRequest, pk: int) -> HttpResponse:
    member, version, allowed = _workflow(request, pk)
    _writer(member)
    report = report_for(version)
    if not report.ok:
        count = len(report.errors)
        return _refused(
            request,
            version,
            f"This draft has {count} error{'' if count == 1 else 's'}; fix "
            f"{'it' if count == 1 else 'them'} before submitting it for approval.",
        )
    if not allowed.submit:
        raise Http404
    return _step(
        request,
        version,
        lambda: lifecycle.submit(version, request.user),
        "submitted",
        "Submitted. A supervisor can now approve it or send it back.",
    )


@login_required
@require_POST
def policy_approve(request: HttpRequest, pk: int) -> HttpResponse:
    member, version, _allowed_now = _workflow(request, pk)
    if member.role != Role.SUPERVISOR:
        raise Http404
    return _step(
        request,
        version,
        lambda: lifecycle.approve(version, member),
        "approved",
        "Approved. The owner can now publish it with an effective date.",
    )


@login_required
@require_POST
def policy_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    _member, version, allowed = _workflow(request, pk)
    if not allowed.send_back:
        raise Http404
    return _step(
        request,
        version,
        lambda: lifecycle.return_to_draft(version, request.user),
        "returned to draft",
        "Returned to draft; it can be edited again.",
    )


PUBLISH_SALT = "between.policies.publish"
PUBLISH_TOKEN_MAX_AGE = 60 * 60  # an hour-old confirmation page is previewed again


def _publisher(request: HttpRequest, pk: int) -> tuple[Membership, PolicyVersion]:
    member, version, _allowed_now = _workflow(request, pk)
    if not member.manages_practice:
        raise Http404
    return member, version


def _effective(version: PolicyVersion, day: date, now: datetime) -> datetime:
    """The start of `day` in the practice's zone; today means at once."""
    zone = ZoneInfo(version.practice.timezone)
    if day == now.astimezone(zone).date():
        return now
    return datetime.combine(day, time(0, 0), zone)


def _when(moment: datetime, version: PolicyVersion) -> str:
    return in_words(moment, ZoneInfo(version.practice.timezone))


def _token(version: PolicyVersion, day: date, plan: NoticePlan) -> str:
    """What the person saw: this text, this date, these clients. A confirmation that
    does not match all three publishes nothing."""
    return signing.dumps(
        {
            "v": version.pk,
            "h": version.content_hash,
            "d": day.isoformat(),
            "r": sorted(r.client.pk for r in plan.recipients),
        },
        salt=PUBLISH_SALT,
    )


def confirmation_data(version: PolicyVersion, day: date) -> dict[str, str]:
    """What the confirmation page posts to publish `version` from `day`, for the clients
    who would be told now (for tests and the role matrix: a person reads the page first)."""
    plan = lifecycle.notice_plan(version, timezone.now())
    return {"effective": day.isoformat(), "token": _token(version, day, plan)}


def _preview_url(version: PolicyVersion, day: date | None) -> str:
    url = reverse("policy-publish-preview", args=[version.pk])
    return f"{url}?effective={day.isoformat()}" if day else url


@login_required
def policy_publish_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What publishing would send, to whom, and who gets nothing: nothing happens here."""
    member, version = _publisher(request, pk)
    report = report_for(version)
    allowed = _allowed(member, version, report)
    if version.status == PolicyStatus.PUBLISHED:
        notices.info(request, f"Version {version.number} is already published.")
        return redirect("policy-version", pk=version.pk)
    if not report.ok:
        return _refused(request, version, "A policy with errors cannot be published.")
    if not allowed.publish:
        raise Http404
    form = PublishForm(request.GET)
    if not form.is_valid():
        return _refused(request, version, "Choose the date the new version takes effect.")
    now = timezone.now()
    day: date = form.cleaned_data["effective"]
    effective = _effective(version, day, now)
    try:
        lifecycle.check_dates(version, effective, now)
    except lifecycle.LifecycleError as exc:
        return _refused(request, version, f"It could not be published: {exc}.")
    plan = lifecycle.notice_plan(version, now)
    samples = notices_module.sample_notices(version, plan, effective)
    record(
        "policy.publish_previewed",
        request=request,
        obj=version,
        detail={
            "effective_at": effective.isoformat(),
            "clients_to_message": plan.count,
            "clients_left_out": len(plan.left_out),
        },
    )
    languages = dict(settings.LANGUAGES)
    return _page(
        request,
        "policies/publish.html",
        member,
        version,
        report,
        "overview",
        plan=plan,
        effective=effective,
        effective_words=_when(effective, version),
        at_once=effective == now,
        samples=[
            {
                "language": languages.get(language, language),
                "channel": channel,
                "how": notices_module.CHANNEL_WORDS.get(channel, channel),
                "text": text,
                "clients": sum(
                    1
                    for r in plan.recipients
                    if r.client.language == language and r.channel == channel
                ),
            }
            for language, channel, text in samples
        ],
        confirm=ConfirmPublishForm(
            initial={"effective": day.isoformat(), "token": _token(version, day, plan)}
        ),
    )


@login_required
@require_POST
def policy_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish and send, only as confirmed: the text, the date and the clients previewed.

    The version row is locked, so a double click or a second tab waits for the first
    confirmation and then finds the version already published: one publication, one
    notice per client. Without a confirmation the person is shown the preview first.
    """
    member, version = _publisher(request, pk)
    form = ConfirmPublishForm(request.POST)
    day = form.cleaned_data["effective"] if form.is_valid() else None
    if not form.is_valid():
        loose = PublishForm(request.POST)
        day = loose.cleaned_data["effective"] if loose.is_valid() else None
        return redirect(_preview_url(version, day))
    assert day is not None
    try:
        seen = signing.loads(
            form.cleaned_data["token"], salt=PUBLISH_SALT, max_age=PUBLISH_TOKEN_MAX_AGE
        )
    except signing.SignatureExpired:
        notices.warning(request, "That confirmation is more than an hour old; check it again.")
        return redirect(_preview_url(version, day))
    except signing.BadSignature:
        return redirect(_preview_url(version, day))
    if seen.get("v") != version.pk or seen.get("d") != day.isoformat():
        return redirect(_preview_url(version, day))
    with transaction.atomic():
        version = (
            PolicyVersion.objects.select_for_update(of=("self",))
            .select_related("practice", "clinician")
            .get(pk=version.pk)
        )
        if version.status == PolicyStatus.PUBLISHED:
            notices.info(
                request,
                f"Version {version.number} was already published; nothing more was sent.",
            )
            return redirect("policy-version", pk=version.pk)
        if version.content_hash != seen.get("h"):
            record(
                "policy.publish_refused", request=request, obj=version, detail={"why": "changed"}
            )
            notices.error(
                request,
                "This version changed after you checked what would be sent, so it was not "
                "published. Check the notice again before publishing.",
            )
            return redirect(_preview_url(version, day))
        report = report_for(version)
        if not report.ok or not _allowed(member, version, report).publish:
            return _refused(request, version, "This version cannot be published now.")
        now = timezone.now()
        plan = lifecycle.notice_plan(version, now)
        if sorted(r.client.pk for r in plan.recipients) != seen.get("r"):
            record(
                "policy.publish_refused", request=request, obj=version, detail={"why": "clients"}
            )
            notices.warning(
                request,
                "The clients who would be messaged changed since you checked; here is the "
                "new list. Nothing was sent.",
            )
            return redirect(_preview_url(version, day))
        effective = _effective(version, day, now)
        try:
            created = lifecycle.publish(version, request.user, effective, now=now)
        except lifecycle.LifecycleError as exc:
            return _refused(request, version, f"It could not be published: {exc}.")
    sent = sum(1 for n in created if n.sent_at is not None)
    unreached = len(created) - sent
    notices.success(
        request,
        f"Published. It takes effect {_when(effective, version)}; "
        f"{sent} client{'' if sent == 1 else 's'} will be told"
        + (f"; {unreached} could not be reached." if unreached else "."),
    )
    return redirect("policy-version", pk=version.pk)


@login_required
@require_POST
def policy_publish_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Leave the confirmation without publishing: nothing changes, and the trail says so."""
    _member, version = _publisher(request, pk)
    record("policy.publish_cancelled", request=request, obj=version)
    notices.info(request, "Not published. Nothing was sent.")
    return redirect("policy-version", pk=version.pk)
