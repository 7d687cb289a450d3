"""The library's search: one service the pages and the API call, whatever the engine.

``search()`` answers a keyword query with facet filters: ranked, paginated hits with
highlighted snippets, and facet counts. The text index is a keyword backend chosen by the
database vendor (SQLite FTS5 or PostgreSQL full text); a later cross-language backend can
rank the same candidates and be fused in ``search()`` without the callers changing.

The index holds published resources only: ``index_resource`` keeps a published resource's
facets and text current, ``remove_resource`` takes it out. Facet keys are "<facet>:<value>".
"""

import heapq
import html as html_module
import re
import threading
import uuid
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.utils.safestring import SafeString, mark_safe

from atelier.core import html as user_html

from .models import Resource, ResourceFacet, ResourceFile, Status

FACETS = ("kind", "theme", "sector", "lang", "programme", "licence", "year", "country")
SORTS = ("relevance", "newest", "downloads")
MAX_TERMS = 12
MAX_VALUES_PER_FACET = 50
# Text of a resource's files kept in the index; PostgreSQL caps a tsvector at 1 MB.
MAX_FILES_CHARS = 400_000

# Snippets are built with these markers, escaped, then the markers become <mark> tags; the
# indexed text never contains them.
_OPEN, _CLOSE = "\x02", "\x03"
_MARKERS = re.compile(f"[{_OPEN}{_CLOSE}]")


# ---------------------------------------------------------------------------- facets


def facet_keys(resource):
    keys = {f"kind:{resource.kind}", f"licence:{resource.licence}"}
    # .all() reads prefetched themes and sectors when there are (``rebuild_index``).
    keys.update(f"theme:{theme.slug}" for theme in resource.themes.all())
    keys.update(f"sector:{sector.slug}" for sector in resource.sectors.all())
    keys.update(f"lang:{code}" for code in resource.languages or ())
    keys.update(f"country:{country.code}" for country in resource.countries or ())
    if resource.programme_id:
        keys.add(f"programme:{resource.programme.slug}")
    date = resource.published_on or (resource.published_at and resource.published_at.date())
    if date:
        keys.add(f"year:{date.year}")
    return sorted(keys)


# ---------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Document:
    """The text of one resource as the keyword index holds it."""

    title: str
    body: str
    files: str


def _clean_text(text):
    return _MARKERS.sub(" ", text or "")


def _all_languages(value):
    return value.all_texts() if value else []


def document_for(resource, files_text=None):
    """What the keyword index holds for ``resource``: every language of every field."""
    body = _all_languages(resource.abstract)
    body.extend(
        html_module.unescape(user_html.to_text(text)) for text in _all_languages(resource.body)
    )
    body.extend(author.display_name for author in resource.authors.all())
    if resource.programme_id:
        programme = resource.programme
        body.append(programme.acronym)
        body.extend(_all_languages(programme.title))
    if resource.podcast_id:
        body.extend(_all_languages(resource.podcast.title))
    if files_text is None:
        files_text = "\n".join(
            text
            for text in ResourceFile.objects.filter(resource_id=resource.pk)
            .exclude(extracted_text="")
            .values_list("extracted_text", flat=True)
        )
    return Document(
        title=_clean_text("\n".join(_all_languages(resource.title))),
        body=_clean_text("\n".join(text for text in body if text)),
        files=_clean_text(files_text[:MAX_FILES_CHARS]),
    )


