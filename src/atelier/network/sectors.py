"""The sectors of the cultural and creative sectors an organisation works in."""

from django.utils.translation import gettext_lazy as _

# (slug, label). Labels are UI strings, translated through gettext.
SECTORS = [
    ("performing-arts", _("Performing arts")),
    ("visual-arts", _("Visual arts")),
    ("heritage", _("Cultural heritage")),
    ("music", _("Music")),
    ("film-audiovisual", _("Film and audiovisual")),
    ("design", _("Design")),
    ("architecture", _("Architecture")),
    ("publishing", _("Books and publishing")),
    ("crafts", _("Crafts")),
    ("games", _("Games")),
    ("media", _("Media and broadcasting")),
    ("education", _("Education and training")),
    ("tourism", _("Cultural tourism")),
    ("cross-sector", _("Cross-sector")),
]
SECTOR_LABELS = dict(SECTORS)
