"""Query counts compared, not capped.

A page that lists things is checked with one item and with several: the two counts must be
equal. An upper limit ("at most 9 queries") lets an N+1 through as long as the test builds few
enough items; an exact comparison does not.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(request):
    """Run ``request`` (a callable that makes one request and returns its response) and return
    ``(number of queries, response)``. The response must have answered 200."""
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries), response


def queries_of(request):
    """The number of queries ``request`` ran. The caller warms the page first where the first
    request fills a cache or a session."""
    return count_queries(request)[0]


def assert_same_queries(request, add_more, *, warm=True):
    """Count ``request`` (warmed once first, since the first request may fill caches and the
    session), call ``add_more()`` to build several more items, count again, and assert the
    two counts are equal. Returns the two responses, for checks that the items are shown."""
    if warm:
        request()
    with CaptureQueriesContext(connection) as first:
        one = request()
    assert one.status_code == 200, one.status_code
    add_more()
    if warm:
        request()
    with CaptureQueriesContext(connection) as second:
        several = request()
    assert several.status_code == 200, several.status_code
    assert len(second.captured_queries) == len(first.captured_queries), _difference(
        first.captured_queries, second.captured_queries
    )
    return one, several


def _difference(first, second):
    """The queries of the second run, for the failure message, with the counts."""
    lines = [f"{len(first)} queries with one item, {len(second)} with several:"]
    lines += [query["sql"] for query in second]
    return "\n".join(lines)
