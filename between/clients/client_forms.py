"""The client form staff fill in: who the client is, how to reach them, what they agreed to.

One page holds three parts: the client's facts (a model form), their email addresses
and phone numbers (two small formsets, a row per address), and a consent choice per
channel with one note saying how the client gave it. Everything is checked before
anything is saved, so a bad number keeps the rest of what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from between.clients.contact import normalize_email, normalize_phone, region_of
from between.clients.models import (
    Channel,
    Client,
    ConsentState,
    ContactKind,
    ContactPoint,
)
from between.practices.models import Membership, Role

# Roles that may be a client's clinician (the front desk never is).
CLINICAL_ROLES = (Role.CLINICIAN, Role.SUPERVISOR, Role.OWNER)
NOT_ASKED = ""


def clinicians_of(member: Membership) -> Any:
    """Who may hold a caseload in the member's practice; a clinician only themselves."""
    found = Membership.objects.filter(
        practice=member.practice, is_active=True, role__in=CLINICAL_ROLES
    ).order_by("display_name")
    if member.role == Role.CLINICIAN:
        return found.filter(pk=member.pk)
    return found


def _display_name(member: Membership) -> str:
    return member.display_name


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["name", "clinician", "language", "preferred_channel"]
        labels = {"name": "Name", "language": "Language for messages and forms"}
        help_texts = {"name": "As the client writes it. Never sent in automatic messages."}

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        clinician = self.fields["clinician"]
        assert isinstance(clinician, forms.ModelChoiceField)
        clinician.queryset = clinicians_of(member)
        clinician.empty_label = "No clinician yet"
        clinician.label_from_instance = _display_name  # type: ignore[method-assign,assignment]
        if member.role == Role.CLINICIAN:
            # A clinician's clients are their own caseload: they add to it, and another
            # clinician is assigned by the owner, a supervisor or the front desk.
            clinician.disabled = True
            clinician.required = False
            clinician.help_text = "Your own client. The owner or a supervisor can reassign."
            if self.instance.pk is None:
                self.initial["clinician"] = member.pk
        preferred = self.fields["preferred_channel"]
        assert isinstance(preferred, forms.ChoiceField)
        preferred.choices = [("", "Not chosen yet"), *Channel.choices]
        preferred.label = "Preferred channel"
        self.fields["name"].widget.attrs.update(autocomplete="off")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_clinician(self) -> Membership | None:
        if self.member.role == Role.CLINICIAN:
            # Disabled fields keep the instance's value; a new client is the clinician's.
            return self.instance.clinician if self.instance.pk else self.member
        value: Membership | None = self.cleaned_data.get("clinician")
        return value


