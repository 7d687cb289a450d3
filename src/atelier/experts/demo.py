# ruff: noqa: E501
"""Demo of the expert pool at work, loaded through the same services people use. Idempotent.

- The ECoC capacity-building programme's call for experts (built with the calls app's
  services), with applications from demo experts, a reviewer's scores and the decisions that
  put the accepted applicants in the pool.
- A support request of the Timișoara 2023 city team, a mission delivered and evaluated, and
  its output published in the library.
- South Baltic Creative Clusters' consultation offer by Stowarzyszenie Media Dizajn, in
  Polish with an English machine translation, and one consultation request.
"""

from datetime import UTC, date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from atelier.core.multilingual import MACHINE, MultilingualText

from .models import ConsultationOffer, ConsultationRequest, Mission, MissionOutput, SupportRequest
from .services import offers, support

COORDINATOR = "coordinator@atelier.test"
REVIEWER = "reviewer@atelier.test"
EXPERT = "expert@atelier.test"
MEMBER = "member@atelier.test"
CITY_TEAM = "timisoara2023@atelier.test"
OFFERER = "media.dizajn@atelier.test"
CALL_SLUG = "ecoc-experts-pool-2023"

# Applicants to the call: (e-mail, name, country, organisation, areas, languages, countries,
# biography, accepted?). Ezra is the demo expert who logs in; the others have no password.
APPLICANTS = [
    (
        EXPERT,
        "Ezra Expert",
        "LT",
        "Kaunas 2022",
        ["volunteering", "audience-development", "ecoc-bid-legacy", "evaluation-impact"],
        ["lt", "en", "ro"],
        ["LT", "RO"],
        "Programme manager at Kaunas 2022: the volunteer programme, audience development in the districts, and the evaluation of the year.",
        True,
    ),
    (
        "zsofia.expert@atelier.test",
        "Zsófia Kertész",
        "HU",
        "Veszprém-Balaton 2023",
        ["participatory-governance", "cultural-strategy-policy", "ecoc-bid-legacy"],
        ["hu", "en", "de"],
        ["HU", "AT"],
        "Worked on the participation strategy of Veszprém-Balaton 2023 with 116 villages of the region.",
        True,
    ),
    (
        "marek.expert@atelier.test",
        "Marek Nowicki",
        "PL",
        "Freelance",
        ["communication-marketing"],
        ["pl", "en"],
        ["PL"],
        "Communication for cultural festivals in Poland.",
        False,
    ),
]


def ml(language, text, english=None):
    value = MultilingualText(text, language)
    if english and language != "en":
        value.translate("en", english, by=MACHINE)
    return value


