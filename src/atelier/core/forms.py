"""How every form of the project is drawn."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's renderer, but a field's help text is escaped like any other text, inside
    ``hx-disable``: Django's own field template prints it with ``|safe``, and a call's questions
    take their help text from what a coordinator wrote. A help text that is meant as HTML must
    be marked safe where it is made."""

    field_template_name = "core/forms/field.html"


def add_service_error(form, error, *, fields=None):
    """Put a service's ``ValidationError`` on ``form``: each field's messages under that field
    when the form has it (``fields`` maps a service's name to the form's, e.g.
    ``{"files": "file"}``), and the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = (fields or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)
