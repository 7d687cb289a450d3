# ruff: noqa: E501
"""The texts of the library's demo files, in the seed programmes' own languages.

``tools/make_library_demo_files.py`` prints the documents to PDF and speaks the recordings;
``demo.py`` loads the results. The texts restate what the seeds describe; they are made for
the demo, not published by the programmes.
"""

DOCUMENTS = [
    {
        "file": "ce-plus-digital-education-toolkit-en.pdf",
        "language": "en",
        "title": "Digital education for trainers: a toolkit for the cultural and community sector",
        "meta": "CE+ · Erasmus+ · 2020–2022 · CC BY 4.0",
        "sections": [
            (
                "Who this toolkit is for",
                [
                    "Trainers, facilitators and educators who teach cultural and community workers and want to bring digital tools into their courses, online or in hybrid trainings.",
                    "It grew out of the CE+ trainings on digital education in the creative and cultural sector and is published as an open educational resource.",
                ],
            ),
            (
                "Designing a digital learning unit",
                [
                    "Start from what participants must be able to do afterwards, then choose the tool: a shared board for brainstorming, a video call with breakout rooms for group work, a short quiz to check understanding.",
                    "Keep every unit usable on a phone and with a slow connection; give each video captions and a transcript.",
                ],
            ),
            (
                "Exercises",
                [
                    "The digital portrait: participants present their organisation in three photos and one sentence. The online world café: three rounds of fifteen minutes, a host at every table.",
                    "Learning by teaching: in pairs, participants teach each other one digital tool they use at work.",
                ],
            ),
            (
                "Sharing what you made",
                [
                    "Publish your materials with an open licence (CC BY) in a library where others can find them after the project ends, in your language and in English.",
                ],
            ),
        ],
    },
    {
        "file": "ce-plus-hybrid-training-handbook-bg.pdf",
        "language": "bg",
        "title": "Хибридно обучение в културата: наръчник за обучители",
        "meta": "CE+ · Еразъм+ · 2020–2022 · CC BY 4.0",
        "sections": [
            (
                "Защо хибридно обучение",
                [
                    "Мобилността в европейския културен сектор се увеличава, а с нея и опасенията за околната среда и за достъпа до мобилност. Хибридното обучение съчетава сесии лице в лице с онлайн срещи, така че да участват и хора с ограничено време, пари или възможности за пътуване.",
                    "Наръчникът събира опита от обученията на около 200 културни и общностни дейци в проекта CE+.",
                ],
            ),
            (
                "Как да съчетаем сесии лице в лице и онлайн",
                [
                    "Планирайте всяка сесия два пъти: за залата и за екрана. Определете фасилитатор за онлайн участниците, който следи чата и дава думата.",
                    "Споделяйте материалите предварително като образователни ресурси със свободен достъп, за да може всеки да се подготви в удобно за него време.",
                    "Редувайте кратки встъпления с работа в малки групи; смесените групи (в залата и онлайн) работят, когато всяка група има общ дигитален лист.",
                ],
            ),
            (
                "Теми на обученията",
                [
                    "Колективно въздействие в културата; производство и трансфер на транскултурно знание; работа с нови мигранти и маргинализирани групи; нови форми на общностно и международно сътрудничество; интеграция на артистичната дейност и социалната работа; дигитално образование в творческия и културния сектор.",
                ],
            ),
            (
                "Проверочен списък",
                [
                    "Достъпна зала и достъпна платформа; субтитри или транскрипт на записите; ясна информация за часовите зони; почивки на всеки 60 минути; обратна връзка от двете групи участници.",
                ],
            ),
        ],
    },
    {
        "file": "ecoc-audience-development-toolkit-en.pdf",
        "language": "en",
        "title": "Audience development toolkit for European Capitals of Culture",
        "meta": "Capacity building for European Capitals of Culture · 2019–2022 · CC BY 4.0",
        "sections": [
            (
                "Who this toolkit is for",
                [
                    "Organising teams of European Capitals of Culture (ECoC) and the cultural operators working with them, from the bid book to the legacy years.",
                    "It gathers practical steps discussed in the project's Academy Camps and webinars, where cities identified audience development as a skills gap.",
                ],
            ),
            (
                "Know your audiences",
                [
                    "Start from data you already hold: ticketing, newsletters, partner venues. Map who takes part, who does not, and why. Combine surveys with conversations in neighbourhoods far from the city centre.",
                    "Segment by motivation rather than by age alone: the curious, the committed, the occasional visitor, the never-attender.",
                ],
            ),
            (
                "Engage, not only inform",
                [
                    "Co-create parts of the programme with residents; volunteers are ambassadors, not only helpers. Digital channels extend reach when they invite participation, not only promotion.",
                    "Plan accessibility from the start: venues, languages, prices, information for people with disabilities.",
                ],
            ),
            (
                "Measure and keep the legacy",
                [
                    "Define a few indicators early, measure before, during and after the title year, and publish what you learn so that the next capitals can build on it.",
                ],
            ),
        ],
    },
    {
        "file": "pro-kus-mobility-guide-sl.pdf",
        "language": "sl",
        "title": "Vodnik po mednarodni mobilnosti v kulturnem in ustvarjalnih sektorjih",
        "meta": "PRO KUS · 2019–2022 · CC BY-SA 4.0",
        "sections": [
            (
                "Čemu vodnik",
                [
                    "Konzorcij PRO KUS želi postati nacionalna referenčna točka za mednarodno mobilnost in mednarodno povezovanje v kulturnem in ustvarjalnih sektorjih (KUS).",
                    "Vodnik povzema korake, ki jih umetniki in strokovnjaki v KUS potrebujejo, ko načrtujejo gostovanje, rezidenco ali sodelovanje v tujini.",
                ],
            ),
            (
                "Pred odhodom",
                [
                    "Preverite vire financiranja mobilnosti, pogodbene pogoje, zavarovanje, davčne obveznosti in morebitne vizume. Partnerje v tujini povprašajte o tehničnih pogojih in dostopnosti prostora.",
                ],
            ),
            (
                "Profesionalizacija",
                [
                    "Profesionalizacija KUS = strokovno usposabljanje + internacionalizacija + decentralizacija. Mobilnost ni cilj sama po sebi: je pot do trajnejših pogojev za kulturno produkcijo.",
                ],
            ),
        ],
    },
    {
        "file": "creative-clusters-visual-thinking-toolkit-pl.pdf",
        "language": "pl",
        "title": "Myślenie wizualne i projektowe w pracy edukatora i trenera kultury",
        "meta": "South Baltic Creative Clusters · Interreg Południowy Bałtyk · CC BY 4.0",
        "sections": [
            (
                "O zestawie narzędzi",
                [
                    "Zestaw powstał po szkoleniu dla osób reprezentujących jednostki i instytucje sektora kultury, które odbyło się 20 i 21 kwietnia w ramach projektu South Baltic Creative Clusters.",
                    "Zawiera praktyczne narzędzia i ćwiczenia pobudzające kreatywność i innowacje w instytucjach kultury.",
                ],
            ),
            (
                "Ćwiczenia",
                [
                    "Mapa empatii: zespół opisuje odbiorcę — co widzi, słyszy, myśli i czuje — zanim zaprojektuje nową ofertę.",
                    "Notatka wizualna: każdy uczestnik streszcza spotkanie w trzech rysunkach; porównanie rysunków pokazuje, co zostało zrozumiane.",
                    "Szybki prototyp: w 30 minut grupa buduje z papieru makietę nowej usługi instytucji i testuje ją z inną grupą.",
                ],
            ),
            (
                "Współpraca transgraniczna",
                [
                    "Narzędzia sprawdzają się także w pracy sieci branży kreatywnej w regionie Morza Bałtyckiego: ułatwiają wspólne planowanie projektów bez wspólnego języka ojczystego.",
                ],
            ),
        ],
    },
    {
        "file": "ecoc-sme-world-cafe-guide-ro.pdf",
        "language": "ro",
        "title": "Metoda world-café în Atelierele Locale de Învățare: ghid pentru facilitatori",
        "meta": "ECoC-SME · Interreg Europe · Timișoara · CC BY 4.0",
        "sections": [
            (
                "Ce este un Atelier Local de Învățare",
                [
                    "Un proces interactiv de învățare și co-creație participativă, în care participanții explorează și împărtășesc din experiența proprie idei și soluții. La Timișoara, atelierele au alimentat Planul de Acțiune pentru creșterea IMM-urilor în jurul Capitalei Europene a Culturii.",
                ],
            ),
            (
                "Pașii metodei world-café",
                [
                    "Pregătiți mese de câte patru-cinci persoane, fiecare cu o gazdă și o întrebare. După fiecare rundă de 20 de minute, participanții schimbă masa; gazda rămâne și rezumă discuția anterioară.",
                    "La final, gazdele prezintă ideile principale, iar facilitatorul le grupează în teme pentru planul de acțiune.",
                ],
            ),
            (
                "Întrebări folosite la Timișoara",
                [
                    "Cum putem activa mai multe start-up-uri și IMM-uri în sectorul cultural și creativ din regiunea noastră?",
                    "Cum valorificăm un mega-eveniment precum Capitala Europeană a Culturii prin parteneriate trans-sectoriale, rețele și clustere?",
                ],
            ),
        ],
    },
    {
        "file": "community-centre-goes-hybrid-bg.pdf",
        "language": "bg",
        "title": "Казус: читалище преминава към хибридни занимания",
        "meta": "Принос на член на общността",
        "sections": [
            (
                "Изходна точка",
                [
                    "Малко читалище иска да продължи своите кръжоци и след като част от участниците се преместват в други градове. Екипът няма опит с онлайн занимания.",
                ],
            ),
            (
                "Какво опитахме",
                [
                    "Една камера и един микрофон в залата, онлайн участник-партньор за всеки присъстващ, споделени записки след всяко занимание.",
                ],
            ),
            (
                "Какво научихме",
                [
                    "Хибридното занимание е по-бавно; по-малко съдържание и повече разговор дават по-добър резултат. Записите със субтитри помагат на хората, които не могат да присъстват.",
                ],
            ),
        ],
    },
]

