"""Ranking experts for a support request, with the reasons for each place.

The scorer is a list of signals with their weights (``SIGNALS``, below). A signal looks at the
request's precomputed features and one candidate (plain values, never a model instance) and
returns a value from -1 to 1, or None when it has nothing to say; the expert's score is the sum
of weight × value. Only the experts returned are explained in words and loaded as models.

All candidates come from one query of plain values (``values_list``, read from the cursor);
each profile's areas, languages with levels, countries and keywords are read from
``filter_keys``, which the profile keeps up to date when saved. A row is parsed once per
distinct set of values and remembered, so a ranking mostly looks rows up.

A signal that needs data of its own (a semantic similarity from stored embeddings, say) gives
a ``prepare(features, candidates)`` that loads it for all candidates in one go and returns what
``score`` and ``explain`` then find in ``features.prepared[signal.name]``.
"""

import gc
import heapq
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from atelier.core import search_registry
from atelier.core.languages import language_name
from atelier.core.multilingual import MultilingualText

from ..areas import AREAS, area_label
from ..models import WORKING_LEVELS, ExpertProfile, Format, spoken_language
from ..text import STOP_WORDS, stems


@dataclass(frozen=True)
class Reason:
    """Why an expert got points: the signal, the points it gave (weight × value), in words."""

    signal: str
    weight: float
    detail: str


@dataclass
class Match:
    expert: ExpertProfile
    score: float
    reasons: list


class Candidate(NamedTuple):
    """One expert as the scorer sees it: plain values only."""

    pk: int
    areas: frozenset
    languages: dict  # code -> CEFR level, "native" or ""
    countries: frozenset
    keywords: tuple  # keyword keys such as "creative+europe"
    has_ecoc: bool
    availability: str
    available_from: date | None
    available_until: date | None
    home_country: str


@dataclass
class RequestFeatures:
    """What the signals need to know about a request, computed once per ranking."""

    areas: frozenset
    areas_from_text: bool
    words: frozenset
    languages: tuple
    country: str
    place: str
    format: str
    starts_on: date
    ends_on: date
    ecoc_relevant: bool
    text: str = ""
    prepared: dict = field(default_factory=dict)
    keywords_found: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Signal:
    name: str
    weight: float
    score: Callable  # (features, candidate) -> float in [-1, 1] or None
    explain: Callable  # (features, candidate, value) -> str
    prepare: Callable | None = None  # (features, candidates) -> anything


# Areas named by their words in a request's text, for requests that tick no area.
_AREA_WORDS = {
    slug: frozenset(word for word in stems(slug.replace("-", " ")) if word not in STOP_WORDS)
    for slug, _label in AREAS
}
_ECOC_WORDS = ({"ecoc"}, {"capital", "culture"})


def request_features(support_request, *, today=None):
    today = today or timezone.localdate()
    texts = []
    for value in (support_request.title, support_request.description):
        texts.extend(MultilingualText.from_json(value).all_texts())
    words = frozenset(stems(" ".join(texts)))
    areas = frozenset(support_request.areas)
    from_text = False
    if not areas:
        areas = frozenset(slug for slug, needed in _AREA_WORDS.items() if needed <= words)
        from_text = bool(areas)
    starts_on = support_request.starts_on or today
    ends_on = support_request.ends_on or starts_on
    ecoc_relevant = (
        support_request.needs_ecoc_experience
        or "ecoc-bid-legacy" in areas
        or any(needed <= words for needed in _ECOC_WORDS)
    )
    return RequestFeatures(
        areas=areas,
        areas_from_text=from_text,
        words=words,
        languages=tuple(dict.fromkeys(support_request.languages)),
        country=str(support_request.country or ""),
        place=support_request.place,
        format=support_request.format,
        starts_on=starts_on,
        ends_on=ends_on,
        ecoc_relevant=ecoc_relevant,
        text=" ".join(texts),
    )


# Signals -------------------------------------------------------------------------------------


def _join(items):
    return ", ".join(str(item) for item in items)


def _expertise(features, expert):
    if not features.areas:
        return None
    shared = len(features.areas & expert.areas)
    return shared / len(features.areas) if shared else None


def _explain_expertise(features, expert, value):
    shared = [area_label(slug) for slug, _label in AREAS if slug in features.areas & expert.areas]
    if features.areas_from_text:
        return _("Areas the request's text names: %(areas)s") % {"areas": _join(shared)}
    return _("Areas asked for: %(areas)s") % {"areas": _join(shared)}


def _keyword_found(features, key):
    # Experts share keywords: each is looked up in the request's words once per ranking.
    found = features.keywords_found.get(key)
    if found is None:
        found = all(part in features.words for part in key.split("+"))
        features.keywords_found[key] = found
    return found


