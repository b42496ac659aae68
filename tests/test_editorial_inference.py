"""What visitors, curators and machines see of what the report does not say:
practices whose location the report does not state, and values the editors
inferred."""

import pytest
from django.core.management import call_command

from practices.models import Institution, Practice
from tests.factories import CountryFactory, InstitutionFactory, PracticeFactory

pytestmark = pytest.mark.django_db

NOT_STATED = "Location not stated in the source"
# The report's practices with no country and no scope.
NO_PLACE = {
    "pset-cloud-interoperable-data-systems",
    "thinglink-virtual-course-entrepreneurship",
    "unevoc-trends-mapping-innovation-tvet",
    "wsi-hp-bechangemaker",
}


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def facts(html):
    """The facts list at the top of a practice or institution page."""
    return html.split('<dl class="facts">')[1].split("</dl>")[0]


def listed_slugs(client, **params):
    data = client.get("/api/practices/", {"page_size": 100, **params}).json()
    return {practice["slug"] for practice in data["results"]}


@pytest.mark.usefixtures("seeded")
def test_a_visitor_sees_where_the_report_gives_no_place_and_can_filter_for_it(
    client,
):
    html = page(client, "/practices/", q="PSET")
    assert NOT_STATED in html
    assert "International" not in html.split('class="cards')[1]

    html = facts(page(client, "/practices/pset-cloud-interoperable-data-systems/"))
    assert NOT_STATED in html
    assert "International" not in html

    listed = page(client, "/practices/", region="not-stated")
    for practice in Practice.objects.filter(slug__in=NO_PLACE):
        assert practice.get_absolute_url() in listed
    assert "/practices/ilo-skills-innovation-facility/" not in listed
    assert f'{NOT_STATED} <span class="count">({len(NO_PLACE)})</span>' in page(
        client, "/practices/"
    )


@pytest.mark.usefixtures("seeded")
def test_a_practice_with_an_international_scope_still_says_so(client):
    html = facts(page(client, "/practices/ilo-skills-innovation-facility/"))
    assert "International" in html
    assert NOT_STATED not in html


@pytest.mark.usefixtures("seeded")
def test_location_not_stated_combines_with_other_regions_and_filters(client):
    assert listed_slugs(client, region="not-stated") == NO_PLACE
    either = listed_slugs(client, region=["not-stated", "latin-america-caribbean"])
    assert NO_PLACE.issubset(either)
    assert "flatfish-case" in either
    assert listed_slugs(
        client, region="not-stated", theme="image-of-tvet-skills-competitions"
    ) == {"wsi-hp-bechangemaker"}


def test_a_practice_given_a_country_or_a_scope_leaves_the_not_stated_list(client):
    placed = PracticeFactory(scope="", countries=[CountryFactory(code="FI")])
    scoped = PracticeFactory(scope="regional")
    unplaced = PracticeFactory(scope="")
    PracticeFactory(scope="", status="draft")

    assert listed_slugs(client, region="not-stated") == {unplaced.slug}
    assert placed.slug not in listed_slugs(client, region="not-stated")
    assert scoped.slug not in listed_slugs(client, region="not-stated")


@pytest.mark.usefixtures("seeded")
def test_a_visitor_is_told_what_the_editors_inferred(client):
    html = page(client, "/practices/flatfish-case/")
    assert "Not stated in the source, inferred by the editors: countries." in html
    assert "Country inferred from general knowledge of SENAI-CIMATEC" in html

    html = page(client, "/institutions/fundacion-paraguaya/")
    assert "inferred by the editors: kind, country." in html
    assert "Country inferred from the foundation" in html

    html = page(client, "/institutions/hk-denmark/")
    assert "Trade union" in html
    assert "HK is a Danish trade union" in html

    # Nothing inferred, nothing said.
    html = page(client, "/practices/viken-academy-4-0/")
    assert "editorial-note" not in html


@pytest.mark.usefixtures("seeded")
def test_the_report_says_only_what_it_says_on_the_corrected_practices(client):
    html = page(client, "/practices/wsi-hp-bechangemaker/")
    assert "HP" not in html.replace("WSI-HP", "")
    assert "Presenter" in html
    assert not Institution.objects.filter(slug="hp").exists()
    wsi_hp = Practice.objects.get(slug="wsi-hp-bechangemaker")
    assert [t.slug for t in wsi_hp.themes.all()] == [
        "image-of-tvet-skills-competitions"
    ]

    quote = "Teachers need classrooms to teach"
    assert quote not in page(client, "/practices/temasek-co-design-learning-spaces/")
    assert quote in page(client, "/institutions/temasek-polytechnic/")
    cultural = "European innovative examples are embedded in cultural settings"
    for slug in (
        "european-forum-tvet-mobility-programmes",
        "ec-centres-of-vocational-excellence",
    ):
        assert cultural not in page(client, f"/practices/{slug}/")
    assert cultural in page(client, "/institutions/bmbf/")

    for slug, wrong, right in [
        ("european-forum-tvet-mobility-programmes", "one of two", "among the"),
        ("flatfish-case", "Because this real-world", "As the Flatfish combines"),
        ("oxygeni-us", "founded by Danish", "at the forefront of developing"),
        ("unevoc-i-hubs-framework", "help actors build", "platforms for engagement"),
        ("bilt-bridging-innovation-learning-tvet", "help actors build", "engagement"),
    ]:
        html = page(client, f"/practices/{slug}/")
        assert wrong not in html, slug
        assert right in html, slug


@pytest.mark.usefixtures("seeded")
def test_machines_get_the_inference_and_the_filter(client):
    flatfish = client.get("/api/practices/flatfish-case/").json()
    assert flatfish["inferred_fields"] == ["countries"]
    assert flatfish["editorial_note"].startswith("Country inferred")
    hk = client.get("/api/institutions/hk-denmark/").json()
    assert hk["kind"] == "trade-union"
    assert hk["inferred_fields"] == ["kind", "country"]
    assert client.get("/api/practices/", {"region": "nowhere"}).status_code == 400
    response = client.get("/practices.csv", {"region": "not-stated"})
    csv = b"".join(response.streaming_content).decode()
    assert "PSET CLOUD" in csv
    assert "Flatfish" not in csv


def test_a_curator_sets_and_clears_the_note(staff_client, client, change_form_data):
    institution = InstitutionFactory(slug="kb-college", name="KB College")
    url = f"/admin/practices/institution/{institution.pk}/change/"

    response = staff_client.post(
        url,
        change_form_data(
            staff_client.get(url),
            inferred_fields=["city"],
            editorial_note="City inferred from the college's address.",
        ),
    )
    assert response.status_code == 302
    html = page(client, "/institutions/kb-college/")
    assert "inferred by the editors: city." in html
    assert "City inferred from the college&#x27;s address." in html

    response = staff_client.post(
        url, change_form_data(staff_client.get(url), editorial_note="")
    )
    assert response.status_code == 302
    data = change_form_data(staff_client.get(url), editorial_note="")
    data.pop("inferred_fields")  # every box unticked: the browser sends nothing
    assert staff_client.post(url, data).status_code == 302
    institution.refresh_from_db()
    assert institution.inferred_fields == []
    assert institution.editorial_note == ""
    assert "editorial-note" not in page(client, "/institutions/kb-college/")


def test_a_curator_marks_a_practice_s_scope_as_inferred(
    staff_client, client, change_form_data
):
    practice = PracticeFactory(slug="scoped", scope="international")
    url = f"/admin/practices/practice/{practice.pk}/change/"
    response = staff_client.post(
        url, change_form_data(staff_client.get(url), inferred_fields=["scope"])
    )
    assert response.status_code == 302
    assert "inferred by the editors: scope." in page(client, "/practices/scoped/")
    assert client.get("/api/practices/scoped/").json()["inferred_fields"] == ["scope"]


def test_an_unknown_inferred_field_is_refused():
    from django.core.exceptions import ValidationError

    practice = PracticeFactory.build(inferred_fields=["title"])
    with pytest.raises(ValidationError, match="title"):
        practice.full_clean(exclude=["source", "slug"])


def test_seeding_an_empty_knowledge_base_gives_the_corrected_content():
    call_command("seed", verbosity=0)
    co_design = Practice.objects.get(slug="temasek-co-design-learning-spaces")
    assert "Teachers need classrooms" not in co_design.summary
    assert Practice.objects.get(slug="flatfish-case").inferred_fields == ["countries"]
    assert Institution.objects.get(slug="hk-denmark").kind == "trade-union"