def _person(email, name, country, organisation):
    """A demo account that does not log in (the demo accounts of accounts/demo.py do)."""
    from atelier.accounts.models import User

    user, created = User.objects.get_or_create(
        email=email,
        defaults={"display_name": name, "country": country, "organisation": organisation},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


# The call for experts --------------------------------------------------------------------------


def _call(coordinator, reviewer, programme):
    from atelier.calls import services as calls
    from atelier.calls.models import Application, Call, Criterion, Question

    call = Call.objects.filter(slug=CALL_SLUG).first()
    if call is not None:
        return call
    opens = datetime(2023, 1, 9, 9, 0, tzinfo=UTC)
    call = Call(
        type=Call.Type.EXPERTS,
        programme=programme,
        slug=CALL_SLUG,
        title=MultilingualText(
            "Call for experts: capacity building for European Capitals of Culture", "en"
        ),
        description=MultilingualText(
            "We are building a pool of experts who can support future and current European Capitals of Culture: audience development, volunteering, participatory governance, evaluation and legacy.",
            "en",
        ),
        eligibility=MultilingualText(
            "Professionals with at least three years of experience in culture-led development.",
            "en",
        ),
        time_zone="Europe/Brussels",
        opens_at=opens,
        closes_at=opens + timedelta(days=40),
        places=10,
    )
    calls.create_call(call, actor=coordinator)
    call.slug = CALL_SLUG
    call.save(update_fields=["slug"])
    questions = {}
    for kind, label, required in [
        (Question.Kind.AREAS, "Your areas of expertise", True),
        (Question.Kind.LANGUAGES, "Languages you can work in", True),
        (Question.Kind.COUNTRY, "Country you work from", True),
        (Question.Kind.LONG_TEXT, "Your experience with European Capitals of Culture", True),
    ]:
        question = Question(
            call=call, kind=kind, label=MultilingualText(label, "en"), required=required
        )
        calls.add_question(question, actor=coordinator)
        questions[kind] = question
    criteria = []
    for label, weight in [("Relevant experience", 60), ("Fit with the cities' needs", 40)]:
        criterion = Criterion(call=call, label=MultilingualText(label, "en"), weight=weight)
        calls.add_criterion(criterion, actor=coordinator)
        criteria.append(criterion)
    calls.publish_call(call, actor=coordinator)

    during = opens + timedelta(days=10)
    for email, name, country, organisation, areas, languages, countries, bio, accept in APPLICANTS:
        person = _person(email, name, country, organisation)
        answers = {
            questions[Question.Kind.AREAS].key: areas,
            questions[Question.Kind.LANGUAGES].key: languages,
            questions[Question.Kind.COUNTRY].key: countries[0],
            questions[Question.Kind.LONG_TEXT].key: bio,
        }
        application = calls.save_application(call, person, answers=answers, submit=True, now=during)
        if reviewer is not None and reviewer.pk != person.pk:
            assignment = calls.assign_reviewer(application, reviewer, actor=coordinator)
            high = 9 if accept else 5
            scores = {criterion.pk: (high, "") for criterion in criteria}
            calls.score_application(
                assignment,
                scores,
                comment="Strong ECoC experience." if accept else "Little ECoC experience yet.",
                actor=reviewer,
                submit=True,
                now=during + timedelta(days=35),
            )
    for email, *_rest, accept in APPLICANTS:
        application = Application.objects.get(call=call, applicant__email=email)
        calls.decide(application, "accept" if accept else "reject", actor=coordinator)
    return call


def _complete_profiles():
    """What the accepted experts add to their profiles after joining the pool."""
    from .models import ExpertProfile

    for email, _name, _country, _org, _areas, _languages, countries, _bio, accept in APPLICANTS:
        if not accept:
            continue
        profile = ExpertProfile.objects.filter(user__email=email).first()
        if profile is None or profile.is_listed:
            continue
        profile.countries = list(dict.fromkeys([*profile.countries, *countries]))
        profile.ecoc_experience = (
            profile.ecoc_experience or "European Capital of Culture programme team."
        )
        profile.visible_fields = list(ExpertProfile.Visible.values)
        profile.is_listed = True
        profile.save()


# The support request and its mission ------------------------------------------------------


def _pdf(lines):
    """A one-page PDF with the lines as text (Helvetica), small and valid."""
    text = (
        "BT /F1 12 Tf 72 760 Td 16 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
            for line in lines
        )
        + " ET"
    )
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


REQUEST_TITLE = "Designing the volunteer programme of Timișoara 2023"
OUTPUT_TITLE = "Volunteer programmes for European Capitals of Culture: lessons from Kaunas 2022 for Timișoara 2023"


def _support(coordinator, programme):
    from .models import ExpertProfile

    city_team = _person(CITY_TEAM, "Timișoara 2023 city team", "RO", "Timișoara 2023")
    support_request = SupportRequest.objects.filter(requester=city_team).first()
    if support_request is None:
        support_request = support.create_request(
            city_team,
            fields={
                "organisation_name": "Timișoara 2023",
                "programme": programme,
                "title": MultilingualText(REQUEST_TITLE, "en"),
                "description": MultilingualText(
                    "We expect more than 1,000 volunteers during the year. We need help to design recruitment, training and recognition, and to keep volunteers engaged after 2023.",
                    "en",
                ),
                "areas": ["volunteering", "audience-development", "ecoc-bid-legacy"],
                "languages": ["en", "ro"],
                "format": "hybrid",
                "place": "Timișoara",
                "country": "RO",
                "needs_ecoc_experience": True,
                "starts_on": date(2022, 9, 1),
                "ends_on": date(2022, 11, 30),
                "budget": 6000,
                "currency": "EUR",
            },
        )
    expert = ExpertProfile.objects.filter(user__email=EXPERT).first()
    if expert is None:
        return support_request, None
    mission = Mission.objects.filter(support_request=support_request, expert=expert).first()
    if mission is None:
        (mission,) = support.assign_experts(coordinator, support_request, [expert])
    if mission.status == Mission.Status.PROPOSED:
        mission = support.answer_mission(
            expert.user,
            mission,
            accept=True,
            message="Glad to help: Kaunas 2022 had 1,400 volunteers.",
        )
    if mission.status == Mission.Status.ACCEPTED:
        mission = support.start_mission(expert.user, mission)
    if mission.status == Mission.Status.IN_PROGRESS:
        mission = support.deliver_mission(
            expert.user,
            mission,
            deliverables="Two workshops in Timișoara with the volunteer team (September and October 2022); a volunteer journey map from recruitment to recognition; recommendations for the legacy years; a written report.",
        )
    if mission.status == Mission.Status.DELIVERED:
        mission = support.evaluate_mission(
            city_team,
            mission,
            feedback="Practical and well prepared. The volunteer journey map is now the backbone of our programme.",
            rating=5,
        )
    if not MissionOutput.objects.filter(mission=mission).exists():
        support.publish_output(
            coordinator,
            mission,
            fields={
                "kind": "guide",
                "title": MultilingualText(OUTPUT_TITLE, "en"),
                "abstract": MultilingualText(
                    "What the Kaunas 2022 volunteer programme taught about recruiting, training and keeping volunteers, and how Timișoara 2023 used it: the report of an expert mission.",
                    "en",
                ),
                "licence": "cc-by",
                "languages": ["en"],
            },
            uploads=[
                SimpleUploadedFile(
                    "volunteer-programmes-ecoc.pdf",
                    _pdf(
                        [
                            OUTPUT_TITLE.replace("ș", "s"),
                            "",
                            "1. Recruit early, with open calls in every district.",
                            "2. Train volunteers as hosts of the city, not as staff.",
                            "3. Recognise them: certificates, events, a community after the year.",
                            "4. Plan the legacy: a volunteer centre that outlives the title year.",
                        ]
                    ),
                )
            ],
        )
    return support_request, mission


