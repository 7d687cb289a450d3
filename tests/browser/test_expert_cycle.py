"""The whole expert cycle in the browser: a member applies to the coordinators' call for
experts, a reviewer scores, the coordinator accepts, the new expert lists themselves in the
directory; a city team asks for support, the coordinator assigns the expert from the ranked
list, the expert accepts and delivers, the requester evaluates, the coordinator publishes the
output, which is then in the library. Every new page passes axe-core and the CSP."""

from datetime import timedelta

import pytest
from django.utils import timezone

from atelier.calls import services as calls
from atelier.calls.models import Application, Call, Criterion, Question
from atelier.core.multilingual import MultilingualText
from atelier.experts.models import Mission, MissionOutput, SupportRequest
from atelier.library.models import Resource
from atelier.notifications.models import Notification
from tests.browsing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _experts_call(coordinator):
    now = timezone.now()
    call = Call(
        type=Call.Type.EXPERTS,
        title=MultilingualText("Call for ECoC experts", "en"),
        description=MultilingualText("Join the pool of experts.", "en"),
        time_zone="Europe/Brussels",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    calls.create_call(call, actor=coordinator)
    calls.add_question(
        Question(
            call=call,
            kind=Question.Kind.AREAS,
            required=True,
            label=MultilingualText("Your areas", "en"),
        ),
        actor=coordinator,
    )
    calls.add_question(
        Question(
            call=call,
            kind=Question.Kind.LONG_TEXT,
            required=True,
            label=MultilingualText("Your experience", "en"),
        ),
        actor=coordinator,
    )
    calls.add_criterion(
        Criterion(call=call, label=MultilingualText("Experience", "en"), weight=100),
        actor=coordinator,
    )
    return calls.publish_call(call, actor=coordinator)


def test_the_whole_expert_cycle(page, axe, alice, bob, cora, rey, password, tmp_path):
    call = _experts_call(cora)

    # A member applies in the browser.
    log_in(page, alice, password, clear=True)
    page.goto(f"/calls/{call.slug}/")
    page.get_by_role("link", name="Apply to this call").click()
    page.wait_for_load_state()
    page.get_by_label("Volunteering").check()
    page.get_by_label("Your experience").fill("I ran the volunteer programme of Kaunas 2022.")
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_load_state()
    application = Application.objects.get(applicant=alice)
    assert application.status == "submitted"

    # A reviewer scores in the browser.
    calls.assign_reviewer(application, rey, actor=cora)
    log_in(page, rey, password, clear=True)
    page.goto("/calls/reviews/")
    page.get_by_role("link", name="Alice Member").click()
    page.wait_for_load_state()
    page.get_by_label("Experience (100 %), from 0 to 10").fill("9")
    page.get_by_role("button", name="Submit the review").click()
    page.wait_for_load_state()
    assert application.assignments.get().submitted_at is not None

    # The call closes; the coordinator accepts; the member is an expert.
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.opens_at = call.closes_at - timedelta(days=7)
    call.save()
    log_in(page, cora, password, clear=True)
    page.goto(f"/calls/{call.slug}/ranking/")
    page.get_by_role("button", name="Accept Alice Member").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == "accepted"
    assert alice.expert_profile.areas == ["volunteering"]

    # The new expert lists themselves in the directory.
    log_in(page, alice, password, clear=True)
    page.goto("/experts/me/")
    page.check("input[name=is_listed]")
    page.check("input[name=visible_fields][value=areas]")
    page.get_by_role("button", name="Save your profile").click()
    page.wait_for_load_state()
    page.goto("/experts/")
    assert page.get_by_text("Alice Member").count() >= 1

    # The /me/ page links the new pages.
    page.goto("/me/")
    assert page.get_by_role("link", name="Missions").count() == 1

    # A city team member files a support request.
    log_in(page, bob, password, clear=True)
    page.goto("/experts/requests/")
    axe(page)
    page.get_by_role("link", name="Ask for support").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Organisation or city team").fill("Timișoara 2023")
    page.locator("#id_title").fill("Designing our volunteer programme")
    page.get_by_label("What do you need?").fill("We expect a thousand volunteers.")
    page.get_by_label("Volunteering").check()
    # Bad dates are refused with a clear message and nothing is written.
    page.get_by_label("From").fill("2031-05-10")
    page.get_by_label("Until").fill("2031-05-01")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state()
    assert "The end date comes before the start date." in page.content()
    assert not SupportRequest.objects.exists()
    axe(page)
    page.get_by_label("Until").fill("2031-06-30")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state()
    support_request = SupportRequest.objects.get()
    assert support_request.requester == bob
    assert "Experts who match" not in page.content()
    axe(page)

    # The coordinator assigns the expert from the ranked list.
    log_in(page, cora, password, clear=True)
    page.goto(f"/experts/requests/{support_request.pk}/")
    assert "Volunteering" in page.content()  # the reason
    axe(page)
    page.get_by_label("Alice Member").check()
    page.get_by_role("button", name="Propose the chosen experts").click()
    page.wait_for_load_state()
    mission = Mission.objects.get()
    assert mission.expert.user == alice and mission.status == "proposed"
    assert Notification.objects.filter(recipient=alice, verb="experts.mission.proposed").exists()

    # The expert accepts, starts and delivers.
    log_in(page, alice, password, clear=True)
    page.goto("/experts/missions/")
    axe(page)
    page.get_by_role("link", name="Designing our volunteer programme").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_role("button", name="Accept the mission").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Start the mission").click()
    page.wait_for_load_state()
    page.get_by_label("What you delivered").fill("Two workshops and a volunteer journey map.")
    page.get_by_role("button", name="Mark as delivered").click()
    page.wait_for_load_state()
    mission.refresh_from_db()
    assert mission.status == "delivered"
    axe(page)

    # The requester evaluates.
    log_in(page, bob, password, clear=True)
    page.goto(f"/experts/missions/{mission.pk}/")
    axe(page)
    page.get_by_label("Rating (5 is best)").select_option("5")
    page.get_by_label("Feedback").fill("The journey map changed how we work.")
    page.get_by_role("button", name="Send the evaluation").click()
    page.wait_for_load_state()
    mission.refresh_from_db()
    assert (mission.status, mission.rating) == ("evaluated", 5)
    assert "Rating: 5 out of 5" in page.content()

    # The coordinator publishes the output to the library.
    log_in(page, cora, password, clear=True)
    page.goto(f"/experts/missions/{mission.pk}/")
    page.get_by_role("link", name="Publish an output in the library").click()
    page.wait_for_load_state()
    axe(page)
    page.locator("#id_title").fill("A volunteer journey map for ECoC cities")
    page.get_by_label("Summary").fill("From recruitment to recognition.")
    page.get_by_label("Type").select_option("guide")
    report = tmp_path / "journey-map.pdf"
    report.write_bytes(PDF)
    page.get_by_label("File").set_input_files(str(report))
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    resource = MissionOutput.objects.get(mission=mission).resource
    assert resource.status == "published"
    assert "The output is published in the library." in page.content()

    # It is in the library, for visitors too.
    page.context.clear_cookies()
    page.goto(resource.get_absolute_url())
    assert page.get_by_role("heading", name="A volunteer journey map for ECoC cities").count() == 1
    assert Resource.objects.filter(status="published").count() == 1


def test_consultation_offer_journey(page, axe, alice, bob, password):
    from atelier.experts.models import ConsultationRequest
    from tests.network.factories import OrganisationFactory

    OrganisationFactory(name=MultilingualText("Stowarzyszenie Media Dizajn", "pl"), country="PL")

    # The offerer publishes an offer for an organisation of the directory.
    log_in(page, bob, password, clear=True)
    page.goto("/experts/offers/")
    axe(page)
    page.get_by_role("link", name="Offer a consultation").click()
    page.wait_for_load_state()
    axe(page)
    # The organisation picker offers the directory's organisations as one types.
    page.locator("#id_organisation__q").fill("Media Dizajn")
    found = page.locator("#id_organisation option", has_text="Stowarzyszenie Media Dizajn")
    found.wait_for(state="attached")
    page.locator("select[name=organisation]").select_option(found.get_attribute("value"))
    page.locator("#id_title").fill("Advice on project planning")
    page.get_by_label("Description").fill("How to plan an international project.")
    page.check("input[name=topics][value=project-planning]")
    page.get_by_role("button", name="Publish the offer").click()
    page.wait_for_load_state()
    axe(page)

    # A member asks for it.
    log_in(page, alice, password, clear=True)
    page.goto("/experts/offers/")
    page.get_by_role("link", name="Advice on project planning").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Your message").fill("We start a cluster of three centres.")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_load_state()
    consultation = ConsultationRequest.objects.get()
    axe(page)

    # The offerer accepts and delivers.
    log_in(page, bob, password, clear=True)
    page.goto("/experts/consultations/")
    axe(page)
    page.goto(f"/experts/consultations/{consultation.pk}/")
    page.get_by_label("Message to the requester").fill("Gladly: next Tuesday online.")
    page.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Mark as delivered").click()
    page.wait_for_load_state()
    consultation.refresh_from_db()
    assert consultation.status == "delivered"
    axe(page)

    # The requester closes it with feedback.
    log_in(page, alice, password, clear=True)
    page.goto(f"/experts/consultations/{consultation.pk}/")
    page.get_by_label("Rating (5 is best)").select_option("4")
    page.get_by_role("textbox", name="Feedback").fill("Clear and practical.")
    page.get_by_role("button", name="Close the consultation").click()
    page.wait_for_load_state()
    consultation.refresh_from_db()
    assert (consultation.status, consultation.rating) == ("closed", 4)
    axe(page)
