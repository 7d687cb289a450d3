"""Shared fixtures of the calls' tests: a programme with its coordinator and reviewer, and a
call with a form (a motivation and a country) and two criteria (relevance 60 %, experience
40 %)."""

import pytest

from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from tests.factories import UserFactory
from tests.programmes.factories import ProgrammeFactory

from .factories import CallFactory, CriterionFactory, QuestionFactory


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def other_programme(db):
    return ProgrammeFactory()


@pytest.fixture
def pia(programme):
    """The programme's coordinator."""
    user = UserFactory(email="pia@example.org", display_name="Pia Programme")
    assign_role(user, "coordinator", scope=programme)
    return user


@pytest.fixture
def otto(other_programme):
    """The coordinator of another programme."""
    user = UserFactory(email="otto@example.org", display_name="Otto Other")
    assign_role(user, "coordinator", scope=other_programme)
    return user


@pytest.fixture
def ria(programme):
    """A reviewer in the programme."""
    user = UserFactory(email="ria@example.org", display_name="Ria Reviewer")
    assign_role(user, "reviewer", scope=programme)
    return user


@pytest.fixture
def call(programme):
    call = CallFactory(programme=programme, title=MultilingualText("Call for consultants", "en"))
    QuestionFactory(
        call=call,
        kind="long-text",
        required=True,
        max_length=200,
        label=MultilingualText("Why you?", "en"),
    )
    QuestionFactory(call=call, kind="country", label=MultilingualText("Country", "en"))
    CriterionFactory(call=call, label=MultilingualText("Relevance", "en"), weight=60)
    CriterionFactory(
        call=call, label=MultilingualText("Experience", "en"), weight=40, scale_min=1, scale_max=5
    )
    return call


def answer_keys(call):
    motivation, country = call.questions.order_by("position")[:2]
    return motivation.key, country.key
