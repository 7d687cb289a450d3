# ruff: noqa: E501
"""Demo action plans: Timișoara's Action Plan for SME growth (ECoC-SME, in Romanian) fed by its
Local Learning Labs' world-café questions (seed 004), and the Creative Clusters' joint 10-year
development strategy (South Baltic Creative Clusters, in Polish; seed 003). Each has an English
machine translation. Budgets and dates the seeds do not give stay empty; the progress figures
and measurements are demo values, and the plans say so. The Timișoara lab's themes are linked
to the actions they became by the labs' demo, which loads after this one (labs build on plans).
Idempotent."""

from datetime import date
from decimal import Decimal

from atelier.accounts.models import User
from atelier.core.multilingual import MACHINE, MultilingualText
from atelier.network.models import normalise_name
from atelier.network.queries import organisations
from atelier.programmes.models import Programme

from . import services
from .models import ActionStatus, Plan

COORDINATOR = "coordinator@atelier.test"
FACILITATOR = "facilitator@atelier.test"

LAB_TIMISOARA = (
    "Atelier Local de Învățare, Timișoara, 08.10.2020 (world café)",
    "Local Learning Lab, Timișoara, 8 October 2020 (world café)",
)


def ml(language, text, english=None):
    value = MultilingualText(text, language)
    if english and language != "en":
        value.translate("en", english, by=MACHINE)
    return value


S = ActionStatus

