"""Background work of the search: vectors are made here, never in a request."""

from django_tasks import task


@task()
def embed_entries(entry_ids):
    from . import services

    return services.embed(entry_ids)
