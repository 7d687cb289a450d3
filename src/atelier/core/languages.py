"""Languages people speak and content is written in (not only the UI's languages)."""

from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

# The 24 official EU languages, Ukrainian, and languages spoken across the programmes' regions.
CONTENT_LANGUAGES = [
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt",
    "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv",
    "uk", "ca", "eu", "gl", "sq", "bs", "mk", "sr", "no", "is", "tr", "ar", "ru",
]  # fmt: skip

_EXTRA_NAMES = {"mt": gettext_lazy("Maltese")}


def language_name(code):
    """The language's name in the active UI language."""
    if code in _EXTRA_NAMES:
        return str(_EXTRA_NAMES[code])
    try:
        return _(get_language_info(code)["name"])
    except KeyError:
        return code


def language_choices():
    return sorted(((code, language_name(code)) for code in CONTENT_LANGUAGES), key=lambda c: c[1])
