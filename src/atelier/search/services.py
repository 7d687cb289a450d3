"""The search's write path (entries, facets, keyword rows, vectors) and its read paths:
``search`` (everything), ``find`` (a kind's own list: facets, sorts, pages) and ``rank`` (a
kind's items matching a query, for a list that filters them itself).

Apps never call the write path themselves: saving a registered model calls ``refresh``.
Vectors are made in a background task (``tasks.embed_entries``), never in a request; until
they exist an item is found by its words.
"""

import hashlib
import heapq
import json
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from atelier.core import search_registry as registry
from atelier.core.multilingual import MultilingualText

from . import facets, keyword, languages, vectors
from .embeddings import chunks, embed_passages, embed_query, to_bytes
from .keyword import Members
from .models import Entry, Facet, Vector

# How many candidates each half brings to the fusion.
POOL = 200
# A meaning-only candidate must come this close to the query, and this close to the best one.
# (multilingual-e5 puts almost any two texts above 0.75, and right answers across languages
# as low as 0.80: only the distance to the best one tells much.)
SIMILARITY_FLOOR = 0.75
SIMILARITY_WINDOW = 0.10
# In a kind's own list (``find``), meaning-only matches join the keyword matches only this
# close to the best, and at most this many: beyond the first few dozen, on PostgreSQL each
# further hundred costs the HNSW graph walk some 20 ms.
LIST_WINDOW = 0.04
LIST_POOL = 50
# The best this many keyword matches of a kind's list are ranked by meaning too; further ones
# follow in their keyword order (they are pages away, and on PostgreSQL every similarity
# costs a vector read).
LIST_MEANING_UP_TO = 500
# What an item holding every word of the query gains over its similarity.
ALL_WORDS_BONUS = 0.03
# How much the keyword score (0-1, relative to the best) adds when it ranks by words alone.
KEYWORD_WEIGHT = 0.02
# Where an item without vectors (yet) starts: below meanings close to the query.
NO_VECTOR_BASE = SIMILARITY_FLOOR - SIMILARITY_WINDOW


# ----------------------------------------------------------------------------- writing


def _texts(value):
    return value.all_texts() if value else []


def _embedding_inputs(document):
    """The passages an item's vectors are made from: its title and summary, their
    translations, then its longer text in chunks."""
    summary = document.summary or MultilingualText()
    head = " ".join(part for part in (document.title.text, summary.text) if part).strip()
    passages = [head] if head else []
    translated = []
    for language, entry in document.title.translations.items():
        translated.append(entry.get("text", ""))
        translated.append(summary.translations.get(language, {}).get("text", ""))
    translated_text = " ".join(part for part in translated if part).strip()
    if translated_text:
        passages.append(translated_text)
    passages.extend(chunks(document.body))
    return passages


