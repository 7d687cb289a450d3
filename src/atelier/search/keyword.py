"""The keyword half of the search, in the database's own full-text engine.

SQLite: an FTS5 table whose rowid is the entry's id (unicode61, diacritics folded).
PostgreSQL: a tsvector per entry under a GIN index, in the ``atelier_search`` configuration
('simple' with unaccent: the content is in many languages, so nothing is stemmed), and the
texts for headlines beside it.

Two ways to ask. The search of everything: any word may match (OR); bm25 / ts_rank orders the
matches, so an entry with more of the query's words, or rarer ones, comes first. A kind's own
list (``matching``): the query as people type it (``parse_query``: words, "phrases",
-excluded, OR), every clause must hold, and every match is given, the best ones scored.
"""

import html
import re
import time
import unicodedata
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils.safestring import mark_safe

MAX_TERMS = 16
_WORD = re.compile(r"\w+")
_OPEN, _CLOSE = "\x02", "\x03"
_MARKERS = re.compile(f"[{_OPEN}{_CLOSE}]")
# A parsed query keeps at most this many terms.
MAX_QUERY_TERMS = 12


def terms(query):
    seen = []
    for word in _WORD.findall((query or "").casefold()):
        if (len(word) >= 2 or word.isdigit()) and word not in seen:
            seen.append(word)
    return seen[:MAX_TERMS]


# A word in more than this share of the entries (and more than COMMON_MIN of them) says little
# about any one of them; ranking every entry that holds it would visit most of the index.
COMMON_SHARE = 0.02
COMMON_MIN = 200


_entry_count = {"value": 0, "read": -1e9}


def _common_limit():
    from .models import Entry

    # The size of the index changes slowly: read it at most once a minute per process.
    now = time.monotonic()
    if now - _entry_count["read"] > 60:
        _entry_count.update(value=Entry.objects.count(), read=now)
    return max(COMMON_MIN, int(_entry_count["value"] * COMMON_SHARE))


def _clean(text):
    return _MARKERS.sub(" ", text or "")


def _filter_sql(kinds, languages):
    where, params = [], []
    if kinds:
        where.append("kind IN (" + ", ".join(["%s"] * len(kinds)) + ")")
        params.extend(kinds)
    if languages:
        where.append("language IN (" + ", ".join(["%s"] * len(languages)) + ")")
        params.extend(languages)
    return " AND ".join(where), params


def highlight(marked):
    """Safe HTML from a snippet marked with the private markers: escaped, each marked part
    made <mark>, every <mark> closed."""
    escaped = html.escape(marked or "", quote=False)
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


# ---------------------------------------------------------------------------- the query language


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
_WORD_CHARACTER = re.compile(r"\w", re.UNICODE)


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
        if len(clauses) + len(excluded) >= MAX_QUERY_TERMS:
            break
    if not clauses:
        return ParsedQuery()
    return ParsedQuery(tuple(tuple(clause) for clause in clauses), tuple(excluded))


def _words(text):
    """The word characters of a token; punctuation inside a token splits it into words."""
    return [
        word for word in re.split(r"[^\w]+", text, flags=re.UNICODE) if _WORD_CHARACTER.search(word)
    ]


def _quoted(term):
    return '"' + term.text.replace('"', " ") + '"'


class Members:
    """Fast membership in a bitmap (bit n: entry n), for ids one by one or many at once."""

    def __init__(self, bits):
        self.data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")

    def __contains__(self, pk):
        position = pk >> 3
        return position < len(self.data) and bool(self.data[position] >> (pk & 7) & 1)

    def kept(self, ids):
        """Those of ``ids`` in the bitmap, in their order, as an array."""
        ids = np.asarray(ids, dtype=np.int64)
        present = np.unpackbits(np.frombuffer(self.data, dtype=np.uint8), bitorder="little")
        inside = ids < len(present)
        inside[inside] = present[ids[inside]].astype(bool)
        return ids[inside]


class Keywords:
    table = "search_keyword"
    # Up to this many matches of a parsed query are scored one by one (and ranked by meaning
    # too); beyond, the further matches follow in the engine's order (a word in thousands of
    # items says little about any one of them, and scoring them all costs more than the search).
    SCORED_UP_TO = 2000


