"""The home page's sections; feature apps register what they show there in ``ready()``."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext_lazy as _


@dataclass
class HomeSection:
    key: str
    title: str
    empty_text: str
    # Called with the request; returns a short list of items, or None while no app fills it.
    provider: Callable | None = None
    template: str = ""
    more_url: str = ""
    items: list = field(default_factory=list)


_SECTIONS = {
    "programmes": HomeSection(
        "programmes",
        _("Programmes"),
        _("No programmes yet. Programmes and their partners will appear here."),
    ),
    "events": HomeSection(
        "events",
        _("Upcoming events"),
        _("No upcoming events yet. Trainings, academy camps and webinars will appear here."),
    ),
    "library": HomeSection(
        "library",
        _("New in the library"),
        _("The library is empty for now. Toolkits, recordings and podcasts will appear here."),
    ),
}


def register_section(key, *, provider, template, more_url=""):
    section = _SECTIONS[key]
    section.provider = provider
    section.template = template
    section.more_url = more_url


def sections_for(request):
    return [
        replace(section, items=list(section.provider(request)) if section.provider else [])
        for section in _SECTIONS.values()
    ]