def _hash(passages):
    digest = hashlib.sha256()
    for passage in passages:
        digest.update(passage.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def _language_of(document):
    summary = document.summary or MultilingualText()
    sample = " ".join(part for part in (document.title.text, summary.text) if part)
    if len(sample) < 40 and document.body:
        sample = f"{sample} {document.body[:400]}"
    return languages.identify(sample, declared=document.title.language or summary.language)


def refresh(kind, object_id):
    """Bring one item's entry up to date: written if anyone may see it, removed otherwise."""
    source = registry.source(kind)
    instance = source.public().filter(pk=object_id).first()
    if instance is None:
        remove(kind, object_id)
        return None
    return write(source, instance)


def facet_keys(document):
    """The document's facet values as the index keeps them: "<facet>:<value>"."""
    return sorted(
        {f"{name}:{value}"[:120] for name, values in document.facets.items() for value in values}
    )


@transaction.atomic
def write(source, instance, *, embed=True):
    document = source.document(instance)
    passages = _embedding_inputs(document)
    text_hash = _hash(passages)
    before = (
        Entry.objects.filter(kind=source.kind, object_id=instance.pk)
        .values_list("dated", flat=True)
        .first()
    )
    entry, created = Entry.objects.update_or_create(
        kind=source.kind,
        object_id=instance.pk,
        defaults={
            "title": document.title.to_json(),
            "summary": document.summary.to_json() if document.summary else None,
            "details": [str(detail) for detail in document.details],
            "url": document.url,
            "language": _language_of(document),
            "text_hash": text_hash,
            "dated": document.date,
        },
    )
    keys = facet_keys(document)
    existing = [] if created else sorted(entry.facets.values_list("key", flat=True))
    if keys != existing:
        entry.facets.all().delete()
        Facet.objects.bulk_create(Facet(entry=entry, key=key) for key in keys)
    if created or keys != existing or before != document.date:
        facets.changed(source.kind)
    keyword.backend().write(
        [
            (
                entry.pk,
                " ".join(_texts(document.title)),
                " ".join([*_texts(document.summary), document.body, document.keywords]),
            )
        ]
    )
    if embed and semantic_enabled() and entry.embedded_hash != text_hash:
        _embed_after_commit(entry.pk)
    return entry


def semantic_enabled():
    return settings.ATELIER_SEARCH_SEMANTIC


# Entries waiting for their vectors, per thread. Every write asks for a flush after commit;
# the first flush enqueues one task for all of them, later ones find nothing left. Ids left by
# a rolled-back transaction go with the next flush; the task skips entries that are gone.
_waiting = threading.local()
TASK_BATCH = 200


def _embed_after_commit(entry_id):
    if getattr(_waiting, "ids", None) is None:
        _waiting.ids = {}
    _waiting.ids[entry_id] = None
    transaction.on_commit(_enqueue_waiting)


def _enqueue_waiting():
    from .tasks import embed_entries

    ids = list(getattr(_waiting, "ids", None) or ())
    _waiting.ids = None
    for start in range(0, len(ids), TASK_BATCH):
        embed_entries.enqueue(ids[start : start + TASK_BATCH])


@transaction.atomic
def remove(kind, object_id):
    ids = list(Entry.objects.filter(kind=kind, object_id=object_id).values_list("pk", flat=True))
    if not ids:
        return
    keyword.backend().remove(ids)
    Entry.objects.filter(pk__in=ids).delete()
    vectors.mark_changed()
    facets.changed(kind)


def embed(entry_ids, batch_size=64):
    """Make the vectors of these entries from their items' current text; returns how many
    entries got new vectors. Passages are encoded in batches: the model is far quicker so."""
    pending = []
    for entry in Entry.objects.filter(pk__in=list(entry_ids)).order_by("pk"):
        source = registry.sources().get(entry.kind)
        instance = source and source.public().filter(pk=entry.object_id).first()
        if instance is None:
            remove(entry.kind, entry.object_id)
            continue
        passages = _embedding_inputs(source.document(instance))
        text_hash = _hash(passages)
        if text_hash != entry.embedded_hash:
            pending.append((entry.pk, text_hash, passages))
    done = 0
    for start in range(0, len(pending), batch_size):
        batch = pending[start : start + batch_size]
        matrix = embed_passages([passage for _pk, _hash, passages in batch for passage in passages])
        row = 0
        with transaction.atomic():
            for entry_id, text_hash, passages in batch:
                rows = matrix[row : row + len(passages)]
                row += len(passages)
                # The item may have changed or gone while its vectors were being made.
                current = Entry.objects.select_for_update().filter(pk=entry_id).first()
                if current is None or current.text_hash != text_hash:
                    continue
                Vector.objects.filter(entry=current).delete()
                Vector.objects.bulk_create(
                    Vector(entry=current, position=position, data=to_bytes(vector))
                    for position, vector in enumerate(rows)
                )
                Entry.objects.filter(pk=current.pk).update(embedded_hash=text_hash)
                done += 1
            vectors.mark_changed()
    return done


def reindex(*, kinds=None, progress=None, embed_now=False, batch_size=200):
    """Rebuild every entry from the registered sources; items no longer public are dropped.

    ``progress(done, total)`` is told as it goes. Vectors are made by the task worker, or
    here and now with ``embed_now``.
    """
    chosen = [s for s in registry.sources().values() if kinds is None or s.kind in kinds]
    total = sum(source.public().count() for source in chosen)
    done = 0
    for source in chosen:
        public_ids = set()
        queryset = source.public().order_by("pk")
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            written = []
            for instance in queryset.filter(pk__in=batch):
                written.append(write(source, instance, embed=not embed_now).pk)
                public_ids.add(instance.pk)
            if embed_now:
                embed(written)
            done += len(batch)
            if progress:
                progress(done, total)
        for object_id in (
            Entry.objects.filter(kind=source.kind)
            .exclude(object_id__in=public_ids)
            .values_list("object_id", flat=True)
        ):
            remove(source.kind, object_id)
    stale_kinds = Entry.objects.exclude(kind__in=list(registry.sources())).values_list(
        "kind", "object_id"
    )
    if kinds is None:
        for kind, object_id in list(stale_kinds):
            remove(kind, object_id)
    return done


def pending_embeddings():
    """How many entries still wait for their vectors."""
    return Entry.objects.exclude(embedded_hash=F("text_hash")).count()


# ----------------------------------------------------------------------------- reading


def semantic_scores(text, *, kind, object_ids):
    """{object id: similarity of ``text`` to that item} for items of ``kind`` (e.g. the experts
    a request is matched against). Items without vectors yet are left out."""
    if not (text or "").strip() or not semantic_enabled():
        return {}
    return vectors.index().object_similarities(embed_query(text), kind, object_ids)


def _with_meaning(query, *, kind, keyword_matches, add_close=True):
    """A kind's keyword matches [(entry id, score)] ranked by meaning and words together:
    [(entry id, fused score)]. With ``add_close``, entries of ``kind`` close in meaning to the
    query join them (how "mobilność artystów" finds an English guide on artists' mobility).
    """
    if not (query or "").strip() or not semantic_enabled():
        return list(keyword_matches)
    query_vector = embed_query(query)
    index = vectors.index()
    close = (
        _close_enough(
            index.nearest(query_vector, kinds=[kind], limit=LIST_POOL), window=LIST_WINDOW
        )
        if add_close
        else {}
    )
    keyword_matches = sorted(keyword_matches, key=lambda match: (-match[1], -match[0]))
    similarity = dict(close)
    missing = [pk for pk, _score in keyword_matches[:LIST_MEANING_UP_TO] if pk not in similarity]
    if missing:
        similarity.update(index.similarities(query_vector, missing))
    fused = dict(close)
    top = max((score for _pk, score in keyword_matches), default=0) or 1.0
    for pk, score in keyword_matches:
        # The keyword matches hold every clause of the query.
        fused[pk] = (
            similarity.get(pk, NO_VECTOR_BASE)
            + ALL_WORDS_BONUS
            + KEYWORD_WEIGHT * (score / top if top > 0 else 1.0)
        )
    return list(fused.items())


def _close_enough(nearest, window=SIMILARITY_WINDOW):
    if not nearest:
        return {}
    best = max(nearest.values())
    cut = max(SIMILARITY_FLOOR, best - window)
    return {pk: score for pk, score in nearest.items() if score >= cut}


# Keyword candidates read once per search, unfiltered; a filtered search keeps those that pass.
KEYWORD_POOL = 1000


def _keyword_candidates(words):
    """(any-word matches [(entry id, score)], ids of entries holding every word)."""
    engine = keyword.backend()
    any_words = engine.matches(words, limit=KEYWORD_POOL)
    if len(words) > 1:
        all_words = {pk for pk, _score in engine.matches(words, limit=KEYWORD_POOL, every=True)}
    else:
        all_words = {pk for pk, _score in any_words}
    return any_words, all_words


def _fused(query_vector, nearest, any_words, all_words):
    """{entry id: score} of the candidates of both halves, best first.

    Candidates: items close in meaning, and items holding any of the query's words. They
    rank by similarity; holding every word adds ``ALL_WORDS_BONUS``. Only items without
    vectors (not made yet, or search by meaning off) rank by their keyword score.
    """
    index = vectors.index()
    any_words = any_words[:POOL]
    scores = dict(_close_enough(nearest))
    similarity = dict(nearest)
    missing = [pk for pk, _score in any_words if pk not in similarity]
    if missing and query_vector is not None:
        similarity.update(index.similarities(query_vector, missing))
    top = max((score for _pk, score in any_words), default=0) or 1.0
    for pk, score in any_words:
        if pk in similarity:
            scores[pk] = similarity[pk]
        else:
            scores[pk] = NO_VECTOR_BASE + KEYWORD_WEIGHT * (score / top if top > 0 else 1.0)
    for pk in all_words:
        if pk in scores:
            scores[pk] += ALL_WORDS_BONUS
    return dict(sorted(scores.items(), key=lambda item: (-item[1], -item[0])))


def _facts(entry_ids):
    """{entry id: (kind, language)} of the entries that exist among these."""
    if not entry_ids:
        return {}
    ids = list(entry_ids)
    # Read in one plain query: building the ORM's filter for a thousand ids costs more than
    # running it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, kind, language FROM {Entry._meta.db_table} WHERE id IN "
            f"({', '.join(['%s'] * len(ids))})",
            ids,
        )
        return {pk: (kind, language) for pk, kind, language in cursor.fetchall()}


