from django.urls import path

from .views import collections, contribute, moderation, podcasts, resources

app_name = "library"

# The fixed paths come before "<int:pk>/".
urlpatterns = [
    # Contributing: a resource's form, its files and their downloads.
    path("contribute/", contribute.contribute, name="contribute"),
    path("<int:pk>/edit/", contribute.edit, name="edit"),
    path("<int:pk>/files/", contribute.manage_files, name="files"),
    path("<int:pk>/files/<int:file_pk>/remove/", contribute.remove_file, name="file-remove"),
    path("files/<int:pk>/download/", contribute.download, name="download"),
    path("files/<int:pk>/", contribute.file_inline, name="file"),
    path("files/<int:pk>/thumbnail/", contribute.thumbnail, name="thumbnail"),
    # Moderation, and a contributor's own list and history.
    path("moderation/", moderation.moderation_queue, name="moderation"),
    path("moderation/<int:pk>/", moderation.review, name="review"),
    path("mine/", moderation.my_contributions, name="mine"),
    path("<int:pk>/history/", moderation.history, name="history"),
    path("<int:pk>/withdraw/", moderation.withdraw, name="withdraw"),
    # Collections.
    path("collections/", collections.collection_list, name="collections"),
    path("collections/new/", collections.collection_create, name="collection-create"),
    path("collections/<slug:slug>/", collections.collection_detail, name="collection"),
    path("collections/<slug:slug>/edit/", collections.collection_edit, name="collection-edit"),
    path("collections/<slug:slug>/items/", collections.item_add, name="collection-item-add"),
    path(
        "collections/<slug:slug>/items/<int:item_pk>/remove/",
        collections.item_remove,
        name="collection-item-remove",
    ),
    path(
        "collections/<slug:slug>/items/<int:item_pk>/move/",
        collections.item_move,
        name="collection-item-move",
    ),
    path(
        "collections/<slug:slug>/items/<int:item_pk>/note/",
        collections.item_note,
        name="collection-item-note",
    ),
    # Podcasts.
    path("podcasts/", podcasts.podcast_list, name="podcasts"),
    path("podcasts/new/", podcasts.podcast_add, name="podcast-add"),
    path("podcasts/<slug:slug>/", podcasts.podcast_detail, name="podcast"),
    path("podcasts/<slug:slug>/edit/", podcasts.podcast_edit, name="podcast-edit"),
    # The library's list and a resource's page.
    path("", resources.resource_list, name="list"),
    path("<int:pk>/", resources.resource_detail, name="resource"),
]
