"""The read path of the expert pool: the public directory and what it may show."""

from django.db.models import Q
from django.utils import timezone

from .areas import area_choices
from .models import ExpertProfile, Mission


def listed_experts():
    """Profiles in the public directory: listed, of active people not erased."""
    return ExpertProfile.objects.filter(
        is_listed=True, user__is_active=True, user__erased_at__isnull=True
    ).select_related("user")


def _key(key):
    return Q(filter_keys__contains=f" {key} ")


def directory(*, area="", language="", country="", ecoc=False, availability="", **_ignored):
    """Listed experts matching the filters, ordered by name.

    A filter looks only at what each expert chose to show: someone who hides their languages
    is not found by a language filter, so a filter never reveals what the page hides.
    """
    experts = listed_experts()
    if area:
        experts = experts.filter(_key(f"area:{area}") & _key("show:areas"))
    if language:
        experts = experts.filter(_key(f"lang:{language}") & _key("show:languages"))
    if country:
        experts = experts.filter(_key(f"country:{country}") & _key("show:countries"))
    if ecoc:
        experts = experts.filter(_key("ecoc") & _key("show:ecoc"))
    if availability:
        experts = experts.filter(_key("show:availability"), availability=availability)
        if availability != ExpertProfile.Availability.UNAVAILABLE:
            today = timezone.localdate()
            experts = experts.filter(
                Q(available_until__isnull=True) | Q(available_until__gte=today)
            )
    return experts.order_by("user__display_name", "pk")


def own_profile(user):
    return ExpertProfile.objects.filter(user=user).first()


def expertise_areas():
    """The expert pool's taxonomy of areas as (slug, label) pairs, for other apps' forms."""
    return area_choices()


def missions_for(user, *, status=""):
    """Missions ``user`` follows: those they work on as an expert, those on their own support
    requests, and as a coordinator those of their programmes (every one for platform
    coordinators); ``status`` keeps one state. Newest first."""
    from atelier.accounts.rules import is_coordinator
    from atelier.programmes import queries as programme_queries

    missions = Mission.objects.select_related(
        "support_request__programme", "support_request__requester", "expert__user"
    )
    if not is_coordinator.test(user, None):
        missions = missions.filter(
            Q(expert__user=user)
            | Q(support_request__requester=user)
            | Q(support_request__programme_id__in=programme_queries.coordinated_programme_ids(user))
        )
    if status in Mission.Status.values:
        missions = missions.filter(status=status)
    return missions.order_by("-created_at", "-pk")
