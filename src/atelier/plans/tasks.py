"""Background tasks of plans: thin wrappers that take ids and call services."""

from django_tasks import task


@task()
def run_csv_import(run_id):
    from . import services

    services.execute_csv_import(run_id)