# ---------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query as plain terms: every clause must match (one of its alternatives),
    no excluded term may."""

    clauses: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    def __bool__(self):
        return bool(self.clauses)


_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)


def parse_query(text):
    """Read a query the way people type it, never failing: words, "phrases", -excluded,
    OR between alternatives. Anything else (stray quotes, operators, wildcards) is dropped."""
    text = _MARKERS.sub(" ", (text or "")[:500])
    if text.count('"') % 2:
        text = text[: text.rfind('"')] + " " + text[text.rfind('"') + 1 :]
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if quoted is not None:
            words = _words(quoted)
            term = Term(" ".join(words), phrase=len(words) > 1) if words else None
        else:
            if bare in ("OR", "|"):
                join_next = bool(clauses)
                continue
            if bare in ("AND", "NOT", "&"):
                continue
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            words = _words(bare)
            term = Term(" ".join(words), phrase=len(words) > 1) if words else None
        if term is None:
            join_next = False
            continue
        if negated:
            excluded.append(term)
            join_next = False
        elif join_next:
            clauses[-1].append(term)
            join_next = False
        else:
            clauses.append([term])
        if len(clauses) + len(excluded) >= MAX_TERMS:
            break
    if not clauses:
        return ParsedQuery()
    return ParsedQuery(tuple(tuple(clause) for clause in clauses), tuple(excluded))


def _words(text):
    """The word characters of a token; punctuation inside a token splits it into words."""
    return [word for word in re.split(r"[^\w]+", text, flags=re.UNICODE) if _WORD.search(word)]


# ---------------------------------------------------------------------------- backends


class KeywordBackend:
    """A keyword index of published resources, in the database's own full-text engine.

    ``matches`` gives every matching resource: ``(scored, rest)``, the best matches with
    their scores (higher is more relevant; all of them when there are few) and, for a word in
    thousands of resources, the further ones in order, all below the scored ones.
    ``snippets`` gives safe highlighted HTML for a few of them.
    """

    table = "library_search"
    id_column = "rowid"
    # Up to this many matches are scored one by one (and ranked by meaning too); beyond, the
    # further matches follow in the engine's order (a word in thousands of resources says
    # little about any one of them, and scoring them all costs more than the search).
    SCORED_UP_TO = 2000

    def index(self, resource_id, document):
        self.index_many([(resource_id, document)])

    def index_many(self, rows):
        raise NotImplementedError

    def remove(self, resource_id):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE {self.id_column} = %s", [resource_id])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")

    def matches(self, query):
        raise NotImplementedError

    def snippets(self, query, ids):
        raise NotImplementedError


class SQLiteBackend(KeywordBackend):
    """FTS5 with the unicode61 tokenizer folding diacritics; bm25 with the title first."""

    weights = "10.0, 4.0, 1.0"

    def index_many(self, rows):
        rows = list(rows)
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.table} WHERE rowid = %s", [[pk] for pk, _doc in rows]
            )
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, title, body, files) VALUES (%s, %s, %s, %s)",
                [[pk, doc.title, doc.body, doc.files] for pk, doc in rows],
            )

    @staticmethod
    def expression(query):
        def quoted(term):
            return '"' + term.text.replace('"', " ") + '"'

        clauses = []
        for clause in query.clauses:
            alternatives = " OR ".join(quoted(term) for term in clause)
            clauses.append(f"({alternatives})" if len(clause) > 1 else alternatives)
        expression = "(" + " AND ".join(clauses) + ")"
        for term in query.excluded:
            expression = f"({expression} NOT {quoted(term)})"
        return expression

    def matches(self, query):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, -bm25({self.table}, {self.weights}) AS score FROM {self.table} "
                f"WHERE {self.table} MATCH %s ORDER BY score DESC, rowid DESC",
                [self.expression(query)],
            )
            rows = cursor.fetchall()
        return rows[: self.SCORED_UP_TO], [pk for pk, _score in rows[self.SCORED_UP_TO :]]

    def snippets(self, query, ids):
        if not ids or not query:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({self.table}, 1, %s, %s, '…', 24), "
                f"snippet({self.table}, 2, %s, %s, '…', 24) FROM {self.table} "
                f"WHERE {self.table} MATCH %s AND rowid IN ({placeholders})",
                [_OPEN, _CLOSE, _OPEN, _CLOSE, self.expression(query), *ids],
            )
            rows = cursor.fetchall()
        return {pk: _best_snippet(body, files) for pk, body, files in rows}


class PostgreSQLBackend(KeywordBackend):
    """A tsvector per resource (title weighted A, metadata B, files C) under a GIN index, in
    the ``atelier_search`` configuration: the 'simple' parser (the content is in many
    languages), diacritics folded by unaccent.

    ``library_search`` is kept slim (id, a small title vector, the document vector out of
    line) so that matching a common word stays quick; the texts for headlines live in
    ``library_search_text``.
    """

    id_column = "resource_id"
    text_table = "library_search_text"
    config = "atelier_search"
    headline_options = (
        f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=30, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )

    def index_many(self, rows):
        rows = list(rows)
        if not rows:
            return
        vector = f"to_tsvector('{self.config}', %s)"
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (resource_id, title_vector, document) "
                f"VALUES (%s, strip({vector}), "
                f"setweight({vector}, 'A') || setweight({vector}, 'B') || "
                f"setweight({vector}, 'C')) "
                "ON CONFLICT (resource_id) DO UPDATE SET title_vector = EXCLUDED.title_vector, "
                "document = EXCLUDED.document",
                [[pk, d.title, d.title, d.body, d.files] for pk, d in rows],
            )
            cursor.executemany(
                f"INSERT INTO {self.text_table} (resource_id, title, body, files) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (resource_id) DO UPDATE SET "
                "title = EXCLUDED.title, body = EXCLUDED.body, files = EXCLUDED.files",
                [[pk, d.title, d.body, d.files] for pk, d in rows],
            )

    def remove(self, resource_id):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE resource_id = %s", [resource_id])
            cursor.execute(f"DELETE FROM {self.text_table} WHERE resource_id = %s", [resource_id])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(f"DELETE FROM {self.text_table}")

    @staticmethod
    def websearch(query):
        def quoted(term):
            return '"' + term.text.replace('"', " ") + '"'

        parts = [" or ".join(quoted(term) for term in clause) for clause in query.clauses]
        parts.extend("-" + quoted(term) for term in query.excluded)
        return " ".join(parts)

    def _tsquery(self):
        return f"websearch_to_tsquery('{self.config}', %s)"

    def matches(self, query):
        words = self.websearch(query)
        with transaction.atomic(), connection.cursor() as cursor:
            # The GIN index answers without reading the documents; a sequential scan would
            # unpack every one of them, which the planner does not count as a cost. SET LOCAL
            # ends with the transaction, so no other query of the connection is affected.
            cursor.execute("SET LOCAL enable_seqscan = off")
            # One array: far quicker to read than a row per match.
            cursor.execute(
                f"SELECT array_agg(resource_id) FROM {self.table}, {self._tsquery()} q "
                "WHERE document @@ q",
                [words],
            )
            matched = cursor.fetchone()[0] or []
            if not matched:
                return [], []
            if len(matched) > self.SCORED_UP_TO:
                # Not ranked one by one: those with the words in their title (found through
                # the title vectors' own index) first, then the others, newest first. A title
                # may hold the words while the rest holds an excluded one.
                cursor.execute(
                    f"SELECT array_agg(resource_id) FROM {self.table}, {self._tsquery()} q "
                    "WHERE title_vector @@ q",
                    [words],
                )
                everything = set(matched)
                titled = {pk for pk in cursor.fetchone()[0] or [] if pk in everything}
                in_title = sorted(titled, reverse=True)
                ordered = in_title + sorted(everything - titled, reverse=True)
                head = ordered[: self.SCORED_UP_TO]
                scored = [
                    (pk, 1.0 if position < len(in_title) else 0.5)
                    for position, pk in enumerate(head)
                ]
                return scored, ordered[len(head) :]
            cursor.execute(
                f"SELECT resource_id, 10 * ts_rank(title_vector, q) + ts_rank(document, q) "
                f"FROM {self.table}, {self._tsquery()} q WHERE resource_id = ANY(%s)",
                [words, matched],
            )
            return cursor.fetchall(), []

    def snippets(self, query, ids):
        if not ids or not query:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT resource_id, ts_headline('{self.config}', body, q, %s), "
                f"CASE WHEN files = '' THEN '' ELSE "
                f"ts_headline('{self.config}', files, q, %s) END "
                f"FROM {self.text_table}, {self._tsquery()} q WHERE resource_id = ANY(%s)",
                [self.headline_options, self.headline_options, self.websearch(query), list(ids)],
            )
            rows = cursor.fetchall()
        return {pk: _best_snippet(body, files) for pk, body, files in rows}


def _best_snippet(*candidates):
    for candidate in candidates:
        if candidate and _OPEN in candidate:
            return highlight(candidate)
    return None


def highlight(marked_text):
    """Safe HTML from text carrying the snippet markers: escaped, markers made <mark>."""
    escaped = html_module.escape(marked_text, quote=False)
    balanced = []
    open_mark = False
    for part in re.split(f"([{_OPEN}{_CLOSE}])", escaped):
        if part == _OPEN and not open_mark:
            balanced.append("<mark>")
            open_mark = True
        elif part == _CLOSE and open_mark:
            balanced.append("</mark>")
            open_mark = False
        elif part not in (_OPEN, _CLOSE):
            balanced.append(part)
    if open_mark:
        balanced.append("</mark>")
    return mark_safe("".join(balanced))  # noqa: S308 - escaped above; only our own tags


def backend():
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"No keyword search for {connection.vendor}")


# ---------------------------------------------------------------------------- writing


def index_resource(resource):
    """Bring a resource's facets and text into the index, or take it out if unpublished."""
    if resource.status != Status.PUBLISHED:
        remove_resource(resource.pk)
        return
    keys = {key[:120] for key in facet_keys(resource)}
    existing = set(
        ResourceFacet.objects.filter(resource_id=resource.pk).values_list("key", flat=True)
    )
    if keys != existing:
        ResourceFacet.objects.filter(resource_id=resource.pk).delete()
        ResourceFacet.objects.bulk_create(
            ResourceFacet(resource_id=resource.pk, key=key) for key in sorted(keys)
        )
        _facets_changed()
    # New text alone (a file's text extracted) leaves the facets, and their cache, as they are.
    backend().index(resource.pk, document_for(resource))


