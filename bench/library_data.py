"""Generated library content for the benchmarks: many published resources in many languages.

Each language gets a vocabulary of made-up words in its own alphabet whose frequencies follow
Zipf's law (short words are the frequent ones, as in real text). Titles, abstracts of a few
sentences and, for a share of the resources, a few hundred words of file text are drawn from
it; facets (types, themes, sectors, languages, years, programmes, licences, countries) are
spread unevenly, as in a real library. Everything is written with bulk inserts, then indexed
by ``search.services.write`` (what saving a resource and ``manage.py reindex`` run) without
vectors: the benchmark makes those.
"""

import bisect
import itertools
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

LANGUAGES = {
    # code: (consonants, vowels, share of the resources)
    "en": ("bcdfghklmnprstvwy", "aeiou", 0.34),
    "bg": ("бвгдзклмнпрстфхцчшж", "аеиоуъя", 0.14),
    "sl": ("bcčdgjklmnprsštvzž", "aeiou", 0.12),
    "pl": ("bcćdgjklłmnprsśtwzżź", "aeiouyąę", 0.12),
    "ro": ("bcdfgjlmnprsștțvz", "aeiouăâî", 0.10),
    "de": ("bcdfghklmnprstwz", "aeiouäöü", 0.10),
    "fr": ("bcdfgjlmnprstv", "aeiouéèà", 0.08),
}
VOCABULARY_SIZE = 20_000
# The most frequent words play the part of function words ("and", "na", "și").
FUNCTION_WORDS = 100
COUNTRIES = ["SI", "BG", "PL", "RO", "DE", "FR", "IT", "ES", "LT", "LV", "EE", "SE", "AT", "HR"]
KINDS = [
    ("document", 22), ("toolkit", 14), ("guide", 14), ("case-study", 10), ("video", 9),
    ("audio", 5), ("podcast-episode", 8), ("presentation", 9), ("dataset", 3), ("link", 6),
]  # fmt: skip
LICENCES = [
    ("cc-by", 40), ("cc-by-sa", 20), ("cc-by-nc", 10), ("cc-by-nc-sa", 8), ("cc0", 8),
    ("cc-by-nd", 3), ("cc-by-nc-nd", 3), ("all-rights-reserved", 8),
]  # fmt: skip
PROGRAMMES = [
    ("CE+", "ce-plus"), ("ECoC-CB", "ecoc-capacity"), ("PRO KUS", "pro-kus"),
    ("SBCC", "south-baltic-creative"), ("ECoC-SME", "ecoc-sme"), ("CultureMoves", "culture-moves"),
    ("HeritageLab", "heritage-lab"), ("DanceNet", "dance-net"), ("MusicBridges", "music-bridges"),
    ("RuralArts", "rural-arts"), ("DigiMuse", "digimuse"), ("OpenStage", "open-stage"),
]  # fmt: skip


@dataclass
class Language:
    code: str
    words: list[str]
    cumulative: list[float]  # Zipf weights, cumulative, over ``words``
    content_cumulative: list[float]  # the same without the function words

    def tokens(self, rng, count, content=False):
        if content:
            return rng.choices(
                self.words[FUNCTION_WORDS:], cum_weights=self.content_cumulative, k=count
            )
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def sentence(self, rng, low, high):
        words = self.tokens(rng, rng.randint(low, high))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def text(self, rng, sentences):
        return " ".join(self.sentence(rng, 6, 22) for _ in range(sentences))


def _weights(count, offset=0):
    # Zipf–Mandelbrot: frequency ∝ 1 / (rank + 2.7)
    return list(itertools.accumulate(1 / (rank + offset + 2.7) for rank in range(count)))


def make_language(code, rng):
    consonants, vowels, _share = LANGUAGES[code]
    words = set()
    while len(words) < VOCABULARY_SIZE:
        syllables = rng.choices([1, 2, 3, 4], weights=[14, 40, 32, 14])[0]
        word = "".join(
            rng.choice(consonants)
            + rng.choice(vowels)
            + (rng.choice(consonants) if rng.random() < 0.3 else "")
            for _ in range(syllables)
        )
        words.add(word)
    # Short words are the frequent ones. (Sorted first: a set's order changes from one
    # process to the next, and the queries must see the ranks the text was written with.)
    ordered = sorted(sorted(words), key=lambda word: (len(word), rng.random()))
    return Language(
        code,
        ordered,
        _weights(len(ordered)),
        _weights(len(ordered) - FUNCTION_WORDS, FUNCTION_WORDS),
    )


