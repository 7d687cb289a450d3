"""ensure_expert: the entry point the calls app uses when it accepts an expert."""

import pytest
from django.core.exceptions import ValidationError

from atelier.accounts.models import RoleAssignment
from atelier.accounts.roles import Role
from atelier.accounts.rules import holds_role
from atelier.core.models import AuditLogEntry
from atelier.experts.models import ExpertProfile
from atelier.experts.services import ensure_expert


def test_ensure_expert_creates_the_profile_and_gives_the_role(alice, cora):
    profile = ensure_expert(
        alice,
        areas=["fundraising-eu-funding", "audience-development"],
        keywords=["Creative Europe", "crowdfunding"],
        languages=[{"code": "pl", "level": "native"}, "en"],
        countries=["pl", "DE"],
        bio="Twenty years of raising money for festivals.",
        actor=cora,
    )
    profile.refresh_from_db()
    assert profile.user == alice
    # Taxonomy order, not the order given.
    assert profile.areas == ["audience-development", "fundraising-eu-funding"]
    assert profile.keywords == ["Creative Europe", "crowdfunding"]
    assert profile.languages == [{"code": "pl", "level": "native"}, {"code": "en", "level": ""}]
    assert profile.countries == ["PL", "DE"]
    assert profile.bio.text == "Twenty years of raising money for festivals."
    assert holds_role(alice, Role.EXPERT)
    assert AuditLogEntry.objects.filter(action="experts.profile.create", actor=cora).count() == 1


def test_ensure_expert_merges_lists_and_keeps_one_role(ezra):
    ensure_expert(ezra, areas=["heritage-management"], keywords=["museums"], countries=["BG"])
    profile = ensure_expert(
        ezra,
        areas=["cultural-tourism", "heritage-management"],
        keywords=["Museums", "routes"],
        languages=[{"code": "bg", "level": "B2"}],
        countries=["BG", "RO"],
    )
    profile = ensure_expert(ezra, languages=[{"code": "bg", "level": "C1"}])
    profile.refresh_from_db()
    assert profile.areas == ["heritage-management", "cultural-tourism"]
    assert profile.keywords == ["museums", "routes"]
    assert profile.languages == [{"code": "bg", "level": "C1"}]
    assert profile.countries == ["BG", "RO"]
    assert ExpertProfile.objects.filter(user=ezra).count() == 1
    assert RoleAssignment.objects.filter(user=ezra, role=Role.EXPERT).count() == 1


def test_ensure_expert_refuses_an_unknown_area_and_writes_nothing(alice):
    with pytest.raises(ValidationError):
        ensure_expert(alice, areas=["astrology"])
    assert not ExpertProfile.objects.filter(user=alice).exists()
    assert not holds_role(alice, Role.EXPERT)


def test_ensure_expert_refuses_an_unknown_language_level(alice):
    with pytest.raises(ValidationError):
        ensure_expert(alice, languages=[{"code": "en", "level": "fluent"}])
    assert not ExpertProfile.objects.filter(user=alice).exists()


def test_ensure_expert_keeps_the_biography_the_expert_wrote(ezra):
    ensure_expert(ezra, bio="My own words.")
    profile = ensure_expert(ezra, bio="An application's answer.")
    profile.refresh_from_db()
    assert profile.bio.text == "My own words."


def test_a_profile_made_by_ensure_expert_is_not_listed(ezra):
    profile = ensure_expert(ezra, areas=["volunteering"])
    assert profile.is_listed is False
    assert profile.visible_fields == []
