"""The read path of the library: what a given person may see, and its search."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.safestring import SafeString

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


# The facets of the library's list, in the order the page shows them.
FACETS = ("kind", "theme", "sector", "lang", "programme", "licence", "year", "country")


@dataclass
class Hit:
    resource: Resource
    snippet: SafeString | None = None


@dataclass
class SearchResult:
    query: str
    parsed: object  # the query as the search read it; false when it holds no words
    filters: dict[str, list[str]]
    sort: str
    hits: list[Hit]
    total: int
    facets: list  # of atelier.search.services.FacetGroup
    page: object  # a django.core.paginator.Page over the total

    @property
    def resources(self):
        return [hit.resource for hit in self.hits]


def search(*, query="", filters=None, sort="relevance", page=1, per_page=20):
    """Published resources matching ``query`` and ``filters``, one page of them with their
    card data and snippets, and the facet counts: the shared search's listing of the library
    (``atelier.search.services.find``). Every reader sees the same published resources."""
    from atelier.core import search_registry

    found = search_registry.find(
        "resource", query=query, filters=filters, sort=sort, page=page, per_page=per_page
    )
    resources = {
        resource.pk: resource
        for resource in with_card_data(published().filter(pk__in=found.object_ids))
    }
    return SearchResult(
        query=found.query,
        parsed=found.parsed,
        filters=found.filters,
        sort=found.sort,
        hits=[
            Hit(resources[pk], found.snippets.get(pk)) for pk in found.object_ids if pk in resources
        ],
        total=found.total,
        facets=found.facets,
        page=found.page,
    )


def home_resources(request):
    return list(with_card_data(published()).order_by("-published_at", "-pk")[:4])


CURATING_ROLES = (Role.COORDINATOR, Role.MODERATOR)


def curates_everywhere(user):
    """Curates collections and podcasts of the whole platform: admins, and coordinators and
    moderators platform-wide."""
    from atelier.accounts.rules import holds_role

    if not user.is_authenticated:
        return False
    return user.is_superuser or any(holds_role(user, role) for role in CURATING_ROLES)


def curated_programmes(user):
    """Programmes whose collections and podcasts ``user`` curates (as coordinator or moderator):
    every programme they see when they curate everywhere."""
    from atelier.programmes import queries as programme_queries
    from atelier.programmes.models import Programme

    if user is not None and curates_everywhere(user):
        return programme_queries.programmes_for(user)
    ids = programme_queries.programme_ids_with_roles(user, CURATING_ROLES)
    return Programme.objects.filter(pk__in=ids)


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
