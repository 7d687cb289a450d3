"""The calls' API router: open calls (public) and one's own applications."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from atelier.core.api import Pagination

from . import queries

router = Router(tags=["calls"])


class CallOut(Schema):
    slug: str
    title: str
    title_language: str
    type: str
    opens_at: datetime
    closes_at: datetime
    time_zone: str
    places: int | None
    programme: str | None
    is_open: bool
    url: str

    @staticmethod
    def resolve_title(obj):
        return obj.title.text

    @staticmethod
    def resolve_title_language(obj):
        return obj.title.language

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.slug if obj.programme_id else None

    @staticmethod
    def resolve_is_open(obj):
        return obj.is_open()

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ApplicationOut(Schema):
    id: int
    call: CallOut
    status: str
    submitted_at: datetime | None
    decided_at: datetime | None
    url: str

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


@router.get("/", response=list[CallOut], auth=None, summary="Open calls")
@paginate(Pagination, page_size=50)
def list_calls(request):
    """Public: published calls still taking applications (or about to), soonest deadline first."""
    return queries.open_calls()


@router.get(
    "/applications",
    response=list[ApplicationOut],
    auth=django_auth,
    summary="Your applications",
)
@paginate(Pagination, page_size=50)
def my_applications(request):
    """Signed in: your own applications, drafts included (nobody else's)."""
    if not request.user.has_perm("calls.view_own_applications"):
        raise PermissionDenied
    return queries.applications_of(request.user)
