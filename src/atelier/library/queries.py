"""The read path of the library: what a given person may see."""

from django.db.models import Prefetch, Q

from atelier.accounts.roles import Role

from .models import Kind, Licence, Resource, ResourceAuthor, ResourceFile, Status


def published():
    return Resource.objects.filter(status=Status.PUBLISHED)


def with_card_data(queryset):
    """What a resource card shows, loaded in a fixed number of queries."""
    return queryset.select_related("programme", "podcast").prefetch_related(
        Prefetch(
            "authors",
            queryset=ResourceAuthor.objects.select_related("organisation", "person"),
        ),
        Prefetch(
            "files",
            queryset=ResourceFile.objects.filter(role=ResourceFile.Role.MAIN).only(
                "pk", "resource_id", "thumbnail", "mime_type", "position", "role"
            ),
            to_attr="main_files",
        ),
    )


def home_resources(request):
    return list(with_card_data(published()).order_by("-published_at", "-pk")[:4])


def moderated_programme_ids(user):
    """Programme ids where ``user`` moderates; None when they moderate the whole platform."""
    from django.contrib.contenttypes.models import ContentType

    from atelier.programmes.models import Programme

    if user.is_superuser:
        return None
    assignments = user.role_assignments.filter(role=Role.MODERATOR)
    if assignments.filter(scope_type__isnull=True).exists():
        return None
    programme_type = ContentType.objects.get_for_model(Programme)
    return set(assignments.filter(scope_type=programme_type).values_list("scope_id", flat=True))


def moderation_queue(user):
    """Resources waiting for review that ``user`` may decide on, oldest first."""
    queryset = Resource.objects.filter(status=Status.SUBMITTED)
    programme_ids = moderated_programme_ids(user)
    if programme_ids is not None:
        queryset = queryset.filter(programme_id__in=programme_ids)
    return with_card_data(queryset.select_related("contributor")).order_by("updated", "pk")


def contributions_of(user):
    return with_card_data(Resource.objects.filter(contributor=user)).order_by("-updated", "-pk")


def visible_to(user):
    """Resources ``user`` may open: published ones, their own, and those they moderate."""
    if not user.is_authenticated:
        return published()
    condition = Q(status=Status.PUBLISHED) | Q(contributor=user)
    programme_ids = moderated_programme_ids(user)
    if programme_ids is None:
        return Resource.objects.all()
    if programme_ids:
        condition |= Q(programme_id__in=programme_ids)
    return Resource.objects.filter(condition)


def kind_choices(*kinds):
    """Kinds of resource as (value, label) pairs: the ``kinds`` named, or all of them."""
    return [(value, label) for value, label in Kind.choices if not kinds or value in kinds]


def licence_choices():
    """Licences a resource made elsewhere (an event's material, a mission's output) may carry:
    all but "other", whose address those forms do not ask for."""
    return [(value, label) for value, label in Licence.choices if value != Licence.OTHER]