def remove_resource(resource_id):
    deleted, _by_model = ResourceFacet.objects.filter(resource_id=resource_id).delete()
    backend().remove(resource_id)
    if deleted:
        _facets_changed()


def rebuild_index(batch_size=500, progress=None):
    """Index every published resource afresh and drop everything else; returns the count."""
    from django.db import transaction
    from django.db.models import Prefetch

    from .models import ResourceAuthor

    engine = backend()
    done = 0
    with transaction.atomic():
        engine.clear()
        ResourceFacet.objects.all().delete()
        published = (
            Resource.objects.filter(status=Status.PUBLISHED)
            .select_related("programme", "podcast")
            .prefetch_related(
                "themes",
                "sectors",
                Prefetch(
                    "authors",
                    queryset=ResourceAuthor.objects.select_related("organisation", "person"),
                ),
            )
            .order_by("pk")
        )
        ids = list(published.values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            chunk = list(published.filter(pk__in=ids[start : start + batch_size]))
            texts = _files_text([resource.pk for resource in chunk])
            facets = []
            rows = []
            for resource in chunk:
                facets.extend(
                    ResourceFacet(resource_id=resource.pk, key=key[:120])
                    for key in facet_keys(resource)
                )
                rows.append((resource.pk, document_for(resource, texts.get(resource.pk, ""))))
            ResourceFacet.objects.bulk_create(facets, batch_size=2000)
            engine.index_many(rows)
            done += len(chunk)
            if progress:
                progress(done)
    _facets_changed()
    return done


def _files_text(resource_ids):
    texts: dict[int, list[str]] = {}
    for resource_id, text in (
        ResourceFile.objects.filter(resource_id__in=resource_ids)
        .exclude(extracted_text="")
        .order_by("resource_id", "position", "pk")
        .values_list("resource_id", "extracted_text")
    ):
        texts.setdefault(resource_id, []).append(text)
    return {pk: "\n".join(parts) for pk, parts in texts.items()}


def _facets_changed():
    # Every process keeps the facets in memory (``FacetIndex``); a new generation tells
    # them all, in the same transaction as the change, that theirs is out of date.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE library_search_state SET generation = %s WHERE id = 1", [uuid.uuid4().hex]
        )


