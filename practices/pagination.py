from django.core.paginator import Paginator


def paginate(request, queryset, per_page):
    """The requested page of `queryset`. A page number that is not a number gives
    the first page and one past the end gives the last, so no link a visitor can
    type ends in an error."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


class ForgivingPaginationMixin:
    """For a ListView: paginate with `paginate`, never answering 404 for a
    malformed or out-of-range page number."""

    def paginate_queryset(self, queryset, page_size):
        page = paginate(self.request, queryset, page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()
