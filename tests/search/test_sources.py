"""Every app's items reach the search, and only what anyone may see."""

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.events.models import Event
from atelier.experts.models import ExpertProfile
from atelier.plans.models import Plan
from atelier.search import services
from atelier.search.models import Entry
from tests.calls.factories import CallFactory
from tests.events.factories import EventFactory
from tests.experts.factories import ExpertProfileFactory
from tests.network.factories import OrganisationFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def _kinds(query):
    return sorted(hit.entry.kind for hit in services.search(query).hits)


def test_programmes_organisations_events_calls_experts_and_plans_are_found():
    from atelier.programmes.models import Programme

    Programme.objects.create(
        title=MultilingualText("Zebrafinch cultural programme", "en"), slug="zebrafinch"
    )
    OrganisationFactory(name=MultilingualText("Zebrafinch association", "en"))
    EventFactory(title=MultilingualText("Zebrafinch workshop", "en"))
    CallFactory(title=MultilingualText("Zebrafinch call for experts", "en"))
    ExpertProfileFactory(user__display_name="Ana Zebrafinch")
    PlanFactory(title=MultilingualText("Zebrafinch action plan", "en"))
    assert _kinds("zebrafinch") == [
        "call",
        "event",
        "expert",
        "organisation",
        "plan",
        "programme",
    ]


def test_a_draft_event_call_or_plan_is_never_found():
    EventFactory(title=MultilingualText("Quokka draft workshop", "en"), status=Event.Status.DRAFT)
    CallFactory(title=MultilingualText("Quokka draft call", "en"), status="draft")
    PlanFactory(title=MultilingualText("Quokka draft plan", "en"), status=Plan.Status.DRAFT)
    PlanFactory(
        title=MultilingualText("Quokka members' plan", "en"),
        visibility=Plan.Visibility.MEMBERS,
    )
    assert _kinds("quokka") == []
    assert Entry.objects.count() == 0


def test_publishing_an_event_later_makes_it_findable():
    event = EventFactory(
        title=MultilingualText("Axolotl training", "en"), status=Event.Status.DRAFT
    )
    assert _kinds("axolotl") == []
    event.status = Event.Status.PUBLISHED
    event.save()
    assert _kinds("axolotl") == ["event"]


def test_an_unlisted_expert_is_not_found():
    profile = ExpertProfileFactory(user__display_name="Ivo Pangolin")
    assert _kinds("pangolin") == ["expert"]
    profile.is_listed = False
    profile.save()
    assert _kinds("pangolin") == []


def test_an_expert_biography_is_searched_only_when_the_expert_shows_it():
    hidden = [f for f in ExpertProfile.Visible.values if f != ExpertProfile.Visible.BIO]
    ExpertProfileFactory(
        user__display_name="Mira Petrova",
        bio=MultilingualText("Twenty years of okapi conservation outreach.", "en"),
        visible_fields=hidden,
    )
    assert _kinds("okapi") == []
    ExpertProfile.objects.update(visible_fields=list(ExpertProfile.Visible.values))
    ExpertProfile.objects.get().save()
    assert _kinds("okapi") == ["expert"]


def test_a_persons_new_name_reaches_their_expert_entry():
    profile = ExpertProfileFactory(user__display_name="Old Name")
    profile.user.display_name = "Tapir Novak"
    profile.user.save()
    assert _kinds("tapir") == ["expert"]
