"""A lab theme becomes a proposed action of a plan and keeps its link to the notes behind it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atelier.accounts.roles import Role
from atelier.accounts.services import assign_role
from atelier.core.multilingual import MultilingualText
from atelier.labs import services
from atelier.labs.models import Lab, ProposedAction, Question, Theme
from atelier.plans.models import Action
from tests.factories import UserFactory
from tests.plans.factories import GoalFactory, PlanFactory
from tests.programmes.factories import ProgrammeFactory


@pytest.fixture
def programme(db):
    return ProgrammeFactory(slug="ecoc-sme-test")


@pytest.fixture
def plan(programme):
    return PlanFactory(slug="sme-growth", programme=programme)


@pytest.fixture
def goal(plan):
    return GoalFactory(plan=plan, title=MultilingualText("More start-ups", "en"))


@pytest.fixture
def paula(programme, plan):
    """Facilitates the lab's programme and manages the plan."""
    user = UserFactory(email="paula@example.org", display_name="Paula Facilitator")
    assign_role(user, Role.FACILITATOR, scope=programme)
    plan.managers.add(user)
    return user


@pytest.fixture
def oscar(plan):
    """Facilitates another programme; manages the plan too, but does not run this lab."""
    user = UserFactory(email="oscar@example.org", display_name="Oscar Other")
    assign_role(user, Role.FACILITATOR, scope=ProgrammeFactory(slug="elsewhere"))
    plan.managers.add(user)
    return user


def _lab_with_themes(facilitator, programme, count=1, slug="sme-lab"):
    lab = services.create_lab(
        facilitator,
        title=MultilingualText("SME lab", "en"),
        slug=slug,
        programme=programme,
        status=Lab.Status.OPEN,
    )
    question = Question.objects.create(lab=lab, text=MultilingualText("What helps?", "en"))
    services.add_round(lab, question, 10)
    table = services.add_table(lab, 1)
    member = services.join(lab, user=UserFactory())
    services.start_next_round(lab)
    for n in range(count):
        first = services.post_note(table, member, f"Makerspaces {n}")
        second = services.post_note(table, member, f"Empty shops {n}")
        services.create_theme(lab, f"Spaces {n}", [first, second])
    return lab


@pytest.fixture
def lab(paula, programme):
    return _lab_with_themes(paula, programme)


def _propose(client, lab, goal, **extra):
    theme = lab.themes.get()
    data = {"theme": theme.pk, "goal": goal.pk, "language": "en", **extra}
    return client.post(reverse("labs:propose", args=[lab.slug]), data)


def test_a_facilitator_who_edits_the_plan_turns_a_theme_into_an_action(client, paula, lab, goal):
    client.force_login(paula)
    harvest = client.get(reverse("labs:harvest", args=[lab.slug]))
    assert "Turn a theme into a proposed action" in harvest.text
    assert "More start-ups" in harvest.text
    response = _propose(client, lab, goal, title="", description="Open empty shops to SMEs")
    theme = lab.themes.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/labs/{lab.slug}/harvest/#theme-{theme.pk}")
    action = Action.objects.get()
    assert action.goal == goal
    assert action.title.text == "Spaces 0" and action.title.language == "en"
    assert action.description.text == "Open empty shops to SMEs"
    assert (action.status, action.progress) == ("planned", 0)
    link = ProposedAction.objects.get()
    assert (link.theme, link.action, link.proposed_by) == (theme, action, paula)
    assert {n.text for n in link.notes.all()} == {"Makerspaces 0", "Empty shops 0"}
    harvest = client.get(reverse("labs:harvest", args=[lab.slug]))
    assert "Proposed as:" in harvest.text
    assert reverse("plans:action", args=[goal.plan.slug, action.pk]) in harvest.text
    report = client.get(reverse("labs:report", args=[lab.slug]))
    assert f'id="theme-{theme.pk}"' in report.text and "Proposed as:" in report.text


def test_the_link_keeps_the_notes_the_theme_had_when_proposed(paula, lab, goal):
    theme = lab.themes.get()
    link = services.propose_action(paula, theme, goal, title="Spaces for SMEs")
    services.set_theme_notes(theme, [])
    assert link.notes.count() == 2
    assert Theme.objects.get(pk=theme.pk).notes.count() == 0


def test_a_member_may_not_propose(client, alice, lab, goal):
    client.force_login(alice)
    assert _propose(client, lab, goal).status_code == 403
    assert not Action.objects.exists()


