"""Browser journey: apply and submit; the coordinator assigns; the reviewer scores; the
coordinator accepts. Every page passes axe-core and the Content Security Policy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from atelier.calls.models import Application, ReviewAssignment
from atelier.notifications.models import Notification
from tests.browsing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_review_and_accept(page, axe, call, alice, pia, ria, password):
    motivation, country = call.questions.order_by("position")[:2]

    # The applicant finds the call, saves a draft, then submits.
    log_in(page, alice, password, clear=True)
    page.goto("/calls/")
    axe(page)
    page.get_by_role("link", name="Call for consultants").click()
    page.wait_for_load_state()
    assert "Europe/Sofia" in page.content()
    axe(page)
    page.get_by_role("link", name="Apply to this call").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Why you? (required)").fill("I have run a creative hub for ten years.")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_load_state()
    assert Application.objects.get(applicant=alice).status == "draft"
    axe(page)
    page.get_by_role("link", name="Continue your application").click()
    page.get_by_label("Country").select_option("BG")
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_load_state()
    application = Application.objects.get(applicant=alice)
    assert application.status == "submitted"
    assert application.answers == {
        motivation.key: "I have run a creative hub for ten years.",
        country.key: "BG",
    }
    assert "Submitted" in page.content()
    axe(page)

    # The coordinator assigns reviewers automatically.
    log_in(page, pia, password, clear=True)
    page.goto(f"/calls/{call.slug}/form/")
    axe(page)
    page.goto(f"/calls/{call.slug}/reviewers/")
    axe(page)
    page.get_by_label("Reviewers per application").fill("1")
    page.get_by_role("button", name="Assign reviewers").click()
    page.wait_for_load_state()
    assignment = ReviewAssignment.objects.get(application=application)
    assert assignment.reviewer == ria
    axe(page)

    # The reviewer scores and submits.
    log_in(page, ria, password, clear=True)
    page.goto("/calls/reviews/")
    axe(page)
    page.get_by_role("link", name="Alice Member").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Relevance (60 %), from 0 to 10").fill("9")
    page.get_by_label("Experience (40 %), from 1 to 5").fill("4")
    page.get_by_label("Overall comment").fill("A strong application.")
    page.get_by_role("button", name="Submit the review").click()
    page.wait_for_load_state()
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    axe(page)

    # The call closes; the coordinator ranks and accepts.
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.opens_at = call.closes_at - timedelta(days=7)
    call.save()
    log_in(page, pia, password, clear=True)
    page.goto(f"/calls/{call.slug}/ranking/")
    assert "84.0 %" in page.content()  # 0.6·0.9 + 0.4·0.75
    axe(page)
    page.get_by_role("link", name="Alice Member").click()
    page.wait_for_load_state()
    assert "A strong application." in page.content()
    axe(page)
    page.get_by_role("link", name="Ranking and decisions").first.click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Accept Alice Member").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == "accepted"
    assert Notification.objects.filter(recipient=alice, verb="calls.accepted").exists()
    axe(page)
