# ruff: noqa: E501
"""Demo lab: Timișoara's Local Learning Lab of the ECoC-SME project (seed 004), a world café on
the six questions of the press release, in Romanian with an English machine translation. The
questions come from the seed; the tables, participants' notes, themes and votes are demo
content, and the lab's description says so. Its themes feed the Action Plan for SME growth
(each linked to the action it became). Idempotent: an existing lab is left as it is, only the
links to the plan are added when missing."""

from django.utils import timezone

from atelier.accounts.models import User
from atelier.core.multilingual import MACHINE, MultilingualText
from atelier.plans import queries as plan_queries
from atelier.programmes.models import Programme

from . import services
from .models import Format, Lab, Question, Seat, Theme

SLUG = "timisoara-local-learning-lab-2020"
FACILITATOR = "facilitator@atelier.test"
HOSTS = {1: "member@atelier.test", 2: "expert@atelier.test"}
MEMBERS = ["moderator@atelier.test", "reviewer@atelier.test", "coordinator@atelier.test"]
GUESTS = ["Ioana P.", "Radu M.", "Diana S.", "Mihai T."]


def ml(text, english):
    value = MultilingualText(text, "ro")
    value.translate("en", english, by=MACHINE)
    return value


TITLE = (
    "Atelier Local de Învățare: sectorul cultural și creativ în Timișoara și în regiune",
    "Local Learning Lab: the cultural and creative sector in Timișoara and the region",
)
DESCRIPTION = (
    "World café al proiectului ECoC-SME despre impactul pandemiei de Covid-19 și dezvoltarea sectorului în anii de pregătire a CEaC, anul titlului și anii moștenire. Mesele, notele, temele și voturile de pe această pagină sunt conținut demonstrativ.",
    "An ECoC-SME world café on the impact of the Covid-19 pandemic and on developing the sector in the years preparing the ECoC, the title year and the legacy years. The tables, notes, themes and votes on this page are demo content.",
)

QUESTIONS = [
    (
        "Cum putem activa mai multe start-up-uri și IMM-uri în sectorul cultural și creativ din regiunea noastră?",
        "How can we activate more start-ups and SMEs in the cultural and creative sector of our region?",
    ),
    (
        "Cum putem implica Asociația Timișoara Capitală Europeană a Culturii în contextul noilor inițiative din sectorul cultural și creativ?",
        "How can we involve the Timișoara European Capital of Culture Association in the new initiatives of the cultural and creative sector?",
    ),
    (
        "Ce alte părți interesate ar trebui să fie implicate sau ce alte modalități ar trebui să abordeze comunitatea pentru apariția unor noi inițiative?",
        "Which other stakeholders should be involved, or which other approaches should the community take, for new initiatives to emerge?",
    ),
    (
        "Cum a fost afectat sectorul cultural și creativ local și regional de pandemia Covid-19?",
        "How has the Covid-19 pandemic affected the local and regional cultural and creative sector?",
    ),
    (
        "Ce noi inițiative, inclusiv de sprijin, au apărut ca răspuns la problemele create de pandemie?",
        "Which new initiatives, including support schemes, have emerged in response to the problems the pandemic created?",
    ),
    (
        "Cum pot aceste inițiative să devină sustenabile chiar și după depășirea pandemiei de Covid-19?",
        "How can these initiatives become sustainable even after the Covid-19 pandemic is over?",
    ),
]

# (round position, table number, text, starred)
NOTES = [
    (1, 1, "Programe de incubare dedicate industriilor creative, cu mentori din IT&C", True),
    (1, 2, "Spații de lucru accesibile în clădiri nefolosite din oraș", False),
    (1, 3, "Ghișeu unic pentru finanțări și consultanță juridică", False),
    (2, 1, "Apeluri de proiecte deschise și pentru firme mici, nu doar pentru ONG-uri", True),
    (2, 2, "Întâlniri lunare între echipa CEaC și antreprenori", False),
    (3, 1, "Universitățile și liceele de artă, ca parteneri permanenți", False),
    (3, 3, "Clusterele IT ca investitori și clienți ai proiectelor culturale", True),
    (4, 2, "Evenimentele anulate au lăsat freelancerii fără venituri luni de zile", True),
    (4, 3, "Mutarea rapidă online a scos la iveală lipsa competențelor digitale", False),
    (5, 1, "Platforme locale de bilete și streaming pentru spectacole", False),
    (5, 2, "Fond de urgență pentru artiștii independenți", True),
    (6, 1, "Modele de abonament și comunități de susținători", False),
    (6, 3, "Parteneriate pe termen lung cu companiile din regiune", True),
]

