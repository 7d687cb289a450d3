"""Background tasks of programmes: thin wrappers that take ids and call services."""

from django_tasks import task


@task()
def preview_import_run(run_id):
    from . import services

    services.execute_preview(run_id)


@task()
def run_import(run_id):
    from . import services

    services.execute_import(run_id)
