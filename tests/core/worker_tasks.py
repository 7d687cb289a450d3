"""Tasks the worker's tests enqueue: the worker process imports them from here."""

from django_tasks import task


@task()
def add(a, b):
    return a + b


@task()
def explode():
    raise RuntimeError("This task fails on purpose.")