def _titles_first(matched, titled, scored_up_to):
    """Many matches, unranked: ``(scored, rest)`` with those holding the words in their title
    first (score 1.0), then the others (0.5), each newest entry first."""
    matched = np.sort(np.asarray(matched, dtype=np.int64))[::-1]
    holds = np.isin(matched, np.asarray(titled, dtype=np.int64))
    in_title = matched[holds]
    ordered = np.concatenate([in_title, matched[~holds]]).tolist()
    head = ordered[:scored_up_to]
    scored = [(pk, 1.0 if position < len(in_title) else 0.5) for position, pk in enumerate(head)]
    return scored, ordered[len(head) :]


class SQLiteKeywords(Keywords):
    # A kind's list ranks title matches well before the others (bm25 weights).
    list_weights = "10.0, 4.0"

    def write(self, rows):
        rows = list(rows)
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.table} WHERE rowid = %s", [[pk] for pk, *_ in rows]
            )
            cursor.executemany(
                f"INSERT INTO {self.table} (rowid, title, body) VALUES (%s, %s, %s)",
                [[pk, _clean(title), _clean(body)] for pk, title, body in rows],
            )

    def remove(self, entry_ids):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {self.table} WHERE rowid = %s", [[pk] for pk in entry_ids]
            )

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")

    @staticmethod
    def _expression(words, every=False):
        joiner = " AND " if every else " OR "
        return joiner.join('"' + word.replace('"', " ") + '"' for word in words)

    def document_counts(self, words):
        """{word: number of entries holding it}, read from the FTS5 vocabulary."""
        counts = {}
        with connection.cursor() as cursor:
            # One lookup per word: the vocabulary answers "term = ?" from its index, while
            # "term IN (...)" makes it walk every term.
            for word in words:
                cursor.execute(
                    "SELECT doc FROM search_keyword_vocab WHERE term = %s", [_fold(word)]
                )
                row = cursor.fetchone()
                counts[word] = row[0] if row else 0
        return counts

    def matches(self, words, *, kinds=(), languages=(), limit=200, every=False):
        """The best ``limit`` entry ids holding any (or ``every``) of the words, with their
        scores (higher is better). Any-word matching leaves out words common to much of the
        index (it keeps the rarest word, if all are)."""
        if not words:
            return []
        if not every:
            words = uncommon(self, words)
        where, params = _filter_sql(kinds, languages)
        # The filter joins the entries after the match: a "rowid IN (...)" constraint would be
        # handed to FTS5, which then evaluates the match once per listed row.
        join = (
            f" CROSS JOIN search_entry e ON e.id = {self.table}.rowid WHERE {where} AND"
            if where
            else " WHERE"
        )
        with connection.cursor() as cursor:
            if every:
                # Holding every word is what counts here, not how well: no ranking to pay for.
                cursor.execute(
                    f"SELECT {self.table}.rowid, 1.0 FROM {self.table}{join} {self.table} "
                    "MATCH %s LIMIT %s",
                    [*params, self._expression(words, every), limit],
                )
            else:
                cursor.execute(
                    f"SELECT {self.table}.rowid, -bm25({self.table}, 4.0, 1.0) AS score "
                    f"FROM {self.table}{join} {self.table} MATCH %s ORDER BY score DESC "
                    "LIMIT %s",
                    [*params, self._expression(words, every), limit],
                )
            return cursor.fetchall()

    def snippets(self, words, entry_ids):
        if not words or not entry_ids:
            return {}
        return self._snippets(self._expression(words), entry_ids, 20)

    def _snippets(self, expression, entry_ids, tokens):
        placeholders = ", ".join(["%s"] * len(entry_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({self.table}, 1, %s, %s, '…', {int(tokens)}) "
                f"FROM {self.table} WHERE {self.table} MATCH %s AND rowid IN ({placeholders})",
                [_OPEN, _CLOSE, expression, *entry_ids],
            )
            return {pk: text for pk, text in cursor.fetchall() if _OPEN in (text or "")}

    @staticmethod
    def parsed_expression(query):
        clauses = []
        for clause in query.clauses:
            alternatives = " OR ".join(_quoted(term) for term in clause)
            clauses.append(f"({alternatives})" if len(clause) > 1 else alternatives)
        expression = "(" + " AND ".join(clauses) + ")"
        for term in query.excluded:
            expression = f"({expression} NOT {_quoted(term)})"
        return expression

    def matching(self, query, within=None):
        """Every entry matching the parsed ``query`` (among ``within``, a ``Members``):
        ``(scored, rest)``, the best matches with their scores (higher is more relevant; all
        of them when there are few) and the further ones in order, all below the scored ones.

        Up to ``SCORED_UP_TO`` matches, bm25 ranks them. Beyond, ranking every match would
        cost more than the rest of the search: those holding the words in their title come
        first, then the others, newest entry first (as on PostgreSQL)."""
        expression = self.parsed_expression(query)
        with connection.cursor() as cursor:
            # Finding the matches without ranking them is several times quicker.
            cursor.execute(
                f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s", [expression]
            )
            matched = np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64)
            if within is not None:
                matched = within.kept(matched)
            if not len(matched):
                return [], []
            if len(matched) <= self.SCORED_UP_TO:
                cursor.execute(
                    f"SELECT rowid, -bm25({self.table}, {self.list_weights}) AS score "
                    f"FROM {self.table} WHERE {self.table} MATCH %s "
                    "ORDER BY score DESC, rowid DESC",
                    [expression],
                )
                rows = cursor.fetchall()
                if within is not None:
                    rows = [row for row in rows if row[0] in within]
                return rows, []
            # A title may hold the words while the rest holds an excluded one.
            cursor.execute(
                f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s",
                [f"{{title}} : ({expression})"],
            )
            titled = [row[0] for row in cursor.fetchall()]
        return _titles_first(matched, titled, self.SCORED_UP_TO)

    def parsed_snippets(self, query, entry_ids):
        """{entry id: marked text} around the parsed query's matches in the entries' text."""
        if not query or not entry_ids:
            return {}
        return self._snippets(self.parsed_expression(query), entry_ids, 24)


