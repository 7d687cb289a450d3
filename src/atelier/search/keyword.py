"""The keyword half of the search, in the database's own full-text engine.

SQLite: an FTS5 table whose rowid is the entry's id (unicode61, diacritics folded).
PostgreSQL: a tsvector per entry under a GIN index, in the ``atelier_search`` configuration
('simple' with unaccent: the content is in many languages, so nothing is stemmed), and the
texts for headlines beside it. Any word may match (OR); bm25 / ts_rank orders the matches, so
an entry with more of the query's words, or rarer ones, comes first.
"""

import html
import re
import time
import unicodedata

from django.db import connection
from django.utils.safestring import mark_safe

MAX_TERMS = 16
_WORD = re.compile(r"\w+")
_OPEN, _CLOSE = "\x02", "\x03"
_MARKERS = re.compile(f"[{_OPEN}{_CLOSE}]")


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
    """Safe HTML from a snippet marked with the private markers."""
    escaped = html.escape(marked or "")
    return mark_safe(  # noqa: S308 - escaped above; only our own tags are added
        escaped.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    )


class SQLiteKeywords:
    table = "search_keyword"

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
        placeholders = ", ".join(["%s"] * len(entry_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({self.table}, 1, %s, %s, '…', 20) FROM {self.table} "
                f"WHERE {self.table} MATCH %s AND rowid IN ({placeholders})",
                [_OPEN, _CLOSE, self._expression(words), *entry_ids],
            )
            return {pk: text for pk, text in cursor.fetchall() if _OPEN in (text or "")}


class PostgreSQLKeywords:
    table = "search_keyword"
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
                f"INSERT INTO {self.table} (entry_id, document) VALUES (%s, "
                f"setweight({vector}, 'A') || setweight({vector}, 'B')) "
                "ON CONFLICT (entry_id) DO UPDATE SET document = EXCLUDED.document",
                [[pk, _clean(title), _clean(body)] for pk, title, body in rows],
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
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT entry_id, ts_headline('{self.config}', body, q, %s) "
                f"FROM {self.text_table}, websearch_to_tsquery('{self.config}', %s) q "
                "WHERE entry_id = ANY(%s) AND body <> ''",
                [self.headline_options, self._query(words), list(entry_ids)],
            )
            return {pk: text for pk, text in cursor.fetchall() if _OPEN in (text or "")}


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