def _keyword_hits(features, expert):
    return [key for key in expert.keywords if _keyword_found(features, key)]


def _keywords(features, expert):
    if not expert.keywords or not features.words:
        return None
    hits = sum(1 for key in expert.keywords if _keyword_found(features, key))
    return min(1.0, hits / 2) if hits else None


def _explain_keywords(features, expert, value):
    hits = [key.replace("+", " ") for key in _keyword_hits(features, expert)]
    return _("Keywords found in the request: %(keywords)s") % {"keywords": _join(hits)}


def _language_credit(level):
    if level in WORKING_LEVELS:
        return 1.0
    if not level:
        return 0.75  # Spoken at a level the expert did not say.
    return 0.4


def _languages(features, expert):
    if not features.languages:
        return None
    spoken = expert.languages
    total = sum(_language_credit(spoken[code]) for code in features.languages if code in spoken)
    if not total:
        return -1.0
    return total / len(features.languages)


def _explain_languages(features, expert, value):
    if value < 0:
        return _("Speaks none of the request's languages (%(languages)s)") % {
            "languages": _join(language_name(code) for code in features.languages)
        }
    spoken = [
        spoken_language(code, expert.languages[code])
        for code in features.languages
        if code in expert.languages
    ]
    return _("Works in %(languages)s") % {"languages": _join(spoken)}


def _countries(features, expert):
    return 1.0 if features.country and features.country in expert.countries else None


def _explain_countries(features, expert, value):
    return _("Has worked in %(country)s") % {"country": country_names.name(features.country)}


def _availability(features, expert):
    if expert.availability == ExpertProfile.Availability.UNAVAILABLE:
        return -1.0
    start, end = expert.available_from, expert.available_until
    if (start and start > features.ends_on) or (end and end < features.starts_on):
        return -1.0
    covers = (not start or start <= features.starts_on) and (not end or end >= features.ends_on)
    value = 1.0 if covers else 0.5
    if expert.availability == ExpertProfile.Availability.LIMITED:
        value /= 2
    return value


def _explain_availability(features, expert, value):
    dates = {
        "start": features.starts_on.isoformat(),
        "end": features.ends_on.isoformat(),
    }
    if features.starts_on == features.ends_on:
        if value < 0:
            return _("Not available on %(start)s") % dates
        if expert.availability == ExpertProfile.Availability.LIMITED:
            return _("Limited availability on %(start)s") % dates
        return _("Available on %(start)s") % dates
    if value < 0:
        return _("Not available from %(start)s to %(end)s") % dates
    if expert.availability == ExpertProfile.Availability.LIMITED:
        return _("Limited availability from %(start)s to %(end)s") % dates
    if value < 1:
        return _("Available for part of %(start)s to %(end)s") % dates
    return _("Available from %(start)s to %(end)s") % dates


def _ecoc(features, expert):
    return 1.0 if features.ecoc_relevant and expert.has_ecoc else None


def _explain_ecoc(features, expert, value):
    return _("Has European Capital of Culture experience")


def _place(features, expert):
    if features.format == Format.ONLINE or not features.country:
        return None
    return 1.0 if expert.home_country == features.country else None


def _explain_place(features, expert, value):
    where = features.place or country_names.name(features.country)
    return _("Lives in %(country)s, near the work on site in %(place)s") % {
        "country": country_names.name(expert.home_country),
        "place": where,
    }


# Similarities below this say nothing; from it to MEANING_FULL the signal rises to 1.
MEANING_FLOOR = 0.80
MEANING_FULL = 0.90


def _prepare_meaning(features, pool):
    # The search's vectors of what each expert shows in the directory, in any language.
    return search_registry.semantic_scores(
        features.text, kind="expert", object_ids=[candidate.pk for candidate in pool]
    )


def _meaning(features, expert):
    similarity = features.prepared.get("meaning", {}).get(expert.pk)
    if similarity is None or similarity <= MEANING_FLOOR:
        return None
    return min(1.0, (similarity - MEANING_FLOOR) / (MEANING_FULL - MEANING_FLOOR))


def _explain_meaning(features, expert, value):
    similarity = features.prepared["meaning"][expert.pk]
    return _("The profile is close in meaning to the request (similarity %(value)s)") % {
        "value": f"{similarity:.2f}"
    }


