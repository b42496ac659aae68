from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class StrictFilterBackend(DjangoFilterBackend):
    """The pages' FilterSets, but strict: where a page ignores a value it does
    not understand (and says so), the API answers 400 naming it, so a partner
    system never mistakes an unfiltered list for a filtered one."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if problems := filterset.problems():
            raise ValidationError(problems)
        # A search with `?lang=` reads that language's index too.
        filterset.search_language = getattr(view, "language", None)
        return filterset.qs
