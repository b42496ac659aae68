"""schema.org descriptions (JSON-LD) of practices and institutions, for search
engines and other machines reading the pages."""

from django.utils import translation

from practices.content_languages import ORIGINAL_LANGUAGE, shown_language
from practices.open_data.licence import content_licence

ORGANIZATION_TYPES = {
    "tvet-institution": "EducationalOrganization",
    "government": "GovernmentOrganization",
    "company": "Corporation",
    "ngo": "NGO",
    "research": "ResearchOrganization",
}


def _absolute(request, path):
    return request.build_absolute_uri(path)


def institution_data(institution, request):
    data = {
        "@context": "https://schema.org",
        "@type": ORGANIZATION_TYPES.get(institution.kind, "Organization"),
        "name": institution.name,
        "url": _absolute(request, institution.get_absolute_url()),
    }
    if institution.description:
        data["description"] = institution.description
    if institution.website:
        data["sameAs"] = institution.website
    if institution.country_id:
        address = {"@type": "PostalAddress", "addressCountry": institution.country_id}
        if institution.city:
            address["addressLocality"] = institution.city
        data["address"] = address
    return data


def practice_data(practice, request):
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": practice.title,
        "description": practice.summary,
        "url": _absolute(request, practice.get_absolute_url()),
        "inLanguage": shown_language(practice, "title"),
        "keywords": [theme.name for theme in practice.themes.all()],
        "about": [theme.name for theme in practice.themes.all()],
        "spatialCoverage": [
            {"@type": "Country", "name": country.name, "identifier": country.code}
            for country in practice.countries.all()
        ],
        "contributor": [
            {
                "@type": ORGANIZATION_TYPES.get(i.institution.kind, "Organization"),
                "name": i.institution.name,
                "url": _absolute(request, i.institution.get_absolute_url()),
            }
            for i in practice.involvements.all()
        ],
        "dateModified": practice.updated_at.isoformat(),
    }
    if practice.published_at:
        data["datePublished"] = practice.published_at.isoformat()
    if practice.source:
        based_on = {"@type": "CreativeWork", "name": practice.source.title}
        if practice.source.publisher:
            based_on["publisher"] = {
                "@type": "Organization",
                "name": practice.source.publisher,
            }
        if practice.source.url:
            based_on["url"] = practice.source.url
        data["isBasedOn"] = based_on
    if data["inLanguage"] != ORIGINAL_LANGUAGE:
        with translation.override(ORIGINAL_LANGUAGE):
            original_url = practice.get_absolute_url()
        data["translationOfWork"] = {
            "@type": "CreativeWork",
            "url": _absolute(request, original_url),
            "inLanguage": ORIGINAL_LANGUAGE,
        }
    if licence := content_licence():
        data["license"] = licence["url"] or licence["name"]
    return data
