"""The theme taxonomy of the cultural and creative sectors, shared by every app."""

from django.utils.translation import gettext_lazy as _

# (slug, label). Labels are UI strings: translated through gettext like the rest of the UI.
THEMES = [
    ("audience-development", _("Audience development")),
    ("capacity-building", _("Capacity building")),
    ("collective-creation", _("Collective creation")),
    ("community-arts", _("Community and participatory arts")),
    ("cultural-heritage", _("Cultural heritage")),
    ("cultural-policy", _("Cultural policy")),
    ("culture-and-social-work", _("Culture and social work")),
    ("digital-transformation", _("Digital transformation")),
    ("digital-education", _("Digital education")),
    ("ecoc", _("European Capitals of Culture")),
    ("entrepreneurship", _("Creative entrepreneurship and SMEs")),
    ("environment", _("Environmental sustainability")),
    ("evaluation", _("Evaluation and impact")),
    ("funding", _("Funding and fundraising")),
    ("inclusion", _("Inclusion, migrants and marginalised groups")),
    ("international-cooperation", _("International cooperation")),
    ("mobility", _("Mobility of artists and cultural workers")),
    ("networks-and-clusters", _("Networks and clusters")),
    ("professionalisation", _("Professionalisation of the sector")),
    ("training-of-trainers", _("Training of trainers")),
    ("urban-development", _("Urban development and public space")),
    ("youth", _("Young people")),
]
THEME_LABELS = dict(THEMES)
