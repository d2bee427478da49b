"""Django's forms in Bootstrap 5.3's dress, for every form at once.

Templates that render ``{{ form }}``, ``{{ field }}`` or ``{{ form.name }}`` get
Bootstrap's classes without each form naming them: the widget carries form-control,
form-select or form-check-input (and is-invalid when the field has errors), and the
field's group lays out its label, help and error the Bootstrap way. Django 5.2 already
points aria-describedby at the help text and the error list; the error list keeps
Django's id (``<id>_error``) so that link holds.

The admin keeps its own look: its widgets are left as they are.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import django.forms
from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import BaseRenderer, EngineMixin
from django.template.backends.django import DjangoTemplates

# Our overrides of django/forms/… first, Django's own templates for the rest.
_OURS = Path(__file__).resolve().parent / "templates"
_DJANGOS = Path(django.forms.__file__).resolve().parent / "templates"

_CHECKS = (widgets.CheckboxInput, widgets.RadioSelect, widgets.CheckboxSelectMultiple)
_SELECTS = (widgets.Select, widgets.SelectMultiple)


def bootstrap_class(widget: widgets.Widget) -> str:
    """The Bootstrap class a widget's control takes; "" for those that take none."""
    if widget.is_hidden or type(widget).__module__.startswith("django.contrib.admin"):
        return ""
    if isinstance(widget, _CHECKS):
        return "form-check-input"
    if isinstance(widget, _SELECTS):
        return "form-select"
    if isinstance(widget, widgets.Input | widgets.Textarea):
        return "form-control"
    return ""


def _with_class(attrs: dict[str, Any], *names: str) -> None:
    classes = str(attrs.get("class", "")).split()
    classes += [n for n in names if n and n not in classes]
    if classes:
        attrs["class"] = " ".join(classes)


class BootstrapBoundField(BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: widgets.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        wanted = bootstrap_class(widget)
        if wanted:
            # A widget's own attrs (set in the form) are merged later; keep their class.
            _with_class(attrs, *str(widget.attrs.get("class", "")).split(), wanted)
            if self.errors:
                _with_class(attrs, "is-invalid")
        return attrs

    def label_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: str | None = None,
        tag: str | None = None,
    ) -> Any:
        attrs = dict(attrs or {})
        if bootstrap_class(self.field.widget):
            _with_class(attrs, "form-check-label" if self.is_check else "form-label")
            if label_suffix is None:
                label_suffix = ""  # a label above its field, in bold: no colon needed
        return super().label_tag(contents, attrs, label_suffix, tag)

    @property
    def is_check(self) -> bool:
        """A single checkbox: its label goes after it, Bootstrap's form-check."""
        return isinstance(self.field.widget, widgets.CheckboxInput)


class BootstrapFormRenderer(EngineMixin, BaseRenderer):
    bound_field_class = BootstrapBoundField

    @cached_property
    def engine(self) -> DjangoTemplates:
        return DjangoTemplates(
            {"APP_DIRS": True, "DIRS": [_OURS, _DJANGOS], "NAME": "bootstrapforms", "OPTIONS": {}}
        )
