"""Background tasks of the library: thin wrappers that take ids and call the library's code."""

from django_tasks import task


@task()
def process_file(file_id):
    """Extract a stored file's text, thumbnail and duration; a failure is recorded, not raised."""
    from . import extract

    extract.process_by_id(file_id)
