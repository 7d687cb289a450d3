"""Kinds of answer a form builder's question may ask for, their form fields and their checks.

A feature app keeps its own question model (with a ``kind`` and ``choices``); this module says
what each kind of answer looks like in a form and which answers are valid, so every form
builder asks and checks the same way. Answers are JSON: a text, or a list for several choices
and languages.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .languages import language_choices

MAX_TEXT = 5000
MAX_SHORT_TEXT = 300
MAX_LINK = 500


class AnswerKind(models.TextChoices):
    SHORT_TEXT = "short-text", _("Short text")
    LONG_TEXT = "long-text", _("Long text")
    CHOICE = "choice", _("One choice")
    MULTIPLE_CHOICE = "multiple-choice", _("Several choices")
    LINK = "link", _("Link")
    COUNTRY = "country", _("Country")
    LANGUAGES = "languages", _("Languages")


AnswerKind.CHOICE_KINDS = (AnswerKind.CHOICE, AnswerKind.MULTIPLE_CHOICE)
AnswerKind.LIST_KINDS = (AnswerKind.MULTIPLE_CHOICE, AnswerKind.LANGUAGES)


def parse_choices(text):
    """The choices typed one a line, blank lines and repeats left out."""
    choices = []
    for line in (text or "").splitlines():
        line = line.strip()[:200]
        if line and line not in choices:
            choices.append(line)
    return choices


def answer_field(kind, *, label, required, choices=()):
    """The form field asking for an answer of ``kind``."""
    common = {"label": label, "required": required}
    if kind == AnswerKind.SHORT_TEXT:
        return forms.CharField(max_length=MAX_SHORT_TEXT, **common)
    if kind == AnswerKind.CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in choices], widget=forms.RadioSelect, **common
        )
    if kind == AnswerKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in choices], widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == AnswerKind.LINK:
        return forms.URLField(max_length=MAX_LINK, assume_scheme="https", **common)
    if kind == AnswerKind.COUNTRY:
        return forms.ChoiceField(choices=[("", "—"), *countries], **common)
    if kind == AnswerKind.LANGUAGES:
        return forms.MultipleChoiceField(
            choices=language_choices(), widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.CharField(max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4}), **common)


def clean_answer(kind, value, *, required, choices=()):
    """The answer as stored (a text, or a list), or a ``ValidationError`` saying what is wrong.

    The service calls this whatever the form did, so an answer sent another way is checked too.
    """
    if kind in AnswerKind.LIST_KINDS:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        values = [str(v).strip() for v in values if str(v).strip()]
        allowed = choices if kind == AnswerKind.MULTIPLE_CHOICE else dict(language_choices())
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ValidationError(_("Choose among the choices given."), code="choice")
        if required and not values:
            raise ValidationError(_("This question needs an answer."), code="required")
        return list(dict.fromkeys(values))
    text = "" if value is None else str(value).strip()
    if not text:
        if required:
            raise ValidationError(_("This question needs an answer."), code="required")
        return ""
    if kind == AnswerKind.CHOICE and text not in choices:
        raise ValidationError(_("Choose among the choices given."), code="choice")
    if kind == AnswerKind.COUNTRY and text not in dict(countries):
        raise ValidationError(_("Choose a country from the list."), code="country")
    if kind == AnswerKind.LINK:
        if len(text) > MAX_LINK:
            raise ValidationError(_("This link is too long."), code="length")
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError as error:
            raise ValidationError(_("Give a web address (https://…)."), code="link") from error
    limit = MAX_SHORT_TEXT if kind == AnswerKind.SHORT_TEXT else MAX_TEXT
    if len(text) > limit:
        raise ValidationError(
            _("Keep the answer under %(count)d characters."), params={"count": limit}, code="length"
        )
    return text


def display_answer(kind, value):
    """The stored answer as a reader sees it: lists joined, countries and languages named."""
    if not value:
        return ""
    if kind == AnswerKind.COUNTRY:
        return str(dict(countries).get(value, value))
    if kind == AnswerKind.LANGUAGES:
        names = dict(language_choices())
        return ", ".join(str(names.get(v, v)) for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
