from django.utils.functional import lazy
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from practices.listing import estimates


def _count_is_estimate_description():
    return (
        "Whether `count` is an estimate. Counts of more than "
        f"{estimates.ESTIMATE_ABOVE:,} may be estimated from a deterministic "
        "sample, rounded to two significant figures; at or below that, counts are "
        "always exact. The API's lists count exactly, so this is false today; read "
        "it rather than assume it."
    )


# Read when the schema is written, from the one threshold.
COUNT_IS_ESTIMATE = lazy(_count_is_estimate_description, str)()


def count_is_estimate(count):
    """Whether a count is an estimate (practices.listing.estimates)."""
    return bool(getattr(count, "is_estimate", False))


class PagePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        """A page size that is not a whole number from 1 to max_page_size is a
        client error, not silently replaced."""
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        try:
            size = int(raw[-1])
        except ValueError:
            size = 0
        if len(raw) > 1 or not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Give one whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return size

    def get_paginated_response(self, data):
        count = self.page.paginator.count
        return Response(
            {
                "count": count,
                "count_is_estimate": count_is_estimate(count),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        properties = paginated["properties"]
        paginated["properties"] = {
            "count": properties["count"],
            "count_is_estimate": {
                "type": "boolean",
                "example": False,
                "description": COUNT_IS_ESTIMATE,
            },
            **{name: value for name, value in properties.items() if name != "count"},
        }
        paginated["required"] = [*paginated["required"], "count_is_estimate"]
        return paginated

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters
