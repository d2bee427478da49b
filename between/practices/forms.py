"""Forms of the absences and staff pages.

Every choice of a person is limited to the signed-in member's practice by the queryset,
so an id from another practice is simply "not a valid choice".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.urls import reverse

from between.clients.contact import normalize_phone
from between.messaging.own_addresses import is_own
from between.practices.absences import clinicians_for, covering_choices
from between.practices.ical import MAX_BYTES
from between.practices.models import Absence, Membership, Role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _day(value: Any) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


class CoveringField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.get_role_display().lower()})"


def _covering_field() -> CoveringField:
    return CoveringField(
        queryset=Membership.objects.none(),
        required=False,
        empty_label="No one named",
        label="Covering colleague",
        error_messages={
            "invalid_choice": "Choose an active colleague of this practice other than the "
            "one who is away."
        },
        help_text="Named in out-of-office replies when the policy lists them under coverage.",
    )


class ClinicianField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def _clinician_field() -> ClinicianField:
    return ClinicianField(queryset=Membership.objects.none(), empty_label=None, label="Who is away")


NOTE_MAX = Absence._meta.get_field("note").max_length or 200


class NoteField(forms.CharField):
    """A note box with no maxlength attribute: a browser silently cuts pasted text at
    maxlength, so a long note is refused with its length instead, keeping every word."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def _note_field() -> NoteField:
    return NoteField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Seen by everyone in the practice, never by clients. At most {NOTE_MAX} "
        "characters.",
    )


class AbsenceForm(forms.ModelForm):
    clinician = _clinician_field()
    covering = _covering_field()
    note = _note_field()

    class Meta:
        model = Absence
        fields = ["clinician", "start", "end", "covering", "note"]
        labels = {"start": "First day away", "end": "Last day away"}
        help_texts = {
            "end": "Inclusive: the last day the clinician is away, not the day they return.",
        }
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, member: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        choices = clinicians_for(member)
        if self.instance.pk:
            # Someone no longer active keeps their past absences editable.
            choices = choices | Membership.objects.filter(pk=self.instance.clinician_id)
        else:
            self.instance.practice = member.practice
        field = self.fields["clinician"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = choices.distinct()
        if not self.instance.pk and choices.filter(pk=member.pk).exists():
            field.initial = member.pk
        if member.role == Role.CLINICIAN:
            # Their own absences only: shown, not chosen.
            field.disabled = True
            field.initial = member.pk
        covering = self.fields["covering"]
        assert isinstance(covering, forms.ModelChoiceField)
        # The person away is never offered as their own cover. The list follows the
        # "Who is away" choice as it changes (htmx asks for the options again).
        covering.queryset = covering_choices(member, self._away_id(field))
        self.fields["clinician"].widget.attrs.update(
            {
                "hx-get": reverse("absence-covering-options"),
                "hx-trigger": "change",
                "hx-target": "#id_covering",
                "hx-include": "#id_covering",
            }
        )

    def _away_id(self, field: forms.Field) -> int | None:
        """Whose absence this is, from what was posted, the absence or the default."""
        if self.is_bound and not field.disabled:
            raw = str(self.data.get(self.add_prefix("clinician")) or "")
            return int(raw) if raw.isdigit() else None
        if self.instance.pk:
            return int(self.instance.clinician_id)
        initial = field.initial
        return int(initial) if isinstance(initial, int) else None

    def clean_note(self) -> str:
        note = " ".join(str(self.cleaned_data.get("note") or "").split())
        if len(note) > NOTE_MAX:
            raise ValidationError(
                f"The note is {len(note):,} characters long; notes hold at most {NOTE_MAX}. "
                "Shorten it: nothing you typed has been cut."
            )
        return note

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clinician, covering = data.get("clinician"), data.get("covering")
        start, end = data.get("start"), data.get("end")
        if clinician and covering and clinician.pk == covering.pk:
            self.add_error("covering", "Choose a colleague other than the one who is away.")
        if start and end and end < start:
            self.add_error("end", "The last day away must be on or after the first day.")
        elif clinician and start and end:
            clash = (
                Absence.objects.filter(clinician=clinician, start__lte=end, end__gte=start)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if clash is not None:
                self.add_error(
                    None,
                    f"{clinician.display_name} is already away from {_day(clash.start)} to "
                    f"{_day(clash.end)}. Change that absence instead, or choose other dates.",
                )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Calendar file (.ics)",
        help_text="Exported from Outlook, Google Calendar or Apple Calendar; at most 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )
    clinician = _clinician_field()
    covering = _covering_field()

    def __init__(self, member: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clinician"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = clinicians_for(member)
        field.initial = member.pk
        field.label = "Whose absences are these"
        if member.role == Role.CLINICIAN:
            field.disabled = True
        covering = self.fields["covering"]
        assert isinstance(covering, forms.ModelChoiceField)
        raw = str(self.data.get(self.add_prefix("clinician")) if self.is_bound else member.pk)
        away = member.pk if field.disabled else (int(raw) if raw.isdigit() else None)
        covering.queryset = covering_choices(member, away)
        covering.help_text = "Named for every absence imported from this file."
        field.widget.attrs.update(
            {
                "hx-get": reverse("absence-covering-options"),
                "hx-trigger": "change",
                "hx-target": "#id_covering",
                "hx-include": "#id_covering",
            }
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                "The file is larger than 1 MB. Export only the dates of your time away."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clinician, covering = data.get("clinician"), data.get("covering")
        if clinician and covering and clinician.pk == covering.pk:
            self.add_error("covering", "Choose a colleague other than the one who is away.")
        return data


# -- staff ------------------------------------------------------------------------------


def page_phone(value: Any, country: str | None) -> str:
    """A colleague's phone for pages, in E.164; never a number Between itself receives
    texts on (a page sent there would reach nobody). The staff form and the admin's."""
    value = str(value or "").strip()
    if not value:
        return ""
    phone = normalize_phone(value, country or "US")
    if is_own(phone):
        raise forms.ValidationError(
            "That is a number Between receives texts on, not a person's phone: a page "
            "sent there would reach nobody. Give their own mobile number."
        )
    return phone


def page_email(value: Any) -> str:
    email = str(value or "").strip()
    if email and is_own(email):
        raise forms.ValidationError(
            "That is an address Between receives mail on, not a person's inbox: a page "
            "sent there would reach nobody. Give their own address."
        )
    return email


class MemberFields(forms.Form):
    """What owners fill in for a colleague, shared by adding and changing."""

    display_name = forms.CharField(
        label="Name as colleagues see it",
        max_length=200,
        help_text="The name out-of-office replies use for a covering colleague.",
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    email = forms.EmailField(label="Email (optional)", required=False)
    phone = forms.CharField(
        label="Mobile phone for pages (optional)",
        required=False,
        max_length=40,
        help_text="Crisis pages are sent here as text messages, e.g. +1 212 555 0142.",
    )

    def __init__(self, practice: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_phone(self) -> str:
        return page_phone(self.cleaned_data.get("phone"), self.practice.country)

    def clean_email(self) -> str:
        return page_email(self.cleaned_data.get("email"))

    def clean_display_name(self) -> str:
        return " ".join(str(self.cleaned_data["display_name"]).split())


class AddMemberForm(MemberFields):
    username = forms.CharField(
        label="Username",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="What they type to sign in: letters, digits and @ . + - _ only.",
    )
    field_order = ["username", "display_name", "role", "email", "phone"]

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("That username is taken; choose another.")
        return username


class ChangeMemberForm(MemberFields):
    pass
