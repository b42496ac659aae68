from django.core.paginator import Paginator

MAX_PAGE_NUMBER = 10**6


def page_number(request):
    """The page asked for, as a number from 1 (1 when it is not a number)."""
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE_NUMBER)


class KnownPage:
    """A list of `count` practices of which one page, starting at `offset`, is
    known by id: what a Paginator needs, without counting or slicing the
    queryset again. That page's rows are read by `read_page(ids)`, which
    returns them in the order of `ids` (they need no filter but their ids, so
    the query is short to build and run); any other slice (a page number past
    the end is turned into the last page) from `queryset`, annotated then
    with `annotations` (what `read_page` adds, such as snippets)."""

    def __init__(self, queryset, count, offset, ids, read_page, annotations=None):
        self.queryset, self.total, self.offset, self.ids = queryset, count, offset, ids
        self.read_page = read_page
        self.annotations = annotations or {}

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, window):
        if window.start == self.offset:
            return self.read_page(self.ids)
        return list(self.queryset.annotate(**self.annotations)[window])


def paginate(request, queryset, per_page):
    """The requested page of `queryset`. A page number that is not a number gives
    the first page and one past the end gives the last, so no link a visitor can
    type ends in an error."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def paginate_page(request, queryset, page_size):
    """`paginate` with what ListView.paginate_queryset returns."""
    page = paginate(request, queryset, page_size)
    return page.paginator, page, page.object_list, page.has_other_pages()


class ForgivingPaginationMixin:
    """For a ListView: paginate with `paginate`, never answering 404 for a
    malformed or out-of-range page number."""

    def paginate_queryset(self, queryset, page_size):
        return paginate_page(self.request, queryset, page_size)
