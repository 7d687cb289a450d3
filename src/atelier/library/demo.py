# ruff: noqa: E501
"""Demo content of the library: the seed programmes' toolkits, guides, recordings and podcast,
as small real files (``demo_files/``, made by ``tools/make_library_demo_files.py``), loaded
through the same services members use. Idempotent: an item already there is left alone."""

from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from atelier.core.models import Theme
from atelier.core.multilingual import MACHINE, MultilingualText
from atelier.network.models import Sector

from . import services
from .models import Collection, CollectionItem, Podcast, Resource, ResourceFile

FILES = Path(__file__).parent / "demo_files"
COORDINATOR = "coordinator@atelier.test"
MEMBER = "member@atelier.test"


def ml(language, text, english=None):
    value = MultilingualText(text, language)
    if english and language != "en":
        value.translate("en", english, by=MACHINE)
    return value


PODCAST = {
    "slug": "ecoc-talks",
    "title": ml("en", "ECoC Talks"),
    "description": ml(
        "en",
        "Conversations from the Capacity building for European Capitals of Culture project: "
        "digital challenges, audience development and what future capitals can learn from past ones.",
    ),
    "language": "en",
    "category": "Arts",
    "author": "Capacity building for European Capitals of Culture",
    "owner_name": "Cora Coordinator",
    "owner_email": "coordinator@atelier.test",
    "programme": "ecoc-capacity-building",
}

