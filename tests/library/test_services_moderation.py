"""The moderation verbs of ``library.services``: who may decide, what happens, who is told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from atelier.accounts.services import assign_role
from atelier.core.audit import AuditLogEntry
from atelier.core.multilingual import MultilingualText
from atelier.library import services
from atelier.library.models import ModerationEvent, Resource, Status
from atelier.notifications.models import Notification
from atelier.search.models import Facet
from tests.factories import UserFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def facets_of(resource):
    """The resource's facet values in the search index."""
    return Facet.objects.filter(entry__kind="resource", entry__object_id=resource.pk)


Action = ModerationEvent.Action


def fields(**extra):
    return {
        "kind": "toolkit",
        "title": MultilingualText("Audience development toolkit", "en"),
        "abstract": MultilingualText("How to reach new audiences.", "en"),
        "licence": "cc-by",
        "external_url": "https://example.org/toolkit",
        "languages": ["en"],
        **extra,
    }


def submit(contributor, **extra):
    return services.submit_resource(contributor, fields=fields(**extra))


def actions(resource):
    return list(resource.history.values_list("action", flat=True))


def fresh(user):
    user.__dict__.pop("_atelier_role_keys", None)
    return user


# Submission ---------------------------------------------------------------------------------


def test_member_submission_waits_for_review_and_tells_moderators(alice, mona):
    resource = submit(alice)
    assert resource.status == Status.SUBMITTED
    assert resource.published_at is None
    assert actions(resource) == [Action.SUBMITTED]
    assert not facets_of(resource).exists()
    told = Notification.objects.get(recipient=mona)
    assert told.verb == "library.submitted"
    assert told.url == f"/library/moderation/{resource.pk}/"
    assert not Notification.objects.filter(recipient=alice).exists()


def test_programme_moderators_are_told_only_of_their_programme(alice, bob):
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    assign_role(bob, "moderator", scope=other)
    submit(alice, programme=programme)
    assert not Notification.objects.filter(recipient=bob).exists()
    submit(alice, programme=other)
    assert Notification.objects.filter(recipient=bob, verb="library.submitted").count() == 1


def test_moderator_with_two_roles_is_told_once(alice, mona):
    programme = ProgrammeFactory()
    assign_role(mona, "moderator", scope=programme)
    submit(alice, programme=programme)
    assert Notification.objects.filter(recipient=mona).count() == 1


def test_coordinators_own_item_publishes_at_once(cora):
    resource = submit(cora)
    assert resource.status == Status.PUBLISHED
    assert resource.published_at is not None
    assert actions(resource) == [Action.PUBLISHED]
    assert facets_of(resource).filter(key="kind:toolkit").exists()


def test_programme_coordinator_publishes_at_once_only_in_their_programme(alice):
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    assert submit(fresh(alice), programme=programme).status == Status.PUBLISHED
    assert submit(fresh(alice), programme=other).status == Status.SUBMITTED
    assert submit(fresh(alice)).status == Status.SUBMITTED


def test_moderators_own_item_publishes_at_once(mona):
    assert submit(mona).status == Status.PUBLISHED


def test_anonymous_cannot_submit():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        submit(AnonymousUser())


# Approve ------------------------------------------------------------------------------------


def test_platform_moderator_approves_and_contributor_is_told(alice, mona, mailoutbox):
    resource = submit(alice)
    approved = services.approve(mona, resource, "  Thank you, a fine toolkit.  ")
    assert approved.status == Status.PUBLISHED
    assert approved.published_at is not None
    step = approved.history.last()
    assert (step.action, step.actor, step.message) == (
        Action.APPROVED,
        mona,
        "Thank you, a fine toolkit.",
    )
    notification = Notification.objects.get(recipient=alice)
    assert notification.verb == "library.approved"
    assert notification.title == "Your resource “Audience development toolkit” is published"
    assert notification.body == "Thank you, a fine toolkit."
    assert notification.url == resource.get_absolute_url()
    assert [m.to for m in mailoutbox] == [["alice@example.org"]]
    assert mailoutbox[0].subject == notification.title
    assert "Thank you, a fine toolkit." in mailoutbox[0].body
    assert facets_of(resource).exists()
    assert AuditLogEntry.objects.filter(action="library.approved", actor=mona).count() == 1