PLANS = [
    {
        "slug": "timisoara-action-plan-sme-growth",
        "programme": "ecoc-sme",
        "organisation": "Municipiul Timișoara",
        "place": "Timișoara",
        "language": "ro",
        "title": (
            "Planul de Acțiune pentru creșterea și inovarea IMM-urilor în contextul CEaC și al moștenirii acesteia",
            "Action Plan for SME growth and innovation in the context of the ECoC and its legacy",
        ),
        "description": (
            "Planul se sprijină pe informațiile colectate în Atelierele Locale de Învățare ale proiectului ECoC-SME și pe schimbul de bune practici interregionale între partenerii din proiect (Leeuwarden, Matera, Rijeka, Kaunas, Universitatea Finlandei de Est). Procentele de progres și măsurătorile de pe această pagină sunt valori demonstrative.",
            "The plan builds on what the ECoC-SME project's Local Learning Labs collected and on the interregional exchange of good practice between the project partners (Leeuwarden, Matera, Rijeka, Kaunas, University of Eastern Finland). The progress percentages and measurements on this page are demo values.",
        ),
        "managers": [FACILITATOR],
        "goals": [
            {
                "title": (
                    "Mai multe start-up-uri și IMM-uri active în sectorul cultural și creativ din regiune",
                    "More start-ups and SMEs active in the region's cultural and creative sector",
                ),
                "description": (
                    "Răspuns la întrebarea: Cum putem activa mai multe start-up-uri și IMM-uri în sectorul cultural și creativ din regiunea noastră?",
                    "Answers the question: how can we activate more start-ups and SMEs in the cultural and creative sector of our region?",
                ),
                "actions": [
                    {
                        "title": (
                            "Program de incubare și mentorat pentru start-up-uri culturale și creative",
                            "Incubation and mentoring programme for cultural and creative start-ups",
                        ),
                        "owner_text": "Municipiul Timișoara",
                        "partners": ["Municipiul Timișoara"],
                        "source": LAB_TIMISOARA,
                        "updates": [
                            (
                                date(2021, 3, 15),
                                20,
                                S.IN_PROGRESS,
                                "Primele sesiuni de mentorat au avut loc (valoare demonstrativă).",
                            ),
                            (
                                date(2021, 11, 30),
                                45,
                                S.IN_PROGRESS,
                                "A doua serie de start-up-uri a intrat în program (valoare demonstrativă).",
                            ),
                        ],
                    },
                    {
                        "title": (
                            "Un punct unic de informare despre finanțări și sprijin pentru IMM-urile din sectorul cultural și creativ",
                            "A one-stop information point on funding and support for SMEs in the cultural and creative sector",
                        ),
                        "owner_text": "Municipiul Timișoara",
                        "updates": [
                            (
                                date(2021, 6, 1),
                                100,
                                S.DONE,
                                "Punctul de informare funcționează (valoare demonstrativă).",
                            ),
                        ],
                    },
                ],
            },
            {
                "title": (
                    "Parteneriate trans-sectoriale, rețele și clustere",
                    "Cross-sector partnerships, networks and clusters",
                ),
                "description": (
                    "Colaborări între mediul de afaceri, sectorul cultural și creativ, sectorul IT&C și mediul educațional, pentru a valorifica un mega-eveniment ca CEaC.",
                    "Cooperation between business, the cultural and creative sector, the IT&C sector and education, to make the most of a mega-event such as the ECoC.",
                ),
                "actions": [
                    {
                        "title": (
                            "Cartografierea parteneriatelor trans-sectoriale, a rețelelor și a clusterelor existente în Timișoara și în regiune",
                            "Mapping the existing cross-sector partnerships, networks and clusters in Timișoara and the region",
                        ),
                        "owner_text": "Municipiul Timișoara",
                        "source": LAB_TIMISOARA,
                        "updates": [
                            (
                                date(2020, 12, 10),
                                100,
                                S.DONE,
                                "Harta a fost discutată la atelierul din 08.10.2020 și completată (valoare demonstrativă).",
                            ),
                        ],
                    },
                    {
                        "title": (
                            "Întâlniri regulate între mediul de afaceri, sectorul cultural și creativ, IT&C și mediul educațional",
                            "Regular meetings of business, the cultural and creative sector, IT&C and education",
                        ),
                        "owners": [FACILITATOR],
                        "owner_text": "Cowork Timișoara",
                        "source": LAB_TIMISOARA,
                        "updates": [
                            (
                                date(2021, 2, 20),
                                25,
                                S.IN_PROGRESS,
                                "Prima întâlnire trans-sectorială (valoare demonstrativă).",
                            ),
                            (
                                date(2021, 9, 20),
                                50,
                                S.IN_PROGRESS,
                                "Întâlnirile au loc trimestrial (valoare demonstrativă).",
                            ),
                        ],
                    },
                ],
            },
            {
                "title": (
                    "Asociația Timișoara Capitală Europeană a Culturii implicată în noile inițiative",
                    "The Timișoara European Capital of Culture Association involved in new initiatives",
                ),
                "description": (
                    "Ce alte părți interesate ar trebui implicate și ce alte modalități ar trebui să abordeze comunitatea pentru apariția unor noi inițiative?",
                    "Which other stakeholders should take part, and which other ways should the community take for new initiatives to emerge?",
                ),
                "actions": [
                    {
                        "title": (
                            "Un canal de colaborare între Asociație și inițiativele noi ale IMM-urilor culturale și creative",
                            "A channel of cooperation between the Association and new initiatives of cultural and creative SMEs",
                        ),
                        "owner_text": "Municipiul Timișoara",
                        "updates": [],
                    },
                ],
            },
            {
                "title": (
                    "Inițiative de sprijin sustenabile după pandemia de Covid-19",
                    "Support initiatives that last beyond the Covid-19 pandemic",
                ),
                "description": (
                    "Cum a fost afectat sectorul de pandemie, ce inițiative noi au apărut ca răspuns și cum pot deveni sustenabile?",
                    "How the pandemic affected the sector, which new initiatives arose in response, and how they can last?",
                ),
                "actions": [
                    {
                        "title": (
                            "Inventarul inițiativelor, inclusiv de sprijin, apărute ca răspuns la pandemie",
                            "An inventory of the initiatives, support included, that arose in response to the pandemic",
                        ),
                        "owner_text": "Municipiul Timișoara",
                        "source": LAB_TIMISOARA,
                        "updates": [
                            (
                                date(2021, 1, 29),
                                100,
                                S.DONE,
                                "Inventarul a fost publicat (valoare demonstrativă).",
                            ),
                        ],
                    },
                    {
                        "title": (
                            "Planuri de sustenabilitate pentru inițiativele de sprijin apărute în pandemie",
                            "Sustainability plans for the support initiatives that arose during the pandemic",
                        ),
                        "owner_text": "Municipiul Timișoara",
                        "updates": [
                            (
                                date(2021, 10, 15),
                                20,
                                S.DELAYED,
                                "Amânat până la clarificarea surselor de finanțare (valoare demonstrativă).",
                            ),
                        ],
                    },
                ],
            },
            {
                "title": (
                    "Anii de pregătire, anul titlului și anii moștenire CEaC în folosul IMM-urilor",
                    "The ECoC preparation years, title year and legacy years working for SMEs",
                ),
                "actions": [
                    {
                        "title": (
                            "Vizibilitate pentru IMM-urile locale din sectorul cultural și creativ în programul anului titlului",
                            "Visibility for local cultural and creative SMEs in the title year's programme",
                        ),
                        "owner_text": "Municipiul Timișoara",
                        "updates": [
                            (
                                date(2022, 5, 10),
                                30,
                                S.IN_PROGRESS,
                                "Primele IMM-uri incluse în program (valoare demonstrativă).",
                            ),
                        ],
                    },
                    {
                        "title": (
                            "Un plan de moștenire pentru IMM-uri după anul titlului",
                            "A legacy plan for SMEs after the title year",
                        ),
                        "owner_text": "Municipiul Timișoara",
                        "updates": [],
                    },
                ],
            },
        ],
        "indicators": [
            {
                "name": (
                    "Start-up-uri și IMM-uri din sectorul cultural și creativ implicate în acțiunile planului",
                    "Cultural and creative start-ups and SMEs taking part in the plan's actions",
                ),
                "unit": "organizații",
                "baseline": Decimal("0"),
                "target": None,
                "goal": 0,
                "measurements": [
                    (date(2021, 3, 31), Decimal("12"), "Valoare demonstrativă"),
                    (date(2021, 12, 31), Decimal("27"), "Valoare demonstrativă"),
                ],
            },
        ],
    },
    {
        "slug": "creative-clusters-10-year-strategy",
        "programme": "south-baltic-creative-clusters",
        "organisation": None,
        "place": "Region Morza Bałtyckiego",
        "language": "pl",
        "title": (
            "Wspólna, 10-letnia strategia rozwoju kreatywnych klastrów w regionie Morza Bałtyckiego",
            "Joint 10-year development strategy of creative clusters in the South Baltic region",
        ),
        "description": (
            "Strategia łączy wiedzę zgromadzoną w transgranicznej sieci branży kreatywnej, aby wspólnie wspierać lokalne procesy w wybranych lokalizacjach. Procenty postępu i pomiary na tej stronie są wartościami demonstracyjnymi.",
            "The strategy brings together the knowledge gathered in the cross-border network of the creative industry to support local processes together in selected locations. The progress percentages and measurements on this page are demo values.",
        ),
        "managers": [],
        "goals": [
            {
                "title": (
                    "Współpraca transgraniczna podmiotów branż kreatywnych z lokalnymi sieciami w czterech lokalizacjach",
                    "Cross-border cooperation of creative industry actors with local networks in four locations",
                ),
                "actions": [
                    {
                        "title": (
                            "Sieć zaangażowanych organizacji South Baltic Creative Cluster",
                            "The South Baltic Creative Cluster network of engaged organisations",
                        ),
                        "owner_text": "Stowarzyszenie Media Dizajn",
                        "partners": [
                            "Stowarzyszenie Gmin RP Euroregion Bałtyk",
                            "Hanseatic City of Rostock, Department for Urban Development, Urban Planning and Economy",
                            "Public Institution Rietavas Tourism and Business Information Centre",
                            "Association Rietavas Women Employment Centre",
                            "Kreativum Science Center",
                        ],
                        "updates": [
                            (
                                date(2021, 6, 30),
                                60,
                                S.IN_PROGRESS,
                                "Sieć łączy partnerów z DE, PL, LT i SE (wartość demonstracyjna).",
                            ),
                        ],
                    },
                ],
            },
            {
                "title": (
                    "Struktura konsultacyjna branży kreatywnej dla pozostałych obszarów gospodarki i instytucji trzecich",
                    "A consultation structure of the creative industry for other sectors of the economy and third institutions",
                ),
                "description": (
                    "W zakresie struktur roboczych, planowania projektów i zagadnień organizacyjnych pracy opracowanych w ramach wymiany transgranicznej.",
                    "On working structures, project planning and organisational questions of work developed in the cross-border exchange.",
                ),
                "actions": [
                    {
                        "title": (
                            "Oferta konsultacyjna dla sektora kreatywnego",
                            "A consultation offer for the creative sector",
                        ),
                        "owner_text": "Stowarzyszenie Gmin RP Euroregion Bałtyk",
                        "partners": ["Stowarzyszenie Gmin RP Euroregion Bałtyk"],
                        "updates": [
                            (
                                date(2021, 9, 1),
                                80,
                                S.IN_PROGRESS,
                                "Oferta konsultacyjna jest dostępna (wartość demonstracyjna).",
                            ),
                        ],
                    },
                ],
            },
            {
                "title": (
                    "Regularna wymiana informacji: wspólna platforma komunikacyjna i coroczne fora",
                    "Regular exchange of information: a common communication platform and annual forums",
                ),
                "actions": [
                    {
                        "title": (
                            "Wspólna platforma komunikacyjna sieci",
                            "The network's common communication platform",
                        ),
                        "owner_text": "Stowarzyszenie Media Dizajn",
                        "updates": [
                            (
                                date(2021, 4, 1),
                                50,
                                S.IN_PROGRESS,
                                "Platforma w fazie testów (wartość demonstracyjna).",
                            ),
                        ],
                    },
                    {
                        "title": (
                            "Coroczne fora transgraniczne",
                            "Annual cross-border forums",
                        ),
                        "owner_text": "Stowarzyszenie Media Dizajn",
                        "updates": [
                            (
                                date(2022, 6, 10),
                                10,
                                S.IN_PROGRESS,
                                "Konferencja kończąca projekt i VI Międzynarodowy Kongres Kreatywny Design Plus, Szczecin, 9–10.06.2022.",
                            ),
                        ],
                    },
                ],
            },
            {
                "title": (
                    "Wspólna promocja sektora przemysłów kreatywnych w regionach Morza Bałtyckiego",
                    "Joint promotion of the creative industries in the South Baltic regions",
                ),
                "description": (
                    "Aby umocnić pozycję sektora wobec innych sektorów przemysłu i pokazać pracę w sektorze jako atrakcyjną i istotną na arenie międzynarodowej.",
                    "To strengthen the sector's position among other industries and show work in the sector as attractive and relevant internationally.",
                ),
                "actions": [
                    {
                        "title": (
                            "Wspólna kampania promocyjna przemysłów kreatywnych",
                            "A joint promotion campaign of the creative industries",
                        ),
                        "owner_text": "Konsorcjum Creative Clusters",
                        "updates": [],
                    },
                ],
            },
        ],
        "indicators": [
            {
                "name": ("Coroczne fora transgraniczne", "Annual cross-border forums"),
                "unit": "fora",
                "baseline": Decimal("0"),
                "target": Decimal("10"),
                "goal": 2,
                "measurements": [
                    (date(2022, 6, 10), Decimal("1"), "Szczecin, 9–10.06.2022"),
                ],
            },
        ],
    },
]