RESOURCES = [
    {
        "contributor": COORDINATOR,
        "programme": "ce-plus",
        "kind": "toolkit",
        "title": ml(
            "en",
            "Digital education for trainers: a toolkit for the cultural and community sector",
        ),
        "abstract": ml(
            "en",
            "Exercises, tools and a checklist for trainers who teach cultural and community workers digital skills, online and in hybrid trainings. An open educational resource from the CE+ trainings on digital education in the creative and cultural sector.",
        ),
        "authors": [{"name": "CE+ consortium"}],
        "themes": ["digital-education", "training-of-trainers"],
        "sectors": ["education", "cross-sector"],
        "audience": ["trainers", "cultural-workers"],
        "countries": [],
        "languages": ["en"],
        "published_on": date(2022, 6, 30),
        "licence": "cc-by",
        "files": ["ce-plus-digital-education-toolkit-en.pdf"],
    },
    {
        "contributor": COORDINATOR,
        "programme": "ce-plus",
        "kind": "toolkit",
        "title": ml(
            "bg",
            "Хибридно обучение в културата: наръчник за обучители",
            "Hybrid training in culture: a handbook for trainers",
        ),
        "abstract": ml(
            "bg",
            "Как да съчетаем сесии лице в лице с онлайн срещи, така че да участват и хора с ограничено време, пари или възможности за пътуване. Опитът от обученията на около 200 културни и общностни дейци в CE+.",
            "How to combine face-to-face sessions with online meetings so that people with little time, money or ability to travel can take part. What CE+ learned training about 200 cultural and community workers.",
        ),
        "authors": [{"name": "CE+ consortium"}, {"organisation": "MitOst e.V."}],
        "themes": ["digital-education", "training-of-trainers", "inclusion"],
        "sectors": ["education", "cross-sector"],
        "audience": ["trainers", "cultural-workers"],
        "countries": ["BG", "HU", "PL", "PT", "SI", "SE", "DE"],
        "languages": ["bg"],
        "published_on": date(2022, 8, 31),
        "licence": "cc-by",
        "files": ["ce-plus-hybrid-training-handbook-bg.pdf"],
    },
    {
        "contributor": COORDINATOR,
        "programme": "ce-plus",
        "kind": "audio",
        "title": ml(
            "bg",
            "(Не)възможностите на дигитализацията на културната и социална работа",
            "The (im)possibilities of digitalising cultural and social work",
        ),
        "abstract": ml(
            "bg",
            "Запис от международната онлайн среща на проекта CE+ за дигитализацията на културната и социалната работа.",
            "Recording of the CE+ international online meeting on digitalising cultural and social work.",
        ),
        "authors": [{"name": "CE+ consortium"}],
        "themes": ["digital-transformation", "ecoc"],
        "sectors": ["cross-sector"],
        "audience": ["cultural-workers"],
        "countries": [],
        "languages": ["bg"],
        "published_on": date(2021, 3, 1),
        "licence": "cc-by",
        "files": ["ce-plus-digitalisation-meeting-bg.mp3"],
        "captions": [("ce-plus-digitalisation-meeting-bg.vtt", "bg")],
    },
    {
        "contributor": COORDINATOR,
        "programme": "ecoc-capacity-building",
        "kind": "toolkit",
        "title": ml("en", "Audience development toolkit for European Capitals of Culture"),
        "abstract": ml(
            "en",
            "Practical steps for ECoC organising teams to know, engage and keep their audiences, from the bid book to the legacy years, gathered in the project's Academy Camps and webinars.",
        ),
        "authors": [{"organisation": "European Association for Information on Local Development"}],
        "themes": ["audience-development", "ecoc"],
        "sectors": ["cross-sector"],
        "audience": ["ecoc-teams", "cultural-workers"],
        "countries": [],
        "languages": ["en"],
        "published_on": date(2021, 11, 15),
        "licence": "cc-by",
        "files": ["ecoc-audience-development-toolkit-en.pdf"],
    },
    {
        "contributor": COORDINATOR,
        "programme": "ecoc-capacity-building",
        "kind": "podcast-episode",
        "podcast": "ecoc-talks",
        "season": 1,
        "episode_number": 1,
        "title": ml("en", "Digital challenges and opportunities for future ECoC cities"),
        "abstract": ml(
            "en",
            "Looking back at the interactive meeting of 17 September 2021, held in the framework of the ENCATC Member Talks.",
        ),
        "authors": [{"name": "Capacity building for European Capitals of Culture"}],
        "themes": ["digital-transformation", "ecoc"],
        "sectors": ["cross-sector"],
        "audience": ["ecoc-teams"],
        "countries": [],
        "languages": ["en"],
        "published_on": date(2021, 9, 17),
        "licence": "cc-by",
        "files": ["ecoc-talks-digital-challenges-en.mp3"],
        "captions": [("ecoc-talks-digital-challenges-en.vtt", "en")],
    },
    {
        "contributor": COORDINATOR,
        "programme": "ecoc-capacity-building",
        "kind": "podcast-episode",
        "podcast": "ecoc-talks",
        "season": 1,
        "episode_number": 2,
        "title": ml("en", "Audience development in European Capitals of Culture"),
        "abstract": ml(
            "en",
            "Why audience development came up in every Academy Camp, and where to start.",
        ),
        "authors": [{"name": "Capacity building for European Capitals of Culture"}],
        "themes": ["audience-development", "ecoc"],
        "sectors": ["cross-sector"],
        "audience": ["ecoc-teams"],
        "countries": [],
        "languages": ["en"],
        "published_on": date(2021, 12, 1),
        "licence": "cc-by",
        "files": ["ecoc-talks-audience-development-en.mp3"],
        "captions": [("ecoc-talks-audience-development-en.vtt", "en")],
    },
    {
        "contributor": COORDINATOR,
        "programme": "ecoc-capacity-building",
        "kind": "link",
        "title": ml(
            "en", "European Capitals of Culture on the European Commission's culture website"
        ),
        "abstract": ml(
            "en",
            "The Commission's pages on the European Capitals of Culture: rules, selection, past and future capitals.",
        ),
        "authors": [{"name": "European Commission"}],
        "themes": ["ecoc"],
        "sectors": ["cross-sector"],
        "audience": ["ecoc-teams", "policy-makers"],
        "countries": [],
        "languages": ["en"],
        "published_on": None,
        "licence": "other",
        "licence_url": "https://commission.europa.eu/legal-notice_en",
        "external_url": "https://culture.ec.europa.eu/policies/culture-in-cities-and-regions/european-capitals-of-culture",
        "files": [],
    },
    {
        "contributor": COORDINATOR,
        "programme": "pro-kus",
        "kind": "guide",
        "title": ml(
            "sl",
            "Vodnik po mednarodni mobilnosti v kulturnem in ustvarjalnih sektorjih",
            "A guide to international mobility in the cultural and creative sectors",
        ),
        "abstract": ml(
            "sl",
            "Koraki, ki jih umetniki in strokovnjaki v KUS potrebujejo, ko načrtujejo gostovanje, rezidenco ali sodelovanje v tujini.",
            "The steps artists and professionals of the cultural and creative sectors need when they plan a tour, a residency or a collaboration abroad.",
        ),
        "authors": [{"organisation": "Motovila"}],
        "themes": ["mobility", "professionalisation"],
        "sectors": ["cross-sector"],
        "audience": ["artists", "cultural-workers"],
        "countries": ["SI"],
        "languages": ["sl"],
        "published_on": date(2021, 6, 1),
        "licence": "cc-by-sa",
        "files": ["pro-kus-mobility-guide-sl.pdf"],
    },
    {
        "contributor": COORDINATOR,
        "programme": "south-baltic-creative-clusters",
        "kind": "toolkit",
        "title": ml(
            "pl",
            "Myślenie wizualne i projektowe w pracy edukatora i trenera kultury",
            "Visual and design thinking in the work of culture educators and trainers",
        ),
        "abstract": ml(
            "pl",
            "Praktyczne narzędzia i ćwiczenia pobudzające kreatywność i innowacje w instytucjach kultury, ze szkolenia projektu South Baltic Creative Clusters.",
            "Practical tools and exercises that spark creativity and innovation in cultural institutions, from a South Baltic Creative Clusters training.",
        ),
        "authors": [{"organisation": "Stowarzyszenie Media Dizajn"}],
        "themes": ["networks-and-clusters", "capacity-building"],
        "sectors": ["design", "education"],
        "audience": ["trainers", "cultural-workers"],
        "countries": ["PL", "DE", "LT", "SE"],
        "languages": ["pl"],
        "published_on": date(2022, 4, 21),
        "licence": "cc-by",
        "files": ["creative-clusters-visual-thinking-toolkit-pl.pdf"],
    },
    {
        "contributor": COORDINATOR,
        "programme": "ecoc-sme",
        "kind": "guide",
        "title": ml(
            "ro",
            "Metoda world-café în Atelierele Locale de Învățare: ghid pentru facilitatori",
            "The world-café method in Local Learning Labs: a guide for facilitators",
        ),
        "abstract": ml(
            "ro",
            "Cum se pregătește și se moderează un Atelier Local de Învățare cu metoda world-café, după experiența de la Timișoara.",
            "How to prepare and facilitate a Local Learning Lab with the world-café method, from the Timișoara experience.",
        ),
        "authors": [{"name": "Municipiul Timișoara"}],
        "themes": ["entrepreneurship", "ecoc"],
        "sectors": ["cross-sector"],
        "audience": ["creative-smes", "policy-makers"],
        "countries": ["RO"],
        "languages": ["ro"],
        "published_on": date(2020, 10, 20),
        "licence": "cc-by",
        "files": ["ecoc-sme-world-cafe-guide-ro.pdf"],
    },
    {
        # A member's contribution, waiting in the moderators' queue.
        "contributor": MEMBER,
        "programme": "ce-plus",
        "kind": "case-study",
        "title": ml(
            "bg",
            "Казус: читалище преминава към хибридни занимания",
            "Case study: a community centre goes hybrid",
        ),
        "abstract": ml(
            "bg",
            "Какво научи едно малко читалище, когато премина към хибридни занимания с една камера и един микрофон.",
            "What a small community centre learned moving to hybrid sessions with one camera and one microphone.",
        ),
        "authors": [{"name": "Mila Member"}],
        "themes": ["digital-transformation", "community-arts"],
        "sectors": ["education"],
        "audience": ["cultural-workers"],
        "countries": ["BG"],
        "languages": ["bg"],
        "published_on": date(2023, 2, 1),
        "licence": "cc-by",
        "files": ["community-centre-goes-hybrid-bg.pdf"],
    },
]