def test_approval_message_is_optional(alice, mona):
    resource = services.approve(mona, submit(alice))
    assert resource.history.last().message == ""


def test_contributor_is_told_in_their_own_language(alice, bob, mona, mailoutbox):
    # The notification is written with the recipient's language active: a Bulgarian reader
    # gets the Bulgarian title, an English reader the original, whatever the moderator reads.
    alice.preferred_language = "bg"
    alice.save()
    title = MultilingualText("Audience development toolkit", "en").translate(
        "bg", "Инструменти за развитие на публиката", by="human"
    )
    for_alice = submit(alice, title=title)
    for_bob = submit(bob, title=title)
    services.request_changes(mona, for_alice, "Add the licence of the images.")
    services.request_changes(mona, for_bob, "Add the licence of the images.")
    to_alice = Notification.objects.get(recipient=alice)
    to_bob = Notification.objects.get(recipient=bob)
    assert "Инструменти за развитие на публиката" in to_alice.title
    assert "Audience development toolkit" in to_bob.title
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects == {"alice@example.org": to_alice.title, "bob@example.org": to_bob.title}


def test_title_shown_to_the_contributor_is_their_translation(alice, mona):
    alice.preferred_language = "pl"
    alice.save()
    title = MultilingualText("Audience development toolkit", "en").translate(
        "pl", "Zestaw narzędzi", by="human"
    )
    resource = services.approve(mona, submit(alice, title=title))
    assert "Zestaw narzędzi" in Notification.objects.get(recipient=alice).title
    assert resource.title.text == "Audience development toolkit"


def test_programme_moderator_decides_only_on_their_programme(alice, bob):
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    assign_role(bob, "moderator", scope=programme)
    theirs = submit(alice, programme=programme)
    elsewhere = submit(alice, programme=other)
    platform_wide = submit(alice)
    with pytest.raises(PermissionDenied):
        services.approve(fresh(bob), elsewhere)
    with pytest.raises(PermissionDenied):
        services.approve(fresh(bob), platform_wide)
    assert services.approve(fresh(bob), theirs).status == Status.PUBLISHED
    assert Resource.objects.get(pk=elsewhere.pk).status == Status.SUBMITTED


def test_member_cannot_decide(alice, bob):
    resource = submit(alice)
    for verb, args in (
        (services.approve, ()),
        (services.request_changes, ("Change it.",)),
        (services.reject, ("No.",)),
    ):
        with pytest.raises(PermissionDenied):
            verb(bob, resource, *args)
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED
    assert actions(resource) == [Action.SUBMITTED]


def test_coordinator_is_not_a_moderator(alice, cora):
    with pytest.raises(PermissionDenied):
        services.approve(cora, submit(alice))


def test_platform_admin_may_decide(alice, ada):
    assert services.approve(ada, submit(alice)).status == Status.PUBLISHED


def test_nobody_decides_twice(alice, mona):
    resource = submit(alice)
    services.reject(mona, resource, "Off topic.")
    with pytest.raises(ValidationError) as error:
        services.approve(mona, resource)
    assert error.value.messages == [
        "This resource is not waiting for a decision: it is “Rejected”."
    ]
    with pytest.raises(ValidationError):
        services.request_changes(mona, resource, "Change it.")
    with pytest.raises(ValidationError):
        services.reject(mona, resource, "Again.")
    assert Resource.objects.get(pk=resource.pk).status == Status.REJECTED
    assert actions(resource) == [Action.SUBMITTED, Action.REJECTED]


