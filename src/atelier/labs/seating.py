"""Seating for a world-café round: hosts stay at their table, everyone else moves on.

``assign`` is a pure function so it can be tested on its own: it places people one by one
(in a fixed order) at the table where they would meet the fewest people they have already
sat with, breaking ties by a shared language, then by the emptier table, then by table number.
The same input always gives the same seating.
"""

from collections import defaultdict
from itertools import combinations


def pairs_of(groups):
    """The set of unordered pairs of people who sat together, from ``{table: [person, ...]}``."""
    met = set()
    for people in groups.values():
        for a, b in combinations(sorted(people), 2):
            met.add((a, b))
    return met


def count_repeats(groups, met):
    """How many pairs in ``groups`` have already met."""
    return len(pairs_of(groups) & met)


def assign(people, tables, hosts=None, met=None, languages=None, table_languages=None):
    """Seat ``people`` (sortable ids) at ``tables`` (numbers or ids, in order).

    ``hosts`` maps a table to the person who stays there; ``met`` is a set of sorted pairs of
    people who already sat together; ``languages`` maps a person to the languages they speak;
    ``table_languages`` maps a table to its language. Returns ``{table: [person, ...]}``.
    """
    hosts = hosts or {}
    met = met or set()
    languages = languages or {}
    table_languages = table_languages or {}
    tables = list(tables)
    if not tables:
        return {}
    groups = {table: [] for table in tables}
    seated = set()
    for table, host in hosts.items():
        if table in groups and host is not None:
            groups[table].append(host)
            seated.add(host)
    capacity = -(-len(set(people) | seated) // len(tables))  # ceiling division

    def meetings(person, table):
        return sum(1 for other in groups[table] if tuple(sorted((person, other))) in met)

    def language_miss(person, table):
        wanted = table_languages.get(table)
        if not wanted:
            return 0
        return 0 if wanted in languages.get(person, ()) else 1

    # People who have met the most others go first: they are the hardest to place.
    load = defaultdict(int)
    for a, b in met:
        load[a] += 1
        load[b] += 1
    order = sorted((p for p in set(people) if p not in seated), key=lambda p: (-load[p], p))
    for person in order:
        open_tables = [t for t in tables if len(groups[t]) < capacity] or tables
        best = min(
            open_tables,
            key=lambda t: (
                meetings(person, t),
                language_miss(person, t),
                len(groups[t]),
                tables.index(t),
            ),
        )
        groups[best].append(person)
    return groups
