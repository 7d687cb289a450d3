"""How every form of the project is drawn."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's renderer, but a field's help text is escaped like any other text, inside
    ``hx-disable``: Django's own field template prints it with ``|safe``, and a call's questions
    take their help text from what a coordinator wrote. A help text that is meant as HTML must
    be marked safe where it is made."""

    field_template_name = "core/forms/field.html"
