"""Pages of the library: collections, their pages, and the curators' editing pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from atelier.core.confirm import confirm_page
from atelier.core.forms import add_service_error
from atelier.core.permissions import object_permission, permission_required

from .. import queries, services
from ..collection_forms import AddItemForm, CollectionForm, ItemNoteForm, ResourceSearchForm
from ..models import Collection, CollectionItem, ResourceAuthor, Status

PER_PAGE = 20
ITEMS_PER_PAGE = 50
SEARCH_RESULTS = 20


def _collection(request, slug):
    return get_object_or_404(Collection.objects.select_related("programme"), slug=slug)


def _item(collection, item_pk):
    return get_object_or_404(CollectionItem, pk=item_pk, collection=collection)


@require_GET
@permission_required("library.view_collection")
def collection_list(request):
    collections = (
        Collection.objects.select_related("programme")
        .annotate(
            published_count=Count("items", filter=Q(items__resource__status=Status.PUBLISHED))
        )
        .order_by("-updated", "-pk")
    )
    page = Paginator(collections, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/collection_list.html",
        {
            "page": page,
            "collections": page.object_list,
            "can_add": request.user.has_perm("library.add_collection"),
        },
    )


@require_GET
@object_permission("library.view_collection", _collection)
def collection_detail(request, collection):
    items = (
        collection.items.filter(resource__status=Status.PUBLISHED)
        .select_related("resource", "resource__programme")
        .prefetch_related(
            Prefetch(
                "resource__authors",
                queryset=ResourceAuthor.objects.select_related("organisation", "person"),
            )
        )
        .order_by("position", "pk")
    )
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/collection_detail.html",
        {
            "collection": collection,
            "page": page,
            "items": page.object_list,
            "can_edit": request.user.has_perm("library.change_collection", collection),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("library.add_collection", login=False)
def collection_create(request):
    form = CollectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            collection = services.create_collection(request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The collection has been created. Now add resources."))
            return redirect("library:collection-edit", slug=collection.slug)
    return render(
        request,
        "library/collection_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _edit_page(request, collection, *, form=None, add_form=None, note_forms=None, status=200):
    items = list(collection.items.select_related("resource").order_by("position", "pk"))
    note_forms = note_forms or {}
    for item in items:
        item.note_form = note_forms.get(item.pk) or ItemNoteForm(
            initial={"note": item.note}, prefix=f"note-{item.pk}"
        )
    search_form = ResourceSearchForm(request.GET or None)
    matches = None
    if search_form.is_valid():
        in_collection = [item.resource_id for item in items]
        matches = list(
            queries.published()
            .filter(title__text__icontains=search_form.cleaned_data["q"])
            .exclude(pk__in=in_collection)
            .order_by("-published_at", "-pk")[:SEARCH_RESULTS]
        )
    return render(
        request,
        "library/collection_edit.html",
        {
            "collection": collection,
            "form": form or CollectionForm(user=request.user, collection=collection),
            "add_form": add_form or AddItemForm(),
            "items": items,
            "search_form": search_form,
            "matches": matches,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
@object_permission("library.change_collection", _collection, login=False)
def collection_edit(request, collection):
    if request.method == "GET":
        return _edit_page(request, collection)
    form = CollectionForm(request.POST, user=request.user, collection=collection)
    if form.is_valid():
        try:
            services.update_collection(request.user, collection, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The collection has been saved."))
            return redirect("library:collection-edit", slug=collection.slug)
    return _edit_page(request, collection, form=form, status=400)


@require_POST
@login_required
@object_permission("library.change_collection", _collection, login=False)
def item_add(request, collection):
    add_form = AddItemForm(request.POST)
    if add_form.is_valid():
        try:
            services.add_to_collection(
                request.user,
                collection,
                add_form.cleaned_data["resource"],
                note=add_form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(add_form, error)
        else:
            messages.success(request, _("The resource has been added to the collection."))
            return redirect("library:collection-edit", slug=collection.slug)
    return _edit_page(request, collection, add_form=add_form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
@object_permission("library.change_collection", _collection, login=False)
def item_remove(request, collection, item_pk):
    item = _item(collection, item_pk)
    if request.method == "GET":
        language = getattr(request, "LANGUAGE_CODE", None)
        names = {
            "resource": item.resource.title.for_reader(language).text,
            "collection": collection.title.for_reader(language).text,
        }
        return confirm_page(
            request,
            title=_("Take “%(resource)s” out of “%(collection)s”?") % names,
            message=_(
                "The resource stays in the library; only its place in this collection and its "
                "note here are lost. You can add it to the collection again."
            ),
            button=_("Take it out"),
            cancel_url=reverse("library:collection-edit", args=[collection.slug]),
        )
    try:
        services.remove_from_collection(request.user, collection, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The resource has been taken out of the collection."))
    return redirect("library:collection-edit", slug=collection.slug)


@require_POST
@login_required
@object_permission("library.change_collection", _collection, login=False)
def item_move(request, collection, item_pk):
    offsets = {"up": -1, "down": 1}
    direction = request.POST.get("direction")
    if direction not in offsets:
        messages.error(request, _("Choose whether to move the item up or down."))
    else:
        item = _item(collection, item_pk)
        try:
            services.move_item(request.user, collection, item, offsets[direction])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The order has been changed."))
    return redirect("library:collection-edit", slug=collection.slug)


@require_POST
@login_required
@object_permission("library.change_collection", _collection, login=False)
def item_note(request, collection, item_pk):
    item = _item(collection, item_pk)
    note_form = ItemNoteForm(request.POST, prefix=f"note-{item.pk}")
    if note_form.is_valid():
        try:
            services.set_item_note(request.user, collection, item, note_form.cleaned_data["note"])
        except ValidationError as error:
            add_service_error(note_form, error)
        else:
            messages.success(request, _("The note has been saved."))
            return redirect("library:collection-edit", slug=collection.slug)
    return _edit_page(request, collection, note_forms={item.pk: note_form}, status=400)