# ---------------------------------------------------------------------------- reading


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    key: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def selected(self):
        return [value for value in self.values if value.selected]


@dataclass
class Hit:
    resource: Resource
    snippet: SafeString | None = None


@dataclass
class SearchResult:
    query: str
    parsed: ParsedQuery
    filters: dict[str, list[str]]
    sort: str
    hits: list[Hit]
    total: int
    facets: list[FacetGroup]
    page: object  # a django.core.paginator.Page over the total

    @property
    def resources(self):
        return [hit.resource for hit in self.hits]


def clean_filters(filters):
    """Known facets only, each with a few distinct, short values."""
    cleaned = {}
    for name in FACETS:
        values = []
        for value in (filters or {}).get(name, ()) or ():
            value = str(value).strip()[:100]
            if value and value not in values:
                values.append(value)
        if values:
            cleaned[name] = values[:MAX_VALUES_PER_FACET]
    return cleaned


class FacetIndex:
    """Every facet value's published resources as a bitmap (bit n: resource n).

    Facet counts and filters become a few big-integer ANDs and popcounts, whatever the
    size of the match set, where SQL would count a row per resource and facet value.
    Built from ``library_resourcefacet``; rebuilt when the index's generation changes.
    """

    def __init__(self, fingerprint, bitmaps, newest):
        self.fingerprint = fingerprint
        self.bitmaps = bitmaps
        # Published resources, newest first: publishing or editing makes a new generation,
        # so this order is as current as the facets.
        self.newest = newest
        published = 0
        for key, bits in bitmaps.items():
            if key.startswith("kind:"):
                published |= bits
        self.published = published
        self.size = published.bit_length()

    @classmethod
    def load(cls, fingerprint):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT key, array_agg(resource_id) FROM library_resourcefacet GROUP BY key"
                )
                grouped = cursor.fetchall()
            else:
                cursor.execute(
                    "SELECT key, group_concat(resource_id) FROM library_resourcefacet GROUP BY key"
                )
                grouped = [(key, map(int, ids.split(","))) for key, ids in cursor.fetchall()]
            bitmaps = {key: bitmap_of(ids) for key, ids in grouped}
            cursor.execute(
                "SELECT id FROM library_resource WHERE status = %s "
                f"ORDER BY {SORT_ORDERS['newest']}",
                [Status.PUBLISHED],
            )
            newest = array("q", (row[0] for row in cursor.fetchall()))
        return cls(fingerprint, bitmaps, newest)

    def mask(self, name, values):
        bits = 0
        for value in values:
            bits |= self.bitmaps.get(f"{name}:{value}", 0)
        return bits

    def counts(self, base, names):
        prefixes = tuple(f"{name}:" for name in names)
        counts = {}
        for key, bits in self.bitmaps.items():
            if key.startswith(prefixes):
                count = (base & bits).bit_count()
                if count:
                    counts[key] = count
        return counts