class ContactRowForm(forms.Form):
    """One address or number. Left empty, or ticked for removal, it is not kept."""

    kind: str = ContactKind.EMAIL

    value = forms.CharField(max_length=254, required=False, strip=True)

    def __init__(self, *args: Any, region: str = "US", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        field = self.fields["value"]
        if self.kind == ContactKind.PHONE:
            field.label = "Phone number"
            field.widget = forms.TextInput(
                attrs={"class": "form-control", "type": "tel", "autocomplete": "off"}
            )
        else:
            field.label = "Email address"
            field.widget = forms.TextInput(
                attrs={"class": "form-control", "type": "email", "autocomplete": "off"}
            )

    def clean_value(self) -> str:
        raw: str = self.cleaned_data.get("value") or ""
        if not raw:
            return ""
        if self.kind == ContactKind.PHONE:
            try:
                return normalize_phone(raw, self.region)
            except ValidationError:
                raise ValidationError(
                    "This is not a phone number we can use. Write it with the area code, "
                    "for example (212) 555-0142, or with + and the country code."
                ) from None
        try:
            validate_email(raw)
        except ValidationError:
            raise ValidationError(
                "This is not an email address. It should look like name@example.com."
            ) from None
        return normalize_email(raw)


class EmailRowForm(ContactRowForm):
    kind = ContactKind.EMAIL


class PhoneRowForm(ContactRowForm):
    kind = ContactKind.PHONE


def _removed(form: forms.BaseForm) -> bool:
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


class ContactRows(forms.BaseFormSet):
    """The rows of one kind; refuses the same value twice or one of another client's."""

    kind: str = ContactKind.EMAIL

    def __init__(
        self,
        *args: Any,
        client: Client | None,
        member: Membership,
        visible: set[int] | None = None,
        **kwargs: Any,
    ) -> None:
        self.client = client
        self.member = member
        self.visible = visible or set()
        kwargs.setdefault("form_kwargs", {})["region"] = region_of(member.practice.country)
        super().__init__(*args, **kwargs)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def values(self) -> list[str]:
        """The normalised values to keep, in the order given."""
        kept: list[str] = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or _removed(form):
                continue
            value = form.cleaned_data.get("value")
            if value and value not in kept:
                kept.append(value)
        return kept

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        what = "number" if self.kind == ContactKind.PHONE else "address"
        for form in self.forms:
            if _removed(form):
                continue
            value = form.cleaned_data.get("value")
            if not value:
                continue
            if value in seen:
                form.add_error("value", f"This {what} is already given above.")
                continue
            seen.add(value)
            other = (
                ContactPoint.objects.filter(
                    practice=self.member.practice, kind=self.kind, value=value
                )
                .exclude(client=self.client)
                .select_related("client")
                .first()
                if self.client is not None and self.client.pk
                else ContactPoint.objects.filter(
                    practice=self.member.practice, kind=self.kind, value=value
                )
                .select_related("client")
                .first()
            )
            if other is not None:
                # Name the other client only to someone who may see them.
                whose = (
                    f"to {other.client.name}"
                    if other.client_id in self.visible
                    else "to another client of the practice"
                )
                form.add_error(
                    "value",
                    f"This {what} already belongs {whose}. A {what} can identify only one "
                    f"client, so messages from it reach the right record.",
                )


class EmailRows(ContactRows):
    kind = ContactKind.EMAIL


class PhoneRows(ContactRows):
    kind = ContactKind.PHONE


def contact_rows(
    kind: str,
    data: Any,
    *,
    client: Client | None,
    member: Membership,
    visible: set[int],
) -> ContactRows:
    """The formset of one kind, filled with the client's current values."""
    row = PhoneRowForm if kind == ContactKind.PHONE else EmailRowForm
    base = PhoneRows if kind == ContactKind.PHONE else EmailRows
    initial = []
    if client is not None and client.pk:
        initial = [{"value": c.value} for c in client.contacts.filter(kind=kind).order_by("id")]
    factory = forms.formset_factory(
        row, formset=base, extra=1 if initial else 2, can_delete=True, max_num=10
    )
    prefix = "phones" if kind == ContactKind.PHONE else "emails"
    formset: ContactRows = factory(  # type: ignore[call-arg,assignment]
        data, initial=initial, prefix=prefix, client=client, member=member, visible=visible
    )
    return formset


@dataclass(frozen=True)
class ConsentChoice:
    channel: str
    label: str
    current: str  # the state now, or "" when never asked


STATE_CHOICES = [
    (NOT_ASKED, "Not asked yet"),
    (ConsentState.GRANTED.value, "Agreed"),
    (ConsentState.DECLINED.value, "Declined"),
    (ConsentState.WITHDRAWN.value, "Withdrawn"),
]


class ConsentForm(forms.Form):
    """A consent choice per channel and how the client gave it.

    Only a change is recorded (records are append-only); choosing "Not asked yet" for a
    channel that has a record changes nothing, since a decision cannot be un-made.
    """

    note = forms.CharField(
        label="How and when the client told you",
        help_text="Needed when you set a consent above. For example: “said yes to texts on "
        "the phone, 3 Dec”. Kept with the record.",
        max_length=1000,
        required=False,
        # Not "(optional)": it is needed whenever a consent changes.
        widget=forms.Textarea(
            attrs={"rows": 2, "class": "form-control", "data_needed_when": "consent"}
        ),
    )

    def __init__(self, *args: Any, client: Client | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current: dict[str, str] = {}
        if client is not None and client.pk:
            for value, _label in Channel.choices:
                self.current[value] = client.consent_state(value) or NOT_ASKED
        for value, label in Channel.choices:
            now = self.current.get(value, NOT_ASKED)
            choices = STATE_CHOICES if now else STATE_CHOICES[:3]
            self.fields[f"consent_{value}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=now,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def channel_fields(self) -> list[forms.BoundField]:
        return [self[f"consent_{value}"] for value, _label in Channel.choices]

    def changes(self) -> dict[str, str]:
        """Channel → new state, for the channels whose consent changes."""
        found = {}
        for value, _label in Channel.choices:
            chosen = self.cleaned_data.get(f"consent_{value}") or NOT_ASKED
            if chosen and chosen != self.current.get(value, NOT_ASKED):
                found[value] = chosen
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.changes() and not (data.get("note") or "").strip():
            self.add_error(
                "note",
                "Say how and when the client gave or refused consent; it is the record's evidence.",
            )
        return data


def mark_invalid(*forms_: forms.BaseForm | forms.BaseFormSet) -> None:
    """Bootstrap's red outline on each field in error, and its message read with it."""
    for item in forms_:
        for form in item.forms if isinstance(item, forms.BaseFormSet) else [item]:
            for name in form.errors:
                if name not in form.fields:
                    continue
                attrs = form.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
                described = f"{form[name].auto_id}_error"
                if form.fields[name].help_text:
                    described += f" {form[name].auto_id}_helptext"
                attrs["aria-describedby"] = described
