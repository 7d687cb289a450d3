"""E-mail leaves through a background task, delivered by the worker."""

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult


@pytest.mark.django_db(transaction=True)
def test_mail_is_queued_as_a_task_and_the_worker_delivers_it(settings):
    # The worker manages its own connections, as it does in production: no wrapping transaction.
    settings.EMAIL_BACKEND = "atelier.core.mail.TaskEmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ATELIER_EMAIL_DELIVERY = "django.core.mail.backends.locmem.EmailBackend"

    send_mail("Welcome", "Hello", "noreply@example.org", ["alice@example.org"])

    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", batch=True, verbosity=0)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Welcome"
    assert mail.outbox[0].to == ["alice@example.org"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_html_alternative_survives_the_queue(settings, db):
    settings.EMAIL_BACKEND = "atelier.core.mail.TaskEmailBackend"
    settings.ATELIER_EMAIL_DELIVERY = "django.core.mail.backends.locmem.EmailBackend"

    send_mail("Hi", "plain", "noreply@example.org", ["bob@example.org"], html_message="<p>Hi</p>")

    assert mail.outbox[0].alternatives == [("<p>Hi</p>", "text/html")]