@dataclass
class Hit:
    entry: Entry
    score: float
    snippet: str | None = None

    @property
    def title(self):
        return MultilingualText.from_json(self.entry.title).for_reader()

    @property
    def summary(self):
        if not self.entry.summary:
            return None
        return MultilingualText.from_json(self.entry.summary).for_reader()

    @property
    def kind_label(self):
        source = registry.sources().get(self.entry.kind)
        return source.label if source else self.entry.kind


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Results:
    query: str
    hits: list
    total: int
    page: object
    kinds: list = field(default_factory=list)
    languages: list = field(default_factory=list)


def _facet(counts, selected, label):
    values = [
        FacetValue(value, label(value), count, value in selected) for value, count in counts.items()
    ]
    values.extend(FacetValue(v, label(v), 0, True) for v in selected if v not in counts)
    return sorted(values, key=lambda v: (-v.count, str(v.label).casefold()))


def search(query, *, kinds=(), languages=(), page=1, per_page=20, semantic=True):
    """Everything anyone may see that matches ``query`` by meaning or by words, one page.

    ``kinds`` and ``languages`` narrow the results before they are ranked; their counts
    are given for the query without that narrowing. ``semantic=False`` searches by words
    alone (for comparison).
    """
    from atelier.core.languages import language_name

    query = (query or "").strip()
    known = registry.sources()
    kinds = [kind for kind in kinds if kind in known]
    languages_ = [code for code in languages if code]
    words = keyword.terms(query)
    query_vector = embed_query(query) if query and semantic and semantic_enabled() else None
    per_page = max(1, min(int(per_page), 50))
    if not query:
        empty = Paginator([], per_page).get_page(1)
        return Results(query, [], 0, empty)

    index = vectors.index()
    any_words, all_words = _keyword_candidates(words)

    def nearest(kinds_=(), languages__=()):
        if query_vector is None:
            return {}
        return index.nearest(query_vector, kinds=kinds_, languages=languages__, limit=POOL)

    everything = _fused(query_vector, nearest(), any_words, all_words)
    wanted = set(everything)
    if kinds or languages_:
        wanted.update(pk for pk, _score in any_words)
    facts = _facts(wanted)
    kind_counts, language_counts = {}, {}
    for pk in everything:
        if pk not in facts:
            continue
        kind, language = facts[pk]
        if not languages_ or language in languages_:
            kind_counts[kind] = kind_counts.get(kind, 0) + 1
        if not kinds or kind in kinds:
            language_counts[language or ""] = language_counts.get(language or "", 0) + 1
    language_counts.pop("", None)

    if kinds or languages_:

        def passes(pk):
            kind, language = facts.get(pk, (None, None))
            return (not kinds or kind in kinds) and (not languages_ or language in languages_)

        # Meaning: the filters apply before the nearest are chosen. Words: the best keyword
        # matches of the whole index that pass the filters.
        ranked = _fused(
            query_vector,
            nearest(kinds, languages_),
            [(pk, score) for pk, score in any_words if passes(pk)],
            {pk for pk in all_words if passes(pk)},
        )
        existing = set(facts) | set(_facts([pk for pk in ranked if pk not in facts]))
    else:
        ranked, existing = everything, facts
    # The matrix may still hold an item removed a moment ago; the entries are the truth.
    ranked_ids = [pk for pk in ranked if pk in existing]

    paginator = Paginator(ranked_ids, per_page)
    page_obj = paginator.get_page(page)
    page_ids = list(page_obj.object_list)
    entries = Entry.objects.in_bulk(page_ids)
    snippets = keyword.backend().snippets(words, [pk for pk in page_ids if pk in entries])
    hits = [
        Hit(entries[pk], ranked[pk], keyword.highlight(snippets[pk]) if pk in snippets else None)
        for pk in page_ids
        if pk in entries
    ]

    def kind_label(value):
        return known[value].label if value in known else value

    return Results(
        query=query,
        hits=hits,
        total=paginator.count,
        page=page_obj,
        kinds=_facet(kind_counts, kinds, kind_label),
        languages=_facet(language_counts, languages_, language_name),
    )