_facet_index_lock = threading.Lock()
_facet_indexes: dict[str, FacetIndex] = {}


def facet_index():
    """This process's facet index, current with the database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT generation FROM library_search_state WHERE id = 1), "
            "(SELECT MAX(id) FROM library_resourcefacet)"
        )
        fingerprint = tuple(cursor.fetchone())
    # One per database, so tests and benchmarks on several databases never mix them.
    database = f"{connection.vendor}:{connection.settings_dict['NAME']}"
    index = _facet_indexes.get(database)
    if index is None or index.fingerprint != fingerprint:
        with _facet_index_lock:
            index = _facet_indexes.get(database)
            if index is None or index.fingerprint != fingerprint:
                index = FacetIndex.load(fingerprint)
                _facet_indexes[database] = index
    return index


def bitmap_of(ids):
    ids = np.fromiter(ids, dtype=np.int64) if not isinstance(ids, np.ndarray) else ids
    if not len(ids):
        return 0
    present = np.zeros(int(ids.max()) + 1, dtype=bool)
    present[ids] = True
    return int.from_bytes(np.packbits(present, bitorder="little").tobytes(), "little")


def ids_of(bits):
    """The resource ids in a bitmap, in increasing order."""
    found = []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for position, byte in enumerate(data):
        while byte:
            low = byte & -byte
            found.append(position * 8 + low.bit_length() - 1)
            byte ^= low
    return found


class _Members:
    """Fast membership in a bitmap for ids read one by one."""

    def __init__(self, bits):
        self.data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")

    def __contains__(self, pk):
        position = pk >> 3
        return position < len(self.data) and bool(self.data[position] >> (pk & 7) & 1)


SORT_ORDERS = {
    "newest": "published_at DESC, id DESC",
    "downloads": "download_count DESC, published_at DESC, id DESC",
}
# Up to this many candidates, their ids go to the database to be sorted by downloads;
# beyond, the library is read in that order until the page is full.
SORT_BY_LIST = 20_000


def _newest_page(index, candidates, count, limit, offset):
    """One page of the candidates, newest first, from the facet index's stored order."""
    wanted = offset + limit
    if count == index.published.bit_count() and candidates == index.published:
        return list(index.newest[offset:wanted])
    members = _Members(candidates)
    found = []
    for pk in index.newest:
        if pk in members:
            found.append(pk)
            if len(found) == wanted:
                break
    return found[offset:wanted]


