"""A lab's numbers are refused beyond what a lab knows: votes, round minutes, table numbers."""

import pytest
from django.urls import reverse

from atelier.labs.models import Lab, Round, Table

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("votes", ["0", "21", "99999999999"])
def test_votes_per_participant_out_of_range_are_refused(client, fay, votes):
    client.force_login(fay)
    response = client.post(
        reverse("labs:create"),
        {
            "title_text": "Laboratorul local",
            "content_language": "ro",
            "format": "hybrid",
            "votes_per_participant": votes,
            "status": "open",
        },
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["votes_per_participant"]
    assert not Lab.objects.exists()


@pytest.mark.parametrize(
    ("model", "field", "value"), [(Round, "duration_minutes", 181), (Table, "number", 501)]
)
def test_the_models_bound_what_the_lab_forms_bound(model, field, value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        model._meta.get_field(field).run_validators(value)