# The scorer: every signal and its weight, in one place.
SIGNALS = [
    Signal("expertise", 6.0, _expertise, _explain_expertise),
    Signal("keywords", 2.0, _keywords, _explain_keywords),
    Signal("languages", 3.0, _languages, _explain_languages),
    Signal("availability", 2.0, _availability, _explain_availability),
    Signal("countries", 1.5, _countries, _explain_countries),
    Signal("ecoc", 2.0, _ecoc, _explain_ecoc),
    Signal("place", 1.0, _place, _explain_place),
    Signal("meaning", 2.0, _meaning, _explain_meaning, prepare=_prepare_meaning),
]


# Candidates ----------------------------------------------------------------------------------

# Rows already turned into candidates, by their exact values: a row that changed is a new key,
# so nothing stale is ever read. Bounded; emptied when full.
_CANDIDATES = {}
_CANDIDATES_LIMIT = 30_000


def _parse_keys(keys):
    """(areas, languages, countries, keywords) from a profile's ``filter_keys``."""
    areas, countries, keywords = set(), set(), []
    languages = {}
    for token in keys.split():
        kind, _sep, value = token.partition(":")
        if kind == "area":
            areas.add(value)
        elif kind == "lang":
            languages.setdefault(value, "")
        elif kind == "level":
            code, _sep, level = value.partition(":")
            languages[code] = level
        elif kind == "country":
            countries.add(value)
        elif kind == "kw":
            keywords.append(value)
    return frozenset(areas), languages, frozenset(countries), tuple(keywords)


def _as_date(value):
    # SQLite hands dates over as ISO text when the ORM's converters are not in the way.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _candidate(row):
    candidate = _CANDIDATES.get(row)
    if candidate is None:
        pk, keys, has_ecoc, availability, start, end, home = row
        areas, languages, countries, keywords = _parse_keys(keys or "")
        candidate = Candidate(
            pk,
            areas,
            languages,
            countries,
            keywords,
            bool(has_ecoc),
            availability,
            _as_date(start),
            _as_date(end),
            home or "",
        )
        if len(_CANDIDATES) >= _CANDIDATES_LIMIT:
            _CANDIDATES.clear()
        _CANDIDATES[row] = candidate
    return candidate


def candidates(*, exclude_user_id=None):
    """Every expert of an active, not erased person, as ``Candidate`` values (one query)."""
    rows = ExpertProfile.objects.filter(user__is_active=True, user__erased_at__isnull=True)
    if exclude_user_id is not None:
        rows = rows.exclude(user_id=exclude_user_id)
    rows = rows.values_list(
        "pk",
        "filter_keys",
        "has_ecoc_experience",
        "availability",
        "available_from",
        "available_until",
        "user__country",
    ).order_by()
    # The ORM writes the query; the rows are read straight from the cursor, which halves the
    # time of 10,000 rows (no per-row converters: ``_candidate`` normalises what it keeps).
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [_candidate(row) for row in cursor.fetchall()]


# Ranking -------------------------------------------------------------------------------------


def _score(features, candidate, signals):
    total = 0.0
    for signal in signals:
        value = signal.score(features, candidate)
        if value:
            total += signal.weight * value
    return total


def _reasons(features, candidate, signals):
    reasons = []
    for signal in signals:
        value = signal.score(features, candidate)
        if value:
            detail = signal.explain(features, candidate, value)
            reasons.append(Reason(signal.name, round(signal.weight * value, 2), detail))
    reasons.sort(key=lambda reason: -reason.weight)
    return reasons


@contextmanager
def _without_cycle_collection():
    # Ranking allocates tens of thousands of short-lived rows and tuples, none in a cycle
    # (reference counting frees them); left on, the cycle collector walks the whole heap in
    # the middle of a ranking now and then, which triples its time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def rank_experts(support_request, *, limit=None, signals=None, today=None):
    """Experts with a positive score for the request, best first, each with its reasons.

    Ties keep the older profile first. The requester is never proposed to themselves.
    """
    signals = SIGNALS if signals is None else signals
    features = request_features(support_request, today=today)
    with _without_cycle_collection():
        pool = candidates(exclude_user_id=support_request.requester_id)
        for signal in signals:
            if signal.prepare is not None:
                features.prepared[signal.name] = signal.prepare(features, pool)
        scored = []
        for candidate in pool:
            score = _score(features, candidate, signals)
            if score > 0:
                scored.append((-score, candidate.pk, candidate))
        del pool
        if limit is None:
            scored.sort(key=lambda item: item[:2])
        else:
            scored = heapq.nsmallest(limit, scored, key=lambda item: item[:2])
    profiles = ExpertProfile.objects.select_related("user").in_bulk(
        [candidate.pk for _score_, _pk, candidate in scored]
    )
    return [
        Match(
            expert=profiles[candidate.pk],
            score=round(-negative, 2),
            reasons=_reasons(features, candidate, signals),
        )
        for negative, _pk, candidate in scored
    ]
