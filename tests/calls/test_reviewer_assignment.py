"""Assigning reviewers: automatic assignment says plainly which applications got fewer
reviewers than asked; the manual picker never offers a reviewer with a declared conflict;
taking a reviewer off asks first."""

from django.urls import reverse
from django.utils import translation

from atelier.accounts.services import assign_role
from atelier.calls import services
from atelier.calls.models import ReviewAssignment
from tests.factories import UserFactory
from tests.pages import Page

from .factories import ApplicationFactory, AssignmentFactory


def _reviewer(programme, email, name):
    person = UserFactory(email=email, display_name=name)
    assign_role(person, "reviewer", scope=programme)
    return person


def test_auto_assignment_names_the_applications_left_short(call, programme, pia, ria):
    rolf = _reviewer(programme, "rolf@example.org", "Rolf Reviewer")
    hub = ApplicationFactory(
        call=call, applicant=UserFactory(display_name="Hana Hub", organisation="Hub Ltd")
    )
    plain = ApplicationFactory(call=call, applicant=UserFactory(display_name="Paul Plain"))
    services.declare_standing_conflict(rolf, organisation="Hub Ltd")
    result = services.auto_assign(call, actor=pia, per_application=2)
    assert result.wanted == 2
    assert [(application.pk, count) for application, count in result.short] == [(hub.pk, 1)]
    assert plain.assignments.count() == 2


def test_the_reviewers_page_says_plainly_who_got_fewer_reviewers(client, call, programme, pia):
    _reviewer(programme, "rolf@example.org", "Rolf Reviewer")
    ApplicationFactory(call=call, applicant=UserFactory(display_name="Hana Hub"))
    client.force_login(pia)
    response = client.post(
        reverse("calls:reviewers", args=[call.slug]),
        {"action": "auto", "per_application": "3"},
        follow=True,
    )
    html = response.content.decode()
    assert "1 review(s) assigned." in html
    assert (
        "1 application got fewer than the 3 reviewers asked: not enough reviewers can take it "
        "(nobody reviews their own application or one they declared a conflict with): "
        "Hana Hub (1)."
    ) in html


def test_enough_reviewers_bring_no_warning(client, call, programme, pia, ria):
    ApplicationFactory(call=call, applicant=UserFactory(display_name="Hana Hub"))
    client.force_login(pia)
    response = client.post(
        reverse("calls:reviewers", args=[call.slug]),
        {"action": "auto", "per_application": "1"},
        follow=True,
    )
    assert "fewer than the" not in response.content.decode()


def test_the_manual_picker_leaves_out_conflicted_reviewers(client, call, programme, pia, ria):
    rolf = _reviewer(programme, "rolf@example.org", "Rolf Reviewer")
    vera = _reviewer(programme, "vera@example.org", "Vera Reviewer")
    hub = ApplicationFactory(
        call=call, applicant=UserFactory(display_name="Hana Hub", organisation="Hub Ltd")
    )
    other = ApplicationFactory(call=call, applicant=UserFactory(display_name="Paul Plain"))
    services.declare_standing_conflict(rolf, organisation="hub ltd")
    assignment = AssignmentFactory(application=other, reviewer=vera)
    services.declare_conflict(assignment, reason="My cousin", actor=vera)
    client.force_login(pia)
    page = Page(client.get(reverse("calls:reviewers", args=[call.slug])).content.decode())
    offered = {
        form.inputs["application"]: set(form.options["reviewer"])
        for form in page.forms_with({"action": "assign"})
    }
    assert offered == {
        str(hub.pk): {str(ria.pk), str(vera.pk)},
        str(other.pk): {str(ria.pk), str(rolf.pk)},
    }


def test_an_application_with_no_reviewer_left_offers_no_picker(client, call, programme, pia, ria):
    application = ApplicationFactory(call=call, applicant=UserFactory(display_name="Hana Hub"))
    services.declare_standing_conflict(ria, applicant=application.applicant)
    client.force_login(pia)
    html = client.get(reverse("calls:reviewers", args=[call.slug])).content.decode()
    assert Page(html).forms_with({"action": "assign"}) == []
    assert "No other reviewer can take this application" in html


def test_taking_a_reviewer_off_asks_first(client, call, pia, otto, ria):
    assignment = AssignmentFactory(
        application=ApplicationFactory(call=call, applicant=UserFactory(display_name="Hana Hub")),
        reviewer=ria,
    )
    url = reverse("calls:reviewer-remove", args=[call.slug, assignment.pk])
    client.force_login(otto)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(pia)
    question = client.get(url).content.decode()
    assert "Take Ria Reviewer off the application of Hana Hub?" in question
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()
    # Opened by htmx, the same question comes as a dialog.
    dialog = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert dialog.lstrip().startswith("<dialog")
    assert client.post(url).status_code == 302
    assert not ReviewAssignment.objects.filter(pk=assignment.pk).exists()


def test_a_submitted_review_stays_when_taken_off(client, call, pia, ria):
    assignment = AssignmentFactory(
        application=ApplicationFactory(call=call), reviewer=ria, submitted_at="2026-01-01T10:00Z"
    )
    client.force_login(pia)
    with translation.override("en"):
        url = reverse("calls:reviewer-remove", args=[call.slug, assignment.pk])
    response = client.post(url, follow=True)
    assert "This review has been submitted: it stays." in response.content.decode()
    assert ReviewAssignment.objects.filter(pk=assignment.pk).exists()