# ----------------------------------------------------------------------------- a kind's list

SORTS = ("relevance", "newest")
MAX_VALUES_PER_FACET = 50
# Up to this many candidates, their ids go to the database to be put in a source's order;
# beyond, the items are read in that order until the page is full.
SORT_BY_LIST = 20_000


@dataclass
class FacetGroup:
    key: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def selected(self):
        return [value for value in self.values if value.selected]


@dataclass
class Found:
    """One page of a kind's list: its items' ids in order, their snippets, the facet counts."""

    query: str
    parsed: keyword.ParsedQuery
    filters: dict[str, list[str]]
    sort: str
    object_ids: list[int]
    snippets: dict[int, SafeString]
    total: int
    facets: list[FacetGroup]
    page: object  # a django.core.paginator.Page over the total


def clean_filters(names, filters):
    """The kind's facets only, each with a few distinct, short values."""
    cleaned = {}
    for name in names:
        values = []
        for value in (filters or {}).get(name, ()) or ():
            value = str(value).strip()[:100]
            if value and value not in values:
                values.append(value)
        if values:
            cleaned[name] = values[:MAX_VALUES_PER_FACET]
    return cleaned


def find(kind, *, query="", filters=None, sort="relevance", page=1, per_page=20):
    """Items of ``kind`` matching ``query`` and ``filters``, one page of them, with facet
    counts and highlighted snippets.

    ``query`` is read by ``keyword.parse_query``: every clause must hold; items close in
    meaning join the keyword matches (unless the query excludes words), and all of them rank
    by meaning and words as the search of everything does. ``filters`` maps a facet name to
    the values wanted: values of one facet are alternatives, facets must all hold. Each
    facet's counts leave out its own filter, so choosing a value still shows the others.
    ``sort`` is relevance, newest, or one of the source's own orders.
    """
    source = registry.source(kind)
    engine = keyword.backend()
    parsed = keyword.parse_query(query)
    filters = clean_filters(source.facets, filters)
    if sort not in SORTS and sort not in source.orders:
        sort = "relevance"
    per_page = max(1, min(int(per_page), 100))
    index = facets.index(kind)

    base = index.everything
    matches, rest = [], []
    if parsed:
        scored, rest = engine.matching(parsed, within=Members(base))
        matches = _with_meaning(
            query, kind=kind, keyword_matches=scored, add_close=not parsed.excluded
        )
        base &= facets.bitmap_of([pk for pk, _score in matches]) | facets.bitmap_of(rest)
    masks = {name: index.mask(name, values) for name, values in filters.items()}
    selected = base
    for bits in masks.values():
        selected &= bits
    total = selected.bit_count()

    counts = index.counts(selected, [name for name in source.facets if name not in masks])
    for name in masks:
        others = base
        for other, bits in masks.items():
            if other != name:
                others &= bits
        counts.update(index.counts(others, [name]))

    page_obj = Paginator(range(total), per_page).get_page(page)
    offset = (page_obj.number - 1) * per_page
    if not total:
        ids = []
    elif parsed and sort == "relevance":
        members = None if not masks and not rest and len(matches) == total else Members(selected)
        ids = _ranked_page(matches, members, per_page, offset, rest)
    elif sort in source.orders:
        ids = _ordered_page(source.orders[sort], index, selected, total, per_page, offset)
    else:
        ids = index.newest_page(selected, total, per_page, offset)

    objects = index.objects_of(ids)
    marked = engine.parsed_snippets(parsed, [pk for pk in ids if pk in objects])
    return Found(
        query=query or "",
        parsed=parsed,
        filters=filters,
        sort=sort,
        object_ids=[objects[pk] for pk in ids if pk in objects],
        snippets={objects[pk]: keyword.highlight(text) for pk, text in marked.items()},
        total=total,
        facets=_facet_groups(source, counts, filters),
        page=page_obj,
    )


