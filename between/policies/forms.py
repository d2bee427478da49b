"""The policy editor's forms: the common fields, the raw YAML, the simulator, publishing.

The YAML text stays the one source of truth. The form shows what therapists change
often and, on save, turns only the fields whose values really changed into edits of the
text (``between.core.policy.edit``), so comments and every key the form does not show
are kept exactly as written.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from between.core.policy import phones
from between.core.policy.edit import DELETE, KeyPath, apply_changes, lookup
from between.core.policy.problems import Problem
from between.core.policy.schema import CHANNEL_NAMES, WEEKDAYS, Setting
from between.core.policy.source import parse

Change = tuple[KeyPath, Any]

_ABSENT: Any = object()

DURATION_KINDS = ("business_days", "business_hours", "hours")
DURATION_CHOICES = [
    ("business_days", "business days"),
    ("business_hours", "business hours"),
    ("hours", "hours, counting open days only"),
]
NEED_CHOICES = [
    ("admin", "Scheduling and billing (admin)"),
    ("clinical", "Check-ins, homework, journaling (clinical)"),
]
CHANNEL_LABELS = {
    "portal": "Client portal",
    "email": "Email",
    "sms": "Text messages",
    "phone": "Phone",
    "app": "Secure messaging app",
}
# The one key each channel needs to be reachable, and what a therapist calls it.
CHANNEL_CONTACT = {
    "email": ("address", "Email address clients write to"),
    "sms": ("number", "Number clients text"),
    "phone": ("number", "Phone number clients call"),
    "app": ("name", "Name of the app"),
}
CHANNEL_STATES = [
    ("offered", "Offered to clients"),
    ("not_used", "Not used (the policy says so, and clients who use it are redirected)"),
    ("absent", "Not mentioned in the policy"),
]
ACKNOWLEDGE_CHOICES = [
    ("after_hours", "Only outside office hours"),
    ("always", "Always"),
    ("never", "Never"),
]
OUT_OF_OFFICE_CHOICES = [
    ("once_per_sender", "Once per person during each absence"),
    ("every_message", "To every message"),
]


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _ranges(text: str) -> list[str]:
    parts = text.replace(";", ",").split(",")
    return [p.strip() for p in parts if p.strip()]


def _same(current: Any, new: Any) -> bool:
    if isinstance(current, bool) or isinstance(new, bool):
        return type(current) is type(new) and current == new
    if isinstance(current, str) and isinstance(new, str):
        return current.strip() == new.strip()
    return bool(current == new)


class _Changes:
    """Collects edits against the data as read, skipping every value that is unchanged."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.items: list[Change] = []

    def current(self, path: KeyPath) -> Any:
        return lookup(self.data, path, _ABSENT)

    def set(self, path: KeyPath, new: Any, default: Any = _ABSENT) -> None:
        """Write `new` unless it is what is there, or the key is absent and it is the default."""
        current = self.current(path)
        if new is DELETE:
            # An empty list or section says the same as no key; leave it as written.
            if current is not _ABSENT and current not in ([], {}):
                self.items.append((path, DELETE))
            return
        if current is _ABSENT:
            if default is not _ABSENT and _same(default, new):
                return
        elif _same(current, new):
            return
        self.items.append((path, new))

    def phone(self, path: KeyPath, value: str, region: str | None) -> None:
        """A number is stored as E.164 when it is one; what cannot be read is kept as
        typed, so the check can say what is wrong with it next to the field."""
        typed = value.strip()
        number = phones.e164(typed, region) if typed else None
        current = self.current(path)
        if (
            number is not None
            and isinstance(current, str)
            and phones.e164(current, region) == number
        ):
            return  # the same number, however it was written
        self.optional_text(path, number or typed)

    def optional_text(self, path: KeyPath, value: str) -> None:
        """Blank removes the key; a key written as `null` stays as it is."""
        if not value.strip():
            if self.current(path) is None:
                return
            self.set(path, DELETE)
        else:
            self.set(path, value.strip())

    def duration(self, base: KeyPath, kind: str, amount: int | float) -> None:
        current = self.current(base)
        current = current if isinstance(current, dict) else {}
        self.set((*base, kind), amount)
        for other in DURATION_KINDS:
            if other != kind and other in current:
                self.items.append(((*base, other), DELETE))