def _most_downloaded_page(candidates, count, library_size, limit, offset):
    """One page of the candidates, most downloaded first: download counts change all the
    time, so the database sorts them."""
    order = SORT_ORDERS["downloads"]
    with connection.cursor() as cursor:
        if count <= SORT_BY_LIST:
            ids = ids_of(candidates)
            placeholders = ", ".join(["%s"] * len(ids))
            # The candidates are published (the facet index holds nothing else); with no
            # status condition the database looks them up by key.
            cursor.execute(
                f"SELECT id FROM library_resource WHERE id IN ({placeholders}) "
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [*ids, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]
        # Many candidates (a fifth of the library or more): reading the library in order
        # finds a page of them soon.
        members = _Members(candidates)
        wanted = offset + limit
        chunk = max(500, int(wanted * library_size / count * 1.5))
        found, read = [], 0
        while len(found) < wanted:
            cursor.execute(
                f"SELECT id FROM library_resource WHERE status = %s ORDER BY {order} "
                "LIMIT %s OFFSET %s",
                [Status.PUBLISHED, chunk, read],
            )
            rows = cursor.fetchall()
            found.extend(row[0] for row in rows if row[0] in members)
            read += len(rows)
            if len(rows) < chunk:
                break
            chunk *= 2
        return found[offset:wanted]


def _ranked_page(matches, members, limit, offset, rest=()):
    """One page of keyword matches by relevance, ties to the newer resource; then, if the
    page reaches them, the further matches in their order."""
    wanted = offset + limit
    if members is None:
        best = heapq.nlargest(wanted, matches, key=lambda match: (match[1], match[0]))
    else:
        best = heapq.nlargest(
            wanted,
            (match for match in matches if match[0] in members),
            key=lambda match: (match[1], match[0]),
        )
    ids = [pk for pk, _score in best]
    if len(ids) < wanted and rest:
        ranked = {pk for pk, _score in matches}
        for pk in rest:
            if pk not in ranked and (members is None or pk in members):
                ids.append(pk)
                if len(ids) == wanted:
                    break
    return ids[offset:wanted]


def _labeller(values_by_facet):
    """A function giving the reader's label of a facet value."""
    from django_countries import countries

    from atelier.core.languages import language_name
    from atelier.core.models import Theme
    from atelier.network.models import Sector
    from atelier.programmes.models import Programme

    from .models import Kind, Licence

    programmes = {}
    if values_by_facet.get("programme"):
        for slug, acronym, title in Programme.objects.filter(
            slug__in=list(values_by_facet["programme"])
        ).values_list("slug", "acronym", "title"):
            programmes[slug] = acronym or _reader_text(title)
    kinds, licences = dict(Kind.choices), dict(Licence.choices)

    def label(name, value):
        if name == "kind":
            return kinds.get(value, value)
        if name == "licence":
            return licences.get(value, value)
        if name == "theme":
            return Theme(slug=value).label
        if name == "sector":
            return Sector(slug=value).label
        if name == "lang":
            return language_name(value)
        if name == "country":
            # A code from the address may be anything: django-countries takes a string of
            # digits for a numeric code and fails on digits that are not ASCII ("¹").
            return (countries.name(value) if value.isascii() else "") or value
        if name == "programme":
            return programmes.get(value, value)
        return value

    return label


def _reader_text(value):
    from atelier.core.multilingual import MultilingualText

    return MultilingualText.from_json(value).for_reader().text


def _facet_groups(counts, filters):
    values_by_facet: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for key, count in counts.items():
        name, _sep, value = key.partition(":")
        if name in values_by_facet and count:
            values_by_facet[name][value] = count
    for name, values in filters.items():
        for value in values:
            values_by_facet[name].setdefault(value, 0)
    label_of = _labeller(values_by_facet)
    groups = []
    for name in FACETS:
        selected = set(filters.get(name, ()))
        values = [
            FacetValue(value, label_of(name, value), count, value in selected)
            for value, count in values_by_facet[name].items()
        ]
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: (-v.count, str(v.label).casefold()))
        groups.append(FacetGroup(name, values))
    return groups