COLLECTIONS = [
    {
        "slug": "audience-development-toolkit",
        "title": ml("en", "Audience development toolkit"),
        "description": ml(
            "en",
            "Everything in the library on knowing, engaging and keeping audiences, for ECoC teams and cultural operators.",
        ),
        "programme": "ecoc-capacity-building",
        "items": [
            ("Audience development toolkit for European Capitals of Culture", "Start here."),
            (
                "Audience development in European Capitals of Culture",
                "The podcast episode behind the toolkit.",
            ),
            ("Digital challenges and opportunities for future ECoC cities", ""),
        ],
    },
    {
        "slug": "hybrid-trainings",
        "title": ml("en", "Hybrid trainings"),
        "description": ml(
            "en",
            "How to train people who cannot always travel: handbooks, recordings and methods from CE+ and ECoC-SME.",
        ),
        "programme": "ce-plus",
        "items": [
            ("Хибридно обучение в културата: наръчник за обучители", ""),
            ("(Не)възможностите на дигитализацията на културната и социална работа", ""),
            ("Metoda world-café în Atelierele Locale de Învățare: ghid pentru facilitatori", ""),
        ],
    },
]


def _upload(name):
    # The type is sniffed from the content when stored; the name's extension is not trusted.
    return SimpleUploadedFile(name, (FILES / name).read_bytes())