def _duration_initial(value: Any) -> tuple[str, Any]:
    if isinstance(value, dict):
        for kind in DURATION_KINDS:
            if kind in value:
                return kind, value[kind]
    return "business_days", None


class PolicyForm(forms.Form):
    """The fields of a policy a therapist changes most; everything else stays in the YAML."""

    base = forms.CharField(widget=forms.HiddenInput, required=False)

    practice_name = forms.CharField(label="Practice name", required=False)
    clinician_name = forms.CharField(
        label="Your name as clients see it",
        required=False,
        help_text="For example: Alex Rivera, LMFT",
    )
    setting = forms.ChoiceField(
        label="Kind of practice",
        choices=[(s.value, s.value.replace("_", " ").capitalize()) for s in Setting],
    )
    timezone = forms.CharField(
        label="Time zone", required=False, help_text="For example America/New_York or Europe/London"
    )
    holiday_country = forms.CharField(
        label="Public holidays of (country code)",
        required=False,
        help_text="For example US or GB; leave empty for no public holidays",
    )
    holiday_subdivision = forms.CharField(
        label="State, province or nation (code)", required=False, help_text="For example NY"
    )

    turnaround_amount = forms.DecimalField(label="Reply within", required=False)
    turnaround_kind = forms.ChoiceField(label="Reply time counted in", choices=DURATION_CHOICES)
    say_sooner_possible = forms.BooleanField(
        label="Tell clients I may reply sooner, but not to count on it", required=False
    )

    calls_amount = forms.DecimalField(
        label="Return calls within",
        required=False,
        help_text="Leave empty to return calls within the reply time above",
    )
    calls_kind = forms.ChoiceField(label="Call return counted in", choices=DURATION_CHOICES)
    voicemail_required = forms.BooleanField(
        label="Calls are returned only when a voicemail is left", required=False
    )

    emergency_number = forms.CharField(
        label="Emergency services number", required=False, help_text='For example "911" or "999"'
    )
    crisis_lines = forms.CharField(
        label="Crisis lines",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: name | how to reach it. For example: "
        "988 Suicide & Crisis Lifeline | call or text 988",
    )
    after_hours_name = forms.CharField(label="After-hours contact: name", required=False)
    after_hours_phone = forms.CharField(label="After-hours contact: phone", required=False)
    after_hours_email = forms.CharField(label="After-hours contact: email", required=False)
    escalate_after_minutes = forms.IntegerField(
        label="Page the next person after (minutes without acknowledgement)",
        required=False,
        help_text="Empty means 10 minutes",
    )

    acknowledge = forms.ChoiceField(
        label="Send an automatic acknowledgement", choices=ACKNOWLEDGE_CHOICES
    )
    out_of_office = forms.ChoiceField(
        label="Out-of-office reply during absences", choices=OUT_OF_OFFICE_CHOICES
    )
    social_media = forms.CharField(
        label="Social media statement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    approval_required = forms.BooleanField(
        label="A supervisor must approve each version before it is published", required=False
    )
    notice_days = forms.IntegerField(
        label="Days of notice clients get before a new version takes effect",
        required=False,
        help_text="Empty means 30 days",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            self.fields[f"hours_{day}"] = forms.CharField(
                label=day.capitalize(),
                required=False,
                help_text="Closed when empty",
            )
        for name in CHANNEL_NAMES:
            label = CHANNEL_LABELS[name]
            self.fields[f"{name}_state"] = forms.ChoiceField(
                label=f"{label}: use", choices=CHANNEL_STATES
            )
            self.fields[f"{name}_for"] = forms.MultipleChoiceField(
                label=f"{label}: for",
                choices=NEED_CHOICES,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            if name in CHANNEL_CONTACT:
                self.fields[f"{name}_contact"] = forms.CharField(
                    label=f"{label}: {CHANNEL_CONTACT[name][1].lower()}", required=False
                )
        for name in ("sms_contact", "phone_contact", "after_hours_phone"):
            self.fields[name].widget.attrs.update({"type": "tel", "autocomplete": "off"})
        self.fields["emergency_number"].widget.attrs.update({"inputmode": "tel"})
        self.fields["email_contact"].widget.attrs.update({"type": "email"})
        bootstrap(self)

    def region(self, data: dict[str, Any] | None = None) -> str | None:
        """The region numbers typed into the form are read in (see core.policy.phones)."""
        f = getattr(self, "cleaned_data", {}) or {}
        data = data or {}
        country = f.get("holiday_country") or lookup(data, ("holidays", "country")) or None
        zone = f.get("timezone") or lookup(data, ("timezone",)) or ""
        return phones.region_for(str(country) if country else None, str(zone))

    def mark_problems(self, problems: dict[str, list[str]]) -> None:
        """Flag the fields the policy check found problems with, for assistive tech too."""
        for name, found in problems.items():
            if name not in self.fields or not found:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
            attrs["aria-invalid"] = "true"
            bound = self[name]
            helptext = f"{bound.auto_id}_helptext" if bound.help_text else ""
            attrs["aria-describedby"] = " ".join(
                x for x in (helptext, f"{bound.auto_id}-problems") if x
            )

    # What the template lays out, group by group.

    def day_fields(self) -> list[forms.BoundField]:
        return [self[f"hours_{day}"] for day in WEEKDAYS]

    def channel_groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        groups = []
        for name in CHANNEL_NAMES:
            names = [f"{name}_state", f"{name}_for"]
            if name in CHANNEL_CONTACT:
                names.append(f"{name}_contact")
            groups.append((name, CHANNEL_LABELS[name], [self[n] for n in names]))
        return groups

    @staticmethod
    def initial_from(data: dict[str, Any], base: str = "") -> dict[str, Any]:
        """The form's values from the policy as written (not as validated: a draft may
        have errors, and the form should still show what it can)."""

        def text(*path: str) -> str:
            value = lookup(data, path)
            return "" if value is None or isinstance(value, dict | list) else str(value)

        kind, amount = _duration_initial(lookup(data, ("turnaround",)))
        calls_kind, calls_amount = _duration_initial(lookup(data, ("calls", "return_within")))
        social = lookup(data, ("social_media",))
        lines = lookup(data, ("emergency", "crisis_lines"))
        initial: dict[str, Any] = {
            "base": base,
            "practice_name": text("practice", "name"),
            "clinician_name": text("clinician", "name"),
            "setting": text("practice", "setting") or "private_practice",
            "timezone": text("timezone"),
            "holiday_country": text("holidays", "country"),
            "holiday_subdivision": text("holidays", "subdivision"),
            "turnaround_kind": kind,
            "turnaround_amount": amount,
            "say_sooner_possible": lookup(data, ("turnaround", "say_sooner_possible")) is True,
            "calls_kind": calls_kind,
            "calls_amount": calls_amount,
            "voicemail_required": lookup(data, ("calls", "voicemail_required")) is True,
            "emergency_number": text("emergency", "number"),
            "crisis_lines": "\n".join(
                f"{line.get('name', '')} | {line.get('contact', '')}"
                for line in (lines if isinstance(lines, list) else [])
                if isinstance(line, dict)
            ),
            "after_hours_name": text("emergency", "after_hours", "name"),
            "after_hours_phone": text("emergency", "after_hours", "phone"),
            "after_hours_email": text("emergency", "after_hours", "email"),
            "escalate_after_minutes": lookup(data, ("emergency", "escalate_after_minutes")),
            "acknowledge": text("auto_replies", "acknowledge") or "after_hours",
            "out_of_office": text("auto_replies", "out_of_office") or "once_per_sender",
            "social_media": (
                social
                if isinstance(social, str)
                else text("social_media", "statement")
                if isinstance(social, dict)
                else ""
            ).strip(),
            "approval_required": lookup(data, ("approval_required",)) is True,
            "notice_days": lookup(data, ("notice_days",)),
        }
        for day in WEEKDAYS:
            value = lookup(data, ("office_hours", day))
            initial[f"hours_{day}"] = (
                ", ".join(str(v) for v in value) if isinstance(value, list) else value or ""
            )
        for name in CHANNEL_NAMES:
            channel = lookup(data, ("channels", name), _ABSENT)
            if channel is _ABSENT:
                state = "absent"
            elif isinstance(channel, dict) and channel.get("enabled") is False:
                state = "not_used"
            else:
                state = "offered"
            initial[f"{name}_state"] = state
            needs = channel.get("for") if isinstance(channel, dict) else None
            initial[f"{name}_for"] = [str(n) for n in needs] if isinstance(needs, list) else []
            if name in CHANNEL_CONTACT:
                initial[f"{name}_contact"] = text("channels", name, CHANNEL_CONTACT[name][0])
        return initial

    def clean_crisis_lines(self) -> list[dict[str, str]]:
        lines = []
        for number, line in enumerate(self.cleaned_data["crisis_lines"].splitlines(), start=1):
            if not line.strip():
                continue
            name, bar, contact = line.partition("|")
            if not bar:
                raise forms.ValidationError(
                    f"Line {number}: write the name, then a | and how to reach it."
                )
            lines.append({"name": name.strip(), "contact": contact.strip()})
        return lines

    def clean_turnaround_amount(self) -> Decimal:
        value: Decimal | None = self.cleaned_data["turnaround_amount"]
        if value is None:
            raise forms.ValidationError("Say how soon you reply: every policy has a reply time.")
        return value

    def changes(self, data: dict[str, Any]) -> list[Change]:
        """The edits that make `data` say what the form says; nothing for unchanged fields."""
        c = _Changes(data)
        f = self.cleaned_data
        c.set(("practice", "name"), f["practice_name"].strip())
        c.set(("clinician", "name"), f["clinician_name"].strip())
        c.set(("practice", "setting"), f["setting"], default="private_practice")
        c.set(("timezone",), f["timezone"].strip())
        c.optional_text(("holidays", "country"), f["holiday_country"])
        c.optional_text(("holidays", "subdivision"), f["holiday_subdivision"])
        for day in WEEKDAYS:
            hours = _ranges(f[f"hours_{day}"])
            c.set(("office_hours", day), hours if hours else DELETE)
        amount = _number(f["turnaround_amount"])
        assert amount is not None
        c.duration(("turnaround",), f["turnaround_kind"], amount)
        c.set(("turnaround", "say_sooner_possible"), f["say_sooner_possible"], default=False)
        self._calls(c)
        self._channels(c)
        self._emergency(c)
        c.set(("auto_replies", "acknowledge"), f["acknowledge"], default="after_hours")
        c.set(("auto_replies", "out_of_office"), f["out_of_office"], default="once_per_sender")
        self._social_media(c)
        c.set(("approval_required",), f["approval_required"], default=False)
        notice = f["notice_days"]
        c.set(("notice_days",), DELETE if notice is None else notice, default=30)
        return c.items

    def _calls(self, c: _Changes) -> None:
        f = self.cleaned_data
        amount = _number(f["calls_amount"])
        if amount is None:
            return  # the section, if any, is left as written (it may hold callback windows)
        c.duration(("calls", "return_within"), f["calls_kind"], amount)
        c.set(("calls", "voicemail_required"), f["voicemail_required"], default=False)

    def _channels(self, c: _Changes) -> None:
        f = self.cleaned_data
        for name in CHANNEL_NAMES:
            state = f[f"{name}_state"]
            section = c.current(("channels", name))
            if state == "absent":
                c.set(("channels", name), DELETE)
                continue
            enabled = state == "offered"
            if not isinstance(section, dict) or section.get("enabled", True) is not enabled:
                c.items.append((("channels", name, "enabled"), enabled))
            # A channel that is not used is for nothing; the check would refuse anything else.
            needs = f[f"{name}_for"] if enabled else []
            current_needs = section.get("for") if isinstance(section, dict) else None
            unchanged = isinstance(current_needs, list) and sorted(
                map(str, current_needs)
            ) == sorted(needs)
            if not unchanged:
                c.set(("channels", name, "for"), needs if needs else DELETE)
            if name in ("sms", "phone"):
                c.phone(("channels", name, "number"), f[f"{name}_contact"], self.region(c.data))
            elif name in CHANNEL_CONTACT:
                c.optional_text(("channels", name, CHANNEL_CONTACT[name][0]), f[f"{name}_contact"])

    def _emergency(self, c: _Changes) -> None:
        f = self.cleaned_data
        c.optional_text(("emergency", "number"), f["emergency_number"])
        region = self.region(c.data)
        lines = f["crisis_lines"]
        c.set(("emergency", "crisis_lines"), lines if lines else DELETE)
        contact = {
            "name": f["after_hours_name"],
            "phone": f["after_hours_phone"],
            "email": f["after_hours_email"],
        }
        if not any(v.strip() for v in contact.values()):
            c.set(("emergency", "after_hours"), DELETE)
        else:
            for key, value in contact.items():
                if key == "phone":
                    c.phone(("emergency", "after_hours", key), value, region)
                else:
                    c.optional_text(("emergency", "after_hours", key), value)
        minutes = f["escalate_after_minutes"]
        c.set(
            ("emergency", "escalate_after_minutes"),
            DELETE if minutes is None else minutes,
            default=10,
        )

    def _social_media(self, c: _Changes) -> None:
        statement = self.cleaned_data["social_media"].replace("\r\n", "\n").strip()
        current = c.current(("social_media",))
        if not statement:
            c.set(("social_media",), DELETE)
        elif isinstance(current, dict):
            c.set(("social_media", "statement"), statement)
        else:
            c.set(("social_media",), statement)

    def apply(self, text: str) -> str:
        """`text` with this form's changes made; raises YamlSyntaxError or ValueError when
        the text cannot be read as a policy at all."""
        data = parse(text).data
        if not isinstance(data, dict):
            raise ValueError("the policy is not a set of keys and values")
        return apply_changes(text, self.changes(data))


def bootstrap(form: forms.Form) -> None:
    """Bootstrap's classes on every widget, so templates render fields plainly."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(
            widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect
        ):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


# Where each part of the policy is edited on the form; the rest lives in the YAML only.
_FIELD_OF: list[tuple[tuple[str, ...], str]] = [
    (("practice", "name"), "practice_name"),
    (("practice", "setting"), "setting"),
    (("practice",), "practice_name"),
    (("clinician", "name"), "clinician_name"),
    (("timezone",), "timezone"),
    (("holidays", "country"), "holiday_country"),
    (("holidays", "subdivision"), "holiday_subdivision"),
    (("turnaround", "say_sooner_possible"), "say_sooner_possible"),
    (("turnaround",), "turnaround_amount"),
    (("calls", "return_within"), "calls_amount"),
    (("calls", "voicemail_required"), "voicemail_required"),
    (("emergency", "number"), "emergency_number"),
    (("emergency", "crisis_lines"), "crisis_lines"),
    (("emergency", "after_hours", "name"), "after_hours_name"),
    (("emergency", "after_hours", "email"), "after_hours_email"),
    (("emergency", "after_hours"), "after_hours_phone"),
    (("emergency", "escalate_after_minutes"), "escalate_after_minutes"),
    (("auto_replies", "acknowledge"), "acknowledge"),
    (("auto_replies", "out_of_office"), "out_of_office"),
    (("social_media",), "social_media"),
    (("approval_required",), "approval_required"),
    (("notice_days",), "notice_days"),
]


def field_for(loc: tuple[str | int, ...]) -> str | None:
    """The form field a problem at `loc` belongs next to, or None when the form has none."""
    keys = tuple(p for p in loc if isinstance(p, str))
    if keys[:1] == ("office_hours",) and len(keys) > 1 and keys[1] in WEEKDAYS:
        return f"hours_{keys[1]}"
    if keys == ("office_hours",):
        return "hours_monday"
    if keys == ("emergency",):
        return "emergency_number"
    if keys[:1] == ("channels",) and len(keys) > 1 and keys[1] in CHANNEL_NAMES:
        name = keys[1]
        rest = keys[2:]
        if rest[:1] == ("for",):
            return f"{name}_for"
        if rest[:1] in (("number",), ("address",), ("name",)) or (
            not rest and name in CHANNEL_CONTACT
        ):
            return f"{name}_contact" if name in CHANNEL_CONTACT else f"{name}_state"
        if not rest or rest[:1] == ("enabled",):
            return f"{name}_state"
        return None
    for prefix, name in _FIELD_OF:
        if keys[: len(prefix)] == prefix:
            return name
    return None


def problems_by_field(problems: list[Problem]) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """The problems for each form field, and those about parts the form does not show."""
    placed: dict[str, list[Problem]] = {}
    elsewhere: list[Problem] = []
    for problem in problems:
        name = field_for(problem.loc) if problem.loc else None
        if name is None:
            elsewhere.append(problem)
        else:
            placed.setdefault(name, []).append(problem)
    return placed, elsewhere


class YamlForm(forms.Form):
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label="Policy (YAML)",
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 30, "spellcheck": "false", "class": "yaml form-control"}
        ),
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].replace("\r\n", "\n")
        return text if text.endswith("\n") else text + "\n"


DAY_CHOICES = [(day, day.capitalize()) for day in WEEKDAYS]


class SimulatorForm(forms.Form):
    """One situation, as a therapist would put the question: who writes, how, and when."""

    channel = forms.ChoiceField(
        label="How they get in touch",
        choices=[
            ("sms", "A text message"),
            ("email", "An email"),
            ("voice", "A phone call"),
            ("portal", "A portal message"),
        ],
        initial="sms",
    )
    day = forms.ChoiceField(label="Day of the week", choices=DAY_CHOICES, initial="friday")
    at = forms.TimeField(
        label="At (practice time)",
        initial=time(21, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    on_date = forms.DateField(
        label="Or on this date",
        required=False,
        help_text="Leave empty for the coming day chosen above",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sender = forms.ChoiceField(
        label="Who writes",
        choices=[("known", "A known client"), ("unknown", "Someone not on the client list")],
        initial="known",
        widget=forms.RadioSelect,
    )
    consent = forms.ChoiceField(
        label="The client's consent to this channel",
        choices=[
            ("granted", "Granted"),
            ("declined", "Declined"),
            ("withdrawn", "Withdrawn"),
            ("none", "Never asked"),
        ],
        initial="granted",
    )
    body = forms.CharField(
        label="What they write (or say on the voicemail)",
        required=False,
        max_length=2000,
        initial="Can we move Monday's appointment?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    voicemail = forms.BooleanField(label="A call leaves a voicemail", required=False, initial=True)
    repeat = forms.IntegerField(
        label="How many times",
        min_value=1,
        max_value=5,
        initial=1,
        help_text="Several messages in a row show the daily limits",
    )
    gap = forms.IntegerField(
        label="Minutes between them", min_value=1, max_value=24 * 60, initial=10
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("channel") == "portal" and data.get("sender") == "unknown":
            raise forms.ValidationError("Only a known client can write through the portal.")
        return data

    def first_moment(self, zone: ZoneInfo, today: date) -> datetime:
        """The chosen date (or the next chosen weekday from `today`) at the chosen time."""
        day = self.cleaned_data["on_date"]
        if day is None:
            wanted = WEEKDAYS.index(self.cleaned_data["day"])
            day = today + timedelta(days=(wanted - today.weekday()) % 7)
        return datetime.combine(day, self.cleaned_data["at"], zone)


class PublishForm(forms.Form):
    effective = forms.DateField(
        label="Takes effect on",
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        help_text="From the start of that day, practice time; today means at once",
    )


class ConfirmPublishForm(PublishForm):
    """The confirmation's hidden fields: the date and the signed token of what was shown."""

    token = forms.CharField(widget=forms.HiddenInput)
