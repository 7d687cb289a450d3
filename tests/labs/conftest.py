"""A small lab: Fay facilitates, two questions in two rounds, three tables (Bob hosts table 1)."""

import pytest

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab, Question
from tests.factories import UserFactory


@pytest.fixture
def lab(fay, bob):
    lab = services.create_lab(
        fay,
        title=MultilingualText("Local Learning Lab", "en"),
        slug="local-lab",
        allow_guests=True,
        status=Lab.Status.OPEN,
    )
    q1 = Question.objects.create(lab=lab, text=MultilingualText("What works?", "en"), position=1)
    q2 = Question.objects.create(lab=lab, text=MultilingualText("What next?", "en"), position=2)
    services.add_round(lab, q1, 20)
    services.add_round(lab, q2, 15)
    services.add_table(lab, 1, language="en", host=bob)
    services.add_table(lab, 2, language="ro")
    services.add_table(lab, 3, language="en")
    return lab


@pytest.fixture
def people(lab, bob):
    """Bob (host) and seven more members, all joined."""
    joined = [services.join(lab, user=bob)]
    for n in range(7):
        user = UserFactory(email=f"p{n}@example.org", display_name=f"P{n}")
        joined.append(services.join(lab, user=user, languages=["en"] if n % 2 else ["ro"]))
    return joined


@pytest.fixture
def running(lab, people):
    return services.start_next_round(lab)