class PostgreSQLKeywords(Keywords):
    text_table = "search_keyword_text"
    config = "atelier_search"
    headline_options = (
        f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=30, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )

    def write(self, rows):
        rows = list(rows)
        if not rows:
            return
        vector = f"to_tsvector('{self.config}', %s)"
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {self.table} (entry_id, title_vector, document) VALUES (%s, "
                f"strip({vector}), setweight({vector}, 'A') || setweight({vector}, 'B')) "
                "ON CONFLICT (entry_id) DO UPDATE SET title_vector = EXCLUDED.title_vector, "
                "document = EXCLUDED.document",
                [[pk, _clean(title), _clean(title), _clean(body)] for pk, title, body in rows],
            )
            cursor.executemany(
                f"INSERT INTO {self.text_table} (entry_id, body) VALUES (%s, %s) "
                "ON CONFLICT (entry_id) DO UPDATE SET body = EXCLUDED.body",
                [[pk, _clean(body)] for pk, _title, body in rows],
            )

    def remove(self, entry_ids):
        ids = list(entry_ids)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE entry_id = ANY(%s)", [ids])
            cursor.execute(f"DELETE FROM {self.text_table} WHERE entry_id = ANY(%s)", [ids])

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(f"DELETE FROM {self.text_table}")

    def _query(self, words, every=False):
        joiner = " " if every else " or "
        return joiner.join('"' + word.replace('"', " ") + '"' for word in words)

    def document_counts(self, words):
        """{word: number of entries holding it}, counted through the GIN index up to just
        past the common limit (an exact count beyond says nothing more)."""
        cap = _common_limit() + 1
        counts = {}
        with connection.cursor() as cursor:
            for word in words:
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {self.table} WHERE document @@ "
                    f"websearch_to_tsquery('{self.config}', %s) LIMIT %s) hits",
                    ['"' + word.replace('"', " ") + '"', cap],
                )
                counts[word] = cursor.fetchone()[0]
        return counts

    def matches(self, words, *, kinds=(), languages=(), limit=200, every=False):
        if not words:
            return []
        if not every:
            words = uncommon(self, words)
        where, params = _filter_sql(kinds, languages)
        restrict = f" AND entry_id IN (SELECT id FROM search_entry WHERE {where})" if where else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT entry_id, ts_rank(document, q) AS score FROM {self.table}, "
                f"websearch_to_tsquery('{self.config}', %s) q WHERE document @@ q{restrict} "
                "ORDER BY score DESC, entry_id DESC LIMIT %s",
                [self._query(words, every), *params, limit],
            )
            return cursor.fetchall()

    def snippets(self, words, entry_ids):
        if not words or not entry_ids:
            return {}
        return self._headlines(self._query(words), entry_ids)

    def _headlines(self, words, entry_ids):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT entry_id, ts_headline('{self.config}', body, q, %s) "
                f"FROM {self.text_table}, websearch_to_tsquery('{self.config}', %s) q "
                "WHERE entry_id = ANY(%s) AND body <> ''",
                [self.headline_options, words, list(entry_ids)],
            )
            return {pk: text for pk, text in cursor.fetchall() if _OPEN in (text or "")}

    @staticmethod
    def websearch(query):
        parts = [" or ".join(_quoted(term) for term in clause) for clause in query.clauses]
        parts.extend("-" + _quoted(term) for term in query.excluded)
        return " ".join(parts)

    def _tsquery(self):
        return f"websearch_to_tsquery('{self.config}', %s)"

    def matching(self, query, within=None):
        """As ``SQLiteKeywords.matching``. Beyond ``SCORED_UP_TO`` matches, those holding the
        words in their title (found through the title vectors' own index) come first, then
        the others, newest entry first."""
        words = self.websearch(query)
        with transaction.atomic(), connection.cursor() as cursor:
            # The GIN index answers without reading the documents; a sequential scan would
            # unpack every one of them, which the planner does not count as a cost. SET LOCAL
            # ends with the transaction, so no other query of the connection is affected.
            cursor.execute("SET LOCAL enable_seqscan = off")
            # One array: far quicker to read than a row per match.
            cursor.execute(
                f"SELECT array_agg(entry_id) FROM {self.table}, {self._tsquery()} q "
                "WHERE document @@ q",
                [words],
            )
            matched = np.asarray(cursor.fetchone()[0] or [], dtype=np.int64)
            if within is not None:
                matched = within.kept(matched)
            if not len(matched):
                return [], []
            if len(matched) > self.SCORED_UP_TO:
                # A title may hold the words while the rest holds an excluded one.
                cursor.execute(
                    f"SELECT array_agg(entry_id) FROM {self.table}, {self._tsquery()} q "
                    "WHERE title_vector @@ q",
                    [words],
                )
                return _titles_first(matched, cursor.fetchone()[0] or [], self.SCORED_UP_TO)
            cursor.execute(
                f"SELECT entry_id, 10 * ts_rank(title_vector, q) + ts_rank(document, q) "
                f"FROM {self.table}, {self._tsquery()} q WHERE entry_id = ANY(%s)",
                [words, matched.tolist()],
            )
            return cursor.fetchall(), []

    def parsed_snippets(self, query, entry_ids):
        if not query or not entry_ids:
            return {}
        return self._headlines(self.websearch(query), entry_ids)


def _fold(word):
    """A word as FTS5's unicode61 tokenizer keeps it: casefolded, diacritics removed."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def uncommon(engine, words):
    """The words of a query that are not common to much of the index; the rarest one when
    all of them are."""
    if len(words) < 2:
        return words
    counts = engine.document_counts(words)
    limit = _common_limit()
    kept = [word for word in words if counts.get(word, 0) <= limit]
    return kept or [min(words, key=lambda word: counts.get(word, 0))]


def backend():
    if connection.vendor == "postgresql":
        return PostgreSQLKeywords()
    if connection.vendor == "sqlite":
        return SQLiteKeywords()
    raise NotImplementedError(f"No keyword search for {connection.vendor}")
