"""Forms of the client pages: intake, consent changes by staff, accommodations (R16)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError as PydanticError

from between.clients.intake import ChannelOffer
from between.clients.models import AccommodationKind, Channel, ConsentState
from between.core.policy.schema import WEEKDAYS, Duration, WeekHours

DURATION_UNITS = [
    ("business_days", "business days"),
    ("business_hours", "business hours"),
    ("hours", "hours (open days only)"),
]


class AgreementForm(forms.Form):
    """Reading and signing: every link asks for this much."""

    agree = forms.BooleanField(
        label=gettext_lazy("I have read this communications policy and I agree to it."),
        error_messages={"required": gettext_lazy("Please confirm that you agree.")},
    )
    signed_name = forms.CharField(
        label=gettext_lazy("Type your full name to sign"),
        max_length=200,
        strip=True,
        error_messages={"required": gettext_lazy("Please type your name to sign.")},
    )
    version_hash = forms.CharField(widget=forms.HiddenInput)


class IntakeForm(AgreementForm):
    """Preferred channel and a yes or no for each channel the policy offers."""

    def __init__(self, offers: list[ChannelOffer], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offers = offers
        choices = [
            (ConsentState.GRANTED.value, gettext_lazy("Yes, you may contact me this way")),
            (ConsentState.DECLINED.value, gettext_lazy("No, do not contact me this way")),
        ]
        for offer in offers:
            # No default: consent is a choice the client makes, never a box left ticked.
            self.fields[f"consent_{offer.name}"] = forms.ChoiceField(
                label=offer.label,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Please choose yes or no.")},
            )
        self.fields["preferred"] = forms.ChoiceField(
            label=gettext_lazy("How would you prefer we contact you?"),
            choices=[(o.name, o.label) for o in offers],
            widget=forms.RadioSelect,
            error_messages={"required": gettext_lazy("Please choose a preferred channel.")},
        )

    def consent_fields(self) -> list[tuple[ChannelOffer, forms.BoundField]]:
        return [(o, self[f"consent_{o.name}"]) for o in self.offers]

    def consents(self) -> dict[str, str]:
        return {o.name: self.cleaned_data[f"consent_{o.name}"] for o in self.offers}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        preferred = data.get("preferred")
        if preferred and data.get(f"consent_{preferred}") == ConsentState.DECLINED:
            self.add_error(
                "preferred",
                _("Your preferred channel must be one you said yes to."),
            )
        return data


def bootstrap(form: forms.BaseForm) -> None:
    """Bootstrap's classes on every field of a staff form."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class ConsentChangeForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices)
    state = forms.ChoiceField(choices=ConsentState.choices)
    note = forms.CharField(
        label="Note (how and when the client told you)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


def _ranges(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _first_error(exc: PydanticError) -> str:
    message = str(exc.errors()[0].get("msg", "is not valid"))
    return message.removeprefix("Value error, ")


class AccommodationForm(forms.Form):
    """An accommodation with its reason, and a detail the calendar reads.

    The detail keeps the contract of ``between.messaging.pipeline.accommodations_for``:
    ``windows`` is a WeekHours mapping, ``return_within`` and ``turnaround`` Durations.
    """

    kind = forms.ChoiceField(choices=AccommodationKind.choices)
    reason = forms.CharField(
        label="Reason (seen only by clinical staff)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    channel = forms.ChoiceField(
        label="Alternate channel", choices=[("", "—"), *Channel.choices], required=False
    )
    amount = forms.FloatField(label="Amount", required=False, min_value=0.5, max_value=1440)
    unit = forms.ChoiceField(label="Unit", choices=DURATION_UNITS, required=False)
    description = forms.CharField(
        label="What was agreed (no clinical detail)", max_length=300, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            self.fields[day] = forms.CharField(
                label=day.title(),
                required=False,
                max_length=100,
                help_text="e.g. 09:00-12:00, 14:00-17:00",
            )
        bootstrap(self)

    def day_fields(self) -> list[forms.BoundField]:
        return [self[day] for day in WEEKDAYS]

    def _duration(self, data: dict[str, Any], *, required: bool) -> dict[str, float] | None:
        amount, unit = data.get("amount"), data.get("unit")
        if amount is None:
            if required:
                self.add_error("amount", "Give the new time.")
            return None
        value: float = int(amount) if unit == "business_days" else amount
        try:
            Duration.model_validate({unit or "business_days": value})
        except PydanticError as exc:
            self.add_error("amount", _first_error(exc))
            return None
        return {unit or "business_days": value}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        detail: dict[str, Any] = {}
        if kind == AccommodationKind.CALLBACK_WINDOW:
            windows = {day: _ranges(data.get(day) or "") for day in WEEKDAYS}
            windows = {day: ranges for day, ranges in windows.items() if ranges}
            if not windows:
                self.add_error("monday", "Give at least one callback window.")
            try:
                WeekHours.model_validate(windows)
            except PydanticError as exc:
                self.add_error(None, f"Callback windows: {_first_error(exc)}")
            detail["windows"] = windows
            within = self._duration(data, required=False)
            if within:
                detail["return_within"] = within
        elif kind == AccommodationKind.TURNAROUND:
            turnaround = self._duration(data, required=True)
            if turnaround:
                detail["turnaround"] = turnaround
        elif kind == AccommodationKind.ALTERNATE_CHANNEL:
            if not data.get("channel"):
                self.add_error("channel", "Choose the channel to use instead.")
            detail["channel"] = data.get("channel")
        elif data.get("description"):
            detail["description"] = data["description"]
        data["detail"] = detail
        return data