def _podcast(users, programmes):
    data = dict(PODCAST)
    data["programme"] = programmes.get(data["programme"])
    data["owner"] = users.get(COORDINATOR)
    podcast, _created = Podcast.objects.get_or_create(slug=data.pop("slug"), defaults=data)
    return podcast


def _resource(item, users, programmes, podcasts):
    from . import files

    contributor = users.get(item["contributor"])
    programme = programmes.get(item["programme"])
    if contributor is None or programme is None:
        return None
    existing = Resource.objects.filter(title__text=item["title"].text).first()
    if existing is not None:
        return existing
    themes = Theme.objects.filter(slug__in=item["themes"])
    sectors = Sector.objects.filter(slug__in=item["sectors"])
    authors = []
    for author in item["authors"]:
        if "organisation" in author:
            from atelier.network.models import Organisation

            organisation = Organisation.objects.filter(name=author["organisation"]).first()
            authors.append(
                {"organisation": organisation} if organisation else {"name": author["organisation"]}
            )
        else:
            authors.append(author)
    fields = {
        "kind": item["kind"],
        "title": item["title"],
        "abstract": item["abstract"],
        "programme": programme,
        "audience": item["audience"],
        "countries": item["countries"],
        "languages": item["languages"],
        "published_on": item["published_on"],
        "licence": item["licence"],
        "licence_url": item.get("licence_url", ""),
        "external_url": item.get("external_url", ""),
    }
    if item.get("podcast"):
        fields.update(
            podcast=podcasts[item["podcast"]],
            season=item["season"],
            episode_number=item["episode_number"],
        )
    resource = services.submit_resource(
        contributor,
        fields=fields,
        themes=themes,
        sectors=sectors,
        authors=authors,
        uploads=[_upload(name) for name in item["files"]],
    )
    media = resource.files.filter(role=ResourceFile.Role.MAIN).first()
    for name, language in item.get("captions", ()):
        files.store_upload(
            resource, _upload(name), role=ResourceFile.Role.CAPTIONS, media=media, language=language
        )
    return resource


def _collections(users, programmes):
    curator = users.get(COORDINATOR)
    for data in COLLECTIONS:
        collection, created = Collection.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "description": data["description"],
                "programme": programmes.get(data["programme"]),
                "curator": curator,
            },
        )
        if not created:
            continue
        for position, (title, note) in enumerate(data["items"]):
            resource = Resource.objects.filter(title__text=title).first()
            if resource is not None:
                CollectionItem.objects.create(
                    collection=collection, resource=resource, position=position, note=note
                )


def load(stdout=None):
    from atelier.accounts.models import User
    from atelier.programmes.models import Programme

    users = {user.email: user for user in User.objects.filter(email__in=[COORDINATOR, MEMBER])}
    programmes = {programme.slug: programme for programme in Programme.objects.all()}
    podcasts = {PODCAST["slug"]: _podcast(users, programmes)}
    from .tasks import process_file

    before = Resource.objects.count()
    for item in RESOURCES:
        resource = _resource(item, users, programmes, podcasts)
        if resource is not None:
            # Extract text and make thumbnails now, so the demo is searchable at once.
            for resource_file in resource.files.filter(extraction=ResourceFile.Extraction.PENDING):
                process_file.call(resource_file.pk)
    _collections(users, programmes)
    if stdout:
        stdout.write(
            f"Library: {Resource.objects.count() - before} resources added, "
            f"{Podcast.objects.count()} podcast, {Collection.objects.count()} collections"
        )