def test_another_programmes_facilitator_may_not_propose(client, oscar, lab, goal):
    client.force_login(oscar)
    assert client.get(reverse("labs:harvest", args=[lab.slug])).status_code == 403
    assert _propose(client, lab, goal).status_code == 403
    assert not Action.objects.exists()


def test_visitors_are_sent_to_log_in(client, lab, goal):
    response = _propose(client, lab, goal)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_facilitator_who_edits_no_plan_is_told_so_and_refused(client, fay, lab, goal):
    client.force_login(fay)  # runs every lab, edits no plan
    harvest = client.get(reverse("labs:harvest", args=[lab.slug]))
    assert "You may propose actions only in action plans you may edit" in harvest.text
    assert _propose(client, lab, goal).status_code == 403
    assert not Action.objects.exists()


def test_only_goals_of_plans_one_edits_are_accepted(client, fay, lab, goal):
    other_goal = GoalFactory(title=MultilingualText("Someone else's goal", "en"))
    GoalFactory(plan=PlanFactory(status="closed"), title=MultilingualText("Closed goal", "en"))
    plan = PlanFactory(slug="fays-plan")
    plan.managers.add(fay)
    mine = GoalFactory(plan=plan, title=MultilingualText("Fay's goal", "en"))
    client.force_login(fay)
    harvest = client.get(reverse("labs:harvest", args=[lab.slug]))
    assert "Fay&#x27;s goal" in harvest.text
    assert "Someone else" not in harvest.text and "Closed goal" not in harvest.text
    for refused in (goal, other_goal):
        response = _propose(client, lab, refused)
        assert response.status_code == 400
        assert "Select a valid choice." in response.text
    assert not Action.objects.exists()
    assert _propose(client, lab, mine).status_code == 302
    assert Action.objects.get().goal == mine


def test_a_theme_becomes_an_action_of_a_plan_once(client, paula, lab, goal):
    client.force_login(paula)
    _propose(client, lab, goal)
    response = _propose(client, lab, goal)
    assert response.status_code == 400
    assert "This theme is already an action of that plan." in response.text
    assert Action.objects.count() == 1


def test_the_service_checks_the_plan_too(alice, lab, goal):
    with pytest.raises(PermissionDenied):
        services.propose_action(alice, lab.themes.get(), goal)
    assert not Action.objects.exists()


def test_the_public_plan_page_says_where_the_action_came_from(client, paula, lab, goal):
    theme = lab.themes.get()
    link = services.propose_action(paula, theme, goal)
    report_url = f"/labs/{lab.slug}/report/#theme-{theme.pk}"
    action_url = reverse("plans:action", args=[goal.plan.slug, link.action_id])
    for url in (goal.plan.get_absolute_url(), action_url):
        html = client.get(url).content.decode()  # a visitor
        assert "Comes from the lab theme “Spaces 0”" in html
        assert "SME lab" in html
        assert "Makerspaces 0" in html and "Empty shops 0" in html
        assert "The 2 notes it came from" in html
        assert report_url not in html  # the report is for the lab's facilitators
    client.force_login(paula)
    html = client.get(goal.plan.get_absolute_url()).content.decode()
    assert f'<a href="{report_url}">Read the lab report</a>' in html


def test_plan_page_query_count_with_one_and_three_actions_from_themes(client, paula, programme):
    counts = []
    for count in (1, 3):
        plan = PlanFactory(slug=f"counted-{count}", programme=programme)
        plan.managers.add(paula)
        lab = _lab_with_themes(paula, programme, count=count, slug=f"lab-{count}")
        for theme in lab.themes.all():
            services.propose_action(paula, theme, GoalFactory(plan=plan))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(plan.get_absolute_url())
        assert response.content.decode().count("Comes from the lab theme") == count
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("page", ["harvest", "vote"])
def test_harvest_and_vote_query_counts_with_one_and_three_themes(client, paula, programme, page):
    plan = PlanFactory(slug="counted", programme=programme)
    plan.managers.add(paula)
    goal = GoalFactory(plan=plan)
    counts = []
    for count in (1, 3):
        lab = _lab_with_themes(paula, programme, count=count, slug=f"lab-{count}")
        voter = lab.participants.get()
        services.open_voting(lab, 5)
        for theme in lab.themes.all():
            services.vote(voter, theme)
            services.propose_action(paula, theme, goal)
        client.force_login(voter.user if page == "vote" else paula)
        url = reverse(f"labs:{page}", args=[lab.slug])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.text.count("Spaces ") >= count
        counts.append(len(queries))
    assert counts[0] == counts[1]
