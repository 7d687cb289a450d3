"""The expert pool's write path, a module per sub-domain: profiles, support, offers, matching.

The profile verbs are re-exported here, so `from atelier.experts import services` and
`services.ensure_expert` keep working; the other sub-domains are reached as
`services.support`, `services.offers` and `services.matching`.
"""

from . import matching, offers, support
from .profiles import (
    CV_TYPES,
    check_cv,
    ensure_expert,
    erase_profile,
    export_profile,
    normalise_countries,
    normalise_keywords,
    normalise_languages,
    update_own_profile,
)

__all__ = [
    "CV_TYPES",
    "check_cv",
    "ensure_expert",
    "erase_profile",
    "export_profile",
    "matching",
    "normalise_countries",
    "normalise_keywords",
    "normalise_languages",
    "offers",
    "support",
    "update_own_profile",
]