THEMES = [
    ("Spații și incubare pentru antreprenorii creativi", [(1, 1), (1, 2), (1, 3)], 7),
    ("Parteneriate cu educația și IT&C", [(3, 1), (3, 3), (6, 3)], 5),
    ("Reziliență după pandemie", [(4, 2), (5, 2), (5, 1), (6, 1)], 6),
]

# The themes feed Timișoara's Action Plan for SME growth (plans' demo, loaded before this one):
# theme -> (goal position, action position) of the action it became.
PLAN = "timisoara-action-plan-sme-growth"
FEEDS = {
    "Spații și incubare pentru antreprenorii creativi": (0, 0),
    "Parteneriate cu educația și IT&C": (1, 1),
    "Reziliență după pandemie": (3, 1),
}


def _feed_plan(lab, facilitator):
    """Links each theme to the plan's action it became; already linked ones stay as they are."""
    actions = {(a.goal.position, a.position): a for a in plan_queries.plan_actions(PLAN)}
    linked = 0
    for theme in lab.themes.all():
        action = actions.get(FEEDS.get(theme.name))
        if action is not None and facilitator.has_perm("plans.change_plan", action.goal.plan):
            services.link_action(facilitator, theme, action)
            linked += 1
    return linked


def load(stdout=None):
    people = {u.email: u for u in User.objects.filter(email__contains="@atelier.test")}
    facilitator = people.get(FACILITATOR)
    existing = Lab.objects.filter(slug=SLUG).first()
    if existing is not None:
        if facilitator is not None:
            _feed_plan(existing, facilitator)
        if stdout:
            stdout.write("Labs: the demo lab is already there.")
        return
    if facilitator is None:
        return
    lab = services.create_lab(
        facilitator,
        slug=SLUG,
        title=ml(*TITLE),
        description=ml(*DESCRIPTION),
        programme=Programme.objects.filter(slug="ecoc-sme").first(),
        format=Format.ON_SITE,
        date=timezone.localdate(),  # the demo lab runs the day the demo is loaded
        allow_guests=True,
        status=Lab.Status.OPEN,
        votes_per_participant=3,
    )
    for position, (text, english) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(lab=lab, text=ml(text, english), position=position)
        services.add_round(lab, question, 15)
    for number in (1, 2, 3):
        services.add_table(lab, number, language="ro", host=people.get(HOSTS.get(number)))
    participants = []
    for email in [*HOSTS.values(), *MEMBERS]:
        if email in people:
            participants.append(services.join(lab, user=people[email], languages=["ro", "en"]))
    for name in GUESTS:
        participants.append(services.join(lab, guest_name=name, languages=["ro"]))
    tables = {t.number: t for t in lab.tables.all()}
    notes = {}
    for position in range(1, len(QUESTIONS) + 1):
        lab = services.start_next_round(lab, actor=facilitator)
        for r, number, text, starred in NOTES:
            if r != position:
                continue
            table = tables[number]
            seat = Seat.objects.filter(round=lab.current_round, table=table).first()
            note = services.post_note(table, seat.participant if seat else None, text)
            if starred:
                note = services.star_note(note, True, note.version)
            notes[(r, number)] = note
    for name, keys, _votes in THEMES:
        services.create_theme(lab, name, [notes[k] for k in keys if k in notes])
    services.open_voting(lab, 3)
    themes = {t.name: t for t in Theme.objects.filter(lab=lab)}
    ballots = [name for name, _keys, votes in THEMES for _ in range(votes)]
    for index, name in enumerate(ballots):
        voter = participants[index % len(participants)]
        services.vote(voter, themes[name])
    services.close_voting(lab)
    services.close(lab, actor=facilitator)
    fed = _feed_plan(lab, facilitator)
    # Its report is public, so visitors find it on the programme's Learning labs tab.
    services.publish_report(lab, actor=facilitator)
    if stdout:
        stdout.write(
            f"Labs: {lab.slug} with {len(notes)} notes and {len(themes)} themes, "
            f"{fed} of them feeding the action plan."
        )