AUDIO = [
    {
        "file": "ce-plus-digitalisation-meeting-bg.mp3",
        "captions": "ce-plus-digitalisation-meeting-bg.vtt",
        "voice": "bg",
        "language": "bg",
        "title": "(Не)възможностите на дигитализацията на културната и социална работа",
        "sentences": [
            "Добре дошли на международната онлайн среща на проекта CE плюс.",
            "Днес говорим за възможностите и невъзможностите на дигитализацията на културната и социалната работа.",
            "Хибридните обучения позволяват участие и на хора с ограничено време, пари или възможности за пътуване.",
        ],
    },
    {
        "file": "ecoc-talks-digital-challenges-en.mp3",
        "captions": "ecoc-talks-digital-challenges-en.vtt",
        "voice": "en-gb",
        "language": "en",
        "title": "Digital challenges and opportunities for future ECoC cities",
        "sentences": [
            "Welcome to E C o C Talks, the podcast of Capacity building for European Capitals of Culture.",
            "In this episode we look back at the interactive meeting of seventeen September twenty twenty-one, held in the framework of the ENCATC Member Talks.",
            "What are the digital challenges and opportunities for the future European Capitals of Culture?",
        ],
    },
    {
        "file": "ecoc-talks-audience-development-en.mp3",
        "captions": "ecoc-talks-audience-development-en.vtt",
        "voice": "en-gb",
        "language": "en",
        "title": "Audience development in European Capitals of Culture",
        "sentences": [
            "Welcome back to E C o C Talks.",
            "Audience development came up in every Academy Camp as a skills gap of the organising teams.",
            "Our audience development toolkit, in the library, gathers practical steps from bid book to legacy.",
        ],
    },
]
