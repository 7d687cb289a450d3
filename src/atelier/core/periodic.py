"""Jobs that run on a timer (reminders, waitlist expiry, feed pulls): apps register them in their
``hooks``; ``manage.py run_periodic`` runs or enqueues every one of them. Each job is safe to
run as often as the timer fires: it does only what is due."""

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Job:
    name: str
    # The dotted path of a django-tasks task taking no arguments; imported when the job runs,
    # so that registering it at start-up binds no task backend before the settings are final.
    path: str

    @property
    def task(self):
        return import_string(self.path)


_JOBS: dict[str, Job] = {}


def register(name, path):
    _JOBS[name] = Job(name, path)


def jobs():
    return dict(_JOBS)
