"""Downloads of one practice's citation."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from practices.models import Practice
from practices.open_data import citations

CITATION_FORMATS = {
    "bib": (citations.bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (citations.ris, "application/x-research-info-systems; charset=utf-8"),
}


def practice_citation(request, slug, fmt):
    """Download a citation of a published practice (BibTeX or RIS)."""
    practice = get_object_or_404(
        Practice.objects.published()
        .select_related("source")
        .prefetch_related("themes"),
        slug=slug,
    )
    render, content_type = CITATION_FORMATS[fmt]
    text = render(practice, request.build_absolute_uri(practice.get_absolute_url()))
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{practice.slug}.{fmt}"'
    return response
