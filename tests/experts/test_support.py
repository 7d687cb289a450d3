"""Support requests and missions: the write path, the pages and who may use them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atelier.core.audit import AuditLogEntry
from atelier.experts.models import Mission, MissionOutput, SupportRequest
from atelier.experts.services import support
from atelier.library.models import Resource
from atelier.notifications.models import Notification
from tests.experts.factories import ExpertProfileFactory, SupportRequestFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fields(**overrides):
    data = {
        "organisation_name": "Timișoara 2023",
        "title": "Help with volunteers",
        "description": "We need a plan for 500 volunteers.",
        "areas": ["volunteering"],
        "languages": ["en", "ro"],
        "format": "online",
    }
    data.update(overrides)
    return data


@pytest.fixture
def expert(ezra):
    return ExpertProfileFactory(user=ezra, areas=["volunteering", "audience-development"])


@pytest.fixture
def support_request(alice):
    return SupportRequestFactory(requester=alice, areas=["volunteering"])


def _mission(support_request, expert, cora, status=None):
    (mission,) = support.assign_experts(cora, support_request, [expert])
    if status:
        Mission.objects.filter(pk=mission.pk).update(status=status)
        mission.refresh_from_db()
    return mission


# Services -----------------------------------------------------------------------------------


def test_member_files_a_request_and_coordinators_are_told(
    alice, cora, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = support.create_request(alice, fields=fields())
    assert created.requester == alice
    assert created.title.text == "Help with volunteers"
    assert created.title.language == (alice.preferred_language or "en")
    assert created.languages == ["en", "ro"]
    assert Notification.objects.filter(
        recipient=cora, verb="experts.support_request.created"
    ).exists()
    assert AuditLogEntry.objects.filter(action="experts.support_request.create").exists()


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"title": "  "}, "title"),
        ({"organisation_name": ""}, "organisation_name"),
        ({"areas": ["astrology"]}, "areas"),
        ({"starts_on": "2027-03-10", "ends_on": "2027-03-01"}, "ends_on"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_written(alice, bad, field):
    import datetime

    data = fields(**bad)
    for key in ("starts_on", "ends_on"):
        if key in data:
            data[key] = datetime.date.fromisoformat(data[key])
    with pytest.raises(ValidationError) as error:
        support.create_request(alice, fields=data)
    assert field in error.value.message_dict
    assert not SupportRequest.objects.exists()


def test_unknown_language_is_refused(alice):
    with pytest.raises(ValidationError):
        support.create_request(alice, fields=fields(languages=["xx"]))
    assert not SupportRequest.objects.exists()


def test_only_coordinators_assign(support_request, expert, alice, bob, cora):
    for person in (alice, bob, expert.user):
        with pytest.raises(PermissionDenied):
            support.assign_experts(person, support_request, [expert])
    assert not Mission.objects.exists()


def test_assignment_refuses_the_requester_and_duplicates_all_or_nothing(
    support_request, expert, alice, cora
):
    own = ExpertProfileFactory(user=alice)
    with pytest.raises(ValidationError, match="their own expert"):
        support.assign_experts(cora, support_request, [expert, own])
    assert not Mission.objects.exists()
    support.assign_experts(cora, support_request, [expert])
    with pytest.raises(ValidationError, match="already proposed"):
        support.assign_experts(cora, support_request, [expert])
    assert Mission.objects.count() == 1
    with pytest.raises(ValidationError, match="at least one"):
        support.assign_experts(cora, support_request, [])


def test_full_mission_cycle(
    support_request, expert, alice, cora, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (mission,) = support.assign_experts(cora, support_request, [expert])
    assert mission.status == Mission.Status.PROPOSED
    assert Notification.objects.filter(
        recipient=expert.user, verb="experts.mission.proposed"
    ).exists()
    assert any(expert.user.email in mail.to for mail in mailoutbox)

    with pytest.raises(PermissionDenied):
        support.answer_mission(alice, mission, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        support.answer_mission(expert.user, mission, accept=True)
    mission.refresh_from_db()
    support_request.refresh_from_db()
    assert mission.status == Mission.Status.ACCEPTED and mission.answered_at
    assert support_request.status == SupportRequest.Status.MATCHED
    assert Notification.objects.filter(recipient=alice, verb="experts.mission.answered").exists()

    # Evaluating before delivery is refused.
    with pytest.raises(ValidationError):
        support.evaluate_mission(alice, mission, feedback="Good", rating=5)
    support.start_mission(expert.user, mission)
    with pytest.raises(ValidationError) as error:
        support.deliver_mission(expert.user, mission, deliverables="  ")
    assert "deliverables" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        support.deliver_mission(expert.user, mission, deliverables="A volunteer plan.")
    mission.refresh_from_db()
    assert mission.status == Mission.Status.DELIVERED and mission.delivered_at
    assert Notification.objects.filter(recipient=alice, verb="experts.mission.delivered").exists()

    with pytest.raises(PermissionDenied):
        support.evaluate_mission(expert.user, mission, feedback="Great", rating=5)
    with pytest.raises(ValidationError) as error:
        support.evaluate_mission(alice, mission, feedback="", rating=9)
    assert set(error.value.message_dict) == {"feedback", "rating"}
    with django_capture_on_commit_callbacks(execute=True):
        support.evaluate_mission(alice, mission, feedback="Very useful.", rating=5)
    mission.refresh_from_db()
    support_request.refresh_from_db()
    assert (mission.status, mission.rating, mission.feedback) == ("evaluated", 5, "Very useful.")
    assert support_request.status == SupportRequest.Status.CLOSED
    assert Notification.objects.filter(
        recipient=expert.user, verb="experts.mission.evaluated"
    ).exists()
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {
        "experts.mission.propose",
        "experts.mission.accept",
        "experts.mission.deliver",
        "experts.mission.evaluate",
    } <= actions


def test_declining_keeps_the_request_open(support_request, expert, cora):
    mission = _mission(support_request, expert, cora)
    support.answer_mission(expert.user, mission, accept=False, message="Busy in March.")
    mission.refresh_from_db()
    support_request.refresh_from_db()
    assert mission.status == Mission.Status.DECLINED
    assert support_request.status == SupportRequest.Status.OPEN
    with pytest.raises(ValidationError):
        support.start_mission(expert.user, mission)


def test_publishing_an_output_links_a_library_resource(support_request, expert, cora):
    mission = _mission(support_request, expert, cora, status=Mission.Status.DELIVERED)
    resource = support.publish_output(
        cora,
        mission,
        fields={
            "title": "Volunteer plan",
            "abstract": "How to run 500 volunteers.",
            "kind": "guide",
            "licence": "cc-by",
        },
        uploads=[SimpleUploadedFile("plan.pdf", PDF)],
    )
    assert resource.status == "published"
    assert MissionOutput.objects.filter(mission=mission, resource=resource).exists()
    assert resource.authors.filter(person=expert.user).exists()


def test_an_experts_output_waits_for_moderation(support_request, expert, cora):
    mission = _mission(support_request, expert, cora, status=Mission.Status.EVALUATED)
    resource = support.publish_output(
        expert.user,
        mission,
        fields={"title": "Plan", "abstract": "A plan.", "kind": "guide", "licence": "cc-by"},
        uploads=[SimpleUploadedFile("plan.pdf", PDF)],
    )
    assert resource.status == "submitted"


def test_a_refused_file_leaves_nothing(support_request, expert, cora):
    mission = _mission(support_request, expert, cora, status=Mission.Status.DELIVERED)
    with pytest.raises(ValidationError):
        support.publish_output(
            cora,
            mission,
            fields={"title": "Plan", "abstract": "A plan.", "kind": "guide", "licence": "cc-by"},
            uploads=[SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf at all")],
        )
    assert not Resource.objects.exists()
    assert not MissionOutput.objects.exists()


def test_outputs_only_after_delivery_and_only_by_expert_or_coordinator(
    support_request, expert, alice, cora
):
    mission = _mission(support_request, expert, cora, status=Mission.Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        support.publish_output(
            cora,
            mission,
            fields={"title": "x", "abstract": "y", "kind": "guide", "licence": "cc-by"},
            uploads=[SimpleUploadedFile("a.pdf", PDF)],
        )
    Mission.objects.filter(pk=mission.pk).update(status="delivered")
    with pytest.raises(PermissionDenied):
        support.publish_output(alice, mission, fields={"title": "x"}, uploads=[])


# Pages ----------------------------------------------------------------------------------------


def test_new_request_page_files_a_request(client, alice):
    client.force_login(alice)
    url = reverse("experts:support-new")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "organisation_name": "Kaunas 2022",
            "title": "Evaluation help",
            "description": "We need an evaluation framework.",
            "areas": ["evaluation-impact"],
            "format": "online",
            "currency": "eur",
        },
    )
    created = SupportRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "experts:support-detail", args=[created.pk]
    )
    assert created.currency == "EUR"


def test_new_request_page_shows_errors_and_writes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("experts:support-new"),
        {
            "organisation_name": "",
            "title": "x",
            "description": "y",
            "format": "online",
            "starts_on": "2027-05-02",
            "ends_on": "2027-05-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct the errors below." in html
    assert "The end date comes before the start date." in html
    assert not SupportRequest.objects.exists()


def test_visitors_are_sent_to_log_in(client, support_request):
    for name, args in [
        ("experts:support-list", []),
        ("experts:support-new", []),
        ("experts:support-detail", [support_request.pk]),
        ("experts:support-edit", [support_request.pk]),
        ("experts:mission-list", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "login" in response.url, name


@pytest.mark.parametrize(
    "who, status", [("alice", 200), ("cora", 200), ("bob", 403), ("ezra", 403)]
)
def test_request_detail_permissions(client, request, support_request, expert, who, status):
    client.force_login(request.getfixturevalue(who))
    assert (
        client.get(reverse("experts:support-detail", args=[support_request.pk])).status_code
        == status
    )


def test_proposed_expert_sees_the_request(client, support_request, expert, cora):
    _mission(support_request, expert, cora)
    client.force_login(expert.user)
    assert (
        client.get(reverse("experts:support-detail", args=[support_request.pk])).status_code == 200
    )
    # but cannot edit it or assign.
    assert client.get(reverse("experts:support-edit", args=[support_request.pk])).status_code == 403
    response = client.post(
        reverse("experts:support-detail", args=[support_request.pk]), {"experts": [expert.pk]}
    )
    assert response.status_code == 403


def test_edit_permissions(client, support_request, alice, bob, cora):
    url = reverse("experts:support-edit", args=[support_request.pk])
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(alice)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "organisation_name": "Plovdiv 2019",
            "title": "New title",
            "description": "d",
            "format": "hybrid",
            "currency": "EUR",
        },
    )
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.title.text == "New title" and support_request.format == "hybrid"
    SupportRequest.objects.filter(pk=support_request.pk).update(status="closed")
    assert client.get(url).status_code == 403
    client.force_login(cora)
    assert client.get(url).status_code == 200


def test_coordinator_sees_ranked_experts_with_reasons_and_assigns(
    client, support_request, expert, cora
):
    client.force_login(cora)
    url = reverse("experts:support-detail", args=[support_request.pk])
    html = client.get(url).content.decode()
    assert "Experts who match" in html
    assert expert.user.display_name in html
    assert "Volunteering" in html  # a reason names the shared area
    response = client.post(url, {"experts": [str(expert.pk)]})
    assert response.status_code == 302
    assert Mission.objects.filter(
        support_request=support_request, expert=expert, proposed_by=cora
    ).exists()


def test_requester_sees_no_ranking(client, support_request, expert, alice):
    client.force_login(alice)
    html = client.get(reverse("experts:support-detail", args=[support_request.pk])).content.decode()
    assert "Experts who match" not in html
    assert (
        client.post(
            reverse("experts:support-detail", args=[support_request.pk]), {"experts": [expert.pk]}
        ).status_code
        == 403
    )
    assert not Mission.objects.exists()


def test_request_list_shows_own_requests_or_all_for_coordinators(
    client, support_request, alice, bob, cora
):
    other = SupportRequestFactory(requester=bob, title={"text": "Bob's request", "language": "en"})
    client.force_login(alice)
    html = client.get(reverse("experts:support-list")).content.decode()
    assert "Help with our audience survey" in html and "Bob&#x27;s request" not in html
    client.force_login(cora)
    html = client.get(reverse("experts:support-list")).content.decode()
    assert "Help with our audience survey" in html and "Bob&#x27;s request" in html
    assert other.pk


def test_request_list_query_count(client, cora):
    SupportRequestFactory()
    client.force_login(cora)
    one, several = assert_same_queries(
        lambda: client.get(reverse("experts:support-list")),
        lambda: SupportRequestFactory.create_batch(3),
    )
    assert len(several.context["requests"]) == 4
    assert several.content.decode().count("Help with our audience survey") >= 4


def test_mission_list_query_count(client, ezra, cora):
    expert = ExpertProfileFactory(user=ezra)

    def add_missions(n):
        for _ in range(n):
            Mission.objects.create(
                support_request=SupportRequestFactory(), expert=expert, proposed_by=cora
            )

    add_missions(1)
    client.force_login(ezra)
    one, several = assert_same_queries(
        lambda: client.get(reverse("experts:mission-list")), lambda: add_missions(3)
    )
    assert len(several.context["missions"]) == 4


@pytest.mark.parametrize(
    "who, status", [("alice", 200), ("ezra", 200), ("cora", 200), ("bob", 403)]
)
def test_mission_detail_permissions(client, request, support_request, expert, cora, who, status):
    mission = _mission(support_request, expert, cora)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("experts:mission-detail", args=[mission.pk])).status_code == status


def test_mission_detail_visitor_logs_in(client, support_request, expert, cora):
    mission = _mission(support_request, expert, cora)
    response = client.get(reverse("experts:mission-detail", args=[mission.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_mission_pages_walk_the_cycle(client, support_request, expert, alice, cora):
    mission = _mission(support_request, expert, cora)
    url = reverse("experts:mission-detail", args=[mission.pk])
    # The requester cannot answer for the expert.
    client.force_login(alice)
    assert client.post(url, {"action": "answer", "answer-decision": "accept"}).status_code == 403
    client.force_login(expert.user)
    assert "Accept the mission" in client.get(url).content.decode()
    assert client.post(url, {"action": "answer", "answer-decision": "accept"}).status_code == 302
    assert client.post(url, {"action": "start"}).status_code == 302
    response = client.post(url, {"action": "deliver", "deliver-deliverables": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert (
        client.post(
            url, {"action": "deliver", "deliver-deliverables": "Two workshops."}
        ).status_code
        == 302
    )
    # The expert cannot evaluate their own mission.
    assert (
        client.post(
            url, {"action": "evaluate", "evaluate-rating": "5", "evaluate-feedback": "x"}
        ).status_code
        == 403
    )
    client.force_login(alice)
    response = client.post(
        url, {"action": "evaluate", "evaluate-rating": "9", "evaluate-feedback": "x"}
    )
    assert response.status_code == 200
    mission.refresh_from_db()
    assert mission.status == "delivered"
    assert (
        client.post(
            url, {"action": "evaluate", "evaluate-rating": "4", "evaluate-feedback": "Useful."}
        ).status_code
        == 302
    )
    mission.refresh_from_db()
    assert (mission.status, mission.rating) == ("evaluated", 4)


def test_a_step_out_of_order_is_refused_with_a_message(client, support_request, expert, cora):
    mission = _mission(support_request, expert, cora)
    client.force_login(expert.user)
    url = reverse("experts:mission-detail", args=[mission.pk])
    response = client.post(url, {"action": "start"}, follow=True)
    assert "not possible now" in response.content.decode()
    mission.refresh_from_db()
    assert mission.status == "proposed"


@pytest.mark.parametrize(
    "who, status", [("alice", 403), ("bob", 403), ("ezra", 200), ("cora", 200)]
)
def test_publish_page_permissions(client, request, support_request, expert, cora, who, status):
    mission = _mission(support_request, expert, cora, status=Mission.Status.DELIVERED)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("experts:mission-publish", args=[mission.pk])).status_code == status


def test_publish_page_publishes_and_refuses_bad_files(client, support_request, expert, cora):
    mission = _mission(support_request, expert, cora, status=Mission.Status.EVALUATED)
    client.force_login(cora)
    url = reverse("experts:mission-publish", args=[mission.pk])
    data = {"title": "Volunteer plan", "abstract": "Summary", "kind": "guide", "licence": "cc-by"}
    response = client.post(
        url, {**data, "file": SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 nope")}
    )
    assert response.status_code == 200
    assert not Resource.objects.exists()
    response = client.post(url, {**data, "file": SimpleUploadedFile("plan.pdf", PDF)})
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.status == "published"
    assert MissionOutput.objects.filter(mission=mission, resource=resource).exists()


def test_me_page_links_the_support_pages(client, alice):
    client.force_login(alice)
    html = client.get("/me/").content.decode()
    for name in ("experts:support-list", "experts:mission-list", "experts:consultation-list"):
        assert reverse(name) in html


def test_export_holds_requests_and_missions(support_request, expert, alice, cora):
    mission = _mission(support_request, expert, cora, status=Mission.Status.DELIVERED)
    support.evaluate_mission(alice, mission, feedback="Good.", rating=4)
    mine = support.export_support(alice)
    assert mine["requests"][0]["organisation"] == "Plovdiv 2019 Foundation"
    assert mine["requests"][0]["missions"] == [
        {"status": "evaluated", "rating": 4, "feedback": "Good."}
    ]
    assert support.export_support(expert.user)["missions_as_expert"][0]["rating"] == 4
    assert support.export_support(cora) == {"requests": [], "missions_as_expert": []}


def test_requester_closes_the_request_others_cannot(
    client, support_request, expert, alice, bob, cora
):
    url = reverse("experts:support-detail", args=[support_request.pk])
    close = reverse("experts:support-close", args=[support_request.pk])
    client.force_login(bob)
    assert client.post(close).status_code == 403
    client.force_login(expert.user)
    _mission(support_request, expert, cora)
    assert client.post(close).status_code == 403
    support_request.refresh_from_db()
    assert support_request.status == "open"
    client.force_login(alice)
    # Asked first: the question closes nothing.
    question = client.get(close)
    assert "No more experts can be proposed for it." in question.content.decode()
    support_request.refresh_from_db()
    assert support_request.status == "open"
    assert client.post(close).status_code == 302
    support_request.refresh_from_db()
    assert support_request.status == "closed"
    # Closed, no more experts are proposed, with a message.
    client.force_login(cora)
    other = ExpertProfileFactory()
    response = client.post(url, {"experts": [str(other.pk)]}, follow=True)
    assert "This request is closed" in response.content.decode()
    assert Mission.objects.count() == 1
