from django.core.paginator import Paginator


def paginate(request, queryset, per_page):
    """The requested page of `queryset`. A page number that is not a number gives
    the first page and one past the end gives the last, so no link a visitor can
    type ends in an error."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