def _ranked_page(matches, members, limit, offset, rest=()):
    """One page of matches by relevance, ties to the newer entry; then, if the page reaches
    them, the further matches in their order."""
    wanted = offset + limit
    candidates = matches if members is None else (m for m in matches if m[0] in members)
    best = heapq.nlargest(wanted, candidates, key=lambda match: (match[1], match[0]))
    ids = [pk for pk, _score in best]
    if len(ids) < wanted and rest:
        ranked = {pk for pk, _score in matches}
        for pk in rest:
            if pk not in ranked and (members is None or pk in members):
                ids.append(pk)
                if len(ids) == wanted:
                    break
    return ids[offset:wanted]


def _among(object_ids):
    """The ids as one parameter, for "pk IN": a long list of placeholders costs more to
    build than the query takes to run."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(object_ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(object_ids))])


def _ordered_page(order, index, candidates, count, limit, offset):
    """One page of the candidates in a source's own order (download counts change all the
    time, so the database sorts them)."""
    queryset = order().values_list("pk", flat=True)
    if count <= SORT_BY_LIST:
        object_ids = index.objects_of(facets.ids_of(candidates)).values()
        page = list(queryset.filter(pk__in=_among(object_ids))[offset : offset + limit])
        return index.entries_of(page)
    # Many candidates (a fifth of the kind or more): reading the items in order finds a page
    # of them soon.
    members = Members(candidates)
    wanted = offset + limit
    chunk = max(500, int(wanted * index.size / count * 1.5))
    found, read = [], 0
    while len(found) < wanted:
        rows = list(queryset[read : read + chunk])
        found.extend(pk for pk in index.entries_of(rows) if pk in members)
        read += len(rows)
        if len(rows) < chunk:
            break
        chunk *= 2
    return found[offset:wanted]


def _facet_groups(source, counts, filters):
    values_by_facet: dict[str, dict[str, int]] = {name: {} for name in source.facets}
    for key, count in counts.items():
        name, _sep, value = key.partition(":")
        if name in values_by_facet and count:
            values_by_facet[name][value] = count
    for name, values in filters.items():
        for value in values:
            values_by_facet[name].setdefault(value, 0)
    label_of = source.facet_labels(values_by_facet) if source.facet_labels else None
    groups = []
    for name in source.facets:
        chosen = set(filters.get(name, ()))
        values = [
            FacetValue(value, label_of(name, value) if label_of else value, count, value in chosen)
            for value, count in values_by_facet[name].items()
        ]
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, str(v.label).casefold()))
        groups.append(FacetGroup(name, values))
    return groups


# A list that filters its items itself is given at most this many matches.
RANKED_UP_TO = 1000


def rank(kind, query):
    """Ids of the items of ``kind`` matching ``query``, best first, ranked as the search of
    everything ranks them (close in meaning, holding the words); at most ``RANKED_UP_TO``."""
    query = (query or "").strip()
    if not query or kind not in registry.sources():
        return []
    words = keyword.terms(query)
    query_vector = embed_query(query) if semantic_enabled() else None
    engine = keyword.backend()
    any_words = engine.matches(words, kinds=[kind], limit=KEYWORD_POOL)
    if len(words) > 1:
        all_words = {
            pk for pk, _score in engine.matches(words, kinds=[kind], limit=KEYWORD_POOL, every=True)
        }
    else:
        all_words = {pk for pk, _score in any_words}
    nearest = (
        vectors.index().nearest(query_vector, kinds=[kind], limit=POOL)
        if query_vector is not None
        else {}
    )
    ranked = list(_fused(query_vector, nearest, any_words, all_words))[:RANKED_UP_TO]
    if not ranked:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, object_id FROM {Entry._meta.db_table} WHERE kind = %s AND id IN "
            f"({', '.join(['%s'] * len(ranked))})",
            [kind, *ranked],
        )
        objects = dict(cursor.fetchall())
    return [objects[pk] for pk in ranked if pk in objects]