def _with_meaning(query, parsed, matches):
    """Keyword matches ranked by meaning too, and joined by resources close in meaning (in any
    language), through the same service as the search of everything. A query that excludes
    words gets no meaning-only matches: they might hold those words."""
    from atelier.search import services as search_services

    return search_services.fuse_keyword_matches(
        query, kind="resource", keyword_matches=matches, add_close=not parsed.excluded
    )


def search(*, query="", filters=None, sort="relevance", page=1, per_page=20, user=None):
    """Published resources matching ``query`` and ``filters``, one page of them.

    ``filters`` maps a facet name to the values wanted: values of one facet are
    alternatives, facets must all hold. Each facet's counts leave out its own filter, so
    choosing a value still shows the others. ``user`` is who asks; every reader sees the
    same published resources, so it only matters to engines that personalise.
    """
    from . import queries

    engine = backend()
    parsed = parse_query(query)
    filters = clean_filters(filters)
    if sort not in SORTS:
        sort = "relevance"
    per_page = max(1, min(int(per_page), 100))
    index = facet_index()

    base = index.published
    if parsed:
        scored, rest = engine.matches(parsed)
        matches = _with_meaning(query, parsed, scored)
        base &= bitmap_of([pk for pk, _score in matches]) | bitmap_of(rest)
    masks = {name: index.mask(name, values) for name, values in filters.items()}
    selected = base
    for bits in masks.values():
        selected &= bits
    total = selected.bit_count()

    counts = index.counts(selected, [name for name in FACETS if name not in masks])
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
        members = None if not masks and not rest and len(matches) == total else _Members(selected)
        ids = _ranked_page(matches, members, per_page, offset, rest)
    elif sort == "downloads":
        library_size = index.published.bit_count()
        ids = _most_downloaded_page(selected, total, library_size, per_page, offset)
    else:
        ids = _newest_page(index, selected, total, per_page, offset)

    resources = {
        resource.pk: resource
        for resource in queries.with_card_data(queries.published().filter(pk__in=ids))
    }
    snippets = engine.snippets(parsed, [pk for pk in ids if pk in resources])
    hits = [Hit(resources[pk], snippets.get(pk)) for pk in ids if pk in resources]
    return SearchResult(
        query=query or "",
        parsed=parsed,
        filters=filters,
        sort=sort,
        hits=hits,
        total=total,
        facets=_facet_groups(counts, filters),
        page=page_obj,
    )


def indexed_ids(ids: Iterable[int]):
    """Which of these resources the keyword index holds (for checks and the command)."""
    engine = backend()
    ids = list(ids)
    if not ids:
        return set()
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {engine.id_column} FROM {engine.table} "
            f"WHERE {engine.id_column} IN ({placeholders})",
            ids,
        )
        return {row[0] for row in cursor.fetchall()}
