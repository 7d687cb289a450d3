"""Server time of /organisations/ with 10,000 organisations (target: under 100 ms).

Usage: .venv/bin/python bench/organisations_list.py [COUNT]
Measures the whole Django request (middleware, queries, template) through the test client,
the median of 20 requests for each of a few typical URLs.
"""

import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_with_fresh_database  # noqa: E402

COUNTRIES = ["SI", "PL", "DE", "BG", "RO", "FR", "IT", "ES", "SE", "LT", "BE", "NL", "AT"]
WORDS = ["Zavod", "Teatr", "Muzeum", "Centre", "Association", "Festival", "Kultura",
         "Studio", "Galerie", "Fundacja", "Verein", "Network", "Academy", "Kinoatelje",
         "Archive"]  # fmt: skip


def populate(count):
    from atelier.core.multilingual import MultilingualText
    from atelier.network.models import Organisation, Sector, normalise_name

    rng = random.Random(7)
    kinds = [k for k, _label in Organisation.Kind.choices]
    organisations = []
    for n in range(count):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n:05d}"
        located = rng.random() < 0.3
        organisations.append(
            Organisation(
                name=MultilingualText(name, "en"),
                normalised_name=normalise_name(name),
                country=rng.choice(COUNTRIES),
                city="City",
                kind=rng.choice(kinds),
                latitude=round(rng.uniform(36, 64), 5) if located else None,
                longitude=round(rng.uniform(-9, 30), 5) if located else None,
            )
        )
    Organisation.objects.bulk_create(organisations, batch_size=2000)
    sectors = list(Sector.objects.all())
    through = Organisation.sectors.through
    links = [
        through(organisation_id=pk, sector_id=rng.choice(sectors).pk)
        for pk in Organisation.objects.values_list("pk", flat=True)
    ]
    through.objects.bulk_create(links, batch_size=5000)


def timed(client, url, runs=20):
    client.get(url)  # warm caches: templates, URL resolver, country names
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    var = django_with_fresh_database()
    try:
        started = time.perf_counter()
        populate(count)
        print(f"{count} organisations created in {time.perf_counter() - started:.1f} s")
        from django.test import Client

        client = Client()
        worst = 0
        for url in [
            "/organisations/",
            "/organisations/?page=200",
            "/organisations/?country=SI",
            "/organisations/?q=kultura",
            "/organisations/?sector=music&kind=ngo",
            "/organisations/map.json",
            "/api/organisations/?country=PL",
        ]:
            median, slowest = timed(client, url)
            if not url.endswith("map.json"):
                worst = max(worst, median)
            print(f"{url:45s} median {median:6.1f} ms   max {slowest:6.1f} ms")
        print("target: list pages under 100 ms —", "met" if worst < 100 else "MISSED")
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
