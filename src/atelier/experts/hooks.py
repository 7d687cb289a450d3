"""What the expert pool adds to other apps: the expert profile in personal data."""


def register():
    from atelier.accounts.services import register_eraser, register_exporter

    from . import services
    from .services import offers, support

    register_exporter("expert_profile", services.export_profile)
    register_exporter("support_requests_and_missions", support.export_support)
    register_exporter("consultations", offers.export_consultations)
    register_eraser(services.erase_profile)

    from atelier.core.search_registry import register as register_search

    register_search(_search_source())


def _search_source():
    from django.utils.translation import gettext_lazy as _

    from atelier.accounts.models import User
    from atelier.core.multilingual import MultilingualText
    from atelier.core.search_registry import Document, Source

    from . import queries
    from .models import ExpertProfile

    def document(profile):
        # Only what the expert chose to show in the public directory is indexed.
        shown = profile.shows
        bio = profile.bio if shown(ExpertProfile.Visible.BIO) else None
        areas = ", ".join(str(label) for label in profile.area_labels) if shown("areas") else ""
        keywords = " ".join(profile.keywords) if shown(ExpertProfile.Visible.KEYWORDS) else ""
        return Document(
            title=MultilingualText(profile.user.display_name_or_fallback),
            summary=bio,
            body=" ".join(part for part in (areas, keywords) if part),
            url=profile.get_absolute_url(),
            details=[areas] if areas else [],
        )

    return Source(
        kind="expert",
        label=_("Experts"),
        model=ExpertProfile,
        public=queries.listed_experts,
        document=document,
        related={
            User: lambda user: ExpertProfile.objects.filter(user=user).values_list("pk", flat=True)
        },
    )
