# ruff: noqa: E501
"""Demo events: the seed programmes' events in their seed's language (with an English machine
translation, marked so), and upcoming events a visitor can register for. Idempotent."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from atelier.accounts.models import User
from atelier.core.models import Theme
from atelier.core.multilingual import MACHINE, MultilingualText
from atelier.network.models import Organisation
from atelier.programmes.models import Programme

from . import services
from .models import (
    ApplicationQuestion,
    AttendanceMode,
    Event,
    EventResource,
    Format,
    Registration,
    RegistrationMode,
    Session,
    Type,
)

COORDINATOR = "coordinator@atelier.test"
FACILITATOR = "facilitator@atelier.test"
# Demo people who took part in past events and fill the small room of an upcoming one.
PARTICIPANTS = [
    "member@atelier.test",
    "facilitator@atelier.test",
    "expert@atelier.test",
    "reviewer@atelier.test",
    "moderator@atelier.test",
]
DEMO_MEETING = "https://meet.jit.si/atelier-demo-"


def ml(language, text, english=None):
    value = MultilingualText(text, language)
    if english and language != "en":
        value.translate("en", english, by=MACHINE)
    return value


def at(zone, year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


# Seed events. Where a seed gives no date (CE+, the ECoC Academy Camp), the dates are chosen
# within the programme's period. Coordinates are the city's centre unless the venue is known.
SEED_EVENTS = [
    {
        "slug": "ce-plus-digitalisation-online-meeting",
        "programme": "ce-plus",
        "title": ml(
            "bg",
            "(Не)възможностите на дигитализацията на културната и социална работа",
            "The (im)possibilities of digitalising cultural and social work",
        ),
        "description": ml(
            "bg",
            "Международна онлайн среща на проекта CE+ за обучители и дейци в сферата на социо-културните дейности: какво дава и какво отнема дигитализацията на културната и социалната работа, и как хибридните обучения позволяват участие на хора с ограничено време, пари или възможности за пътуване.",
            "International online meeting of the CE+ project for trainers and socio-cultural workers: what digitalisation gives to and takes from cultural and social work, and how hybrid trainings let people with little time, money or ability to travel take part.",
        ),
        "type": Type.NETWORKING,
        "format": Format.ONLINE,
        "time_zone": "Europe/Sofia",
        "starts_at": at("Europe/Sofia", 2021, 3, 24, 16),
        "ends_at": at("Europe/Sofia", 2021, 3, 24, 18, 30),
        "languages": ["en"],
        "interpretation": ["bg"],
        "online_url": DEMO_MEETING + "ce-plus-digitalisation",
        "themes": ["digital-transformation", "culture-and-social-work", "digital-education"],
        "participants": 4,
        "materials": ["(Не)възможностите на дигитализацията на културната и социална работа"],
    },
    {
        "slug": "ce-plus-yes-lets-create-new-ways-morawa",
        "programme": "ce-plus",
        "title": ml(
            "bg",
            "Обучение за фасилитатори „Yes¡ Let’s create new ways“",
            "Facilitator training “Yes¡ Let’s create new ways”",
        ),
        "description": ml(
            "bg",
            "Обучение за фасилитатори в Морава, Полша, чиято цел е да засили креативния потенциал, осъзнатостта и ентусиазма на групите.",
            "A training for facilitators in Morawa, Poland, to strengthen the creative potential, awareness and enthusiasm of groups.",
        ),
        "type": Type.TRAINING_OF_TRAINERS,
        "format": Format.ON_SITE,
        "venue_name": "Morawa",
        "venue_city": "Morawa",
        "venue_country": "PL",
        "latitude": "50.945000",
        "longitude": "16.404000",
        "time_zone": "Europe/Warsaw",
        "starts_at": at("Europe/Warsaw", 2021, 10, 4, 10),
        "ends_at": at("Europe/Warsaw", 2021, 10, 8, 16),
        "languages": ["en"],
        "themes": ["training-of-trainers", "collective-creation"],
        "participants": 3,
        "sessions": [
            (0, 10, 0, 12, 30, ml("en", "Arrival circle: who we are and what we bring")),
            (1, 9, 30, 17, 0, ml("en", "Facilitation tools for creative groups")),
            (
                2,
                9,
                30,
                17,
                0,
                ml("en", "Awareness and enthusiasm: working with the group's energy"),
            ),
            (3, 9, 30, 17, 0, ml("en", "Designing new ways: participants' own workshops")),
            (4, 10, 0, 16, 0, ml("en", "Harvest and evaluation")),
        ],
    },
    {
        "slug": "ce-plus-new-urban-practices-veszprem",
        "programme": "ce-plus",
        "title": ml("bg", "Работилница „New urban practices“", "Workshop “New urban practices”"),
        "description": ml(
            "bg",
            "Работилница, посветена на усилията на градовете, европейски културни столици, да преосмислят градското пространство, в унгарския град Веспрем (Европейска столица на културата за 2023 г.).",
            "A workshop on how European Capitals of Culture rethink urban space, in the Hungarian city of Veszprém (European Capital of Culture 2023).",
        ),
        "type": Type.WORKSHOP,
        "format": Format.ON_SITE,
        "venue_name": "Veszprém",
        "venue_city": "Veszprém",
        "venue_country": "HU",
        "latitude": "47.093000",
        "longitude": "17.911000",
        "time_zone": "Europe/Budapest",
        "starts_at": at("Europe/Budapest", 2022, 4, 5, 9, 30),
        "ends_at": at("Europe/Budapest", 2022, 4, 7, 15),
        "languages": ["en"],
        "themes": ["urban-development", "ecoc"],
        "participants": 3,
        "sessions": [
            (
                0,
                9,
                30,
                17,
                0,
                ml(
                    "bg",
                    "Градът като сцена: Веспрем по пътя към 2023 г.",
                    "The city as a stage: Veszprém on the way to 2023",
                ),
            ),
            (
                1,
                9,
                30,
                17,
                0,
                ml(
                    "bg",
                    "Разходка и работа на терен в градското пространство",
                    "A walk and fieldwork in the city's public space",
                ),
            ),
            (
                2,
                9,
                30,
                15,
                0,
                ml(
                    "bg",
                    "Нови градски практики: идеи на участниците",
                    "New urban practices: the participants' ideas",
                ),
            ),
        ],
    },
    {
        "slug": "ce-plus-final-meeting-maribor",
        "programme": "ce-plus",
        "title": ml(
            "bg",
            "Финална проектна среща с обучение, посещения на институции и фестивал",
            "Final project meeting with a training, visits to institutions and a festival",
        ),
        "description": ml(
            "bg",
            "Финалната среща на проекта CE+ в Марибор, Словения, съчетана с обучение, посещения на културни институции и фестивал.",
            "The final meeting of the CE+ project in Maribor, Slovenia, with a training, visits to cultural institutions and a festival.",
        ),
        "type": Type.TRAINING,
        "format": Format.ON_SITE,
        "venue_name": "Maribor",
        "venue_city": "Maribor",
        "venue_country": "SI",
        "latitude": "46.554700",
        "longitude": "15.645900",
        "time_zone": "Europe/Ljubljana",
        "starts_at": at("Europe/Ljubljana", 2022, 6, 27, 10),
        "ends_at": at("Europe/Ljubljana", 2022, 6, 30, 23),
        "languages": ["en"],
        "themes": ["capacity-building", "international-cooperation"],
        "participants": 5,
        "sessions": [
            (
                0,
                10,
                0,
                13,
                0,
                ml("bg", "Финална проектна среща на партньорите", "Final meeting of the partners"),
                "mitost",
            ),
            (
                1,
                9,
                30,
                16,
                30,
                ml(
                    "bg",
                    "Обучение: хибридни методи в културната и социалната работа",
                    "Training: hybrid methods in cultural and social work",
                ),
            ),
            (
                2,
                10,
                0,
                15,
                0,
                ml(
                    "bg",
                    "Посещения на културни институции в Марибор",
                    "Visits to cultural institutions in Maribor",
                ),
            ),
            (3, 18, 0, 23, 0, ml("bg", "Вечер на фестивала", "An evening at the festival")),
        ],
    },
    {
        "slug": "ecoc-sme-local-learning-lab-2020-10-08",
        "programme": "ecoc-sme",
        "title": ml(
            "ro",
            "Atelier Local de Învățare: Parteneriatele trans-sectoriale, rețele și clustere: cum valorificăm un mega-eveniment ca și CEaC",
            "Local Learning Lab: cross-sector partnerships, networks and clusters: how to make the most of a mega-event such as the ECoC",
        ),
        "description": ml(
            "ro",
            "Atelierul a analizat situația existentă la nivelul Municipiului Timișoara și al regiunii privind parteneriatele trans-sectoriale, rețelele existente și clusterele, precum și așteptările și posibilitățile de dezvoltare a colaborărilor trans-sectoriale între mediul de afaceri, sectorul cultural și creativ, sectorul IT&C și mediul educațional. Facilitator: Andrei Munteanu, CEO și co-fondator Cowork Timișoara.",
            "The lab looked at cross-sector partnerships, networks and clusters in Timișoara and its region, and at how business, the cultural and creative sector, IT&C and education could work together more. Facilitator: Andrei Munteanu, CEO and co-founder of Cowork Timișoara.",
        ),
        "type": Type.LEARNING_LAB,
        "format": Format.ON_SITE,
        "venue_name": "Cowork Timișoara Garden",
        "venue_city": "Timișoara",
        "venue_country": "RO",
        "latitude": "45.748900",
        "longitude": "21.208700",
        "time_zone": "Europe/Bucharest",
        "starts_at": at("Europe/Bucharest", 2020, 10, 8, 10),
        "ends_at": at("Europe/Bucharest", 2020, 10, 8, 13),
        "languages": ["ro"],
        "themes": ["networks-and-clusters", "entrepreneurship", "ecoc"],
        "organisers": [FACILITATOR],
        "participants": 3,
        "sessions": [
            (
                0,
                10,
                0,
                13,
                0,
                ml(
                    "ro",
                    "Parteneriate trans-sectoriale, rețele și clustere",
                    "Cross-sector partnerships, networks and clusters",
                ),
                None,
                "Andrei Munteanu (Cowork Timișoara)",
            ),
        ],
    },
    {
        "slug": "ecoc-sme-local-learning-lab-2020-10-20",
        "programme": "ecoc-sme",
        "title": ml(
            "ro",
            "Atelier Local de Învățare: Sectorul cultural și creativ în Timișoara și în regiune, impactul pandemiei de Covid-19 și anii CEaC",
            "Local Learning Lab: the cultural and creative sector in Timișoara and the region, the impact of the Covid-19 pandemic and the ECoC years",
        ),
        "description": ml(
            "ro",
            "Printr-un proces interactiv de învăţare şi co-creaţie participativă, folosind metoda „world-café”, participanții explorează tema „Sectorul cultural și creativ în Timișoara și în regiune, impactul pandemiei de Covid-19 și modalitățile de dezvoltare a sectorului în anii de pregătire a CEaC, anul deținerii titlului și anii moștenire”. Pe toată durata atelierului se asigură respectarea măsurilor menite să prevină răspândirea Covid-19.",
            "Through interactive learning and participatory co-creation, with the world-café method, participants explore the cultural and creative sector in Timișoara and the region, the impact of the Covid-19 pandemic, and how the sector can grow in the years before, during and after the ECoC title. Measures against the spread of Covid-19 apply throughout.",
        ),
        "accessibility": ml("ro", "Parter.", "Ground floor."),
        "type": Type.LEARNING_LAB,
        "format": Format.ON_SITE,
        "venue_name": "Fosta Cancelarie de război",
        "venue_address": "str. V. Alecsandri nr. 1, parter",
        "venue_city": "Timișoara",
        "venue_country": "RO",
        "latitude": "45.748900",
        "longitude": "21.208700",
        "time_zone": "Europe/Bucharest",
        "starts_at": at("Europe/Bucharest", 2020, 10, 20, 11),
        "ends_at": at("Europe/Bucharest", 2020, 10, 20, 14),
        "languages": ["ro"],
        "themes": ["entrepreneurship", "ecoc"],
        "organisers": [FACILITATOR],
        "participants": 4,
        "materials": [
            "Metoda world-café în Atelierele Locale de Învățare: ghid pentru facilitatori"
        ],
    },
    {
        "slug": "creative-clusters-visual-and-design-thinking-training",
        "programme": "south-baltic-creative-clusters",
        "title": ml(
            "pl",
            "Szkolenie „Myślenie wizualne i projektowe w pracy edukatora i trenera kultury – narzędzia praktyczne i ćwiczenia pobudzające kreatywność i innowacje w instytucjach kultury”",
            "Training “Visual and design thinking in the work of culture educators and trainers – practical tools and exercises that spark creativity and innovation in cultural institutions”",
        ),
        "description": ml(
            "pl",
            "Dwudniowe szkolenie dla osób reprezentujących jednostki i instytucje sektora kultury, w ramach projektu South Baltic Creative Clusters.",
            "A two-day training for people from cultural bodies and institutions, part of the South Baltic Creative Clusters project.",
        ),
        "type": Type.TRAINING,
        "format": Format.ON_SITE,
        "venue_name": "Stowarzyszenie Gmin RP Euroregion Bałtyk",
        "venue_city": "Elbląg",
        "venue_country": "PL",
        "latitude": "54.152200",
        "longitude": "19.408800",
        "time_zone": "Europe/Warsaw",
        "starts_at": at("Europe/Warsaw", 2022, 4, 20, 9),
        "ends_at": at("Europe/Warsaw", 2022, 4, 21, 15),
        "languages": ["pl"],
        "themes": ["capacity-building", "training-of-trainers"],
        "participants": 3,
        "sessions": [
            (
                0,
                9,
                0,
                15,
                0,
                ml(
                    "pl",
                    "Myślenie wizualne: narzędzia praktyczne",
                    "Visual thinking: practical tools",
                ),
            ),
            (
                1,
                9,
                0,
                15,
                0,
                ml(
                    "pl",
                    "Myślenie projektowe i ćwiczenia pobudzające kreatywność",
                    "Design thinking and exercises that spark creativity",
                ),
            ),
        ],
        "materials": ["Myślenie wizualne i projektowe w pracy edukatora i trenera kultury"],
    },
    {
        "slug": "creative-clusters-closing-conference-szczecin",
        "programme": "south-baltic-creative-clusters",
        "title": ml(
            "pl",
            "Creative Clusters – konferencja kończąca projekt i VI Międzynarodowy Kongres Kreatywny Design Plus",
            "Creative Clusters – the project's closing conference and the 6th International Creative Congress Design Plus",
        ),
        "description": ml(
            "pl",
            "Konferencja kończąca projekt Creative Clusters, połączona z VI Międzynarodowym Kongresem Kreatywnym Design Plus. Liderem projektu jest Stowarzyszenie Media Dizajn ze Szczecina.",
            "The closing conference of the Creative Clusters project, together with the 6th International Creative Congress Design Plus. The project is led by the Media Dizajn association of Szczecin.",
        ),
        "type": Type.CONFERENCE,
        "format": Format.ON_SITE,
        "venue_name": "Szczecin",
        "venue_city": "Szczecin",
        "venue_country": "PL",
        "latitude": "53.428500",
        "longitude": "14.552800",
        "time_zone": "Europe/Warsaw",
        "starts_at": at("Europe/Warsaw", 2022, 6, 9, 10),
        "ends_at": at("Europe/Warsaw", 2022, 6, 10, 17),
        "languages": ["pl", "en"],
        "themes": ["networks-and-clusters", "entrepreneurship"],
        "participants": 4,
        "sessions": [
            (
                0,
                10,
                0,
                16,
                0,
                ml(
                    "pl",
                    "Creative Clusters: wyniki projektu i sieć w regionie Morza Bałtyckiego",
                    "Creative Clusters: the project's results and the network in the Baltic Sea region",
                ),
                "media-dizajn",
            ),
            (
                1,
                10,
                0,
                17,
                0,
                ml(
                    "pl",
                    "VI Międzynarodowy Kongres Kreatywny Design Plus",
                    "6th International Creative Congress Design Plus",
                ),
                "media-dizajn",
            ),
        ],
    },
    {
        "slug": "ecoc-digital-challenges-encatc-member-talks",
        "programme": "ecoc-capacity-building",
        "title": ml(
            "en", "What are the digital challenges and opportunities for the future ECOC's cities?"
        ),
        "description": ml(
            "en",
            "An interactive meeting of the Capacity building for European Capitals of Culture project, on digital challenges and opportunities and on audience development, in the framework of the ENCATC Member Talks.",
        ),
        "type": Type.WEBINAR,
        "format": Format.ONLINE,
        "time_zone": "Europe/Brussels",
        "starts_at": at("Europe/Brussels", 2021, 9, 17, 14),
        "ends_at": at("Europe/Brussels", 2021, 9, 17, 15, 30),
        "languages": ["en"],
        "online_url": DEMO_MEETING + "encatc-member-talks",
        "themes": ["digital-transformation", "audience-development", "ecoc"],
        "participants": 3,
        "materials": ["Digital challenges and opportunities for future ECoC cities"],
    },
    {
        "slug": "ecoc-academy-camp-brussels",
        "programme": "ecoc-capacity-building",
        "title": ml("en", "ECoCs Academy Camp"),
        "description": ml(
            "en",
            "Three days of peer learning for the organising teams of future European Capitals of Culture: audience development, evaluation and legacy, with practical support where skills gaps were identified.",
        ),
        "type": Type.ACADEMY_CAMP,
        "format": Format.ON_SITE,
        "venue_name": "Brussels",
        "venue_city": "Brussels",
        "venue_country": "BE",
        "latitude": "50.846600",
        "longitude": "4.352800",
        "time_zone": "Europe/Brussels",
        "starts_at": at("Europe/Brussels", 2021, 11, 16, 9),
        "ends_at": at("Europe/Brussels", 2021, 11, 18, 16),
        "languages": ["en"],
        "themes": ["ecoc", "capacity-building", "audience-development"],
        "participants": 4,
        "sessions": [
            (
                0,
                9,
                0,
                17,
                0,
                ml("en", "Audience development from the bid book to the title year"),
                "aeidl",
            ),
            (1, 9, 0, 17, 0, ml("en", "Evaluation and impact of ECoCs")),
            (2, 9, 0, 16, 0, ml("en", "Legacy: what stays after the title year")),
        ],
    },
]


def upcoming_events(today):
    """Events a visitor can register for, dated from the day the demo is loaded."""

    def on(days, zone, hour, minute=0):
        day = today + timedelta(days=days)
        return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))

    return [
        {
            "slug": "demo-creative-clusters-storytelling-workshop",
            "programme": "south-baltic-creative-clusters",
            "title": ml(
                "pl",
                "Warsztat: opowiadanie historii w instytucjach kultury",
                "Workshop: storytelling in cultural institutions",
            ),
            "description": ml(
                "pl",
                "Praktyczny warsztat dla edukatorów i animatorów kultury. Mała sala: gdy miejsca się skończą, zapisy trafiają na listę oczekujących.",
                "A hands-on workshop for culture educators and animators. A small room: once the seats are taken, registrations go to the waitlist.",
            ),
            "type": Type.WORKSHOP,
            "format": Format.ON_SITE,
            "venue_name": "Galeria EL",
            "venue_address": "ul. Kuśnierska 6",
            "venue_city": "Elbląg",
            "venue_country": "PL",
            "latitude": "54.157000",
            "longitude": "19.402000",
            "accessibility": ml(
                "pl",
                "Sala na parterze, wejście bez schodów.",
                "A ground-floor room with step-free access.",
            ),
            "room_capacity": 3,
            "time_zone": "Europe/Warsaw",
            "starts_at": on(21, "Europe/Warsaw", 10),
            "ends_at": on(21, "Europe/Warsaw", 15),
            "languages": ["pl"],
            "interpretation": ["en"],
            "themes": ["capacity-building", "community-arts"],
            "confirmed": [
                "facilitator@atelier.test",
                "expert@atelier.test",
                "reviewer@atelier.test",
            ],
        },
        {
            "slug": "demo-ecoc-academy-camp",
            "programme": "ecoc-capacity-building",
            "title": ml("en", "ECoCs Academy Camp: audiences, evaluation and legacy"),
            "description": ml(
                "en",
                "Three days of peer learning for the teams of future European Capitals of Culture, on site in Brussels with the main sessions streamed. Places are limited: apply, and the coordinators select the participants.",
            ),
            "type": Type.ACADEMY_CAMP,
            "format": Format.HYBRID,
            "venue_name": "AEIDL",
            "venue_city": "Brussels",
            "venue_country": "BE",
            "latitude": "50.846600",
            "longitude": "4.352800",
            "online_url": DEMO_MEETING + "academy-camp",
            "room_capacity": 30,
            "online_capacity": 60,
            "registration_mode": RegistrationMode.APPLICATION,
            "time_zone": "Europe/Brussels",
            "starts_at": on(60, "Europe/Brussels", 9),
            "ends_at": on(62, "Europe/Brussels", 16),
            "registration_deadline": on(40, "Europe/Brussels", 23, 59),
            "languages": ["en"],
            "interpretation": ["fr"],
            "themes": ["ecoc", "audience-development", "evaluation"],
            "questions": [
                ml(
                    "en",
                    "Which European Capital of Culture team do you work for, and in what role?",
                ),
                ml("en", "What would you like to bring back to your team from the camp?"),
            ],
            "applied": ["member@atelier.test"],
            "sessions": [
                (0, 9, 0, 12, 30, ml("en", "Welcome and peer introductions"), "aeidl"),
                (
                    0,
                    14,
                    0,
                    17,
                    0,
                    ml("en", "Audience development: knowing, engaging and keeping audiences"),
                ),
                (
                    1,
                    9,
                    0,
                    12,
                    30,
                    ml("en", "Evaluation that serves the programme, not only the funder"),
                ),
                (1, 14, 0, 17, 0, ml("en", "Study visit: a cultural venue of Brussels")),
                (2, 9, 0, 16, 0, ml("en", "Legacy planning workshop")),
            ],
        },
        {
            "slug": "demo-ce-plus-hybrid-training-webinar",
            "programme": "ce-plus",
            "title": ml(
                "bg",
                "Уебинар: как да водим хибридно обучение",
                "Webinar: how to run a hybrid training",
            ),
            "description": ml(
                "bg",
                "Онлайн уебинар за обучители в културата: инструменти и упражнения за обучения, които съчетават сесии лице в лице и онлайн.",
                "An online webinar for trainers in culture: tools and exercises for trainings that combine face-to-face and online sessions.",
            ),
            "type": Type.WEBINAR,
            "format": Format.ONLINE,
            "online_url": DEMO_MEETING + "hybrid-training-webinar",
            "time_zone": "Europe/Sofia",
            "starts_at": on(10, "Europe/Sofia", 15),
            "ends_at": on(10, "Europe/Sofia", 16, 30),
            "languages": ["bg", "en"],
            "themes": ["digital-education", "training-of-trainers"],
        },
        {
            "slug": "demo-ecoc-sme-hybrid-learning-lab",
            "programme": "ecoc-sme",
            "title": ml(
                "ro",
                "Atelier Local de Învățare: moștenirea CEaC pentru IMM-urile creative",
                "Local Learning Lab: the ECoC legacy for creative SMEs",
            ),
            "description": ml(
                "ro",
                "Un atelier world-café, în sală la Timișoara și online, despre ce rămâne după anul de Capitală Europeană a Culturii pentru start-up-urile și IMM-urile din sectorul cultural și creativ.",
                "A world-café lab, in the room in Timișoara and online, on what the European Capital of Culture year leaves for start-ups and SMEs of the cultural and creative sector.",
            ),
            "type": Type.LEARNING_LAB,
            "format": Format.HYBRID,
            "venue_name": "Cowork Timișoara Garden",
            "venue_city": "Timișoara",
            "venue_country": "RO",
            "latitude": "45.748900",
            "longitude": "21.208700",
            "online_url": DEMO_MEETING + "learning-lab-legacy",
            "room_capacity": 20,
            "online_capacity": 50,
            "time_zone": "Europe/Bucharest",
            "starts_at": on(35, "Europe/Bucharest", 11),
            "ends_at": on(35, "Europe/Bucharest", 14),
            "languages": ["ro"],
            "interpretation": ["en"],
            "themes": ["entrepreneurship", "ecoc"],
            "organisers": [FACILITATOR],
            "sessions": [
                (
                    0,
                    11,
                    0,
                    12,
                    15,
                    ml(
                        "ro",
                        "Runda 1: ce rămâne după anul CEaC?",
                        "Round 1: what stays after the ECoC year?",
                    ),
                    None,
                    "Andrei Munteanu (Cowork Timișoara)",
                ),
                (
                    0,
                    12,
                    30,
                    14,
                    0,
                    ml(
                        "ro",
                        "Runda 2: inițiative noi și cum devin sustenabile",
                        "Round 2: new initiatives and how they last",
                    ),
                    None,
                    "Andrei Munteanu (Cowork Timișoara)",
                ),
            ],
        },
    ]


EVENT_FIELDS = (
    "title", "description", "accessibility", "type", "format", "venue_name", "venue_address",
    "venue_city", "venue_country", "latitude", "longitude", "online_url", "room_capacity",
    "online_capacity", "time_zone", "starts_at", "ends_at", "languages", "interpretation",
    "registration_mode", "registration_deadline",
)  # fmt: skip


def _save_event(data, *, programmes, themes, people, actor):
    fields = {name: data[name] for name in EVENT_FIELDS if name in data}
    fields.setdefault("description", {})
    fields.setdefault("accessibility", {})
    fields["programme"] = programmes[data["programme"]]
    fields["status"] = Event.Status.PUBLISHED
    event_themes = [themes[slug] for slug in data.get("themes", [])]
    organisers = [actor] + [
        people[email] for email in data.get("organisers", []) if email in people
    ]
    event = Event.objects.filter(slug=data["slug"]).first()
    if event is None:
        event = Event(slug=data["slug"], **fields)
        return services.create_event(
            event, actor=actor, themes=event_themes, organisers=organisers
        ), True
    # Reloading the demo brings the event back to its described state (and upcoming dates
    # forward) without telling registered people: nothing changed for them to hear about.
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    event.themes.set(event_themes)
    event.organisers.add(*organisers)
    return event, False


def _sessions(event, rows, organisations):
    day_one = event.local_start.date()
    for row in rows:
        offset, hour, minute, end_hour, end_minute, title, *rest = row
        organisation_key = rest[0] if rest else None
        speakers_text = rest[1] if len(rest) > 1 else ""
        day = day_one + timedelta(days=offset)
        starts = datetime.combine(day, time(hour, minute), tzinfo=event.zone)
        ends = datetime.combine(day, time(end_hour, end_minute), tzinfo=event.zone)
        session = Session.objects.filter(event=event, title__text=title.text).first()
        if session is None:
            session = Session(event=event)
        session.title, session.starts_at, session.ends_at = title, starts, ends
        session.speakers_text = speakers_text
        session.save()
        if organisation_key and organisation_key in organisations:
            session.speaker_organisations.set([organisations[organisation_key]])


def _questions(event, texts):
    for position, text in enumerate(texts):
        ApplicationQuestion.objects.update_or_create(
            event=event, text__text=text.text, defaults={"text": text, "position": position}
        )


def _register(event, user, status, *, answers=None):
    if Registration.objects.filter(event=event, user=user).exists():
        return False
    mode = event.attendance_modes[0]
    if event.format == Format.HYBRID and user.email.startswith("member"):
        mode = AttendanceMode.ONLINE
    Registration.objects.create(
        event=event,
        user=user,
        attendance_mode=mode,
        status=status,
        answers=answers or {},
        country=user.country,
        organisation=user.organisation,
        decided_at=event.created if status == Registration.Status.CONFIRMED else None,
    )
    return True


def _materials(event, titles, actor):
    from atelier.library import queries as library_queries

    for title in titles:
        resource = library_queries.published().filter(title__text=title).first()
        if resource is not None:
            EventResource.objects.get_or_create(
                event=event, resource=resource, defaults={"added_by": actor}
            )


def load(stdout=None, today=None):
    today = today or timezone.localdate()
    people = {user.email: user for user in User.objects.filter(email__contains="@atelier.test")}
    actor = people.get(COORDINATOR)
    programmes = {p.slug: p for p in Programme.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    organisations = _organisations()
    created = registered = 0
    for data in [*SEED_EVENTS, *upcoming_events(today)]:
        if data["programme"] not in programmes:
            continue
        event, new = _save_event(
            data, programmes=programmes, themes=themes, people=people, actor=actor
        )
        created += new
        _sessions(event, data.get("sessions", []), organisations)
        _questions(event, data.get("questions", []))
        participants = [people[e] for e in PARTICIPANTS if e in people]
        for user in participants[: data.get("participants", 0)]:
            registered += _register(event, user, Registration.Status.CONFIRMED)
        for email in data.get("confirmed", []):
            if email in people:
                registered += _register(event, people[email], Registration.Status.CONFIRMED)
        for email in data.get("applied", []):
            if email in people:
                answers = {
                    str(q.pk): "Kaunas 2022, audience development team."
                    if q.position == 0
                    else "Tools to keep new audiences after the title year."
                    for q in event.questions.all()
                }
                registered += _register(
                    event, people[email], Registration.Status.APPLIED, answers=answers
                )
        _materials(event, data.get("materials", []), actor)
    if stdout:
        stdout.write(f"Events: {created} added, {registered} demo registrations added")


def _organisations():
    from atelier.programmes.demo import ORGANISATIONS

    names = {row[1]: row[0] for row in ORGANISATIONS}
    return {names[o.name]: o for o in Organisation.objects.filter(name__in=list(names))}
