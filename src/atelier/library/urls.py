from .views import collections, contribute, moderation, podcasts, resources

app_name = "library"

# Each area's module lists its own patterns; the fixed paths come before "<int:pk>/".
urlpatterns = [
    *contribute.urlpatterns,
    *moderation.urlpatterns,
    *collections.urlpatterns,
    *podcasts.urlpatterns,
    *resources.urlpatterns,
]
