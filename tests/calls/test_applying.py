"""Applying: drafts, submission before the deadline (checked by the server), edits, withdrawal."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from atelier.calls import services
from atelier.calls.models import Application, ApplicationFile
from atelier.core.storage import private_storage
from atelier.notifications.models import Notification
from tests.queries import assert_same_queries

from .conftest import answer_keys
from .factories import QuestionFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _answers(call, motivation="I run a creative hub.", country="BG"):
    m, c = answer_keys(call)
    return {m: motivation, c: country}


def test_a_draft_may_be_incomplete_and_stays_a_draft(call, alice):
    application = services.save_application(call, alice, answers={})
    assert application.status == Application.Status.DRAFT
    assert application.submitted_at is None


def test_submitting_needs_the_required_answers(call, alice):
    with pytest.raises(ValidationError) as caught:
        services.save_application(call, alice, answers={}, submit=True)
    m, _c = answer_keys(call)
    assert f"question_{m}" in caught.value.error_dict
    assert not Application.objects.exists()


def test_submitting_confirms_in_the_applicants_language(call, alice, mailoutbox):
    alice.preferred_language = "bg"
    alice.save()
    application = services.save_application(call, alice, answers=_answers(call), submit=True)
    assert application.status == Application.Status.SUBMITTED
    assert application.answers == {
        answer_keys(call)[0]: "I run a creative hub.",
        answer_keys(call)[1]: "BG",
    }
    assert Notification.objects.get(recipient=alice).verb == "calls.submitted"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.org"]
    assert "Call for consultants" in mailoutbox[0].subject


def test_the_server_refuses_exactly_at_the_closing_time(call, alice):
    with pytest.raises(ValidationError) as caught:
        services.save_application(
            call, alice, answers=_answers(call), submit=True, now=call.closes_at
        )
    assert caught.value.code == "closed"
    assert not Application.objects.exists()


def test_one_second_before_closing_is_still_on_time(call, alice):
    application = services.save_application(
        call, alice, answers=_answers(call), submit=True, now=call.closes_at - timedelta(seconds=1)
    )
    assert application.status == Application.Status.SUBMITTED


def test_before_opening_nothing_is_saved(call, alice):
    with pytest.raises(ValidationError) as caught:
        services.save_application(call, alice, answers={}, now=call.opens_at - timedelta(seconds=1))
    assert caught.value.code == "not-open"


def test_a_draft_call_takes_no_applications(call, alice):
    call.status = "draft"
    call.save()
    with pytest.raises(ValidationError):
        services.save_application(call, alice, answers={})


def test_a_submitted_application_is_edited_until_the_deadline(call, alice):
    services.save_application(call, alice, answers=_answers(call), submit=True)
    edited = services.save_application(call, alice, answers=_answers(call, "Better answer."))
    assert edited.status == Application.Status.SUBMITTED
    assert edited.answers[answer_keys(call)[0]] == "Better answer."
    with pytest.raises(ValidationError):
        services.save_application(
            call, alice, answers=_answers(call, "Too late."), now=call.closes_at
        )
    edited.refresh_from_db()
    assert edited.answers[answer_keys(call)[0]] == "Better answer."


def test_editing_a_submission_keeps_it_complete(call, alice):
    services.save_application(call, alice, answers=_answers(call), submit=True)
    with pytest.raises(ValidationError):
        services.save_application(call, alice, answers={})


def test_answers_longer_than_the_limit_are_refused(call, alice):
    with pytest.raises(ValidationError) as caught:
        services.save_application(call, alice, answers=_answers(call, "x" * 201))
    assert "200" in " ".join(caught.value.messages)


def test_an_unknown_country_is_refused(call, alice):
    with pytest.raises(ValidationError):
        services.save_application(call, alice, answers=_answers(call, country="XX"))


def test_choices_links_and_languages_are_checked(call, alice):
    choice = QuestionFactory(call=call, kind="choice", choices=["Sofia", "Plovdiv"])
    several = QuestionFactory(
        call=call, kind="multiple-choice", choices=["A", "B", "C"], max_choices=2
    )
    link = QuestionFactory(call=call, kind="link")
    languages = QuestionFactory(call=call, kind="languages")
    answers = {
        **_answers(call),
        choice.key: "Sofia",
        several.key: ["A", "C"],
        link.key: "example.org/portfolio",
        languages.key: ["bg", "en"],
    }
    application = services.save_application(call, alice, answers=answers, submit=True)
    assert application.answers[link.key] == "https://example.org/portfolio"
    assert application.answers[several.key] == ["A", "C"]
    for bad in (
        {choice.key: "Varna"},
        {several.key: ["A", "B", "C"]},
        {link.key: "not a link"},
        {languages.key: ["xx"]},
    ):
        with pytest.raises(ValidationError):
            services.save_application(call, alice, answers={**answers, **bad})


def test_withdrawing(call, alice):
    application = services.save_application(call, alice, answers=_answers(call), submit=True)
    services.withdraw_application(application, actor=alice)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        services.save_application(call, alice, answers=_answers(call))


def test_files_are_checked_and_stored_privately(call, alice):
    question = QuestionFactory(call=call, kind="file", required=True)
    upload = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    application = services.save_application(
        call, alice, answers=_answers(call), uploads={question.key: upload}, submit=True
    )
    stored = ApplicationFile.objects.get(application=application)
    assert stored.display_name == "cv.pdf"
    assert stored.name != "cv.pdf" and stored.name.startswith("calls/")
    assert private_storage().exists(stored.name)


def test_a_refused_file_leaves_nothing(call, alice):
    question = QuestionFactory(call=call, kind="file")
    upload = SimpleUploadedFile("run.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.save_application(
            call, alice, answers=_answers(call), uploads={question.key: upload}
        )
    assert f"question_{question.key}" in caught.value.error_dict
    assert not Application.objects.exists()
    assert not ApplicationFile.objects.exists()


# Pages --------------------------------------------------------------------------------------


def test_the_apply_page_saves_a_draft_and_submits(client, call, alice):
    client.force_login(alice)
    url = reverse("calls:apply", args=[call.slug])
    m, c = answer_keys(call)
    response = client.post(url, {f"question_{m}": "Draft text", "action": "draft"})
    application = Application.objects.get(applicant=alice)
    assert response.status_code == 302
    assert application.status == "draft"
    response = client.post(
        url, {f"question_{m}": "Final text", f"question_{c}": "PL", "action": "submit"}
    )
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.answers == {m: "Final text", c: "PL"}


def test_the_apply_page_refuses_after_the_deadline_with_a_message(client, call, alice):
    client.force_login(alice)
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.opens_at = call.closes_at - timedelta(days=3)
    call.save()
    m, c = answer_keys(call)
    response = client.post(
        reverse("calls:apply", args=[call.slug]), {f"question_{m}": "Late", "action": "submit"}
    )
    assert response.status_code == 200
    assert "This call closed on" in response.content.decode()
    assert not Application.objects.exists()


def test_a_visitor_is_sent_to_log_in_to_apply(client, call):
    response = client.get(reverse("calls:apply", args=[call.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_nobody_applies_to_a_draft_call(client, call, alice):
    call.status = "draft"
    call.save()
    client.force_login(alice)
    assert client.get(reverse("calls:apply", args=[call.slug])).status_code == 403
    assert client.get(reverse("calls:detail", args=[call.slug])).status_code == 403


def test_another_persons_draft_is_never_visible(client, call, alice, bob, pia, ria, cora):
    application = services.save_application(call, alice, answers=_answers(call))
    url = application.get_absolute_url()
    client.force_login(alice)
    assert client.get(url).status_code == 200
    for person in (bob, pia, ria, cora):
        client.force_login(person)
        assert client.get(url).status_code == 404, person


def test_a_submitted_application_is_seen_by_its_coordinators_only(
    client, call, alice, bob, pia, otto, ria, cora
):
    application = services.save_application(call, alice, answers=_answers(call), submit=True)
    url = application.get_absolute_url()
    for person, expected in ((pia, 200), (cora, 200), (bob, 404), (otto, 404), (ria, 404)):
        client.force_login(person)
        assert client.get(url).status_code == expected, person
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_file_is_served_to_the_applicant_and_not_to_others(client, call, alice, bob, pia):
    question = QuestionFactory(call=call, kind="file")
    upload = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    application = services.save_application(
        call, alice, answers=_answers(call), uploads={question.key: upload}
    )
    stored = application.files.get()
    url = reverse("calls:application-file", args=[application.pk, stored.pk])
    client.force_login(alice)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    for person in (bob, pia):  # a draft: not even its programme's coordinator
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_withdraw_page_is_for_the_applicant_only(client, call, alice, bob):
    application = services.save_application(call, alice, answers=_answers(call), submit=True)
    url = reverse("calls:withdraw", args=[application.pk])
    client.force_login(bob)
    assert client.post(url).status_code == 404
    client.force_login(alice)
    assert client.post(url).status_code == 302
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_the_open_calls_list_is_public_and_hides_drafts_and_closed_calls(client, call, programme):
    from .factories import CallFactory

    CallFactory(programme=programme, slug="a-draft", status="draft")
    CallFactory(
        programme=programme,
        slug="closed-one",
        opens_at=timezone.now() - timedelta(days=9),
        closes_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(reverse("calls:list"))
    assert response.status_code == 200
    assert [c.slug for c in response.context["calls"]] == [call.slug]


def test_the_open_calls_list_query_count(client, programme):
    from .factories import CallFactory

    CallFactory(programme=programme)
    one, several = assert_same_queries(
        lambda: client.get(reverse("calls:list")),
        lambda: CallFactory.create_batch(3, programme=programme),
    )
    assert len(several.context["calls"]) == 4


def test_the_call_page_shows_the_deadline_in_the_calls_zone(client, call):
    call.closes_at = datetime(2030, 3, 1, 10, 0, tzinfo=UTC)
    call.save()
    response = client.get(call.get_absolute_url())
    html = response.content.decode()
    assert "Europe/Sofia" in html
    assert "12:00" in html  # 10:00 UTC is noon in Sofia
    assert "data-reader-time" in html


def test_my_applications_query_count(client, alice, programme):
    from .factories import ApplicationFactory, CallFactory

    def apply(n):
        for each in CallFactory.create_batch(n, programme=programme):
            ApplicationFactory(call=each, applicant=alice)

    apply(1)
    client.force_login(alice)
    one, several = assert_same_queries(lambda: client.get(reverse("calls:mine")), lambda: apply(3))
    assert len(several.context["applications"]) == 4


def test_the_me_page_lists_ones_applications(client, call, alice):
    services.save_application(call, alice, answers=_answers(call))
    client.force_login(alice)
    html = client.get(reverse("accounts:me")).content.decode()
    assert "Your applications" in html
    assert "Call for consultants" in html


def test_personal_data_export_holds_the_applications(call, alice):
    services.save_application(call, alice, answers=_answers(call), submit=True)
    rows = services.export_applications(alice)
    assert rows[0]["status"] == "submitted"
    assert rows[0]["call"] == "Call for consultants"


def test_the_pdf_fixture_is_accepted_by_the_library_check():
    from atelier.library.files import check_upload

    assert check_upload(SimpleUploadedFile("cv.pdf", PDF)).file_type.key == "pdf"
    assert io.BytesIO(PDF).read(4) == b"%PDF"


def test_the_list_keeps_one_programmes_calls(client, call, other_programme):
    from atelier.programmes.queries import tabs_for

    from .factories import CallFactory

    CallFactory(programme=other_programme)
    response = client.get(reverse("calls:list"), {"programme": call.programme.slug})
    assert [c.slug for c in response.context["calls"]] == [call.slug]
    tab = next(t for t in tabs_for(call.programme) if t["key"] == "calls")
    assert tab["url"] == f"/calls/?programme={call.programme.slug}"
