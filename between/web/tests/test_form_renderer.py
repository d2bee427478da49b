"""Every form comes out in Bootstrap's classes, with its errors tied to its fields."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminTextInputWidget


class Sample(forms.Form):
    name = forms.CharField(label="Name", help_text="As colleagues see it")
    role = forms.ChoiceField(label="Role", choices=[("a", "Owner"), ("b", "Clinician")])
    channel = forms.ChoiceField(
        label="Channel", choices=[("email", "Email"), ("sms", "Text")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="I agree")
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"class": "tall"}))
    admin = forms.CharField(label="Admin", required=False, widget=AdminTextInputWidget)


def test_controls_take_bootstrap_classes_and_labels_no_colon():
    html = Sample().as_div()
    assert 'class="form-control" id="id_name"' in html
    assert 'class="form-select" id="id_role"' in html
    assert 'class="form-check-input" id="id_channel_0"' in html
    assert 'class="form-check-input" id="id_agree"' in html
    assert 'class="tall form-control"' in html  # a form's own class is kept
    assert '<label class="form-label" for="id_name">Name</label>' in html
    assert '<label class="form-check-label" for="id_agree">I agree</label>' in html
    assert '<div class="form-text" id="id_name_helptext">As colleagues see it</div>' in html


def test_a_field_with_an_error_is_marked_and_points_at_its_message():
    form = Sample(data={"role": "z"})
    html = str(form["name"].as_field_group())
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert "form-control is-invalid" in html
    assert '<div class="invalid-feedback d-block" id="id_name_error">' in html
    assert "This field is required." in html
    assert "form-select is-invalid" in str(form["role"])


def test_the_admin_keeps_its_own_widgets():
    html = str(Sample()["admin"])
    assert "form-control" not in html and 'class="vTextField"' in html