def test_approving_a_published_item_again_fails(alice, mona):
    resource = services.approve(mona, submit(alice))
    with pytest.raises(ValidationError):
        services.approve(mona, resource)
    assert actions(resource) == [Action.SUBMITTED, Action.APPROVED]


def test_a_moderator_cannot_decide_on_their_own_contribution(bob, mona):
    programme = ProgrammeFactory()
    resource = submit(bob, programme=programme)
    assign_role(bob, "moderator", scope=programme)
    with pytest.raises(ValidationError):
        services.approve(fresh(bob), resource)
    assert services.approve(mona, resource).status == Status.PUBLISHED


# Request changes and resubmit --------------------------------------------------------------


def test_request_changes_needs_a_message(alice, mona):
    resource = submit(alice)
    with pytest.raises(ValidationError) as error:
        services.request_changes(mona, resource, "   ")
    assert error.value.message_dict == {"message": ["Tell the contributor what to change."]}
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED


def test_request_changes_tells_contributor_and_keeps_message(alice, mona, mailoutbox):
    resource = services.request_changes(mona, submit(alice), "Add a Bulgarian abstract.")
    assert resource.status == Status.CHANGES_REQUESTED
    step = resource.history.last()
    assert (step.action, step.actor, step.message) == (
        Action.CHANGES_REQUESTED,
        mona,
        "Add a Bulgarian abstract.",
    )
    notification = Notification.objects.get(recipient=alice)
    assert notification.verb == "library.changes_requested"
    assert notification.body == "Add a Bulgarian abstract."
    assert notification.url == f"/library/{resource.pk}/history/"
    assert len(mailoutbox) == 1


def test_contributor_edit_after_changes_requested_goes_back_to_review(alice, mona):
    resource = services.request_changes(mona, submit(alice), "Add an abstract in Bulgarian.")
    Notification.objects.all().delete()
    edited = services.update_resource(
        alice,
        resource,
        fields={"abstract": MultilingualText("Как да достигнем нова публика.", "bg")},
    )
    assert edited.status == Status.SUBMITTED
    assert actions(edited) == [Action.SUBMITTED, Action.CHANGES_REQUESTED, Action.RESUBMITTED]
    assert Notification.objects.filter(recipient=mona, verb="library.submitted").count() == 1
    assert services.approve(mona, edited).status == Status.PUBLISHED


def test_members_edit_of_a_published_item_goes_back_to_review(alice, mona):
    resource = services.approve(mona, submit(alice))
    edited = services.update_resource(
        alice, resource, fields={"external_url": "https://example.org/elsewhere"}
    )
    assert edited.status == Status.SUBMITTED
    assert edited.history.last().action == Action.RESUBMITTED
    assert not facets_of(resource).exists()


def test_coordinators_edit_of_their_published_item_stays_published(cora):
    resource = submit(cora)
    edited = services.update_resource(cora, resource, fields={"languages": ["en", "bg"]})
    assert edited.status == Status.PUBLISHED
    assert edited.history.last().action == Action.EDITED
    assert facets_of(resource).filter(key="lang:bg").exists()


def test_moderators_edit_of_a_waiting_item_keeps_it_waiting(alice, mona):
    resource = submit(alice)
    edited = services.update_resource(mona, resource, fields={"languages": ["en", "pl"]})
    assert edited.status == Status.SUBMITTED
    assert edited.history.last().action == Action.EDITED


# Reject -------------------------------------------------------------------------------------


def test_reject_needs_a_reason(alice, mona):
    resource = submit(alice)
    with pytest.raises(ValidationError) as error:
        services.reject(mona, resource, "")
    assert error.value.message_dict == {"message": ["Give the reason for the rejection."]}
    assert Resource.objects.get(pk=resource.pk).status == Status.SUBMITTED
    assert not Notification.objects.filter(recipient=alice).exists()


def test_reject_tells_contributor_with_reason(alice, mona, mailoutbox):
    resource = services.reject(mona, submit(alice), "This is an advertisement.")
    assert resource.status == Status.REJECTED
    assert resource.history.last().message == "This is an advertisement."
    notification = Notification.objects.get(recipient=alice)
    assert notification.verb == "library.rejected"
    assert notification.body == "This is an advertisement."
    assert len(mailoutbox) == 1
    assert not facets_of(resource).exists()


def test_rejected_item_cannot_be_edited_by_its_contributor(alice, mona):
    resource = services.reject(mona, submit(alice), "Off topic.")
    with pytest.raises(PermissionDenied):
        services.update_resource(alice, resource, fields={"languages": ["bg"]})


def test_an_inactive_contributor_is_not_told(alice, mona, mailoutbox):
    resource = submit(alice)
    alice.is_active = False
    alice.save()
    services.reject(mona, resource, "Off topic.")
    assert not Notification.objects.filter(recipient=alice).exists()
    assert mailoutbox == []


# Withdraw -----------------------------------------------------------------------------------


def test_contributor_withdraws_their_item(alice, mona):
    resource = services.approve(mona, submit(alice))
    Notification.objects.all().delete()
    withdrawn = services.withdraw(alice, resource, "Outdated.")
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.history.last().action == Action.WITHDRAWN
    assert not facets_of(resource).exists()
    assert not Notification.objects.filter(recipient=alice).exists()


def test_moderator_withdraws_and_contributor_is_told(alice, mona):
    resource = services.approve(mona, submit(alice))
    services.withdraw(mona, resource, "Copyright complaint.")
    notification = Notification.objects.filter(recipient=alice).first()
    assert notification.verb == "library.withdrawn"
    assert notification.body == "Copyright complaint."


def test_another_member_cannot_withdraw(alice, bob, mona):
    resource = services.approve(mona, submit(alice))
    with pytest.raises(PermissionDenied):
        services.withdraw(bob, resource)
    assert Resource.objects.get(pk=resource.pk).status == Status.PUBLISHED


def test_withdrawing_twice_fails(alice):
    resource = services.withdraw(alice, submit(alice))
    with pytest.raises(ValidationError):
        services.withdraw(alice, resource)
    assert actions(resource) == [Action.SUBMITTED, Action.WITHDRAWN]


# History ------------------------------------------------------------------------------------


def test_every_decision_is_kept_in_order(alice, mona):
    resource = submit(alice)
    services.request_changes(mona, resource, "First round.")
    services.update_resource(alice, resource, fields={"languages": ["en", "bg"]})
    services.request_changes(mona, resource, "Second round.")
    services.update_resource(alice, resource, fields={"languages": ["en", "bg", "pl"]})
    services.approve(mona, resource, "Good.")
    steps = list(resource.history.values_list("action", "actor__email", "message"))
    assert steps == [
        (Action.SUBMITTED, "alice@example.org", ""),
        (Action.CHANGES_REQUESTED, "mona@example.org", "First round."),
        (Action.RESUBMITTED, "alice@example.org", ""),
        (Action.CHANGES_REQUESTED, "mona@example.org", "Second round."),
        (Action.RESUBMITTED, "alice@example.org", ""),
        (Action.APPROVED, "mona@example.org", "Good."),
    ]


def test_record_download_counts_without_the_person(alice, mona):
    from atelier.library.models import ResourceFile

    resource = services.approve(mona, submit(alice))
    stored = ResourceFile.objects.create(
        resource=resource,
        file="library/files/aa/x.pdf",
        original_name="x.pdf",
        mime_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    services.record_download(stored)
    services.record_download(stored)
    stored.refresh_from_db()
    resource.refresh_from_db()
    assert (stored.download_count, resource.download_count) == (2, 2)


def test_a_user_without_email_is_told_in_app_only(mona):
    nomail = UserFactory(email="nomail@example.org")
    resource = submit(nomail)
    nomail.email = ""
    nomail.save()
    services.approve(mona, resource)
    assert Notification.objects.filter(recipient=nomail).count() == 1