def _organisation(name):
    if not name:
        return None
    return organisations().filter(normalised_name=normalise_name(name)).first()


def load(stdout=None):
    people = {user.email: user for user in User.objects.filter(email__contains="@atelier.test")}
    actor = people.get(COORDINATOR)
    programmes = {p.slug: p for p in Programme.objects.all()}
    created = updates = 0
    for data in PLANS:
        if data["programme"] not in programmes:
            continue
        language = data["language"]
        plan = Plan.objects.filter(slug=data["slug"]).first()
        if plan is None:
            plan = services.create_plan(
                actor,
                slug=data["slug"],
                title=ml(language, *data["title"]),
                description=ml(language, *data["description"]),
                programme=programmes[data["programme"]],
                organisation=_organisation(data["organisation"]),
                place=data["place"],
                visibility=Plan.Visibility.PUBLIC,
                status=Plan.Status.ACTIVE,
                managers=[people[e] for e in data["managers"] if e in people],
            )
            created += 1
        goals = {goal.position: goal for goal in plan.goals.all()}
        for g_position, g_data in enumerate(data["goals"]):
            goal = goals.get(g_position)
            if goal is None:
                goal = services.add_goal(
                    actor,
                    plan,
                    title=ml(language, *g_data["title"]),
                    description=ml(language, *g_data["description"])
                    if "description" in g_data
                    else None,
                    position=g_position,
                )
                goals[g_position] = goal
            existing = {action.position: action for action in goal.actions.all()}
            for a_position, a_data in enumerate(g_data["actions"]):
                action = existing.get(a_position)
                if action is None:
                    source = a_data.get("source")
                    action = services.add_action(
                        actor,
                        goal,
                        position=a_position,
                        title=ml(language, *a_data["title"]),
                        owner_text=a_data.get("owner_text", ""),
                        source_label=source[0] if source else "",
                        owners=[people[e] for e in a_data.get("owners", []) if e in people],
                        partners=[o for o in map(_organisation, a_data.get("partners", [])) if o],
                    )
                if not action.updates.exists():
                    for on, progress, status, comment in a_data["updates"]:
                        services.post_progress_update(
                            actor, action, progress=progress, status=status, comment=comment, on=on
                        )
                        updates += 1
        indicators = {i.position: i for i in plan.indicators.all()}
        for i_position, i_data in enumerate(data["indicators"]):
            indicator = indicators.get(i_position)
            if indicator is None:
                indicator = services.add_indicator(
                    actor,
                    plan,
                    position=i_position,
                    name=ml(language, *i_data["name"]),
                    unit=i_data["unit"],
                    baseline=i_data["baseline"],
                    target=i_data["target"],
                    goal=goals[i_data["goal"]],
                )
            if not indicator.measurements.exists():
                for on, value, note in i_data["measurements"]:
                    services.record_measurement(
                        actor, indicator, value=value, measured_on=on, note=note
                    )
    if stdout:
        stdout.write(f"Plans: {created} added, {updates} demo progress updates added")
