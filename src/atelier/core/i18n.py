"""URL language prefixes: ``/bg/library/`` forces Bulgarian, ``/library/`` follows the reader."""

from django.conf import settings
from django.urls import URLResolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import get_language


class ReaderLanguagePrefixPattern(LocalePrefixPattern):
    """Matches a path with any supported language prefix, or with none.

    Django's own pattern only matches the active language's prefix, so an unprefixed path
    cannot be served in the language the reader's browser or cookie asks for.
    """

    def match(self, path):
        for code, _name in settings.LANGUAGES:
            prefix = f"{code}/"
            if path.startswith(prefix):
                return path.removeprefix(prefix), (), {}
        return path, (), {}

    @property
    def language_prefix(self):
        language = get_language() or settings.LANGUAGE_CODE
        if language == settings.LANGUAGE_CODE:
            return ""
        return f"{language}/"


def language_patterns(*urls):
    return [URLResolver(ReaderLanguagePrefixPattern(prefix_default_language=False), list(urls))]
