"""What every app's API router shares: pagination that never fails on a page number."""

from ninja.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Page-number pagination in which a page past the last one is an empty page.

    ``?page=99999999999999999999`` is a valid page number; the offset it makes is larger than
    any database accepts, so the offset is capped at the number of items before it is asked.
    """

    def paginate_queryset(self, queryset, pagination, request, **params):
        page_size = self._get_page_size(pagination.page_size)
        count = self._items_count(queryset)
        offset = min((pagination.page - 1) * page_size, count)
        return {
            self.items_attribute: queryset[offset : offset + page_size],
            "count": count,
        }
