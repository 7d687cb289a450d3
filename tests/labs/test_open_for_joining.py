"""A new lab is a draft: its console says so, hides the join link, and opens it on request."""

from django.urls import reverse

from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab


def _draft(fay):
    return services.create_lab(fay, title=MultilingualText("Draft lab", "en"), slug="draft-lab")


def test_a_new_lab_is_a_draft_whose_console_hides_the_join_link(client, fay):
    lab = _draft(fay)
    assert lab.status == Lab.Status.DRAFT
    client.force_login(fay)
    html = client.get(reverse("labs:detail", args=[lab.slug])).content.decode()
    assert "This lab is a draft: no one can join it yet." in html
    assert 'name="action" value="open"' in html and "Open the lab for joining" in html
    assert lab.join_token not in html and "<svg" not in html


def test_the_facilitator_opens_the_lab_and_people_can_join(client, fay, alice):
    lab = _draft(fay)
    join_url = reverse("labs:join", args=[lab.join_token])
    client.force_login(alice)
    assert client.get(join_url).status_code == 403
    client.force_login(fay)
    response = client.post(reverse("labs:control", args=[lab.slug]), {"action": "open"})
    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.status == Lab.Status.OPEN
    html = client.get(reverse("labs:detail", args=[lab.slug]), follow=True).content.decode()
    assert "The lab is open: people can join with the link or QR code." in html
    assert join_url in html and "<svg" in html and "Open the lab for joining" not in html
    client.force_login(alice)
    assert client.post(join_url).status_code == 302
    assert lab.participants.filter(user=alice).exists()


def test_a_member_cannot_open_a_draft(client, fay, alice):
    lab = _draft(fay)
    client.force_login(alice)
    response = client.post(reverse("labs:control", args=[lab.slug]), {"action": "open"})
    assert response.status_code == 403
    lab.refresh_from_db()
    assert lab.status == Lab.Status.DRAFT


def test_only_a_draft_is_opened(client, fay, lab):
    client.force_login(fay)
    services.close(lab)
    response = client.post(
        reverse("labs:control", args=[lab.slug]), {"action": "open"}, follow=True
    )
    assert "Only a draft lab can be opened for joining." in response.text
    assert "This lab is closed: its join link no longer works." in response.text
    assert lab.join_token not in response.text
    lab.refresh_from_db()
    assert lab.status == Lab.Status.CLOSED
