"""Areas of expertise for capacity building in the cultural and creative sectors.

A profile, a support request and a consultation offer name areas by slug; slugs are stable
(stored), labels are translated when shown.
"""

from django.utils.translation import gettext_lazy as _

AREAS = [
    ("audience-development", _("Audience development")),
    ("cultural-strategy-policy", _("Cultural strategy and policy")),
    ("fundraising-eu-funding", _("Fundraising and EU funding")),
    ("participatory-governance", _("Participatory governance")),
    ("evaluation-impact", _("Evaluation and impact")),
    ("digital-transformation", _("Digital transformation")),
    ("heritage-management", _("Heritage management")),
    ("cultural-tourism", _("Cultural tourism")),
    ("urban-regeneration", _("Urban regeneration")),
    ("creative-entrepreneurship", _("Creative entrepreneurship")),
    ("communication-marketing", _("Communication and marketing")),
    ("accessibility-inclusion", _("Accessibility and inclusion")),
    ("artistic-programming", _("Artistic programming")),
    ("volunteering", _("Volunteering")),
    ("international-cooperation", _("International cooperation")),
    ("capacity-building-training", _("Capacity building and training")),
    ("legal-contracts", _("Legal matters and contracts")),
    ("sustainability", _("Sustainability")),
    ("ecoc-bid-legacy", _("European Capital of Culture bid and legacy")),
    ("design-thinking", _("Design thinking")),
    ("project-planning", _("Project planning and management")),
    ("organisational-development", _("Organisational development")),
]

AREA_SLUGS = frozenset(slug for slug, _label in AREAS)
_LABELS = dict(AREAS)


def area_choices():
    return list(AREAS)


def area_label(slug):
    """The area's translated label; an unknown slug is shown as it is."""
    return str(_LABELS.get(slug, slug))


def clean_areas(slugs):
    """Known slugs only, in taxonomy order, each once."""
    wanted = set(slugs or ())
    return [slug for slug, _label in AREAS if slug in wanted]
