"""A service's ValidationError put on a form: by field where the form has the field."""

from django import forms
from django.core.exceptions import ValidationError

from atelier.core.forms import add_service_error


class NoteForm(forms.Form):
    title = forms.CharField()
    file = forms.FileField(required=False)


def _form():
    form = NoteForm({"title": "A note"})
    assert form.is_valid()
    return form


def test_a_plain_error_goes_above_the_form():
    form = _form()
    add_service_error(form, ValidationError(["Closed.", "Too late."]))
    assert form.errors == {"__all__": ["Closed.", "Too late."]}


def test_errors_by_field_go_on_the_fields_the_form_has():
    form = _form()
    add_service_error(form, ValidationError({"title": "Taken.", "slug": "Bad slug."}))
    assert form.errors == {"title": ["Taken."], "__all__": ["Bad slug."]}


def test_a_service_field_can_be_named_as_the_form_names_it():
    form = _form()
    add_service_error(form, ValidationError({"files": "Too large."}), fields={"files": "file"})
    assert form.errors == {"file": ["Too large."]}
