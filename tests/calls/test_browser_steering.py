"""A programme's coordinator steers a call and the missions of the programme in the browser:
writes the decision messages, is asked before removing a criterion, shares a review with the
applicant, who reads it after the decision; follows the missions and cancels one after being
asked. Every page axe-clean and no wider than the screen at 1280 and 375 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from atelier.calls import services as call_services
from atelier.core.multilingual import MultilingualText
from atelier.experts.models import Mission
from atelier.experts.services import support
from tests.browser.test_programme_journey import checked
from tests.browsing import log_in
from tests.calls.factories import ApplicationFactory, AssignmentFactory
from tests.experts.factories import ExpertProfileFactory, SupportRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_programme_coordinator_steers_a_call(page, axe, call, pia, ria, alice, password):
    relevance, experience = call.criteria.order_by("position")
    application = ApplicationFactory(call=call, applicant=alice)
    assignment = AssignmentFactory(application=application, reviewer=ria)
    call_services.score_application(
        assignment,
        {relevance.pk: (8, "Clearly fits."), experience.pk: (3, "")},
        comment="Show more of your past work.",
        actor=ria,
        submit=True,
    )

    # The public page says how applications are judged.
    page.goto(call.get_absolute_url())
    assert "Relevance" in page.get_by_role("table").inner_text()
    checked(page, axe)

    log_in(page, pia, password)
    page.goto(f"/calls/{call.slug}/messages/")
    checked(page, axe)
    page.get_by_label("To accepted applicants").fill("Welcome aboard! We write within a week.")
    page.get_by_role("button", name="Save the messages").click()
    page.wait_for_load_state()
    assert page.get_by_text("The decision messages in English are saved.").is_visible()
    call.refresh_from_db()
    assert call.accepted_message.text == "Welcome aboard! We write within a week."

    # Removing a criterion asks first, in a dialog; cancelling keeps it.
    page.goto(f"/calls/{call.slug}/form/")
    page.get_by_role("link", name="Remove Relevance").click()
    dialog = page.locator("dialog.confirm-dialog")
    dialog.wait_for()
    assert "Remove the criterion “Relevance”?" in dialog.inner_text()
    axe(page)
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="detached")
    assert call.criteria.count() == 2

    page.goto(f"/calls/{call.slug}/reviewers/")
    checked(page, axe)

    # The coordinator shares the review's comments, then decides.
    page.goto(application.get_absolute_url())
    page.get_by_label("Share the comments of review 1 (Ria Reviewer)").check()
    page.get_by_role("button", name="Save what is shared").click()
    page.wait_for_load_state()
    checked(page, axe)
    call.opens_at = timezone.now() - timedelta(days=10)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    call_services.decide(application, "accept", actor=pia)

    log_in(page, alice, password, clear=True)
    page.goto(application.get_absolute_url())
    feedback = page.get_by_role("region", name="Feedback from the review")
    assert "Show more of your past work." in feedback.inner_text()
    assert "Ria Reviewer" not in page.content()
    checked(page, axe)


def test_a_programme_coordinator_cancels_a_mission(page, axe, programme, pia, alice, password):
    support_request = SupportRequestFactory(
        requester=alice, programme=programme, title=MultilingualText("Volunteers for Plovdiv", "en")
    )
    (mission,) = support.assign_experts(pia, support_request, [ExpertProfileFactory()])

    log_in(page, pia, password)
    page.goto("/experts/missions/")
    checked(page, axe)
    page.get_by_label("Status").select_option("proposed")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "1 mission"
    page.get_by_role("link", name="Volunteers for Plovdiv").click()
    page.wait_for_load_state()
    checked(page, axe)
    page.get_by_role("link", name="Cancel the mission").click()
    dialog = page.locator("dialog.confirm-dialog")
    dialog.wait_for()
    axe(page)
    dialog.get_by_role("button", name="Cancel the mission").click()
    page.wait_for_load_state()
    assert page.get_by_text("The mission is cancelled.").is_visible()
    mission.refresh_from_db()
    assert mission.status == Mission.Status.CANCELLED
    checked(page, axe)