def languages(seed=11):
    rng = random.Random(seed)
    return {code: make_language(code, rng) for code in LANGUAGES}


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def populate(count, *, seed=7, text_share=0.3, progress=print):
    """Create ``count`` published resources with their facets and index them."""
    from django.db import transaction

    from atelier.core.models import Theme
    from atelier.core.multilingual import MultilingualText
    from atelier.library.models import Resource, ResourceAuthor, ResourceFile, Status
    from atelier.network.models import Sector
    from atelier.programmes.models import Programme

    rng = random.Random(seed)
    vocabulary = languages()
    codes = list(LANGUAGES)
    shares = [LANGUAGES[code][2] for code in codes]
    started = time.perf_counter()

    programmes = []
    for acronym, slug in PROGRAMMES:
        programme, _created = Programme.objects.get_or_create(
            slug=slug,
            defaults={
                "acronym": acronym,
                "title": MultilingualText(f"{acronym} programme", "en"),
                "funding_programme": "creative-europe",
            },
        )
        programmes.append(programme)
    themes = list(Theme.objects.all())
    sectors = list(Sector.objects.all())
    start_day = date(2016, 1, 1)
    days = (date(2025, 12, 31) - start_day).days

    resources, files, theme_links, sector_links, authors = [], [], [], [], []
    for _n in range(count):
        code = rng.choices(codes, weights=shares)[0]
        language = vocabulary[code]
        title_words = language.tokens(rng, rng.randint(3, 9), content=True)
        title = MultilingualText(" ".join(title_words).capitalize(), code)
        abstract = MultilingualText(language.text(rng, rng.randint(2, 5)), code)
        content_languages = [code]
        if rng.random() < 0.2:
            other = rng.choice([c for c in codes if c != code])
            words = vocabulary[other].tokens(rng, len(title_words), content=True)
            title.translate(other, " ".join(words).capitalize(), by="machine")
            abstract.translate(other, vocabulary[other].text(rng, 2), by="machine")
            content_languages.append(other)
        published = start_day + timedelta(days=int(days * rng.random() ** 0.6))
        resources.append(
            Resource(
                kind=_weighted(rng, KINDS),
                title=title,
                abstract=abstract,
                programme=rng.choice(programmes) if rng.random() < 0.8 else None,
                countries=rng.sample(COUNTRIES, rng.choice([1, 1, 1, 2, 3])),
                languages=content_languages,
                published_on=published,
                licence=_weighted(rng, LICENCES),
                external_url="https://example.org/resource",
                status=Status.PUBLISHED,
                published_at=datetime(
                    published.year, published.month, published.day, 12, tzinfo=UTC
                ),
                download_count=int(rng.paretovariate(1.2)) - 1,
            )
        )
    with transaction.atomic():
        Resource.objects.bulk_create(resources, batch_size=2000)
        progress(f"  {count} resources written in {time.perf_counter() - started:.1f} s")
        for resource in resources:
            resource_id = resource.pk
            for theme in rng.sample(themes, rng.choice([1, 1, 2, 2, 3])):
                theme_links.append(Resource.themes.through(resource_id=resource_id, theme=theme))
            for sector in rng.sample(sectors, rng.choice([0, 1, 1, 2])):
                sector_links.append(
                    Resource.sectors.through(resource_id=resource_id, sector=sector)
                )
            authors.append(
                ResourceAuthor(
                    resource_id=resource_id,
                    name=" ".join(vocabulary[resource.title.language].tokens(rng, 2)).title(),
                )
            )
            if rng.random() < text_share:
                language = vocabulary[resource.title.language]
                text = language.text(rng, rng.randint(15, 45))
                files.append(
                    ResourceFile(
                        resource_id=resource_id,
                        file=f"library/files/bench/{resource_id}.pdf",
                        original_name="document.pdf",
                        mime_type="application/pdf",
                        size=len(text) * 3,
                        sha256="0" * 64,
                        extraction=ResourceFile.Extraction.DONE,
                        extracted_text=text,
                    )
                )
        Resource.themes.through.objects.bulk_create(theme_links, batch_size=5000)
        Resource.sectors.through.objects.bulk_create(sector_links, batch_size=5000)
        ResourceAuthor.objects.bulk_create(authors, batch_size=5000)
        ResourceFile.objects.bulk_create(files, batch_size=1000)
    progress(
        f"  themes, sectors, authors and {len(files)} files with text written "
        f"in {time.perf_counter() - started:.1f} s"
    )
    indexed = index_resources()
    progress(f"  {indexed} resources indexed in {time.perf_counter() - started:.1f} s")
    return vocabulary


def index_resources(batch_size=1000):
    """Write every published resource's search entry (facets, keyword rows; no vectors)."""
    from django.db import transaction

    from atelier.core import search_registry
    from atelier.search import services

    source = search_registry.source("resource")
    ids = list(source.public().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            for resource in source.public().filter(pk__in=ids[start : start + batch_size]):
                services.write(source, resource, embed=False)
    return len(ids)


def query_sampler(vocabulary, seed=3):
    """Words drawn as often as they occur: a language by its share, then a content word by
    its frequency; function words (the top of each vocabulary) only as often as people type
    them, which is rarely."""
    rng = random.Random(seed)
    codes = list(LANGUAGES)
    shares = [LANGUAGES[code][2] for code in codes]

    def word(broad=False):
        language = vocabulary[rng.choices(codes, weights=shares)[0]]
        if broad:
            return language.words[rng.randrange(FUNCTION_WORDS)]
        index = bisect.bisect_left(
            language.content_cumulative, rng.random() * language.content_cumulative[-1]
        )
        return language.words[FUNCTION_WORDS + index]

    return rng, word
