"""Pages of the library: podcasts, their episodes, and the forms to create and edit them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from atelier.core.languages import language_name
from atelier.core.permissions import object_permission, permission_required

from .. import feeds, services
from ..models import Podcast, Status
from ..podcast_forms import PodcastForm, category_label

PER_PAGE = 20


def _podcast(request, slug):
    return get_object_or_404(Podcast.objects.select_related("programme"), slug=slug)


def podcast_list_queryset():
    return Podcast.objects.annotate(
        episode_count=Count("episodes", filter=Q(episodes__status=Status.PUBLISHED))
    ).order_by("slug")


def cover_url(podcast):
    return podcast.cover.url if podcast.cover else static(feeds.DEFAULT_COVER)


@require_GET
@permission_required("library.view_podcast")
def podcast_list(request):
    page = Paginator(podcast_list_queryset(), PER_PAGE).get_page(request.GET.get("page"))
    for podcast in page.object_list:
        podcast.cover_src = cover_url(podcast)
        podcast.category_label = category_label(podcast.category)
        podcast.language_label = language_name(podcast.language)
    return render(
        request,
        "library/podcast_list.html",
        {
            "page": page,
            "podcasts": page.object_list,
            "query": "",
            "can_add": request.user.has_perm("library.add_podcast"),
        },
    )


@require_GET
@object_permission("library.view_podcast", _podcast)
def podcast_detail(request, podcast):
    page = Paginator(feeds.published_episodes(podcast), PER_PAGE).get_page(request.GET.get("page"))
    episodes = list(page.object_list)
    for episode in episodes:
        episode.audio = feeds.audio_file(episode)
        episode.transcript_files = feeds.transcripts(episode)
        seconds = episode.audio.duration_seconds if episode.audio else None
        episode.duration_minutes = max(1, round(seconds / 60)) if seconds else None
    feed_url = request.build_absolute_uri(feeds.feed_path(podcast))
    return render(
        request,
        "library/podcast_detail.html",
        {
            "podcast": podcast,
            "page": page,
            "episodes": episodes,
            "query": "",
            "cover_src": cover_url(podcast),
            "category": category_label(podcast.category),
            "subcategory": category_label(podcast.subcategory) if podcast.subcategory else "",
            "language": language_name(podcast.language),
            "feed_url": feed_url,
            "can_change": request.user.has_perm("library.change_podcast", podcast),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("library.add_podcast", login=False)
def podcast_add(request):
    form = PodcastForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        podcast = services.create_podcast(request.user, **form.podcast_data())
        messages.success(request, _("The podcast has been created."))
        return redirect(podcast)
    return render(
        request,
        "library/podcast_form.html",
        {"form": form, "podcast": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@object_permission("library.change_podcast", _podcast, login=False)
def podcast_edit(request, podcast):
    # The form's cleaning changes the podcast in place; the way back keeps the saved address.
    cancel_url = reverse("library:podcast", args=[podcast.slug])
    form = PodcastForm(
        request.POST or None, request.FILES or None, instance=podcast, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        podcast = services.update_podcast(request.user, form.instance, **form.podcast_data())
        messages.success(request, _("The podcast has been saved."))
        return redirect(podcast)
    return render(
        request,
        "library/podcast_form.html",
        {"form": form, "podcast": podcast, "cancel_url": cancel_url},
        status=400 if form.errors else 200,
    )
