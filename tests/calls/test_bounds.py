"""A call's numbers are refused with a message beyond what the domain knows (reviewers per
application, places, answer lengths, scoring scales), so assigning reviewers never fails."""

import pytest
from django.urls import reverse

from atelier.calls.models import Call

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def _call_form(programme, **changes):
    data = {
        "title_text": "Call for experts 2027",
        "content_language": "en",
        "type": "experts",
        "programme": programme.pk,
        "time_zone": "Europe/Warsaw",
        "opens_at": "2027-01-10T09:00",
        "closes_at": "2027-02-10T17:00",
        "places": "5",
        "reviews_per_application": "2",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reviews_per_application": "99999999999"}, "reviews_per_application", "20"),
        ({"reviews_per_application": "21"}, "reviews_per_application", "20"),
        ({"reviews_per_application": "0"}, "reviews_per_application", "greater than or equal"),
        ({"places": "99999999999"}, "places", "less than or equal to 100000"),
        ({"opens_at": "0001-01-01T00:00"}, "opens_at", "between the years 2000 and 2100"),
        ({"closes_at": "9999-12-31T23:00"}, "closes_at", "between the years 2000 and 2100"),
    ],
)
def test_out_of_range_values_are_refused(client, programme, pia, changes, field, message):
    client.force_login(pia)
    response = client.post(reverse("calls:create"), _call_form(programme, **changes))
    assert response.status_code in (200, 400)
    assert message in " ".join(response.context["form"].errors[field])
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weight": "101", "scale_min": "0", "scale_max": "10"}, "less than or equal to 100."),
        ({"weight": "50", "scale_min": "0", "scale_max": "99999"}, "less than or equal to 1000."),
        (
            {"weight": "50", "scale_min": "-99999", "scale_max": "10"},
            "greater than or equal to -1000.",
        ),
    ],
)
def test_a_criterion_out_of_range_is_refused(client, programme, pia, data, message):
    call = CallFactory(programme=programme, status="draft")
    client.force_login(pia)
    fields = {"label_text": "Experience", "content_language": "en", **data}
    response = client.post(
        reverse("calls:criterion-add", args=[call.slug]),
        {f"criterion-{name}": value for name, value in fields.items()},
        follow=True,
    )
    assert message in " ".join(str(m) for m in response.context["messages"])
    assert not call.criteria.exists()