# The consultation offer ----------------------------------------------------------------------

OFFER_TITLE = ml(
    "pl",
    "Oferta konsultacyjna dla sektora kreatywnego",
    "Consultation offer for the creative sector",
)
OFFER_DESCRIPTION = ml(
    "pl",
    "Stowarzyszenie Media Dizajn dzieli się doświadczeniem z projektu South Baltic Creative Clusters. Doradzamy organizacjom sektora kreatywnego w sprawach struktur pracy, planowania projektów i kwestii organizacyjnych: jak zbudować zespół, jak zaplanować projekt międzynarodowy, jak współpracować w klastrze.",
    "Stowarzyszenie Media Dizajn shares its experience from the South Baltic Creative Clusters project. We advise organisations of the creative sector on working structures, project planning and organisational questions: how to build a team, how to plan an international project, how to work together in a cluster.",
)


def _offer(member):
    from atelier.network.services import get_or_create_organisation
    from atelier.programmes.models import Programme

    offerer = _person(OFFERER, "Agnieszka Wiśniewska", "PL", "Stowarzyszenie Media Dizajn")
    offer = ConsultationOffer.objects.filter(offered_by=offerer).first()
    if offer is None:
        organisation, _created = get_or_create_organisation(
            "Stowarzyszenie Media Dizajn", "PL", language="pl", defaults={"city": "Szczecin"}
        )
        offer = offers.create_offer(
            offerer,
            fields={
                "organisation": organisation,
                "title": OFFER_TITLE,
                "description": OFFER_DESCRIPTION,
                "topics": ["working-structures", "project-planning", "organisational-questions"],
                "areas": ["organisational-development", "project-planning", "design-thinking"],
                "format": "hybrid",
                "conditions": "Bezpłatnie, do dwóch godzin, online lub w Szczecinie. / Free of charge, up to two hours, online or in Szczecin.",
                "languages": ["pl", "en", "de"],
                "programme": Programme.objects.filter(
                    slug="south-baltic-creative-clusters"
                ).first(),
            },
        )
    if (
        member is not None
        and not ConsultationRequest.objects.filter(offer=offer, requester=member).exists()
    ):
        consultation = offers.request_consultation(
            member,
            offer,
            message="Our community centre in Sofia is starting a small design lab with two other centres. How did you organise the work between partners in the cluster?",
        )
        offers.offerer_step(
            offerer,
            consultation,
            "accept",
            answer="Gladly. Let us meet online; bring the list of partners and what each of them does.",
        )
    return offer


def load(stdout=None):
    from atelier.accounts.models import User
    from atelier.programmes.models import Programme

    people = {
        user.email: user for user in User.objects.filter(email__in=[COORDINATOR, REVIEWER, MEMBER])
    }
    coordinator = people.get(COORDINATOR)
    if coordinator is None:
        return None
    programme = Programme.objects.filter(slug="ecoc-capacity-building").first()
    _call(coordinator, people.get(REVIEWER), programme)
    _complete_profiles()
    support_request, mission = _support(coordinator, programme)
    offer = _offer(people.get(MEMBER))
    if stdout:
        stdout.write(
            f"Experts: call “{CALL_SLUG}”, support request {support_request.pk}"
            f"{f', mission {mission.status}' if mission else ''}"
            f"{f', consultation offer {offer.pk}' if offer else ''}"
        )
    return None
