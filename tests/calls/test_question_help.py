"""A question's help text, written by a coordinator in the form builder, reaches the
application form as text: markup in it does nothing in an applicant's (or an admin's) browser."""

from html.parser import HTMLParser

from django.urls import reverse

from atelier.calls.models import Question

HELP = '<span hx-post="/admin/" hx-trigger="load">Tell us</span><img src=x onerror=alert(1)>'


class Attributes(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.names = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.names.update(name for name, _value in attrs)


def test_a_help_text_with_markup_is_shown_as_written_on_the_application_form(
    client, call, pia, alice, ada
):
    client.force_login(pia)
    response = client.post(
        reverse("calls:questions", args=[call.slug]),
        {
            "question-label_text": "Your plans",
            "question-content_language": "en",
            "question-kind": "long-text",
            "question-help_text_value": HELP,
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(call=call, label__text="Your plans")
    assert question.help.text == HELP
    for person in (alice, ada):
        client.force_login(person)
        page = client.get(reverse("calls:apply", args=[call.slug])).content.decode()
        assert (
            f'<div class="helptext" hx-disable id="id_question_{question.pk}_helptext">'
            "&lt;span hx-post=&quot;/admin/&quot; hx-trigger=&quot;load&quot;&gt;Tell us"
            "&lt;/span&gt;&lt;img src=x onerror=alert(1)&gt;</div>"
        ) in page
        assert not {"hx-post", "onerror"} & Attributes(page).names
