"""The search's write path (entries, keyword rows, vectors) and its one read path, ``search``.

Apps never call the write path themselves: saving a registered model calls ``refresh``.
Vectors are made in a background task (``tasks.embed_entries``), never in a request; until
they exist an item is found by its words.
"""

import hashlib
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F

from atelier.core import search_registry as registry
from atelier.core.multilingual import MultilingualText

from . import keyword, languages, vectors
from .embeddings import chunks, embed_passages, embed_query, to_bytes
from .models import Entry, Vector

# How many candidates each half brings to the fusion.
POOL = 200
# A meaning-only candidate must come this close to the query, and this close to the best one.
# (multilingual-e5 puts almost any two texts above 0.75, and right answers across languages
# as low as 0.80: only the distance to the best one tells much.)
SIMILARITY_FLOOR = 0.75
SIMILARITY_WINDOW = 0.10
# The library's meaning-only matches join its keyword matches only this close to the best.
LIBRARY_WINDOW = 0.04
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


@transaction.atomic
def write(source, instance, *, embed=True):
    document = source.document(instance)
    passages = _embedding_inputs(document)
    text_hash = _hash(passages)
    entry, _created = Entry.objects.update_or_create(
        kind=source.kind,
        object_id=instance.pk,
        defaults={
            "title": document.title.to_json(),
            "summary": document.summary.to_json() if document.summary else None,
            "details": [str(detail) for detail in document.details],
            "url": document.url,
            "language": _language_of(document),
            "text_hash": text_hash,
        },
    )
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


def fuse_keyword_matches(query, *, kind, keyword_matches, add_close=True):
    """An app's own keyword matches [(object id, score)] ranked by meaning and words together:
    [(object id, fused score)]. With ``add_close``, items of ``kind`` close in meaning to the
    query join them (how "mobilność artystów" finds an English guide on artists' mobility).

    The library's search calls this, so it ranks as the search of everything does.
    """
    if not (query or "").strip() or not semantic_enabled():
        return list(keyword_matches)
    query_vector = embed_query(query)
    index = vectors.index()
    close = (
        _close_enough(
            index.nearest(query_vector, kinds=[kind], limit=POOL, by_object=True),
            window=LIBRARY_WINDOW,
        )
        if add_close
        else {}
    )
    keyword_matches = list(keyword_matches)
    similarity = dict(close)
    missing = [pk for pk, _score in keyword_matches if pk not in similarity]
    if missing:
        similarity.update(index.object_similarities(query_vector, kind, missing))
    fused = dict(close)
    top = max((score for _pk, score in keyword_matches), default=0) or 1.0
    for pk, score in keyword_matches:
        # The app's keyword matches hold every word of the query.
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
