"""The API's documentation page, rendered on the server from the OpenAPI
schema itself: readable without JavaScript, accessible, nothing from another
host, and never out of step with the API."""

from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator


def _type_of(schema):
    if not schema:
        return ""
    if schema.get("type") == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    kind = schema.get("type", "")
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    limits = []
    if "minimum" in schema:
        limits.append(f"from {schema['minimum']}")
    if "maximum" in schema:
        limits.append(f"to {schema['maximum']}")
    return " ".join([kind, *limits])


def operations(schema):
    """[(tag, [operation, ...]), ...] in the schema's order."""
    groups = {}
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _type_of(parameter.get("schema", {})),
                    "description": parameter.get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ]
            groups.setdefault(operation.get("tags", ["api"])[0], []).append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": [
                        (code, response.get("description", ""))
                        for code, response in sorted(
                            operation.get("responses", {}).items()
                        )
                    ],
                }
            )
    return list(groups.items())


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        # The schema is the API's contract, in English like its field names;
        # the page around it is in the visitor's language and marks the
        # schema's own texts lang="en".
        with translation.override("en"):
            schema = SchemaGenerator().get_schema(request=None, public=True)
        in_english = translation.get_language() == "en"
        return super().get_context_data(
            info=schema.get("info", {}),
            schema_text_attributes=""
            if in_english
            else mark_safe(' lang="en" dir="ltr"'),
            groups=operations(schema),
            breadcrumbs=[
                (_("Home"), reverse("practices:home")),
                (_("API documentation"), None),
            ],
            **kwargs,
        )
