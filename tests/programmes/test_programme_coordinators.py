"""A coordinator of a programme may do in that programme whatever a platform coordinator may:
every rule of every app, on the labs, missions, calls, applications and applicants' CVs,
events, plans and resources of the programme. In another programme they may do only what any
member may."""

import pytest
import rules

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.experts.models import Mission
from atelier.labs.models import Lab
from tests.calls.factories import ApplicationFactory, CallFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.experts.factories import ExpertProfileFactory, SupportRequestFactory
from tests.factories import UserFactory
from tests.library.factories import ResourceFactory
from tests.plans.factories import ActionFactory, PlanFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def objects_of(programme):
    """One object of each kind the apps' rules judge, all in ``programme``."""
    call = CallFactory(programme=programme, type="experts")
    application = ApplicationFactory(call=call)
    applicant = ExpertProfileFactory(user=application.applicant, cv="experts/cv/x.pdf")
    request = SupportRequestFactory(programme=programme)
    mission = Mission.objects.create(support_request=request, expert=ExpertProfileFactory())
    lab = Lab.objects.create(
        title=MultilingualText("Lab", "en"), slug=f"lab-{programme.slug}", programme=programme
    )
    event = EventFactory(programme=programme)
    plan = PlanFactory(programme=programme)
    return {
        "call": call,
        "application": application,
        "applicant's expert profile": applicant,
        "support request": request,
        "mission": mission,
        "lab": lab,
        "event": event,
        "registration": RegistrationFactory(event=event),
        "plan": plan,
        "action": ActionFactory(goal__plan=plan),
        "resource": ResourceFactory(programme=programme),
        "programme": programme,
    }


# Rules that take no object: a programme's coordinator adds calls, events, labs, plans,
# collections and podcasts (the forms offer their own programmes only); creating and
# importing programmes is for platform coordinators and those a platform admin allows.
# The expert profile stands for an applicant's CV; the pool's other rules judge requests.
PROFILE_RULES = {"experts.view_full_profile", "experts.download_cv", "experts.edit_own_profile"}
WITHOUT_OBJECT = {
    "calls.add_call",
    "events.add_event",
    "labs.add_lab",
    "library.add_collection",
    "library.add_podcast",
    "plans.add_plan",
    "programmes.add_programme",
    "programmes.import_projects",
}


def _judge(user, perm, obj):
    try:
        return user.has_perm(perm, obj)
    except (AttributeError, TypeError):  # a rule about another kind of object
        return None


def test_a_programmes_coordinator_may_there_what_a_platform_coordinator_may(cora):
    programme = ProgrammeFactory()
    own = UserFactory(email="own@example.org")
    assign_role(own, "coordinator", scope=programme)
    elsewhere = UserFactory(email="elsewhere@example.org")
    assign_role(elsewhere, "coordinator", scope=ProgrammeFactory())
    member = UserFactory(email="member@example.org")
    differences = []
    judged = 0
    for kind, obj in objects_of(programme).items():
        app = obj._meta.app_label
        for perm in sorted(rules.permissions.permissions):
            if perm.split(".")[0] != app or perm in WITHOUT_OBJECT:
                continue
            if kind == "applicant's expert profile" and perm not in PROFILE_RULES:
                continue
            platform = _judge(cora, perm, obj)
            if platform is None:
                continue
            judged += 1
            if _judge(own, perm, obj) != platform:
                differences.append(f"{perm} on the {kind}: the programme's coordinator differs")
            if _judge(elsewhere, perm, obj) != _judge(member, perm, obj):
                differences.append(f"{perm} on the {kind}: another programme's coordinator differs")
    assert judged > 60
    assert differences == [], "\n".join(differences)


def test_a_programmes_coordinator_reads_the_cv_of_its_calls_applicants_only(client, alice, bob):
    from django.urls import reverse

    programme = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    assign_role(bob, "coordinator", scope=ProgrammeFactory())
    application = ApplicationFactory(call=CallFactory(programme=programme, type="experts"))
    profile = ExpertProfileFactory(
        user=application.applicant, is_listed=False, cv="experts/cv/aa/x.pdf", cv_name="CV.pdf"
    )
    client.force_login(alice)
    page = client.get(profile.get_absolute_url())
    assert page.status_code == 200
    assert reverse("experts:cv", args=[profile.pk]) in page.content.decode()
    client.force_login(bob)
    assert client.get(profile.get_absolute_url()).status_code == 404
    assert client.get(reverse("experts:cv", args=[profile.pk])).status_code in (403, 404)


def test_a_draft_application_does_not_open_the_cv(alice):
    programme = ProgrammeFactory()
    assign_role(alice, "coordinator", scope=programme)
    application = ApplicationFactory(
        call=CallFactory(programme=programme), status="draft", submitted_at=None
    )
    profile = ExpertProfileFactory(user=application.applicant, cv="experts/cv/aa/x.pdf")
    assert alice.has_perm("experts.download_cv", profile) is False
