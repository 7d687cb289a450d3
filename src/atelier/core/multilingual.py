"""Text in an original language with translations, each marked as made by a person or a machine.

Stored as JSON: ``{"lang": "bg", "text": "...", "tr": {"en": {"text": "...", "by": "human"}}}``.
``MultilingualText`` wraps that value; ``for_reader(language)`` picks the reader's language or
falls back to the original and says which one it chose, so a template can tell the reader.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .languages import language_name

HUMAN = "human"
MACHINE = "machine"
TRANSLATION_SOURCES = (HUMAN, MACHINE)


@dataclass(frozen=True)
class Rendition:
    """The text a reader sees, with what they need to know about it."""

    text: str
    language: str
    original_language: str
    is_original: bool
    translated_by: str | None  # None for the original, else HUMAN or MACHINE

    def __str__(self):
        return self.text

    @property
    def is_machine_translation(self):
        return self.translated_by == MACHINE

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def original_language_name(self):
        return language_name(self.original_language)


class MultilingualText:
    """A text in its original language, with translations."""

    __slots__ = ("language", "text", "translations")

    def __init__(self, text="", language="", translations=None):
        self.text = text or ""
        self.language = language or ""
        self.translations = dict(translations or {})

    @classmethod
    def from_json(cls, value):
        if isinstance(value, MultilingualText):
            return value
        if not value:
            return cls()
        if isinstance(value, str):
            return cls(text=value, language=settings.LANGUAGE_CODE)
        return cls(
            text=value.get("text", ""),
            language=value.get("lang", ""),
            translations=value.get("tr") or {},
        )

    def to_json(self):
        data = {"lang": self.language, "text": self.text}
        if self.translations:
            data["tr"] = self.translations
        return data

    def __bool__(self):
        return bool(self.text)

    def __str__(self):
        return str(self.for_reader())

    def __eq__(self, other):
        return isinstance(other, MultilingualText) and self.to_json() == other.to_json()

    def __repr__(self):
        return f"MultilingualText({self.language!r}, {self.text[:30]!r})"

    def translate(self, language, text, by=HUMAN):
        if by not in TRANSLATION_SOURCES:
            raise ValueError(f"unknown translation source {by!r}")
        if language == self.language:
            raise ValueError("a translation must be in another language than the original")
        self.translations[language] = {"text": text, "by": by}
        return self

    def all_texts(self):
        """The original and every translation, those with text, original first."""
        texts = [self.text]
        texts.extend(entry.get("text", "") for entry in self.translations.values())
        return [text for text in texts if text]

    @property
    def languages(self):
        return [self.language, *sorted(self.translations)]

    def get(self, language):
        """The text in exactly this language, or None."""
        if language == self.language:
            return self.text
        entry = self.translations.get(language)
        return entry["text"] if entry else None

    def for_reader(self, language=None):
        """The reader's language where it exists, a person's translation before a machine's."""
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language == self.language or not self.translations.get(language):
            return Rendition(self.text, self.language, self.language, True, None)
        entry = self.translations[language]
        return Rendition(entry["text"], language, self.language, False, entry.get("by", HUMAN))


class MultilingualTextFormField(forms.JSONField):
    """A multilingual text as its stored JSON, ``{"lang": "bg", "text": "...", "tr": {...}}``,
    for the admin. Its value is a ``MultilingualText``; an empty box is an empty text."""

    default_error_messages = {
        "not_a_text": _(
            'Give the text as a JSON object: {"lang": "en", "text": "...", "tr": {...}}.'
        ),
    }

    def prepare_value(self, value):
        if isinstance(value, MultilingualText):
            value = value.to_json()
        return super().prepare_value(value)

    def to_python(self, value):
        if isinstance(value, MultilingualText):
            return value
        value = super().to_python(value)
        if value in self.empty_values:
            return MultilingualText()
        if not isinstance(value, dict) or not all(
            isinstance(value.get(key, ""), str) for key in ("lang", "text")
        ):
            raise ValidationError(self.error_messages["not_a_text"], code="not_a_text")
        translations = value.get("tr") or {}
        if not isinstance(translations, dict) or not all(
            isinstance(entry, dict) and isinstance(entry.get("text", ""), str)
            for entry in translations.values()
        ):
            raise ValidationError(self.error_messages["not_a_text"], code="not_a_text")
        return MultilingualText.from_json(value)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return MultilingualText.from_json(initial) != data


class MultilingualTextField(models.JSONField):
    """A model field holding a ``MultilingualText``."""

    description = _("Text in an original language with translations")

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        return MultilingualText.from_json(value)

    def to_python(self, value):
        if isinstance(value, MultilingualText):
            return value
        return MultilingualText.from_json(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MultilingualTextFormField, **kwargs})

    def get_prep_value(self, value):
        if isinstance(value, MultilingualText):
            value = value.to_json()
        return super().get_prep_value(value)

    def validate(self, value, model_instance):
        value = self.to_python(value)
        if not self.blank and not value.text:
            raise ValidationError(self.error_messages["blank"], code="blank")
        if value.text and not value.language:
            raise ValidationError(_("Say which language the text is written in."), code="language")
        for language, entry in value.translations.items():
            if entry.get("by") not in TRANSLATION_SOURCES:
                raise ValidationError(
                    _("Each translation must say whether a person or a machine made it."),
                    code="source",
                )
            if language == value.language:
                raise ValidationError(_("A translation repeats the original language."))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))
