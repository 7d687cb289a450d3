# ruff: noqa: E501
"""Demo content: the five seed programmes, written in their seed's language with an English
translation (made by a machine, and marked so), and the Culture 2007-2013 projects export."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from atelier.core.models import Theme
from atelier.core.multilingual import MACHINE, MultilingualText
from atelier.core.themes import THEMES
from atelier.network.models import Organisation, Sector
from atelier.network.sectors import SECTORS
from atelier.network.services import get_or_create_organisation

from . import importer
from .models import FundingProgramme, Partner, Programme

EXPORT = Path(settings.PROJECT_DIR).parent / "shared" / "data" / "eu-culture-2007-2013-projects.xls"

LEAD, PARTNER, ASSOCIATED, AFFILIATED = (
    Partner.Role.LEAD,
    Partner.Role.PARTNER,
    Partner.Role.ASSOCIATED,
    Partner.Role.AFFILIATED,
)
K = Organisation.Kind


def ml(language, text, english=None):
    value = MultilingualText(text, language)
    if english and language != "en":
        value.translate("en", english, by=MACHINE)
    return value


# Organisations: (key, name, language, country, city, kind, lat, lng, sectors, acronym)
# Coordinates are the city's centre: the seeds name cities, not street addresses.
ORGANISATIONS = [
    ("mitost", "MitOst e.V.", "de", "DE", "Berlin", K.NGO, 52.5200, 13.4050, ["cross-sector", "education"], ""),
    ("aeidl", "European Association for Information on Local Development", "en", "BE", "Brussels", K.NGO, 50.8466, 4.3528, ["cross-sector"], "AEIDL"),
    ("motovila", "Motovila", "sl", "SI", "Ljubljana", K.NGO, 46.0569, 14.5058, ["cross-sector"], ""),
    ("otok", "Zavod Otok", "sl", "SI", "Izola", K.NGO, 45.5369, 13.6604, ["film-audiovisual"], ""),
    ("kinoatelje", "Zavod Kinoatelje", "sl", "SI", "Nova Gorica", K.NGO, 45.9559, 13.6483, ["film-audiovisual"], ""),
    ("mk-rs", "Ministrstvo za kulturo RS", "sl", "SI", "Ljubljana", K.PUBLIC_BODY, 46.0510, 14.5030, [], ""),
    ("mzz-rs", "Ministrstvo za zunanje zadeve RS", "sl", "SI", "Ljubljana", K.PUBLIC_BODY, 46.0500, 14.5000, [], ""),
    ("mong", "Mestna občina Nova Gorica", "sl", "SI", "Nova Gorica", K.MUNICIPALITY, 45.9560, 13.6480, [], ""),
    ("izola", "Občina Izola", "sl", "SI", "Izola", K.MUNICIPALITY, 45.5370, 13.6600, [], ""),
    ("pina", "KID PiNA", "sl", "SI", "Koper", K.NGO, 45.5481, 13.7302, ["cross-sector"], ""),
    ("mao", "Muzej za arhitekturo in oblikovanje (Center za kreativnost)", "sl", "SI", "Ljubljana", K.CULTURAL_INSTITUTION, 46.0660, 14.5470, ["architecture", "design"], "MAO"),
    ("rra", "Regijska razvojna agencija severne Primorske d.o.o.", "sl", "SI", "Nova Gorica", K.PUBLIC_BODY, 45.9570, 13.6490, [], ""),
    ("rtv", "RTV Slovenija – Javni zavod", "sl", "SI", "Ljubljana", K.PUBLIC_BODY, 46.0580, 14.5080, ["media"], ""),
    ("ars", "Radio Slovenija (Program ARS)", "sl", "SI", "Ljubljana", K.CULTURAL_INSTITUTION, 46.0585, 14.5085, ["media", "music"], ""),
    ("goga", "Založba Goga", "sl", "SI", "Novo mesto", K.COMPANY, 45.8034, 15.1689, ["publishing"], ""),
    ("kinoatelje-it", "Associazione Kinoatelje", "it", "IT", "Gorizia", K.NGO, 45.9405, 13.6216, ["film-audiovisual"], ""),
    ("dutchculture", "DutchCulture Centre of International Cooperation", "en", "NL", "Amsterdam", K.NETWORK, 52.3676, 4.9041, ["cross-sector"], ""),
    ("otm", "On the Move", "en", "BE", "Brussels", K.NETWORK, 50.8503, 4.3517, ["cross-sector"], ""),
    ("media-dizajn", "Stowarzyszenie Media Dizajn", "pl", "PL", "Szczecin", K.NGO, 53.4285, 14.5528, ["design"], ""),
    ("erb", "Stowarzyszenie Gmin RP Euroregion Bałtyk", "pl", "PL", "Elbląg", K.MUNICIPALITY, 54.1522, 19.4088, [], "STG ERB"),
    ("rostock", "Hanseatic City of Rostock, Department for Urban Development, Urban Planning and Economy", "en", "DE", "Rostock", K.MUNICIPALITY, 54.0924, 12.0991, [], ""),
    ("rietavas-tic", "Public Institution Rietavas Tourism and Business Information Centre", "en", "LT", "Rietavas", K.PUBLIC_BODY, 55.7256, 21.9306, ["tourism"], ""),
    ("rietavas-women", "Association Rietavas Women Employment Centre", "en", "LT", "Rietavas", K.NGO, 55.7260, 21.9310, [], ""),
    ("kreativum", "Kreativum Science Center", "en", "SE", "Karlshamn", K.CULTURAL_INSTITUTION, 56.1703, 14.8631, ["education"], ""),
    ("elblag-museum", "Muzeum Archeologiczno-Historyczne w Elblągu", "pl", "PL", "Elbląg", K.CULTURAL_INSTITUTION, 54.1560, 19.3970, ["heritage"], ""),
    ("galeria-el", "Galeria EL", "pl", "PL", "Elbląg", K.CULTURAL_INSTITUTION, 54.1570, 19.4020, ["visual-arts"], ""),
    ("swiatowid", "Centrum Spotkań Europejskich „Światowid”", "pl", "PL", "Elbląg", K.CULTURAL_INSTITUTION, 54.1580, 19.4040, ["cross-sector"], ""),
    ("sepopol", "Dom Kultury w Sępopolu", "pl", "PL", "Sępopol", K.CULTURAL_INSTITUTION, 54.2667, 21.0095, [], ""),
    ("dzierzgon", "Dom Kultury w Dzierzgoniu", "pl", "PL", "Dzierzgoń", K.CULTURAL_INSTITUTION, 53.9222, 19.3453, [], ""),
    ("nml", "Miejskie Centrum Kultury w Nowym Mieście Lubawskim", "pl", "PL", "Nowe Miasto Lubawskie", K.CULTURAL_INSTITUTION, 53.4203, 19.5966, [], ""),
    ("uef", "University of Eastern Finland", "en", "FI", "Joensuu", K.UNIVERSITY, 62.6010, 29.7636, ["education"], "UEF"),
    ("timisoara", "Municipiul Timișoara", "ro", "RO", "Timișoara", K.MUNICIPALITY, 45.7489, 21.2087, [], ""),
]  # fmt: skip

PROGRAMMES = [
    {
        "slug": "ce-plus",
        "acronym": "CE+",
        "title": ml(
            "bg",
            "Развитие на капацитета на обучители в сферата на културата в дигиталната ера",
            "Capacity building of trainers in culture in the digital era",
        ),
        "description": ml(
            "bg",
            "Международният проект се фокусира върху темата за професионален обмен на експерти, "
            "ангажирани в сферата на социо-културните дейности. Над 200 културни и общностни "
            "дейци се срещнаха и обучиха по теми като колективното творчество, работа с нови "
            "мигранти и маргинализирани групи, нови форми на общностно и международно "
            "сътрудничество, пресечната точка между артистичната и социалната работа и "
            "дигиталното образование в културния и творчески сектор.\n\n"
            "Темите бяха представени чрез хибридни интерактивни обучения, съчетаващи сесии лице "
            "в лице и онлайн срещи, с образователни ресурси със свободен достъп. Консорциумът "
            "се ръководи от MitOst e.V. и се състои от седем организации от България, Унгария, "
            "Полша, Португалия, Словения и Швеция.",
            "The international project focuses on the professional exchange of experts working "
            "in socio-cultural activities. More than 200 cultural and community workers met and "
            "trained on collective creation, work with new migrants and marginalised groups, "
            "new forms of community and international cooperation, the intersection of artistic "
            "and social work, and digital education in the cultural and creative sector.\n\n"
            "The topics were delivered through hybrid interactive trainings combining "
            "face-to-face sessions and online meetings, with open educational resources. The "
            "consortium is led by MitOst e.V. and consists of seven organisations from "
            "Bulgaria, Hungary, Poland, Portugal, Slovenia and Sweden.",
        ),
        "funding_programme": FundingProgramme.ERASMUS_PLUS,
        "start_date": date(2020, 1, 1),
        "end_date": date(2022, 8, 31),
        "scope": ml("bg", "европейски", "European"),
        "themes": ["training-of-trainers", "digital-education", "inclusion", "collective-creation"],
        "partners": [("mitost", LEAD, None)],
    },
    {
        "slug": "ecoc-capacity-building",
        "acronym": "",
        "title": ml("en", "Capacity building for European Capitals of Culture"),
        "description": ml(
            "en",
            "The ‘Capacity building for European Capitals of Culture’ project is a service "
            "contract for the European Commission run by the Directorate-General for Education, "
            "Youth, Sport and Culture. It started in October 2019 and runs for 30 months, "
            "supporting capacity building and peer-learning activities for ECoCs: Academy "
            "Camps, toolkits, webinars and MOOCs, and a repository of materials, first "
            "populated by the consortium and then by users themselves.\n\n"
            "The consortium brings together key European organisations representing the "
            "cultural sector, led by the European Association for Information on Local "
            "Development (AEIDL).",
        ),
        "funding_programme": FundingProgramme.SERVICE_CONTRACT,
        "funding_strand": "DG EAC",
        "start_date": date(2019, 10, 1),
        "end_date": date(2022, 3, 31),
        "scope": ml("en", "European Capitals of Culture across the EU"),
        "themes": ["ecoc", "capacity-building", "urban-development"],
        "partners": [("aeidl", LEAD, None)],
    },
    {
        "slug": "pro-kus",
        "acronym": "PRO KUS",
        "title": ml(
            "sl",
            "Prenos veščin in znanja za profesionalizacijo v kulturnem in ustvarjalnih sektorjih",
            "Transfer of skills and knowledge for the professionalisation of the cultural and "
            "creative sectors",
        ),
        "description": ml(
            "sl",
            "PRO KUS se zavzema za stabilnejše pogoje za kulturno produkcijo in "
            "profesionalizacijo kulturnega in ustvarjalnih sektorjev. Namen konzorcija je "
            "usposobiti in opolnomočiti predstavnike slovenskih KUS za kompetentno delovanje v "
            "nacionalnem in mednarodnem prostoru. Konzorcij želi postati nacionalna referenčna "
            "točka za mednarodno mobilnost in mednarodno povezovanje v KUS.\n\n"
            "Aktivnosti konzorcija sofinancira Ministrstvo za javno upravo v okviru javnega "
            "razpisa za razvoj in profesionalizacijo NVO.",
            "PRO KUS works for more stable conditions for cultural production and the "
            "professionalisation of the cultural and creative sectors. The consortium aims to "
            "train and empower representatives of the Slovenian CCS to work competently at "
            "national and international level, and to become the national reference point for "
            "international mobility and networking in the CCS.\n\n"
            "The consortium's activities are co-financed by the Ministry of Public "
            "Administration under the public call for the development and professionalisation "
            "of NGOs.",
        ),
        "funding_programme": FundingProgramme.NATIONAL,
        "funding_strand": "Ministrstvo za javno upravo",
        "start_date": date(2019, 10, 1),
        "end_date": date(2022, 1, 31),
        "area": ml(
            "sl",
            "strokovno usposabljanje, internacionalizacija, decentralizacija",
            "professional training, internationalisation, decentralisation",
        ),
        "scope": ml("sl", "nacionalni in mednarodni", "national and international"),
        "themes": ["professionalisation", "mobility", "international-cooperation"],
        "partners": [
            ("motovila", LEAD, None),
            ("otok", PARTNER, None),
            ("kinoatelje", PARTNER, None),
            ("mk-rs", ASSOCIATED, None),
            ("mzz-rs", ASSOCIATED, None),
            ("mong", ASSOCIATED, None),
            ("izola", ASSOCIATED, None),
            ("pina", ASSOCIATED, None),
            ("mao", ASSOCIATED, None),
            ("rra", ASSOCIATED, None),
            ("rtv", ASSOCIATED, None),
            ("ars", ASSOCIATED, None),
            ("goga", ASSOCIATED, None),
            ("kinoatelje-it", ASSOCIATED, None),
            ("dutchculture", ASSOCIATED, None),
            ("otm", ASSOCIATED, None),
        ],
    },
    {
        "slug": "south-baltic-creative-clusters",
        "acronym": "Creative Clusters",
        "title": ml(
            "pl",
            "South Baltic Creative Clusters – Rozwój kreatywnych klastrów w Regionie Morza "
            "Bałtyckiego",
            "South Baltic Creative Clusters – Developing creative clusters in the Baltic Sea "
            "Region",
        ),
        "description": ml(
            "pl",
            "Głównym celem projektu jest ustanowienie współpracy transgranicznej między "
            "podmiotami branż kreatywnych a lokalnymi sieciami w czterech różnych lokalizacjach "
            "w regionie Morza Bałtyckiego. Projekt łączy wymianę cyfrową (wspólna platforma "
            "komunikacyjna) z corocznymi forami, tworzy ofertę konsultacyjną branży kreatywnej "
            "i wspólną, 10-letnią strategię rozwoju dla wybranych lokalizacji.",
            "The project's main aim is cross-border cooperation between creative industries "
            "and local networks in four locations of the Baltic Sea region. It combines digital "
            "exchange (a common communication platform) with annual forums, builds a "
            "consultation offer of the creative sector and a joint 10-year development strategy "
            "for selected locations.",
        ),
        "funding_programme": FundingProgramme.INTERREG,
        "funding_strand": "Interreg South Baltic",
        "duration_months": 30,
        "total_budget": Decimal("264145.00"),
        "cofinancing_rate": Decimal("85"),
        "area": ml(
            "pl",
            "Sieciowanie; kreatywne przemysły, współpraca sektora kultury",
            "Networking; creative industries, cooperation of the cultural sector",
        ),
        "scope": ml(
            "pl",
            "europejski (głównie kraje Morza Bałtyckiego)",
            "European (mainly the Baltic Sea countries)",
        ),
        "themes": ["networks-and-clusters", "entrepreneurship", "international-cooperation"],
        "partners": [
            ("media-dizajn", LEAD, None),
            ("erb", PARTNER, Decimal("23700.00")),
            ("rostock", PARTNER, None),
            ("rietavas-tic", PARTNER, None),
            ("rietavas-women", PARTNER, None),
            ("kreativum", PARTNER, None),
            ("elblag-museum", AFFILIATED, None),
            ("galeria-el", AFFILIATED, None),
            ("swiatowid", AFFILIATED, None),
            ("sepopol", AFFILIATED, None),
            ("dzierzgon", AFFILIATED, None),
            ("nml", AFFILIATED, None),
        ],
    },
    {
        "slug": "ecoc-sme",
        "acronym": "ECoC-SME",
        "identifier": "PGI06047",
        "title": ml(
            "ro",
            "Acţiuni de stimulare a creşterii şi inovării IMM-urilor prin evenimentul Capitală "
            "Europeană a Culturii şi moştenirea acestuia",
            "Actions for inducing SME growth and innovation via the ECoC event and legacy",
        ),
        "description": ml(
            "ro",
            "Proiectul ECoC-SME recunoaşte programul Capitală Europeană a Culturii ca pe o "
            "oportunitate încă insuficient utilizată de oraşe şi regiuni pentru dezvoltarea "
            "IMM-urilor locale. Ateliere Locale de Învăţare, organizate cu metoda „world-café”, "
            "şi schimbul de bune practici între parteneri stau la baza unui Plan de Acţiune "
            "pentru creşterea şi inovarea IMM-urilor. Alături de Timişoara participă instituţii "
            "din Leeuwarden, Matera, Rijeka şi Kaunas; partener lider este Universitatea "
            "Finlandei de Est.",
            "ECoC-SME sees the European Capital of Culture programme as an opportunity that "
            "cities and regions still underuse for developing local SMEs. Local Learning Labs "
            "run with the world-café method, and the exchange of good practice between the "
            "partners, feed an Action Plan for SME growth and innovation. Beside Timișoara, "
            "institutions from Leeuwarden, Matera, Rijeka and Kaunas take part; the lead partner "
            "is the University of Eastern Finland.",
        ),
        "funding_programme": FundingProgramme.INTERREG,
        "funding_strand": "Interreg Europe",
        "themes": ["ecoc", "entrepreneurship", "cultural-policy"],
        "partners": [("uef", LEAD, None), ("timisoara", PARTNER, None)],
    },
]


def _organisations():
    # The migrations create sectors and themes; a flushed test database may have lost them.
    for position, (slug, _label) in enumerate(SECTORS):
        Sector.objects.get_or_create(slug=slug, defaults={"position": position})
    for position, (slug, _label) in enumerate(THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"position": position})
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    result = {}
    for key, name, language, country, city, kind, lat, lng, slugs, acronym in ORGANISATIONS:
        organisation, _created = get_or_create_organisation(
            name, country, language=language, defaults={"city": city, "kind": kind}
        )
        organisation.city = organisation.city or city
        organisation.kind = kind
        organisation.acronym = acronym
        organisation.latitude = Decimal(str(lat))
        organisation.longitude = Decimal(str(lng))
        organisation.save()
        organisation.sectors.set([sectors[slug] for slug in slugs])
        result[key] = organisation
    return result


def load_seed_programmes():
    organisations = _organisations()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for data in PROGRAMMES:
        data = dict(data)
        partners = data.pop("partners")
        theme_slugs = data.pop("themes")
        programme, _created = Programme.objects.update_or_create(
            slug=data.pop("slug"), defaults=data
        )
        programme.themes.set([themes[slug] for slug in theme_slugs])
        keep = []
        for order, (key, role, budget) in enumerate(partners):
            partner, _c = Partner.objects.update_or_create(
                programme=programme,
                organisation=organisations[key],
                defaults={"role": role, "budget": budget, "order": order},
            )
            keep.append(partner.pk)
        programme.partners.exclude(pk__in=keep).delete()


# The demo accounts' roles within the seed programmes: (e-mail, role, programme slug).
DEMO_TEAM = [
    ("coordinator@atelier.test", "coordinator", "ecoc-capacity-building"),
    ("moderator@atelier.test", "moderator", "pro-kus"),
    ("facilitator@atelier.test", "facilitator", "ecoc-sme"),
]


def _demo_team():
    from atelier.accounts.models import User

    from .services import assign_team_role

    for email, role, slug in DEMO_TEAM:
        user = User.objects.filter(email=email).first()
        if user is not None:
            assign_team_role(Programme.objects.get(slug=slug), user, role)


def load(stdout=None):
    load_seed_programmes()
    _demo_team()
    if stdout:
        stdout.write(f"Seed programmes: {len(PROGRAMMES)}")
    if EXPORT.exists():
        summary = importer.import_projects(EXPORT)
        if stdout:
            stdout.write(
                f"Culture 2007-2013 export: {len(summary.created)} created, "
                f"{len(summary.updated)} updated, {len(summary.unchanged)} unchanged, "
                f"{len(summary.skipped)} skipped"
            )
    elif stdout:
        stdout.write(f"Skipped the Culture 2007-2013 export: {EXPORT} is missing")
